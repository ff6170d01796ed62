"""The 2-2-1 XOR net in NumPy: every derivative written by hand.

Read it beside the other five lessons (torch_net.py, jax_net.py, ...): the forward pass, the
loss and the update are the same in all six; the backward pass is the part that only this file
has to spell out.

Shapes: X (2, m) one column per sample, Y (1, m); w1 (h, 2), b1 (h, 1), w2 (1, h), b2 (1, 1).
A population of N nets (train_many) puts one more axis N in front of every parameter; every line
below is written to broadcast over it, so one net and N nets run the very same code.
"""

import numpy as np


def sigmoid(z):
    # sigma(z) = 1 / (1 + e^-z) = (1 + tanh(z / 2)) / 2; tanh never overflows
    return 0.5 + 0.5 * np.tanh(0.5 * z)


# ---- forward -------------------------------------------------------------------------------
def forward(params, X):
    z1 = params["w1"] @ X + params["b1"]      # (h, m) hidden pre-activations
    a1 = sigmoid(z1)                          # (h, m) hidden activations
    z2 = params["w2"] @ a1 + params["b2"]     # (1, m) output logit
    a2 = sigmoid(z2)                          # (1, m) output probability
    return z1, a1, z2, a2


# ---- loss ----------------------------------------------------------------------------------
def bce_from_logits(z2, Y):
    # -[y log a2 + (1-y) log(1-a2)] = log(1 + e^z2) - y z2, finite for every finite z2;
    # the mean over the m samples (one per net), as sum / m: np.mean costs more than the math
    return (np.logaddexp(0.0, z2) - Y * z2).sum(axis=(-2, -1)) / Y.shape[-1]


def loss(params, X, Y):
    z1, a1, z2, a2 = forward(params, X)
    return bce_from_logits(z2, Y)


# ---- backward: every derivative by hand ----------------------------------------------------
def loss_and_grads(params, X, Y):
    m = X.shape[1]
    z1, a1, z2, a2 = forward(params, X)
    loss = bce_from_logits(z2, Y)
    dz2 = (a2 - Y) / m                        # dL/dz2 = (a2 - Y) / m: sigmoid and BCE cancel
    dw2 = dz2 @ a1.mT                         # dL/dw2 = dz2 a1^T (.mT: each net's transpose)
    db2 = dz2.sum(axis=-1, keepdims=True)     # dL/db2 = sum of dz2 over samples
    da1 = params["w2"].mT @ dz2               # dL/da1 = w2^T dz2
    dz1 = da1 * a1 * (1.0 - a1)               # dL/dz1 = da1 * sigma'(z1), sigma' = a1 (1 - a1)
    dw1 = dz1 @ X.T                           # dL/dw1 = dz1 X^T
    db1 = dz1.sum(axis=-1, keepdims=True)     # dL/db1 = sum of dz1 over samples
    return loss, {"w1": dw1, "b1": db1, "w2": dw2, "b2": db2}


# ---- update --------------------------------------------------------------------------------
def update(params, grads, lr):
    for name, p in params.items():
        p -= lr * grads[name]                 # gradient descent, in place: p <- p - lr dL/dp


# ---- train loop ----------------------------------------------------------------------------
def train(params, X, Y, steps, lr):
    losses = np.empty(steps, dtype=X.dtype)
    for step in range(steps):
        losses[step], grads = loss_and_grads(params, X, Y)
        update(params, grads, lr)
    return params, losses


# ---- many nets at once: every parameter has a leading axis N -------------------------------
def train_many(params, X, Y, steps, lr):
    losses = np.empty((steps, len(params["w1"])), dtype=X.dtype)  # row k: every net's loss
    for step in range(steps):
        losses[step], grads = loss_and_grads(params, X, Y)  # the same backprop, batched over N
        update(params, grads, lr)
    return params, losses.T                   # (N, steps): one loss curve per net


