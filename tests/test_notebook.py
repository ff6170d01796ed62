"""xorgrad where learners write their backprop: Jupyter.

The default tier checks, in this process, what a notebook shows (a check's short plain view and
its HTML, pictures as PNG, the comparison table), that a function's module globals are read as a
file's settings, and that learner code run for a picture is isolated. The `slow` tier runs real
notebooks on a real Jupyter kernel (nbclient + ipykernel: pip install 'xorgrad[notebook]') and
opens the lesson's HTML page in headless Chromium (apt-get install chromium).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import numpy as np
import pytest

import xorgrad
from xorgrad.checker.learner import settings_of
from xorgrad.errors import CheckInputError, as_flags

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "lesson.ipynb"
PNG = b"\x89PNG\r\n\x1a\n"
NOTEBOOK_EXTRA = "pip install 'xorgrad[notebook]'"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# the original question's backprop, with its sign slip (examples/question.py), as typed in a cell
QUESTION_CELL = '''
import numpy as np

def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))

def gradients(w1, b1, w2, b2, X, Y):
    m = X.shape[1]
    z1 = w1 @ X + b1
    a1 = sigmoid(z1)
    z2 = w2 @ a1 + b2
    a2 = sigmoid(z2)
    da2 = -(1 / m) * (Y / a2 + (1 - Y) / (1 - a2))   # the sign slip
    dz2 = da2 * a2 * (1 - a2)
    dw2 = dz2 @ a1.T
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = w2.T @ dz2
    dz1 = da1 * a1 * (1 - a1)
    return dz1 @ X.T, np.sum(dz1, axis=1, keepdims=True), dw2, db2

def correct(w1, b1, w2, b2, X, Y):
    m = X.shape[1]
    a1 = sigmoid(w1 @ X + b1)
    a2 = sigmoid(w2 @ a1 + b2)
    dz2 = (a2 - Y) / m
    dz1 = (w2.T @ dz2) * a1 * (1 - a1)
    return dz1 @ X.T, dz1.sum(axis=1, keepdims=True), dz2 @ a1.T, dz2.sum(axis=1, keepdims=True)

def my_cost(w1, b1, w2, b2, X, Y):
    z2 = w2 @ sigmoid(w1 @ X + b1) + b2
    return np.mean(np.logaddexp(0.0, z2) - Y * z2)
'''


def notebook_namespace(settings: str = "LR = 0.5\nSTEPS = 300\n") -> types.ModuleType:
    """The functions as a notebook defines them: in a module that is not a file (like a kernel's
    __main__), with the notebook's settings as its globals."""
    ns = types.ModuleType("__notebook__")
    exec(compile(settings + QUESTION_CELL, "<cell>", "exec"), ns.__dict__)  # noqa: S102
    return ns


@pytest.fixture(scope="module")
def slip():
    """check() of the question's gradient defined in a 'notebook' with LR 0.5 and STEPS 300."""
    return xorgrad.check(notebook_namespace().gradients)


# ---- the default tier: in this process ----------------------------------------------------------
def test_a_functions_module_globals_are_read_as_its_settings_the_way_a_files_are(tmp_path):
    ns = notebook_namespace("LR = 0.5\nSTEPS = 300\nINIT_SCALE = 0.5\nUPDATE = 'subtract'\n")
    (tmp_path / "learner.py").write_text("LR = 0.5\nSTEPS = 300\nINIT_SCALE = 0.5\n"
                                         "UPDATE = 'subtract'\n" + QUESTION_CELL)
    from xorgrad.checker import load_function
    _, module = load_function(f"{tmp_path / 'learner.py'}:gradients")
    want = {"lr": 0.5, "steps": 300, "scale": 0.5, "update": "subtract"}
    assert settings_of(ns.gradients) == settings_of(module) == want


def test_the_consequence_uses_the_notebooks_lr_and_steps(slip):
    c = slip.consequence
    assert (c.lr, c.steps) == (0.5, 300), (c.lr, c.steps)
    assert "lr 0.5, 300 steps" in slip._repr_html_()


