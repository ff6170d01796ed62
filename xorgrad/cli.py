"""The command line: a thin layer over the library (`xorgrad`, or `python -m xorgrad`).

With no subcommand it runs the main job, `compare`. Each subcommand is one module in
xorgrad/commands/ with `NAME`, `HELP`, `add_arguments(parser)` and `run(args) -> int`; they are
found by name, so adding one touches no other file.

Errors the user can fix (a bad option, a missing backend, an unusable file) are the project's own
(`xorgrad.errors.XorgradError`): they print one line and exit 2; `--debug` shows the traceback
instead. Any other exception is a bug in this project and keeps its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from . import commands
from .errors import UsageError, XorgradError

__all__ = ["main", "build_parser", "UsageError"]

PROG = "xorgrad"
DEFAULT_COMMAND = "compare"


def _command_modules():
    mods = [importlib.import_module(f"{commands.__name__}.{m.name}")
            for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_")]
    return sorted(mods, key=lambda m: (m.NAME != DEFAULT_COMMAND, m.NAME))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="One 2-2-1 XOR net written four times (NumPy by hand, PyTorch, JAX, autograd from scratch): "
                    "compare, check and measure them.",
        epilog=f"With no command, runs '{DEFAULT_COMMAND}'. Example: {PROG} --json")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for mod in _command_modules():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.__doc__,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                       help="show tracebacks on errors")
        mod.add_arguments(p)
        p.set_defaults(run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    known = set(parser._subparsers._group_actions[0].choices)  # noqa: SLF001
    first = next((a for a in argv if not a.startswith("-")), None)
    if first not in known and not any(a in ("-h", "--help") for a in argv[:1]):
        argv = [a for a in argv if a == "--debug"] + [DEFAULT_COMMAND] + \
               [a for a in argv if a != "--debug"]
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except XorgradError as e:
        if args.debug:
            raise
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
