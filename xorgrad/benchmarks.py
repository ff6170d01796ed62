"""What the benchmark suite (bench/) and the `report` command share: workloads, row labels, targets.

Every benchmark in bench/ stores in pytest-benchmark's ``extra_info`` what it measured:

    kind      "step" | "train" | "population" | "batch" | "width"
    backend   "numpy" | "torch" | "jax" | "python"
    device    "cpu" | "cuda" | "gpu"
    dtype     "float64" | "float32"
    variant   "lesson" (the code in impls/*_net.py), "compiled" (torch.compile), or a baseline:
              "fewest-calls", "python-scalars", "minimal-autograd", "jit-per-step", "raw-scan"
    steps     training steps in one timed call (the time per step is the call time / steps)
    nets      nets trained at once (population runs; 1 otherwise)
    batch     samples per step (the XOR table repeated)
    hidden    hidden units
    first_call_s   the first call, compile included, timed apart from the step time

The report reads only these keys, so a JSON file from a GPU machine renders the same way.
Nothing here imports torch or jax.
"""

from __future__ import annotations

import numpy as np

from .contract import XOR_X, XOR_Y

KINDS = ("step", "train", "population", "batch", "width")
KIND_TITLES = {
    "step": "One full training step (forward, loss, gradients, update)",
    "train": "Training loop: net.train(p, steps) per step",
    "population": "Population: N independent nets trained at once (train_many)",
    "batch": "Batch size: the XOR samples repeated (net.train)",
    "width": "Hidden width (net.train, the 4 XOR samples)",
}
WORK_KEY = {"population": "nets", "batch": "batch", "width": "hidden"}

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
                                        "device_name")}
        row["name"] = b.get("name", "")
        row["group"] = b.get("group")
        row["us_per_step"] = stats["median"] / steps * 1e6
        row["us_per_step_min"] = stats["min"] / steps * 1e6
        row["iqr_us"] = stats.get("iqr", 0.0) / steps * 1e6
        row["rounds"] = stats.get("rounds")
        row["net_steps_per_s"] = nets * steps / stats["median"] if stats["median"] > 0 else None
        out.append(row)
    return out


def find(rows_: list[dict], **labels) -> dict | None:
    """The one row whose labels all match (None when it was not measured)."""
    hits = [r for r in rows_ if all(r.get(k) == v for k, v in labels.items())]
    return hits[0] if hits else None


# The speed targets of issue 3, each a ratio of two rows measured in the same run (CPU, float64).
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
    ("autograd-from-scratch step / NumPy step (issue 12)",
     dict(kind="step", backend="autograd", variant="lesson", **_CPU64),
     dict(kind="step", backend="numpy", variant="lesson", **_CPU64), "<=", 3.0),
]
# (label, row, bound): net-steps per second at least `bound` (any dtype measured; best reported)
THROUGHPUT_TARGETS = [
    ("JAX train_many at N = 10 000, net-steps/s",
     dict(kind="population", backend="jax", device="cpu", variant="lesson", nets=10_000), 1e7),
]


def targets(rows_: list[dict]) -> list[dict]:
    """Each speed target with its measured value and whether it holds (None: not measured)."""
    out = []
    for label, num, den, cmp, bound in RATIO_TARGETS:
        a, b = find(rows_, **num), find(rows_, **den)
        value = a["us_per_step"] / b["us_per_step"] if a and b else None
        value_min = a["us_per_step_min"] / b["us_per_step_min"] if a and b else None
        ok = None if value is None else (value <= bound if cmp == "<=" else value >= bound)
        out.append({"target": label, "value": value, "value_min": value_min,
                    "want": f"{cmp} {bound:g}", "ok": ok})
    for label, sel, bound in THROUGHPUT_TARGETS:
        hits = [r for r in rows_ if all(r.get(k) == v for k, v in sel.items())]
        best = max(hits, key=lambda r: r["net_steps_per_s"] or 0.0) if hits else None
        value = best["net_steps_per_s"] if best else None
        label_dt = f"{label} ({best['dtype']})" if best else label
        value_min = best["nets"] * best["steps"] / (best["us_per_step_min"] * best["steps"] * 1e-6) \
            if best else None
        out.append({"target": label_dt, "value": value, "value_min": value_min,
                    "want": f">= {bound:.0e}",
                    "ok": None if value is None else value >= bound})
    return out


def crossovers(rows_: list[dict], kind: str) -> list[str]:
    """Where the fastest backend changes as the work grows, per device and dtype, in words."""
    key = WORK_KEY[kind]
    out = []
    groups = sorted({(r["device"], r["dtype"]) for r in rows_ if r["kind"] == kind
                     and r["variant"] == "lesson"})
    for device, dtype in groups:
        sel = [r for r in rows_ if r["kind"] == kind and r["variant"] == "lesson"
               and r["device"] == device and r["dtype"] == dtype]
        sizes = sorted({r[key] for r in sel})
        prev = None
        parts = []
        for size in sizes:
            at = [r for r in sel if r[key] == size]
            best = min(at, key=lambda r: r["us_per_step"] / max(r["nets"] or 1, 1))["backend"]
            if best != prev:
                parts.append(f"{best} fastest from {key} = {size:,}")
                prev = best
        out.append(f"{device} {dtype}: " + "; ".join(parts))
    return out