def test_a_check_results_plain_view_is_one_or_two_short_lines_naming_the_wrong_parameters(slip):
    text = repr(slip)
    assert len(text) <= 400 and len(text.splitlines()) <= 2, text
    assert "WRONG for w1, b1, w2, b2" in text and "sign is flipped" in text
    assert "lr 0.5 for 300 steps" in text


def test_a_check_results_html_has_the_verdict_table_the_cause_training_and_the_curves(slip):
    page = slip._repr_html_()
    assert "WRONG for w1, b1, w2, b2" in page                          # the verdict
    table = page[page.index("<table"):page.index("</table>")]
    assert all(f"<td>{k}</td>" in table for k in ("w1", "b1", "w2", "b2"))
    assert table.count(">WRONG</td>") == 4                              # per parameter
    assert "the sign is flipped only for the samples with y = 0" in page   # why, in words
    assert "what it does (your start" in page and "climbs the loss" in page
    pytest.importorskip("matplotlib", reason="the inline picture needs: pip install 'xorgrad[plot]'")
    png = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    import base64
    assert png and base64.b64decode(png.group(1)).startswith(PNG)


def test_without_matplotlib_the_html_says_why_there_is_no_picture(slip, monkeypatch):
    from xorgrad import figure, plots
    def missing(*a, **k):
        raise plots.PlotUnavailable(f"pictures need matplotlib, which is not installed: "
                                    f"{plots.INSTALL_PLOT}")
    monkeypatch.setattr(figure, "_figure", missing)   # the helper the check's picture draws with
    page = slip._repr_html_()
    assert "<img" not in page and "no picture: pictures need matplotlib" in page
    assert "WRONG for w1, b1, w2, b2" in page


def test_a_correct_function_shows_correct_in_both_views():
    r = xorgrad.check(notebook_namespace().correct, steps=50)
    assert r.ok and "correct: the gradient of the mean binary cross-entropy" in repr(r)
    assert "WRONG" not in r._repr_html_()


def test_cost_takes_a_callable_and_judges_against_it():
    ns = notebook_namespace()
    r = xorgrad.check(ns.correct, cost=ns.my_cost, steps=20)
    assert r.ok and r.loss == "own_cost" and "my_cost" in r.target.why, r.target
    assert "correct: the gradient of your own cost" in repr(r)


def test_data_in_the_learners_row_layout_is_accepted():
    ns = notebook_namespace()
    rows = xorgrad.check(ns.correct, X=xorgrad.XOR_X.T, Y=xorgrad.XOR_Y.T, steps=20)
    assert rows.ok and rows.form.layout == "columns"   # the data's layout, not the function's


def test_hints_name_keyword_arguments_through_the_api_and_flags_through_the_cli(tmp_path, capsys):
    ns = types.ModuleType("__hangs__")
    exec("def g(w1, b1, w2, b2, X, Y):\n    while True:\n        pass\n", ns.__dict__)  # noqa: S102
    with pytest.raises(CheckInputError) as e:
        xorgrad.check(ns.g, timeout=0.2)
    assert "timeout= sets the limit" in str(e.value) and "--timeout" not in str(e.value)
    assert "--timeout sets the limit" in as_flags(str(e.value))
    (tmp_path / "hangs.py").write_text("def g(w1, b1, w2, b2, X, Y):\n    while True:\n        pass\n")
    from xorgrad.cli import main
    assert main(["check", f"{tmp_path / 'hangs.py'}:g", "--timeout", "0.2"]) == 2
    err = capsys.readouterr().err
    assert "--timeout sets the limit" in err and "timeout=" not in err, err


def test_an_api_error_from_learner_code_carries_no_checker_frames():
    ns = types.ModuleType("__raises__")
    exec("def g(w1, b1, w2, b2, X, Y):\n    raise ValueError('mine')\n", ns.__dict__)  # noqa: S102
    with pytest.raises(CheckInputError, match="raised ValueError: mine") as e:
        xorgrad.check(ns.g)
    files = {Path(f.filename).name for f in __import__("traceback").extract_tb(e.value.__traceback__)}
    assert files <= {"__init__.py", Path(__file__).name}, files   # check() itself, and the caller


