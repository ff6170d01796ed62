"""The parent side: start the child that runs the learner's code, send it requests with a time
limit on each, and turn anything the learner's code does to the child into one clear line."""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import signal
import sys
import tempfile
import types
import warnings

from ..errors import CheckInputError

DEFAULT_TIMEOUT = 10.0     # seconds for one request (one call, or one stretch of training)
IMPORT_TIMEOUT = 30.0     # at least this long to start the child and import the learner's file
OUTPUT_LIMIT = 2000        # characters of the learner's output shown (head and tail)

_FILE_CONTEXT = None


def _file_context():
    """Where a learner's file runs: a child forked from a server process that imported NumPy and
    runner.py once (multiprocessing's forkserver), so each check starts in milliseconds instead
    of the 0.3 s a fresh Python takes to import NumPy; a fresh Python (spawn) where the
    platform has no forkserver. Either way the child shares nothing with this process."""
    global _FILE_CONTEXT
    if _FILE_CONTEXT is None:
        if "forkserver" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["numpy", "xorgrad.check.runner"])
            atexit.register(_stop_server)
        else:
            ctx = multiprocessing.get_context("spawn")
        _FILE_CONTEXT = ctx
    return _FILE_CONTEXT


@contextlib.contextmanager
def _without_main():
    """A forkserver or spawn child first runs the parent's __main__ script again (multiprocessing
    does, so that functions defined there exist). The learner's child needs nothing from it, and
    a learner's script that calls check at its top level would call it again in the child: while
    the child starts, __main__ is an empty module."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _stop_server():
    """At exit, stop the fork server and wait for it: no process is left behind, and the CPU
    time of the children it forked is counted as this process's (`/usr/bin/time` sees it)."""
    from multiprocessing import forkserver
    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if stop is not None:
        with contextlib.suppress(OSError, ChildProcessError):
            stop()


class LearnerFault(CheckInputError):
    """The learner's code exited, crashed its process or ran past the time limit: nothing more
    can be asked of it, and no other layout or form is worth trying."""


class Child:
    """A child process serving one learner's function; use as a context manager. `target` is
    'FILE.py:FUNC' (the file is imported in the child) or a function object (the child is a fork
    of this process, so the function and its globals are there as they are here)."""

    def __init__(self, target, label, timeout=None):
        from .runner import serve
        self.conn = None
        self.label = label
        self.timeout = float(DEFAULT_TIMEOUT if timeout is None else timeout)
        fd, self.capture_path = tempfile.mkstemp(prefix="xorgrad-check-", suffix=".out")
        self.capture = os.fdopen(fd, "w+b")
        ctx = _file_context() if isinstance(target, str) else multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        func = None if isinstance(target, str) else target
        self.fork = ctx.Process(target=serve, args=(child, self.capture_path, func), daemon=True)
        with warnings.catch_warnings(), _without_main():   # a fork touches no thread-owned
            warnings.simplefilter("ignore")      # state: it runs only NumPy and the learner's code
            self.fork.start()
        child.close()
        try:
            if func is None:
                self.ask(("load", target), "importing the file", max(self.timeout, IMPORT_TIMEOUT))
            self.ask(("limit", self.timeout), "the start")
        except BaseException:   # no file or function to serve: the child does not wait on
            self.close()        # (the capture stays readable for the message)
            raise
        finally:
            self._forget_capture_path()

    def _forget_capture_path(self):
        """The child has its own handle on the capture file once it answered: the name goes."""
        if self.capture_path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.capture_path)
            self.capture_path = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _exitcode(self):
        self.fork.join(2)
        return self.fork.exitcode

    def _kill(self):
        """The child and everything it started (its own process group, which outlives the child
        when the learner's code started a process and the child then stopped): gone."""
        with contextlib.suppress(OSError, AttributeError):   # no such group (any more), or no
            os.killpg(self.fork.pid, signal.SIGKILL)          # process groups on this system
        if self.fork.is_alive():
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
            self.fork.join(2)
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
