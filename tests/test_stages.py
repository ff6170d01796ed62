"""The stage reading itself (xorgrad/checker/stages.py): a mistake planted in one stage of a
synthetic backward pass, and only there, is named at that stage and at no other; the right
pass has no stage that differs. Pure NumPy, no child process: cheap."""

import random

import numpy as np
import pytest

from xorgrad.checker import stages
from xorgrad.checker.losses import SIGMOID, Arch, Target, check_points, forward
from xorgrad.contract import check_data

X, Y = check_data()
NAMES = ("w1", "b1", "w2", "b2")
MEAN_BCE = Target("bce", 0.25, "bce_mean", "the mean binary cross-entropy")
POINTS = check_points(hidden=2)


def backward(p, X, Y, net=SIGMOID, out=lambda dz2, a2: dz2, hid=None):
    """The true mean-BCE backward pass; `out` and `hid` plant a change in one stage."""
    z1, a1, _, a2 = forward(p, X, net)
    m = X.shape[1]
    dz2 = out((a2 - Y) / m, a2)
    deriv = net.deriv(a1, z1) if hid is None else hid(a1, z1, p["b1"])
    dz1 = p["w2"].T @ dz2 * deriv
    return {"w1": dz1 @ X.T, "b1": dz1.sum(1, keepdims=True), "w2": dz2 @ a1.T,
            "b2": dz2.sum(1, keepdims=True)}


def grad_view(net=SIGMOID, **plant):
    return stages.View(lambda p, X, Y, lr=None, seed=None: backward(p, X, Y, net, **plant),
                       "grad", NAMES, net, MEAN_BCE)


def step_view(step):
    return stages.View(step, "step", NAMES, SIGMOID, MEAN_BCE)


def plain_step(p, X, Y, lr, seed=None):
    g = backward(p, X, Y)
    return {k: p[k] - lr * g[k] for k in NAMES}


def reading(view):
    r = stages.read(view, POINTS, X, Y)
    first = r.first_wrong
    if first is not None:   # every stage before the one named agrees
        assert all(s.ok for s in r.stages[:r.stages.index(first)])
    return r, first


@pytest.mark.parametrize("view", [grad_view(), grad_view(Arch("tanh")), step_view(plain_step)],
                         ids=["sigmoid gradient", "tanh gradient", "sigmoid step"])
def test_a_right_backward_pass_has_no_stage_that_differs(view):
    r, first = reading(view)
    assert first is None, r
    assert [s.name for s in r.stages] == ["calls"] + (["lr"] if view.kind == "step" else []) + \
        ["output", "hidden"]


def test_a_step_that_keeps_state_is_named_at_the_calls_stage_with_its_beta():
    velocity = {}

    def momentum(p, X, Y, lr, seed=None):
        g = backward(p, X, Y)
        for k in NAMES:
            velocity[k] = 0.8 * velocity.get(k, 0.0) + lr * g[k]
        return {k: p[k] - velocity[k] for k in NAMES}
    r, first = reading(step_view(momentum))
    assert first.name == "calls" and first.measured["state"] == pytest.approx(0.8, rel=1e-6)
    assert "keeps state between calls" in first.text
    assert "the gradient it adds each call is the gradient of the mean binary cross-entropy" in \
        first.text


def test_a_step_that_applies_the_gradient_the_call_before_stored_is_named_at_the_calls_stage():
    stored = {}

    def stale(p, X, Y, lr, seed=None):   # update() before backward(): one call behind
        g = stored.get("g", {k: np.zeros_like(v) for k, v in p.items()})
        stored["g"] = backward(p, X, Y)
        return {k: p[k] - lr * g[k] for k in NAMES}
    r, first = reading(step_view(stale))
    assert first.name == "calls" and first.measured["state"] == "history"
    assert "calls at the same point differ at first and then agree" in first.text


def test_state_in_one_layer_names_that_layers_parameters_only():
    """dz1 from the output delta the call before stored: only w1, b1 differ call by call."""
    kept = {}

    def stale(p, X, Y, lr=None, seed=None):
        z1, a1, _, a2 = forward(p, X)
        dz2 = (a2 - Y) / X.shape[1]
        old = kept.get("dz2", np.zeros_like(dz2)) if kept.get("m") == X.shape[1] else dz2 * 0
        kept.update(dz2=dz2, m=X.shape[1])
        dz1 = p["w2"].T @ old * a1 * (1 - a1)
        return {"w1": dz1 @ X.T, "b1": dz1.sum(1, keepdims=True), "w2": dz2 @ a1.T,
                "b2": dz2.sum(1, keepdims=True)}
    st = stages.read_calls(stages.View(stale, "grad", NAMES, SIGMOID, MEAN_BCE), POINTS[0][1],
                           X, Y, None)
    assert not st.ok and st.measured["state"] == "history", st
    assert st.measured["params"] == ["w1", "b1"], st


