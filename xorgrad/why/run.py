"""One net's run, measured step by step: the loss, the hidden pre-activations, the weights'
length (float64, NumPy, check's forward and backprop); then the same run continued, the
gradient and the Hessian where it ended. fate.py names the fate from these facts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checker.losses import NAMED, backprop, forward
from ..contract import PARAM_NAMES, learned_xor
from . import population
from .population import Plan, Spec


@dataclass
class Case:
    """A learner's run: the net and loss (Spec), its start (column layout, one net), lr and
    steps, the data."""

    spec: Spec
    start: dict
    lr: float
    steps: int
    X: np.ndarray
    Y: np.ndarray

    @property
    def hidden(self) -> int:
        return int(self.start["w1"].shape[0])


def grad(p, spec: Spec, X, Y, passed=None) -> dict:
    """check's reference gradient of the named loss (untrained parameters: zero); `passed`:
    the forward pass at p where it is already made."""
    family, c, _ = NAMED[spec.loss]
    c = c(X.shape[1])
    z1, a1, z2, a2 = passed if passed is not None else forward(p, X, spec.net)
    dz2 = c * (a2 - Y) if family == "bce" else \
        c * (a2 - Y) * (a2 * (1 - a2) if spec.net.out == "sigmoid" else 1.0)
    g = backprop(p, X, a1, z1, dz2, net=spec.net)
    return {k: g[k] if k in spec.trained else np.zeros_like(g[k]) for k in PARAM_NAMES}


def trajectory(case: Case) -> dict:
    """The run, every step: losses (steps + 1), z1 (steps + 1, h, m), |w| (steps + 1), whether
    the outputs learn XOR (steps + 1), and the final parameters. The loop keeps what each step
    computes anyway (z1, z2, a2, the weights); the loss, |w| and "learned" are read from those
    for every step at once afterwards."""
    p = {k: np.array(case.start[k], np.float64) for k in PARAM_NAMES}
    z1s, z2s, a2s, w1s, w2s = [], [], [], [], []
    with np.errstate(all="ignore"):
        for step in range(case.steps + 1):
            passed = z1, _, z2, a2 = forward(p, case.X, case.spec.net)   # one pass a step
            z1s.append(z1)
            z2s.append(z2)
            a2s.append(a2)
            w1s.append(p["w1"])
            w2s.append(p["w2"])
            if step < case.steps:
                g = grad(p, case.spec, case.X, case.Y, passed)
                p = {k: p[k] - case.lr * g[k] for k in PARAM_NAMES}
        z2s, a2s, w1s, w2s = (np.array(v) for v in (z2s, a2s, w1s, w2s))
        losses = population.loss_from(case.spec, z2s, a2s, case.Y, axis=(1, 2))
        norms = np.sqrt(np.sum(w1s ** 2, axis=(1, 2)) + np.sum(w2s ** 2, axis=(1, 2)))
    return {"losses": np.asarray(losses, np.float64), "z1": np.array(z1s), "norms": norms,
            "learned": learned_xor(a2s[:, 0, :], case.Y), "end": p}


def flat_names(spec: Spec) -> tuple:
    return tuple(k for k in PARAM_NAMES if k in spec.trained)


def hessian(p, spec: Spec, X, Y, h: float = 1e-5) -> np.ndarray:
    """The Hessian of the named loss over the trained parameters (contract.flatten order):
    central differences of the analytic gradient, all 2P perturbed nets in one batched call."""
    names = flat_names(spec)
    flat = np.concatenate([p[k].ravel() for k in names])
    P = flat.size
    shifted = np.concatenate([flat + h * np.eye(P), flat - h * np.eye(P)])   # (2P, P)
    nets = {k: np.repeat(p[k][None], 2 * P, axis=0) for k in PARAM_NAMES}
    i = 0
    for k in names:
        n = p[k].size
        nets[k] = shifted[:, i:i + n].reshape((2 * P,) + p[k].shape)
        i += n
    lanes = population.to_lanes(nets)
    mask = np.ones((p["w1"].shape[0], 2 * P))
    _, _, g = population.gradients(lanes, spec, (X, Y), mask, track=0)
    g = population.from_lanes(g)
    flat_g = np.concatenate([g[k].reshape(2 * P, -1) for k in names], axis=1)
    H = (flat_g[:P] - flat_g[P:]) / (2 * h)
    return (H + H.T) / 2


def stationary(p, spec: Spec, X, Y) -> dict:
    """The gradient's length and the Hessian's eigenvalues (ascending) at p."""
    g = grad(p, spec, X, Y)
    H = hessian(p, spec, X, Y)
    values = np.linalg.eigvalsh(H) if np.all(np.isfinite(H)) else np.full(len(H), np.nan)
    return {"grad_norm": float(np.sqrt(sum(np.sum(g[k] ** 2) for k in flat_names(spec)))),
            "eigenvalues": [float(v) for v in values]}


def run_on(case: Case, p, rounds: int = 9, backend: str | None = None) -> dict:
    """The run continued from p in stretches of `steps` (float64), up to `rounds` more: the
    first step (counted from the start) whose outputs learn XOR, or None; the loss and |w| at
    the end of each stretch; the final parameters."""
    backend = backend or population.cheaper_backend(rounds * case.steps, rounds * case.steps)
    one = {k: np.asarray(p[k], np.float64)[None] for k in PARAM_NAMES}
    losses, norms, learned_at, done = [], [], None, case.steps
    for _ in range(rounds):
        r = population.train(one, Plan(case.spec, case.steps, X=case.X, Y=case.Y), case.lr,
                             backend=backend)
        one = r.params
        if r.first_learned[0] >= 0 and learned_at is None:
            learned_at = done + int(r.first_learned[0])
        done += case.steps
        losses.append(float(r.final_loss[0]))
        norms.append(float(np.sqrt(np.sum(one["w1"] ** 2) + np.sum(one["w2"] ** 2))))
        if learned_at is not None and r.learned[0]:
            break
    end = {k: v[0] for k, v in one.items()}
    return {"learned_at": learned_at, "steps": done, "losses": losses, "norms": norms,
            "end": end, "learned": bool(learned_xor(forward(end, case.X, case.spec.net)[3][0],
                                                    case.Y))}
