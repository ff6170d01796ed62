"""The verdict (`judge`): what the learner's function follows at every point (`fit_param`), what
it is judged against, the table (`param_result`), whether that is right, and why not, in words."""

from __future__ import annotations

import math
from collections import namedtuple

import numpy as np

from ..agreement import param_error
from ..tolerances import tolerance as table_tolerance
from .layout import to_learner
from .losses import (FAMILY_WORDS, LAYERS, MEAN_OF, NAMED, OUT_VARIANTS, Target,
                     factor_cause, flat, m_between_layers, name_for)
from .probe import GOOD_REL, PROBES, SET, STEP_PROBE, WRONG_REL, point_where
from .result import Cause, CheckResult, ParamResult

# What one parameter's gradient is, across every point: kind (exact, y_parts, mutant, transposed,
# zeros, unrecognised); family; c, signed: the gradient is c * backprop(family); alpha, beta: the
# weights of the y = 1 and the y = 0 samples' parts (y_parts); variant: (family, out, w2_input).
Fit = namedtuple("Fit", "kind family c alpha beta variant", defaults=(None,) * 5)
# What judge measured, for the causes: per parameter its fit, table row, the loss it follows (per)
# and the points where it is finite; order2 (lr applied twice); the gradients, points, tolerances.
Seen = namedtuple("Seen", "names fits params per order2 finite_pts users points tols")


# ---- the verdict ------------------------------------------------------------------------------
def _fit_loss(family, c, m):
    """(loss name, sign, factor) of c times the family's gradient (an exact fit)."""
    name, factor = ("own_cost", abs(c)) if family == "own" else name_for(family, c, m)
    return name, (1 if c > 0 else -1), factor


def judge(job, form, probed) -> CheckResult:
    """The verdict. job: the check's options (label, s, loss, update, X, Y); probed: (the points,
    the learner's gradients there, a step's second-order terms, tolerances, own cost or None)."""
    points, users, second, tols, own = probed
    m, names, lr = job.X.shape[1], form.names, job.s["lr"]
    col = {k: points[0].ref()[k].shape for k in names}
    if form.kind == "grad" and job.update == "add":   # the update follows minus what is returned
        users = [{k: -u[k] for k in u} for u in users]
    shape_bad = [k for k in names if any(k not in u or u[k].shape != col[k] for u in users)]
    order2, bend = _second_order(form, users, second, tols, shape_bad, lr)
    seen, own_lr = Seen(names, {}, {}, {}, order2, {}, users, points, tols), []
    for k in (k for k in names if k not in shape_bad):   # each one's fit where it is finite
        clipped = [i for i, pt in enumerate(points) if _moved_to(form, k, pt)]   # a clip's points
        if len(clipped) == len(points):   # all: lr ignored (the lr stage names it)
            own_lr, clipped = own_lr + [k], []
        seen.finite_pts[k] = [i for i, u in enumerate(users) if np.all(np.isfinite(u[k]))
                              and i not in clipped]
        at = _at(seen, k)
        seen.fits[k] = fit_param(k, *at) if len(at[0]) >= 3 else Fit("unrecognised")
    if form.low_dtypes:
        _snap(seen, m)
    single = _common([seen.fits.get(k) for k in names])   # the one (family, c) all follow
    target = _choose_target({k: f for k, f in seen.fits.items() if k not in own_lr} or seen.fits,
                            single, m, job.loss, own, points)   # (lr's own: not its gradient)
    _table(seen, form, shape_bad, target, col)
    ok = _per_param(seen, target, m)
    causes = _causes(seen, form, target, job, single, shape_bad)
    notes = [f"your function returns {', '.join(sorted(form.low_dtypes))} arrays: judged with "
             f"float32's tolerance (rel err up to {table_tolerance('gradients', 'float32')[0]:g}; "
             f"float64 code is held to {GOOD_REL:.0e}): a smaller mistake cannot be seen"
             ] if form.low_dtypes else []
    bend = bend if ok else None
    if bend is not None:
        notes.append(f"your step's move is not linear in lr: its first-order part is the gradient "
                     f"of {target.words}, and it has an lr^2 part ({bend:.3g} times the first at "
                     f"lr {lr:g}, at {points[0].name}): one call updates more than once (once per "
                     f"sample, say)")
    loss_name, sign, factor = (None, None, None) if single is None else _fit_loss(*single, m)
    if own is not None and own["name"] == loss_name and factor == 1.0:
        loss_name = "own_cost"     # the whole code follows the learner's own cost
    if single is not None and ok and factor != 1.0 and single[0] != "own":
        notes.append(f"your gradient is {fmt(factor)} times that of the {NAMED[loss_name][2]}: "
                     f"the same as that loss with lr {fmt(factor * lr)} instead of {lr:g}")
    return CheckResult(job.label, ok, seen.params, [pt.name for pt in points], causes, None,
                       [c.text for c in causes], notes, _start_summary(seen, shape_bad, target.ref),
                       loss_name, sign, factor, seen.per, form, target, settings=dict(job.s),
                       tolerances=[(float(t[0]), float(t[1])) for t in tols], bend=bend)


def _second_order(form, users, second, tols, shape_bad, lr):
    """A step's lr^2 part q, where it passes the tolerance at the probe's lr: the parameters with
    no first-order part (lr applied twice: their gradient becomes q lr, in place); |q lr| / |g|."""
    if form.kind != "step" or second[0] is None:
        return [], None
    order2 = [k for k in form.names if k not in shape_bad
              and all(close(u[k], np.zeros_like(u[k]), t) for u, t in zip(users, tols))
              and not all(close(q[k] * STEP_PROBE, np.zeros_like(q[k]), t)
                          for q, t in zip(second, tols))]
    for k in order2:
        for u, q in zip(users, second):
            u[k] = q[k] * lr
    ks = [k for k in form.names if k not in shape_bad and k not in order2]
    if shape_bad or not ks:     # no bend is judged where a shape is wrong (nor q there, maybe)
        return order2, None
    g, q = ([flat(d, ks) for d in ds] for ds in (users, second))
    if close_everywhere([a + b * STEP_PROBE for a, b in zip(g, q)], g, tols):
        return order2, None
    return order2, float(np.linalg.norm(q[0]) * lr / max(float(np.linalg.norm(g[0])), 1e-300))


