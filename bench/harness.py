"""Timing helpers shared by the bench_*.py files (not a test module).

`measure` runs one benchmark the same way everywhere: the first call (compilation, caches,
allocation) is timed on its own into extra_info["first_call_s"], then pytest-benchmark times the
warm calls. Every timed function ends with a device sync (torch.cuda.synchronize,
jax.block_until_ready), so the time is the work, not the time to queue it. With benchmarks
disabled (plain `pytest`) the body runs once, as a smoke test.
"""

from __future__ import annotations

import contextlib
import sys
import time


import xorgrad
from xorgrad.compare import assert_match, compare
from xorgrad.contract import reference_loss
from xorgrad.tolerances import tolerance


def measure(benchmark, fn, info: dict, rounds: int, iterations: int = 1):
    """Time `fn` (which must sync its device work) and label the result with `info`.

    PyTorch on a CPU runs with one intra-op thread: on the tiny net its thread pool only adds
    hand-off, and on the 2-core machine this suite was written on, shared with other work, two
    OpenMP threads made eager steps 10-60x slower (the oversubscription trap). The thread
    count used is recorded in extra_info["torch_threads"].
    """
    benchmark.group = info["kind"]
    benchmark.extra_info.update(info)
    with torch_threads(1 if info["device"] == "cpu" else None, benchmark.extra_info):
        if benchmark.disabled:
            return benchmark(fn)
        t0 = time.perf_counter()
        fn()
        benchmark.extra_info["first_call_s"] = time.perf_counter() - t0
        return benchmark.pedantic(fn, rounds=rounds, iterations=iterations, warmup_rounds=1)


@contextlib.contextmanager
def torch_threads(n, extra_info):
    """Run with `n` PyTorch intra-op threads (None: leave as is); record what was used."""
    if "torch" not in sys.modules or extra_info.get("backend") != "torch":
        yield
        return
    import torch
    before = torch.get_num_threads()
    if n:
        torch.set_num_threads(n)
    extra_info["torch_threads"] = torch.get_num_threads()
    try:
        yield
    finally:
        torch.set_num_threads(before)


def labels(kind: str, case, variant: str = "lesson", **more) -> dict:
    info = {"kind": kind, "backend": case.backend, "device": case.device, "dtype": case.dtype,
            "variant": variant, "steps": 1, "nets": 1, "batch": 4, "hidden": 2}
    info.update(more)
    return info


def device_labels(net) -> dict:
    return {"device_name": net.device_name(), "versions": net.versions()}


def steps_for(benchmark, steps: int) -> int:
    """Fewer steps in smoke mode: the body runs once and only has to prove it works."""
    return min(steps, 3) if benchmark.disabled else steps


def assert_first_loss(loss, params, X=None, Y=None, dtype="float64"):
    """The first recorded loss is the reference loss at the starting parameters."""
    rtol, atol = tolerance("loss", dtype)
    want = reference_loss(params, X, Y)
    assert abs(float(loss) - want) <= atol + rtol * abs(want), (float(loss), want)


def assert_same_params(got: dict, want: dict, dtype: str):
    """The harness's own per-parameter comparison, at the table's training tolerance."""
    rtol, atol = tolerance("training", dtype)
    assert_match(compare({k: got[k] for k in xorgrad.PARAM_NAMES}, want, rtol, atol,
                         f"parameters after one step vs the NumPy lesson ({dtype})"))