# ---- beyond the gradient: forward mode, Hessian-vector products, the Hessian ---------------
# One net (no leading axis N). v is a direction, a dict like params. A t-name is a tangent: how
# fast that value changes as the parameters move along v (tz1 = d z1(params + s v) / ds at s = 0);
# an r-name is Pearlmutter's R-operator applied to a backward value (rdz2 = R{dz2}, the change of
# dz2 along v). The d-names keep their meaning from the backward pass above: dL/d(value).
def jvp(params, X, Y, v):
    m = X.shape[1]
    z1, a1, z2, a2 = forward(params, X)
    tz1 = v["w1"] @ X + v["b1"]               # tangent of z1 = w1 X + b1: product rule, X fixed
    ta1 = tz1 * a1 * (1.0 - a1)               # tangent of a1 = sigma'(z1) tz1
    tz2 = v["w2"] @ a1 + params["w2"] @ ta1 + v["b2"]  # tangent of z2 = w2 a1 + b2
    tL = ((a2 - Y) * tz2).sum() / m           # dL along v = mean((a2 - Y) tz2) = grad . v
    return bce_from_logits(z2, Y), tL


def hvp(params, X, Y, v):
    m = X.shape[1]
    z1, a1, z2, a2 = forward(params, X)
    tz1 = v["w1"] @ X + v["b1"]               # the tangent pass, as in jvp
    ta1 = tz1 * a1 * (1.0 - a1)
    tz2 = v["w2"] @ a1 + params["w2"] @ ta1 + v["b2"]
    dz2 = (a2 - Y) / m                        # the backward pass, as in loss_and_grads
    da1 = params["w2"].mT @ dz2
    rdz2 = a2 * (1.0 - a2) * tz2 / m          # R{dz2} = sigma'(z2) tz2 / m
    rdw2 = rdz2 @ a1.mT + dz2 @ ta1.mT        # R{dw2} = R{dz2} a1^T + dz2 ta1^T
    rdb2 = rdz2.sum(axis=-1, keepdims=True)   # R{db2} = sum of R{dz2}
    rda1 = v["w2"].mT @ dz2 + params["w2"].mT @ rdz2  # R{da1} = v_w2^T dz2 + w2^T R{dz2}
    rdz1 = (rda1 * a1 * (1.0 - a1)            # R{dz1} = R{da1} sigma'(z1)
            + da1 * a1 * (1.0 - a1) * (1.0 - 2.0 * a1) * tz1)  # + da1 sigma''(z1) tz1
    rdw1 = rdz1 @ X.T                         # R{dw1} = R{dz1} X^T
    rdb1 = rdz1.sum(axis=-1, keepdims=True)   # R{db1} = sum of R{dz1}
    return {"w1": rdw1, "b1": rdb1, "w2": rdw2, "b2": rdb2}  # H v, a dict like params


def hessian_by_hvps(params, X, Y):
    # one HVP per unit vector e: H e is one column of H; H[a][b][i, j] = d2L / da_i db_j
    H = {a: {b: np.zeros(pa.shape + pb.shape, X.dtype) for b, pb in params.items()}
         for a, pa in params.items()}
    for a, pa in params.items():
        for i in np.ndindex(pa.shape):
            e = {k: np.zeros_like(p) for k, p in params.items()}
            e[a][i] = 1.0                         # the unit vector along a_i
            for b, column in hvp(params, X, Y, e).items():
                H[a][b][i] = column
    return H


# ---- run on its own: python -m impls.numpy_net ---------------------------------------------
if __name__ == "__main__":
    X = np.array([[0.0, 0.0, 1.0, 1.0],
                  [0.0, 1.0, 0.0, 1.0]])          # (2, 4) the four inputs, one per column
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])          # (1, 4) x1 XOR x2
    rng = np.random.default_rng(0)                # weights ~ N(0, 1), biases zero
    params = {"w1": rng.standard_normal((2, 2)), "b1": np.zeros((2, 1)),
              "w2": rng.standard_normal((1, 2)), "b2": np.zeros((1, 1))}
    params, losses = train(params, X, Y, steps=1000, lr=1.0)
    for step in (0, 100, 200, 500, 999):
        print(f"step {step:4d}  loss {losses[step]:.6f}")
    a2 = forward(params, X)[3]
    print("a2 at (0,0) (0,1) (1,0) (1,1):", " ".join(f"{v:.3f}" for v in a2[0]))