def test_a_gradient_summed_over_calls_and_never_reset_is_named_at_the_calls_stage_not_momentum():
    total = {}

    def accumulated(p, X, Y, lr=None, seed=None):
        for k, v in backward(p, X, Y).items():
            total[k] = total.get(k, 0.0) + v
        return dict(total)
    r, first = reading(stages.View(accumulated, "grad", NAMES, SIGMOID, MEAN_BCE))
    assert first.name == "calls" and first.measured["state"] == "sum"
    assert "never resets" in first.text and "momentum" not in first.text


def test_a_random_step_is_read_with_its_generator_seeded_and_the_generator_named():
    def shuffled(p, X, Y, lr, seed=None):   # a per-sample pass in Python's random order
        if isinstance(seed, tuple):
            (np.random.seed if seed[1] == "numpy" else random.seed)(seed[0])
        elif seed is not None:
            np.random.seed(seed)
            random.seed(seed)
        q = {k: v.copy() for k, v in p.items()}
        order = list(range(X.shape[1]))
        random.shuffle(order)
        for i in order:
            g = backward(q, X[:, [i]], Y[:, [i]])
            q = {k: q[k] - lr * g[k] for k in NAMES}
        return q
    view = stages.View(shuffled, "step", NAMES, SIGMOID, Target("bce", 1.0, "bce_sum", "x"))
    r, first = reading(view)
    calls = r.get("calls")
    assert calls.ok and calls.measured == {"random": "seedable", "generator": "random"}
    assert first is None, r


@pytest.mark.parametrize("wide", [False, True], ids=["right shapes", "b1 turned (2, m)"])
def test_a_step_that_ignores_lr_is_named_at_the_lr_stage_with_its_own_lr(wide):
    def own(p, X, Y, lr, seed=None):   # wide: b1 - 0.1 db1 with db1 (1, m) (the table names it)
        new = plain_step(p, X, Y, 0.1)
        return {**new, "b1": new["b1"] + np.zeros((1, X.shape[1] if wide else 1))}
    r, first = reading(step_view(own))
    assert first.name == "lr" and first.measured["own_lr"] == pytest.approx(0.1, rel=1e-9)
    assert "it uses 0.1 of its own" in first.text


def test_a_step_that_returns_the_gradient_not_the_new_parameters_is_named_so():
    r, first = reading(step_view(lambda p, X, Y, lr, seed=None: backward(p, X, Y)))
    assert first.name == "lr" and "your step returns the gradient itself" in first.text


def test_lr_applied_twice_in_one_layer_is_named_at_the_lr_stage_for_that_layer():
    def twice(p, X, Y, lr, seed=None):
        new = plain_step(p, X, Y, lr)
        return {k: (p[k] + lr * (new[k] - p[k]) if k in ("w2", "b2") else new[k]) for k in NAMES}
    r, first = reading(step_view(twice))
    assert first.name == "lr" and "output layer moves as lr^2" in first.text
    assert "hidden layer" not in first.text


@pytest.mark.parametrize("layer, both", [("hidden layer", False), (None, True)])
def test_a_step_not_linear_in_lr_on_one_sample_is_named_at_the_lr_stage(layer, both):
    def stale(p, X, Y, lr, seed=None):   # dz1 through the new w2; both: two updates a call
        if both:
            return plain_step(plain_step(p, X, Y, lr / 2), X, Y, lr / 2)
        g, new = backward(p, X, Y), plain_step(p, X, Y, lr)
        new_g = backward({**p, "w2": new["w2"]}, X, Y)
        return {**new, "w1": p["w1"] - lr * new_g["w1"], "b1": p["b1"] - lr * new_g["b1"]}
    r, first = reading(step_view(stale))
    assert first.name == "lr" and "on data of one sample your step is not linear in lr" in first.text
    assert set(first.measured["bent"]) == ({"hidden layer", "output layer"} if both else {layer})
    assert ("updates repeated inside the call" in first.text) is both


def test_a_sample_left_out_of_the_batch_is_named_at_the_samples_stage_with_each_weight():
    def skips_last(p, X, Y, lr=None, seed=None):   # the loop stops one sample short
        m = X.shape[1]
        g = backward(p, X[:, :-1], Y[:, :-1]) if m > 1 else {k: 0 * v for k, v in p.items()}
        return {k: v * (m - 1) / m for k, v in g.items()}
    r, first = reading(stages.View(skips_last, "grad", NAMES, SIGMOID, MEAN_BCE))
    assert first.name == "samples" and first.measured["weights"] == pytest.approx([0.25] * 3 + [0])
    assert "the last one never counts" in first.text


