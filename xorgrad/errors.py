"""The project's own errors: one base class, so the command line can tell a user's mistake
(reported in one line, exit status 2) from a bug (a traceback, never dressed up as the user's)."""

from __future__ import annotations


class XorgradError(Exception):
    """Base of every error this project raises about its input: printed as one line by the CLI."""


class ContractError(XorgradError, ValueError):
    """Parameters, data or settings that do not fit the 2-h-1 network's contract."""


class BackendError(XorgradError, ValueError):
    """An unknown backend, device or dtype name."""


class UnavailableError(XorgradError, RuntimeError):
    """A known backend or device that this machine cannot run (not installed, no GPU)."""


class UsageError(XorgradError):
    """Input a command cannot use (a bad option value, a file that cannot be written)."""


class CheckInputError(ContractError):
    """A learner's function or file cannot be checked (missing, raises, returns the wrong things)."""


# Hints name an option the way the caller gives it: the library writes keyword arguments
# (`timeout=`), and the command line turns them into its flags (`--timeout`) with `as_flags`.
KEYWORD_FLAGS = (("layout='columns'", "--layout columns"), ("layout='rows'", "--layout rows"),
                 ("update='subtract'", "--update subtract"), ("update='add'", "--update add"),
                 ("kind='step'", "--kind step"), ("kind='grad'", "--kind grad"),
                 ("timeout=", "--timeout"), ("update=", "--update"), ("loss=", "--loss"),
                 ("cost=", "--cost"), ("layout=", "--layout"), ("kind=", "--kind"))


def as_flags(text: str) -> str:
    """A library message with its keyword-argument hints written as command-line flags."""
    for keyword, flag in KEYWORD_FLAGS:
        text = text.replace(f"`{keyword}`", flag).replace(keyword, flag)
    return text
