"""A harness that cannot fail proves nothing: the known-wrong gradients must be rejected.

The project's reproductions of the original question's backprop (a sign error) and of the
accepted answer's (the gradient of the summed loss: 4x too large) go through the very comparison
the harness applies to the six lessons, and must fail it, naming the parameters.

What each example's mistake *is* (the sign flip on y = 0 samples, the factor m = 4, the rising
loss) is the checker's claim, tested once in tests/test_check*.py; the exit codes and output are
the CLI's. Here: only that the gradient-comparison harness rejects them and passes a correct one.
"""

import pathlib

import pytest

import xorgrad
from xorgrad.checker import load_function
from xorgrad.agreement import assert_match, compare_grads
from xorgrad.oracle import finite_difference_grads
from xorgrad.contract import PARAM_NAMES, logit_scale

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


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_answer_missing_one_over_m_is_rejected_for_every_parameter(seed):
    p = xorgrad.init_params(seed)
    result = oracle_check(learner_grads("answer", p), p)
    assert result.wrong() == list(PARAM_NAMES)
    assert not result.ok


def test_correct_example_passes_the_same_comparison():
    p = xorgrad.init_params()
    assert oracle_check(learner_grads("correct", p), p).ok
