"""The 2-2-1 XOR net in PyTorch: autograd writes the backward pass.

Read it beside numpy_net.py: forward and update are the same lines; the backward pass shrinks to
`loss.sum().backward()`: autograd records the forward pass and fills `p.grad` for every
parameter (the sum is the one net's loss itself, and for a population of nets their total).

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
    # mean of log(1 + e^z2) - y z2, fused and stable: never takes log of a rounded sigmoid;
    # the mean over the last two axes: one per net
    return F.binary_cross_entropy_with_logits(z2, Y.expand_as(z2), reduction="none").mean((-2, -1))


def loss(params, X, Y):
    z1, a1, z2, a2 = forward(params, X)
    return bce_from_logits(z2, Y)


# ---- backward: autograd --------------------------------------------------------------------
def loss_and_grads(params, X, Y):
    for p in params.values():
        p.grad = None                         # .backward() adds to .grad: start from nothing
    z1, a1, z2, a2 = forward(params, X)
    loss = bce_from_logits(z2, Y)
    loss.sum().backward()                     # autograd: dL/dp into p.grad for every leaf p
    return loss.detach(), {name: p.grad for name, p in params.items()}  # (the sum: see train_many)


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
# The same loop as train: forward is a batched matmul (z2 is (N, 1, m)), the loss one per
# net (N,), and loss_and_grads differentiates their sum: nets share nothing, so
# d(sum_j L_j)/dp_i = dL_i/dp_i
def train_many(params, X, Y, steps, lr):
    losses = torch.empty(steps, len(params["w1"]), dtype=X.dtype, device=X.device)  # row k
    for step in range(steps):
        losses[step], grads = loss_and_grads(params, X, Y)  # the same autograd, batched over N
        update(params, grads, lr)
    return params, losses.T                   # (N, steps): one loss curve per net


# ---- beyond the gradient: torch.func transforms the loss function --------------------------
# One net. v is a direction, a dict like params. torch.func works on functions, as JAX does:
# jvp pushes a tangent forward with the values, grad returns a new function, and the two compose.
def jvp(params, X, Y, v):
    return torch.func.jvp(lambda p: loss(p, X, Y), (params,), (v,))  # (L, dL along v), forward mode


def hvp(params, X, Y, v):
    grad = torch.func.grad(loss)              # params -> dL/dparams, itself differentiable
    return torch.func.jvp(lambda p: grad(p, X, Y), (params,), (v,))[1]  # forward-over-reverse


def hvp_reverse_over_reverse(params, X, Y, v):
    _, pull = torch.func.vjp(lambda p: torch.func.grad(loss)(p, X, Y), params)
    return pull(v)[0]                         # v^T H = (H v)^T: H is symmetric


def hvp_double_backward(params, X, Y, v):
    params = {k: p.detach().requires_grad_() for k, p in params.items()}
    grads = torch.autograd.grad(loss(params, X, Y), list(params.values()), create_graph=True)
    gv = sum((g * v[k]).sum() for g, k in zip(grads, params))  # grad . v, still recorded
    return dict(zip(params, torch.autograd.grad(gv, list(params.values()))))  # d(grad . v)/dp


def hessian(params, X, Y):
    return torch.func.hessian(loss)(params, X, Y)  # jacfwd(jacrev): H[a][b] = d2L / da db


def hessian_jacrev(params, X, Y):
    return torch.func.jacrev(torch.func.jacrev(loss))(params, X, Y)  # reverse-over-reverse


def hessian_by_hvps(params, X, Y):
    H = {}                                    # one HVP per unit vector, vmapped: P at once
    for a, pa in params.items():
        basis = {k: p.new_zeros((pa.numel(),) + p.shape) for k, p in params.items()}
        basis[a] = torch.eye(pa.numel(), dtype=pa.dtype, device=pa.device).reshape(
            (pa.numel(),) + pa.shape)         # e_i along a, one per row
        columns = torch.func.vmap(lambda e: hvp(params, X, Y, e))(basis)  # H e_i for every i
        H[a] = {b: c.reshape(pa.shape + c.shape[1:]) for b, c in columns.items()}
    return H


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
