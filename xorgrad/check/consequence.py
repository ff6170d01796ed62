"""What training with the learner's real update does, beside the true gradient of the same loss.

The learner's run happens in its child process (runner.Server.train), in stretches of CHUNK
steps, from the learner's own start (INIT() in the file, else init_params(seed, scale)), with
the learner's update: its own step, or its gradient subtracted or added. The true run is
plain gradient descent on the loss the check judged against, from the same start."""

from __future__ import annotations

import math

import numpy as np

from ..contract import (DEFAULT_INIT_SCALE, DEFAULT_LR, LN2, forward, init_params, learned_xor,
                        predictions)
from ..errors import CheckInputError
from .layout import data_to_learner, fits, params_from_learner, to_learner
from .losses import MEAN_OF, NAMED, backprop, loss_value
from .result import Consequence

CHUNK = 200   # training steps per request to the child


def _trend(losses, start):
    bad = [i for i, v in enumerate(losses) if not math.isfinite(v)]
    if bad:
        return "nan", bad[0]
    end = losses[-1]
    if end < start - 1e-3 * max(1.0, abs(start)):
        return "goes down", None
    if end > start + 1e-3 * max(1.0, abs(start)):
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


def true_run(p0, X, Y, lr, steps, name, biases):
    family, c, _ = NAMED[name]
    c = c(X.shape[1])
    p = {k: v.copy() for k, v in p0.items()}   # never the start itself: the learner's run needs it
    losses = [loss_value(name, p, X, Y)]
    with np.errstate(all="ignore"):
        for _ in range(steps):
            z1, a1, _, a2 = forward(p, X)
            dz2 = (a2 - Y) if family == "bce" else (a2 - Y) * a2 * (1 - a2)
            g = backprop(p, X, a1, z1, c * dz2)
            for k in (("w1", "b1", "w2", "b2") if biases else ("w1", "w2")):
                p[k] = p[k] - lr * g[k]
            losses.append(loss_value(name, p, X, Y))
    return p, losses


def learner_run(child, form, p0, X, Y, lr, steps, update):
    """(losses by step, final column params or None, stop words or None, step of the stop)."""
    n = len(form.names)
    args = to_learner(form, p0)
    history = []
    stop = None
    while len(history) < steps and stop is None:
        todo = min(CHUNK, steps - len(history))
        ans = child.ask(("train", {"args": args + data_to_learner(form, X, Y), "n": n,
                                   "steps": todo, "lr": lr, "update": update,
                                   "names": form.names}),
                        f"training steps {len(history)} to {len(history) + todo - 1}")
        got = ans["history"]
        base = len(history)
        for arrays in got:
            bad = [(k, a.shape) for k, a in zip(form.names, arrays) if not fits(form, k, a)]
            if bad:
                stop = ("shape", len(history), bad)
                break
            history.append(params_from_learner(form, arrays))
            if not all(np.all(np.isfinite(v)) for v in history[-1].values()):
                break
        if ans["stop"] is not None and ans["stop"][0] == "exited":
            from .child import LearnerFault
            raise LearnerFault(f"{child.label} {ans['stop'][1]} at training step "
                               f"{base + len(got)}{ans['stop'][2]}{child.output_note()}")
        if stop is None and ans["stop"] is not None:
            stop = (ans["stop"][0], len(history), ans["stop"][1] + ans["stop"][2])
        if history and not all(np.all(np.isfinite(v)) for v in history[-1].values()):
            break
        if not got:
            break
        args = [np.array(a) for a in got[-1]]
    return history, stop


