"""The learner's path, hardened (issue 25): checks run in a fresh process whatever the caller holds,
limits the learner's code cannot defeat, framework tensors, errors that say whose they are."""

import os
import re
import pathlib
import shutil
import subprocess
import sys
import textwrap
import types

import numpy as np
import pytest

from xorgrad.checker import check, load_function
from xorgrad.checker.capture import HEAD, TAIL
from xorgrad.checker.parent_side import Child, LearnerFault
from xorgrad.contract import PARAM_NAMES
from xorgrad.errors import CheckInputError

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORRECT = ROOT / "examples" / "correct.py"
correct_gradients, _ = load_function(f"{CORRECT}:gradients")   # a module of a learner's own


def _xorgrad(args, cwd, tmp_path, env=None):
    """`xorgrad ARGS` as the installed script runs it: its own folder first on sys.path, never
    the working folder."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "xorgrad_script.py").write_text(
        "import sys\nfrom xorgrad.cli import main\nsys.exit(main())\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    env.pop("PYTHONSAFEPATH", None)
    return subprocess.run([sys.executable, str(bin_dir / "xorgrad_script.py"), *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120)


def _args(hidden=2):
    rng = np.random.default_rng(0)
    X = np.array([[0., 0., 1., 1.], [0., 1., 0., 1.]])
    return [rng.standard_normal((hidden, 2)), np.zeros((hidden, 1)),
            rng.standard_normal((1, hidden)), np.zeros((1, 1)), X, np.array([[0., 1., 1., 0.]])]


# ---- a clean process, always -------------------------------------------------------------------
def test_a_random_py_or_numpy_py_in_the_working_folder_never_breaks_the_checkers_imports(tmp_path):
    work, learner = tmp_path / "work", tmp_path / "learner"
    work.mkdir()
    learner.mkdir()
    for name in ("random.py", "numpy.py"):
        (work / name).write_text("raise ImportError('the working folder\\'s own module')\n")
    shutil.copy(CORRECT, learner / "correct.py")
    run = _xorgrad(["check", str(learner / "correct.py") + ":gradients"], work, tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "correct" in run.stdout


def test_the_learners_own_random_py_is_the_one_its_code_imports_as_in_python_file_py(tmp_path):
    (tmp_path / "random.py").write_text("MINE = True\n")
    (tmp_path / "correct.py").write_text(
        CORRECT.read_text() + "\nimport random\nassert random.MINE, 'not the learner\\'s random.py'\n")
    assert check(f"{tmp_path / 'correct.py'}:gradients", steps=20).ok


@pytest.mark.slow   # two more checks; the working folder's shadow modules are the default tier's
def test_a_numpy_py_or_random_py_beside_the_learners_file_never_breaks_the_checker(tmp_path):
    for name in ("numpy.py", "random.py"):
        (tmp_path / name).write_text("raise ImportError('a module of the learner\\'s folder')\n")
    shutil.copy(CORRECT, tmp_path / "correct.py")
    run = _xorgrad(["check", "correct.py:gradients", "--steps", "20"], tmp_path, tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]


def test_a_function_object_is_checked_in_a_fresh_process_never_a_fork_of_the_caller():
    """What the caller's process holds (here a module only it has; in a notebook, torch's thread
    pool) is not in the child: the function and what it uses travel by value."""
    sys.modules["_xorgrad_only_in_the_caller"] = types.ModuleType("_xorgrad_only_in_the_caller")
    try:
        def gradients(w1, b1, w2, b2, X, Y):
            if "_xorgrad_only_in_the_caller" in sys.modules:
                raise RuntimeError("run in a fork of the caller")
            return correct_gradients(w1, b1, w2, b2, X, Y)
        assert check(gradients, steps=20).ok
        assert check(lambda w1, b1, w2, b2, X, Y: gradients(w1, b1, w2, b2, X, Y), steps=20).ok
    finally:
        del sys.modules["_xorgrad_only_in_the_caller"]


def test_a_bug_in_xorgrads_own_machinery_exits_3_never_1_which_means_a_wrong_gradient(
        monkeypatch, capsys):
    from xorgrad import cli

    def broken(*a, **k):
        raise ZeroDivisionError("a bug of the checker's")
    monkeypatch.setattr(sys.modules["xorgrad.checker"], "check", broken)
    assert cli.main(["check", f"{CORRECT}:gradients"]) == 3
    err = capsys.readouterr().err
    assert "internal error, a bug in xorgrad and not in your code" in err and "Traceback" in err


def test_an_error_the_learners_code_raises_is_said_in_two_short_lines_and_its_trace_on_request(
        tmp_path, capsys, monkeypatch):
    from xorgrad import cli
    (tmp_path / "broken.py").write_text(textwrap.dedent("""\
        def helper(a):
            return a.undefined_name

        def gradients(w1, b1, w2, b2, X, Y):
            return helper(X)
        """))
    monkeypatch.chdir(tmp_path)
    spec = "broken.py:gradients"
    monkeypatch.delenv("XORGRAD_TRACEBACK", raising=False)
    assert cli.main(["check", spec]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) <= 2 and all(len(line) <= 240 for line in err), err
    assert "raised AttributeError" in err[0] and "broken.py line 2" in err[0], err
    assert "fits none" not in " ".join(err) and "XORGRAD_TRACEBACK=1" in err[-1], err
    monkeypatch.setenv("XORGRAD_TRACEBACK", "1")
    assert cli.main(["check", spec]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "return helper(X)" in err and "a.undefined_name" in err, err


# ---- limits the learner's code cannot defeat ---------------------------------------------------
def test_a_bare_except_in_the_learners_loop_does_not_swallow_the_time_limit():
    def gradients(w1, b1, w2, b2, X, Y):
        import time
        while True:
            try:
                time.sleep(10)
            except:  # noqa: E722 - the learner's code, swallowing the alarm
                pass
    args = _args()
    with Child(gradients, "gradients", timeout=0.2) as child:
        with pytest.raises(LearnerFault, match="went on after its time limit"):
            child.ask(("train", {"args": args, "n": 4, "steps": 20, "lr": 1.0,
                                 "update": "subtract", "names": list(PARAM_NAMES)}),
                      "training step 1")


def test_the_learners_output_is_capped_to_its_start_and_end_with_what_was_left_out():
    calls = [0]

    def gradients(w1, b1, w2, b2, X, Y):
        calls[0] += 1
        print(f"<start of call {calls[0]}>" + "x" * 100_000 + f"<end of call {calls[0]}>")
        return correct_gradients(w1, b1, w2, b2, X, Y)
    with Child(gradients, "gradients") as child:
        for _ in range(3):
            child.ask(("call", _args()), "a call")
        out = child.output()
    assert len(out.encode()) <= HEAD + TAIL + 100, len(out)
    assert out.startswith("<start of call 1>") and out.rstrip().endswith("<end of call 3>"), \
        (out[:40], out[-40:])
    per_call = len("<start of call 1>" + "x" * 100_000 + "<end of call 1>\n")
    assert f"[... {3 * per_call - HEAD - TAIL:,} bytes of output left out ...]" in out


def test_a_learner_that_allocates_without_end_is_stopped_with_one_line():
    """np.empty maps memory without touching it: the limit is reached at once, and without
    one the loop would go on past any machine's memory (the count it prints says how far)."""
    def gradients(w1, b1, w2, b2, X, Y):
        hoard = []
        while True:
            hoard.append(np.empty(10 ** 8))     # 0.8 GB each
            print(len(hoard))
    with pytest.raises(CheckInputError, match="MemoryError") as e:
        check(gradients, timeout=5)
    from xorgrad.checker.child_side import memory_limit
    assert "\n" not in str(e.value) and "GiB of memory" in str(e.value), str(e.value)
    last = int(str(e.value).rsplit("its last printed line: ", 1)[1].strip("'"))
    assert last * 8e8 <= memory_limit(), last


