"""`check` names each known mistake in a hand-written gradient, marks exactly the parameters it
touches as wrong, never flags a correct gradient, and cannot be fooled by a function that
mutates what it is given."""

import numpy as np
import pytest

import xorgrad
from xorgrad.checker import GOOD_REL, CheckInputError, check, check_points


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def backprop(w1, b1, w2, b2, X, Y, da2_of=None, dz1_of=None):
    """A learner's backprop in the question's layout, with hooks to plant one mistake."""
    m = X.shape[1]
    z1 = w1 @ X + b1
    a1 = sigmoid(z1)
    z2 = w2 @ a1 + b2
    a2 = sigmoid(z2)
    if da2_of is None:
        dz2 = (a2 - Y) / m
    else:
        dz2 = da2_of(a2, Y, m, z2) * a2 * (1 - a2)
    dw2 = dz2 @ a1.T
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = w2.T @ dz2
    dz1 = da1 * a1 * (1 - a1) if dz1_of is None else dz1_of(da1, a1, z1)
    dw1 = dz1 @ X.T
    db1 = np.sum(dz1, axis=1, keepdims=True)
    return {"w1": dw1, "b1": db1, "w2": dw2, "b2": db2, "dz2": dz2, "dz1": dz1, "a1": a1,
            "z1": z1, "X": X}


def grads(**g):
    return g["w1"], g["b1"], g["w2"], g["b2"]


def correct(w1, b1, w2, b2, X, Y):
    return grads(**backprop(w1, b1, w2, b2, X, Y))


def verdicts(result):
    return {k: r.ok for k, r in result.params.items()}


def assert_cause(result, kind, wrong, text=""):
    assert not result.ok
    assert [k for k, ok in verdicts(result).items() if not ok] == wrong, result.report()
    found = [c for c in result.causes if c.kind == kind]
    assert found, result.report()
    assert sorted(found[0].params) == sorted(wrong), result.report()
    assert text in found[0].text, found[0].text


# ---- no false alarms -------------------------------------------------------------------------
def test_correct_gradient_passes_at_every_point_including_saturated_ones():
    r = check(correct, consequence=False)
    assert r.ok and not r.causes, r.report()
    assert any("saturation" in p for p in r.points)
    assert all(p.rel_error <= GOOD_REL and p.verdict == "ok" for p in r.params.values())


def test_correct_gradient_through_the_naive_da2_formula_also_passes():
    def naive(w1, b1, w2, b2, X, Y):
        return grads(**backprop(w1, b1, w2, b2, X, Y,
                                da2_of=lambda a2, Y, m, z2: -(Y / a2 - (1 - Y) / (1 - a2)) / m))
    assert check(naive, consequence=False).ok


def test_check_points_are_finite_and_saturate_where_they_say():
    pts = dict(check_points(0, 0.01))
    assert all(np.all(np.isfinite(v)) for p in pts.values() for v in p.values())
    z2 = [xorgrad.contract.reference_logit(p) for n, p in pts.items() if "outputs near 1" in n][0]
    assert np.all(z2 > 8)


def test_correct_example_exits_0_and_learns_xor():
    r = check("examples/correct.py:gradients")
    assert r.ok and r.consequence.trend == "goes down" and r.consequence.learned_xor


# ---- each recognised cause -------------------------------------------------------------------
def test_question_example_is_caught_as_sign_flip_on_y0_samples_with_a_rising_loss():
    r = check("examples/question.py:gradients")
    assert_cause(r, "sign_flip_y0", ["w1", "b1", "w2", "b2"], "y = 0")
    assert any("dL/da2" in c.text for c in r.causes if c.kind == "location")
    c = r.consequence
    assert (c.init_scale, c.lr, c.steps) == (0.01, 0.1, 1000)
    assert c.loss_one_step > c.loss_start and c.trend == "nan" and c.nan_step == 276
    assert "your update climbs the loss: this is why your cost keeps rising" in r.hints
    assert c.true_trend == "stalls"


def test_sign_flip_on_y1_samples_is_named():
    def f(w1, b1, w2, b2, X, Y):
        return grads(**backprop(w1, b1, w2, b2, X, Y,
                                da2_of=lambda a2, Y, m, z2: -(-Y / a2 - (1 - Y) / (1 - a2)) / m))
    assert_cause(check(f, consequence=False), "sign_flip_y1", ["w1", "b1", "w2", "b2"], "y = 1")


def test_sign_flip_on_every_sample_of_one_parameter_marks_only_that_one_and_climbs():
    def f(w1, b1, w2, b2, X, Y):
        g = backprop(w1, b1, w2, b2, X, Y)
        return g["w1"], g["b1"], -g["w2"], g["b2"]
    r = check(f, lr=1.0, steps=200)
    assert_cause(r, "sign_flip_all", ["w2"], "flipped")
    assert any("dw2 = dz2 @ a1.T" in c.text for c in r.causes if c.kind == "location")


def test_answer_example_is_caught_as_factor_4_equal_to_m():
    r = check("examples/answer.py:gradients")
    assert_cause(r, "summed_loss", ["w1", "b1", "w2", "b2"], "4 = m")
    assert "summed loss, not the mean" in r.causes[0].text
    assert all(abs(p.scale - 4.0) < 1e-9 and p.cosine > 1 - 1e-12 for p in r.params.values())
    assert r.consequence.trend == "stalls" and not r.consequence.true_learned_xor


