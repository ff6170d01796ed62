"""The section "why it does not learn" in words: every sentence from a number in the result
(why.explain), nothing from a fixed default."""

from __future__ import annotations

from ..contract import LN2
from .fate import NEG_REL, TINY_GRAD

TITLES = {
    "learns_late": "it learns XOR, but late",
    "lr_too_large": "the learning rate is too large",
    "too_few_units": "too few hidden units",
    "symmetric": "identical hidden units (a symmetric start)",
    "dead_relu": "dead ReLU units",
    "saturated": "saturated hidden units",
    "saddle": "a plateau near a saddle",
    "too_few_steps": "too few steps",
    "local_minimum": "a local minimum",
    "growing_weights": "no stationary point: the weights grow while the loss creeps towards a level",
    "slow": "still moving, without learning within 10x the steps",
    "not_run_on": "not named: the run was not continued",
}
SMALL_START = 0.05   # a start whose units' outputs and |w2| are within this of 0's: symmetric


def _outputs(f) -> str:
    pairs = [f"{a:.3f} (y={y:g})" for a, y in zip(f["outputs"], f["labels"])]
    wrong = [i for i, (a, y) in enumerate(zip(f["outputs"], f["labels"])) if (a > 0.5) != (y > 0.5)]
    inputs = ["(0,0)", "(0,1)", "(1,0)", "(1,1)"]
    gave_up = ", ".join(inputs[i] for i in wrong) if len(inputs) == len(f["outputs"]) else \
        ", ".join(f"sample {i}" for i in wrong)
    return (f"its outputs at the four inputs: {', '.join(pairs)}; wrong side of 0.5 on "
            f"{gave_up or 'none'}")


def _curvature(f) -> str:
    ev = f["eigenvalues"]
    if any(v is None for v in ev):
        return f"|grad| {f['grad_norm']:.2e}; the Hessian is not finite there (the weights overflow)"
    cut = NEG_REL * max(abs(ev[0]), abs(ev[-1]))
    return (f"|grad| {f['grad_norm']:.2e}; the Hessian's eigenvalues from {ev[0]:.2e} to "
            f"{ev[-1]:.2e} ({sum(v < -cut for v in ev)} below -{NEG_REL:g} x the largest)")


def _run_on(f) -> str:
    on = f.get("run_on")
    if not on:
        return ""
    if on["learned_at"] is not None:
        return f"run on, it learns XOR at step {on['learned_at']}"
    return (f"run on to step {on['steps']}, it still does not learn (loss {on['losses'][-1]:.4f}, "
            f"|w| {on['norms'][-1]:.3g})")


