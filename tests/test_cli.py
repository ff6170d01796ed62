"""The main command: one comparison table (or JSON), one-line errors, and loud explicit requests."""

import json
import subprocess
import sys

import pytest

import xorgrad
from xorgrad.cli import main
from xorgrad.compare import select


def test_main_command_prints_one_row_per_available_case(capsys):
    assert main(["--steps", "200"]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.split()[:1] and line.split()[0] in xorgrad.BACKENDS]
    assert len(rows) == len(select())
    assert "err vs FD" in out and "a2 at (0,0) (0,1) (1,0) (1,1)" in out


def test_json_output_has_every_field_and_the_same_start(capsys):
    assert main(["compare", "--json", "--steps", "1000", "--backends", "numpy"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["steps"] == 1000 and result["seed"] == xorgrad.DEFAULT_SEED
    assert result["params"]["w1"] == xorgrad.init_params()["w1"].tolist()
    for row in result["rows"]:
        assert set(row) >= {"backend", "device", "dtype", "loss", "grad_rel_err_vs_fd",
                            "grad_rel_err_vs_numpy64", "loss_end", "predictions", "learned_xor"}
        assert row["learned_xor"] is True and len(row["predictions"]) == 4
        assert row["grad_rel_err_vs_fd"] <= 1e-7 or row["dtype"] == "float32"


@pytest.mark.parametrize("argv, fragment", [
    (["--backends", "tensorflow"], "unknown backend 'tensorflow'"),
    (["--dtypes", "float16"], "unknown dtype 'float16'"),
    (["--devices", "tpu"], "unknown device 'tpu'"),
    (["--seed", "-3"], "seed must be a non-negative integer"),
    (["--steps", "-1"], "steps must be a non-negative integer"),
    (["--lr", "nan"], "lr must be a finite number"),
])
def test_bad_input_gives_one_line_error_and_exit_2(capsys, argv, fragment):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("xorgrad: error: ") and fragment in err


def test_python_dash_m_xorgrad_runs_the_main_job():
    run = subprocess.run([sys.executable, "-m", "xorgrad", "--backends", "numpy", "--steps", "10"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "numpy   cpu    float64" in run.stdout


def _missing_device():
    here = xorgrad.available()
    for backend in xorgrad.BACKENDS:
        for device in xorgrad.DEVICES[backend]:
            if (backend, device) not in here and not any(d == device for _, d in here):
                return device
    return None


def test_asking_pytest_for_a_missing_device_fails_loudly(pytester):
    device = _missing_device()
    if device is None:
        pytest.skip("every device is present here")
    pytester.makepyfile("def test_x(case):\n    pass\n")
    result = pytester.runpytest_inprocess("-p", "xorgrad.pytest_plugin", f"--devices={device}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR       # exit status 4: nothing ran
    assert f"device '{device}' was asked for" in result.stderr.str()


def test_without_options_pytest_skips_missing_devices_with_a_reason(pytester):
    pytester.makepyfile("def test_x(case):\n    pass\n")
    result = pytester.runpytest_inprocess("-p", "xorgrad.pytest_plugin", "-rs")
    result.assert_outcomes(passed=len(select()), skipped=_n_missing_cases())
    if _missing_device():
        result.stdout.fnmatch_lines(["SKIPPED*needs*"])


def _n_missing_cases():
    here = set(xorgrad.available())
    return sum(len(xorgrad.DTYPES) for b in xorgrad.BACKENDS for d in xorgrad.DEVICES[b]
               if d != "mps" and (b, d) not in here)
