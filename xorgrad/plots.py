"""Pictures of the XOR net as PNG (matplotlib's Agg canvas: no display needed).

    from xorgrad import plots
    plots.loss_curves()                 # every backend/device/dtype from one start, and their
                                        # differences from the float64 NumPy run (log scale)
    plots.decision_boundary("out")      # the trained net's output over the unit square, as out/...png
    plots.hidden_units()                # each hidden unit's line w1[i] . x + b1[i] = 0
    plots.learner_vs_reference(func)    # training with a learner's gradient (run in a child process)
    plots.check_curves(xorgrad.check(func))   # the loss curves `check` found, drawn

Each returns a `Picture`: `.caption`, `.texts`, `.path` (the file written into the folder `out`,
or None when `out` is None and the PNG is kept in memory), `.save(path)`, and `_repr_png_()`, so
it shows inline as the last expression of a Jupyter cell. matplotlib is an optional extra:
without it every function raises `PlotUnavailable` (a one-line error on the command line) saying
how to install it. The library never prints.
"""

from __future__ import annotations

import warnings
from typing import Callable

import numpy as np

from .checker import call_learner
from .checker.curves import check_curves  # noqa: F401  (drawn from a finished CheckResult)
from .errors import CheckInputError
from .contract import (GATES, forward, learned_xor, sigmoid, DEFAULT_INIT_SCALE, DEFAULT_LR, DEFAULT_SEED, DEFAULT_STEPS, LN2,
                       PARAM_NAMES, XOR_X, XOR_Y, init_params, predictions, reference_loss)
from .errors import UsageError
from .figure import (DPI, INSTALL_PLOT, Picture, PlotUnavailable, _figure, _plain_ticks,  # noqa: F401
                     _save, _texts, writable_folder)

_ZERO = 1e-18            # where an exact agreement (difference 0) is drawn on a log axis


def _label(backend, device, dtype) -> str:
    return f"{backend}/{device}/{dtype}"


# ---- (a) loss curves ----------------------------------------------------------------------------
def loss_curves(out=None, seed=DEFAULT_SEED, scale=DEFAULT_INIT_SCALE, lr=DEFAULT_LR,
                steps=DEFAULT_STEPS, cases=None, missing=None) -> Picture:
    """Every (backend, device, dtype) trained from the same start, overlaid, and beside them
    |loss - float64 NumPy loss| per step on a log scale (exact agreement drawn at 1e-18).
    The caption names what could not run here (`missing`, default: registry.unavailable() when
    `cases` is None)."""
    from .registry import select, unavailable, unavailable_lines
    if missing is None:
        missing = unavailable() if cases is None else []
    from .registry import get
    fig = _figure(10, 5.2)  # fail before any training when matplotlib is missing
    p = init_params(seed=seed, scale=scale)
    _, ref = get("numpy", "cpu", "float64").train(p, steps=steps, lr=lr)
    runs = [(c, get(*c).train(p, steps=steps, lr=lr)[1].astype(np.float64))
            for c in (select() if cases is None else cases)]
    ax, dx = fig.subplots(1, 2)
    x = np.arange(steps)
    styles = {"float64": "-", "float32": "--"}
    worst = {}
    for (backend, device, dtype), losses in runs:
        kw = dict(ls=styles.get(dtype, "-"), lw=1.4, label=_label(backend, device, dtype))
        line, = ax.plot(x, losses, **kw)
        if (backend, device, dtype) == ("numpy", "cpu", "float64"):
            continue
        diff = np.abs(losses - ref)
        worst[_label(backend, device, dtype)] = float(diff.max()) if steps else 0.0
        exact = int(np.sum(diff == 0))
        note = f" ({exact} of {steps} steps exactly 0)" if exact else ""
        dx.plot(x, np.maximum(diff, _ZERO), color=line.get_color(), ls=kw["ls"], lw=1.0,
                label=kw["label"] + note)
    ax.axhline(LN2, color="grey", lw=0.8, ls=":")
    ax.text(steps * 0.98, LN2, "ln 2", ha="right", va="bottom", color="grey", fontsize=8)
    ax.set(xlabel="step (updates done)", ylabel="mean BCE loss",
           title=f"loss from one start (seed {seed}, init {scale:g}, lr {lr:g})")
    _plain_ticks(ax)
    ax.legend(fontsize=7)
    for eps, name in ((np.finfo(np.float64).eps, "float64 eps"),
                      (np.finfo(np.float32).eps, "float32 eps")):
        dx.axhline(eps, color="grey", lw=0.7, ls=":")
        dx.text(0, eps, name, va="bottom", color="grey", fontsize=7)
    dx.set_yscale("log")
    dx.set_ylim(_ZERO / 3, 1e4)     # room above the data for a legend of a dozen runs
    dx.set(xlabel="step", ylabel="|loss - float64 NumPy loss|",
           title="difference from float64 NumPy (0 drawn at 1e-18)")
    if worst:
        dx.legend(fontsize=7, loc="upper right")
    path = _save(fig, out, "loss_curves.png")
    caption = ("worst |loss - numpy float64| per run: " +
               ", ".join(f"{k} {v:.1e}" for k, v in worst.items())) if worst else \
        "only the float64 NumPy run was drawn"
    if missing:
        caption += "; not drawn: " + "; ".join(unavailable_lines(missing))
    return Picture(path, caption, _texts(fig))


