"""PyTorch: the lesson impls/torch_net.py on cpu, cuda or mps; compile=True picks its compiled loop."""

from __future__ import annotations

import numpy as np
import torch

from xorgrad.impls import torch_net
from xorgrad.registry import Net as _Net


class Net(_Net):
    backend = "torch"
    lesson = torch_net
    compiles = True  # xorgrad.get("torch", compile=True): train with train_compiled

    def train_function(self):
        if not self.compile:
            return torch_net.train
        mode = "reduce-overhead" if self.device == "cuda" else None  # CUDA graphs on a GPU

        def train(*args):
            return torch_net.train_compiled(*args, mode=mode)
        return train

    @classmethod
    def device_available(cls, device):
        if device == "cuda":
            return torch.cuda.is_available()
        if device == "mps":
            return torch.backends.mps.is_available()
        return device == "cpu"

    def versions(self):
        v = {"numpy": np.__version__, "torch": torch.__version__}
        if self.device == "cuda":
            v["cuda"] = torch.version.cuda or ""
        return v

    def device_name(self):
        if self.device == "cuda":
            return torch.cuda.get_device_name()
        return self.device

    def to_native(self, array):
        return torch.tensor(np.asarray(array), dtype=getattr(torch, self.dtype), device=self.device)

    def native_params(self, params):
        return {k: self.to_native(v).requires_grad_() for k, v in params.items()}

    def to_numpy(self, native):
        return native.detach().cpu().numpy()

    def sync(self):
        if self.device == "cuda":
            torch.cuda.synchronize()
        elif self.device == "mps":
            torch.mps.synchronize()
