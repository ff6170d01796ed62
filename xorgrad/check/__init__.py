"""`check`: is a hand-written backprop right, which loss does it follow, and what does it do?

    import xorgrad
    result = xorgrad.check("examples/question.py:gradients")    # or xorgrad.check(my_function)
    result.ok, result.loss, result.hints
    print(result.report())

The function under test is a learner's gradient `FUNC(w1, b1, w2, b2, X, Y)` or training step
`FUNC(w1, b1, w2, b2, X, Y, lr)` (either without biases: `FUNC(w1, w2, X, Y[, lr])`) of a 2-h-1
sigmoid net, in the question's column layout (X (2, m)) or one sample per row (X (m, 2)). It runs
in a child process with a time limit on each call (child.py, runner.py). At several points (the
learner's start, the default start, random points, points near saturation) `check` reads off
the gradient each parameter follows (probe.py), recognises per parameter which loss (mean or
summed BCE, squared error in three normalisations) with which sign and constant, or which known
mistake (diagnose.py, explain.py), and trains with the learner's real update (consequence.py).

The library never prints: `report()` returns the text the `check` command prints.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from ..contract import check_data, check_training, init_params
from ..errors import CheckInputError, ContractError
from .bands import GOOD_REL
from .child import DEFAULT_TIMEOUT, Child, LearnerFault, shorten
from .consequence import consequence_of
from .explain import judge
from .layout import data_from_learner, fits, from_learner
from .learner import _label, call_learner, learner_settings, load_function, parse_spec, settings_of
from .losses import ALIASES, NAMED
from .points import check_points, make_point
from .probe import _items, call, detect, probe_grad, probe_step, tolerance
from .result import CheckResult

__all__ = ["check", "check_points", "load_function", "settings_of", "call_learner", "CheckResult",
           "CheckInputError", "GOOD_REL"]

LAYOUTS = ("columns", "rows")
UPDATES = ("subtract", "add")


def check(func, X=None, Y=None, *, seed=None, scale=None, lr=None, steps=None, consequence=True,
          layout=None, kind=None, hidden=None, loss=None, cost=None, update=None,
          timeout=DEFAULT_TIMEOUT) -> CheckResult:
    """Check a learner's gradient or training step; `func` is a callable or 'FILE.py:FUNC'.

    seed, scale, lr, steps, hidden: the learner's settings (None: the file's SEED, INIT_SCALE,
    LR, STEPS, HIDDEN, else the defaults; INIT() in the file gives the start). layout: 'columns'
    or 'rows' (None: found by calling). kind: 'grad' or 'step' (None: 'step' when the last
    argument is lr). loss: demand one named loss (bce_mean, bce_sum, se_mean, se_half_sum,
    se_sum; 'bce', 'mse' for the means). cost: 'FILE.py:FUNC', the learner's own cost (None:
    COST in the file). update: 'subtract' or 'add', how the learner applies a gradient.
    timeout: seconds for each call of the learner's code. Raises CheckInputError for input that
    cannot be checked, and for learner code that raises, exits, crashes or hangs.
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
    try:
        X, Y = check_data(*data_from_learner(X, Y))
    except ContractError as e:
        raise CheckInputError(str(e)) from None
    with Child(func, label, timeout) as child:
        try:
            result = _check(child, label, X, Y, dict(seed=seed, scale=scale, lr=lr, steps=steps,
                                                     hidden=hidden), layout, kind, loss, cost,
                            update, consequence, timeout)
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
    kind, val = raw
    if kind == "seq" and len(val) in (2, 4):
        names = ["w1", "b1", "w2", "b2"] if len(val) == 4 else ["w1", "w2"]
        items = dict(zip(names, val))
    elif kind == "dict":
        items = {k.lower(): v for k, v in val.items()}
    else:
        raise CheckInputError("INIT() must return (w1, b1, w2, b2), (w1, w2) or a dict of them")
    if not all(isinstance(v, np.ndarray) for v in items.values()) or "w1" not in items:
        raise CheckInputError("INIT() must return arrays of numbers: (w1, b1, w2, b2) or (w1, w2)")
    return {k: np.asarray(v, dtype=np.float64) for k, v in items.items()}


def _choose_layout(child, form, p0, X, Y, label, hint):
    """Call the function in both layouts at the start; the one whose call works and whose
    results fit the parameters' shapes is the learner's."""
    tries = {}
    for lay in LAYOUTS:
        f = dataclasses.replace(form, layout=lay)
        try:
            lr = 1e-3 if f.kind == "step" else None
            out = call(child, f, p0, X, Y, "your start", lr)
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
    raise CheckInputError(f"{e1} (column layout, X (2, m)); with one sample per row (X (m, 2)) it "
                          f"{str(e2).replace(label + ' ', '', 1)}" if e1 and e2 else str(e1 or e2))


