"""`check`: is a hand-written backprop right, which loss does it follow, and what does it do?

    import xorgrad
    result = xorgrad.check("examples/question.py:gradients")    # or xorgrad.check(my_function)
    result.ok, result.loss, result.hints
    print(result.report())

The function under test is a learner's gradient `FUNC(w1, b1, w2, b2, X, Y)` or training step
`FUNC(w1, b1, w2, b2, X, Y, lr)` (either without biases: `FUNC(w1, w2, X, Y[, lr])`) of a 2-h-1
net (sigmoid, tanh or ReLU hidden units; a sigmoid or linear output), in the question's column
layout (X (2, m)), one sample per row (X (m, 2)), or with its biases packed another way
(layout.Packing). One verdict reads top to bottom through these modules:

    check() -> _check() here: the settings, the form (probe.detect; the layout and packing found
        by calling), the points; then _judge_form -> _judge_once for each net it may be
    learner.py    the one loader and the one parser of what the learner returns (parse_returned);
                  parent_side.py starts the child process and holds it to its limits;
                  child_side.py runs its code there, each call timed, its output capped
    probe.py      what its function does at each point (the gradient it returns, or its step's)
    losses.py     the reference: nets, losses, known mistakes, the points; Target, the one record
                  of what a gradient is judged against
    verdict.py    judge(): the target, the per-parameter table, the loss, sign and factor each
                  parameter follows, and the causes in words
    stages.py     the stage reading: the learner's backward pass read stage by stage (two calls
                  at one point, how a step uses lr, dL/dz2 per sample, the hidden derivative),
                  heard by the verdict where it finds no pattern or names a symptom
    consequence.py  training with the learner's real update (layout.py: to and from its arrays;
                  result.py, display.py and curves.py: the report as text, JSON, HTML, curves)

The options travel as one record (Job) through _check's steps: the settings and form,
_read_init, the layout, _judge_form (-> _judge_once -> verdict.judge), _try_packings, _finish
(the seeding question, the stage reading, the training run).

The library never prints: `report()` returns the text the `check` command prints.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from ..contract import GATES, check_data, check_training, init_params
from ..errors import CheckInputError, ContractError
from .parent_side import (DEFAULT_TIMEOUT, Child, LearnerFault, learner_raised, raised_by_learner,
                          shorten)
from .consequence import consequence_of
from .layout import data_from_learner, fits, from_learner, packings, to_learner
from .learner import (_label, call_learner, learner_settings, load_function, parse_returned,
                      parse_spec, settings_of)
from .losses import ACTS, ALIASES, NAMED, OUTPUTS, SIGMOID, Arch, check_points, make_point
from . import stages
from .probe import (GOOD_REL, STEP_PROBE, _items, _unpack, call, detect, probe_grad, probe_step,
                    tolerance)
from .result import CheckResult
from .verdict import judge

__all__ = ["check", "check_points", "load_function", "settings_of", "call_learner", "CheckResult",
           "CheckInputError", "GOOD_REL"]

LAYOUTS = ("columns", "rows")
UPDATES = ("subtract", "add")


def check(func, X=None, Y=None, *, seed=None, scale=None, lr=None, steps=None, consequence=True,
          layout=None, kind=None, hidden=None, loss=None, cost=None, update=None,
          timeout=DEFAULT_TIMEOUT, progress=None) -> CheckResult:
    """Check a learner's gradient or training step; `func` is a callable or 'FILE.py:FUNC'.

    seed, scale, lr, steps, hidden: the learner's settings (None: the file's SEED, INIT_SCALE,
    LR, STEPS, HIDDEN, else the defaults; INIT() in the file gives the start). layout: 'columns'
    or 'rows' (None: found by calling). kind: 'grad' or 'step' (None: 'step' when the last
    argument is lr). loss: demand one named loss (bce_mean, bce_sum, se_mean, se_half_sum,
    se_sum; 'bce', 'mse' for the means). cost: 'FILE.py:FUNC', the learner's own cost (None:
    COST in the file). update: 'subtract' or 'add', how the learner applies a gradient.
    timeout: seconds for each call of the learner's code. progress(steps, None): called as the
    training runs with the learner's code go on (the command line draws a bar with it). Raises
    CheckInputError for input that cannot be checked, and for learner code that raises, exits,
    crashes or hangs.
    """
    label = _label(func)
    if isinstance(func, str):
        parse_spec(func)
    elif not callable(func):
        raise CheckInputError(f"check needs a function or 'FILE.py:FUNC', got {type(func).__name__}")
    for name, val, allowed in (("layout", layout, LAYOUTS), ("kind", kind, ("grad", "step")),
                               ("update", update, UPDATES)):
        if val is not None and val not in allowed:
            raise CheckInputError(f"{name} must be one of {', '.join(allowed)}, got {val!r}")
    if loss is not None:
        loss = ALIASES.get(loss, loss)
        if loss not in NAMED:
            raise CheckInputError(f"unknown loss {loss!r}: choose one of {', '.join(NAMED)}, bce, mse")
    if isinstance(cost, str):
        parse_spec(cost, "FILE.py:FUNC for the cost")
    elif cost is not None and not callable(cost):
        raise CheckInputError(f"cost must be a function or 'FILE.py:FUNC', got {type(cost).__name__}")
    if not (isinstance(timeout, (int, float)) and math.isfinite(timeout) and timeout > 0):
        raise CheckInputError(f"timeout must be a positive number of seconds, got {timeout!r}")
    data = X is not None or Y is not None
    try:
        X, Y = check_data(*data_from_learner(X, Y))
    except ContractError as e:
        raise CheckInputError(str(e)) from None
    with Child(func, label, timeout, progress) as child:
        try:
            result = _check(child, Job(label, X, Y, dict(seed=seed, scale=scale, lr=lr,
                                                          steps=steps, hidden=hidden, data=data),
                                       layout, kind, loss, cost, update, consequence, timeout))
        except CheckInputError as e:
            out = child.output().strip()
            if out and "last printed line" not in str(e) and not isinstance(e, LearnerFault):
                e.args = (f"{e.args[0]}; its last printed line: {out.splitlines()[-1][:120]!r}",)
            raise e.with_traceback(None)   # the caller's line, not the checker's frames
        result.learner_output = shorten(child.output())
        return result


def _settings(found, given):
    s = learner_settings(found, given["seed"], given["scale"], given["lr"], given["steps"])
    s["hidden"] = given["hidden"] if given["hidden"] is not None else found.get("hidden")
    for key, allowed in (("activation", ACTS), ("output", OUTPUTS)):
        val = found.get(key)
        if val is not None and str(val).lower() not in allowed:
            raise CheckInputError(f"bad settings: {key.upper()} must be one of "
                                  f"{', '.join(allowed)}, got {val!r}")
        s[key] = None if val is None else str(val).lower()
    try:
        s["steps"], s["lr"] = check_training(s["steps"], s["lr"])
        init_params(s["seed"], s["scale"], s["hidden"] or 2)
    except ContractError as e:
        raise CheckInputError(f"bad settings: {e}") from None
    if s["lr"] <= 0:
        raise CheckInputError(f"bad settings: lr must be positive, got {s['lr']:g} (a learning "
                              f"rate below 0 climbs any loss; write the sign in your update)")
    return s


def _init_items(raw):
    """INIT()'s result (w1, b1, w2, b2), (w1, b1, w2), (w1, w2) or a dict of them, read by
    learner.parse_returned as float64 arrays by name (and 'seq': them in the order given)."""
    kind, val = raw[0], raw[1]
    if kind == "seq":
        names = {4: ["w1", "b1", "w2", "b2"], 3: ["w1", "b1", "w2"], 2: ["w1", "w2"]}.get(len(val))
    else:
        names = [k for k in ("w1", "b1", "w2", "b2") if kind == "dict" and k in map(str.lower, val)]
        val = {str(k).lower(): v for k, v in val.items()} if kind == "dict" else val
    if not names or "w1" not in names:
        raise CheckInputError("INIT() must return (w1, b1, w2, b2), (w1, w2) or a dict of them")
    try:
        items = parse_returned((kind, val), names, "step", "INIT()")
    except CheckInputError:
        raise CheckInputError("INIT() must return arrays of numbers: (w1, b1, w2, b2) or (w1, w2)") from None
    out = {k: np.asarray(v, dtype=np.float64) for k, v in items.items()}
    out["seq"] = [out[k] for k in names]
    return out


def _choose_layout(child, form, at, hint):
    """Call the function in both layouts at the start, at = (p0, X, Y); the one whose call
    works and whose results fit the parameters' shapes is the learner's."""
    tries, label = {}, child.label
    for lay in LAYOUTS:
        f = dataclasses.replace(form, layout=lay)
        try:
            lr = 1e-3 if f.kind == "step" else None
            out = call(child, f, at, "your start", lr)
        except LearnerFault:
            raise
        except CheckInputError as e:
            tries[lay] = (False, e)
            continue
        try:
            items = _items(out, f, label, "your start")
            tries[lay] = (all(fits(f, k, a) for k, a in items.items()), None)
        except CheckInputError:
            tries[lay] = (False, None)   # it ran: what it returned is reported later
    fitting = [lay for lay in LAYOUTS if tries[lay][0]]
    if len(fitting) == 1:
        return fitting[0]
    if len(fitting) == 2:
        if hint:
            return hint
        raise CheckInputError(f"{label} works in both the column layout (X (2, m)) and the row "
                              f"layout (X (m, 2)); say which with layout='columns' or layout='rows'")
    ran = [lay for lay in LAYOUTS if tries[lay][1] is None]
    if ran:   # it ran in this layout; what it returned is reported by the probe
        return hint if hint in ran else ran[0]
    if hint in LAYOUTS:
        raise tries[hint][1] or CheckInputError(f"{label} cannot be called")
    e1, e2 = tries["columns"][1], tries["rows"][1]
    if getattr(e1, "trace", None) is not None and getattr(e2, "trace", None) is not None:
        other = str(e2).split(" raised ", 1)[-1].split(":", 1)[0]   # both its code's errors
        raise learner_raised(f"{e1} (X (2, m); with X (m, 2): {other})", e1.trace)
    raise CheckInputError(f"{e1} (column layout, X (2, m)); with one sample per row (X (m, 2)) it "
                          f"{str(e2).replace(label + ' ', '', 1)}" if e1 and e2 else str(e1 or e2))


@dataclasses.dataclass(frozen=True)
class Job:
    """One check's options as given, and (once read) what the learner's file says: they travel
    through the pipeline as this one record."""

    label: str
    X: np.ndarray
    Y: np.ndarray
    given: dict                   # seed, scale, lr, steps, hidden; data: X or Y given
    layout: str | None
    kind: str | None
    loss: str | None
    cost: object
    update: str | None
    consequence: bool
    timeout: float
    info: dict | None = None      # what the file says (learner.read_settings), once asked
    s: dict | None = None         # the settings the run uses (_settings)


def _check(child, job):
    label, X, Y, given, layout, kind, loss, update, timeout = (
        job.label, job.X, job.Y, job.given, job.layout, job.kind, job.loss, job.update, job.timeout)
    info = child.ask(("info",), "the start", max(timeout, 30.0))
    s = _settings(info["settings"], given)
    X, Y, labels = (X, Y, None) if given["data"] else _file_labels(info.get("labels"), X, Y)
    if update is None and "update" in info["settings"]:
        update = info["settings"]["update"]
        if update not in UPDATES:
            raise CheckInputError(f"bad settings: UPDATE must be 'subtract' or 'add', got {update!r}")
    if s["output"] == "linear" and loss is not None and NAMED[loss][0] == "bce":
        raise CheckInputError(f"the {NAMED[loss][2]} needs an output in (0, 1); with OUTPUT = "
                              f"'linear' check offers the squared errors (se_mean, se_half_sum, ...)")
    form = detect(info, layout, kind, s["hidden"], label)
    job = dataclasses.replace(job, X=X, Y=Y, update=update, info=info, s=s)
    init, hint, raw_init, start = _read_init(child, form, job)
    p0 = start if start is not None else init_params(s["seed"], s["scale"], form.hidden)
    plain_error = None
    if form.packing is None and raw_init is None:
        try:
            if layout is None:
                form.layout = _choose_layout(child, form, (p0, X, Y), hint)
        except LearnerFault:
            raise
        except CheckInputError as e:
            plain_error = e
    else:
        plain_error = CheckInputError("packed")
    if plain_error is None and layout is None:
        if start is not None and hint is None and form.layout == "rows":
            start = {k: from_learner(form, k, init[k]) for k in form.names}
            start.setdefault("b1", np.zeros((form.hidden, 1)))
            start.setdefault("b2", np.zeros((1, 1)))
    if form.layout == "columns":
        form.bias_shapes = {}
    result = None
    if plain_error is None:
        result = _judge_form(child, form, job, start)
    if result is None or not result.ok:   # the learner's arrays may pack the net another way
        result, form, start = _try_packings(child, form, job, (result, start, raw_init, p0,
                                                               plain_error))
    s["hidden"] = form.hidden
    if getattr(result, "forward_error", None) is not None:
        raise result.forward_error
    result = _finish(child, form, job, result, start)
    return _name_labels(result, labels, Y)


def _read_init(child, form, job):
    """INIT() in the learner's file, read: (its arrays by name, the layout they hint at, the raw
    arrays of a packed net to unpack once its packing is known, the start in the column layout)."""
    info, s, label, layout = job.info, job.s, job.label, job.layout
    init, hint, raw_init = None, None, None
    if info["has_init"]:
        init = _init_items(child.ask(("init",), "INIT()"))
        w1 = init["w1"]
        if form.packing is not None or (w1.ndim == 2 and 2 not in w1.shape) or \
                ("b1" not in init and not form.biases and w1.ndim == 2 and w1.shape[0] == 3):
            raw_init, init = init, None     # a packed net: read once its packing is known
            if s["hidden"] is None:   # b1 holds one entry per hidden unit; w1 (3, h) may be stacked
                form.hidden = int(raw_init["b1"].size if "b1" in raw_init else
                                  w1.shape[1] if w1.shape[0] in (2, 3) else w1.shape[0])
    if init is not None:
        if w1.ndim != 2 or 2 not in w1.shape:
            raise CheckInputError(f"INIT() returned w1 of shape {w1.shape}; expected (h, 2) or (2, h)")
        h = w1.shape[0] if w1.shape[1] == 2 else w1.shape[1]
        hint = "columns" if w1.shape[1] == 2 and w1.shape[0] != 2 else \
            "rows" if w1.shape[0] == 2 and w1.shape[1] != 2 else None
        if "b1" in init:
            hint = hint or ("columns" if init["b1"].shape == (h, 1) else "rows")
        if s["hidden"] is None:
            form.hidden = h
    form.hidden = form.hidden if s["hidden"] is None else int(s["hidden"])
    if init is not None:
        for k in ("b1", "b2"):
            if k in init and form.biases:
                form.bias_shapes[k] = init[k].shape
    s["hidden"] = form.hidden
    start = None
    if init is not None:
        missing = [k for k in form.names if k not in init]
        if missing:
            raise CheckInputError(f"INIT() returned no {', '.join(missing)}; {label} takes "
                                  f"{', '.join(form.names)}")
        start_form = dataclasses.replace(form, layout=layout or hint or "columns")
        try:
            start = {k: from_learner(start_form, k, init[k]) for k in form.names}
        except ValueError:
            raise CheckInputError(f"INIT() returned shapes {[tuple(init[k].shape) for k in form.names]} "
                                  f"that do not fit {form.hidden} hidden units") from None
        start.setdefault("b1", np.zeros((form.hidden, 1)))
        start.setdefault("b2", np.zeros((1, 1)))
        h = form.hidden
        col = {"w1": (h, 2), "b1": (h, 1), "w2": (1, h), "b2": (1, 1)}
        if any(v.shape != col[k] for k, v in start.items()):   # (out, in) weights, say
            raw_init, init, start = init, None, None
    return init, hint, raw_init, start


def _try_packings(child, form, job, found):
    """The learner's arrays packed another way (biases folded in, (out, in) weights...): each
    packing judged; the best (result, form, start). found: what the plain form gave."""
    result, start, raw_init, p0, plain_error = found
    s, X, Y, label = job.s, job.X, job.Y, job.label
    tried, shapes = [], None
    for pk in packings(len(form.arg_names) if form.packing is None else len(form.packing.args)):
        f = dataclasses.replace(form, layout=pk.layout, packing=pk, bias_shapes={},
                                low_dtypes=set())
        if pk.short(f.hidden) not in tried:
            tried.append(pk.short(f.hidden))
        try:
            st = pk.unpack(dict(zip(pk.args, raw_init["seq"])), f.hidden) \
                if raw_init is not None else start
        except (ValueError, KeyError):
            continue
        q0 = st if st is not None else init_params(s["seed"], s["scale"], f.hidden)
        try:
            out = call(child, f, (q0, X, Y), "your start", STEP_PROBE if f.kind == "step" else None)
            got = _items(out, f, label, "your start")
            shapes = shapes or [tuple(np.shape(a)) for a in got.values()]
            pk.unpack(got, f.hidden)
        except LearnerFault:
            raise
        except (CheckInputError, ValueError):
            continue
        r = _judge_form(child, f, job, st)
        if result is None or _score(r) > _score(result):
            result, form, start = r, f, st
        if r.ok:
            break
    if result is None:
        if raised_by_learner(plain_error):   # its code's own error: that is the news
            raise plain_error
        sent = [tuple(np.shape(a)) for a in to_learner(form, p0)] if raw_init is None else \
            [tuple(np.shape(a)) for a in raw_init["seq"]]
        first = "" if plain_error is None or str(plain_error) == "packed" else \
            f"{plain_error}; "
        raise CheckInputError(
            f"{first}{label} fits none of the forms check knows: it was given parameter "
            f"arrays of shapes {sent}" + (f" and returned {shapes}" if shapes else "") +
            f"; tried: {', '.join(form.names)} one for one in columns or rows; " +
            "; ".join(tried) + " (ones and bias rows last or first)")
    return result, form, start


def _finish(child, form, job, result, start):
    """After the verdict: whether a random file seeds itself, the stage reading, and the
    training run with the learner's update."""
    s, X, Y, label, timeout, cost = job.s, job.X, job.Y, job.label, job.timeout, job.cost
    if form.random and ":" in label and label.rsplit(":", 1)[0].endswith(".py"):
        p = start if start is not None else init_params(s["seed"], s["scale"], form.hidden)
        form.seeded = _seeded(label, form, p, X, Y, timeout)
        result.notes.append(
            "your file seeds its generator: two fresh runs of it take the same random steps, so "
            "your script repeats itself" if form.seeded else
            "two fresh runs of your file take different random steps: its generator"
            f"{_seed_advice(form)} is not seeded ({_seed_advice(form, True)}, say, makes your "
            f"runs repeatable)")
    result = _read_stages(child, form, label, result, (named_points(result, start, s), X, Y))
    if job.consequence:
        if "state" in getattr(result.stages.get("calls"), "measured", {}) and ":" in label:
            with Child(label, label, timeout) as fresh:   # its state as a fresh run has it
                result.consequence = consequence_of(fresh, form, result, job, start)
        elif cost is not None and result.target.family == "own":
            with Child(cost, _label(cost), timeout) as cchild:
                result.consequence = consequence_of(child, form, result, job, start, cchild)
        else:
            result.consequence = consequence_of(child, form, result, job, start)
        result.hints += result.consequence.text
        from ..why.check_section import section      # why a right gradient does not learn
        result.why = section(child, form, result, s, start, (X, Y))
    return result