# ---- (b) decision boundary -------------------------------------------------------------------
def _trained(backend, device, dtype, seed, scale, lr, steps):
    """The trained parameters and the loss after the last update (in the net's dtype)."""
    from .registry import get
    net = get(backend, device, dtype)
    p_end, _ = net.train(init_params(seed=seed, scale=scale), steps=steps, lr=lr)
    return p_end, net.loss_and_grads(p_end)[0]


def _grid(lo=-0.25, hi=1.25, n=161):
    g = np.linspace(lo, hi, n)
    x1, x2 = np.meshgrid(g, g)
    return g, np.stack([x1.ravel(), x2.ravel()])   # (2, n*n): one column per grid point


def _xor_points(ax, values=None):
    for j in range(XOR_X.shape[1]):
        x1, x2, y = XOR_X[0, j], XOR_X[1, j], XOR_Y[0, j]
        ax.scatter([x1], [x2], s=90, marker="o" if y else "s", c="white" if y else "black",
                   edgecolors="black", linewidths=1.5, zorder=3)
        if values is not None:
            ax.annotate(f"{values[j]:.2f}", (x1, x2), xytext=(7, 7), textcoords="offset points",
                        fontsize=8, zorder=4,
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))


def decision_boundary(out=None, backend="numpy", device="cpu", dtype="float64", seed=DEFAULT_SEED,
                      scale=DEFAULT_INIT_SCALE, lr=DEFAULT_LR, steps=DEFAULT_STEPS) -> Picture:
    """The trained net's output a2 over the unit square, its 0.5 contour, the four XOR points."""
    fig = _figure(5.2, 4.4)
    p, loss = _trained(backend, device, dtype, seed, scale, lr, steps)
    g, grid = _grid()
    a2 = predictions(p, grid)[0].reshape(len(g), len(g))
    ax = fig.subplots()
    im = ax.contourf(g, g, a2, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.85)
    ax.contour(g, g, a2, levels=[0.5], colors="black", linewidths=1.5)
    fig.colorbar(im, ax=ax, label="output a2 = P(y = 1)")
    out_at = predictions(p)[0]
    _xor_points(ax, out_at)
    learned = bool(learned_xor(out_at))
    verdict = "learned XOR" if learned else \
        f"did NOT learn XOR ({_wrong(out_at)} of 4 on the wrong side)"
    ax.set(xlabel="x1", ylabel="x2", aspect="equal",
           title=f"boundary a2 = 0.5 after {steps} steps: {verdict}\n"
                 f"{_label(backend, device, dtype)}, seed {seed}, init {scale:g}, lr {lr:g}, "
                 f"loss {loss:.4f}")
    ax.title.set_fontsize(9)
    path = _save(fig, out, "decision_boundary.png")
    return Picture(path, f"outputs at (0,0) (0,1) (1,0) (1,1): "
                         f"{' '.join(f'{v:.3f}' for v in out_at)}; "
                         f"{'learned' if learned else 'did not learn'} XOR", _texts(fig))


