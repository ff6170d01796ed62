"""The training loop, per step: `net.train(p, steps)` the way each backend's users train.

NumPy runs its Python loop; PyTorch runs eager autograd, and beside it the compiled path
(`xorgrad.get("torch", compile=True)`: torch.compile of the whole step, CUDA graphs on a GPU); JAX
runs `lax.scan` inside one `jit`; TensorFlow runs its `tf.function` loop, and beside it the same
loop under XLA (`compile=True`); HIPS autograd runs a Python loop like NumPy's. Every row runs the same `STEPS["train"]` steps per call (1000), so
pytest-benchmark's "train: 1000 steps/call" table compares rows directly; the report divides by the
steps for a time per step. Beside JAX's train: its two references, a Python loop of one jitted call
per step, and the lesson's `lax.scan` called directly on device arrays.
"""

import xorgrad
from baselines import jax_jitted_step
from harness import assert_first_loss, assert_same_params, device_labels, labels, measure, steps_for
from xorgrad.benchmarks import STEPS

LR = 1.0
ITERATIONS = {"jax": 5}  # JAX's train is fast: 5 calls per round (the work per call is the same)


def reference_training(p0, steps):
    return xorgrad.get("numpy").train(p0, steps=steps, lr=LR)


def check_training(params, losses, p0, steps, dtype):
    want_params, want_losses = reference_training(p0, steps)
    assert losses.shape == (steps,)
    assert_first_loss(losses[0], p0, dtype=dtype)
    assert_same_params(params, want_params, dtype)


def test_train_lesson(benchmark, case):
    net = case.net()
    steps = steps_for(benchmark, STEPS["train"])
    p0 = xorgrad.init_params()

    def train():
        out = net.train(p0, steps=steps, lr=LR)  # NumPy out: the device work is done
        net.sync()
        return out

    info = labels("train", case, steps=steps, **device_labels(net))
    params, losses = measure(benchmark, train, info, rounds=7,
                             iterations=ITERATIONS.get(case.backend, 1), net=net)
    check_training(params, losses, p0, steps, case.dtype)


def train_compiled(benchmark, case):
    """`xorgrad.get(..., compile=True)`'s training loop, timed like the eager rows."""
    net = xorgrad.get(case.backend, case.device, case.dtype, compile=True)
    steps = steps_for(benchmark, STEPS["train"])
    p0 = xorgrad.init_params()

    def train():
        out = net.train(p0, steps=steps, lr=LR)
        net.sync()
        return out

    info = labels("train", case, "compiled", steps=steps, **device_labels(net))
    params, losses = measure(benchmark, train, info, rounds=7, net=net)
    check_training(params, losses, p0, steps, case.dtype)


def test_train_torch_compiled(benchmark, torch_case):
    """torch.compile of the whole step (CUDA graphs on a GPU)."""
    train_compiled(benchmark, torch_case)


def test_train_tensorflow_compiled(benchmark, tensorflow_case):
    """The lesson's tf.function loop under XLA (`jit_compile=True`): compiled once per steps."""
    train_compiled(benchmark, tensorflow_case)


def test_train_baseline_one_jitted_jax_call_per_step(benchmark, jax_case):
    import jax
    import jax.numpy as jnp
    net = jax_case.net()
    jitted = jax_jitted_step()
    steps = steps_for(benchmark, STEPS["train"])
    p0 = xorgrad.init_params()
    with net.scope():
        X, Y = net.to_native(xorgrad.XOR_X), net.to_native(xorgrad.XOR_Y)
        start = net.native_params(p0)

        def train():
            params, losses = start, []
            for _ in range(steps):
                params, loss = jitted(params, X, Y, LR)
                losses.append(loss)
            return jax.block_until_ready((params, jnp.stack(losses)))

        info = labels("train", jax_case, "jit-per-step", steps=steps, **device_labels(net))
        params, losses = measure(benchmark, train, info, rounds=7, net=net)
        check_training({k: net.to_numpy(v) for k, v in params.items()}, net.to_numpy(losses),
                       p0, steps, jax_case.dtype)


def test_train_baseline_raw_lax_scan(benchmark, jax_case):
    import jax
    net = jax_case.net()
    steps = steps_for(benchmark, STEPS["train"])
    p0 = xorgrad.init_params()
    with net.scope():
        X, Y = net.to_native(xorgrad.XOR_X), net.to_native(xorgrad.XOR_Y)
        start = net.native_params(p0)

        def train():
            return jax.block_until_ready(net.lesson.train(start, X, Y, steps, LR))

        info = labels("train", jax_case, "raw-scan", steps=steps, **device_labels(net))
        params, losses = measure(benchmark, train, info, rounds=7, iterations=ITERATIONS["jax"],
                                 net=net)
        check_training({k: net.to_numpy(v) for k, v in params.items()}, net.to_numpy(losses),
                       p0, steps, jax_case.dtype)