def _check(child, label, X, Y, given, layout, kind, loss, cost, update, with_consequence, timeout):
    info = child.ask(("info",), "the start", max(timeout, 30.0))
    s = _settings(info["settings"], given)
    if update is None and "update" in info["settings"]:
        update = info["settings"]["update"]
        if update not in UPDATES:
            raise CheckInputError(f"bad settings: UPDATE must be 'subtract' or 'add', got {update!r}")
    form = detect(info, layout, kind, s["hidden"], label)
    init, hint = None, None
    if info["has_init"]:
        init = _init_items(child.ask(("init",), "INIT()"))
        w1 = init["w1"]
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
    p0 = start if start is not None else init_params(s["seed"], s["scale"], form.hidden)
    if layout is None:
        form.layout = _choose_layout(child, form, p0, X, Y, label, hint)
        if start is not None and hint is None and form.layout == "rows":
            start = {k: from_learner(form, k, init[k]) for k in form.names}
            start.setdefault("b1", np.zeros((form.hidden, 1)))
            start.setdefault("b2", np.zeros((1, 1)))
    if form.layout == "columns":
        form.bias_shapes = {}
    points = [make_point(name, p, X, Y) for name, p in
              check_points(s["seed"], s["scale"], form.hidden, start, form.biases)]
    tols = [tolerance(form, pt.params, pt.scale) for pt in points]
    users, second = [], []
    for pt in points:
        if form.kind == "step":
            g, q = probe_step(child, form, pt.params, X, Y, f"the point '{pt.name}'", label)
        else:
            g, q = probe_grad(child, form, pt.params, X, Y, f"the point '{pt.name}'", label), None
        users.append(g)
        second.append(q)
    if form.low_dtypes:   # float32 answers: judged, and their loss named, at float32's precision
        tols = [tolerance(form, pt.params, pt.scale, low_precision=True) for pt in points]
    own = _own_cost(child, form, points, X, Y, cost, info, label, timeout)
    result = judge(label, form, s, points, users, second, tols, loss, own, update, X, Y)
    if with_consequence:
        if cost is not None and result.target[0] == "own":
            with Child(cost, _label(cost), timeout) as cchild:
                result.consequence = consequence_of(child, form, result, s, start, X, Y, update,
                                                    cchild)
        else:
            result.consequence = consequence_of(child, form, result, s, start, X, Y, update)
        result.hints += result.consequence.text
    return result


def _own_cost(child, form, points, X, Y, cost, info, label, timeout):
    """The learner's own cost at every point, matched against the named losses: returns
    {'name': matched name or None, 'values': [...], 'where': 'COST' or the spec} or None."""
    if cost is None and not info["has_cost"]:
        return None
    from .layout import data_to_learner, to_learner
    from .losses import loss_value
    args = [to_learner(form, pt.params) + data_to_learner(form, X, Y) for pt in points]
    if cost is not None:
        with Child(cost, _label(cost), timeout) as cchild:
            vals = cchild.ask(("cost", args, True), "the cost at the check points")
    else:
        vals = child.ask(("cost", args), "COST at the check points")
    where = "COST in your file" if cost is None else _label(cost)
    for name in NAMED:
        ref = [loss_value(name, pt.params, X, Y) for pt in points]
        if all(math.isfinite(v) and math.isclose(v, r, rel_tol=1e-8, abs_tol=1e-12)
               for v, r in zip(vals, ref)):
            return {"name": name, "values": vals, "where": where}
    # none of the named losses: its gradient by central differences, all in one request
    from ..tolerances import FD_STEP
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
    if cost is not None:
        with Child(cost, _label(cost), timeout) as cchild:
            fvals = cchild.ask(("cost", fd_args, True), "the cost's finite differences")
    else:
        fvals = child.ask(("cost", fd_args), "COST's finite differences")
    refs = [{k: np.zeros_like(v) for k, v in pt.params.items()} for pt in points]
    for j, (i, k, idx, step) in enumerate(plan):
        refs[i][k][idx] = (fvals[2 * j] - fvals[2 * j + 1]) / (2 * step)
    for pt, r in zip(points, refs):   # the reference of family "own", beside the named ones
        pt.cands[("own", "ok", "ok", "a1")] = r
    return {"name": None, "values": vals, "where": where}
