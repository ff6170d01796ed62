"""Why a net whose gradient is right does not learn XOR: which fate its run meets, measured on
the run (fate.py, run.py), and how often random starts drawn the same way learn, with the
nearest changes (share.py, population.py); report.py puts it into words.

    from xorgrad import why
    case = why.Case(why.Spec(), xorgrad.init_params(0, 0.01), lr=0.1, steps=1000, X=X, Y=Y)
    result = why.explain(case, why.Draws.from_scale(1000, 0.01, 2))
    result["fate"], result["what_if"]["rows"][0]["share"]
    print("\\n".join(why.lines(result)))

`xorgrad why` runs it for the built-in net; `check` adds it to a report when the learner's
run does not learn XOR (or learns late).
"""

from __future__ import annotations

import time

import numpy as np

from . import fate as fates
from . import fate, population, report  # noqa: F401 - why.fate, why.population, why.report
from .population import Spec
from .report import lines
from .run import Case
from .share import N_STARTS, Draws, what_if

__all__ = ["Case", "Spec", "Draws", "explain", "what_if", "lines", "N_STARTS"]

LR_GRID = 2.0 ** (-np.arange(1, 49) / 4)    # lr x 2^(-1/4) ... lr / 4096


def largest_training_lr(case: Case) -> float | None:
    """The largest lr on a grid below the learner's (lr x 2^(-k/4), k = 1..48) that learns XOR
    from their own start in their steps: all of them trained at once (a vector of lrs)."""
    from . import population
    n = len(LR_GRID)
    params = {k: np.repeat(np.asarray(v, np.float64)[None], n, axis=0) for k, v in case.start.items()}
    r = population.train(params, population.Plan(case.spec, case.steps, X=case.X, Y=case.Y),
                         case.lr * LR_GRID)
    ok = np.flatnonzero(r.learned)
    return float(case.lr * LR_GRID[ok[0]]) if ok.size else None


def explain(case: Case, draws, run_on: bool = True) -> dict:
    """Every fact, plain data (ready for JSON): the fate and what was measured for it, and the
    what-if table (None without draws, or when the run learns in time: no problem, no table).
    `draws`: a Draws, None, or a function returning one (called only when a table is made)."""
    with np.errstate(all="ignore"):    # overflow in a diverging run is a fact, not a warning
        return _explain(case, draws, run_on)


def _explain(case: Case, draws, run_on: bool) -> dict:
    t0 = time.perf_counter()
    s, n = case.steps, N_STARTS       # the whole section's work decides NumPy or JAX, once:
    # three JAX loops: the learner's run continued (one net), the what-if table's nets of their
    # width (and their continuation), and those with one more unit
    backend = population.cheaper_backend(20 * s, 14 * n * s + 9 * s, compiles=3)
    facts = fates.measure(case, run_on=run_on, backend=backend)
    name = fates.name(case, facts)
    out = {"fate": name, "lr": case.lr, "steps": case.steps, "hidden": case.hidden,
           "net": case.spec.net.words(case.hidden), "loss": case.spec.loss,
           "facts": _plain(facts), "what_if": None}
    if name == "learns":
        out["seconds"] = time.perf_counter() - t0
        return _finite(out)
    if name == "lr_too_large":
        out["facts"]["largest_training_lr"] = largest_training_lr(case)
    if name == "saddle":
        out["facts"]["start"] = _symmetry(case)
    draws = draws() if callable(draws) else draws
    if draws is not None:
        out["what_if"] = what_if(case, draws, backend)
    out["seconds"] = time.perf_counter() - t0
    return _finite(out)


def _finite(x):
    """nan and inf as None, all the way down: the result is strict JSON."""
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_finite(v) for v in x]
    if isinstance(x, (float, np.floating)):
        return float(x) if np.isfinite(x) else None
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.bool_):
        return bool(x)
    return x


def _symmetry(case: Case) -> dict:
    """At the start: how far any hidden unit's output is from its value at z1 = 0, on any
    input, and the largest |w2|: a small start makes every unit compute nearly the same."""
    from ..checker.losses import ACTS, forward
    z1, a1, _, a2 = forward(case.start, case.X, case.spec.net)
    at0 = ACTS[case.spec.net.act][0](np.zeros(1))[0]
    return {"a1_spread": float(np.max(np.abs(a1 - at0))), "w2_max": float(np.max(np.abs(case.start["w2"]))),
            "a2_spread": float(np.max(a2) - np.min(a2))}


def _plain(facts: dict) -> dict:
    from .curve import thinned
    out = dict(facts)
    curve = thinned(facts["curve"])
    out["curve"] = {"steps": curve["steps"], "loss": curve["loss"][0]}
    out["units"] = {int(k): int(v) for k, v in facts["units"].items()}
    return out