# ---- framework tensors in learner code ---------------------------------------------------------
def test_a_step_gets_lr_as_a_python_float_never_a_0d_array():
    def step(w1, b1, w2, b2, X, Y, lr):
        assert type(lr) is float, type(lr)
        g = correct_gradients(w1, b1, w2, b2, X, Y)
        return w1 - lr * g["w1"], b1 - lr * g["b1"], w2 - lr * g["w2"], b2 - lr * g["b2"]
    assert check(step, steps=20).ok


# ---- the picture draws what was measured -------------------------------------------------------
def _run_sampled(steps, nan_step=None):
    """A check result whose run is sampled as check samples it: every step of the first thousand,
    then every tenth (None between); nan from `nan_step` on, where it is given."""
    import math
    kept = [s for s in range(steps + 1) if s <= 1000 or s % 10 == 0]
    losses = [None] * (steps + 1)
    for s in kept:
        losses[s] = 0.7 * math.exp(-s / 800) if nan_step is None or s < nan_step else math.nan
    if nan_step is not None:
        losses = losses[:nan_step + 1]
    c = types.SimpleNamespace(losses=losses, nan_step=nan_step, update="subtract",
                              true_losses=[0.7 * math.exp(-s / 800) for s in range(steps + 1)],
                              loss_name="bce_mean", lr=1.0, steps=steps, start_from="seed 0")
    return types.SimpleNamespace(consequence=c, function="gradients")