def _score(r):
    return (r.ok, sum(v["kind"] == "exact" for v in r.per_param.values()),
            sum(v["kind"] in ("mutant", "y_parts", "transposed") for v in r.per_param.values()))


def _judge_form(child, form, job, start):
    """Probe the learner's function in one form at every point and judge it against each net
    (hidden activation) it may be; the best fit's result."""
    s, X, Y, label = job.s, job.X, job.Y, job.label
    named_pts = check_points(s["seed"], s["scale"], form.hidden, start, form.names)
    points = [make_point(name, p, X, Y) for name, p in named_pts]
    form.random = None
    r = _judge_once(child, form, job, named_pts, points)
    if r.ok:       # a right deterministic answer: no calls spent on asking whether it is random
        return r
    try:
        calls = stages.read_calls(_view(child, form, label, r), points[0].params, X, Y,
                                  stages.H if form.kind == "step" else None)
    except (LearnerFault, stages.OutOfScope):
        raise
    except (CheckInputError, ValueError):   # what it returns does not fit: judged as it is
        calls = stages.Stage("calls", True, "not read", {"random": None})
    form.random = calls.measured.get("random")
    form.generator = calls.measured.get("generator")
    if form.random:
        form.low_dtypes = set()
        r = _judge_once(child, form, job, named_pts, points)
    r.calls = calls
    return r


