"""Ready for the first GPU: every GPU path proven on a CPU as far as the logic allows.

What only a GPU can show (a real CUDA-graph replay, TF32 against true float32 on the device) is
marked `gpu` and skips here; bench/run_gpu.sh runs those first when a GPU is lent (docs/gpu.md).
"""

from __future__ import annotations

import importlib.util
import os
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import xorgrad

ROOT = Path(__file__).resolve().parents[1]
HAS_TORCH = importlib.util.find_spec("torch") is not None
HAS_JAX = importlib.util.find_spec("jax") is not None
needs_torch = pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed: "
                                 "pip install 'xorgrad[torch]'")
needs_jax = pytest.mark.skipif(not HAS_JAX,
                               reason="jax is not installed: pip install 'xorgrad[jax]'")
OVERWRITTEN = "accessing tensor output of CUDAGraphs that has been overwritten by a subsequent run"


def load_bench_harness():
    """bench/harness.py as a module (bench/ is not a package; its conftest adds it to the path)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import harness
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return harness


# ---- 1. CUDA graphs: clone a replay's outputs before they feed the next step ----------------
class CudaGraphStandIn:
    """What torch.compile(mode="reduce-overhead") does to a step's outputs, on a CPU.

    Every replay writes its outputs into the same static buffers; after
    cudagraph_mark_step_begin() the previous replay's outputs belong to the next replay. Feeding
    one of them back as an input raises torch's own error, and any old output kept without a
    copy is silently overwritten by the next replay, as on a GPU.
    """

    def __init__(self, fn):
        self.fn = fn
        self.buffers = None
        self.replays = 0
        self.marks = 0

    def mark_step_begin(self):
        self.marks += 1

    def __call__(self, params, X, Y, lr):
        import torch
        if self.buffers is not None and self.marks:
            static = {t.data_ptr() for t in self._flat(self.buffers)}
            if any(t.data_ptr() in static for t in params.values()):
                raise RuntimeError(f"Error: {OVERWRITTEN}.")
        new_params, loss = self.fn(params, X, Y, lr)
        with torch.no_grad():
            if self.buffers is None:
                self.buffers = ({k: v.detach().clone() for k, v in new_params.items()},
                                loss.detach().clone())
            else:
                for k, v in new_params.items():
                    self.buffers[0][k].copy_(v)
                self.buffers[1].copy_(loss)
        self.replays += 1
        return self.buffers

    @staticmethod
    def _flat(buffers):
        return [*buffers[0].values(), buffers[1]]


@pytest.fixture
def cuda_graph_standin(monkeypatch):
    import torch
    made = []

    def fake_compile(fn, fullgraph=False, mode=None):
        assert mode == "reduce-overhead" and fullgraph
        made.append(CudaGraphStandIn(fn))
        return made[-1]
    monkeypatch.setattr(torch, "compile", fake_compile)
    monkeypatch.setattr(torch.compiler, "cudagraph_mark_step_begin",
                        lambda: [s.mark_step_begin() for s in made])
    return made


@needs_torch
def test_cuda_graph_training_clones_outputs_before_they_feed_the_next_step(cuda_graph_standin):
    import torch

    from xorgrad.backends.torch_backend import train_compiled
    from xorgrad.impls import torch_net
    p0 = xorgrad.init_params()
    X, Y = torch.tensor(xorgrad.XOR_X), torch.tensor(xorgrad.XOR_Y)
    got_p, got_losses = train_compiled(
        {k: torch.tensor(v) for k, v in p0.items()}, X, Y, 5, 1.0, mode="reduce-overhead")
    want_p, want_losses = torch_net.train(
        {k: torch.tensor(v).requires_grad_() for k, v in p0.items()}, X, Y, 5, 1.0)
    assert cuda_graph_standin[0].replays == 5  # the stand-in really stood in for the graph
    np.testing.assert_allclose(got_losses.numpy(), want_losses.numpy(), rtol=1e-12)
    for k in xorgrad.PARAM_NAMES:
        np.testing.assert_allclose(got_p[k].numpy(), want_p[k].detach().numpy(), rtol=1e-12)


@needs_torch
def test_the_standin_catches_the_unguarded_feedback_loop(cuda_graph_standin):
    """The stand-in is a real check: the old loop (no clone) fails on it, as on a GPU."""
    import torch

    from xorgrad.backends.torch_backend import step
    compiled = torch.compile(step, fullgraph=True, mode="reduce-overhead")
    params = {k: torch.tensor(v) for k, v in xorgrad.init_params().items()}
    X, Y = torch.tensor(xorgrad.XOR_X), torch.tensor(xorgrad.XOR_Y)
    with pytest.raises(RuntimeError, match="overwritten by a subsequent run"):
        for _ in range(2):
            torch.compiler.cudagraph_mark_step_begin()
            params, loss = compiled(params, X, Y, 1.0)


# ---- 2. float32 matmul precision: chosen for both frameworks, scoped, recorded --------------
@needs_torch
def test_torch_precision_is_highest_inside_every_call_and_restored_after(monkeypatch):
    import torch

    from xorgrad.backends import torch_backend
    from xorgrad.impls import torch_net
    seen = []
    real_train = torch_net.train

    def spy(*args):
        seen.append(torch_backend.precision_state())
        return real_train(*args)
    monkeypatch.setattr(torch_net, "train", spy)
    before = torch.get_float32_matmul_precision()
    try:
        torch.set_float32_matmul_precision("high")           # a user who wants TF32 elsewhere
        xorgrad.get("torch", dtype="float32").train(xorgrad.init_params(), steps=2)
        assert seen[-1]["float32_matmul_precision"] == "highest"
        assert seen[-1]["cuda_matmul_allow_tf32"] is False
        assert torch.get_float32_matmul_precision() == "high"  # theirs again afterwards
        torch.backends.cuda.matmul.fp32_precision = "tf32"     # set through the new API only
        xorgrad.get("torch", dtype="float32").train(xorgrad.init_params(), steps=2)
        assert seen[-1]["cuda_matmul_fp32_precision"] == "ieee"
        assert torch.backends.cuda.matmul.fp32_precision == "tf32"
    finally:
        torch.set_float32_matmul_precision(before)


@needs_jax
def test_jax_precision_is_highest_inside_every_call_and_restored_after(monkeypatch):
    import jax

    from xorgrad.backends import jax_backend
    from xorgrad.impls import jax_net
    seen = []
    real_train = jax_net.train

    def spy(*args):
        seen.append(jax.config.jax_default_matmul_precision)
        return real_train(*args)
    monkeypatch.setattr(jax_net, "train", spy)
    before = jax.config.jax_default_matmul_precision
    for dtype in ("float32", "float64"):
        xorgrad.get("jax", dtype=dtype).train(xorgrad.init_params(), steps=2)
        assert seen[-1] == jax_backend.MATMUL_PRECISION == "highest"
        assert jax.config.jax_default_matmul_precision == before


class FakeBenchmark:
    """The parts of pytest-benchmark's fixture that harness.measure uses, timing one call."""

    disabled = False

    def __init__(self):
        self.extra_info, self.group = {}, None

    def pedantic(self, fn, rounds, iterations, warmup_rounds):
        import time
        t0 = time.perf_counter()
        out = fn()
        self.extra_info["warm_call_s"] = time.perf_counter() - t0
        return out


