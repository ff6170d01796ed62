"""The backend registry: a name -> one module, loaded only when asked for.

Each backend is a lesson (impls/numpy_net.py, torch_net.py, jax_net.py, tensorflow_net.py,
hips_net.py, autograd_net.py) and a
small adapter in xorgrad/backends/, a subclass of `Net` below that names its lesson and turns
NumPy arrays into the framework's tensors and back. Asking for an unknown or missing backend,
device or dtype is a loud, clear error that says what is available and how to install the rest.

A backend from outside the project joins the same way the fourth lesson does (see the end of
this file and docs/backends.md): `register(name, "module.with.Net")` from a conftest.py or your
own code, or an entry point `name = "package.adapter:Net"` in the group "xorgrad.backends".
Entry points are read the first time the list of backends is asked for (`BACKENDS`,
`available`, `get`), never on `import xorgrad`; a module path given to `register` is imported
only when its backend is used.
"""

from __future__ import annotations

import contextlib
import importlib

import numpy as np

from .contract import (DEFAULT_LR, DEFAULT_STEPS, DTYPES, PARAM_NAMES, check_data, check_params,
                       check_training)
from .errors import BackendError, ContractError, UnavailableError

ENTRY_POINT_GROUP = "xorgrad.backends"
DEVICES = {"numpy": ("cpu",), "torch": ("cpu", "cuda", "mps"), "jax": ("cpu", "gpu"),
           "tensorflow": ("cpu", "gpu"), "hips": ("cpu",)}
_MODULES = {"numpy": "xorgrad.backends.numpy_backend", "torch": "xorgrad.backends.torch_backend",
            "jax": "xorgrad.backends.jax_backend",
            "tensorflow": "xorgrad.backends.tensorflow_backend",
            "hips": "xorgrad.backends.hips_backend"}   # name -> adapter module, in the order shown
INSTALL = {
    "numpy": "pip install numpy",
    "torch": "pip install 'xorgrad[torch]' (CPU build here: pip install torch==2.13.0)",
    "jax": "pip install 'xorgrad[jax]' (GPU: pip install 'jax[cuda12]')",
    "tensorflow": "pip install 'xorgrad[tensorflow]' (GPU: pip install 'tensorflow[and-cuda]')",
    "hips": "pip install 'xorgrad[hips]'",
}
GPU_HINT = {
    "cuda": "needs an NVIDIA GPU and a CUDA build of torch",
    "mps": "needs Apple silicon and a macOS build of torch",
    "gpu": "needs a GPU and jax with its CUDA plugin (pip install 'jax[cuda12]')",
    ("tensorflow", "gpu"): "needs an NVIDIA GPU and pip install 'tensorflow[and-cuda]'",
}


def gpu_hint(backend: str, device: str) -> str:
    """What `device` needs for `backend` (a (backend, device) entry first, then the device's)."""
    return GPU_HINT.get((backend, device), GPU_HINT.get(device, ""))


