"""Judging each parameter and recognising the known mistakes behind a wrong one."""

from __future__ import annotations

import math

import numpy as np

from ..compare import param_error
from ..contract import PARAM_NAMES
from .bands import ATOL, GOOD_REL, WRONG_REL
from .points import MUTANTS
from .result import Cause, ParamResult

FIX = {  # the correct line for each gradient, in the question's names
    "w1": "dw1 = dz1 @ X.T", "b1": "db1 = np.sum(dz1, axis=1, keepdims=True)",
    "w2": "dw2 = dz2 @ a1.T", "b2": "db2 = np.sum(dz2, axis=1, keepdims=True)",
}



# ---- comparing -------------------------------------------------------------------------------
def _close(got, ref, scale) -> bool:
    """The one criterion for 'equal': the float64 finite-difference row of the tolerance table."""
    if not np.all(np.isfinite(got)):
        return False
    return param_error("", got, ref, GOOD_REL, ATOL * scale).ok


def _close_everywhere(user, cands, points, k) -> bool:
    return all(_close(u[k], c[k], pt.scale) for u, c, pt in zip(user, cands, points))


def _differs_somewhere(cands, points, k) -> bool:
    return not _close_everywhere([pt.ref for pt in points], cands, points, k)
# ---- recognising causes ----------------------------------------------------------------------
def _fit_y_parts(user, points, k):
    """Least squares g ~ alpha * ref_y1 + beta * ref_y0 over all points, each point weighted
    equally; returns (alpha, beta) or None when the two parts cannot be told apart."""
    rows, rhs = [], []
    for u, pt in zip(user, points):
        w = float(np.linalg.norm(pt.ref[k])) or float(np.linalg.norm(pt.ref_y1[k])) or 1.0
        rows.append(np.stack([pt.ref_y1[k].ravel(), pt.ref_y0[k].ravel()], axis=1) / w)
        rhs.append(u[k].ravel() / w)
    A, b = np.concatenate(rows), np.concatenate(rhs)
    if np.linalg.matrix_rank(A, tol=1e-8 * max(1e-300, np.abs(A).max())) < 2:
        return None
    (alpha, beta), *_ = np.linalg.lstsq(A, b, rcond=None)
    return float(alpha), float(beta)


def _same(a, b):
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _factor_words(c, m):
    if _same(c, m):
        return f"; {c:.4g} = m, the number of samples: the gradient of the summed loss, not the mean"
    if _same(c, 1 / m):
        return f"; {c:.4g} = 1/m: divided by m twice (the loss is a mean already)"
    if _same(c, 2) or _same(c, 0.5):
        return "; a stray factor 2 or 1/2"
    return ""


def _y_cause(ab, m, names):
    alpha, beta = ab
    who = ", ".join(names)
    if _same(alpha, beta):
        c = alpha
        if _same(c, -1.0):
            return Cause("sign_flip_all", names, f"{who}: the sign is flipped (for every sample): "
                         f"this is minus the gradient, so each update climbs the loss")
        if _same(-c, m):
            return Cause("sign_flip_all", names, f"{who}: the sign is flipped and the factor is "
                         f"{-c:.4g} = m: minus the gradient of the summed loss, not the mean")
        kind = "summed_loss" if _same(c, m) else "factor"
        return Cause(kind, names, f"{who}: every entry is {c:.4g} times the true one (right "
                     f"direction, cosine +1; wrong length){_factor_words(c, m)}", factor=c)
    if _same(alpha, -beta):
        c, flipped = abs(alpha), ("0" if alpha > 0 else "1")
        extra = "" if _same(c, 1.0) else f", and the whole is {c:.4g} times too large{_factor_words(c, m)}"
        term = "(1 - y)/(1 - a2)" if flipped == "0" else "y/a2"
        sign = "plus" if flipped == "0" else "minus"
        return Cause(f"sign_flip_y{flipped}", names,
                     f"{who}: the sign is flipped only for the samples with y = {flipped}: this is "
                     f"exactly grad(loss on the y = 1 samples) {'-' if flipped == '0' else '+'} "
                     f"grad(loss on the y = 0 samples) {'' if flipped == '0' else 'with both negated '}"
                     f"at every point{extra}; each update climbs the loss on the y = {flipped} "
                     f"samples. In dL/da2 = -(1/m) (y/a2 - (1-y)/(1-a2)), the term {term} has the "
                     f"wrong sign ({sign} where it should be {'minus' if sign == 'plus' else 'plus'})")
    if _same(beta, 0.0):
        return Cause("only_y1", names, f"{who}: only the samples with y = 1 count ({alpha:.4g} "
                     f"times their gradient); the (1 - y) log(1 - a2) part of the loss is missing")
    if _same(alpha, 0.0):
        return Cause("only_y0", names, f"{who}: only the samples with y = 0 count ({beta:.4g} "
                     f"times their gradient); the y log a2 part of the loss is missing")
    return Cause("y_weights", names, f"{who}: the samples with y = 1 are weighted {alpha:.4g} and "
                 f"those with y = 0 {beta:.4g} (both should be 1)")


