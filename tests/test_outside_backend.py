"""A backend from outside the project joins through registration alone, and the suite judges it.

Two outside backends: the MyGrad one of docs/backends.md (installed from a temporary package, a
module plus a .dist-info with an entry point, the way pip would leave it; the project's own tests
and benchmarks then run on it with `--backends mygrad`, unchanged: slow, and skipped without
MyGrad), and a self-contained one written here (NumPy's einsum, backprop by hand) that always runs:
registered through $XORGRAD_BACKENDS, in this process, and held to the whole contract.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import xorgrad
from xorgrad import registry
from xorgrad.benchmarks import population
from xorgrad.agreement import assert_match, compare_arrays
from xorgrad.testing import assert_agrees_at, random_point
from xorgrad.tolerances import tolerance

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "backends.md"
SUITE = ["tests/test_gradients.py", "tests/test_training.py", "tests/test_train_many.py",
         "bench/bench_step.py::test_step_lesson", "bench/bench_train.py::test_train_lesson",
         "bench/bench_scaling.py"]
NEEDS_MYGRAD = pytest.mark.skipif(
    __import__("importlib").util.find_spec("mygrad") is None,
    reason="the documented outside backend needs MyGrad: pip install mygrad")

EINSUM = '''"""xorgrad_einsum: the XOR net with np.einsum and backprop by hand."""
import sys
import numpy as np
import xorgrad

def sigmoid(z):
    return 0.5 + 0.5 * np.tanh(0.5 * z)

def loss_and_grads(p, X, Y):                       # "..." carries the N axis of train_many
    a1 = sigmoid(np.einsum("...hi,im->...hm", p["w1"], X) + p["b1"])
    z2 = np.einsum("...oh,...hm->...om", p["w2"], a1) + p["b2"]
    loss = (np.logaddexp(0.0, z2) - Y * z2).sum(axis=(-2, -1)) / X.shape[-1]
    dz2 = (sigmoid(z2) - Y) / X.shape[-1]
    dz1 = np.einsum("...oh,...om->...hm", p["w2"], dz2) * a1 * (1 - a1)
    return loss, {"w1": np.einsum("...hm,im->...hi", dz1, X), "b1": dz1.sum(-1, keepdims=True),
                  "w2": np.einsum("...om,...hm->...oh", dz2, a1), "b2": dz2.sum(-1, keepdims=True)}

def update(p, grads, lr):
    for name in p:
        p[name] -= lr * grads[name]

def train(p, X, Y, steps, lr):
    losses = np.empty((steps, *p["w1"].shape[:-2]), dtype=X.dtype)
    for k in range(steps):
        losses[k], grads = loss_and_grads(p, X, Y)
        update(p, grads, lr)
    return p, losses

def train_many(p, X, Y, steps, lr):
    p, losses = train(p, X, Y, steps, lr)
    return p, losses.T

class Net(xorgrad.Net):
    lesson = sys.modules[__name__]
    to_numpy = staticmethod(np.asarray)

    def to_native(self, array):
        return np.array(array, dtype=self.dtype)
'''


def doc_backend() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split("<!-- outside-backend -->\n```python\n", 1)[1].split("```", 1)[0]


def install(tmp_path, code, name="mygrad", module="xorgrad_mygrad"):
    """A package as pip installs it: the module, and a .dist-info naming its entry point."""
    (tmp_path / f"{module}.py").write_text(code, encoding="utf-8")
    info = tmp_path / f"{module}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[xorgrad.backends]\n{name} = {module}:Net\n")
    return tmp_path


def run_pytest(path, *args, env=()):
    env = {**os.environ, **dict(env),
           "PYTHONPATH": os.pathsep.join([str(path), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


def test_the_documented_outside_backend_is_complete_and_its_line_count_is_true():
    code = doc_backend()
    assert "class Net(xorgrad.Net)" in code and "def train_many" in code
    assert f"## A complete outside backend: MyGrad ({len(code.splitlines())} lines)" in DOC.read_text()


@pytest.fixture
def einsum(fresh_registry, monkeypatch, tmp_path):
    """The self-contained outside backend, registered through $XORGRAD_BACKENDS."""
    (tmp_path / "xorgrad_einsum.py").write_text(EINSUM, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv(registry.ENV_VAR, "einsum=xorgrad_einsum:Net")
    yield "einsum"
    sys.modules.pop("xorgrad_einsum", None)


@pytest.mark.parametrize("dtype", xorgrad.DTYPES)
def test_a_self_contained_outside_backend_meets_the_contract(einsum, dtype):
    assert xorgrad.BACKENDS[-1] == "einsum" and ("einsum", "cpu") in xorgrad.available()
    net = xorgrad.get("einsum", "cpu", dtype)
    for seed, scale in ((0, 1.0), (3, 100.0)):                       # logits to about -800
        assert_agrees_at(net, random_point(seed, scale))
    p_end, losses = net.train(xorgrad.init_params(), steps=3)
    assert losses.shape == (3,) and losses.dtype == np.dtype(dtype)
    P = population(3, hidden=5, seed=2)
    P_end, L = net.train_many(P, steps=4)
    assert L.shape == (3, 4) and L.dtype == np.dtype(dtype)
    rtol, atol = tolerance("training", dtype)
    one_end, one = net.train({k: v[1] for k, v in P.items()}, steps=4)
    assert_match(compare_arrays({"losses": L[1], **{k: v[1] for k, v in P_end.items()}},
                         {"losses": one, **one_end}, rtol, atol, "net 1 of train_many vs alone"))
    assert net.train(xorgrad.init_params(), steps=0)[1].shape == (0,)


def test_show_puts_a_registered_outside_lesson_beside_the_built_in_ones(einsum, capsys):
    from xorgrad.cli import main
    assert main(["show", "--stacked", "--width", "120"]) == 0
    out = capsys.readouterr().out
    assert "[einsum]" in out and 'np.einsum("...hi,im->...hm", p["w1"], X)' in out
    assert "[NumPy (backprop by hand)]" in out
    assert main(["show", "--markdown"]) == 0                 # the docs page: built-in lessons only
    assert "einsum" not in capsys.readouterr().out


@NEEDS_MYGRAD
@pytest.mark.slow
def test_the_documented_mygrad_backend_runs_the_projects_tests_and_benchmarks_unchanged(tmp_path):
    path = install(tmp_path, doc_backend())
    run = run_pytest(path, *SUITE, "--backends", "mygrad", "-rs")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    passed = int(re.search(r"(\d+) passed", run.stdout).group(1))
    skipped = [line for line in run.stdout.splitlines()     # -rs: one line per skip reason
               if line.startswith("SKIPPED") and "mygrad" in line]
    assert passed >= 40 and not skipped, run.stdout[-2000:]  # nothing of mygrad's was skipped
    listed = subprocess.run([sys.executable, "-c", "import xorgrad; print(xorgrad.BACKENDS, "
                             "xorgrad.available(), xorgrad.get('mygrad'))"],
                            env={**os.environ, "PYTHONPATH": str(path)}, capture_output=True,
                            text=True, check=True).stdout
    assert "'mygrad'" in listed and "('mygrad', 'cpu')" in listed and "<mygrad net" in listed


@NEEDS_MYGRAD
@pytest.mark.slow
def test_a_wrong_outside_backend_fails_the_suite_with_the_per_parameter_table(tmp_path):
    code = doc_backend()
    right = "{name: t.grad for name, t in p.items()}"
    assert code.count(right) == 1
    path = install(tmp_path, code.replace(right, "{name: t.grad.mT if name == 'w1' else t.grad "
                                                 "for name, t in p.items()}"))   # dw1^T
    run = run_pytest(path, "tests/test_gradients.py", "--backends", "mygrad", "-k",
                     "default_start or fixed_random")
    assert run.returncode == 1, run.stdout[-3000:]
    assert re.search(r"\bw1\s+\(2, 2\).*WRONG$", run.stdout, re.M), run.stdout[-3000:]
    assert re.search(r"\bb1\s+\(2, 1\).*ok$", run.stdout, re.M)   # only w1 is blamed
    assert not re.search(r"\b(b1|w2|b2)\s+\(\d, \d\).*WRONG$", run.stdout, re.M)
    assert int(re.search(r"(\d+) failed", run.stdout).group(1)) >= 10


@pytest.mark.slow
@pytest.mark.parametrize("how", ["conftest", "plugin", "env"])
def test_each_way_of_registering_joins_the_case_fixture_and_backends_option(pytester, monkeypatch,
                                                                            how):
    """register() in the rootdir's conftest.py, in a plugin named with -p, or the variable."""
    pytester.makepyfile(xorgrad_einsum=EINSUM)
    register = "import xorgrad\nxorgrad.register('mine', 'xorgrad_einsum')\n"
    args = []
    if how == "conftest":
        pytester.makeconftest(register)
    elif how == "plugin":
        pytester.makepyfile(my_plugin=register)
        args = ["-p", "my_plugin"]
    else:
        monkeypatch.setenv(registry.ENV_VAR, "mine=xorgrad_einsum:Net")
    pytester.makepyfile(test_it="""
        from xorgrad.testing import assert_agrees_at, random_point

        def test_agrees(case):
            assert case.backend == 'mine'
            assert_agrees_at(case.net(), random_point(0, 1.0))
    """)
    pytester.syspathinsert()
    result = pytester.runpytest_subprocess("-p", "xorgrad.pytest_plugin", *args,
                                           "--backends", "mine", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)                      # float64 and float32


