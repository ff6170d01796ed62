"""Across seeds: how often does the 2-2-1 net learn XOR, by initial scale and learning rate?

For every cell of a grid (initial weight scale x learning rate) the same N nets, seeds 0..N-1,
start from exactly ``init_params(seed=s, scale=scale)`` and train together with a backend's
``train_many``. A net has learned XOR when all four outputs are on the right side of 0.5. Each
cell reports the share that learned, its binomial standard error sqrt(p (1 - p) / n) and a 95%
Wilson score interval, and where the others got stuck: the plateaus of the loss.

    from xorgrad import seeds
    result = seeds.study(n=1000, steps=2000, scales=[0.01, 1.0], lrs=[0.1, 1.0])
    result["cells"][0]["share"], result["cells"][0]["wilson95"]

The same seeds are used in every cell (common random numbers): differences between cells are
not blurred by different draws, and any one net can be reproduced alone with
``xorgrad.init_params(seed=s, scale=scale)`` and ``net.train``.
"""

from __future__ import annotations

import math
import time
from typing import Callable

import numpy as np

from .contract import DEFAULT_STEPS as CONTRACT_STEPS
from .contract import (learned_xor, DEFAULT_HIDDEN, LN2, PARAM_NAMES, XOR_Y, ContractError, check_training,
                       init_params, predictions)

DEFAULT_N = 10_000
DEFAULT_STEPS = CONTRACT_STEPS   # the original question's 1000; 2000 doubles the time (numpy: over 5 min)
DEFAULT_SCALES = (0.01, 0.1, 0.5, 1.0, 2.0, 4.0)
DEFAULT_LRS = (0.1, 0.5, 1.0, 2.0, 5.0)
CHUNK = 2500            # nets per train_many call: bounds memory (losses are chunk x steps)
Z95 = 1.959963984540054  # the 97.5% point of the standard normal

# The plateaus of XOR with mean BCE: some inputs are solved (output -> its label), the rest are
# lumped together at one output, the mean of their labels, costing their entropy.
#   loss = (1/4) sum over lumps of n_lump * H(mean label of the lump)
PLATEAUS = (
    (LN2, "all four outputs 0.5 (or two pairs at 0.5): the net has not split the inputs"),
    (0.75 * (math.log(3) - (2 / 3) * math.log(2)),
     "one input solved, the other three lumped at 1/3 or 2/3"),
    (LN2 / 2, "two inputs solved, one y=0 and one y=1 input lumped at 0.5"),
)
PLATEAU_TOL = 0.02       # a failure within this of a known level is counted on that level
CLUSTER_GAP = 0.005      # other failures: a gap this wide between sorted losses starts a new level
MIN_CLUSTER = 10         # ... and a level needs at least this many nets (and 1% of the failures)


# ---- seeds and starting points ------------------------------------------------------------------
def unit_normals(n: int, hidden: int = DEFAULT_HIDDEN) -> dict[str, np.ndarray]:
    """The N(0, 1) draws behind init_params for seeds 0..n-1: w1 (n, h, 2) and w2 (n, 1, h)."""
    w1 = np.empty((n, hidden, 2))
    w2 = np.empty((n, 1, hidden))
    for s in range(n):   # init_params itself, so the two can never drift apart: 0.2 s for 10 000
        p = init_params(seed=s, scale=1.0, hidden=hidden)
        w1[s], w2[s] = p["w1"], p["w2"]
    return {"w1": w1, "w2": w2}


def batched_init(n: int, scale: float, hidden: int = DEFAULT_HIDDEN, normals=None
                 ) -> dict[str, np.ndarray]:
    """init_params(seed=s, scale=scale) for s = 0..n-1, stacked on a leading axis, bit for bit.

    The draws do not depend on the scale (init_params multiplies them by it), so `normals` from
    unit_normals can be reused for every scale.
    """
    init_params(seed=0, scale=scale, hidden=hidden)          # the same checks, the same errors
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ContractError(f"n must be a positive integer, got {n!r}")
    normals = unit_normals(n, hidden) if normals is None else normals
    return {"w1": normals["w1"][:n] * scale, "b1": np.zeros((n, hidden, 1)),
            "w2": normals["w2"][:n] * scale, "b2": np.zeros((n, 1, 1))}


