"""The child side of `check`: the learner's code runs here, never in the checker's own process.

Started by child.Child (`serve`): forked from a server process that has NumPy and this module
imported (the file comes in the first request), or forked from the checker's process with the
learner's function object. Its stdout and stderr go to a file the parent reads afterwards, so
the learner's prints never mix with the report. It answers requests until told to stop:

    ("info",)                      -> the function's argument names and the file's settings
    ("call", args)                 -> what FUNC(*args) returned, or the arguments it changed
    ("init",) / ("cost", args_list) -> INIT() / COST(*args) for each args
    ("inits", seeds)               -> INIT() once per seed, every generator set from it first
    ("train", spec)                -> a stretch of training steps with the learner's update

Each answer is ("ok", value) or ("raised" | "exited", one line, where).
"""

from __future__ import annotations

import inspect
import io
import signal
import os
import sys
import warnings

import numpy as np

from ..errors import CheckInputError
from .learner import _one_line, _user_line, function_of, import_file, parse_returned, returned

SETTINGS = (("scale", "INIT_SCALE"), ("lr", "LR"), ("steps", "STEPS"), ("seed", "SEED"),
            ("hidden", "HIDDEN"), ("update", "UPDATE"), ("activation", "ACTIVATION"),
            ("output", "OUTPUT"))


def _where(e: BaseException, path: str | None) -> str:
    """' (file.py line N)' for the deepest frame of the learner's file (this module's own call
    frame left out)."""
    return _user_line(e, path, skip=1)


def read_settings(space: dict) -> dict:
    """The one reading of a learner's settings, from a namespace (a file's module): SEED,
    INIT_SCALE, LR, STEPS, HIDDEN, UPDATE, ACTIVATION, OUTPUT as plain values, and whether INIT,
    COST and FORWARD are there to call."""
    settings = {k: space[a] for k, a in SETTINGS if a in space}
    settings = {k: v.item() if isinstance(v, np.generic) else v   # LR = np.float32(0.1)
                for k, v in settings.items()}
    settings = {k: v if isinstance(v, (int, float, str, bool)) or v is None else repr(v)
                for k, v in settings.items()}
    return {"settings": settings, "labels": _labels(space), "has_init": callable(space.get("INIT")),
            "has_cost": callable(space.get("COST")), "has_forward": callable(space.get("FORWARD"))}


def _labels(space):
    """The file's own X and Y, as [[x1, x2, y], ...] when they are four 0/1 samples (in columns
    or in rows); None otherwise. check judges and trains on these labels when given no data."""
    try:
        X, Y = np.asarray(space["X"], dtype=float), np.asarray(space["Y"], dtype=float).ravel()
    except (KeyError, TypeError, ValueError):
        return None
    X = X.T if X.shape == (2, 4) else X
    if X.shape != (4, 2) or Y.size != 4 or not np.all((Y == 0) | (Y == 1)):
        return None
    return [[float(a), float(b), float(y)] for (a, b), y in zip(X, Y)]


KEEP_ALL = 1000   # a run's first steps are all sent back; later ones every `every` steps


class _TimeLimit(BaseException):
    """Raised in the learner's code when one call runs past the limit."""


def _alarm(signum, frame):
    raise _TimeLimit()


class _Seeding:
    """While a call is seeded, np.random.default_rng() without a seed draws from that seed."""
    seed, count, original = None, 0, np.random.default_rng

    @staticmethod
    def default_rng(seed=None, *args, **kwargs):
        if seed is None and _Seeding.seed is not None:
            _Seeding.count += 1
            seed = [_Seeding.seed, _Seeding.count]
        return _Seeding.original(seed, *args, **kwargs)


def _reraise(e):
    raise e


def _generators(space):
    """The random generators a learner's module holds: (name, generator) for NumPy's Generator
    and RandomState and the standard library's Random."""
    import random
    kinds = (np.random.Generator, np.random.RandomState, random.Random)
    return [(k, v) for k, v in list(space.items()) if isinstance(v, kinds)]


