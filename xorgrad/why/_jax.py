"""population.train's loop under JAX: one jitted lax.fori_loop whose step is written unit by
unit and sample by sample, each value an (N,) vector along the nets (two inputs, four samples,
a few units: the whole step is a few hundred vector operations that XLA fuses into one pass
over the nets, 3 to 4 times NumPy's speed on a CPU). The same maths as population.gradients;
the data are constants of the compiled step (X, Y as Python floats). Compiled once per (spec,
track, curve length, data, shapes, dtype); the number of steps is an argument.

`go_on` (population.GoOn) adds a second loop to the same program: the first nets, their first
units, continued for more steps (the what-if table's "10x the steps"): one compilation, not
two. Compiled programs are also kept on disk (`cache_dir`), so a later process loads them
instead of compiling again."""

from __future__ import annotations

import functools
import os

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
    z1 = [[_dot([w1[0, j], w1[1, j]], [X[0][i], X[1][i]]) + b1[j] for i in range(m)]
          for j in range(h)]
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
    g = {"w1": jnp.stack([jnp.stack([_dot(dz1[j], X[k], jnp.zeros_like(b2)) for j in range(h)])
                          for k in range(2)]),
         "b1": jnp.stack([sum(dz1[j]) for j in range(h)]),
         "w2": jnp.stack([sum(dz2[i] * a1[j][i] for i in range(m)) * mask[j] for j in range(h)]),
         "b2": sum(dz2)}
    g = {k: g[k] if k in spec.trained else jnp.zeros_like(g[k]) for k in PARAMS}
    ok = functools.reduce(jnp.logical_and, [jnp.isfinite(a2[i]) & ((a2[i] > 0.5) == (Y[i] > 0.5))
                                            for i in range(m)])
    return loss, ok, g


def _dot(ws, xs, zero=0.0):
    """sum(w * x) over the data's constants x, with the zeros left out and the ones not
    multiplied (XOR's inputs are 0 and 1); `zero` where every x is 0."""
    terms = [w if x == 1.0 else w * x for w, x in zip(ws, xs) if x != 0.0]
    return sum(terms[1:], terms[0]) if terms else zero


def _loop(spec, data, track, length, jax, jnp):
    """(p, lr, mask, steps) -> (p, first step each net learned XOR, the tracked nets' curves)."""
    def loop(p, lr, mask, steps):
        def body(step, carry):
            p, first, curves = carry
            loss, ok, g = step_terms(p, spec, data, mask, track, jnp)
            if track:
                curves = curves.at[:, jnp.minimum(step, length - 1)].set(loss)
            first = jnp.where((first < 0) & ok, step, first)
            return {k: p[k] - lr * g[k] for k in PARAMS}, first, curves
        init = (p, jnp.full(lr.shape, -1, dtype=jnp.int32),
                jnp.zeros((track, length), dtype=lr.dtype))
        p, first, curves = jax.lax.fori_loop(0, steps, body, init)
        if track:
            last = step_terms(p, spec, data, mask, track, jnp)[0]
            curves = curves.at[:, jnp.minimum(steps, length - 1)].set(last)
        return p, first, curves
    return loop


@functools.lru_cache(maxsize=32)
def _compiled(spec, track, length, X, Y, go_on=None):
    """The jitted program; go_on (nets, width) or None: its continuation's static shape."""
    import jax
    import jax.numpy as jnp
    first_loop = _loop(spec, (X, Y), track, length, jax, jnp)
    then = _loop(spec, (X, Y), 0, 1, jax, jnp)

    def run(p, lr, mask, steps, more):
        out = first_loop(p, lr, mask, steps)
        if go_on is None:
            return out
        n, w = go_on
        q = {"w1": out[0]["w1"][:, :w, :n], "b1": out[0]["b1"][:w, :n],
             "w2": out[0]["w2"][:w, :n], "b2": out[0]["b2"][:n]}
        return out, then(q, lr[:n], mask[:w, :n], more)[:2]
    return jax.jit(run)


def cache_dir():
    """Where compiled programs are kept between processes, only when asked: the folder
    $XORGRAD_JAX_CACHE names ('', 'off' or unset: nowhere). JAX's disk cache is a setting of the
    whole process, so the library never turns it on by itself."""
    chosen = os.environ.get("XORGRAD_JAX_CACHE")
    return None if chosen in (None, "", "off") else chosen


def _configure(jax):
    """JAX's disk cache of compiled programs in cache_dir(), where one is asked for and the
    process has not chosen one already."""
    where = cache_dir()
    if where and jax.config.jax_compilation_cache_dir is None:
        try:
            os.makedirs(where, exist_ok=True)
        except OSError:
            return                       # no place to keep them: compile in every process
        jax.config.update("jax_compilation_cache_dir", where)
        jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.1)


def _back(q):
    return {k: np.asarray(v, np.float64) for k, v in q.items()}


def train_jax(q, plan, lr, mask, go_on=None):
    """(params, first, curves) in the lanes layout, and with go_on (population.GoOn) the
    continued nets' (params, first) as a fourth item (else None)."""
    import jax

    from ..backends.jax_backend import x64_scope
    _configure(jax)
    with x64_scope():     # float64 populations, without turning x64 on for the whole process
        return _train(q, plan, lr, mask, go_on)


def _train(q, plan, lr, mask, go_on):
    steps, track, dtype = plan.steps, plan.track, plan.dtype
    X, Y = plan.data("float64")
    length = steps + 1 if track else 1
    data = (tuple(tuple(float(v) for v in row) for row in X), tuple(float(v) for v in Y[0]))
    shape = None if go_on is None else (int(go_on.nets), int(go_on.width))
    run = _compiled(plan.spec, track, length, *data, shape)
    out = run({k: np.asarray(v, dtype) for k, v in q.items()}, lr.astype(dtype),
              mask.astype(dtype), steps, 0 if go_on is None else int(go_on.steps))
    (q, first, curves), more = (out, None) if go_on is None else out
    if more is not None:
        more = (_back(more[0]), np.asarray(more[1], np.int64))
    return (_back(q), np.asarray(first, np.int64), np.asarray(curves, np.float64)[:, :steps + 1],
            more)
