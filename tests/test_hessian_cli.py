"""`xorgrad hessian`: every number it prints comes from the run; bad options are one-line errors."""

import json

import numpy as np

import xorgrad
from xorgrad import curvature
from xorgrad.cli import main


def test_hessian_prints_the_eigenvalues_of_the_start_and_along_training(capsys):
    assert main(["hessian", "--scale", "0.01", "--lr", "0.1", "--steps", "100", "--every", "50"]) == 0
    out = capsys.readouterr().out
    H = xorgrad.get("numpy").hessian(xorgrad.init_params(0, 0.01))
    low = np.linalg.eigvalsh(H)[0]
    rows = [line.split() for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert [int(r[0]) for r in rows] == [0, 50, 100]
    assert float(rows[0][4]) == float(f"{low:.2e}")             # the lowest eigenvalue at step 0
    assert f"the lowest {low:.2e}" in out
    assert f"e-fold every {curvature.escape_steps(0.1, low):.3g} steps" in out


def test_hessian_json_has_every_row_and_no_negative_eigenvalue_at_the_end_of_the_default_run(capsys):
    assert main(["hessian", "--steps", "1000", "--every", "500", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [r["step"] for r in result["rows"]] == [0, 500, 1000]
    assert result["rows"][0]["negative"] > 0 and result["rows"][-1]["negative"] == 0


def test_a_bad_every_is_a_one_line_error(capsys):
    assert main(["hessian", "--every", "0"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "xorgrad: error: --every must be at least 1, got 0"


def test_a_backend_without_a_hessian_is_a_one_line_error(capsys, monkeypatch):
    import types
    from xorgrad.backends import numpy_backend
    monkeypatch.setattr(numpy_backend.Net, "lesson", types.SimpleNamespace(
        __name__="bare", loss_and_grads=numpy_backend.Net.lesson.loss_and_grads))
    assert main(["hessian", "--steps", "1"]) == 2
    assert "backend numpy has no hessian" in capsys.readouterr().err
