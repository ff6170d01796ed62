"""What `check` found, as data (`to_dict`) and as the text the command prints (`report`)."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field

from .display import COLUMNS, html_view, short
from .losses import NAMED
from .probe import GOOD_REL, STEP_PROBE, STEP_REL, WRONG_REL


def _num(x):
    return None if x is None or not math.isfinite(x) else float(x)


def _range(t):
    return None if t is None else [_num(t[0]), _num(t[1])]


def _span(t, fmt):
    """A (low, high) range in words: one number where its ends agree to 1e-3, '-' for none."""
    if t is None:
        return "-"
    lo, hi = t
    return fmt(lo) if abs(hi - lo) <= 1e-3 * max(1.0, abs(lo)) else f"{fmt(lo)} .. {fmt(hi)}"


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

    def cells(self) -> tuple:
        """Its row of the verdict table (report and HTML), but for its name and verdict."""
        shape = str(self.expected_shape) if self.shape == self.expected_shape else \
            f"{self.shape} not {self.expected_shape}"
        return (shape, "-" if self.max_abs_error is None else f"{self.max_abs_error:.1e}",
                "-" if self.rel_error is None else f"{self.rel_error:.1e}",
                _span(self.cosine_range, lambda v: f"{v:+.3f}"),
                _span(self.scale_range, lambda v: f"{v:.4g}"))

    def to_dict(self, found) -> dict:
        """Plain data; found: what the verdict says this parameter follows (per_param)."""
        return {"ok": self.ok, "verdict": self.verdict, "shape": list(self.shape),
                "expected_shape": list(self.expected_shape), "loss": found.get("loss"),
                "sign": found.get("sign"), "factor": _num(found.get("factor")), "recognised_as":
                found.get("kind"), "lr_applied_twice": found.get("lr_applied_twice"),
                "max_abs_error": _num(self.max_abs_error), "rel_error": _num(self.rel_error),
                "cosine": _num(self.cosine), "cosine_range": _range(self.cosine_range),
                "scale": _num(self.scale), "scale_range": _range(self.scale_range),
                "worst_point": self.worst_point, "nonfinite_points": self.nonfinite_points}


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
    loss_one_step: float | None = None         # after one update with the learner's gradient
    loss_one_step_true: float | None = None    # after one update with the true gradient
    trend: str | None = None   # "goes down", "stalls", "rises", "alternates", "nan", "no steps"
    losses: list | None = None                 # with the learner's gradient, loss after k updates
    nan_step: int | None = None
    true_trend: str | None = None
    true_losses: list | None = None
    learned_xor: bool | None = None
    true_learned_xor: bool | None = None
    text: list = field(default_factory=list)
    update: str | None = None              # "step", "subtract" or "add": the run above
    update_stated: bool = True             # False: the convention was not given; both were run
    loss_name: str | None = None           # the loss the curves are measured in
    start_from: str | None = None
    alternative: dict | None = None        # the other convention's run, when it is not known
    stop: tuple | None = None              # why the learner's run stopped early
    stable_lr: float | None = None         # a right gradient that overshoots: the largest stable lr
    per_call: float | None = None          # seconds per call of the learner's code in its run

    def to_dict(self) -> dict:
        """Plain data for JSON (non-finite numbers become None)."""
        return {
            "seed": self.seed, "init_scale": self.init_scale, "lr": self.lr, "steps": self.steps,
            "start": self.start_from, "update": self.update, "update_stated": self.update_stated,
            "loss": self.loss_name, "learns_xor": self.learned_xor,
            "final_loss": _num(self.losses[-1]) if self.losses else None,
            "loss_start": _num(self.loss_start), "loss_one_step": _num(self.loss_one_step),
            "loss_one_step_true": _num(self.loss_one_step_true), "trend": self.trend,
            "nan_step": self.nan_step, "stable_lr": self.stable_lr,
            "seconds_per_call": self.per_call, "alternative": self.alternative and {
                **self.alternative, "final_loss": _num(self.alternative["final_loss"])},
            "true_trend": self.true_trend,
            "true_final_loss": _num(self.true_losses[-1]) if self.true_trend else None,
            "true_learns_xor": self.true_learned_xor, "text": list(self.text)}


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
    target: object = None         # losses.Target: what it was judged against
    learner_output: str = ""      # what the learner's code printed (shortened)
    settings: dict = field(default_factory=dict)
    noise: float | None = None    # one random sample per update: a draw's spread around the mean
    batch: tuple | None = None    # a random mini-batch per update: (b of the m, with replacement)
    stages: object = None         # stages.Reading: the learner's backward pass, stage by stage
    calls: object = None          # stages.Stage: two calls at one point (read before the verdict)
    tolerances: list = field(default_factory=list)   # (rtol, atol) at each point, as applied
    labels: str | None = None     # the file's own labels where they are not XOR's: 'OR', ...
    why: dict | None = None       # xorgrad.why.explain (its facts, and "text": the lines printed)
    bend: float | None = None     # a step not linear in lr: |its lr^2 part| / |its first| at lr

    def wrong(self) -> list[str]:
        return [k for k, r in self.params.items() if not r.ok]

    def to_dict(self) -> dict:
        """Plain data for JSON (non-finite numbers become None)."""
        f, c = self.form, self.consequence
        return {
            "ok": self.ok, "function": self.function, "loss": self.loss, "sign": self.sign,
            "factor": _num(self.factor), "judged_against": self.target and self.target.name,
            "form": None if f is None else {
                "kind": f.kind, "layout": f.layout, "biases": f.biases, "hidden": f.hidden,
                "activation": f.act, "output": f.net.out, "packing": f.packing and f.packing.name,
                "random": f.random, "seeded": f.seeded},
            "noise": _num(self.noise), "batch": None if self.batch is None else {
                "size": self.batch[0], "replacement": self.batch[1]},
            "points": list(self.points),
            "params": {k: r.to_dict(self.per_param.get(k, {})) for k, r in self.params.items()},
            "causes": [{"kind": x.kind, "params": x.params, "text": x.text} for x in self.causes],
            "hints": list(self.hints), "consequence": None if c is None else c.to_dict(),
            "notes": list(self.notes), "labels": self.labels or "XOR",
            "stages": [{"stage": st.name, "ok": st.ok, "text": st.text}
                       for st in (self.stages.stages if self.stages else ())],
            "why": self.why,   # its facts and "text", the lines the report prints
            "start": self.start, "bend": _num(self.bend), "learner_output": self.learner_output}

    def table(self) -> str:
        rows = [COLUMNS] + [(k, *r.cells(), r.verdict) for k, r in self.params.items()]
        return "\n".join(f"  {k:<6} {shape:<16} {mx:>11} {rel:>8}  {cos:<16} {scale:<18} {word}"
                         for k, shape, mx, rel, cos, scale, word in rows)

    def bands(self) -> str:
        """The verdict bands as the rows apply them: ok where max abs err <= rtol max|ref| + atol
        at every point (agreement.param_error), so rel err <= rtol + atol / max|ref|."""
        f = self.form
        grad = f is None or f.kind == "grad"
        rtols, atols = zip(*(self.tolerances or [(GOOD_REL if grad else STEP_REL, 0.0)]))
        lo, hi = min(rtols), max(rtols)
        rtol = f"{lo:.0e}" if lo == hi else f"{lo:.0e} to {hi:.0e}"
        lo, hi = min(atols), max(atols)
        atol = f"{lo:.1e}" if hi <= lo * 1.05 else f"{lo:.1e} to {hi:.1e}"
        if grad:
            how = "verdict bands (CS231n)"
        else:
            at = (f"two calls at lr {STEP_PROBE:g} at each point (its momentum: g = (m2 - beta m1) "
                  f"/ lr)" if f.momentum is not None else f"lr {STEP_PROBE:g}, each call's size "
                  f"read from calls at your start around it (its state rescales every call)"
                  if f.schedule is not None else f"lr {STEP_PROBE:g} to {4 * STEP_PROBE:g}")
            how = f"a step is measured from what it changes, at {at}"
        why = "rounding, and the error of your cost's central differences, the reference here" \
            if self._own_cost() else "rounding"
        return (f"{how}: ok when rel err <= {rtol} + atol / max|ref| at every point (atol {atol} "
                f"at these points: {why}, which decides only where max|ref| is tiny); "
                f"suspicious up to {WRONG_REL:.0e}, wrong above")

    def report(self) -> str:
        head, body = self.parts()
        tail = ["", *self.why["text"]] if self.why is not None and self.why["text"] else []
        if self.learner_output:
            tail += ["", "your code printed (shown apart; it does not change the check):"]
            tail += [f"  | {line}" for line in self.learner_output.splitlines()]
        return "\n".join(head + ["", self.table(), ""] + body + tail)

    def parts(self) -> tuple[list, list]:
        """The report's lines before its table, and after it up to the why section."""
        f, c = self.form, self.consequence
        target = self.target.why if self.target else "mean binary cross-entropy"
        net = "" if f is None else f" of the net {f.net.words(f.hidden)}"
        ref = "central differences of your cost" if self._own_cost() else \
            "float64 backprop, confirmed by central differences"
        head = [f"check {self.function}" + ("" if f is None else f": {f.describe()}"),
                f"judged against: {target}{net}; reference: {ref}, at {len(self.points)} points:",
                textwrap.fill("; ".join(self.points), 100, initial_indent="  ",
                              subsequent_indent="  "), self.bands()]
        out = []
        if self.start and not self.ok:
            s, rest = self.start, [k for k in self.params if k not in self.start["params"]]
            which = "all parameters" if not rest else f"{', '.join(s['params'])} (not " \
                f"{', '.join(rest)}: {'its' if len(rest) == 1 else 'their'} shape differs)"
            out += [f"at {s['point']}, {which} together: cosine {s['cosine']:+.3f} with the "
                    f"reference, {s['length_ratio']:.4g} times its length", ""]
        out += self._found() + [f"  note: {t}" for t in self.notes]
        if self.stages is not None and self.stages.stages:
            out += ["", "your backward pass, read stage by stage (data of one sample at each "
                        "point; the first stage that differs ends the reading):"]
            out += [f"  {st.name:<7} {_status(st)}: {st.text}" for st in self.stages.stages]
        if c is not None:
            loss = f"{NAMED[c.loss_name][2]}, computed stably" if c.loss_name in NAMED else \
                "your own cost"
            out += ["", f"what it does (your start: {c.start_from}; lr {c.lr:g}, {c.steps} steps; "
                        f"loss = {loss}):"] + [f"  {t}" for t in c.text]
        return head, out

    def _own_cost(self) -> bool:
        """Judged against central differences of the learner's own cost (no named loss)."""
        return self.target is not None and self.target.family == "own"

    def _found(self) -> list:
        """'correct' (for which loss, times what), or 'what is wrong:' and the causes."""
        if not self.ok:
            return ["what is wrong:"] + [f"  - {c.text}" for c in self.causes]
        what = "step follows" if self.form is not None and self.form.what == "step" else \
            "gradient is"
        if self.loss == "own_cost":
            which = NAMED[self.target.name][2] if self.target.name in NAMED else \
                "differentiated by central differences"
            return [f"correct: your {what} the gradient of your own cost ({which}) for every "
                    f"parameter, at every point."]
        if self.loss in NAMED:
            return [f"correct for the {NAMED[self.loss][2]}: your {what} "
                    f"{'' if self.factor == 1 else f'{self.factor:.6g} times '}its gradient, "
                    f"for every parameter, at every point."]
        return ["every gradient matches at every point."]

    __str__ = report

    def __repr__(self) -> str:          # short: a notebook cell's plain view (display.py)
        return short(self)

    def _repr_html_(self) -> str:       # the verdict table, causes, training, loss curves
        return html_view(self)


def _status(stage) -> str:
    """A stage's word in the report: agrees, DIFFERS, or not read (the reading stopped there)."""
    return "DIFFERS" if not stage.ok else "not read" if stage.measured.get("unread") else "agrees"
