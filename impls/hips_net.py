"""The 2-2-1 XOR net in HIPS autograd: the NumPy lesson's own forward and loss, differentiated.

Read it beside numpy_net.py: every line is the same NumPy code, written against
`autograd.numpy` (a thin wrapper that records each call), and the hand-written backward pass
becomes `value_and_grad(loss)`: a new function that runs the loss and sends its gradient back.
Read it beside jax_net.py: that is the same idea (jax.numpy, jax.value_and_grad) plus `jit`
and immutable arrays. HIPS autograd is where JAX's grad came from.

Shapes: X (2, m) one column per sample, Y (1, m); w1 (h, 2), b1 (h, 1), w2 (1, h), b2 (1, 1).
"""

import autograd.numpy as anp
import numpy as np
from autograd import grad_and_aux, value_and_grad


def sigmoid(z):
    # sigma(z) = 1 / (1 + e^-z) = (1 + tanh(z / 2)) / 2; tanh never overflows
    return 0.5 + 0.5 * anp.tanh(0.5 * z)


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
    # the mean over the m samples (one per net)
    return anp.sum(anp.logaddexp(0.0, z2) - Y * z2, axis=(-2, -1)) / Y.shape[-1]


def loss(params, X, Y):
    z1, a1, z2, a2 = forward(params, X)
    return bce_from_logits(z2, Y)


# ---- backward: autograd differentiates the loss function -----------------------------------
loss_and_grads = value_and_grad(loss)         # (loss, dL/dparams): a dict like params


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
def summed_loss(params, X, Y):
    losses = loss(params, X, Y)               # (N,): each net's own mean over samples
    return anp.sum(losses), losses            # nets share nothing: d(sum_j L_j)/dp_i = dL_i/dp_i


grads_and_losses = grad_and_aux(summed_loss)  # (dL/dparams of the sum, the N losses beside it)


def train_many(params, X, Y, steps, lr):
    losses = np.empty((steps, len(params["w1"])), dtype=X.dtype)  # row k: every net's loss
    for step in range(steps):
        grads, losses[step] = grads_and_losses(params, X, Y)  # batched matmul: z2 is (N, 1, m)
        update(params, grads, lr)
    return params, losses.T                   # (N, steps): one loss curve per net


# ---- run on its own: python -m impls.hips_net ----------------------------------------------
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