# ---- (c) hidden units ---------------------------------------------------------------------------
_GATES = GATES   # contract.GATES: the one table of the boolean functions of the four inputs


GATE_MARGIN = 0.1   # a unit "acts as" a gate only when all four outputs are this far from 0.5


def gate(values, margin: float = GATE_MARGIN) -> str | None:
    """The boolean function a unit computes on the four XOR inputs (outputs > 0.5 read as 1), or
    None when any output is within `margin` of 0.5: the unit has not decided that input."""
    values = np.asarray(values, dtype=np.float64)
    if not np.all(np.abs(values - 0.5) >= margin):
        return None
    return _GATES[tuple(int(v > 0.5) for v in values)]


def _wrong(a2) -> int:
    """How many of the four outputs are on the wrong side of 0.5 (0.5 itself counts as wrong)."""
    a2 = np.asarray(a2, dtype=np.float64)
    return int(np.sum(~((a2 > 0.5) == (XOR_Y[0] > 0.5))))


def unit_role(values, margin: float = GATE_MARGIN) -> str:
    """In words: the gate a hidden unit computes, or how far it is from deciding."""
    g = gate(values, margin)
    if g is not None:
        return f"acts as {g}"
    values = np.asarray(values, dtype=np.float64)
    if np.all(np.abs(values - 0.5) < margin):
        return f"undecided (outputs {values.min():.3f}..{values.max():.3f})"
    near = [f"({XOR_X[0, j]:.0f},{XOR_X[1, j]:.0f})" for j in range(len(values))
            if abs(values[j] - 0.5) < margin]
    return f"no clear gate ({' '.join(near)} near 0.5)"


def _line(ax, w, b, lo, hi, **kw):
    """Draw w[0] x + w[1] y + b = 0 across [lo, hi]^2 (nothing when w is 0)."""
    if abs(w[1]) >= abs(w[0]) and w[1] != 0:
        xs = np.array([lo, hi])
        ax.plot(xs, -(w[0] * xs + b) / w[1], **kw)
    elif w[0] != 0:
        ys = np.array([lo, hi])
        ax.plot(-(w[1] * ys + b) / w[0], ys, **kw)


