"""A second-order harness that cannot fail proves nothing: planted bugs must be rejected.

Each bug is one line of the NumPy lesson's second-order section changed (its source, edited and
run as a module of its own): a wrong tangent line, a missing second-order term of the sigmoid, a
missing term of the product rule. The harness that judges every backend must reject each one,
with the per-parameter table naming the parameters it hits and passing the others. Bugs a
framework lesson can make are planted the same way in the HIPS and TensorFlow lessons (the
TensorFlow ones in the slow tier: tracing its tf.functions takes seconds).
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


FRAMEWORK_PLANTED = {  # name: (backend, the lesson's line, the line planted, what is WRONG)
    "hips: Hessian blocks cut in w1, b1, w2, b2 order from flatten's sorted vector": (
        "hips", "at = {k: i.astype(int) for k, i in unflatten(np.arange(theta.size)).items()}",
        "at = dict(zip(params, np.split(np.arange(theta.size), np.cumsum([p.size for p in "
        "params.values()])[:-1])))\n    at = {k: at[k].reshape(params[k].shape) for k in at}",
        ["w1", "b1", "w2", "b2"]),
    "hips: the hvp's tangent forgets w2": (
        "hips", "make_jvp(grad(loss))(params, X, Y)(v)[1]",
        "make_jvp(grad(loss))(params, X, Y)({**v, 'w2': 0 * v['w2']})[1]",
        ["w1", "b1", "w2", "b2"]),
    "tensorflow: the jvp's accumulator watches the first layer only": (
        "tensorflow", "with tf.autodiff.ForwardAccumulator(params, v) as acc:  # the params",
        "with tf.autodiff.ForwardAccumulator({k: params[k] for k in ('w1', 'b1')}, "
        "{k: v[k] for k in ('w1', 'b1')}) as acc:  #", ["dL.v"]),
}


def planted_net(good: str, bad: str, backend: str = "numpy"):
    """The float64 net of `backend`, its lesson rebuilt from source with the first `good`
    replaced."""
    net_class = type(xorgrad.get(backend)) if backend != "numpy" else NumpyNet
    source = inspect.getsource(net_class.lesson)
    assert source.count(good) >= 1, f"the lesson no longer has the line {good!r}"
    lesson = types.ModuleType(f"planted_{backend}_net")
    exec(compile(source.replace(good, bad, 1), f"planted_{backend}_net.py", "exec"),
         lesson.__dict__)
    return type("Planted", (net_class,), {"lesson": lesson})()


@pytest.mark.parametrize("bug", PLANTED)
def test_a_planted_second_order_bug_is_rejected_with_a_table_naming_the_parameters(bug):
    good, bad, wrong = PLANTED[bug]
    p = xorgrad.init_params()
    with pytest.raises(AssertionError) as info:
        assert_second_order_agrees_at(planted_net(good, bad), p, random_direction(1, p))
    table = str(info.value)
    verdicts = {line.split()[0]: line.split()[-1] for line in table.splitlines()[2:]}
    assert [name for name, verdict in verdicts.items() if verdict == "WRONG"] == wrong, table


@pytest.mark.parametrize("bug", [
    pytest.param(b, marks=pytest.mark.slow) if b.startswith("tensorflow") else b
    for b in FRAMEWORK_PLANTED])
def test_a_bug_planted_in_a_framework_lesson_is_rejected_with_the_table(bug):
    backend, good, bad, wrong = FRAMEWORK_PLANTED[bug]
    pytest.importorskip({"hips": "autograd"}.get(backend, backend),
                        reason=f"{backend} is not installed: pip install 'xorgrad[{backend}]'")
    p = xorgrad.init_params()
    with pytest.raises(AssertionError) as info:
        assert_second_order_agrees_at(planted_net(good, bad, backend), p, random_direction(1, p))
    table = str(info.value)
    verdicts = {line.split()[0]: line.split()[-1] for line in table.splitlines()[2:]}
    assert [name for name, verdict in verdicts.items() if verdict == "WRONG"] == wrong, table


def test_the_unplanted_lesson_passes_the_same_harness():
    good, _, _ = PLANTED["no second-order term of the sigmoid"]
    p = xorgrad.init_params()
    assert_second_order_agrees_at(planted_net(good, good), p, random_direction(1, p))
