"""The stage reading's vocabulary (stages.py reads, places.py names where numbers sit): the
records a reading is made of (Stage, Reading, View), what 'agree' means, and the learner's own
quantities on data of one sample, as each parameter carries them (db2 = dz2, dw2 = dz2 a1^T,
db1 = dz1, dw1 = dz1 x^T)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..errors import CheckInputError
from .losses import backprop, flat, forward
H = 1e-3           # the lr stage's smallest lr (then 2 H and 4 H)
REL = 1e-6         # two measured quantities 'agree' to this relative difference
SAT = 1e-3         # an output within this of 0 or 1 is saturated (an epsilon shows there)
TRUE_WORDS = {"sigmoid": "a1 (1 - a1), the sigmoid's derivative",   # each hidden activation's
              "tanh": "1 - a1**2, tanh's derivative", "relu": "(z1 > 0), ReLU's derivative"}


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
    """How the reading reaches the learner: `ask(p, X, Y, lr=None, seed=None)` (stages.py), its
    kind ('grad' or 'step'), the parameters judged, the net, the target (losses.Target)."""

    ask: Callable
    kind: str
    names: tuple
    net: object
    target: object
    eps: float = float(np.finfo(float).eps)   # the rounding of the learner's arrays (float32's)
    assumed: bool = False    # no net check knows fits any parameter: `net` is only the first

    @property
    def what(self):
        return "step" if self.kind == "step" else "gradient"

    @property
    def rel(self):
        """Two of its quantities agree to this: REL, or where coarser (float32 arrays) a step's
        rounding read at lr H (its move rounds at eps |p|: eps / H, with room)."""
        return max(REL, 1e2 * self.eps / H) if self.kind == "step" else REL


def _moved(p, out, names):
    """p - out, flat: minus the displacement of a step that returned out."""
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


def _move(view, p, X, Y, lr, seed=None):
    """What one call does, flat: the gradient returned, or minus the step's displacement."""
    out = view.ask(p, X, Y, lr, seed)
    return _moved(p, out, view.names) if view.kind == "step" else flat(out, view.names)


def _true_dz2(a2, Y, net, fam):
    """The family's true dz2 per sample, its constant 1: a2 - y (BCE, or a linear output's
    squared error), (a2 - y) a2 (1 - a2) (a sigmoid output's squared error)."""
    return (a2 - Y) * (a2 * (1 - a2) if fam == "se" and net.out == "sigmoid" else 1.0)


def _true_grad(p, X, Y, net, fam, c=1.0):
    """c times the backprop of the family's true dz2 (column layout)."""
    z1, a1, _, a2 = forward(p, X, net)
    dz2 = _true_dz2(a2, Y, net, fam)
    return {k: c * v for k, v in backprop(p, X, a1, z1, dz2, net=net).items()}


def _one_sample(view, p, X, Y, seed):
    """{sample i: the learner's gradient on data of sample i alone} (a step: -move / H)."""
    return {i: _grad_at(view, p, X[:, [i]], Y[:, [i]], seed) for i in range(X.shape[1])}


def _grad_at(view, p, X, Y, seed):
    """The learner's gradient on data X, Y (a step: -move / H), of the right-shaped parameters."""
    out = view.ask(p, X, Y, H if view.kind == "step" else None, seed)
    return {k: (p[k] - out[k]) / H if view.kind == "step" else out[k]
            for k in view.names if np.shape(out.get(k)) == p[k].shape}


def _dz2s(g, a1):
    """The learner's dL/dz2 (a number) as each output-layer parameter carries it: db2 = dz2,
    dw2 = dz2 a1^T (read by least squares; None where a1 is zero)."""
    out = {"b2": float(np.ravel(g["b2"])[0])} if "b2" in g else {}
    if "w2" in g:
        out["w2"] = _fit(np.ravel(g["w2"]), np.ravel(a1))
    return out


def _dz2(g, a1, source=None):
    """The learner's dL/dz2 from `source` (b2 or w2), else from the first it has."""
    d = _dz2s(g, a1)
    return d.get(source or next(iter(d), None))


CARRY = {"b2": "db2 = dz2", "w2": "dw2 = dz2 a1^T", "b1": "db1 = dz1", "w1": "dw1 = dz1 x^T"}


def _carried(st, kind, what):
    """One stage from those read off each parameter that carries its quantity (st: {param: Stage},
    the preferred first): where some agree and others do not, the others' own lines are named,
    not `what`; measured['from']: the parameter it is read from."""
    good, bad = [k for k in st if st[k].ok], [k for k in st if not st[k].ok]
    k = (good or bad)[0]
    text = st[k].text
    if good and bad:
        text = (f"{text}, as d{k} carries it ({CARRY[k]}); read from d{bad[0]} ({CARRY[bad[0]]}) "
                f"instead, {st[bad[0]].measured.get('alone', st[bad[0]].text)}: the error is in "
                f"{bad[0]}'s own "
                f"{'update or gradient' if kind == 'step' else 'gradient'} line, not in {what}")
    named = {"named_line": (bad[0], st[bad[0]].text)} if good and bad and \
        "input" in st[bad[0]].measured else {}    # a line the reading names (_named_input)
    return Stage(st[k].name, not bad or bool(good), text, {**st[k].measured, "from": k, **named})


class OutOfScope(CheckInputError):
    """A net check cannot judge (a tanh output, say): one line saying what was found."""


def _floor(view, p, wants):
    """What counts as equal at one point: REL of its largest true dz2, and a step's rounding
    (at the precision of the learner's arrays: a float32 step's is coarse)."""
    big = max(abs(w) for w in wants)
    pmax = max(1.0, max(float(np.abs(v).max()) for v in p.values()))
    return REL * big + (1e3 * view.eps * pmax / H if view.kind == "step" else 1e-15)


def _dz1s(g, x):
    """The learner's dz1 as each hidden-layer parameter carries it: db1 = dz1, dw1 = dz1 x^T
    (none from dw1 where x is zero)."""
    out = {"b1": np.asarray(g["b1"]).reshape(-1, 1)} if "b1" in g else {}
    if "w1" in g and float(np.vdot(x, x)) > 0:
        out["w1"] = g["w1"] @ x / float(np.vdot(x, x))
    return out
