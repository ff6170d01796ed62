"""The command line: a thin layer over the library (`xorgrad`, or `python -m xorgrad`).

With no subcommand it runs the main job, `compare`. Each subcommand is one module in
xorgrad/commands/ with `NAME`, `HELP`, `add_arguments(parser)` and `run(args) -> int`; they are
found by name, so adding one touches no other file.

Errors the user can fix (a bad option, a missing backend, an unusable file) are the project's own
(`xorgrad.errors.XorgradError`): they print one line and exit 2; `--debug` shows the traceback
instead. An error raised by a learner's code under `check` is one line too, which says how to
see its whole trace (XORGRAD_TRACEBACK=1). Any other exception is a bug in this
project: its traceback, one line saying so, and exit 3 (never 1, which `check` gives a wrong
gradient).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from . import commands
from .errors import UsageError, XorgradError, as_flags

__all__ = ["main", "build_parser", "UsageError"]

PROG = "xorgrad"
DEFAULT_COMMAND = "compare"
INTERNAL_ERROR = 3   # exit status of a bug in xorgrad itself (1 is check's "your gradient is wrong")


def _command_modules():
    mods = [importlib.import_module(f"{commands.__name__}.{m.name}")
            for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_")]
    return sorted(mods, key=lambda m: (m.NAME != DEFAULT_COMMAND, m.NAME))


class _TopParser(argparse.ArgumentParser):
    """`xorgrad --help` shows the commands and, below them, the main job's own options."""

    main_job: argparse.ArgumentParser | None = None

    def format_help(self) -> str:
        text = super().format_help()
        if self.main_job is None:
            return text
        own = self.main_job.format_help()
        opts = own[own.index("options:") + len("options:"):] if "options:" in own else "\n" + own
        return (f"{text}\noptions of the main job ('{DEFAULT_COMMAND}', run when no command is "
                f"named; also: {PROG} {DEFAULT_COMMAND} --help):{opts}")


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from .registry import BUILTIN_NAMES as lessons
    from .sidebyside import number_word
    parser = _TopParser(
        prog=PROG,
        description=f"One 2-2-1 XOR net written {number_word(len(lessons))} times, one lesson per "
                    f"framework in impls/ ({', '.join(lessons)}): compare, check and measure them.",
        epilog=f"Example: {PROG} --steps 2000 --json;  {PROG} COMMAND --help for a command's "
               f"options.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for mod in _command_modules():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.__doc__,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                       help="show tracebacks on errors")
        mod.add_arguments(p)
        p.set_defaults(run=mod.run)
        if mod.NAME == DEFAULT_COMMAND:
            parser.main_job = p
    return parser


def _first_word(argv: list[str], main_job: argparse.ArgumentParser) -> int | None:
    """Index of the first argument that is neither an option nor an option's value."""
    takes_value = {s for a in main_job._actions for s in a.option_strings  # noqa: SLF001
                   if a.nargs != 0}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            return i + 1 if i + 1 < len(argv) else None
        if not a.startswith("-") or a == "-":
            return i
        if "=" not in a and (a in takes_value or
                             any(o.startswith(a) for o in takes_value if a.startswith("--"))):
            i += 1                      # skip the option's value
        i += 1
    return None


def _route(parser, argv: list[str]) -> list[str]:
    """Insert the default command where none is named; a word that is no command is an error."""
    known = list(parser._subparsers._group_actions[0].choices)  # noqa: SLF001
    at = _first_word(argv, parser.main_job)
    if at is not None and argv[at] in known:
        return argv
    if at is not None:
        import difflib
        word = argv[at]
        close = difflib.get_close_matches(word, known, n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise UsageError(f"unknown command {word!r}{hint} (commands: {', '.join(known)}; "
                         f"{PROG} --help)")
    if any(a in ("-h", "--help", "--version") for a in argv):
        top = [a for a in argv if a in ("-h", "--help", "--version", "--debug")]
        if len(top) == len(argv):       # only top-level flags: the top-level parser answers
            return argv
    return [a for a in argv if a == "--debug"] + [DEFAULT_COMMAND] + \
        [a for a in argv if a != "--debug"]


def main(argv: list[str] | None = None) -> int:
    from .commands._options import validate
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    try:
        argv = _route(parser, argv)
    except UsageError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    try:
        validate(args)
        return int(args.run(args) or 0)
    except XorgradError as e:
        if args.debug:
            raise
        trace = getattr(e, "trace", None)
        if trace and os.environ.get("XORGRAD_TRACEBACK"):
            print(trace.rstrip(), file=sys.stderr)
        hint = "; XORGRAD_TRACEBACK=1 shows its whole trace" if trace and \
            not os.environ.get("XORGRAD_TRACEBACK") else ""
        print(f"{PROG}: error: {as_flags(str(e))}{hint}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as e:  # noqa: BLE001 - a bug of xorgrad's own machinery
        if args.debug:
            raise
        import traceback
        traceback.print_exc()
        print(f"{PROG}: internal error, a bug in xorgrad and not in your code: "
              f"{type(e).__name__} (exit status 3; please report it with the trace above)",
              file=sys.stderr)
        return INTERNAL_ERROR


if __name__ == "__main__":
    sys.exit(main())