def test_lr_applied_twice_to_one_parameter_names_that_parameter_not_its_layer():
    def twice_b2(p, X, Y, lr, seed=None):   # db2 = lr * sum(dz2) / m, then b2 -= lr * db2
        new = plain_step(p, X, Y, lr)
        return {**new, "b2": p["b2"] + lr * (new["b2"] - p["b2"])}
    r, first = reading(step_view(twice_b2))
    assert first.name == "lr" and first.text == "your b2 moves as lr^2: the learning rate is " \
        "applied twice"


@pytest.mark.parametrize("d", [2.0, 4.0])
def test_a_constant_in_place_of_m_is_named_at_the_output_stage_and_right_only_for_m_samples(d):
    def constant(p, X, Y, lr=None, seed=None):   # dz2 = (a2 - Y) / d, whatever m is
        return {k: v * X.shape[1] / d for k, v in backward(p, X, Y).items()}
    r, first = reading(stages.View(constant, "grad", NAMES, SIGMOID, MEAN_BCE))
    out = r.get("output")
    assert out.measured["constant"] == pytest.approx(d)
    assert out.ok is (d == X.shape[1]) and (first is None or first.name == "output")
    assert ("right for your 4 samples only" in out.text) is (d == 4.0)


def test_a_factor_in_dz2_is_named_at_the_output_stage_not_the_hidden_one():
    r, first = reading(grad_view(out=lambda dz2, a2: 2 * dz2))
    assert first.name == "output" and r.get("hidden") is None
    assert "your dL/dz2 is 2 times the true one (the mean binary cross-entropy) at every " \
        "sample and point" in first.text


def test_a_summed_loss_is_named_at_the_output_stage_by_one_sample_given_twice():
    """With one sample (m = 1) the mean and the sum agree; the same sample twice tells them apart."""
    def summed(p, X, Y, lr=None, seed=None):
        return {k: X.shape[1] * v for k, v in backward(p, X, Y).items()}
    r, first = reading(stages.View(summed, "grad", NAMES, SIGMOID, MEAN_BCE))
    assert first.name == "output" and first.measured["over_m"] == pytest.approx(2.0)
    assert "it sums over the samples" in first.text


def test_a_divide_by_m_in_one_layer_only_is_named_at_the_hidden_stage_by_one_sample_twice():
    """With one sample (m = 1) a /m missing from the hidden layer cannot show; the same sample
    twice shows the hidden layer carrying twice the output layer's factor."""
    def hidden_summed(p, X, Y, lr=None, seed=None):
        g = backward(p, X, Y)
        return {k: X.shape[1] * v if k in ("w1", "b1") else v for k, v in g.items()}
    r, first = reading(stages.View(hidden_summed, "grad", NAMES, SIGMOID, MEAN_BCE))
    assert first.name == "hidden" and r.get("output").ok
    assert first.measured["over_m"] == pytest.approx(2.0)
    assert first.measured["output_over_m"] == pytest.approx(1.0)
    assert "the output layer divides by m and the hidden layer does not" in first.text


@pytest.mark.parametrize("k, read_from", [("b2", "w2"), ("b1", "w1")])
def test_a_factor_for_m_samples_in_one_bias_only_names_that_bias_line_and_no_stage(k, read_from):
    """db = np.mean(dz) where dz carries 1/m already: on the sample twice only that bias sums to
    half; the weight beside it carries the right factor, so the bias's own line is named."""
    def bias_mean(p, X, Y, lr=None, seed=None):
        g = backward(p, X, Y)
        return {**g, k: g[k] / X.shape[1]}
    r, first = reading(stages.View(bias_mean, "grad", NAMES, SIGMOID, MEAN_BCE))
    assert first is None, r
    st = r.get("output" if k == "b2" else "hidden")
    assert st.measured["from"] == read_from, st
    assert f"the error is in {k}'s own gradient line, not in dz{k[1]}" in st.text, st.text
    assert "sums to 0.5 times what it is with the sample once" in st.text, st.text


@pytest.mark.parametrize("k, used, stage", [("w2", "x", "output"), ("w1", "a1", "hidden")])
def test_a_weight_gradient_built_on_the_wrong_input_is_named_with_that_input(k, used, stage):
    """dw2 = dz2 x^T (the input where a1 belongs), or dw1 = dz1 a1^T: the bias beside it carries
    the right delta, so the weight's own line is named with the input it multiplies by."""
    def wrong_input(p, X, Y, lr=None, seed=None):
        g = backward(p, X, Y)
        z1, a1, _, a2 = forward(p, X)
        dz2 = (a2 - Y) / X.shape[1]
        dz1 = p["w2"].T @ dz2 * a1 * (1 - a1)
        return {**g, k: dz2 @ X.T if k == "w2" else dz1 @ a1.T}
    r, first = reading(stages.View(wrong_input, "grad", NAMES, SIGMOID, MEAN_BCE))
    assert first is None, r
    st = r.get(stage)
    right = "a1" if k == "w2" else "x"
    assert f"your d{k} is dz{k[1]} times {used}^T" in st.text and f"where {right}^T" in st.text, st
    assert st.measured["named_line"][0] == k, st