@pytest.mark.parametrize("factor, words", [(2.0, "factor 2"), (0.25, "divided by m twice"),
                                           (3.7, "3.7 times")])
def test_constant_factor_on_one_parameter_is_named(factor, words):
    def f(w1, b1, w2, b2, X, Y):
        g = backprop(w1, b1, w2, b2, X, Y)
        return g["w1"], factor * g["b1"], g["w2"], g["b2"]
    assert_cause(check(f, consequence=False), "factor", ["b1"], words)


def test_transposed_square_matrix_is_named():
    def f(w1, b1, w2, b2, X, Y):
        g = backprop(w1, b1, w2, b2, X, Y)
        return X @ g["dz1"].T, g["b1"], g["w2"], g["b2"]   # (dz1 X^T)^T
    assert_cause(check(f, consequence=False), "transposed", ["w1"], "transpose")


def test_transposed_vector_is_named_with_what_broadcasting_does():
    def f(w1, b1, w2, b2, X, Y):
        g = backprop(w1, b1, w2, b2, X, Y)
        return g["w1"], g["b1"], g["a1"] @ g["dz2"].T, g["b2"]   # (2, 1), not (1, 2)
    r = check(f)
    assert_cause(r, "transposed", ["w2"], "into (2, 2)")
    assert r.params["w2"].shape == (2, 1)
    assert "w1, b1, b2 (not w2: its shape differs) together: cosine" in r.report()
    # training goes through what NumPy really does: the first update turns w2 into (2, 2)
    c = r.consequence
    assert c.stop[0] == "shape" and c.stop[1] == 0 and c.learned_xor is None   # not judged
    assert "at step 0 the update turns w2 into shape (2, 2)" in " ".join(c.text)


def test_wrong_shape_from_a_sum_without_keepdims_is_named():
    def f(w1, b1, w2, b2, X, Y):
        g = backprop(w1, b1, w2, b2, X, Y)
        return g["w1"], np.sum(g["dz1"], axis=1), g["w2"], g["b2"]   # (2,)
    assert_cause(check(f, consequence=False), "shape", ["b1"], "keepdims")


def test_all_zero_gradient_is_named():
    def f(w1, b1, w2, b2, X, Y):
        g = backprop(w1, b1, w2, b2, X, Y)
        return g["w1"], g["b1"], g["w2"], np.zeros((1, 1))
    assert_cause(check(f, consequence=False), "zeros", ["b2"], "all zeros")


def test_returning_dz2_instead_of_db2_is_the_wrong_quantity():
    def f(w1, b1, w2, b2, X, Y):
        g = backprop(w1, b1, w2, b2, X, Y)
        return g["w1"], g["b1"], g["w2"], g["dz2"]
    assert_cause(check(f, consequence=False), "wrong_quantity", ["b2"], "is dz2")


def test_using_da2_where_dz2_belongs_is_the_wrong_quantity():
    def f(w1, b1, w2, b2, X, Y):
        return grads(**backprop(w1, b1, w2, b2, X, Y,   # the a2 (1 - a2) of the hook cancels
                                da2_of=lambda a2, Y, m, z2: (a2 - Y) / m / (a2 * (1 - a2)) ** 2))
    assert_cause(check(f, consequence=False), "wrong_quantity", ["w1", "b1", "w2", "b2"],
                 "dL/da2 is used where dL/dz2 belongs")


@pytest.mark.parametrize("dz1_of, words", [
    (lambda da1, a1, z1: da1, "multiplies by 1: no derivative (dL/da1 used as dL/dz1)"),
    (lambda da1, a1, z1: da1 * sigmoid(a1) * (1 - sigmoid(a1)),
     "multiplies by sigmoid(a1) (1 - sigmoid(a1)), sigma' of a1 (taken at the activation"),
    (lambda da1, a1, z1: da1 * z1 * (1 - z1), "multiplies by z1 (1 - z1)"),
])
def test_hidden_layer_derivative_wrt_the_wrong_quantity_marks_only_w1_and_b1(dz1_of, words):
    """Read by the stage reading (the hidden layer's derivative, named among functions of z1,
    a1 and b1), not matched against a catalogue of whole gradients."""
    def f(w1, b1, w2, b2, X, Y):
        return grads(**backprop(w1, b1, w2, b2, X, Y, dz1_of=dz1_of))
    r = check(f, consequence=False)
    assert_cause(r, "hidden_derivative", ["w1", "b1"], words)
    assert "this layer is sigmoid, whose derivative is a1 (1 - a1)" in r.report()
    assert any("hidden layer" in c.text for c in r.causes if c.kind == "location")


def test_dw2_taken_from_z1_instead_of_a1_is_the_wrong_quantity():
    def f(w1, b1, w2, b2, X, Y):
        g = backprop(w1, b1, w2, b2, X, Y)
        return g["w1"], g["b1"], g["dz2"] @ g["z1"].T, g["b2"]
    assert_cause(check(f, consequence=False), "wrong_quantity", ["w2"], "uses z1")


