"""pytest plugin shared by tests/ and bench/ (loaded with `-p xorgrad.pytest_plugin`).

Options:
  --backends numpy,autograd    run only these backends (an unavailable one is an error)
  --devices cpu,cuda,gpu       run only these devices (an unavailable one is an error)
  --dtypes float64,float32     run only these dtypes

Benchmarks (pytest-benchmark): plain `pytest` runs every benchmark body once, untimed, as a
smoke test; `--benchmark-only`, `--benchmark-enable` or any benchmark output option
(`--benchmark-json`, `--benchmark-save`, `--benchmark-autosave`, `--benchmark-compare`) times them.
The benchmark JSON's machine_info gains an "xorgrad" entry: versions, thread settings, devices,
and the float32 matmul precision both as the process default and as the adapters set it around
every call. `--benchmark-histogram` without its extra is a one-line usage error.

Any test that takes a `case` argument runs once per (backend, device, dtype), for every registered
backend: the built-in ones and any registered from outside (an entry point in the group
"xorgrad.backends", or `xorgrad.register(...)` in the rootdir's conftest.py). Without options,
cases this machine cannot run are skipped with a reason that says how to get them; named
explicitly, they stop the run before it starts (pytest exit status 4) with a one-line message.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from .compare import select, why_unavailable
from .contract import DTYPES, csv_list as _csv
from . import registry
from .registry import DEVICES, BackendError, UnavailableError


class Case(NamedTuple):
    backend: str
    device: str
    dtype: str

    @property
    def id(self) -> str:
        return f"{self.backend}-{self.device}-{self.dtype}"

    def net(self):
        from .registry import get
        return get(self.backend, self.device, self.dtype)


def pytest_addoption(parser):
    group = parser.getgroup("xorgrad", "which implementations to run")
    group.addoption("--backends", default=None, help="comma-separated backends, e.g. "
                    "numpy,torch,jax,tensorflow,hips,autograd (default: every one available, others "
                    "skipped)")
    group.addoption("--devices", default=None, help="comma-separated devices, e.g. cpu,cuda,gpu "
                    "(default: every one available, others skipped)")
    group.addoption("--dtypes", default=None, help="comma-separated: " + ",".join(DTYPES))


_TIMING_OPTIONS = ("benchmark_only", "benchmark_enable", "benchmark_json", "benchmark_save",
                   "benchmark_autosave", "benchmark_compare", "benchmark_histogram",
                   "benchmark_compare_fail", "benchmark_cprofile")
HISTOGRAM_HINT = ("--benchmark-histogram needs pygal and pygaljs: "
                  "pip install 'pytest-benchmark[histogram]' (or pip install -e '.[test]')")


def _missing(module: str) -> bool:
    import importlib.util
    try:
        return importlib.util.find_spec(module) is None
    except ValueError:  # in sys.modules as None: blocked
        return True


def probe_jax_first(backends, devices):
    """Start JAX's device probe before anything imports torch.

    Importing torch first can make JAX load torch's older cuDNN and fall back to the CPU (a known
    CUDA-wheel conflict), so a JAX-GPU run would quietly have no GPU rows. Called before the
    backends are probed; does nothing when JAX is not wanted or not installed.
    """
    import importlib.util
    import sys
    if backends and "jax" not in backends or devices and not set(devices) & {"gpu", "cpu"}:
        return
    if "torch" in sys.modules or importlib.util.find_spec("jax") is None:
        return
    try:
        import jax
        jax.devices()                 # initialises every JAX backend (GPU plugin included)
    except Exception:                 # noqa: BLE001 - a broken JAX is reported by select() below
        pass


@pytest.hookimpl(tryfirst=True)  # before pytest-benchmark reads its options
def pytest_configure(config):
    config.addinivalue_line("markers", "gpu: runs only on a CUDA / JAX-GPU device")
    if hasattr(config.option, "benchmark_disable") and not any(
            getattr(config.option, name, None) for name in _TIMING_OPTIONS):
        config.option.benchmark_disable = True  # plain `pytest`: each benchmark body runs once
    if getattr(config.option, "benchmark_histogram", None) and (
            _missing("pygal") or _missing("pygaljs")):
        raise pytest.UsageError(HISTOGRAM_HINT)
    backends = _csv(config.getoption("--backends"))
    devices = _csv(config.getoption("--devices"))
    dtypes = _csv(config.getoption("--dtypes"))
    probe_jax_first(backends, devices)
    try:
        runnable = select(backends, devices, dtypes)
    except (BackendError, UnavailableError) as e:
        raise pytest.UsageError(str(e)) from None
    config._xorgrad_selection = (backends, devices, dtypes)
    config._xorgrad_runnable = (registry.backends(), set(runnable))


def _runnable(config) -> set:
    """The (backend, device, dtype) this machine runs; probed again when a backend was registered
    after the plugin loaded (from a conftest.py), so that it is included."""
    names, runnable = config._xorgrad_runnable
    if names != registry.backends():
        runnable = set(select(*config._xorgrad_selection))
        config._xorgrad_runnable = (registry.backends(), runnable)
    return runnable


def _skip_reason(backend, device):
    return why_unavailable(backend, device)   # the words the main table's "not run" rows use


def all_cases(config) -> list:
    """Every case the options allow, as pytest params; the ones this machine lacks are skipped."""
    backends, devices, dtypes = config._xorgrad_selection
    runnable = _runnable(config)
    params = []
    for backend in backends or registry.backends():
        for device in DEVICES[backend]:
            if devices and device not in devices:
                continue
            if device == "mps" and not devices:
                continue  # Apple-only: listed only when asked for, not skipped on every run
            for dtype in dtypes or DTYPES:
                case = Case(backend, device, dtype)
                marks = [] if (backend, device, dtype) in runnable else \
                    [pytest.mark.skip(reason=_skip_reason(backend, device))]
                if device != "cpu":
                    marks.append(pytest.mark.gpu)
                params.append(pytest.param(case, id=case.id, marks=marks))
    return params


def pytest_generate_tests(metafunc):
    if "case" in metafunc.fixturenames:
        metafunc.parametrize("case", all_cases(metafunc.config))


# ---- reporting the cases this machine cannot run: one line per reason, and `-m gpu` with no GPU --
_SKIP_PLACE = "xorgrad"    # where the folded summary line says the skip came from


def _unavailable_reasons(config) -> set:
    """The skip reasons of every (backend, device) this machine lacks (as _skip_reason words them)."""
    if not hasattr(config, "_xorgrad_unavailable"):
        from .compare import not_run
        every_device = sorted({d for ds in DEVICES.values() for d in ds})   # mps included
        config._xorgrad_unavailable = {r["reason"] for r in not_run(devices=every_device)}
    return config._xorgrad_unavailable


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Skips because a backend or device is missing here fold into one summary line per reason,
    whichever test or file they come from (pytest itself folds per file and line)."""
    outcome = yield
    rep = outcome.get_result()
    if (rep.skipped and rep.when == "setup" and isinstance(rep.longrepr, tuple)
            and len(rep.longrepr) == 3):
        reason = str(rep.longrepr[2]).removeprefix("Skipped: ")
        if reason in _unavailable_reasons(item.config):
            rep.longrepr = (_SKIP_PLACE, None, reason)


