"""The child side of `check`, where the learner's code runs: forked from a server that imported
NumPy and this module, nothing of the caller's (a fork of the caller would lose its framework
threads, torch's pool say). Its output is capped (capture.py), its memory bounded, each call timed
here and, should its code swallow the alarm, from the parent. A request: a Server method's name
and arguments; its answer: ("ok", value) or ("raised" | "exited" | ..., one line, where)."""

from __future__ import annotations

# Everything this side needs is imported here, before the learner's folder goes first on
# sys.path: a random.py or numpy.py of the learner's never replaces the checker's own.
import contextlib
import copy
import importlib
import inspect
import linecache
import os
import pickle
import random
import resource
import signal
import subprocess
import sys
import time
import traceback
import warnings

import numpy as np

from ..errors import CheckInputError
from .learner import (CELL_NAMES, _one_line, _user_line, function_of, import_file,
                      parse_returned, read_settings, returned, to_numpy)

importlib.import_module(".capture", __package__)   # unpickled here (the parent sends a Capture)
importlib.import_module("cloudpickle")   # a function object's payload names it

KEEP_ALL = 1000   # a run's first steps are all sent back; later ones every `every` steps
CHECKERS_OWN = ("numpy", "xorgrad", "cloudpickle")   # never replaced: the requests need them
_SEED = [None, 0]   # while a call is seeded: its seed, and the generators made unseeded so far
_DEFAULT_RNG = np.random.default_rng