@pytest.mark.parametrize("v, words", [
    (lambda a1: np.broadcast_to(a1.sum(0, keepdims=True), a1.shape), "dz2 times sum(a1)^T (the "
     "sum of a1's entries, the same in every place: np.sum with no axis"),
    (lambda a1: a1 * (1 - a1), "dz2 times (a1 (1 - a1))^T (a1 overwritten in place by its "
     "derivative before dw2 reads it")])
def test_a_dw2_built_on_a_sum_or_on_a1s_derivative_is_named_with_it(v, words):
    """dw2 = dz2 v^T with v the sum of a1 in every place (a sum with no axis), or a1's derivative
    (a1 changed in place before dw2 read it): named with that v."""
    def on_v(p, X, Y, lr=None, seed=None):
        g = backward(p, X, Y)
        _, a1, _, a2 = forward(p, X)
        return {**g, "w2": (a2 - Y) / X.shape[1] @ v(a1).T}
    r, first = reading(stages.View(on_v, "grad", NAMES, SIGMOID, MEAN_BCE))
    st = r.get("output")
    assert first is None and st.measured["named_line"][0] == "w2" and words in st.text, r


def test_a_weight_gradient_on_an_input_no_name_fits_shows_the_input_it_multiplies_by():
    """dw2 = dz2 v^T with v the first unit's activation for every unit: v, measured, beside a1."""
    def first_unit(p, X, Y, lr=None, seed=None):
        g = backward(p, X, Y)
        _, a1, _, a2 = forward(p, X)
        dz2 = (a2 - Y) / X.shape[1]
        return {**g, "w2": dz2 @ np.repeat(a1[:1], a1.shape[0], axis=0).T}
    r, first = reading(stages.View(first_unit, "grad", NAMES, SIGMOID, MEAN_BCE))
    st = r.get("output")
    assert first is None and st.measured["named_line"][0] == "w2", r
    assert "your dw2 is dz2 times v^T where a1^T (a1, the hidden layer's output) belongs" in st.text


@pytest.mark.parametrize("dw1, words", [
    (lambda dz1, X: (dz1 * X).sum(1), "an element-wise dz1 * x, broadcast, where the outer"),
    (lambda dz1, X: X @ dz1.T, "the indices of dz1 and x swapped: the transpose of the true dw1")])
def test_a_weight_gradient_of_the_right_products_in_the_wrong_places_names_each_place(dw1, words):
    """dw1's entries are dz1[a] x[b] (on one sample) with (a, b) not their own: an element-wise
    product broadcast into every row, or the transpose; each entry out of place is named."""
    def misplaced(p, X, Y, lr=None, seed=None):
        g = backward(p, X, Y)
        z1, a1, _, a2 = forward(p, X)
        dz1 = p["w2"].T @ ((a2 - Y) / X.shape[1]) * a1 * (1 - a1)
        return {**g, "w1": np.broadcast_to(dw1(dz1, X), (2, 2)).copy()}
    r, first = reading(stages.View(misplaced, "grad", NAMES, SIGMOID, MEAN_BCE))
    st = r.get("hidden")
    assert first is None and st.measured["named_line"][0] == "w1", r
    assert "unit 0's weight from x[1] gets dz1[1] x[1] where dz1[0] x[1] belongs" in st.text \
        or "unit 0's weight from x[1] gets dz1[1] x[0] where dz1[0] x[1] belongs" in st.text, st
    assert words in st.text, st.text


@pytest.mark.parametrize("weights, words", [
    (lambda w2, b2: w2[:, ::-1], "unit 0's takes w2[1] where w2[0] belongs; unit 1's takes w2[0]"),
    (lambda w2, b2: np.hstack([w2[:, 1:], b2]), "unit 1's takes b2 (the output bias) where w2[1] "
                                                 "belongs (a slice of dz2 @ W2.T, or of W2, off")])