def test_nan_near_saturation_is_reported_with_the_points_where_it_happens():
    def f(w1, b1, w2, b2, X, Y):
        g = backprop(w1, b1, w2, b2, X, Y)
        bad = np.all(sigmoid(w2 @ g["a1"] + b2) > 0.9999)   # an overflow, planted
        return g["w1"], g["b1"], g["w2"], g["b2"] * (np.nan if bad else 1.0)
    r = check(f, consequence=False)
    assert_cause(r, "nonfinite", ["b2"], "outputs near 1")
    assert r.params["b2"].nonfinite_points and r.params["b2"].verdict == "WRONG"
    assert any(c.kind == "nonfinite_only" for c in r.causes)


def test_a_float32_gradient_is_judged_at_float32_precision_and_says_so():
    """Correct float32 code passes at the table's float32 tolerance, with a note that says what
    that precision hides; a float32 gradient that is really wrong is still WRONG."""
    def f(w1, b1, w2, b2, X, Y):
        args = [a.astype(np.float32) for a in (w1, b1, w2, b2, X, Y)]
        return grads(**backprop(*args))
    r = check(f, consequence=False)
    assert r.ok and r.loss == "bce_mean", r.report()
    assert any("float32" in n and "tolerance" in n for n in r.notes)

    def wrong(w1, b1, w2, b2, X, Y):
        g = f(w1, b1, w2, b2, X, Y)
        return g[0] * np.float32(1.01), g[1], g[2], g[3]     # dw1 1% too large: a real bug
    r = check(wrong, consequence=False)
    assert not r.ok and r.params["w1"].verdict != "ok" and r.params["b1"].ok, r.report()


def test_a_row_inside_the_headers_ok_band_is_right_when_it_follows_the_targets_family():
    """A parameter's constant is the target's at the row's own precision: a row ok at every
    point (within rtol + atol / max|ref|) is not turned WRONG for a constant 3e-4 off, the
    scatter of a float32 step's constants (a b2 row at rel err 1e-3 once said WRONG)."""
    from types import SimpleNamespace
    from xorgrad.checker.losses import Target
    from xorgrad.checker.verdict import Fit, Seen, _per_param
    rows = {k: SimpleNamespace(ok=True, verdict="ok") for k in ("w1", "b1", "w2", "b2")}
    fits = {k: Fit("exact", "bce", 0.25 * (1 + 3e-4 * (k == "b2"))) for k in rows}
    seen = Seen(list(rows), fits, rows, {}, [], {}, [], [], [])
    assert _per_param(seen, Target("bce", 0.25, "bce_mean", "the loss your code follows"), 4)
    assert all(r.verdict == "ok" for r in rows.values()) and seen.per["b2"]["ok"]


def test_an_unknown_mistake_is_marked_wrong_without_a_made_up_cause():
    def f(w1, b1, w2, b2, X, Y):
        g = backprop(w1, b1, w2, b2, X, Y)
        return g["w1"] + 0.1, g["b1"], g["w2"], g["b2"]
    assert_cause(check(f, consequence=False), "unrecognised", ["w1"])


# ---- the function cannot corrupt the check ---------------------------------------------------
def test_a_right_gradient_times_a_factor_parts_from_the_true_run_by_that_factor_not_chaos():
    """2 times the mean BCE's gradient is correct for it (times 2): its run is the true loss's
    at twice the lr, not 'the same gradient' parted by rounding."""
    r = check(lambda *a: tuple(2 * g for g in correct(*a)), steps=20)
    text = r.consequence.text
    assert r.ok and r.factor == 2.0, r.report()
    assert any("your gradient is 2 times the true gradient, so your run is the true loss's at "
               "lr 2, not at lr 1" in t for t in text), text
    assert not any("follow the same gradient" in t for t in text), text


def test_a_stage_reading_that_cannot_run_on_one_sample_says_why_instead_of_nothing():
    """A wrong gradient whose code takes only the 4 samples (a hard-coded reshape): the stages
    are not read, and the report says what stopped them."""
    def four_only(w1, b1, w2, b2, X, Y):
        X.reshape(2, 4)
        g = correct(w1, b1, w2, b2, X, Y)
        return g[0], 2 * g[1], g[2], g[3]
    r = check(four_only, consequence=False)
    (st,) = r.stages.stages
    assert not r.ok and st.measured["unread"] and "the stage reading stopped" in st.text, r.report()
    assert "ValueError" in st.text and "not read: the stage reading stopped" in r.report(), st


@pytest.mark.parametrize("pack", [lambda g: (0.69, g), lambda g: (g, np.float64(0.69)),
                                  lambda g: (0.69, dict(zip(("dW1", "db1", "dW2", "db2"), g)))])
def test_a_gradient_returned_with_its_loss_is_read_with_the_loss_set_aside(pack):
    """(loss, grads), as value_and_grad returns them, or (grads, loss): the gradients judged."""
    r = check(lambda *a: pack(correct(*a)), consequence=False)
    assert r.ok and r.loss == "bce_mean", r.report()


