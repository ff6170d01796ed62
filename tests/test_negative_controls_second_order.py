"""A second-order harness that cannot fail proves nothing: planted bugs must be rejected.

Each bug is one line of the NumPy lesson's second-order section changed (its source, edited and
run as a module of its own): a wrong tangent line, a missing second-order term of the sigmoid, a
missing term of the product rule. The harness that judges every backend must reject each one,
with the per-parameter table naming the parameters it hits and passing the others.
"""

import inspect
import types

import pytest

import xorgrad
from xorgrad.backends.numpy_backend import Net as NumpyNet
from xorgrad.impls import numpy_net
from xorgrad.testing import assert_second_order_agrees_at, random_direction

PLANTED = {   # name: (the lesson's line, the line planted instead, what the table must call WRONG)
    "tangent of a1 without sigma'": ("ta1 = tz1 * a1 * (1.0 - a1)  ", "ta1 = tz1 * a1  ", ["dL.v"]),
    "no second-order term of the sigmoid": (
        "+ da1 * a1 * (1.0 - a1) * (1.0 - 2.0 * a1) * tz1)", "+ 0.0)", ["w1", "b1"]),
    "R{dw2} without dz2 ta1^T": ("rdw2 = rdz2 @ a1.mT + dz2 @ ta1.mT", "rdw2 = rdz2 @ a1.mT", ["w2"]),
}


def planted_net(good: str, bad: str):
    """The float64 NumPy net, its lesson rebuilt from source with the first `good` replaced."""
    source = inspect.getsource(numpy_net)
    assert source.count(good) >= 1, f"the lesson no longer has the line {good!r}"
    lesson = types.ModuleType("planted_numpy_net")
    exec(compile(source.replace(good, bad, 1), "planted_numpy_net.py", "exec"), lesson.__dict__)
    return type("Planted", (NumpyNet,), {"lesson": lesson})()


@pytest.mark.parametrize("bug", PLANTED)
def test_a_planted_second_order_bug_is_rejected_with_a_table_naming_the_parameters(bug):
    good, bad, wrong = PLANTED[bug]
    p = xorgrad.init_params()
    with pytest.raises(AssertionError) as info:
        assert_second_order_agrees_at(planted_net(good, bad), p, random_direction(1, p))
    table = str(info.value)
    verdicts = {line.split()[0]: line.split()[-1] for line in table.splitlines()[2:]}
    assert [name for name, verdict in verdicts.items() if verdict == "WRONG"] == wrong, table


def test_the_unplanted_lesson_passes_the_same_harness():
    good, _, _ = PLANTED["no second-order term of the sigmoid"]
    p = xorgrad.init_params()
    assert_second_order_agrees_at(planted_net(good, good), p, random_direction(1, p))
