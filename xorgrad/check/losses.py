"""The losses `check` recognises, and the gradients of known mistakes, at one parameter point.

Two families: binary cross-entropy and squared error. Per sample, with a = a2 (the output),
dL/da is (a - y) / (a (1 - a)) for BCE and (a - y) for SE = (a - y)^2 / 2; each named loss is a
constant c times the sum over samples of that family's loss, so its gradient is c times the
backprop of dz2 = dL/da * sigma'(z2) = dL/da * a (1 - a):

    bce_mean  c = 1/m      bce_sum  c = 1
    se_mean   c = 2/m      (the mean of (a - y)^2)
    se_half_sum c = 1      (half the sum of (a - y)^2)
    se_sum    c = 2        (the sum of (a - y)^2)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..contract import forward as contract_forward
from ..contract import sigmoid

FAMILIES = ("bce", "se")
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


def factor_cause(name, target, m):
    """Why the gradient of named loss `name` is a constant times that of `target` (same family),
    in words: '2 = m/2: ... (the summed loss, not the mean; the square halved ...)'; '' when the
    two differ by no such cause."""
    (s1, h1), (s2, h2) = SHAPE[name], SHAPE[target]
    parts, num, den = [], [], []
    if s1 != s2:
        parts.append("the summed loss, not the mean" if s1 else "the mean loss, not the sum")
        (num if s1 else den).append("m")
    if h1 != h2:
        parts.append("the square halved, (a - y)^2 / 2" if h1 else "the square not halved")
        (den if h1 else num).append("2")
    if not parts:
        return ""
    expr = "".join(num) or "1"
    expr = (expr.replace("m2", "2m") + ("/" + "".join(den).replace("m2", "2m") if den else ""))
    r = (m if s1 and not s2 else 1 / m if s2 and not s1 else 1) * \
        (0.5 if h1 and not h2 else 2 if h2 and not h1 else 1)
    return (f"{r:g} = {expr}{', the number of samples' if expr == 'm' else ''}: the gradient of "
            f"the {NAMED[name][2]} ({'; '.join(parts)})")


@dataclass(frozen=True)
class Target:
    """What a learner's gradient is judged against: c times the backprop of `family` ('bce',
    'se', or 'own': the learner's own cost), named `name` (a key of NAMED, 'own_cost', or
    'F x words' for a factor), and why it is the one (`why`, the report's words)."""

    family: str
    c: float
    name: str
    why: str

    @property
    def words(self):
        """How a cause names it: 'the mean squared error', 'your cost (the ...)'."""
        if self.family == "own":
            return "your cost"
        if self.why.startswith("your own cost"):
            return f"your cost (the {NAMED[self.name][2]})"
        return f"the {NAMED[self.name][2]}" if self.name in NAMED else self.name

    def ref(self, pt):
        """Its gradient at a point (column layout, every parameter)."""
        return {k: self.c * v for k, v in pt.ref(self.family).items()}


ALIASES = {"bce": "bce_mean", "mse": "se_mean", "se": "se_mean", "cross_entropy": "bce_mean"}
MEAN_OF = {"bce": "bce_mean", "se": "se_mean"}


# hidden activations: name -> (f(z), f'(z) written from a = f(z) and z, words)
ACTS = {
    "sigmoid": (sigmoid, lambda a, z: a * (1 - a), "sigmoid"),
    "tanh": (np.tanh, lambda a, z: 1 - a * a, "tanh"),
    "relu": (lambda z: np.maximum(z, 0.0), lambda a, z: (z > 0).astype(np.float64), "ReLU"),
}


def net_words(act, hidden):
    """The net a check judged against, in words: '2-2-1, tanh hidden, sigmoid output'."""
    return f"2-{hidden}-1, {ACTS[act][2]} hidden, sigmoid output"


def forward(p, X, act="sigmoid"):
    """(z1, a1, z2, a2) of the 2-h-1 net with hidden activation act (column layout): the
    contract's one forward pass for a sigmoid net, the same lines with another activation."""
    if act == "sigmoid":
        return contract_forward(p, X)
    z1 = p["w1"] @ X + p["b1"]
    a1 = ACTS[act][0](z1)
    z2 = p["w2"] @ a1 + p["b2"]
    return z1, a1, z2, sigmoid(z2)


def loss_value(name, p, X, Y, act="sigmoid") -> float:
    """A named loss at parameters p (column layout), computed stably from the logits."""
    family, c, _ = NAMED[name]
    _, _, z2, a2 = forward(p, X, act)
    c = c(X.shape[1])
    if family == "bce":
        return float(c * np.sum(np.logaddexp(0.0, z2) - Y * z2))
    return float(c * 0.5 * np.sum((a2 - Y) ** 2))


def name_for(family, c, m):
    """(loss name, factor) for the gradient c * backprop(family): the named loss whose constant
    c equals (to 1e-6), else the family's mean with the factor c / c_mean."""
    for name, (fam, cf, _) in NAMED.items():
        if fam == family and math.isclose(abs(c), cf(m), rel_tol=1e-6):
            return name, 1.0
    mean = MEAN_OF[family]
    return mean, abs(c) / NAMED[mean][1](m)


def _d_da(family, a2, Y):
    if family == "bce":
        return (a2 - Y) / (a2 * (1.0 - a2))
    return a2 - Y


def _value(family, a2, Y):
    if family == "bce":
        return -(Y * np.log(a2) + (1.0 - Y) * np.log(1.0 - a2))
    return (a2 - Y) ** 2


OUT_VARIANTS = {  # dz2 from dL/da2 (D) or the loss value (L): name -> (function, words)
    "ok": (lambda D, L, a2, z2: D * a2 * (1 - a2), None),
    "sigma_prime_of_a2": (lambda D, L, a2, z2: D * sigmoid(a2) * (1 - sigmoid(a2)),
                          "sigma' is applied to a2 instead of z2: a2 (1 - a2) is already "
                          "sigma'(z2); sigmoid(a2) (1 - sigmoid(a2)) is not"),
    "z_for_a_in_sigma_prime2": (lambda D, L, a2, z2: D * z2 * (1 - z2),
                                "sigma'(z2) is written z2 (1 - z2): the formula a (1 - a) needs "
                                "the activation a2, not z2"),
    "da2_for_dz2": (lambda D, L, a2, z2: D,
                    "dL/da2 is used where dL/dz2 belongs: the factor sigma'(z2) = a2 (1 - a2) "
                    "is missing"),
    "loss_for_derivative": (lambda D, L, a2, z2: L * a2 * (1 - a2),
                            "the loss value is used where its derivative belongs: dz2 is built "
                            "from the per-sample loss, not from dL/da2"),
}
HID_VARIANTS = {
    "ok": (lambda a1, z1: a1 * (1 - a1), None),
    "sigma_prime_of_a1": (lambda a1, z1: sigmoid(a1) * (1 - sigmoid(a1)),
                          "sigma' is applied to a1 instead of z1: a1 (1 - a1) is already "
                          "sigma'(z1); sigmoid(a1) (1 - sigmoid(a1)) is not"),
    "z_for_a_in_sigma_prime1": (lambda a1, z1: z1 * (1 - z1),
                                "sigma'(z1) is written z1 (1 - z1): the formula a (1 - a) needs "
                                "the activation a1, not z1"),
    "da1_for_dz1": (lambda a1, z1: np.ones_like(a1),
                    "dL/da1 is used where dL/dz1 belongs: the factor sigma'(z1) = a1 (1 - a1) "
                    "is missing"),
}


def backprop(p, X, a1, z1, dz2, hid="ok", w2_input="a1", act="sigmoid"):
    """Gradients (column layout) given dL/dz2; backprop is linear in dz2."""
    inp = a1 if w2_input == "a1" else z1
    da1 = p["w2"].T @ dz2
    deriv = ACTS[act][1] if hid == "ok" else HID_VARIANTS[hid][0]
    dz1 = da1 * deriv(a1, z1)
    return {"w1": dz1 @ X.T, "b1": dz1.sum(axis=1, keepdims=True), "w2": dz2 @ inp.T,
            "b2": dz2.sum(axis=1, keepdims=True)}


def candidates(p, X, Y, act="sigmoid"):
    """Every candidate gradient at p, unnormalised (c = 1), by (family, out, hid, w2_input),
    plus the y = 1 / y = 0 parts of each family's correct gradient, and the intermediates.
    The hidden layer's mistakes are sigmoid's (sigma' of the wrong quantity): for another
    activation only the correct hidden derivative is a candidate."""
    z1, a1, z2, a2 = forward(p, X, act)
    hids = HID_VARIANTS if act == "sigmoid" else ("ok",)
    out = {}
    parts = {}
    with np.errstate(all="ignore"):
        for fam in FAMILIES:
            D, L = _d_da(fam, a2, Y), _value(fam, a2, Y)
            for ov, (f, _) in OUT_VARIANTS.items():
                dz2 = f(D, L, a2, z2)
                if fam == "bce" and ov == "ok":
                    dz2 = a2 - Y        # the same function, without the division
                for hv in hids:
                    out[(fam, ov, hv, "a1")] = backprop(p, X, a1, z1, dz2, hv, "a1", act)
                out[(fam, ov, "ok", "z1")] = backprop(p, X, a1, z1, dz2, "ok", "z1", act)
            dz2 = (a2 - Y) if fam == "bce" else (a2 - Y) * a2 * (1 - a2)
            parts[fam] = (backprop(p, X, a1, z1, dz2 * (Y > 0.5), act=act),
                          backprop(p, X, a1, z1, dz2 * (Y <= 0.5), act=act))
    inter = {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "dz2_bce": a2 - Y,
             "dz2_se": (a2 - Y) * a2 * (1 - a2)}
    return out, parts, inter
