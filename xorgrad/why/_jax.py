"""population.train's loop as one jitted lax.fori_loop: population.gradients itself, given
jax.numpy. The number of steps is an argument (one compilation serves a run and its
continuation); what is compiled once is per (spec, track, curve length, shapes, dtype)."""

from __future__ import annotations

import functools

import numpy as np

PARAMS = ("w1", "b1", "w2", "b2")


@functools.lru_cache(maxsize=16)
def _compiled(spec, track, length):
    import jax
    import jax.numpy as jnp
    from .population import gradients

    def run(p, lr, mask, X, Y, steps):
        yes = Y[0][:, None] > 0.5

        def body(step, carry):
            p, first, curves = carry
            loss, a2, g = gradients(p, spec, X, Y, mask, jnp, track)
            curves = curves.at[:, jnp.minimum(step, length - 1)].set(loss)
            ok = jnp.all(jnp.isfinite(a2) & ((a2 > 0.5) == yes), axis=0)
            first = jnp.where((first < 0) & ok, step, first)
            return {k: p[k] - lr * g[k] for k in PARAMS}, first, curves
        init = (p, jnp.full(lr.shape, -1, dtype=jnp.int32),
                jnp.zeros((track, length), dtype=lr.dtype))
        p, first, curves = jax.lax.fori_loop(0, steps, body, init)
        last = gradients(p, spec, X, Y, mask, jnp, track)[0]
        return p, first, curves.at[:, jnp.minimum(steps, length - 1)].set(last)
    return jax.jit(run)


def train_jax(q, spec, lr, steps, mask, track, X, Y, dtype):
    import jax
    jax.config.update("jax_enable_x64", True)
    length = steps + 1 if track else 1
    run = _compiled(spec, track, length)
    cast = {k: np.asarray(v, dtype) for k, v in q.items()}
    q, first, curves = run(cast, lr.astype(dtype), mask.astype(dtype), X.astype(dtype),
                           Y.astype(dtype), steps)
    return ({k: np.asarray(v, np.float64) for k, v in q.items()}, np.asarray(first, np.int64),
            np.asarray(curves, np.float64)[:, :steps + 1])
