"""The points a loss curve kept in a result has: every step up to CURVE_POINTS steps, then
every k-th, and the last (the JAX population loop takes its tracked nets' loss only there)."""

from __future__ import annotations

import numpy as np

CURVE_POINTS = 1000   # a curve kept in a result: at most this many points, and the last


def curve_every(steps: int) -> int:
    """The spacing of a kept curve's points over a run of `steps` steps."""
    return max(1, -(-int(steps) // CURVE_POINTS))


def thinned(curves) -> dict:
    """Loss curves (k, steps + 1) at the steps a kept curve has (curve_every apart,
    at most CURVE_POINTS of them, and the last): {"steps": [...], "loss": [[...] per curve]}
    (nan as None)."""
    curves = np.atleast_2d(np.asarray(curves, np.float64))
    last = curves.shape[1] - 1
    every = curve_every(last)
    steps = sorted(set(range(0, last + 1, every)) | {last})
    return {"steps": steps, "loss": [[float(v) if np.isfinite(v) else None for v in c[steps]]
                                     for c in curves]}
