"""Autograd from scratch: the lesson impls/autograd_net.py, NumPy arrays wrapped in its Tensor.

Its record is in xorgrad/registry.py with the other built-in ones; the adapter itself is written
exactly as a backend from outside the project would write it (docs/backends.md).
"""

from __future__ import annotations

import numpy as np

from xorgrad.backends.numpy_backend import Net as _NumpyNet
from xorgrad.impls import autograd_net


class Net(_NumpyNet):
    """NumPy arrays in and out, as for the NumPy lesson; parameters wrapped in the engine's Tensor."""

    backend = "autograd"
    lesson = autograd_net

    def native_params(self, params):
        return {k: autograd_net.Tensor(self.to_native(v)) for k, v in params.items()}

    def to_numpy(self, native):
        return np.array(native.value if isinstance(native, autograd_net.Tensor) else native)