def _body(r) -> list:
    f, name, steps = r["facts"], r["fate"], r["steps"]
    units = ", ".join(f"unit {j} from step {s}" for j, s in sorted(f["units"].items()))
    if name == "learns_late":
        return [f"it first learns XOR at step {f['first_learned']} of {steps}"]
    if name == "lr_too_large":
        from ..contract import RISING
        what = "the loss turns nan/inf" if not f["finite"] else \
            f"the loss rises on {f['rising_share']:.0%} of the steps in the run's second half " \
            f"(it alternates: a printed curve at every other step would look like it goes down); " \
            f"loss {f['loss_start']:.4f} at the start, {f['loss_end']:.4f} at the end" \
            if f["rising_share"] >= RISING else \
            f"the loss ends above its start: {f['loss_start']:.4f} -> {f['loss_end']:.4f}"
        big = f.get("largest_training_lr")
        best = (f"the largest lr that learns XOR from your start in {steps} steps: {big:.3g} "
                f"(measured on a grid lr x 2^(-k/4))" if big else
                f"no lr down to {r['lr'] / 4096:.3g} learns XOR from your start in {steps} steps")
        return [what, best]
    if name == "too_few_units":
        return [f"{r['hidden']} hidden unit: the output is a monotone function of one weighted "
                f"sum of the inputs, which cannot separate XOR; loss {f['loss_end']:.4f} at step "
                f"{steps}", _outputs(f)]
    if name == "symmetric":
        return [f"your start gives all {r['hidden']} hidden units the same weights (the same w1 "
                f"row, b1 and w2 entry), so each gets the same gradient and they are still "
                f"identical at step {steps}: the net computes what one hidden unit can, and one "
                f"unit cannot separate XOR; loss {f['loss_end']:.4f} at step {steps}. Start the "
                f"units from different (random) values", _outputs(f)]
    if name == "dead_relu":
        return [f"inactive (z1 <= 0) on all four inputs, so no gradient reaches them again: {units}",
                _outputs(f)]
    if name == "saturated":
        return [f"out on the activation's tails (its derivative below 1% of its peak) on at least "
                f"three of the four inputs: {units}; |w| {f['norm_start']:.3g} at the start",
                _outputs(f), _run_on(f)]
    if name == "saddle":
        from ..curvature import escape_steps
        st = f["start"]
        esc = escape_steps(r["lr"], f["eigenvalues"][0])
        return [f"loss {f['loss_end']:.6f} at step {steps}" +
                (f" (ln 2 = {LN2:.6f}: every output 0.5)" if abs(f["loss_end"] - LN2) < 1e-3 and
                 r["loss"] == "bce_mean" else "") + f"; {_curvature(f)}",
                f"a saddle: along the lowest eigenvector gradient descent at lr {r['lr']:g} grows "
                f"an offset e-fold every {esc:.3g} steps",
                f"why a small start sits there: at the start every hidden unit's output is within "
                f"{st['a1_spread']:.2g} of its value at z1 = 0 on every input and |w2| <= "
                f"{st['w2_max']:.2g}: the units compute nearly the same thing, and the gradient "
                f"of each one's input weights is proportional to its small w2 (a symmetric start)"
                if st["a1_spread"] <= SMALL_START and st["w2_max"] <= SMALL_START else
                f"the start is not small (a hidden unit's output is up to {st['a1_spread']:.2g} "
                f"from its value at z1 = 0, |w2| up to {st['w2_max']:.2g}): the run came to the "
                f"saddle on its way", _run_on(f)]
    if name == "too_few_steps":
        return [f"still descending at step {steps}: the loss fell {f['last_tenth_drop']:.3g} over "
                f"the last tenth of the run, to {f['loss_end']:.4f}", _run_on(f)]
    if name == "local_minimum":
        on = f["run_on"]
        return [f"|grad| below {TINY_GRAD:g} and no negative eigenvalue at step {on['steps']}: "
                f"{_curvature(on['end_stationary'])}; the loss stays at {on['losses'][-1]:.4f}",
                _outputs(f)]
    on = f["run_on"]
    if name == "growing_weights":
        return [f"from step {steps} to {on['steps']} |w| grew from {f['norm_end']:.3g} to "
                f"{on['norms'][-1]:.3g} while the loss crept from {f['loss_end']:.4f} to "
                f"{on['losses'][-1]:.4f}; at step {on['steps']}: "
                f"{_curvature(on['end_stationary'])}: not a stationary point, the loss "
                f"approaches a level as the weights grow", _outputs(f)]
    return [f"loss {f['loss_end']:.4f} at step {steps}; {_curvature(f)}", _run_on(f), _outputs(f)]


def what_if_lines(w) -> list:
    """The what-if table as text."""
    if w is None:
        return ["how often: not measured (no way was given to draw other starts like this one)"]
    if w["same_start"]:
        return [f"how often: not measured: your INIT() gave the same start for each of the "
                f"{w['n']} seeds tried (it draws nothing at random, or seeds its own generator), "
                f"so there is no share of random starts to measure"]
    out = [f"how often: the share of {w['n']} starts ({w['drawn']}) that learn XOR, "
           f"+- its binomial standard error, [95% Wilson interval] ({w['dtype']}, trained at "
           f"once):"]
    for row in w["rows"]:
        lo, hi = row["wilson95"]
        out.append(f"  {row['change']:<34} h={row['hidden']} lr={row['lr']:<7.3g} "
                   f"steps={row['steps']:<7} {100 * row['share']:6.2f}% +-{100 * row['se']:.2f} "
                   f"[{100 * lo:.2f}, {100 * hi:.2f}]")
    return out


def lines(r) -> list:
    """The section: title, the fate's measured facts, the what-if table; [] for a run that
    learns in time (no invented problem)."""
    if r["fate"] == "learns":
        return []
    whose = "" if r.get("learners_run", True) else \
        ", with the true gradient (plain gradient descent from your start, not your update)"
    out = [f"why{whose}: {TITLES[r['fate']]} ({r['net']}, lr {r['lr']:g}, {r['steps']} steps)"]
    out += [f"  {t}" for t in _body(r) if t]
    out += what_if_lines(r["what_if"])
    return out
