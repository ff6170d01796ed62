"""The reference: the nets and losses `check` knows, what a learner is judged against (Target),
the gradients of known mistakes, and the points it compares at (Point).

Two families, BCE and SE = (a - y)^2 / 2: per sample dL/da is (a - y) / (a (1 - a)), or (a - y);
each named loss (NAMED) is c times the sum of its family's loss over the samples, its gradient c
times the backprop of dz2 = dL/da * a (1 - a) (a linear output, a = z2: dz2 = dL/da; SE only)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ..agreement import compare_grads
from ..contract import (DEFAULT_HIDDEN, DEFAULT_INIT_SCALE, DEFAULT_SEED, expected_shapes,
                        init_params, logit_scale, sigmoid)
from ..oracle import finite_difference_grads

FAMILY_WORDS = {"bce": "binary cross-entropy", "se": "squared error"}
NAMED = {  # name -> (family, c as a function of m, words)
    "bce_mean": ("bce", lambda m: 1.0 / m, "mean binary cross-entropy"),
    "bce_sum": ("bce", lambda m: 1.0, "summed binary cross-entropy"),
    "se_mean": ("se", lambda m: 2.0 / m, "mean squared error"),
    "se_half_sum": ("se", lambda m: 1.0, "halved sum of squared errors"),
    "se_sum": ("se", lambda m: 2.0, "sum of squared errors"),
    "se_half_mean": ("se", lambda m: 1.0 / m, "mean of the halved squared errors"),
}
# each named loss as (summed over the samples, halved): a factor between two is m^ds 2^dh
SHAPE = {"bce_mean": (False, False), "bce_sum": (True, False), "se_mean": (False, False),
         "se_half_sum": (True, True), "se_sum": (True, False), "se_half_mean": (False, True)}
ALIASES = {"bce": "bce_mean", "mse": "se_mean", "se": "se_mean", "cross_entropy": "bce_mean"}
MEAN_OF = {"bce": "bce_mean", "se": "se_mean"}
LAYERS = (("hidden layer", ("w1", "b1")), ("output layer", ("w2", "b2")))
# hidden activations: name -> (f(z), f'(z) written from a = f(z) and z, words)
ACTS = {
    "sigmoid": (sigmoid, lambda a, z: a * (1 - a), "sigmoid"),
    "tanh": (np.tanh, lambda a, z: 1 - a * a, "tanh"),
    "relu": (lambda z: np.maximum(z, 0.0), lambda a, z: (z > 0).astype(np.float64), "ReLU"),
}
OUTPUTS = ("sigmoid", "linear")   # the output unit: a2 = sigmoid(z2), or a2 = z2
# dz2 from dL/da2 (D), the loss (L), da2/dz2 (s): name -> (function, words, the outputs it is for)
OUT_VARIANTS = {
    "ok": (lambda D, L, a2, s: D * s, None, OUTPUTS),
    "sigma_prime_of_a2": (lambda D, L, a2, s: D * sigmoid(a2) * (1 - sigmoid(a2)),
                          "sigma' is applied to a2 instead of z2: a2 (1 - a2) is already "
                          "sigma'(z2); sigmoid(a2) (1 - sigmoid(a2)) is not", ("sigmoid",)),
    "da2_for_dz2": (lambda D, L, a2, s: D,
                    "dL/da2 is used where dL/dz2 belongs: the factor sigma'(z2) = a2 (1 - a2) "
                    "is missing", ("sigmoid",)),
    "loss_for_derivative": (lambda D, L, a2, s: L * s,
                            "the loss value is used where its derivative belongs: dz2 is built "
                            "from the per-sample loss, not from dL/da2", OUTPUTS),
    "sigmoid_prime_on_linear": (lambda D, L, a2, s: D * a2 * (1 - a2),
                                "the sigmoid's derivative a2 (1 - a2) is kept on a linear output "
                                "(a2 = z2, so da2/dz2 = 1 and dz2 is dL/da2 itself: drop the "
                                "factor a2 (1 - a2))", ("linear",)),
}
LINEAR_NAMES = {f"near saturation: outputs near {w} (z2 ~ {12 * s:+d})":   # linear: no saturation
                f"outputs a2 = z2 ~ {12 * s:+d}" for s, w in ((1, "1"), (-1, "0"))}
_POINTS: dict = {}   # the points made so far in this process (a notebook checks again and again)


def factor_cause(name, target, m):
    """Why named loss `name`'s gradient is a constant times `target`'s: '2 = m/2: ...'; else ''."""
    (s1, h1), (s2, h2) = SHAPE[name], SHAPE[target]
    ds, dh = s1 - s2, h1 - h2     # 1, -1 or 0: summing multiplies the gradient by m, halving by 1/2
    if not ds and not dh:
        return ""
    parts = []
    if ds:
        parts.append("the summed loss, not the mean" if ds > 0 else "the mean loss, not the sum")
    if dh:
        parts.append("the square halved, (a - y)^2 / 2" if dh > 0 else "the square not halved")
    num = ("2" if dh < 0 else "") + ("m" if ds > 0 else "")
    den = ("2" if dh > 0 else "") + ("m" if ds < 0 else "")
    expr = (num or "1") + (f"/{den}" if den else "")
    return (f"{m ** ds * 2.0 ** -dh:g} = {expr}{', the number of samples' if expr == 'm' else ''}: "
            f"the gradient of the {NAMED[name][2]} ({'; '.join(parts)})")


def m_between_layers(ratio, m, tol=1e-6):
    """Why the hidden layer carries `ratio` (m or 1/m) times the output layer's factor; else ''."""
    if abs(ratio - m) <= tol * m:
        return "the output layer divides by m and the hidden layer does not"
    if abs(ratio * m - 1) <= tol:
        return ("the hidden layer divides by m once more than the output layer (dz2 carries 1/m "
                "already and dw1, db1 divide by m again, say)")
    return ""


