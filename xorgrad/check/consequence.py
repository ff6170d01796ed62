"""What training with the learner's gradient does, beside the true gradient."""

from __future__ import annotations

import math

import numpy as np

from ..contract import (learned_xor, DEFAULT_HIDDEN, DEFAULT_INIT_SCALE, DEFAULT_LR, LN2, PARAM_NAMES,
                        init_params, predictions, reference_loss)
from ..impls import numpy_net
from .learner import call_learner
from .result import Consequence


# ---- the consequence: what training with this gradient does ---------------------------------
def _trend(losses, start) -> tuple[str, int | None]:
    bad = [i for i, v in enumerate(losses) if not math.isfinite(v)]
    if bad:
        return "nan", bad[0]
    end = losses[-1]
    if end < start - 1e-3 * max(1.0, start):
        return "goes down", None
    if end > start + 1e-3 * max(1.0, start):
        return "rises", None
    return "stalls", None


def _milestones(losses, nan_step):
    steps = len(losses) - 1
    marks = sorted({0, *(s for s in (10, 100, 200, 500, 1000, 2000, 5000) if s < steps), steps})
    if nan_step is not None:
        marks = [s for s in marks if s < nan_step - 1] + [nan_step - 1]
    return " -> ".join(f"{losses[s]:.4g} (step {s})" for s in marks)


def _learned(p, X, Y):
    return bool(learned_xor(predictions(p, X)[0], Y))


def _consequence(func, X, Y, seed, scale, lr, steps, shape_bad) -> Consequence:
    p0 = init_params(seed, scale, DEFAULT_HIDDEN)
    start = reference_loss(p0, X, Y)
    _, true_g = numpy_net.loss_and_grads({k: v.copy() for k, v in p0.items()}, X, Y)
    one_true = reference_loss({k: p0[k] - lr * true_g[k] for k in PARAM_NAMES}, X, Y)
    true_p, true_losses = numpy_net.train({k: v.copy() for k, v in p0.items()}, X, Y, steps + 1, lr)
    true_losses = [float(v) for v in true_losses]
    true_trend, _ = _trend(true_losses, start)
    true_learned = _learned(true_p, X, Y)
    c = Consequence(seed, scale, lr, steps, start, None, one_true, None, None, None,
                    true_trend, true_losses, None, true_learned)
    if shape_bad:
        c.skipped = (f"not simulated: d{', d'.join(shape_bad)} has the wrong shape, so the update "
                     f"would change shapes or fail (see above)")
        c.text = [f"training {c.skipped}"]
        _true_text(c)
        return c
    p = {k: v.copy() for k, v in p0.items()}
    losses, gave_nan, p_at_nan = [start], None, None
    with np.errstate(all="ignore"):
        for step in range(steps):
            g = call_learner(func, p, X, Y, f"training step {step}")
            if gave_nan is None and not all(np.all(np.isfinite(g[k])) for k in PARAM_NAMES):
                gave_nan, p_at_nan = step, p
            p = {k: p[k] - lr * g[k] for k in PARAM_NAMES}
            finite = all(np.all(np.isfinite(v)) for v in p.values())
            losses.append(reference_loss(p, X, Y) if finite else math.nan)
            if step == 0:
                c.loss_one_step = losses[1]
            if not math.isfinite(losses[-1]):
                break
    c.losses, c.learned_xor = losses, _learned(p, X, Y)
    c.trend, c.nan_step = _trend(losses, start)
    one = c.loss_one_step
    lines = []
    if one is not None:
        lines.append(f"one update: loss {start:.6f} -> {one:.6f} with your gradient "
                     f"(the true gradient: {start:.6f} -> {one_true:.6f})")
        if math.isfinite(one) and one > start:
            lines.append("your update climbs the loss: this is why your cost keeps rising")
    if c.trend == "nan":
        why = ""
        if gave_nan is not None:
            a2 = predictions(p_at_nan, X)
            rounded = bool(np.any((a2 == 0.0) | (a2 == 1.0)))
            why = (f"; your function returned nan or inf at step {gave_nan}" +
                   (": an output had rounded to exactly 0 or 1 and a division by a2 or 1 - a2 "
                    "blew up (dz2 = (a2 - Y) / m never divides)" if rounded else ""))
        lines.append(f"training with your gradient ends in nan: {_milestones(losses, c.nan_step)}, "
                     f"nan from step {c.nan_step}{why}")
    else:
        lines.append(f"training with your gradient {c.trend}: {_milestones(losses, None)}; "
                     f"learns XOR: {'yes' if c.learned_xor else 'no'}")
    if c.trend in ("rises", "nan") and not any("climbs" in t for t in lines):
        lines.append("your updates climb the loss: this is why your cost keeps rising")
    c.text = lines
    _true_text(c)
    return c


def _true_text(c: Consequence):
    t = c.true_losses
    line = (f"with the true gradient, the same settings: {c.true_trend}: {_milestones(t, None)}; "
            f"learns XOR: {'yes' if c.true_learned_xor else 'no'}")
    c.text.append(line)
    if not c.true_learned_xor and abs(t[-1] - LN2) < 1e-2:
        c.text.append(f"so fixing the gradient is not enough: at init scale {c.init_scale:g} and "
                      f"lr {c.lr:g} the net sits on the plateau at ln 2 = {LN2:.4f} (every output "
                      f"0.5); init scale {DEFAULT_INIT_SCALE:g} and lr {DEFAULT_LR:g} learn XOR")


