"""The backend registry: one record per backend, its adapter loaded only when it is used.

Each backend is a lesson (impls/numpy_net.py, torch_net.py, jax_net.py, tensorflow_net.py,
hips_net.py, autograd_net.py: `LESSONS`, the one list of them) and a small adapter in
xorgrad/backends/, a subclass of `Net` (xorgrad/net.py) that names its lesson and turns NumPy
arrays into the framework's tensors and back. Its `Backend` record says where the adapter is,
which devices it knows, how to install it, what each GPU device needs and where its lesson's
source is. Everything about which backends can run here lives in this module: `available`,
`unavailable` (with the reason and how to get it), `why_unavailable`, `select`. Asking for an
unknown or missing backend, device or dtype is a loud, clear error.

A backend from outside the project joins the same way the engine lesson (autograd_net.py) does
(docs/backends.md): `register(name, "package.module:Net")` from your own code, a pytest plugin
(`-p module`) or the rootdir's conftest.py; an entry point `name = "package.module:Net"` in the
group "xorgrad.backends"; or the environment variable
XORGRAD_BACKENDS="name=package.module:Net,...". Entry points and the variable are read the
first time the list of backends is asked for (`backends()`, `available`, `get`), never on
`import xorgrad`, and nothing is imported until a backend is used. A name of a built-in backend
is never taken by one from outside: that is an error naming where it came from.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .contract import DTYPES, csv_list
from .errors import BackendError, UnavailableError
from .net import Net

ENTRY_POINT_GROUP = "xorgrad.backends"
ENV_VAR = "XORGRAD_BACKENDS"       # "name=package.module:Net,name2=package2.module"


@dataclass(frozen=True)
class Backend:
    """What the registry knows about one backend without importing it."""

    name: str
    adapter: str | type              # "package.module" or "package.module:Class", or the class
    devices: tuple[str, ...] | None = None   # None: the adapter class's own `devices`
    install: str = ""                # how to get it: "pip install ..."
    gpu_hints: dict = field(default_factory=dict, compare=False)  # device -> what it needs
    lesson: str | None = None        # the lesson's module name; None: the adapter's Net.lesson
    origin: str = "built in"         # where it was registered, for error messages


BUILTINS = (
    Backend("numpy", "xorgrad.backends.numpy_backend", ("cpu",), "pip install numpy",
            lesson="xorgrad.impls.numpy_net"),
    Backend("torch", "xorgrad.backends.torch_backend", ("cpu", "cuda", "mps"),
            "pip install 'xorgrad[torch]' (CPU build here: pip install torch==2.13.0)",
            {"cuda": "needs an NVIDIA GPU and a CUDA build of torch",
             "mps": "needs Apple silicon and a macOS build of torch"},
            lesson="xorgrad.impls.torch_net"),
    Backend("jax", "xorgrad.backends.jax_backend", ("cpu", "gpu"),
            "pip install 'xorgrad[jax]' (GPU: pip install 'jax[cuda12]')",
            {"gpu": "needs a GPU and jax with its CUDA plugin (pip install 'jax[cuda12]')"},
            lesson="xorgrad.impls.jax_net"),
    Backend("tensorflow", "xorgrad.backends.tensorflow_backend", ("cpu", "gpu"),
            "pip install 'xorgrad[tensorflow]' (GPU: pip install 'tensorflow[and-cuda]')",
            {"gpu": "needs an NVIDIA GPU and pip install 'tensorflow[and-cuda]'"},
            lesson="xorgrad.impls.tensorflow_net"),
    Backend("hips", "xorgrad.backends.hips_backend", ("cpu",), "pip install 'xorgrad[hips]'",
            lesson="xorgrad.impls.hips_net"),
    # The engine lesson has a record like the others; its adapter is written exactly as a
    # backend from outside the project would write it (xorgrad/backends/autograd_backend.py).
    Backend("autograd", "xorgrad.backends.autograd_backend", ("cpu",),
            "it is part of xorgrad and needs only NumPy", lesson="xorgrad.impls.autograd_net"),
)
BUILTIN_NAMES = tuple(b.name for b in BUILTINS)
# The lessons, one home: built-in backend -> its lesson's module in impls/ (read by `xorgrad show`,
# the docs page, the tests)
LESSONS = {b.name: b.lesson.rsplit(".", 1)[1] for b in BUILTINS}
_RECORDS: dict[str, Backend] = {b.name: b for b in BUILTINS}   # in the order shown


# ---- registration ------------------------------------------------------------------------------
def register(name: str, module, devices=None, install: str | None = None, *,
             origin: str = "register()") -> None:
    """Add a backend: `module` is the import path of a module holding a `Net` subclass
    ("package.module", or "package.module:Class"; imported only when the backend is used) or the
    subclass itself. `devices` defaults to the class's own `devices`. The same gradient,
    training and benchmark tests then run on it. Registering an outside name again replaces it;
    a built-in name is refused."""
    where = "" if origin == "register()" else f" ({origin})"
    if not isinstance(name, str) or not name.isidentifier():
        raise BackendError(f"a backend name must be a Python identifier, got {name!r}{where}")
    if name in BUILTIN_NAMES:
        raise BackendError(f"backend name {name!r}{where} is the name of a built-in backend; "
                           f"xorgrad never replaces one: choose another name")
    if isinstance(module, type):
        if not issubclass(module, Net):
            raise BackendError(f"backend {name!r}: {module!r} is not a subclass of xorgrad.Net")
        devices = tuple(module.devices) if devices is None else devices
    elif not isinstance(module, str):
        raise BackendError(f"backend {name!r}: give a module path or a Net subclass, not {module!r}")
    if devices is not None:
        devices = tuple(devices)
        if not devices or not all(isinstance(d, str) for d in devices):
            raise BackendError(f"backend {name!r}: devices must be a non-empty list of names")
    if not install:
        top = (module.__module__ if isinstance(module, type) else module).split(".")[0]
        install = f"pip install the package that provides the module {top!r}"
    _RECORDS[name] = Backend(name, module, devices, install, origin=origin)


def _entry_points():
    from importlib.metadata import entry_points
    return entry_points(group=ENTRY_POINT_GROUP)


_discovered = False
_refused: list[str] = []     # outside registrations that took a built-in name: raised every time


def _discover() -> None:
    """Register the backends of the "xorgrad.backends" entry points and of $XORGRAD_BACKENDS
    (once; nothing is imported)."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    found = []
    for ep in sorted(_entry_points(), key=lambda ep: ep.name):
        dist = getattr(getattr(ep, "dist", None), "name", None)
        where = f"entry point {ep.name!r} of the distribution {dist or '(unknown)'}"
        found.append((ep.name, ep.value, where, f"pip install {dist}" if dist else None))
    for item in csv_list(os.environ.get(ENV_VAR)) or ():
        name, sep, value = item.partition("=")
        if not sep or not value.strip():
            _refused.append(f"{ENV_VAR}: {item!r} is not name=package.module:Net")
            continue
        found.append((name.strip(), value.strip(), f"{ENV_VAR} entry {name.strip()!r}", None))
    for name, value, where, install in found:
        try:
            register(name, value, install=install, origin=where)
        except BackendError as e:
            _refused.append(str(e))