def _drawn(result, monkeypatch):
    pytest.importorskip("matplotlib", reason="pictures need matplotlib: pip install 'xorgrad[plot]'")
    from xorgrad import figure, plots
    figs = []
    monkeypatch.setattr(figure, "_save", lambda fig, out, name: figs.append(fig) or b"")
    plots.check_curves(result)
    return figs[0].axes[0]


def test_the_check_picture_draws_a_sampled_run_as_a_line_and_no_divergence_it_did_not_have(
        monkeypatch):
    ax = _drawn(_run_sampled(5000), monkeypatch)
    mine = ax.lines[0]
    assert np.isfinite(mine.get_ydata()).all() and max(mine.get_xdata()) == 5000
    assert not [t for t in ax.texts if "not finite" in t.get_text()]
    assert len(ax.lines) == 2   # the learner's run and the true one; no cross


def test_the_check_picture_marks_a_real_divergence_where_it_happened(monkeypatch):
    ax = _drawn(_run_sampled(5000, nan_step=3001), monkeypatch)
    assert [t.get_text() for t in ax.texts] == ["not finite from step 3001"]
    assert max(ax.lines[0].get_xdata()) == 3000


# ---- progress where work is long; sizes that are refused; numbers that fit ---------------------
class _Terminal:
    """A stderr that says it is a terminal (what a user's shell gives)."""

    def __init__(self):
        import io
        self.buf = io.StringIO()

    def isatty(self):
        return True

    def __getattr__(self, name):
        return getattr(self.buf, name)


def _on_a_terminal(monkeypatch, argv):
    pytest.importorskip("tqdm", reason="progress bars need tqdm: pip install tqdm")
    from xorgrad import cli
    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    rc = cli.main(argv)
    return rc, term.buf.getvalue()


@pytest.mark.parametrize("argv, words", [
    (["--backends", "numpy", "--dtypes", "float64", "--steps", "20"],
     "training each backend: 100%|"),
    (["seeds", "--n", "4", "--steps", "20", "--scales", "1", "--lrs", "1", "--no-plot"],
     "4 nets x 1 cells: 100%|"),
    (["check", f"{CORRECT}:gradients", "--steps", "20"], "training with your code: 20step"),
    (["show", "--graph", "autograd"], "tracing each framework's graph: 100%|"),
])
def test_long_commands_show_progress_on_a_terminal_and_nothing_with_json(monkeypatch, argv, words):
    rc, err = _on_a_terminal(monkeypatch, argv)
    assert rc == 0 and words in err, err
    if argv[0] != "show":   # show prints code, and has no --json
        rc, err = _on_a_terminal(monkeypatch, argv + ["--json"])
        assert rc == 0 and err == "", err


def test_progress_is_not_drawn_when_stderr_is_piped(capsys):
    from xorgrad import cli
    assert cli.main(["--backends", "numpy", "--dtypes", "float64", "--steps", "20"]) == 0
    assert capsys.readouterr().err == ""


