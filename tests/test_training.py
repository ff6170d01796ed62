"""Whole training runs agree: same start, same final parameters, same loss curve."""

import numpy as np
import pytest

import xorgrad
from xorgrad.agreement import assert_match, compare_arrays, compare_grads
from xorgrad.contract import LN2, logit_scale, predictions, reference_loss
from xorgrad.oracle import finite_difference_grads
from xorgrad.testing import SHORT_STEPS, random_point
from xorgrad.tolerances import tolerance


# Runs here are 1000, SHORT_STEPS or 1 steps (0 aside): JAX compiles the training loop once per
# step count and dtype (a quarter of a second of CPU each), so this file, test_train_many.py,
# test_api.py, test_cli.py and test_plots.py share these compiles instead of making one each.
STEPS, SHORT = 1000, SHORT_STEPS
_RUNS = {}


def default_run(case):
    """The default 1000-step run of one case, computed once per test session."""
    if case not in _RUNS:
        _RUNS[case] = case.net().train(xorgrad.init_params(), steps=STEPS)
    return _RUNS[case]


def test_thousand_step_runs_match_numpy_float64(case):
    ref_params, ref_losses = xorgrad.get("numpy", "cpu", "float64").train(xorgrad.init_params())
    params, losses = default_run(case)
    assert losses.shape == (1000,)
    rtol, atol = tolerance("training", case.dtype)
    assert_match(compare_arrays({**params, "losses": losses}, {**ref_params, "losses": ref_losses},
                         rtol, atol, f"{case.id}: 1000 steps vs numpy float64"))


@pytest.mark.parametrize("lr", [0.3, 2.5])
def test_one_training_step_moves_every_parameter_by_minus_lr_times_the_oracle_gradient(case, lr):
    """p_1 = p_0 - lr dL/dp, checked against the oracle, not against another backend: every other
    comparison of training runs at one lr for all, so a loop that ignores lr would match itself."""
    p = random_point(11, 1.0)
    stepped, losses = case.net().train(p, steps=1, lr=lr)
    start = {k: v.astype(case.dtype).astype(np.float64) for k, v in p.items()}  # as the net saw it
    implied = {k: (start[k] - stepped[k]) / lr for k in p}                       # the gradient used
    assert_match(compare_grads(implied, finite_difference_grads(p), "finite_differences",
                               case.dtype, logit_scale(p),
                               f"{case.id}: (p0 - p1) / lr after one step at lr {lr} vs the oracle"))


def test_runs_at_another_lr_match_numpy_float64(case):
    p0, lr = xorgrad.init_params(5), 0.5
    ref_params, ref_losses = xorgrad.get("numpy", "cpu", "float64").train(p0, steps=SHORT, lr=lr)
    params, losses = case.net().train(p0, steps=SHORT, lr=lr)
    rtol, atol = tolerance("training", case.dtype)
    assert_match(compare_arrays({**params, "losses": losses}, {**ref_params, "losses": ref_losses},
                         rtol, atol, f"{case.id}: {SHORT} steps at lr {lr} vs numpy float64"))


def test_default_run_learns_xor(case):
    params, losses = default_run(case)
    a2 = predictions(params)[0]
    assert np.all((a2 > 0.5) == (xorgrad.XOR_Y[0] > 0.5)), a2
    assert losses[-1] < 0.05 < LN2 - 0.01 < losses[0] + 0.01


def test_losses_record_the_loss_before_each_update(case):
    p = xorgrad.init_params(3)
    params, losses = case.net().train(p, steps=SHORT, lr=0.5)
    rtol, atol = tolerance("loss", case.dtype)
    assert losses[0] == pytest.approx(reference_loss(p), rel=rtol, abs=atol)
    one_step, _ = case.net().train(p, steps=1, lr=0.5)
    _, rest = case.net().train(one_step, steps=SHORT, lr=0.5)   # one step later: rest[i] = losses[i + 1]
    assert np.allclose(rest[:-1], losses[1:], rtol=10 * rtol, atol=atol)


def test_zero_steps_return_the_start_unchanged(case):
    p = xorgrad.init_params(1)
    params, losses = case.net().train(p, steps=0)
    assert losses.shape == (0,)
    for k in p:
        np.testing.assert_allclose(params[k], p[k], rtol=tolerance("loss", case.dtype)[0])
    many = {k: np.stack([v, v]) for k, v in p.items()}
    params, losses = case.net().train_many(many, steps=0)   # the adapter's answer, every backend
    assert losses.shape == (2, 0) and losses.dtype == np.dtype(case.dtype)
    for k in p:
        assert params[k].shape == many[k].shape and params[k].dtype == np.dtype(case.dtype)


def test_callers_arrays_are_never_modified(case):
    p = xorgrad.init_params(2)
    before = {k: v.copy() for k, v in p.items()}
    case.net().train(p, steps=SHORT)
    case.net().loss_and_grads(p)
    for k in p:
        np.testing.assert_array_equal(p[k], before[k])


def test_original_question_settings_never_leave_the_ln2_plateau():
    """init 0.01, lr 0.1, 1000 steps (the question's settings) with the correct gradient."""
    net = xorgrad.get("numpy")
    for seed in range(10):
        params, losses = net.train(xorgrad.init_params(seed, scale=0.01), steps=1000, lr=0.1)
        assert abs(losses[-1] - LN2) < 1e-3
        assert np.all(np.abs(predictions(params) - 0.5) < 0.01)
