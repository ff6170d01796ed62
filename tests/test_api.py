"""The public Python surface: names, shapes, and clear errors for everything a user can get wrong."""

import numpy as np
import pytest

import xorgrad
from xorgrad import registry


def test_public_surface_has_the_documented_names():
    assert xorgrad.BACKENDS[:6] == ("numpy", "torch", "jax", "tensorflow", "hips", "autograd")
    assert xorgrad.XOR_X.shape == (2, 4) and xorgrad.XOR_Y.shape == (1, 4)
    assert xorgrad.XOR_X.dtype == xorgrad.XOR_Y.dtype == np.float64
    assert xorgrad.XOR_Y.tolist() == [[0.0, 1.0, 1.0, 0.0]]
    # the label is x1 XOR x2 for every column
    assert [int(a) ^ int(b) for a, b in xorgrad.XOR_X.T] == xorgrad.XOR_Y[0].astype(int).tolist()
    assert ("numpy", "cpu") in xorgrad.available()


def test_init_params_is_deterministic_float64_with_the_question_layout():
    p, q = xorgrad.init_params(seed=5), xorgrad.init_params(seed=5)
    assert {k: v.shape for k, v in p.items()} == {"w1": (2, 2), "b1": (2, 1), "w2": (1, 2), "b2": (1, 1)}
    for k in p:
        assert p[k].dtype == np.float64
        np.testing.assert_array_equal(p[k], q[k])
    assert not np.array_equal(p["w1"], xorgrad.init_params(seed=6)["w1"])
    assert np.all(p["b1"] == 0) and np.all(p["b2"] == 0)
    np.testing.assert_allclose(xorgrad.init_params(5, scale=0.01)["w1"], 0.01 * p["w1"])


@pytest.mark.parametrize("kwargs, fragment", [
    ({"seed": -1}, "seed must be a non-negative integer"),
    ({"seed": 1.5}, "seed must be a non-negative integer"),
    ({"scale": float("nan")}, "scale must be a finite number"),
    ({"hidden": 0}, "hidden must be a positive integer"),
])
def test_init_params_rejects_bad_arguments(kwargs, fragment):
    with pytest.raises(xorgrad.ContractError, match=fragment):
        xorgrad.init_params(**kwargs)


def test_unknown_backend_device_or_dtype_names_the_choices():
    with pytest.raises(xorgrad.BackendError, match=r"unknown backend 'no_such'.*numpy, torch, jax.*available here"):
        xorgrad.get("no_such")
    with pytest.raises(xorgrad.BackendError, match=r"unknown device 'tpu' for torch: choose one of cpu, cuda, mps"):
        xorgrad.get("torch", device="tpu")
    with pytest.raises(xorgrad.BackendError, match=r"unknown dtype 'float16'.*float64, float32"):
        xorgrad.get("numpy", dtype="float16")


def test_missing_framework_says_how_to_install_it(monkeypatch):
    real = registry._load

    def fake(backend):
        if backend == "jax":
            raise ModuleNotFoundError("No module named 'jax'")
        return real(backend)

    monkeypatch.setattr(registry, "_load", fake)
    with pytest.raises(xorgrad.UnavailableError, match=r"backend 'jax' is not installed.*pip install 'xorgrad\[jax\]'"):
        xorgrad.get("jax")
    assert all(b != "jax" for b, _ in xorgrad.available())


def test_missing_gpu_is_a_clear_error_not_a_silent_cpu_run():
    missing = [(b, d) for b in xorgrad.BACKENDS for d in xorgrad.registry.devices_of(b)
               if d != "cpu" and (b, d) not in xorgrad.available() and registry._installed(b)]
    if not missing:
        pytest.skip("no installed backend here lacks a GPU device: install torch or jax (CPU builds) to test the error")
    backend, device = missing[0]
    with pytest.raises(xorgrad.UnavailableError, match=f"device '{device}' is not available to {backend}"):
        xorgrad.get(backend, device=device)


@pytest.mark.parametrize("change, fragment", [
    (lambda p: p.pop("b2"), "missing: \\['b2'\\]"),
    (lambda p: p.update(w3=np.zeros(1)), "unexpected: \\['w3'\\]"),
    (lambda p: p.update(w1=np.zeros((2, 3))), r"params\['w1'\] has shape \(2, 3\), expected \(2, 2\)"),
    (lambda p: p.update(w2=np.zeros((2, 1))), r"params\['w2'\] has shape \(2, 1\), expected \(1, 2\)"),
    (lambda p: p.update(b1=np.full((2, 1), np.nan)), r"params\['b1'\] contains inf or nan"),
    (lambda p: p.update(w1="abc"), r"params\['w1'\] is not numeric"),
])
def test_bad_parameters_are_rejected_with_one_line_errors(change, fragment):
    p = xorgrad.init_params()
    change(p)
    with pytest.raises(xorgrad.ContractError, match=fragment) as info:
        xorgrad.get("numpy").loss_and_grads(p)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("X, Y, fragment", [
    (np.zeros((3, 4)), np.zeros((1, 4)), r"X must have shape \(2, m\)"),
    (np.zeros((2, 4)), np.zeros((1, 3)), r"Y must have shape \(1, 4\)"),
    (np.zeros((2, 4)), np.full((1, 4), 2.0), r"Y must hold labels"),
    (np.full((2, 4), np.inf), np.zeros((1, 4)), r"X and Y must be finite"),
])
def test_bad_data_is_rejected(X, Y, fragment):
    with pytest.raises(xorgrad.ContractError, match=fragment):
        xorgrad.get("numpy").loss_and_grads(xorgrad.init_params(), X, Y)


@pytest.mark.parametrize("steps, lr, fragment", [
    (-1, 1.0, "steps must be a non-negative integer"),
    (2.5, 1.0, "steps must be a non-negative integer"),
    (10, float("inf"), "lr must be a finite number"),
])
def test_bad_training_settings_are_rejected(steps, lr, fragment):
    with pytest.raises(xorgrad.ContractError, match=fragment):
        xorgrad.get("numpy").train(xorgrad.init_params(), steps=steps, lr=lr)


def test_results_come_back_as_numpy_in_the_requested_dtype(case):
    net = case.net()
    loss, grads = net.loss_and_grads(xorgrad.init_params())
    assert isinstance(loss, float)
    assert all(isinstance(g, np.ndarray) and g.dtype == np.dtype(case.dtype) for g in grads.values())
    params, losses = net.train(xorgrad.init_params(), steps=1)   # a step count test_training.py compiles too
    assert losses.dtype == np.dtype(case.dtype) and params["w1"].dtype == np.dtype(case.dtype)


def test_jax_float64_does_not_change_jax_global_settings():
    pytest.importorskip("jax", reason="jax is not installed: pip install 'xorgrad[jax]'")
    import jax
    before = jax.config.jax_enable_x64
    xorgrad.get("jax", dtype="float64").loss_and_grads(xorgrad.init_params())
    assert jax.config.jax_enable_x64 == before
    assert jax.numpy.ones(1).dtype == (np.float64 if before else np.float32)


def test_the_check_function_and_the_checker_package_have_different_names():
    """`xorgrad.check` is the function; the package that holds it is `xorgrad.checker`, so
    importing one of its modules never hides the other (issue 24)."""
    import xorgrad
    import xorgrad.checker.child_side
    assert callable(xorgrad.check) and xorgrad.check is xorgrad.checker.check
    assert xorgrad.checker.child_side.__name__ == "xorgrad.checker.child_side"