def test_steps_that_would_take_hours_are_refused_with_an_estimate(capsys):
    from xorgrad import cli
    for argv in (["--steps", "100000000"], ["check", f"{CORRECT}:gradients", "--steps", "100000000"]):
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "would train for at least 16 min 40 s" in err, err


def test_an_out_of_range_lr_or_scale_is_one_line(capsys):
    from xorgrad import cli
    for argv in (["--backends", "numpy", "--lr", "1e300", "--steps", "1"],
                 ["--backends", "numpy", "--scale", "1e300", "--steps", "1"]):
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "must be at most 1e+06" in err, err


def test_a_huge_or_non_finite_loss_keeps_the_tables_width():
    from xorgrad.table import format_table
    row = {"backend": "numpy", "device": "cpu", "dtype": "float64", "loss": 0.693452,
           "grad_rel_err_vs_fd": 1e-9, "grad_rel_err_vs_numpy64": 0.0,
           "predictions": [0.5, 0.5, 0.5, 0.5], "learned_xor": False}
    rows = [dict(row, loss_end=v) for v in (0.02, 1e300, -1e300, float("nan"), float("inf"),
                                            123456789.0)]
    text = format_table({"seed": 0, "init_scale": 1.0, "lr": 1.0, "steps": 1, "rows": rows})
    lines = text.splitlines()
    cols = next(i for i, line in enumerate(lines) if line.startswith("backend"))
    body = lines[cols + 2:]
    assert len(body) == len(rows) and len({len(line) for line in body}) == 1, text


# ---- text that is true today -------------------------------------------------------------------
NUMBER = {w: i for i, w in enumerate(("no", "one", "two", "three", "four", "five", "six", "seven",
                                      "eight", "nine", "ten"))}
COUNTED = re.compile(r"\b(" + "|".join(NUMBER) + r"|\d+)((?:\s+[\w'()-]+){0,3}?)\s+"
                     r"(lessons|backends|implementations|times)\b", re.I)
# a past measurement, true as history: the tier's time when there were four backends
HISTORY = ("With four backends and no second order it took",)


def _texts_a_user_reads():
    from xorgrad.cli import build_parser
    parser = build_parser()
    texts = {"xorgrad --help": parser.format_help()}
    for name, sub in parser._subparsers._group_actions[0].choices.items():  # noqa: SLF001
        texts[f"xorgrad {name} --help"] = sub.format_help()
    for path in [ROOT / "README.md", ROOT / "notebooks" / "lesson.py",
                 *sorted((ROOT / "docs").glob("*.md"))]:
        texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return texts


def test_every_count_of_lessons_and_backends_in_help_readme_and_docs_is_the_registrys():
    from xorgrad.registry import BUILTIN_NAMES
    built = len(BUILTIN_NAMES)
    wrong, seen = [], 0
    for where, text in _texts_a_user_reads().items():
        flat = " ".join(text.split())
        for m in COUNTED.finditer(flat):
            if any(h in flat[max(0, m.start() - 40):m.end() + 40] for h in HISTORY):
                continue
            if m.group(3).lower() == "times" and "written" not in flat[max(0, m.start() - 12):m.start()]:
                continue   # "N times" counts lessons only in "written N times"
            n = NUMBER.get(m.group(1).lower(), None)
            n = int(m.group(1)) if n is None else n
            seen += 1
            if n != built:
                wrong.append(f"{where}: ...{flat[max(0, m.start() - 30):m.end() + 10]}...")
    assert not wrong, f"{built} lessons are built; these say otherwise:\n" + "\n".join(wrong)
    assert seen >= 4   # the scan reads the texts that count them (README, help, the notebook)