def _judge_once(child, form, job, named_pts, points):
    """The learner's function probed at every point and judged against each net it may be
    (FORWARD in its file, else the settings, else every net check knows): the best fit."""
    tols = [tolerance(form, pt.params, pt.scale) for pt in points]
    users, second, draws = _probe_all(child, form, job, points, tols)
    if form.low_dtypes:   # float32 answers: judged, and their loss named, at float32's precision
        tols = [tolerance(form, pt.params, pt.scale, low_precision=True) for pt in points]
    nets = _nets(job, named_pts)
    fwd_error = None
    if job.info.get("has_forward"):   # the learner's FORWARD says which net it is
        try:
            nets = _forward_nets(child, form, named_pts, job.X, job.Y, nets)
        except LearnerFault:
            raise
        except CheckInputError as e:   # kept: another form of its arrays may fit
            fwd_error = e
    own = _own_cost(child, form, points, job, nets)
    result = _best_net(form, job, nets, named_pts, (points, users, second, tols, own), draws)
    result.forward_error = fwd_error
    _net_notes(form, job, result, own, draws is not None)
    return result


def _probe_all(child, form, job, points, tols):
    """(the learner's gradient at each point, a step's second-order terms, and for a random
    function its draws under DRAWS seeds at each point, or None where they agree)."""
    X, Y = job.X, job.Y

    def probe(pt, seed=None):
        where = f"the point '{pt.name}'"
        if form.kind == "step":
            return probe_step(child, form, (pt.params, X, Y), where, seed)
        return probe_grad(child, form, (pt.params, X, Y), where, seed), None
    users, second = map(list, zip(*[probe(pt) for pt in points]))
    draws = None
    if form.random:   # the same point under other seeds: does the gradient followed change?
        draws = [[users[i]] + [probe(pt, seed)[0] for seed in range(1, DRAWS)]
                 for i, pt in enumerate(points)]
        if all(all(_same_draw(d, ds[0], t) for d in ds[1:]) for ds, t in zip(draws, tols)):
            draws = None      # a shuffled pass: its order changes only the higher terms in lr
    return users, second, draws


