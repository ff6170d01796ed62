"""What the benchmark suite (bench/) and the `report` command share: workloads, row labels, targets.

Every benchmark in bench/ stores in pytest-benchmark's ``extra_info`` what it measured:

    kind      "step" | "train" | "population" | "batch" | "width"
    backend   a registered backend ("numpy", "torch", "jax", ...) or "python" (a baseline)
    device    "cpu" | "cuda" | "gpu"
    dtype     "float64" | "float32"
    variant   "lesson" (the code in impls/*_net.py), "compiled" (torch.compile; TensorFlow's
              loop under XLA), or a baseline: "fewest-calls", "python-scalars",
              "minimal-autograd", "jit-per-step", "raw-scan"
    steps     training steps in one timed call (the time per step is the call time / steps)
    nets      nets trained at once (population runs; 1 otherwise)
    batch     samples per step (the XOR table repeated)
    hidden    hidden units
    first_call_s   the first call after the in-process compile caches were cleared (tracing,
              compiling, CUDA-graph recording), timed apart from the step time
    torch_threads, matmul_precision   the settings in force for the row (PyTorch / JAX)

The group of every row is `group_name(extra_info)`: the kind and the work of one call, so one
pytest-benchmark table times one amount of work (`STEPS` fixes the steps per kind).
The report reads only these keys, so a JSON file from a GPU machine renders the same way.
Nothing here imports torch or jax, except `environment()` (the JSON's machine_info), which reads
the versions and settings of those installed.
"""

from __future__ import annotations

import numpy as np

from .contract import XOR_X, XOR_Y

KINDS = ("step", "train", "population", "batch", "width") + ("jvp", "hvp", "hessian")
KIND_TITLES = {
    "step": "One full training step (forward, loss, gradients, update)",
    "train": "Training loop: net.train(p, steps) per step",
    "population": "Population: N independent nets trained at once (train_many)",
    "batch": "Batch size: the XOR samples repeated (net.train)",
    "width": "Hidden width (net.train, the 4 XOR samples)",
    "jvp": "Beyond the gradient: one jvp (dL along v)",
    "hvp": "Beyond the gradient: one Hessian-vector product",
    "hessian": "Beyond the gradient: one 9 x 9 Hessian",
}
WORK_KEY = {"population": "nets", "batch": "batch", "width": "hidden"}

# Training steps in one timed call, the same for every row of a kind (every backend, device,
# dtype and variant), so that the rows of one pytest-benchmark table time the same work.
STEPS = {"step": 1, "train": 1000, "population": 10, "batch": 10, "width": 10}
SECOND_ORDER_KINDS = ("jvp", "hvp", "hessian")   # beyond the gradient: one call, not a step
STEPS.update(dict.fromkeys(SECOND_ORDER_KINDS, 1))


def work(info: dict) -> tuple:
    """What one timed call does: (steps, nets, samples per step, hidden units)."""
    return (int(info.get("steps", 1)), int(info.get("nets", 1)), int(info.get("batch", 4)),
            int(info.get("hidden", 2)))


def group_name(info: dict) -> str:
    """The pytest-benchmark group of a row: its kind and the work one call does.

    One group = one amount of work, so the min/median/mean columns of pytest-benchmark's table
    compare rows directly; the scaling kinds get one group per size.
    """
    steps, nets, batch, hidden = work(info)
    per = f"{steps} step/call" if steps == 1 else f"{steps} steps/call"
    kind = info["kind"]
    if kind in SECOND_ORDER_KINDS:                   # bench/bench_second_order.py: one call each
        return f"{kind}: 1 call, {nets} net, {hidden} hidden"
    if kind == "population":
        return f"population: {nets:,} net{'' if nets == 1 else 's'}, {per}"
    if kind == "batch":
        return f"batch: {batch:,} samples, {per}"
    if kind == "width":
        return f"width: {hidden:,} hidden, {per}"
    return f"{kind}: {per}"