def _at(seen, k):
    """Where d{k} is finite: d{k} there, the points and their tolerances."""
    idx = seen.finite_pts.get(k, [])
    return ([seen.users[i][k] for i in idx], [seen.points[i] for i in idx],
            [seen.tols[i] for i in idx])


def _snap(seen, m):
    """For coarse arrays: an exact fit that is also, within tolerance, a named loss's constant or a
    more precisely measured parameter's (either sign) takes the nearest one."""
    fits = []
    for k, f in seen.fits.items():
        if f.kind == "exact":
            users, points, tols = _at(seen, k)
            refs = [pt.ref(f.family)[k] for pt in points]
            spread = min(t[1] / max(abs(f.c) * float(np.abs(r).max()), 1e-300)
                         for t, r in zip(tols, refs))    # its constant's atol, relative: coarse
            fits.append((spread, k, f, users, refs, tols))
    done = []
    for _, k, f, users, refs, tols in sorted(fits, key=lambda e: e[:2]):
        named = [1.0] if f.family == "own" else [cf(m) for fam, cf, _ in NAMED.values()
                                                    if fam == f.family]
        cs = {s * c for c in named + [d.c for d in done if d.family == f.family] for s in (1, -1)}
        c = next((c for c in sorted(cs, key=lambda c: abs(c - f.c))
                  if close_everywhere(users, [c * r for r in refs], tols)), f.c)
        seen.fits[k] = f._replace(c=c)
        done.append(seen.fits[k])


def _table(seen, form, shape_bad, target, col):
    """The per-parameter table rows against the target (seen.params)."""
    users, params = seen.users, seen.params
    for k in seen.names:
        if k in shape_bad:
            got = next(u[k].shape for u in users if k in u and u[k].shape != col[k]) \
                if any(k in u for u in users) else ()
            params[k] = ParamResult(k, form.shape(k), got, False, "WRONG", *[None] * 7)
            continue
        params[k] = param_result(k, [u[k] for u in users], seen.points, seen.tols, target.ref,
                                 col[k])
        if form.packing is None:
            params[k].expected_shape = params[k].shape = form.shape(k)
        elif form.packing.turned(k):   # its part of their array
            params[k].expected_shape = params[k].shape = form.bias_shapes.get(k, col[k][::-1])


def _per_param(seen, target, m):
    """Per parameter the loss, sign and factor it follows and whether that is right (seen.per; a
    wrong one's row says WRONG). Returns whether every one is right."""
    per, params = seen.per, seen.params
    for k in seen.names:
        f = seen.fits.get(k)
        exact = f is not None and f.kind == "exact"
        nm, sign, factor = _fit_loss(f.family, f.c, m) if exact else (None, None, None)
        # a row ok at every point (the header's bands) is right unless it follows another family
        ok = bool(exact and f.family == target.family and params[k].ok)
        per[k] = {"loss": nm, "sign": sign, "factor": factor, "ok": ok,
                  "kind": f.kind if f else "shape", "lr_applied_twice": k in seen.order2}
        if not ok:
            params[k].ok = False
            if params[k].verdict == "ok":
                params[k].verdict = "WRONG"
    return all(per[k]["ok"] for k in seen.names)


def _causes(seen, form, target, job, single, shape_bad):
    """The causes in words: shapes, each wrong parameter's, minus the gradient, where."""
    names, per, m = seen.names, seen.per, job.X.shape[1]
    order = _order_cause(seen, form, target, shape_bad) if shape_bad else None
    causes = [order] if order is not None else \
        [_shape_cause(k, form, seen.users, seen.points, target) for k in shape_bad]
    if single is None or single[1] < 0 or not all(per[k]["ok"] for k in names):
        causes += _param_causes(seen, form, target, m, job.s["lr"])
    merged = {}   # one sentence for parameters that share a cause: 'k, j: ' and its words
    for c in causes:
        merged.setdefault((c.kind, c.text), Cause(c.kind, [], c.text, c.factor)).params.extend(
            c.params)
    causes = [Cause(kind, c.params, f"{', '.join(c.params)}: {body}", c.factor)
              for (kind, body), c in merged.items()]
    if single is not None and single[1] < 0 and form.kind == "grad" and job.update is None \
            and single[0] != "own":
        nm, _, factor = _fit_loss(*single, m)
        causes = [Cause("minus_gradient", list(names), f"{', '.join(names)}: your function "
                        f"returns minus the gradient of the {NAMED[nm][2]}"
                        f"{'' if factor == 1 else f' (times {fmt(factor)})'}: right if your "
                        f"update adds it (W += lr * dW), uphill if it subtracts it (update='add' "
                        f"or 'subtract' says which)", -1.0)]
    wrong = [k for k in names if not per[k]["ok"]]
    where = _where(wrong, [c for c in causes if c.kind not in ("nonfinite", "layers")], form, names,
                   target.name)
    if wrong and where:
        causes.append(Cause("location", wrong, where))
    return causes


def _common(fits):
    """(family, c) where every fit is exact, of one family and one constant; else None."""
    one = fits and all(f is not None and f.kind == "exact" and f.family == fits[0].family
                       and same(f.c, fits[0].c) for f in fits)
    return (fits[0].family, fits[0].c) if one else None