def test_register_refuses_what_cannot_be_a_backend():
    with pytest.raises(xorgrad.BackendError, match="identifier"):
        xorgrad.register("two words", "x")
    with pytest.raises(xorgrad.BackendError, match="subclass"):
        xorgrad.register("bad", dict)
    with pytest.raises(xorgrad.BackendError, match="module path"):
        xorgrad.register("bad", 3)
    assert "bad" not in xorgrad.BACKENDS


class TwoDevices(xorgrad.Net):
    """A class-registered backend that declares a device besides the CPU (here: the NumPy lesson
    on a pretend "gpu" that this test says is present)."""
    lesson = None
    devices = ("cpu", "gpu")
    device_hints = {"gpu": "needs the pretend GPU"}

    @classmethod
    def device_available(cls, device):
        return True

    def to_native(self, a):
        return np.array(a, dtype=self.dtype)

    def to_numpy(self, a):
        return np.asarray(a)


def test_a_registered_class_runs_on_every_device_it_declares(fresh_registry):
    from xorgrad.impls import numpy_net
    TwoDevices.lesson = numpy_net
    xorgrad.register("mine", TwoDevices)
    assert registry.devices_of("mine") == ("cpu", "gpu")
    assert ("mine", "cpu") in xorgrad.available() and ("mine", "gpu") in xorgrad.available()
    assert ("mine", "gpu", "float64") in registry.select(["mine"])
    net = xorgrad.get("mine", "gpu")
    assert net.device == "gpu" and net.loss_and_grads(xorgrad.init_params())[0] > 0
    registry.register("mine_by_path", f"{__name__}:TwoDevices")     # a path: the class's devices
    assert registry.devices_of("mine_by_path") == ("cpu", "gpu")
    assert ("mine_by_path", "gpu") in xorgrad.available()


