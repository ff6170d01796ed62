"""The loss curves a finished check measured, drawn (the HTML view shows them; `plots`
re-exports `check_curves`). It reads only the CheckResult: no learner code runs."""

from __future__ import annotations

import numpy as np

from .. import figure
from ..errors import UsageError
from .losses import NAMED


def check_curves(result, out=None, filename="check_curves.png") -> figure.Picture:
    """The loss curves `check` measured (its `consequence`): training with the learner's update
    beside the true gradient of the loss it was judged against, from the same start. A long run is
    sampled (every step of the first thousand, then every so many: None or nan between) and drawn
    as a line through the steps measured; the cross marks where the run really went non-finite."""
    c = result.consequence
    if c is None or not c.losses:
        raise UsageError("this check ran no training (consequence=False): no curves to draw")
    fig = figure._figure(6.4, 3.8)
    ax = fig.subplots()
    mine = np.asarray(c.losses, dtype=np.float64)
    true = np.asarray(c.true_losses, dtype=np.float64)
    drawn = c.true_losses and c.loss_name in NAMED   # the true run's curve too
    how = {"step": "your step", "subtract": "your gradient, subtracted",
           "add": "your gradient, added"}.get(c.update, "your update")
    finite = np.flatnonzero(np.isfinite(mine))   # the steps measured, before any nan
    ax.plot(finite, mine[finite], color="tab:red", lw=1.6, label=how)
    if drawn:
        kept = np.flatnonzero(np.isfinite(true))
        ax.plot(kept, true[kept], color="tab:blue", lw=1.6,
                label=f"the true gradient of the {NAMED[c.loss_name][2]}")
    if c.nan_step is not None and len(finite):
        k = finite[finite < c.nan_step][-1] if np.any(finite < c.nan_step) else finite[0]
        ax.plot([k], [mine[k]], "x", color="tab:red", ms=10, mew=2)
        ax.annotate(f"not finite from step {c.nan_step}", (k, mine[k]), xytext=(-8, -12),
                    ha="right", textcoords="offset points", fontsize=8, color="tab:red")
    every = np.concatenate([mine, true])
    every = every[np.isfinite(every)]
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
