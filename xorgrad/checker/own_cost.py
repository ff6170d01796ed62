"""The learner's own cost (COST or cost=): a named loss of each net, else central differences."""

from __future__ import annotations

import math

import numpy as np

from ..tolerances import FD_STEP
from .layout import data_to_learner, to_learner
from .learner import _label
from .losses import NAMED, forward, loss_value
from .parent_side import Child


def _own_cost(child, form, points, job, nets):
    """{'names': {net: the named loss it is}, 'where', 'approx', 'refs', 'fd_error'}, or None.
    Equal to a named loss to 1e-5 only where every output is 1e-3 from 0 and 1 (log(a + 1e-9),
    say): that loss (approx 1e-5). refs, fd_error: central differences, where it is none."""
    X, Y, cost = job.X, job.Y, job.cost
    if cost is None and not job.info["has_cost"]:
        return None
    args = [to_learner(form, pt.params) + data_to_learner(form, X, Y) for pt in points]
    vals = _ask_cost(child, job, args, " at the check points")
    names, approx = {}, None
    for net in nets:
        offered = [name for name in NAMED if NAMED[name][0] in net.families]
        inner = [i for i, pt in enumerate(points)
                 if np.all(np.abs(forward(pt.params, X, net)[3] - 0.5) < 0.499)]
        for idx, rel, atol in ((range(len(points)), 1e-8, 1e-12), (inner, 1e-5, 0.0)):
            name = next((n for n in offered if len(idx) >= 3 and all(
                math.isfinite(vals[i]) and math.isclose(
                    vals[i], loss_value(n, points[i].params, X, Y, net), rel_tol=rel, abs_tol=atol)
                for i in idx)), None)
            if name is not None:
                names[net], approx = name, (approx if rel == 1e-8 else rel)
                break
    refs, error = (None, None) if names else _cost_gradient(child, form, points, job)
    return {"names": names, "name": None, "approx": approx, "refs": refs, "fd_error": error,
            "where": "COST in your file" if cost is None else _label(cost)}


def _ask_cost(child, job, args, what):
    """cost= (in its own child), else COST, at each of args."""
    if job.cost is not None:
        with Child(job.cost, _label(job.cost), job.timeout) as cchild:
            return cchild.ask(("cost", args, True), "the cost" + what)
    return child.ask(("cost", args), "COST" + what)


def _cost_gradient(child, form, points, job):
    """The cost's gradient at each point by central differences, and each point's error bound:
    the largest change between steps h and 2h (the step-h truncation error is a third of it)."""
    X, Y = job.X, job.Y
    plan, fd_args = [], []
    for i, pt in enumerate(points):
        for k in form.names:
            for idx in np.ndindex(pt.params[k].shape):
                step = FD_STEP * max(1.0, abs(float(pt.params[k][idx])))
                for shift in (step, -step, 2 * step, -2 * step):
                    q = {n: v.copy() for n, v in pt.params.items()}
                    q[k][idx] += shift
                    fd_args.append(to_learner(form, q) + data_to_learner(form, X, Y))
                plan.append((i, k, idx, step))
    f = _ask_cost(child, job, fd_args, "'s finite differences")
    refs = [{k: np.zeros_like(v) for k, v in pt.params.items()} for pt in points]
    error = [0.0] * len(points)
    for j, (i, k, idx, step) in enumerate(plan):
        near, far = (f[4 * j] - f[4 * j + 1]) / (2 * step), (f[4 * j + 2] - f[4 * j + 3]) / (4 * step)
        refs[i][k][idx] = near
        error[i] = max(error[i], abs(near - far))
    return refs, error
