"""A net computes where it was asked to, and `compile=True` really compiles: both checked without
a GPU (PyTorch's `meta` device, patched availability probes, a spy in place of torch.compile), so a
GPU run can never pass while quietly computing on the CPU or in the eager loop."""

import json

import numpy as np
import pytest

import xorgrad
from xorgrad import registry
from xorgrad.registry import why_unavailable

torch = pytest.importorskip("torch", reason="torch is not installed: pip install 'xorgrad[torch]'")


def test_torch_net_computes_on_the_device_it_was_built_for():
    """`meta` tensors carry shapes and dtypes but no data: any tensor left on the CPU shows."""
    from xorgrad.backends.torch_backend import Net
    net = Net("meta", "float64")
    p = net.native_params(xorgrad.init_params())
    X, Y = net.to_native(xorgrad.XOR_X), net.to_native(xorgrad.XOR_Y)
    loss, grads = net.lesson.loss_and_grads(p, X, Y)
    assert {t.device.type for t in [X, Y, *p.values(), loss, *grads.values()]} == {"meta"}
    p_end, losses = net.train_function()(p, X, Y, 3, 0.5)
    assert {t.device.type for t in [*p_end.values(), losses]} == {"meta"}
    assert losses.shape == (3,) and losses.dtype == torch.float64


GPU_PROBES = [("torch", "cuda", "torch.cuda.is_available"),
              ("torch", "mps", "torch.backends.mps.is_available"),
              ("jax", "gpu", None), ("tensorflow", "gpu", None)]


@pytest.mark.parametrize("backend, device, probe", GPU_PROBES, ids=[f"{b}-{d}" for b, d, _ in GPU_PROBES])
def test_get_builds_the_net_for_the_device_asked_for(monkeypatch, backend, device, probe):
    if not registry._installed(backend):
        pytest.skip(f"{backend} is not installed: {registry.record(backend).install}")
    cls = registry._load(backend)
    if probe:   # the adapter's own probe answers from the framework's: patch the framework
        monkeypatch.setattr(probe, lambda: True)
    else:
        monkeypatch.setattr(cls, "device_available", classmethod(lambda c, d: True))
    for dtype in xorgrad.DTYPES:
        net = xorgrad.get(backend, device, dtype)
        assert (type(net), net.device, net.dtype) == (cls, device, dtype), repr(net)
        assert f"on {device}," in repr(net)


@pytest.mark.parametrize("device", ["cpu", "gpu"])
def test_tensorflow_net_computes_on_the_device_it_was_built_for(device):
    """TensorFlow quietly runs an op on the CPU when the GPU cannot take it: read where each
    tensor and variable really is."""
    if ("tensorflow", device) not in xorgrad.available(["tensorflow"]):
        pytest.skip(why_unavailable("tensorflow", device))
    import tensorflow as tf
    net = xorgrad.get("tensorflow", device, "float32")
    with net.scope():
        p = net.native_params(xorgrad.init_params())
        X, Y = net.to_native(xorgrad.XOR_X), net.to_native(xorgrad.XOR_Y)
        loss, grads = net.lesson.loss_and_grads(p, X, Y)
    where = {tf.DeviceSpec.from_string(t.device).device_type
             for t in [X, Y, *p.values(), loss, *grads.values()]}
    assert where == {device.upper()}


def test_compile_true_trains_tensorflow_under_xla():
    if ("tensorflow", "cpu") not in xorgrad.available(["tensorflow"]):
        pytest.skip(f"tensorflow is not installed: {registry.record('tensorflow').install}")
    from xorgrad.backends import tensorflow_backend
    from xorgrad.impls import tensorflow_net
    assert xorgrad.get("tensorflow").train_function() is tensorflow_net.train
    compiled = xorgrad.get("tensorflow", compile=True).train_function()
    assert compiled is tensorflow_backend.train_xla
    assert compiled.python_function is tensorflow_net.train.python_function  # the lesson's loop
    assert compiled._jit_compile is True    # noqa: SLF001 - tf.function keeps the flag here


def test_compile_true_trains_through_torch_compile(monkeypatch):
    calls = []

    def spy(fn, **options):     # stands in for torch.compile: records the call, runs eagerly
        calls.append((fn.__name__, options))
        return fn

    monkeypatch.setattr(torch, "compile", spy)
    p0 = xorgrad.init_params()
    eager_params, eager_losses = xorgrad.get("torch").train(p0, steps=3)
    assert calls == [], "the eager path must not compile"
    params, losses = xorgrad.get("torch", compile=True).train(p0, steps=3)
    assert [name for name, _ in calls] == ["step"], calls
    assert calls[0][1].get("fullgraph") is True, "a graph break would fall back to eager silently"
    np.testing.assert_allclose(losses, eager_losses, rtol=1e-12)


