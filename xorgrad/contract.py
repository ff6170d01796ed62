"""The shared contract: the data, the starting point and the settings every implementation uses.

Nothing here knows about any framework. The implementations receive these NumPy arrays
(converted to their own tensors by their adapters) and the harness compares what comes back.
"""

from __future__ import annotations

import math

import numpy as np

from .errors import ContractError

# The XOR truth table in the layout of the original question: one column per sample.
XOR_X = np.array([[0.0, 0.0, 1.0, 1.0],
                  [0.0, 1.0, 0.0, 1.0]])          # (2, m): inputs x1 (row 0) and x2 (row 1)
XOR_Y = np.array([[0.0, 1.0, 1.0, 0.0]])          # (1, m): x1 XOR x2
XOR_X.setflags(write=False)
XOR_Y.setflags(write=False)
# each boolean function of two inputs, by its values at (0, 0), (0, 1), (1, 0), (1, 1)
GATES = {(0, 0, 0, 1): "AND", (0, 1, 1, 1): "OR", (1, 1, 1, 0): "NAND", (1, 0, 0, 0): "NOR",
         (0, 1, 1, 0): "XOR", (1, 0, 0, 1): "XNOR", (0, 0, 1, 1): "x1", (0, 1, 0, 1): "x2",
         (1, 1, 0, 0): "not x1", (1, 0, 1, 0): "not x2", (0, 0, 1, 0): "x1 and not x2",
         (0, 1, 0, 0): "x2 and not x1", (1, 0, 1, 1): "x1 or not x2",
         (1, 1, 0, 1): "x2 or not x1", (0, 0, 0, 0): "always 0", (1, 1, 1, 1): "always 1"}

PARAM_NAMES = ("w1", "b1", "w2", "b2")
DTYPES = ("float64", "float32")

# Defaults chosen so that the default run learns XOR (seed 0: all four outputs on the right
# side of 0.5 after 1000 steps, loss about 0.022). The original question's settings
# (init 0.01, lr 0.1, 1000 steps) never leave the plateau at loss ln 2.
DEFAULT_SEED = 0
DEFAULT_INIT_SCALE = 1.0
DEFAULT_LR = 1.0
DEFAULT_STEPS = 1000
DEFAULT_HIDDEN = 2

LN2 = math.log(2.0)  # the loss when every output is 0.5: the plateau a stuck net sits on


