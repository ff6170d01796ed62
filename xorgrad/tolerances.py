"""The one tolerance table: read by the tests, the command line and `check`, quoted by the README.

A comparison passes, parameter by parameter, when   max |got - ref| <= atol + rtol * max |ref|
(the max-norm form of numpy.allclose). For the loss and gradients at one point, atol is per unit
of contract.logit_scale = max(1, largest |z1| or |z2|): rounding errors in the forward pass are
about eps |z|, and the loss (hence the finite-difference oracle's floor eps |L| / h) is at most
about |z2| + ln 2. The relative error printed beside it is
max |got - ref| / max |ref|, the per-parameter form of CS231n's gradient-check error.

Each entry was set from measurements over random parameter points of scale 0.01 to 100
(tests/test_gradients.py draws them), with headroom, not tuned to make a test pass.
"""

from __future__ import annotations

# h of the central-difference oracle, relative to max(1, |p|). Its rounding floor is about
# 2 eps |L| / h = 1.5e-10 |L| in float64: the oracle cannot see differences below that.
FD_STEP = 3e-6
FD_NOISE = 1.5e-10

TOLERANCES: dict[str, dict[str, tuple[float, float]]] = {
    # what is compared                    dtype:   (rtol,  atol)
    # loss, against the float64 reference loss
    "loss":               {"float64": (1e-12, 1e-15), "float32": (1e-6, 1e-7)},
    # gradients, against the float64 NumPy backprop (implementations against each other)
    "gradients":          {"float64": (1e-10, 1e-14), "float32": (5e-4, 1e-7)},
    # gradients, against central finite differences of the float64 reference loss;
    # in float64 atol is the oracle's own rounding floor
    "finite_differences": {"float64": (1e-7, FD_NOISE), "float32": (5e-4, 1e-7)},
    # a whole training run (final parameters and every per-step loss) from the same start
    "training":           {"float64": (1e-9, 1e-12), "float32": (1e-4, 1e-6)},
}

DESCRIPTIONS = {
    "loss": "loss vs the float64 reference loss",
    "gradients": "gradients vs float64 NumPy backprop",
    "finite_differences": "gradients vs float64 central differences",
    "training": "1000 training steps: final params and loss curve",
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