class Net:
    """One (backend, device, dtype): NumPy in, NumPy out.

    A subclass (in xorgrad/backends/) sets `backend` and `lesson` (the module with forward,
    loss_and_grads, update, train, train_many) and says how arrays travel to and from the framework.
    """

    backend: str = ""
    devices: tuple = ("cpu",)  # what `register` records when it is given the class itself
    lesson = None           # the lesson module (impls/*_net.py) whose functions this net runs
    compiles: bool = False  # True where `compile=True` selects a compiled training path

    def __init__(self, device: str = "cpu", dtype: str = "float64", compile: bool = False):
        self.device = device
        self.dtype = dtype
        self.compile = compile

    def __repr__(self):
        compiled = ", compiled" if self.compile else ""
        return f"<{self.backend} net on {self.device}, {self.dtype}{compiled}>"

    # --- hooks each backend fills in --------------------------------------------------------
    @classmethod
    def device_available(cls, device: str) -> bool:
        return device == "cpu"

    def versions(self) -> dict[str, str]:
        return {"numpy": np.__version__}

    def device_name(self) -> str:
        return "cpu"

    def scope(self):
        """Context the framework needs around any work (JAX: 64-bit mode for float64)."""
        return contextlib.nullcontext()

    def to_native(self, array: np.ndarray):
        raise NotImplementedError

    def to_numpy(self, native) -> np.ndarray:
        raise NotImplementedError

    def native_params(self, params: dict[str, np.ndarray]):
        return {k: self.to_native(v) for k, v in params.items()}

    def sync(self):
        """Wait for queued device work (a no-op where work is synchronous)."""

    def train_function(self):
        """The lesson's training loop this net runs (a compiled one where `compile` is set)."""
        return self.lesson.train

    # --- the public surface -----------------------------------------------------------------
    def loss_and_grads(self, params, X=None, Y=None) -> tuple[float, dict[str, np.ndarray]]:
        """Mean BCE loss at `params` and its gradient, as a float and a dict like `params`."""
        params = check_params(params)
        X, Y = check_data(X, Y)
        with self.scope():
            loss, grads = self.lesson.loss_and_grads(
                self.native_params(params), self.to_native(X), self.to_native(Y))
            return float(self.to_numpy(loss)), {k: self.to_numpy(grads[k]) for k in PARAM_NAMES}

    def train(self, params, steps: int = DEFAULT_STEPS, lr: float = DEFAULT_LR, X=None, Y=None
              ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Plain gradient descent for `steps` steps.

        Returns the final parameters and the per-step losses: ``losses[k]`` is the loss at the
        parameters after k updates (so ``losses[0]`` is the loss at the start).
        """
        return self._run(self.train_function(), check_params(params), steps, lr, X, Y)

    def train_many(self, params, steps: int = DEFAULT_STEPS, lr: float = DEFAULT_LR, X=None,
                   Y=None) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Train a population of N independent nets at once, all on the same data.

        Every array of `params` has a leading axis N (``w1`` is (N, h, 2), and so on). Net i
        trains exactly as ``train`` would train ``{k: v[i]}``. Returns the final parameters
        (leading axis N) and the losses, shape (N, steps): ``losses[i, k]`` is net i's loss
        after k updates.
        """
        params = check_params(params, batched=True)
        if len(params["w1"]) == 0:
            raise ContractError("train_many needs at least one net: params have N = 0")
        return self._run(self.lesson.train_many, params, steps, lr, X, Y)

    def _run(self, loop, params, steps, lr, X, Y):
        """Validate the data and settings, run a lesson's training loop, bring the results back."""
        X, Y = check_data(X, Y)
        steps, lr = check_training(steps, lr)
        with self.scope():
            p_end, losses = loop(
                self.native_params(params), self.to_native(X), self.to_native(Y), steps, lr)
            return {k: self.to_numpy(p_end[k]) for k in PARAM_NAMES}, self.to_numpy(losses)


# ---- registration ------------------------------------------------------------------------------
def register(name: str, module, devices=("cpu",), install: str | None = None) -> None:
    """Add a backend: `module` is the import path of a module holding a `Net` subclass (imported
    only when the backend is used) or the subclass itself. The same gradient, training and
    benchmark tests then run on it. Registering a name again replaces it."""
    if not isinstance(name, str) or not name.isidentifier():
        raise BackendError(f"a backend name must be a Python identifier, got {name!r}")
    if isinstance(module, type):
        if not issubclass(module, Net):
            raise BackendError(f"backend {name!r}: {module!r} is not a subclass of xorgrad.Net")
        devices = tuple(module.devices)
    elif not isinstance(module, str):
        raise BackendError(f"backend {name!r}: give a module path or a Net subclass, not {module!r}")
    devices = tuple(devices)
    if not devices or not all(isinstance(d, str) for d in devices):
        raise BackendError(f"backend {name!r}: devices must be a non-empty list of names")
    _MODULES[name] = module
    DEVICES[name] = devices
    INSTALL[name] = install or f"install the package that provides backend {name!r}"


def _entry_points():
    from importlib.metadata import entry_points
    return entry_points(group=ENTRY_POINT_GROUP)


_discovered = False


def _discover() -> None:
    """Register every backend advertised in the "xorgrad.backends" entry-point group (once)."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    for ep in sorted(_entry_points(), key=lambda ep: ep.name):
        if ep.name in _MODULES:
            continue                               # a built-in name is never replaced silently
        install = f"pip install {ep.dist.name}" if getattr(ep, "dist", None) else None
        try:
            cls = ep.load()                        # "package.adapter:Net"
        except ImportError:                        # listed, and `get` says how to install it
            register(ep.name, ep.module, ("cpu",), install)
            continue
        register(ep.name, cls, install=install)


def backends() -> tuple[str, ...]:
    """Every registered backend name: the built-in ones, then those registered from outside."""
    _discover()
    return tuple(_MODULES)


def __getattr__(name):
    if name == "BACKENDS":                        # always the current list, entry points included
        return backends()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _load(backend: str):
    module = _MODULES[backend]
    return module if isinstance(module, type) else importlib.import_module(module).Net


def _installed(backend: str) -> bool:
    try:
        _load(backend)
    except ImportError:
        return False
    return True


def available(backends=None) -> list[tuple[str, str]]:
    """Every (backend, device) that really works on this machine (imports the frameworks).

    `backends` limits the probe to those names, so that asking about NumPy imports nothing else.
    """
    found = []
    for backend in _all():
        if backends is not None and backend not in backends:
            continue
        if not _installed(backend):
            continue
        cls = _load(backend)
        found += [(backend, d) for d in DEVICES[backend] if cls.device_available(d)]
    return found


def _available_text() -> str:
    return ", ".join(f"{b}/{d}" for b, d in available()) or "none"


def get(backend: str, device: str = "cpu", dtype: str = "float64", compile: bool = False) -> Net:
    """The network for one backend, device and dtype; a clear error if it cannot run here.

    ``compile=True`` picks a compiled training path for `train`: PyTorch's torch.compile of the
    whole step (CUDA graphs on a GPU), TensorFlow's loop under XLA (`jit_compile=True`). JAX always compiles; NumPy has nothing to compile.
    """
    if backend not in _all():
        raise BackendError(f"unknown backend {backend!r}: choose one of {', '.join(_all())}"
                           f" (available here: {_available_text()})")
    if dtype not in DTYPES:
        raise BackendError(f"unknown dtype {dtype!r}: choose one of {', '.join(DTYPES)}")
    if device not in DEVICES[backend]:
        raise BackendError(f"unknown device {device!r} for {backend}: choose one of "
                           f"{', '.join(DEVICES[backend])} (available here: {_available_text()})")
    try:
        cls = _load(backend)
    except ImportError as e:
        raise UnavailableError(f"backend {backend!r} is not installed ({e}); "
                               f"install it with: {INSTALL[backend]}") from None
    if not cls.device_available(device):
        raise UnavailableError(f"device {device!r} is not available to {backend} on this machine "
                               f"({gpu_hint(backend, device)}); available here: {_available_text()}")
    if compile and not cls.compiles:
        raise BackendError(f"compile=True is for torch and tensorflow only: {backend} has no "
                           f"compiled path to choose (jax always compiles, numpy never does)")
    return cls(device, dtype, compile=bool(compile))


_all = backends     # inside this module (a module's __getattr__ serves only its importers)

# The fourth lesson joins exactly as a backend from outside the project would.
register("autograd", "xorgrad.backends.autograd_backend", devices=("cpu",),
         install="it is part of xorgrad and needs only NumPy")
