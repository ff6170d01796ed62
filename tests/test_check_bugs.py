"""Behaviour tests for the checker bugs of issue 20: each fails when its bug is put back.

Each test states an independent fact (a gradient off by 1e-5 relative, a run that crashed, the
numbers of a run) rather than calling the checker's own helper for the expected value."""

import math

import numpy as np
import pytest

from xorgrad.checker import GOOD_REL, check
from xorgrad.contract import sigmoid


def correct(w1, b1, w2, b2, X, Y):
    m = X.shape[1]
    a1 = sigmoid(w1 @ X + b1)
    a2 = sigmoid(w2 @ a1 + b2)
    dz2 = (a2 - Y) / m
    dz1 = (w2.T @ dz2) * a1 * (1 - a1)
    return dz1 @ X.T, dz1.sum(1, keepdims=True), dz2 @ a1.T, dz2.sum(1, keepdims=True)


def test_a_gradient_off_by_1e_5_relative_is_judged_wrong_and_the_printed_threshold_is_1e_7():
    def off(*a):
        g = correct(*a)
        return g[0] * (1 + 1e-5 * np.array([[1.0, -1.0], [-1.0, 1.0]])), g[1], g[2], g[3]
    r = check(off, consequence=False)
    assert not r.ok and not r.params["w1"].ok, r.report()
    assert r.params["w1"].rel_error > 5e-6
    assert GOOD_REL == 1e-7 and "ok when rel err <= 1e-07" in r.report()
    exact = check(correct, consequence=False)
    assert exact.ok and max(p.rel_error for p in exact.params.values()) < 1e-9


def test_learns_xor_is_no_when_the_learners_run_crashes_or_goes_nan_however_good_it_was():
    calls = {"n": 0}

    def crashes_late(*a):
        calls["n"] += 1
        if calls["n"] > 300:          # after the checker's probes, part way through the run
            raise RuntimeError("out of memory")
        return correct(*a)
    r = check(crashes_late, lr=5.0, steps=600, update="subtract")
    assert r.consequence.stop is not None and r.consequence.learned_xor is False, r.report()
    own = [t for t in r.consequence.text if not t.startswith("with the true gradient")]
    assert not any("learns XOR: yes" in t for t in own), r.consequence.text

    def nan_late(*a):
        g = correct(*a)
        if float(np.abs(a[0]).max()) > 3.0:    # once the weights have grown: nan
            return tuple(x * np.nan for x in g)
        return g
    r = check(nan_late, lr=5.0, steps=600, update="subtract")
    assert r.consequence.trend == "nan" and r.consequence.learned_xor is False, r.report()


def test_a_learner_that_mutates_its_inputs_cannot_corrupt_the_numbers_of_its_run():
    def vandal(w1, b1, w2, b2, X, Y):
        out = correct(w1, b1, w2, b2, X, Y)
        for a in (w1, b1, w2, b2, X, Y):
            a[...] = 7.0
        return out
    clean = check(correct, steps=100, update="subtract")
    r = check(vandal, steps=100, update="subtract")
    # the same numbers, step by step, as an untouched learner's run
    assert np.allclose(r.consequence.losses, clean.consequence.losses, rtol=1e-12, atol=0)
    assert r.consequence.losses[-1] < r.consequence.losses[0]
    # and an independent plain loop of the same gradient agrees at the end
    from xorgrad.contract import XOR_X, XOR_Y, init_params
    s = clean.settings
    p = [v.copy() for v in init_params(s["seed"], s["scale"], 2).values()]
    for _ in range(100):
        p = [x - s["lr"] * g for x, g in zip(p, correct(*p, XOR_X, XOR_Y))]
    a2 = sigmoid(p[2] @ sigmoid(p[0] @ XOR_X + p[1]) + p[3])
    bce = float(-np.mean(XOR_Y * np.log(a2) + (1 - XOR_Y) * np.log(1 - a2)))
    assert math.isclose(r.consequence.losses[-1], bce, rel_tol=1e-9)