def backends() -> tuple[str, ...]:
    """Every registered backend name: the built-in ones, then those registered from outside."""
    _discover()
    if _refused:
        raise BackendError("; ".join(_refused))
    return tuple(_RECORDS)


def record(backend: str) -> Backend:
    """The record of a registered backend (BackendError naming the choices if there is none)."""
    names = backends()
    if backend not in _RECORDS:
        raise BackendError(f"unknown backend {backend!r}: choose one of {', '.join(names)}")
    return _RECORDS[backend]


def __getattr__(name):
    if name == "BACKENDS":                        # always the current list, entry points included
        return backends()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _load(backend: str) -> type:
    """The backend's Net class (imports its adapter, and so its framework)."""
    adapter = record(backend).adapter
    if isinstance(adapter, type):
        return adapter
    module, _, attr = adapter.partition(":")
    cls = getattr(importlib.import_module(module), attr or "Net")
    if not (isinstance(cls, type) and issubclass(cls, Net)):
        raise BackendError(f"backend {backend!r}: {adapter} is not a subclass of xorgrad.Net")
    return cls


def _load_error(backend: str) -> Exception | None:
    try:
        _load(backend)
    except (ImportError, BackendError) as e:
        return e
    except Exception as e:     # noqa: BLE001 - a package that breaks on import: reported, not run
        return e
    return None


