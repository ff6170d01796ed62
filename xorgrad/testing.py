"""What the test suites share: the points to test at and the one agreement check.

It lives in the library, not in a conftest.py, because pytest parametrisations and hypothesis
strategies need it at collection time, and because an outside backend's own tests can import it
(`from xorgrad.testing import assert_agrees_at`). Nothing here imports pytest.
"""

from __future__ import annotations

import numpy as np

from .agreement import assert_match, compare_grads
from .contract import init_params, logit_scale, reference_loss
from .oracle import finite_difference_grads
from .registry import get
from .tolerances import EPS, tolerance

SCALES = (0.01, 0.1, 1.0, 3.0, 10.0, 30.0, 100.0)  # 30 and 100 saturate most units

# a learner's file with the right gradient of the mean BCE, columns layout: the tests of `xorgrad
# check` (a command checks files) write it, or a variant of it, with write_learner
RIGHT_GRADIENT_FILE = """
import numpy as np
def sig(z):
    return 1 / (1 + np.exp(-z))
def grad(w1, b1, w2, b2, X, Y):
    a1 = sig(w1 @ X + b1); a2 = sig(w2 @ a1 + b2)
    dz2 = (a2 - Y) / X.shape[1]
    dz1 = (w2.T @ dz2) * a1 * (1 - a1)
    return dz1 @ X.T, dz1.sum(1, keepdims=True), dz2 @ a1.T, dz2.sum(1, keepdims=True)
"""


def write_learner(folder, body: str, name: str = "learner.py") -> str:
    """`body` (dedented) written as the file `name` in `folder`; its path."""
    import textwrap
    path = folder / name
    path.write_text(textwrap.dedent(body))
    return str(path)


def random_point(seed: int, scale: float, hidden: int = 2) -> dict[str, np.ndarray]:
    """Every parameter, biases too, drawn from scale * N(0, 1): zero biases would hide bugs."""
    rng = np.random.default_rng(seed)
    shapes = {k: v.shape for k, v in init_params(0, hidden=hidden).items()}
    return {k: rng.standard_normal(s) * scale for k, s in shapes.items()}


def assert_agrees_at(net, p, X=None, Y=None) -> None:
    """`net`'s loss and gradients at `p` equal the float64 reference loss, the finite-difference
    oracle and float64 NumPy backprop, within the table's tolerance for the net's dtype; an
    AssertionError carries the per-parameter table."""
    loss, grads = net.loss_and_grads(p, X, Y)
    ref_loss, scale = reference_loss(p, X, Y), logit_scale(p, X)
    assert_loss_agrees(loss, ref_loss, net.dtype, scale, str(net))
    fd = finite_difference_grads(p, X, Y)
    assert_match(compare_grads(grads, fd, "finite_differences", net.dtype, scale))
    _, ref = get("numpy", "cpu", "float64").loss_and_grads(p, X, Y)
    assert_match(compare_grads(grads, ref, "gradients", net.dtype, scale))


def assert_loss_agrees(loss: float, ref_loss: float, dtype: str, scale: float, what: str = "") -> None:
    """|loss - ref_loss| <= atol * scale + rtol * |ref_loss| with the table's "loss" entry for
    `dtype`; the AssertionError says by how much, in units of the dtype's epsilon."""
    rtol, atol = tolerance("loss", dtype)
    err, allowed = abs(loss - ref_loss), atol * max(1.0, scale) + rtol * abs(ref_loss)
    assert err <= allowed, (
        f"loss {loss!r} vs the float64 reference {ref_loss!r} ({what}): off by {err:.2e} "
        f"= {err / max(1.0, scale) / EPS[dtype]:.1f} eps per unit of logit scale {scale:.3g}; "
        f"allowed {allowed:.2e} = {atol:.2g} x {scale:.3g} + {rtol:.2g} x |ref|")


# ---- beyond the gradient: jvp, H v and H against the oracle and float64 NumPy ---------------
# The step count of every short training run in the tests (and the benchmarks' smoke runs do not
# need more): JAX compiles a training loop, and TensorFlow traces one, once per step count and
# dtype, so runs of one length share one compile across test files.
SHORT_STEPS = 25
SECOND_ORDER_SCALES = (0.01, 0.1, 1.0, 3.0, 10.0)  # beyond 10 the oracle's O(h^4) error shows


def random_direction(seed: int, like: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A direction v like `like`, entries N(0, 1) rescaled to max-norm 1 (what the table assumes)."""
    rng = np.random.default_rng(seed)
    v = {k: rng.standard_normal(np.shape(a)) for k, a in like.items()}
    top = max(float(np.abs(a).max()) for a in v.values())
    return {k: a / top for k, a in v.items()}


def hessian_rows(H: np.ndarray, like: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The (P, P) Hessian cut into each parameter's rows, for a per-parameter table."""
    from .contract import PARAM_NAMES
    sizes = np.cumsum([np.size(like[k]) for k in PARAM_NAMES])[:-1]
    return dict(zip(PARAM_NAMES, np.split(np.asarray(H), sizes)))


def assert_second_order_agrees_at(net, p, v, X=None, Y=None) -> None:
    """`net`'s jvp, hvp and Hessian at `p` (along `v`, max-norm 1) equal the oracle's and float64
    NumPy's within the table's tolerance for the net's dtype, and its Hessian is symmetric; an
    AssertionError carries the per-parameter table."""
    from .contract import flatten, unflatten
    from .oracle import finite_difference_hessian, finite_difference_jvp, reference_grads
    scale, dtype = logit_scale(p, X), net.dtype
    loss, tangent = net.jvp(p, v, X, Y)
    assert_loss_agrees(loss, reference_loss(p, X, Y), dtype, scale, f"{net} jvp")
    grad_dot_v = float(flatten(reference_grads(p, X, Y)) @ flatten(v))
    for ref, kind in ((grad_dot_v, "jvp"), (finite_difference_jvp(p, v, X, Y), "finite_differences")):
        assert_match(compare_grads({"dL.v": tangent}, {"dL.v": ref}, kind, dtype, scale,
                                   f"{net}: jvp vs {'grad . v' if kind == 'jvp' else 'central differences of L along v'}"))
    H_fd = finite_difference_hessian(p, X, Y)
    H_np = get("numpy", "cpu", "float64").hessian(p, X, Y)
    hv = net.hvp(p, v, X, Y)
    H = net.hessian(p, X, Y)
    for ref, kind, name in ((H_np, "hessian", "float64 NumPy"), (H_fd, "hessian_fd", "the oracle")):
        assert_match(compare_grads(hv, unflatten(ref @ flatten(v), p), kind, dtype, scale,
                                   f"{net}: H v vs {name}'s H v"))
        assert_match(compare_grads(hessian_rows(H, p), hessian_rows(ref, p), kind, dtype, scale,
                                   f"{net}: Hessian rows vs {name}'s"))
    assert_match(compare_grads(hessian_rows(H, p), hessian_rows(H.T, p), "hessian", dtype, scale,
                               f"{net}: Hessian rows vs its transpose (symmetric)"))