def consequence_of(child, form, result, s, start, X, Y, update, cost_child=None) -> Consequence:
    seed, scale, lr, steps = s["seed"], s["scale"], s["lr"], s["steps"]
    p0 = start if start is not None else init_params(seed, scale, form.hidden)
    if not form.biases:
        p0 = {**p0, "b1": np.zeros((form.hidden, 1)), "b2": np.zeros((1, 1))}
    fam, tname = result.target[0], result.target[2]
    if fam == "own":   # the learner's own cost, which check cannot differentiate in closed form
        name = "own_cost"

        def curve(ps):
            args = [to_learner(form, p) + data_to_learner(form, X, Y) for p in ps]
            if cost_child is not None:
                return cost_child.ask(("cost", args, True), "the cost along the run")
            return child.ask(("cost", args), "COST along the run")
        start_loss = curve([p0])[0]
        true_p, true_losses = p0, [start_loss]
    else:
        name = tname if tname in NAMED else MEAN_OF[fam]

        def curve(ps):
            return [loss_value(name, p, X, Y) for p in ps]
        start_loss = loss_value(name, p0, X, Y)
        true_p, true_losses = true_run(p0, X, Y, lr, steps, name, form.biases)
    true_trend, _ = _trend(true_losses, start_loss)
    if form.kind == "step":
        modes = ["step"]
    elif update is not None:
        modes = [update]
    else:
        modes = ["add", "subtract"] if result.sign == -1 else ["subtract", "add"]
    c = Consequence(seed, scale, lr, steps, start_loss, None,
                    true_losses[1] if steps and len(true_losses) > 1 else None,
                    None, None, None, true_trend, true_losses, None, _learned(true_p, X, Y))
    c.update, c.loss_name, c.start_from = modes[0], name, (
        "INIT() in your file" if start is not None else f"seed {seed}, init scale {scale:g}")
    c.update_stated = form.kind == "step" or update is not None
    lines = []
    if steps == 0:
        c.learned_xor = _learned(p0, X, Y)
        c.losses, c.trend = [start_loss], "no steps"
        c.text = [f"no training: 0 steps (loss at the start {start_loss:.6g}; learns XOR: "
                  f"{'yes' if c.learned_xor else 'no'})"]
        return c
    runs = []
    for mode in modes:
        history, stop = learner_run(child, form, p0, X, Y, lr, steps, mode)
        fin = [p for p in history if all(np.all(np.isfinite(v)) for v in p.values())]
        losses = [start_loss] + [float(v) for v in curve(fin)] + [math.nan] * (len(history) - len(fin))
        finite = [p for p in history if all(np.all(np.isfinite(v)) for v in p.values())]
        last = finite[-1] if finite else p0
        learned = _learned(last, X, Y) if len(finite) == len(history) and stop is None and \
            len(history) == steps else False
        runs.append((mode, losses, stop, learned, last, len(finite) < len(history)))
    mode, losses, stop, learned, last, went_nan = runs[0]
    c.losses, c.learned_xor = losses, learned
    c.trend, c.nan_step = _trend(losses, start_loss)
    c.loss_one_step = losses[1] if len(losses) > 1 else None
    how = {"step": "your step", "subtract": "your gradient, subtracted (W -= lr * dW)",
           "add": "your gradient, added (W += lr * dW)"}
    if not c.update_stated:
        lines.append("how your loop applies the gradient is not known (--update says it): both "
                     "ways were run")
    one = c.loss_one_step
    if one is not None and math.isfinite(one):
        lines.append(f"one update with {how[mode]}: loss {start_loss:.6f} -> {one:.6f}" +
                     (f" (the true gradient: {start_loss:.6f} -> {true_losses[1]:.6f})"
                      if len(true_losses) > 1 else ""))
    lines += _run_lines(child, form, mode, losses, stop, learned, last, went_nan, c.trend,
                        c.nan_step, how, X, Y, lr, start_loss, one)
    c.stop = stop
    if len(runs) > 1:
        m2, l2, s2, learned2, last2, nan2 = runs[1]
        t2, n2 = _trend(l2, start_loss)
        c.alternative = {"update": m2, "trend": t2, "learns_xor": learned2,
                         "final_loss": l2[-1] if math.isfinite(l2[-1]) else None}
        alt = _run_lines(child, form, m2, l2, s2, learned2, last2, nan2, t2, n2, how, X, Y, lr,
                         start_loss, l2[1] if len(l2) > 1 else None, alternative=True)
        lines += [f"if your loop {'adds' if m2 == 'add' else 'subtracts'} it instead: {alt[0]}"] + alt[1:]
    whole = [x for x in result.causes if x.factor is not None and x.factor > 0
             and x.kind in ("factor", "summed_loss") and set(x.params) == set(form.names)]
    if whole:
        from .words import fmt
        lines.insert(1, f"a gradient {fmt(whole[0].factor)} times too large is the true gradient "
                        f"with lr {fmt(whole[0].factor * lr)} instead of {lr:g}")
    t = true_losses
    if name == "own_cost":
        c.true_trend = c.true_learned_xor = None
        lines.append("no run with the true gradient: your cost is none of the losses check "
                     "differentiates in closed form")
    else:
        lines.append(f"with the true gradient of the {NAMED[name][2]}, the same start and lr: "
                     f"{true_trend}: {_milestones(t, None)}; learns XOR: "
                     f"{'yes' if c.true_learned_xor else 'no'}")
    if c.true_learned_xor is False and name == "bce_mean" and abs(t[-1] - LN2) < 1e-2:
        lines.append(f"so fixing the gradient is not enough: from this start with lr {lr:g} the "
                     f"net sits on the plateau at ln 2 = {LN2:.4f} (every output 0.5); init scale "
                     f"{DEFAULT_INIT_SCALE:g} and lr {DEFAULT_LR:g} learn XOR")
    c.text = lines
    return c


