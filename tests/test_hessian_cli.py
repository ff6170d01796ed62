"""`xorgrad hessian`: every number it prints comes from the run; bad options are one-line errors."""

import json

import numpy as np
import pytest

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


def test_hessian_rows_stop_at_the_last_step_and_the_closing_lines_are_the_first_and_last(capsys):
    """--steps 250 --every 100: rows at 0, 100, 200 and 250 (the last stretch is 50 steps), the
    last row is the net after 250 steps, and the closing lines describe the first and last rows."""
    argv = ["hessian", "--steps", "250", "--every", "100"]
    assert main(argv + ["--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [r["step"] for r in rows] == [0, 100, 200, 250]
    net = xorgrad.get("numpy")
    p_end, _ = net.train(xorgrad.init_params(), steps=250, lr=1.0)
    assert rows[-1]["loss"] == pytest.approx(net.loss_and_grads(p_end)[0], rel=1e-12)
    assert main(argv) == 0
    closing = [line for line in capsys.readouterr().out.splitlines() if line.startswith("at step")]
    assert [line.split(":")[0] for line in closing] == ["at step 0", "at step 250"]
    for line, r in zip(closing, (rows[0], rows[-1])):
        assert f"{r['eigenvalues'][0]:.2e}" in line and f"|grad| {r['grad_norm']:.2e}" in line


def test_hessian_eigenvectors_are_eigenvectors_with_their_largest_entry_positive():
    """An eigenvector's sign is arbitrary; the one `spectrum` reports has its largest entry
    positive. Five symmetric 9 x 9 matrices stand in for a net's Hessian."""
    import types
    p = xorgrad.init_params()
    for seed in range(5):
        A = np.random.default_rng(seed).standard_normal((9, 9))
        net = types.SimpleNamespace(hessian=lambda params, H=A + A.T: H,
                                    loss_and_grads=xorgrad.get("numpy").loss_and_grads)
        r = curvature.spectrum(net, p)
        for key, value in (("v_min", r["eigenvalues"][0]), ("v_max", r["eigenvalues"][-1])):
            v = np.array(r[key])
            assert np.allclose((A + A.T) @ v, value * v, atol=1e-12), (seed, key)
            assert v[np.argmax(np.abs(v))] > 0, (seed, key, v)


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