# ---- statistics ---------------------------------------------------------------------------------
def share(k: int, n: int) -> dict:
    """The share k/n with its binomial standard error and 95% Wilson score interval."""
    if n < 1 or not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n and n >= 1, got k={k}, n={n}")
    p = k / n
    se = math.sqrt(p * (1 - p) / n)
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    lo = 0.0 if k == 0 else max(0.0, centre - half)    # exact at the ends: no rounding dust
    hi = 1.0 if k == n else min(1.0, centre + half)
    return {"k": k, "n": n, "share": p, "se": se, "wilson95": [lo, hi]}


def learned(a2: np.ndarray) -> np.ndarray:
    """(N,) True where all four outputs (N, 4) are on the right side of 0.5."""
    return learned_xor(a2)


def plateaus(final_losses: np.ndarray) -> list[dict]:
    """Where failed nets stopped: counts on the known plateau levels, on other levels found, and
    in between.

    Returns [{"level", "min", "max", "count", "theory", "what"}]: the known levels first (those
    seen), then other tight clusters of final losses (at least MIN_CLUSTER nets and 1% of the
    failures, within 2 PLATEAU_TOL, split at gaps wider than CLUSTER_GAP), then the rest lumped
    as "in between"
    (nets still descending when training stopped), then non-finite losses.
    """
    x = np.asarray(final_losses, dtype=np.float64)
    finite = np.isfinite(x)
    left = finite.copy()
    out = []

    def entry(v, theory, what):
        return {"level": float(np.median(v)), "min": float(v.min()), "max": float(v.max()),
                "count": int(len(v)), "theory": theory, "what": what}
    for level, what in PLATEAUS:
        on = left & (np.abs(x - level) <= PLATEAU_TOL)
        if on.any():
            out.append(entry(x[on], level, what))
        left &= ~on
    rest = np.sort(x[left])
    between = []
    least = max(MIN_CLUSTER, math.ceil(0.01 * len(x)))
    if len(rest):
        for v in np.split(rest, np.flatnonzero(np.diff(rest) > CLUSTER_GAP) + 1):
            if len(v) >= least and v.max() - v.min() <= 2 * PLATEAU_TOL:
                out.append(entry(v, None, "another level"))
            else:
                between.append(v)
    if between:
        out.append(entry(np.concatenate(between), None,
                         "in between the levels: still descending when training stopped"))
    if (~finite).any():
        out.append({"level": None, "min": None, "max": None,
                    "count": int((~finite).sum()), "theory": None, "what": "inf or nan"})
    return out


# ---- what a study needs -------------------------------------------------------------------------
BYTES_PER_NET = 200     # the seeds' draws, a cell's starts, final losses, outputs and masks
DEFAULT_WORK = DEFAULT_N * len(DEFAULT_SCALES) * len(DEFAULT_LRS) * DEFAULT_STEPS


def needs(n: int, cells: int, steps: int, chunk: int = CHUNK) -> dict:
    """Memory (bytes, about) and work (net-steps) of a study, known before it starts: the
    per-net arrays, and the losses of one batch of nets (min(n, chunk) x steps float64)."""
    return {"bytes": BYTES_PER_NET * n + 8 * min(n, chunk) * steps,
            "net_steps": n * cells * steps}


def memory_here() -> int | None:
    """This machine's physical memory in bytes (None where the OS does not say)."""
    import os
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


# ---- the study ----------------------------------------------------------------------------------
def _chunks(n: int, size: int) -> list[slice]:
    k = max(1, math.ceil(n / size))
    edges = np.linspace(0, n, k + 1).round().astype(int)
    return [slice(a, b) for a, b in zip(edges[:-1], edges[1:])]


