"""The points `check` compares at, and everything known at each: the true gradient (NumPy
backprop, confirmed by finite differences), its parts by label, and the gradients of known mistakes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..compare import compare_grads
from ..contract import (DEFAULT_HIDDEN, DEFAULT_INIT_SCALE, DEFAULT_SEED, expected_shapes,
                        init_params, logit_scale)
from ..impls import numpy_net
from ..oracle import finite_difference_grads


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


def check_points(seed=DEFAULT_SEED, scale=DEFAULT_INIT_SCALE, hidden=DEFAULT_HIDDEN):
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


