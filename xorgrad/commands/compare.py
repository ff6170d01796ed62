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
    missing = result.get("not_run") or []
    installed = [m for m in missing if "not installed" in m["reason"]]
    for backend in dict.fromkeys(m["backend"] for m in installed):   # one row per backend
        reason = next(m["reason"] for m in installed if m["backend"] == backend)
        lines.append(f"{backend:<7} {'-':<6} {'-':<7} not run: {reason}")
    devices = [m for m in missing if m not in installed]
    if devices:
        lines.append("not run here (no such device): " + "; ".join(
            f"{m['backend']}/{m['device']} ({m['reason'].split(': ', 1)[-1]})" for m in devices))
    return "\n".join(lines)


def run(args) -> int:
    from ..compare_result import compare
    result = compare(args.backends, args.devices, args.dtypes, seed=args.seed, scale=args.scale,
                     lr=args.lr, steps=args.steps)        # the Python entry, xorgrad.compare
    print(json.dumps(result.data, indent=2) if args.json else str(result))
    return 0 if result.ok else 1
