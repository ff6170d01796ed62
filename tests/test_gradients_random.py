"""The same agreement at many more points, drawn by hypothesis (skipped if it is not installed)."""

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is not installed: pip install 'xorgrad[test]'")
from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from xorgrad.testing import SCALES, assert_agrees_at, random_point  # noqa: E402


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), scale=st.sampled_from(SCALES))
# Regression examples, run on every run: seed 1093 made the float32 loss 2.2 eps per unit of logit
# scale off, over the old table's 0.84 eps (the one-run-in-a-hundred flake); 4955 is the worst of
# 20,000 points at scale 100 (4.0 eps). The table now allows 16 eps (xorgrad/tolerances.py).
@example(seed=1093, scale=100.0)
@example(seed=4955, scale=100.0)
def test_gradients_match_at_random_points_of_every_scale(case, seed, scale):
    assert_agrees_at(case.net(), random_point(seed, scale))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Two fixed shapes (hidden width, examples), not any m in 1..12: JAX and TensorFlow trace once per
# shape, so every new shape costs a compile (5 s of the default run for JAX float64 when m was
# drawn). The data and the parameters stay random; a width of 1 with a single example, and a width
# of 8 with a batch of 12 (the slow tier's second-order test adds width 3 with 5 examples).
@given(seed=st.integers(0, 2**32 - 1), shape=st.sampled_from([(1, 1), (8, 12)]))
def test_gradients_match_for_other_widths_and_random_data(case, seed, shape):
    hidden, m = shape
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((2, m))
    Y = rng.uniform(0, 1, (1, m))          # soft labels are allowed: BCE is defined for y in [0, 1]
    assert_agrees_at(case.net(), random_point(seed, 1.0, hidden), X, Y)
