"""`xorgrad check FILE.py:FUNC`: exit 0 / 1 / 2, a readable report, JSON, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from xorgrad.cli import main
from xorgrad.testing import RIGHT_GRADIENT_FILE, write_learner


def run(capsys, *argv):
    rc = main(["check", *argv])
    out, err = capsys.readouterr()
    return rc, out, err


_RUNS = {}


def run_once(capsys, *argv):
    """run(), once per module for the same arguments: the question's report is read by two tests."""
    if argv not in _RUNS:
        _RUNS[argv] = run(capsys, *argv)
    return _RUNS[argv]


@pytest.mark.why   # its run is cached for the docs test below, which reads the section
def test_question_example_exits_1_naming_the_sign_error_and_the_rising_loss(capsys):
    rc, out, _ = run_once(capsys, "examples/question.py:gradients")
    assert rc == 1
    assert "sign is flipped only for the samples with y = 0" in out
    assert "your update climbs the loss: this is why your cost keeps rising" in out
    assert out.count("WRONG") == 4


def test_answer_example_exits_1_naming_the_factor_4_equal_to_m(capsys):
    rc, out, _ = run(capsys, "examples/answer.py:gradients")
    assert rc == 1 and "4 = m" in out and "summed loss, not the mean" in out


def test_correct_example_exits_0(capsys):
    rc, out, _ = run(capsys, "examples/correct.py:gradients")
    assert rc == 0 and "WRONG" not in out
    assert "correct: your gradient is the gradient of your own cost (mean binary cross-entropy)" in out


