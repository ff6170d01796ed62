"""What the learner's function does at a point (the gradient it returns, or its step follows), its
form (`detect`), and the bands and tolerances it is measured with."""

from __future__ import annotations

import numpy as np

from ..errors import CheckInputError
from ..tolerances import EPS
from ..tolerances import tolerance as table_tolerance
from .learner import parse_returned
from .layout import STEP_ARG_NAMES, Form, data_to_learner, fits, from_learner, packings, to_learner
from .losses import flat

# CS231n's bands for a gradient's relative error: good at or under GOOD_REL (the one number `ok`
# uses), wrong above WRONG_REL; float32, or a division by a2 (1 - a2) near saturation, between.
GOOD_REL, ATOL = table_tolerance("finite_differences", "float64")  # atol per unit of logit scale
WRONG_REL = 1e-2

# A step's gradient is read off its moves at lr = STEP_PROBE times PROBES (a quartic fit in lr
# parts the linear term from a per-sample loop's higher ones): rounding ~30 eps max|p| / STEP_PROBE,
# truncation ~STEP_PROBE^4, so rtol STEP_REL and STEP_ATOL per unit of max(1, max|p|).
STEP_PROBE = 3e-3
STEP_REL = 1e-6
STEP_ATOL = 30 * 2.2e-16 / STEP_PROBE * 10   # ten times the rounding estimate

PROBES = (1, 2, 3, 4)   # the step is called at lr = j * STEP_PROBE for each j
SET = 1e-9   # a move (relative to max(1, |p|)) beyond rounding: an entry set whatever lr (_pinned)


def _items(out, form, label, what):
    """What a call gave back, by name, as float64 (float32 results noted in form.low_dtypes)."""
    if out[0] == "part" and form.kind == "step":   # some returned, the rest changed in place
        names = form.arg_names
        form.part = ([k for i, k in enumerate(names) if i not in out[3]],
                     [names[i] for i in out[3]])
    items = parse_returned(out, form.arg_names, form.kind, label, what)
    form.low_dtypes |= {str(a.dtype) for a in items.values()
                        if a.dtype.kind == "f" and a.dtype.itemsize < 8}
    return {k: np.asarray(a, dtype=np.float64) for k, a in items.items()}


def _unpack(form, items, label, where):
    """A packed learner's arrays -> the checker's parameters it judges."""
    try:
        p = form.packing.unpack(items, form.hidden)
    except ValueError as e:
        raise CheckInputError(f"{label} returned {e} at {where} "
                              f"({form.packing.describe(form.hidden)})") from None
    return {k: p[k] for k in form.names}


def point_where(name):
    """A call at check's point `name`, in words (and form.pinned's key)."""
    return f"the point '{name}'"


def call(child, form, at, where, lr=None, seed=None):
    """What it returns at at = (p, X, Y), a random one's generators set from seed or form.seed."""
    p, X, Y = at
    args = to_learner(form, p) + data_to_learner(form, X, Y) + ([lr] if lr is not None else [])
    seed = form.seed if seed is None and form.random else seed
    return child.ask(("call", args) if seed is None else ("call", args, seed), where)


def probe_grad(child, form, at, where, seed=None, lr=None):
    """Its gradient (a step at lr: new parameters), in columns where its shape fits."""
    items = _items(call(child, form, at, where, lr, seed), form, child.label, where)
    if form.packing is not None:
        return _unpack(form, items, child.label, where)
    return {k: from_learner(form, k, a) if fits(form, k, a) else a for k, a in items.items()}


def probe_added(child, form, at, where):
    """The gradient a function with momentum (v = beta v + lr g; a step returning p - v, or a
    gradient returning v) adds each call: two calls' moves, m2 - beta m1, whatever v was before."""
    a, b = (probe_once(child, form, at, where) for _ in range(2))
    return {k: v - form.momentum * a[k] if np.shape(a.get(k)) == np.shape(v) == np.shape(at[0][k])
            else v for k, v in b.items()}


def probe_once(child, form, at, where):
    """The gradient one call follows at at = (p, X, Y): a gradient as returned, a step's move
    over lr at STEP_PROBE. Parameters of a shape that does not fit: as returned."""
    if form.kind != "step":
        return probe_grad(child, form, at, where)
    new = probe_grad(child, form, at, where, lr=STEP_PROBE)
    return {k: (at[0][k] - v) / STEP_PROBE if np.shape(v) == np.shape(at[0][k]) else v
            for k, v in new.items()}


