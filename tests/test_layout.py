"""The lessons stand alone in impls/; xorgrad/ reaches into them and never the other way round."""

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import xorgrad
from xorgrad.cli import main

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted(p.stem for p in (ROOT / "impls").glob("*_net.py"))
FRAMEWORK = {"numpy_net": "numpy", "torch_net": "torch", "jax_net": "jax",
             "tensorflow_net": "tensorflow", "hips_net": "autograd", "autograd_net": "numpy"}
EXTRA = {"hips_net": "hips"}   # the pip extra, where it is not named after the framework


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:                       # a relative import reaches into the package
                names.add("." * node.level + (node.module or ""))
            else:
                names.add(node.module.split(".")[0])
    return names


def test_impls_holds_the_lessons_and_nothing_else():
    files = sorted(p.name for p in (ROOT / "impls").iterdir() if p.suffix == ".py")
    assert files == ["__init__.py"] + [f"{n}.py" for n in LESSONS]
    assert set(FRAMEWORK) == set(LESSONS) == set(xorgrad.registry.LESSONS.values())
    listed = (ROOT / "impls" / "__init__.py").read_text()    # the package docstring names them all
    assert all(f"{n}.py" in listed for n in LESSONS)
    assert not (ROOT / "impls" / "__init__.py").read_text().count("import ")


@pytest.mark.parametrize("lesson", LESSONS)
def test_each_lesson_imports_only_its_framework_numpy_and_the_standard_library(lesson):
    allowed = {"numpy", FRAMEWORK.get(lesson, "numpy"), *sys.stdlib_module_names}
    found = imported_modules(ROOT / "impls" / f"{lesson}.py")
    assert found <= allowed, f"impls/{lesson}.py imports {sorted(found - allowed)}"
    assert "noqa" not in (ROOT / "impls" / f"{lesson}.py").read_text()


# a child process each; torch's and JAX's import and compile (4-5 s) are in the slow tier, the
# NumPy lessons (one second) prove the claim in the default one
@pytest.mark.parametrize("lesson", [n if FRAMEWORK.get(n) == "numpy" else
                                    pytest.param(n, marks=pytest.mark.slow) for n in LESSONS])
def test_each_lesson_runs_on_its_own_and_learns_xor(lesson):
    if importlib.util.find_spec(FRAMEWORK.get(lesson, "numpy")) is None:
        pytest.skip(f"{FRAMEWORK[lesson]} is not installed: "
                    f"pip install 'xorgrad[{EXTRA.get(lesson, FRAMEWORK[lesson])}]'")
    run = subprocess.run([sys.executable, "-m", f"impls.{lesson}"], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    losses = [float(line.split()[-1]) for line in lines if line.startswith("step")]
    assert len(losses) >= 3 and losses[-1] < losses[0] / 10, run.stdout   # the loss goes down
    outputs = [float(v) for v in lines[-1].split(":")[-1].split()]
    assert [v > 0.5 for v in outputs] == [False, True, True, False], run.stdout   # XOR


def test_import_xorgrad_lists_its_public_names_and_loads_no_framework():
    code = ("import sys, xorgrad; missing = [n for n in xorgrad.__all__ if not hasattr(xorgrad, n)];"
            "print(missing, [m for m in ('torch', 'jax', 'tensorflow', 'autograd') if m in sys.modules])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.stdout.split() == ["[]", "[]"], run.stderr
    for name in ("BACKENDS", "available", "XOR_X", "XOR_Y", "init_params", "get", "check",
                 "XorgradError"):
        assert name in xorgrad.__all__
    assert (Path(xorgrad.__file__).parent / "py.typed").exists()


def test_every_project_error_has_one_base_class():
    for name in ("BackendError", "CheckInputError", "ContractError", "UnavailableError",
                 "UsageError"):
        assert issubclass(getattr(xorgrad, name), xorgrad.XorgradError)


def test_a_project_error_is_one_line_and_exit_2_but_a_bug_keeps_its_traceback(monkeypatch, capsys):
    from xorgrad.commands import compare
    monkeypatch.setattr(compare, "run", lambda args: (_ for _ in ()).throw(xorgrad.UsageError("bad")))
    assert main([]) == 2
    assert capsys.readouterr().err == "xorgrad: error: bad\n"
    monkeypatch.setattr(compare, "run", lambda args: {}["a bug"])
    with pytest.raises(KeyError):     # not dressed up as the user's mistake
        main([])