@dataclass(frozen=True)
class Target:
    """What a gradient is judged against: c times the backprop of `family` ('bce', 'se', 'own'),
    `name` (a key of NAMED, 'own_cost', or 'F x words'), `why` (the report's words)."""

    family: str
    c: float
    name: str
    why: str
    factor: float = 1.0     # 'F x words': F times the named loss `base`

    @property
    def base(self):
        """The named loss it is, or is `factor` times; None: the learner's own cost."""
        return self.name if self.name in NAMED else MEAN_OF.get(self.family)

    @property
    def words(self):
        """How a cause names it: 'the mean squared error', 'your cost (the ...)'."""
        if self.family == "own":
            return "your cost"
        if self.why.startswith("your own cost"):
            return f"your cost (the {NAMED[self.name][2]})"
        return f"the {NAMED[self.name][2]}" if self.name in NAMED else self.name

    def ref(self, pt):
        """Its gradient at a point."""
        return {k: self.c * v for k, v in pt.ref(self.family).items()}


@dataclass(frozen=True)
class Arch:
    """The net judged against; at0: ReLU's derivative where z1 is exactly 0 (0 and 1 are used)."""

    act: str = "sigmoid"
    out: str = "sigmoid"
    at0: float = 0.0

    @property
    def families(self):
        return ("bce", "se") if self.out == "sigmoid" else ("se",)

    def deriv(self, a1, z1):
        d = ACTS[self.act][1](a1, z1)
        return d + (z1 == 0) if self.at0 else d

    def words(self, hidden):
        """In words: '2-2-1, tanh hidden, sigmoid output'."""
        return f"2-{hidden}-1, {ACTS[self.act][2]} hidden, {self.out} output"


SIGMOID = Arch()   # the project's net


def forward(p, X, net=SIGMOID):
    """(z1, a1, z2, a2) of the 2-h-1 net (column layout): contract.forward's lines, any net."""
    z1 = p["w1"] @ X + p["b1"]
    a1 = ACTS[net.act][0](z1)
    z2 = p["w2"] @ a1 + p["b2"]
    return z1, a1, z2, z2 if net.out == "linear" else sigmoid(z2)


