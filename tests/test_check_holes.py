"""`check`'s holes found by planting bugs (issue 27), each closed by a test of what a user sees.

Written only through check's public behaviour (`xorgrad.check`, CheckResult's fields, `to_dict`,
the report, `xorgrad check` and its --json, the notebook view), so they hold whatever the
internals become. scripts/planted_bugs.py (CHECK_BUGS) puts each bug back and runs this file.
"""

import json
import math

import numpy as np

from xorgrad.checker import check
from xorgrad.cli import main
from xorgrad.testing import RIGHT_GRADIENT_FILE, write_learner


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def bce_grads(w1, b1, w2, b2, X, Y):
    """The right gradient of the mean BCE in the question's layout (columns)."""
    a1 = sigmoid(w1 @ X + b1)
    a2 = sigmoid(w2 @ a1 + b2)
    dz2 = (a2 - Y) / X.shape[1]                 # sigmoid and BCE cancel
    dz1 = (w2.T @ dz2) * a1 * (1 - a1)
    return [dz1 @ X.T, dz1.sum(1, keepdims=True), dz2 @ a1.T, dz2.sum(1, keepdims=True)]


def assert_learner_run_is_the_true_run(c, rel=1e-8):
    """A right gradient's run (every step sent back from the child) equals the checker's own
    run of the true gradient, step for step: the same curve, nothing repeated or skipped."""
    kept = [s for s, v in enumerate(c.losses) if v is not None]
    assert kept[-1] == c.steps and len(c.true_losses) == c.steps + 1
    for s in kept:
        assert math.isclose(c.losses[s], c.true_losses[s], rel_tol=rel), (s, c.losses[s],
                                                                           c.true_losses[s])


# ---- the band: a gradient off by 5e-5 is not called correct -----------------------------------
def test_a_gradient_off_by_a_relative_5e_5_is_suspicious_not_ok():
    def off(w1, b1, w2, b2, X, Y):
        g = bce_grads(w1, b1, w2, b2, X, Y)
        g[0][0, 0] += 5e-5 * np.abs(g[0]).max()      # one entry of dw1, 5e-5 of its largest
        return g
    r = check(off, consequence=False)
    assert not r.ok
    assert {k: p.verdict for k, p in r.params.items()} == \
        {"w1": "suspicious", "b1": "ok", "w2": "ok", "b2": "ok"}, r.report()


# ---- the points: "outputs near 0" is a point where every output is near 0 ---------------------
def test_a_gradient_wrong_only_where_outputs_are_near_0_or_near_1_is_caught_there():
    for near, saturated in (("0", lambda a2: np.all(a2 < 1e-3)),
                            ("1", lambda a2: np.all(a2 > 1 - 1e-3))):
        def f(w1, b1, w2, b2, X, Y):
            g = bce_grads(w1, b1, w2, b2, X, Y)
            if saturated(sigmoid(w2 @ sigmoid(w1 @ X + b1) + b2)):
                g[2] = 2 * g[2]                      # dw2 doubled, there only
            return g
        r = check(f, consequence=False)
        assert [k for k, p in r.params.items() if not p.ok] == ["w2"], (near, r.report())
        assert f"outputs near {near}" in r.params["w2"].worst_point, r.params["w2"].worst_point


# ---- the true run: the squared error on a sigmoid output keeps sigma'(z2) ---------------------
def test_a_right_squared_error_gradients_run_is_the_true_run():
    def mse(w1, b1, w2, b2, X, Y):
        a1 = sigmoid(w1 @ X + b1)
        a2 = sigmoid(w2 @ a1 + b2)
        dz2 = (a2 - Y) * a2 * (1 - a2) / X.shape[1]  # mean of 1/2 (a2 - Y)^2 per sample
        dz1 = (w2.T @ dz2) * a1 * (1 - a1)
        return dz1 @ X.T, dz1.sum(1, keepdims=True), dz2 @ a1.T, dz2.sum(1, keepdims=True)
    r = check(mse, steps=300, update="subtract")
    assert r.ok and r.loss == "se_half_mean", r.report()
    assert_learner_run_is_the_true_run(r.consequence)


# ---- long runs: the stretches sent back from the child join without a repeated step -----------
LONG_RUN = RIGHT_GRADIENT_FILE + """
import time
CLOCK = [0.0]                     # this process's clock moves 0.7 ms per call of grad, so the
time.perf_counter = lambda: CLOCK[0]  # checker cuts the run into stretches of ~2,857 steps
grad_true = grad
def grad(w1, b1, w2, b2, X, Y):
    CLOCK[0] += 7e-4
    return grad_true(w1, b1, w2, b2, X, Y)
"""


def test_a_long_run_sent_back_in_stretches_is_the_true_run_step_for_step(tmp_path):
    path = write_learner(tmp_path, LONG_RUN)
    r = check(f"{path}:grad", steps=5000, update="subtract")
    c = r.consequence
    assert r.ok and math.isclose(c.per_call, 7e-4, rel_tol=1e-6), c.per_call  # the clock ran
    assert_learner_run_is_the_true_run(c)


# ---- --json: the learner's final loss is the learner's ----------------------------------------
def test_check_json_final_loss_is_the_learners_climbing_run_not_the_true_one(tmp_path, capsys):
    path = write_learner(tmp_path, RIGHT_GRADIENT_FILE.replace("return dz1", "return -dz1").replace(
        "dz2 @ a1.T, dz2.sum", "-dz2 @ a1.T, -dz2.sum"))
    assert main(["check", f"{path}:grad", "--json", "--update", "subtract", "--lr", "0.1",
                 "--steps", "200"]) == 1
    c = json.loads(capsys.readouterr().out)["consequence"]
    assert c["trend"] == "rises" and c["final_loss"] > c["loss_start"] > c["true_final_loss"]
    r = check(f"{path}:grad", update="subtract", lr=0.1, steps=200)
    assert c["final_loss"] == r.consequence.losses[-1]


# ---- the command's hints name flags --------------------------------------------------------
def test_the_commands_hints_name_flags_not_keyword_arguments(tmp_path, capsys):
    path = write_learner(tmp_path, RIGHT_GRADIENT_FILE)        # no UPDATE in the file: both conventions are run
    assert main(["check", f"{path}:grad", "--steps", "50"]) == 0
    out = capsys.readouterr().out
    assert "--update" in out
    assert "update=" not in out and "update='" not in out


# ---- the notebook view: a WRONG row for a gradient of the wrong shape ----------------------
def test_the_notebook_table_shows_a_gradient_of_the_wrong_shape_as_a_wrong_row():
    def transposed(w1, b1, w2, b2, X, Y):
        g = bce_grads(w1, b1, w2, b2, X, Y)
        g[2] = g[2].T                                # dw2 (2, 1), not (1, 2)
        return g
    r = check(transposed, consequence=False)
    page = r._repr_html_()
    rows = [row for row in page.split("<tr>")[2:]]   # after the header row
    assert [row.split("</td>")[0].removeprefix("<td>") for row in rows] == ["w1", "b1", "w2", "b2"]
    w2 = rows[2]
    assert "(2, 1) not (1, 2)" in w2 and "WRONG" in w2, w2
