"""A backend from outside the project joins through registration alone, and the suite judges it.

The complete outside backend of docs/backends.md is installed from a temporary package (a module
plus a .dist-info with an entry point in the group "xorgrad.backends", found on PYTHONPATH, the way
pip would leave it); the project's own gradient, training and benchmark tests then run on it with
`--backends einsum`, unchanged. A copy with dw1 transposed must fail them, with the table.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import xorgrad
from xorgrad import registry

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "backends.md"
SUITE = ["tests/test_gradients.py", "tests/test_training.py", "tests/test_train_many.py",
         "bench/bench_step.py::test_step_lesson", "bench/bench_train.py::test_train_lesson"]


def doc_backend() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split("<!-- outside-backend -->\n```python\n", 1)[1].split("```", 1)[0]


def install(tmp_path, code, name="einsum", module="xorgrad_einsum"):
    """A package as pip installs it: the module, and a .dist-info naming its entry point."""
    (tmp_path / f"{module}.py").write_text(code, encoding="utf-8")
    info = tmp_path / f"{module}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[xorgrad.backends]\n{name} = {module}:Net\n")
    return tmp_path


def run_pytest(path, *args):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(path), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_the_documented_outside_backend_is_complete_and_under_40_lines():
    code = doc_backend()
    assert len(code.splitlines()) < 40
    assert f"## A complete outside backend ({len(code.splitlines())} lines)" in DOC.read_text()


# a whole pytest run in a child (40 s); fast: the conftest registration and the wrong backend below
@pytest.mark.slow
def test_an_installed_outside_backend_runs_the_whole_suite_unchanged(tmp_path):
    path = install(tmp_path, doc_backend())
    run = run_pytest(path, *SUITE, "--backends", "einsum", "-rs")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    passed = int(re.search(r"(\d+) passed", run.stdout).group(1))
    assert passed >= 40 and "einsum-cpu" not in run.stdout.split("short test summary")[-1], \
        run.stdout[-2000:]                                  # nothing of einsum's was skipped
    listed = subprocess.run([sys.executable, "-c", "import xorgrad; print(xorgrad.BACKENDS, "
                             "xorgrad.available(), xorgrad.get('einsum'))"],
                            env={**os.environ, "PYTHONPATH": str(path)}, capture_output=True,
                            text=True, check=True).stdout
    assert "'einsum'" in listed and "('einsum', 'cpu')" in listed and "<einsum net" in listed


# pytest in a child (6 s of CPU); fast: test_negative_controls.py's per-parameter table
@pytest.mark.slow
def test_a_wrong_outside_backend_fails_the_suite_with_the_per_parameter_table(tmp_path):
    code = doc_backend()
    assert code.count('"...hm,im->...hi"') == 1
    path = install(tmp_path, code.replace('"...hm,im->...hi"', '"...hm,im->...ih"'))  # dw1^T
    run = run_pytest(path, "tests/test_gradients.py", "--backends", "einsum", "-k",
                     "default_start or fixed_random")
    assert run.returncode == 1, run.stdout[-3000:]
    assert re.search(r"\bw1\s+\(2, 2\).*WRONG$", run.stdout, re.M), run.stdout[-3000:]
    assert re.search(r"\bb1\s+\(2, 1\).*ok$", run.stdout, re.M)   # only w1 is blamed
    assert not re.search(r"\b(b1|w2|b2)\s+\(\d, \d\).*WRONG$", run.stdout, re.M)
    assert int(re.search(r"(\d+) failed", run.stdout).group(1)) >= 10


# pytest in a child (5 s of CPU); fast: the registered class below joins available()
@pytest.mark.slow
def test_a_conftest_registration_joins_the_case_fixture(pytester):
    """register() in the rootdir's conftest.py, then `--backends` names it."""
    pytester.makepyfile(xorgrad_einsum=doc_backend())
    pytester.makeconftest("import xorgrad\nxorgrad.register('mine', 'xorgrad_einsum')\n")
    pytester.makepyfile(test_it="""
        import xorgrad
        from xorgrad.testing import assert_agrees_at, random_point

        def test_agrees(case):
            assert case.backend == 'mine'
            assert_agrees_at(case.net(), random_point(0, 1.0))
    """)
    result = pytester.runpytest_subprocess("-p", "xorgrad.pytest_plugin", "--backends", "mine",
                                           "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)                      # float64 and float32
    result.stdout.fnmatch_lines(["*2 passed*"])


def test_register_refuses_what_cannot_be_a_backend():
    with pytest.raises(xorgrad.BackendError, match="identifier"):
        xorgrad.register("two words", "x")
    with pytest.raises(xorgrad.BackendError, match="subclass"):
        xorgrad.register("bad", dict)
    with pytest.raises(xorgrad.BackendError, match="module path"):
        xorgrad.register("bad", 3)
    assert "bad" not in xorgrad.BACKENDS


def test_a_registered_class_and_a_missing_module_behave_like_the_built_in_ones(monkeypatch):
    monkeypatch.setattr(registry, "_MODULES", dict(registry._MODULES))
    monkeypatch.setattr(registry, "DEVICES", dict(registry.DEVICES))
    monkeypatch.setattr(registry, "INSTALL", dict(registry.INSTALL))

    class Mine(registry.Net):
        lesson = xorgrad.get("numpy").lesson
        devices = ("cpu", "gpu")

        def to_native(self, a):
            import numpy as np
            return np.array(a, dtype=self.dtype)

        def to_numpy(self, a):
            import numpy as np
            return np.asarray(a)
    xorgrad.register("mine", Mine)
    registry.register("gone", "no_such_module_anywhere", install="pip install gone")
    assert ("mine", "cpu") in xorgrad.available() and ("mine", "gpu") not in xorgrad.available()
    assert xorgrad.BACKENDS[-2:] == ("mine", "gone")
    loss, _ = xorgrad.get("mine").loss_and_grads(xorgrad.init_params())
    assert loss > 0
    with pytest.raises(xorgrad.UnavailableError, match="pip install gone"):
        xorgrad.get("gone")


def test_the_fourth_lesson_is_registered_like_an_outside_backend_and_import_stays_light():
    assert registry._MODULES["autograd"] == "xorgrad.backends.autograd_backend"   # a path, lazy
    assert "autograd" in xorgrad.BACKENDS and ("autograd", "cpu") in xorgrad.available()
    code = ("import sys, xorgrad, xorgrad.registry as r; print(r._discovered, "
            "'xorgrad.backends.autograd_backend' in sys.modules, 'importlib.metadata' in sys.modules);"
            "xorgrad.BACKENDS; print(r._discovered)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False", "True"], out.stdout + out.stderr
