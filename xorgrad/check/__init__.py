"""`check`: is a hand-written gradient right, and if not, how is it wrong and what does it do?

    import xorgrad
    result = xorgrad.check("examples/question.py:gradients")    # or xorgrad.check(my_function)
    result.ok, result.hints
    print(result.report())

The function under test is a learner's `FUNC(w1, b1, w2, b2, X, Y)`: the gradient of the mean
binary cross-entropy of the 2-2-1 net in the original question's layout (X (2, m) one column per
sample, Y (1, m)), returned as a dict (keys w1, b1, w2, b2) or a tuple (dw1, db1, dw2, db2).

It is compared, parameter by parameter, with the float64 NumPy backprop of impls/numpy_net.py
(itself confirmed against central finite differences at every point) at several points: the
learner's own start, the project's default start, random points of several scales and points
near saturation. A wrong parameter is then matched against known mistakes: a sign flipped for
all samples or only for those with y = 0 or y = 1, a constant factor, a transposed matrix, a wrong
shape, all zeros, or a derivative taken with respect to the wrong quantity. Last, it trains with
the learner's gradient at the learner's settings to show what the mistake does to the loss.

The function only ever receives copies; nothing it does can touch the reference arrays.
The library never prints: `report()` returns the text the `check` command prints.
"""

from __future__ import annotations

import contextlib
import os

import numpy as np

from ..contract import PARAM_NAMES, check_data, check_training, init_params
from ..errors import CheckInputError, ContractError
from .bands import GOOD_REL
from .consequence import _consequence
from .diagnose import _cause_for, _close_everywhere, _merge, _param_result, _shape_cause, _where
from .learner import _label, _on_path, call_learner, learner_settings, load_function, settings_of
from .points import _make_point, check_points
from .result import Cause, CheckResult, ParamResult

__all__ = ["check", "check_points", "load_function", "settings_of", "call_learner", "CheckResult",
           "CheckInputError", "GOOD_REL"]


# ---- the entry point -------------------------------------------------------------------------
def check(func, X=None, Y=None, *, seed=None, scale=None, lr=None, steps=None,
          consequence=True) -> CheckResult:
    """Check a hand-written gradient function; `func` is a callable or 'FILE.py:FUNC'.

    seed, scale, lr, steps: the learner's settings for the consequence (training from
    init_params(seed, scale)); None takes the file's SEED, INIT_SCALE, LR, STEPS if it defines
    them, else the project's defaults. Raises CheckInputError for input that cannot be checked.
    """
    label, folder, found = _label(func), None, {}
    if isinstance(func, str):
        label = func
        func, module = load_function(func)
        folder = os.path.dirname(os.path.abspath(module.__file__))
        found = settings_of(module)
    elif not callable(func):
        raise CheckInputError(f"check needs a function or 'FILE.py:FUNC', got {type(func).__name__}")
    seed, scale, lr, steps = learner_settings(found, seed, scale, lr, steps).values()
    try:
        steps, lr = check_training(steps, lr)
        init_params(seed, scale)
    except ContractError as e:
        raise CheckInputError(f"bad settings for {label}: {e}") from None
    X, Y = check_data(X, Y)
    with _on_path(folder) if folder else contextlib.nullcontext():
        return _check(func, label, X, Y, seed, float(scale), lr, steps, consequence)


