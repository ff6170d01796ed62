"""The learner's code, from outside: load FILE.py:FUNC, read its settings, and read what its calls
return (`returned` in the child, `parse_returned` by parameter name). `check` runs learner code
only in a child (parent_side.py, child_side.py); `call_learner` is for code the caller trusts."""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import os
import sys
import traceback
import types
import warnings

import numpy as np

from ..contract import DEFAULT_INIT_SCALE, DEFAULT_LR, DEFAULT_SEED, DEFAULT_STEPS, PARAM_NAMES
from ..errors import CheckInputError

SETTINGS = (("scale", "INIT_SCALE"), ("lr", "LR"), ("steps", "STEPS"), ("seed", "SEED"),
            ("hidden", "HIDDEN"), ("update", "UPDATE"), ("activation", "ACTIVATION"),
            ("output", "OUTPUT"))
HOOKS = ("INIT", "COST", "FORWARD")   # what a learner's module may define besides its settings
# 'Cell In[3]' by the file name IPython gave a notebook cell, for the child (it has no IPython)
CELL_NAMES: dict[str, str] = {}


def _one_line(e: BaseException, limit: int = 160) -> str:
    """'TypeError: the first line of its message', at most `limit` characters of it."""
    first = (str(e).strip().splitlines() or [""])[0]
    first = first if len(first) <= limit else first[:limit - 3].rstrip() + "..."
    return f"{type(e).__name__}: {first}" if first else type(e).__name__


def _code_name(filename: str) -> str:
    """'Cell In[3]' for a notebook cell's code (IPython's name, in the child too), else its file."""
    if filename in CELL_NAMES:
        return CELL_NAMES[filename]
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    name = getattr(getattr(shell, "compile", None), "format_code_name", lambda _: None)(filename)
    return " ".join(name) if name else os.path.basename(filename)


def _user_line(e: BaseException, path: str | None, skip: int = 0) -> str:
    """' (file.py line N)': the traceback's deepest frame in the user's file, else after `skip`."""
    if isinstance(e, SyntaxError) and e.lineno:
        return f" ({os.path.basename(e.filename or path or '?')} line {e.lineno})"
    frames = traceback.extract_tb(e.__traceback__)
    cells = [f for f in frames if _code_name(f.filename).startswith("Cell ")]
    if cells:   # a notebook: the learner's own cells, the deepest three, each with its line
        return " (" + "; called from ".join(
            f"{_code_name(f.filename)}, line {f.lineno}, in {f.name}" +
            (f": {f.line.strip()}" if f.line else "") for f in reversed(cells[-3:])) + ")"
    mine = [f for f in frames if path and os.path.abspath(f.filename) == os.path.abspath(path)]
    f = (mine or frames[skip:] or [None])[-1]
    return f" ({os.path.basename(f.filename)} line {f.lineno})" if f else ""


def parse_spec(spec, what: str = "FILE.py:FUNC") -> tuple[str, str]:
    """'path/to/file.py:FUNC' -> (path, FUNC), else a one-line error."""
    path, _, name = spec.rpartition(":") if isinstance(spec, str) else ("", "", "")
    if not path or not name:
        raise CheckInputError(f"expected {what}, got {spec!r}")
    if not os.path.exists(path):
        raise CheckInputError(f"no such file: {path}")
    if os.path.isdir(path) or not path.endswith(".py"):
        what_it_is = "a folder" if os.path.isdir(path) else "not a Python (.py) file"
        raise CheckInputError(f"{path} is {what_it_is}; expected {what}")
    return path, name


def import_file(path: str):
    """(module, its name): the file imported under its own name (never '__main__')."""
    modname = "_xorgrad_learner_" + "".join(c if c.isalnum() else "_"
                                            for c in os.path.splitext(os.path.basename(path))[0])
    mspec = importlib.util.spec_from_file_location(modname, path)
    sys.modules[modname] = module = importlib.util.module_from_spec(mspec)
    folder = os.path.dirname(os.path.abspath(path))
    sys.path.insert(0, folder)
    try:
        mspec.loader.exec_module(module)
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(folder)
    return module, modname


