"""Which fate a run meets, named from what was measured on it (run.py): the run itself, the
same run continued to 10x its steps, the gradient and the Hessian where it ended.

    fate = diagnose(case)          # {"fate": "saddle", "facts": {...}, ...}; "learns": no problem

The fates, in the order they are tested (the first that fits is named):
  lr_too_large    the loss goes nan/inf, or rises on >= 1/4 of the steps of the run's second
                  half (an alternating loss is not "goes down")
  too_few_units   one hidden unit: no 2-1-1 net of these can separate XOR
  symmetric       every hidden unit starts with the same weights: each gets the same gradient,
                  so they stay the same and the net computes what one unit can (as above)
  dead_relu       a ReLU unit inactive (z1 <= 0) on all four inputs, from some step on
  saturated       a hidden unit out on its activation's tails on three of the four inputs
                  (derivative below 1% of its peak) from early on (the first tenth of the run)
  lr_too_large    (again) the loss ends above its start
  saddle          gradient tiny, a negative Hessian eigenvalue: a plateau near a saddle
  too_few_steps   still descending at the end; running on, it learns (the step is measured)
  local_minimum   gradient tiny, Hessian positive semidefinite, the loss staying
  growing_weights no stationary point: the loss creeps towards a level while |w| keeps growing
  slow            none of these: still moving after 10x the steps without learning
  (not_run_on     measure(run_on=False), and none of the fates that need no continuation)
"""

from __future__ import annotations

import numpy as np

from ..checker.losses import ACTS, forward
from ..contract import RISING, learned_xor, rising_share
from . import run as runs
from .run import Case

TINY_GRAD = 1e-3        # |grad| below this: a stationary point, as far as gradient descent sees
NEG_REL = 1e-6          # an eigenvalue below -1e-6 x the largest |eigenvalue| counts as negative
                        # (the central-difference Hessian is good to about 1e-10 here)
FLAT_DERIV = 0.01       # a unit is on its tail where its derivative is below 1% of the peak
PEAK = {"sigmoid": 0.25, "tanh": 1.0}
LATE = 0.5              # a run that first learns after this share of its steps learns late
GROWTH = 1.05          # |w| growing by more than 5% over the continuation: not settled
RUN_ON = 9              # continue for 9 more times the steps: 10x in all


def since(flags) -> int | None:
    """The first step from which `flags` stays True to the end (None: False at the end)."""
    flags = np.asarray(flags, bool)
    if not flags[-1]:
        return None
    off = np.flatnonzero(~flags)
    return int(off[-1] + 1) if off.size else 0


def unit_states(case: Case, z1s) -> dict:
    """{unit: step from which it is dead (ReLU: z1 <= 0 on all four inputs) or saturated
    (sigmoid, tanh: on the tails on at least three of the four inputs)}, for the units that
    still are at the end."""
    act = case.spec.net.act
    if act == "relu":
        flags = np.all(z1s <= 0, axis=2)                      # (steps + 1, h): no input reaches it
    else:
        a = ACTS[act][0](z1s)
        tails = ACTS[act][1](a, z1s) < FLAT_DERIV * PEAK[act]        # (steps + 1, h, m)
        flags = tails.sum(axis=2) >= z1s.shape[2] - 1   # on all inputs but at most one (x = 0
                                                        # gives z1 = b1, which starts at 0)
    out = {}
    for j in range(flags.shape[1]):
        s = since(flags[:, j])
        if s is not None:
            out[j] = s
    return out


def identical_units(p) -> bool:
    """Whether every hidden unit has the same incoming weights, bias and outgoing weight as
    unit 0 (column layout; two or more units)."""
    rows = [p["w1"], p["b1"], p["w2"].T]        # one row per unit
    return p["w1"].shape[0] > 1 and all(np.allclose(a[1:], a[:1], rtol=1e-12, atol=0.0)
                                        for a in rows)


def measure(case: Case, run_on: bool = True, backend: str | None = None) -> dict:
    """Every fact the naming reads, plain data (lists, floats)."""
    t = runs.trajectory(case)
    losses, end = t["losses"], t["end"]
    a2 = forward(end, case.X, case.spec.net)[3][0]
    facts = {"loss_start": float(losses[0]), "loss_end": float(losses[-1]),
             "finite": bool(np.all(np.isfinite(losses))),
             "rising_share": rising_share(losses) if np.all(np.isfinite(losses)) else None,
             "outputs": [float(v) for v in a2], "labels": [float(v) for v in case.Y[0]],
             "learned": bool(learned_xor(a2, case.Y)), "norm_start": float(t["norms"][0]),
             "norm_end": float(t["norms"][-1]), "units": {}, "curve": losses,
             "identical_units": [identical_units(case.start), identical_units(end)]}
    facts["first_learned"] = int(np.argmax(t["learned"])) if facts["learned"] else None
    facts["units"] = unit_states(case, t["z1"]) if facts["finite"] else {}
    tail = max(1, case.steps // 10)
    facts["last_tenth_drop"] = float(losses[-tail - 1] - losses[-1]) if facts["finite"] else None
    if facts["finite"]:
        facts.update(runs.stationary(end, case.spec, case.X, case.Y))
    if run_on and facts["finite"] and not facts["learned"]:
        on = runs.run_on(case, end, RUN_ON, backend)
        facts["run_on"] = {k: on[k] for k in ("learned_at", "steps", "losses", "norms", "learned")}
        facts["run_on"]["end_stationary"] = runs.stationary(on["end"], case.spec, case.X, case.Y)
    return facts


def name(case: Case, f: dict) -> str:
    """The fate's name, from the facts (the first test in the module's list that fits)."""
    if f["learned"]:
        return "learns_late" if f["first_learned"] > LATE * case.steps else "learns"
    if not f["finite"] or f["rising_share"] >= RISING:
        return "lr_too_large"
    if case.hidden < 2:
        return "too_few_units"
    if all(f["identical_units"]):
        return "symmetric"
    early = [j for j, s in f["units"].items() if s <= case.steps // 10]
    if case.spec.net.act == "relu" and f["units"]:
        return "dead_relu"
    if case.spec.net.act != "relu" and early:
        return "saturated"
    if f["loss_end"] > f["loss_start"]:
        return "lr_too_large"
    on = f.get("run_on") or {}
    if f["grad_norm"] < TINY_GRAD and negative(f["eigenvalues"]):
        return "saddle"
    if on.get("learned_at") is not None:
        return "too_few_steps"
    if not on:
        return "not_run_on"       # measure(run_on=False): the rest needs the run continued
    end = on["end_stationary"]
    grew = on["norms"][-1] > GROWTH * f["norm_end"]
    creeping = len(on["losses"]) > 1 and \
        on["losses"][-2] - on["losses"][-1] < 1e-2 * on["losses"][-1]
    if creeping and grew:
        return "growing_weights"
    staying = abs(on["losses"][-1] - f["loss_end"]) < 1e-3 * max(1.0, f["loss_end"])
    psd = np.all(np.isfinite(end["eigenvalues"])) and not negative(end["eigenvalues"])
    if end["grad_norm"] < TINY_GRAD and psd and staying:
        return "local_minimum"
    return "slow"


def negative(eigenvalues) -> bool:
    """A negative eigenvalue, beyond the Hessian's rounding (NEG_REL of the largest); False
    where the Hessian is not finite (weights overflowed)."""
    if not np.all(np.isfinite(eigenvalues)):
        return False
    return eigenvalues[0] < -NEG_REL * max(abs(eigenvalues[0]), abs(eigenvalues[-1]))
