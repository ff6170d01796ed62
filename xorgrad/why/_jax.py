"""population.train's loop under JAX: one jitted lax.fori_loop whose step is written unit by
unit and sample by sample, each value an (N,) vector along the nets (two inputs, four samples,
a few units: the whole step is a few hundred vector operations that XLA fuses into one pass
over the nets: about 10 ns a net-step in float32 on a CPU, NumPy's population.gradients 100).
The same maths as population.gradients; the data are constants of the compiled step (X, Y as
Python floats). Compiled once per (spec, track, curve length, data, shapes, dtype); the number
of steps is an argument.

The nets go through the loop in blocks of at most LANES, one thread per core (XLA releases
the GIL while it runs). Every block has the same shape, so they share one compiled program,
and `go_on` (population.GoOn: the first nets continued, the what-if table's "10x the steps")
runs through it again when it is one block of that shape.
Compiled programs are also kept on disk where $XORGRAD_JAX_CACHE names a folder."""

from __future__ import annotations

import functools
import os

import numpy as np

from ..checker.losses import NAMED
from .curve import CURVE_POINTS, curve_every

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
    """(p, lr, mask, steps, every) -> (p, first step each net learned XOR, the tracked nets'
    loss before every `every`-th step: (track, length) with length > steps / every; the loss
    after the last step population.train adds). The tracked nets' loss is taken between two
    stretches of `every` steps, not inside the step: a loss written every step costs as much
    as the step itself and makes XLA spread each step over threads."""
    def steps_of(p, lr, mask, first, start, stop):
        def body(step, carry):
            p, first = carry
            _, ok, g = step_terms(p, spec, data, mask, 0, jnp)
            first = jnp.where((first < 0) & ok, step, first)
            return {k: p[k] - lr * g[k] for k in PARAMS}, first
        return jax.lax.fori_loop(start, stop, body, (p, first))

    def loop(p, lr, mask, steps, every):
        first = jnp.full(lr.shape, -1, dtype=jnp.int32)
        if not track:
            return (*steps_of(p, lr, mask, first, 0, steps), jnp.zeros((0, length), lr.dtype))

        def stretch(i, carry):
            p, first, curves = carry
            few = {k: v[..., :track] for k, v in p.items()}
            loss = step_terms(few, spec, data, mask[:, :track], track, jnp)[0]
            curves = curves.at[:, i].set(loss)
            p, first = steps_of(p, lr, mask, first, i * every, jnp.minimum((i + 1) * every, steps))
            return p, first, curves
        init = (p, first, jnp.full((track, length), jnp.nan, dtype=lr.dtype))
        return jax.lax.fori_loop(0, (steps + every - 1) // every, stretch, init)
    return loop


LANES = 1024   # nets per block at most


@functools.lru_cache(maxsize=32)
def _compiled(spec, track, length, X, Y):
    """The jitted loop (it compiles again for each new shape and dtype of its arguments)."""
    import jax
    import jax.numpy as jnp
    return jax.jit(_loop(spec, (X, Y), track, length, jax, jnp))


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


def _blocks(n: int, track: int) -> list:
    """Slices of the n nets, equal blocks of at most LANES (the first holds the tracked nets)."""
    k = -(-n // LANES)
    size = -(-n // k)
    if track > size:
        return [slice(0, n)]
    return [slice(a, min(a + size, n)) for a in range(0, n, size)]


def _through(run, q, lr, mask, steps, size):
    """One block through the compiled loop, padded to `size` nets (copies of its first net)
    so that blocks of one population share one shape."""
    n = lr.shape[0]

    def fill(v):
        return np.concatenate([v, np.repeat(v[..., :1], size - n, axis=-1)], axis=-1) \
            if size > n else v
    p, first, curves = run({k: fill(v) for k, v in q.items()}, fill(lr), fill(mask), steps,
                           curve_every(steps))
    return {k: np.asarray(v)[..., :n] for k, v in p.items()}, np.asarray(first)[:n], curves


def _blocked(run, q, lr, mask, steps, track, then=None):
    """(params, first, the first block's curves) of the nets run through in blocks, one thread
    per core (XLA releases the GIL while it runs); `then(first block's params, first)`: more
    work to start as soon as the first block is done, its result returned as a fourth item."""
    from concurrent.futures import ThreadPoolExecutor

    from ..backends.jax_backend import x64_scope
    blocks = _blocks(lr.shape[0], track)
    size = blocks[0].stop

    def one(b):
        with x64_scope():   # JAX's x64 switch is per thread
            return _through(run, {k: v[..., b] for k, v in q.items()}, lr[b], mask[:, b], steps,
                            size)
    with ThreadPoolExecutor(min(len(blocks), os.cpu_count() or 1)) as pool:
        jobs = [pool.submit(one, b) for b in blocks]
        after = then and pool.submit(lambda: then(*jobs[0].result()[:2]))
        outs = [j.result() for j in jobs]
        after = after and after.result()
    return ({k: np.concatenate([o[0][k] for o in outs], axis=-1) for k in PARAMS},
            np.concatenate([o[1] for o in outs]).astype(np.int64), outs[0][2], after)


def _train(q, plan, lr, mask, go_on):
    steps, track, dtype = plan.steps, plan.track, plan.dtype
    X, Y = plan.data("float64")
    data = (tuple(tuple(float(v) for v in row) for row in X), tuple(float(v) for v in Y[0]))
    run = _compiled(plan.spec, track, CURVE_POINTS + 1, *data)
    q = {k: np.asarray(v, dtype) for k, v in q.items()}
    lr, mask = lr.astype(dtype), mask.astype(dtype)
    go = None
    if go_on is not None:   # the first nets go on (through the same program where shapes allow)
        n, w = int(go_on.nets), int(go_on.width)

        def go(p, _):
            sub = {"w1": p["w1"][:, :w, :n], "b1": p["b1"][:w, :n], "w2": p["w2"][:w, :n],
                   "b2": p["b2"][:n]}
            p, f, _, _ = _blocked(run, sub, lr[:n], mask[:w, :n], int(go_on.steps), 0)
            return _back(p), f
    early = go if go and n <= _blocks(lr.shape[0], track)[0].stop else None
    q, first, taken, more = _blocked(run, q, lr, mask, steps, track, early)
    if go and not early:     # more nets than the first block: from the whole population
        more = go(q, first)
    curves = np.full((track, steps + 1), np.nan)       # the steps a picture draws (curve_every)
    every = curve_every(steps)
    at = np.arange(0, steps, every)
    curves[:, at] = np.asarray(taken, np.float64)[:, :at.size]
    return _back(q), first, curves, more
