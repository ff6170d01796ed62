"""The learner's layout and form, and the conversion to and from the checker's own.

Inside, everything is in the question's column layout: X (2, m), Y (1, m), w1 (h, 2), b1 (h, 1),
w2 (1, h), b2 (1, 1). A learner may keep one sample per row instead (X (m, 2), Y (m, 1),
w1 (2, h), b1 (1, h) or (h,), w2 (h, 1), b2 (1, 1), (1,) or a scalar), may have no biases, and
may hand in a gradient function or a whole training step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..contract import PARAM_NAMES

STEP_ARG_NAMES = ("lr", "learning_rate", "alpha", "eta")


@dataclass
class Form:
    layout: str = "columns"          # "columns" or "rows"
    biases: bool = True
    kind: str = "grad"               # "grad" (returns the gradient) or "step" (one training step)
    hidden: int = 2
    bias_shapes: dict = field(default_factory=dict)   # rows: the learner's own b1, b2 shapes
    low_dtypes: set = field(default_factory=set)      # float32 or float16 seen in its results

    @property
    def names(self):
        return list(PARAM_NAMES) if self.biases else ["w1", "w2"]

    def shape(self, k):
        """The shape of parameter k in the learner's layout."""
        h = self.hidden
        if self.layout == "columns":
            return {"w1": (h, 2), "b1": (h, 1), "w2": (1, h), "b2": (1, 1)}[k]
        if k in self.bias_shapes:
            return self.bias_shapes[k]
        return {"w1": (2, h), "b1": (1, h), "w2": (h, 1), "b2": (1, 1)}[k]

    def describe(self):
        shapes = ", ".join(f"{k} {self.shape(k)}" for k in self.names)
        data = "X (2, m), Y (1, m)" if self.layout == "columns" else "X (m, 2), Y (m, 1)"
        what = "a training step" if self.kind == "step" else "a gradient"
        return (f"{what}, {self.layout} layout ({data}, {shapes}), {self.hidden} hidden units"
                f"{'' if self.biases else ', no biases'}")


def to_learner(form: Form, p: dict) -> list:
    """Column-layout parameters -> the learner's arrays, in the order the function takes them."""
    out = []
    for k in form.names:
        a = np.array(p[k], dtype=np.float64)
        if form.layout == "rows":
            a = a.T.reshape(form.shape(k)) if k.startswith("b") else a.T.copy()
        out.append(a)
    return out


def data_to_learner(form: Form, X, Y) -> list:
    return [X.copy(), Y.copy()] if form.layout == "columns" else [X.T.copy(), Y.T.copy()]


def data_from_learner(X, Y):
    """X, Y as the learner may hand them in: one sample per row (X (m, 2), Y (m, 1) or (m,))
    becomes the column layout; anything else is left for the contract to judge."""
    if X is None or Y is None:
        return X, Y
    X, Y = np.asarray(X), np.asarray(Y)
    if X.ndim == 2 and X.shape[1] == 2 and X.shape[0] != 2 and Y.shape in ((X.shape[0], 1), (X.shape[0],)):
        return X.T, Y.reshape(1, -1)
    return X, Y


def fits(form: Form, k, a) -> bool:
    """True when array a can stand for parameter k: its shape, or a bias of the same size that
    works the same way: in the row layout any one-row shape ((h,), (1, h); (), (1,), (1, 1)),
    in the column layout a shape that broadcasts onto it without change."""
    want = form.shape(k)
    if a.shape == want:
        return True
    if not k.startswith("b") or a.size != int(np.prod(want)):
        return False
    if form.layout == "rows" and a.ndim <= 2 and (a.ndim == 0 or a.shape[-1] == a.size):
        return True      # (h,) or (1, h); (), (1,) or (1, 1): one row, broadcast over samples
    try:
        return np.broadcast_shapes(want, a.shape) == want
    except ValueError:
        return False


def from_learner(form: Form, k, a) -> np.ndarray:
    """The learner's array for parameter k (one that fits) -> the column layout."""
    h = form.hidden
    a = np.asarray(a, dtype=np.float64)
    col = {"w1": (h, 2), "b1": (h, 1), "w2": (1, h), "b2": (1, 1)}[k]
    if form.layout == "columns":
        return a.reshape(col)
    if k.startswith("b"):
        return a.reshape(-1).reshape(col)
    return a.T.copy()


def params_from_learner(form: Form, arrays: list) -> dict:
    """The learner's parameter arrays -> a full column-layout dict (zero biases if it has none)."""
    h = form.hidden
    p = {k: from_learner(form, k, a) for k, a in zip(form.names, arrays)}
    p.setdefault("b1", np.zeros((h, 1)))
    p.setdefault("b2", np.zeros((1, 1)))
    return p
