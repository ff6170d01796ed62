"""The second-order oracle: an exact reference gradient, and central differences of it."""

import numpy as np
import pytest

import xorgrad
from xorgrad.agreement import assert_match, compare_grads
from xorgrad.contract import flatten, logit_scale
from xorgrad.oracle import (finite_difference_grads, finite_difference_hessian,
                            finite_difference_jvp, reference_grads)
from xorgrad.testing import SECOND_ORDER_SCALES, random_direction, random_point
from xorgrad.tolerances import tolerance


@pytest.mark.parametrize("scale", SECOND_ORDER_SCALES)
def test_the_reference_gradient_is_the_gradient_of_the_reference_loss(scale):
    """What the Hessian oracle differentiates is anchored to the loss the gradient oracle uses."""
    for seed in range(3):
        p = random_point(seed, scale)
        assert_match(compare_grads(reference_grads(p), finite_difference_grads(p),
                                   "finite_differences", "float64", logit_scale(p)))


def test_the_hessian_oracle_is_symmetric_to_its_own_tolerance_and_in_float64():
    p = random_point(4, 3.0)
    H = finite_difference_hessian({k: v.astype(np.float32) for k, v in p.items()})
    rtol, atol = tolerance("hessian_fd", "float64")
    assert H.dtype == np.float64 and H.shape == (9, 9)
    assert np.abs(H - H.T).max() <= 2 * (atol * logit_scale(p) + rtol * np.abs(H).max())


def test_the_hessian_oracle_is_within_its_own_rounding_floor_of_the_exact_hessian():
    """The oracle's atol (HESSIAN_FD_NOISE per unit of logit scale) is the rounding of central
    differences at HESSIAN_FD_STEP; against NumPy's exact R-operator Hessian the oracle keeps to
    it (with the gradient oracle's smaller step its rounding is 30 times larger)."""
    _, atol = tolerance("hessian_fd", "float64")
    exact = xorgrad.get("numpy")
    for scale in (0.01, 0.1, 1.0):
        p = random_point(1, scale)
        err = np.abs(finite_difference_hessian(p) - exact.hessian(p)).max()
        assert err <= atol * logit_scale(p), (scale, err)


def test_the_two_jvp_oracles_agree_grad_dot_v_and_central_differences_along_v():
    for scale in SECOND_ORDER_SCALES:
        p = random_point(5, scale)
        v = random_direction(5, p)
        rtol, atol = tolerance("finite_differences", "float64")
        exact = float(flatten(reference_grads(p)) @ flatten(v))
        assert abs(finite_difference_jvp(p, v) - exact) <= atol * logit_scale(p) + rtol * abs(exact)


def test_the_jvp_oracle_along_zero_is_zero():
    p = xorgrad.init_params()
    assert finite_difference_jvp(p, {k: np.zeros_like(a) for k, a in p.items()}) == 0.0