def _gpu_selected(config) -> bool:
    import re
    return bool(re.search(r"\bgpu\b", config.getoption("markexpr", "") or "")) and \
        not re.search(r"\bnot\s+gpu\b", config.getoption("markexpr", "") or "")


def _nothing_ran(terminalreporter) -> bool:
    stats = terminalreporter.stats
    ran = sum(len(stats.get(k, ())) for k in ("passed", "failed", "error", "xfailed", "xpassed"))
    return ran == 0


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """`pytest -m gpu` where no GPU case can run: say so, and why, instead of a quiet pass."""
    if not _gpu_selected(config) or not _nothing_ran(terminalreporter):
        return
    skipped = terminalreporter.stats.get("skipped", [])
    reasons = sorted({str(r.longrepr[2]).removeprefix("Skipped: ") for r in skipped
                      if isinstance(r.longrepr, tuple) and len(r.longrepr) == 3})
    terminalreporter.write_sep("=", "xorgrad: -m gpu ran nothing", red=True, bold=True)
    terminalreporter.write_line(f"{len(skipped)} GPU test(s) selected, none could run on this "
                                f"machine (exit status 5):")
    for reason in reasons or ["no GPU test was collected"]:
        terminalreporter.write_line(f"  {reason}")


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if (exitstatus == 0 and _gpu_selected(session.config) and reporter is not None
            and _nothing_ran(reporter)):
        session.exitstatus = pytest.ExitCode.NO_TESTS_COLLECTED   # 5: nothing ran