def _broadcast_words(k, exp, got):
    try:
        b = np.broadcast_shapes(exp, got)
    except ValueError:
        return f"{k} - lr * d{k} cannot broadcast {exp} with {got}: the update raises ValueError"
    if b == exp:
        return (f"NumPy broadcasts it silently: {k} - lr * d{k} runs and keeps {k} {exp}, "
                f"so nothing stops a wrong update")
    return (f"NumPy broadcasts it silently: {k} = {k} - lr * d{k} turns {k} from {exp} into {b} "
            f"(in-place {k} -= lr * d{k} would raise), and the damage shows up later, elsewhere")


def _shape_cause(k, users, points) -> Cause:
    exp, got = points[0].ref[k].shape, users[0][k].shape
    what = f"d{k} has shape {got}, expected {exp}"
    bc = _broadcast_words(k, exp, got)
    if got == exp[::-1] and all(_close(u[k].T, pt.ref[k], pt.scale) for u, pt in zip(users, points)):
        return Cause("transposed", [k], f"{k}: d{k} is transposed ({what}); the numbers are right. "
                     f"{bc}. Fix: {FIX[k]}")
    if users[0][k].size == points[0].ref[k].size and all(
            _close(u[k].reshape(exp), pt.ref[k], pt.scale) for u, pt in zip(users, points)):
        return Cause("shape", [k], f"{k}: the numbers are right but {what} "
                     f"(keepdims=True keeps the summed axis). {bc}")
    for name in ("dz2", "dz1", "da2", "da1", "a1", "a2", "z1", "z2"):
        if points[0].inter[name].shape == got and all(
                _close(u[k], pt.inter[name], pt.scale) for u, pt in zip(users, points)):
            return Cause("wrong_quantity", [k], f"{k}: d{k} is {name}, one value per sample and "
                         f"unit ({what}): the derivative with respect to the wrong quantity. "
                         f"{bc}. Fix: {FIX[k]}")
    for name in ("dz2", "dz1"):
        v = points[0].inter[name]
        for axis in (0, 1):
            if v.sum(axis=axis, keepdims=True).shape == got and all(
                    _close(u[k], pt.inter[name].sum(axis=axis, keepdims=True), pt.scale)
                    for u, pt in zip(users, points)):
                return Cause("shape", [k], f"{k}: d{k} sums {name} over axis {axis} "
                             f"({'the units' if axis == 0 else 'the samples'}), "
                             f"{what}. {bc}. Fix: {FIX[k]}")
    return Cause("shape", [k], f"{k}: {what}. {bc}")


