"""population.train's loop under JAX: one jitted lax.fori_loop whose step is written unit by
unit and sample by sample, each value an (N,) vector along the nets (two inputs, four samples,
a few units: the whole step is a few hundred vector operations that XLA fuses into one pass
over the nets, 3 to 4 times NumPy's speed on a CPU). The same maths as population.gradients;
the data are constants of the compiled step (X, Y as Python floats). Compiled once per (spec,
track, curve length, data, shapes, dtype); the number of steps is an argument."""

from __future__ import annotations

import functools

import numpy as np

from ..checker.losses import NAMED

PARAMS = ("w1", "b1", "w2", "b2")


def _functions(spec, jnp):
    act, out = spec.net.act, spec.net.out
    sig = lambda z: 1.0 / (1.0 + jnp.exp(-z))                       # noqa: E731
    f = {"sigmoid": sig, "tanh": jnp.tanh, "relu": lambda z: jnp.maximum(z, 0.0)}[act]
    df = {"sigmoid": lambda a, z: a * (1 - a), "tanh": lambda a, z: 1 - a * a,
          "relu": lambda a, z: (z > 0).astype(z.dtype)}[act]
    if spec.net.at0:
        base = df
        df = lambda a, z: base(a, z) + (z == 0).astype(z.dtype)     # noqa: E731
    return f, df, (sig if out == "sigmoid" else (lambda z: z))


def step_terms(q, spec, data, mask, track, jnp):
    """(loss of the first `track` nets, learned XOR (N,), gradients) in the lanes layout."""
    X, Y = data
    f, df, g2 = _functions(spec, jnp)
    family, c, _ = NAMED[spec.loss]
    m, h = len(Y), q["b1"].shape[0]
    c = c(m)
    w1, b1, w2, b2 = q["w1"], q["b1"], q["w2"], q["b2"]
    z1 = [[w1[0, j] * X[0][i] + w1[1, j] * X[1][i] + b1[j] for i in range(m)] for j in range(h)]
    a1 = [[f(z) for z in row] for row in z1]
    z2 = [sum(w2[j] * a1[j][i] for j in range(h)) + b2 for i in range(m)]
    a2 = [g2(z) for z in z2]
    if family == "bce":
        dz2 = [c * (a2[i] - Y[i]) for i in range(m)]
        loss = c * sum(jnp.logaddexp(0.0, z2[i][:track]) - Y[i] * z2[i][:track] for i in range(m))
    else:
        slope = (lambda a: a * (1 - a)) if spec.net.out == "sigmoid" else (lambda a: 1.0)
        dz2 = [c * (a2[i] - Y[i]) * slope(a2[i]) for i in range(m)]
        loss = c * 0.5 * sum((a2[i][:track] - Y[i]) ** 2 for i in range(m))
    dz1 = [[w2[j] * mask[j] * dz2[i] * df(a1[j][i], z1[j][i]) for i in range(m)]
           for j in range(h)]
    g = {"w1": jnp.stack([jnp.stack([sum(dz1[j][i] * X[k][i] for i in range(m)) for j in range(h)])
                          for k in range(2)]),
         "b1": jnp.stack([sum(dz1[j]) for j in range(h)]),
         "w2": jnp.stack([sum(dz2[i] * a1[j][i] for i in range(m)) * mask[j] for j in range(h)]),
         "b2": sum(dz2)}
    g = {k: g[k] if k in spec.trained else jnp.zeros_like(g[k]) for k in PARAMS}
    ok = functools.reduce(jnp.logical_and, [jnp.isfinite(a2[i]) & ((a2[i] > 0.5) == (Y[i] > 0.5))
                                            for i in range(m)])
    return loss, ok, g


@functools.lru_cache(maxsize=32)
def _compiled(spec, track, length, X, Y):
    import jax
    import jax.numpy as jnp

    def run(p, lr, mask, steps):
        def body(step, carry):
            p, first, curves = carry
            loss, ok, g = step_terms(p, spec, (X, Y), mask, track, jnp)
            curves = curves.at[:, jnp.minimum(step, length - 1)].set(loss)
            first = jnp.where((first < 0) & ok, step, first)
            return {k: p[k] - lr * g[k] for k in PARAMS}, first, curves
        init = (p, jnp.full(lr.shape, -1, dtype=jnp.int32),
                jnp.zeros((track, length), dtype=lr.dtype))
        p, first, curves = jax.lax.fori_loop(0, steps, body, init)
        last = step_terms(p, spec, (X, Y), mask, track, jnp)[0]
        return p, first, curves.at[:, jnp.minimum(steps, length - 1)].set(last)
    return jax.jit(run)


def train_jax(q, plan, lr, mask):
    import jax
    jax.config.update("jax_enable_x64", True)
    steps, track, dtype = plan.steps, plan.track, plan.dtype
    X, Y = plan.data("float64")
    length = steps + 1 if track else 1
    data = (tuple(tuple(float(v) for v in row) for row in X), tuple(float(v) for v in Y[0]))
    run = _compiled(plan.spec, track, length, *data)
    q, first, curves = run({k: np.asarray(v, dtype) for k, v in q.items()}, lr.astype(dtype),
                           mask.astype(dtype), steps)
    return ({k: np.asarray(v, np.float64) for k, v in q.items()}, np.asarray(first, np.int64),
            np.asarray(curves, np.float64)[:, :steps + 1])