def probe_scheduled(child, form, at, where):
    """The gradient one call follows at at = (p, X, Y) where state rescales each call's move (an
    lr schedule), at the size of a fresh run's first call at p0 (form.schedule): calls at p0, p0,
    p, p0, p0; sizes s(0, 1, 3, 4) give s(2) by the cubic through them (exact for r^t, to d^4 for
    1/(1 + d t))."""
    fresh, p0 = form.schedule, form.schedule_at
    ks = [k for k in fresh if np.shape(fresh[k]) == np.shape(p0[k])]
    calls = [probe_once(child, form, (p0, *at[1:]), where) for _ in range(2)]
    u = probe_once(child, form, at, where)
    calls += [probe_once(child, form, (p0, *at[1:]), where) for _ in range(2)]
    first, *ref = [flat(d, ks) for d in [fresh, *calls]]
    s0, s1, s3, s4 = (float(np.vdot(r, ref[0]) / np.vdot(ref[0], ref[0])) for r in ref)
    # the first call at p0 is s(0) times a fresh run's first call there
    size = (-s0 + 4 * s1 + 4 * s3 - s4) / 6 * float(np.vdot(ref[0], first) / np.vdot(first, first))
    return {k: v / size if k in ks and np.shape(v) == np.shape(p0[k]) else v for k, v in u.items()}


def probe_step(child, form, at, where, seed=None):
    """The gradient a step follows at at = (p, X, Y): delta(lr) = -(g lr + q lr^2 + ...) fitted
    through PROBES: ({k: g}, {k: q}), or ({..., k: new k as returned}, None) where a shape does
    not fit."""
    old, label = at[0], child.label   # the column layout
    lrs, deltas, bad = [j * STEP_PROBE for j in PROBES], [], {}
    for lr in lrs:
        items = _items(call(child, form, at, where, lr=lr, seed=seed), form, label, where)
        if form.packing is not None:
            new = _unpack(form, items, label, where)
        else:
            bad = {k: a for k, a in items.items() if not fits(form, k, a)}
            new = {k: from_learner(form, k, a) for k, a in items.items() if k not in bad}
        deltas.append({k: new[k] - old[k] for k in form.names if k in new})
    pinned = _pinned(old, deltas, form.names)
    if pinned:
        form.pinned[where] = pinned
    inv = np.linalg.inv([[lr ** e for e in range(1, len(PROBES) + 1)] for lr in lrs])
    coef = {k: np.tensordot(inv, np.stack([-d[k] for d in deltas]), axes=(1, 0))
            for k in form.names if all(k in d for d in deltas)}
    g = {k: c[0] for k, c in coef.items()}
    return ({**g, **bad}, None) if bad else (g, {k: c[1] for k, c in coef.items()})


def _pinned(old, deltas, names):
    """{k: [(entry, old value, new value)]}: the entries a step sets to one value whatever lr
    (a clip of the parameters, say) or leaves unmoved (a clip at its bound, a gradient of 0)."""
    out = {}
    for k in (k for k in names if all(k in d for d in deltas)):
        new = [old[k] + d[k] for d in deltas]
        size = np.maximum(1.0, np.abs(old[k]))
        same = np.all([np.abs(v - new[0]) <= 1e-12 * size for v in new[1:]], axis=0) & (
            (new[0] == old[k]) | (np.abs(new[0] - old[k]) > SET * size))   # not rounding
        if np.any(same):
            out[k] = [(i, float(old[k][i]), float(new[0][i])) for i in zip(*np.nonzero(same))]
    return out


def tolerance(form, p, scale, low_precision=False):
    """(rtol, atol) for its gradient at one point; float32 arrays (low_precision) at the table's
    float32 gradient tolerance: finer differences are float32 rounding, not a mistake."""
    rtol, atol = table_tolerance("gradients", "float32") if low_precision else (GOOD_REL, ATOL)
    if form.kind != "step":
        return rtol, atol * scale
    pmax = max(1.0, max(float(np.abs(v).max()) for v in p.values()))
    grow = EPS["float32"] / EPS["float64"] if low_precision else 1.0   # float32's coarser rounding
    return rtol if low_precision else STEP_REL, max(atol * scale, STEP_ATOL * pmax * grow)


def detect(info, layout=None, kind=None, hidden=None, label=""):
    """The form from the function's arguments and the options (the layout found later)."""
    names = info["args"]
    if kind is None:
        kind = "step" if names and not info["varargs"] and names[-1].lower() in STEP_ARG_NAMES else "grad"
    if names is None or info["varargs"]:
        return Form(layout or "columns", True, kind, hidden or 2)
    # extra arguments with defaults are left to their defaults
    n = info["required"] if kind == "grad" and info["required"] in (4, 6) else len(names)
    base = n - (1 if kind == "step" else 0)
    if base not in (4, 5, 6):
        want = "FUNC(w1, b1, w2, b2, X, Y" + (", lr)" if kind == "step" else ")")
        raise CheckInputError(
            f"{label} takes {n} arguments ({', '.join(names)}); expected {want}, or "
            f"without biases FUNC(w1, w2, X, Y{', lr' if kind == 'step' else ''})"
            + ("" if kind == "step" else "; a training step ends with lr (or use kind='step')"))
    if base == 5:    # (w1, b1, w2, X, Y): a hidden bias only
        return Form("rows", False, kind, hidden or 2, packing=packings(3)[0])
    return Form(layout or "columns", base == 6, kind, hidden or 2)