def test_every_picture_displays_inline_saves_and_needs_no_display(tmp_path, slip):
    pytest.importorskip("matplotlib", reason="pictures need: pip install 'xorgrad[plot]'")
    from xorgrad import plots
    pics = [plots.decision_boundary(steps=20), plots.check_curves(slip)]   # the others: the
    # same Picture and _save (the lesson notebook, in the slow tier, shows hidden_units inline)
    for pic in pics:
        assert pic.path is None and pic._repr_png_().startswith(PNG), pic
        saved = pic.save(tmp_path / "p.png")
        assert saved.read_bytes() == pic._repr_png_()
    on_disk = plots.decision_boundary(tmp_path / "out", steps=20)
    assert on_disk.path == tmp_path / "out" / "decision_boundary.png"
    assert on_disk._repr_png_() == on_disk.path.read_bytes()


def test_compare_prints_the_commands_table_and_shows_html(capsys):
    from xorgrad.cli import main
    table = xorgrad.compare(backends=["numpy"], steps=20)
    assert main(["--backends", "numpy", "--steps", "20"]) == 0
    assert capsys.readouterr().out == str(table) + "\n"       # the same text, one function
    page = table._repr_html_()
    assert page.count("<tr><td>numpy</td>") == 2 and "XOR?" in page


def test_the_main_tables_html_puts_each_number_under_its_header():
    from xorgrad.table import MainTable
    row = {"backend": "numpy", "device": "cpu", "dtype": "float32", "loss": 0.693452,
           "grad_rel_err_vs_fd": 1.0e-3, "grad_rel_err_vs_numpy64": 2.0e-5, "grad_ok": True,
           "loss_end": 0.021971, "predictions": [0.01, 0.98, 0.97, 0.02], "learned_xor": True}
    page = MainTable({"seed": 0, "init_scale": 1.0, "lr": 1.0, "steps": 1000, "rows": [row],
                      "not_run": []})._repr_html_()
    head = re.findall(r"<th>(.*?)</th>", page)
    cells = re.findall(r"<td>(.*?)</td>", page)
    assert len(head) == len(cells)
    assert dict(zip(head, cells)) == {
        "backend": "numpy", "device": "cpu", "dtype": "float32", "loss@0": "0.693452",
        "err vs FD": "1.0e-03", "vs np64": "2.0e-05", "loss@end": "0.021971",
        "a2 at (0,0) (0,1) (1,0) (1,1)": "0.010 0.980 0.970 0.020", "XOR?": "yes"}


def test_learner_vs_reference_runs_the_learners_code_in_a_child_process():
    pytest.importorskip("matplotlib", reason="pictures need: pip install 'xorgrad[plot]'")
    from xorgrad import plots
    for body, words in (("import sys\n    sys.exit(3)", "called exit(3)"),
                        ("while True:\n        pass", "did not finish within")):
        ns = types.ModuleType("__bad__")
        exec(f"def g(w1, b1, w2, b2, X, Y):\n    {body}\n", ns.__dict__)  # noqa: S102
        with pytest.raises(CheckInputError, match=re.escape(words)):
            plots.learner_vs_reference(ns.g, steps=5, timeout=0.2)
    assert os.getpid()   # still here