def _check(func, label, X, Y, seed, scale, lr, steps, with_consequence) -> CheckResult:
    m = X.shape[1]
    points = [_make_point(name, p, X, Y) for name, p in check_points(seed, scale)]
    users = [call_learner(func, pt.params, X, Y, f"the point '{pt.name}'") for pt in points]
    exp_shapes = {k: points[0].ref[k].shape for k in PARAM_NAMES}
    for u in users[1:]:  # shapes must not depend on the point
        for k in PARAM_NAMES:
            if u[k].shape != users[0][k].shape:
                raise CheckInputError(f"{label} returned d{k} of shape {users[0][k].shape} at one "
                                      f"point and {u[k].shape} at another")
    results, causes, notes, shape_bad = {}, [], [], []
    for k in PARAM_NAMES:
        got_shape = users[0][k].shape
        if got_shape != exp_shapes[k]:
            shape_bad.append(k)
            results[k] = ParamResult(k, exp_shapes[k], got_shape, False, "WRONG", None, None,
                                     None, None, None, None, None)
            causes.append(_shape_cause(k, users, points))
            continue
        results[k] = _param_result(k, users, points)
    finite = [i for i in range(len(points))
              if all(np.all(np.isfinite(users[i][k])) for k in PARAM_NAMES if k not in shape_bad)]
    for k in PARAM_NAMES:
        r = results[k]
        if r.ok or k in shape_bad:
            continue
        fu, fp = [users[i] for i in finite], [points[i] for i in finite]
        right_elsewhere = bool(fp) and _close_everywhere(fu, [pt.ref for pt in fp], fp, k)
        cause = _cause_for(k, fu, fp, m) if fp and not right_elsewhere else None
        if r.nonfinite_points:
            causes.append(Cause("nonfinite", [k], f"{k}: d{k} is nan or inf at "
                                f"{'; '.join(r.nonfinite_points)} (the true one is finite there)"
                                + (": near saturation a division by a2, 1 - a2 or a2 (1 - a2) "
                                   "overflows; dz2 = (a2 - Y) / m never divides"
                                   if any("saturation" in n for n in r.nonfinite_points) else "")))
            if right_elsewhere:
                cause = Cause("nonfinite_only", [k], f"{k}: right at every other point")
        if cause is None and r.verdict == "suspicious":
            cause = Cause("suspicious", [k], f"{k}: close but not equal (rel err {r.rel_error:.1e} "
                          f"at {r.worst_point}): float32 arithmetic, or a division by a2 (1 - a2) "
                          f"near saturation, can do this; a correct float64 gradient agrees to "
                          f"{GOOD_REL:.0e}")
        if cause is None:
            cause = Cause("unrecognised", [k], f"{k}: wrong, in no pattern the checker knows "
                          f"(rel err {r.rel_error:.2g}, cosine {r.cosine:+.2f} at worst)"
                          if r.cosine is not None else f"{k}: wrong, in no pattern the checker knows")
        causes.append(cause)
    causes = _merge(causes)
    wrong = [k for k in PARAM_NAMES if not results[k].ok]
    where = _where(wrong, [c for c in causes if c.kind not in ("nonfinite",)])
    if wrong and where:
        causes.append(Cause("location", wrong, where))
    low = sorted({str(users[0][k].dtype) for k in PARAM_NAMES
                  if users[0][k].dtype.kind == "f" and users[0][k].dtype.itemsize < 8})
    if low:
        notes.append(f"your function returns {', '.join(low)} arrays: expect rel err around 1e-7 "
                     f"at best (float64 gives about 1e-16)")
    cons = _consequence(func, X, Y, seed, scale, lr, steps, shape_bad) if with_consequence else None
    whole = [c for c in causes if c.factor is not None and set(c.params) == set(PARAM_NAMES)]
    if cons is not None and whole:
        cons.text.insert(1, f"a gradient {whole[0].factor:.4g} times too large is the true "
                            f"gradient with lr {whole[0].factor * lr:.4g} instead of {lr:g}")
    start = None
    same = [k for k in PARAM_NAMES if k not in shape_bad]
    if same and all(np.all(np.isfinite(users[0][k])) for k in same):
        g = np.concatenate([users[0][k].ravel() for k in same])
        r = np.concatenate([points[0].ref[k].ravel() for k in same])
        nr, ng = float(np.linalg.norm(r)), float(np.linalg.norm(g))
        if nr > 0:
            start = {"point": points[0].name, "params": same, "length_ratio": ng / nr,
                     "cosine": float(np.vdot(g, r)) / (nr * ng) if ng > 0 else 0.0}
    hints = [c.text for c in causes] + (cons.text if cons else [])
    return CheckResult(label, not wrong, results, [pt.name for pt in points], causes, cons,
                       hints, notes, start)