@pytest.mark.parametrize("backend", ["torch", "jax"])
def test_benchmark_rows_record_the_precision_in_force(backend, monkeypatch):
    pytest.importorskip(backend,
                        reason=f"{backend} is not installed: pip install 'xorgrad[{backend}]'")
    harness = load_bench_harness()
    # the caches stay: clearing them (section 6's test) would make every later test compile again
    monkeypatch.setattr(harness, "fresh_caches", lambda backend: None)
    net = xorgrad.get(backend, dtype="float32")
    bench = FakeBenchmark()
    info = {"kind": "step", "backend": backend, "device": "cpu", "dtype": "float32",
            "variant": "lesson", "steps": 1, "nets": 1, "batch": 4, "hidden": 2}
    harness.measure(bench, lambda: net.loss_and_grads(xorgrad.init_params()), info, rounds=1,
                    net=net)
    assert bench.extra_info["matmul_precision"] == "highest"
    from xorgrad.benchmarks import environment as benchmark_environment
    env = benchmark_environment()[backend]
    key = "float32_matmul_precision" if backend == "torch" else "default_matmul_precision"
    assert env["precision_in_calls"][key] == "highest"
    assert key in env["precision_default"]


# ---- 5. an explicit GPU request fails loudly; JAX is probed before torch is imported --------
# pytest in a child (9 s each); the fast proof is test_cli.py's, in-process
@pytest.mark.slow
@pytest.mark.parametrize("device", ["cuda", "gpu"])
def test_asking_for_a_missing_gpu_device_stops_the_run(device, tmp_path):
    from xorgrad.registry import available
    if any(d == device for _, d in available()):
        pytest.skip(f"this machine has a {device} device: nothing is missing")
    (tmp_path / "test_x.py").write_text("def test_x(case):\n    pass\n")
    r = subprocess.run([sys.executable, "-m", "pytest", "-p", "xorgrad.pytest_plugin",
                        "-p", "no:cacheprovider", f"--devices={device}", str(tmp_path)],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 4, r.stdout + r.stderr
    assert f"device '{device}' was asked for" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.slow  # needs a fresh interpreter that imports both frameworks (10 s)
@needs_jax
@needs_torch
def test_jax_devices_are_probed_before_torch_is_imported(tmp_path):
    """Torch imported first can make JAX load torch's older cuDNN and fall back to the CPU."""
    (tmp_path / "test_x.py").write_text("def test_x(case):\n    pass\n")
    probe = (
        "import sys, pytest\n"
        "order = []\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'torch' and not order:\n"
        "            jb = sys.modules.get('jax._src.xla_bridge')\n"
        "            order.append(bool(jb and jb.backends_are_initialized()))\n"
        "        return None\n"
        "sys.meta_path.insert(0, Watch())\n"
        f"code = pytest.main(['-q', '-p', 'xorgrad.pytest_plugin', '-p', 'no:cacheprovider', "
        f"{str(tmp_path)!r}])\n"
        "print('JAX-READY-BEFORE-TORCH', order)\n"
        "sys.exit(code)\n")
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "JAX-READY-BEFORE-TORCH [True]" in r.stdout


# ---- 3, 4. the GPU script: python3, explicit devices, always a report, the tests' status -----
FAKE_PYTHON = """#!/usr/bin/env bash
# stands in for python3: logs each call; fails the part named in FAIL_PART
echo "$*" | tr '\\n' ' ' >> "$CALLS"; echo >> "$CALLS"
part=other
case "$*" in
  *"import jax"*) part=probe ;;
  *"-m gpu"*) part=gpu-checks ;;
  *--benchmark-only*) part=benchmarks ;;
  *"xorgrad report"*) part=report ;;
  *"-m pytest"*) part=tests ;;
esac
if [ "$part" = benchmarks ]; then
  for a in "$@"; do
    case "$a" in --benchmark-json=*) echo '{"benchmarks": []}' > "${a#*=}" ;; esac
  done
fi
if [ "$part" = "$FAIL_PART" ]; then echo "$part failed"; exit 3; fi
exit 0
"""


def run_gpu_script(tmp_path, fail_part=""):
    stub = tmp_path / "stub"
    stub.mkdir()
    fake = stub / "python3"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    calls = tmp_path / "calls.txt"
    env = {**os.environ, "PATH": f"{stub}:/usr/bin:/bin", "CALLS": str(calls),
           "FAIL_PART": fail_part}
    env.pop("PYTHON", None)
    out = tmp_path / "out"
    r = subprocess.run(["bash", str(ROOT / "bench" / "run_gpu.sh"), str(out)], env=env,
                       capture_output=True, text=True, timeout=60)
    return r, calls.read_text().splitlines() if calls.exists() else []


def test_gpu_script_uses_python3_and_names_the_gpu_devices(tmp_path):
    r, calls = run_gpu_script(tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert len(calls) == 5                                   # probe, checks, tests, bench, report
    assert calls[0].index("import jax") < calls[0].index("import torch")
    assert "--devices=cuda,gpu" in calls[2] and "--devices=cpu,cuda,gpu" in calls[3]
    assert "xorgrad report" in calls[4]
    table = [line for line in r.stdout.splitlines() if line.startswith("| ")]
    assert [line.split("|")[1].strip() for line in table[1:]] == [
        "probe", "gpu-checks", "tests", "benchmarks", "report"]


@pytest.mark.parametrize("fail_part", ["tests", "benchmarks"])
def test_gpu_script_always_writes_the_report_and_exits_with_the_failure(tmp_path, fail_part):
    r, calls = run_gpu_script(tmp_path, fail_part)
    assert r.returncode == 3, r.stdout + r.stderr
    assert any("xorgrad report" in c for c in calls)           # the report ran all the same
    assert f"| {fail_part} | 3 |" in r.stdout


# ---- 6. first call: measured on fresh caches --------------------------------------------------
class EventClock:
    """A stand-in for `time` in bench/harness.py: each perf_counter() reading is logged in
    `events` and returns its position there, so a measured interval says which events it spans."""

    def __init__(self, events):
        self.events = events

    def perf_counter(self):
        self.events.append("clock")
        return float(len(self.events) - 1)


@needs_jax
def test_first_call_is_timed_on_fresh_jit_caches(monkeypatch):
    """By behaviour, not by speed: the caches are cleared, then the clock starts, then the call
    that compiles (traces) runs, then the clock stops; the warm calls after it do not trace."""
    import jax
    import jax.numpy as jnp
    harness = load_bench_harness()
    events = []

    @jax.jit
    def f(x):
        events.append("trace")               # Python runs only when jax traces (compiles) f
        return jnp.tanh(x @ x.T).sum()
    x = jnp.ones((8, 8))
    jax.block_until_ready(f(x))              # compiled and cached by an earlier row
    events.clear()
    monkeypatch.setattr(jax, "clear_caches",  # drops f's cache (and only f's here: the other
                        lambda: (events.append("clear"), f.clear_cache()))  # tests keep theirs)
    monkeypatch.setattr(harness, "time", EventClock(events))
    bench = FakeBenchmark()
    bench.pedantic = lambda fn, **kw: (events.append("warm"), fn())
    info = {"kind": "step", "backend": "jax", "device": "cpu", "dtype": "float32",
            "variant": "lesson", "steps": 1, "nets": 1, "batch": 4, "hidden": 2}
    harness.measure(bench, lambda: (events.append("call"), jax.block_until_ready(f(x))), info,
                    rounds=1)
    assert events == ["clear", "clock", "call", "trace", "clock", "warm", "call"]
    assert bench.extra_info["first_call_s"] == 4.0 - 1.0   # the clocks around the compiling call


@pytest.mark.slow
@needs_jax
def test_a_first_call_on_fresh_caches_is_slower_than_a_warm_one(monkeypatch):
    """The timing claim itself, slow tier: a compile costs milliseconds, a warm call
    microseconds; the bound (2x) holds on a loaded machine, where a 20x one flaked."""
    import jax
    import jax.numpy as jnp
    harness = load_bench_harness()

    @jax.jit
    def f(x):
        return jnp.tanh(x @ x.T).sum()
    x = jnp.ones((8, 8))
    jax.block_until_ready(f(x))
    monkeypatch.setattr(jax, "clear_caches", f.clear_cache)
    bench = FakeBenchmark()
    info = {"kind": "step", "backend": "jax", "device": "cpu", "dtype": "float32",
            "variant": "lesson", "steps": 1, "nets": 1, "batch": 4, "hidden": 2}
    harness.measure(bench, lambda: jax.block_until_ready(f(x)), info, rounds=1)
    assert bench.extra_info["first_call_s"] > 2 * bench.extra_info["warm_call_s"]


@needs_torch
def test_first_call_resets_torch_compile_caches(monkeypatch):
    import torch
    harness = load_bench_harness()
    resets = []
    monkeypatch.setattr(torch.compiler, "reset", lambda: resets.append(1))
    bench = FakeBenchmark()
    info = {"kind": "train", "backend": "torch", "device": "cpu", "dtype": "float32",
            "variant": "compiled", "steps": 200, "nets": 1, "batch": 4, "hidden": 2}
    harness.measure(bench, lambda: resets.append("call"), info, rounds=1)
    assert resets[:2] == [1, "call"]         # caches dropped before the timed first call


# ---- 6b. a benchmark row times the function its label names -------------------------------
@pytest.mark.parametrize("kind, variant", [("hvp", "reverse_over_reverse"), ("hvp", None),
                                           ("hessian", "jacrev"), ("jvp", None)])
def test_second_order_benchmark_rows_time_the_variant_they_name(monkeypatch, kind, variant):
    """The row labelled `variant` calls the lesson's `kind_variant` (not its default `kind`):
    a spy lesson records which function each timed call ran."""
    import types
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import bench_second_order
    finally:
        sys.path.remove(str(ROOT / "bench"))
    net = xorgrad.get("numpy")
    ran = []
    names = ("jvp", "hvp", "hvp_reverse_over_reverse", "hessian", "hessian_jacrev")
    net.lesson = types.SimpleNamespace(__name__="spy", **{
        n: (lambda *args, n=n: ran.append(n)) for n in names})
    monkeypatch.setattr(bench_second_order, "check", lambda *args: None)
    timed = []
    monkeypatch.setattr(bench_second_order, "measure",
                        lambda bench, fn, info, **kw: timed.append((info["variant"], fn())))
    case = types.SimpleNamespace(backend="numpy", device="cpu", dtype="float64", net=lambda: net)
    bench_second_order.test_second_order(None, case, kind, variant)
    assert timed == [(variant or "lesson", None)]
    assert ran == [kind if variant is None else f"{kind}_{variant}"]


# ---- 7. version notes ---------------------------------------------------------------------
@needs_jax
def test_the_x64_switch_used_is_the_one_the_pinned_jax_has():
    import re

    import jax
    assert callable(jax.enable_x64)
    pin = re.search(r'"jax>=([\d.]+)"', (ROOT / "pyproject.toml").read_text()).group(1)
    assert tuple(map(int, pin.split("."))) >= (0, 8)   # jax.enable_x64 arrived in 0.8


# ---- on a GPU only (bench/run_gpu.sh runs these first) -------------------------------------
@pytest.mark.gpu
@pytest.mark.skipif(not HAS_TORCH or not __import__("torch").cuda.is_available(),  # noqa: E501
                    reason="needs an NVIDIA GPU and a CUDA build of torch: run bench/run_gpu.sh "
                           "on a GPU machine (docs/gpu.md)")
def test_gpu_cuda_graph_training_matches_eager():
    net = xorgrad.get("torch", "cuda", "float32", compile=True)
    p0 = xorgrad.init_params()
    got_p, got_losses = net.train(p0, steps=50, lr=1.0)
    want_p, want_losses = xorgrad.get("torch", "cuda", "float32").train(p0, steps=50, lr=1.0)
    assert len(set(got_losses.tolist())) > 40            # every step's loss kept, not the last
    np.testing.assert_allclose(got_losses, want_losses, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(got_p["w1"], want_p["w1"], rtol=1e-4, atol=1e-5)


def _jax_gpu():
    if not HAS_JAX:
        return False
    from xorgrad.registry import available
    return ("jax", "gpu") in available(["jax"])


def _torch_cuda():
    return HAS_TORCH and __import__("torch").cuda.is_available()


@pytest.mark.gpu
@pytest.mark.parametrize("backend, device", [
    pytest.param("jax", "gpu", marks=pytest.mark.skipif(
        not _jax_gpu(), reason="needs a GPU and jax with its CUDA plugin: run bench/run_gpu.sh "
        "on a GPU machine (docs/gpu.md)")),
    pytest.param("torch", "cuda", marks=pytest.mark.skipif(
        not _torch_cuda(), reason="needs an NVIDIA GPU and a CUDA build of torch: run "
        "bench/run_gpu.sh on a GPU machine (docs/gpu.md)"))])
def test_gpu_float32_is_true_float32_at_width_1024(backend, device):
    """The float32 first-loss check of the width benchmark holds on the GPU (TF32 would not)."""
    from xorgrad.contract import reference_loss
    from xorgrad.tolerances import tolerance
    p0 = xorgrad.init_params(hidden=1024, scale=1.0 / np.sqrt(1024))
    loss, _ = xorgrad.get(backend, device, "float32").loss_and_grads(p0)
    rtol, atol = tolerance("loss", "float32")
    want = reference_loss(p0)
    assert abs(loss - want) <= atol + rtol * abs(want)

