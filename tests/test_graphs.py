"""The graphs the engines record compute the hand-written lines, value by value.

The NumPy lesson's intermediates (dz2, da1, dz1, ... read from its own frame) are the reference;
every graph (PyTorch's grad_fn nodes, JAX's jaxpr of value_and_grad, the ops of TensorFlow's
tf.function graph of loss_and_grads, HIPS autograd's VJP nodes, the engine lesson's tape)
must produce each of them at some step, to 1e-10 in float64.
"""

from pathlib import Path

import numpy as np
import pytest

from xorgrad import graphs
from xorgrad.cli import main
from xorgrad.impls import autograd_net as ag

ROOT = Path(__file__).resolve().parents[1]
TOL = dict(rtol=1e-10, atol=1e-14)


@pytest.fixture(scope="module")
def start():
    return graphs.default_start()


@pytest.fixture(scope="module")
def hand(start):
    return graphs.hand_values(start)


def need(framework):
    if framework not in graphs.available():
        pytest.skip(f"{framework} is not installed: pip install 'xorgrad[{framework}]'")


def test_hand_values_are_the_numpy_lessons_own_and_its_gradients(start, hand):
    from xorgrad.impls import numpy_net
    _, grads = numpy_net.loss_and_grads({k: v.copy() for k, v in start.items()},
                                        graphs.XOR_X, graphs.XOR_Y)
    for k, name in graphs.PARAM_OF.items():
        np.testing.assert_array_equal(hand[name], grads[k])
    assert hand["dz2"].shape == (1, 4) and hand["dz1"].shape == (2, 4)
    assert all(np.all(start[k] != 0) for k in ("b1", "b2"))   # nothing coincides by accident


def test_the_tape_holds_the_hand_written_intermediates_in_its_grads(start, hand):
    P = {k: ag.Tensor(v.copy()) for k, v in start.items()}
    z1, a1, z2, a2 = ag.forward(P, graphs.XOR_X)
    ag.bce_from_logits(z2, graphs.XOR_Y).backward()
    np.testing.assert_allclose(z2.grad, hand["dz2"], **TOL)   # dz2 = (a2 - Y) / m
    np.testing.assert_allclose(a1.grad, hand["da1"], **TOL)   # da1 = w2^T dz2
    np.testing.assert_allclose(z1.grad, hand["dz1"], **TOL)   # dz1 = da1 * a1 (1 - a1)
    for k, name in graphs.PARAM_OF.items():
        np.testing.assert_allclose(P[k].grad, hand[name], **TOL)
    for name in ("z1", "a1", "z2", "a2"):
        np.testing.assert_allclose(locals()[name].value, hand[name], **TOL)


@pytest.mark.parametrize("framework", graphs.FRAMEWORKS)
def test_every_graph_computes_every_hand_written_line(framework, start):
    need(framework)
    g = graphs.trace(framework, start)
    assert set(graphs.GRAD_NAMES) <= g.names(), f"missing {set(graphs.GRAD_NAMES) - g.names()}"
    assert "every hand-written line has its step" in graphs.render(g)


def test_torch_nodes_line_up_with_the_hand_written_backward(start):
    need("torch")
    g = graphs.trace("torch", start)
    first = {name: g.first(name).node.split()[0] for name in graphs.GRAD_NAMES}
    assert first == {"dz2": "BinaryCrossEntropyWithLogitsBackward0", "db2": "AddBackward0",
                     "dw2": "MmBackward0", "da1": "MmBackward0", "dz1": "SigmoidBackward0",
                     "db1": "AddBackward0", "dw1": "MmBackward0"}
    assert g.first("dw2") is g.first("da1")   # one node, two hand-written lines


def test_jax_jaxpr_computes_dz2_then_the_gradients_it_returns(start, hand):
    need("jax")
    g = graphs.trace("jax", start)
    order = [next(i for i, s in enumerate(g.steps) if s is g.first(n)) for n in
             ("z1", "a1", "z2", "loss", "dz2", "dz1", "dw1")]
    assert order == sorted(order)             # forward, then the loss, then backward, in order
    assert "value_and_grad" in g.title


def test_tensorflow_graph_has_the_forward_ops_then_the_gradient_ops_of_the_tape(start):
    need("tensorflow")
    g = graphs.trace("tensorflow", start)
    first = {name: g.first(name).node.split()[0] for name in graphs.GRAD_NAMES}
    assert first == {"dz2": "AddN", "db2": "Sum", "dw2": "MatMul", "da1": "MatMul",
                     "dz1": "SigmoidGrad", "db1": "Sum", "dw1": "MatMul"}
    order = [g.steps.index(g.first(n)) for n in ("z1", "a1", "z2", "loss", "dz2", "dz1", "dw1")]
    assert order == sorted(order)             # forward, then the loss, then backward, in order
    assert all("gradient_tape/" in g.first(n).node for n in ("db2", "dw2", "dz1", "dw1"))


def test_hips_nodes_line_up_with_the_hand_written_backward(start):
    need("hips")
    g = graphs.trace("hips", start)
    first = {name: g.first(name).node.split()[0] for name in graphs.GRAD_NAMES}
    assert first == {"dz2": "add", "db2": "add", "dw2": "matmul", "da1": "matmul",
                     "dz1": "multiply", "db1": "add", "dw1": "matmul"}
    assert g.first("dw2") is g.first("da1")   # one node, two hand-written lines
    assert [s.node for s in g.steps[-4:]] == [f"params  {k}.grad" for k in ("w1", "b1", "w2", "b2")]