def test_a_backend_whose_package_is_missing_says_how_to_install_it(fresh_registry, monkeypatch):
    gone = SimpleNamespace(name="gone", value="no_such_module_anywhere.adapter:Net",
                           dist=SimpleNamespace(name="xorgrad-gone"))
    monkeypatch.setattr(registry, "_entry_points", lambda: [gone])
    assert "gone" in xorgrad.BACKENDS                     # listed: not an "unknown backend"
    with pytest.raises(xorgrad.UnavailableError,
                       match=r"^backend 'gone' is not installed: pip install xorgrad-gone \("):
        xorgrad.get("gone")
    with pytest.raises(xorgrad.UnavailableError) as info:
        registry.select(["gone"])
    assert str(info.value) == "backend 'gone' was asked for but is not installed: pip install xorgrad-gone"
    assert registry.why_unavailable("gone", "cpu") == "gone is not installed: pip install xorgrad-gone"
    assert {"backend": "gone", "device": "cpu",
            "reason": "gone is not installed: pip install xorgrad-gone"} in registry.unavailable()
    registry.register("gone2", "no_such_module_anywhere")  # register() with no install hint
    assert registry.why_unavailable("gone2", "cpu") == (
        "gone2 is not installed: pip install the package that provides the module "
        "'no_such_module_anywhere'")


