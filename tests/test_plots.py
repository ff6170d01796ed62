"""`xorgrad plot` and xorgrad.plots: PNG files really written, and honest data behind them."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import numpy as np
import pytest

import xorgrad
from xorgrad.checker import CheckInputError, load_function, settings_of
from xorgrad import plots
from xorgrad.cli import main
from xorgrad.registry import select
from xorgrad.testing import SHORT_STEPS

pytest.importorskip("matplotlib", reason="pictures need matplotlib: pip install 'xorgrad[plot]'")

ROOT = Path(__file__).resolve().parents[1]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path) -> tuple[int, int]:
    """(width, height) of a valid PNG file; fails on anything else."""
    data = Path(path).read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    assert data[-8:-4] == b"IEND"
    return struct.unpack(">II", data[16:24])


# the question's settings, which learn nothing
QUESTION = dict(scale=0.01, lr=0.1, steps=1000)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """drawn("boundary" | "hidden", "defaults" | "question"): that picture, drawn once for this
    module (a drawing costs about a second of CPU) into a folder that did not exist before, and
    read by every test that asks what it shows."""
    out, pictures = tmp_path_factory.mktemp("pictures"), {}

    def draw(kind, settings="defaults"):
        if (kind, settings) not in pictures:
            function = {"boundary": plots.decision_boundary, "hidden": plots.hidden_units}[kind]
            pictures[kind, settings] = function(out / settings / kind,
                                                **(QUESTION if settings == "question" else {}))
        return pictures[kind, settings]
    return draw


def test_loss_curves_png_is_written_for_every_available_case(tmp_path):
    """Every run is drawn and named, and the caption's worst |loss - numpy float64| of a run is
    its largest difference over the steps (not its smallest)."""
    pic = plots.loss_curves(tmp_path, steps=SHORT_STEPS)   # the tests' short run: its compiles
    w, h = png_size(pic.path)
    assert pic.path == tmp_path / "loss_curves.png" and w > 400 and h > 200
    for backend, device, dtype in select():
        if (backend, dtype) != ("numpy", "float64"):
            assert f"{backend}/{device}/{dtype}" in pic.caption
    p = xorgrad.init_params()
    ref = xorgrad.get("numpy").train(p, steps=SHORT_STEPS)[1]
    diff = np.abs(xorgrad.get("numpy", dtype="float32").train(p, steps=SHORT_STEPS)[1] - ref)
    assert diff.min() < diff.max() / 10                    # smallest and largest tell apart
    assert f"numpy/cpu/float32 {diff.max():.1e}" in pic.caption, pic.caption


def test_decision_boundary_and_hidden_units_pngs_are_written(drawn):
    a, b = drawn("boundary"), drawn("hidden")              # 1000 steps, into missing folders
    for pic, name in ((a, "decision_boundary.png"), (b, "hidden_units.png")):
        assert pic.path.name == name
        png_size(pic.path)
    assert "learned XOR" in a.caption                      # the defaults learn XOR (contract)
    assert "hidden unit 1 acts as AND; hidden unit 2 acts as OR; the output combines them " \
           "into XOR" == b.caption                         # seed 0's hidden units, drawn
    assert "hidden space: w2 . a1 + b2 = 0\nsplits XOR" in b.texts


def test_gate_names_the_boolean_function_of_four_outputs():
    assert plots.gate([0.1, 0.9, 0.8, 0.95]) == "OR"
    assert plots.gate([0.1, 0.2, 0.3, 0.95]) == "AND"
    assert plots.gate([0.9, 0.2, 0.3, 0.05]) == "NOR"


def test_training_with_the_true_gradient_matches_the_numpy_backend():
    from xorgrad.impls.numpy_net import loss_and_grads

    def learner(w1, b1, w2, b2, X, Y):
        _, g = loss_and_grads({"w1": w1, "b1": b1, "w2": w2, "b2": b2}, X, Y)
        return g["w1"], g["b1"], g["w2"], g["b2"]
    p = xorgrad.init_params(seed=3, scale=1.0)
    losses, cosine, stop = plots.train_with(learner, p, steps=200, lr=1.0)
    _, ref = xorgrad.get("numpy").train(p, steps=200, lr=1.0)
    assert stop is None
    np.testing.assert_allclose(losses, ref, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(cosine, 1.0, atol=1e-12)


def test_learner_run_stops_where_its_gradient_is_not_finite(tmp_path):
    calls = []

    def learner(w1, b1, w2, b2, X, Y):          # sound for 7 calls, then inf
        calls.append(1)
        bad = np.inf if len(calls) > 7 else 0.0
        return w1 * 0 + bad, b1 * 0, w2 * 0, b2 * 0
    losses, _, stop = plots.train_with(learner, xorgrad.init_params(), steps=50, lr=0.1)
    assert stop == 7 and np.all(np.isfinite(losses[:8])) and np.all(np.isnan(losses[8:]))
    calls.clear()
    pic = plots.learner_vs_reference(learner, tmp_path, steps=50)
    png_size(pic.path)
    assert "not finite at step 7" in pic.caption


def test_the_questions_gradient_makes_the_loss_rise(tmp_path):
    func, module = load_function(str(ROOT / "examples" / "question.py") + ":gradients")
    assert settings_of(module) == {"scale": 0.01, "lr": 0.1, "steps": 1000, "update": "subtract"}
    losses, cosine, stop = plots.train_with(func, xorgrad.init_params(scale=0.01), 300, 0.1)
    assert np.all(np.diff(losses[:200]) > 0)     # climbs on every step
    assert stop is not None and 200 < stop < 300
    assert np.nanmedian(cosine) < -0.99          # along its path it points straight uphill


def test_a_wrong_gradient_shape_is_a_clear_error():
    with pytest.raises(CheckInputError, match="dw1 has shape"):
        plots.train_with(lambda *a: (np.zeros(3), 0, 0, 0), xorgrad.init_params(), 5, 0.1)


def test_plot_command_prints_the_paths_it_wrote(tmp_path, capsys):
    assert main(["plot", "--out", str(tmp_path), "--only", "boundary,hidden",
                 "--steps", "300"]) == 0
    paths = [line for line in capsys.readouterr().out.splitlines() if line.endswith(".png")]
    assert [Path(p).name for p in paths] == ["decision_boundary.png", "hidden_units.png"]
    for p in paths:
        png_size(p)


def test_plot_command_rejects_a_bad_grad_spec_in_one_line(tmp_path, capsys):
    assert main(["plot", "--out", str(tmp_path), "--grad", "nofile.py:gradients"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file: nofile.py" in err


def test_without_matplotlib_commands_fail_in_one_line_saying_how_to_install(tmp_path, capsys,
                                                                           monkeypatch):
    for mod in ("matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, mod, None)       # `import` now raises ImportError
    with pytest.raises(plots.PlotUnavailable):
        plots.decision_boundary(tmp_path)
    for argv in (["plot", "--out", str(tmp_path)],
                 ["seeds", "--n", "2", "--steps", "2", "--out", str(tmp_path)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "pip install 'xorgrad[plot]'" in err
    assert not list(tmp_path.iterdir())


# ---- every caption and title comes from the run it shows (the question's settings learn nothing)
@pytest.mark.slow   # the decision boundary's title below is the default tier's proof
def test_hidden_units_of_a_net_that_learned_nothing_claim_no_gate_and_no_split(drawn):
    pic = drawn("hidden", "question")
    said = " | ".join(pic.texts) + " | " + pic.caption
    assert "acts as" not in said and "splits XOR" not in said and "always 1" not in said
    assert "hidden unit 1: undecided (outputs 0.500..0.500)" in said
    assert "does NOT split XOR" in said and "the net did not learn XOR" in pic.caption
    assert "init 0.01, lr 0.1, 1000 steps, loss 0.6931" in said


def test_hidden_unit_panels_have_a_colour_bar(drawn):
    assert "hidden activation a1" in drawn("hidden").texts


def test_decision_boundary_of_a_net_that_learned_nothing_says_so_in_its_title(drawn):
    pic = drawn("boundary", "question")
    (title,) = [t for t in pic.texts if t.startswith("boundary")]
    assert "did NOT learn XOR" in title and "init 0.01, lr 0.1" in title
    assert pic.caption.endswith("did not learn XOR")
    assert any("1000 steps: learned XOR" in t for t in drawn("boundary").texts)


def test_a_unit_stuck_at_one_half_has_no_gate():
    assert plots.gate([0.5000001] * 4) is None                # was "always 1"
    assert plots.unit_role([0.4999, 0.5, 0.5001, 0.5003]) == "undecided (outputs 0.500..0.500)"
    assert plots.unit_role([0.05, 0.45, 0.9, 0.95]) == "no clear gate ((0,1) near 0.5)"
    assert plots.gate([0.05, 0.35, 0.9, 0.95]) == "x1"


@pytest.mark.slow   # a whole run drawn for one axis's ticks
def test_loss_axis_of_a_flat_run_has_plain_ticks_without_an_offset(tmp_path):
    flat = {**QUESTION, "steps": 200}   # the question's run is flat from its first step
    for pic in (plots.loss_curves(tmp_path, cases=[("numpy", "cpu", "float64")], **flat),
                plots.learner_vs_reference(_true_gradient, tmp_path, **flat)):
        assert not [t for t in pic.texts if t.startswith("offset:")], pic.texts


def test_loss_in_the_titles_is_the_loss_after_the_last_update(drawn):
    net = xorgrad.get("numpy")
    p_end, _ = net.train(xorgrad.init_params(), steps=1000, lr=1.0)
    want = f"loss {net.loss_and_grads(p_end)[0]:.4f}"
    assert want == "loss 0.0219"
    for pic in (drawn("boundary"), drawn("hidden")):
        assert any(want in t for t in pic.texts)


def _true_gradient(w1, b1, w2, b2, X, Y):
    from xorgrad.impls.numpy_net import loss_and_grads
    _, g = loss_and_grads({"w1": w1, "b1": b1, "w2": w2, "b2": b2}, X, Y)
    return g["w1"], g["b1"], g["w2"], g["b2"]


# ---- no traceback for a user's mistake ---------------------------------------------------------
def test_plot_out_that_is_a_file_or_cannot_be_created_is_one_line(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("")
    for out, says in ((afile, f"cannot write pictures to {afile}: it is a file, not a folder"),
                      (afile / "sub", f"cannot create the folder {afile / 'sub'}: Not a directory")):
        assert main(["plot", "--out", str(out), "--only", "boundary", "--steps", "5"]) == 2
        assert capsys.readouterr().err == f"xorgrad: error: {says}\n"


def test_plot_out_that_is_not_writable_is_one_line(tmp_path, capsys, monkeypatch):
    import os
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(tmp_path) else
                        real(p, mode))            # chmod does not stop root, so say it directly
    assert main(["plot", "--out", str(tmp_path), "--only", "boundary", "--steps", "5"]) == 2
    assert capsys.readouterr().err == (f"xorgrad: error: cannot write pictures to {tmp_path}: "
                                       f"the folder is not writable\n")


def test_plot_grad_given_a_folder_or_a_non_python_file_is_one_line(tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("not python")
    for spec, says in ((f"{tmp_path}:gradients", f"{tmp_path} is a folder"),
                       (f"{notes}:gradients", f"{notes} is not a Python (.py) file")):
        assert main(["plot", "--out", str(tmp_path / "o"), "--grad", spec]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and says in err
    assert not (tmp_path / "o").exists()


def test_loss_curves_name_the_backends_that_could_not_be_drawn(tmp_path, hide_backend):
    import xorgrad.registry as registry
    hide_backend("jax")
    pic = plots.loss_curves(tmp_path, steps=SHORT_STEPS)
    assert "; not drawn: " in pic.caption
    assert f"jax is not installed: {registry.record('jax').install}" in pic.caption
    assert pic.caption.count("jax is not installed") == 1


@pytest.mark.parametrize("body, words", [
    ("import sys\ndef g(w1, b1, w2, b2, X, Y):\n    sys.exit(0)\n", "called exit(0)"),
    ("import os\ndef g(w1, b1, w2, b2, X, Y):\n    os._exit(3)\n", "ended the process"),
    ("def g(w1, b1, w2, b2, X, Y):\n    while True:\n        pass\n", "did not finish within"),
])
def test_plot_grad_runs_the_learners_code_in_a_child_process(tmp_path, capsys, monkeypatch, body,
                                                             words):
    """Exiting, killing its process or hanging in the learner's gradient is one line and exit 2
    for `plot --grad`, as for `check`; the caller's Python keeps running."""
    from xorgrad.checker import parent_side
    monkeypatch.setattr(parent_side, "DEFAULT_TIMEOUT", 0.2)
    (tmp_path / "bad.py").write_text("print('hello from the learner')\n" + body)
    code = main(["plot", "--only", "learner", "--grad", f"{tmp_path / 'bad.py'}:g", "--steps", "5",
                 "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and words in err and len(err.strip().splitlines()) <= 3, err