def test_a_hidden_delta_taken_through_the_wrong_output_weights_names_each_units(weights, words):
    """dz1 = (v^T dz2) * sigma' with v not w2 (its units swapped; a slice that keeps b2): the
    right derivative, the wrong weights, named unit by unit at the hidden stage."""
    def through(p, X, Y, lr=None, seed=None):
        g = backward(p, X, Y)
        z1, a1, _, a2 = forward(p, X)
        dz1 = weights(p["w2"], p["b2"]).T @ ((a2 - Y) / X.shape[1]) * a1 * (1 - a1)
        return {**g, "w1": dz1 @ X.T, "b1": dz1.sum(1, keepdims=True)}
    r, first = reading(stages.View(through, "grad", NAMES, SIGMOID, MEAN_BCE))
    assert first.name == "hidden" and words in first.text, r
    assert "your dz1 goes back through the wrong output weights" in first.text, first.text


def test_a_hidden_delta_that_leaves_w2_out_is_named_so():
    """dz1 = dz2 * sigma' (da1 = dz2 where w2^T dz2 belongs): each unit takes 1 for its weight."""
    def without_w2(p, X, Y, lr=None, seed=None):
        g = backward(p, X, Y)
        z1, a1, _, a2 = forward(p, X)
        dz1 = (a2 - Y) / X.shape[1] * a1 * (1 - a1)
        return {**g, "w1": dz1 @ X.T, "b1": dz1.sum(1, keepdims=True)}
    r, first = reading(stages.View(without_w2, "grad", NAMES, SIGMOID, MEAN_BCE))
    assert first.name == "hidden" and "your dz1 leaves w2 out" in first.text, r


@pytest.mark.parametrize("right", [NAMES, ()], ids=["table right", "table wrong"])
def test_mini_batches_factor_is_no_output_error_where_the_table_finds_the_output_layer_right(right):
    """A step over mini-batches of 2, each a mean: on all 4 samples it follows 2 x the mean BCE
    (two updates a call), on one sample the mean itself. Where the table finds the output layer
    right on all the data, the output stage agrees and says so; where not, it differs."""
    def batches(p, X, Y, lr, seed=None):
        for s in range(0, X.shape[1], 2):
            g = backward(p, X[:, s:s + 2], Y[:, s:s + 2])
            p = {k: p[k] - lr * g[k] for k in NAMES}
        return p
    twice = Target("bce", 0.5, "2 x mean binary cross-entropy", "the loss your code follows", 2.0)
    r, first = reading(stages.View(batches, "step", NAMES, SIGMOID, twice, right=right))
    output = r.get("output")
    assert output.ok is bool(right), r
    assert ("on data of one sample it is 0.5 times that of 2 x mean binary cross-entropy" in
            output.text) is bool(right), output.text


def test_a_hidden_layer_fed_the_error_where_dz2_belongs_is_named_with_its_right_derivative():
    """Squared error: dz2 = (a2 - y) a2 (1 - a2) / m in the output layer, but the hidden layer
    takes w2^T (a2 - y) / m: its derivative is right, what reaches it lacks a2 (1 - a2)."""
    def from_error(p, X, Y, lr=None, seed=None):
        z1, a1, _, a2 = forward(p, X)
        err = (a2 - Y) / X.shape[1]
        dz2, dz1 = err * a2 * (1 - a2), p["w2"].T @ err * a1 * (1 - a1)
        return {"w1": dz1 @ X.T, "b1": dz1.sum(1, keepdims=True), "w2": dz2 @ a1.T,
                "b2": dz2.sum(1, keepdims=True)}
    half_mean = Target("se", 0.25, "se_half_mean", "the mean of the halved squared errors")
    r, first = reading(stages.View(from_error, "grad", NAMES, SIGMOID, half_mean))
    assert first.name == "hidden" and "your hidden layer multiplies by a1 (1 - a1) (this layer " \
        "is sigmoid: right), but what reaches it is not w2^T dz2 (your own dz2): it is w2^T dz2 " \
        "/ (a2 (1 - a2)): the output's sigmoid derivative a2 (1 - a2) is left out" in first.text, r


def test_a_sigmoid_derivative_missing_its_a1_factor_is_named_as_1_minus_a1():
    """exp(-z) / (1 + exp(-z)), the denominator not squared, is 1 - a1."""
    r, first = reading(grad_view(hid=lambda a1, z1, b1: np.exp(-z1) / (1 + np.exp(-z1))))
    assert first.name == "hidden" and first.text.startswith(
        "your hidden layer multiplies by 1 - a1, a derivative missing a factor"), r


def test_a_backward_pass_that_recomputes_a1_without_b1_is_named_in_dw2_and_the_derivative():
    """v = sigmoid(w1 x) in place of a1 in dw2 and in v (1 - v): both lines named."""
    def bare(p, X, Y, lr=None, seed=None):
        _, _, _, a2 = forward(p, X)
        v = 1 / (1 + np.exp(-(p["w1"] @ X)))
        dz2 = (a2 - Y) / X.shape[1]
        dz1 = p["w2"].T @ dz2 * v * (1 - v)
        return {"w1": dz1 @ X.T, "b1": dz1.sum(1, keepdims=True), "w2": dz2 @ v.T,
                "b2": dz2.sum(1, keepdims=True)}
    r, first = reading(stages.View(bare, "grad", NAMES, SIGMOID, MEAN_BCE))
    out = r.get("output")
    assert "your dw2 is dz2 times sigmoid(w1 x)^T (a1 recomputed without b1" in out.text, r
    assert first.name == "hidden" and "a1 (1 - a1) of a1 recomputed without b1" in first.text, r