def init_params(seed: int = DEFAULT_SEED, scale: float = DEFAULT_INIT_SCALE,
                hidden: int = DEFAULT_HIDDEN) -> dict[str, np.ndarray]:
    """Deterministic float64 starting point: weights ~ scale * N(0, 1), biases zero.

    The same seed gives the same numbers on every machine (NumPy's PCG64 generator), so every
    implementation starts from the very same parameters.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ContractError(f"seed must be a non-negative integer, got {seed!r}")
    if not (isinstance(scale, (int, float, np.floating)) and math.isfinite(scale) and scale >= 0):
        raise ContractError(f"scale must be a finite number >= 0, got {scale!r}")
    if scale > SIZE_MAX:
        raise ContractError(f"scale must be at most {SIZE_MAX:g}, got {scale:g} (the weights and "
                            f"their float32 copies would overflow)")
    if isinstance(hidden, bool) or not isinstance(hidden, (int, np.integer)) or hidden < 1:
        raise ContractError(f"hidden must be a positive integer, got {hidden!r}")
    rng = np.random.default_rng(seed)
    return {
        "w1": rng.standard_normal((hidden, 2)) * scale,
        "b1": np.zeros((hidden, 1)),
        "w2": rng.standard_normal((1, hidden)) * scale,
        "b2": np.zeros((1, 1)),
    }


def expected_shapes(hidden: int) -> dict[str, tuple[int, ...]]:
    return {"w1": (hidden, 2), "b1": (hidden, 1), "w2": (1, hidden), "b2": (1, 1)}


def check_params(params, batched: bool = False) -> dict[str, np.ndarray]:
    """Validate a parameter dict and return float64 copies (never the caller's arrays).

    With ``batched=True`` every array carries one extra leading axis N (a population of nets).
    """
    if not isinstance(params, dict):
        raise ContractError(f"params must be a dict with keys {', '.join(PARAM_NAMES)}, "
                            f"got {type(params).__name__}")
    missing = [k for k in PARAM_NAMES if k not in params]
    extra = [k for k in params if k not in PARAM_NAMES]
    if missing or extra:
        raise ContractError(f"params must have exactly the keys {', '.join(PARAM_NAMES)}"
                            f" (missing: {missing or 'none'}, unexpected: {extra or 'none'})")
    out = {}
    for k in PARAM_NAMES:
        try:
            a = np.array(params[k], dtype=np.float64)  # a copy, whatever came in
        except (TypeError, ValueError) as e:
            raise ContractError(f"params[{k!r}] is not numeric: {e}") from None
        out[k] = a
    lead = 1 if batched else 0
    if out["w1"].ndim != 2 + lead:
        raise ContractError(f"params['w1'] must have {2 + lead} dimensions, got shape {out['w1'].shape}")
    hidden = out["w1"].shape[lead]
    batch = out["w1"].shape[:lead]
    for k, shape in expected_shapes(hidden).items():
        if out[k].shape != batch + shape:
            raise ContractError(f"params[{k!r}] has shape {out[k].shape}, expected {batch + shape}"
                                f" for {hidden} hidden units")
    for k, a in out.items():
        if not np.all(np.isfinite(a)):
            raise ContractError(f"params[{k!r}] contains inf or nan")
    return out


def check_data(X=None, Y=None) -> tuple[np.ndarray, np.ndarray]:
    """Validate X (2, m) and Y (1, m) with labels in [0, 1]; None means the XOR table."""
    X = XOR_X if X is None else X
    Y = XOR_Y if Y is None else Y
    try:
        X = np.array(X, dtype=np.float64)
        Y = np.array(Y, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise ContractError(f"X and Y must be numeric arrays: {e}") from None
    if X.ndim != 2 or X.shape[0] != 2 or X.shape[1] < 1:
        raise ContractError(f"X must have shape (2, m), one column per sample; got {X.shape}")
    if Y.shape != (1, X.shape[1]):
        raise ContractError(f"Y must have shape (1, {X.shape[1]}) to match X; got {Y.shape}")
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(Y))):
        raise ContractError("X and Y must be finite")
    if np.any((Y < 0) | (Y > 1)):
        raise ContractError("Y must hold labels (probabilities) in [0, 1]")
    return X, Y


def run_settings(seed=None, scale=None, lr=None, steps=None) -> tuple:
    """(seed, scale, lr, steps) of a run, each None replaced by its default (DEFAULT_*), steps
    and lr checked (check_training): the one place a command or a library call fills them in."""
    steps, lr = check_training(DEFAULT_STEPS if steps is None else steps,
                               DEFAULT_LR if lr is None else lr)
    return (DEFAULT_SEED if seed is None else seed,
            DEFAULT_INIT_SCALE if scale is None else scale, lr, steps)


SIZE_MAX = 1e6   # the largest lr or init scale accepted: far past any that trains, and every
# float32 copy of it (and of a first step) is finite


def check_training(steps, lr) -> tuple[int, float]:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ContractError(f"steps must be a non-negative integer, got {steps!r}")
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating)) or not math.isfinite(lr):
        raise ContractError(f"lr must be a finite number, got {lr!r}")
    if abs(lr) > SIZE_MAX:
        raise ContractError(f"lr must be at most {SIZE_MAX:g} in size, got {lr:g} (one step would "
                            f"overflow the float32 rows)")
    return int(steps), float(lr)


def sigmoid(z):
    """1 / (1 + e^-z) in float64 for any z (the clip keeps e^-z finite); used by the pictures too."""
    # the clip, as np.minimum of np.maximum (np.clip's own overhead doubles a small call's time)
    return 1.0 / (1.0 + np.exp(-np.minimum(np.maximum(z, -700.0), 700.0)))  # e^700 fits a float64


def forward(params: dict[str, np.ndarray], X=None) -> tuple[np.ndarray, ...]:
    """z1, a1 (h, m) and z2, a2 (1, m) in float64: the package's one forward pass, in plain NumPy,
    independent of the implementations (a leading axis N on every parameter gives N nets)."""
    X = XOR_X if X is None else X
    z1 = params["w1"] @ X + params["b1"]         # (h, m)
    a1 = sigmoid(z1)
    z2 = params["w2"] @ a1 + params["b2"]        # (1, m)
    return z1, a1, z2, sigmoid(z2)


def reference_logit(params: dict[str, np.ndarray], X=None) -> np.ndarray:
    """Output logit z2 (1, m) in float64, from `forward`."""
    return forward(params, X)[2]


def reference_loss(params: dict[str, np.ndarray], X=None, Y=None) -> float:
    """Mean binary cross-entropy in float64, from the output logit, in plain NumPy.

    Written independently of the six lessons: the finite-difference oracle
    differentiates this function. BCE(z, y) = softplus(z) - y z = log(1 + e^z) - y z, and
    np.logaddexp(0, z) computes log(1 + e^z) without overflow for any finite z.
    """
    Y = XOR_Y if Y is None else Y
    z2 = reference_logit(params, X)
    return float(np.mean(np.logaddexp(0.0, z2) - Y * z2))


def logit_scale(params: dict[str, np.ndarray], X=None) -> float:
    """max(1, largest |z1| or |z2|): how large the numbers inside the forward pass get.

    Rounding errors of the forward pass are about eps * |z|, and the loss itself is at most
    about |z2| + ln 2, so absolute tolerances are given per unit of this scale.
    """
    z1, _, z2, _ = forward(params, X)
    return float(max(1.0, np.abs(z1).max(), np.abs(z2).max()))


def predictions(params: dict[str, np.ndarray], X=None) -> np.ndarray:
    """Output probabilities a2 (1, m) in float64 for given parameters."""
    return forward(params, X)[3]


RISING = 0.25   # a run whose loss rises on this share of its later steps oscillates
FLIPS = 0.8     # ... and alternates when this share of its later changes reverse the one before


def _later_changes(losses) -> np.ndarray:
    """The loss's step-to-step changes over the later half of the steps measured one by one (a
    long run is sampled: None between); a change within rounding of 0 counts as 0."""
    ones = [i for i in range(len(losses) - 1)
            if losses[i] is not None and losses[i + 1] is not None]
    d = np.array([losses[i + 1] - losses[i] for i in ones[len(ones) // 2:]], dtype=np.float64)
    at = np.array([max(1.0, abs(losses[i])) for i in ones[len(ones) // 2:]], dtype=np.float64)
    return np.where(np.abs(d) > 1e-12 * at, d, 0.0)


def rising_share(losses) -> float:
    """The share of the later steps on which the loss rises: about 0 for a descent, about 1/2 for
    a loss that alternates step by step, which a curve printed at even steps shows going down."""
    d = _later_changes(losses)
    return float(np.mean(d > 0)) if d.size else 0.0


def alternates(losses) -> bool:
    """Whether the loss alternates step by step (an lr too large for a deterministic step): it
    rises on RISING or more of its later steps, and FLIPS or more of its later changes reverse
    the sign of the one before (the noise of a random step's loss reverses about half)."""
    d = _later_changes(losses)
    flips = float(np.mean(d[1:] * d[:-1] < 0)) if d.size > 1 else 0.0
    return rising_share(losses) >= RISING and flips >= FLIPS


def learned_xor(a2, Y=None) -> np.ndarray:
    """True where every output is on the right side of 0.5 (the last axis is the samples).

    The one definition of "learned XOR" used by the table, the pictures, `check` and the seeds
    study; an output that is nan counts as not learned.
    """
    Y = XOR_Y if Y is None else Y
    a2 = np.asarray(a2, dtype=np.float64)
    return np.all(np.isfinite(a2) & ((a2 > 0.5) == (np.asarray(Y)[0] > 0.5)), axis=-1)


def csv_list(text: str | None) -> list[str] | None:
    """'a, b,c' -> ['a', 'b', 'c'] for the comma-separated options of the CLI and pytest."""
    return [t.strip() for t in text.split(",") if t.strip()] if text else None


# ---- beyond the gradient: directions and the flat parameter vector ---------------------------
def check_direction(v, params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Validate a direction `v` for jvp/hvp: a dict like `params` (same keys and shapes, finite)."""
    if not isinstance(v, dict) or sorted(v) != sorted(PARAM_NAMES):
        got = sorted(v) if isinstance(v, dict) else type(v).__name__
        raise ContractError(f"a direction v must be a dict with the keys of params, "
                            f"{', '.join(PARAM_NAMES)}; got {got}")
    for k in PARAM_NAMES:
        if np.shape(v[k]) != params[k].shape:
            raise ContractError(f"direction v[{k!r}] has shape {np.shape(v[k])}, expected "
                                f"{params[k].shape} like params[{k!r}]")
    try:
        return check_params(v)
    except ContractError as e:
        raise ContractError(f"direction {str(e).replace('params[', 'v[')}") from None


def flatten(params: dict[str, np.ndarray]) -> np.ndarray:
    """Every parameter in one vector: PARAM_NAMES in turn, each in C order (P = 9 for 2 hidden)."""
    return np.concatenate([np.ravel(params[k]) for k in PARAM_NAMES])


def unflatten(flat: np.ndarray, like: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The inverse of `flatten`: a dict shaped like `like`."""
    out, i = {}, 0
    for k in PARAM_NAMES:
        n = np.size(like[k])
        out[k] = np.reshape(flat[i:i + n], np.shape(like[k]))
        i += n
    return out


def hessian_matrix(blocks: dict) -> np.ndarray:
    """H[a][b] (shape a.shape + b.shape, d2L / da db) as one (P, P) matrix in `flatten` order."""
    def size(a):                                  # H[a][a] holds size(a)^2 numbers
        return int(round(np.sqrt(np.size(blocks[a][a]))))
    return np.block([[np.reshape(blocks[a][b], (size(a), size(b))) for b in PARAM_NAMES]
                     for a in PARAM_NAMES])