def test_plot_grad_and_check_agree_on_a_file_whose_loop_adds_the_gradient(tmp_path):
    """UPDATE = "add" with minus the gradient is a correct descent: check says so, and the picture
    trains the same run (the same settings reader, the same update), to the last digit."""
    pytest.importorskip("matplotlib", reason="pictures need: pip install 'xorgrad[plot]'")
    from xorgrad import plots
    (tmp_path / "adds.py").write_text(QUESTION_CELL + textwrap.dedent('''
        LR = 1.0
        STEPS = 300
        UPDATE = "add"
        def minus(w1, b1, w2, b2, X, Y):
            return tuple(-g for g in correct(w1, b1, w2, b2, X, Y))
        '''))
    spec = f"{tmp_path / 'adds.py'}:minus"
    r = xorgrad.check(spec)
    pic = plots.learner_vs_reference(spec)
    assert r.consequence.update == "add" and r.consequence.trend == "goes down"
    end = float(re.search(r"; ([0-9.e+-]+) at step 299", pic.caption).group(1))
    assert end == pytest.approx(r.consequence.losses[299], rel=1e-3), (pic.caption, r.consequence.losses[299])
    assert end < r.consequence.losses[0] - 0.02 and "median +1.000" in pic.caption, pic.caption


def test_a_stage_of_the_lessons_shows_as_an_html_table():
    from xorgrad import sidebyside
    (stage,) = sidebyside.select_stages(sidebyside.load(), ["backward"])
    page = stage._repr_html_()
    assert "NumPy (backprop by hand)" in page and "dz2 = (a2 - Y) / m" in page.replace("&#x27;", "'")


def test_the_lesson_notebook_is_stored_without_outputs_and_paired_with_its_script():
    nb = json.loads(LESSON.read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(not c["outputs"] and c["execution_count"] is None for c in code)
    jupytext = pytest.importorskip("jupytext", reason=f"needs jupytext: {NOTEBOOK_EXTRA}")
    script = jupytext.read(LESSON.with_suffix(".py"))
    assert [("".join(c["source"]) if isinstance(c["source"], list) else c["source"]).strip()
            for c in nb["cells"]] == [c.source.strip() for c in script.cells], \
        "notebooks/lesson.ipynb and lesson.py differ: jupytext --sync notebooks/lesson.py"


# ---- the slow tier: real kernels, a real browser ------------------------------------------------
def _execute(nb, cwd, timeout=300):
    nbclient = pytest.importorskip("nbclient", reason=f"needs nbclient: {NOTEBOOK_EXTRA}")
    pytest.importorskip("ipykernel", reason=f"needs ipykernel: {NOTEBOOK_EXTRA}")
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=timeout, allow_errors=True,
                            resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def _outputs(cell, kind):
    return [o["data"][kind] for o in cell.outputs if "data" in o and kind in o["data"]]


@pytest.mark.slow
def test_a_learners_notebook_on_a_real_kernel_shows_what_is_wrong_with_its_settings(tmp_path):
    pytest.importorskip("matplotlib", reason="the notebook draws: pip install 'xorgrad[plot]'")
    nbformat = pytest.importorskip("nbformat", reason=f"needs nbformat: {NOTEBOOK_EXTRA}")
    v4 = nbformat.v4
    cells = [
        "import xorgrad\nfrom xorgrad import plots\nLR = 0.5\nSTEPS = 300",
        QUESTION_CELL,
        "xorgrad.check(gradients)",                                                  # 2
        "xorgrad.check(correct, cost=my_cost, steps=20)",                           # 3
        "plots.learner_vs_reference(gradients)",                                    # 4
        "def helper(a):\n    return a.undefined_name\n\n"
        "def broken(w1, b1, w2, b2, X, Y):\n    return helper(X)",                # 5
        "xorgrad.check(broken)",                                                    # 6
        "import sys\ndef leaves(w1, b1, w2, b2, X, Y):\n    sys.exit(0)\n"
        "xorgrad.check(leaves)",                                                    # 7
        "'the kernel is alive'",                                                    # 8
    ]
    nb = _execute(v4.new_notebook(cells=[v4.new_code_cell(c) for c in cells]), tmp_path)
    c = nb.cells
    (page,) = _outputs(c[2], "text/html")
    (plain,) = _outputs(c[2], "text/plain")
    assert "WRONG for w1, b1, w2, b2" in page and "the sign is flipped only for the samples with y = 0" in page
    assert "lr 0.5, 300 steps" in page and 'src="data:image/png;base64,' in page
    assert len(plain) <= 400 and len(plain.splitlines()) <= 2, plain
    (own,) = _outputs(c[3], "text/html")
    assert "correct: the gradient of your own cost" in own and "my_cost" in own, own[:500]
    assert _outputs(c[4], "image/png"), c[4].outputs                           # inline picture
    (err,) = [o for o in c[6].outputs if o["output_type"] == "error"]
    assert err["ename"] == "CheckInputError"
    assert re.search(r"Cell In\[\d+\], line 2, in helper: return a.undefined_name; called from "
                     r"Cell In\[\d+\], line 5, in broken", err["evalue"]), err["evalue"]
    assert len(err["traceback"]) <= 5, err["traceback"]   # header, your cell, check(), the error
    (err7,) = [o for o in c[7].outputs if o["output_type"] == "error"]
    assert "called exit(0)" in err7["evalue"]
    assert _outputs(c[8], "text/plain") == ["'the kernel is alive'"]


PROBE = """<script>
window.__xorgrad = {errors: []};
window.addEventListener("error", function (e) {
  if (e.target && e.target !== window && e.target.tagName) return;   // a resource, not a script
  window.__xorgrad.errors.push(String(e.message));
}, true);
window.addEventListener("load", function () {
  var out = document.createElement("pre");
  out.id = "xorgrad-probe";
  out.textContent = JSON.stringify({errors: window.__xorgrad.errors,
    images: Array.prototype.map.call(document.images, function (i) {
      return {loaded: i.complete, width: i.naturalWidth, alt: i.alt.slice(0, 60)}; })});
  document.body.appendChild(out);
});
</script>"""


def render_in_chromium(page: str, folder: Path) -> tuple[dict, str]:
    """Open an HTML page in headless Chromium; (what the probe saw, the DOM as rendered)."""
    path = folder / "page.html"
    path.write_text(page.replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    profile = folder / "chromium-profile"
    out = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom",
         path.as_uri()], capture_output=True, text=True, timeout=180)
    m = re.search(r'<pre id="xorgrad-probe">(.*?)</pre>', out.stdout, re.S)
    assert m, f"chromium did not render the page (exit {out.returncode}): {out.stderr[-1000:]}"
    import html
    return json.loads(html.unescape(m.group(1))), out.stdout