def test_a_function_that_mutates_its_inputs_and_its_old_outputs_cannot_corrupt_the_result():
    kept = []

    def vandal(w1, b1, w2, b2, X, Y):
        out = correct(w1, b1, w2, b2, X, Y)
        for a in (w1, b1, w2, b2, X, Y, *kept):
            a[...] = 1e6                      # its arguments and everything it returned before
        kept.extend(out)
        return out
    r = check(vandal, steps=50)
    assert all(p.ok for p in r.params.values()), r.report()    # what it returns: read right
    assert not r.ok and [c.kind for c in r.causes] == ["changes_arguments"], r.report()
    assert "changes its arguments w1, b1, w2, b2, X, Y in place" in r.causes[0].text
    assert np.array_equal(xorgrad.XOR_X, [[0, 0, 1, 1], [0, 1, 0, 1]])


# ---- input the checker cannot use ------------------------------------------------------------
@pytest.mark.parametrize("ret, words", [
    (lambda g: g[:3], "returned 3 values; expected 4"),
    (lambda g: None, "returned None; expected the gradients"),
    (lambda g: ("a", "b", "c", "d"), "not an array of numbers"),
    (lambda g: {"w1": g[0]}, "returned a dict with keys"),
    (lambda g: [[1, 2], [3]] and (g[0], [[1, 2], [3]], g[2], g[3]), "not an array of numbers"),
])
def test_unusable_return_values_raise_a_one_line_error(ret, words):
    with pytest.raises(CheckInputError, match=words) as e:
        check(lambda *a: ret(correct(*a)))
    assert "\n" not in str(e.value)


def test_a_raising_function_is_reported_with_its_error_and_where():
    def f(w1, b1, w2, b2, X, Y):
        return w1 @ Y
    with pytest.raises(CheckInputError, match="raised ValueError") as e:
        check(f)
    assert "\n" not in str(e.value) and "test_check.py line" in str(e.value)


# ---- the learner's code runs apart: exiting, hanging, crashing, printing ----------------------
def test_a_function_that_calls_sys_exit_raises_one_line_and_the_caller_keeps_running():
    import sys

    def f(*a):
        sys.exit(0)
    with pytest.raises(CheckInputError, match=r"called exit\(0\) at your start") as e:
        check(f)
    assert "\n" not in str(e.value)


def test_a_function_that_ends_its_process_is_reported_with_the_exit_status():
    import os

    def f(*a):
        os._exit(7)
    with pytest.raises(CheckInputError, match="ended the process that ran it \\(exit status 7\\)"):
        check(f)


def test_a_hanging_function_is_stopped_at_its_time_limit():
    import time

    def f(*a):
        while True:
            pass
    t = time.monotonic()
    with pytest.raises(CheckInputError, match="did not finish within 0.2 s at your start"):
        check(f, timeout=0.2)
    assert time.monotonic() - t < 10


def test_what_the_learners_code_prints_is_captured_apart_from_the_callers_output(capfd):
    def f(*a):
        print("dW1 =", a[0][0, 0])
        return correct(*a)
    r = check(f, steps=5)
    out, err = capfd.readouterr()
    assert "dW1 =" not in out + err
    assert r.learner_output.startswith("dW1 =") and "your code printed" in r.report()


def test_long_learner_output_is_shortened_to_its_head_and_tail():
    def f(*a):
        print("x" * 100)
        return correct(*a)
    r = check(f, steps=200)
    assert len(r.learner_output) < 2200 and "bytes of output left out" in r.learner_output


# ---- layouts, biases, widths ------------------------------------------------------------------
def rows_backprop(W1, b1, W2, b2, X, Y):
    A1 = sigmoid(X @ W1 + b1)
    A2 = sigmoid(A1 @ W2 + b2)
    dZ2 = (A2 - Y) / len(X)
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(0, keepdims=True), A1.T @ dZ2, dZ2.sum(0, keepdims=True)


def test_one_sample_per_row_is_found_from_the_shapes_and_checked_as_correct():
    r = check(rows_backprop, consequence=False)
    assert r.form.layout == "rows" and r.ok and r.loss == "bce_mean", r.report()
    assert r.params["w1"].shape == (2, 2) and r.params["b1"].shape == (1, 2)


def test_saying_the_wrong_layout_is_one_line_about_what_the_code_raised():
    with pytest.raises(CheckInputError, match="raised ValueError") as e:
        check(rows_backprop, layout="columns")
    assert "\n" not in str(e.value)


def test_a_net_without_biases_and_with_three_hidden_units_is_checked():
    def f(w1, w2, X, Y):
        a1 = sigmoid(w1 @ X)
        a2 = sigmoid(w2 @ a1)
        dz2 = (a2 - Y) / X.shape[1]
        return ((w2.T @ dz2) * a1 * (1 - a1)) @ X.T, dz2 @ a1.T
    r = check(f, hidden=3, consequence=False)
    assert r.ok and not r.form.biases and r.form.hidden == 3 and list(r.params) == ["w1", "w2"]


# ---- which loss ------------------------------------------------------------------------------
def family_grad(family, c):
    """A learner's gradient of c times the summed BCE or half the summed squared error."""
    def da2(a2, Y, m, z2):
        return c * ((a2 - Y) / (a2 * (1 - a2)) if family == "bce" else (a2 - Y))

    def f(w1, b1, w2, b2, X, Y):
        return grads(**backprop(w1, b1, w2, b2, X, Y, da2_of=da2))
    return f