def test_a_gradient_of_the_y1_samples_only_is_named_as_such():
    def only_y1(w1, b1, w2, b2, X, Y):
        m = X.shape[1]
        a1 = sigmoid(w1 @ X + b1)
        a2 = sigmoid(w2 @ a1 + b2)
        dz2 = (a2 - Y) * Y / m              # the y = 0 samples drop out
        dz1 = (w2.T @ dz2) * a1 * (1 - a1)
        return dz1 @ X.T, dz1.sum(1, keepdims=True), dz2 @ a1.T, dz2.sum(1, keepdims=True)
    r = check(only_y1, consequence=False)
    kinds = {c.kind for c in r.causes}
    assert "only_y1" in kinds and "only_y0" not in kinds, r.report()
    text = next(c.text for c in r.causes if c.kind == "only_y1")
    assert "only the samples with y = 1 count" in text and "y = 0 is missing" in text


def test_minus_the_summed_gradient_is_named_as_the_summed_loss_not_a_factor_of_the_mean():
    def minus_sum(*a):
        return tuple(-4.0 * g for g in correct(*a))     # m = 4: minus the summed BCE's gradient
    r = check(minus_sum, consequence=False)
    assert r.causes[0].kind == "minus_gradient", r.report()
    text = r.causes[0].text
    assert "minus the gradient of the summed binary cross-entropy" in text, text
    assert "times 4" not in text and "mean" not in text, text
    assert r.loss == "bce_sum" and r.sign == -1 and r.factor == 1.0


@pytest.mark.parametrize("losses, words", [
    ([0.8, 1.2, 1.79, 1.0, 0.35], "; on the way it rose above its start at 3 of its 4 steps, "
                                  "first at step 1, highest 1.79 at step 2"),
    ([0.8, 0.7, 1.0, 0.6, 0.9, 0.3], "; on the way it rose above its start at 2 of its 5 steps, "
                                     "first at step 2, highest 1 at step 2"),
    ([0.8, 1.79, 1.2, 1.0, 0.35], ""),   # the first update: "your first update climbs" says it
    ([0.8, 0.5, 0.2, 0.3, 0.4], "; lowest 0.2 at step 2, then it rose again"),
    ([0.8, 0.5, 0.3, 0.1, 0.3, 0.1, 0.3, 0.1, 0.3],   # not one late rise: a swing, told whole
     "; from step 3 on it swings up and down between 0.1 and 0.3, 5 times"),
    ([0.8, 0.81, 0.5, 0.3, 0.2], ""),   # a wobble below a tenth of its fall is no detour
])
def test_a_run_that_ends_below_its_start_says_where_it_climbed_first_or_rose_again(losses, words):
    from xorgrad.checker.consequence import _rise_after_low
    assert _rise_after_low(losses) == words


def test_a_factor_reads_as_1_only_where_it_is_1_to_float64_rounding():
    from xorgrad.checker.verdict import fmt
    assert fmt(0.9999999999999998) == "1" and fmt(1.0) == "1"
    assert fmt(1.00001) != "1" and fmt(0.99999) != "1"


def test_a_gradient_no_net_fits_is_judged_on_a_net_the_report_says_was_taken_not_found():
    def cubed(w1, b1, w2, b2, X, Y):   # dz2 = (a2 - y)^3 / m: no parameter fits any net
        a1 = sigmoid(w1 @ X + b1)
        dz2 = (sigmoid(w2 @ a1 + b2) - Y) ** 3 / X.shape[1]
        dz1 = (w2.T @ dz2) * a1 * (1 - a1)
        return dz1 @ X.T, dz1.sum(1, keepdims=True), dz2 @ a1.T, dz2.sum(1, keepdims=True)
    r = check(cubed, steps=50, update="subtract")
    text = r.report()
    assert not r.ok and r.form.assumed, text
    assert "2 hidden units, taken as sigmoid: no net check knows fits any parameter" in text
    assert r.stages.get("output").measured.get("unread") and r.consequence.learned_xor is None
    assert "whether your net learns XOR is not judged" in text


