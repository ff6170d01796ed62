"""NumPy: the lesson impls/numpy_net.py, arrays in and out as they are."""

from __future__ import annotations

import numpy as np

from xorgrad.impls import numpy_net
from xorgrad.net import Net as _Net


class Net(_Net):
    backend = "numpy"
    lesson = numpy_net

    def to_native(self, array):
        return np.array(array, dtype=self.dtype)  # always a copy: update() works in place

    def to_numpy(self, native):
        return np.array(native)
