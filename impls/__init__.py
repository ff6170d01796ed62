"""One 2-2-1 XOR network, written three times: NumPy by hand, PyTorch autograd, JAX jit.

    import impls
    p = impls.init_params(seed=0)
    net = impls.get("jax", device="cpu", dtype="float64")
    loss, grads = net.loss_and_grads(p)
    p_end, losses = net.train(p, steps=1000, lr=1.0)

Importing this package imports neither torch nor jax; `get` and `available` load them on demand.
"""

from .contract import (DEFAULT_HIDDEN, DEFAULT_INIT_SCALE, DEFAULT_LR, DEFAULT_SEED,
                       DEFAULT_STEPS, DTYPES, PARAM_NAMES, XOR_X, XOR_Y, ContractError,
                       init_params)
from .registry import BACKENDS, DEVICES, BackendError, Net, UnavailableError, available, get
from .checker import check  # noqa: E402  (NumPy only: imports neither torch nor jax)

__version__ = "0.1.0"

__all__ = [
    "BACKENDS", "DEVICES", "DTYPES", "PARAM_NAMES", "XOR_X", "XOR_Y",
    "DEFAULT_SEED", "DEFAULT_INIT_SCALE", "DEFAULT_LR", "DEFAULT_STEPS", "DEFAULT_HIDDEN",
    "BackendError", "ContractError", "UnavailableError", "Net",
    "available", "get", "init_params", "check",
]
