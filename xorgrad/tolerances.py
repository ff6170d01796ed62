"""The one tolerance table: read by the tests, the command line and `check`, quoted by the README.

A comparison passes, parameter by parameter, when   max |got - ref| <= atol + rtol * max |ref|
(the max-norm form of numpy.allclose). For the loss and gradients at one point, atol is per unit
of contract.logit_scale = max(1, largest |z1| or |z2|): rounding errors in the forward pass are
about eps |z|, and the loss (hence the finite-difference oracle's floor eps |L| / h) is at most
about |z2| + ln 2. The relative error printed beside it is
max |got - ref| / max |ref|, the per-parameter form of CS231n's gradient-check error.

Each entry is a multiple of its dtype's machine epsilon (EPS below), chosen from the size of the
numbers involved and then checked against measurements over random parameter points of scale
0.01 to 100 (xorgrad.testing.random_point), with headroom of at least 4x over the worst error
measured; docs/testing.md gives each derivation and measurement. Not tuned to make a test pass.
"""

from __future__ import annotations

# h of the central-difference oracle, relative to max(1, |p|). Its rounding floor is about
# 2 eps |L| / h = 1.5e-10 |L| in float64: the oracle cannot see differences below that.
FD_STEP = 3e-6
FD_NOISE = 1.5e-10
# h of the second-order oracle (central differences of the exact float64 gradient), relative the
# same way; its rounding floor is about 2 eps |g| / h = 4.4e-12 |g| (docs/testing.md#tolerances)
HESSIAN_FD_STEP = 1e-4
HESSIAN_FD_NOISE = 2 * 2.0 ** -52 / HESSIAN_FD_STEP

# machine epsilon, the spacing of floats just above 1: numpy.finfo(dtype).eps
EPS = {"float64": 2.0 ** -52, "float32": 2.0 ** -23}   # 2.2e-16 and 1.2e-7

# The loss is a sum of terms about as large as the logits: every term carries a few roundings
# (the float32 parameters themselves, z1, z2, softplus), each of relative size eps, so the loss
# is off by a few eps per unit of logit scale. Measured worst: 4.0 eps (float32, scale 100, 20,000
# random points; seed 1093 at 2.2 eps is the example hypothesis found). Allowed: 16 eps, both dtypes.
LOSS_EPS_RTOL, LOSS_EPS_ATOL = 8, 16

# Second order (jvp, H v, H) by exact methods, per unit of logit scale, v of max-norm 1: a few
# roundings of numbers no larger than the gradient's. Measured worst: 0.6 eps (float32 jvp), 0.25
# eps (H v, both dtypes), over scales 0.01 to 10 (docs/testing.md#tolerances). Allowed: 4 eps
# absolute and 16 eps relative, both dtypes.
SECOND_EPS_RTOL, SECOND_EPS_ATOL = 16, 4

TOLERANCES: dict[str, dict[str, tuple[float, float]]] = {
    # what is compared                    dtype:   (rtol,  atol)
    # loss, against the float64 reference loss
    "loss":               {dtype: (LOSS_EPS_RTOL * eps, LOSS_EPS_ATOL * eps) for dtype, eps in EPS.items()},
    # gradients, against the float64 NumPy backprop (implementations against each other)
    "gradients":          {"float64": (1e-10, 1e-14), "float32": (5e-4, 1e-7)},
    # gradients, against central finite differences of the float64 reference loss;
    # in float64 atol is the oracle's own rounding floor
    "finite_differences": {"float64": (1e-7, FD_NOISE), "float32": (5e-4, 1e-7)},
    # a whole training run (final parameters and every per-step loss) from the same start
    "training":           {"float64": (1e-9, 1e-12), "float32": (1e-4, 1e-6)},
    # beyond the gradient, along a direction v of max-norm 1: dL along v against grad . v of the
    # exact float64 gradient; H v and H against float64 NumPy's R-operator (exact methods both);
    # H v and H against central differences of the exact gradient (float64: the oracle's floor)
    "jvp":                {dtype: (SECOND_EPS_RTOL * eps, SECOND_EPS_ATOL * eps) for dtype, eps in EPS.items()},
    "hessian":            {dtype: (SECOND_EPS_RTOL * eps, SECOND_EPS_ATOL * eps) for dtype, eps in EPS.items()},
    "hessian_fd":         {"float64": (1e-7, HESSIAN_FD_NOISE),
                           "float32": (SECOND_EPS_RTOL * EPS["float32"], SECOND_EPS_ATOL * EPS["float32"])},
}

DESCRIPTIONS = {
    "loss": "loss vs the float64 reference loss",
    "gradients": "gradients vs float64 NumPy backprop",
    "finite_differences": "gradients vs float64 central differences",
    "training": "1000 training steps: final params and loss curve",
    "jvp": "jvp (dL along v) vs float64 grad . v",
    "hessian": "Hv and Hessian vs float64 NumPy (R-operator)",
    "hessian_fd": "Hv and Hessian vs central differences of the gradient",
}


def tolerance(kind: str, dtype: str) -> tuple[float, float]:
    """(rtol, atol) for one kind of comparison at one dtype; KeyError names the choices."""
    if kind not in TOLERANCES:
        raise KeyError(f"no tolerance for {kind!r}: choose one of {', '.join(TOLERANCES)}")
    return TOLERANCES[kind][dtype]


def markdown_table() -> str:
    """The table as Markdown, exactly as the README quotes it (a test keeps them equal)."""
    lines = ["| comparison | float64 rtol | float64 atol | float32 rtol | float32 atol |",
             "|---|---|---|---|---|"]
    for kind, row in TOLERANCES.items():
        (r64, a64), (r32, a32) = row["float64"], row["float32"]
        cells = " | ".join(f"{x:.2g}" for x in (r64, a64, r32, a32))
        lines.append(f"| {DESCRIPTIONS[kind]} | {cells} |")
    return "\n".join(lines)