@pytest.mark.parametrize("name, family, c", [("bce_mean", "bce", 0.25), ("bce_sum", "bce", 1.0),
                                             ("se_mean", "se", 0.5), ("se_half_sum", "se", 1.0),
                                             ("se_sum", "se", 2.0)])
def test_each_known_loss_is_named_and_its_correct_gradient_passes(name, family, c):
    r = check(family_grad(family, c), consequence=False)
    assert r.ok and (r.loss, r.sign, r.factor) == (name, 1, 1.0), r.report()
    assert all(p == {"loss": name, "sign": 1, "factor": 1.0, "ok": True, "kind": "exact",
                     "lr_applied_twice": False} for p in r.per_param.values())


def test_a_float32_gradient_still_names_its_loss_despite_float32_rounding():
    """float32 arithmetic moves the fitted constant by about 1e-7: still the summed BCE, factor 1
    (the name is matched to 1e-6, not to float64's 1e-9; a mutant that tightened it survived)."""
    f64 = family_grad("bce", 1.0)

    def f32(w1, b1, w2, b2, X, Y):
        args = [np.asarray(a, dtype=np.float32) for a in (w1, b1, w2, b2, X, Y)]
        return tuple(np.asarray(g, dtype=np.float32) for g in f64(*args))
    r = check(f32, consequence=False)
    assert (r.loss, r.sign, r.factor) == ("bce_sum", 1, 1.0), r.report()


def test_a_constant_factor_no_loss_is_named_for_is_reported_against_the_mean():
    """3 times the mean BCE's gradient is no named loss: it is that loss with lr 3 times larger,
    correct, and the factor says 3 (a mutant that multiplied instead of divided survived)."""
    r = check(family_grad("bce", 0.75), consequence=False)
    assert r.ok and (r.loss, r.sign) == ("bce_mean", 1) and r.factor == pytest.approx(3.0)
    assert all(p["factor"] == pytest.approx(3.0) for p in r.per_param.values())
    assert any("3 times" in n and "lr 3" in n for n in r.notes), r.report()


def test_a_demanded_loss_is_what_the_gradient_is_judged_against():
    r = check(family_grad("se", 0.5), loss="bce", consequence=False)
    assert not r.ok and r.loss == "se_mean"
    assert_cause(r, "other_loss", ["w1", "b1", "w2", "b2"],
                 "the gradient of the mean squared error, not of the mean binary cross-entropy")


def test_a_factor_a_hair_from_1_is_printed_with_the_digits_that_show_it():
    r = check(family_grad("bce", 0.25 * 1.0001), loss="bce_mean", consequence=False)
    assert_cause(r, "factor", ["w1", "b1", "w2", "b2"], "every entry is 1.0001 times")


def test_minus_the_gradient_is_right_only_if_the_loop_adds_it():
    def minus(*a):
        return tuple(-g for g in correct(*a))
    r = check(minus)
    assert not r.ok and r.causes[0].kind == "minus_gradient" and r.sign == -1, r.report()
    c = r.consequence
    assert not c.update_stated and c.update == "add" and c.alternative["update"] == "subtract"
    assert c.learned_xor and c.alternative["trend"] == "rises"
    added = check(minus, update="add", steps=20)
    assert added.ok and added.loss == "bce_mean" and added.consequence.alternative is None


def test_a_step_that_adds_its_delta_and_one_that_subtracts_the_gradient_are_both_correct():
    def adds(w1, b1, w2, b2, X, Y, lr):
        g = correct(w1, b1, w2, b2, X, Y)
        for p, d in zip((w1, b1, w2, b2), g):
            p += lr * -d          # delta = minus the gradient, added in place
    def subtracts(w1, b1, w2, b2, X, Y, lr):
        return tuple(p - lr * d for p, d in zip((w1, b1, w2, b2), correct(w1, b1, w2, b2, X, Y)))
    for f in (adds, subtracts):
        r = check(f)
        assert r.ok and r.form.kind == "step" and r.loss == "bce_mean", r.report()
        assert r.consequence.update == "step" and r.consequence.learned_xor
        assert r.bend is None and "not linear in lr" not in r.report()   # one update a call


def test_a_step_that_climbs_says_so_and_its_run_rises():
    def climbs(w1, b1, w2, b2, X, Y, lr):
        return tuple(p + lr * d for p, d in zip((w1, b1, w2, b2), correct(w1, b1, w2, b2, X, Y)))
    r = check(climbs, steps=200)
    assert not r.ok and r.sign == -1 and r.consequence.trend == "rises", r.report()
    assert "your update climbs the loss: this is why your cost keeps rising" in r.hints


def test_the_cost_from_another_file_is_the_reference(tmp_path):
    path = tmp_path / "cost.py"
    path.write_text("import numpy as np\n"
                    "def c(w1, b1, w2, b2, X, Y):\n"
                    "    a = 1 / (1 + np.exp(-(w2 @ (1 / (1 + np.exp(-(w1 @ X + b1)))) + b2)))\n"
                    "    return np.sum((a - Y) ** 2)\n")
    r = check(family_grad("se", 2.0), cost=f"{path}:c", consequence=False)
    assert r.ok and r.loss == "own_cost" and r.target.name == "se_sum", r.report()


