"""The 2-2-1 XOR net in JAX: pure functions, `jax.grad` and `jax.jit`.

Read it beside numpy_net.py: forward is the same lines; the backward pass is
`jax.value_and_grad(loss)`, a new function derived from the loss; the update returns new
parameters instead of changing them; and the whole training loop compiles into one XLA program.

Shapes: X (2, m) one column per sample, Y (1, m); w1 (h, 2), b1 (h, 1), w2 (1, h), b2 (1, 1).
"""

from functools import partial

import jax
import jax.numpy as jnp


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
    train_one = lambda p: train(p, X, Y, steps, lr)                    # noqa: E731
    return jax.vmap(train_one)(params)    # N nets side by side; losses come back (N, steps)


# ---- adapter: how the harness calls this file (NumPy in, NumPy out) -------------------------
import contextlib  # noqa: E402  (below the lesson on purpose)

import numpy as np  # noqa: E402

from .registry import Net as _Net  # noqa: E402


def x64_scope():
    """Float64 for the duration of a `with` block only: JAX's global default stays float32."""
    if hasattr(jax, "enable_x64"):              # jax >= 0.6
        return jax.enable_x64(True)
    from jax.experimental import enable_x64     # older jax
    return enable_x64()


class Net(_Net):
    backend = "jax"

    @classmethod
    def device_available(cls, device):
        try:
            return len(jax.devices(device)) > 0
        except RuntimeError:                    # no such platform on this machine
            return False

    def versions(self):
        import jaxlib
        return {"numpy": np.__version__, "jax": jax.__version__, "jaxlib": jaxlib.__version__}

    def device_name(self):
        return jax.devices(self.device)[0].device_kind

    def scope(self):
        return x64_scope() if self.dtype == "float64" else contextlib.nullcontext()

    def to_native(self, array):
        return jax.device_put(np.asarray(array, dtype=self.dtype), jax.devices(self.device)[0])

    def to_numpy(self, native):
        return np.asarray(jax.block_until_ready(native))

