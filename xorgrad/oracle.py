"""The independent oracle: central finite differences of a float64 loss written apart from the lessons.

It differentiates `contract.reference_loss` (plain NumPy, from the logits) unless given another
loss, so a mistake shared by every implementation still shows up against it.
"""

from __future__ import annotations

import numpy as np

from .contract import PARAM_NAMES, reference_loss
from .tolerances import FD_STEP  # the step the oracle's tolerances were derived for
from .tolerances import HESSIAN_FD_STEP


def finite_difference_grads(params: dict[str, np.ndarray], X=None, Y=None, loss=reference_loss,
                            h: float = FD_STEP) -> dict[str, np.ndarray]:
    """Fourth-order central differences, one entry at a time, in float64:

        dL/dp ~ [8 (L(p + h) - L(p - h)) - (L(p + 2h) - L(p - 2h))] / 12h

    The step is relative, h * max(1, |p|), so large parameters are not perturbed below their
    rounding error. Truncation error is O(h^4); rounding error about 1.5 eps |L| / h, within the
    table's floor of 2 eps |L| / h. The plain (L(p + h) - L(p - h)) / 2h, with its O(h^2)
    truncation, missed the exact gradient by 5x the float64 tolerance at 2 of 3,000 random
    points of scale up to 100 (a steep hidden unit near its kink: tests/test_oracle.py).
    """
    params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    grads = {}
    for name in PARAM_NAMES:
        p = params[name]
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            keep = p[i]
            step = h * max(1.0, abs(keep))
            at = {}
            for k in (1, -1, 2, -2):           # L at p + k h
                p[i] = keep + k * step
                at[k] = loss(params, X, Y)
            p[i] = keep
            g[i] = (8.0 * (at[1] - at[-1]) - (at[2] - at[-2])) / (12.0 * step)
        grads[name] = g
    return grads


# ---- beyond the gradient: the second-order oracle --------------------------------------------
def reference_grads(params: dict[str, np.ndarray], X=None, Y=None) -> dict[str, np.ndarray]:
    """The exact gradient of `contract.reference_loss`, in float64 plain NumPy, written apart from
    the lessons (one sample at a time in its sums: einsum over the sample axis s). It is what the
    second-order oracle differentiates; tests/test_oracle.py checks it against the central
    differences of the loss above."""
    from .contract import XOR_X, XOR_Y, forward
    X = np.asarray(XOR_X if X is None else X, dtype=np.float64)
    Y = np.asarray(XOR_Y if Y is None else Y, dtype=np.float64)
    p = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    m = X.shape[1]
    _, h, _, a2 = forward(p, X)                                         # the package's forward
    e = (a2 - Y) / m                                                    # dL/dz2 per sample
    back = np.einsum("oj,os->js", p["w2"], e) * h * (1.0 - h)           # dL/dz1 per sample
    return {"w1": np.einsum("js,is->ji", back, X), "b1": back.sum(1, keepdims=True),
            "w2": np.einsum("os,js->oj", e, h), "b2": e.sum(1, keepdims=True)}


def finite_difference_hessian(params: dict[str, np.ndarray], X=None, Y=None, grads=reference_grads,
                              h: float = HESSIAN_FD_STEP) -> np.ndarray:
    """The (P, P) Hessian in contract.flatten order, column j by fourth-order central differences
    of the exact float64 gradient along the j-th parameter (step h * max(1, |p_j|)):

        H e_j ~ [8 (g(p + h e_j) - g(p - h e_j)) - (g(p + 2h e_j) - g(p - 2h e_j))] / 12h

    Truncation O(h^4), rounding about eps |g| / h. Not symmetrised: its asymmetry is its error."""
    from .contract import flatten, unflatten
    flat = flatten({k: np.asarray(params[k], dtype=np.float64) for k in PARAM_NAMES})
    H = np.empty((flat.size, flat.size))
    for j in range(flat.size):
        step = h * max(1.0, abs(flat[j]))
        at = {}
        for k in (1, -1, 2, -2):
            q = flat.copy()
            q[j] += k * step
            at[k] = flatten(grads(unflatten(q, params), X, Y))
        H[:, j] = (8.0 * (at[1] - at[-1]) - (at[2] - at[-2])) / (12.0 * step)
    return H


def finite_difference_jvp(params: dict[str, np.ndarray], v: dict[str, np.ndarray], X=None, Y=None,
                          loss=reference_loss, h: float = FD_STEP) -> float:
    """dL along v by fourth-order central differences of the float64 loss on the line p + t v,
    with the step h * max(1, max|p|) / max|v| (so no entry moves by more than the gradient
    oracle's own step)."""
    p = {k: np.asarray(params[k], dtype=np.float64) for k in PARAM_NAMES}
    d = {k: np.asarray(v[k], dtype=np.float64) for k in PARAM_NAMES}
    vmax = max(float(np.abs(d[k]).max()) for k in PARAM_NAMES)
    if vmax == 0.0:
        return 0.0
    step = h * max(1.0, max(float(np.abs(p[k]).max()) for k in PARAM_NAMES)) / vmax
    at = {k: loss({n: p[n] + k * step * d[n] for n in PARAM_NAMES}, X, Y) for k in (1, -1, 2, -2)}
    return (8.0 * (at[1] - at[-1]) - (at[2] - at[-2])) / (12.0 * step)