def function_of(module, modname: str, path: str, name: str):
    """FUNC (or NET.gradients, a method) from an imported file, else an error naming its own."""
    func = module
    for part in name.split("."):
        func = getattr(func, part, None)
    if func is None:
        names = sorted(k for k, v in vars(module).items()
                       if callable(v) and getattr(v, "__module__", None) == modname)
        raise CheckInputError(f"{path} has no function {name!r}"
                              f" (functions there: {', '.join(names) or 'none'})")
    if not callable(func):
        raise CheckInputError(f"{path}:{name} is a {type(func).__name__}, not a function")
    return func


def gradient_functions(label: str, n_args: int) -> list:
    """The file's other functions taking n_args arguments, read unrun (one may feed a step)."""
    path, _, name = label.rpartition(":")
    try:
        tree = ast.parse(open(path, encoding="utf-8").read())
    except (OSError, SyntaxError, ValueError):
        return []
    return [f"{n.name}({', '.join(a.arg for a in n.args.args)})" for n in tree.body
            if isinstance(n, ast.FunctionDef) and n.name != name and len(n.args.args) == n_args]


def load_function(spec: str):
    """'path/to/file.py:FUNC' -> (function, module), imported in this process (trusted code)."""
    path, name = parse_spec(spec)
    try:
        module, modname = import_file(path)
    except (Exception, SystemExit) as e:
        raise CheckInputError(f"could not import {path}: {_one_line(e)}"
                              f"{_user_line(e, path)}") from e
    return function_of(module, modname, path, name), module


def read_settings(space: dict) -> dict:
    """A namespace's SETTINGS as plain values, its labels, and which of HOOKS it defines."""
    settings = {k: space[a].item() if isinstance(space[a], np.generic) else space[a]   # np.float32
                for k, a in SETTINGS if a in space}
    settings = {k: v if isinstance(v, (int, float, str, bool)) or v is None else repr(v)
                for k, v in settings.items()}
    hooks = {f"has_{h.lower()}": callable(space.get(h)) for h in HOOKS}
    return {"settings": settings, "labels": _labels(space), **hooks,
            "output_stated": "output" in settings or hooks["has_forward"]}


def _labels(space):
    """The file's X, Y as [[x1, x2, y], ...] where they are four 0/1 samples, else None."""
    try:
        X, Y = np.asarray(space["X"], dtype=float), np.asarray(space["Y"], dtype=float).ravel()
    except (KeyError, TypeError, ValueError):
        return None
    X = X.T if X.shape == (2, 4) else X
    if X.shape != (4, 2) or Y.size != 4 or not np.all((Y == 0) | (Y == 1)):
        return None
    return [[float(a), float(b), float(y)] for (a, b), y in zip(X, Y)]


def settings_of(source) -> dict:
    """The settings in `source`: a file's module, or a function's globals (a notebook's)."""
    space = vars(source) if isinstance(source, types.ModuleType) else \
        getattr(source, "__globals__", None) or {}
    return read_settings(space)["settings"]


def learner_settings(found: dict, seed=None, scale=None, lr=None, steps=None) -> dict:
    """A run's settings: each option given, else the file's own (`found`), else the default."""
    given = (("seed", seed, DEFAULT_SEED), ("scale", scale, DEFAULT_INIT_SCALE),
             ("lr", lr, DEFAULT_LR), ("steps", steps, DEFAULT_STEPS))
    return {k: v if v is not None else found.get(k, default) for k, v, default in given}


def _label(func) -> str:
    """'FILE.py:FUNC' as given, or the function's name."""
    if isinstance(func, str):
        return func
    return getattr(func, "__qualname__", None) or type(func).__name__


def to_numpy(x):
    """x as a NumPy array (a torch tensor on any device, with or without grad, too)."""
    return np.array(x.detach().cpu().numpy() if hasattr(x, "detach") and hasattr(x, "cpu") else x)


def _plain(x):
    """A returned value, picklable: a number array, or the name of its type."""
    if x is None:
        return None
    try:
        a = to_numpy(x)
    except Exception:  # noqa: BLE001 - ragged lists and odd objects alike
        return f"<{type(x).__name__}>"
    return a if a.dtype.kind in "iufb" else f"<{type(x).__name__}, dtype {a.dtype}>"


