"""The 2-2-1 XOR net in PyTorch: autograd writes the backward pass.

Read it beside numpy_net.py: forward and update are the same lines; the backward pass shrinks to
`loss.backward()`, which records the forward pass and fills `p.grad` for every parameter.

Shapes: X (2, m) one column per sample, Y (1, m); w1 (h, 2), b1 (h, 1), w2 (1, h), b2 (1, 1).
"""

import torch
import torch.nn.functional as F


# ---- forward -------------------------------------------------------------------------------
def forward(params, X):
    z1 = params["w1"] @ X + params["b1"]      # (h, m) hidden pre-activations
    a1 = torch.sigmoid(z1)                    # (h, m) hidden activations
    z2 = params["w2"] @ a1 + params["b2"]     # (1, m) output logit
    a2 = torch.sigmoid(z2)                    # (1, m) output probability
    return z1, a1, z2, a2


# ---- loss ----------------------------------------------------------------------------------
def bce_from_logits(z2, Y):
    # mean of log(1 + e^z2) - y z2, fused and stable: never takes log of a rounded sigmoid
    return F.binary_cross_entropy_with_logits(z2, Y)


# ---- backward: autograd --------------------------------------------------------------------
def loss_and_grads(params, X, Y):
    for p in params.values():
        p.grad = None                         # .backward() adds to .grad: start from nothing
    z1, a1, z2, a2 = forward(params, X)
    loss = bce_from_logits(z2, Y)
    loss.backward()                           # autograd: dL/dp into p.grad for every leaf p
    return loss.detach(), {name: p.grad for name, p in params.items()}


# ---- update --------------------------------------------------------------------------------
@torch.no_grad()                              # the update itself must not be recorded
def update(params, grads, lr):
    for name, p in params.items():
        p -= lr * grads[name]                 # gradient descent, in place: p stays a leaf


# ---- train loop ----------------------------------------------------------------------------
def train(params, X, Y, steps, lr):
    losses = torch.empty(steps, dtype=X.dtype, device=X.device)  # stays on the device: no sync
    for step in range(steps):
        losses[step], grads = loss_and_grads(params, X, Y)
        update(params, grads, lr)
    return params, losses


# ---- adapter: how the harness calls this file (NumPy in, NumPy out) -------------------------
import numpy as np  # noqa: E402  (below the lesson on purpose)

from .registry import Net as _Net  # noqa: E402


class Net(_Net):
    backend = "torch"

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
