"""The independent oracle: central finite differences of a float64 loss written apart from the lessons.

It differentiates `contract.reference_loss` (plain NumPy, from the logits) unless given another
loss, so a mistake shared by every implementation still shows up against it.
"""

from __future__ import annotations

import numpy as np

from .contract import PARAM_NAMES, reference_loss
from .tolerances import FD_STEP  # the step the oracle's tolerances were derived for



def finite_difference_grads(params: dict[str, np.ndarray], X=None, Y=None, loss=reference_loss,
                            h: float = FD_STEP) -> dict[str, np.ndarray]:
    """Central differences dL/dp ~ (L(p + h) - L(p - h)) / 2h, one entry at a time, in float64.

    The step is relative, h * max(1, |p|), so large parameters are not perturbed below their
    rounding error. Truncation error is O(h^2), rounding error O(eps |L| / h).
    """
    params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    grads = {}
    for name in PARAM_NAMES:
        p = params[name]
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            keep = p[i]
            step = h * max(1.0, abs(keep))
            p[i] = keep + step
            up = loss(params, X, Y)
            p[i] = keep - step
            down = loss(params, X, Y)
            p[i] = keep
            g[i] = (up - down) / (2.0 * step)
        grads[name] = g
    return grads
