"""Run every available backend, device and dtype from the same start and print one table.

Each row: the loss at the start, the worst per-parameter relative error of its gradients against
float64 central differences and against the float64 NumPy backprop, the loss after training, and
the trained net's outputs for the four XOR inputs.

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
    csv = contract.csv_list
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--backends", type=csv, help="comma-separated, e.g. numpy,torch (default: all available)")
    p.add_argument("--devices", type=csv, help="comma-separated, e.g. cpu,cuda,gpu (default: all available)")
    p.add_argument("--dtypes", type=csv, help="float64,float32 (default: both)")
    p.add_argument("--seed", type=int, default=contract.DEFAULT_SEED, help="initial parameters' seed (default: %(default)s)")
    p.add_argument("--scale", type=float, default=contract.DEFAULT_INIT_SCALE, help="initial weight scale (default: %(default)s)")
    p.add_argument("--lr", type=float, default=contract.DEFAULT_LR, help="learning rate (default: %(default)s)")
    p.add_argument("--steps", type=int, default=contract.DEFAULT_STEPS, help="training steps (default: %(default)s)")


def format_table(result: dict) -> str:
    head = (f"XOR 2-2-1, seed {result['seed']}, init scale {result['init_scale']}, "
            f"lr {result['lr']}, {result['steps']} steps; every row starts from the same float64 "
            f"parameters\n"
            f"grad err: worst per-parameter max|g - ref| / max|ref| against float64 central "
            f"differences (FD) and float64 NumPy backprop (np64)\n")
    bw = max([7] + [len(r["backend"]) for r in result["rows"]])   # "autograd", outside names
    cols = (f"{'backend':<{bw}} {'device':<6} {'dtype':<7} {'loss@0':>9} {'err vs FD':>9} "
            f"{'vs np64':>8} {'loss@end':>9}  {'a2 at (0,0) (0,1) (1,0) (1,1)':<29} XOR?")
    lines = [head, cols, "-" * len(cols)]
    for r in result["rows"]:
        a2 = " ".join(f"{v:5.3f}" for v in r["predictions"])
        lines.append(f"{r['backend']:<{bw}} {r['device']:<6} {r['dtype']:<7} {r['loss']:9.6f} "
                     f"{r['grad_rel_err_vs_fd']:9.1e} {r['grad_rel_err_vs_numpy64']:8.1e} "
                     f"{r['loss_end']:9.6f}  {a2:<29} {'yes' if r['learned_xor'] else 'no'}")
    return "\n".join(lines)


def run(args) -> int:
    from ..compare import compare_backends, select
    cases = select(args.backends, args.devices, args.dtypes)
    result = compare_backends(seed=args.seed, scale=args.scale, lr=args.lr, steps=args.steps,
                              cases=cases)
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    return 0 if all(r["grad_ok"] for r in result["rows"]) else 1