def test_json_has_the_documented_keys_and_is_strict_json(capsys):
    rc, out, _ = run(capsys, "examples/answer.py:gradients", "--json", "--steps", "20")
    data = json.loads(out, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
    assert rc == 1 and data["ok"] is False and data["hints"]
    assert (data["loss"], data["sign"], data["factor"]) == ("bce_sum", 1, 1.0)
    assert data["judged_against"] == "bce_mean"          # the COST the file prints
    for k in ("w1", "b1", "w2", "b2"):
        p = data["params"][k]
        assert {"ok", "loss", "sign", "factor", "rel_error", "cosine", "scale", "shape"} <= set(p)
        assert p["ok"] is False and abs(p["scale"] - 4) < 1e-9 and p["loss"] == "bce_sum"
    c = data["consequence"]
    assert c["steps"] == 20 and c["update"] in ("subtract", "add") and c["learns_xor"] is False
    assert isinstance(c["final_loss"], float)


def test_a_step_function_in_the_row_layout_reports_its_loss_and_update_in_json(capsys):
    rc, out, _ = run(capsys, "tests/learners/mse_tutorial_adds_delta.py:train_step", "--json",
                     "--steps", "50")
    data = json.loads(out)
    assert rc == 0 and data["ok"] is True and data["loss"] == "se_half_sum"
    assert data["form"] == {"kind": "step", "layout": "rows", "biases": True, "hidden": 3,
                            "activation": "sigmoid", "output": "sigmoid", "packing": None,
                            "random": None, "seeded": None}
    assert data["consequence"]["update"] == "step"


def test_learner_prints_are_shown_apart_in_the_report_and_json_stays_valid(capsys, tmp_path):
    path = write_learner(tmp_path, RIGHT_GRADIENT_FILE + "print('loaded')\n_grad = grad\n"
                 "def grad(*a):\n    print('cost', 0.69)\n    return _grad(*a)\n")
    rc, out, _ = run(capsys, f"{path}:grad", "--steps", "3")
    assert rc == 0 and "your code printed (shown apart; it does not change the check):" in out
    assert out.index("your code printed") > out.index("what it does")
    assert "  | loaded" in out and "  | cost 0.69" in out
    rc, out, _ = run(capsys, f"{path}:grad", "--steps", "3", "--json")
    assert rc == 0 and json.loads(out)["learner_output"].startswith("loaded\ncost 0.69")


LEAVES = {  # learner code that leaves: each is one line on stderr, exit 2, and valid --json
    "sys.exit(0) in the function": ("def g(*a):\n    import sys; sys.exit(0)\n", "called exit(0)"),
    "os._exit(0) in the function": ("def g(*a):\n    import os; os._exit(0)\n",
                                    "ended the process that ran it (exit status 0)"),
    "a crash (SIGSEGV)": ("def g(*a):\n    import os, signal; os.kill(os.getpid(), signal.SIGSEGV)\n",
                          "ended the process that ran it (signal 11)"),
    "an endless loop": ("def g(*a):\n    while True:\n        pass\n", "did not finish within 0.2 s"),
    "exit during training": (RIGHT_GRADIENT_FILE + "n = [0]\ndef g(*a):\n    n[0] += 1\n"
                             "    if n[0] > 12:\n        raise SystemExit(0)\n    return grad(*a)\n",
                             "called exit(0) at training step"),
}


# Every way of leaving as text; as --json, one of them by default (the JSON error is written by the
# same lines whatever the words), every one in the slow tier: a check of a file is a child Python.
@pytest.mark.parametrize("leave, as_json", [
    pytest.param(leave, as_json, id=f"{'json' if as_json else 'text'}-{leave}",
                 marks=[pytest.mark.slow] if as_json and leave != "exit during training" else [])
    for as_json in (False, True) for leave in LEAVES])
def test_learner_code_that_exits_crashes_or_hangs_is_one_line_and_exit_2(capsys, tmp_path, leave,
                                                                          as_json):
    body, words = LEAVES[leave]
    path = write_learner(tmp_path, body)
    rc, out, err = run(capsys, f"{path}:g", "--timeout", "0.2", *(["--json"] if as_json else []))
    assert rc == 2 and err.count("\n") == 1 and words in err, err
    if as_json:
        data = json.loads(out)
        assert data["ok"] is False and words in data["error"]
    else:
        assert out == ""


def test_options_override_the_files_settings(capsys, tmp_path):
    path = write_learner(tmp_path, RIGHT_GRADIENT_FILE + "LR = 0.1\nSTEPS = 5\n")
    rc, out, _ = run(capsys, f"{path}:grad", "--lr", "2", "--scale", "0.5")
    assert rc == 0 and "your start: seed 0, init scale 0.5; lr 2, 5 steps" in out


BAD = {
    "missing file": (None, "nope.py:grad", "no such file"),
    "no colon": (None, "learner.py", "expected FILE.py:FUNC"),
    "missing function": (RIGHT_GRADIENT_FILE, "learner.py:gradz", "has no function 'gradz'"),
    "syntax error": ("def grad(:\n", "learner.py:grad", "could not import"),
    "import error": ("import not_a_module_xyz\n", "learner.py:grad", "could not import"),
    "raises at import": ("raise RuntimeError('boom')\n", "learner.py:grad", "line 1"),
    "exits at import": ("import sys\nsys.exit(3)\n", "learner.py:grad", "called exit(3) while"),
    "not callable": (RIGHT_GRADIENT_FILE + "grad2 = 3\n", "learner.py:grad2", "not a function"),
    "raises": (RIGHT_GRADIENT_FILE + "def g(*a):\n    return 1 / 0\n", "learner.py:g", "raised ZeroDivisionError"),
    "wrong count": (RIGHT_GRADIENT_FILE + "def g(*a):\n    return grad(*a)[:2]\n", "learner.py:g", "returned 2"),
    "non-numbers": (RIGHT_GRADIENT_FILE + "def g(*a):\n    return ('x',) * 4\n", "learner.py:g", "not an array"),
    "bad settings": (RIGHT_GRADIENT_FILE + "LR = 'fast'\n", "learner.py:grad", "bad settings"),
    "negative lr": (RIGHT_GRADIENT_FILE + "LR = -0.5\n", "learner.py:grad", "lr must be positive"),
    "bad UPDATE": (RIGHT_GRADIENT_FILE + "UPDATE = 'plus'\n", "learner.py:grad", "UPDATE must be"),
    "wrong arity": ("def g(a, b, c):\n    pass\n", "learner.py:g", "takes 3 arguments"),
}


@pytest.mark.parametrize("bad", list(BAD), ids=list(BAD))
def test_unusable_input_exits_2_with_one_line_and_no_traceback(capsys, tmp_path, bad):
    body, target, words = BAD[bad]
    if body is not None:
        write_learner(tmp_path, body)
    rc, out, err = run(capsys, str(tmp_path / target))
    assert rc == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("xorgrad: error: ") and words in err, err
    assert "Traceback" not in err


@pytest.mark.slow  # the subprocess smoke test; fast: the in-process check tests
def test_python_dash_m_xorgrad_check_reports_a_raising_function_in_one_line(tmp_path):
    path = write_learner(tmp_path, "def g(w1, b1, w2, b2, X, Y):\n    raise KeyError('dz3')\n")
    p = subprocess.run([sys.executable, "-m", "xorgrad", "check", f"{path}:g"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.strip().count("\n") == 0 and "raised KeyError" in p.stderr, p.stderr
    assert "learner.py line 2" in p.stderr


def test_the_template_at_the_top_of_docs_check_md_is_a_correct_step_check_accepts(capsys, tmp_path):
    doc = (Path(__file__).resolve().parents[1] / "docs" / "check.md").read_text()
    assert doc.index("## Paste your backprop here") < doc.index("## What it accepts")
    code = doc.split("```python\n", 1)[1].split("```", 1)[0]
    path = write_learner(tmp_path, code, "my_net.py")
    rc, out, _ = run(capsys, f"{path}:step", "--json", "--steps", "100")
    data = json.loads(out)
    assert rc == 0 and data["loss"] == "se_half_sum" and data["form"]["kind"] == "step"
    p = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0


def _quoted_reports():
    """(arguments, report, exit status) of each `$ xorgrad check ...` block in docs/check.md."""
    import re
    doc = (Path(__file__).resolve().parents[1] / "docs" / "check.md").read_text()
    return re.findall(r"```\n\$ xorgrad check ([^\n]+)\n(.*?)\n\(exit status (\d)\)\n```", doc, re.S)


def test_docs_check_md_quotes_at_least_three_reports():
    assert len(_quoted_reports()) >= 3


# The question's report (1,000 steps) in the default tier; the others train 2,000 to 5,000 steps
# (1 to 2.5 s of CPU each): slow tier.
@pytest.mark.why
@pytest.mark.parametrize("args, text, status", [
    block if block[0].startswith("examples/question.py") else pytest.param(*block, marks=pytest.mark.slow)
    for block in _quoted_reports()], ids=[block[0].split(":")[0] for block in _quoted_reports()])
def test_the_reports_quoted_in_docs_check_md_are_what_check_prints_today(capsys, args, text, status):
    rc, out, _ = run_once(capsys, *args.split())
    assert rc == int(status), args
    assert_same_report(out.rstrip(), text, args)


_NUMBER = r"[+-]?\d+(?:\.\d+)?(?:e[+-]\d+)?"


_SHARE = r"([\d.]+)% \+-([\d.]+) \[([\d.]+), ([\d.]+)\]"


def _shares_within_their_error(got: str, want: str, what: str):
    """The what-if table's shares (xorgrad.why) count nets, some of which sit on a rounding
    flip: each within 3 of its standard errors of the quoted one (and 0.2 points), its
    interval then left out of the exact comparison."""
    import re
    for g, w in zip(re.findall(_SHARE, got), re.findall(_SHARE, want)):
        assert abs(float(g[0]) - float(w[0])) <= 3 * float(w[1]) + 0.2, \
            f"{what}: share {g[0]}% where docs/check.md says {w[0]}% +- {w[1]}:\n{got}"
    return re.sub(_SHARE, "%", got), re.sub(_SHARE, "%", want)


def assert_same_report(got: str, want: str, what: str):
    """The same text, numbers compared as far as they are portable. A rounding error printed in
    the report (a max abs err of 6.5e-13, a rel err under 1e-6) depends on the CPU's kernels
    (another BLAS, FMA or not): the same order of magnitude, or 0 on one CPU where the other's
    is below 1e-12 (an AMD EPYC's OpenBLAS gave 0 where an Intel's gave 1.7e-18). Any other
    number (a loss, a cosine, a step) comes from one net far from a rounding flip: equal up to
    one unit of its last printed digit. Integers and all the words are equal."""
    import re
    assert re.sub(_NUMBER, "#", got) == re.sub(_NUMBER, "#", want), f"{what}:\n{got}"
    got, want = _shares_within_their_error(got, want, what)
    for g, w in zip(re.findall(_NUMBER, got), re.findall(_NUMBER, want)):
        gv, wv = float(g), float(w)
        if "." not in w and "e" not in w:
            ok = g == w
        elif "e" in w and abs(wv) < 1e-6:
            ok = abs(gv) < 1e-12 if wv == 0 else abs(wv) / 10 <= abs(gv) <= abs(wv) * 10 or (
                gv == 0 and abs(wv) < 1e-12)
        else:
            mantissa, _, exponent = w.partition("e")
            decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
            ok = abs(gv - wv) <= 1.01 * 10.0 ** (int(exponent or 0) - decimals)
        assert ok, f"{what}: {g} where docs/check.md says {w}:\n{got}"