@pytest.hookimpl(optionalhook=True, hookwrapper=True)
def pytest_benchmark_group_stats(config, benchmarks, group_by):
    """pytest-benchmark's tables in the suite's order: step, train, then each size ascending."""
    outcome = yield
    if group_by == "group":
        from .benchmarks import group_sort_key
        outcome.force_result(sorted(outcome.get_result(), key=lambda pair: group_sort_key(pair[0])))


@pytest.hookimpl(optionalhook=True)
def pytest_benchmark_update_machine_info(config, machine_info):
    machine_info["xorgrad"] = benchmark_environment()


def benchmark_environment() -> dict:
    """Versions, threads, devices and float32 matmul settings of the frameworks installed here."""
    import importlib.util
    import os
    import sys

    import numpy as np
    env = {"numpy": np.__version__, "cpu_count": os.cpu_count(),
           "env": {k: os.environ[k] for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                               "OPENBLAS_NUM_THREADS", "XLA_FLAGS",
                                               "CUDA_VISIBLE_DEVICES",
                                               "XLA_PYTHON_CLIENT_PREALLOCATE",
                                               "TORCHINDUCTOR_FX_GRAPH_CACHE",
                                               "TORCHINDUCTOR_AUTOGRAD_CACHE") if k in os.environ}}
    if importlib.util.find_spec("torch") is not None:
        import torch
        from .backends import torch_backend
        t = {"version": torch.__version__, "threads": torch.get_num_threads(),
             "interop_threads": torch.get_num_interop_threads(),
             "cuda": torch.version.cuda, "cuda_available": torch.cuda.is_available(),
             # the process default, and what the adapter sets around every call it makes
             "precision_default": torch_backend.precision_state()}
        with torch_backend.matmul_precision():
            t["precision_in_calls"] = torch_backend.precision_state()
        if torch.cuda.is_available():
            t["cuda_devices"] = [torch.cuda.get_device_name(i)
                                 for i in range(torch.cuda.device_count())]
        env["torch"] = t
    if importlib.util.find_spec("jax") is not None:
        import jax
        import jaxlib

        from .backends import jax_backend
        with jax.default_matmul_precision(jax_backend.MATMUL_PRECISION):
            in_calls = jax_backend.precision_state()
        env["jax"] = {"version": jax.__version__, "jaxlib": jaxlib.__version__,
                      "backend": jax.default_backend(),
                      "devices": [f"{d.platform}:{d.device_kind}" for d in jax.devices()],
                      # None: JAX's own default (TF32 float32 matmuls on a recent NVIDIA GPU)
                      "precision_default": jax_backend.precision_state(),
                      "precision_in_calls": in_calls,
                      "x64_default": bool(jax.config.jax_enable_x64)}
    if "tensorflow" in sys.modules:   # imported by the TensorFlow rows (importing it costs ~8 s)
        import tensorflow as tf
        env["tensorflow"] = {
            "version": tf.__version__,
            "devices": [d.name for d in tf.config.list_logical_devices()],
            # 0: TensorFlow picks the thread counts itself
            "inter_op_threads": tf.config.threading.get_inter_op_parallelism_threads(),
            "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads()}
    if "autograd" in sys.modules:
        from importlib.metadata import version
        env["hips_autograd"] = {"version": version("autograd")}
    return env
