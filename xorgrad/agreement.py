"""Judging agreement: per-parameter errors against a reference, with the table's tolerance.

The reference is usually the finite-difference oracle (xorgrad.oracle) or the float64 NumPy
lesson. Comparisons are per parameter and print a table a learner can read:

    parameter  shape   max abs err   rel err    tolerance   verdict
    w1         (2, 2)  1.2e-11       3.4e-10    1e-07       ok
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .tolerances import DESCRIPTIONS, tolerance


@dataclass
class ParamError:
    name: str
    shape: tuple
    max_abs: float
    rel: float          # max |got - ref| / max |ref|  (inf when ref is all zero and got is not)
    rtol: float
    atol: float
    ok: bool


@dataclass
class Comparison:
    """Per-parameter agreement of `got` with `ref`; `ok` when every parameter is within tolerance."""

    what: str
    rows: list[ParamError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.rows)

    @property
    def worst_rel(self) -> float:
        return max((r.rel for r in self.rows), default=0.0)

    def wrong(self) -> list[str]:
        return [r.name for r in self.rows if not r.ok]

    def table(self) -> str:
        lines = [self.what,
                 f"  {'param':<6} {'shape':<9} {'max abs err':>11} {'rel err':>9} "
                 f" {'tolerance':>22}  verdict"]
        for r in self.rows:
            tol = f"{r.atol:.2g} + {r.rtol:.2g}*|ref|"
            lines.append(f"  {r.name:<6} {str(r.shape):<9} {r.max_abs:>11.2e} {r.rel:>9.2e} "
                         f" {tol:>22}  {'ok' if r.ok else 'WRONG'}")
        return "\n".join(lines)

    __str__ = table


def param_error(name, got, ref, rtol, atol) -> ParamError:
    got = np.asarray(got, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    if got.shape != ref.shape:
        return ParamError(name, got.shape, np.inf, np.inf, rtol, atol, False)
    diff = np.abs(got - ref)
    max_abs = float(diff.max()) if diff.size else 0.0
    if not np.isfinite(max_abs):
        max_abs = np.inf
    scale = float(np.abs(ref).max()) if ref.size else 0.0
    rel = max_abs / scale if scale > 0 else (0.0 if max_abs == 0 else np.inf)
    return ParamError(name, ref.shape, max_abs, rel, rtol, atol, bool(max_abs <= atol + rtol * scale))


def compare_arrays(got: dict, ref: dict, rtol: float, atol: float, what: str = "") -> Comparison:
    """Compare two dicts of arrays parameter by parameter (max-norm, allclose-style)."""
    return Comparison(what, [param_error(k, got[k], ref[k], rtol, atol) for k in ref])


def compare_grads(got: dict, ref: dict, kind: str, dtype: str, scale: float = 1.0,
                  what: str = "") -> Comparison:
    """Compare gradients with the table's tolerance for this kind of comparison and dtype.

    The table's atol is per unit of `scale` = contract.logit_scale(params): rounding errors (and
    the finite-difference oracle's floor, eps |L| / h) grow with the logits.
    """
    rtol, atol = tolerance(kind, dtype)
    return compare_arrays(got, ref, rtol, atol * max(1.0, scale), what or f"{DESCRIPTIONS[kind]} ({dtype})")




def assert_match(comparison: Comparison) -> None:
    """Raise AssertionError carrying the per-parameter table when any parameter disagrees."""
    if not comparison.ok:
        raise AssertionError(f"{', '.join(comparison.wrong())} disagree:\n{comparison.table()}")