def _choose_target(fits, single, m, loss, own, points):
    """What the gradient is judged against (a losses.Target): a demanded loss, the learner's own
    cost, the loss the code follows (single: its (family, c)), or the one most parameters follow."""
    def named(name, why):
        return Target(NAMED[name][0], NAMED[name][1](m), name, why)

    def followed(fam, c, why):   # c times the family's gradient, named
        nm, fac = name_for(fam, c, m)
        name = nm if fac == 1.0 else f"{fmt(fac)} x {NAMED[nm][2]}"
        return Target(fam, c, name, f"the {NAMED[nm][2] if fac == 1.0 else name} ({why})", fac)
    if loss is not None:
        return named(loss, "the loss you asked for (loss=)")
    if own is not None and own["name"] is not None:
        return named(own["name"], f"your own cost ({own['where']}), which is the "
                                  f"{NAMED[own['name']][2]}")
    if own is not None:
        return Target("own", 1.0, "own_cost", f"your own cost ({own['where']}), differentiated "
                      f"by central differences (it is none of the losses check names)")
    if single is not None:
        return Target("own", 1.0, "own_cost", "your own cost") if single[0] == "own" else \
            followed(single[0], abs(single[1]), "the loss your code follows")
    # no one loss: the one most parameters follow exactly (the output layer's on a tie), so a
    # right layer is never called wrong for its partner's mistake
    right = [fits[k] for k in sorted(fits, key=lambda k: k not in ("w2", "b2"))
             if fits[k].kind == "exact" and fits[k].family in ("bce", "se") and fits[k].c > 0]
    if right:
        votes = {}
        for f in right:
            key = next((v for v in votes if v[0] == f.family and same(v[1], f.c)), (f.family, f.c))
            votes[key] = votes.get(key, 0) + 1
        return followed(*max(votes, key=votes.get), "the loss the right parameters follow")
    fams = {f.family for f in fits.values() if f.family in ("bce", "se")}
    fam = next(iter(fams)) if len(fams) == 1 else points[0].net.families[0]
    why = ("the project's loss" if fam == "bce" else
           "the family your code's gradients come from" if fams or points[0].net.out == "sigmoid"
           else "the only family check offers for a linear output")
    return named(MEAN_OF[fam], f"{NAMED[MEAN_OF[fam]][2]} ({why})")


def _start_summary(seen, shape_bad, ref_of):
    """The whole gradient at the first point beside the target's: its length ratio and cosine."""
    users, points = seen.users, seen.points
    same_k = [k for k in seen.names if k not in shape_bad]
    if not same_k or not all(np.all(np.isfinite(users[0][k])) for k in same_k):
        return None
    g, r = flat(users[0], same_k), flat(ref_of(points[0]), same_k)
    nr, ng = float(np.linalg.norm(r)), float(np.linalg.norm(g))
    return None if nr == 0 else {"point": points[0].name, "params": same_k, "length_ratio": ng / nr,
                                 "cosine": float(np.vdot(g, r)) / (nr * ng) if ng > 0 else 0.0}


# ---- what one parameter's gradient is, across the points; its table row ----------------------
def close(got, ref, tol) -> bool:
    """The one criterion for 'equal': |got - ref| <= atol + rtol max|ref|, finite."""
    return bool(got.shape == ref.shape and np.all(np.isfinite(got))) and \
        param_error("", got, ref, tol[0], tol[1]).ok


def close_everywhere(users, refs, tols) -> bool:
    return all(close(u, r, t) for u, r, t in zip(users, refs, tols))


def same(a, b, rel=1e-6):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def fit_scalar(users, refs, tols=None):
    """Least-squares c in users ~ c * refs, each point's residual in units of its tolerance
    (atol + rtol max|ref|; without tols, of |ref|): a tiny or noisy reference cannot pull c."""
    num = den = 0.0
    for u, r, t in zip(users, refs, tols or [None] * len(refs)):
        w = float(np.vdot(r, r)) if t is None else t[1] + t[0] * float(np.abs(r).max(initial=0.0))
        w = 1.0 / (w if t is None else w ** 2) if w > 0 else 0.0
        num += w * float(np.vdot(u, r))
        den += w * float(np.vdot(r, r))
    c = num / den if den > 0 else None
    if c is None or not np.isfinite(c):
        return c       # else a few ulps from a short decimal is that decimal, whatever the BLAS
    return next(float(t) for t in (f"{c:.{d}g}" for d in range(1, 18))   # (2, not 1.9999...8)
                if abs(float(t) - c) <= 4e-16 * abs(c))


def _scaled(users, refs, tols):
    """The nonzero c with users = c refs within tolerance at every point, else None."""
    c = fit_scalar(users, refs, tols)
    return c if c and close_everywhere(users, [c * r for r in refs], tols) else None


def _fit_two(users, parts):
    """(alpha, beta): least squares users ~ alpha r1 + beta r0 over parts [(r1, r0)]; else None."""
    ws = [float(np.linalg.norm(r1 + r0)) or float(np.linalg.norm(r1)) or 1.0 for r1, r0 in parts]
    A = np.concatenate([np.stack([r1.ravel(), r0.ravel()], axis=1) / w
                        for (r1, r0), w in zip(parts, ws)])
    b = np.concatenate([u.ravel() / w for u, w in zip(users, ws)])
    if not np.all(np.isfinite(A)) or \
            np.linalg.matrix_rank(A, tol=1e-8 * max(1e-300, np.abs(A).max())) < 2:
        return None
    (alpha, beta), *_ = np.linalg.lstsq(A, b, rcond=None)
    return float(alpha), float(beta)


def fit_param(k, users, points, tols) -> Fit:
    """The recognised form of parameter k's gradient (same shape, finite at these points): zeros,
    a loss's gradient times c, y parts, transposed, a known mistake no right gradient matches."""
    if all(np.all(u == 0) for u in users):
        return Fit("zeros")
    families = points[0].net.families
    own = ("own",) if ("own", "ok", "a1") in points[0].cands else ()
    exact = []       # the learner's own cost where it fits; else, where coarse (float32)
    for fam in own + families:    # tolerances pass more than one family, the closest
        refs = [pt.ref(fam)[k] for pt in points]
        c = _scaled(users, refs, tols)
        if c is not None:   # ranked by the largest misfit, in units of each point's tolerance
            misfit = max(float(np.abs(u - f).max(initial=0.0)) /
                         (t[1] + t[0] * float(np.abs(f).max(initial=0.0)))
                         for u, f, t in zip(users, [c * r for r in refs], tols))
            exact.append((fam != "own", misfit, len(exact), fam, c))
    if exact:
        return Fit("exact", *min(exact)[3:])
    for fam in families:
        parts = [(pt.parts[fam][0][k], pt.parts[fam][1][k]) for pt in points]
        ab = _fit_two(users, parts)
        if ab is not None and close_everywhere(
                users, [ab[0] * r1 + ab[1] * r0 for r1, r0 in parts], tols):
            return Fit("y_parts", fam, None, ab[0], ab[1])
    shape = np.shape(users[0])
    tried = [("transposed", (fam,), [pt.ref(fam)[k].T for pt in points]) for fam in families
             if len(shape) == 2 and shape[0] == shape[1]]
    # a known mistake times a constant (losses.OUT_VARIANTS: dz2 formed wrong; dw2 from z1)
    tried += [("mutant", key, [pt.cands[key][k] for pt in points])
              for key in [(fam, ov, w2in) for fam in families for ov in OUT_VARIANTS
                          for w2in in (("a1", "z1") if k == "w2" else ("a1",))]
              if key in points[0].cands and key[1:] != ("ok", "a1")]
    for kind, key, refs in tried:
        c = _scaled(users, refs, tols) if all(np.all(np.isfinite(r)) for r in refs) else None
        got = [c * r for r in refs] if c is not None else None
        if got and not any(   # a mistake must differ from every correct gradient somewhere
                close_everywhere(got, [cc * pt.ref(f)[k] for pt in points], tols)
                for f in families for cc in [fit_scalar(got, [pt.ref(f)[k] for pt in points])
                                             or 0.0]):
            return Fit(kind, key[0], c, variant=key if kind == "mutant" else None)
    return Fit("unrecognised")