def _run_lines(child, form, mode, losses, stop, learned, last, went_nan, trend, nan_step, how,
               X, Y, lr, start, one, alternative=False):
    out = []
    who = "" if alternative else f"training with {how[mode]}"
    if stop is not None and stop[0] == "shape":
        k, shape = stop[2][0]
        out.append(f"{who + ': ' if who else ''}at step {stop[1]} the update turns {k} into shape "
                   f"{shape} (NumPy broadcasting), expected {form.shape(k)}; the net is no longer "
                   f"2-{form.hidden}-1 and check follows it no further (learns XOR counts as no): "
                   f"{_milestones(losses, None)}")
        return out
    if stop is not None:
        out.append(f"{who + ': ' if who else ''}your code {stop[2]} at training step {stop[1]}; "
                   f"up to there: {_milestones(losses, None)}")
        return out
    if trend == "nan":
        why = ""
        if went_nan and form.kind == "grad" and nan_step is not None:
            try:
                from .probe import probe_grad
                g = probe_grad(child, form, last, X, Y, "the last finite step", "")
                if not all(np.all(np.isfinite(v)) for v in g.values()):
                    a2 = predictions(last, X)
                    rounded = bool(np.any((a2 == 0.0) | (a2 == 1.0)))
                    why = (f"; your function returned nan or inf at step {nan_step - 1}" +
                           (": an output had rounded to exactly 0 or 1, where a division by a2 or "
                            "1 - a2 overflows (dz2 = (a2 - Y) / m never divides)" if rounded else ""))
            except CheckInputError:
                why = ""
        out.append(f"{who + ' ' if who else 'training '}ends in nan: {_milestones(losses, nan_step)}, "
                   f"nan from step {nan_step}{why}")
    else:
        out.append(f"{who + ' ' if who else 'training '}{trend}: {_milestones(losses, None)}; "
                   f"learns XOR: {'yes' if learned else 'no'}")
    rising = trend in ("rises", "nan")
    if not alternative:
        if one is not None and math.isfinite(one) and one > start and rising:
            out.insert(0, "your update climbs the loss: this is why your cost keeps rising")
        elif one is not None and math.isfinite(one) and one > start:
            out.insert(0, "your first update climbs the loss, but the run as a whole does not rise")
        elif rising:
            out.insert(0, "your updates climb the loss: this is why your cost keeps rising")
    return out