def memory_limit() -> int:
    """Bytes of private memory (RLIMIT_DATA; RLIMIT_AS would count the address space torch, JAX
    or TensorFlow reserve and refuse them) the child may hold: half the machine's, within 2 to 8
    GiB, of which importing one of them takes 0.2 to 0.4 GiB. Past it: a MemoryError."""
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return int(min(8 << 30, max(2 << 30, ram // 2)))


def _trace(e: BaseException) -> str:
    """The traceback of an error the learner's code raised, from its own first frame."""
    tb = getattr(e.__traceback__, "tb_next", None) or e.__traceback__
    return "".join(traceback.format_exception(type(e), e, tb))


def _changed(given, used) -> list:
    """The indices of the arrays a call changed in place (given: what it was handed, as NumPy)."""
    return [i for i, (a, b) in enumerate(zip(given, used))
            if isinstance(a, np.ndarray) and not np.array_equal(a, to_numpy(b), equal_nan=True)]


def _flat_output(out):
    """FORWARD's output as a flat float64 array (the last of a tuple: (a1, a2), say)."""
    if isinstance(out, (tuple, list)) and out and not np.isscalar(out[0]):
        out = out[-1]
    return np.asarray(to_numpy(out), dtype=np.float64).reshape(-1)


class _TimeLimit(BaseException):
    """Raised in the learner's code when one call runs past the limit."""


def _alarm(signum, frame):
    raise _TimeLimit()


def _seeded_rng(seed=None, *args, **kwargs):
    """np.random.default_rng in the child: unseeded while a call is seeded, from that seed."""
    if seed is None and _SEED[0] is not None:
        _SEED[1] += 1
        seed = list(_SEED)
    return _DEFAULT_RNG(seed, *args, **kwargs)


def _generators(space):
    """(name, generator) for each NumPy Generator, RandomState and random.Random in `space`."""
    kinds = (np.random.Generator, np.random.RandomState, random.Random)
    return [(k, v) for k, v in list(space.items()) if isinstance(v, kinds)]


def _shadowed_by(folder: str):
    """The learner's folder first on sys.path, as `python file.py` puts it: a module of its own
    (random.py, say) replaces ours, unless a fresh Python has it at start or it is CHECKERS_OWN."""
    names = []
    with contextlib.suppress(OSError):
        names = os.listdir(folder)
    here = {n[:-3] for n in names if n.endswith(".py")} | \
        {n for n in names if os.path.isfile(os.path.join(folder, n, "__init__.py"))}
    hits = {n for n in here if n in sys.modules and n not in CHECKERS_OWN}
    if hits:
        try:
            out = subprocess.run([sys.executable, "-I", "-c", "import sys; print(*sys.modules)"],
                                 capture_output=True, text=True, timeout=30).stdout
            hits -= set(out.split())
        except (OSError, subprocess.SubprocessError):
            hits -= set(sys.builtin_module_names)
        for m in [m for m in sys.modules if any(m == n or m.startswith(n + ".") for n in hits)]:
            del sys.modules[m]
    sys.path.insert(0, folder)


class Server:
    def __init__(self, clock, limit):
        self.func = self.path = self.module = self.snapshot = None
        self.clock, self.limit, self.torch_args = clock, limit, False
        self.changes = {}    # argument index -> the index it is returned at, or None

    def _run(self, f, args, limit=None):
        """("ok", f(*args)) or what went wrong; stopped after `limit` s (self.limit: per call,
        however many a request makes) by an alarm, or by the parent, which reads `clock`."""
        limit = limit or self.limit
        try:
            self.clock[0], self.clock[1] = limit, time.monotonic()
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                return ("ok", f(*args))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                self.clock[1] = 0.0
        except BaseException as e:  # noqa: BLE001 - reported, never re-raised
            where = _user_line(e, self.path, 1)   # this module's own frame left out
            if isinstance(e, _TimeLimit):
                return ("timeout", f"did not finish within {limit:g} s", where)
            if isinstance(e, SystemExit):
                return ("exited", f"called exit({e.code!r})", where)
            if isinstance(e, MemoryError):
                return ("raised", f"raised MemoryError: it asked for more than the "
                        f"{memory_limit() / 2**30:g} GiB of memory check allows", where)
            return ("raised", f"raised {_one_line(e)}", where, _trace(e))

    def _rng_state(self):
        """NumPy's and random's global generator states and the module's own generators."""
        return (np.random.get_state(), random.getstate(),
                [(k, copy.deepcopy(v)) for k, v in _generators(self.settings_space())])

    def rewind(self):
        """The generators as right after the file's import, and INIT() called again (as the
        learner's script does before its loop): its run draws the script's numbers."""
        np_state, py_state, own = self.snapshot
        np.random.set_state(np_state)
        random.setstate(py_state)
        space = self.settings_space()
        space.update((k, copy.deepcopy(v)) for k, v in own)
        return self.init() if callable(space.get("INIT")) else ("ok", None)

    def _seeded(self, f, args, seed):
        """f(*args), every generator (and one it makes by np.random.default_rng()) set from `seed`:
        a random step draws the same numbers at each call; (seed, "numpy" | "random"): that one."""
        if isinstance(seed, (tuple, list)):
            (np.random.seed if seed[1] == "numpy" else random.seed)(seed[0])
        elif seed is not None:
            _SEED[:] = [seed, 0]
            np.random.seed(seed)
            random.seed(seed)
            space = self.settings_space()
            for k, v in _generators(space):
                if isinstance(v, np.random.Generator):
                    space[k] = np.random.default_rng(seed)
                else:
                    v.seed(seed)
            if "torch" in sys.modules:
                sys.modules["torch"].manual_seed(seed)
        try:
            return self._run(f, args)
        finally:
            _SEED[0] = None

    def load(self, spec, limit):
        """Import the learner's file, its folder first on sys.path for good (for its imports)."""
        self.path, name = spec.rsplit(":", 1)
        _shadowed_by(os.path.dirname(self.path))
        r = self._run(import_file, [self.path], limit)
        if r[0] == "exited":
            return ("usage", f"could not import {self.path}: it {r[1]} while being "
                    f"imported{r[2]}", "")
        if r[0] == "raised":   # a MemoryError too
            return ("raised", f"could not import {self.path}: {r[1].removeprefix('raised ')}",
                    *r[2:])
        if r[0] != "ok":
            return r
        self.module, modname = r[1]
        self.snapshot = self._rng_state()
        try:
            self.func = function_of(self.module, modname, self.path, name)
        except CheckInputError as e:
            return ("usage", str(e), "")
        return ("ok", None)

    def adopt(self, payload, limit):
        """Take a function object sent by value with what parent_side.by_value sends with it."""
        r = self._run(pickle.loads, [payload], limit)
        if r[0] not in ("ok", "timeout"):   # a module the function needs, say
            return ("usage", f"the function could not be rebuilt in a fresh process: "
                    f"{r[1].removeprefix('raised ')} (define it, and what it uses, in a notebook "
                    f"cell or a file that a fresh Python can import)", "")
        if r[0] != "ok":
            return r
        sent = r[1]
        self.func = sent["func"]
        space = getattr(self.func, "__globals__", None)
        if space is not None:
            space.update(sent["space"])
        CELL_NAMES.update(sent["cells"])
        for filename, entry in sent["lines"].items():
            linecache.cache.setdefault(filename, entry)
        np.random.set_state(sent["rng"][0])
        random.setstate(sent["rng"][1])
        sys.path[:] = [p for p in sent["path"] if p not in sys.path] + sys.path
        self.path = getattr(getattr(self.func, "__code__", None), "co_filename", None)
        self.snapshot = self._rng_state()
        return ("ok", None)

    def info(self):
        try:
            params = inspect.signature(self.func).parameters.values()
            positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY,
                                                          p.POSITIONAL_OR_KEYWORD)]
            names = [p.name for p in positional]
            var = any(p.kind == p.VAR_POSITIONAL for p in params)
            required = sum(p.default is p.empty for p in positional)
        except (TypeError, ValueError):
            names, var, required = None, True, 0
        return ("ok", {"args": names, "varargs": var, "required": required,
                       **read_settings(self.settings_space())})

    def changed(self):
        return ("ok", dict(self.changes))

    def settings_space(self):
        """Where SEED, LR, ..., INIT and COST are: the file's module, or the function's globals."""
        return vars(self.module) if self.module is not None else \
            getattr(self.func, "__globals__", None) or {}

    def args_for(self, args):
        """Fresh copies: numbers (lr) as Python floats, arrays as NumPy arrays, or as float64 torch
        tensors once the learner's code has shown it needs them."""
        out = [float(a) if isinstance(a, (int, float, np.number)) and not isinstance(a, bool)
               else np.array(a) for a in args]
        if self.torch_args:
            out = [sys.modules["torch"].from_numpy(np.array(a, dtype=np.float64))
                   if isinstance(a, np.ndarray) else a for a in out]
        return out

    def call(self, args, seed=None):
        """One call; one that raises in a module that uses torch is tried again with tensors, and
        if that works every later call gets them (manual tensor gradients). Notes the arguments it
        changed in place, each with the index it also returns it at (`dW = W`), if any."""
        call_args = self.args_for(args)
        r = self._seeded(self.func, call_args, seed)
        torch = sys.modules.get("torch")
        if r[0] == "raised" and not self.torch_args and torch is not None and any(
                v is torch or getattr(v, "__module__", "").startswith("torch")
                for v in list(self.settings_space().values())):
            self.torch_args = True
            tensor_args = self.args_for(args)
            again = self._seeded(self.func, tensor_args, seed)
            if again[0] == "raised":
                self.torch_args = False   # not a matter of tensors: its own error stands
            else:
                r, call_args = again, tensor_args
        if r[0] != "ok":
            return r
        items = list(r[1].values()) if isinstance(r[1], dict) else \
            list(r[1]) if isinstance(r[1], (tuple, list)) else []
        now = _changed(args, call_args)
        for i in now:
            self.changes.setdefault(i, next((j for j, v in enumerate(items) if v is call_args[i]),
                                            None))
        return ("ok", returned(r[1], call_args, now))

    def init(self):
        r = self._run(self.settings_space()["INIT"], [])
        return r if r[0] != "ok" else ("ok", returned(r[1]))

    def inits(self, seeds):
        """INIT() per seed as the file would draw it, its SEED (if any) and every generator set
        from it, then put back: the random starts `xorgrad.why` trains."""
        space, out = self.settings_space(), []
        had, old = "SEED" in space, space.get("SEED")
        try:
            for seed in seeds:
                if had:
                    space["SEED"] = seed
                r = self._seeded(space["INIT"], [], int(seed))
                if r[0] != "ok":
                    return r
                out.append(returned(r[1]))
        finally:
            if had:
                space["SEED"] = old
        return ("ok", out)

    def _outputs(self, f, calls, read, refusal):
        """read(f(*args)) for each args, up to an error or an answer `read` refuses (`refusal`)."""
        outs = []
        for args in calls:
            r = self._run(f, args)
            if r[0] != "ok":
                return r
            try:
                outs.append(read(r[1]))
            except (TypeError, ValueError):
                return ("raised", refusal.format(type(r[1]).__name__), "")
        return ("ok", outs)

    def cost(self, args_list, own=False):
        return self._outputs(self.func if own else self.settings_space()["COST"],
                             map(self.args_for, args_list),
                             lambda v: float(np.asarray(to_numpy(v), dtype=np.float64).reshape(())),
                             "COST returned {}, not one number")

    def forward(self, args_list):
        """FORWARD(params, X) if it takes two arguments, else FORWARD(*params, X): flat float64."""
        f = self.settings_space()["FORWARD"]
        try:
            packed = len(inspect.signature(f).parameters) == 2
        except (TypeError, ValueError):
            packed = False
        calls = map(self.args_for, args_list)
        return self._outputs(f, ([tuple(a[:-1]), a[-1]] if packed else a for a in calls),
                             _flat_output, "FORWARD returned {}, not an array of numbers")

    def _step(self, spec, args, call_args, out):
        """The parameters after one step: what the step returned, or them moved by lr times the
        gradient it returned (CheckInputError: neither can be read)."""
        n, lr, update = spec["n"], spec["lr"], spec["update"]
        short = isinstance(out, (tuple, list)) and len(out) < n   # the rest changed in place?
        changed = _changed(args, call_args) if short else ()
        new = list(parse_returned(returned(out, call_args, changed), spec["names"],
                                  "step" if update == "step" else "grad").values())
        if update != "step":
            sign = -1.0 if update == "subtract" else 1.0
            try:   # float64, a float32 gradient too
                new = [p + sign * lr * np.asarray(g, dtype=np.float64)
                       for p, g in zip(args[:n], new)]
            except (ValueError, TypeError) as e:
                raise CheckInputError(f"the update raised {_one_line(e)}") from None
        return [np.asarray(a, dtype=np.float64) for a in new]

    def train(self, spec):
        """Steps of the learner's update. spec: args (n parameters first, then X, Y), n, steps,
        lr, update ('step', 'subtract', 'add'), names, first (steps done before), every. The
        parameters after each of the first KEEP_ALL steps, every `every`-th, the last and the one
        before a nan, numbered; the mean seconds per call; why it stopped early, if it did."""
        args, n = [np.array(a) for a in spec["args"]], spec["n"]
        first, every = spec.get("first", 0), spec.get("every", 1)
        history, stop, prev, done = [], None, None, 0
        extra = [float(spec["lr"])] if spec["update"] == "step" else []
        t0 = time.perf_counter()
        for step in range(spec["steps"]):
            call_args = self.args_for(args)   # copies: the learner may change them
            r = self._run(self.func, call_args + extra)
            if r[0] == "ok":
                try:
                    args = self._step(spec, args, call_args, r[1]) + args[n:]
                except CheckInputError as e:
                    r = ("bad", str(e), "")
            if r[0] != "ok":
                stop = r
                break
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


def serve(conn, output, clock, timeout, cwd):
    """The child's whole life: its own session (the parent kills it and what it started at once);
    NumPy's global generator fresh (else every child would draw the server's numbers; Python
    reseeds `random` after a fork itself); the caller's folder `cwd`; memory bounded; output into
    the Capture `output`; then requests. `clock`: (limit, start of the call running)."""
    os.setsid()
    np.random.seed()
    with contextlib.suppress(OSError):
        os.chdir(cwd)
    os.environ.pop("PYTHONSAFEPATH", None)   # the server's own (parent_side.py), not the learner's
    hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
    soft = memory_limit() if hard == resource.RLIM_INFINITY else min(memory_limit(), hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
    output.attach()
    np.random.default_rng = _seeded_rng
    signal.signal(signal.SIGALRM, _alarm)
    server = Server(clock, timeout)
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):   # the parent is gone, or closed its end
            return
        quiet = req[0] != "load"   # a file's import warns as `python file.py` shows it
        try:
            with np.errstate(all="ignore" if quiet else None), warnings.catch_warnings():
                if quiet:
                    warnings.simplefilter("ignore")
                ans = getattr(server, req[0])(*req[1:])
        except Exception as e:  # noqa: BLE001 - this side's own bug (the learner's code
            ans = ("internal", _one_line(e), _trace(e))   # runs in _run, which reports it)
        for s in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):   # the learner may have replaced them
                s.flush()
        output.drained()
        try:
            conn.send(ans)
        except Exception as e:  # noqa: BLE001 - an answer that cannot be pickled
            conn.send(("raised", f"returned something that cannot be sent back "
                       f"({_one_line(e)})", ""))

