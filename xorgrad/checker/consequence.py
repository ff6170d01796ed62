"""Training with the learner's real update (its step, or its gradient subtracted or added, in its
child) beside the true run: plain gradient descent on the judged loss from the same start."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from ..contract import LN2, alternates, init_params, learned_xor
from ..errors import CheckInputError
from .layout import data_to_learner, fits, params_from_learner, to_learner
from .losses import NAMED, forward, loss_of_outputs, loss_value, zero_biases
from .parent_side import LearnerFault
from .curves import HOW
from .display import YES_NO
from .result import Consequence
from .verdict import fmt

STRETCH_S = 2.0   # seconds of the learner's calls per request to its child
REUSE_STEPS = 20000   # longer runs of a right gradient are not run a second time as the true run
EXP_MAX = float(np.log(np.finfo(np.float64).max))   # 709.78: np.exp overflows above it
HAIR = 0.01   # a run that learns XOR with every output this close to 0.5 learns it by a hair
CLIMBS = ("your update climbs", "your first update")   # the lines that blame the update for a rise


def _trend(losses, start):
    bad = [i for i, v in enumerate(losses) if v is not None and not math.isfinite(v)]
    if bad:
        return "nan", bad[0]
    end, tol = losses[-1], 1e-3 * max(1.0, abs(start))
    return ("rises" if end > start + tol else
            "alternates" if alternates(losses) else   # ends lower, yet rises and falls by turns
            "goes down" if end < start - tol else "stalls"), None


def _rise_after_low(losses) -> str:
    """Where a run that ends below its start climbed above it first (from step 2), or rose again
    from its lowest loss (or swings), by more than a tenth of its whole fall and past rounding."""
    kept = [(v, i) for i, v in enumerate(losses) if v is not None and math.isfinite(v)]
    (low, at), (peak, top) = min(kept), max(kept)
    start, end = kept[0][0], kept[-1][0]
    rounding = 1e-3 * max(1.0, abs(start))
    least = max(rounding, 0.1 * (start - low))
    above = [i for v, i in kept if v > start + rounding]
    out = (f"; on the way it rose above its start at {len(above)} of its {len(losses) - 1} steps, "
           f"first at step {above[0]}, highest {peak:.4g} at step {top}"
           if end < start and peak - start > least and top > 1 else "")
    if not (end < start and end - low > least):
        return out
    v, turns, rising = np.array([x for x, _ in kept]), [], None
    for j in range(1, len(v)):   # where it turns up or down by more than `least`
        step = v[j] - v[j - 1]
        if abs(step) > least and (rising is None or (step > 0) != rising):
            turns, rising = turns + [j], step > 0
    if len(turns) < 4:       # the first move, then fewer than three turns: no swings
        return out + f"; lowest {low:.4g} at step {at}, then it rose again"
    since, tail = kept[turns[1] - 1][1], v[turns[1] - 1:]
    return out + (f"; lowest {low:.4g} at step {at}, then it rose again" if since > at else "") + (
        f"; from step {since} on it swings up and down between {tail.min():.4g} and "
        f"{tail.max():.4g}, {len(turns) - 1} times")


def _milestones(losses, nan_step):
    steps = len(losses) - 1
    marks = sorted({0, *(s for s in (10, 100, 200, 500, 1000, 2000, 5000) if s < steps), steps})
    if nan_step is not None:
        marks = [s for s in marks if s < nan_step - 1] + [nan_step - 1]
    return " -> ".join(f"{losses[s]:.4g} (step {s})" for s in marks if losses[s] is not None)


def _learned(p, X, Y, form):
    """Every output on the right side of 0.5, for any output unit (a Raw net's as NumPy has it)."""
    a2 = _raw_outputs(form, p, X, Y)[1] if isinstance(p, Raw) else forward(p, X, form.net)[3]
    return bool(learned_xor(np.ravel(a2), Y))


def _finite(p) -> bool:
    return all(np.all(np.isfinite(v)) for v in p.values())


class Raw(dict):
    """The learner's arrays by name once NumPy broadcasting reshaped one (b1 (4, 2) from b1 - lr *
    db1 with db1 (4, 1), say): no column-layout parameters, only what NumPy computes with them."""


def _raw_outputs(form, raw, X, Y):
    """(z2, a2, Y) as its arrays compute them (NumPy broadcasting); None: not one per sample."""
    col = {"b1": 0.0, "b2": 0.0, **{k: np.atleast_2d(a).T if form.layout == "rows" else a
                                    for k, a in raw.items()}}   # rows: each array transposed
    try:
        with np.errstate(all="ignore"):
            _, _, z2, a2 = forward(col, X, form.net)
    except ValueError:
        return None
    return (z2, a2, Y) if z2.shape == Y.shape else None


def true_run(p0, data, lr, steps, name, form):
    """Plain gradient descent on the named loss from p0 (kept): (last params, losses at 0..steps)"""
    from ..why.population import Spec
    from ..why.run import Case, trajectory
    run = trajectory(Case(Spec(form.net, name, tuple(form.names)), p0, lr, steps, *data))
    return run["end"], run["losses"].tolist()


def _rises(losses) -> bool:
    """Whether a run's loss ever rises past rounding or turns non-finite (None: not measured)."""
    kept = [v for v in losses if v is not None]
    return any(not (math.isfinite(b) and b <= a * (1 + 1e-12)) for a, b in zip(kept, kept[1:]))


def largest_stable_lr(p0, data, lr, steps, name, form):
    """The largest lr below `lr` (to 3 digits) whose true run of `steps` steps never rises."""
    def stable(rate):
        return not _rises(true_run(p0, data, rate, steps, name, form)[1])
    lo = next((lr / 2 ** k for k in range(1, 31) if stable(lr / 2 ** k)), None)   # lr halved
    if lo is None:
        return None
    hi = 2 * lo
    while hi - lo > 1e-3 * hi:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if stable(mid) else (lo, mid)
    return lo


def learner_run(child, form, setup, update):
    """The learner's run: ({step: column params, or Raw}, why it stopped, steps done, s per call,
    (step, [(name, shape)]) where NumPy reshaped a parameter). setup: (p0, X, Y, lr, steps, ...);
    past KEEP_ALL steps, every `every`-th step comes back (and the last, the one before a nan)."""
    from .child_side import KEEP_ALL
    p0, X, Y, lr, steps = setup[:5]
    args = to_learner(form, p0)
    every = next(e for e in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10 ** 9)
                 if e >= (steps - KEEP_ALL) // 1000)
    history, stop, done, per_call, todo, reshaped = {}, None, 0, None, 20, None
    if form.random:   # its generators as the learner's own script has them before its loop
        child.ask(("rewind",), "setting your generators back to where your file left them")
    while done < steps and stop is None:
        todo = min(todo, steps - done)
        ans = child.ask(("train", {"args": args + data_to_learner(form, X, Y),
                                   "n": len(form.arg_names), "steps": todo, "lr": lr,
                                   "update": update, "names": form.arg_names, "first": done,
                                   "every": every}), f"training steps {done} to {done + todo - 1}")
        got, halt = ans["history"], ans["stop"]
        per_call = ans["per_call"] if ans["done"] else per_call
        for s, arrays in got:
            bad = [(k, a.shape) for k, a in zip(form.arg_names, arrays) if not fits(form, k, a)]
            raw = Raw(zip(form.arg_names, arrays)) if bad or reshaped else None
            if raw is not None and (form.packing is not None or
                                    _raw_outputs(form, raw, X, Y) is None):
                stop = ("shape", s - 1, bad or reshaped[1])   # no one output per sample
                break
            reshaped = reshaped or ((s - 1, bad) if bad else None)   # NumPy's net, followed
            history[s] = raw if raw is not None else params_from_learner(form, arrays)
        if halt is not None and halt[0] in ("exited", "timeout"):
            before = f"its calls before took {per_call * 1e3:.3g} ms each; " if per_call else ""
            took = f" (one call; {before}timeout= sets the limit)" if halt[0] == "timeout" else ""
            raise LearnerFault(f"{child.label} {halt[1]} at training step {done + ans['done']}"
                               f"{halt[2]}{took}{child.output_note()}")
        done += ans["done"]
        if stop is None and halt is not None:
            stop = (halt[0], done, halt[1] + halt[2])
        if not got or ans["done"] < todo or (history and not _finite(history[max(history)])):
            break
        args = [np.array(a) for a in got[-1][1]]
        todo = int(min(20000, max(1, STRETCH_S / max(per_call, 1e-6))))
    return history, stop, done, per_call, reshaped


def consequence_of(child, form, result, job, start, cost_child=None) -> Consequence:
    """The learner's run beside the true one. job: the check's record (settings s, X, Y, update)."""
    s, X, Y = job.s, job.X, job.Y
    lr, steps = s["lr"], s["steps"]
    p0 = start if start is not None else init_params(s["seed"], s["scale"], form.hidden)
    p0 = zero_biases(p0, form.hidden, form.names)
    name, curve = _loss_curve(child, form, result, (X, Y), cost_child)
    start_loss = curve([p0])[0]
    modes = (["step"] if form.kind == "step" else [job.update] if job.update is not None else
             ["add", "subtract"] if result.sign == -1 else ["subtract", "add"])   # else both ways
    c = Consequence(s["seed"], s["scale"], lr, steps, start_loss, update=modes[0], loss_name=name,
                    update_stated=form.kind == "step" or job.update is not None, start_from=(
                        "INIT() in your file" if start is not None else
                        f"seed {s['seed']}, init scale {s['scale']:g}"))
    if steps == 0:
        c.learned_xor = c.true_learned_xor = _learned(p0, X, Y, form)
        c.losses, c.true_losses, c.trend, c.true_trend = [start_loss], [start_loss], "no steps", \
            "stalls"
        c.text = [f"no training: 0 steps (loss at the start {start_loss:.6g}; learns XOR: "
                  f"{YES_NO[c.learned_xor]})"]
        return c
    runs = [_measured_run(child, form, mode, (p0, X, Y, lr, steps, start_loss), curve)
            for mode in modes]
    first = runs[0]
    # a long run of a right gradient, applied as stated, is the true run: no second copy of it
    reuse = name != "own_cost" and result.ok and steps > REUSE_STEPS and c.update_stated \
        and result.bend is None and form.momentum is None and form.schedule is None
    true_p, c.true_losses = (first.last, first.losses) if reuse else (p0, [start_loss]) \
        if name == "own_cost" else true_run(p0, (X, Y), lr, steps, name, form)
    read = c.true_losses
    if len(first.losses) == len(read):   # the same steps read for both
        read = [t if m is not None else None for t, m in zip(read, first.losses)]
    c.true_trend = _trend(read, start_loss)[0]
    c.true_learned_xor = first.learned if reuse else _learned(true_p, X, Y, form)
    c.loss_one_step_true = c.true_losses[1] if len(c.true_losses) > 1 else None
    c.per_call, c.losses, c.learned_xor, c.stop = runs[-1].per_call, first.losses, \
        first.learned, first.stop
    c.trend, c.nan_step, c.loss_one_step = first.trend, first.nan_step, first.one
    lines = _overshoot(form, result, c, _run_text(child, form, runs, c, (X, Y)), p0, (X, Y))
    if form.assumed:    # the losses are those of the net check took, not known to be yours
        lines.insert(0, f"no net check knows fits any parameter of your gradient: the losses "
                        f"below are those of the {form.net.words(form.hidden)} net it took, not "
                        f"known to be your net's, and whether your net learns XOR is not judged")
    c.text = lines + _sigmoid_reading(form, job, first) + _true_text(form, result, c,
                                                                      (true_p, X), reuse)
    return c


def _sigmoid_reading(form, job, run):
    """A linear output read from the gradient alone: whether the run learns through a sigmoid."""
    if form.net.out != "linear" or job.info.get("output_stated") or run.learned is None or \
            isinstance(run.last, Raw):
        return []
    z2 = forward(run.last, job.X, form.net)[2]
    return [f"if your net's output is a sigmoid (your file does not say: OUTPUT = 'linear' or "
            f"'sigmoid'), it is above 0.5 where z2 > 0, and the run with {HOW[run.mode]} "
            f"ends with that net learning XOR: "
            f"{YES_NO[bool(learned_xor(np.ravel(z2) + 0.5, job.Y))]}"]


def _run_text(child, form, runs, c, data):
    """The lines on the learner's run (and the other way of applying it: c.alternative)."""
    first, start_loss, one = runs[0], c.loss_start, c.loss_one_step
    lines = [] if c.update_stated else ["how your loop applies the gradient is not known "
                                        "(update= says it): both ways were run"]
    if one is not None and math.isfinite(one):
        lines.append(f"one update with {HOW[first.mode]}: loss {start_loss:.6f} -> {one:.6f}" +
                     (f" (the true gradient: {start_loss:.6f} -> {c.true_losses[1]:.6f})"
                      if len(c.true_losses) > 1 else ""))
    lines += _run_lines(child, form, first, data)
    for other in runs[1:]:
        end = other.losses[-1]
        c.alternative = {"update": other.mode, "trend": other.trend, "learns_xor": other.learned,
                         "final_loss": end if math.isfinite(end) else None}
        lines += _run_lines(child, form, other, data, alternative=True)
    return lines


def _overshoot(form, result, c, lines, p0, data):
    """The run's lines, led by what explains a rise (a nan everywhere, or a right gradient whose
    steps overshoot), and by the lr at which a gradient k times the true one is the true one."""
    lr, one = c.lr, c.loss_one_step
    all_nan = all(len(r.nonfinite_points) == len(result.points) for r in result.params.values())
    true = [v for v in c.true_losses if v is not None]   # where the true run never rises, its
    overshoots = result.ok and (len(true) < 2 or _rises(true)) and (   # steps do not overshoot
        c.trend in ("rises", "nan", "alternates") or (one is not None and one > c.loss_start))
    if all_nan or overshoots:   # the rise is explained here, not by the run's own lines
        lines = [t for t in lines if not t.startswith(CLIMBS)]
    if all_nan:
        lines.insert(0, "your function returns nan or inf at every point check tried, so the "
                        "first update already turns the weights into nan: nothing in the loss "
                        "rises or falls; fix the nan first")
    elif overshoots:
        steps = min(c.steps, 1000)
        c.stable_lr = largest_stable_lr(p0, data, lr, steps, c.loss_name, form) \
            if c.loss_name in NAMED else None
        lines.insert(0, f"your {form.what} is right; at lr {lr:g} the steps overshoot" + (
            f": the largest lr whose run of {steps} steps never rises is {c.stable_lr:.3g} "
            f"(measured on the true gradient from the same start)" if c.stable_lr else ""))
    whole = [x for x in result.causes if x.factor is not None and x.factor > 0
             and x.kind in ("factor", "summed_loss") and set(x.params) == set(form.names)]
    if whole:
        k = whole[0].factor
        lines.insert(1, f"a gradient {fmt(k)} times the true one is the true gradient with lr "
                        f"{fmt(k * lr)} instead of {lr:g}")
    return lines


def _true_text(form, result, c, end, reuse):
    """The true run's line (or why none), why the runs part, a stall at ln 2. end: (params, X)."""
    true_p, X = end
    t, lr, name = c.true_losses, c.lr, c.loss_name
    if name == "own_cost":
        c.true_trend = c.true_learned_xor = None
        lines = ["no run with the true gradient: your cost is none of the losses check "
                 "differentiates in closed form"]
    elif reuse:
        lines = [f"with the true gradient of the {NAMED[name][2]}: the same run (your "
                 f"{form.what} is right, so check does not run its {c.steps} steps twice)"]
    else:
        lines = [f"with the true gradient of the {NAMED[name][2]}, the same start and lr: "
                 f"{c.true_trend}: {_milestones(t, None)}; learns XOR: "
                 f"{YES_NO[c.true_learned_xor]}"]
    part = None
    if result.ok and not reuse and name != "own_cost" and not form.random:  # random: not rounding
        part = next((k for k, (a, b) in enumerate(zip(c.losses, t)) if a is not None and
                     math.isfinite(a) and abs(a - b) > 1e-6 * max(1.0, abs(b))), None)
    if part is not None:
        lines.append(f"the two runs above {_why_apart(form, result, c, part)}")
    if c.true_learned_xor is False and name == "bce_mean" and abs(t[-1] - LN2) < 1e-2 and \
            not form.assumed:     # a net check took, not the learner's: no word on its fix
        a2 = forward(true_p, X, form.net)[3]   # measured: is every output near 0.5?
        lead = "your gradient is right, yet " if result.ok else "" if any(   # a step's state
            x.kind in ("state", "lr_ignored") for x in result.causes) else \
            "so fixing the gradient is not enough: "                        # or own lr: no fix
        lines.append(f"{lead}from this start with lr {lr:g} the true run ends at loss "
                     f"{t[-1]:.4f} (ln 2 = {LN2:.4f}), its outputs {np.min(a2):.3f} to "
                     f"{np.max(a2):.3f}")
    return lines


def _why_apart(form, result, c, part) -> str:
    """Why a right update's run parts from the true run: other maths, else chaos at a large lr."""
    lr, at = c.lr, f"part at step {part}: "
    if form.momentum is not None:
        return (f"{at}your step adds the true gradient each call, but with momentum (beta "
                f"{form.momentum:.4g}) it moves by the gradients of earlier calls too, so its run "
                f"is not plain gradient descent's, and neither is wrong")
    if form.schedule is not None:
        return (f"{at}each call of your step moves along the true gradient, but its state changes "
                f"the size of its move from call to call (a learning-rate schedule, say), so its "
                f"run is not plain gradient descent's at lr {lr:g}{_decay_words(result, c)}")
    if result.bend is not None:
        return (f"{at}your step's first-order part is the true gradient, but it updates more than "
                f"once a call, so at lr {lr:g} its run is not the true gradient's run, and "
                f"neither is wrong")
    if result.factor not in (None, 1.0):
        return (f"{at}your {form.what} is {fmt(result.factor)} times the true gradient, so your "
                f"run is the true loss's at lr {fmt(lr * result.factor)}, not at lr {lr:g}")
    return (f"follow the same gradient from the same start, yet they {at}at lr {lr:g} training "
            f"is chaotic, rounding differences grow until they show, and neither curve is more "
            f"right")   # the same maths from the same start: only rounding differs


def _decay_words(result, c):
    """', and neither is wrong', or where each call's move is r times the one before (r < 1)
    what that allows in all, and the two runs' ends where only the true one learns."""
    sizes = getattr(result.calls, "measured", {}).get("sizes") or []
    r = sizes[1] if len(sizes) > 2 and sizes[1] > 0 else None
    if r is None or r >= 1 or any(abs(b - r * a) > 1e-6 * a for a, b in zip(sizes, sizes[1:])):
        return ", and neither is wrong"
    out = (f": the factor its state puts on each call's move shrinks by {r:.4g} a call, to "
           f"{r ** c.steps:.2g} after {c.steps} calls, and the factors of all its calls sum to at "
           f"most {1 / (1 - r):.4g}: no more than {1 / (1 - r):.4g} steps at lr {c.lr:g} in all")
    if c.learned_xor is False and c.true_learned_xor:
        out += f"; here your run ends at {c.losses[-1]:.4g} while plain gradient descent learns XOR"
    return out


def _climbs_later(losses, nan_step):
    """The line for a run that rises though its first update lowers the loss: from where."""
    low, at = min((v, i) for i, v in enumerate(losses) if v is not None and math.isfinite(v))
    end = (": this is why your cost ends higher" if nan_step is None else
           f", until it turns nan at step {nan_step}")
    return (f"your first update lowers the loss, but from step {at} on (loss {low:.4g}, its "
            f"lowest) your updates climb it{end}")


def _loss_curve(child, form, result, data, cost_child):
    """(the curves' loss, its function of [params]): the named loss, or the learner's own cost."""
    X, Y = data
    name = result.target.base
    if name is not None:
        return name, lambda ps: [loss_of_outputs(name, *_raw_outputs(form, p, X, Y))
                                 if isinstance(p, Raw) else loss_value(name, p, X, Y, form.net)
                                 for p in ps]

    def curve(ps):
        args = [(list(p.values()) if isinstance(p, Raw) else to_learner(form, p)) +
                data_to_learner(form, X, Y) for p in ps]
        if cost_child is not None:
            return cost_child.ask(("cost", args, True), "the cost along the run")
        return child.ask(("cost", args), "COST along the run")
    return "own_cost", curve


def _measured_run(child, form, mode, setup, curve) -> SimpleNamespace:
    """The learner's run with one way of applying its update ("step", "subtract" or "add"): its
    losses after k updates (nan: not finite; None: not sent back), why it stopped early, its last
    finite parameters, whether it went nan, and where NumPy reshaped a parameter (followed)."""
    p0, X, Y, lr, steps, start_loss = setup
    history, stop, done, per_call, reshaped = learner_run(child, form, setup, mode)
    kept = sorted(history)
    fin = [s for s in kept if _finite(history[s])]
    losses = [math.nan if s in history else None for s in range(max(kept, default=0) + 1)]
    losses[0] = start_loss
    with np.errstate(all="ignore"):    # a run that overflows: its losses are inf, said as such
        for s, v in zip(fin, curve([history[s] for s in fin])):
            losses[s] = float(v)
    last = history[fin[-1]] if fin else p0
    if len(fin) == len(kept) and stop is None and done == steps:   # not judged: no net known
        learned = None if form.assumed else _learned(last, X, Y, form)
    else:                # a nan or a crash: no; not judged where no one output per sample
        learned = None if stop is not None and stop[0] == "shape" else False
    trend, nan_step = _trend(losses, start_loss)
    return SimpleNamespace(mode=mode, losses=losses, stop=stop, learned=learned, last=last,
                           went_nan=len(fin) < len(kept), trend=trend, nan_step=nan_step,
                           per_call=per_call, reshaped=reshaped, one=losses[1] if len(losses) > 1
                           else None)


def _by_a_hair(form, run, X, Y) -> str:
    """', by a hair: ...' where a run said to learn ends with every output within HAIR of 0.5."""
    if not run.learned or isinstance(run.last, Raw):
        return ""
    a2 = np.ravel(forward(run.last, X, form.net)[3])
    return (f" (by a hair: every output ends within {HAIR:g} of 0.5, {np.round(a2, 4).tolist()})"
            if form.net.out == "sigmoid" and np.all(np.abs(a2 - 0.5) < HAIR) else "")


def _turned(form, step, bad) -> str:
    """The first parameter NumPy broadcasting reshaped at `step`, in words."""
    k, shape = bad[0]
    return (f"at step {step} the update turns {k} into shape {shape} (NumPy broadcasting), "
            f"expected {form.shape(k)}")


def _run_lines(child, form, run, data, alternative=False):
    """The lines saying what one run did. data: (X, Y)."""
    (X, Y), losses, stop, nan_step = data, run.losses, run.stop, run.nan_step
    who = "training" if alternative else f"training with {HOW[run.mode]}"
    lead = "" if alternative else f"{who}: "
    if stop is not None and stop[0] == "shape":
        out = [f"{lead}{_turned(form, *stop[1:])}; its net no longer gives one output per sample, "
               f"so check stops there (learns XOR: not judged): {_milestones(losses, None)}"]
    elif stop is not None:
        out = [f"{lead}your code {stop[2]} at training step {stop[1]}; up to there: "
               f"{_milestones(losses, None)}"]
    elif run.trend == "nan":
        out = [f"{who} ends in nan: {_milestones(losses, nan_step)}, nan from step {nan_step}"
               f"{_why_nan(child, form, run, X, Y)}; learns XOR: no"]
    else:
        out = [f"{who} {run.trend}: {_milestones(losses, None)}{_rise_after_low(losses)}; "
               f"learns XOR: {YES_NO[run.learned]}{_by_a_hair(form, run, X, Y)}"]
    if run.reshaped is not None and stop is None:
        out.insert(0, f"{_turned(form, *run.reshaped)}: from there the net is another one, and "
                      f"check follows what NumPy computes with it, as your loop does")
    if alternative:
        return [f"if your loop {'adds' if run.mode == 'add' else 'subtracts'} it instead: {out[0]}",
                *out[1:]]
    if stop is not None or form.assumed:   # a climb is told of a known net's whole run
        return out
    last = [v for v in losses if v is not None and math.isfinite(v)][-1]
    rising = run.trend == "rises" or (run.trend == "nan" and last > losses[0])   # rose, then nan
    climbs = run.one is not None and math.isfinite(run.one) and run.one > losses[0]
    if climbs or rising:
        out.insert(0, "your update climbs the loss: this is why your cost keeps rising" if climbs
                   and rising else f"your first update climbs the loss; the run is back below "
                   f"its start before it turns nan at step {nan_step}" if climbs and
                   nan_step is not None else
                   "your first update climbs the loss, yet the run does not end above its start"
                   if climbs else _climbs_later(losses, nan_step))
    return out


def _why_nan(child, form, run, X, Y) -> str:
    """'; your function returned nan or inf at step ...' and why, where its run went nan."""
    if not run.went_nan or form.kind != "grad" or isinstance(run.last, Raw):
        return ""
    from .probe import probe_grad
    try:
        g = probe_grad(child, form, (run.last, X, Y), "the last finite step")
    except CheckInputError:
        return ""
    if _finite(g):
        return ""
    with np.errstate(all="ignore"):
        z1, _, z2, a2 = forward(run.last, X, form.net)
    big = max(float(np.abs(v).max()) for v in run.last.values())
    rounded = form.net.out == "sigmoid" and not form.assumed and big < 1e30 and \
        bool(np.any((a2 == 0.0) | (a2 == 1.0)))
    zs = [(n, float(z.max())) for n, z, sig in (("z1", z1, form.act == "sigmoid"),
                                               ("z2", z2, form.net.out == "sigmoid")) if sig]
    name, top = max(zs, key=lambda e: e[1]) if zs and not form.assumed else (None, 0.0)
    exp = (f"{name} reached {top:.4g} there, past {EXP_MAX:.4g}, where np.exp(z) overflows to "
           f"inf: a sigmoid written np.exp(z) / (1 + np.exp(z)) gives inf / inf = nan there (1 / "
           f"(1 + np.exp(-z)) does not)") if big < 1e30 and top > EXP_MAX else None
    div = ("an output had rounded to exactly 0 or 1, where a division by a2 or 1 - a2 overflows "
           "(dz2 = (a2 - Y) / m never divides)") if rounded else None
    return (f"; your function returned nan or inf at step {run.nan_step - 1}" + (
        f": either {div}, or {exp}" if exp and div else f": {exp or div}" if exp or div else
        f": your weights had grown to {big:.1e}, where z1 or z2 overflows" if big >= 1e30 else ""))