def test_a_net_with_two_output_units_is_refused_in_one_line_that_counts_them(tmp_path):
    from xorgrad.checker import CheckInputError
    f = tmp_path / "softmax.py"
    f.write_text("import numpy as np\n"
                 "def INIT():\n    return np.ones((2, 2)), np.zeros((1, 2)), np.ones((2, 2)), np.zeros((1, 2))\n"
                 "def grads(W1, b1, W2, b2, X, Y):\n    return W1, b1, W2, b2\n")
    with pytest.raises(CheckInputError) as e:
        check(f"{f}:grads", consequence=False)
    assert "\n" not in str(e.value) and "2 output units" in str(e.value)
    assert "cannot judge this net" in str(e.value)


def test_a_right_step_whose_first_update_climbs_is_not_said_to_overshoot_where_the_true_run_never_rises():
    """A random step (a shuffled per-sample pass) that is right may climb on its first update by
    its draw alone: where the true gradient's run at the same lr never rises, 'the steps overshoot'
    (with a largest stable lr equal to the lr itself) would be false; the run's own line stays."""
    from types import SimpleNamespace

    from xorgrad.checker.consequence import _overshoot
    from xorgrad.checker.result import Consequence
    c = Consequence(0, 1.0, 0.5, 3, 2.9, loss_one_step=2.95, trend="goes down", loss_name="bce_sum",
                    true_losses=[2.9, 2.85, 2.8, 2.7])
    result = SimpleNamespace(ok=True, points=["p"], causes=[],
                             params={"w1": SimpleNamespace(nonfinite_points=[])})
    form = SimpleNamespace(kind="step", what="step", names=("w1", "b1", "w2", "b2"))
    own = "your first update climbs the loss, yet the run does not end above its start"
    lines = _overshoot(form, result, c, [own], None, None)
    assert lines == [own] and c.stable_lr is None, lines
    c.true_losses = [2.9, 2.95, 2.8, 2.7]     # the true run rises too: its steps overshoot
    c.loss_name = "own_cost"                  # (no stable lr is measured for an own cost)
    assert _overshoot(form, result, c, [own], None, None)[0].startswith(
        "your step is right; at lr 0.5 the steps overshoot")


def test_right_numbers_in_the_wrong_places_are_named_piece_by_piece_and_read_by_no_stage():
    """dw1's columns swapped (the weights from x1 where x2's belong, a stacked gradient split in
    another order): each piece is the true value of another piece at every point."""
    from xorgrad.oracle import reference_grads

    def swapped(w1, b1, w2, b2, X, Y):
        g = reference_grads({"w1": w1, "b1": b1, "w2": w2, "b2": b2}, X, Y)
        return g["w1"][:, ::-1], g["b1"], g["w2"], g["b2"]
    r = check(swapped, consequence=False)
    assert r.causes[0].kind == "misplaced" and r.causes[0].params == ["w1"], r.report()
    assert "your dw1's weights from x1 hold the true dw1's weights from x2; your dw1's weights " \
        "from x2 hold the true dw1's weights from x1" in r.report(), r.report()
    assert "DIFFERS" not in r.report() and "hidden  agrees" in r.report(), r.report()   # db1's
    assert "as db1 carries it (db1 = dz1); your dw1 holds numbers named above, not its own" \
        in r.report(), r.report()


def test_a_net_trained_on_targets_minus_one_and_one_is_refused_in_one_line_naming_them():
    """A right gradient of a linear-output net on the targets 2Y - 1 fits no net on the 0/1
    labels: one line says what it is, never 'WRONG' against labels it was not trained on."""
    from pathlib import Path

    from xorgrad.checker.stages import OutOfScope
    path = Path(__file__).resolve().parent / "learners" / "tanh_targets_pm1.py"
    with pytest.raises(OutOfScope) as e:
        check(f"{path}:grads", consequence=False)
    assert "\n" not in str(e.value) and "the gradient of the mean of the halved squared errors of " \
        "a 2-2-1, tanh hidden, linear output net on the targets 2Y - 1 (-1 and +1)" in str(e.value)