@pytest.mark.parametrize("error, words", [
    (lambda a2, Y, m: a2 - Y / m, "the error a2 - Y / m per sample where (a2 - Y) / m belongs: "
     "the division binds to Y alone (operator precedence)"),
    (lambda a2, Y, m: a2 / m - Y, "the error a2 / m - Y per sample where (a2 - Y) / m belongs: "
     "the division binds to a2 alone"),
    (lambda a2, Y, m: (a2.T - Y).mean(axis=1, keepdims=True).T / m, "the error a2 - mean(Y) (times "
     "0.25) per sample where (a2 - Y) / m belongs: every sample's label is the labels' mean")])
def test_an_operator_precedence_slip_in_dz2_is_named_at_the_samples_stage(error, words):
    """a2 - Y / m is right on one sample (m = 1): only all the data shows it, as each sample's
    own weight, which is named as the slip."""
    r, first = reading(grad_view(out=lambda dz2, a2: error(a2, a2 - dz2 * dz2.shape[1],
                                                            dz2.shape[1])))
    assert first.name == "samples" and words in first.text, r


def _loop(p, X, Y, late):
    """A per-sample loop of the true mean-BCE pass whose dw1 or dw2 takes a stale value."""
    g = {k: np.zeros_like(v) for k, v in p.items()}
    m, kept = X.shape[1], {"dz1": np.zeros((2, 1)), "a1": None}
    for i in range(m):
        x, y = X[:, [i]], Y[:, [i]]
        z1, a1, _, a2 = forward(p, x)
        dz2 = (a2 - y) / m
        dz1 = p["w2"].T @ dz2 * a1 * (1 - a1)
        g["w1"] += (kept["dz1"] if late == "dz1" else dz1) @ x.T
        g["b1"] += dz1
        g["w2"] += dz2 @ (forward(p, X[:, [m - 1]])[1] if late == "a1" else a1).T
        g["b2"] += dz2
        kept["dz1"] = dz1
    return g


@pytest.mark.parametrize("late, words", [
    ("dz1", "your dw1 on all 4 samples pairs each sample's x with the previous sample's dz1"),
    ("a1", "your dw2 on all 4 samples pairs each sample's dz2 with the last sample's a1")])
def test_a_value_kept_from_another_sample_in_a_per_sample_loop_is_named(late, words):
    """dw1 += dz1 x^T before this sample's dz1, or dw2 with the last pass's a1 for every sample:
    right on one sample, named at the samples stage."""
    r, first = reading(stages.View(lambda p, X, Y, lr=None, seed=None: _loop(p, X, Y, late),
                                   "grad", NAMES, SIGMOID, MEAN_BCE))
    assert first.name == "samples" and words in first.text, r


def test_a_weight_gradient_that_is_the_product_of_the_means_is_named_not_as_a_stale_value():
    """dw1 = outer(mean dz1, mean x): right on one sample; on all of them the product of the
    means, which a stale value scaled to fit must not be taken for."""
    def means(p, X, Y, lr=None, seed=None):
        g = backward(p, X, Y)
        z1, a1, _, a2 = forward(p, X)
        dz1 = p["w2"].T @ (a2 - Y) * a1 * (1 - a1)
        return {**g, "w1": dz1.mean(1, keepdims=True) @ X.mean(1, keepdims=True).T}
    r, first = reading(stages.View(means, "grad", NAMES, SIGMOID, MEAN_BCE))
    assert first.name == "samples" and "is the product of the means, outer(mean of dz1, mean " \
        "of x)" in first.text and "last sample" not in first.text, r


def test_the_output_layers_derivative_in_the_hidden_layer_is_named_as_the_wrong_layers():
    def wrong_layer(p, X, Y, lr=None, seed=None):   # dz1 = da1 * a2 (1 - a2)
        z1, a1, _, a2 = forward(p, X)
        dz2 = (a2 - Y) / X.shape[1]
        dz1 = p["w2"].T @ dz2 * a2 * (1 - a2)
        return {"w1": dz1 @ X.T, "b1": dz1.sum(1, keepdims=True), "w2": dz2 @ a1.T,
                "b2": dz2.sum(1, keepdims=True)}
    r, first = reading(stages.View(wrong_layer, "grad", NAMES, SIGMOID, MEAN_BCE))
    assert first.name == "hidden" and "a2 (1 - a2), the output layer's sigmoid derivative (the " \
        "wrong layer's)" in first.text, r


