"""One full training step (forward, loss, gradients, update) per backend, device and dtype.

All rows land in the one group "step: 1 step/call", so pytest-benchmark prints a single table
that compares them. Beside the lessons: torch.compile of the lesson's step, and the reference
steps of baselines.py. Each one is first checked against one step of the float64 NumPy lesson.
"""

import xorgrad
from xorgrad.benchmarks import STEPS
from baselines import FewestCallsNumpy, PythonScalars, jax_jitted_step, minimal_torch_step
from harness import assert_first_loss, assert_same_params, device_labels, labels, measure

LR = 1.0
ROUNDS, ITERATIONS = 15, 100  # 1500 steps per benchmark, median of 15 rounds of 100


def one_numpy_step(p0):
    """(params after one update, loss at the start) from the float64 NumPy lesson."""
    params, losses = xorgrad.get("numpy").train(p0, steps=1, lr=LR)
    return params, losses[0]


def check_first_step(loss, params, p0, dtype):
    want_params, _ = one_numpy_step(p0)
    assert_first_loss(loss, p0, dtype=dtype)
    assert_same_params(params, want_params, dtype)


def test_step_lesson(benchmark, case):
    net = case.net()
    lesson = net.lesson
    p0 = xorgrad.init_params()
    with net.scope():
        X, Y = net.to_native(xorgrad.XOR_X), net.to_native(xorgrad.XOR_Y)
        state = {"p": net.native_params(p0)}

        def step():
            loss, grads = lesson.loss_and_grads(state["p"], X, Y)
            new = lesson.update(state["p"], grads, LR)
            if not net.updates_in_place:                       # JAX: new arrays each step
                state["p"] = new
            return net.wait(loss)
        loss = step()
        check_first_step(net.to_numpy(loss), {k: net.to_numpy(v) for k, v in state["p"].items()},
                         p0, case.dtype)
        measure(benchmark, step, labels("step", case, **device_labels(net)),
                rounds=ROUNDS, iterations=ITERATIONS, net=net)


def test_step_torch_compiled(benchmark, torch_case):
    from xorgrad.backends.torch_backend import compiled_step
    net = torch_case.net()
    mode = net.compile_mode()               # CUDA graphs on a GPU
    p0 = xorgrad.init_params()
    X, Y = net.to_native(xorgrad.XOR_X), net.to_native(xorgrad.XOR_Y)

    def start():
        return {k: net.to_native(v) for k, v in p0.items()}

    step, state = compiled_step(start(), X, Y, LR, mode, net.sync)   # the adapter's own
    info = labels("step", torch_case, "compiled", mode=mode or "default", **device_labels(net))
    measure(benchmark, step, info, rounds=ROUNDS, iterations=ITERATIONS, net=net)
    # correctness after timing (the first call, the compile, is timed into first_call_s)
    with net.scope():
        state["p"] = start()
        loss = step()
    check_first_step(net.to_numpy(loss), {k: net.to_numpy(v) for k, v in state["p"].items()},
                     p0, torch_case.dtype)


def test_step_baseline_fewest_calls_numpy(benchmark, numpy_case):
    p0 = xorgrad.init_params()
    ref = FewestCallsNumpy(p0, xorgrad.XOR_X, xorgrad.XOR_Y, LR, numpy_case.dtype)
    loss = ref.step()
    check_first_step(loss, ref.params(), p0, numpy_case.dtype)
    measure(benchmark, ref.step, labels("step", numpy_case, "fewest-calls"),
            rounds=ROUNDS, iterations=ITERATIONS)


def test_step_baseline_python_scalars(benchmark):
    p0 = xorgrad.init_params()
    ref = PythonScalars(p0, xorgrad.XOR_X, xorgrad.XOR_Y, LR)
    loss = ref.step()
    check_first_step(loss, ref.params(), p0, "float64")
    info = {"kind": "step", "backend": "python", "device": "cpu", "dtype": "float64",
            "variant": "python-scalars", "steps": STEPS["step"], "nets": 1, "batch": 4, "hidden": 2}
    measure(benchmark, ref.step, info, rounds=ROUNDS, iterations=ITERATIONS)


def test_step_baseline_minimal_torch_autograd(benchmark, torch_case):
    net = torch_case.net()
    p0 = xorgrad.init_params()
    X, Y = net.to_native(xorgrad.XOR_X), net.to_native(xorgrad.XOR_Y)
    params = [net.to_native(p0[k]).requires_grad_() for k in xorgrad.PARAM_NAMES]

    def step():
        loss = minimal_torch_step(params, X, Y, LR)
        net.sync()
        return loss

    loss = step()
    check_first_step(net.to_numpy(loss), dict(zip(xorgrad.PARAM_NAMES, map(net.to_numpy, params))),
                     p0, torch_case.dtype)
    measure(benchmark, step, labels("step", torch_case, "minimal-autograd", **device_labels(net)),
            rounds=ROUNDS, iterations=ITERATIONS, net=net)


def test_step_baseline_one_jitted_jax_call(benchmark, jax_case):
    import jax
    net = jax_case.net()
    jitted = jax_jitted_step()
    p0 = xorgrad.init_params()
    with net.scope():
        X, Y = net.to_native(xorgrad.XOR_X), net.to_native(xorgrad.XOR_Y)
        state = {"p": net.native_params(p0)}

        def step():
            state["p"], loss = jitted(state["p"], X, Y, LR)
            return jax.block_until_ready(loss)

        info = labels("step", jax_case, "jit-per-step", **device_labels(net))
        measure(benchmark, step, info, rounds=ROUNDS, iterations=ITERATIONS, net=net)
        state["p"] = net.native_params(p0)
        loss = step()
        check_first_step(net.to_numpy(loss), {k: net.to_numpy(v) for k, v in state["p"].items()},
                         p0, jax_case.dtype)

