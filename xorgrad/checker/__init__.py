"""`check`: is a hand-written backprop right, which loss does it follow, and what does it do?

    import xorgrad
    result = xorgrad.check("examples/question.py:gradients")    # or xorgrad.check(my_function)
    result.ok, result.loss, result.hints
    print(result.report())

FUNC is a gradient `FUNC(w1, b1, w2, b2, X, Y)` or training step `FUNC(..., X, Y, lr)` (biases
optional) of a 2-h-1 net, in columns (X (2, m)), rows (X (m, 2)) or packed (layout.Packing).
check() -> _check(): the settings and INIT() (start.py), the form judged against each net
(nets.py, probe.py, own_cost.py, verdict.py), the stage reading (stages.py, heard by hear.py),
the training run (consequence.py), the report (result.py: `report()` is what `check` prints).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from ..contract import check_data, init_params
from ..errors import CheckInputError, ContractError
from .parent_side import DEFAULT_TIMEOUT, Child, LearnerFault, shorten
from .consequence import consequence_of
from .layout import data_from_learner, params_from_learner
from .learner import _label, call_learner, load_function, parse_spec, settings_of
from .losses import ALIASES, NAMED, check_points
from . import hear
from .nets import _judge_form, _read_stages, _seed_note
from .probe import GOOD_REL, detect
from .result import CheckResult
from .start import (LAYOUTS, _choose_layout, _file_labels, _name_labels, _read_init,
                    _settings, _try_packings)

__all__ = ["check", "check_points", "load_function", "settings_of", "call_learner", "CheckResult",
           "CheckInputError", "GOOD_REL"]

UPDATES = ("subtract", "add")


def check(func, X=None, Y=None, *, seed=None, scale=None, lr=None, steps=None, consequence=True,
          layout=None, kind=None, hidden=None, loss=None, cost=None, update=None,
          timeout=DEFAULT_TIMEOUT, progress=None) -> CheckResult:
    """Check a learner's gradient or training step; `func` is a callable or 'FILE.py:FUNC'.

    seed, scale, lr, steps, hidden: None takes the file's SEED, INIT_SCALE, LR, STEPS, HIDDEN, else
    the defaults (INIT() gives the start). layout: 'columns' or 'rows' (None: found by calling).
    kind: 'grad' or 'step' (None: 'step' when the last argument is lr). loss: demand one named
    loss (bce_mean, bce_sum, se_mean, se_half_sum, se_sum; 'bce', 'mse'). cost: 'FILE.py:FUNC',
    the learner's own cost (None: COST in the file). update: 'subtract' or 'add'. timeout: seconds
    per call of the learner's code. progress(steps, None): called as the training runs go on.
    Raises CheckInputError for input that cannot be checked and learner code that raises, exits,
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


@dataclasses.dataclass(frozen=True)
class Job:
    """One check's options as given, and (once read) what the learner's file says."""

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
    label, given, layout, loss, update = job.label, job.given, job.layout, job.loss, job.update
    info = child.ask(("info",), "the start", max(job.timeout, 30.0))
    s = _settings(info["settings"], given)
    X, Y, labels = (job.X, job.Y, None) if given["data"] else \
        _file_labels(info.get("labels"), job.X, job.Y)
    if update is None and "update" in info["settings"]:
        update = info["settings"]["update"]
        if update not in UPDATES:
            raise CheckInputError(f"bad settings: UPDATE must be 'subtract' or 'add', got {update!r}")
    if s["output"] == "linear" and loss is not None and NAMED[loss][0] == "bce":
        raise CheckInputError(f"the {NAMED[loss][2]} needs an output in (0, 1); with OUTPUT = "
                              f"'linear' check offers the squared errors (se_mean, se_half_sum, ...)")
    form = detect(info, layout, job.kind, s["hidden"], label)
    job = dataclasses.replace(job, X=X, Y=Y, update=update, info=info, s=s)
    init, hint, raw_init, start = _read_init(child, form, job)
    p0 = start if start is not None else init_params(s["seed"], s["scale"], form.hidden)
    plain_error = None if form.packing is None and raw_init is None else CheckInputError("packed")
    if plain_error is None and layout is None:
        try:
            form.layout = _choose_layout(child, form, (p0, X, Y), hint)
        except LearnerFault:
            raise
        except CheckInputError as e:
            plain_error = e
        if plain_error is None and start is not None and hint is None and form.layout == "rows":
            start = params_from_learner(form, [init[k] for k in form.names])
    if form.layout == "columns":   # INIT()'s 1-D biases ((h,), (1,)) are sent as such
        form.bias_shapes = {k: v for k, v in form.bias_shapes.items() if len(v) < 2}
    result = _judge_form(child, form, job, start) if plain_error is None else None
    if result is None or not result.ok:   # the learner's arrays may pack the net another way
        result, form, start = _try_packings(child, form, job, (result, start, init, raw_init, p0,
                                                               plain_error))
    s["hidden"] = form.hidden
    if getattr(result, "forward_error", None) is not None:
        raise result.forward_error
    return _name_labels(_finish(child, form, job, result, start), labels, Y)


def _finish(child, form, job, result, start):
    """After the verdict: the seeding question, the stage reading, the training run."""
    s, X, Y, label, timeout, cost = job.s, job.X, job.Y, job.label, job.timeout, job.cost
    if form.random and ":" in label and label.rsplit(":", 1)[0].endswith(".py"):
        p = start if start is not None else init_params(s["seed"], s["scale"], form.hidden)
        result.notes.append(_seed_note(form, job, p))
    points = check_points(s["seed"], s["scale"], result.form.hidden, start, result.form.names)
    changed = {i: j for i, j in child.ask(("changed",), "what its calls changed").items()
               if form.kind == "grad" or i >= len(form.arg_names)}   # a step's own arrays: its
    result = _read_stages(child, form, result, (points, X, Y), bool(changed))   # update
    if changed:
        result = hear.changed_in_place(result, changed, job.info.get("args"))
    read = [st for st in result.stages.stages if not st.measured.get("unread")]
    if form.assumed and any(st.name == "output" or (st.name in ("lr", "samples") and not st.ok)
                            for st in read):   # a stage reads this net's own dz2, or says why
        form.assumed = False    # nothing fits from its gradients (calls that differ read none)
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
        result.why = None if form.assumed else section(child, form, result, s, start, (X, Y))
    return result