# ---- honest consequences ----------------------------------------------------------------------
def test_a_gradient_that_is_nan_everywhere_is_not_blamed_on_saturation():
    def f(*a):
        return tuple(g * np.nan for g in correct(*a))
    r = check(f, steps=5)
    text = " ".join(c.text for c in r.causes if c.kind == "nonfinite")
    assert "nan or inf at every point" in text and "saturation" not in text, r.report()


def test_a_negative_learning_rate_is_refused_not_blamed_on_the_gradient():
    with pytest.raises(CheckInputError, match="lr must be positive"):
        check(correct, lr=-1.0)


def test_zero_steps_says_one_thing_about_training():
    r = check(correct, steps=0)
    assert r.consequence.text == [t for t in r.consequence.text if t.startswith("no training")]
    assert len(r.consequence.text) == 1 and r.consequence.trend == "no steps"


def test_the_learners_run_and_the_true_run_start_from_the_same_untrained_point():
    r = check(correct, seed=3, steps=300)
    c = r.consequence
    assert c.losses[0] == pytest.approx(xorgrad.contract.reference_loss(xorgrad.init_params(3)),
                                        rel=1e-15)
    assert c.losses == pytest.approx(c.true_losses, rel=1e-12, abs=1e-15)


def test_the_learners_own_start_from_INIT_is_where_training_begins(tmp_path):
    path = tmp_path / "own.py"
    path.write_text("import numpy as np\n"
                    "def INIT():\n"
                    "    return (np.full((2, 2), 0.3), np.zeros((2, 1)), np.full((1, 2), -0.2),"
                    " np.zeros((1, 1)))\n"
                    "def g(w1, b1, w2, b2, X, Y):\n"
                    "    s = lambda z: 1 / (1 + np.exp(-z))\n"
                    "    a1 = s(w1 @ X + b1); a2 = s(w2 @ a1 + b2); dz2 = (a2 - Y) / 4\n"
                    "    dz1 = (w2.T @ dz2) * a1 * (1 - a1)\n"
                    "    return dz1 @ X.T, dz1.sum(1, keepdims=True), dz2 @ a1.T, dz2.sum(1, keepdims=True)\n")
    r = check(f"{path}:g", steps=3)
    p = {"w1": np.full((2, 2), 0.3), "b1": np.zeros((2, 1)), "w2": np.full((1, 2), -0.2),
         "b2": np.zeros((1, 1))}
    assert r.points[0].startswith("your start (INIT()")
    assert r.consequence.losses[0] == pytest.approx(xorgrad.contract.reference_loss(p), rel=1e-15)


# ---- the bands and the claims, each pinned -----------------------------------------------------
@pytest.mark.parametrize("factor, verdict", [(1.05, "WRONG"), (1.005, "suspicious")])
def test_a_gradient_off_by_more_than_1_percent_is_wrong_and_less_is_suspicious(factor, verdict):
    def f(*a):
        g = correct(*a)
        return g[0], g[1], g[2], factor * g[3]
    assert check(f, consequence=False).params["b2"].verdict == verdict


@pytest.mark.parametrize("flip, kind, term", [
    (lambda Y, a2, m: -(Y / a2 + (1 - Y) / (1 - a2)) / m, "sign_flip_y0",
     "the term (1 - y)/(1 - a2) has the wrong sign (plus where it should be minus)"),
    (lambda Y, a2, m: -(-Y / a2 - (1 - Y) / (1 - a2)) / m, "sign_flip_y1",
     "the term y/a2 has the wrong sign (minus where it should be plus)"),
])
def test_a_sign_flipped_on_one_class_names_that_class_and_its_term(flip, kind, term):
    def f(w1, b1, w2, b2, X, Y):
        return grads(**backprop(w1, b1, w2, b2, X, Y, da2_of=lambda a2, Y, m, z2: flip(Y, a2, m)))
    r = check(f, consequence=False)
    other = "sign_flip_y1" if kind == "sign_flip_y0" else "sign_flip_y0"
    assert_cause(r, kind, ["w1", "b1", "w2", "b2"], term)
    assert not any(c.kind == other for c in r.causes)


def test_right_at_every_other_point_is_not_claimed_when_it_is_wrong_elsewhere_too():
    def f(w1, b1, w2, b2, X, Y):
        g = backprop(w1, b1, w2, b2, X, Y)
        bad = np.all(sigmoid(w2 @ g["a1"] + b2) > 0.9999)
        return g["w1"], g["b1"], g["w2"], 2.0 * g["b2"] * (np.nan if bad else 1.0)
    r = check(f, consequence=False)
    assert any(c.kind == "nonfinite" for c in r.causes)
    assert not any(c.kind == "nonfinite_only" or "right at every other point" in c.text
                   for c in r.causes), r.report()


QUARTIC = '''import numpy as np
def s(z):
    return 1 / (1 + np.exp(-z))
def COST(w1, b1, w2, b2, X, Y):
    return np.mean((s(w2 @ s(w1 @ X + b1) + b2) - Y) ** 4)
def grad(w1, b1, w2, b2, X, Y, k=4):
    a1 = s(w1 @ X + b1); a2 = s(w2 @ a1 + b2)
    dz2 = k * (a2 - Y) ** (k - 1) * a2 * (1 - a2) / X.shape[1]
    dz1 = (w2.T @ dz2) * a1 * (1 - a1)
    return dz1 @ X.T, dz1.sum(1, keepdims=True), dz2 @ a1.T, dz2.sum(1, keepdims=True)
def square(w1, b1, w2, b2, X, Y):
    return grad(w1, b1, w2, b2, X, Y, k=2)
'''


