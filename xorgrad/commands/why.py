"""Why a net with a right gradient does not learn XOR: which fate its run meets, measured, and
how often random starts learn, with the nearest changes (a what-if table).

Trains the built-in net (xorgrad.init_params(--seed, --scale), plain gradient descent on the
check's reference backprop) for --steps at --lr and names what happens: too few steps, a plateau
near a saddle (the Hessian's negative eigenvalue), a local minimum, weights growing towards a
level, saturated or dead hidden units, a learning rate too large (with the largest that trains
from this start), too few hidden units, identical hidden units (a symmetric start: --scale 0).
Then trains --n starts (seeds 0..n-1, the same scale)
at once, and the same starts with one more hidden unit, half and twice the lr, another init
scale, and 10x the steps. A run that learns gets no diagnosis. docs/why.md shows every fate.

examples:
  xorgrad why --scale 0.01 --lr 0.1 --steps 2000     # the question's start: a saddle
  xorgrad why --scale 8 --lr 0.5 --steps 2000 --seed 2  # saturated hidden units
  xorgrad why --activation relu --output linear --loss se_mean --json
"""

from __future__ import annotations

import json

NAME = "why"
HELP = "why a net with a right gradient does not learn XOR: its fate, and how often (what-if table)"


def add_arguments(p):
    from . import _options
    _options.add_seed(p, default=0)
    _options.add_scale_lr(p, scale=1.0, lr=1.0)
    _options.add_steps(p, default=1000)
    p.add_argument("--hidden", type=int, default=2, help="hidden units (default: %(default)s)")
    p.add_argument("--activation", default="sigmoid", help="hidden activation: sigmoid, tanh or "
                   "relu (default: %(default)s)")
    p.add_argument("--output", default="sigmoid", help="output unit: sigmoid or linear "
                   "(default: %(default)s)")
    p.add_argument("--loss", default=None, help="bce_mean, bce_sum, se_mean, se_half_sum, se_sum "
                   "(default: bce_mean; se_mean for a linear output)")
    p.add_argument("--n", type=int, default=None, help="random starts for the shares "
                   "(default: 1000; at least 1000 for the numbers a report quotes)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def run(args) -> int:
    from .. import why
    from ..checker.losses import ACTS, ALIASES, NAMED, OUTPUTS, Arch
    from ..contract import XOR_X, XOR_Y, ContractError, check_training, init_params
    from ..errors import UsageError
    if args.activation not in ACTS:
        raise UsageError(f"--activation must be one of {', '.join(ACTS)}, got {args.activation!r}")
    if args.output not in OUTPUTS:
        raise UsageError(f"--output must be one of {', '.join(OUTPUTS)}, got {args.output!r}")
    loss = ALIASES.get(args.loss, args.loss) or ("se_mean" if args.output == "linear" else "bce_mean")
    if loss not in NAMED:
        raise UsageError(f"--loss must be one of {', '.join(NAMED)}, got {args.loss!r}")
    if args.output == "linear" and NAMED[loss][0] == "bce":
        raise UsageError("a linear output needs a squared error (--loss se_mean, ...)")
    if args.hidden < 1:
        raise UsageError(f"--hidden must be at least 1, got {args.hidden}")
    n = why.N_STARTS if args.n is None else args.n
    if n < 1:
        raise UsageError(f"--n must be at least 1, got {n}")
    try:
        check_training(args.steps, args.lr)
        start = init_params(args.seed, args.scale, args.hidden)
    except ContractError as e:
        raise UsageError(str(e)) from None
    if args.lr <= 0:
        raise UsageError(f"--lr must be positive, got {args.lr:g}")
    case = why.Case(why.Spec(Arch(args.activation, args.output), loss), start, args.lr,
                    args.steps, XOR_X, XOR_Y)
    result = why.explain(case, why.Draws.from_scale(n, args.scale, args.hidden))
    result.update(seed=args.seed, init_scale=args.scale)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    text = why.lines(result)
    print("\n".join(text) if text else
          f"seed {args.seed}, init scale {args.scale:g}, lr {args.lr:g}: learns XOR by step "
          f"{result['facts']['first_learned']} of {args.steps}: nothing to explain")
    print(f"({result['seconds']:.1f} s)")
    return 0
