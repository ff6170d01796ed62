"""The Hessian's eigenvalues at a start and along training: where the loss curves, and which way.

At every `--every` steps of plain gradient descent from init_params(--seed, --scale): the loss,
the gradient's norm, how many eigenvalues of the 9 x 9 Hessian are negative, and all nine, from
the backend's own `hessian` (NumPy's: one Hessian-vector product per parameter). A negative
eigenvalue with a tiny gradient is a saddle: the last lines say how slowly gradient descent
leaves it along that direction. docs/hessian.md walks through the question's start.

examples:
  xorgrad hessian                                  # the default start, lr 1, 1000 steps
  xorgrad hessian --scale 0.01 --lr 0.1            # the question's settings: a saddle
  xorgrad hessian --steps 1 --backend jax --json   # (nearly) the start only, JAX's jax.hessian
"""

from __future__ import annotations

import json

NAME = "hessian"
HELP = "the Hessian's eigenvalues at a start and along training (is it a saddle?)"


def add_arguments(p):
    from . import _options
    _options.add_seed(p, note="0")
    _options.add_scale_lr(p, scale_note="1.0", lr_note="1.0")
    _options.add_steps(p, note="1000")
    p.add_argument("--every", type=int, default=100,
                   help="report every this many steps (default: %(default)s)")
    _options.add_case(p, "whose hessian and train are used")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args) -> int:
    from .. import curvature
    from ..errors import UsageError
    if args.every < 1:
        raise UsageError(f"--every must be at least 1, got {args.every}")
    result = curvature.along_training(args.seed, args.scale, args.lr, args.steps, args.every,
                                      args.backend, args.device, args.dtype)
    print(json.dumps(result, indent=2) if args.json else curvature.table(result))
    return 0