# ---- every array a net makes, and every result, is on the device the net was asked for -------
def _devices_of(backend):
    return [d for b, d in xorgrad.available([backend]) if b == backend]


@pytest.mark.parametrize("device", _devices_of("torch"))
def test_torch_tensors_live_on_the_device_asked_for(device):
    net = xorgrad.get("torch", device, "float32")
    p = net.native_params(xorgrad.init_params())
    X, Y = net.to_native(xorgrad.XOR_X), net.to_native(xorgrad.XOR_Y)
    with net.scope():
        loss, grads = net.lesson.loss_and_grads(p, X, Y)
        p_end, losses = net.train_function()(p, X, Y, 2, 0.5)
    made = [X, Y, *p.values(), loss, *grads.values(), *p_end.values(), losses]
    assert {t.device.type for t in made} == {device}


def test_jax_net_places_every_array_it_makes_on_the_device_asked_for(monkeypatch):
    """In-process (the fast proof of the next test): a stand-in "gpu" device that
    `jax.devices("gpu")` answers with, and spies on `jax.device_put` and `jax.default_device`
    that record where each array is sent and where the net's scope makes new ones. An adapter
    that places an array, or scopes its computation, without naming the net's own device fails."""
    jax = pytest.importorskip("jax", reason="jax is not installed: pip install 'xorgrad[jax]'")
    real_devices, real_put, real_default = jax.devices, jax.device_put, jax.default_device
    cpu0, gpu = real_devices("cpu")[0], object()        # gpu: a device only the spies know
    sent = []

    def put(x, device=None, *args, **kwargs):
        sent.append(device)
        return real_put(x, cpu0 if device is gpu else device, *args, **kwargs)

    def default(device):
        sent.append(device)
        return real_default(cpu0 if device is gpu else device)
    monkeypatch.setattr(jax, "devices", lambda kind=None: [gpu] if kind == "gpu" else
                        real_devices(kind))
    monkeypatch.setattr(jax, "device_put", put)
    monkeypatch.setattr(jax, "default_device", default)
    for device, want in (("gpu", gpu), ("cpu", cpu0)):
        sent.clear()
        net = xorgrad.get("jax", device, "float64")
        net.native_params(xorgrad.init_params())
        net.to_native(xorgrad.XOR_X), net.to_native(xorgrad.XOR_Y)
        with net.scope():
            pass
        assert len(sent) == 7 and all(d is want for d in sent), (device, sent)


@pytest.mark.slow   # a fresh interpreter with two JAX CPU devices (6 s); fast: the spy above
def test_jax_arrays_live_on_the_device_asked_for_not_on_the_default_one():
    """A second CPU device stands in for a GPU (jax_num_cpu_devices=2, `jax.devices("gpu")`
    answers with it): an adapter that ignores its device leaves the arrays on JAX's default
    device, CPU 0, and fails here, as its "cpu" rows would run on the GPU of a GPU machine."""
    pytest.importorskip("jax", reason="jax is not installed: pip install 'xorgrad[jax]'")
    code = """
import jax
jax.config.update("jax_num_cpu_devices", 2)
import json
import xorgrad
from xorgrad.backends import jax_backend
cpu0, cpu1 = jax.devices("cpu")
real = jax.devices
jax.devices = lambda kind=None: [cpu1] if kind == "gpu" else real(kind)
for device, want in (("gpu", cpu1), ("cpu", cpu0)):
    net = xorgrad.get("jax", device, "float64")
    p = net.native_params(xorgrad.init_params())
    with net.scope():
        X, Y = net.to_native(xorgrad.XOR_X), net.to_native(xorgrad.XOR_Y)
        loss, grads = net.lesson.loss_and_grads(p, X, Y)
        p_end, losses = net.lesson.train(p, X, Y, 2, 0.5)
    made = [X, Y, *p.values(), loss, *grads.values(), *p_end.values(), losses]
    print(json.dumps([device, sorted({str(d) for a in made for d in a.devices()}), [str(want)]]))
"""
    import subprocess
    import sys
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert [device for device, _, _ in rows] == ["gpu", "cpu"], run.stdout
    for device, got, want in rows:
        assert got == want, f"the {device} net's arrays live on {got}, not on {want}"
