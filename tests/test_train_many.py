"""A population of N nets trains exactly as N separate runs; the compiled PyTorch path equals eager;
`import xorgrad` stays light."""

import subprocess
import sys

import numpy as np
import pytest

import xorgrad
from xorgrad.benchmarks import population
from xorgrad.agreement import assert_match, compare_arrays
from xorgrad.testing import SHORT_STEPS
from xorgrad.tolerances import tolerance

STEPS = SHORT_STEPS   # and a population of 3: one JAX compile of train_many per dtype for the file


def assert_close(got, want, dtype, what):
    rtol, atol = tolerance("training", dtype)
    err = np.max(np.abs(np.asarray(got, dtype=np.float64) - want))
    assert err <= atol + rtol * np.max(np.abs(want)), f"{what}: max abs err {err:.2e}"


def assert_same_run(net, ref, p0, steps=50):
    """A 50-step float64 run of `net` equals `ref`'s from p0: losses and final parameters."""
    params, losses = net.train(p0, steps=steps)
    ref_params, ref_losses = ref.train(p0, steps=steps)
    assert_close(losses, ref_losses, "float64", "losses")
    for k in xorgrad.PARAM_NAMES:
        assert_close(params[k], ref_params[k], "float64", k)


# width 5 is another JAX compile per case (2 s of CPU each): slow tier; width 2 proves it by default
@pytest.mark.parametrize("hidden", [2, pytest.param(5, marks=pytest.mark.slow)])
def test_train_many_equals_training_each_net_alone(case, hidden):
    net = case.net()
    params = population(3, hidden=hidden, seed=7)
    p_end, losses = net.train_many(params, steps=STEPS, lr=0.5)
    assert losses.shape == (3, STEPS)
    rtol, atol = tolerance("training", case.dtype)
    for i in range(3):
        one_end, one_losses = net.train({k: v[i] for k, v in params.items()}, steps=STEPS, lr=0.5)
        for k in xorgrad.PARAM_NAMES:
            assert p_end[k].shape == params[k].shape
        assert_match(compare_arrays({**{k: p_end[k][i] for k in xorgrad.PARAM_NAMES}, "losses": losses[i]},
                             {**one_end, "losses": one_losses}, rtol, atol,
                             f"net {i} of train_many vs train alone ({case.id})"))


@pytest.mark.slow   # three compiles per backend: the default tier has one size per test
def test_populations_of_three_sizes_in_turn_each_train_as_numpy_does(case):
    """A loop traced or compiled for one population size must not be reused for another (a
    TensorFlow graph traced with a relaxed N kept the second size's shapes inside)."""
    net, ref = case.net(), xorgrad.get("numpy")
    for n in (1, 3, 9):               # 3 nets and 25 steps: the compile the other tests share
        params = population(n, seed=n)
        _, losses = net.train_many(params, steps=STEPS)
        _, want = ref.train_many(params, steps=STEPS)
        assert_close(losses, want, case.dtype, f"N = {n}: losses")


def test_train_many_results_come_back_in_the_requested_dtype(case):
    p_end, losses = case.net().train_many(population(3, seed=3), steps=STEPS)
    assert losses.dtype == np.dtype(case.dtype), losses.dtype
    assert all(v.dtype == np.dtype(case.dtype) for v in p_end.values())


def test_train_many_nets_do_not_share_gradients(case):
    """Changing one net's start leaves every other net's run unchanged."""
    net = case.net()
    params = population(3, seed=1)
    _, before = net.train_many(params, steps=STEPS)
    params["w1"][0] *= 3.0
    p_after, after = net.train_many(params, steps=STEPS)
    for i in (1, 2):
        assert_match(compare_arrays({"losses": after[i]}, {"losses": before[i]}, 0.0, 0.0,
                             f"net {i} after net 0's start changed ({case.id}): bit for bit"))
    assert not np.allclose(after[0], before[0])


def test_train_many_does_not_change_the_callers_arrays():
    params = population(2)
    copy = {k: v.copy() for k, v in params.items()}
    xorgrad.get("numpy").train_many(params, steps=3)
    for k in params:
        np.testing.assert_array_equal(params[k], copy[k])


@pytest.mark.parametrize("bad, message", [
    (xorgrad.init_params(), "3 dimensions"),                                  # one net, no N axis
    ({k: v[:0] for k, v in population(1).items()}, "at least one net"),     # N = 0
    ({**population(2), "b2": np.zeros((3, 1, 1))}, "b2"),                   # N differs
])
def test_train_many_rejects_params_without_a_population_axis(bad, message):
    with pytest.raises(xorgrad.ContractError, match=message):
        xorgrad.get("numpy").train_many(bad, steps=1)


# a cold torch.compile (7 s); fast: test_devices.py's spy on torch.compile
@pytest.mark.slow
@pytest.mark.parametrize("device", ["cpu", "cuda"])
def test_compiled_torch_training_equals_eager(device):
    pytest.importorskip("torch")
    if ("torch", device) not in xorgrad.available():
        pytest.skip(f"no {device} device for torch here")
    p0 = xorgrad.init_params()
    eager = xorgrad.get("torch", device, "float64")
    compiled = xorgrad.get("torch", device, "float64", compile=True)
    assert compiled.compile and "compiled" in repr(compiled)
    assert_same_run(compiled, eager, p0)
    _, none = compiled.train(p0, steps=0)
    assert none.shape == (0,)


@pytest.mark.slow
def test_xla_compiled_tensorflow_training_equals_the_lessons_tf_function_loop():
    pytest.importorskip("tensorflow", reason="tensorflow is not installed: "
                        "pip install 'xorgrad[tensorflow]'")
    p0 = xorgrad.init_params()
    plain = xorgrad.get("tensorflow", "cpu", "float64")
    compiled = xorgrad.get("tensorflow", "cpu", "float64", compile=True)
    assert compiled.compile and "compiled" in repr(compiled)
    assert_same_run(compiled, plain, p0)


@pytest.mark.parametrize("backend", ["numpy", "jax", "hips", "autograd"])
def test_compile_option_is_refused_where_there_is_nothing_to_choose(backend):
    if (backend, "cpu") not in xorgrad.available([backend]):
        pytest.skip(f"{backend} is not installed: pip install 'xorgrad[{backend}]'")
    with pytest.raises(xorgrad.BackendError, match="torch and tensorflow only"):
        xorgrad.get(backend, compile=True)


def test_import_xorgrad_imports_no_framework():
    code = ("import sys, xorgrad, xorgrad.benchmarks, xorgrad.cli; print(sorted(m for m in "
            "('torch', 'jax', 'tensorflow', 'autograd', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
