"""The points `check` compares at, and everything known at each: the candidate gradients of the
recognised losses and of known mistakes (losses.py), confirmed against finite differences."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..agreement import compare_grads
from ..contract import (DEFAULT_HIDDEN, DEFAULT_INIT_SCALE, DEFAULT_SEED, expected_shapes,
                        init_params, logit_scale)
from ..oracle import finite_difference_grads
from ..tolerances import FD_STEP
from .losses import candidates, loss_value


@dataclass
class Point:
    """One parameter point (column layout) and everything the checker knows there."""

    name: str
    params: dict
    loss: float                   # mean BCE
    scale: float                  # contract.logit_scale: absolute tolerances are per unit of it
    cands: dict                   # (family, out, hid, w2_input) -> gradient with c = 1
    parts: dict                   # family -> (gradient on the y = 1 samples, on the y = 0 ones)
    inter: dict                   # z1, a1, z2, a2
    act: str = "sigmoid"          # the hidden activation of the net judged against

    def ref(self, family="bce"):
        return self.cands[(family, "ok", "ok", "a1")]


def _fd(p, X, Y, act):
    """Central differences of the mean BCE of the net with hidden activation act."""
    out = {}
    for k, v in p.items():
        g = np.zeros_like(v)
        for idx in np.ndindex(v.shape):
            h = FD_STEP * max(1.0, abs(float(v[idx])))
            hi, lo = {**p, k: v.copy()}, {**p, k: v.copy()}
            hi[k][idx] += h
            lo[k][idx] -= h
            g[idx] = (loss_value("bce_mean", hi, X, Y, act) - loss_value("bce_mean", lo, X, Y, act)) / (2 * h)
        out[k] = g
    return out


def make_point(name, p, X, Y, act="sigmoid") -> Point:
    m = X.shape[1]
    cands, parts, inter = candidates(p, X, Y, act)
    scale = logit_scale(p, X)
    mean_bce = {k: v / m for k, v in cands[("bce", "ok", "ok", "a1")].items()}
    fd = finite_difference_grads(p, X, Y) if act == "sigmoid" else _fd(p, X, Y, act)
    selfcheck = compare_grads(mean_bce, fd, "finite_differences", "float64", scale)
    kink = act == "relu" and bool(np.any(np.abs(inter["z1"]) < 1e-6))   # no derivative there
    if not selfcheck.ok and not kink:  # the reference checks itself before it judges anyone
        raise RuntimeError(f"internal: backprop and finite differences disagree at {name}; "
                           f"please report this:\n{selfcheck.table()}")
    return Point(name, p, loss_value("bce_mean", p, X, Y, act), scale, cands, parts, inter, act)


def check_points(seed=DEFAULT_SEED, scale=DEFAULT_INIT_SCALE, hidden=DEFAULT_HIDDEN, start=None,
                 biases=True, start_name=None):
    """(name, params) of every point `check` compares at, in order; all float64 and finite.
    `start`: the learner's own start (from INIT()), used instead of init_params(seed, scale)."""
    if isinstance(biases, bool):
        biases = ("w1", "b1", "w2", "b2") if biases else ("w1", "w2")
    zero = {"b1": np.zeros((hidden, 1)), "b2": np.zeros((1, 1))}

    def nb(p):  # a net without a bias: that bias stays zero
        return {**p, **{k: v for k, v in zero.items() if k not in biases}}
    if start is not None:
        pts = [(start_name or "your start (INIT() in your file)", nb(start))]
    else:
        pts = [(f"your start (seed {seed}, init {scale:g})", nb(init_params(seed, scale, hidden)))]
    if start is not None or scale != DEFAULT_INIT_SCALE or seed != DEFAULT_SEED:
        pts.append((f"default start (seed {DEFAULT_SEED}, init {DEFAULT_INIT_SCALE:g})",
                    nb(init_params(DEFAULT_SEED, DEFAULT_INIT_SCALE, hidden))))
    shapes = expected_shapes(hidden)
    for i, s in enumerate((0.1, 1.0, 3.0)):  # random weights AND biases: zero biases hide bugs
        rng = np.random.default_rng(1000 + i)
        pts.append((f"random, scale {s:g}", nb({k: rng.standard_normal(sh) * s
                                                for k, sh in shapes.items()})))
    rng = np.random.default_rng(2000)
    p = {k: rng.standard_normal(sh) for k, sh in shapes.items()}
    pts.append(("near saturation: hidden |z1| ~ 10",
                nb({**p, "w1": 8.0 * np.sign(p["w1"]) + p["w1"], "b1": -4.0 * np.sign(p["b1"])})))
    for sign, where in ((1, "1"), (-1, "0")):  # every output within ~1e-5 of 1, then of 0
        p = {k: rng.standard_normal(sh) for k, sh in shapes.items()}
        if "b2" in biases:
            p["b2"] = np.full((1, 1), 12.0 * sign)
        else:   # no bias to push with: large output weights of one sign (a1 is in (0, 1))
            p["w2"] = sign * (24.0 / hidden + np.abs(p["w2"]))
        pts.append((f"near saturation: outputs near {where} (z2 ~ {12 * sign:+d})", nb(p)))
    return pts
