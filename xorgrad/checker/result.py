"""What `check` found, as data (`to_dict`) and as the text the command prints (`report`)."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field

from .probe import GOOD_REL, STEP_PROBE, STEP_REL, WRONG_REL


@dataclass
class ParamResult:
    name: str
    expected_shape: tuple
    shape: tuple                  # what the function returned
    ok: bool
    verdict: str                  # "ok", "suspicious", "WRONG"
    max_abs_error: float | None   # worst over the points (None: wrong shape)
    rel_error: float | None       # worst max|g - ref| / max|ref| over the points
    cosine: float | None          # lowest cosine with the reference over the points
    cosine_range: tuple | None
    scale: float | None           # median best-fit scale <g, ref> / <ref, ref>
    scale_range: tuple | None
    worst_point: str | None
    nonfinite_points: list = field(default_factory=list)


@dataclass
class Cause:
    kind: str        # sign_flip_all, sign_flip_y0, sign_flip_y1, factor, summed_loss, ...
    params: list
    text: str
    factor: float | None = None   # for kind factor / summed_loss: the constant


@dataclass
class Consequence:
    seed: int
    init_scale: float
    lr: float
    steps: int
    loss_start: float
    loss_one_step: float | None            # after one update with the learner's gradient
    loss_one_step_true: float              # after one update with the true gradient
    trend: str | None      # "goes down", "stalls", "rises", "alternates", "nan"; None: skipped
    losses: list | None                    # with the learner's gradient, loss after k updates
    nan_step: int | None
    true_trend: str
    true_losses: list
    learned_xor: bool | None
    true_learned_xor: bool
    skipped: str | None = None
    text: list = field(default_factory=list)
    update: str | None = None              # "step", "subtract" or "add": the run above
    update_stated: bool = True             # False: the convention was not given; both were run
    loss_name: str | None = None           # the loss the curves are measured in
    start_from: str | None = None
    alternative: dict | None = None        # the other convention's run, when it is not known
    stop: tuple | None = None              # why the learner's run stopped early
    stable_lr: float | None = None         # a right gradient that overshoots: the largest stable lr
    per_call: float | None = None          # seconds per call of the learner's code in its run


@dataclass
class CheckResult:
    """What `check` found. `ok` is True when every parameter's gradient matches everywhere."""

    function: str
    ok: bool
    params: dict
    points: list
    causes: list
    consequence: Consequence | None
    hints: list
    notes: list
    start: dict | None = None     # at the learner's start, all parameters together
    loss: str | None = None       # the one loss every parameter follows (None: no one loss)
    sign: int | None = None       # +1 the gradient of that loss, -1 minus it
    factor: float | None = None   # times that loss's gradient
    per_param: dict = field(default_factory=dict)
    form: object = None           # layout.Form: layout, biases, kind, hidden
    target: "Target | None" = None   # losses.Target: what it was judged against
    learner_output: str = ""      # what the learner's code printed (shortened)
    order2: list = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    fits: dict = field(default_factory=dict)
    update: str | None = None
    shape_bad: list = field(default_factory=list)
    noise: float | None = None    # one random sample per update: a draw's spread around the mean
    stages: object = None         # stages.Reading: the learner's backward pass, stage by stage
    calls: object = None          # stages.Stage: two calls at one point (read before the verdict)
    tolerances: list = field(default_factory=list)   # (rtol, atol) at each point, as applied
    labels: str | None = None     # the file's own labels where they are not XOR's: 'OR', ...
    why: dict | None = None       # xorgrad.why.explain (its facts, and "text": the lines printed)

    def wrong(self) -> list[str]:
        return [k for k, r in self.params.items() if not r.ok]

    def to_dict(self) -> dict:
        """Plain data for JSON (non-finite numbers become None)."""
        def num(x):
            return None if x is None or not math.isfinite(x) else float(x)

        def rng(t):
            return None if t is None else [num(t[0]), num(t[1])]
        c = self.consequence
        f = self.form
        return {
            "ok": self.ok,
            "function": self.function,
            "loss": self.loss,
            "sign": self.sign,
            "factor": num(self.factor),
            "judged_against": None if self.target is None else self.target.name,
            "form": None if f is None else {"kind": f.kind, "layout": f.layout,
                                            "biases": f.biases, "hidden": f.hidden,
                                            "activation": f.act, "output": f.net.out,
                                            "packing": f.packing.name if f.packing else None,
                                            "random": f.random, "seeded": f.seeded},
            "noise": num(self.noise),
            "points": list(self.points),
            "params": {k: {"ok": r.ok, "verdict": r.verdict, "shape": list(r.shape),
                           "expected_shape": list(r.expected_shape),
                           "loss": self.per_param.get(k, {}).get("loss"),
                           "sign": self.per_param.get(k, {}).get("sign"),
                           "factor": num(self.per_param.get(k, {}).get("factor")),
                           "recognised_as": self.per_param.get(k, {}).get("kind"),
                           "lr_applied_twice": self.per_param.get(k, {}).get("lr_applied_twice"),
                           "max_abs_error": num(r.max_abs_error), "rel_error": num(r.rel_error),
                           "cosine": num(r.cosine), "cosine_range": rng(r.cosine_range),
                           "scale": num(r.scale), "scale_range": rng(r.scale_range),
                           "worst_point": r.worst_point, "nonfinite_points": r.nonfinite_points}
                       for k, r in self.params.items()},
            "causes": [{"kind": x.kind, "params": x.params, "text": x.text} for x in self.causes],
            "hints": list(self.hints),
            "consequence": None if c is None else {
                "seed": c.seed, "init_scale": c.init_scale, "lr": c.lr, "steps": c.steps,
                "start": c.start_from, "update": c.update, "update_stated": c.update_stated,
                "loss": c.loss_name, "learns_xor": c.learned_xor,
                "final_loss": num(c.losses[-1]) if c.losses else None,
                "loss_start": num(c.loss_start), "loss_one_step": num(c.loss_one_step),
                "loss_one_step_true": num(c.loss_one_step_true), "trend": c.trend,
                "nan_step": c.nan_step, "stable_lr": c.stable_lr, "seconds_per_call": c.per_call, "alternative": None if c.alternative is None else {
                    k: (num(v) if isinstance(v, float) else v) for k, v in c.alternative.items()},
                "true_trend": c.true_trend,
                "true_final_loss": num(c.true_losses[-1]) if c.true_trend else None,
                "true_learns_xor": c.true_learned_xor, "text": list(c.text)},
            "notes": list(self.notes),
            "labels": self.labels or "XOR",
            "stages": [{"stage": st.name, "ok": st.ok, "text": st.text}
                       for st in (self.stages.stages if self.stages else ())],
            "why": self.why,   # its facts and "text", the lines the report prints
            "start": self.start,
            "learner_output": self.learner_output,
        }

    def table(self) -> str:
        def rng(t, fmt):
            if t is None:
                return "-"
            lo, hi = t
            return fmt(lo) if abs(hi - lo) <= 1e-3 * max(1.0, abs(lo)) else f"{fmt(lo)} .. {fmt(hi)}"
        lines = [f"  {'param':<6} {'shape':<16} {'max abs err':>11} {'rel err':>8}  "
                 f"{'cosine':<16} {'scale':<18} verdict"]
        for k, r in self.params.items():
            shape = str(r.expected_shape) if r.shape == r.expected_shape else \
                f"{r.shape} not {r.expected_shape}"
            mx = "-" if r.max_abs_error is None else f"{r.max_abs_error:.1e}"
            rel = "-" if r.rel_error is None else f"{r.rel_error:.1e}"
            lines.append(f"  {k:<6} {shape:<16} {mx:>11} {rel:>8}  "
                         f"{rng(r.cosine_range, lambda v: f'{v:+.3f}'):<16} "
                         f"{rng(r.scale_range, lambda v: f'{v:.4g}'):<18} {r.verdict}")
        return "\n".join(lines)

    def bands(self) -> str:
        """The verdict bands as the rows apply them: ok where max abs err <= rtol max|ref| + atol
        at every point (agreement.param_error), so rel err <= rtol + atol / max|ref|."""
        tols = self.tolerances or [(GOOD_REL if self.form is None or self.form.kind == "grad"
                                    else STEP_REL, 0.0)]
        rtols = sorted({t[0] for t in tols})
        rtol = f"{rtols[0]:.0e}" if len(rtols) == 1 else f"{rtols[0]:.0e} to {rtols[-1]:.0e}"
        lo, hi = min(t[1] for t in tols), max(t[1] for t in tols)
        atol = f"{lo:.1e}" if hi <= lo * 1.05 else f"{lo:.1e} to {hi:.1e}"
        how = "verdict bands (CS231n)" if self.form is None or self.form.kind == "grad" else \
            f"a step is measured from what it changes, at lr {STEP_PROBE:g} to {4 * STEP_PROBE:g}"
        return (f"{how}: ok when rel err <= {rtol} + atol / max|ref| at every point (atol {atol} "
                f"at these points: rounding, which decides only where max|ref| is tiny); "
                f"suspicious up to {WRONG_REL:.0e}, wrong above")

    def report(self) -> str:
        n = len(self.points)
        f = self.form
        target = self.target.why if self.target else "mean binary cross-entropy"
        head = f"check {self.function}"
        if f is not None:
            head += f": {f.describe()}"
        bands = self.bands()
        net = "" if f is None else f" of the net {f.net.words(f.hidden)}"
        out = [head,
               f"judged against: {target}{net}; reference: float64 backprop, confirmed by central "
               f"differences, at {n} points:",
               textwrap.fill("; ".join(self.points), 100, initial_indent="  ",
                             subsequent_indent="  "),
               bands, "", self.table(), ""]
        if self.start and not self.ok:
            s = self.start
            out += [f"at {s['point']}, all parameters together: cosine {s['cosine']:+.3f} with "
                    f"the reference, {s['length_ratio']:.4g} times its length", ""]
        if self.ok:
            from .losses import NAMED
            what = "step follows" if f is not None and f.kind == "step" else "gradient is"
            if self.loss == "own_cost":
                which = NAMED[self.target.name][2] if self.target.name in NAMED else \
                    "differentiated by central differences"
                out.append(f"correct: your {what} the gradient of your own cost "
                           f"({which}) for every parameter, at every point.")
            elif self.loss in NAMED:
                out.append(f"correct for the {NAMED[self.loss][2]}: your {what} "
                           f"{'' if self.factor == 1 else f'{self.factor:.6g} times '}its gradient, "
                           f"for every parameter, at every point.")
            else:
                out.append("every gradient matches at every point.")
        else:
            out.append("what is wrong:")
            out += [f"  - {c.text}" for c in self.causes]
        out += [f"  note: {t}" for t in self.notes]
        if self.stages is not None and self.stages.stages:
            out += ["", "your backward pass, read stage by stage (data of one sample at each "
                        "point; the first stage that differs ends the reading):"]
            out += [f"  {st.name:<7} {'agrees' if st.ok else 'DIFFERS'}: {st.text}"
                    for st in self.stages.stages]
        c = self.consequence
        if c is not None:
            from .losses import NAMED
            out += ["", f"what it does (your start: {c.start_from}; lr {c.lr:g}, {c.steps} steps; "
                        f"loss = {NAMED[c.loss_name][2] + ', computed stably' if c.loss_name in NAMED else 'your own cost'}):"]
            out += [f"  {t}" for t in c.text]
        if self.why is not None:
            text = self.why["text"]
            out += ([""] + text) if text else []
        if self.learner_output:
            out += ["", "your code printed (shown apart; it does not change the check):"]
            out += [f"  | {line}" for line in self.learner_output.splitlines()]
        return "\n".join(out)

    __str__ = report

    def __repr__(self) -> str:          # short: a notebook cell's plain view (display.py)
        from .display import short
        return short(self)

    def _repr_html_(self) -> str:       # the verdict table, causes, training, loss curves
        from .display import html_view
        return html_view(self)
