"""The 2-2-1 XOR net in PyTorch: autograd writes the backward pass.

Read it beside numpy_net.py: forward and update are the same lines; the backward pass shrinks to
`loss.backward()`, which records the forward pass and fills `p.grad` for every parameter.

Shapes: X (2, m) one column per sample, Y (1, m); w1 (h, 2), b1 (h, 1), w2 (1, h), b2 (1, 1).
"""

import numpy as np
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
        p.sub_(grads[name], alpha=lr)         # gradient descent, in place: p <- p - lr dL/dp


# ---- train loop ----------------------------------------------------------------------------
def train(params, X, Y, steps, lr):
    losses = []                               # 0-d tensors left on the device: no sync per step
    for step in range(steps):
        loss, grads = loss_and_grads(params, X, Y)
        losses.append(loss)
        update(params, grads, lr)
    return params, torch.stack(losses)


# ---- many nets at once: every parameter has a leading axis N -------------------------------
def train_many(params, X, Y, steps, lr):
    losses = torch.empty(steps, len(params["w1"]), dtype=X.dtype, device=X.device)
    for step in range(steps):
        for p in params.values():
            p.grad = None
        z1, a1, z2, a2 = forward(params, X)   # batched matmul: z2 is (N, 1, m)
        loss = F.binary_cross_entropy_with_logits(  # (N,): each net's own mean over samples
            z2, Y.expand_as(z2), reduction="none").mean(dim=(1, 2))
        loss.sum().backward()                 # nets share nothing: d(sum_j L_j)/dp_i = dL_i/dp_i
        losses[step] = loss.detach()
        update(params, {name: p.grad for name, p in params.items()}, lr)
    return params, losses.T                   # (N, steps): one loss curve per net


# ---- run on its own: python -m impls.torch_net ---------------------------------------------
if __name__ == "__main__":
    X = torch.tensor([[0.0, 0.0, 1.0, 1.0],
                      [0.0, 1.0, 0.0, 1.0]], dtype=torch.float64)  # (2, 4) one column per input
    Y = torch.tensor([[0.0, 1.0, 1.0, 0.0]], dtype=torch.float64)  # (1, 4) x1 XOR x2
    rng = np.random.default_rng(0)                # weights ~ N(0, 1), biases zero: the same
    params = {"w1": rng.standard_normal((2, 2)), "b1": np.zeros((2, 1)),  # NumPy draw as the
              "w2": rng.standard_normal((1, 2)), "b2": np.zeros((1, 1))}  # other lessons
    params = {name: torch.tensor(p).requires_grad_() for name, p in params.items()}  # float64
    params, losses = train(params, X, Y, steps=1000, lr=1.0)
    for step in (0, 100, 200, 500, 999):
        print(f"step {step:4d}  loss {losses[step].item():.6f}")
    a2 = forward(params, X)[3].detach()
    print("a2 at (0,0) (0,1) (1,0) (1,1):", " ".join(f"{v:.3f}" for v in a2[0].tolist()))
