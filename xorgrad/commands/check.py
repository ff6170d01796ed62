"""Check a hand-written gradient: which parameters are wrong, how, and what that does to training.

FUNC(w1, b1, w2, b2, X, Y) is your gradient of the mean binary cross-entropy of the 2-2-1 net,
in the original question's layout (X (2, m) one column per sample, Y (1, m)); it returns a dict
with keys w1, b1, w2, b2 or a tuple (dw1, db1, dw2, db2). It is compared with the float64 NumPy
backprop (confirmed by central differences) at your start, the default start, random points and
points near saturation; then it trains with your gradient at your settings: INIT_SCALE, LR,
STEPS (and SEED) from your file if it defines them, else the project's defaults, or the options.

Exit status: 0 every gradient matches; 1 any is wrong, or has the wrong shape; 2 the file or
function cannot be used (missing, fails to import, raises, returns the wrong things).

--json keys: ok, function, points, params (w1..b2: ok, verdict, shape, expected_shape,
max_abs_error, rel_error, cosine (lowest over the points), cosine_range, scale (median best-fit
<g, ref> / <ref, ref>), scale_range, worst_point), causes, hints, consequence, start; numbers
that are not finite are null.

examples:
  xorgrad check examples/question.py:gradients     # the sign error: named, and the rising loss
  xorgrad check examples/answer.py:gradients       # the factor 4 = m
  xorgrad check examples/correct.py:gradients      # exits 0
  xorgrad check my_net.py:backward --lr 1 --steps 2000 --json
"""

from __future__ import annotations

import json

NAME = "check"
HELP = "check a hand-written gradient function FILE.py:FUNC against the reference"


def add_arguments(p):
    p.add_argument("target", metavar="FILE.py:FUNC", help="the file and the gradient function in it")
    p.add_argument("--json", action="store_true", help="print JSON instead of the report")
    p.add_argument("--seed", type=int, help="seed of your start (default: SEED in your file, else 0)")
    p.add_argument("--scale", type=float,
                   help="init scale of your start (default: INIT_SCALE in your file, else 1.0)")
    p.add_argument("--lr", type=float, help="learning rate (default: LR in your file, else 1.0)")
    p.add_argument("--steps", type=int, help="training steps (default: STEPS in your file, else 1000)")


def run(args) -> int:
    from ..check import check
    result = check(args.target, seed=args.seed, scale=args.scale, lr=args.lr, steps=args.steps)
    print(json.dumps(result.to_dict(), indent=2, allow_nan=False) if args.json else result.report())
    return 0 if result.ok else 1
