"""The learner's layout and form, and the conversion to and from the checker's own: the
question's columns, X (2, m), Y (1, m), w1 (h, 2), b1 (h, 1), w2 (1, h), b2 (1, 1). A learner may
keep one sample per row instead (X (m, 2), w1 (2, h), b1 (1, h) or (h,), b2 (1,) or a scalar...),
have no biases or pack them another way (Packing), and hand in a gradient or a training step."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..contract import PARAM_NAMES, expected_shapes
from .losses import ACTS, SIGMOID, Arch, zero_biases

STEP_ARG_NAMES = ("lr", "learning_rate", "alpha", "eta")


@dataclass
class Form:
    layout: str = "columns"          # "columns" or "rows"
    biases: bool = True
    kind: str = "grad"               # "grad" (returns the gradient) or "step" (one training step)
    hidden: int = 2
    bias_shapes: dict = field(default_factory=dict)   # rows: the learner's own b1, b2 shapes
    low_dtypes: set = field(default_factory=set)      # float32 or float16 seen in its results
    pinned: dict = field(default_factory=dict)        # a step's entries set whatever lr (probe)
    part: tuple | None = None        # a step returning some parameters, changing the rest in place
    net: Arch = SIGMOID               # the net (found by the exact fit, ACTIVATION/OUTPUT, FORWARD)
    assumed: bool = False            # no net fits any parameter: `net` is the first one tried
    random: str | None = None        # "seedable" or "unseedable": two calls at one point differ
    seed: int = 0                    # a random function's generators are set from this per call
    seeded: bool | None = None       # a random file: two fresh imports take the same random steps
    generator: str | None = None     # a random step draws from: "numpy", "random" or "own"
    momentum: float | None = None    # a step keeping state v = beta v + lr g: judged on its g
    schedule: dict | None = None     # state that scales the move (an lr schedule): a fresh run's
    schedule_at: dict | None = None  # first call at schedule_at (the start), the gradient followed
    packing: "Packing | None" = None   # biases folded into the weights, (out, in) weights...

    @property
    def act(self):
        return self.net.act

    @property
    def what(self):
        return "step" if self.kind == "step" else "gradient"

    def units(self):
        """'2 tanh hidden units' (', a linear output')."""
        act = ACTS[self.act][2]
        if self.assumed:
            return f"{self.hidden} hidden units, taken as {act}: no net check knows fits any " \
                   "parameter of yours"
        return f"{self.hidden} {act} hidden units" + \
            (", a linear output" if self.net.out == "linear" else "")

    @property
    def names(self):
        """The parameters judged, by the checker's names (a packing's biases among them)."""
        if self.packing is not None:
            return list(self.packing.canon)
        return list(PARAM_NAMES) if self.biases else ["w1", "w2"]

    @property
    def arg_names(self):
        """The learner's own parameter arrays, in the order the function takes them."""
        return list(self.packing.args) if self.packing is not None else self.names

    def shape(self, k):
        """The shape of parameter k in the learner's layout (rows: each array transposed)."""
        col = expected_shapes(self.hidden)
        if self.packing is not None:
            return self.bias_shapes.get(k) or self.packing.shapes(self.hidden).get(k, col.get(k))
        return self.bias_shapes.get(k, col[k] if self.layout == "columns" else col[k][::-1])

    def describe(self):
        what = f"a {'training step' if self.kind == 'step' else 'gradient'}, "
        if self.packing is not None:
            rows = "one sample per row" if self.packing.layout == "rows" else "samples in columns"
            return f"{what}{rows}, {self.packing.describe(self.hidden, self.bias_shapes)}, " \
                   f"{self.units()}"
        shapes = ", ".join(f"{k} {self.shape(k)}" for k in self.names)
        return f"{what}{self.layout} layout ({_data(self.layout)}{shapes}), {self.units()}" + \
            ("" if self.biases else ", no biases")


