"""Many nets trained at once: the population behind "how often" (share.py) and behind a run
continued to find its fate (fate.py).

A population is every parameter with a leading axis N, in the column layout of
`xorgrad.checker.losses` (w1 (N, h, 2), b1 (N, h, 1), w2 (N, 1, h), b2 (N, 1, 1)); each net may
have its own learning rate (lr: (N,)) and its own width (mask: (N, h), 0 for a unit it does not
have: that unit's weights start at 0 and its gradient is masked, so a 2-2-1 net is a 2-3-1 net
with one unit switched off, exactly). The net (hidden activation, output unit) and the loss are
check's: `Spec(net, loss_name, trained)`. Plain gradient descent, the same maths as
`check.consequence.true_run`, batched over N; with JAX installed the loop is one jitted
`lax.fori_loop` (`backend="jax"`: its step is written unit by unit so that XLA fuses it into
one pass, about 10 ns a net-step in float32 against NumPy's 100, after an import of about a
second and a compilation of a few tenths for each shape), or
NumPy (`backend="numpy"`: the package needs nothing else); by default the cheaper for the run
(`cheaper_backend`). Both give the same numbers to rounding; float32 trains twice the nets per
second of float64.

What a run keeps, per net: the final parameters, the final loss, the first step at which it
had learned XOR (-1: never; `learned_xor` on the outputs before that step's update), and for
the first `track` nets the loss before every step (a curve to draw).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..checker.losses import NAMED, SIGMOID, Arch
from ..contract import learned_xor

PARAMS = ("w1", "b1", "w2", "b2")


@dataclass(frozen=True)
class Spec:
    """What every net of a population is: check's Arch, the named loss it descends, and which
    parameters its update changes (a learner without biases keeps b1, b2 at zero)."""

    net: Arch = SIGMOID
    loss: str = "bce_mean"
    trained: tuple = PARAMS


@dataclass(frozen=True)
class Plan:
    """How a population trains: what every net is (Spec), for how many steps, how many nets'
    loss curves to keep (the first `track`), in which dtype, on which data (None: XOR)."""

    spec: Spec
    steps: int
    track: int = 0
    dtype: str = "float64"
    X: object = None
    Y: object = None

    def data(self, dtype=None):
        """(X, Y) as arrays of `dtype` (the plan's own by default)."""
        X, Y = _xy(self.X, self.Y)
        return X.astype(dtype or self.dtype), Y.astype(dtype or self.dtype)


@dataclass(frozen=True)
class GoOn:
    """After a plan's steps, the first `nets` nets, their first `width` units, go on for `steps`
    more (the what-if table's "10x the steps" continues its first row): under JAX through the
    same compiled loop when they make one block of the population's shape (_jax.py)."""

    nets: int
    width: int
    steps: int


@dataclass
class Run:
    """A population after training: arrays with a leading axis N."""

    params: dict                 # the final parameters
    final_loss: np.ndarray       # (N,) the loss after the last update
    first_learned: np.ndarray    # (N,) the first step whose outputs learn XOR, -1 never
    learned: np.ndarray          # (N,) bool: learns XOR after the last update
    outputs: np.ndarray          # (N, 4) the outputs after the last update
    curves: np.ndarray           # (track, steps + 1) the loss before each step, and at the end
    steps: int
    backend: str
    extra: dict = field(default_factory=dict)     # "go_on": the continued nets' Run (GoOn)


# What training costs, measured on a 2-core CPU (seconds): NumPy pays per loop step and per
# net-step; JAX pays its import (once a process) and each compilation, then less per step.
NUMPY_STEP, NUMPY_NET_STEP = 30e-6, 100e-9
JAX_START, JAX_COMPILE, JAX_STEP, JAX_NET_STEP = 1.0, 0.5, 3e-6, 10e-9   # float32, in blocks


def cheaper_backend(loop_steps: int, net_steps: int, compiles: int = 1) -> str:
    """'jax' where it is installed and its import and compilations pay for themselves on this
    work (loop steps in all, net-steps in all), else 'numpy'."""
    if not have_jax():
        return "numpy"
    import sys
    start = 0.0 if "jax" in sys.modules else JAX_START
    numpy = loop_steps * NUMPY_STEP + net_steps * NUMPY_NET_STEP
    jax = start + compiles * JAX_COMPILE + loop_steps * JAX_STEP + net_steps * JAX_NET_STEP
    return "jax" if jax < numpy else "numpy"


def have_jax() -> bool:
    """Whether JAX is installed (found, not imported: its import is a cost of its own)."""
    import importlib.util
    return importlib.util.find_spec("jax") is not None


def _xy(X=None, Y=None):
    from ..contract import XOR_X, XOR_Y
    return (np.asarray(XOR_X if X is None else X, np.float64),
            np.asarray(XOR_Y if Y is None else Y, np.float64))


def _masks(params, mask, lr, n):
    h = params["w1"].shape[1]
    mask = np.ones((n, h)) if mask is None else np.asarray(mask, np.float64).reshape(n, h)
    lr = np.broadcast_to(np.asarray(lr, np.float64), (n,)).copy()
    return mask, lr


def train(params, plan: Plan, lr, mask=None, backend: str | None = None,
          go_on: GoOn | None = None) -> Run:
    """Train the population `params` (arrays with a leading axis N) as `plan` says, each net
    at its lr (a number or (N,)); mask (N, h): 0 switches a unit off. float32 plans train
    twice the nets per second (for shares: a share is a count, not a curve). go_on: the first
    nets continued (GoOn), their Run in the result's extra["go_on"]."""
    n = params["w1"].shape[0]
    mask, lr = _masks(params, mask, lr, n)
    spec, steps, X, Y = plan.spec, int(plan.steps), *_xy(plan.X, plan.Y)
    plan = Plan(spec, steps, min(int(plan.track), n), plan.dtype, X, Y)
    p = {k: np.array(params[k], np.float64) for k in PARAMS}
    p["w1"], p["b1"] = p["w1"] * mask[:, :, None], p["b1"] * mask[:, :, None]
    p["w2"] = p["w2"] * mask[:, None, :]
    more = 0 if go_on is None else go_on.nets * go_on.steps
    backend = backend or cheaper_backend(steps, n * steps + more)
    if backend not in ("numpy", "jax"):
        raise ValueError(f"backend must be 'numpy' or 'jax', got {backend!r}")
    q, lane_mask = to_lanes(p), np.ascontiguousarray(mask.T)
    if backend == "jax":
        from ._jax import train_jax
        q, first, curves, went_on = train_jax(q, plan, lr, lane_mask, go_on)
    else:
        q, first, curves = _train_threads(q, plan, lr, lane_mask)
    run = _run(from_lanes(q), first, curves, plan, backend)
    if go_on is not None:
        w, k = go_on.width, go_on.nets
        sub = {"w1": run.params["w1"][:k, :w], "b1": run.params["b1"][:k, :w],
               "w2": run.params["w2"][:k, :, :w], "b2": run.params["b2"][:k]}
        later = Plan(spec, go_on.steps, 0, plan.dtype, X, Y)
        run.extra["go_on"] = _run(from_lanes(went_on[0]), went_on[1], np.empty((0, 1)), later,
                                  backend) if backend == "jax" else \
            train(sub, later, lr[:k], mask[:k, :w], backend)
    return run


def _run(p, first, curves, plan, backend) -> Run:
    """A Run from the loop's final parameters (column layout) and first steps: the loss and
    outputs in float64 from the final parameters."""
    loss, a2 = loss_and_outputs(p, plan.spec, plan.X, plan.Y)
    learned = learned_xor(a2, plan.Y)
    if curves.shape[0]:
        curves[:, plan.steps] = loss[:curves.shape[0]]  # the tracked nets' loss at the end
    first = np.where((first < 0) & learned, plan.steps, first)
    return Run(p, loss, first, learned, a2, curves, int(plan.steps), backend)


def forward(p, spec: Spec, X):
    """(z1, a1, z2, a2) of every net (column layout, N first): z1, a1 (N, h, m); z2, a2
    (N, 1, m)."""
    z1 = p["w1"] @ X + p["b1"]
    a1 = _act(spec.net.act, np)(z1)
    z2 = p["w2"] @ a1 + p["b2"]
    a2 = z2 if spec.net.out == "linear" else 1.0 / (1.0 + np.exp(-z2))
    return z1, a1, z2, a2


def loss_and_outputs(p, spec: Spec, X=None, Y=None):
    """(N,) the named loss of every net and (N, m) its outputs."""
    X, Y = _xy(X, Y)
    with np.errstate(all="ignore"):
        _, _, z2, a2 = forward(p, spec, X)
        loss = loss_from(spec, z2, a2, Y, axis=(1, 2))
    return loss, a2[:, 0, :]


def loss_from(spec: Spec, z2, a2, Y, axis=None):
    """The named loss from the output's logits z2 and outputs a2 (summed over `axis`: the
    samples), computed stably from the logits."""
    family, c, _ = NAMED[spec.loss]
    c = c(Y.shape[-1])
    if family == "bce":
        return c * np.sum(np.logaddexp(0.0, z2) - Y * z2, axis=axis)
    return c * 0.5 * np.sum((a2 - Y) ** 2, axis=axis)


def to_lanes(p):
    """The column layout (N first) as the trainer's own, with the nets on the LAST axis, where
    a CPU's vector lanes run along them: w1 (2, h, N), b1 (h, N), w2 (h, N), b2 (N,)."""
    return {"w1": np.moveaxis(p["w1"], 0, -1).transpose(1, 0, 2).copy(),
            "b1": p["b1"][:, :, 0].T.copy(), "w2": p["w2"][:, 0, :].T.copy(),
            "b2": p["b2"][:, 0, 0].copy()}


def from_lanes(q):
    """to_lanes undone: the column layout with a leading axis N."""
    q = {k: np.asarray(v, np.float64) for k, v in q.items()}
    return {"w1": q["w1"].transpose(2, 1, 0).copy(), "b1": q["b1"].T[:, :, None].copy(),
            "w2": q["w2"].T[:, None, :].copy(), "b2": q["b2"][:, None, None].copy()}


def gradients(q, spec: Spec, data, mask, xp=np, track=None):
    """(loss (N,) or of the first `track` nets only, outputs (m, N), gradients) of every net in
    the lanes layout (to_lanes), masked units (mask (h, N)) and untrained parameters at zero:
    the backprop of check's reference, batched. Activations are (m, h, N), samples first and
    nets last: products with the data are tensordots, every other product runs along the nets'
    axis (NumPy's broadcasting of a per-sample scalar along it is several times slower).
    `xp`: numpy, or jax.numpy for the jitted loop."""
    X, Y = data
    family, c, _ = NAMED[spec.loss]
    c = c(X.shape[1])
    y = Y[0][:, None]                                                      # (m, 1)
    z1 = xp.tensordot(X.T, q["w1"], axes=(1, 0)) + q["b1"][None]          # (m, h, N)
    a1 = _act(spec.net.act, xp)(z1)
    z2 = (a1 * q["w2"][None]).sum(axis=1) + q["b2"]                        # (m, N)
    a2 = z2 if spec.net.out == "linear" else _sigmoid(z2, xp)
    zt = z2[:, :track] if track is not None else z2        # the loss: of the tracked nets
    if family == "bce":
        loss = c * xp.sum(xp.logaddexp(0.0, zt) - y * zt, axis=0)
        dz2 = c * (a2 - y)
    else:
        at = a2[:, :track] if track is not None else a2
        loss = c * 0.5 * xp.sum((at - y) ** 2, axis=0)
        dz2 = c * (a2 - y) * (a2 * (1 - a2) if spec.net.out == "sigmoid" else 1.0)
    dz1 = dz2[:, None, :] * (q["w2"] * mask)[None] * _deriv(spec.net, a1, z1)   # (m, h, N)
    g = {"w1": xp.tensordot(X, dz1, axes=(1, 0)), "b1": dz1.sum(axis=0),
         "w2": (dz2[:, None, :] * a1).sum(axis=0) * mask, "b2": dz2.sum(axis=0)}
    g = {k: g[k] if k in spec.trained else xp.zeros_like(g[k]) for k in PARAMS}
    return loss, a2, g


def _sigmoid(z, xp):
    return 1.0 / (1.0 + xp.exp(-z))


def _act(name, xp):
    if name == "sigmoid":
        return lambda z: _sigmoid(z, xp)
    if name == "tanh":
        return xp.tanh
    return lambda z: xp.maximum(z, 0.0)


def _deriv(net, a1, z1):
    """check's Arch.deriv, written so that jax.numpy runs it too."""
    d = a1 * (1 - a1) if net.act == "sigmoid" else 1 - a1 * a1 if net.act == "tanh" else \
        (z1 > 0) * 1.0
    return d + (z1 == 0) * 1.0 if net.at0 else d


THREADS_FROM = 2000   # nets: from here on the population is split over the CPU's cores


def _train_threads(q, plan, lr, mask):
    """_train_numpy on slices of the nets, one thread per core (NumPy's ufuncs release the
    GIL): the nets are independent, so the result is the same as in one piece."""
    import os
    from concurrent.futures import ThreadPoolExecutor
    n = lr.shape[0]
    k = max(1, min(os.cpu_count() or 1, n // (THREADS_FROM // 2)))
    edges = np.linspace(0, n, k + 1).round().astype(int)
    parts = [slice(a, b) for a, b in zip(edges[:-1], edges[1:])]

    def one(i):
        sl = parts[i]
        part = Plan(plan.spec, plan.steps, plan.track if i == 0 else 0, plan.dtype, plan.X, plan.Y)
        return _train_numpy({key: v[..., sl].astype(plan.dtype) for key, v in q.items()}, part,
                            lr[sl].astype(plan.dtype), mask[:, sl].astype(plan.dtype))
    with ThreadPoolExecutor(k) as ex:
        outs = list(ex.map(one, range(k)))
    if plan.track > parts[0].stop:
        raise ValueError("track more nets than the first slice holds")
    return ({key: np.concatenate([o[0][key] for o in outs], axis=-1) for key in PARAMS},
            np.concatenate([o[1] for o in outs]), outs[0][2])


def _train_numpy(q, plan, lr, mask):
    n = lr.shape[0]
    first = np.full(n, -1)
    spec, steps, track, data = plan.spec, plan.steps, plan.track, plan.data()
    curves = np.empty((track, steps + 1))
    yes = data[1][0][:, None] > 0.5
    with np.errstate(all="ignore"):
        for step in range(steps):
            loss, a2, g = gradients(q, spec, data, mask, track=track)
            curves[:, step] = loss
            first[(first < 0) & np.all(np.isfinite(a2) & ((a2 > 0.5) == yes), axis=0)] = step
            for k in PARAMS:
                q[k] = q[k] - lr * g[k]
    return q, first, curves
