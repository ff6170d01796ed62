"""The parent's side of the child process that runs the learner's code: start it, send it the
learner's code and requests, hold each call to its time limit, read what it printed, and turn
anything the learner's code does to the child into one clear line."""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import linecache
import multiprocessing
import os
import random
import re
import signal
import sys
import sysconfig
import time
import types
import warnings

import numpy as np

from ..contract import PARAM_NAMES
from ..errors import CheckInputError
from .capture import LEFT_OUT, LEFT_OUT_TEXT, Capture
from .learner import HOOKS, SETTINGS, _one_line, parse_returned

DEFAULT_TIMEOUT = 10.0     # seconds for one request (one call, or one stretch of training)
IMPORT_TIMEOUT = 30.0     # at least this long to start the child and import the learner's file
OUTPUT_LIMIT = 2000        # characters of the learner's output shown (head and tail)
POLL = 0.05               # seconds between two looks at the running call's clock


@functools.cache
def _file_context():
    """Children forked from a server process that imported NumPy and child_side.py once (a check
    starts in milliseconds): no thread, no framework runtime, no module of the caller's."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["numpy", "xorgrad.checker.child_side"])
    atexit.register(_stop_server)
    return ctx


def _stop_server():
    """At exit, stop the fork server and wait for it: no process is left behind, and its
    children's CPU time counts as this process's (`/usr/bin/time` sees it)."""
    from multiprocessing import forkserver
    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if stop is not None:
        with contextlib.suppress(OSError, ChildProcessError):
            stop()


def by_value(func, label: str) -> bytes:
    """A function object (a notebook cell's, a closure, a lambda, one of a learner's own module)
    as a fresh Python can rebuild it, with its module's settings and hooks, the generator states,
    a notebook's cells (names and lines) and the import path: what child_side.Server.adopt takes."""
    import cloudpickle   # a dependency, imported only when a function object is checked
    space = getattr(func, "__globals__", None) or {}
    own = [a for _, a in SETTINGS] + list(HOOKS)
    ipython = sys.modules.get("IPython")   # a notebook's cells: names ('Cell In[3]'), lines
    shell = ipython.get_ipython() if ipython is not None else None
    numbers = getattr(getattr(shell, "compile", None), "_filename_map", None) or {}
    cells = {f: f"Cell In[{n}]" for f, n in numbers.items()}
    sent = {"func": func, "space": {k: space[k] for k in own if k in space}, "cells": cells,
            "lines": {f: linecache.cache[f] for f in cells if f in linecache.cache},
            "rng": (np.random.get_state(), random.getstate()),
            "path": [p or os.getcwd() for p in sys.path]}
    try:
        return _dumps(cloudpickle, sent)
    except Exception as e:  # noqa: BLE001 - whatever the function holds that cannot be sent
        raise CheckInputError(f"{label} cannot be sent to a fresh process to be checked: "
                              f"{_one_line(e)} (it holds something a process cannot copy)") \
            from None


def _dumps(cloudpickle, obj) -> bytes:
    """cloudpickle.dumps, except that the functions and classes of a module a fresh Python would
    not import by name (not the standard library's, an installed package's or xorgrad's: a
    learner's file, a test's) go by value, and code keeps its file's name, not '<dynamic-code>'."""
    reduce_code = getattr(getattr(cloudpickle, "cloudpickle", None), "_code_reduce", None)
    roots = {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    roots.add(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))   # xorgrad/
    roots = [os.path.abspath(r) + os.sep for r in roots]
    registered = []

    class Pickler(cloudpickle.Pickler):
        def reducer_override(self, o):
            if isinstance(o, (types.FunctionType, type)):
                module = sys.modules.get(getattr(o, "__module__", None) or "")
                name = getattr(module, "__name__", "__main__")
                file = getattr(module, "__file__", None)
                if name != "__main__" and name not in registered and file and \
                        not any(os.path.abspath(file).startswith(r) for r in roots):
                    cloudpickle.register_pickle_by_value(module)
                    registered.append(name)
            if isinstance(o, types.CodeType) and reduce_code is not None:
                make, args = reduce_code(o)
                return make, tuple(o.co_filename if isinstance(a, str) and a == "<dynamic-code>"
                                   else a for a in args)
            return super().reducer_override(o)

    buf = io.BytesIO()
    try:
        Pickler(buf, protocol=cloudpickle.DEFAULT_PROTOCOL).dump(obj)
    finally:
        for name in registered:
            cloudpickle.unregister_pickle_by_value(sys.modules[name])
    return buf.getvalue()


