"""`check` names each known mistake in a hand-written gradient, marks exactly the parameters it
touches as wrong, never flags a correct gradient, and cannot be fooled by a function that
mutates what it is given."""

import numpy as np
import pytest

import xorgrad
from xorgrad.check import GOOD_REL, CheckInputError, check, check_points


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
    assert c.loss_one_step > c.loss_start and c.trend == "nan" and 250 < c.nan_step < 300
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
    assert r.params["w2"].shape == (2, 1) and r.consequence.skipped


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
    (lambda da1, a1, z1: da1, "dL/da1 is used where dL/dz1 belongs"),
    (lambda da1, a1, z1: da1 * sigmoid(a1) * (1 - sigmoid(a1)), "applied to a1 instead of z1"),
    (lambda da1, a1, z1: da1 * z1 * (1 - z1), "written z1 (1 - z1)"),
])
def test_hidden_layer_derivative_wrt_the_wrong_quantity_marks_only_w1_and_b1(dz1_of, words):
    def f(w1, b1, w2, b2, X, Y):
        return grads(**backprop(w1, b1, w2, b2, X, Y, dz1_of=dz1_of))
    r = check(f, consequence=False)
    assert_cause(r, "wrong_quantity", ["w1", "b1"], words)
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


def test_float32_gradient_is_suspicious_not_ok():
    def f(w1, b1, w2, b2, X, Y):
        args = [a.astype(np.float32) for a in (w1, b1, w2, b2, X, Y)]
        return grads(**backprop(*args))
    r = check(f, consequence=False)
    assert not r.ok and {p.verdict for p in r.params.values()} <= {"ok", "suspicious"}
    assert any("float32" in n for n in r.notes)


def test_an_unknown_mistake_is_marked_wrong_without_a_made_up_cause():
    def f(w1, b1, w2, b2, X, Y):
        g = backprop(w1, b1, w2, b2, X, Y)
        return g["w1"] + 0.1, g["b1"], g["w2"], g["b2"]
    assert_cause(check(f, consequence=False), "unrecognised", ["w1"])


# ---- the function cannot corrupt the check ---------------------------------------------------
def test_a_function_that_mutates_its_inputs_and_its_old_outputs_cannot_corrupt_the_result():
    kept = []

    def vandal(w1, b1, w2, b2, X, Y):
        out = correct(w1, b1, w2, b2, X, Y)
        for a in (w1, b1, w2, b2, X, Y, *kept):
            a[...] = 1e6                      # its arguments and everything it returned before
        kept.extend(out)
        return out
    r = check(vandal, steps=50)
    assert r.ok, r.report()
    assert np.array_equal(xorgrad.XOR_X, [[0, 0, 1, 1], [0, 1, 0, 1]])


# ---- input the checker cannot use ------------------------------------------------------------
@pytest.mark.parametrize("ret, words", [
    (lambda g: g[:3], "returned 3 arrays"),
    (lambda g: None, "returned a NoneType"),
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
