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
from autograd import grad, grad_and_aux, make_hvp, make_jvp, value_and_grad
from autograd import hessian as autograd_hessian  # jacobian(jacobian(f)): arrays only
from autograd.misc import flatten


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


# ---- beyond the gradient: jvp, Hessian-vector products, the Hessian ------------------------
# One net. v is a direction, a dict like params. Each is a new function derived from `loss`, as
# in JAX: make_jvp pushes a tangent forward with the values (forward mode), and grad composes.
def jvp(params, X, Y, v):
    return make_jvp(loss)(params, X, Y)(v)    # (L, dL along v), forward mode


def hvp(params, X, Y, v):
    return make_jvp(grad(loss))(params, X, Y)(v)[1]  # forward-over-reverse: jvp of grad


def hvp_reverse_over_reverse(params, X, Y, v):
    pull, grads = make_hvp(loss)(params, X, Y)  # the vjp of grad at params, and grad itself
    return pull(v)                            # v^T H = (H v)^T: H is symmetric


def hessian_jacrev(params, X, Y):
    theta, unflatten = flatten(params)        # one vector (keys in sorted order) and the way back
    H = autograd_hessian(lambda t: loss(unflatten(t), X, Y))(theta)  # (P, P): jacrev of jacrev
    at = {k: i.astype(int) for k, i in unflatten(np.arange(theta.size)).items()}  # k's places
    return {a: {b: H[at[a]][..., at[b]] for b in params} for a in params}  # d2L / da_i db_j


def hessian_by_hvps(params, X, Y):
    # one HVP per unit vector e: H e is one column of H; H[a][b][i, j] = d2L / da_i db_j
    H = {a: {b: np.zeros(pa.shape + pb.shape, X.dtype) for b, pb in params.items()}
         for a, pa in params.items()}
    for a, pa in params.items():
        for i in np.ndindex(pa.shape):
            e = {k: np.zeros_like(p) for k, p in params.items()}
            e[a][i] = 1.0                     # the unit vector along a_i
            for b, column in hvp(params, X, Y, e).items():
                H[a][b][i] = column
    return H


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