def _nets(job, named_pts):
    """The nets the settings allow (every one check knows where they say nothing)."""
    s, loss, X = job.s, job.loss, job.X
    acts = [s["activation"]] if s.get("activation") else list(ACTS)
    outs = [s["output"]] if s.get("output") else \
        ["sigmoid"] if loss is not None and NAMED[loss][0] == "bce" else list(OUTPUTS)
    # ReLU has no derivative at z1 = 0: where a point has a z1 exactly 0, both 0 and 1 are tried
    kink = any(np.any(p["w1"] @ X + p["b1"] == 0) for _, p in named_pts)
    return [Arch(a, o, at0) for o in outs for a in acts
            for at0 in ((0.0, 1.0) if a == "relu" and kink else (0.0,))]


def _best_net(form, job, nets, named_pts, probed, draws):
    """The verdict against the net whose gradient fits best (form.net is set to it). probed:
    (the points, the learner's answers, a step's second-order terms, tolerances, own cost)."""
    points, users, second, tols, own = probed
    X, Y = job.X, job.Y
    best = None
    for net in nets:   # the net judged against: the one whose gradient fits exactly
        if own is not None and own["names"] and net not in own["names"]:
            continue       # the learner's own cost already says which net it is
        pts = points if net == SIGMOID else [make_point(n, p, X, Y, net) for n, p in named_pts]
        if own is not None and own.get("refs") is not None:
            for pt, ref in zip(pts, own["refs"]):
                pt.cands[("own", "ok", "ok", "a1")] = ref
        if own is not None:
            own["name"] = own["names"].get(net)
        form.net = net
        us, noise = [dict(u) for u in users], None
        if draws is not None:   # one random sample per update: judged by its expectation
            got = _expectation(draws, pts, X, Y, net, tols)
            if got is not None:
                us, noise = got
        r = judge(job, form, (pts, us, second, tols, own))
        r.noise = noise
        score = _score(r)
        if best is None or score > best[0]:
            best = (score, net, r)
        if r.ok or score[1] == len(r.per_param):   # right, or every parameter fits exactly:
            break      # two nets' gradients never agree at every point (nor up to a factor):
                       # no other net is right too, nor fits more parameters exactly
    _, form.net, result = best
    return result


