"""pytest plugin shared by tests/ and bench/ (loaded with `-p xorgrad.pytest_plugin`).

Options:
  --backends numpy,autograd    run only these backends (an unavailable one is an error)
  --devices cpu,cuda,gpu       run only these devices (an unavailable one is an error)
  --dtypes float64,float32     run only these dtypes

The benchmark suite's own hooks (timing only when asked, the JSON's machine_info, the order of
the tables) are in bench/conftest.py.

Any test that takes a `case` argument runs once per (backend, device, dtype), for every registered
backend: the built-in ones and any registered from outside (an entry point in the group
"xorgrad.backends", $XORGRAD_BACKENDS, or `xorgrad.register(...)` in a `-p` plugin or a conftest.py
pytest reads at start). Tests comparing one case with the others take `selected_pairs`: with
`--backends NAME`, only NAME's pairs. Without options,
cases this machine cannot run are skipped with a reason that says how to get them; named
explicitly, they stop the run before it starts (pytest exit status 4) with a one-line message.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from . import registry
from .contract import DTYPES, csv_list as _csv
from .registry import BackendError, UnavailableError, select, why_unavailable


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


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    config.addinivalue_line("markers", "gpu: runs only on a CUDA / JAX-GPU device")
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
        for device in registry.devices_of(backend):
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


@pytest.fixture
def selected_pairs(request) -> list:
    """The (backend, device) pairs this run selected (`--backends`, `--devices`) that run here,
    in the registry's order: for tests that compare one case with the others. With
    `--backends NAME`, only NAME's (the NumPy reference is what `case` tests compare with)."""
    return list(dict.fromkeys((b, d) for b, d, _ in sorted(
        _runnable(request.config), key=lambda c: _order(c))))


def _order(case):
    names = registry.backends()
    return (names.index(case[0]) if case[0] in names else len(names), case[1], case[2])


def pytest_generate_tests(metafunc):
    if "case" in metafunc.fixturenames:
        metafunc.parametrize("case", all_cases(metafunc.config))


# ---- reporting the cases this machine cannot run: one line per reason, and `-m gpu` with no GPU --
_SKIP_PLACE = "xorgrad"    # where the folded summary line says the skip came from


def _unavailable_reasons(config) -> set:
    """The skip reasons of every (backend, device) this machine lacks (as _skip_reason words them)."""
    if not hasattr(config, "_xorgrad_unavailable"):
        every_device = registry.all_devices()   # mps included
        config._xorgrad_unavailable = {r["reason"] for r in registry.unavailable(
            devices=every_device)}
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