def to_html(nb, monkeypatch) -> str:
    pytest.importorskip("nbconvert", reason=f"needs nbconvert: {NOTEBOOK_EXTRA}")
    import nbconvert
    from jupyter_core.paths import jupyter_path
    # nbconvert's templates live in its environment's share/jupyter, which a venv that borrows
    # its packages through a .pth file does not search
    share = Path(nbconvert.__file__).resolve().parents[4] / "share" / "jupyter"
    if share.is_dir() and str(share) not in jupyter_path():
        monkeypatch.setenv("JUPYTER_PATH", os.pathsep.join(
            [str(share)] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]))
    body, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
    return body


@pytest.mark.slow
def test_the_lesson_notebook_runs_and_its_page_renders_in_a_real_browser(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib", reason="the lesson draws: pip install 'xorgrad[plot]'")
    nbformat = pytest.importorskip("nbformat", reason=f"needs nbformat: {NOTEBOOK_EXTRA}")
    nb = _execute(nbformat.read(LESSON, as_version=4), LESSON.parent, timeout=600)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o["output_type"] == "error"]
    assert not errors, errors[0]["evalue"] if errors else ""
    page = to_html(nb, monkeypatch)
    if CHROMIUM is None:
        pytest.skip("no Chromium to open the page: apt-get install chromium")
    seen, dom = render_in_chromium(page, tmp_path)
    assert seen["errors"] == [], seen["errors"]
    assert len(seen["images"]) >= 4 and all(i["loaded"] and i["width"] > 0 for i in seen["images"]), seen
    assert 'class="xorgrad-compare"' in dom and "<td>numpy</td>" in dom          # the table
    assert "WRONG for w1, b1, w2, b2" in dom                                    # the verdict
