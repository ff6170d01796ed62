"""From per-parameter fits to the verdict: what the gradient is judged against (a demanded loss,
the learner's own cost, or the one loss the code follows), which loss, sign and factor each
parameter follows, and whether that is correct (the words for the causes are in words.py)."""

from __future__ import annotations

import numpy as np

from ..tolerances import tolerance as table_tolerance
from .bands import GOOD_REL
from .diagnose import Fit, close, fit_param, param_result, same
from .losses import MEAN_OF, NAMED, Target, name_for
from .result import Cause, CheckResult, ParamResult
from .words import _merge, _param_causes, _shape_cause, _where, fmt
def _fit_loss(fit: Fit, m):
    """(loss name, sign, factor) of an exact fit."""
    if fit.family == "own":
        return "own_cost", (1 if fit.c > 0 else -1), abs(fit.c)
    name, factor = name_for(fit.family, fit.c, m)
    return name, (1 if fit.c > 0 else -1), factor


def judge(label, form, s, points, users, second, tols, loss, own, update, X, Y) -> CheckResult:
    m, names, lr = X.shape[1], form.names, s["lr"]
    col = {k: points[0].ref()[k].shape for k in names}
    notes, causes = [], []
    if form.kind == "grad" and update == "add":   # the update follows minus what is returned
        users = [{k: -u[k] for k in u} for u in users]
    shape_bad = [k for k in names if any(k not in u or u[k].shape != col[k] for u in users)]
    order2 = []
    if form.kind == "step":
        for k in names:
            if k in shape_bad or second[0] is None:
                continue
            zero = all(close(u[k], np.zeros_like(u[k]), t) for u, t in zip(users, tols))
            if zero and not all(close(q[k] * lr, np.zeros_like(q[k]), t) for q, t in zip(second, tols)):
                order2.append(k)
                for u, q in zip(users, second):
                    u[k] = q[k] * lr
    fits, finite_pts = {}, {}
    for k in names:
        if k in shape_bad:
            continue
        idx = [i for i, u in enumerate(users) if np.all(np.isfinite(u[k]))]
        finite_pts[k] = idx
        if len(idx) >= 3:
            fits[k] = fit_param(k, [users[i][k] for i in idx], [points[i] for i in idx],
                                [tols[i] for i in idx])
        else:
            fits[k] = Fit("unrecognised")
    # ---- the target: a demanded loss, the learner's own cost, or the loss the code follows
    exact = {k: f for k, f in fits.items() if f.kind == "exact"}
    single = None
    if len(exact) == len(names):
        fams = {f.family for f in exact.values()}
        cs = [f.c for f in exact.values()]
        if len(fams) == 1 and all(same(c, cs[0]) for c in cs):
            single = (fams.pop(), cs[0])
    if loss is not None:
        target = Target(NAMED[loss][0], NAMED[loss][1](m), loss, "the loss you asked for (loss=)")
    elif own is not None and own["name"] is not None:
        target = Target(NAMED[own["name"]][0], NAMED[own["name"]][1](m), own["name"],
                  f"your own cost ({own['where']}), which is the {NAMED[own['name']][2]}")
    elif own is not None and own["name"] is None:
        target = Target("own", 1.0, "own_cost", f"your own cost ({own['where']}), differentiated by "
                  f"central differences (it is none of the losses check names)")
    elif single is not None and single[0] == "own":
        target = Target("own", 1.0, "own_cost", "your own cost")
    elif single is not None:
        nm, _ = name_for(single[0], single[1], m)
        target = Target(single[0], abs(single[1]), nm if _ == 1.0 else f"{fmt(_)} x {NAMED[nm][2]}",
                  f"the {NAMED[nm][2] if _ == 1.0 else f'{fmt(_)} x {NAMED[nm][2]}'} "
                  f"(the loss your code follows)")
    elif any(f.family in ("bce", "se") and f.c > 0 for f in exact.values()):
        # no one loss: the one most parameters follow exactly (the output layer's on a tie), so
        # a right layer is never called wrong for its partner's mistake
        votes = {}
        for k in sorted(exact, key=lambda k: k not in ("w2", "b2")):
            f = exact[k]
            if f.family in ("bce", "se") and f.c > 0:
                key = next((v for v in votes if v[0] == f.family and same(v[1], f.c)), (f.family, f.c))
                votes[key] = votes.get(key, 0) + 1
        fam, c = max(votes, key=votes.get)
        nm, fac = name_for(fam, c, m)
        target = Target(fam, c, nm if fac == 1.0 else f"{fmt(fac)} x {NAMED[nm][2]}",
                  f"the {NAMED[nm][2] if fac == 1.0 else f'{fmt(fac)} x {NAMED[nm][2]}'} "
                  f"(the loss the right parameters follow)")
    else:
        fams = {f.family for f in fits.values() if f.family in ("bce", "se")}
        fam = fams.pop() if len(fams) == 1 else "bce"
        target = Target(fam, NAMED[MEAN_OF[fam]][1](m), MEAN_OF[fam],
                  f"{NAMED[MEAN_OF[fam]][2]} (" + ("the family your code's gradients come from)"
                                                    if fam == "se" else "the project's loss)"))
    fam_t, c_t, ref_of = target.family, target.c, target.ref
    params = {}
    for k in names:
        if k in shape_bad:
            got = next(u[k].shape for u in users if k in u and u[k].shape != col[k]) \
                if any(k in u for u in users) else ()
            params[k] = ParamResult(k, form.shape(k), got, False, "WRONG", None, None, None,
                                    None, None, None, None)
            continue
        params[k] = param_result(k, [u[k] for u in users], points, tols, ref_of, col[k])
        if form.layout == "rows" and form.packing is None:
            params[k].expected_shape = form.shape(k)
            params[k].shape = form.shape(k)
    # ---- per-parameter loss, sign, factor and ok
    per = {}
    for k in names:
        f = fits.get(k)
        if f is not None and f.kind == "exact":
            nm, sign, factor = _fit_loss(f, m)
            ok = f.family == fam_t and same(f.c, c_t) and params[k].ok
            per[k] = {"loss": nm, "sign": sign, "factor": factor, "ok": bool(ok),
                      "kind": f.kind, "lr_applied_twice": k in order2}
        else:
            per[k] = {"loss": None, "sign": None, "factor": None, "ok": False,
                      "kind": f.kind if f else "shape", "lr_applied_twice": k in order2}
        if not per[k]["ok"]:
            params[k].ok = False
            if params[k].verdict == "ok":
                params[k].verdict = "WRONG"
    ok = all(per[k]["ok"] for k in names)
    # ---- the causes
    for k in shape_bad:
        causes.append(_shape_cause(k, form, users, points, fam_t, c_t))
    if single is None or single[1] < 0 or not ok:
        causes += _param_causes(names, fits, params, per, form, target, m, lr, order2,
                                finite_pts, users, points, tols, update)
    causes = _merge(causes)
    if single is not None and single[1] < 0 and form.kind == "grad" and update is None \
            and single[0] != "own":
        nm, factor = name_for(single[0], single[1], m)
        causes = [Cause("minus_gradient", list(names), f"{', '.join(names)}: your function "
                        f"returns minus the gradient of the {NAMED[nm][2]}"
                        f"{'' if factor == 1 else f' (times {fmt(factor)})'}: right if your "
                        f"update adds it (W += lr * dW), uphill if it subtracts it; update='add' "
                        f"or update='subtract' says which", -1.0)]
    wrong = [k for k in names if not per[k]["ok"]]
    where = _where(wrong, [c for c in causes if c.kind not in ("nonfinite", "layers")], form, names,
                   target.name)
    if wrong and where:
        causes.append(Cause("location", wrong, where))
    if form.low_dtypes:
        rtol32 = table_tolerance("gradients", "float32")[0]
        notes.append(f"your function returns {', '.join(sorted(form.low_dtypes))} arrays: judged "
                     f"with float32's tolerance (rel err up to {rtol32:g}; float64 code is held to "
                     f"{GOOD_REL:.0e}), so a mistake smaller than that cannot be seen")
    # ---- the loss the whole code follows
    loss_name = sign = factor = None
    if single is not None and single[0] == "own":
        loss_name, sign, factor = "own_cost", (1 if single[1] > 0 else -1), abs(single[1])
    elif single is not None:
        nm, sign, factor = name_for(single[0], single[1], m)[0], (1 if single[1] > 0 else -1), \
            name_for(single[0], single[1], m)[1]
        loss_name = nm
        if own is not None and own["name"] == nm and factor == 1.0:
            loss_name = "own_cost"
    if single is not None and ok and factor != 1.0 and single[0] != "own":
        notes.append(f"your gradient is {fmt(factor)} times that of the {NAMED[name_for(single[0], single[1], m)[0]][2]}: "
                     f"the same as that loss with lr {fmt(factor * lr)} instead of {lr:g}")
    start = _start_summary(users, points, names, shape_bad, ref_of)
    r = CheckResult(label, ok, params, [pt.name for pt in points], causes, None,
                    [c.text for c in causes], notes, start)
    r.form, r.loss, r.sign, r.factor, r.per_param = form, loss_name, sign, factor, per
    r.target = target
    r.order2 = order2
    r.settings = dict(s)
    r.fits = fits
    r.update = update
    r.shape_bad = shape_bad
    return r


def _start_summary(users, points, names, shape_bad, ref_of):
    same_k = [k for k in names if k not in shape_bad]
    if not same_k or not all(np.all(np.isfinite(users[0][k])) for k in same_k):
        return None
    g = np.concatenate([users[0][k].ravel() for k in same_k])
    r = np.concatenate([ref_of(points[0])[k].ravel() for k in same_k])
    nr, ng = float(np.linalg.norm(r)), float(np.linalg.norm(g))
    if nr == 0:
        return None
    return {"point": points[0].name, "params": same_k, "length_ratio": ng / nr,
            "cosine": float(np.vdot(g, r)) / (nr * ng) if ng > 0 else 0.0}
