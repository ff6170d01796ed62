"""Run every available backend, device and dtype from the same start and print one table.

Each row: the loss at the start, the worst per-parameter relative error of its gradients against
float64 central differences and against the float64 NumPy backprop, the loss after the last
update (loss@end), and the trained net's outputs for the four XOR inputs. A backend or device
that cannot run here gets a line saying why and how to get it (JSON: "not_run").

examples:
  xorgrad                          # every backend/device/dtype available here
  xorgrad compare --json           # the same, as JSON
  xorgrad --backends torch,jax --dtypes float32 --steps 2000
"""

from __future__ import annotations

import json

NAME = "compare"
HELP = "compare every available implementation from the same start (the default command)"


def add_arguments(p):
    from .. import contract
    from . import _options
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _options.add_cases(p)
    _options.add_seed(p, contract.DEFAULT_SEED)
    _options.add_scale_lr(p, contract.DEFAULT_INIT_SCALE, contract.DEFAULT_LR)
    _options.add_steps(p, contract.DEFAULT_STEPS)


def run(args) -> int:
    from ..table import main_table
    from ._progress import bar, refuse_long
    refuse_long(args.steps)
    with bar(args, "training each backend", unit="row") as progress:
        result = main_table(args.backends, args.devices, args.dtypes, seed=args.seed,
                            scale=args.scale, lr=args.lr, steps=args.steps,
                            progress=progress)     # the Python entry, xorgrad.compare
    print(json.dumps(result.data, indent=2) if args.json else str(result))
    return 0 if result.ok else 1