# ---- the notebook page -------------------------------------------------------------------------
STYLE_PROBE = """<script>
window.addEventListener("load", function () {
  var pre = document.querySelector(".xorgrad-stage pre");
  var box = document.querySelector(".xorgrad-stage-scroll");
  var s = getComputedStyle(pre);
  var out = document.createElement("pre");
  out.id = "xorgrad-style";
  out.textContent = JSON.stringify({font: s.fontFamily, space: s.whiteSpace,
    overflow: getComputedStyle(box).overflowX, lines: pre.getClientRects().length,
    line_height: parseFloat(s.lineHeight) || 0, height: pre.getBoundingClientRect().height,
    text_lines: pre.textContent.split("\\n").length,
    wider: box.scrollWidth > box.clientWidth});
  document.body.appendChild(out);
});
</script>"""


@pytest.mark.slow
def test_the_lesson_pages_side_by_side_code_is_monospace_and_scrolls_instead_of_wrapping(
        tmp_path, monkeypatch):
    """A stage's columns in the notebook's page (nbconvert's HTML, with Jupyter's own CSS), in a
    real browser 600 px wide: monospace code, no line wrapped, the table scrolls sideways."""
    import json
    from test_notebook import CHROMIUM, to_html
    nbformat = pytest.importorskip("nbformat", reason="needs nbformat: pip install 'xorgrad[notebook]'")
    if CHROMIUM is None:
        pytest.skip("no Chromium to open the page: apt-get install chromium")
    from xorgrad import sidebyside
    stage = {s.name: s for s in sidebyside.load()}["backward"]
    v4 = nbformat.v4
    nb = v4.new_notebook(cells=[v4.new_code_cell("stages['backward']", outputs=[
        v4.new_output("display_data", data={"text/html": stage._repr_html_(),
                                            "text/plain": "backward"})])])
    page = to_html(nb, monkeypatch).replace("<head>", "<head>" + STYLE_PROBE, 1)
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    out = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=600,800",
         "--virtual-time-budget=5000", "--dump-dom", (tmp_path / "page.html").as_uri()],
        capture_output=True, text=True, timeout=180)
    import html
    m = re.search(r'<pre id="xorgrad-style">(.*?)</pre>', out.stdout, re.S)
    assert m, out.stderr[-1000:]
    seen = json.loads(html.unescape(m.group(1)))
    assert "monospace" in seen["font"] and seen["space"] == "pre", seen
    assert seen["overflow"] == "auto" and seen["wider"], seen     # it scrolls at 600 px
    assert seen["height"] <= seen["text_lines"] * seen["line_height"] + 2, seen   # no wrapped line


# ---- the slow tier: a real kernel, TensorFlow, a megabyte per call, a long run -----------------
TORCH_STEP_CELL = '''import os
import torch
import xorgrad
KERNEL = os.getpid()

def step(w1, b1, w2, b2, X, Y, lr):      # torch tensors, gradients by hand, samples in columns
    assert os.getppid() != KERNEL, "run in a fork of the kernel"
    m = X.shape[1]
    a1 = torch.sigmoid(w1 @ X + b1)
    a2 = torch.sigmoid(w2 @ a1 + b2)
    dz2 = (a2 - Y) / m
    dz1 = (w2.T @ dz2) * a1 * (1 - a1)
    return (w1 - lr * dz1 @ X.T, b1 - lr * dz1.sum(1, keepdim=True),
            w2 - lr * dz2 @ a1.T, b2 - lr * dz2.sum(1, keepdim=True))'''


@pytest.mark.slow
def test_a_notebook_that_used_torch_checks_a_torch_function_within_the_limit(tmp_path):
    """The kernel has run torch (its thread pool started); checking a torch function there works
    as from the command line: the child is a fresh process, not a fork of the kernel."""
    pytest.importorskip("torch", reason="needs torch: pip install 'xorgrad[torch]'")
    nbformat = pytest.importorskip("nbformat", reason="needs nbformat: pip install 'xorgrad[notebook]'")
    from test_notebook import _execute, _outputs
    v4 = nbformat.v4
    cells = ["import torch\nx = torch.randn(300, 300)\nfor _ in range(20):\n"
             "    x = torch.tanh(x @ x.T / 300)\nfloat(x.sum()) == float(x.sum())",
             TORCH_STEP_CELL,
             "r = xorgrad.check(step, steps=200, timeout=10)\n(r.ok, r.loss)"]
    nb = _execute(v4.new_notebook(cells=[v4.new_code_cell(c) for c in cells]), tmp_path, timeout=120)
    errors = [o for c in nb.cells for o in c.outputs if o["output_type"] == "error"]
    assert not errors, errors[0]["evalue"]
    assert _outputs(nb.cells[2], "text/plain") == ["(True, 'bce_mean')"]