def test_an_epsilon_in_a_denominator_is_named_at_the_output_stage_with_its_size():
    def out(dz2, a2):   # dL/da2 with + 1e-7 in both denominators, times a2 (1 - a2)
        m = dz2.shape[1]
        y = a2 - dz2 * m
        da2 = -(y / (a2 + 1e-7) - (1 - y) / (1 - a2 + 1e-7))
        return da2 * a2 * (1 - a2) / m
    r, first = reading(grad_view(out=out))
    assert first.name == "output" and first.measured["epsilon"] == pytest.approx(1e-7, rel=0.3)
    assert "harmless in training" in first.text



@pytest.mark.parametrize("wrong", [{"b1": lambda g: g.sum()},
                                   {"b1": lambda g: g.sum(0, keepdims=True)},
                                   {"b1": lambda g: g.sum(), "w1": lambda g: g.sum(1)}],
                         ids=["db1 a scalar", "db1 summed over axis 0", "dw1 and db1"])
def test_a_gradient_of_a_wrong_shape_carries_no_stage_the_others_are_read(wrong):
    """A db1 that broadcasts (the verdict's table names its shape) is left out, not indexed: the
    hidden stage reads dz1 from dw1 / x, or says it cannot be read; never a crash."""
    def grad(p, X, Y, lr=None, seed=None):
        g = backward(p, X, Y)
        return {k: wrong[k](g[k]) if k in wrong else g[k] for k in NAMES}
    r, first = reading(stages.View(grad, "grad", NAMES, SIGMOID, MEAN_BCE))
    assert first is None and r.get("output").ok, r
    assert r.get("hidden").measured.get("unread", False) is ("w1" in wrong)
    assert r.get("hidden").text == ("neither dw1 nor db1 has its right shape"
                                    if "w1" in wrong else
                                    "your hidden layer multiplies by a1 (1 - a1), the sigmoid's "
                                    "derivative; this layer is sigmoid")


@pytest.mark.parametrize("db1, words", [
    (lambda g, m: g.sum(), "the output layer follows the mean binary cross-entropy"),
    (lambda g, m: g + np.zeros((1, m)), "is the gradient of the mean binary cross-entropy")],
    ids=["scalar db1: b1 keeps its shape", "db1 (1, m): b1 changes shape"])
def test_a_stateful_step_with_a_broadcast_db1_is_read_from_what_carries_a_gradient(db1, words):
    velocity = {}

    def momentum(p, X, Y, lr, seed=None):
        g = backward(p, X, Y)
        g["b1"] = db1(g["b1"], X.shape[1])
        for k in NAMES:
            velocity[k] = 0.8 * velocity.get(k, 0.0) + lr * g[k]
        return {k: p[k] - velocity[k] for k in NAMES}
    r, first = reading(step_view(momentum))
    alone = stages.read_calls(step_view(momentum), POINTS[0][1], X, Y, stages.H)   # as nets reads it
    for st in (first, alone):
        assert st.name == "calls" and "keeps state" in st.text and words in st.text, st.text

def test_a_step_that_never_moves_b2_names_b2s_line_not_dz2_which_w2_carries_right():
    """The output stage reads dz2 from every output-layer parameter: w2 carries the true one, b2
    none, so b2's own line is named and the hidden stage is read with w2's dz2."""
    def no_b2(p, X, Y, lr, seed=None):
        return {**plain_step(p, X, Y, lr), "b2": p["b2"].copy()}
    r, first = reading(step_view(no_b2))
    out = r.get("output")
    assert first is None and out.measured["from"] == "w2", r
    assert "equals the true one (the mean binary cross-entropy) at every sample and point, as " \
        "dw2 carries it (dw2 = dz2 a1^T); read from db2 (db2 = dz2) instead, your dL/dz2 is 0 " \
        "times the true one" in out.text, out.text
    assert out.text.endswith("the error is in b2's own update or gradient line, not in dz2")
    assert r.get("hidden").ok and "a1 (1 - a1)" in r.get("hidden").text


