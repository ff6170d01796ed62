"""xorgrad: one 2-2-1 XOR network, written once per framework, proven equal and measured.

The lessons live in impls/ (installed as xorgrad.impls); this package is everything that uses
them: the shared data and start, the backend registry, the finite-difference oracle and
comparisons, the checker for hand-written gradients, the studies, pictures and the CLI.

    import xorgrad
    p = xorgrad.init_params(seed=0)
    net = xorgrad.get("jax", device="cpu", dtype="float64")
    loss, grads = net.loss_and_grads(p)
    p_end, losses = net.train(p, steps=1000, lr=1.0)
    xorgrad.check("examples/question.py:gradients").report()
    print(xorgrad.compare(steps=2000))     # the main table (in Jupyter: shown as HTML)

Importing this package imports neither torch nor jax; `get` and `available` load them on demand.
"""

from .checker import check
from .contract import (DEFAULT_HIDDEN, DEFAULT_INIT_SCALE, DEFAULT_LR, DEFAULT_SEED,
                       DEFAULT_STEPS, DTYPES, PARAM_NAMES, XOR_X, XOR_Y, init_params)
from .errors import (BackendError, CheckInputError, ContractError, UnavailableError, UsageError,
                     XorgradError)
from .net import Net
from .registry import available, get, register
from .table import main_table as compare   # xorgrad.compare(...): the main table, a MainTable

__version__ = "0.2.0"

__all__ = [
    "BACKENDS", "DTYPES", "PARAM_NAMES", "XOR_X", "XOR_Y",
    "DEFAULT_SEED", "DEFAULT_INIT_SCALE", "DEFAULT_LR", "DEFAULT_STEPS", "DEFAULT_HIDDEN",
    "XorgradError", "BackendError", "CheckInputError", "ContractError", "UnavailableError",
    "UsageError", "Net", "available", "get", "register", "init_params", "check", "compare",
    "__version__",
]


def __getattr__(name):
    if name == "BACKENDS":      # the current list: backends registered from outside included
        from . import registry
        return registry.backends()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