class Server:
    def __init__(self, func, path):
        self.func, self.path, self.module, self.limit = func, path, None, None
        self.snapshot = self._rng_state() if func is not None else None

    def _space(self):
        if self.module is not None:
            return vars(self.module)
        return getattr(self.func, "__globals__", {})

    def _rng_state(self):
        """Every generator's state: NumPy's and random's global ones and the module's own."""
        import copy
        import random
        return (np.random.get_state(), random.getstate(),
                [(k, copy.deepcopy(v)) for k, v in _generators(self._space())])

    def rewind(self):
        """The generators as they were right after the learner's file was imported (and INIT()
        called again, as the learner's own script does before its loop): its run draws the same
        numbers as the script."""
        import copy
        import random
        if self.snapshot is None:
            return ("ok", None)
        np_state, py_state, own = self.snapshot
        np.random.set_state(np_state)
        random.setstate(py_state)
        space = self._space()
        for k, v in own:
            space[k] = copy.deepcopy(v)
        if callable(self.settings_space().get("INIT")):
            r = self._run(self.settings_space()["INIT"], [])
            if r[0] != "ok":
                return r
        return ("ok", None)

    def reseed(self, seed):
        """Every generator set from `seed`: a random step then draws the same numbers at each
        call with the same seed (a generator it makes unseeded, np.random.default_rng(), too).
        (seed, "numpy") or (seed, "random"): that one generator only (which one a step draws from)."""
        import random
        if isinstance(seed, (tuple, list)):
            seed, which = seed
            (np.random.seed if which == "numpy" else random.seed)(seed)
            return
        _Seeding.seed, _Seeding.count = seed, 0
        np.random.seed(seed)
        random.seed(seed)
        space = self._space()
        for k, v in _generators(space):
            if isinstance(v, np.random.Generator):
                space[k] = np.random.default_rng(seed)
            else:
                v.seed(seed)
        if "torch" in sys.modules:
            sys.modules["torch"].manual_seed(seed)

    def load(self, spec):
        path, name = spec.rsplit(":", 1)
        self.path = os.path.abspath(path)
        sys.path.insert(0, os.path.dirname(self.path))   # for good: the learner's code may import
        try:                                             # its neighbours inside its functions
            self.module, modname = import_file(path)
        except SystemExit as e:
            return ("usage", f"could not import {path}: it called exit({e.code!r}) while being "
                    f"imported{_where(e, path)}", "")
        except BaseException as e:  # noqa: BLE001 - the learner's import, whatever it does
            return ("raised", f"could not import {path}: {_one_line(e)}", _where(e, path))
        self.snapshot = self._rng_state()
        try:
            self.func = function_of(self.module, modname, path, name)
        except CheckInputError as e:
            return ("usage", str(e), "")
        return ("ok", None)

    def info(self):
        try:
            sig = inspect.signature(self.func)
            names = [p.name for p in sig.parameters.values()
                     if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            var = any(p.kind == p.VAR_POSITIONAL for p in sig.parameters.values())
            required = sum(1 for p in sig.parameters.values()
                           if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                           and p.default is p.empty)
        except (TypeError, ValueError):
            names, var, required = None, True, 0
        return ("ok", {"args": names, "varargs": var, "required": required,
                       **read_settings(self.settings_space())})

    def settings_space(self):
        """Where the learner's SEED, LR, ..., INIT and COST are read: the file's module, or the
        module globals of a function object given to `check` (a notebook's __main__, or the
        module it was imported from): one reading for both."""
        if self.module is not None:
            return vars(self.module)
        return getattr(self.func, "__globals__", None) or {}

    def _run(self, f, args):
        """One call of the learner's code, stopped after self.limit seconds (a timer in this
        process: the limit is per call, however many calls a request makes)."""
        timed = self.limit is not None and hasattr(signal, "setitimer")
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if timed:
                    signal.setitimer(signal.ITIMER_REAL, self.limit)
                try:
                    return ("ok", f(*args))
                finally:
                    if timed:
                        signal.setitimer(signal.ITIMER_REAL, 0)
        except _TimeLimit as e:
            return ("timeout", f"did not finish within {self.limit:g} s", _where(e, self.path))
        except SystemExit as e:
            return ("exited", f"called exit({e.code!r})", _where(e, self.path))
        except BaseException as e:  # noqa: BLE001 - reported, never re-raised
            return ("raised", f"raised {_one_line(e)}", _where(e, self.path))

    def call(self, args, seed=None):
        args = [np.array(a) for a in args]
        if seed is not None:
            self.reseed(seed)
        try:
            r = self._run(self.func, args)
        finally:
            _Seeding.seed = None
        return r if r[0] != "ok" else ("ok", returned(r[1], args))

    def init(self):
        r = self._run(self.settings_space()["INIT"], [])
        if r[0] != "ok":
            return r
        return ("ok", returned(r[1]))

    def inits(self, seeds):
        """INIT() once per seed, as the learner's file would draw it with that seed: the file's
        SEED set to it (where it has one) and every generator seeded from it (reseed). The
        draws `xorgrad.why` trains as "random starts drawn the way the learner draws theirs";
        SEED and the seeding are put back afterwards."""
        space = self.settings_space()
        had, old = "SEED" in space, space.get("SEED")
        out = []
        try:
            for seed in seeds:
                if had:
                    space["SEED"] = seed
                self.reseed(int(seed))
                r = self._run(space["INIT"], [])
                if r[0] != "ok":
                    return r
                out.append(returned(r[1]))
        finally:
            if had:
                space["SEED"] = old
            _Seeding.seed = None
        return ("ok", out)

    def cost(self, args_list, own=False):
        f = self.func if own else self.settings_space()["COST"]
        vals = []
        for args in args_list:
            r = self._run(f, [np.array(a) for a in args])
            if r[0] != "ok":
                return r
            try:
                vals.append(float(np.asarray(r[1], dtype=np.float64).reshape(())))
            except (TypeError, ValueError):
                return ("raised", f"COST returned {type(r[1]).__name__}, not one number", "")
        return ("ok", vals)

    def forward(self, args_list):
        """FORWARD's output for each (learner's parameter arrays, X): FORWARD(params, X) when it
        takes two arguments, else FORWARD(*params, X); each as a flat float64 array."""
        f = self.settings_space()["FORWARD"]
        try:
            packed = len(inspect.signature(f).parameters) == 2
        except (TypeError, ValueError):
            packed = False
        outs = []
        for args in args_list:
            args = [np.array(a) for a in args]
            r = self._run(f, [tuple(args[:-1]), args[-1]] if packed else args)
            if r[0] != "ok":
                return r
            value = _plain_out(r[1])
            if value is None:
                return ("raised", f"FORWARD returned {type(r[1]).__name__}, not an array of "
                        f"numbers", "")
            outs.append(value)
        return ("ok", outs)

    def train(self, spec):
        """Steps of the learner's own update: spec has args (the learner's arrays), n (the
        number of parameters first in args), steps, lr, update ('step', 'subtract', 'add'),
        names, first (the number of steps done before) and every. Returns the parameters after
        the steps it keeps (each of the first KEEP_ALL, every `every`-th, the last, and the one
        before a nan), numbered, and the mean seconds per call (stops early at an error)."""
        import time
        args = [np.array(a) for a in spec["args"]]
        n, lr, update = spec["n"], spec["lr"], spec["update"]
        first, every = spec.get("first", 0), spec.get("every", 1)
        history, stop, prev = [], None, None
        t0 = time.perf_counter()
        done = 0
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            timed = self.limit is not None and hasattr(signal, "setitimer")
            extra = [lr] if update == "step" else []
            for step in range(spec["steps"]):
                call_args = [a.copy() for a in args]   # copies: the learner may change them
                try:                                    # (one call, timed; as _run, but lean)
                    if timed:
                        signal.setitimer(signal.ITIMER_REAL, self.limit)
                    try:
                        r = ("ok", self.func(*call_args, *extra))
                    finally:
                        if timed:
                            signal.setitimer(signal.ITIMER_REAL, 0)
                except BaseException as e:  # noqa: BLE001 - reported as _run reports it
                    stop = self._run(_reraise, [e])
                    break
                try:
                    got = list(parse_returned(returned(r[1], call_args), spec["names"],
                                              "step" if update == "step" else "grad").values())
                except CheckInputError as e:
                    stop = ("bad", str(e), "")
                    break
                if update == "step":
                    new = got
                else:
                    sign = -1.0 if update == "subtract" else 1.0
                    try:
                        new = [np.asarray(p, dtype=np.float64) + sign * lr * np.asarray(g, dtype=np.float64)
                               for p, g in zip(args[:n], got)]
                    except (ValueError, TypeError) as e:
                        stop = ("bad", f"the update raised {_one_line(e)}", "")
                        break
                args = [np.asarray(a, dtype=np.float64) for a in new] + args[n:]
                done = step + 1
                s = first + done
                finite = bool(np.isfinite(np.concatenate([a.ravel() for a in args[:n]])).all())
                if not finite and prev is not None and (not history or history[-1][0] != s - 1):
                    history.append(prev)
                # args[:n] are never changed in place afterwards (each call gets copies)
                if s <= KEEP_ALL or s % every == 0 or done == spec["steps"] or not finite:
                    history.append((s, args[:n]))
                else:
                    prev = (s, args[:n])
                if not finite:
                    break
        per_call = (time.perf_counter() - t0) / max(1, done)
        return ("ok", {"history": history, "stop": stop, "per_call": per_call, "done": done})

    def serve(self, conn):
        np.random.default_rng = _Seeding.default_rng     # in the child only
        if hasattr(signal, "SIGALRM"):
            signal.signal(signal.SIGALRM, _alarm)
        while True:
            try:
                req = conn.recv()
            except (EOFError, OSError):
                return
            op = req[0]
            if op == "stop":
                return
            if op == "load":
                ans = self.load(req[1])
            elif op == "info":
                ans = self.info()
            elif op == "call":
                ans = self.call(req[1], req[2] if len(req) > 2 else None)
            elif op == "limit":
                self.limit, ans = req[1], ("ok", None)
            elif op == "rewind":
                ans = self.rewind()
            elif op == "init":
                ans = self.init()
            elif op == "inits":
                ans = self.inits(req[1])
            elif op == "cost":
                ans = self.cost(req[1], len(req) > 2 and req[2])
            elif op == "forward":
                ans = self.forward(req[1])
            elif op == "train":
                ans = self.train(req[1])
            else:
                ans = ("usage", f"unknown request {op!r}", "")
            for s in (sys.stdout, sys.stderr):
                try:
                    s.flush()
                except Exception:  # noqa: BLE001 - the learner may have replaced them
                    pass
            try:
                conn.send(ans)
            except Exception as e:  # noqa: BLE001 - an answer that cannot be pickled
                conn.send(("raised", f"returned something that cannot be sent back "
                           f"({_one_line(e)})", ""))


def _plain_out(x):
    """A forward pass's output as a flat float64 array (the last of a tuple: (a1, a2), say)."""
    if isinstance(x, (tuple, list)) and x and not np.isscalar(x[0]):
        x = x[-1]
    try:
        a = np.asarray(x.detach().cpu().numpy() if hasattr(x, "detach") else x, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return a.reshape(-1)


def _redirect(path):
    """Send this process's stdout and stderr to the parent's capture file."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    sys.stdout = io.TextIOWrapper(os.fdopen(os.dup(1), "wb", buffering=0), write_through=True)
    sys.stderr = io.TextIOWrapper(os.fdopen(os.dup(2), "wb", buffering=0), write_through=True)
    sys.stdin = io.StringIO("")


def serve(conn, capture, func=None):
    """The child's whole life (child.Child starts it): its own session, so that the parent can
    stop it and whatever it started at once; its output into the file `capture`; then requests
    until "stop". `func` is the learner's function object (a forked child), or None: the first
    request loads it from its file."""
    if hasattr(os, "setsid"):
        os.setsid()
    if func is None:   # a file gets NumPy's global generator fresh, as a fresh Python has it;
        np.random.seed()   # forked from the server, every child would draw the server's numbers
    _redirect(capture)     # (Python's `random` is reseeded after a fork by Python itself; a
                           # function object keeps its caller's generators, as they were there)
    path = getattr(getattr(func, "__code__", None), "co_filename", None)
    Server(func, path).serve(conn)