def test_a_cost_check_does_not_name_is_differentiated_numerically_and_is_the_reference(tmp_path):
    path = tmp_path / "quartic.py"
    path.write_text(QUARTIC)
    r = check(f"{path}:grad", steps=20)
    assert r.ok and r.loss == "own_cost" and r.target.family == "own", r.report()
    wrong = check(f"{path}:square", consequence=False)
    assert_cause(wrong, "other_loss", ["w1", "b1", "w2", "b2"],
                 "the gradient of the mean squared error, not of your cost")


def test_a_step_that_returns_its_loss_is_read_from_the_arrays_it_changes_in_place():
    def step(w1, b1, w2, b2, X, Y, lr):
        g = correct(w1, b1, w2, b2, X, Y)
        for p, d in zip((w1, b1, w2, b2), g):
            p -= lr * d
        return 0.69                     # its cost, as many tutorials return
    r = check(step, steps=30)
    assert r.ok and r.form.kind == "step" and r.loss == "bce_mean", r.report()
    assert r.consequence.losses == pytest.approx(r.consequence.true_losses, rel=1e-12)


def test_row_layout_biases_as_1d_arrays_and_a_scalar_b2_are_accepted(tmp_path):
    path = tmp_path / "flat.py"
    path.write_text('''import numpy as np
def s(z):
    return 1 / (1 + np.exp(-z))
def INIT():
    rng = np.random.default_rng(0)
    return rng.normal(size=(2, 2)), np.zeros(2), rng.normal(size=(2, 1)), 0.0
def step(W1, b1, W2, b2, X, Y, lr):
    A1 = s(X @ W1 + b1); A2 = s(A1 @ W2 + b2)
    dZ2 = (A2 - Y) / len(X); dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return (W1 - lr * X.T @ dZ1, b1 - lr * dZ1.sum(0, keepdims=True), W2 - lr * A1.T @ dZ2,
            b2 - lr * dZ2.sum(0))
''')
    r = check(f"{path}:step", steps=50)
    assert r.ok and r.form.layout == "rows" and r.form.bias_shapes == {"b1": (2,), "b2": ()}
    assert r.consequence.stop is None and len(r.consequence.losses) == 51


def test_a_files_child_does_not_run_the_callers_main_script_again(tmp_path, monkeypatch):
    """The child that imports a learner's file starts from a server that imported only NumPy:
    the caller's own script (which may call check at its top level) is not run there again."""
    import sys
    import types
    marker = tmp_path / "ran"
    script = tmp_path / "my_script.py"
    script.write_text(f"open({str(marker)!r}, 'w').write('the script ran again')\n")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert check("examples/correct.py:gradients", steps=5).ok
    assert not marker.exists()


def test_a_hanging_file_is_stopped_with_the_processes_it_started(tmp_path):
    """The child is its own process group: what the learner's code started goes with it."""
    import os
    import pathlib
    import time
    pidfile = tmp_path / "pid"
    (tmp_path / "spawner.py").write_text(
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(pidfile)!r}, 'w').write(str(p.pid))\n"
        "def g(w1, b1, w2, b2, X, Y):\n"
        "    while True:\n"
        "        pass\n")
    with pytest.raises(CheckInputError, match="did not finish within 0.2 s"):
        check(f"{tmp_path / 'spawner.py'}:g", timeout=0.2)
    pid = int(pidfile.read_text())

    def alive():   # a killed process nobody has reaped yet (a zombie) is not alive
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        stat = pathlib.Path(f"/proc/{pid}/stat")
        return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")
    deadline = time.monotonic() + 5
    while alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    if alive():
        pytest.fail(f"the learner's own child {pid} outlived the check")