def param_result(k, users, points, tols, ref_of, exp_shape) -> ParamResult:
    """The table row: k's gradient against the target loss's gradient ref_of(point)[k]."""
    rels, abss, coss, scales, bad_pts, worst, ok = [], [], [], [], [], (None, -1.0), True
    for g, pt, t in zip(users, points, tols):
        r = ref_of(pt)[k]
        if not np.all(np.isfinite(g)):
            bad_pts.append(pt.name)
            ok = False
            continue
        e = param_error("", g, r, t[0], t[1])    # close(g, r, t): g is finite, of r's shape
        ok &= e.ok
        if (not e.ok and e.rel > worst[1]) or worst[0] is None:
            worst = (pt.name, e.rel)
        rels.append(e.rel)
        abss.append(e.max_abs)
        nr, ng = float(np.linalg.norm(r)), float(np.linalg.norm(g))
        if nr > 0:
            coss.append(float(np.vdot(g, r)) / (nr * ng) if ng > 0 else 0.0)
            scales.append(float(np.vdot(g, r)) / nr ** 2)
    verdict = "ok" if ok else "suspicious" if not bad_pts and max(rels) <= WRONG_REL else "WRONG"
    rel = math.inf if bad_pts and not rels else (max(rels) if rels else 0.0)
    return ParamResult(k, exp_shape, users[0].shape, ok, verdict, max(abss) if abss else math.inf,
                       rel, min(coss) if coss else None, (min(coss), max(coss)) if coss else None,
                       float(np.median(scales)) if scales else None,
                       (min(scales), max(scales)) if scales else None, worst[0], bad_pts)


# ---- the causes in words ------------------------------------------------------------------------
FIX = {"columns": {"w1": "dw1 = dz1 @ X.T", "b1": "db1 = np.sum(dz1, axis=1, keepdims=True)",
                   "w2": "dw2 = dz2 @ a1.T", "b2": "db2 = np.sum(dz2, axis=1, keepdims=True)"},
       "rows": {"w1": "dW1 = X.T @ dz1", "b1": "db1 = np.sum(dz1, axis=0, keepdims=True)",
                "w2": "dW2 = a1.T @ dz2", "b2": "db2 = np.sum(dz2, axis=0, keepdims=True)"}}
FOLLOWS = {"step": "step follows", "gradient": "gradient is"}   # 'your step follows the ...'


def fmt(x):
    """A factor with digits enough never to read as 1 when it is not (0.9999999999999998 is 1)."""
    for t in (f"{x:.{d}g}" for d in (4, 6, 8, 10, 12)):
        if float(t) == x or (abs(float(t) - x) <= 1e-4 * abs(x) and
                             (float(t) != 1.0 or abs(x - 1.0) <= 1e-12)):
            return t
    return repr(x)


def _factor_words(c, m):
    if same(c, m):
        return f"; {fmt(c)} = m, the number of samples: the gradient of the summed loss, not " \
            f"the mean"
    if same(c, 1 / m):
        return f"; {fmt(c)} = 1/m: divided by m twice (the loss is a mean already)"
    return "; a stray factor 2 or 1/2" if same(c, 2) or same(c, 0.5) else ""


def _learner(form, grads):
    """Column-layout gradients as the learner's arrays, by name."""
    return dict(zip(form.names, to_learner(form, grads)))


def _param_causes(seen, form, target, m, lr):
    """Each wrong parameter's cause, or one cause for them all (_layer_cause, ...)."""
    whole = _layer_cause(seen, form, m, lr) or _rescaled_cause(seen, form, target) or \
        _misplaced_cause(seen, target)
    if whole is not None:
        return [whole]
    causes = []
    for k in (k for k in seen.names if k in seen.fits and not seen.per[k]["ok"]):
        r = seen.params[k]
        if r.nonfinite_points:
            causes += _nonfinite_causes(k, seen, target)
            if causes[-1].kind == "nonfinite_only" or len(seen.finite_pts[k]) < 3:
                continue
        c = _pinned_cause(k, seen, form, target) or \
            _fit_cause(k, seen.fits[k], form, target, m) or _other_cause(k, seen, form, target)
        if c is None and r.verdict == "suspicious":
            c = Cause("suspicious", [k], f"close but not equal (rel err {r.rel_error:.1e} "
                      f"at {r.worst_point}): float32 arithmetic, or a division by a2 (1 - a2) "
                      f"near saturation, can do this; a correct float64 gradient agrees to 1e-07")
        causes.append(c or Cause("unrecognised", [k], "wrong in a way check does not name" + (
            f": {_beside(k, seen, form, target)} (rel err {r.rel_error:.2g}, cosine "
            f"{r.cosine:+.2f} at worst)" if r.cosine is not None else "")))
    return causes


def _nonfinite_causes(k, seen, target):
    """d{k} nan or inf: where, and whether it is right at every other point."""
    bad = seen.params[k].nonfinite_points
    if len(bad) == len(seen.points):
        return [Cause("nonfinite", [k], f"d{k} is nan or inf at every point")]
    text = f"d{k} is nan or inf at {'; '.join(bad)} (the true one is finite there)"
    if all("saturation" in n for n in bad):
        text += (": near saturation a division by a2, 1 - a2 or a2 (1 - a2) overflows; "
                 "dz2 = (a2 - Y) / m never divides")
    users, points, tols = _at(seen, k)
    right = users and close_everywhere(users, [target.ref(pt)[k] for pt in points], tols)
    return [Cause("nonfinite", [k], text)] + \
        ([Cause("nonfinite_only", [k], "right at every other point")] if right else [])