# name -> (the checker's parameters it has, the ones stored transposed, in words); one whose
# transposed ones are None takes w1 and w2, a bias row stacked on each (`where`: last or first)
PACKINGS = {
    "out_in": (PARAM_NAMES, ("b1", "b2"), "weights stored (out, in)"),
    "in_out_columns": (PARAM_NAMES, ("w1", "w2"), "weights stored (in, out), z1 = w1.T @ X"),
    "hidden_only": (("w1", "b1", "w2"), ("w1", "b1", "w2"), "a bias on the hidden layer only"),
    "hidden_only_columns": (("w1", "b1", "w2"), (), "a bias on the hidden layer only"),
    "w2_row": (PARAM_NAMES, ("w1", "b1", "b2"),
               "w1 stored (in, out), w2 (out, in) as a row: z2 = a1 @ w2.T"),
    "x_h_ones": (PARAM_NAMES, None,
                 "both biases as weight rows through ones columns (in X and in the hidden layer)"),
    "x_ones": (("w1", "b1", "w2"), None,
               "the hidden bias as a row of w1 through the ones column in X, no output bias"),
    "stacked": (PARAM_NAMES, None, "the biases as rows stacked {where} on w1 and w2"),
    "h_ones": (("w1", "w2", "b2"), None, "no hidden bias; the output bias as a row of w2 "
                                         "through a ones column in the hidden layer"),
}
FLIPPED = {name: v[1] for name, v in PACKINGS.items() if v[1] is not None}


class Packing:
    """A learner's net whose arrays are not (w1, b1, w2, b2) one for one (PACKINGS); each maps
    entry for entry onto the checker's parameters `canon`, a gradient as its parameter. A name
    starting x_ has a ones column in X; one ending _columns keeps samples in columns."""

    def __init__(self, name, where="last"):
        self.name, self.where = name, where
        self.canon, self.flipped, self.words = PACKINGS[name]
        self.args = self.canon if self.flipped is not None else ("w1", "w2")
        self.ones_in_x = name.startswith("x_")
        self.layout = "columns" if name.endswith("_columns") else "rows"

    def pack(self, p):   # column-layout parameters -> the learner's arrays
        if self.flipped is not None:
            return [p[k].T.copy() if k in self.flipped else p[k].copy() for k in self.args]
        last = self.where == "last"   # w (out, in), b (out, 1) stacked -> (in + 1, out)
        return [np.vstack([p[w].T, p[b].T] if last else [p[b].T, p[w].T]) if b in self.canon
                else p[w].T.copy() for w, b in (("w1", "b1"), ("w2", "b2"))]

    def unpack(self, arrays, hidden):
        """The learner's arrays (a dict by self.args) -> the checker's, or ValueError."""
        a = {k: np.asarray(arrays[k], dtype=np.float64) for k in self.args}
        want = self.shapes(hidden)
        for k in self.args:
            if not _fits_packed(a[k], want[k]):
                raise ValueError(f"{k} of shape {a[k].shape}, expected {want[k]}")
            a[k] = a[k].reshape(want[k])
        p = {"b1": np.zeros((hidden, 1)), "b2": np.zeros((1, 1))}
        if self.flipped is not None:
            p.update({k: a[k].T if k in self.flipped else a[k] for k in self.args})
        else:
            for wk, bk in (("w1", "b1"), ("w2", "b2")):
                w = a[wk]
                if bk in self.canon:   # a bias row stacked on the weight: split off
                    w, p[bk] = (w[:-1], w[-1:].T) if self.where == "last" else (w[1:], w[:1].T)
                p[wk] = w.T
        return {k: v.copy() for k, v in p.items()}

    def shapes(self, h):
        if self.flipped is not None:
            col = expected_shapes(h)
            return {k: col[k][::-1] if k in self.flipped else col[k] for k in self.args}
        return {"w1": (3 if "b1" in self.canon else 2, h),
                "w2": (h + 1 if "b2" in self.canon else h, 1)}

    def turned(self, k):
        """Whether parameter k sits in the learner's arrays transposed from the column layout."""
        return self.flipped is None or k in self.flipped

    def short(self, h, where="last or first", data="", given=None):
        """Its words and the shapes of its arrays (a bias as INIT() gave it: `given`)."""
        shapes = ", ".join(f"{k} {v}" for k, v in {**self.shapes(h), **(given or {})}.items())
        return f"{self.words.format(where=where)} ({data}{shapes})"

    def describe(self, h, given=None):
        """In words, with X, Y and the shapes of its arrays."""
        data = _data(self.layout, self.where if self.ones_in_x else None)
        return self.short(h, self.where, data, given)