def _cause_for(k, users, points, m) -> Cause | None:
    """The recognised mistake behind one wrong parameter (same shape, finite), or None."""
    if all(np.all(u[k] == 0) for u in users):
        return Cause("zeros", [k], f"{k}: d{k} is all zeros at every point (the true one is not): "
                     f"a gradient that was never filled in, or a product with a zero array")
    ab = _fit_y_parts(users, points, k)
    if ab is not None:
        cands = [{k: ab[0] * pt.ref_y1[k] + ab[1] * pt.ref_y0[k]} for pt in points]
        if _close_everywhere(users, cands, points, k):
            return _y_cause(ab, m, [k])
    else:  # one class only: the two parts coincide; a plain factor is all that can be seen
        c = sum(float(np.vdot(u[k], pt.ref[k])) for u, pt in zip(users, points)) / max(
            1e-300, sum(float(np.vdot(pt.ref[k], pt.ref[k])) for pt in points))
        if _close_everywhere(users, [{k: c * pt.ref[k]} for pt in points], points, k):
            return _y_cause((c, c), m, [k])
    if points[0].ref[k].shape[0] == points[0].ref[k].shape[-1] and _close_everywhere(
            users, [{k: pt.ref[k].T} for pt in points], points, k):
        return Cause("transposed", [k], f"{k}: d{k} is the transpose of the true gradient "
                     f"(same shape, since {k} is square). Fix: {FIX[k]}")
    for mut, (_, words) in MUTANTS.items():
        cands = [pt.mutants[mut] for pt in points]
        if _differs_somewhere(cands, points, k) and _close_everywhere(users, cands, points, k):
            return Cause("wrong_quantity", [k], f"{k}: the derivative with respect to the wrong "
                         f"quantity: {words}")
    return None


def _merge(causes):
    """One sentence for parameters that share a cause."""
    merged = {}
    for c in causes:
        key = (c.kind, c.text.split(": ", 1)[1] if ": " in c.text else c.text)
        if key in merged:
            merged[key].params.extend(c.params)
        else:
            merged[key] = Cause(c.kind, list(c.params), c.text, c.factor)
    out = []
    for (kind, body), c in merged.items():
        out.append(Cause(kind, c.params, f"{', '.join(c.params)}: {body}", c.factor))
    return out


def _where(wrong, causes) -> str | None:
    """Where in the backward pass the error must be, from which parameters are wrong."""
    w = set(wrong)
    same = len(causes) == 1 and set(causes[0].params) == w
    if w == set(PARAM_NAMES) and same:
        return ("every parameter is wrong in the same way, so the error is where they all "
                "begin: dL/da2 or dL/dz2 (dz2 should be (a2 - Y) / m)")
    if w == {"w1", "b1"}:
        return ("w2 and b2 are right, so dz2 is right: the error is in the hidden layer, "
                "in da1 = w2.T @ dz2 or dz1 = da1 * a1 * (1 - a1), or both lines after it")
    if w == {"w2", "b2"} or len(w) == 1:
        return "the other gradients are right, so the error is in the line that computes " + \
            " and ".join(f"d{k} ({FIX[k]})" for k in PARAM_NAMES if k in w)
    return None




def _param_result(k, users, points) -> ParamResult:
    rels, abss, coss, scales, bad_pts, worst, ok = [], [], [], [], [], (None, -1.0), True
    for u, pt in zip(users, points):
        g, r = u[k], pt.ref[k]
        if not np.all(np.isfinite(g)):
            bad_pts.append(pt.name)
            ok = False
            continue
        ok &= _close(g, r, pt.scale)
        diff = float(np.abs(g - r).max(initial=0.0))
        ref_max = float(np.abs(r).max(initial=0.0))
        rel = diff / ref_max if ref_max > 0 else (0.0 if diff == 0 else math.inf)
        if not _close(g, r, pt.scale) and rel > worst[1] or worst[0] is None:
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
    return ParamResult(k, points[0].ref[k].shape, users[0][k].shape, ok, verdict,
                       max(abss) if abss else math.inf, rel,
                       min(coss) if coss else None,
                       (min(coss), max(coss)) if coss else None,
                       float(np.median(scales)) if scales else None,
                       (min(scales), max(scales)) if scales else None,
                       worst[0], bad_pts)