def _net_notes(form, job, result, own, one_sample):
    """The notes on the net judged against: FORWARD's net, ReLU's kink, randomness, own cost."""
    if job.info.get("has_forward") and result.forward_error is None:
        result.notes.append(f"the net your FORWARD computes: {form.net.words(form.hidden)} "
                            f"(its output equals that net's at every point)")
    if form.net.at0:
        result.notes.append("your ReLU derivative is 1 where z1 is exactly 0 ((z >= 0), say), as "
                            "it is at some points here: ReLU has none there, 1 is as right as 0, "
                            "and check's reference takes yours")
    if form.random:
        result.notes.append(_random_words(form, one_sample, result.noise, job.X.shape[1]))
    if own is not None:
        own["name"] = own["names"].get(form.net)
        if own.get("approx") and own["name"]:
            result.notes.append(f"your cost is the {NAMED[own['name']][2]} to {own['approx']:.0e} "
                                f"(an epsilon inside the log, say); judged against that loss's exact "
                                f"gradient")


def _forward_nets(child, form, named_pts, X, Y, nets):
    """The nets whose output equals FORWARD's at every point: the learner's own forward pass
    defines the net; none of them is a one-line error."""
    from .layout import data_to_learner, to_learner
    from .losses import forward
    outs = child.ask(("forward", [to_learner(form, p) + data_to_learner(form, X, Y)[:1]
                                  for _, p in named_pts]), "FORWARD at the check points")
    fits = [net for net in nets if all(
        o.shape == (X.shape[1],) and np.allclose(o, forward(p, X, net)[3].ravel(), rtol=1e-8,
                                                 atol=1e-12) for o, (_, p) in zip(outs, named_pts))]
    if not fits:
        name, p = named_pts[0]
        for act in ACTS:   # a tanh output: one line, never a relabel
            if all(np.allclose(o, np.tanh(forward(q, X, Arch(act, "linear"))[2].ravel()),
                               rtol=1e-8, atol=1e-12) for o, (_, q) in zip(outs, named_pts)):
                raise stages.OutOfScope(
                    f"FORWARD in your file is a tanh output on {ACTS[act][2]} hidden units (its "
                    f"output is tanh(z2) at every point): check pairs its losses only with a "
                    f"sigmoid or a linear output, so it cannot judge this net")
        raise CheckInputError(
            f"FORWARD in your file is none of the nets check knows: at {name} it returned "
            f"{np.array2string(outs[0], precision=4)}; "
            + "; ".join(f"{n.words(form.hidden)} gives "
                        f"{np.array2string(forward(p, X, n)[3].ravel(), precision=4)}"
                        for n in nets if not n.at0))
    return fits