def _data(layout, ones=None):
    """'X (m, 2), Y (m, 1), ' in the learner's layout (`ones`: where a ones column in X sits)."""
    if layout == "columns":
        return "X (2, m), Y (1, m), "
    return f"X (m, 3) with a ones column {ones}, Y (m, 1), " if ones else "X (m, 2), Y (m, 1), "


def packings(n_params):
    """The packings a function taking n_params parameter arrays may use, most common first."""
    if n_params in (3, 4):
        return [Packing(name) for name in FLIPPED if len(PACKINGS[name][0]) == n_params]
    return [Packing(name, where) for where in ("last", "first")
            for name in PACKINGS if name not in FLIPPED]


def to_learner(form: Form, p: dict) -> list:
    """Column-layout parameters -> the learner's arrays, in the order the function takes them
    (a bias as INIT() gave it, (h,) say, where it has one of the same size)."""
    if form.packing is not None:
        arrays = form.packing.pack(p)
    else:
        turn = form.names if form.layout == "rows" else ()
        arrays = [np.array(p[k].T if k in turn else p[k], dtype=np.float64) for k in form.names]
    shapes = [form.bias_shapes.get(k, a.shape) for k, a in zip(form.arg_names, arrays)]
    return [a.reshape(s) if a.size == int(np.prod(s)) else a for a, s in zip(arrays, shapes)]


def data_to_learner(form: Form, X, Y) -> list:
    pk = form.packing
    if (form.layout if pk is None else pk.layout) == "columns":
        return [X.copy(), Y.copy()]
    if pk is None or not pk.ones_in_x:
        return [X.T.copy(), Y.T.copy()]
    ones = np.ones((X.shape[1], 1))
    return [np.hstack([X.T, ones] if pk.where == "last" else [ones, X.T]), Y.T.copy()]


def data_from_learner(X, Y):
    """X (m, 2), Y (m, 1) or (m,) -> the column layout; anything else is left to the contract."""
    if X is None or Y is None:
        return X, Y
    X, Y = np.asarray(X), np.asarray(Y)
    m = X.shape[0] if X.ndim == 2 else None
    if X.ndim == 2 and X.shape[1] == 2 and m != 2 and Y.shape in ((m, 1), (m,)):
        return X.T, Y.reshape(1, -1)
    return X, Y


def fits(form: Form, k, a) -> bool:
    """Whether array a can stand for parameter k: its shape, or a bias of its size that works
    the same: any one-row shape in rows, one that broadcasts onto it unchanged in columns."""
    if form.packing is not None:
        return _fits_packed(a, form.packing.shapes(form.hidden)[k])
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


def _fits_packed(a, want) -> bool:
    """As many entries as shape `want`, and that shape where it has two axes."""
    return a.size == int(np.prod(want)) and (a.ndim != 2 or a.shape == want)


def from_learner(form: Form, k, a) -> np.ndarray:
    """The learner's array for parameter k (one that fits) -> the column layout."""
    a = np.asarray(a, dtype=np.float64)
    if form.layout == "columns" or k.startswith("b"):
        return a.reshape(expected_shapes(form.hidden)[k])
    return a.T.copy()


def params_from_learner(form: Form, arrays: list) -> dict:
    """The learner's parameter arrays -> a full column-layout dict (zero biases if it has none)."""
    if form.packing is not None:
        return form.packing.unpack(dict(zip(form.arg_names, arrays)), form.hidden)
    return zero_biases({k: from_learner(form, k, a) for k, a in zip(form.names, arrays)},
                       form.hidden, form.names)
