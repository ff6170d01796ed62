"""The stage reading's records, what 'agree' means, and the learner's own quantities on data of one
sample as each parameter carries them (db2 = dz2, dw2 = dz2 a1^T, ...)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..errors import CheckInputError
from .losses import backprop, forward

H = 1e-3           # the lr stage's smallest lr (then 2 H and 4 H)
REL = 1e-6         # two measured quantities 'agree' to this relative difference
SAT = 1e-3         # an output within this of 0 or 1 is saturated (an epsilon shows there)
TRUE_WORDS = {"sigmoid": "a1 (1 - a1), the sigmoid's derivative",   # each hidden activation's
              "tanh": "1 - a1**2, tanh's derivative", "relu": "(z1 > 0), ReLU's derivative"}
CARRY = {"b2": "db2 = dz2", "w2": "dw2 = dz2 a1^T", "b1": "db1 = dz1", "w1": "dw1 = dz1 x^T"}


@dataclass(frozen=True)
class Stage:
    name: str                      # calls, lr, output, hidden
    ok: bool
    text: str                      # in the learner's terms
    measured: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Reading:
    stages: tuple = ()

    @property
    def first_wrong(self):
        return next((s for s in self.stages if not s.ok), None)

    def get(self, name):
        return next((s for s in self.stages if s.name == name), None)


@dataclass(frozen=True)
class View:
    """How the reading reaches the learner: `ask(p, X, Y, lr=None, seed=None)`, its kind ('grad' or
    'step'), the parameters judged, the net, the target (losses.Target)."""

    ask: Callable
    kind: str
    names: tuple
    net: object
    target: object
    eps: float = float(np.finfo(float).eps)   # the rounding of the learner's arrays (float32's)
    assumed: bool = False    # no net check knows fits any parameter: `net` is only the first
    right: tuple = ()        # the parameters the table finds right on all the data

    @property
    def what(self):
        return "step" if self.kind == "step" else "gradient"

    @property
    def family(self):   # the target's loss family where check knows it, else the net's first
        return self.target.family if self.target.family in ("bce", "se") else self.net.families[0]

    @property
    def rel(self):
        """REL, or a float32 step's rounding read at lr H (its move rounds at eps |p|: eps / H)."""
        return max(REL, 1e2 * self.eps / H) if self.kind == "step" else REL


class OutOfScope(CheckInputError):
    """A net check cannot judge (a tanh output, say): one line saying what was found."""


def _moved(p, out, names):
    """p - out, flat: minus the move of a step that returned out."""
    return np.concatenate([np.ravel(p[k] - out[k]) for k in names])


def _agree(a, b, rel=REL):
    scale = max(float(np.abs(a).max(initial=0.0)), float(np.abs(b).max(initial=0.0)), 1e-300)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= rel * scale + 1e-15))


def _cosine(a, b) -> float:
    return float(np.vdot(a, b)) / max(1e-300, float(np.linalg.norm(a) * np.linalg.norm(b)))


def _fit(u, r):
    """c in u ~ c r (least squares); None where r is zero."""
    den = float(np.vdot(r, r))
    return float(np.vdot(u, r)) / den if den > 0 else None


def _true_dz2(a2, Y, net, fam):
    """The family's true dz2 per sample (constant 1): a2 - y, times a2 (1 - a2) for a sigmoid SE."""
    return (a2 - Y) * (a2 * (1 - a2) if fam == "se" and net.out == "sigmoid" else 1.0)


def _true_grad(p, X, Y, net, fam, c=1.0):
    """c times the backprop of the family's true dz2 (column layout)."""
    z1, a1, _, a2 = forward(p, X, net)
    dz2 = _true_dz2(a2, Y, net, fam)
    return {k: c * v for k, v in backprop(p, X, a1, z1, dz2, net=net).items()}


def _each(view, points, X, Y, seed):
    """(point name, p, sample i, the learner's gradient on sample i alone, x, z1, a1, z2, a2)."""
    for name, p in points:
        for i in range(X.shape[1]):
            g = _grad_at(view, p, X[:, [i]], Y[:, [i]], seed)
            yield (name, p, i, g, X[:, [i]], *forward(p, X[:, [i]], view.net))


def _grad_at(view, p, X, Y, seed):
    """The learner's gradient on data X, Y (a step: -move / H), of the right-shaped parameters."""
    out = view.ask(p, X, Y, H if view.kind == "step" else None, seed)
    return {k: (p[k] - out[k]) / H if view.kind == "step" else out[k]
            for k in view.names if np.shape(out.get(k)) == p[k].shape}


def _dz2(g, a1, source=None):
    """The learner's dz2 as `source` (else b2, else w2) carries it: db2, or dw2 over a1; or None."""
    source = source or next((k for k in ("b2", "w2") if k in g), None)
    if source not in g:
        return None
    return float(np.ravel(g["b2"])[0]) if source == "b2" else _fit(np.ravel(g["w2"]), np.ravel(a1))


def _dz1s(g, x):
    """The learner's dz1 as b1 and w1 carry it: db1 = dz1, dw1 = dz1 x^T (none where x is 0)."""
    out = {"b1": np.asarray(g["b1"]).reshape(-1, 1)} if "b1" in g else {}
    if "w1" in g and float(np.vdot(x, x)) > 0:
        out["w1"] = g["w1"] @ x / float(np.vdot(x, x))
    return out


def _carried(st, kind, what):
    """One stage of those read off each carrier (st: {param: Stage}, the preferred first): where
    some agree and others not, the others' own lines are named, not `what`; measured['from']."""
    good, bad = [k for k in st if st[k].ok], [k for k in st if not st[k].ok]
    k = (good or bad)[0]
    text, named = st[k].text, {}
    if good and bad:
        b = bad[0]
        text = (f"{text}, as d{k} carries it ({CARRY[k]}); read from d{b} ({CARRY[b]}) instead, "
                f"{st[b].measured.get('alone', st[b].text)}: the error is in {b}'s own "
                f"{'update or gradient' if kind == 'step' else 'gradient'} line, not in {what}")
        if "input" in st[b].measured:    # a line the reading names (_named_input)
            named = {"named_line": (b, st[b].text)}
    return Stage(st[k].name, not bad or bool(good), text, {**st[k].measured, "from": k, **named})


def _floor(view, p, wants):
    """What counts as equal at one point: REL of its largest true dz2, and a step's rounding."""
    big = max(abs(w) for w in wants)
    pmax = max(1.0, max(float(np.abs(v).max()) for v in p.values()))
    return REL * big + (1e3 * view.eps * pmax / H if view.kind == "step" else 1e-15)
