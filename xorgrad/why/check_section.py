"""`check`'s section "why it does not learn": when the run with the true gradient, from the
learner's start at the learner's lr and steps, does not learn XOR (their gradient right, or
once what is wrong with it is fixed), why.explain on that run, with starts drawn the way the
learner draws theirs. One call from check (`section`), all the logic here."""

from __future__ import annotations

import numpy as np

from ..contract import expected_shapes, init_params
from .population import Spec
from .report import lines
from .run import Case
from .share import N_STARTS, Draws


def section(child, form, result, s, start, data) -> dict | None:
    """why.explain's result for the learner's true-gradient run (its fate "learns" when it
    learns in the first half of its steps: no section), or None where it cannot be run: no
    consequence, no steps, the learner's own cost (no closed form)."""
    from . import explain
    X, Y = data
    from ..checker.losses import NAMED
    c = result.consequence
    if c is None or not c.steps or c.loss_name not in NAMED or c.true_learned_xor is None:
        return None
    p0 = start if start is not None else init_params(s["seed"], s["scale"], form.hidden)
    p0 = {**{"b1": np.zeros((form.hidden, 1)), "b2": np.zeros((1, 1))}, **p0}
    case = Case(Spec(form.net, c.loss_name, tuple(form.names)), p0, float(s["lr"]),
                int(s["steps"]), X, Y)
    r = explain(case, lambda: _draws(child, form, s, start, N_STARTS))
    if r is None:
        return None
    # the learner's run is the true gradient's only where its gradient is right, times 1, and
    # one call is one gradient step (no per-sample loop, no state): else the section says whose
    r["learners_run"] = bool(result.ok) and result.factor in (None, 1.0) and \
        result.bend is None and form.momentum is None and form.schedule is None and \
        c.learned_xor == c.true_learned_xor
    return {**r, "text": lines(r)}     # the report prints these


def _draws(child, form, s, start, n):
    """The learner's INIT() with seeds 0..n-1, else init_params(seed, their scale); None (and
    no share) where their INIT's arrays cannot be read back the way their start was."""
    if start is None:
        return Draws.from_scale(n, float(s["scale"]), form.hidden)
    from ..checker.start import _init_items
    from ..checker.layout import params_from_learner
    raws = child.ask(("inits", list(range(n))), f"INIT() with seeds 0..{n - 1}",
                     child.timeout * n + 5.0)
    starts, col = [], expected_shapes(form.hidden)
    for raw in raws:
        try:
            init = _init_items(raw)
            p = params_from_learner(form, init["seq"] if form.packing is not None else
                                    [init[k] for k in form.names])
        except Exception:  # noqa: BLE001 - an odd INIT: no share rather than a wrong one
            return None
        if any(np.shape(p.get(k)) != shape for k, shape in col.items()):
            return None   # not the column layout's shapes: no share rather than a crash
        starts.append(p)
    return Draws.from_inits(starts)