def _pinned_at(form, k, pt):
    """The entries (entry, old, new) of k a step leaves at one value whatever lr at point pt."""
    return form.pinned.get(point_where(pt.name), {}).get(k, ())


def _moved_to(form, k, pt):
    """The entries of k a step moves at point pt to one value whatever lr (probe._pinned)."""
    return [e for e in _pinned_at(form, k, pt) if e[1] != e[2]]


def _pinned_cause(k, seen, form, target):
    """Entries of k a step sets to one value whatever lr, or leaves where the true gradient moves
    them (probe._pinned): where, the clip it makes, whether right elsewhere; else None."""
    if seen.fits.get(k, Fit("zeros")).kind == "zeros" or all(   # never moved, or an lr of its
            _moved_to(form, k, pt) for pt in seen.points):         # own: named as such
        return None
    bounds = {abs(b) for pt in seen.points for j in seen.names   # values entries are set to
              for _, _, b in _moved_to(form, j, pt)}

    def clipped(pt, i, a, b):
        """Set to one value, or left where the true gradient moves it at a bound some entry is
        set to (a move below an ulp, a squared error's at saturation, say, is no clip)."""
        if a != b:
            return True
        moves = abs(PROBES[-1] * STEP_PROBE * target.ref(pt)[k][i]) > SET * max(1.0, abs(a))
        return moves and any(abs(abs(a) - s) <= 1e-9 * s for s in bounds)
    hits = [(pt, [e for e in _pinned_at(form, k, pt) if clipped(pt, *e)]) for pt in seen.points]
    hits = [(pt, got) for pt, got in hits if got]
    if not hits:
        return None
    sets = [(a, b) for _, got in hits for _, a, b in got]
    size = abs(sets[0][1])
    clip = (f" (each value it sets has size {size:g}, from one as large or larger: a clip of the "
            f"parameters to [-{size:g}, {size:g}]?)") if size > 0 and all(
                abs(abs(b) - size) <= 1e-9 * size and abs(a) >= abs(b) for a, b in sets) else ""
    pt, got = hits[0]
    turn = form.layout == "rows" and form.packing is None   # entries named as the learner has them
    moved = ", ".join(f"{k}{list(map(int, i[::-1] if turn else i))} " + (
        f"{a:.4g} -> {b:.4g}" if a != b else f"stays {b:.4g} where the true gradient moves it")
        for i, a, b in got[:4])
    elsewhere = [i for i, q in enumerate(seen.points) if all(q is not h for h, _ in hits)]
    right = elsewhere and all(close(seen.users[i][k], target.ref(seen.points[i])[k], seen.tols[i])
                              for i in elsewhere)
    return Cause("pinned", [k], (
        f"your step sets entries of {k} to one value whatever lr, so there its move is not lr "
        f"times a gradient: at {point_where(pt.name)}, {moved}{clip}"
        + (f"; at the {len(elsewhere)} other points it follows the true gradient" if right
           else "")))


def _rescaled_cause(seen, form, target):
    """Every parameter the true gradient times a positive factor that changes from point to point:
    the whole gradient rescaled (by its norm, say), or each parameter by its own; else None."""
    names, scales, norms = seen.names, [], []
    if any(len(seen.finite_pts.get(k, ())) < len(seen.points) for k in names):
        return None
    for u, pt, t in zip(seen.users, seen.points, seen.tols):
        ref = target.ref(pt)
        c = {k: float(np.vdot(u[k], ref[k]) / np.vdot(ref[k], ref[k])) if np.any(ref[k]) else 0.0
             for k in names}
        if any(v <= 0 or not close(u[k], v * ref[k], t) for k, v in c.items()):
            return None
        whole = all(abs(v - c[names[0]]) <= 1e-6 * v for v in c.values())   # one factor for all
        scales.append({None: c[names[0]]} if whole else c)
        norms.append({k: float(np.linalg.norm(u[k] if k else flat(u, names))) for k in scales[-1]})
    every = [v for c in scales for v in c.values()]
    each = any(None not in c for c in scales)     # the parameters rescaled one by one
    per = [[c.get(k, c.get(None)) for c in scales] for k in names]   # each one's, point by point
    if all(max(f) - min(f) <= 1e-6 * max(f) for f in per):
        return None             # one factor at every point: the exact fits name it
    off = [n[k] for c, n in zip(scales, norms) for k in c    # the lengths it set, where it did
           if abs(c[k] - 1) > 1e-6 and (k or not each)]
    where = "every point" if len(off) == len(every) else "every point where it is not the true one"
    whose, how = ("each parameter's gradient's norm", "divides each by its own norm") if each \
        else ("the gradient's norm", "a clip by the norm whose test is reversed, norm < max where "
              "norm > max belongs, or a normalisation")
    size = fmt(float(f"{np.median(off):.6g}")) if off else ""   # to what the probe measures
    norm = (f": at {where} your code sets {whose} to {size} ({how})"
            if off and max(off) - min(off) <= 1e-6 * max(off) else
            f" (a clip or a normalisation by {'each one' if each else 'its'} norm?)")
    for_each, between = (" for each parameter", " and from parameter to parameter") if each \
        else ("", "")
    return Cause("rescaled", list(names), (
        f"your {FOLLOWS[form.what]} the gradient of {target.words} in direction at every point"
        f"{for_each} (cosine +1), times a factor that changes from point to point{between} "
        f"({min(every):.4g} to {max(every):.4g}): "
        f"{'each parameter' if each else 'the whole gradient'} is rescaled{norm}"))