def study(n: int = DEFAULT_N, steps: int = DEFAULT_STEPS, scales=DEFAULT_SCALES, lrs=DEFAULT_LRS,
          backend: str = "numpy", device: str = "cpu", dtype: str = "float64",
          progress: Callable[[int, int], None] | None = None, chunk: int = CHUNK) -> dict:
    """Train n nets (seeds 0..n-1) in every (scale, lr) cell; plain data, ready for JSON.

    `progress(done, total)` is called after each batch of nets (total = cells x batches).
    """
    from .registry import get
    scales = [float(s) for s in scales]
    lrs = [float(v) for v in lrs]
    if not scales or not lrs:
        raise ContractError("give at least one initial scale and one learning rate")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ContractError(f"n must be a positive integer, got {n!r}")
    steps, _ = check_training(steps, 1.0)
    if steps < 1:
        raise ContractError("steps must be at least 1")
    for s in scales:
        init_params(seed=0, scale=s)
    for v in lrs:
        check_training(steps, v)
    net = get(backend, device, dtype)
    normals = unit_normals(n)
    parts = _chunks(n, chunk)
    total, done = len(scales) * len(lrs) * len(parts), 0
    if progress:
        progress(0, total)
    cells = []
    t_all = time.perf_counter()
    for scale in scales:
        start = batched_init(n, scale, normals=normals)
        for lr in lrs:
            t0 = time.perf_counter()
            final = np.empty(n)
            a2 = np.empty((n, XOR_Y.shape[1]))
            for part in parts:
                p_end, losses = net.train_many({k: start[k][part] for k in PARAM_NAMES},
                                               steps=steps, lr=lr)
                final[part] = losses[:, -1]
                a2[part] = predictions(p_end)[:, 0, :]
                done += 1
                if progress:
                    progress(done, total)
            ok = learned(a2)
            margin = np.abs(a2 - 0.5).min(axis=1)
            cell = {"scale": scale, "lr": lr, **share(int(ok.sum()), n),
                    "median_final_loss": float(np.median(final)),
                    # how clearly the learned nets learned: their outputs' closest approach to 0.5
                    "learned_min_margin": float(margin[ok].min()) if ok.any() else None,
                    "plateaus": plateaus(final[~ok]),
                    "seconds": time.perf_counter() - t0}
            cell["learned"] = cell.pop("k")
            cells.append(cell)
    return {"backend": backend, "device": device, "dtype": dtype, "n": n, "steps": steps,
            "seeds": f"0..{n - 1} in every cell (xorgrad.init_params(seed=s, scale=scale))",
            "final_loss": f"the loss after {steps - 1} updates (losses[:, -1] of train_many)",
            "scales": scales, "lrs": lrs, "cells": cells,
            "seconds": time.perf_counter() - t_all}


# ---- text ---------------------------------------------------------------------------------------
def _plateau_text(p: dict) -> str:
    if p["level"] is None:
        return f"inf/nan: {p['count']}"
    if p["theory"] is not None:
        return f"{p['level']:.3f}: {p['count']}"
    if p["what"] == "another level":
        return f"level {p['level']:.3f}: {p['count']}"
    return f"moving: {p['count']} [{p['min']:.2f}..{p['max']:.2f}]"


def table(result: dict) -> str:
    """The share learned per scale x lr (rows: scale, columns: lr), then the plateaus."""
    lrs = result["lrs"]
    n = result["n"]
    head = (f"XOR 2-2-1 across seeds: {n} nets per cell (seeds 0..{n - 1}, the same in every "
            f"cell), {result['steps']} steps, {result['backend']}/{result['device']}/"
            f"{result['dtype']}, {result['seconds']:.1f} s\n"
            f"share that learned XOR (all four outputs on the right side of 0.5) "
            f"± binomial standard error sqrt(p(1-p)/n)\n")
    cw = 16
    corner = "scale \\ lr"
    lines = [head, f"{corner:>10} " + "".join(f"{v:>{cw}g}" for v in lrs)]
    by = {(c["scale"], c["lr"]): c for c in result["cells"]}
    for s in result["scales"]:
        row = f"{s:>10g} "
        for v in lrs:
            c = by[(s, v)]
            row += f"{100 * c['share']:>8.2f}% ±{100 * c['se']:.2f}".rjust(cw)
        lines.append(row)
    lines += ["", "95% Wilson intervals and where the failures stopped (final loss: count "
                  "[min..max]):"]
    for c in result["cells"]:
        lo, hi = c["wilson95"]
        stuck = "; ".join(_plateau_text(p) for p in c["plateaus"]) or "none"
        lines.append(f"  scale {c['scale']:<5g} lr {c['lr']:<4g} "
                     f"{c['learned']:>6}/{c['n']} = {100 * c['share']:6.2f}%  "
                     f"[{100 * lo:6.2f}, {100 * hi:6.2f}]  stuck at {stuck}")
    lines += ["", f"known plateaus (a failure within ±{PLATEAU_TOL} counts on one):"]
    lines += [f"  {lv:.4f}  {what}" for lv, what in PLATEAUS]
    lines += [f"  level x: another level where at least {MIN_CLUSTER} nets (and 1% of the "
              f"failures) stopped together",
              "  moving [lo..hi]: failures between the levels, still descending at the end"]
    return "\n".join(lines)
