"""`check`: is a hand-written gradient right, and if not, how is it wrong and what does it do?

    import impls
    result = impls.check("examples/question.py:gradients")    # or impls.check(my_function)
    result.ok, result.hints
    print(result.report())

The function under test is a learner's `FUNC(w1, b1, w2, b2, X, Y)`: the gradient of the mean
binary cross-entropy of the 2-2-1 net in the original question's layout (X (2, m) one column per
sample, Y (1, m)), returned as a dict (keys w1, b1, w2, b2) or a tuple (dw1, db1, dw2, db2).

It is compared, parameter by parameter, with the float64 NumPy backprop of impls/numpy_net.py
(itself confirmed against central finite differences at every point) at several points: the
learner's own start, the project's default start, random points of several scales and points
near saturation. A wrong parameter is then matched against known mistakes: a sign flipped for
all samples or only for those with y = 0 or y = 1, a constant factor, a transposed matrix, a wrong
shape, all zeros, or a derivative taken with respect to the wrong quantity. Last, it trains with
the learner's gradient at the learner's settings to show what the mistake does to the loss.

The function only ever receives copies; nothing it does can touch the reference arrays.
The library never prints: `report()` returns the text the `check` command prints.
"""

from __future__ import annotations

import contextlib
import importlib.util
import math
import os
import sys
import textwrap
import traceback
import warnings
from dataclasses import dataclass, field

import numpy as np

from . import numpy_net
from .compare import compare_grads, finite_difference_grads, param_error
from .contract import (DEFAULT_INIT_SCALE, DEFAULT_LR, DEFAULT_SEED, DEFAULT_STEPS, LN2,
                       PARAM_NAMES, ContractError, check_data, check_training, expected_shapes,
                       init_params, logit_scale, predictions, reference_loss)
from .tolerances import tolerance

# CS231n's bands for the relative error of a gradient: good at or under GOOD_REL (the table's
# float64 finite-difference rtol, the one number `ok` uses), wrong above WRONG_REL, suspicious
# in between (float32 arithmetic, or a division by a2 (1 - a2) near saturation, lands there).
GOOD_REL, ATOL = tolerance("finite_differences", "float64")  # atol per unit of logit scale
WRONG_REL = 1e-2

HIDDEN = 2
FIX = {  # the correct line for each gradient, in the question's names
    "w1": "dw1 = dz1 @ X.T", "b1": "db1 = np.sum(dz1, axis=1, keepdims=True)",
    "w2": "dw2 = dz2 @ a1.T", "b2": "db2 = np.sum(dz2, axis=1, keepdims=True)",
}


class CheckInputError(ContractError):
    """The function or file cannot be checked (missing, raises, returns the wrong things)."""


# ---- the reference (numpy_net), and backprop from any dL/dz2 ----------------------------------
def _backprop(p, X, a1, dz2, dz1_from=None, a1_for_w2=None):
    """Gradients given dL/dz2; backprop is linear in dz2, so any part of the loss can go in."""
    dw2 = dz2 @ (a1 if a1_for_w2 is None else a1_for_w2).T
    db2 = dz2.sum(axis=1, keepdims=True)
    da1 = p["w2"].T @ dz2
    dz1 = da1 * a1 * (1.0 - a1) if dz1_from is None else dz1_from(da1)
    return {"w1": dz1 @ X.T, "b1": dz1.sum(axis=1, keepdims=True), "w2": dw2, "b2": db2}


@dataclass
class Point:
    """One parameter point and everything the checker knows there."""

    name: str
    params: dict
    loss: float
    scale: float                  # contract.logit_scale: absolute tolerances are per unit of it
    ref: dict                     # the true gradient (NumPy backprop, confirmed by FD)
    ref_y1: dict                  # gradient of the part of the loss with y: -y log a2
    ref_y0: dict                  # gradient of the part with (1 - y): -(1 - y) log(1 - a2)
    mutants: dict                 # name -> gradient of a known wrong-quantity backprop
    inter: dict                   # intermediate arrays (z1, a1, z2, a2, dz2, da2, da1, dz1)