class LearnerFault(CheckInputError):
    """The learner's code exited, crashed its process or ran past the time limit: nothing more
    can be asked of it, and no other layout or form is worth trying."""


def learner_raised(message: str, trace: str = "") -> CheckInputError:
    """The learner's error and where, in one line; `trace`: all of it (XORGRAD_TRACEBACK=1)."""
    e = CheckInputError(message)
    e.trace = trace
    return e


def raised_by_learner(e) -> bool:
    """Whether the learner's code raised `e`, not NumPy or torch about the shapes it was given
    (then the arrays check sent may be of the wrong form, not the code)."""
    if getattr(e, "trace", None) is None:
        return False
    text = str(e)
    return not (re.search(r"raised (ValueError|IndexError|RuntimeError)\b", text) and
                re.search(r"shape|broadcast|dimension|mismatch|out of bounds|size", text))


class Child(contextlib.AbstractContextManager):
    """A child process serving one learner's function, 'FILE.py:FUNC' (imported in the child) or
    a function object (sent by value); a context manager."""

    def __init__(self, target, label, timeout=None, progress=None):
        from .child_side import serve
        self.label, self.progress, self.trained = label, progress, 0   # progress(steps run, None)
        self.timeout = float(DEFAULT_TIMEOUT if timeout is None else timeout)
        limit = max(self.timeout, IMPORT_TIMEOUT)
        if isinstance(target, str):
            path, name = target.rsplit(":", 1)
            request = ("load", f"{os.path.abspath(path)}:{name}", limit)
        else:
            request = ("adopt", by_value(target, self.label), limit)
        ctx = _file_context()
        self.capture = Capture(ctx)
        self.clock = ctx.RawArray("d", 2)       # (limit, start) of the learner's call running
        self.conn, child = ctx.Pipe()
        self.fork = ctx.Process(target=serve, daemon=True,
                                args=(child, self.capture, self.clock, self.timeout, os.getcwd()))
        from unittest import mock
        main = sys.modules.get("__main__")   # empty: a child runs it again (a script's `check`)
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:   # PYTHONSAFEPATH: the server, a `python -c`, puts no working folder first on its path
            with warnings.catch_warnings(), mock.patch.dict(os.environ, PYTHONSAFEPATH="1"):
                warnings.simplefilter("ignore")
                self.fork.start()
        finally:
            sys.modules["__main__"] = main
        child.close()
        try:
            self.ask(request, "importing the file" if request[0] == "load" else "the start", limit)
        except BaseException:   # no file or function to serve: the child does not wait on
            self.close()        # (the capture stays readable for the message)
            raise

    def __exit__(self, *exc):
        self.close()

    def _kill(self):
        """Kill the child and its process group (which outlives it when its code started one)."""
        with contextlib.suppress(OSError):   # no such group (any more)
            os.killpg(self.fork.pid, signal.SIGKILL)
        if self.fork.is_alive():
            self.fork.kill()
        self.fork.join()

    def _stopped(self, said) -> LearnerFault:
        """Kill the child; the error saying what its code did, and what it printed last."""
        self._kill()
        return LearnerFault(f"{self.label} {said}{self.output_note()}")

    def _wait(self, limit, where):
        """Wait for the answer or the child's end; stop a request past `limit` seconds in all, or
        a call of it past its own limit and its alarm (which its code then caught)."""
        deadline = time.monotonic() + limit
        while not self.conn.poll(min(POLL, max(0.0, deadline - time.monotonic()))):
            over, start = self.clock[0], self.clock[1]   # start 0: no call running
            if start and time.monotonic() - start > over + min(2.0, 0.1 + over / 2):
                raise self._stopped(f"did not finish within {over:g} s at {where} and went on "
                                    f"after its time limit (does its code catch every exception, "
                                    f"a bare `except:`?); it was stopped (timeout= sets the limit)")
            if time.monotonic() >= deadline:
                raise self._stopped(f"did not finish within {limit:g} s at {where} (an endless "
                                    f"loop? timeout= sets the limit)")
            if not self.fork.is_alive():
                return

    def ask(self, request, where, timeout=None):
        """Send one request; its answer's value, or CheckInputError naming what went wrong."""
        calls = len(request[1]) if request[0] == "cost" else \
            request[1]["steps"] if request[0] == "train" else 1   # many calls, each timed there
        limit = self.timeout * max(1, calls) + 5.0 if timeout is None else timeout
        try:
            self.conn.send(request)
            self._wait(limit, where)
            kind, *ans = self.conn.recv()
        except (EOFError, OSError):   # the child is gone
            self.fork.join(2)
            code = self.fork.exitcode
            how = f"exit status {code}" if code is not None and code >= 0 else \
                f"signal {-code}" if code is not None else "no exit status"
            raise self._stopped(f"ended the process that ran it ({how}) at {where}") from None
        if kind == "ok":
            if request[0] == "train" and self.progress is not None:
                self.trained += ans[0]["done"]
                self.progress(self.trained, None)
            return ans[0]
        if kind == "internal":   # a bug of the checker's own: never the learner's, never exit 1
            raise RuntimeError(f"xorgrad's child process failed at {where}: {ans[0]}\n{ans[1]}")
        if kind == "usage":
            raise CheckInputError(ans[0])
        said = f"{ans[0]} at {where}{ans[1]}"
        if kind == "raised":
            raise learner_raised(f"{self.label} {said}", ans[2] if len(ans) > 2 else "")
        if kind == "timeout":
            said += " (one call of your code; an endless loop? timeout= sets the limit)"
        raise self._stopped(said)   # "exited", "timeout"

    def output(self) -> str:
        """What the learner's code printed so far (capture.Capture.text)."""
        return self.capture.text()

    def output_note(self) -> str:
        out = self.output().strip()
        return f"; its last printed line: {out.splitlines()[-1][:120]!r}" if out else ""

    def close(self):
        if self.conn is not None:
            self._kill()
            self.conn.close()
            self.conn = None


def shorten(text: str, limit: int = OUTPUT_LIMIT) -> str:
    """The learner's output, its head and tail when long, with how much was left out in all."""
    m = LEFT_OUT.search(text.rstrip())
    dropped = int(m.group(1).replace(",", "")) if m else 0
    text = LEFT_OUT.sub("\n", text.rstrip(), count=1)   # the capture's own note, counted
    if len(text) <= limit and not dropped:
        return text
    half = min(limit, len(text)) // 2
    head, tail = text[:half], text[len(text) - half:]
    dropped += len(text[half:len(text) - half].encode("utf-8", "replace"))
    return f"{head.rstrip()}\n{LEFT_OUT_TEXT.format(dropped)}\n{tail.lstrip()}"


class Isolated:
    """`Isolated(child)(*args)`: the gradient of the child's function, a dict by w1, b1, w2, b2,
    so code for a plain function (plots.train_with) runs it apart."""

    def __init__(self, child: Child, where: str = "a call"):
        self.child, self.where, self.__qualname__ = child, where, child.label

    def __call__(self, *args):
        return parse_returned(self.child.ask(("call", list(args)), self.where), list(PARAM_NAMES),
                              "grad", self.child.label, self.where)
