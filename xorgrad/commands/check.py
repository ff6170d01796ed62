"""Check a hand-written backprop: which loss it follows, what is wrong, and what it does to training.

FILE.py:FUNC is your gradient, FUNC(w1, b1, w2, b2, X, Y) returning (dw1, db1, dw2, db2) or a
dict, or your training step, FUNC(w1, b1, w2, b2, X, Y, lr) returning the new parameters or
updating them in place (a last argument named lr means a step; --kind says it). Without biases:
FUNC(w1, w2, X, Y[, lr]). The layout is the question's (X (2, m), w1 (h, 2)) or one sample per
row (X (m, 2), w1 (2, h)), found by calling your function, or --layout. Your code runs in a child
process with a time limit on each call; what it prints is shown apart.

Your file may define HIDDEN, SEED, INIT_SCALE, LR, STEPS, INIT() (your start: (w1, b1, w2, b2))
and COST(w1, b1, w2, b2, X, Y) (your cost: the gradient is judged against it). Without a COST or
--loss, check names the loss your code follows (mean or summed BCE, mean squared error, half the
sum or the sum of squared errors) and its sign and factor, per parameter.

Exit status: 0 correct (one loss, one factor, for every parameter, and the loss you demanded or
print if any); 1 anything wrong; 2 the file or function cannot be used, or your code raised,
exited, crashed or ran past --timeout (one line on stderr; with --json, also {"ok": false,
"error": ...} on stdout; XORGRAD_TRACEBACK=1 prints the whole trace of an error your code
raised); 3 a bug in xorgrad itself (its traceback, never blamed on your code).

--json keys: ok, loss (bce_mean, bce_sum, se_mean, se_half_sum, se_sum, own_cost or null), sign,
factor, form, params (w1..b2: ok, loss, sign, factor, verdict, rel_error, cosine, scale, shape,
...), causes, hints, consequence (learns_xor, final_loss, update: subtract, add or step, ...),
learner_output; numbers that are not finite are null.

examples:
  xorgrad check examples/question.py:gradients     # the sign error: named, and the rising loss
  xorgrad check examples/answer.py:gradients       # the factor 4 = m against its own COST
  xorgrad check examples/correct.py:gradients      # exits 0
  xorgrad check my_net.py:step --layout rows --steps 5000 --json
"""

from __future__ import annotations

import json
import sys

NAME = "check"
HELP = "check a hand-written gradient or training step FILE.py:FUNC against the reference"


def add_arguments(p):
    p.add_argument("target", metavar="FILE.py:FUNC", help="the file and the gradient function in it")
    p.add_argument("--json", action="store_true", help="print JSON instead of the report")
    p.add_argument("--seed", type=int, help="seed of your start (default: SEED in your file, else 0)")
    p.add_argument("--scale", type=float,
                   help="init scale of your start (default: INIT_SCALE in your file, else 1.0)")
    p.add_argument("--lr", type=float, help="learning rate (default: LR in your file, else 1.0)")
    p.add_argument("--steps", type=int, help="training steps (default: STEPS in your file, else 1000)")
    p.add_argument("--hidden", type=int, help="hidden units (default: HIDDEN or INIT() in your file, else 2)")
    p.add_argument("--layout", choices=("columns", "rows"),
                   help="columns: X (2, m) as in the question; rows: X (m, 2) (default: found)")
    p.add_argument("--kind", choices=("grad", "step"),
                   help="grad: FUNC returns the gradient; step: FUNC(..., lr) does one training step "
                        "(default: step when the last argument is lr)")
    p.add_argument("--loss", help="demand this loss: bce_mean (bce), bce_sum, se_mean (mse), "
                                  "se_half_sum, se_sum")
    p.add_argument("--cost", metavar="FILE.py:FUNC", help="your cost function (default: COST in your file)")
    p.add_argument("--update", choices=("subtract", "add"),
                   help="how your loop applies a gradient: W -= lr * dW or W += lr * dW "
                        "(default: unknown, both are run)")
    p.add_argument("--timeout", type=float, default=10.0,
                   help="seconds allowed for each call of your code (default 10)")


def run(args) -> int:
    from ..checker import check
    from ..errors import XorgradError, as_flags
    from ._progress import bar, refuse_long
    if args.steps is not None:
        refuse_long(args.steps)
    try:
        with bar(args, "training with your code", unit="step") as progress:
            result = check(args.target, seed=args.seed, scale=args.scale, lr=args.lr,
                           steps=args.steps, hidden=args.hidden, layout=args.layout,
                           kind=args.kind, loss=args.loss, cost=args.cost, update=args.update,
                           timeout=args.timeout, progress=progress)
    except XorgradError as e:
        if args.json and not getattr(args, "debug", False):
            print(json.dumps({"ok": False, "error": as_flags(str(e))}))
            print(f"xorgrad: error: {as_flags(str(e))}", file=sys.stderr)
            return 2
        raise
    print(json.dumps(result.to_dict(), indent=2, allow_nan=False) if args.json else
          as_flags(result.report()))   # the report's hints name flags, not keywords
    return 0 if result.ok else 1
