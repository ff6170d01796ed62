"""Draw the XOR net as PNG pictures (no display needed) and print their paths.

  loss      the loss curves of every available backend/device/dtype from the same start,
            overlaid, and their differences from the float64 NumPy run on a log scale
  boundary  the trained net's decision boundary over the unit square, with the four XOR points
  hidden    what each hidden unit learned: its line w1[i] . x + b1[i] = 0 in input space, its
            activation as an image, and the four inputs as the hidden layer sees them
  learner   (with --grad) the loss when training with a learner's gradient function against the
            reference gradient, from the same start. The file is read as `xorgrad check` reads
            it, and runs the same way (a child process, a time limit per call): --seed/--scale/
            --lr/--steps default to its SEED, INIT_SCALE, LR, STEPS (else the defaults below),
            and UPDATE = "add" in it means its loop adds the gradient

--backend/--device/--dtype pick the net trained for boundary and hidden; --backends/--devices/
--dtypes narrow the loss curves (as in `xorgrad compare`). Every title and caption describes the
run drawn: a net that did not learn XOR is drawn and captioned as one. Needs matplotlib:
pip install 'xorgrad[plot]'.

examples:
  xorgrad plot                                   # loss, boundary, hidden into ./xorgrad-out
  xorgrad plot --out docs --only loss,boundary
  xorgrad plot --grad examples/question.py:gradients   # adds learner_vs_reference.png
"""

from __future__ import annotations

from pathlib import Path

NAME = "plot"
HELP = "draw loss curves, the decision boundary, the hidden units (PNG files)"
KINDS = ("loss", "boundary", "hidden", "learner")
DEFAULT_OUT = "xorgrad-out"


def add_arguments(p):
    from .. import contract
    from . import _options
    p.add_argument("--out", default=DEFAULT_OUT, metavar="DIR",
                   help="folder for the PNG files (default: %(default)s)")
    p.add_argument("--only", type=contract.csv_list, metavar="KINDS",
                   help=f"comma-separated, from {','.join(KINDS)} (default: all; learner only "
                        f"with --grad)")
    p.add_argument("--grad", metavar="FILE.py:FUNC",
                   help="a gradient function gradients(w1, b1, w2, b2, X, Y) -> (dw1, db1, dw2, "
                        "db2) to train with, beside the reference")
    _options.add_seed(p, note=f"{contract.DEFAULT_SEED}; learner: the file's SEED")
    _options.add_scale_lr(p, scale_note=f"{contract.DEFAULT_INIT_SCALE}; learner: the file's "
                                        f"INIT_SCALE",
                          lr_note=f"{contract.DEFAULT_LR}; learner: the file's LR")
    _options.add_steps(p, note=f"{contract.DEFAULT_STEPS}; learner: the file's STEPS")
    _options.add_case(p, "trained for boundary and hidden")
    _options.add_cases(p, "whose loss curves are drawn")


def run(args) -> int:
    from .. import contract, plots
    from ..checker.learner import parse_spec
    from ..registry import select, unavailable
    from ..errors import UsageError
    from ..registry import get
    kinds = args.only or [k for k in KINDS if k != "learner" or args.grad]
    for k in kinds:
        if k not in KINDS:
            raise UsageError(f"unknown picture {k!r}: choose from {', '.join(KINDS)}")
    if "learner" in kinds and not args.grad:
        raise UsageError("the learner picture needs --grad FILE.py:FUNC, "
                         "e.g. --grad examples/question.py:gradients")
    seed, scale, lr, steps = contract.run_settings(args.seed, args.scale, args.lr, args.steps)
    contract.init_params(seed=seed, scale=scale)
    from ._progress import refuse_long
    refuse_long(steps)
    get(args.backend, args.device, args.dtype)      # a clear error before any drawing
    cases = select(args.backends, args.devices, args.dtypes) if "loss" in kinds else None
    plots._figure(1, 1)                              # ... and when matplotlib is missing
    if "learner" in kinds:
        parse_spec(args.grad)                        # FILE.py:FUNC, and the file exists
    plots.writable_folder(args.out)                  # ... and when --out cannot hold them
    from ._progress import bar
    with bar(args, "drawing", unit="picture", total=len(kinds)) as progress:
        pictures = _draw(args, kinds, seed, scale, lr, steps, cases, progress)
    for pic in pictures:
        print(pic.path)
        print(f"    {pic.caption}")
    return 0


def _draw(args, kinds, seed, scale, lr, steps, cases, progress):
    """Each picture asked for (training what it draws), in order."""
    from .. import plots
    from ..registry import unavailable
    pictures = []
    for kind in kinds:
        if progress is not None and pictures:
            progress(len(pictures), len(kinds))
        if kind == "loss":
            pictures.append(plots.loss_curves(args.out, seed=seed, scale=scale, lr=lr,
                                              steps=steps, cases=cases,
                                              missing=unavailable(args.backends, args.devices)))
        elif kind == "boundary":
            pictures.append(plots.decision_boundary(args.out, args.backend, args.device,
                                                    args.dtype, seed, scale, lr, steps))
        elif kind == "hidden":
            pictures.append(plots.hidden_units(args.out, args.backend, args.device, args.dtype,
                                               seed, scale, lr, steps))
        elif kind == "learner":   # read and run as `check` does: its child, its settings
            pictures.append(plots.learner_vs_reference(
                args.grad, args.out, seed=args.seed, scale=args.scale, lr=args.lr,
                steps=args.steps, name=Path(args.grad.rpartition(":")[0]).name))
    if progress is not None:
        progress(len(pictures), len(kinds))
    return pictures
