"""The loss's curvature: the Hessian's eigenvalues at a start and along training (docs/hessian.md).

Plain data out (floats and lists), for `xorgrad hessian`, the picture and the docs test; the
library never prints. The Hessian comes from a backend's `hessian` (NumPy's P Hessian-vector
products by default), its eigenvalues from numpy.linalg.eigh, the gradient from the same
backend's `loss_and_grads`.
"""

from __future__ import annotations

import numpy as np

from . import contract
from .contract import flatten, unflatten


def spectrum(net, params: dict[str, np.ndarray]) -> dict:
    """Loss, gradient norm, the Hessian's eigenvalues (ascending) and its extreme eigenvectors."""
    loss, grads = net.loss_and_grads(params)
    values, vectors = np.linalg.eigh(net.hessian(params))   # H is symmetric: eigh, real values
    top = np.argmax(np.abs(vectors), axis=0)                 # an eigenvector's sign is arbitrary:
    vectors = vectors * np.sign(vectors[top, np.arange(len(values))])  # largest entry positive
    return {"loss": loss, "grad_norm": float(np.linalg.norm(flatten(grads))),
            "eigenvalues": [float(x) for x in values],
            "negative": int(np.sum(values < 0)),
            "v_min": [float(x) for x in vectors[:, 0]], "v_max": [float(x) for x in vectors[:, -1]]}


def along_training(seed=None, scale=None, lr=None, steps=None, every=100, backend="numpy",
                   device="cpu", dtype="float64") -> dict:
    """`spectrum` at the start and after every `every` steps of plain gradient descent."""
    from .registry import get
    seed, scale, lr, steps = contract.run_settings(seed, scale, lr, steps)
    if isinstance(every, bool) or not isinstance(every, (int, np.integer)) or every < 1:
        raise contract.ContractError(f"every must be a positive integer, got {every!r}")
    net = get(backend, device, dtype)
    p = contract.init_params(seed, scale)
    rows, done = [], 0
    while True:
        rows.append({"step": done, **spectrum(net, p)})
        if done >= steps:
            break
        k = min(every, steps - done)
        p, _ = net.train(p, steps=k, lr=lr)
        done += k
    return {"seed": seed, "init_scale": scale, "lr": lr, "steps": steps, "every": every,
            "backend": backend, "device": device, "dtype": dtype, "rows": rows}


def escape_steps(lr: float, eigenvalue: float) -> float:
    """Gradient descent multiplies the offset along an eigenvector by (1 - lr * eigenvalue) per
    step: along a negative one it grows e-fold in 1 / ln(1 - lr * eigenvalue) steps (inf if >= 0)."""
    growth = 1.0 - lr * eigenvalue
    return float(1.0 / np.log(growth)) if growth > 1.0 else float("inf")


def loss_along(params: dict[str, np.ndarray], direction, ts) -> list[float]:
    """The float64 reference loss at params + t * direction (flat, contract.flatten order)."""
    flat, d = flatten(params), np.asarray(direction, dtype=np.float64)
    return [contract.reference_loss(unflatten(flat + t * d, params)) for t in ts]


def table(result: dict) -> str:
    """The result as the lines `xorgrad hessian` prints."""
    r0 = result["rows"][0]
    lines = [f"Hessian of the mean BCE loss, {len(r0['eigenvalues'])} x {len(r0['eigenvalues'])} over "
             f"w1, b1, w2, b2 ({result['backend']} {result['device']} {result['dtype']}); seed "
             f"{result['seed']}, init scale {result['init_scale']:g}, lr {result['lr']:g}",
             f"{'step':>6} {'loss':>9} {'|grad|':>9} {'#neg':>4}  eigenvalues, ascending"]
    for r in result["rows"]:
        values = " ".join(f"{x:9.2e}" for x in r["eigenvalues"])
        lines.append(f"{r['step']:>6} {r['loss']:9.6f} {r['grad_norm']:9.2e} {r['negative']:>4}  {values}")
    for r in (result["rows"][0], result["rows"][-1]):
        low = r["eigenvalues"][0]
        if low < 0:
            lines.append(
                f"at step {r['step']}: {r['negative']} negative eigenvalue(s), the lowest {low:.2e}, "
                f"|grad| {r['grad_norm']:.2e};\n  along its eigenvector, gradient descent at lr "
                f"{result['lr']:g} grows an offset e-fold every {escape_steps(result['lr'], low):.3g} "
                f"steps")
        else:
            lines.append(f"at step {r['step']}: no negative eigenvalue (lowest {low:.2e}), "
                         f"|grad| {r['grad_norm']:.2e}")
        if len(result["rows"]) == 1:
            break
    return "\n".join(lines)