@pytest.mark.parametrize("builtin", ["numpy", "torch", "jax", "autograd"])
def test_an_entry_point_with_a_built_in_name_is_refused_in_one_line_naming_its_distribution(
        fresh_registry, monkeypatch, builtin, capsys):
    evil = SimpleNamespace(name=builtin, value="evil_backends:Net",
                           dist=SimpleNamespace(name="evil-backends"))
    monkeypatch.setattr(registry, "_entry_points", lambda: [evil])
    with pytest.raises(xorgrad.BackendError) as info:
        xorgrad.BACKENDS
    message = str(info.value)
    assert "\n" not in message and "evil-backends" in message and repr(builtin) in message
    assert "built-in" in message
    with pytest.raises(xorgrad.BackendError):              # every time, not only the first
        xorgrad.get("numpy")
    assert registry._RECORDS[builtin].adapter == f"xorgrad.backends.{builtin}_backend"
    from xorgrad.cli import main
    assert main(["--backends", "numpy", "--steps", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "evil-backends" in err


def test_register_refuses_a_built_in_name():
    for name in registry.BUILTIN_NAMES:
        with pytest.raises(xorgrad.BackendError, match="built-in"):
            xorgrad.register(name, "somewhere.else")
    assert registry._RECORDS["numpy"].adapter == "xorgrad.backends.numpy_backend"


def test_the_engine_lesson_has_a_record_like_the_others_and_import_stays_light():
    assert registry.record("autograd").adapter == "xorgrad.backends.autograd_backend"  # lazy
    assert "autograd" in xorgrad.BACKENDS and ("autograd", "cpu") in xorgrad.available()
    code = ("import sys, xorgrad, xorgrad.registry as r; print(r._discovered, "
            "'xorgrad.backends.autograd_backend' in sys.modules, 'importlib.metadata' in sys.modules);"
            "xorgrad.BACKENDS; print(r._discovered)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False", "True"], out.stdout + out.stderr


class CrashesOnFirstOp(TwoDevices):
    """Imports and finds its device, but its first real operation fails (as tinygrad does on a
    machine without a C compiler)."""
    devices = ("cpu",)

    def to_native(self, a):
        raise RuntimeError("no C compiler found\nsecond line of the framework's traceback")


def test_a_backend_whose_first_operation_crashes_is_not_available(fresh_registry):
    xorgrad.register("crashes", CrashesOnFirstOp)
    assert "crashes" in xorgrad.BACKENDS
    assert not any(b == "crashes" for b, _ in xorgrad.available())
    reason = registry.why_unavailable("crashes", "cpu")
    assert reason == "crashes on cpu fails its first operation: RuntimeError: no C compiler found"
    with pytest.raises(xorgrad.UnavailableError, match="fails its first operation"):
        registry.select(["crashes"])
    assert ("numpy", "cpu") in xorgrad.available()          # the others are unaffected


def test_the_environment_variable_registers_backends_without_editing_anything(fresh_registry,
                                                                             monkeypatch):
    monkeypatch.setenv(registry.ENV_VAR, f"mine={__name__}:TwoDevices, other=no_such_module_x")
    from xorgrad.impls import numpy_net
    TwoDevices.lesson = numpy_net
    assert xorgrad.BACKENDS[-2:] == ("mine", "other")
    assert registry.devices_of("mine") == ("cpu", "gpu") and ("mine", "gpu") in xorgrad.available()
    assert "XORGRAD_BACKENDS" in registry.record("mine").origin
    assert registry.why_unavailable("other", "cpu").startswith("other is not installed: pip install")


@pytest.mark.parametrize("value", ["numpy=somewhere:Net", "justaname", "two words=x:Net"])
def test_a_bad_or_colliding_environment_entry_is_refused_in_one_line(fresh_registry, monkeypatch,
                                                                    value):
    monkeypatch.setenv(registry.ENV_VAR, value)
    with pytest.raises(xorgrad.BackendError) as info:
        xorgrad.BACKENDS
    assert "\n" not in str(info.value) and ("XORGRAD_BACKENDS" in str(info.value))


def test_import_xorgrad_and_help_import_no_framework():
    code = ("import sys, xorgrad\nfrom xorgrad.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('torch', 'jax', 'tensorflow', 'mygrad') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[]", out.stdout[-500:]
