"""The main command: one comparison table (or JSON), one-line errors, and loud explicit requests."""

import json
import subprocess
import sys

import pytest

import xorgrad
from xorgrad.cli import main
from xorgrad.registry import select
from xorgrad.testing import SHORT_STEPS


def test_main_command_prints_one_row_per_available_case(capsys, builtins_only):
    assert main(["--steps", str(SHORT_STEPS)]) == 0   # the tests' short run: its compiles
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.split()[:1] and
            line.split()[0] in xorgrad.BACKENDS and "not run:" not in line]
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
    (["--backends", "mxnet"], "unknown backend 'mxnet'"),
    (["--dtypes", "float16"], "unknown dtype 'float16'"),
    (["--devices", "tpu"], "unknown device 'tpu'"),
    (["--seed", "-3"], "--seed must be an integer >= 0"),
    (["--steps", "-1"], "--steps must be at least 1"),
    (["--lr", "nan"], "lr must be a finite number"),
])
def test_bad_input_gives_one_line_error_and_exit_2(capsys, argv, fragment):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("xorgrad: error: ") and fragment in err


@pytest.mark.slow  # the subprocess smoke test; fast: the in-process main() tests
def test_python_dash_m_xorgrad_runs_the_main_job():
    run = subprocess.run([sys.executable, "-m", "xorgrad", "--backends", "numpy", "--steps", "10"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "numpy   cpu    float64" in run.stdout


def _missing_device():
    here = xorgrad.available()
    for backend in xorgrad.BACKENDS:
        for device in xorgrad.registry.devices_of(backend):
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
    from xorgrad.registry import why_unavailable
    for backend, device in _missing_pairs():
        assert f"xorgrad: {why_unavailable(backend, device)}" in result.stdout.str()


def test_pytest_devices_cpu_runs_exactly_the_cpu_cases():
    """--devices=cpu parametrises `case` with every CPU case this machine has, unskipped, and
    nothing else (an inverted filter would run no CPU case and pass having proven nothing)."""
    import types

    from xorgrad.pytest_plugin import all_cases
    config = types.SimpleNamespace(_xorgrad_selection=(None, ["cpu"], None),
                                   _xorgrad_runnable=(xorgrad.registry.backends(), set(select())))
    params = all_cases(config)
    runs = [tuple(p.values[0][:3]) for p in params if not p.marks]
    assert {p.values[0].device for p in params} == {"cpu"}
    assert runs and runs == [c for c in select() if c[1] == "cpu"]


def _n_missing_cases():
    here = set(xorgrad.available())
    return sum(len(xorgrad.DTYPES) for b in xorgrad.BACKENDS for d in xorgrad.registry.devices_of(b)
               if d != "mps" and (b, d) not in here)


# ---- the main table's numbers mean what their headers say ----------------------------------------
def test_loss_at_end_is_the_loss_after_the_last_update_as_check_reports_it():
    from xorgrad.table import compare_backends
    p = xorgrad.init_params()
    net = xorgrad.get("numpy")
    p_end, losses = net.train(p, steps=1000, lr=1.0)
    after, _ = net.loss_and_grads(p_end)
    (row,) = compare_backends(steps=1000, cases=[("numpy", "cpu", "float64")])["rows"]
    assert row["loss_end"] == pytest.approx(after, rel=1e-12)
    assert row["loss_end"] != pytest.approx(float(losses[-1]), rel=1e-6)   # one update early
    assert f"{row['loss_end']:.5f}" == "0.02192"                           # what `check` prints


def test_err_vs_fd_is_measured_against_central_differences_not_the_gradient_itself(selected_pairs):
    from xorgrad.agreement import compare_arrays
    from xorgrad.table import compare_backends
    from xorgrad.oracle import finite_difference_grads
    p = xorgrad.init_params()
    fd = finite_difference_grads(p)
    result = compare_backends(steps=1, cases=[(b, d, "float64") for b, d in selected_pairs])
    for row in result["rows"]:
        _, grads = xorgrad.get(row["backend"], row["device"], row["dtype"]).loss_and_grads(p)
        want = compare_arrays(grads, fd, 0, 0).worst_rel
        assert row["grad_rel_err_vs_fd"] == pytest.approx(want, rel=1e-9)
        assert 1e-12 < row["grad_rel_err_vs_fd"] < 1e-7     # FD's own error: never exactly 0


# ---- one surface for every command -------------------------------------------------------------
def test_help_lists_every_command_and_the_main_jobs_options(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    for command in ("compare", "check", "plot", "seeds", "show", "report"):
        assert f"\n    {command} " in out
    for option in ("--backends", "--devices", "--dtypes", "--seed", "--scale", "--lr", "--steps",
                   "--json", "--version"):
        assert option in out


def test_version_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0 and capsys.readouterr().out.strip() == f"xorgrad {xorgrad.__version__}"


@pytest.mark.parametrize("typo, suggestion", [("plto", "plot"), ("comapre", "compare"),
                                              ("seed", "seeds"), ("chek", "check")])
def test_a_mistyped_command_is_one_line_that_suggests_the_right_one(capsys, typo, suggestion):
    assert main([typo, "--steps", "3"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"unknown command '{typo}'; did you mean '{suggestion}'?" in err


def test_option_values_are_not_taken_for_commands(capsys):
    assert main(["--steps", "3", "--backends", "numpy", "--dtypes", "float64"]) == 0
    assert "3 steps" in capsys.readouterr().out


_COMMANDS = [["compare", "--backends", "numpy"], ["plot", "--only", "boundary"],
             ["seeds", "--n", "2", "--no-plot"], ["check", "examples/correct.py:gradients"]]
_BAD = [("--steps", "0", "--steps must be at least 1, got 0"),
        ("--steps", "-1", "--steps must be at least 1, got -1"),
        ("--seed", "-3", "--seed must be an integer >= 0, got -3")]


@pytest.mark.parametrize("argv, option, value, message", [
    (argv, *bad) for argv in _COMMANDS for bad in _BAD
    if not (bad[0] == "--seed" and argv[0] == "seeds")])     # seeds trains seeds 0..N-1: no --seed
def test_steps_and_seed_are_refused_the_same_way_by_every_command(capsys, tmp_path, argv, option,
                                                                  value, message):
    assert main(argv + ["--out", str(tmp_path)] * (argv[0] in ("plot", "seeds")) +
                [option, value]) == 2
    err = capsys.readouterr().err
    assert err == f"xorgrad: error: {message}\n"
    assert not list(tmp_path.iterdir())


def test_a_backend_that_is_not_installed_gets_a_row_saying_how_to_get_it(capsys, hide_backend,
                                                                          builtins_only):
    hide_backend("torch")
    assert main(["--steps", str(SHORT_STEPS)]) == 0
    out = capsys.readouterr().out
    assert f"torch   -      -       not run: torch is not installed: {xorgrad.registry.record('torch').install}" in out
    assert main(["--steps", str(SHORT_STEPS), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"backend": "torch", "device": "cpu",
            "reason": f"torch is not installed: {xorgrad.registry.record('torch').install}"} in result["not_run"]
    assert not any(r["backend"] == "torch" for r in result["rows"])


def _missing_pairs():
    here = set(xorgrad.available())
    return [(b, d) for b in xorgrad.BACKENDS for d in xorgrad.registry.devices_of(b)
            if d != "mps" and (b, d) not in here]


def test_pytest_summary_shows_one_skip_line_per_missing_backend_or_device(pytester):
    missing = _missing_pairs()
    if not missing:
        pytest.skip("every backend and device is present here: nothing is skipped")
    test = "def test_x(case):\n    pass\n\ndef test_y(case):\n    pass\n"
    pytester.makepyfile(test_one=test, test_two=test)
    result = pytester.runpytest_inprocess("-p", "xorgrad.pytest_plugin", "-rs")
    from xorgrad.registry import why_unavailable
    reasons = {}
    for pair in missing:                                   # torch's devices share "not installed"
        reasons.setdefault(why_unavailable(*pair), []).append(pair)
    lines = [line for line in result.stdout.lines if line.startswith("SKIPPED")]
    assert len(lines) == len(reasons), lines               # not one per test and file
    for reason, pairs in reasons.items():
        assert f"SKIPPED [{4 * len(xorgrad.DTYPES) * len(pairs)}] xorgrad: {reason}" in lines


def test_pytest_m_gpu_without_a_gpu_says_nothing_ran_and_why(pytester):
    missing = [(b, d) for b, d in _missing_pairs() if d != "cpu"]
    if not missing or any(d != "cpu" for _, d in xorgrad.available()):
        pytest.skip("a GPU is present here: `-m gpu` runs its tests")
    pytester.makepyfile("def test_x(case):\n    pass\n")
    result = pytester.runpytest_inprocess("-p", "xorgrad.pytest_plugin", "-m", "gpu")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED           # 5, not a quiet 0
    from xorgrad.registry import why_unavailable
    result.stdout.fnmatch_lines(["*xorgrad: -m gpu ran nothing*",
                                 "*GPU test(s) selected, none could run on this machine*"])
    for pair in missing:
        assert f"  {why_unavailable(*pair)}" in result.stdout.lines


@pytest.mark.parametrize("command", ["compare", "check", "plot", "seeds", "show", "report"])
def test_every_commands_help_prints_and_exits_0(capsys, command):
    with pytest.raises(SystemExit) as e:
        main([command, "--help"])
    assert e.value.code == 0 and f"usage: xorgrad {command}" in capsys.readouterr().out
