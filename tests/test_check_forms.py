"""`check` judges against the learner's own net: claims about the factor's cause, a right layer
beside a wrong one, the per-call time limit, a stated ACTIVATION, and the one line when no form
fits. Function objects and small files, in-process (the learner's code still runs in a child)."""

import time

import numpy as np
import pytest

from xorgrad.checker import CheckInputError, check
from xorgrad.contract import sigmoid


def se_half_sum(w1, b1, w2, b2, X, Y, hidden_bug=0.0):
    """The gradient of the halved sum of squared errors, columns; hidden_bug spoils dz1."""
    a1 = sigmoid(w1 @ X + b1)
    a2 = sigmoid(w2 @ a1 + b2)
    dz2 = (a2 - Y) * a2 * (1 - a2)
    dz1 = (w2.T @ dz2) * a1 * (1 - a1) + hidden_bug * a1
    return dz1 @ X.T, dz1.sum(1, keepdims=True), dz2 @ a1.T, dz2.sum(1, keepdims=True)


def test_the_halved_sum_judged_against_the_mean_squared_error_is_m_over_2_from_sum_vs_mean():
    r = check(se_half_sum, loss="se_mean", consequence=False)
    cause = next(c for c in r.causes if c.kind == "factor")
    assert cause.factor == pytest.approx(2.0)            # m / 2 with m = 4
    assert "2 = m/2: the gradient of the halved sum of squared errors" in cause.text, cause.text
    assert "the summed loss, not the mean" in cause.text
    assert "the 2 of the square's derivative" not in r.report()


def test_a_right_output_layer_beside_a_wrong_hidden_layer_is_not_called_wrong():
    r = check(lambda *a: se_half_sum(*a, hidden_bug=0.01), consequence=False)
    assert r.params["w2"].ok and r.params["b2"].ok, r.report()
    assert not r.params["w1"].ok and not r.params["b1"].ok
    assert r.target.name == "se_half_sum" and "halved sum of squared errors" in r.report()
    assert not any("w2" in c.params for c in r.causes if c.kind != "location"), r.report()


def test_the_time_limit_is_per_call_so_a_slow_learner_is_checked_not_refused():
    def slow(*a):
        time.sleep(0.15)
        return se_half_sum(*a)
    t = time.monotonic()
    r = check(slow, timeout=1.0, steps=12, update="subtract")
    assert r.ok and r.consequence.losses[-1] < r.consequence.losses[0], r.report()
    assert time.monotonic() - t > 1.0        # far more than one limit in all
    assert r.consequence.per_call >= 0.15


def test_one_call_past_the_limit_stops_the_run_with_the_measured_call_time():
    calls = {"n": 0}

    def stalls(*a):
        calls["n"] += 1
        if calls["n"] > 40:                 # in the run, after the checker's probes
            time.sleep(30)
        return se_half_sum(*a)
    with pytest.raises(CheckInputError, match=r"did not finish within 1 s at training step \d+.*took .* ms each"):
        check(stalls, timeout=1.0, steps=100, update="subtract")


@pytest.mark.parametrize("stated, ok", [("tanh", True), ("relu", False)])
def test_a_stated_activation_is_the_net_judged_against(tmp_path, stated, ok):
    path = tmp_path / "net.py"
    path.write_text(f'ACTIVATION = "{stated}"\nSTEPS = 50\nUPDATE = "subtract"\n'
                    "import numpy as np\n"
                    "def grads(w1, b1, w2, b2, X, Y):\n"
                    "    a1 = np.tanh(w1 @ X + b1)\n"
                    "    a2 = 1 / (1 + np.exp(-(w2 @ a1 + b2)))\n"
                    "    dz2 = (a2 - Y) / X.shape[1]\n"
                    "    dz1 = w2.T @ dz2 * (1 - a1 ** 2)\n"
                    "    return dz1 @ X.T, dz1.sum(1, keepdims=True), dz2 @ a1.T, dz2.sum(1, keepdims=True)\n")
    r = check(f"{path}:grads")
    assert r.ok is ok and r.form.act == stated, r.report()
    assert f"{'tanh' if stated == 'tanh' else 'ReLU'} hidden" in r.report().splitlines()[1]