def test_a_sigmoid_written_as_half_one_plus_tanh_z_is_named_as_sigmoid_of_2z_in_one_line():
    """0.5 (1 + tanh(z)) is sigmoid(2 z): the hidden a1 read as dw2 / db2 is sigmoid(2 z1) at
    every sample, and dL/dz2 that of a sigmoid(2 z2) output. One line, not 'does not name'."""
    from pathlib import Path

    from xorgrad.checker.stages import OutOfScope
    path = Path(__file__).resolve().parent / "learners" / "sigmoid_tanh_missing_half.py"
    with pytest.raises(OutOfScope) as e:
        check(f"{path}:grads", consequence=False)
    assert "\n" not in str(e.value) and "your hidden units compute sigmoid(2 z1), not sigmoid(z1)" \
        in str(e.value) and "your output sigmoid(2 z2): 0.5 (1 + tanh(z)) is sigmoid(2 z)" in str(e.value)


def test_a_run_whose_first_update_lowers_the_loss_is_not_told_its_updates_climb_from_the_start():
    from xorgrad.checker.consequence import _climbs_later
    assert _climbs_later([0.69, 0.68, 0.62, 0.7], None) == (
        "your first update lowers the loss, but from step 2 on (loss 0.62, its lowest) your "
        "updates climb it: this is why your cost ends higher")
    assert _climbs_later([0.74, 0.69, 3.5, 18.9, float("nan")], 4) == (   # lowest after step 1
        "your first update lowers the loss, but from step 1 on (loss 0.69, its lowest) your "
        "updates climb it, until it turns nan at step 4")


@pytest.mark.parametrize("c", [5.0, 3.0])
def test_a_step_that_clips_its_parameters_names_the_entries_it_sets_whatever_lr(c):
    """np.clip of the parameters (not the gradient) binds only where an entry passes c: there the
    step sets it to +-c at every lr, which is no lr-times-a-gradient move. Named with the entries,
    the clip's bound read from them, and the points where the step is the true gradient's."""
    def step(w1, b1, w2, b2, X, Y, lr):
        g = correct(w1, b1, w2, b2, X, Y)
        return tuple(np.clip(p - lr * d, -c, c) for p, d in zip((w1, b1, w2, b2), g))
    r = check(step, consequence=False)
    pinned = [x for x in r.causes if x.kind == "pinned"]
    assert not r.ok and pinned, r.report()
    assert all(f"a clip of the parameters to [-{c:g}, {c:g}]?" in x.text for x in pinned), r.report()
    assert all("other points it follows the true gradient" in x.text for x in pinned), r.report()
    assert {k for x in pinned for k in x.params} == set(r.wrong()), r.report()
    assert "does not name" not in r.report()


def test_a_right_step_has_no_entry_set_whatever_lr():
    def step(w1, b1, w2, b2, X, Y, lr):
        return tuple(p - lr * d for p, d in zip((w1, b1, w2, b2), correct(w1, b1, w2, b2, X, Y)))
    r = check(step, consequence=False)
    assert r.ok and not r.form.pinned, r.report()


def test_a_step_returning_its_weights_and_updating_its_biases_in_place_is_read_whole():
    """`b -= lr * db` in place and `return W1 - ..., W2 - ...`: the two arrays returned stand for
    the parameters the call did not change, in order; judged right, with a note saying so. A
    gradient function returning two arrays is still refused (it changes nothing in place)."""
    from xorgrad.checker import CheckInputError

    def step(w1, b1, w2, b2, X, Y, lr):
        g = correct(w1, b1, w2, b2, X, Y)
        b1 -= lr * g[1]
        b2 -= lr * g[3]
        return w1 - lr * g[0], w2 - lr * g[2]
    r = check(step, consequence=False)
    assert r.ok, r.report()
    assert "your step returns w1, w2 and changes b1, b2 in place" in r.report()
    with pytest.raises(CheckInputError, match="returned 2 values; expected 4"):
        check(lambda w1, b1, w2, b2, X, Y: correct(w1, b1, w2, b2, X, Y)[::2], consequence=False)


def test_entries_a_tiny_gradient_leaves_unmoved_are_not_read_as_a_clip():
    """Trial 22: a step whose squared-error moves at saturated points are below an ulp, judged
    against the cross-entropy; with no entry set to a bound anywhere, staying put is no clip."""
    from pathlib import Path
    path = Path(__file__).parent / "learners" / "shuffle_x_not_y.py"
    r = check(f"{path}:sgd_epoch", consequence=False)
    assert not r.ok and "one value whatever lr" not in r.report(), r.report()