def test_the_alignment_is_by_value_so_a_wrong_rule_shows_up(monkeypatch, start):
    """Break the tape's sigmoid rule: dz1 and everything below it is no longer found."""
    real = ag.sigmoid

    def wrong_sigmoid(z):
        out = real(z)
        (t, rule), = out.inputs
        out.inputs = [(t, lambda g: rule(g) * 2.0)]   # a factor 2 too many
        return out
    monkeypatch.setattr(ag, "sigmoid", wrong_sigmoid)
    g = graphs.trace("autograd", start)
    assert {"dz2", "dw2", "db2", "da1"} <= g.names()
    assert not {"dz1", "dw1", "db1"} & g.names()
    assert "NOT FOUND: dz1, dw1, db1" in graphs.render(g)


def test_a_tensorflow_forward_that_cuts_the_gradient_shows_up_as_not_found(monkeypatch, start):
    """tf.stop_gradient on a1: the forward values are the same, the first layer gets nothing."""
    need("tensorflow")
    import tensorflow as tf

    from xorgrad.impls import tensorflow_net

    def cut(params, X):
        z1 = params["w1"] @ X + params["b1"]
        a1 = tf.sigmoid(z1)
        z2 = params["w2"] @ tf.stop_gradient(a1) + params["b2"]
        return z1, a1, z2, tf.sigmoid(z2)
    monkeypatch.setattr(tensorflow_net, "forward", cut)
    g = graphs.trace("tensorflow", start)
    assert {"z1", "a1", "z2", "loss", "dz2", "dw2", "db2"} <= g.names()
    assert "NOT FOUND: da1, dz1, dw1, db1" in graphs.render(g)


@pytest.mark.parametrize("name", graphs.GRAD_NAMES)
def test_a_step_matches_a_hand_written_line_to_1e_10_and_no_looser(hand, name):
    """Rounding (1e-12) matches; an error in the 8th digit, or of 1e-9 absolute, does not."""
    h = hand[name]
    assert graphs._match(h * (1 + 1e-12), hand) == name
    assert graphs._match(h * (1 + 1e-8), hand) == "", "matched at a looser tolerance than 1e-10"
    assert graphs._match(h + 1e-9, hand) == "", "matched at an absolute tolerance of 1e-9"


@pytest.mark.parametrize("name", ["dw2", "dw1", "dz1", "da1"])
def test_a_transposed_output_is_matched_and_marked_as_the_transpose(hand, name):
    h = hand[name]
    assert h.shape != h.T.shape or not np.allclose(h, h.T)   # else its transpose is itself
    assert graphs._match(h.T, hand) == name + "ᵀ"


def test_jax_computes_da1_also_as_its_transpose_and_the_notes_say_so(start):
    need("jax")
    g = graphs.trace("jax", start)
    gives = [n for s in g.steps for n in s.gives if n]
    assert "da1ᵀ" in gives
    assert "transposed: dot_general computes da1ᵀ (the transpose of da1)" in graphs.fusions(g)


def test_fusions_name_the_steps_that_do_two_lines_or_take_several(start):
    notes = graphs.fusions(graphs.trace("autograd", start))
    assert "one step, 2 lines: matmul computes dw2 and da1" in notes
    assert "one line, 2 steps: dz2 takes mean -> bce_per_sample" in notes


def test_show_graph_prints_each_graph_beside_the_hand_written_lines(capsys):
    assert main(["show", "--graph", "--width", "140"]) == 0
    out = capsys.readouterr().out
    for title in ("autograd_net.py: the tape",):
        assert title in out
    titles = {"torch": "PyTorch", "jax": "jax.make_jaxpr", "tensorflow": "the graph tf.function",
              "hips": "HIPS autograd"}
    for f in titles:
        if f in graphs.available():
            assert titles[f] in out
    row = next(line for line in out.splitlines() if line.strip().startswith("bce_per_sample"))
    assert row.rstrip().endswith("dz2 = (a2 - Y) / m")
    assert "NOT FOUND" not in out


def test_show_graph_rejects_an_unknown_framework_in_one_line(capsys):
    assert main(["show", "--graph", "mxnet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no graph for 'mxnet'" in err


def test_the_picture_is_drawn_and_the_docs_have_it(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    target = tmp_path / "graph.png"
    assert main(["show", "--graph", "autograd", "--picture", str(target)]) == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (ROOT / "docs" / "autograd_graph.png").exists(), \
        "run: xorgrad show --graph --picture docs/autograd_graph.png"


def test_the_docs_quote_the_tapes_graph_as_it_prints_now():
    page = (ROOT / "docs" / "autograd.md").read_text(encoding="utf-8")
    quoted = page.split("<!-- graph -->", 1)[1].split("<!-- /graph -->", 1)[0]
    tape = graphs.render(graphs.trace("autograd"), width=150)
    assert tape.strip() in quoted, (
        "docs/autograd.md's sample output is stale: paste `xorgrad show --graph --width 150`")
