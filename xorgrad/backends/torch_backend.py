"""PyTorch: the lesson impls/torch_net.py on cpu, cuda or mps; compile=True trains with
`train_compiled` below (torch.compile of the lesson's forward, loss and update as one step).

Two settings are chosen here, per call, and put back afterwards (a user's own settings survive):

- float32 matmul precision: "highest" (true float32, no TF32 on an NVIDIA GPU), the same as the
  JAX adapter, so float32 rows of the two frameworks compute the same thing;
- intra-op threads on a CPU: one thread for the sizes this net is run at (see `threads_for`).
"""

from __future__ import annotations

import contextlib

import numpy as np
import torch

from xorgrad.impls import torch_net
from xorgrad.net import Net as _Net

MATMUL_PRECISION = "highest"  # set_float32_matmul_precision: "highest" | "high" (TF32) | "medium"

# Intra-op threads on a CPU, chosen from measurements on a 2-core machine (docs/benchmarks.md,
# "Threads"): for every workload of this net up to 10 000 nets, 100 000 samples or 1024 hidden
# units (at most ~2.1 million elements per layer), one thread was as fast or faster than two in a
# quiet run, and with another job on the machine two threads made a step 4x to 20x slower (tiny
# tensors wait on a busy second core at every op). Beyond the largest size measured, torch's own
# default is left alone.
ONE_THREAD_UP_TO = 2_100_000  # elements = nets * hidden * samples, the largest measured


def threads_for(device: str, elements: int) -> int | None:
    """Intra-op threads for one call on `device` touching `elements` activations (None: default)."""
    if device != "cpu":
        return None
    return 1 if elements <= ONE_THREAD_UP_TO else None


def workload(params: dict, X) -> int:
    """nets * hidden * samples: the size of the hidden activations of one step."""
    w1 = np.shape(params["w1"])
    nets = w1[0] if len(w1) == 3 else 1
    return int(nets * w1[-2] * np.shape(X)[-1])


@contextlib.contextmanager
def intra_op_threads(n: int | None):
    """torch's intra-op threads set to `n` (None: unchanged) inside the block, then restored."""
    before = torch.get_num_threads()
    if n and n != before:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        if torch.get_num_threads() != before:
            torch.set_num_threads(before)


def precision_state() -> dict:
    """The float32 matmul settings in force now, read through both of torch's APIs.

    torch >= 2.9 has a new TF32 API (torch.backends.cuda.matmul.fp32_precision); once it has been
    set directly, the legacy getters raise, so each read is guarded and a failure is recorded.
    """
    state = {}
    for key, read in (("float32_matmul_precision", torch.get_float32_matmul_precision),
                      ("cuda_matmul_fp32_precision",
                       lambda: torch.backends.cuda.matmul.fp32_precision),
                      ("cuda_matmul_allow_tf32", lambda: torch.backends.cuda.matmul.allow_tf32)):
        try:
            state[key] = read()
        except (AttributeError, RuntimeError) as e:
            state[key] = f"unreadable ({type(e).__name__})"
    return state


@contextlib.contextmanager
def matmul_precision(level: str = MATMUL_PRECISION):
    """torch.set_float32_matmul_precision(level) inside the block; the previous setting after."""
    try:
        before = ("legacy", torch.get_float32_matmul_precision())
    except RuntimeError:  # set through the new API only: restore through it
        before = ("new", torch.backends.cuda.matmul.fp32_precision)
    torch.set_float32_matmul_precision(level)
    try:
        yield
    finally:
        if before[0] == "legacy":
            torch.set_float32_matmul_precision(before[1])
        else:
            torch.backends.cuda.matmul.fp32_precision = before[1]


# ---- compiled training: forward, backward and update traced into one graph -----------------
def step(params, X, Y, lr):
    """One step of the lesson's net as a pure function (new params, loss): what torch.compile
    traces. `.backward()` would break the graph; torch.func.grad does not."""
    grads, loss = torch.func.grad_and_value(torch_net.loss)(params, X, Y)  # dL/dp, traceable
    return {name: p - lr * grads[name] for name, p in params.items()}, loss  # new params


def compiled_step(params, X, Y, lr, mode=None, sync=lambda: None):
    """One call = one step of torch.compile(step); returns (call, state) with state["p"] the
    parameters after the last call.

    With mode="reduce-overhead" (CUDA graphs, on a GPU) every replay writes its outputs into the
    same memory, so the new parameters are cloned before they feed the next step, and the loss
    before it is kept.
    """
    compiled = torch.compile(step, fullgraph=True, mode=mode)
    cuda_graphs = mode == "reduce-overhead"
    state = {"p": {name: p.detach() for name, p in params.items()}}

    def call():
        if cuda_graphs:
            torch.compiler.cudagraph_mark_step_begin()  # a new step: the last one's outputs go
        p, loss = compiled(state["p"], X, Y, lr)
        if cuda_graphs:
            p, loss = {name: v.clone() for name, v in p.items()}, loss.clone()
        state["p"] = p
        sync()
        return loss
    return call, state


def train_compiled(params, X, Y, steps, lr, mode=None):
    """The lesson's `train`, each step one compiled graph (CUDA graphs with "reduce-overhead")."""
    call, state = compiled_step(params, X, Y, lr, mode)
    losses = torch.stack([call() for _ in range(steps)])
    return state["p"], losses


class Net(_Net):
    backend = "torch"
    lesson = torch_net
    compiles = True  # xorgrad.get("torch", compile=True): train with train_compiled
    matmul_precision = MATMUL_PRECISION

    def compile_mode(self):
        """torch.compile's mode for this device: CUDA graphs on a GPU."""
        return "reduce-overhead" if self.device == "cuda" else None

    def train_function(self):
        if not self.compile:
            return torch_net.train

        def train(*args):
            return train_compiled(*args, mode=self.compile_mode())
        return train

    def scope(self):
        return matmul_precision(self.matmul_precision)

    def threads(self, params, X):
        """The intra-op thread scope for one call on these parameters and data."""
        try:
            elements = workload(params, np.empty((2, 4)) if X is None else X)
        except (KeyError, TypeError, IndexError):  # bad input: the contract check reports it
            elements = 0
        return intra_op_threads(threads_for(self.device, elements))

    def loss_and_grads(self, params, X=None, Y=None):
        with self.threads(params, X):
            return super().loss_and_grads(params, X, Y)

    def _run(self, loop, params, steps, lr, X, Y):
        with self.threads(params, X):
            return super()._run(loop, params, steps, lr, X, Y)

    def _apply(self, kind, variant, params, X, *rest):   # jvp, hvp, hessian: threads as above
        with self.threads(params, X):
            return super()._apply(kind, variant, params, X, *rest)

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

    def copy_native(self, params):
        return {k: v.detach().clone().requires_grad_() for k, v in params.items()}  # on device

    def sync(self):
        if self.device == "cuda":
            torch.cuda.synchronize()
        elif self.device == "mps":
            torch.mps.synchronize()
