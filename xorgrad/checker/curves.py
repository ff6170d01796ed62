"""The loss curves a finished check measured, read from its CheckResult (no learner code runs)."""

from __future__ import annotations

import numpy as np

from .. import figure
from ..errors import UsageError
from .losses import NAMED

HOW = {"step": "your step", "subtract": "your gradient, subtracted (W -= lr * dW)",
       "add": "your gradient, added (W += lr * dW)"}   # how a run applies the learner's update


def check_curves(result, out=None, filename="check_curves.png") -> figure.Picture:
    """The learner's run beside the true gradient's, from the same start (a long run's sampled
    steps drawn as a line through them; the cross: where the run really went non-finite)."""
    c = result.consequence
    if c is None or not c.losses:
        raise UsageError("this check ran no training (consequence=False): no curves to draw")
    fig = figure._figure(6.4, 3.8)
    ax = fig.subplots()
    mine, true = (np.asarray(v, dtype=np.float64) for v in (c.losses, c.true_losses))
    drawn = c.true_losses and c.loss_name in NAMED   # the true run's curve too
    how = HOW.get(c.update, "your update")
    finite, kept = (np.flatnonzero(np.isfinite(v)) for v in (mine, true))   # steps measured
    ax.plot(finite, mine[finite], color="tab:red", lw=1.6, label=how)
    if drawn:
        ax.plot(kept, true[kept], color="tab:blue", lw=1.6,
                label=f"the true gradient of the {NAMED[c.loss_name][2]}")
    if c.nan_step is not None and len(finite):
        k = finite[finite < c.nan_step][-1] if np.any(finite < c.nan_step) else finite[0]
        ax.plot([k], [mine[k]], "x", color="tab:red", ms=10, mew=2)
        ax.annotate(f"not finite from step {c.nan_step}", (k, mine[k]), xytext=(-8, -12),
                    ha="right", textcoords="offset points", fontsize=8, color="tab:red")
    every = np.concatenate([mine[finite], true[kept]])
    if len(every) and every.min() > 0 and every.max() / every.min() > 100:
        ax.set_yscale("log")
    else:
        figure._plain_ticks(ax)
    what = NAMED[c.loss_name][2] if c.loss_name in NAMED else "your own cost"
    ax.set(xlabel="step (updates done)", ylabel=what,
           title=f"{result.function}: lr {c.lr:g}, {c.steps} steps, start {c.start_from}")
    ax.title.set_fontsize(9)
    ax.legend(fontsize=8)
    end = f"{mine[finite[-1]]:.4g} at step {finite[-1]}" if len(finite) else "not finite"
    caption = (f"{how}: loss {mine[0]:.4g} -> {end}" +
               (f" | the true gradient: {c.true_losses[0]:.4g} -> {c.true_losses[-1]:.4g}"
                if drawn else ""))
    return figure.Picture(figure._save(fig, out, filename), caption, figure._texts(fig))