def test_a_step_whose_db1_is_summed_to_a_scalar_names_b1s_line_not_the_hidden_derivative():
    """b1 -= lr * db1 with db1 a scalar keeps b1's shape: db1 carries no dz1, dw1 carries the
    true one, so the hidden stage agrees from dw1 and names b1's own line."""
    def scalar_db1(p, X, Y, lr, seed=None):
        g = backward(p, X, Y)
        return {**plain_step(p, X, Y, lr), "b1": p["b1"] - lr * g["b1"].sum()}
    r, first = reading(step_view(scalar_db1))
    hidden = r.get("hidden")
    assert first is None and hidden.measured["from"] == "w1", r
    assert hidden.text.startswith("your hidden layer multiplies by a1 (1 - a1), the sigmoid's "
                                  "derivative; this layer is sigmoid, as dw1 carries it (dw1 = dz1 "
                                  "x^T); read from db1 (db1 = dz1) instead, "), hidden.text
    assert hidden.text.endswith("the error is in b1's own update or gradient line, not in the "
                                "hidden derivative"), hidden.text

def test_where_db2_and_dw2_carry_the_same_wrong_dz2_dz2_is_named_from_both():
    r, first = reading(grad_view(out=lambda dz2, a2: 2 * dz2))
    assert first.name == "output" and "read from" not in first.text and "dw2" not in first.text

@pytest.mark.parametrize("net, hid, words", [
    (Arch("tanh"), lambda a1, z1, b1: a1 * (1 - a1),
     "multiplies by a1 (1 - a1), the sigmoid's derivative; this layer is tanh"),
    (SIGMOID, lambda a1, z1, b1: 1 - a1 ** 2,
     "multiplies by 1 - a1**2, tanh's derivative; this layer is sigmoid"),
    (SIGMOID, lambda a1, z1, b1: b1 + 0 * a1, "multiplies by b1, the bias value"),
    (SIGMOID, lambda a1, z1, b1: a1, "multiplies by a1, the activation itself"),
    (SIGMOID, lambda a1, z1, b1: np.cos(z1), "multiplies dL/da1 by"),
    (Arch("tanh"), lambda a1, z1, b1: 1 - np.tanh(a1) ** 2,
     "multiplies by 1 - tanh(a1)**2, tanh' of a1 (taken at the activation, where z1 belongs)"),
    (Arch("tanh"), lambda a1, z1, b1: 1 - a1 * 2,     # `*` typed for `**`: read as a polynomial
     "multiplies by 1 - 2 a1, at every sample and point; this layer is tanh, whose derivative is "
     "1 - a1**2"),
    (SIGMOID, lambda a1, z1, b1: a1 * (1 + a1), "multiplies by a1 + a1**2, at every sample"),
], ids=["tanh with sigmoid's", "sigmoid with tanh's", "bias", "a1", "unnamed", "tanh' of a1",
        "1 - 2 a1", "a1 + a1**2"])
def test_a_wrong_hidden_derivative_is_named_at_the_hidden_stage_only(net, hid, words):
    r, first = reading(grad_view(net, hid=hid))
    assert first.name == "hidden" and words in first.text, first.text
    assert r.get("output").ok


def test_a_stateful_step_whose_layers_follow_different_losses_says_so_layer_by_layer():
    """The issue's momentum program: the real bug (the two layers follow different losses) is
    read off the gradient the step adds each call, not lost behind 'random'."""
    velocity = {}

    def momentum(p, X, Y, lr, seed=None):
        bce = backward(p, X, Y)
        se = backward(p, X, Y, out=lambda dz2, a2: dz2 * a2 * (1 - a2))   # (a2 - y) a2 (1 - a2) / m
        g = {**{k: se[k] for k in ("w1", "b1")}, **{k: bce[k] for k in ("w2", "b2")}}
        for k in NAMES:
            velocity[k] = 0.9 * velocity.get(k, 0.0) + lr * g[k]
        return {k: p[k] - velocity[k] for k in NAMES}
    r, first = reading(step_view(momentum))
    assert first.name == "calls" and "keeps state" in first.text
    assert "the hidden layer follows the mean of the halved squared errors" in first.text
    assert "the output layer follows the mean binary cross-entropy" in first.text


@pytest.mark.parametrize("k", ["b1", "w2"])
def test_a_gradient_set_on_each_pass_of_a_per_sample_loop_is_named_at_the_samples_stage(k):
    """`d{k} = ...` where `d{k} += ...` belongs, in a loop over the samples: d{k} on all the data
    is the last sample's alone, every other gradient the mean: named at the samples stage, with
    the parameter and the sample, and no stage after it."""
    def loop(p, X, Y, lr=None, seed=None):
        m, out = X.shape[1], {}
        for i in range(m):
            g = backward(p, X[:, [i]], Y[:, [i]])
            out = {q: g[q] / m if q == k else out.get(q, 0.0) + g[q] / m for q in NAMES}
        return out
    r, first = reading(stages.View(loop, "grad", NAMES, SIGMOID, MEAN_BCE))
    assert first.name == "samples" and first.measured["kept"] == [k, X.shape[1] - 1], r
    assert f"your d{k} on all 4 samples is sample 3's alone (the last)" in first.text
    assert first is r.stages[-1]