def hidden_units(out=None, backend="numpy", device="cpu", dtype="float64", seed=DEFAULT_SEED,
                 scale=DEFAULT_INIT_SCALE, lr=DEFAULT_LR, steps=DEFAULT_STEPS) -> Picture:
    """What each hidden unit learned: its activation over the input square with its line
    w1[i] . x + b1[i] = 0, and (last panel) the four inputs as the hidden layer sees them, where
    the output unit's line w2 . a1 + b2 = 0 separates them."""
    p, loss = _trained(backend, device, dtype, seed, scale, lr, steps)
    w1, b1, w2, b2 = (p[k] for k in PARAM_NAMES)
    h = w1.shape[0]
    fig = _figure(3.6 * (h + 1) + 0.8, 3.9)
    axes = fig.subplots(1, h + 1)
    g, grid = _grid()
    lo, hi = g[0], g[-1]
    a1_xor = forward(p)[1]                                      # (h, 4)
    a1_grid = forward(p, grid)[1]                               # (h, grid points)
    out_at = predictions(p)[0]
    learned = bool(learned_xor(out_at))
    roles = []
    for i, ax in enumerate(axes[:h]):
        im = ax.contourf(g, g, a1_grid[i].reshape(len(g), len(g)), levels=np.linspace(0, 1, 11),
                         cmap="viridis")
        _line(ax, w1[i], b1[i, 0], lo, hi, color="white", lw=2)
        _xor_points(ax, a1_xor[i])
        roles.append(unit_role(a1_xor[i]))
        ax.set(xlim=(lo, hi), ylim=(lo, hi), xlabel="x1", ylabel="x2" if i == 0 else None,
               title=f"hidden unit {i + 1}: {roles[-1]}\n"
                     f"{w1[i, 0]:.2f} x1 {w1[i, 1]:+.2f} x2 {b1[i, 0]:+.2f} = 0")
        ax.title.set_fontsize(9)
    fig.colorbar(im, ax=list(axes[:h]), label="hidden activation a1", shrink=0.9)
    fig.get_layout_engine().set(wspace=0.12)
    ax = axes[h]
    if h == 2:   # the hidden space is a plane only for two hidden units
        ga, agrid = _grid(-0.05, 1.05, 111)
        z2 = w2 @ agrid + b2
        ax.contourf(ga, ga, sigmoid(z2).reshape(len(ga), len(ga)),
                    levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.85)
        _line(ax, w2[0], b2[0, 0], -0.05, 1.05, color="black", lw=1.5)
        seen: dict[tuple, list[str]] = {}
        for j in range(XOR_X.shape[1]):
            y = XOR_Y[0, j]
            ax.scatter([a1_xor[0, j]], [a1_xor[1, j]], s=90, marker="o" if y else "s",
                       c="white" if y else "black", edgecolors="black", linewidths=1.5, zorder=3)
            key = (round(a1_xor[0, j], 2), round(a1_xor[1, j], 2))
            seen.setdefault(key, []).append(f"({XOR_X[0, j]:.0f},{XOR_X[1, j]:.0f})")
        for (u, v), labels in seen.items():   # inputs the hidden layer maps to one point
            ax.annotate(" ".join(labels), (u, v), xytext=(0, -14), textcoords="offset points",
                        ha="left" if u < 0.5 else "right", fontsize=8, zorder=4,
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
        split = "splits XOR" if learned else \
            f"does NOT split XOR\n({_wrong(out_at)} of 4 inputs on the wrong side)"
        ax.set(xlim=(-0.05, 1.05), ylim=(-0.05, 1.05), xlabel="a1 of unit 1",
               ylabel="a1 of unit 2", title=f"hidden space: w2 . a1 + b2 = 0\n{split}")
        ax.title.set_fontsize(9)
    else:
        ax.axis("off")
        ax.text(0.5, 0.5, f"{h} hidden units:\nno plane to draw", ha="center", va="center")
    ax.set_aspect("equal")
    fig.suptitle(f"{_label(backend, device, dtype)}, seed {seed}, init {scale:g}, lr {lr:g}, "
                 f"{steps} steps, loss {loss:.4f}  (circles: y = 1, squares: y = 0)", fontsize=9)
    path = _save(fig, out, "hidden_units.png")
    units = "; ".join(f"hidden unit {i + 1} {r}" for i, r in enumerate(roles))
    if learned:
        return Picture(path, f"{units}; the output combines them into XOR", _texts(fig))
    return Picture(path, f"{units}; the net did not learn XOR "
                         f"({_wrong(out_at)} of 4 outputs on the wrong side)", _texts(fig))


# ---- (d) a learner's gradient against the reference -----------------------------------------
def train_with(func: Callable, params, steps: int, lr: float, X=None, Y=None,
               update: str = "subtract"):
    """Plain NumPy gradient descent calling `func(w1, b1, w2, b2, X, Y)` for the gradient, which
    the loop subtracts (p -= lr * g) or, with update="add", adds (p += lr * g).

    Returns (losses, grads_cosine, stop): losses[k] is the float64 reference loss after k updates
    (nan from where the run stopped), grads_cosine[k] the cosine between the gradient the update
    follows (func's, or minus it when added) and the true one at the same point, and stop the
    first step k whose parameters, or whose gradient (then losses[k] is still finite), are not
    finite; None when all `steps` steps ran.
    """
    sign = -1.0 if update == "add" else 1.0
    from .impls.numpy_net import loss_and_grads
    X = np.array(XOR_X if X is None else X, dtype=np.float64)
    Y = np.array(XOR_Y if Y is None else Y, dtype=np.float64)
    p = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    losses = np.full(steps, np.nan)
    cosine = np.full(steps, np.nan)
    stop = None
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for k in range(steps):
            if not all(np.all(np.isfinite(v)) for v in p.values()):
                stop = k
                break
            losses[k] = reference_loss(p, X, Y)
            g = call_learner(func, p, X, Y, f"training step {k}")
            for n in PARAM_NAMES:
                if g[n].shape != p[n].shape:
                    raise CheckInputError(f"d{n} has shape {g[n].shape}, expected {p[n].shape}")
                g[n] = g[n].astype(np.float64)
            flat = sign * np.concatenate([g[n].ravel() for n in PARAM_NAMES])
            if not np.all(np.isfinite(flat)):
                stop = k
                break
            _, true = loss_and_grads({n: v.copy() for n, v in p.items()}, X, Y)
            tflat = np.concatenate([np.ravel(true[n]) for n in PARAM_NAMES])
            denom = np.linalg.norm(flat) * np.linalg.norm(tflat)
            cosine[k] = flat @ tflat / denom if denom > 0 else np.nan
            for n in PARAM_NAMES:
                p[n] = p[n] - sign * lr * g[n]
    return losses, cosine, stop


def learner_vs_reference(func, out=None, seed=None, scale=None, lr=None, steps=None, update=None,
                         name="learner", filename="learner_vs_reference.png",
                         timeout=None) -> Picture:
    """Train twice from the same start: with `func`'s gradient and with the reference backprop.

    `func` is a function or 'FILE.py:FUNC'; its code runs in `check`'s child process, with a time
    limit on each call (`timeout`), so an endless loop or an exit is a CheckInputError, never a
    hung or dead caller. seed, scale, lr, steps, update: None reads the learner's own SEED,
    INIT_SCALE, LR, STEPS, UPDATE (its file's, or the globals of the notebook that defined it) as
    `check` reads them, else the defaults. Left: both loss curves (the learner's stops, marked,
    where its numbers stop being finite). Right: the cosine between the gradient the learner's
    update follows and the true gradient along its path (+1: the same direction, -1: uphill).
    """
    from .checker.parent_side import Child, Isolated
    from .checker.learner import _label, learner_settings
    if isinstance(func, str):
        from .checker.learner import parse_spec
        parse_spec(func)
    fig = _figure(10, 4.0)   # fail before any training when matplotlib is missing
    with Child(func, _label(func), timeout) as child:
        own = child.ask(("info",), "reading its settings")["settings"]
        s = learner_settings(own, seed, scale, lr, steps)   # the settings `check` uses
        from .contract import check_training
        check_training(s["steps"], s["lr"])
        update = update or own.get("update") or "subtract"
        if update not in ("subtract", "add"):
            raise CheckInputError(f"UPDATE must be 'subtract' or 'add', got {update!r}")
        return _learner_picture(Isolated(child, "a training step"), out, fig, name, filename,
                                update, **s)


def _learner_picture(func, out, fig, name, filename, update, seed, scale, lr, steps) -> Picture:
    from .registry import get
    p0 = init_params(seed=seed, scale=scale)
    losses, cosine, stop = train_with(func, p0, steps, lr, update=update)
    ref_end, ref = get("numpy", "cpu", "float64").train(p0, steps=steps, lr=lr)
    ref_last = reference_loss(ref_end)       # after the last update
    ax, cx = fig.subplots(1, 2)
    x = np.arange(steps)
    ax.plot(x, ref, color="tab:blue", lw=1.8, label="reference gradient (numpy_net)")
    ax.plot(x, losses, color="tab:red", lw=1.4,
            label=f"{name}'s gradient" + (", added (W += lr dW)" if update == "add" else ""))
    finite = np.flatnonzero(np.isfinite(losses))
    if stop is not None and len(finite):
        k = finite[-1]                           # the last loss there is: mark it
        ax.plot([k], [losses[k]], "x", color="tab:red", ms=10, mew=2)
        ax.annotate(f"step {stop}: not finite,\ntraining stops", (k, losses[k]),
                    xytext=(10, -12), textcoords="offset points", ha="left", va="top",
                    fontsize=8, color="tab:red")
    ax.axhline(LN2, color="grey", lw=0.8, ls=":")
    ax.text(steps * 0.98, LN2, "ln 2", ha="right", va="bottom", color="grey", fontsize=8)
    ax.set(xlabel="step (updates done)", ylabel="mean BCE loss (float64, stable)",
           title=f"same start: seed {seed}, init {scale:g}, lr {lr:g}")
    _plain_ticks(ax)
    ax.legend(fontsize=8, loc="center right")
    cx.plot(x, cosine, color="tab:red", lw=1.2)
    cx.axhline(0, color="grey", lw=0.6)
    cx.set_ylim(-1.05, 1.05)
    cx.set_xlim(ax.get_xlim())
    cx.set(xlabel="step", ylabel="cosine",
           title=f"cos({'minus ' if update == 'add' else ''}{name}'s gradient, true gradient)\n"
                 f"along {name}'s own path (-1: straight uphill)")
    if stop is not None:
        cx.axvline(stop, color="tab:red", lw=0.8, ls=":")
    path = _save(fig, out, filename)

    def at(k):
        return f"{losses[k]:.3g}" if k < steps and np.isfinite(losses[k]) else "-"
    marks = [k for k in (10, 100, 200) if k < steps]
    last = steps - 1
    caption = (f"{name}: loss {at(0)} -> " + ", ".join(f"{at(k)} (step {k})" for k in marks) +
               (f"; not finite at step {stop}" if stop is not None else
                f"; {losses[last]:.4g} at step {last}") +
               (f"; cosine with the true gradient {cosine[0]:+.3f} at step 0, median "
                f"{np.nanmedian(cosine):+.3f}" if steps and np.isfinite(cosine[0]) else "") +
               f" | reference: {ref[0]:.4f} -> {ref_last:.4f} after {steps} steps")
    return Picture(path, caption, _texts(fig))


# ---- the seeds heat-map (data from xorgrad.seeds) ------------------------------------------------
def _pct(v: float) -> str:
    """A share as a percentage with enough digits to tell a small share from none."""
    return "0" if v == 0 else f"{100 * v:.2f}" if v < 0.01 else f"{100 * v:.1f}"


def seeds_heatmap(study: dict, out=None, filename="seeds_heatmap.png") -> Picture:
    """Share of nets that learned XOR per (initial scale, learning rate), annotated with the
    share and its 95% Wilson interval; `study` is what xorgrad.seeds.study returns."""
    scales, lrs = study["scales"], study["lrs"]
    share = np.full((len(scales), len(lrs)), np.nan)
    text = {}
    for cell in study["cells"]:
        i, j = scales.index(cell["scale"]), lrs.index(cell["lr"])
        share[i, j] = cell["share"]
        lo, hi = cell["wilson95"]
        text[i, j] = f"{_pct(cell['share'])}%\n[{_pct(lo)}, {_pct(hi)}]"
    fig = _figure(1.5 * len(lrs) + 2.4, 0.75 * len(scales) + 1.8)
    ax = fig.subplots()
    im = ax.imshow(share, vmin=0, vmax=1, cmap="viridis", aspect="auto", origin="lower")
    for (i, j), t in text.items():
        ax.text(j, i, t, ha="center", va="center", fontsize=8.5,
                color="black" if share[i, j] > 0.6 else "white")
    ax.set_xticks(range(len(lrs)), [f"{v:g}" for v in lrs])
    ax.set_yticks(range(len(scales)), [f"{v:g}" for v in scales])
    ax.set(xlabel="learning rate", ylabel="initial weight scale (w ~ scale * N(0,1))",
           title=f"share of {study['n']} nets per cell that learned XOR after {study['steps']} "
                 f"steps\n({study['backend']}/{study['device']}/{study['dtype']}; "
                 f"95% Wilson interval in brackets)")
    fig.colorbar(im, ax=ax, label="share learned")
    return Picture(_save(fig, out, filename),
                   f"{len(study['cells'])} cells, {study['n']} nets each", _texts(fig))