def loss_value(name, p, X, Y, net=SIGMOID) -> float:
    """A named loss at parameters p (column layout)."""
    return loss_of_outputs(name, *forward(p, X, net)[2:], Y)


def loss_of_outputs(name, z2, a2, Y) -> float:
    """A named loss of logits z2 and outputs a2 (either layout), BCE computed stably from z2."""
    family, c, _ = NAMED[name]
    if family == "bce":
        return float(c(Y.size) * np.sum(np.logaddexp(0.0, z2) - Y * z2))
    return float(c(Y.size) * 0.5 * np.sum((a2 - Y) ** 2))


def name_for(family, c, m):
    """(loss name, factor) for c * backprop(family): a named loss, else the family's mean."""
    for name, (fam, cf, _) in NAMED.items():
        if fam == family and math.isclose(abs(c), cf(m), rel_tol=1e-6):
            return name, 1.0
    mean = MEAN_OF[family]
    return mean, abs(c) / NAMED[mean][1](m)


def flat(d, names):
    """d[k] for k in names, raveled into one vector."""
    return np.concatenate([np.ravel(d[k]) for k in names])


def backprop(p, X, a1, z1, dz2, net=SIGMOID):
    """Gradients (column layout) given dL/dz2; backprop is linear in dz2."""
    dz1 = (p["w2"].T @ dz2) * net.deriv(a1, z1)
    return {"w1": dz1 @ X.T, "b1": dz1.sum(axis=1, keepdims=True), "w2": dz2 @ a1.T,
            "b2": dz2.sum(axis=1, keepdims=True)}


def candidates(p, X, Y, net=SIGMOID):
    """Every candidate gradient at p (c = 1) by (family, out, w2_input), each family's correct
    one on the y = 1 and y = 0 samples apart, the intermediates."""
    z1, a1, z2, a2 = forward(p, X, net)
    s = a2 * (1 - a2) if net.out == "sigmoid" else np.ones_like(a2)    # da2/dz2
    out, parts, inter = {}, {}, {"z1": z1, "a1": a1, "z2": z2, "a2": a2}
    with np.errstate(all="ignore"):
        for fam in net.families:
            bce = fam == "bce"    # dL/da2 and the loss, per sample
            D = (a2 - Y) / (a2 * (1.0 - a2)) if bce else a2 - Y
            L = -(Y * np.log(a2) + (1.0 - Y) * np.log(1.0 - a2)) if bce else (a2 - Y) ** 2
            ok = inter["dz2_" + fam] = a2 - Y if bce else D * s   # BCE's: D * s, not divided
            for ov, (f, _, outs) in OUT_VARIANTS.items():
                if net.out in outs:
                    dz2 = ok if ov == "ok" else f(D, L, a2, s)
                    g = backprop(p, X, a1, z1, dz2, net)
                    out[(fam, ov, "a1")], out[(fam, ov, "z1")] = g, {**g, "w2": dz2 @ z1.T}
            parts[fam] = (backprop(p, X, a1, z1, ok * (Y > 0.5), net=net),
                          backprop(p, X, a1, z1, ok * (Y <= 0.5), net=net))
    return out, parts, inter


# ---- the points check compares at, and everything known at each -------------------------------
@dataclass
class Point:
    """One parameter point (column layout) and everything the checker knows there."""
    name: str
    params: dict
    loss: float                   # the mean loss of the net's first family
    scale: float                  # contract.logit_scale: absolute tolerances are per unit of it
    cands: dict                   # (family, out, w2_input) -> gradient with c = 1
    parts: dict                   # family -> (gradient on the y = 1 samples, on the y = 0 ones)
    inter: dict                   # z1, a1, z2, a2
    net: Arch = SIGMOID            # the net judged against

    def ref(self, family=None):
        return self.cands[(family or self.net.families[0], "ok", "a1")]


