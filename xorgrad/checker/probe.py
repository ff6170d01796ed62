"""Asking the learner's function (in its child process) what it does at a point: the gradient it
returns, or the gradient a training step's update follows; its form (`detect`); and the bands and
tolerances it is measured with."""

from __future__ import annotations

import numpy as np

from ..errors import CheckInputError
from ..tolerances import EPS
from ..tolerances import tolerance as table_tolerance
from .learner import parse_returned
from .layout import STEP_ARG_NAMES, Form, data_to_learner, fits, from_learner, packings, to_learner
from .losses import flat

# ---- the bands: how close a learner's gradient must be to be ok, or wrong ---------------------
# CS231n's bands for the relative error of a gradient: good at or under GOOD_REL (the table's
# float64 finite-difference rtol, the one number `ok` uses), wrong above WRONG_REL, suspicious
# in between (float32 arithmetic, or a division by a2 (1 - a2) near saturation, lands there).
GOOD_REL, ATOL = table_tolerance("finite_differences", "float64")  # atol per unit of logit scale
WRONG_REL = 1e-2

# A training step is measured, not returned: the gradient it follows is read off the change of
# the parameters at four small learning rates (STEP_PROBE times 1, 2, 3, 4; a quartic fit in lr
# separates the linear part from a per-sample loop's higher terms). The fit's rounding is about
# 30 eps max|p| / STEP_PROBE, its truncation about STEP_PROBE^4, so a step is judged with
# rtol STEP_REL and an atol of STEP_ATOL per unit of max(1, max|p|).
STEP_PROBE = 3e-3
STEP_REL = 1e-6
STEP_ATOL = 30 * 2.2e-16 / STEP_PROBE * 10   # ten times the rounding estimate

PROBES = (1, 2, 3, 4)   # the step is called at lr = j * STEP_PROBE for each j
SET = 1e-9   # a move (relative to max(1, |p|)) beyond rounding: an entry set whatever lr (_pinned)


def _items(out, form, label, what):
    """What a call gave back, by parameter name, as float64; float32 results are noted on the
    form (judged at float32's precision)."""
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
    """How a call at check's point `name` is named in what it says (and keys form.pinned)."""
    return f"the point '{name}'"


def call(child, form, at, where, lr=None, seed=None):
    """What the learner's function returns at at = (p, X, Y) (a random one's generators set from
    `seed`, or from form.seed when it has been found random)."""
    p, X, Y = at
    args = to_learner(form, p) + data_to_learner(form, X, Y) + ([lr] if lr is not None else [])
    seed = form.seed if seed is None and form.random else seed
    return child.ask(("call", args) if seed is None else ("call", args, seed), where)


def probe_grad(child, form, at, where, seed=None, lr=None):
    """The learner's gradient at at = (p, X, Y) (a step called at lr: its new parameters), in
    the column layout where its shape fits, else as returned (its shape is then reported)."""
    items = _items(call(child, form, at, where, lr, seed), form, child.label, where)
    if form.packing is not None:
        return _unpack(form, items, child.label, where)
    return {k: from_learner(form, k, a) if fits(form, k, a) else a for k, a in items.items()}


def probe_added(child, form, at, where):
    """The gradient a function with momentum (v = beta v + lr g, a step returning p - v, or a
    gradient returning v) adds each call, from two calls at one point: g = (m2 - beta m1) / lr
    whatever v was before them. Parameters of a shape that does not fit: as returned."""
    lr = STEP_PROBE if form.kind == "step" else None
    a, b = (probe_grad(child, form, at, where, lr=lr) for _ in range(2))
    p, beta = at[0], form.momentum
    out = {}
    for k in b:
        if np.shape(a.get(k)) != np.shape(b[k]) or np.shape(b[k]) != np.shape(p[k]):
            out[k] = b[k]
        elif lr is None:
            out[k] = b[k] - beta * a[k]
        else:
            out[k] = ((p[k] - b[k]) - beta * (p[k] - a[k])) / lr
    return out


def probe_once(child, form, at, where):
    """The gradient one call follows at at = (p, X, Y): a gradient as returned, a step's move
    over lr at lr STEP_PROBE (a step whose state rescales each call's move is called once per
    point). Parameters of a shape that does not fit: as returned."""
    if form.kind != "step":
        return probe_grad(child, form, at, where)
    new = probe_grad(child, form, at, where, lr=STEP_PROBE)
    return {k: (at[0][k] - v) / STEP_PROBE if np.shape(v) == np.shape(at[0][k]) else v
            for k, v in new.items()}


def probe_scheduled(child, form, at, where):
    """The gradient one call follows at at = (p, X, Y) for a function whose state rescales each
    call's move (an lr schedule), at the size of a fresh run's first call (form.schedule: its
    answer at the start p0): calls at p0 twice, at p, at p0 twice; their sizes s(t), t = 0, 1,
    3, 4, relative to the first, give the size of the call at p, s(2), by the cubic through
    them (exact for a size that decays as r^t or smoothly, 1/(1 + d t), to d^4)."""
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
    """The gradient a training step follows at at = (p, X, Y): delta(lr) = -(g lr + q lr^2 +
    ...) fitted through lr = h, 2h, 3h, 4h. Returns ({k: g}, {k: q}) in the column layout, or
    the new parameters as returned where their shape does not fit (the step changes a shape)."""
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
    """{k: [(entry, old value, new value)]} for the entries a step leaves at one value whatever lr
    (the same at every lr it was called at): moved there from its old value (a clip of the
    parameters, say) or not moved at all (a clip at its bound, or a gradient entry of 0)."""
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
    """(rtol, atol) for the learner's gradient at one point. A learner whose arrays are float32
    (form.low_dtypes) is judged with the table's float32 gradient tolerance: finer differences
    are float32 rounding, not a mistake the checker could name."""
    rtol, atol = table_tolerance("gradients", "float32") if low_precision else (GOOD_REL, ATOL)
    if form.kind != "step":
        return rtol, atol * scale
    pmax = max(1.0, max(float(np.abs(v).max()) for v in p.values()))
    grow = EPS["float32"] / EPS["float64"] if low_precision else 1.0   # float32's coarser rounding
    return rtol if low_precision else STEP_REL, max(atol * scale, STEP_ATOL * pmax * grow)


def detect(info, layout=None, kind=None, hidden=None, label=""):
    """The form from the function's arguments and the options: kind, biases (a layout still to
    be decided by calling, unless given)."""
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
