"""JAX: the lesson impls/jax_net.py on cpu or gpu; float64 only inside a scoped x64 switch."""

from __future__ import annotations

import contextlib

import jax
import numpy as np

from xorgrad.impls import jax_net
from xorgrad.registry import Net as _Net


def x64_scope():
    """Float64 for the duration of a `with` block only: JAX's global default stays float32."""
    return jax.enable_x64(True)  # jax.enable_x64 arrived in jax 0.8 (pyproject pins >= 0.8)


class Net(_Net):
    backend = "jax"
    lesson = jax_net

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
        return jax.devices(self.device)[0].device_kind

    def scope(self):
        return x64_scope() if self.dtype == "float64" else contextlib.nullcontext()

    def to_native(self, array):
        return jax.device_put(np.asarray(array, dtype=self.dtype), jax.devices(self.device)[0])

    def to_numpy(self, native):
        return np.asarray(jax.block_until_ready(native))