def _misplaced_cause(seen, target):
    """Each piece of the wrong parameters another piece's true value at every point; else None."""
    def pieces(g):   # {(param, its words): vector} one value per hidden unit (column layout)
        out = {("w1", f"dw1's weights from x{j + 1}"): g["w1"][:, j]
               for j in range(g["w1"].shape[1])} if "w1" in g else {}
        out.update({("b1", "db1"): g["b1"][:, 0]} if "b1" in g else {})
        return {**out, **({("w2", "dw2"): g["w2"][0, :]} if "w2" in g else {})}
    wrong = [k for k in seen.names if not seen.per[k]["ok"]]
    if not wrong or any(len(seen.finite_pts.get(k, ())) < len(seen.points) or
                        seen.params[k].shape != seen.params[k].expected_shape for k in wrong):
        return None
    got = [{q: v for q, v in pieces(u).items() if q[0] in wrong} for u in seen.users]
    true = [pieces(target.ref(pt)) for pt in seen.points]
    pairs = {q: next((t for t in true[0] if all(close(g[q], r[t], tol) for g, r, tol in
                                                zip(got, true, seen.tols))), None)
             for q in got[0]}
    if not pairs or None in pairs.values() or all(q == t for q, t in pairs.items()):
        return None
    return Cause("misplaced", wrong, "the numbers are right but in the wrong places, at every "
                 "point: " + "; ".join(f"your {q[1]} {'hold' if q[0] == 'w1' else 'holds'} the "
                                       f"true {t[1]}" for q, t in pairs.items() if q != t)
                 + " (a stacked gradient split in another order than its parameters were stacked?)")


def _other_cause(k, seen, form, target):
    """d{k} at every finite point: the true gradient plus lam times the parameter (an L2 term),
    another one's true gradient (broadcast: db2 in db1), or the sum of the true d{k}'s entries."""
    users, points, tols = _at(seen, k)

    def everywhere(ref_of):
        """d{k} is ref_of(point, its array) at every finite point (ValueError: not)."""
        try:
            return close_everywhere(users, [ref_of(pt, u) for pt, u in zip(points, users)], tols)
        except ValueError:
            return False
    if len(users) < 3:
        return None
    refs, ps = [target.ref(pt)[k] for pt in points], [pt.params[k] for pt in points]
    lam = fit_scalar([u - r for u, r in zip(users, refs)], ps, tols)
    if lam and everywhere(lambda pt, u: target.ref(pt)[k] + lam * pt.params[k]):
        own = _own_l2(k, points, tols, target)
        if own is not None:      # a COST with an L2 term of its own: the two lambdas
            ratio, m = (own + lam) / own, points[0].inter["a2"].shape[1]
            l2 = (f"its L2 term (weight decay) has lambda {fmt(own + lam)} where your cost's has "
                  f"{fmt(own)}: {fmt(ratio)} times it" + (
                      f" ({fmt(ratio)} = m, the number of samples: the cost's 1/m left out of "
                      f"the gradient's term?)" if same(ratio, m) else ""))
        else:
            l2 = ("" if lam > 0 else "it lacks ") + f"an L2 term (weight decay, lambda " \
                f"{fmt(abs(lam))}) that {target.words} {'does not have' if lam > 0 else 'has'}"
        return Cause("decay", [k], f"your {FOLLOWS[form.what]} the gradient of {target.words} "
                     f"{'plus' if lam > 0 else 'minus'} {fmt(abs(lam))} times the parameter "
                     f"itself, at every point: {l2}", lam)
    for j in (j for j in seen.names if j != k):
        if everywhere(lambda pt, u: np.broadcast_to(target.ref(pt)[j], u.shape)):
            n_j = np.size(seen.points[0].ref()[j])
            line = f"{k} - lr * d{j}" if form.kind == "step" else f"d{k} = ... d{j}'s line"
            spread = "" if users[0].shape == seen.points[0].ref()[j].shape else \
                f" (its {n_j} number in every entry of {k})"
            return Cause("borrowed", [k], f"your {form.what} for {k} is the true d{j} at every "
                         f"point{spread}: d{j} where d{k} belongs ({line}, copied from the line "
                         f"for {j}?)")
    if seen.points[0].ref()[k].size >= 2 and everywhere(   # a sum over every axis
            lambda pt, u: np.full(target.ref(pt)[k].shape, target.ref(pt)[k].sum())):
        return Cause("summed", [k], f"every entry of your d{k} is the sum of the true d{k}'s "
                     f"entries, at every point: a sum over every axis (np.sum with no axis sums "
                     f"over the units too) where the sum over the samples alone belongs")
    return None


def _own_l2(k, points, tols, target):
    """Where the learner's own cost is a named loss plus an L2 term, the term's lambda for k (its
    gradient minus the named loss's is lambda times k at every point); else None."""
    if target.family != "own":
        return None
    m, ps = points[0].inter["a2"].shape[1], [pt.params[k] for pt in points]
    costs = [target.ref(pt)[k] for pt in points]
    for fam, cf, _ in NAMED.values():
        if fam not in points[0].net.families:
            continue
        refs = [cf(m) * pt.ref(fam)[k] for pt in points]
        if close_everywhere(costs, refs, tols):
            return None      # no L2 term on k in the cost (b1, say)
        lam = fit_scalar([c - r for c, r in zip(costs, refs)], ps, tols)
        if lam and close_everywhere(costs, [r + lam * p for r, p in zip(refs, ps)], tols):
            return lam
    return None


def _beside(k, seen, form, target):
    """The learner's d{k} beside the true one at its worst point, in its own layout."""
    i = next((j for j, pt in enumerate(seen.points) if pt.name == seen.params[k].worst_point), 0)
    ref, got = target.ref(seen.points[i]), seen.users[i][k]
    if form.packing is None:    # as the learner's own array (rows: transposed)
        got, want = (_learner(form, {**ref, k: v})[k] for v in (got, ref[k]))
    else:                       # its part of the learner's arrays, turned as it sits there
        got, want = (v.T if form.packing.turned(k) else v for v in (got, ref[k]))
    got, want = (np.array2string(np.asarray(a), precision=4, separator=", ").replace("\n", "")
                 for a in (got, want))
    return f"at {seen.points[i].name} your d{k} is {got}, the true one {want}"