def _installed(backend: str) -> bool:
    return _load_error(backend) is None


def devices_of(backend: str) -> tuple[str, ...]:
    """The devices a backend knows (its record's, else its class's; ("cpu",) if it cannot load)."""
    rec = record(backend)
    if rec.devices is not None:
        return rec.devices
    return tuple(_load(backend).devices) if _installed(backend) else ("cpu",)


def all_devices() -> list[str]:
    """Every device name any registered backend knows, sorted."""
    return sorted({d for b in backends() for d in devices_of(b)})


def lesson_file(backend: str) -> Path | None:
    """The source file of a backend's lesson (for `xorgrad show`); None if it has none here.
    Built-in lessons are found without importing their framework."""
    rec = record(backend)
    if rec.lesson:
        import importlib.util
        spec = importlib.util.find_spec(rec.lesson)
        return Path(spec.origin) if spec and spec.origin else None
    if not _installed(backend):
        return None
    lesson = _load(backend).lesson
    origin = getattr(lesson, "__file__", None)
    return Path(origin) if origin else None


_probed: dict = {}   # (Net class, device) -> None (its first operation ran) or why not


def _probe(backend: str, device: str) -> str | None:
    """None when `backend` really computes on `device` here, else why not (one line).

    The adapter must load, the device must be present, and one tiny real operation (the lesson's
    loss and gradient in float32, run once per process) must work: a framework whose first
    operation crashes is not available."""
    if not _installed(backend):
        return _not_installed(backend)
    cls = _load(backend)
    if not cls.device_available(device):
        hint = record(backend).gpu_hints.get(device) or cls.device_hints.get(device)
        return f"no {device} device for {backend} here: {hint or 'the framework finds none'}"
    key = (cls, device)
    if key not in _probed:
        try:
            cls(device, "float32").probe()
            _probed[key] = None
        except Exception as e:     # noqa: BLE001 - any failure of the first op: not available
            first = (str(e).strip().splitlines() or [""])[0][:200]
            _probed[key] = (f"{backend} on {device} fails its first operation: "
                            f"{type(e).__name__}: {first}")
    return _probed[key]


def _not_installed(backend: str) -> str:
    """Why a backend's adapter does not load, and how to get it."""
    error = _load_error(backend)
    if error is None or isinstance(error, ImportError):
        return f"{backend} is not installed: {record(backend).install}"
    first = (str(error).strip().splitlines() or [""])[0][:200]
    return f"{backend} fails to load ({type(error).__name__}: {first}): {record(backend).install}"


def available(backends=None) -> list[tuple[str, str]]:
    """Every (backend, device) that really works on this machine (imports the frameworks and
    runs one tiny operation on each device). `backends` limits the probe to those names, so that
    asking about NumPy imports nothing else."""
    return [(b, d) for b in _all() if backends is None or b in backends
            for d in devices_of(b) if _installed(b) and _probe(b, d) is None]


def why_unavailable(backend: str, device: str) -> str:
    """Why (backend, device) cannot run here, and how to get it: one line."""
    return _probe(backend, device) or f"{backend} on {device} works here"


def unavailable(backends=None, devices=None) -> list[dict]:
    """The (backend, device) pairs the selection allows but this machine cannot run, each with
    the reason and how to get it (Apple's mps only when asked for by name)."""
    here = set(available(backends or None))
    out = []
    for b in backends or _all():
        for d in devices_of(b):
            if (devices and d not in devices) or (d == "mps" and not devices):
                continue
            if (b, d) not in here:
                out.append({"backend": b, "device": d, "reason": why_unavailable(b, d)})
    return out


