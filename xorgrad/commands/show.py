"""Print the three implementations stage by stage: forward, loss, backward, update, train loop.

The text is read from xorgrad/numpy_net.py, torch_net.py and jax_net.py as they are now, cut at
their `# ---- stage ----` markers and lined up by stage name: three columns when the terminal is
wide enough (each column at least 50 characters), otherwise one stage after the other, each in
its three versions. Look at `backward`: NumPy spells out `dz2 = (a2 - Y) / m`; PyTorch calls
`loss.backward()`; JAX derives the gradient with `jax.value_and_grad(loss)`.

examples:
  xorgrad show                               # every stage, laid out for this terminal
  xorgrad show --stage backward --width 240  # just the backward pass, in three columns
  xorgrad show --stacked                     # one stage after the other
  xorgrad show --markdown docs/side-by-side.md   # regenerate the docs page (a test checks it)
"""

from __future__ import annotations

import shutil
import sys

NAME = "show"
HELP = "print the NumPy, PyTorch and JAX code side by side, stage by stage"


def add_arguments(p):
    p.add_argument("--stage", action="append", metavar="NAME",
                   help="show only this stage (repeatable), e.g. forward, loss, backward, update, "
                        "'train loop', setup")
    p.add_argument("--width", type=int, default=None,
                   help="characters per line (default: the terminal's width)")
    layout = p.add_mutually_exclusive_group()
    layout.add_argument("--stacked", action="store_true",
                        help="one stage after the other, whatever the width")
    layout.add_argument("--columns", action="store_true",
                        help="three columns, whatever the width (long lines wrap)")
    layout.add_argument("--markdown", nargs="?", const="-", metavar="FILE",
                        help="write the Markdown page to FILE (or stdout with no FILE)")


def run(args) -> int:
    from .. import sidebyside
    from ..errors import UsageError
    stages = sidebyside.select_stages(sidebyside.load(), args.stage)
    if args.markdown is not None:
        page = sidebyside.markdown(stages)
        if args.markdown == "-":
            sys.stdout.write(page)
        else:
            try:
                with open(args.markdown, "w", encoding="utf-8") as f:
                    f.write(page)
            except OSError as e:
                raise UsageError(f"cannot write {args.markdown}: {e.strerror}") from None
            print(args.markdown)
        return 0
    width = args.width if args.width is not None else shutil.get_terminal_size((100, 24)).columns
    if width < 40:
        raise UsageError(f"--width must be at least 40 characters, got {width}")
    if args.stacked:
        out = sidebyside.stacked(stages, width)
    elif args.columns:
        out = sidebyside.columns(stages, width)
    else:
        out = sidebyside.text(stages, width)
    sys.stdout.write(out)
    return 0