def test_a_tanh_gradient_is_recognised_without_being_told_and_learns_with_its_own_net():
    def tanh_grad(w1, b1, w2, b2, X, Y):
        a1 = np.tanh(w1 @ X + b1)
        a2 = sigmoid(w2 @ a1 + b2)
        dz2 = (a2 - Y) / X.shape[1]
        dz1 = w2.T @ dz2 * (1 - a1 ** 2)
        return dz1 @ X.T, dz1.sum(1, keepdims=True), dz2 @ a1.T, dz2.sum(1, keepdims=True)
    r = check(tanh_grad, lr=1.0, steps=2000, update="subtract")
    assert r.ok and r.form.act == "tanh" and r.loss == "bce_mean", r.report()
    assert "of the net 2-2-1, tanh hidden, sigmoid output" in r.report()
    # "learns XOR" is the tanh net's, after the learner's own loop: an independent loop agrees
    from xorgrad.contract import XOR_X, XOR_Y, init_params
    p = list(init_params(0, 1.0).values())
    for _ in range(2000):
        p = [v - 1.0 * g for v, g in zip(p, tanh_grad(*p, XOR_X, XOR_Y))]
    out = sigmoid(p[2] @ np.tanh(p[0] @ XOR_X + p[1]) + p[3])
    assert r.consequence.learned_xor == bool(np.all((out > 0.5) == (XOR_Y > 0.5)))
    assert r.consequence.losses[-1] == pytest.approx(
        float(-np.mean(XOR_Y * np.log(out) + (1 - XOR_Y) * np.log(1 - out))), rel=1e-9)


def test_when_no_form_fits_one_line_shows_the_shapes_and_the_forms_tried():
    def odd(w1, w2, X, Y):
        return (X @ w1 @ np.ones((5, 1))), w2     # fits no shape check can send
    with pytest.raises(CheckInputError) as e:
        check(odd, consequence=False)
    msg = str(e.value)
    assert "\n" not in msg and "fits none of the forms" in msg, msg
    assert "given parameter arrays of shapes" in msg and "the ones column in X" in msg and "stacked" in msg, msg


LEARNERS = __import__("pathlib").Path(__file__).resolve().parent / "learners"


@pytest.mark.parametrize("hidden, ok", [("np.tanh", True), ("sigmoid", False)])
def test_forward_in_the_file_defines_the_net_the_gradient_is_judged_against(tmp_path, hidden, ok):
    """The program's tanh step is right for its tanh FORWARD; the same step beside a FORWARD
    with sigmoid hidden units is judged against that sigmoid net, and is wrong there."""
    src = (LEARNERS / "forward_defines_net.py").read_text()
    if hidden == "sigmoid":
        src = src.replace("return np.tanh(X @ W1 + b1)", "return 1 / (1 + np.exp(-(X @ W1 + b1)))", 1)
        src = src.replace("def step(", "def hidden_tanh(W1, b1, X):\n    return np.tanh(X @ W1 + b1)\n\n\ndef step(")
        src = src.replace("H, out = hidden(W1, b1, X), FORWARD(W1, b1, W2, b2, X)",
                          "H = hidden_tanh(W1, b1, X)\n    out = 1 / (1 + np.exp(-(H @ W2 + b2)))")
    path = tmp_path / "learner.py"
    path.write_text(src)
    r = check(f"{path}:step", consequence=False)
    act = "tanh" if ok else "sigmoid"
    assert r.ok is ok and r.form.act == act, r.report()
    assert f"the net your FORWARD computes: 2-3-1, {'tanh' if ok else 'sigmoid'} hidden" in r.report()


def test_a_forward_that_is_no_known_net_is_one_line_with_its_output_and_each_nets(tmp_path):
    src = (LEARNERS / "forward_defines_net.py").read_text()
    path = tmp_path / "learner.py"
    path.write_text(src.replace("return 1 / (1 + np.exp(-(hidden(W1, b1, X) @ W2 + b2)))",
                                "return 0.5 / (1 + np.exp(-(hidden(W1, b1, X) @ W2 + b2)))"))
    with pytest.raises(CheckInputError) as e:
        check(f"{path}:step", consequence=False)
    msg = str(e.value)
    assert "\n" not in msg and "FORWARD in your file is none of the nets check knows" in msg, msg
    assert "2-3-1, tanh hidden, sigmoid output gives" in msg and "ReLU hidden" in msg, msg


@pytest.mark.parametrize("keys", ["w1", "dw1", "W1", "dW1"])
def test_a_dict_of_gradients_is_read_by_name_under_each_spelling(keys):
    def as_dict(w1, b1, w2, b2, X, Y):
        g = se_half_sum(w1, b1, w2, b2, X, Y)
        names = [keys.replace("w1", k).replace("W1", k.upper()) for k in ("w1", "b1", "w2", "b2")]
        return dict(zip(names, g))
    r = check(as_dict, consequence=False)
    assert r.ok and r.loss == "se_half_sum", r.report()


def test_a_hidden_bias_only_in_columns_with_three_units_reads_its_width_from_INIT(tmp_path):
    """INIT returns (w1 (3, 2), b1 (3, 1), w2 (1, 3)): 3 hidden units, samples in columns, not a
    (3, h) stacked w1 of 2 units; b1 holds one entry per hidden unit."""
    src = (LEARNERS / "hidden_bias_only_columns.py").read_text()
    src = src.replace("(4, 2)", "(3, 2)").replace("(4, 1)", "(3, 1)").replace("(1, 4)", "(1, 3)")
    path = tmp_path / "learner.py"
    path.write_text(src)
    r = check(f"{path}:grads", consequence=False)
    assert r.ok and r.form.hidden == 3 and r.form.packing.name == "hidden_only_columns", r.report()


