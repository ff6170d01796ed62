"""A harness that cannot fail proves nothing: the known-wrong gradients must be rejected.

The project's reproductions of the original question's backprop (a sign error) and of the
accepted answer's (the gradient of the summed loss: 4x too large) go through the very comparison
the harness applies to the three implementations, and must fail it, naming the parameters.
"""

import pathlib

import numpy as np
import pytest

import xorgrad
from xorgrad.check import load_function
from xorgrad.compare import assert_match, compare, compare_grads
from xorgrad.oracle import finite_difference_grads
from xorgrad.contract import PARAM_NAMES, logit_scale, reference_loss

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"


def example_gradients(name):
    """The `gradients` function of examples/NAME.py (the learner-style files `check` is shown on)."""
    return load_function(f"{EXAMPLES / name}.py:gradients")[0]


def learner_grads(name, p):
    out = example_gradients(name)(*(p[k].copy() for k in PARAM_NAMES), xorgrad.XOR_X.copy(),
                                       xorgrad.XOR_Y.copy())
    return dict(zip(PARAM_NAMES, out)) if isinstance(out, tuple) else out


def oracle_check(got, p):
    return compare_grads(got, finite_difference_grads(p), "finite_differences", "float64",
                         logit_scale(p))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_question_sign_error_is_rejected_for_every_parameter(seed):
    p = xorgrad.init_params(seed)
    result = oracle_check(learner_grads("question", p), p)
    assert result.wrong() == list(PARAM_NAMES)
    with pytest.raises(AssertionError) as info:
        assert_match(result)
    table = str(info.value)
    for name in PARAM_NAMES:   # the failure names each parameter, with a verdict a learner can read
        assert any(line.split()[:1] == [name] and line.rstrip().endswith("WRONG")
                   for line in table.splitlines()), table


def test_question_gradient_is_the_y1_descent_minus_the_y0_descent():
    """The measured fact behind the cause: the sign error turns descent into ascent on y = 0."""
    p = xorgrad.init_params(4)
    net = xorgrad.get("numpy")
    y1, y0 = xorgrad.XOR_Y[0] == 1, xorgrad.XOR_Y[0] == 0
    _, g1 = net.loss_and_grads(p, xorgrad.XOR_X[:, y1], xorgrad.XOR_Y[:, y1])
    _, g0 = net.loss_and_grads(p, xorgrad.XOR_X[:, y0], xorgrad.XOR_Y[:, y0])
    expected = {k: (g1[k] - g0[k]) / 2 for k in PARAM_NAMES}   # each half holds m/2 of m samples
    assert compare(learner_grads("question", p), expected, 1e-9, 1e-15).ok


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_answer_missing_one_over_m_is_rejected_and_is_exactly_m_times_too_large(seed):
    p = xorgrad.init_params(seed)
    got = learner_grads("answer", p)
    result = oracle_check(got, p)
    assert result.wrong() == list(PARAM_NAMES)
    _, true = xorgrad.get("numpy").loss_and_grads(p)
    m = xorgrad.XOR_X.shape[1]
    assert compare(got, {k: m * true[k] for k in PARAM_NAMES}, 1e-12, 1e-16).ok


def test_correct_example_passes_the_same_comparison():
    p = xorgrad.init_params()
    assert oracle_check(learner_grads("correct", p), p).ok


def test_one_wrong_parameter_is_named_alone():
    p = xorgrad.init_params()
    _, grads = xorgrad.get("numpy").loss_and_grads(p)
    grads["b2"] = -grads["b2"]
    assert oracle_check(grads, p).wrong() == ["b2"]
    tiny = dict(grads, b2=-grads["b2"], w1=grads["w1"] * (1 + 1e-5))   # a 1e-5 relative slip
    assert oracle_check(tiny, p).wrong() == ["w1"]


def test_a_loss_that_rises_is_what_the_sign_error_does():
    p = xorgrad.init_params(0, scale=0.01)
    grads_fn = example_gradients("question")
    losses = []
    for _ in range(100):
        losses.append(reference_loss(p))
        g = grads_fn(*(p[k] for k in PARAM_NAMES), xorgrad.XOR_X, xorgrad.XOR_Y)
        p = {k: p[k] - 0.1 * gk for k, gk in zip(PARAM_NAMES, g)}
    assert np.all(np.diff(losses) > 0)