def unavailable_lines(missing: list[dict]) -> list[str]:
    """`unavailable` in words: one entry per backend not installed, one per device not here."""
    out, seen = [], set()
    for m in missing:
        b = m["backend"]
        if not _installed(b):
            if b not in seen:
                seen.add(b)
                out.append(m["reason"])                  # "<b> is not installed: pip install ..."
        else:
            out.append(f"{b}/{m['device']}: {m['reason'].split(': ', 1)[-1]}")
    return out


def select(backends=None, devices=None, dtypes=None) -> list[tuple[str, str, str]]:
    """The (backend, device, dtype) cases to run: every available one, optionally narrowed.

    Naming a backend or device that this machine cannot run raises UnavailableError (loudly:
    an explicit request is never silently skipped)."""
    names = _all()
    for b in backends or ():
        if b not in names:
            raise BackendError(f"unknown backend {b!r}: choose from {', '.join(names)}")
    here = available(backends or None)
    for b in backends or ():
        if not any(hb == b for hb, _ in here):
            if not _installed(b) and isinstance(_load_error(b) or ImportError(), ImportError):
                raise UnavailableError(f"backend {b!r} was asked for but is not installed: "
                                       f"{record(b).install}")
            raise UnavailableError(f"backend {b!r} was asked for but cannot run here: "
                                   f"{why_unavailable(b, devices_of(b)[0])}")
    known = sorted({d for b in (backends or names) for d in devices_of(b)})  # no other import
    for d in devices or ():
        if d not in known:
            raise BackendError(f"unknown device {d!r}: choose from {', '.join(known)}")
        if not any(hd == d and (not backends or b in backends) for b, hd in here):
            raise UnavailableError(f"device {d!r} was asked for but no selected backend can use it "
                                   f"here (available: {', '.join(f'{b}/{x}' for b, x in here)})")
    for t in dtypes or ():
        if t not in DTYPES:
            raise BackendError(f"unknown dtype {t!r}: choose from {', '.join(DTYPES)}")
    return [(b, d, t) for b, d in here for t in (dtypes or DTYPES)
            if (not backends or b in backends) and (not devices or d in devices)]


def _available_text() -> str:
    return ", ".join(f"{b}/{d}" for b, d in available()) or "none"


def get(backend: str, device: str = "cpu", dtype: str = "float64", compile: bool = False) -> Net:
    """The network for one backend, device and dtype; a clear error if it cannot run here.

    ``compile=True`` picks a compiled training path for `train`: PyTorch's torch.compile of the
    whole step (CUDA graphs on a GPU), TensorFlow's loop under XLA (`jit_compile=True`). JAX
    always compiles; NumPy has nothing to compile.
    """
    if backend not in _all():
        raise BackendError(f"unknown backend {backend!r}: choose one of {', '.join(_all())}"
                           f" (available here: {_available_text()})")
    if dtype not in DTYPES:
        raise BackendError(f"unknown dtype {dtype!r}: choose one of {', '.join(DTYPES)}")
    declared = record(backend).devices      # a record that declares its devices: no import needed
    if declared is not None:                # to call a device it never has unknown
        _check_device(backend, device, declared)
    error = _load_error(backend)
    if error is not None:
        raise UnavailableError(f"backend {backend!r} is not installed: {record(backend).install}"
                               f" ({type(error).__name__}: {error})"
                               if isinstance(error, ImportError) else
                               f"backend {backend!r} cannot be used: "
                               f"{_not_installed(backend)}") from None
    _check_device(backend, device, devices_of(backend))
    cls = _load(backend)
    if not cls.device_available(device):
        raise UnavailableError(f"device {device!r} is not available to {backend} on this machine "
                               f"({record(backend).gpu_hints.get(device) or cls.device_hints.get(device) or 'the framework finds none'}"
                               f"); available here: {_available_text()}")
    if compile and not cls.compiles:
        raise BackendError(f"compile=True is for torch and tensorflow only: {backend} has no "
                           f"compiled path to choose (jax always compiles, numpy never does)")
    return cls(device, dtype, compile=bool(compile))


def _check_device(backend: str, device: str, known: tuple[str, ...]) -> None:
    if device not in known:
        raise BackendError(f"unknown device {device!r} for {backend}: choose one of "
                           f"{', '.join(known)} (available here: {_available_text()})")


_all = backends     # inside this module (a module's __getattr__ serves only its importers)
