"""JAX: the lesson impls/jax_net.py on cpu or gpu; float64 only inside a scoped x64 switch.

Every call runs inside `jax.default_matmul_precision(MATMUL_PRECISION)`: JAX's own default lets
float32 matmuls on recent NVIDIA GPUs use TF32 (about 10 mantissa bits), while PyTorch keeps full
float32; "highest" makes both true float32, so their rows compare the same arithmetic.
"""

from __future__ import annotations

import contextlib

import jax
import numpy as np

from xorgrad.impls import jax_net
from xorgrad.net import Net as _Net

MATMUL_PRECISION = "highest"  # jax.default_matmul_precision: "highest" | "tensorfloat32" | ...


def x64_scope():
    """Float64 for the duration of a `with` block only: JAX's global default stays float32."""
    return jax.enable_x64(True)  # jax.enable_x64 arrived in jax 0.8 (pyproject pins >= 0.8)


def precision_state() -> dict:
    """The default matmul precision in force now (None: JAX's own default, TF32 on a recent GPU)."""
    value = jax.config.jax_default_matmul_precision
    return {"default_matmul_precision": None if value is None else str(value)}


class Net(_Net):
    backend = "jax"
    lesson = jax_net
    matmul_precision = MATMUL_PRECISION
    updates_in_place = False       # jax_net.update returns new arrays: JAX arrays are immutable

    @classmethod
    def device_available(cls, device):
        try:
            return len(jax.devices(device)) > 0
        except RuntimeError:                    # no such platform on this machine
            return False

    def versions(self):
        import jaxlib
        return {"numpy": np.__version__, "jax": jax.__version__, "jaxlib": jaxlib.__version__}

    def device_name(self):
        return self.jax_device().device_kind

    def jax_device(self):
        """The jax.Device this net computes on: the first of its kind."""
        return jax.devices(self.device)[0]

    def scope(self):
        stack = contextlib.ExitStack()
        stack.enter_context(jax.default_device(self.jax_device()))   # arrays made inside, too
        stack.enter_context(jax.default_matmul_precision(self.matmul_precision))
        if self.dtype == "float64":
            stack.enter_context(x64_scope())
        return stack

    def to_native(self, array):
        return jax.device_put(np.asarray(array, dtype=self.dtype), self.jax_device())

    def to_numpy(self, native):
        return np.asarray(jax.block_until_ready(native))

    def wait(self, native):
        return jax.block_until_ready(native)

    def copy_native(self, params):
        return params                  # immutable: nothing can change them
