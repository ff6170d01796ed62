"""The benchmark suite's pytest hooks: when to time, what the JSON records, the tables' order,
and the parametrisation (per-backend cases and per-device scaling sizes).

Plain `pytest` runs every benchmark body once, untimed, as a smoke test; `--benchmark-only`,
`--benchmark-enable` or any benchmark output option (`--benchmark-json`, `--benchmark-save`,
`--benchmark-autosave`, `--benchmark-compare`) times them. The benchmark JSON's machine_info
gains an "xorgrad" entry (`xorgrad.benchmarks.environment()`): versions, thread settings,
devices, and the float32 matmul precision both as the process default and as the adapters set it
around every call. `--benchmark-histogram` without its extra is a one-line usage error.

`numpy_case`, `torch_case`, ... (one per lesson, registry.LESSONS) are `case` restricted to one backend (skipped the same way
when unavailable). `pop_case` pairs each case with the population sizes for its device: N up to
10 000 on a CPU, up to 1 000 000 on a GPU. The options --backends/--devices/--dtypes and the
`case` fixture come from the project's plugin, xorgrad/pytest_plugin.py.
"""

import os

import pytest

# torch.compile keeps compiled graphs on disk (FX-graph and AOTAutograd caches) and reuses them in
# later processes and for later rows with the same graph, so a row's first call could skip the
# compile an earlier row or run paid for. Off for the benchmark run (set them to 1 to allow), so
# that first_call_s is the cold first call; the steady-state step times do not depend on them.
os.environ.setdefault("TORCHINDUCTOR_FX_GRAPH_CACHE", "0")
os.environ.setdefault("TORCHINDUCTOR_AUTOGRAD_CACHE", "0")

from xorgrad.benchmarks import (BATCH_SIZES, HIDDEN_WIDTHS, POPULATION_SIZES, environment,
                                group_sort_key)
from xorgrad.pytest_plugin import all_cases
from xorgrad.registry import LESSONS

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


@pytest.hookimpl(tryfirst=True)  # before pytest-benchmark reads its options
def pytest_configure(config):
    if hasattr(config.option, "benchmark_disable") and not any(
            getattr(config.option, name, None) for name in _TIMING_OPTIONS):
        config.option.benchmark_disable = True  # plain `pytest`: each benchmark body runs once
    if getattr(config.option, "benchmark_histogram", None) and (
            _missing("pygal") or _missing("pygaljs")):
        raise pytest.UsageError(HISTOGRAM_HINT)


@pytest.hookimpl(optionalhook=True, hookwrapper=True)
def pytest_benchmark_group_stats(config, benchmarks, group_by):
    """pytest-benchmark's tables in the suite's order: step, train, then each size ascending."""
    outcome = yield
    if group_by == "group":
        outcome.force_result(sorted(outcome.get_result(), key=lambda pair: group_sort_key(pair[0])))


@pytest.hookimpl(optionalhook=True)
def pytest_benchmark_update_machine_info(config, machine_info):
    machine_info["xorgrad"] = environment()


def _cases(config, backend=None):
    return [p for p in all_cases(config) if backend is None or p.values[0].backend == backend]


def pytest_generate_tests(metafunc):
    for backend in LESSONS:                   # numpy_case, torch_case, ...: one per lesson
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


# ---- tiers (docs/testing.md) --------------------------------------------------------------------
# A plain `pytest` runs each benchmark body once as a smoke test. There the default tier keeps the
# smallest size of each scaling group (the body is the same at every size; JAX traces once per
# shape, so every size is a compile) and leaves the other sizes, the cold torch.compile rows and
# the second-order variants beside each lesson's own (another compile each) to `pytest -m slow`. A timing run (`--benchmark-only` and friends) is never thinned: the marks
# are added only when benchmarks are disabled, before `-m` deselects.
_SMALLEST = {"batch": BATCH_SIZES[0], "hidden": HIDDEN_WIDTHS[0]}
_COMPILES = ("test_step_torch_compiled", "test_train_torch_compiled")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    if not getattr(config.option, "benchmark_disable", False):
        return
    here = os.path.dirname(__file__)
    for item in items:
        if not str(item.fspath).startswith(here) or not hasattr(item, "callspec"):
            continue
        params = item.callspec.params
        bigger = any(k in params and params[k] != v for k, v in _SMALLEST.items())
        if "pop_case" in params:
            bigger = params["pop_case"][1] != min(POPULATION_SIZES["cpu"])
        other_variant = item.originalname == "test_second_order" and params.get("variant")
        if bigger or item.originalname in _COMPILES or other_variant:  # (bench_second_order.py)
            item.add_marker(pytest.mark.slow)