def relu_grad_at_0_is_1(w1, b1, w2, b2, X, Y):
    """A ReLU net's mean-BCE gradient with ReLU's derivative taken as 1 at z1 = 0: (z1 >= 0)."""
    z1 = w1 @ X + b1
    a1 = np.maximum(z1, 0)
    a2 = sigmoid(w2 @ a1 + b2)
    dz2 = (a2 - Y) / X.shape[1]
    dz1 = w2.T @ dz2 * (z1 >= 0)
    return dz1 @ X.T, dz1.sum(1, keepdims=True), dz2 @ a1.T, dz2.sum(1, keepdims=True)


def test_relu_derivative_1_at_z_0_is_right_where_a_point_has_z1_exactly_0():
    """The default start has zero biases, so the sample (0, 0) has z1 = 0 exactly there: (z >= 0)
    and (z > 0) differ in db1, and both are right (ReLU has no derivative at 0). The true run
    takes the learner's convention, so the two runs are the same run."""
    r = check(relu_grad_at_0_is_1, update="subtract", steps=300, lr=0.5)
    assert r.ok and r.form.act == "relu" and r.form.net.at0 == 1.0 and r.loss == "bce_mean", r.report()
    assert any("your ReLU derivative is 1 where z1 is exactly 0" in n for n in r.notes), r.report()
    c = r.consequence
    assert all(abs(a - b) <= 1e-9 * max(1.0, b) for a, b in zip(c.losses, c.true_losses)), c.text


LINEAR_MSE = ("import numpy as np\n"
              "def grads(w1, b1, w2, b2, X, Y):\n"
              "    a1 = np.tanh(w1 @ X + b1)\n"
              "    out = w2 @ a1 + b2\n"
              "    dz2 = 2 * (out - Y) / X.shape[1]\n"
              "    dz1 = w2.T @ dz2 * (1 - a1 ** 2)\n"
              "    return dz1 @ X.T, dz1.sum(1, keepdims=True), dz2 @ a1.T, dz2.sum(1, keepdims=True)\n")


@pytest.mark.parametrize("stated, ok", [("linear", True), ("sigmoid", False)])
def test_a_stated_output_is_the_net_judged_against(tmp_path, stated, ok):
    path = tmp_path / "net.py"
    path.write_text(f'OUTPUT = "{stated}"\nSTEPS = 50\nUPDATE = "subtract"\n' + LINEAR_MSE)
    r = check(f"{path}:grads")
    assert r.ok is ok and r.form.net.out == stated, r.report()
    assert r.loss == ("se_mean" if ok else None), r.report()
    assert f"hidden, {stated} output" in r.report().splitlines()[1]
    assert r.to_dict()["form"]["output"] == stated


def test_a_linear_output_is_offered_squared_error_only(tmp_path):
    path = tmp_path / "net.py"
    path.write_text('OUTPUT = "linear"\n' + LINEAR_MSE)
    with pytest.raises(CheckInputError) as e:
        check(f"{path}:grads", loss="bce")
    assert "\n" not in str(e.value) and "needs an output in (0, 1)" in str(e.value)
    path.write_text('OUTPUT = "relu"\n' + LINEAR_MSE)
    with pytest.raises(CheckInputError, match="OUTPUT must be one of sigmoid, linear"):
        check(f"{path}:grads")


def test_a_forward_with_a_linear_output_defines_a_linear_output_net(tmp_path):
    src = (LEARNERS / "forward_defines_net.py").read_text()
    src = src.replace("return 1 / (1 + np.exp(-(hidden(W1, b1, X) @ W2 + b2)))",
                      "return hidden(W1, b1, X) @ W2 + b2")
    src = src.replace("d_out = 2 * (out - Y) / n * out * (1 - out)", "d_out = 2 * (out - Y) / n")
    path = tmp_path / "learner.py"
    path.write_text(src)
    r = check(f"{path}:step", consequence=False)
    assert r.ok and r.loss == "se_mean" and r.form.net.out == "linear", r.report()
    assert "the net your FORWARD computes: 2-3-1, tanh hidden, linear output" in r.report()


def test_a_gradient_of_the_learners_own_cost_judged_against_a_demanded_loss_names_both(tmp_path):
    """A linear-output cost is none of the sigmoid nets' losses; with loss='bce' (sigmoid outputs
    only) the gradient follows that cost exactly, and the report says so instead of failing."""
    path = tmp_path / "net.py"
    path.write_text(LINEAR_MSE + "def COST(w1, b1, w2, b2, X, Y):\n"
                    "    return float(np.mean((w2 @ np.tanh(w1 @ X + b1) + b2 - Y) ** 2))\n")
    r = check(f"{path}:grads", loss="bce", consequence=False)
    assert not r.ok and r.form.net.out == "sigmoid", r.report()
    assert any(c.kind == "other_loss" and "the gradient of your cost, not of the mean binary "
               "cross-entropy" in c.text for c in r.causes), r.report()
