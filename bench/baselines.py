"""Reference steps the speed targets are measured against, timed in the same run as the lessons.

Each is the same math as the lessons (2-h-1 net, mean BCE from logits, plain gradient descent)
written for speed, not for reading; bench_step.py checks that one step of each lands on the same
parameters as one step of the NumPy lesson before timing it.
"""

from __future__ import annotations

import math

import numpy as np


# ---- NumPy with the fewest calls -----------------------------------------------------------
class FewestCallsNumpy:
    """One NumPy step in about 20 array calls: biases folded into the weights (a row of ones
    under X and under a1), sigmoid via tanh, a2 from softplus, buffers and views made once."""

    def __init__(self, params, X, Y, lr, dtype="float64"):
        h, m = params["w1"].shape[0], X.shape[1]
        self.h, self.m = h, m
        self.W1 = np.concatenate([params["w1"], params["b1"]], axis=1).astype(dtype)  # (h, 3)
        self.W2 = np.concatenate([params["w2"], params["b2"]], axis=1).astype(dtype)  # (1, h+1)
        self.Xa = np.concatenate([X, np.ones((1, m))]).astype(dtype)                 # (3, m)
        self.XaT = self.Xa.T
        self.A1 = np.ones((h + 1, m), dtype=dtype)                                  # [a1; 1]
        self.a1, self.A1T = self.A1[:h], self.A1.T
        self.w2T = self.W2[:, :h].T              # a view: sees every in-place update of W2
        self.Y = np.asarray(Y, dtype=dtype)
        self.c = dtype_scalar(lr / m, dtype)

    def step(self):
        a1, Y = self.a1, self.Y
        a1[...] = np.tanh(self.W1 @ self.Xa * 0.5) * 0.5 + 0.5   # sigma(z) = (1 + tanh(z/2)) / 2
        z2 = self.W2 @ self.A1
        sp = np.logaddexp(0.0, z2)                               # softplus(z2)
        loss = (sp - Y * z2).sum() / self.m
        dz2 = np.exp(z2 - sp) - Y                                # a2 - Y  (times m)
        dz1 = (self.w2T @ dz2) * (a1 - a1 * a1)
        self.W2 -= self.c * (dz2 @ self.A1T)
        self.W1 -= self.c * (dz1 @ self.XaT)
        return loss

    def params(self):
        h = self.h
        return {"w1": self.W1[:, :2], "b1": self.W1[:, 2:], "w2": self.W2[:, :h],
                "b2": self.W2[:, h:]}


def dtype_scalar(x, dtype):
    return np.dtype(dtype).type(x)


# ---- plain Python floats (2-2-1 only) --------------------------------------------------------
def _softplus(z):
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


def _sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


class PythonScalars:
    """One step over the 4 XOR samples with Python floats: no arrays at all."""

    def __init__(self, params, X, Y, lr):
        self.w = [float(v) for v in params["w1"].ravel()]     # w11 w12 w21 w22
        self.b = [float(v) for v in params["b1"].ravel()]     # b1_1 b1_2
        self.v = [float(v) for v in params["w2"].ravel()]     # w2_1 w2_2
        self.c = float(params["b2"].ravel()[0])
        self.samples = [(float(X[0, j]), float(X[1, j]), float(Y[0, j])) for j in range(X.shape[1])]
        self.lr = lr

    def step(self):
        w11, w12, w21, w22 = self.w
        b1, b2 = self.b
        v1, v2 = self.v
        c = self.c
        m = len(self.samples)
        loss = 0.0
        g = [0.0] * 9  # dw11 dw12 dw21 dw22 db1 db2 dv1 dv2 dc
        for x1, x2, y in self.samples:
            h1 = _sigmoid(w11 * x1 + w12 * x2 + b1)
            h2 = _sigmoid(w21 * x1 + w22 * x2 + b2)
            z = v1 * h1 + v2 * h2 + c
            loss += _softplus(z) - y * z
            d = (_sigmoid(z) - y) / m
            d1 = d * v1 * h1 * (1.0 - h1)
            d2 = d * v2 * h2 * (1.0 - h2)
            g[0] += d1 * x1; g[1] += d1 * x2; g[2] += d2 * x1; g[3] += d2 * x2  # noqa: E702
            g[4] += d1; g[5] += d2; g[6] += d * h1; g[7] += d * h2; g[8] += d    # noqa: E702
        lr = self.lr
        self.w = [w11 - lr * g[0], w12 - lr * g[1], w21 - lr * g[2], w22 - lr * g[3]]
        self.b = [b1 - lr * g[4], b2 - lr * g[5]]
        self.v = [v1 - lr * g[6], v2 - lr * g[7]]
        self.c = c - lr * g[8]
        return loss / m

    def params(self):
        return {"w1": np.array(self.w).reshape(2, 2), "b1": np.array(self.b).reshape(2, 1),
                "w2": np.array(self.v).reshape(1, 2), "b2": np.array([[self.c]])}


# ---- PyTorch: the minimal eager autograd step ----------------------------------------------
def minimal_torch_step(params, X, Y, lr):
    """What a PyTorch tutorial writes: forward, loss, .backward(), update under no_grad."""
    import torch
    import torch.nn.functional as F
    w1, b1, w2, b2 = params
    z2 = w2 @ torch.sigmoid(w1 @ X + b1) + b2
    loss = F.binary_cross_entropy_with_logits(z2, Y)
    loss.backward()
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad = None
    return loss


# ---- JAX: one jitted call per step -----------------------------------------------------------
def jax_jitted_step():
    """forward + grad + update fused into one jitted function, called once per step."""
    import jax

    from xorgrad.impls import jax_net

    @jax.jit
    def step(params, X, Y, lr):
        loss, grads = jax.value_and_grad(jax_net.loss)(params, X, Y)
        return jax.tree.map(lambda p, g: p - lr * g, params, grads), loss

    return step