def _layer_cause(seen, form, m, lr):
    """Each layer alone follows one loss times a constant, the two differ: one cause; else None."""
    def words(family, of=""):    # 'your own cost' for a COST that is none of the named losses
        if family in FAMILY_WORDS:
            return f"the {FAMILY_WORDS[family]} {of}".rstrip()
        return f"your own cost's {of}".rstrip() if of else "your own cost"
    hk, ok_ = ([k for k in ks if k in seen.names] for _, ks in LAYERS)
    hf, of = (_common([seen.fits.get(k) for k in ks]) for ks in (hk, ok_))
    if hf is None or of is None or hf[0] == of[0] and same(hf[1], of[1]):
        return None
    (hfam, hc), (ofam, oc), ks = hf, of, hk + ok_
    if hfam != ofam:
        return Cause("layers", ks, f"the two layers follow different losses: the hidden layer "
                     f"{words(hfam)}, the output layer {words(ofam)}")
    ratio, why = hc / oc, m_between_layers(hc / oc, m)
    text = (f"the hidden layer gets {fmt(ratio)} times the output layer's {form.what} (each "
            f"layer alone is {words(hfam, 'gradient')} times a constant; together they follow "
            f"no one loss)")
    if seen.order2 and set(seen.order2) == set(hk) and same(ratio, lr):
        text += f": the learning rate is applied twice there ({fmt(ratio)} = your lr)"
    elif why or same(ratio, -1.0):
        text += f": {why}" if why else (
            ": the hidden layer's sign is flipped, its part of each update climbs the loss (an "
            "update written with + where - belongs, or a sign lost in da1 or dz1)")
    return Cause("layers", ks, text, ratio)


def _fit_cause(k, f: Fit, form, target, m):
    """The cause a fit names: zeros, another loss, a constant, y parts, transposed, a mutant."""
    if f.kind == "zeros":
        return Cause("zeros", [k], f"your step never changes {k} (its update is missing, or d{k} "
                     f"is zero)" if form.kind == "step" else f"d{k} is all zeros at every point "
                     f"(the true one is not): a gradient never filled in, or a product with a "
                     f"zero array")
    if f.kind == "exact":
        return _exact_cause(k, f, form, target, m)
    if f.kind == "y_parts":
        return _y_parts_cause(k, f, target.c, m)
    if f.kind == "transposed":
        return Cause("transposed", [k], f"d{k} is the transpose of the true gradient (same shape, "
                     f"since {k} is square). Fix: {FIX[form.layout][k]}")
    if f.kind != "mutant":
        return None
    fam, ov, w2in = f.variant
    if ov == "sigmoid_prime_on_linear":
        return Cause(ov, [k], OUT_VARIANTS[ov][1])
    words = [w for w in (OUT_VARIANTS[ov][1], "dw2 is taken with respect to the wrong input: it "
                         "uses z1 where the layer's input is a1" if w2in == "z1" else None) if w]
    return Cause("wrong_quantity", [k], f"the derivative with respect to the wrong quantity: "
                 f"{'; and '.join(words)} (in a {FAMILY_WORDS[fam]} backprop)")


def _exact_cause(k, f: Fit, form, target, m):
    """d{k} another loss's gradient, or the target's times a constant, in words."""
    nm, _, factor = _fit_loss(f.family, f.c, m)
    c, tw = f.c / target.c, target.words
    if f.family != target.family:
        return Cause("other_loss", [k], f"your {FOLLOWS[form.what]} "
                     f"{'minus ' if f.c < 0 else ''}the gradient of "
                     f"{f'the {NAMED[nm][2]}' if nm in NAMED else 'your cost'}"
                     f"{'' if same(factor, 1) else f' times {fmt(factor)}'}, not of {tw}")
    if same(c, -1.0):
        return Cause("sign_flip_all", [k], f"the sign is flipped (for every sample): this is "
                     f"minus the gradient of {tw}, so each update climbs it", -1.0)
    why = factor_cause(nm, target.name, m) if factor == 1.0 and target.name in NAMED else ""
    return Cause("summed_loss" if same(c, m) else "factor", [k], f"every entry is {fmt(c)} times "
                 f"the gradient of {tw}: "
                 + ("right direction, cosine +1; wrong length" if c > 0 else "cosine -1: it climbs")
                 + (f"; {why}" if why else _factor_words(c, m)), c)


def _y_parts_cause(k, f: Fit, c_t, m):
    """A gradient that weights the y = 1 and the y = 0 samples' parts differently, in words."""
    alpha, beta = f.alpha / c_t, f.beta / c_t
    if same(alpha, -beta):
        c, flipped = abs(alpha), ("0" if alpha > 0 else "1")
        extra = "" if same(c, 1.0) else \
            f", and the whole is {fmt(c)} times too large{_factor_words(c, m)}"
        fix = (f"; the error (a2 - y) has the wrong sign on the samples with y = {flipped}"
               if f.family != "bce" else ". In dL/da2 = -(1/m) (y/a2 - (1-y)/(1-a2)), the term "
               + ("(1 - y)/(1 - a2) has the wrong sign (plus where it should be minus)"
                  if flipped == "0" else "y/a2 has the wrong sign (minus where it should be plus)"))
        return Cause(f"sign_flip_y{flipped}", [k], f"the sign is flipped only for the samples "
                     f"with y = {flipped}, at every point{extra}: each update climbs the loss on "
                     f"those samples{fix}")
    for y, kept, lost in ((1, alpha, beta), (0, beta, alpha)):
        if same(lost, 0.0):
            return Cause(f"only_y{y}", [k], f"only the samples with y = {y} count ({fmt(kept)} "
                         f"times their gradient); the part of the loss for y = {1 - y} is missing")
    return None   # other weights: the stage reading's output stage gives them per label


def _order_cause(seen, form, target, shape_bad):
    """Each misshaped array the true gradient of the parameter whose shape it has; else None."""
    if form.packing is not None:
        return None
    place = {}
    for k in shape_bad:
        got = [u.get(k) for u in seen.users]
        j = next((j for j in form.names if j != k and all(
            np.shape(g) == form.shape(j) for g in got)), None)
        if j is None or not close_everywhere([np.asarray(g) for g in got], [
                _learner(form, target.ref(pt))[j] for pt in seen.points], seen.tols):
            return None
        place[k] = j
    return Cause("order", list(shape_bad), (
        f"your function returns its arrays in the order "
        f"({', '.join('d' + place.get(j, j) for j in form.names)}): each of "
        f"{', '.join('d' + place[k] for k in shape_bad)} is the true gradient, in another's "
        f"place; return ({', '.join('d' + k for k in form.names)}), or unpack them in your order "
        f"wherever you call it"))


