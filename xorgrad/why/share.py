"""How often: the share of random starts, drawn the way the learner draws theirs, that learn
XOR at their lr and steps, with its binomial error; and the same share for the nearest changes
(one more hidden unit, half and twice the lr, another init scale, 10x the steps): a what-if
table, every row measured by training its N nets at once (population.py).

The starts are the learner's own INIT() called again with seeds 0..N-1 (`Draws.from_inits`),
or init_params(seed, scale) for a stated INIT_SCALE (`Draws.from_scale`), never a scale
guessed from one draw. Every row uses the same starts (common random numbers), so differences
between rows are not blurred by different draws. Two populations hold the rows: the four of
width h in one (lr a vector along the nets; "10x the steps" continues the first row's nets),
"one more hidden unit" in the other.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from ..contract import PARAM_NAMES
from ..seeds import batched_init, share
from . import population
from .curve import thinned
from .run import Case

N_STARTS = 1000
TRACK = 8          # typical curves kept: the first row's first nets


@dataclass
class Draws:
    """The starts (column layout, leading axis N), the extra unit each would get with one more
    hidden unit (w1 row, w2 entry: (N, 2), (N,)), how they were drawn (words), whether every
    draw is the same start, and the starts of "another init scale" with its words."""

    starts: dict
    extra: tuple
    how: str
    same: bool
    other: dict
    other_words: str

    @property
    def n(self) -> int:
        return int(self.starts["w1"].shape[0])

    @classmethod
    def from_scale(cls, n: int, scale: float, hidden: int) -> "Draws":
        """init_params(seed=s, scale=scale, hidden) for s = 0..n-1; with one more unit the
        learner's draw would be init_params(seed, scale, hidden + 1): its last unit is the extra."""
        wide = batched_init(n, scale, hidden + 1)
        starts = batched_init(n, scale, hidden)
        other = 1.0 if scale != 1.0 else 0.1
        return cls(starts, (wide["w1"][:, -1, :], wide["w2"][:, 0, -1]),
                   f"init_params(seed=s, scale={scale:g}) for s = 0..{n - 1}", False,
                   batched_init(n, other, hidden), f"init scale {other:g}")

    @classmethod
    def from_inits(cls, inits: list) -> "Draws":
        """Starts from the learner's INIT() under seeds 0..n-1 (column-layout dicts). The extra
        unit of start i is unit 0 of start i + 1 (their own distribution, another draw)."""
        n = len(inits)
        starts = {k: np.stack([np.asarray(p[k], np.float64) for p in inits]) for k in PARAM_NAMES}
        same = all(all(np.array_equal(p[k], inits[0][k]) for k in PARAM_NAMES) for p in inits)
        nxt = np.roll(np.arange(n), -1)
        rms = float(np.sqrt(np.mean(np.concatenate([starts["w1"].ravel(), starts["w2"].ravel()]) ** 2)))
        far = not 0.5 <= rms <= 2.0
        factor = 1.0 / rms if far and rms > 0 else 0.1
        words = f"your draws x {factor:.3g}" + (" (RMS 1)" if far and rms > 0 else "")
        other = {k: starts[k] * factor if k in ("w1", "w2") else starts[k] for k in PARAM_NAMES}
        return cls(starts, (starts["w1"][nxt, 0, :], starts["w2"][nxt, 0, 0]),
                   f"your INIT() with seeds 0..{n - 1}; its weights' RMS {rms:.3g}", same,
                   other, words)


def _stack(d: Draws, rows: list, wide: bool = False) -> tuple:
    """One population for these rows: (params, lr (N,)); `wide`: each start with its extra unit."""
    parts = []
    for r in rows:
        src = d.other if r.get("other") else d.starts
        if wide:
            src = {"w1": np.concatenate([src["w1"], d.extra[0][:, None, :]], axis=1),
                   "b1": np.concatenate([src["b1"], np.zeros((d.n, 1, 1))], axis=1),
                   "w2": np.concatenate([src["w2"], d.extra[1][:, None, None]], axis=2),
                   "b2": src["b2"]}
        parts.append(src)
    params = {k: np.concatenate([p[k] for p in parts]) for k in PARAM_NAMES}
    return params, np.concatenate([np.full(d.n, r["lr"]) for r in rows])


def what_if(case: Case, d: Draws, backend: str | None = None, dtype: str = "float32") -> dict:
    """The what-if table: plain data, one row per change, each a share with its errors."""
    h, lr, steps = case.hidden, case.lr, case.steps
    rows = [{"change": "as you have it", "hidden": h, "lr": lr, "steps": steps},
            {"change": "half the lr", "hidden": h, "lr": lr / 2, "steps": steps},
            {"change": "twice the lr", "hidden": h, "lr": lr * 2, "steps": steps},
            {"change": d.other_words, "hidden": h, "lr": lr, "steps": steps, "other": True},
            {"change": "one more hidden unit", "hidden": h + 1, "lr": lr, "steps": steps}]
    n = d.n
    narrow, lrs = _stack(d, rows[:4])
    plan = population.Plan(case.spec, steps, TRACK, dtype, case.X, case.Y)
    wide, wide_lr = _stack(d, rows[4:], wide=True)
    with ThreadPoolExecutor(1) as beside:    # the wider nets on another core meanwhile (JAX
        # and NumPy both release the GIL while they train)
        wider = beside.submit(population.train, wide, population.Plan(
            case.spec, steps, 0, dtype, case.X, case.Y), wide_lr, None, backend)
        # the first row's nets go on to 10x the steps (under JAX through the same compiled loop)
        pop = population.train(narrow, plan, lrs, None, backend, population.GoOn(n, h, 9 * steps))
        wider = wider.result()
    rows.append({"change": "10x the steps", "hidden": h, "lr": lr, "steps": 10 * steps})
    learned = [pop.learned[i * n:(i + 1) * n] for i in range(4)] + \
        [wider.learned, pop.extra["go_on"].learned]
    out = []
    for r, ok in zip(rows, learned):
        out.append({**r, **share(int(ok.sum()), n)})
    first = pop.first_learned[:n]
    return {"n": n, "drawn": d.how, "same_start": d.same, "dtype": dtype, "rows": out,
            "typical_curves": thinned(pop.curves),
            "learned_by_step": {"median": float(np.median(first[first >= 0]))
                                if np.any(first >= 0) else None}}