MUTANTS = {  # a known mistake -> (the parameters it changes, what it means)
    "da2_for_dz2": ("w1 b1 w2 b2", "dL/da2 is used where dL/dz2 belongs: the factor "
                    "sigma'(z2) = a2 (1 - a2) is missing (dz2 = da2 * a2 * (1 - a2))"),
    "da1_for_dz1": ("w1 b1", "dL/da1 is used where dL/dz1 belongs: the factor sigma'(z1) = "
                    "a1 (1 - a1) is missing (dz1 = da1 * a1 * (1 - a1))"),
    "sigma_prime_of_a2": ("w1 b1 w2 b2", "sigma' is applied to a2 instead of z2: a2 (1 - a2) "
                          "is already sigma'(z2); sigmoid(a2) (1 - sigmoid(a2)) is not"),
    "sigma_prime_of_a1": ("w1 b1", "sigma' is applied to a1 instead of z1: a1 (1 - a1) is "
                          "already sigma'(z1); sigmoid(a1) (1 - sigmoid(a1)) is not"),
    "z_for_a_in_sigma_prime2": ("w1 b1 w2 b2", "sigma'(z2) is written z2 (1 - z2): the "
                                "formula a (1 - a) needs the activation a2, not z2"),
    "z_for_a_in_sigma_prime1": ("w1 b1", "sigma'(z1) is written z1 (1 - z1): the formula "
                                "a (1 - a) needs the activation a1, not z1"),
    "z1_for_a1_in_dw2": ("w2", "dw2 is taken with respect to the wrong input: it uses z1 "
                         "where the layer's input is a1 (dw2 = dz2 @ a1.T)"),
}


def _make_point(name, p, X, Y) -> Point:
    m = X.shape[1]
    loss, ref = numpy_net.loss_and_grads({k: v.copy() for k, v in p.items()}, X, Y)
    loss, scale = float(loss), logit_scale(p, X)
    selfcheck = compare_grads(ref, finite_difference_grads(p, X, Y), "finite_differences",
                              "float64", scale)
    if not selfcheck.ok:  # the reference checks itself before it judges anyone
        raise RuntimeError(f"internal: NumPy backprop and finite differences disagree at {name}; "
                           f"please report this:\n{selfcheck.table()}")
    z1, a1, z2, a2 = numpy_net.forward(p, X)
    dz2 = (a2 - Y) / m
    with np.errstate(all="ignore"):
        da2 = dz2 / (a2 * (1.0 - a2))
        da1 = p["w2"].T @ dz2
        s1, s2 = numpy_net.sigmoid(a1), numpy_net.sigmoid(a2)
        mutants = {
            "da2_for_dz2": _backprop(p, X, a1, da2),
            "da1_for_dz1": _backprop(p, X, a1, dz2, dz1_from=lambda d: d),
            "sigma_prime_of_a2": _backprop(p, X, a1, da2 * s2 * (1 - s2)),
            "sigma_prime_of_a1": _backprop(p, X, a1, dz2, dz1_from=lambda d: d * s1 * (1 - s1)),
            "z_for_a_in_sigma_prime2": _backprop(p, X, a1, da2 * z2 * (1 - z2)),
            "z_for_a_in_sigma_prime1": _backprop(p, X, a1, dz2, dz1_from=lambda d: d * z1 * (1 - z1)),
            "z1_for_a1_in_dw2": _backprop(p, X, a1, dz2, a1_for_w2=z1),
        }
    inter = {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "dz2": dz2, "da2": da2, "da1": da1,
             "dz1": da1 * a1 * (1 - a1)}
    return Point(name, p, loss, scale, ref,
                 _backprop(p, X, a1, -Y * (1.0 - a2) / m),   # d/dz2 of -y log a2, over m
                 _backprop(p, X, a1, (1.0 - Y) * a2 / m),    # d/dz2 of -(1-y) log(1-a2), over m
                 mutants, inter)


def check_points(seed=DEFAULT_SEED, scale=DEFAULT_INIT_SCALE, hidden=HIDDEN):
    """(name, params) of every point `check` compares at, in order; all float64 and finite."""
    pts = [(f"your start (seed {seed}, init {scale:g})", init_params(seed, scale, hidden))]
    if scale != DEFAULT_INIT_SCALE or seed != DEFAULT_SEED:
        pts.append((f"default start (seed {DEFAULT_SEED}, init {DEFAULT_INIT_SCALE:g})",
                    init_params(DEFAULT_SEED, DEFAULT_INIT_SCALE, hidden)))
    shapes = expected_shapes(hidden)
    for i, s in enumerate((0.1, 1.0, 3.0)):  # random weights AND biases: zero biases hide bugs
        rng = np.random.default_rng(1000 + i)
        pts.append((f"random, scale {s:g}", {k: rng.standard_normal(sh) * s
                                             for k, sh in shapes.items()}))
    rng = np.random.default_rng(2000)
    p = {k: rng.standard_normal(sh) for k, sh in shapes.items()}
    pts.append(("near saturation: hidden |z1| ~ 10",
                {**p, "w1": 8.0 * np.sign(p["w1"]) + p["w1"], "b1": -4.0 * np.sign(p["b1"])}))
    for sign, where in ((1, "1"), (-1, "0")):  # every output within ~1e-5 of 1, then of 0
        p = {k: rng.standard_normal(sh) for k, sh in shapes.items()}
        pts.append((f"near saturation: outputs near {where} (z2 ~ {12 * sign:+d})",
                    {**p, "b2": np.full((1, 1), 12.0 * sign)}))
    return pts


