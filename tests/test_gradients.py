"""Every implementation's loss and gradients equal the float64 oracle and each other.

Each test runs once per (backend, device, dtype) through the `case` argument
(xorgrad/pytest_plugin.py). Tolerances come from xorgrad/tolerances.py, the table the README quotes.
"""

import numpy as np
import pytest

import xorgrad
from xorgrad.agreement import assert_match, compare_arrays
from xorgrad.contract import reference_logit
from xorgrad.oracle import finite_difference_grads
from xorgrad.testing import SCALES, assert_agrees_at, random_point
from xorgrad.tolerances import tolerance


def check_point(case, p, X=None, Y=None):
    assert_agrees_at(case.net(), p, X, Y)


def test_gradients_match_finite_differences_and_numpy_at_the_default_start(case):
    check_point(case, xorgrad.init_params())


def test_gradients_meet_the_relative_error_bound_without_any_atol_at_the_default_start(case):
    """Worst per-parameter relative error vs the oracle <= rtol (1e-7 in float64, CS231n's "good")."""
    p = xorgrad.init_params()
    _, grads = case.net().loss_and_grads(p)
    worst = compare_arrays(grads, finite_difference_grads(p), 0, 0).worst_rel
    assert worst <= tolerance("finite_differences", case.dtype)[0], worst


@pytest.mark.parametrize("scale", SCALES)
def test_gradients_match_at_fixed_random_points_of_every_scale(case, scale):
    for seed in range(3):
        check_point(case, random_point(seed, scale))


SATURATING_B2 = [40.0, 50.0, -50.0, -120.0, -800.0]   # output logits near b2 for every sample


class NaiveLossNet:
    """float64 NumPy backprop, but with the loss as the original question wrote it: the log of a
    rounded sigmoid, which is inf or nan once the output saturates."""

    dtype = "float64"

    def loss_and_grads(self, p, X=None, Y=None):
        _, grads = xorgrad.get("numpy").loss_and_grads(p, X, Y)
        z2 = reference_logit(p, X)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            a2 = 1 / (1 + np.exp(-z2))
            loss = -np.mean(xorgrad.XOR_Y * np.log(a2) + (1 - xorgrad.XOR_Y) * np.log(1 - a2))
        return float(loss), grads


@pytest.mark.parametrize("b2", [40.0, -800.0])
def test_the_harness_rejects_a_naive_log_of_sigmoid_loss_at_the_saturated_points(b2):
    """So the next test proves something: the same check fails a net whose loss is not finite."""
    p = xorgrad.init_params()
    p["b2"][:] = b2
    with pytest.raises(AssertionError, match="^loss (inf|nan)"):
        assert_agrees_at(NaiveLossNet(), p)


@pytest.mark.parametrize("b2", SATURATING_B2)
def test_loss_and_gradients_stay_finite_and_exact_at_saturated_outputs(case, b2):
    p = xorgrad.init_params()
    p["b2"][:] = b2
    loss, grads = case.net().loss_and_grads(p)
    assert np.isfinite(loss) and all(np.all(np.isfinite(g)) for g in grads.values())
    check_point(case, p)


def test_implementations_agree_pairwise_at_one_point(case, selected_pairs):
    """Not only each against NumPy: this case against every other selected case."""
    p = random_point(7, 1.0)
    _, mine = case.net().loss_and_grads(p)
    for backend, device in selected_pairs:
        other = xorgrad.get(backend, device, case.dtype)
        _, theirs = other.loss_and_grads(p)
        rtol, atol = tolerance("gradients", case.dtype)
        assert_match(compare_arrays(mine, theirs, 2 * rtol, 2 * atol, f"{case.id} vs {other!r}"))