def _file_labels(rows, X, Y):
    """The learner's file's own labels (learner._labels) where they are not XOR's: (X, Y, their
    name: 'OR', ... or 'your labels'); else check's data and None."""
    if not rows:
        return X, Y, None
    table = {(a, b): y for a, b, y in rows}
    key = tuple(int(table.get((a, b), -1)) for a, b in ((0, 0), (0, 1), (1, 0), (1, 1)))
    if GATES.get(key) == "XOR":
        return X, Y, None
    Xf = np.array([[a for a, _, _ in rows], [b for _, b, _ in rows]], dtype=float)
    return Xf, np.array([[y for *_, y in rows]], dtype=float), GATES.get(key, "your labels")


def _name_labels(result, labels, Y):
    """Labels that are not XOR's: every 'learns XOR' says 'learns your labels (OR)' instead."""
    if labels is None:
        return result
    words = f"learns your labels ({labels})" if labels != "your labels" else "learns your labels"
    result.notes.insert(0, f"your file's labels are Y = {Y.astype(int).ravel().tolist()}"
                           f"{'' if labels == 'your labels' else f', {labels}'}, not XOR's: check "
                           f"judges and trains on them")
    fix = [lambda t: t.replace("learns XOR", words)]
    result.hints = [fix[0](t) for t in result.hints]
    if result.consequence is not None:
        result.consequence.text = [fix[0](t) for t in result.consequence.text]
    result.labels = labels
    return result