@pytest.mark.slow   # a Python of its own; fast proof: every check of a file in this tier
def test_the_fork_server_of_file_checks_is_stopped_when_the_caller_exits():
    """No process outlives the checker, and the CPU time of the learner's children is counted
    as the caller's (the server is waited for, so /usr/bin/time sees it)."""
    import os
    import subprocess
    import sys
    import time
    code = ("from xorgrad.checker import check\n"
            "from multiprocessing import forkserver\n"
            "check('examples/correct.py:gradients', steps=5)\n"
            "print(forkserver._forkserver._forkserver_pid)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    pid = int(run.stdout.split()[-1])
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_point_made_again_is_the_same_and_what_one_check_adds_to_it_stays_there():
    from xorgrad.checker.losses import SIGMOID, Arch, make_point
    p = xorgrad.init_params(0, 1.0)
    X, Y = xorgrad.XOR_X, xorgrad.XOR_Y
    a = make_point("here", p, X, Y)
    a.cands["own"] = "added by one check"
    b = make_point("here", {k: v.copy() for k, v in p.items()}, X, Y)
    assert "own" not in b.cands and b.cands.keys() == a.cands.keys() - {"own"}
    assert b.loss == a.loss and make_point("here", p, X, Y, Arch("tanh")).net != SIGMOID
    p["w1"][0, 0] += 1.0                     # other numbers: another point
    assert make_point("here", p, X, Y).loss != a.loss


def test_a_file_may_import_its_neighbour_inside_its_function(tmp_path):
    (tmp_path / "helper_mod.py").write_text("from xorgrad.oracle import reference_grads\n")
    (tmp_path / "lazy.py").write_text(
        "def gradients(w1, b1, w2, b2, X, Y):\n"
        "    import helper_mod   # a neighbour, imported when the function runs\n"
        "    g = helper_mod.reference_grads({'w1': w1, 'b1': b1, 'w2': w2, 'b2': b2}, X, Y)\n"
        "    return g['w1'], g['b1'], g['w2'], g['b2']\n")
    assert check(f"{tmp_path / 'lazy.py'}:gradients", steps=5).ok


def test_a_file_without_the_function_asked_for_leaves_no_child_behind():
    import multiprocessing
    with pytest.raises(CheckInputError, match="has no function 'nope'"):
        check("examples/correct.py:nope")
    assert multiprocessing.active_children() == []


def test_a_file_whose_global_numpy_generator_is_never_seeded_is_called_unseeded(tmp_path):
    """Each check of a file starts as a fresh Python would: NumPy's global generator is not the
    one the fork server's children would otherwise all share."""
    (tmp_path / "glob.py").write_text(
        "import numpy as np\n"
        "from xorgrad.oracle import reference_grads\n"
        "def step(w1, b1, w2, b2, X, Y, lr):\n"
        "    p = {'w1': w1, 'b1': b1, 'w2': w2, 'b2': b2}\n"
        "    for i in np.random.permutation(X.shape[1]):   # the global generator, never seeded\n"
        "        g = reference_grads(p, X[:, i:i + 1], Y[:, i:i + 1])\n"
        "        p = {k: p[k] - lr * g[k] for k in p}\n"
        "    return p['w1'], p['b1'], p['w2'], p['b2']\n")
    r = check(f"{tmp_path / 'glob.py'}:step", steps=5)
    assert r.form.random and r.form.seeded is False, r.report()
    assert "two fresh runs of your file take different random steps" in r.report()


def test_a_generator_no_seed_reaches_is_random_and_state_no_seed_sets_is_state(tmp_path):
    """Calls that differ with every generator seeded: a generator held where no seed reaches (an
    instance's, made unseeded at import) is randomness, as two fresh runs disagree; running
    averages kept between calls (Adam's) are state, as two fresh runs' first calls agree."""
    body = ("import numpy as np\n"
            "from xorgrad.oracle import reference_grads\n"
            "class Shuffler:\n"
            "    def __init__(self):\n"
            "        self.rng = np.random.default_rng()\n"
            "SH, V = Shuffler(), {}\n"
            "def step(w1, b1, w2, b2, X, Y, lr):\n"
            "    p = {'w1': w1, 'b1': b1, 'w2': w2, 'b2': b2}\n")
    (tmp_path / "held.py").write_text(body + (
        "    for i in SH.rng.permutation(X.shape[1]):\n"
        "        g = reference_grads(p, X[:, i:i + 1], Y[:, i:i + 1])\n"
        "        p = {k: p[k] - lr * g[k] for k in p}\n"
        "    return p['w1'], p['b1'], p['w2'], p['b2']\n"))
    (tmp_path / "rms.py").write_text(body + (
        "    g = reference_grads(p, X, Y)\n"
        "    for k in p:\n"
        "        V[k] = 0.9 * V.get(k, 0.0) + 0.1 * g[k] ** 2\n"
        "        p[k] = p[k] - lr * g[k] / (np.sqrt(V[k]) + 1e-8)\n"
        "    return p['w1'], p['b1'], p['w2'], p['b2']\n"))
    held = check(f"{tmp_path / 'held.py'}:step", consequence=False)
    assert held.form.random == "unseedable", held.report()
    rms = check(f"{tmp_path / 'rms.py'}:step", consequence=False)
    assert not rms.form.random and rms.calls.measured["state"] == "history", rms.report()
    assert "call for call (not randomness): your step keeps state between calls" in rms.report()


def test_a_loss_that_alternates_step_by_step_is_not_called_going_down():
    """An lr too large makes the loss alternate; printed at even steps it falls. The trend reads
    every step measured one by one (a long run's samples in between are None) and says so."""
    from xorgrad.checker.consequence import _trend
    even = [0.7 * 0.999 ** k for k in range(600)]
    alternating = [v * (1.3 if i % 2 else 1.0) for i, v in enumerate(even)]
    assert _trend(alternating, alternating[0])[0] == "alternates"
    assert _trend(even, even[0])[0] == "goes down"
    sampled = alternating + [None] * 9 + [0.2] + [None] * 9 + [0.19]   # a long run's tail
    assert _trend(sampled, sampled[0])[0] == "alternates"
    rising = [0.7 + 0.01 * k for k in range(600)]   # a steady climb is a climb, not alternation
    assert _trend(rising, rising[0])[0] == "rises"
    rng = np.random.default_rng(0)   # a random step's noisy descent is not an lr too large
    noisy = [v * (1 + 0.3 * rng.random()) for v in even]
    assert _trend(noisy, noisy[0])[0] == "goes down"
