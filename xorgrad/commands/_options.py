"""Options shared by several commands, defined once so that one name means one thing everywhere.

  --backend / --device / --dtype      one implementation (plot, seeds)
  --backends / --devices / --dtypes   a comma-separated selection (compare; plot's loss curves)
  --seed    the seed of the initial parameters (xorgrad.init_params), an integer >= 0
  --steps   training steps (updates), an integer >= 1 for every command
  --scale   the initial weight scale; --lr the learning rate

Values are checked once, after parsing, by `validate` (called by xorgrad.cli for every command),
so a bad one is the same one-line error whichever command it was given to.
"""
from __future__ import annotations

from ..contract import csv_list


def add_case(p, what: str):
    """--backend, --device, --dtype: the one implementation `what` uses."""
    p.add_argument("--backend", default="numpy", help=f"backend {what} (default: %(default)s)")
    p.add_argument("--device", default="cpu", help="its device (default: %(default)s)")
    p.add_argument("--dtype", default="float64", help="its dtype (default: %(default)s)")


def add_cases(p, what: str = "to run"):
    """--backends, --devices, --dtypes: comma-separated selections, default every available."""
    p.add_argument("--backends", type=csv_list, metavar="LIST",
                   help=f"backends {what}, comma-separated, e.g. numpy,torch (default: every "
                        f"one installed)")
    p.add_argument("--devices", type=csv_list, metavar="LIST",
                   help="devices, comma-separated, e.g. cpu,cuda,gpu (default: every one here)")
    p.add_argument("--dtypes", type=csv_list, metavar="LIST",
                   help="dtypes, comma-separated: float64,float32 (default: both)")


def add_seed(p, default=None, note: str = ""):
    p.add_argument("--seed", type=int, default=default,
                   help="seed of the initial parameters, an integer >= 0 "
                        f"(default: {note or default})")


def add_steps(p, default=None, note: str = ""):
    p.add_argument("--steps", type=int, default=default,
                   help=f"training steps, at least 1 (default: {note or default})")


def add_scale_lr(p, scale=None, lr=None, scale_note: str = "", lr_note: str = ""):
    p.add_argument("--scale", type=float, default=scale,
                   help=f"initial weight scale: w ~ scale * N(0, 1) (default: {scale_note or scale})")
    p.add_argument("--lr", type=float, default=lr,
                   help=f"learning rate (default: {lr_note or lr})")


def validate(args) -> None:
    """The checks every command shares; raises UsageError (one line, exit 2)."""
    from ..errors import UsageError
    steps = getattr(args, "steps", None)
    if steps is not None and steps < 1:
        raise UsageError(f"--steps must be at least 1, got {steps}")
    seed = getattr(args, "seed", None)
    if seed is not None and seed < 0:
        raise UsageError(f"--seed must be an integer >= 0, got {seed}")