def _view(child, form, label, result):
    """The stage reading's way to the learner: column-layout parameters and data in, the
    column-layout gradient or new parameters out."""
    def ask(p, X, Y, lr=None, seed=None):
        items = _items(call(child, form, (p, X, Y), "the stage reading", lr, seed), form, label,
                       "the stage reading")
        if form.packing is not None:
            return _unpack(form, items, label, "the stage reading")
        return {k: from_learner(form, k, a) if fits(form, k, a) else a for k, a in items.items()}
    return stages.View(ask, form.kind, tuple(form.names), form.net, result.target)


def named_points(result, start, s):
    """The points the stage reading uses: the learner's start first, then check's others."""
    return [(name, p) for name, p in check_points(s["seed"], s["scale"], result.form.hidden,
                                                  start, result.form.names)]


def _read_stages(child, form, label, result, where):
    """The stage reading (stages.py), heard by the verdict where it speaks: always for a step
    (how it uses lr), for a gradient where the verdict is not ok."""
    calls = getattr(result, "calls", None)
    if result.ok and form.kind == "grad" and calls is None:
        result.stages = stages.Reading()
        return result
    try:
        reading = stages.read(_view(child, form, label, result), *where, calls)
    except (CheckInputError, ValueError) as e:   # its function cannot take one sample, say
        if isinstance(e, (LearnerFault, stages.OutOfScope)):
            raise
        result.stages = stages.Reading()
        return result
    return stages.speak(result, reading)


def _seeded(label, form, p, X, Y, timeout):
    """Whether a random learner's file seeds its generators: eight unseeded calls at one point,
    in each of two fresh imports of the file, give the same results in the same order (two
    unseeded runs of one random sample of four agree by chance 1 in 4^8)."""
    f = dataclasses.replace(form, random=None)
    lr = STEP_PROBE if f.kind == "step" else None
    runs = []
    for _ in range(2):
        with Child(label, label, timeout) as c:
            runs.append([parse_returned(call(c, f, (p, X, Y), "your start", lr), f.arg_names, f.kind,
                                        label, "your start") for _ in range(SEED_CALLS)])
    return all(np.array_equal(a[k], b[k], equal_nan=True)
               for a, b in zip(*runs) for k in a)


SEED_CALLS = 8   # calls in each fresh import when asking whether a random file seeds itself


DRAWS = 8   # seeds a random step is called with at each point


def _seed_advice(form, line=False):
    """The generator the learner's step draws from (stages.read_calls), or the line seeding it."""
    which = form.generator or "own"
    if line:
        return stages.GENERATORS[which][1]
    return "" if which == "own" else f" ({stages.GENERATORS[which][0]})"


def _same_draw(a, b, tol):
    from .verdict import close
    return all(k in b and a[k].shape == b[k].shape and close(a[k], b[k], tol) for k in a)


def _expectation(draws, points, X, Y, net, tols):
    """A step that uses one random sample per update: each draw, at each point, must be exactly
    c times one sample's gradient of one family (the same family and c throughout; for one
    sample BCE and squared error differ only by a constant, so all points decide). Returns (the
    expected gradient at each point: c/m times the full gradient, the draws' relative spread)."""
    from .verdict import close, fit_scalar
    from .losses import backprop
    m = X.shape[1]
    per = []
    for pt in points:
        v = pt.inter
        per.append({fam: [backprop(pt.params, X, v["a1"], v["z1"], v["dz2_" + fam] * (np.arange(m) == i),
                                   net=net) for i in range(m)] for fam in net.families})

    def fits(d, ref, c, tol):
        return all(close(d[k], c * ref[k], tol) for k in d)
    d0 = draws[0][0]
    keys = [(fam, c) for fam in per[0] for ref in per[0][fam]
            for c in [fit_scalar([d0[k] for k in d0], [ref[k] for k in d0])] if c]
    for fam, c in keys:
        if all(any(fits(d, ref, c, tol) for ref in refs[fam])
               for ds, refs, tol in zip(draws, per, tols) for d in ds):
            break
    else:
        return None
    out, spread = [], []
    for ds, refs in zip(draws, per):
        full = {k: c / m * sum(r[k] for r in refs[fam]) for k in ds[0]}
        out.append(full)
        flat = np.concatenate([v.ravel() for v in full.values()])
        dev = [np.concatenate([c * r[k].ravel() for k in full]) - flat for r in refs[fam]]
        if np.linalg.norm(flat) > 0:
            spread.append(float(np.sqrt(np.mean([np.vdot(x, x) for x in dev]))) / np.linalg.norm(flat))
    return out, (float(np.median(spread)) if spread else None)


