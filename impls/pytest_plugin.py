"""pytest plugin shared by tests/ and bench/ (loaded with `-p impls.pytest_plugin`).

Options:
  --backends numpy,torch,jax   run only these backends (an unavailable one is an error)
  --devices cpu,cuda,gpu       run only these devices (an unavailable one is an error)
  --dtypes float64,float32     run only these dtypes

Any test that takes a `case` argument runs once per (backend, device, dtype). Without options,
cases this machine cannot run are skipped with a reason that says how to get them; named
explicitly, they stop the run before it starts (pytest exit status 4) with a one-line message.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from .compare import select
from .contract import DTYPES
from .registry import BACKENDS, DEVICES, GPU_HINT, INSTALL, BackendError, UnavailableError


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


def _csv(text):
    return [t.strip() for t in text.split(",") if t.strip()] if text else None


def pytest_addoption(parser):
    group = parser.getgroup("xorgrad", "which implementations to run")
    group.addoption("--backends", default=None, help="comma-separated backends: "
                    + ",".join(BACKENDS) + " (default: every one available, others skipped)")
    group.addoption("--devices", default=None, help="comma-separated devices, e.g. cpu,cuda,gpu "
                    "(default: every one available, others skipped)")
    group.addoption("--dtypes", default=None, help="comma-separated: " + ",".join(DTYPES))


def pytest_configure(config):
    backends = _csv(config.getoption("--backends"))
    devices = _csv(config.getoption("--devices"))
    dtypes = _csv(config.getoption("--dtypes"))
    try:
        runnable = select(backends, devices, dtypes)
    except (BackendError, UnavailableError) as e:
        raise pytest.UsageError(str(e)) from None
    config._xorgrad_selection = (backends, devices, dtypes, set(runnable))


def _skip_reason(backend, device):
    import importlib.util
    if importlib.util.find_spec(backend) is None:
        return f"{backend} is not installed: {INSTALL[backend]}"
    return f"no {device} device for {backend} here: {GPU_HINT.get(device, '')}"


def all_cases(config) -> list:
    """Every case the options allow, as pytest params; the ones this machine lacks are skipped."""
    backends, devices, dtypes, runnable = config._xorgrad_selection
    params = []
    for backend in backends or BACKENDS:
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
