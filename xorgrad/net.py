"""The base class of every backend's net: one (backend, device, dtype), NumPy in, NumPy out.

A backend's adapter (xorgrad/backends/*_backend.py, or a module from outside the project,
docs/backends.md) subclasses `Net` (public as `xorgrad.Net`): it names its lesson module
(impls/*_net.py) and says how arrays travel to and from the framework; this class checks the
caller's input, runs the lesson's functions inside the framework's scope and brings NumPy back.
The registry (xorgrad/registry.py) finds, loads and builds these classes.
"""

from __future__ import annotations

import contextlib

import numpy as np

from .contract import (DEFAULT_LR, DEFAULT_STEPS, PARAM_NAMES, check_data, check_direction,
                       check_params, check_training, hessian_matrix)
from .errors import BackendError, ContractError, UnavailableError


# Where a lesson has no function named after the kind, the first of these it has is the default.
SECOND_ORDER_DEFAULTS = {"hessian": ("hessian", "hessian_jacrev", "hessian_by_hvps")}


class Net:
    """One (backend, device, dtype): NumPy in, NumPy out.

    A subclass (in xorgrad/backends/) sets `backend` and `lesson` (the module with forward,
    loss_and_grads, update, train, train_many) and says how arrays travel to and from the framework.
    """

    backend: str = ""
    devices: tuple = ("cpu",)  # the devices it knows (a registered class's record takes these)
    device_hints: dict = {}    # device -> what it needs ("needs an NVIDIA GPU and ..."), for errors
    lesson = None           # the lesson module (impls/*_net.py) whose functions this net runs
    compiles: bool = False  # True where `compile=True` selects a compiled training path
    updates_in_place: bool = True   # lesson.update changes the arrays (False: returns new ones)

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

    def probe(self) -> None:
        """One tiny real operation on this net's device (raises if the framework cannot compute
        there): the registry lists a (backend, device) as available only if this runs."""
        from .contract import init_params
        loss, _ = self.loss_and_grads(init_params())
        if not np.isfinite(loss):
            raise RuntimeError(f"the loss at the default start came back as {loss}")

    def to_native(self, array: np.ndarray):
        raise NotImplementedError

    def to_numpy(self, native) -> np.ndarray:
        raise NotImplementedError

    def native_params(self, params: dict[str, np.ndarray]):
        return {k: self.to_native(v) for k, v in params.items()}

    def sync(self):
        """Wait for queued device work (a no-op where work is synchronous)."""

    def wait(self, native):
        """`native` (an array or a tuple/dict of them) once it is computed: what a timed call
        returns, so that the time is the work and not the time to queue it."""
        self.sync()
        return native

    def copy_native(self, params):
        """A fresh copy of native parameters, for a lesson whose update works in place."""
        return self.native_params({k: self.to_numpy(v) for k, v in params.items()})

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

    # --- beyond the gradient: one net, NumPy in and out (docs/hessian.md) --------------------
    def jvp(self, params, v, X=None, Y=None, variant=None) -> tuple[float, float]:
        """(L, dL along v): the loss and its directional derivative along `v`, a dict like
        `params`, by forward mode where the framework has it."""
        with self.scope():
            loss, tangent = self._apply("jvp", variant, params, X, Y, v)
            return float(self.to_numpy(loss)), float(self.to_numpy(tangent))

    def hvp(self, params, v, X=None, Y=None, variant=None) -> dict[str, np.ndarray]:
        """The Hessian of the loss times `v` (a dict like `params`), as a dict like `params`."""
        with self.scope():
            hv = self._apply("hvp", variant, params, X, Y, v)
            return {k: self.to_numpy(hv[k]) for k in PARAM_NAMES}

    def hessian(self, params, X=None, Y=None, variant=None) -> np.ndarray:
        """The (P, P) Hessian over PARAM_NAMES, each flattened in C order (contract.flatten)."""
        with self.scope():
            H = self._apply("hessian", variant, params, X, Y)
            return hessian_matrix({a: {b: self.to_numpy(H[a][b]) for b in PARAM_NAMES}
                                   for a in PARAM_NAMES})

    def variants(self, kind: str) -> tuple[str, ...]:
        """The lesson's other ways to compute `kind` ("hvp": "reverse_over_reverse", ...): every
        `kind_VARIANT` it defines but the one `kind` runs by default."""
        default = self.function_name(kind)
        return tuple(n[len(kind) + 1:] for n in dir(self.lesson)
                     if n.startswith(kind + "_") and n != default)

    def function_name(self, kind: str, variant: str | None = None) -> str | None:
        """The lesson's function for `kind` ("jvp", "hvp", "hessian") and `variant` (None: the
        default). A lesson's `hessian` is its framework's Hessian transform (jacfwd of jacrev);
        a lesson without one runs the first it has of `hessian_jacrev`, `hessian_by_hvps`
        (`SECOND_ORDER_DEFAULTS`). None when the lesson has no `kind` at all."""
        if variant is not None:
            return f"{kind}_{variant}"
        return next((n for n in SECOND_ORDER_DEFAULTS.get(kind, (kind,))
                     if hasattr(self.lesson, n)), None)

    def _apply(self, kind, variant, params, X, Y, *v):
        name = self.function_name(kind, variant)
        if self.function_name(kind) is None:
            raise UnavailableError(f"backend {self.backend} has no {kind}: its lesson "
                                   f"{self.lesson.__name__} defines no {kind}()")
        if not hasattr(self.lesson, name):
            raise BackendError(f"backend {self.backend} has no {kind} variant {variant!r}: "
                               f"choose one of {', '.join(self.variants(kind)) or 'none'}")
        params = check_params(params)
        v = [check_direction(d, params) for d in v]
        X, Y = check_data(X, Y)                    # (the caller holds self.scope())
        return getattr(self.lesson, name)(
            self.native_params(params), self.to_native(X), self.to_native(Y),
            *({k: self.to_native(d[k]) for k in PARAM_NAMES} for d in v))

    def _run(self, loop, params, steps, lr, X, Y):
        """Validate the data and settings, run a lesson's training loop, bring the results back."""
        X, Y = check_data(X, Y)
        steps, lr = check_training(steps, lr)
        if steps == 0:          # nothing to run: the start back, no losses (lessons need not care)
            shape = (0,) if np.ndim(params["w1"]) == 2 else (len(params["w1"]), 0)  # (N, 0)
            return {k: np.array(params[k], dtype=self.dtype) for k in PARAM_NAMES}, \
                np.empty(shape, dtype=self.dtype)
        with self.scope():
            p_end, losses = loop(
                self.native_params(params), self.to_native(X), self.to_native(Y), steps, lr)
            return {k: self.to_numpy(p_end[k]) for k in PARAM_NAMES}, self.to_numpy(losses)
