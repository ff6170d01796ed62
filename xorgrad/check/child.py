"""The parent side: start the child that runs the learner's code, send it requests with a time
limit on each, and turn anything the learner's code does to the child into one clear line."""

from __future__ import annotations

import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from multiprocessing.connection import Connection

from ..errors import CheckInputError

DEFAULT_TIMEOUT = 10.0     # seconds for one request (one call, or one stretch of training)
IMPORT_TIMEOUT = 30.0     # at least this long to start Python and import the learner's file
OUTPUT_LIMIT = 2000        # characters of the learner's output shown (head and tail)

# The child's first lines: import runner.py and the three modules it needs (learner, contract,
# errors) without running xorgrad/__init__.py and xorgrad/check/__init__.py, which import the
# whole checker (a third of the child's start-up CPU, paid on every check of a file). The two
# packages stand in as bare namespaces while runner.py loads, then leave sys.modules, so a
# learner's own `import xorgrad` gets the real package.
_BOOT = """import importlib, sys, types
package = sys.argv.pop(1)
for name, path in (("xorgrad", package), ("xorgrad.check", package + "/check")):
    sys.modules[name] = types.ModuleType(name)
    sys.modules[name].__path__ = [path]
runner = importlib.import_module("xorgrad.check.runner")
del sys.modules["xorgrad"], sys.modules["xorgrad.check"]
runner.main()
"""


class LearnerFault(CheckInputError):
    """The learner's code exited, crashed its process or ran past the time limit: nothing more
    can be asked of it, and no other layout or form is worth trying."""


class Child:
    """A child process serving one learner's function; use as a context manager."""

    def __init__(self, target, label, timeout=None):
        self.conn = None
        self.label = label
        self.timeout = float(DEFAULT_TIMEOUT if timeout is None else timeout)
        self.capture = tempfile.TemporaryFile()
        self.proc = self.fork = None
        if isinstance(target, str):
            parent, child = socket.socketpair()
            env = dict(os.environ, PYTHONUNBUFFERED="1")
            package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
            env["PYTHONPATH"] = os.path.dirname(package) + os.pathsep + env.get("PYTHONPATH", "")
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _BOOT, package, str(child.fileno())],
                stdin=subprocess.DEVNULL, stdout=self.capture, stderr=self.capture,
                pass_fds=(child.fileno(),), env=env, start_new_session=True)
            child.close()
            self.conn = Connection(os.dup(parent.fileno()))
            parent.close()
            self.ask(("load", target), "importing the file", max(self.timeout, IMPORT_TIMEOUT))
            self.ask(("limit", self.timeout), "the start")
        else:
            from .runner import serve_forked
            ctx = multiprocessing.get_context("fork")
            self.conn, child = ctx.Pipe()
            self.fork = ctx.Process(target=serve_forked, args=(child, target, self.capture.fileno()),
                                    daemon=True)
            with warnings.catch_warnings():   # the child touches no thread-owned state
                warnings.simplefilter("ignore", RuntimeWarning)   # (only NumPy and the function)
                self.fork.start()
            child.close()
            self.ask(("limit", self.timeout), "the start")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _exitcode(self):
        if self.proc is not None:
            try:
                return self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                return None
        self.fork.join(2)
        return self.fork.exitcode

    def _kill(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, 9)
            except OSError:
                self.proc.kill()
            self.proc.wait()
        if self.fork is not None and self.fork.is_alive():
            self.fork.kill()
            self.fork.join()

    def ask(self, request, where, timeout=None):
        """Send one request; its answer's value, or CheckInputError naming what went wrong."""
        if timeout is None and request[0] in ("cost", "train"):   # many calls, each timed there
            calls = len(request[1]) if request[0] == "cost" else request[1]["steps"]
            timeout = self.timeout * max(1, calls) + 5.0
        limit = self.timeout if timeout is None else timeout
        try:
            self.conn.send(request)
            ready = self.conn.poll(limit)
        except (BrokenPipeError, ConnectionError, OSError):
            ready = True
        if not ready:
            self._kill()
            raise LearnerFault(f"{self.label} did not finish within {limit:g} s at {where} "
                                  f"(an endless loop? timeout= sets the limit){self.output_note()}")
        try:
            ans = self.conn.recv()
        except (EOFError, ConnectionError, OSError):
            code = self._exitcode()
            self._kill()
            how = f"exit status {code}" if code is not None and code >= 0 else \
                f"signal {-code}" if code is not None else "no exit status"
            raise LearnerFault(f"{self.label} ended the process that ran it ({how}) at "
                                  f"{where}{self.output_note()}") from None
        if ans[0] == "ok":
            return ans[1]
        if ans[0] == "timeout":
            raise LearnerFault(f"{self.label} {ans[1]} at {where}{ans[2]} (one call of your "
                               f"code; an endless loop? timeout= sets the limit)"
                               f"{self.output_note()}")
        if ans[0] in ("exited", "timeout"):
            raise LearnerFault(f"{self.label} {ans[1]} at {where}{ans[2]}{self.output_note()}")
        raise CheckInputError(f"{self.label} {ans[1]} at {where}{ans[2]}" if ans[0] != "usage"
                              else ans[1])

    def output(self) -> str:
        """Everything the learner's code printed so far (stdout and stderr together)."""
        try:
            self.capture.flush()
            self.capture.seek(0)
            return self.capture.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def output_note(self) -> str:
        out = self.output().strip()
        if not out:
            return ""
        last = out.splitlines()[-1][:120]
        return f"; its last printed line: {last!r}"

    def close(self):
        if self.conn is not None:
            try:
                self.conn.send(("stop",))
            except (OSError, ValueError):
                pass
            deadline = time.monotonic() + 2
            if self.proc is not None:
                try:
                    self.proc.wait(timeout=max(0.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    pass
            elif self.fork is not None:
                self.fork.join(max(0.0, deadline - time.monotonic()))
            self._kill()
            self.conn.close()
            self.conn = None


def shorten(text: str, limit: int = OUTPUT_LIMIT) -> str:
    """The learner's output, its head and tail when it is long."""
    text = text.rstrip()
    if len(text) <= limit:
        return text
    head, tail = text[: limit // 2], text[-limit // 2:]
    lines = text.count("\n") + 1
    return f"{head.rstrip()}\n[... {len(text) - limit} characters of {lines} lines left out ...]\n{tail.lstrip()}"


class Isolated:
    """A learner's function called through its child process: `Isolated(child)(*args)` returns
    the gradient it returned as a dict by w1, b1, w2, b2 (learner.parse_returned reads it), so code written for a plain function
    (plots.train_with) runs the learner's code where it cannot touch ours."""

    def __init__(self, child: Child, where: str = "a call"):
        self.child, self.where = child, where
        self.__qualname__ = child.label

    def __call__(self, *args):
        from ..contract import PARAM_NAMES
        from .learner import parse_returned
        return parse_returned(self.child.ask(("call", list(args)), self.where), list(PARAM_NAMES),
                              "grad", self.child.label, self.where)