# ---- the learner's function: load, call with copies, validate what comes back ---------------
def _one_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0]}" if text else type(e).__name__


def _user_line(e: BaseException, path: str | None) -> str:
    """' (file.py line N)' for the deepest frame of the user's file in the traceback."""
    if isinstance(e, SyntaxError) and e.lineno:
        return f" ({os.path.basename(e.filename or path or '?')} line {e.lineno})"
    frames = traceback.extract_tb(e.__traceback__)
    mine = [f for f in frames if path and os.path.abspath(f.filename) == os.path.abspath(path)]
    f = (mine or frames or [None])[-1]
    return f" ({os.path.basename(f.filename)} line {f.lineno})" if f else ""


@contextlib.contextmanager
def _on_path(folder):
    sys.path.insert(0, folder)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(folder)


def load_function(spec: str):
    """'path/to/file.py:FUNC' -> (function, module). Runs the file as a module, its folder on
    sys.path (so it can import its neighbours), with __name__ != '__main__'."""
    if not isinstance(spec, str) or ":" not in spec:
        raise CheckInputError(f"expected FILE.py:FUNC, got {spec!r}")
    path, name = spec.rsplit(":", 1)
    if not path or not name:
        raise CheckInputError(f"expected FILE.py:FUNC, got {spec!r}")
    if not os.path.isfile(path):
        raise CheckInputError(f"no such file: {path}")
    modname = "_xorgrad_check_" + "".join(c if c.isalnum() else "_"
                                           for c in os.path.splitext(os.path.basename(path))[0])
    try:
        mspec = importlib.util.spec_from_file_location(modname, path)
        module = importlib.util.module_from_spec(mspec)
        with _on_path(os.path.dirname(os.path.abspath(path))):
            mspec.loader.exec_module(module)
    except (Exception, SystemExit) as e:
        raise CheckInputError(f"could not import {path}: {_one_line(e)}{_user_line(e, path)}") from e
    func = getattr(module, name, None)
    if func is None:
        names = sorted(k for k, v in vars(module).items()
                       if callable(v) and getattr(v, "__module__", None) == modname)
        raise CheckInputError(f"{path} has no function {name!r}"
                              f" (functions there: {', '.join(names) or 'none'})")
    if not callable(func):
        raise CheckInputError(f"{path}:{name} is a {type(func).__name__}, not a function")
    return func, module


def settings_of(module) -> dict:
    """The learner's own INIT_SCALE, LR, STEPS (and SEED) where the module defines them."""
    out = {}
    for key, attr in (("scale", "INIT_SCALE"), ("lr", "LR"), ("steps", "STEPS"), ("seed", "SEED")):
        if hasattr(module, attr):
            out[key] = getattr(module, attr)
    return out


def _label(func) -> str:
    return getattr(func, "__qualname__", None) or type(func).__name__


def _as_grads(out, label, where) -> dict:
    if isinstance(out, dict):
        keys = {k: k for k in PARAM_NAMES} | {"d" + k: k for k in PARAM_NAMES}
        got = {keys[k]: v for k, v in out.items() if k in keys}
        if sorted(got) != sorted(PARAM_NAMES) or len(got) != len(out):
            raise CheckInputError(f"{label} returned a dict with keys {sorted(map(str, out))}; "
                                  f"expected exactly w1, b1, w2, b2 (or dw1, db1, dw2, db2)")
    elif isinstance(out, (tuple, list)):
        if len(out) != 4:
            raise CheckInputError(f"{label} returned {len(out)} arrays; expected 4: "
                                  f"(dw1, db1, dw2, db2) or a dict with keys w1, b1, w2, b2")
        got = dict(zip(PARAM_NAMES, out))
    else:
        raise CheckInputError(f"{label} returned a {type(out).__name__}; expected a tuple "
                              f"(dw1, db1, dw2, db2) or a dict with keys w1, b1, w2, b2")
    arrays = {}
    for k in PARAM_NAMES:
        try:
            a = np.array(got[k])  # a copy: later calls cannot change what was returned
        except Exception as e:  # noqa: BLE001 - ragged lists and odd objects alike
            raise CheckInputError(f"{label} returned d{k} that is not an array of numbers "
                                  f"({_one_line(e)})") from e
        if a.dtype.kind not in "iuf":
            raise CheckInputError(f"{label} returned d{k} that is not an array of numbers "
                                  f"(dtype {a.dtype}{', ' + type(got[k]).__name__ if a.dtype.kind == 'O' else ''})")
        arrays[k] = a
    return arrays


