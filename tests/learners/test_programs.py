"""Real learners' programs, written fresh in the styles `check` meets (see each file's docstring):
on each, `check` names the loss and update the code really follows, or its real bug, and what it
says training does agrees with the program's own loop run as a plain script."""

import pathlib
import subprocess
import sys

import pytest

from xorgrad.check import check

HERE = pathlib.Path(__file__).resolve().parent

# program:function -> (ok, loss, update of the run, cause kind, words (or a tuple) in that cause)
PROGRAMS = {
    "mse_tutorial_adds_delta.py:train_step": (True, "se_half_sum", "step", None, None),
    "mse_adjustments_added.py:adjustments": (True, "se_sum", "add", None, None),
    "per_sample_loop.py:sgd_epoch": (True, "bce_sum", "step", None, None),
    "class_backward_in_place.py:step": (True, "se_mean", "step", None, None),
    "no_biases.py:grads": (True, "bce_mean", "subtract", None, None),
    "rows_bce_mean.py:backprop": (True, "own_cost", "subtract", None, None),
    "three_hidden_units.py:step": (True, "se_half_sum", "step", None, None),
    "lr_applied_twice.py:step": (False, None, "step", "layers",
                                 ("the hidden layer gets 5 times the output layer's step",
                                  "the learning rate is applied twice there (5 = your lr)")),
    "sigma_prime_of_activations.py:step": (False, None, "step", "wrong_quantity",
                                           "applied to a2 instead of z2"),
    "loss_as_derivative.py:gradient": (False, None, "subtract", "wrong_quantity",
                                       "the loss value is used where its derivative belongs"),
    "question_sign_error_rows.py:gradients": (False, None, "subtract", "sign_flip_y0",
                                              "(1 - y)/(1 - a2) has the wrong sign"),
    "mean_cost_sum_gradient.py:gradients": (False, "bce_sum", "subtract", "summed_loss",
                                            "4 = m, the number of samples"),
    "layers_follow_different_losses.py:grad": (False, None, "subtract", "layers",
                                               "the hidden layer the squared error, the output "
                                               "layer the binary cross-entropy"),
}
_results = {}


def checked(spec):
    if spec not in _results:
        _results[spec] = check(str(HERE / spec))
    return _results[spec]


@pytest.mark.parametrize("spec", list(PROGRAMS))
def test_check_names_the_loss_and_update_each_program_follows_or_its_real_bug(spec):
    ok, loss, update, kind, words = PROGRAMS[spec]
    r = checked(spec)
    assert r.ok is ok, r.report()
    assert r.loss == loss, r.report()
    assert r.consequence.update == update
    if kind is None:
        assert not r.causes and all(p["ok"] for p in r.per_param.values()), r.report()
    else:
        found = [c for c in r.causes if c.kind == kind]
        assert found, r.report()
        for w in (words,) if isinstance(words, str) else words:
            assert w in found[0].text, r.report()


@pytest.mark.parametrize("spec", list(PROGRAMS))
def test_what_check_says_training_does_agrees_with_the_programs_own_loop(spec):
    path = HERE / spec.split(":")[0]
    run = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    last = run.stdout.strip().splitlines()[-1]
    assert last in ("learns XOR: yes", "learns XOR: no"), last
    assert checked(spec).consequence.learned_xor is (last == "learns XOR: yes"), checked(spec).report()


def test_the_programs_cover_both_outcomes_and_every_kind_of_form():
    forms = {(r.form.kind, r.form.layout, r.form.biases, r.form.hidden)
             for r in map(checked, PROGRAMS)}
    assert {k for k, *_ in forms} == {"grad", "step"}
    assert {lay for _, lay, *_ in forms} == {"rows", "columns"}
    assert any(not b for *_, b, _ in forms) and {h for *_, h in forms} >= {2, 3, 4}
    assert {checked(s).consequence.learned_xor for s in PROGRAMS} == {True, False}


@pytest.mark.parametrize("spec", list(PROGRAMS))
def test_check_says_the_cost_rises_only_when_that_run_rises(spec):
    c = checked(spec).consequence
    says = any("keeps rising" in t or "climbs the loss" in t for t in c.text)
    rose = c.trend in ("rises", "nan") or (c.loss_one_step is not None
                                            and c.loss_one_step > c.loss_start)
    assert says == rose, c.text