def _random_words(form, one_sample, noise, m):
    what = "step" if form.kind == "step" else "gradient"
    head = (f"your {what} is random: two calls at the same point differ"
            + (f"; with {stages.GENERATORS[form.generator][0] if form.generator else 'every generator of yours'}"
               f" set from one seed they agree, so check judged it one seed at a time"
               if form.random == "seedable" else
               ", even with NumPy's and random's generators seeded: it makes its own unseeded "
               "generator; seed your shuffle to make runs repeatable"))
    if one_sample:
        return (head + f". Each update follows one random sample's gradient (each of {DRAWS} "
                f"draws at each point is exactly one sample's): judged by its expectation over "
                f"the {m} samples; one update strays from that by {noise:.0%} of its length "
                f"(median over the points)" if noise is not None else head)
    return head + (". The first-order part of your step (what check judges) is the same in every "
                   "order: only the higher terms in lr depend on the shuffle")


def _own_cost(child, form, points, job, nets=(SIGMOID,)):
    """The learner's own cost at every point, matched against the named losses of each net:
    {'names': {net: matched loss name}, 'values', 'where', 'approx', 'refs'} or None. A cost that
    matches a named loss only where the outputs are away from 0 and 1 (log(a + 1e-9), say) is
    that loss (approx: the relative tolerance it met). 'refs': its gradient by central
    differences, only when it matches no named loss of any net."""
    X, Y, cost, info = job.X, job.Y, job.cost, job.info
    if cost is None and not info["has_cost"]:
        return None
    from .layout import data_to_learner, to_learner
    from .losses import forward, loss_value
    args = [to_learner(form, pt.params) + data_to_learner(form, X, Y) for pt in points]
    vals = _ask_cost(child, job, args, " at the check points")
    where = "COST in your file" if cost is None else _label(cost)
    names, approx = {}, None
    for net in nets:
        offered = [name for name in NAMED if NAMED[name][0] in net.families]
        for name in offered:
            ref = [loss_value(name, pt.params, X, Y, net) for pt in points]
            if all(math.isfinite(v) and math.isclose(v, r, rel_tol=1e-8, abs_tol=1e-12)
                   for v, r in zip(vals, ref)):
                names[net] = name
                break
        else:   # well conditioned points only: every output at least 1e-3 from 0 and 1
            inner = [i for i, pt in enumerate(points)
                     if np.all(np.abs(forward(pt.params, X, net)[3] - 0.5) < 0.499)]
            for name in offered if len(inner) >= 3 else ():
                ref = [loss_value(name, points[i].params, X, Y, net) for i in inner]
                if all(math.isfinite(vals[i]) and math.isclose(vals[i], r, rel_tol=1e-5)
                       for i, r in zip(inner, ref)):
                    names[net], approx = name, 1e-5
                    break
    return {"names": names, "name": None, "values": vals, "where": where, "approx": approx,
            "refs": None if names else _cost_gradient(child, form, points, job)}


def _ask_cost(child, job, args, what):
    """The learner's cost at each of args: cost= in its own child, else COST in the file."""
    if job.cost is not None:
        with Child(job.cost, _label(job.cost), job.timeout) as cchild:
            return cchild.ask(("cost", args, True), "the cost" + what)
    return child.ask(("cost", args), "COST" + what)


def _cost_gradient(child, form, points, job):
    """The learner's own cost's gradient at each point by central differences, all in one
    request (for a cost that is none of the named losses)."""
    from ..tolerances import FD_STEP
    from .layout import data_to_learner, to_learner
    X, Y = job.X, job.Y
    plan, fd_args = [], []
    for i, pt in enumerate(points):
        for k in form.names:
            for idx in np.ndindex(pt.params[k].shape):
                step = FD_STEP * max(1.0, abs(float(pt.params[k][idx])))
                for sgn in (1, -1):
                    q = {n: v.copy() for n, v in pt.params.items()}
                    q[k][idx] += sgn * step
                    fd_args.append(to_learner(form, q) + data_to_learner(form, X, Y))
                plan.append((i, k, idx, step))
    fvals = _ask_cost(child, job, fd_args, "'s finite differences")
    refs = [{k: np.zeros_like(v) for k, v in pt.params.items()} for pt in points]
    for j, (i, k, idx, step) in enumerate(plan):
        refs[i][k][idx] = (fvals[2 * j] - fvals[2 * j + 1]) / (2 * step)
    return refs