def call_learner(func, p, X, Y, where) -> dict:
    """Call a learner's gradient function on copies; its result as a dict of float arrays."""
    args = [p[k].copy() for k in PARAM_NAMES] + [X.copy(), Y.copy()]
    label = _label(func)
    path = getattr(getattr(func, "__code__", None), "co_filename", None)
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = func(*args)
    except Exception as e:  # noqa: BLE001 - whatever the learner's code raises is reported
        raise CheckInputError(f"{label} raised {_one_line(e)} at {where}"
                              f"{_user_line(e, path)}") from e
    return _as_grads(out, label, where)


# ---- comparing -------------------------------------------------------------------------------
def _close(got, ref, scale) -> bool:
    """The one criterion for 'equal': the float64 finite-difference row of the tolerance table."""
    if not np.all(np.isfinite(got)):
        return False
    return param_error("", got, ref, GOOD_REL, ATOL * scale).ok


def _close_everywhere(user, cands, points, k) -> bool:
    return all(_close(u[k], c[k], pt.scale) for u, c, pt in zip(user, cands, points))


def _differs_somewhere(cands, points, k) -> bool:
    return not _close_everywhere([pt.ref for pt in points], cands, points, k)


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
    trend: str | None                      # "goes down", "stalls", "rises", "nan"; None: skipped
    losses: list | None                    # with the learner's gradient, loss after k updates
    nan_step: int | None
    true_trend: str
    true_losses: list
    learned_xor: bool | None
    true_learned_xor: bool
    skipped: str | None = None
    text: list = field(default_factory=list)


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

    def wrong(self) -> list[str]:
        return [k for k, r in self.params.items() if not r.ok]

    def to_dict(self) -> dict:
        """Plain data for JSON (non-finite numbers become None)."""
        def num(x):
            return None if x is None or not math.isfinite(x) else float(x)

        def rng(t):
            return None if t is None else [num(t[0]), num(t[1])]
        c = self.consequence
        return {
            "ok": self.ok,
            "function": self.function,
            "points": list(self.points),
            "params": {k: {"ok": r.ok, "verdict": r.verdict, "shape": list(r.shape),
                           "expected_shape": list(r.expected_shape),
                           "max_abs_error": num(r.max_abs_error), "rel_error": num(r.rel_error),
                           "cosine": num(r.cosine), "cosine_range": rng(r.cosine_range),
                           "scale": num(r.scale), "scale_range": rng(r.scale_range),
                           "worst_point": r.worst_point, "nonfinite_points": r.nonfinite_points}
                       for k, r in self.params.items()},
            "causes": [{"kind": x.kind, "params": x.params, "text": x.text} for x in self.causes],
            "hints": list(self.hints),
            "consequence": None if c is None else {
                "seed": c.seed, "init_scale": c.init_scale, "lr": c.lr, "steps": c.steps,
                "loss_start": num(c.loss_start), "loss_one_step": num(c.loss_one_step),
                "loss_one_step_true": num(c.loss_one_step_true), "trend": c.trend,
                "nan_step": c.nan_step, "loss_end": num(c.losses[-1]) if c.losses else None,
                "learned_xor": c.learned_xor, "true_trend": c.true_trend,
                "true_loss_end": num(c.true_losses[-1]), "true_learned_xor": c.true_learned_xor,
                "skipped": c.skipped},
            "notes": list(self.notes),
            "start": self.start,
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

    def report(self) -> str:
        n = len(self.points)
        out = [f"check {self.function}: the gradient of the mean BCE loss, 2-2-1 net",
               f"reference: float64 NumPy backprop, confirmed by central differences, at {n} points:",
               textwrap.fill("; ".join(self.points), 100, initial_indent="  ",
                             subsequent_indent="  "),
               f"verdict bands (CS231n): ok when rel err <= {GOOD_REL:.0e}, suspicious up to "
               f"{WRONG_REL:.0e}, wrong above",
               "", self.table(), ""]
        if self.start and not self.ok:
            s = self.start
            out += [f"at {s['point']}, all gradients together: cosine {s['cosine']:+.3f} with the "
                    f"true ones, {s['length_ratio']:.4g} times their length", ""]
        if self.ok:
            out.append("every gradient matches at every point.")
        else:
            out.append("what is wrong:")
            out += [f"  - {c.text}" for c in self.causes]
        out += [f"  note: {t}" for t in self.notes]
        c = self.consequence
        if c is not None:
            out += ["", f"what it does (your settings: seed {c.seed}, init scale {c.init_scale:g}, "
                        f"lr {c.lr:g}, {c.steps} steps; loss = mean BCE, computed stably):"]
            out += [f"  {t}" for t in c.text]
        return "\n".join(out)

    __str__ = report


# ---- recognising causes ----------------------------------------------------------------------
def _fit_y_parts(user, points, k):
    """Least squares g ~ alpha * ref_y1 + beta * ref_y0 over all points, each point weighted
    equally; returns (alpha, beta) or None when the two parts cannot be told apart."""
    rows, rhs = [], []
    for u, pt in zip(user, points):
        w = float(np.linalg.norm(pt.ref[k])) or float(np.linalg.norm(pt.ref_y1[k])) or 1.0
        rows.append(np.stack([pt.ref_y1[k].ravel(), pt.ref_y0[k].ravel()], axis=1) / w)
        rhs.append(u[k].ravel() / w)
    A, b = np.concatenate(rows), np.concatenate(rhs)
    if np.linalg.matrix_rank(A, tol=1e-8 * max(1e-300, np.abs(A).max())) < 2:
        return None
    (alpha, beta), *_ = np.linalg.lstsq(A, b, rcond=None)
    return float(alpha), float(beta)


def _same(a, b):
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _factor_words(c, m):
    if _same(c, m):
        return f"; {c:.4g} = m, the number of samples: the gradient of the summed loss, not the mean"
    if _same(c, 1 / m):
        return f"; {c:.4g} = 1/m: divided by m twice (the loss is a mean already)"
    if _same(c, 2) or _same(c, 0.5):
        return "; a stray factor 2 or 1/2"
    return ""


def _y_cause(ab, m, names):
    alpha, beta = ab
    who = ", ".join(names)
    if _same(alpha, beta):
        c = alpha
        if _same(c, -1.0):
            return Cause("sign_flip_all", names, f"{who}: the sign is flipped (for every sample): "
                         f"this is minus the gradient, so each update climbs the loss")
        if _same(-c, m):
            return Cause("sign_flip_all", names, f"{who}: the sign is flipped and the factor is "
                         f"{-c:.4g} = m: minus the gradient of the summed loss, not the mean")
        kind = "summed_loss" if _same(c, m) else "factor"
        return Cause(kind, names, f"{who}: every entry is {c:.4g} times the true one (right "
                     f"direction, cosine +1; wrong length){_factor_words(c, m)}", factor=c)
    if _same(alpha, -beta):
        c, flipped = abs(alpha), ("0" if alpha > 0 else "1")
        extra = "" if _same(c, 1.0) else f", and the whole is {c:.4g} times too large{_factor_words(c, m)}"
        term = "(1 - y)/(1 - a2)" if flipped == "0" else "y/a2"
        sign = "plus" if flipped == "0" else "minus"
        return Cause(f"sign_flip_y{flipped}", names,
                     f"{who}: the sign is flipped only for the samples with y = {flipped}: this is "
                     f"exactly grad(loss on the y = 1 samples) {'-' if flipped == '0' else '+'} "
                     f"grad(loss on the y = 0 samples) {'' if flipped == '0' else 'with both negated '}"
                     f"at every point{extra}; each update climbs the loss on the y = {flipped} "
                     f"samples. In dL/da2 = -(1/m) (y/a2 - (1-y)/(1-a2)), the term {term} has the "
                     f"wrong sign ({sign} where it should be {'minus' if sign == 'plus' else 'plus'})")
    if _same(beta, 0.0):
        return Cause("only_y1", names, f"{who}: only the samples with y = 1 count ({alpha:.4g} "
                     f"times their gradient); the (1 - y) log(1 - a2) part of the loss is missing")
    if _same(alpha, 0.0):
        return Cause("only_y0", names, f"{who}: only the samples with y = 0 count ({beta:.4g} "
                     f"times their gradient); the y log a2 part of the loss is missing")
    return Cause("y_weights", names, f"{who}: the samples with y = 1 are weighted {alpha:.4g} and "
                 f"those with y = 0 {beta:.4g} (both should be 1)")


def _broadcast_words(k, exp, got):
    try:
        b = np.broadcast_shapes(exp, got)
    except ValueError:
        return f"{k} - lr * d{k} cannot broadcast {exp} with {got}: the update raises ValueError"
    if b == exp:
        return (f"NumPy broadcasts it silently: {k} - lr * d{k} runs and keeps {k} {exp}, "
                f"so nothing stops a wrong update")
    return (f"NumPy broadcasts it silently: {k} = {k} - lr * d{k} turns {k} from {exp} into {b} "
            f"(in-place {k} -= lr * d{k} would raise), and the damage shows up later, elsewhere")


def _shape_cause(k, users, points) -> Cause:
    exp, got = points[0].ref[k].shape, users[0][k].shape
    what = f"d{k} has shape {got}, expected {exp}"
    bc = _broadcast_words(k, exp, got)
    if got == exp[::-1] and all(_close(u[k].T, pt.ref[k], pt.scale) for u, pt in zip(users, points)):
        return Cause("transposed", [k], f"{k}: d{k} is transposed ({what}); the numbers are right. "
                     f"{bc}. Fix: {FIX[k]}")
    if users[0][k].size == points[0].ref[k].size and all(
            _close(u[k].reshape(exp), pt.ref[k], pt.scale) for u, pt in zip(users, points)):
        return Cause("shape", [k], f"{k}: the numbers are right but {what} "
                     f"(keepdims=True keeps the summed axis). {bc}")
    for name in ("dz2", "dz1", "da2", "da1", "a1", "a2", "z1", "z2"):
        if points[0].inter[name].shape == got and all(
                _close(u[k], pt.inter[name], pt.scale) for u, pt in zip(users, points)):
            return Cause("wrong_quantity", [k], f"{k}: d{k} is {name}, one value per sample and "
                         f"unit ({what}): the derivative with respect to the wrong quantity. "
                         f"{bc}. Fix: {FIX[k]}")
    for name in ("dz2", "dz1"):
        v = points[0].inter[name]
        for axis in (0, 1):
            if v.sum(axis=axis, keepdims=True).shape == got and all(
                    _close(u[k], pt.inter[name].sum(axis=axis, keepdims=True), pt.scale)
                    for u, pt in zip(users, points)):
                return Cause("shape", [k], f"{k}: d{k} sums {name} over axis {axis} "
                             f"({'the units' if axis == 0 else 'the samples'}), "
                             f"{what}. {bc}. Fix: {FIX[k]}")
    return Cause("shape", [k], f"{k}: {what}. {bc}")


def _cause_for(k, users, points, m) -> Cause | None:
    """The recognised mistake behind one wrong parameter (same shape, finite), or None."""
    if all(np.all(u[k] == 0) for u in users):
        return Cause("zeros", [k], f"{k}: d{k} is all zeros at every point (the true one is not): "
                     f"a gradient that was never filled in, or a product with a zero array")
    ab = _fit_y_parts(users, points, k)
    if ab is not None:
        cands = [{k: ab[0] * pt.ref_y1[k] + ab[1] * pt.ref_y0[k]} for pt in points]
        if _close_everywhere(users, cands, points, k):
            return _y_cause(ab, m, [k])
    else:  # one class only: the two parts coincide; a plain factor is all that can be seen
        c = sum(float(np.vdot(u[k], pt.ref[k])) for u, pt in zip(users, points)) / max(
            1e-300, sum(float(np.vdot(pt.ref[k], pt.ref[k])) for pt in points))
        if _close_everywhere(users, [{k: c * pt.ref[k]} for pt in points], points, k):
            return _y_cause((c, c), m, [k])
    if points[0].ref[k].shape[0] == points[0].ref[k].shape[-1] and _close_everywhere(
            users, [{k: pt.ref[k].T} for pt in points], points, k):
        return Cause("transposed", [k], f"{k}: d{k} is the transpose of the true gradient "
                     f"(same shape, since {k} is square). Fix: {FIX[k]}")
    for mut, (_, words) in MUTANTS.items():
        cands = [pt.mutants[mut] for pt in points]
        if _differs_somewhere(cands, points, k) and _close_everywhere(users, cands, points, k):
            return Cause("wrong_quantity", [k], f"{k}: the derivative with respect to the wrong "
                         f"quantity: {words}")
    return None


def _merge(causes):
    """One sentence for parameters that share a cause."""
    merged = {}
    for c in causes:
        key = (c.kind, c.text.split(": ", 1)[1] if ": " in c.text else c.text)
        if key in merged:
            merged[key].params.extend(c.params)
        else:
            merged[key] = Cause(c.kind, list(c.params), c.text, c.factor)
    out = []
    for (kind, body), c in merged.items():
        out.append(Cause(kind, c.params, f"{', '.join(c.params)}: {body}", c.factor))
    return out


def _where(wrong, causes) -> str | None:
    """Where in the backward pass the error must be, from which parameters are wrong."""
    w = set(wrong)
    same = len(causes) == 1 and set(causes[0].params) == w
    if w == set(PARAM_NAMES) and same:
        return ("every parameter is wrong in the same way, so the error is where they all "
                "begin: dL/da2 or dL/dz2 (dz2 should be (a2 - Y) / m)")
    if w == {"w1", "b1"}:
        return ("w2 and b2 are right, so dz2 is right: the error is in the hidden layer, "
                "in da1 = w2.T @ dz2 or dz1 = da1 * a1 * (1 - a1), or both lines after it")
    if w == {"w2", "b2"} or len(w) == 1:
        return "the other gradients are right, so the error is in the line that computes " + \
            " and ".join(f"d{k} ({FIX[k]})" for k in PARAM_NAMES if k in w)
    return None


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
    a2 = predictions(p, X)
    return bool(np.all(np.isfinite(a2)) and np.all((a2 > 0.5) == (Y > 0.5)))


def _consequence(func, X, Y, seed, scale, lr, steps, shape_bad) -> Consequence:
    from . import numpy_net
    p0 = init_params(seed, scale, HIDDEN)
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


# ---- the entry point -------------------------------------------------------------------------
def check(func, X=None, Y=None, *, seed=None, scale=None, lr=None, steps=None,
          consequence=True) -> CheckResult:
    """Check a hand-written gradient function; `func` is a callable or 'FILE.py:FUNC'.

    seed, scale, lr, steps: the learner's settings for the consequence (training from
    init_params(seed, scale)); None takes the file's SEED, INIT_SCALE, LR, STEPS if it defines
    them, else the project's defaults. Raises CheckInputError for input that cannot be checked.
    """
    label, folder, found = _label(func), None, {}
    if isinstance(func, str):
        label = func
        func, module = load_function(func)
        folder = os.path.dirname(os.path.abspath(module.__file__))
        found = settings_of(module)
    elif not callable(func):
        raise CheckInputError(f"check needs a function or 'FILE.py:FUNC', got {type(func).__name__}")
    seed = found.get("seed", DEFAULT_SEED) if seed is None else seed
    scale = found.get("scale", DEFAULT_INIT_SCALE) if scale is None else scale
    lr = found.get("lr", DEFAULT_LR) if lr is None else lr
    steps = found.get("steps", DEFAULT_STEPS) if steps is None else steps
    try:
        steps, lr = check_training(steps, lr)
        init_params(seed, scale)
    except ContractError as e:
        raise CheckInputError(f"bad settings for {label}: {e}") from None
    X, Y = check_data(X, Y)
    with _on_path(folder) if folder else contextlib.nullcontext():
        return _check(func, label, X, Y, seed, float(scale), lr, steps, consequence)


def _check(func, label, X, Y, seed, scale, lr, steps, with_consequence) -> CheckResult:
    m = X.shape[1]
    points = [_make_point(name, p, X, Y) for name, p in check_points(seed, scale)]
    users = [call_learner(func, pt.params, X, Y, f"the point '{pt.name}'") for pt in points]
    exp_shapes = {k: points[0].ref[k].shape for k in PARAM_NAMES}
    for u in users[1:]:  # shapes must not depend on the point
        for k in PARAM_NAMES:
            if u[k].shape != users[0][k].shape:
                raise CheckInputError(f"{label} returned d{k} of shape {users[0][k].shape} at one "
                                      f"point and {u[k].shape} at another")
    results, causes, notes, shape_bad = {}, [], [], []
    for k in PARAM_NAMES:
        got_shape = users[0][k].shape
        if got_shape != exp_shapes[k]:
            shape_bad.append(k)
            results[k] = ParamResult(k, exp_shapes[k], got_shape, False, "WRONG", None, None,
                                     None, None, None, None, None)
            causes.append(_shape_cause(k, users, points))
            continue
        results[k] = _param_result(k, users, points)
    finite = [i for i in range(len(points))
              if all(np.all(np.isfinite(users[i][k])) for k in PARAM_NAMES if k not in shape_bad)]
    for k in PARAM_NAMES:
        r = results[k]
        if r.ok or k in shape_bad:
            continue
        fu, fp = [users[i] for i in finite], [points[i] for i in finite]
        right_elsewhere = bool(fp) and _close_everywhere(fu, [pt.ref for pt in fp], fp, k)
        cause = _cause_for(k, fu, fp, m) if fp and not right_elsewhere else None
        if r.nonfinite_points:
            causes.append(Cause("nonfinite", [k], f"{k}: d{k} is nan or inf at "
                                f"{'; '.join(r.nonfinite_points)} (the true one is finite there)"
                                + (": near saturation a division by a2, 1 - a2 or a2 (1 - a2) "
                                   "overflows; dz2 = (a2 - Y) / m never divides"
                                   if any("saturation" in n for n in r.nonfinite_points) else "")))
            if right_elsewhere:
                cause = Cause("nonfinite_only", [k], f"{k}: right at every other point")
        if cause is None and r.verdict == "suspicious":
            cause = Cause("suspicious", [k], f"{k}: close but not equal (rel err {r.rel_error:.1e} "
                          f"at {r.worst_point}): float32 arithmetic, or a division by a2 (1 - a2) "
                          f"near saturation, can do this; a correct float64 gradient agrees to "
                          f"{GOOD_REL:.0e}")
        if cause is None:
            cause = Cause("unrecognised", [k], f"{k}: wrong, in no pattern the checker knows "
                          f"(rel err {r.rel_error:.2g}, cosine {r.cosine:+.2f} at worst)"
                          if r.cosine is not None else f"{k}: wrong, in no pattern the checker knows")
        causes.append(cause)
    causes = _merge(causes)
    wrong = [k for k in PARAM_NAMES if not results[k].ok]
    where = _where(wrong, [c for c in causes if c.kind not in ("nonfinite",)])
    if wrong and where:
        causes.append(Cause("location", wrong, where))
    low = sorted({str(users[0][k].dtype) for k in PARAM_NAMES
                  if users[0][k].dtype.kind == "f" and users[0][k].dtype.itemsize < 8})
    if low:
        notes.append(f"your function returns {', '.join(low)} arrays: expect rel err around 1e-7 "
                     f"at best (float64 gives about 1e-16)")
    cons = _consequence(func, X, Y, seed, scale, lr, steps, shape_bad) if with_consequence else None
    whole = [c for c in causes if c.factor is not None and set(c.params) == set(PARAM_NAMES)]
    if cons is not None and whole:
        cons.text.insert(1, f"a gradient {whole[0].factor:.4g} times too large is the true "
                            f"gradient with lr {whole[0].factor * lr:.4g} instead of {lr:g}")
    start = None
    same = [k for k in PARAM_NAMES if k not in shape_bad]
    if same and all(np.all(np.isfinite(users[0][k])) for k in same):
        g = np.concatenate([users[0][k].ravel() for k in same])
        r = np.concatenate([points[0].ref[k].ravel() for k in same])
        nr, ng = float(np.linalg.norm(r)), float(np.linalg.norm(g))
        if nr > 0:
            start = {"point": points[0].name, "params": same, "length_ratio": ng / nr,
                     "cosine": float(np.vdot(g, r)) / (nr * ng) if ng > 0 else 0.0}
    hints = [c.text for c in causes] + (cons.text if cons else [])
    return CheckResult(label, not wrong, results, [pt.name for pt in points], causes, cons,
                       hints, notes, start)


def _param_result(k, users, points) -> ParamResult:
    rels, abss, coss, scales, bad_pts, worst, ok = [], [], [], [], [], (None, -1.0), True
    for u, pt in zip(users, points):
        g, r = u[k], pt.ref[k]
        if not np.all(np.isfinite(g)):
            bad_pts.append(pt.name)
            ok = False
            continue
        ok &= _close(g, r, pt.scale)
        diff = float(np.abs(g - r).max(initial=0.0))
        ref_max = float(np.abs(r).max(initial=0.0))
        rel = diff / ref_max if ref_max > 0 else (0.0 if diff == 0 else math.inf)
        if not _close(g, r, pt.scale) and rel > worst[1] or worst[0] is None:
            worst = (pt.name, rel)
        rels.append(rel)
        abss.append(diff)
        nr, ng = float(np.linalg.norm(r)), float(np.linalg.norm(g))
        if nr > 0:
            coss.append(float(np.vdot(g, r)) / (nr * ng) if ng > 0 else 0.0)
            scales.append(float(np.vdot(g, r)) / nr ** 2)
    if bad_pts:
        verdict = "WRONG"
    elif ok:
        verdict = "ok"
    else:
        verdict = "suspicious" if max(rels) <= WRONG_REL else "WRONG"
    rel = math.inf if bad_pts and not rels else (max(rels) if rels else 0.0)
    return ParamResult(k, points[0].ref[k].shape, users[0][k].shape, ok, verdict,
                       max(abss) if abss else math.inf, rel,
                       min(coss) if coss else None,
                       (min(coss), max(coss)) if coss else None,
                       float(np.median(scales)) if scales else None,
                       (min(scales), max(scales)) if scales else None,
                       worst[0], bad_pts)
