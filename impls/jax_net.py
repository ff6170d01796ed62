"""The 2-2-1 XOR net in JAX: pure functions, `jax.grad` and `jax.jit`.

Read it beside numpy_net.py: forward is the same lines; the backward pass is
`jax.value_and_grad(loss)`, a new function derived from the loss; the update returns new
parameters instead of changing them; and the whole training loop compiles into one XLA program.

Shapes: X (2, m) one column per sample, Y (1, m); w1 (h, 2), b1 (h, 1), w2 (1, h), b2 (1, 1).
"""

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np


# ---- forward -------------------------------------------------------------------------------
def forward(params, X):
    z1 = params["w1"] @ X + params["b1"]      # (h, m) hidden pre-activations
    a1 = jax.nn.sigmoid(z1)                   # (h, m) hidden activations
    z2 = params["w2"] @ a1 + params["b2"]     # (1, m) output logit
    a2 = jax.nn.sigmoid(z2)                   # (1, m) output probability
    return z1, a1, z2, a2


# ---- loss ----------------------------------------------------------------------------------
def bce_from_logits(z2, Y):
    # -[y log a2 + (1-y) log(1-a2)] = softplus(z2) - y z2, finite for every finite z2
    return jnp.mean(jax.nn.softplus(z2) - Y * z2)


def loss(params, X, Y):
    z1, a1, z2, a2 = forward(params, X)
    return bce_from_logits(z2, Y)


# ---- backward: jax.grad transforms the loss function ---------------------------------------
loss_and_grads = jax.jit(jax.value_and_grad(loss))  # (loss, dL/dparams), compiled once per shape


# ---- update --------------------------------------------------------------------------------
@jax.jit
def update(params, grads, lr):
    return jax.tree.map(lambda p, g: p - lr * g, params, grads)  # new params: arrays are immutable


# ---- train loop ----------------------------------------------------------------------------
@partial(jax.jit, static_argnames="steps")
def train(params, X, Y, steps, lr):
    def step(params, _):
        loss, grads = loss_and_grads(params, X, Y)
        return update(params, grads, lr), loss
    return jax.lax.scan(step, params, length=steps)  # the loop runs inside one compiled call


# ---- many nets at once: every parameter has a leading axis N -------------------------------
@partial(jax.jit, static_argnames="steps")
def train_many(params, X, Y, steps, lr):
    def train_one(p):
        return train(p, X, Y, steps, lr)
    return jax.vmap(train_one)(params)    # N nets side by side; losses come back (N, steps)


# ---- beyond the gradient: jvp, Hessian-vector products, the Hessian ------------------------
# One net. v is a direction, a dict like params. Each is a new function derived from `loss`.
@jax.jit
def jvp(params, X, Y, v):
    return jax.jvp(lambda p: loss(p, X, Y), (params,), (v,))  # (L, dL along v), forward mode


@jax.jit
def hvp(params, X, Y, v):
    return jax.jvp(lambda p: jax.grad(loss)(p, X, Y), (params,), (v,))[1]  # forward-over-reverse


@jax.jit
def hvp_reverse_over_reverse(params, X, Y, v):
    def grad_dot_v(p):
        g = jax.grad(loss)(p, X, Y)
        return sum(jnp.vdot(g[k], v[k]) for k in g)  # grad . v
    return jax.grad(grad_dot_v)(params)             # d(grad . v)/dp = H v


hessian = jax.jit(jax.hessian(loss))          # jacfwd(jacrev): H[a][b] = d2L / da db
hessian_jacrev = jax.jit(jax.jacrev(jax.grad(loss)))  # reverse-over-reverse, one row per pass


@jax.jit
def hessian_by_hvps(params, X, Y):
    H = {}                                    # one HVP per unit vector, vmapped: P at once
    for a, pa in params.items():
        basis = {k: jnp.zeros((pa.size,) + p.shape, p.dtype) for k, p in params.items()}
        basis[a] = jnp.eye(pa.size, dtype=pa.dtype).reshape((pa.size,) + pa.shape)  # e_i along a
        columns = jax.vmap(lambda e: hvp(params, X, Y, e))(basis)  # H e_i, for every i at once
        H[a] = {b: c.reshape(pa.shape + c.shape[1:]) for b, c in columns.items()}
    return H


# ---- run on its own: python -m impls.jax_net -----------------------------------------------
if __name__ == "__main__":
    jax.config.update("jax_enable_x64", True)     # float64, as the other lessons
    X = jnp.array([[0.0, 0.0, 1.0, 1.0],
                   [0.0, 1.0, 0.0, 1.0]])         # (2, 4) the four inputs, one per column
    Y = jnp.array([[0.0, 1.0, 1.0, 0.0]])         # (1, 4) x1 XOR x2
    rng = np.random.default_rng(0)                # weights ~ N(0, 1), biases zero: the same
    params = {"w1": rng.standard_normal((2, 2)), "b1": np.zeros((2, 1)),  # NumPy draw as the
              "w2": rng.standard_normal((1, 2)), "b2": np.zeros((1, 1))}  # other lessons
    params = {name: jnp.asarray(p) for name, p in params.items()}       # onto JAX's device
    params, losses = train(params, X, Y, 1000, 1.0)
    for step in (0, 100, 200, 500, 999):
        print(f"step {step:4d}  loss {losses[step]:.6f}")
    a2 = forward(params, X)[3]
    print("a2 at (0,0) (0,1) (1,0) (1,1):", " ".join(f"{v:.3f}" for v in a2[0]))
