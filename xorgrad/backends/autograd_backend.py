"""Autograd from scratch: the lesson impls/autograd_net.py, NumPy arrays wrapped in its Tensor.

It joins the registry the way a backend from outside the project would: one `register` call
(at the end of xorgrad/registry.py) naming this module.
"""

from __future__ import annotations

import numpy as np

from xorgrad.impls import autograd_net
from xorgrad.registry import Net as _Net


class Net(_Net):
    backend = "autograd"
    lesson = autograd_net

    def to_native(self, array):
        return np.array(array, dtype=self.dtype)  # always a copy: update() works in place

    def native_params(self, params):
        return {k: autograd_net.Tensor(self.to_native(v)) for k, v in params.items()}

    def to_numpy(self, native):
        return np.array(native.value if isinstance(native, autograd_net.Tensor) else native)
