"""Per parameter: which loss (family and constant) the learner's gradient follows, or which known
mistake it is; and the per-parameter verdict table (rel err, cosine, scale)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..agreement import param_error
from .bands import WRONG_REL
from .losses import FAMILIES, HID_VARIANTS, OUT_VARIANTS
from .result import ParamResult


@dataclass
class Fit:
    """What one parameter's gradient is, across every point."""

    kind: str                 # exact, y_parts, mutant, transposed, zeros, unrecognised
    family: str | None = None
    c: float | None = None    # signed constant: the gradient is c * backprop(family)
    alpha: float | None = None  # y_parts: weight of the y = 1 samples' part
    beta: float | None = None   # ... and of the y = 0 samples' part
    variant: tuple | None = None  # mutant: (family, out, hid, w2_input)


def close(got, ref, tol) -> bool:
    """The one criterion for 'equal': |got - ref| <= atol + rtol max|ref|, finite."""
    if got.shape != ref.shape or not np.all(np.isfinite(got)):
        return False
    return param_error("", got, ref, tol[0], tol[1]).ok


def close_everywhere(users, refs, tols) -> bool:
    return all(close(u, r, t) for u, r, t in zip(users, refs, tols))


def fit_scalar(users, refs, tols=None):
    """Least-squares c in users ~ c * refs, each point's residual in units of its tolerance
    (atol + rtol max|ref|), so a point whose reference is tiny or noisy cannot pull c."""
    num = den = 0.0
    for i, (u, r) in enumerate(zip(users, refs)):
        if tols is None:
            w = float(np.vdot(r, r))
            w = 1.0 / w if w > 0 else 0.0
        else:
            t = tols[i][1] + tols[i][0] * float(np.abs(r).max(initial=0.0))
            w = 1.0 / t ** 2 if t > 0 else 0.0
        num += w * float(np.vdot(u, r))
        den += w * float(np.vdot(r, r))
    return num / den if den > 0 else None


def _fit_two(users, parts):
    rows, rhs = [], []
    for u, (r1, r0) in zip(users, parts):
        w = float(np.linalg.norm(r1 + r0)) or float(np.linalg.norm(r1)) or 1.0
        rows.append(np.stack([r1.ravel(), r0.ravel()], axis=1) / w)
        rhs.append(u.ravel() / w)
    A, b = np.concatenate(rows), np.concatenate(rhs)
    if not np.all(np.isfinite(A)) or np.linalg.matrix_rank(A, tol=1e-8 * max(1e-300, np.abs(A).max())) < 2:
        return None
    (alpha, beta), *_ = np.linalg.lstsq(A, b, rcond=None)
    return float(alpha), float(beta)


def same(a, b, rel=1e-6):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def fit_param(k, users, points, tols) -> Fit:
    """The recognised form of parameter k's gradient (same shape, finite at these points)."""
    if all(np.all(u == 0) for u in users):
        return Fit("zeros")
    own = [("own",) if ("own", "ok", "ok", "a1") in points[0].cands else ()][0]
    for fam in own + FAMILIES:
        refs = [pt.ref(fam)[k] for pt in points]
        c = fit_scalar(users, refs, tols)
        if c is not None and c != 0 and close_everywhere(users, [c * r for r in refs], tols):
            return Fit("exact", fam, c)
    for fam in FAMILIES:
        parts = [(pt.parts[fam][0][k], pt.parts[fam][1][k]) for pt in points]
        ab = _fit_two(users, parts)
        if ab is not None and close_everywhere(
                users, [ab[0] * r1 + ab[1] * r0 for r1, r0 in parts], tols):
            return Fit("y_parts", fam, None, ab[0], ab[1])
    shape = points[0].ref()[k].shape
    if len(shape) == 2 and shape[0] == shape[1]:
        for fam in FAMILIES:
            refs = [pt.ref(fam)[k].T for pt in points]
            c = fit_scalar(users, refs, tols)
            if c and close_everywhere(users, [c * r for r in refs], tols) and \
                    not close_everywhere([r.T for r in refs], refs, tols):
                return Fit("transposed", fam, c)
    for fam in FAMILIES:
        for ov in OUT_VARIANTS:
            for hv in HID_VARIANTS:
                for w2in in ("a1", "z1"):
                    key = (fam, ov, hv, w2in)
                    if key not in points[0].cands or (ov, hv, w2in) == ("ok", "ok", "a1"):
                        continue
                    if k in ("w2", "b2") and hv != "ok" or k != "w2" and w2in != "a1":
                        continue
                    refs = [pt.cands[key][k] for pt in points]
                    if not all(np.all(np.isfinite(r)) for r in refs):
                        continue
                    c = fit_scalar(users, refs, tols)
                    if not c or not close_everywhere(users, [c * r for r in refs], tols):
                        continue
                    # a mistake must differ from every correct gradient somewhere
                    if any(close_everywhere([c * r for r in refs], [cc * pt.ref(f)[k] for pt in points], tols)
                           for f in FAMILIES
                           for cc in [fit_scalar([c * r for r in refs], [pt.ref(f)[k] for pt in points]) or 0.0]):
                        continue
                    return Fit("mutant", fam, c, variant=key)
    return Fit("unrecognised")


def param_result(k, users, points, tols, ref_of, exp_shape) -> ParamResult:
    """The table row: k's gradient against the target loss's gradient ref_of(point)[k]."""
    rels, abss, coss, scales, bad_pts, worst, ok = [], [], [], [], [], (None, -1.0), True
    for u, pt, t in zip(users, points, tols):
        g, r = u, ref_of(pt)[k]
        if not np.all(np.isfinite(g)):
            bad_pts.append(pt.name)
            ok = False
            continue
        good = close(g, r, t)
        ok &= good
        diff = float(np.abs(g - r).max(initial=0.0))
        ref_max = float(np.abs(r).max(initial=0.0))
        rel = diff / ref_max if ref_max > 0 else (0.0 if diff == 0 else math.inf)
        if (not good and rel > worst[1]) or worst[0] is None:
            worst = (pt.name, rel)
        rels.append(rel)
        abss.append(diff)
        nr, ng = float(np.linalg.norm(r)), float(np.linalg.norm(g))
        if nr > 0:
            coss.append(float(np.vdot(g, r)) / (nr * ng) if ng > 0 else 0.0)
            scales.append(float(np.vdot(g, r)) / nr ** 2)
    if bad_pts:
        verdict = "WRONG"
    elif ok:
        verdict = "ok"
    else:
        verdict = "suspicious" if max(rels) <= WRONG_REL else "WRONG"
    rel = math.inf if bad_pts and not rels else (max(rels) if rels else 0.0)
    return ParamResult(k, exp_shape, users[0].shape, ok, verdict,
                       max(abss) if abss else math.inf, rel,
                       min(coss) if coss else None,
                       (min(coss), max(coss)) if coss else None,
                       float(np.median(scales)) if scales else None,
                       (min(scales), max(scales)) if scales else None,
                       worst[0], bad_pts)
