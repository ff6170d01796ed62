"""Print the six lessons stage by stage: forward, loss, backward, update, train loop.

The text is read from impls/numpy_net.py, torch_net.py, jax_net.py and autograd_net.py as they
are now, cut at their `# ---- stage ----` markers and lined up by stage name: columns when the
terminal is wide enough (each column at least 50 characters), otherwise one stage after the
other, each in its versions. Look at `backward`: NumPy spells out `dz2 = (a2 - Y) / m`; PyTorch
calls `loss.sum().backward()`; JAX derives the gradient with `jax.value_and_grad(loss)`; the engine
lesson calls `loss.sum().backward()` on the engine in its own `engine` stage.

`--graph` prints instead the graphs the engines record for one backward pass (PyTorch's grad_fn
nodes, JAX's jaxpr of value_and_grad, the engine lesson's tape), each step beside the
hand-written NumPy line whose value it computes.

examples:
  xorgrad show                               # every stage, laid out for this terminal
  xorgrad show --stage backward --width 320  # just the backward pass, in four columns
  xorgrad show --graph                       # the three graphs beside the hand-written lines
  xorgrad show --graph torch --picture docs/autograd_graph.png   # one graph, and the picture
  xorgrad show --stacked                     # one stage after the other
  xorgrad show --markdown docs/side-by-side.md   # regenerate the docs page (a test checks it)
"""

from __future__ import annotations

import shutil
import sys

NAME = "show"
HELP = "print the six lessons side by side, stage by stage, or the graphs their engines build"


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
    layout.add_argument("--graph", nargs="*", metavar="FRAMEWORK",
                        help="print the backward graph of torch, jax, tensorflow, hips, autograd (default: all) "
                             "beside the hand-written lines")
    p.add_argument("--picture", metavar="PNG",
                   help="with --graph: also draw the engine lesson's tape to PNG (matplotlib)")


def run(args) -> int:
    from .. import sidebyside
    from ..errors import UsageError
    if args.picture and args.graph is None:
        raise UsageError("--picture draws the graph: use it with --graph")
    if args.graph is not None:
        return _graph(args)
    if args.markdown is not None:          # the page docs/side-by-side.md: the built-in lessons
        stages = sidebyside.select_stages(sidebyside.load(), args.stage)
    else:                                  # and beside them any registered outside lesson
        shown = [*sidebyside.SOURCES, *sidebyside.outside_lessons()]
        stages = sidebyside.select_stages(sidebyside.load(shown), args.stage)
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


def _graph(args) -> int:
    from .. import graphs
    from ..errors import UsageError
    for f in args.graph:
        if f not in graphs.FRAMEWORKS:
            raise UsageError(f"no graph for {f!r}: choose from {', '.join(graphs.FRAMEWORKS)}")
    width = args.width if args.width is not None else shutil.get_terminal_size((120, 24)).columns
    sys.stdout.write(graphs.render_all(args.graph or None, width=max(width, 80)))
    if args.picture:
        try:
            from .. import graphpicture
            print(graphpicture.draw(args.picture))
        except ImportError as e:
            raise UsageError(f"--picture needs matplotlib ({e}): pip install 'xorgrad[plot]'") \
                from None
        except OSError as e:
            raise UsageError(f"cannot write {args.picture}: {e.strerror}") from None
    return 0
