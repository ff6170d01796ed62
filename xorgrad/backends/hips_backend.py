"""HIPS autograd: the lesson impls/hips_net.py, NumPy arrays in and out as for the NumPy lesson."""

from __future__ import annotations

from importlib.metadata import version

from xorgrad.backends.numpy_backend import Net as _NumpyNet
from xorgrad.impls import hips_net  # imports autograd: ImportError here when it is not installed


class Net(_NumpyNet):
    backend = "hips"
    lesson = hips_net

    def versions(self):
        return {**super().versions(), "autograd": version("autograd")}
