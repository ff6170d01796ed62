"""The engine of impls/autograd_net.py, one operation at a time, against central differences.

Each operation's backward rule is checked on its own, with a random upstream gradient G (so the
rule is tested for every output entry, not only for a sum): for out = op(x), the engine's x.grad
after out.backward(G) must equal d/dx sum(op(x) * G) by central differences. Shapes include the
broadcasts the net makes (a bias (h, 1) added to (h, m); one (2, m) X under N nets' weights).
"""

import numpy as np
import pytest

from xorgrad.impls import autograd_net as ag

RTOL = 1e-7          # central differences with h = 1e-6 on O(1) values: ~1e-9 error
ATOL = 1e-9          # their rounding floor: eps |sum(f G)| / h


def fd_grad(f, x, G, h=1e-6):
    """d/dx sum(f(x) * G), entry by entry, by central differences (x is a float64 array)."""
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = np.sum(f(x) * G)
        x[i] = old - h
        down = np.sum(f(x) * G)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def assert_grad_matches_fd(op, shapes, seed=0):
    """op(*tensors) -> Tensor; every input's .grad equals its finite-difference gradient."""
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal(s) for s in shapes]
    tensors = [ag.Tensor(a.copy()) for a in arrays]
    out = op(*tensors)
    G = rng.standard_normal(np.shape(out.value))
    out.backward(G)
    for k, t in enumerate(tensors):
        def f(x, k=k):
            args = [ag.Tensor(x if j == k else a) for j, a in enumerate(arrays)]
            return op(*args).value
        want = fd_grad(f, arrays[k].copy(), G)
        assert t.grad is not None, f"input {k} got no gradient"
        assert t.grad.shape == arrays[k].shape, f"input {k}: grad {t.grad.shape} vs {arrays[k].shape}"
        np.testing.assert_allclose(t.grad, want, rtol=RTOL, atol=ATOL,
                                   err_msg=f"input {k} of shape {shapes[k]}")


@pytest.mark.parametrize("shapes", [
    [(2, 4), (2, 4)],                 # same shape: the gradient passes through
    [(2, 4), (2, 1)],                 # a bias column added to every sample: sum over samples
    [(1, 4), (1, 1)],                 # the output bias
    [(3, 2, 4), (3, 2, 1)],           # N nets, each with its own bias
    [(3, 2, 4), (2, 4)],              # one (2, 4) shared by N nets: sum over the N axis too
    [(2, 1), (1, 4)],                 # both sides stretched
], ids=str)
def test_add_backward_sums_over_every_broadcast_axis(shapes):
    assert_grad_matches_fd(lambda a, b: a + b, shapes)


@pytest.mark.parametrize("shapes", [
    [(2, 2), (2, 4)],                 # w1 @ X
    [(1, 2), (2, 4)],                 # w2 @ a1
    [(3, 2, 2), (3, 2, 4)],           # N nets, batched
    [(3, 1, 2), (2, 4)],              # N nets' weights, one shared input: its gradient sums over N
], ids=str)
def test_matmul_backward_is_g_times_the_other_side_transposed(shapes):
    assert_grad_matches_fd(lambda a, b: a @ b, shapes)


def test_sigmoid_backward_is_s_times_one_minus_s():
    assert_grad_matches_fd(ag.sigmoid, [(2, 4)])
    z = ag.Tensor(np.array([[-800.0, 800.0]]))
    s = ag.sigmoid(z)
    s.backward(np.ones((1, 2)))
    assert s.value.tolist() == [[0.0, 1.0]] and z.grad.tolist() == [[0.0, 0.0]]  # no overflow


def test_bce_per_sample_backward_is_sigmoid_minus_y_and_finite_when_saturated():
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    assert_grad_matches_fd(lambda z: ag.bce_per_sample(z, Y), [(1, 4)])
    z = ag.Tensor(np.array([[800.0, -800.0, 40.0, -40.0]]))
    out = ag.bce_per_sample(z, Y)
    out.backward(np.ones((1, 4)))
    assert np.all(np.isfinite(out.value)) and np.all(np.isfinite(z.grad))
    np.testing.assert_allclose(z.grad, [[1.0, -1.0, 0.0, 0.0]], atol=1e-15)  # sigma(z) - y


@pytest.mark.parametrize("shape", [(1, 4), (3, 1, 4), (2, 3)], ids=str)
def test_mean_backward_gives_each_entry_one_nth(shape):
    assert_grad_matches_fd(ag.mean, [shape])


def test_sum_backward_gives_each_entry_the_whole_gradient():
    assert_grad_matches_fd(lambda x: x.sum(), [(3, 2, 4)])


def test_a_tensor_used_twice_gets_both_gradients_added():
    assert_grad_matches_fd(lambda x: ag.sigmoid(x) + x, [(2, 4)])
    x = ag.Tensor(np.ones((2, 2)))
    (x + x).sum().backward()
    np.testing.assert_array_equal(x.grad, 2.0)


def test_the_whole_net_matches_finite_differences_through_every_operation():
    """forward + loss as composed in the lesson, every parameter (and one net vs N nets)."""
    X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])

    def loss(w1, b1, w2, b2):
        params = {"w1": w1, "b1": b1, "w2": w2, "b2": b2}
        return ag.bce_from_logits(ag.forward(params, X)[2], Y).sum()
    assert_grad_matches_fd(loss, [(2, 2), (2, 1), (1, 2), (1, 1)], seed=3)
    assert_grad_matches_fd(loss, [(3, 2, 2), (3, 2, 1), (3, 1, 2), (3, 1, 1)], seed=4)


def test_topological_order_puts_every_tensor_after_its_inputs():
    a, b = ag.Tensor(np.ones((2, 1))), ag.Tensor(np.ones((2, 3)))
    c = ag.sigmoid(a + b)
    d = (c + a).sum()
    order = ag.topological_order(d)
    assert len(order) == len({id(t) for t in order}) == 6   # each tensor once, a included once
    where = {id(t): i for i, t in enumerate(order)}
    for t in order:
        assert all(where[id(i)] < where[id(t)] for i, _ in t.inputs)
    assert order[-1] is d


def test_visiting_the_nodes_in_the_wrong_order_gives_wrong_gradients(monkeypatch):
    """The order matters, and the finite-difference check above would see it."""
    real = ag.topological_order
    monkeypatch.setattr(ag, "topological_order", lambda root: real(root)[::-1])
    with pytest.raises((AssertionError, TypeError)):   # wrong numbers, or a grad still None
        assert_grad_matches_fd(lambda x: ag.sigmoid(ag.sigmoid(x)).sum(), [(2, 2)])


def test_forgetting_to_sum_over_broadcast_axes_is_caught(monkeypatch):
    monkeypatch.setattr(ag, "unbroadcast", lambda g, shape: g)
    with pytest.raises(AssertionError):
        assert_grad_matches_fd(lambda a, b: a + b, [(2, 4), (2, 1)])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_every_value_and_gradient_keeps_the_dtype(dtype):
    p = {k: ag.Tensor(np.ones(s, dtype=dtype)) for k, s in
         [("w1", (2, 2)), ("b1", (2, 1)), ("w2", (1, 2)), ("b2", (1, 1))]}
    X, Y = np.ones((2, 4), dtype=dtype), np.zeros((1, 4), dtype=dtype)
    loss, grads = ag.loss_and_grads(p, X, Y)
    assert loss.dtype == dtype and all(g.dtype == dtype for g in grads.values())