C_LINE = r"(WARNING: All log messages|[IWEF]\d{4} |.*cuInit|.*oneDNN|.*cpu_feature_guard)"


@pytest.mark.slow
def test_tensorflow_is_quiet_in_show_graph_and_in_its_lesson():
    """The package and the lesson run on its own keep every C++ line of TensorFlow's off stderr:
    TF_CPP_MIN_LOG_LEVEL keeps its log (cuInit's error) off, and the few INFO lines its import
    writes before that level is read (TensorFlow 2.19 and later) are hidden by pointing stderr
    at /dev/null around the import, in the package and in the lesson alike."""
    pytest.importorskip("tensorflow", reason="needs tensorflow: pip install 'xorgrad[tensorflow]'")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    env["PYTHONPATH"] = str(ROOT)
    run = subprocess.run([sys.executable, "-m", "xorgrad", "show", "--graph", "tensorflow"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and not re.findall(C_LINE, run.stderr, re.M), run.stderr[-2000:]
    run = subprocess.run([sys.executable, "-m", "impls.tensorflow_net"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert not re.findall(C_LINE, run.stderr, re.M), run.stderr[-2000:]


@pytest.mark.slow
def test_a_learner_printing_a_megabyte_per_call_costs_the_caller_little(tmp_path):
    (tmp_path / "loud.py").write_text(CORRECT.read_text().replace(
        "def gradients(", "def _quiet(", 1) + textwrap.dedent("""

        def gradients(w1, b1, w2, b2, X, Y):
            print("x" * 1_000_000)
            return _quiet(w1, b1, w2, b2, X, Y)
        """))
    (tmp_path / "measure.py").write_text(textwrap.dedent("""\
        import resource, subprocess, sys
        run = subprocess.run(sys.argv[1:], capture_output=True, text=True)
        sys.stdout.write(run.stdout)
        sys.stderr.write(run.stderr)
        # KiB: the largest of the command, its fork server and the learner's child
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
        sys.exit(run.returncode)
        """))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "xorgrad_script.py").write_text(
        "import sys\nfrom xorgrad.cli import main\nsys.exit(main())\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, str(tmp_path / "measure.py"), sys.executable,
                          str(bin_dir / "xorgrad_script.py"), "check", "loud.py:gradients",
                          "--steps", "500", "--json"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    import json
    out = json.loads(run.stdout)["learner_output"]
    assert "bytes of output left out" in out and len(out) <= 4000, len(out)
    peak = int(run.stderr.strip().splitlines()[-1])
    assert peak < 400 * 1024, peak                 # KiB; 3.8 GB and a MemoryError before the cap


@pytest.mark.slow
def test_the_check_picture_of_a_real_5000_step_run_draws_its_sampled_line(monkeypatch):
    r = check(correct_gradients, steps=5000)
    assert r.consequence.nan_step is None
    ax = _drawn(r, monkeypatch)
    assert np.isfinite(ax.lines[0].get_ydata()).all() and max(ax.lines[0].get_xdata()) == 5000
    assert not [t for t in ax.texts if "not finite" in t.get_text()]


def test_a_bug_on_the_childs_side_is_xorgrads_error_not_the_learners():
    """The child's own machinery failing (here: a request it cannot read) is reported as a bug
    of xorgrad's (RuntimeError: exit 3 from the command line), not as the learner's code ending
    its process (exit 2), and the child goes on serving."""
    with Child(correct_gradients, "gradients") as child:
        with pytest.raises(RuntimeError, match="xorgrad's child process failed") as e:
            child.ask(("cost", [5]), "a malformed request")
        assert not isinstance(e.value, CheckInputError)
        assert child.ask(("info",), "the start")["args"][:2] == ["w1", "b1"]
