"""Train many nets at once over a grid of initial scales and learning rates: which learn XOR?

Every cell trains the same N nets (seeds 0..N-1, each exactly xorgrad.init_params(seed=s,
scale=scale)) with the backend's train_many, and reports the share that learned XOR (all four
outputs on the right side of 0.5) with its binomial standard error and 95% Wilson interval, and
the plateaus where the others stopped: loss ln 2 = 0.693 (all outputs 0.5), 0.477 (one input
solved, three lumped), 0.347 = ln 2 / 2 (two solved, two at 0.5), and any other level found.
Writes a heat-map PNG (needs matplotlib; --no-plot to skip) and prints a table or JSON.

This answers the original learner's next question, "I fixed the sign, why does it still not
learn?": with weights ~ 0.01 * N(0,1) no net learns.

The defaults (10 000 nets x 30 cells x 1000 steps) take minutes on a 2-core CPU (docs/seeds.md
says how long its run took; --backend jax is about twice as fast; 2000 steps take twice as long).
A study too big for this machine's memory is refused before it starts, saying what it would need. A progress bar runs on stderr when it is a
terminal (--quiet to silence it).

examples:
  xorgrad seeds                                  # the full default study
  xorgrad seeds --n 1000 --steps 2000 --backend jax --out docs
  xorgrad seeds --scales 0.01,1 --lrs 0.1,1 --json > seeds.json
"""

from __future__ import annotations

import json

from ..contract import csv_list

NAME = "seeds"
HELP = "train thousands of nets per initial scale and learning rate: how many learn XOR?"


def _floats(text):
    try:
        return [float(t) for t in csv_list(text) or ()]
    except ValueError:
        import argparse
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, got {text!r}")


def add_arguments(p):
    from .. import seeds
    p.add_argument("--n", type=int, default=seeds.DEFAULT_N,
                   help="nets per cell, seeds 0..N-1 (default: %(default)s)")
    from . import _options
    _options.add_steps(p, seeds.DEFAULT_STEPS)
    p.add_argument("--scales", type=_floats, default=list(seeds.DEFAULT_SCALES),
                   help="initial weight scales, comma-separated (default: "
                        + ",".join(f"{v:g}" for v in seeds.DEFAULT_SCALES) + ")")
    p.add_argument("--lrs", type=_floats, default=list(seeds.DEFAULT_LRS),
                   help="learning rates, comma-separated (default: "
                        + ",".join(f"{v:g}" for v in seeds.DEFAULT_LRS) + ")")
    _options.add_case(p, "whose train_many trains the nets")
    p.add_argument("--out", default="xorgrad-out", metavar="DIR",
                   help="folder for seeds_heatmap.png (default: %(default)s)")
    p.add_argument("--no-plot", action="store_true", help="do not draw the heat-map")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _size(n_bytes: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB", "PB"):
        if n_bytes < 1000 or unit == "PB":
            return f"{n_bytes:.0f} {unit}" if unit == "bytes" else f"{n_bytes:.3g} {unit}"
        n_bytes /= 1000


def run(args) -> int:
    from .. import seeds
    from ..errors import UsageError
    from ..registry import get
    if args.n < 1:
        raise UsageError(f"--n must be at least 1, got {args.n}")
    if args.steps < 1:
        raise UsageError(f"--steps must be at least 1, got {args.steps}")
    if not args.scales or not args.lrs:
        raise UsageError("--scales and --lrs need at least one number each")
    cells = len(args.scales) * len(args.lrs)
    need, have = seeds.needs(args.n, cells, args.steps), seeds.memory_here()
    if have is not None and need["bytes"] > have / 2:
        raise UsageError(
            f"--n {args.n} x --steps {args.steps} would need about {_size(need['bytes'])} of "
            f"memory (this machine has {_size(have)}) and {need['net_steps']:.2g} net-steps "
            f"({cells} cells; the default study is {seeds.DEFAULT_WORK:.2g}, minutes on a "
            f"2-core CPU): use a smaller --n or --steps")
    get(args.backend, args.device, args.dtype)   # a clear error before any work
    if not args.no_plot:
        from ..plots import _figure, writable_folder
        _figure(1, 1)                            # ... and before, not after, a long run
        writable_folder(args.out)
    from ._progress import bar
    with bar(args, f"{args.n} nets x {cells} cells", unit="cell", total=cells) as progress:
        result = seeds.study(n=args.n, steps=args.steps, scales=args.scales, lrs=args.lrs,
                             backend=args.backend, device=args.device, dtype=args.dtype,
                             progress=progress)
    if not args.no_plot:
        from ..plots import seeds_heatmap
        result["heatmap"] = str(seeds_heatmap(result, args.out).path)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(seeds.table(result))
        if "heatmap" in result:
            print(f"\nheat-map: {result['heatmap']}")
    return 0
