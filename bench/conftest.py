"""Parametrization for the benchmarks: per-backend cases and per-device scaling sizes.

`torch_case`, `jax_case`, `numpy_case`, `tensorflow_case` are `case` restricted to one backend (skipped the same way
when unavailable). `pop_case` pairs each case with the population sizes for its device: N up to
10 000 on a CPU, up to 1 000 000 on a GPU.
"""

import os

import pytest

# torch.compile keeps compiled graphs on disk (FX-graph and AOTAutograd caches) and reuses them in
# later processes and for later rows with the same graph, so a row's first call could skip the
# compile an earlier row or run paid for. Off for the benchmark run (set them to 1 to allow), so
# that first_call_s is the cold first call; the steady-state step times do not depend on them.
os.environ.setdefault("TORCHINDUCTOR_FX_GRAPH_CACHE", "0")
os.environ.setdefault("TORCHINDUCTOR_AUTOGRAD_CACHE", "0")

from xorgrad.benchmarks import POPULATION_SIZES
from xorgrad.pytest_plugin import all_cases


def _cases(config, backend=None):
    return [p for p in all_cases(config) if backend is None or p.values[0].backend == backend]


def pytest_generate_tests(metafunc):
    for backend in ("numpy", "torch", "jax", "tensorflow"):
        name = f"{backend}_case"
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, _cases(metafunc.config, backend))
    if "pop_case" in metafunc.fixturenames:
        params = []
        for p in _cases(metafunc.config):
            case = p.values[0]
            for n in POPULATION_SIZES["cpu" if case.device == "cpu" else "gpu"]:
                params.append(pytest.param((case, n), id=f"{case.id}-N{n}", marks=p.marks))
        metafunc.parametrize("pop_case", params)