def group_sort_key(group) -> tuple:
    """Groups in the order of KINDS, sizes ascending ("width: 2 ..." before "width: 1,024 ...")."""
    import re
    name = str(group or "")
    kind = name.split(":")[0]
    sizes = tuple(int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", name))
    return (KINDS.index(kind) if kind in KINDS else len(KINDS), kind, sizes, name)


def mixed_work_groups(data: dict) -> dict[str, list[tuple]]:
    """Groups of a pytest-benchmark JSON whose rows time different work (should be empty)."""
    seen: dict[str, set] = {}
    for b in data.get("benchmarks", []):
        info = b.get("extra_info") or {}
        if info.get("kind") in KINDS:
            seen.setdefault(b.get("group"), set()).add(work(info))
    return {g: sorted(w) for g, w in seen.items() if len(w) > 1}

# Scaling sizes: CPU sizes everywhere, the extra ones only on a GPU device.
POPULATION_SIZES = {"cpu": (1, 100, 10_000), "gpu": (1, 100, 10_000, 1_000_000)}
BATCH_SIZES = (4, 100, 10_000, 100_000)
HIDDEN_WIDTHS = (2, 16, 128, 1024)


def xor_data(batch: int) -> tuple[np.ndarray, np.ndarray]:
    """X (2, batch) and Y (1, batch): the four XOR samples repeated (and cut) to `batch` columns."""
    if batch < 1:
        raise ValueError(f"batch must be >= 1, got {batch}")
    reps = -(-batch // XOR_X.shape[1])
    return np.tile(XOR_X, reps)[:, :batch], np.tile(XOR_Y, reps)[:, :batch]


def population(nets: int, hidden: int = 2, seed: int = 0, scale: float = 1.0) -> dict:
    """`nets` independent starting points, every array with a leading axis N (float64).

    Weights ~ scale * N(0, 1) from one generator (so a million nets take one call), biases zero.
    """
    rng = np.random.default_rng(seed)
    return {
        "w1": rng.standard_normal((nets, hidden, 2)) * scale,
        "b1": np.zeros((nets, hidden, 1)),
        "w2": rng.standard_normal((nets, 1, hidden)) * scale,
        "b2": np.zeros((nets, 1, 1)),
    }


# ---- reading pytest-benchmark JSON ----------------------------------------------------------
def rows(data: dict) -> list[dict]:
    """One flat row per benchmark that carries our extra_info: labels plus times per step."""
    out = []
    for b in data.get("benchmarks", []):
        info = b.get("extra_info") or {}
        stats = b.get("stats") or {}
        if info.get("kind") not in KINDS or "median" not in stats:
            continue
        steps = max(int(info.get("steps", 1)), 1)
        nets = max(int(info.get("nets", 1)), 1)
        row = {k: info.get(k) for k in ("kind", "backend", "device", "dtype", "variant",
                                        "steps", "nets", "batch", "hidden", "first_call_s",
                                        "device_name", "torch_threads", "matmul_precision")}
        row["name"] = b.get("name", "")
        row["group"] = group_name(info)  # = b["group"] from this suite; older files mixed work
        row["us_per_step"] = stats["median"] / steps * 1e6
        row["us_per_step_min"] = stats["min"] / steps * 1e6
        row["iqr_us"] = stats.get("iqr", 0.0) / steps * 1e6
        # the middle half of the rounds, per step: the spread a verdict must clear
        row["q1_us"] = stats.get("q1", stats["median"]) / steps * 1e6
        row["q3_us"] = stats.get("q3", stats["median"]) / steps * 1e6
        row["rounds"] = stats.get("rounds")
        row["net_steps_per_s"] = nets * steps / stats["median"] if stats["median"] > 0 else None
        out.append(row)
    return out


def find(rows_: list[dict], **labels) -> dict | None:
    """The one row whose labels all match (None when it was not measured)."""
    hits = [r for r in rows_ if all(r.get(k) == v for k, v in labels.items())]
    return hits[0] if hits else None


# The speed targets, each a ratio of two rows measured in the same run (CPU, float64).
# (label, numerator row, denominator row, comparison, bound): the target holds when
# us_per_step(numerator) / us_per_step(denominator) <cmp> bound.
_CPU64 = {"device": "cpu", "dtype": "float64"}
RATIO_TARGETS = [
    ("NumPy train per step / fewest-calls NumPy step",
     dict(kind="train", backend="numpy", variant="lesson", **_CPU64),
     dict(kind="step", backend="numpy", variant="fewest-calls", **_CPU64), "<=", 1.6),
    ("PyTorch eager train per step / minimal eager autograd step",
     dict(kind="train", backend="torch", variant="lesson", **_CPU64),
     dict(kind="step", backend="torch", variant="minimal-autograd", **_CPU64), "<=", 1.0),
    ("PyTorch eager train / compiled train (speed-up)",
     dict(kind="train", backend="torch", variant="lesson", **_CPU64),
     dict(kind="train", backend="torch", variant="compiled", **_CPU64), ">=", 2.0),
    ("JAX train per step / raw lax.scan per step",
     dict(kind="train", backend="jax", variant="lesson", **_CPU64),
     dict(kind="train", backend="jax", variant="raw-scan", **_CPU64), "<=", 2.0),
    ("one jitted JAX call per step / JAX train per step (speed-up)",
     dict(kind="train", backend="jax", variant="jit-per-step", **_CPU64),
     dict(kind="train", backend="jax", variant="lesson", **_CPU64), ">=", 10.0),
    ("autograd-from-scratch step / NumPy step",
     dict(kind="step", backend="autograd", variant="lesson", **_CPU64),
     dict(kind="step", backend="numpy", variant="lesson", **_CPU64), "<=", 3.0),
]
# (label, row, bound): net-steps per second at least `bound` (any dtype measured; best reported)
THROUGHPUT_TARGETS = [
    ("JAX train_many at N = 10 000, net-steps/s",
     dict(kind="population", backend="jax", device="cpu", variant="lesson", nets=10_000), 1e7),
]


def verdict(low, high, cmp: str, bound: float):
    """True / False when the whole spread [low, high] is on one side of the bound; else "noise"."""
    if low is None or high is None:
        return None
    holds = (lambda v: v <= bound) if cmp == "<=" else (lambda v: v >= bound)
    if holds(low) and holds(high):
        return True
    if not holds(low) and not holds(high):
        return False
    return "noise"


def targets(rows_: list[dict]) -> list[dict]:
    """Each speed target with its measured value, its spread over the rounds, and the verdict.

    value: the ratio of the two rows' medians. low / high: the same ratio taken from the rows'
    quartiles, the most favourable and least favourable pairing of the middle half of each row's
    rounds (Q1/Q3 and Q3/Q1). ok: True or False when the whole spread is on one side of the
    bound, "noise" when it crosses it (the verdict would flip from run to run), None: not measured.
    """
    out = []
    for label, num, den, cmp, bound in RATIO_TARGETS:
        a, b = find(rows_, **num), find(rows_, **den)
        if a and b:
            value = a["us_per_step"] / b["us_per_step"]
            value_min = a["us_per_step_min"] / b["us_per_step_min"]
            low, high = a["q1_us"] / b["q3_us"], a["q3_us"] / b["q1_us"]
        else:
            value = value_min = low = high = None
        out.append({"target": label, "value": value, "value_min": value_min, "low": low,
                    "high": high, "want": f"{cmp} {bound:g}", "ok": verdict(low, high, cmp, bound)})
    for label, sel, bound in THROUGHPUT_TARGETS:
        hits = [r for r in rows_ if all(r.get(k) == v for k, v in sel.items())]
        best = max(hits, key=lambda r: r["net_steps_per_s"] or 0.0) if hits else None
        value = best["net_steps_per_s"] if best else None
        label_dt = f"{label} ({best['dtype']})" if best else label
        value_min = low = high = None
        if best:
            nets = best["nets"]
            value_min = nets / (best["us_per_step_min"] * 1e-6)
            low, high = nets / (best["q3_us"] * 1e-6), nets / (best["q1_us"] * 1e-6)
        out.append({"target": label_dt, "value": value, "value_min": value_min, "low": low,
                    "high": high, "want": f">= {bound:.0e}", "ok": verdict(low, high, ">=", bound)})
    return out


def crossovers(rows_: list[dict], kind: str) -> list[str]:
    """Which backend leads at each size, per device and dtype, in words, with the spread.

    A lead counts only when the leader's slower rounds (Q3) beat the runner-up's faster rounds
    (Q1); otherwise the two are "within noise" at that size.
    """
    key = WORK_KEY[kind]
    out = []
    groups = sorted({(r["device"], r["dtype"]) for r in rows_ if r["kind"] == kind
                     and r["variant"] == "lesson"})
    for device, dtype in groups:
        sel = [r for r in rows_ if r["kind"] == kind and r["variant"] == "lesson"
               and r["device"] == device and r["dtype"] == dtype]
        parts = []
        for size in sorted({r[key] for r in sel}):
            at = sorted((r for r in sel if r[key] == size), key=lambda r: r["us_per_step"])
            lead = at[0]
            if len(at) == 1:
                parts.append(f"{key} = {size:,}: {lead['backend']} alone")
            elif lead["q3_us"] < at[1]["q1_us"]:
                parts.append(f"{key} = {size:,}: {lead['backend']} "
                             f"({at[1]['us_per_step'] / lead['us_per_step']:.2g}x ahead of "
                             f"{at[1]['backend']})")
            else:
                parts.append(f"{key} = {size:,}: {lead['backend']} and {at[1]['backend']} "
                             f"within noise")
        out.append(f"{device} {dtype}: " + "; ".join(parts))
    return out


# ---- the machine a run measured on ------------------------------------------------------------
def environment() -> dict:
    """Versions, threads, devices and float32 matmul settings of the frameworks installed here."""
    import importlib.util
    import os
    import sys
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