def _broadcast_words(k, exp, got):
    try:
        b = np.broadcast_shapes(exp, got)
    except ValueError:
        return f"{k} - lr * d{k} cannot broadcast {exp} with {got}: the update raises ValueError"
    if b == exp:
        return (f"NumPy broadcasts it silently: {k} - lr * d{k} runs and keeps {k} {exp}, so "
                f"nothing stops a wrong update")
    return (f"NumPy broadcasts it silently: {k} = {k} - lr * d{k} turns {k} from {exp} into {b}, "
            f"another net from the first update on (in-place {k} -= lr * d{k} would raise)")


def _step_shape_words(k, form, got, exp, m):
    """Why a step returns k of shape got where exp belongs: the broadcast that made it, the fix."""
    if not (len(got) == len(exp) == 2 and got != exp and
            all(g == e or e == 1 for g, e in zip(got, exp))):
        return ""
    d = tuple(g if e == 1 else 1 for g, e in zip(got, exp))   # what d{k} broadcast from
    grown = [i for i, (g, e) in enumerate(zip(got, exp)) if g != e and g == m]
    keep = (f"its {m} {'rows' if grown[0] == 0 else 'columns'} are one per sample: d{k} is "
            f"summed over the other axis, or not over the samples; sum over the samples "
            f"(axis={0 if form.layout == 'rows' else 1}, keepdims=True) to keep d{k} {exp}"
            ) if grown and m != form.hidden else f"keep d{k} {exp} (np.sum(..., keepdims=True))"
    return (f": NumPy broadcasting: {k} - lr * d{k} with d{k} of shape {d}"
            f"{f' or {d[1:]}' if d[0] == 1 else ''} makes {got} of a {exp} {k}; {keep}")


def _shape_cause(k, form, users, points, target) -> Cause:
    """Why d{k} has the wrong shape: transposed, unsummed, another quantity, or a sum's axis."""
    exp = form.shape(k)
    got = next((u[k].shape for u in users if k in u and u[k].shape != points[0].ref()[k].shape),
               None)
    if got is None:
        return Cause("shape", [k], "the update changes its shape")
    if form.kind == "step":
        return Cause("shape", [k], f"your step returns {k} of shape {got}, expected {exp}"
                     f"{_step_shape_words(k, form, got, exp, points[0].inter['a2'].shape[1])}")
    what, bc = f"d{k} has shape {got}, expected {exp}", _broadcast_words(k, exp, got)
    fix = f"{bc}. Fix: {FIX[form.layout][k]}"
    want = [_learner(form, target.ref(pt))[k] for pt in points]
    tried = [("transposed", f"d{k} is transposed ({what}); the numbers are right. {fix}",
              [w.T for w in want] if want[0].shape == exp else []),
             ("shape", f"the numbers are right but {what} (keepdims=True keeps the summed axis). "
              f"{bc}", [w.reshape(got) for w in want] if want[0].shape == exp and
              users[0][k].size == want[0].size else [])]
    quantities = [_quantities(pt, form, target) for pt in points]
    for name in [n for n in ("dz2", "dz1", "a1", "a2", "z1", "z2") if n in quantities[0]]:
        vals = [q[name] for q in quantities]
        tried.append(("wrong_quantity", f"d{k} is {name}, one value per sample and unit ({what}): "
                      f"the derivative with respect to the wrong quantity. {fix}", vals))
        tried += [("shape", f"d{k} sums {name} over axis {axis}, {what}. {fix}",
                   [v.sum(axis=axis, keepdims=True) for v in vals])
                  for axis in (0, 1) if name in ("dz2", "dz1")]
    us, tol = [u[k] for u in users], [(1e-7, 1e-10 * pt.scale) for pt in points]
    return next((Cause(kind, [k], text) for kind, text, refs in tried
                 if refs and refs[0].shape == got and close_everywhere(us, refs, tol)),
                Cause("shape", [k], f"{what}. {bc}"))


def _quantities(pt, form, target):
    """a1, a2, z1, z2 (dz2, dz1) at point pt: one value per sample and unit, learner's layout."""
    q = {n: pt.inter[n] for n in ("a1", "a2", "z1", "z2")}
    if "dz2_" + target.family in pt.inter:
        q["dz2"] = target.c * pt.inter["dz2_" + target.family]
        q["dz1"] = (pt.params["w2"].T @ q["dz2"]) * q["a1"] * (1 - q["a1"])
    return {n: v.T if form.layout == "rows" else v for n, v in q.items()}


def _where(wrong, causes, form, names, tname):
    """Where in the backward pass the error must be, from which parameters are wrong."""
    w = set(wrong)
    same_cause = len(causes) == 1 and set(causes[0].params) == w
    if same_cause and causes[0].kind in ("misplaced", "order"):
        return None
    if w == set(names) and same_cause and causes[0].kind not in ("minus_gradient", "rescaled"):
        bce = form.layout == "columns" and tname == "bce_mean"
        return ("every parameter is wrong in the same way, so the error is where they all begin: "
                "dL/da2 or dL/dz2" + (" (dz2 should be (a2 - Y) / m for mean BCE)" if bce else ""))
    if w == {"w1", "b1"} or w == {"w1"} and "b1" not in names:
        da1 = {"columns": "da1 = w2.T @ dz2", "rows": "da1 = dz2 @ W2.T"}[form.layout]
        deriv = {"sigmoid": "a1 * (1 - a1)", "tanh": "(1 - a1 ** 2)", "relu": "(z1 > 0)"}
        return ("the output layer's gradients are right, so dz2 is right: the error is in the "
                f"hidden layer, in {da1} or dz1 = da1 * {deriv[form.act]}, or after it")
    if w == {"w2", "b2"} or len(w) == 1:
        lines = " and ".join(f"d{k} (right: {FIX[form.layout][k]})" for k in names if k in w) + \
            ", where dz2 and dz1 are the derivatives of the whole loss (its 1/m in them, for a " \
            "mean)"
        if form.kind == "step":
            return f"the other parameters' steps are right, so the error is in the line that " \
                f"computes {lines}, or in {' and '.join(k for k in names if k in w)}'s update"
        return f"the other gradients are right, so the error is in the line that computes {lines}"
    return None
