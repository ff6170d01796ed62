"""Timing helpers shared by the bench_*.py files (not a test module).

`measure` runs one benchmark the same way everywhere: the compile caches are cleared and the first
call (compilation, allocation) is timed on its own into extra_info["first_call_s"], then
pytest-benchmark times the warm calls. Every timed function ends with a device sync
(torch.cuda.synchronize, jax.block_until_ready), so the time is the work, not the time to queue it.
With benchmarks disabled (plain `pytest`) the body runs once, as a smoke test.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time

import xorgrad
from xorgrad.benchmarks import STEPS, group_name
from xorgrad.agreement import assert_match, compare_arrays
from xorgrad.contract import reference_loss
from xorgrad.testing import SHORT_STEPS
from xorgrad.tolerances import tolerance

# XORGRAD_BENCH_QUICK=1: 2 rounds of 1 iteration each, for tests of this machinery only (the work
# per call is unchanged, so the groups and labels are the real ones); recorded in extra_info.
QUICK = os.environ.get("XORGRAD_BENCH_QUICK") == "1"


def measure(benchmark, fn, info: dict, rounds: int, iterations: int = 1, net=None):
    """Time `fn` (which must sync its device work) and label the result with `info`.

    The group is named after the work one call does (`xorgrad.benchmarks.group_name`), so every
    row of a pytest-benchmark table times the same work. Before anything is timed, the in-process
    compile caches are cleared (`fresh_caches`), so extra_info["first_call_s"] is a true first
    call: tracing, compiling, CUDA-graph recording and allocation included. PyTorch runs with the
    intra-op threads its adapter chooses for this workload (`torch_backend.threads_for`), and
    with `net`, inside the net's scope (matmul precision, x64), whose settings are recorded.
    """
    benchmark.group = group_name(info)
    benchmark.extra_info.update(info)
    if QUICK:
        rounds, iterations = 2, 1
        benchmark.extra_info["quick"] = True
    scope = net.scope() if net is not None else contextlib.nullcontext()
    with scope, torch_threads(info, benchmark.extra_info):
        benchmark.extra_info.update(precision_in_force(info["backend"]))
        if benchmark.disabled:
            return benchmark(fn)
        fresh_caches(info["backend"])
        t0 = time.perf_counter()
        fn()
        benchmark.extra_info["first_call_s"] = time.perf_counter() - t0
        return benchmark.pedantic(fn, rounds=rounds, iterations=iterations, warmup_rounds=1)


def fresh_caches(backend: str):
    """Forget what earlier calls compiled, so the next call is a first call.

    torch.compiler.reset() drops dynamo's compiled code (and CUDA-graph trees); jax.clear_caches()
    drops every jit cache. Disk caches (inductor's FX-graph cache) may still make a recompile
    cheaper than on a fresh machine; docs/benchmarks.md says so beside the column.
    """
    if backend == "torch" and "torch" in sys.modules:
        import torch
        torch.compiler.reset()
    elif backend == "jax" and "jax" in sys.modules:
        import jax
        jax.clear_caches()


def precision_in_force(backend: str) -> dict:
    """The float32 matmul precision in force for this row (read inside the call's scope)."""
    if backend == "torch" and "torch" in sys.modules:
        from xorgrad.backends import torch_backend
        state = torch_backend.precision_state()
        return {"matmul_precision": state["float32_matmul_precision"]}
    if backend == "jax" and "jax" in sys.modules:
        from xorgrad.backends import jax_backend
        return {"matmul_precision": jax_backend.precision_state()["default_matmul_precision"]}
    return {}


@contextlib.contextmanager
def torch_threads(info, extra_info):
    """PyTorch rows run with the threads the adapter picks for their workload; recorded."""
    if info.get("backend") != "torch" or "torch" not in sys.modules:
        yield
        return
    import torch

    from xorgrad.backends import torch_backend
    elements = info.get("nets", 1) * info.get("hidden", 2) * info.get("batch", 4)
    with torch_backend.intra_op_threads(torch_backend.threads_for(info["device"], elements)):
        extra_info["torch_threads"] = torch.get_num_threads()
        yield


def labels(kind: str, case, variant: str = "lesson", **more) -> dict:
    info = {"kind": kind, "backend": case.backend, "device": case.device, "dtype": case.dtype,
            "variant": variant, "steps": STEPS[kind], "nets": 1, "batch": 4, "hidden": 2}
    info.update(more)
    return info


def device_labels(net) -> dict:
    return {"device_name": net.device_name(), "versions": net.versions()}


def steps_for(benchmark, steps: int) -> int:
    """Fewer steps in smoke mode, where the body runs once and only has to prove it works: the
    tests' short run (xorgrad.testing.SHORT_STEPS), so that its compiles are the tests' own."""
    return min(steps, SHORT_STEPS) if benchmark.disabled else steps


def assert_first_loss(loss, params, X=None, Y=None, dtype="float64"):
    """The first recorded loss is the reference loss at the starting parameters."""
    rtol, atol = tolerance("loss", dtype)
    assert_match(compare_arrays({"loss": float(loss)}, {"loss": reference_loss(params, X, Y)}, rtol, atol,
                         f"first loss vs the float64 reference ({dtype})"))


def assert_same_params(got: dict, want: dict, dtype: str):
    """The harness's own per-parameter comparison, at the table's training tolerance."""
    rtol, atol = tolerance("training", dtype)
    assert_match(compare_arrays({k: got[k] for k in xorgrad.PARAM_NAMES}, want, rtol, atol,
                         f"parameters after one step vs the NumPy lesson ({dtype})"))