def make_point(name, p, X, Y, net=SIGMOID) -> Point:
    """The point `name` at p, its reference checked against central differences; made once per
    process, each caller gets its own cands dict (own cost adds one)."""
    key = (name, net, X.tobytes(), X.shape, Y.tobytes(), Y.shape,
           tuple((k, p[k].shape, p[k].tobytes()) for k in sorted(p)))
    if key not in _POINTS:
        if len(_POINTS) > 1000:
            _POINTS.clear()
        p, X, Y = {k: v.copy() for k, v in p.items()}, X.copy(), Y.copy()
        cands, parts, inter = candidates(p, X, Y, net)
        scale, fam = logit_scale(p, X), net.families[0]
        loss = MEAN_OF[fam]          # the reference checks itself against central differences
        mean = {k: NAMED[loss][1](X.shape[1]) * v for k, v in cands[(fam, "ok", "a1")].items()}
        fd = finite_difference_grads(p, X, Y) if net == SIGMOID else finite_difference_grads(
            p, X, Y, lambda q, X, Y: loss_value(loss, q, X, Y, net))   # the oracle's stencil, step
        selfcheck = compare_grads(mean, fd, "finite_differences", "float64", scale)
        kink = net.act == "relu" and bool(np.any(np.abs(inter["z1"]) < 1e-6))   # no derivative
        if not selfcheck.ok and not kink:  # the reference checks itself before it judges anyone
            raise RuntimeError(f"internal: backprop and finite differences disagree at {name}; "
                               f"please report this:\n{selfcheck.table()}")
        shown = LINEAR_NAMES.get(name, name) if net.out == "linear" else name
        _POINTS[key] = Point(shown, p, loss_value(loss, p, X, Y, net), scale, cands, parts, inter,
                             net)
    return replace(_POINTS[key], cands=dict(_POINTS[key].cands))


def zero_biases(p, hidden, names):
    """p with zeros for each bias not in `names` (a net without that bias)."""
    zero = {"b1": np.zeros((hidden, 1)), "b2": np.zeros((1, 1))}
    return {**p, **{k: v for k, v in zero.items() if k not in names}}


def check_points(seed=DEFAULT_SEED, scale=DEFAULT_INIT_SCALE, hidden=DEFAULT_HIDDEN, start=None,
                 biases=("w1", "b1", "w2", "b2")):
    """(name, params) of every point `check` compares at, in order (`start`: INIT()'s)."""
    pts = [("your start (INIT() in your file)", start) if start is not None else
           (f"your start (seed {seed}, init {scale:g})", init_params(seed, scale, hidden))]
    if start is not None or scale != DEFAULT_INIT_SCALE or seed != DEFAULT_SEED:
        pts.append((f"default start (seed {DEFAULT_SEED}, init {DEFAULT_INIT_SCALE:g})",
                    init_params(DEFAULT_SEED, DEFAULT_INIT_SCALE, hidden)))
    def draw(rng, s=1.0):   # random weights AND biases: zero biases hide bugs
        return {k: rng.standard_normal(sh) * s for k, sh in expected_shapes(hidden).items()}
    pts += [(f"random, scale {s:g}", draw(np.random.default_rng(1000 + i), s))
            for i, s in enumerate((0.1, 1.0, 3.0))]
    rng = np.random.default_rng(2000)
    p = draw(rng)
    pts.append(("near saturation: hidden |z1| ~ 10",
                {**p, "w1": 8.0 * np.sign(p["w1"]) + p["w1"], "b1": -4.0 * np.sign(p["b1"])}))
    for sign, where in ((1, "1"), (-1, "0")):  # every output within ~1e-5 of 1, then of 0
        p = draw(rng)
        if "b2" in biases:
            p["b2"] = np.full((1, 1), 12.0 * sign)
        else:   # no bias to push with: large output weights of one sign (a1 is in (0, 1))
            p["w2"] = sign * (24.0 / hidden + np.abs(p["w2"]))
        pts.append((f"near saturation: outputs near {where} (z2 ~ {12 * sign:+d})", p))
    return [(name, zero_biases(p, hidden, biases)) for name, p in pts]