def returned(value, args=(), changed=()):
    """What a call gave back, picklable: ('none', the arguments now) for an in-place update,
    ('seq', [...]), ('dict', {...}), ('other', type name, the arguments now: a step returning its
    loss, say), or ('part', [...], the parameters now, the indices in `changed`) where it returns
    fewer arrays than parameters and changed the rest in place."""
    now = [to_numpy(a) for a in args]   # the arguments as the call left them
    params = [a for a, arg in zip(now, args) if hasattr(arg, "shape")][:-2]   # X, Y come last
    n = len(params)
    if isinstance(value, (tuple, list)) and 0 < len(value) < n and \
            len(value) + len({i for i in changed if i < n}) == n:
        return ("part", [_plain(v) for v in value], params, sorted(i for i in changed if i < n))
    if value is None:
        return ("none", now)
    if isinstance(value, (tuple, list)) and len(value) == 2:   # (loss, grads) or (grads, loss)
        grads, loss = value if isinstance(value[0], (tuple, list, dict)) else value[::-1]
        if isinstance(grads, (tuple, list, dict)) and np.ndim(_plain(loss)) == 0:
            return returned(grads, args)                # the gradients read, the loss set aside
    if isinstance(value, dict):
        return ("dict", {str(k): _plain(v) for k, v in value.items()})
    if isinstance(value, (tuple, list)):
        return ("seq", [_plain(v) for v in value])
    if hasattr(value, "shape") and np.ndim(value) == 1 and \
            np.size(value) == sum(a.size for a in params) and params:   # every parameter's numbers,
        cuts = np.cumsum([a.size for a in params])[:-1]    # flat: split in the order and shapes of
        return ("seq", [_plain(v.reshape(a.shape))          # the arrays it was given
                        for v, a in zip(np.split(to_numpy(value), cuts), params)])
    shape = f" of shape {np.shape(value)}" if hasattr(value, "shape") else ""
    return ("other", type(value).__name__ + shape, now)


def parse_returned(out, names, kind="grad", label="", where=None) -> dict:
    """`returned`'s tuple as {name: array} by `names`: kind 'grad', the gradients; 'step', the
    new parameters, returned or changed in place. Else a one-line CheckInputError."""
    who = f"{label} " if label else ""
    if out[0] == "part":   # a step: the arrays returned stand for the parameters not changed
        left = iter(out[1])   # in place, in order; a gradient: only what it returned
        out = ("seq", [a if i in out[3] else next(left) for i, a in enumerate(out[2])]) \
            if kind == "step" else ("seq", out[1])
    kind_of, val = ("none", out[2]) if out[0] == "other" and kind == "step" else out[:2]
    d = "d" if kind == "grad" else ""
    want = f"({', '.join(d + k for k in names)}) as a tuple, or a dict keyed {', '.join(names)}"
    if kind_of == "none" and kind == "grad":
        raise CheckInputError(f"{who}returned None; expected the gradients {want}")
    if kind_of == "seq" and len(val) != len(names):
        raise CheckInputError(f"{who}returned {len(val)} values; expected {len(names)}: {want}")
    if kind_of in ("none", "seq"):
        items = dict(zip(names, val))
    elif kind_of == "dict":
        items = {k: val[key] for k in names for key in (k, "d" + k, k.upper(), "d" + k.upper())
                 if key in val}
        if len(items) != len(names) or len(val) != len(names):
            raise CheckInputError(f"{who}returned a dict with keys {sorted(val)}; expected exactly "
                                  f"{', '.join(names)} (or {', '.join('d' + k for k in names)})")
    else:
        raise CheckInputError(f"{who}returned a {val}; expected {want}")
    for k, a in items.items():
        if not isinstance(a, np.ndarray):
            raise CheckInputError(f"{who}returned {d}{k} that is not an array of numbers ({a})"
                                  + (f" at {where}" if where else ""))
    return items


def call_learner(func, p, X, Y, where) -> dict:
    """A learner's gradient function called on copies, in-process: {name: array}."""
    args = [p[k].copy() for k in PARAM_NAMES] + [X.copy(), Y.copy()]
    label = _label(func)
    path = getattr(getattr(func, "__code__", None), "co_filename", None)
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = func(*args)
    except CheckInputError:
        raise                 # already said in one line (a learner's code run in its child)
    except Exception as e:  # noqa: BLE001 - whatever the learner's code raises is reported
        raise CheckInputError(f"{label} raised {_one_line(e)} at {where}"
                              f"{_user_line(e, path)}") from e
    return parse_returned(returned(out, args), list(PARAM_NAMES), "grad", label, where)
