"""Causes in words: what each recognised form of a wrong gradient means in the learner's code,
where in the backward pass the error must be, and what broadcasting does with a wrong shape."""

from __future__ import annotations


import numpy as np

from .diagnose import Fit, close, same
from .layout import to_learner
from .losses import FAMILY_WORDS, HID_VARIANTS, NAMED, OUT_VARIANTS, factor_cause, name_for
from .result import Cause

LAYERS = (("the hidden layer", ("w1", "b1")), ("the output layer", ("w2", "b2")))
FIX = {"columns": {"w1": "dw1 = dz1 @ X.T", "b1": "db1 = np.sum(dz1, axis=1, keepdims=True)",
                   "w2": "dw2 = dz2 @ a1.T", "b2": "db2 = np.sum(dz2, axis=1, keepdims=True)"},
       "rows": {"w1": "dW1 = X.T @ dz1", "b1": "db1 = np.sum(dz1, axis=0, keepdims=True)",
                "w2": "dW2 = a1.T @ dz2", "b2": "db2 = np.sum(dz2, axis=0, keepdims=True)"}}


def fmt(x):
    """A factor with enough digits that it never reads as 1 when it is not 1."""
    for d in (4, 6, 8, 10, 12):
        t = f"{x:.{d}g}"
        if float(t) == x or (abs(float(t) - x) <= 1e-4 * abs(x) and (float(t) != 1.0 or x == 1.0)):
            return t
    return repr(x)


def _factor_words(c, m):
    if same(c, m):
        return f"; {fmt(c)} = m, the number of samples: the gradient of the summed loss, not the mean"
    if same(c, 1 / m):
        return f"; {fmt(c)} = 1/m: divided by m twice (the loss is a mean already)"
    if same(c, 2) or same(c, 0.5):
        return "; a stray factor 2 or 1/2"
    return ""


def _param_causes(names, fits, params, per, form, target, m, lr, order2, finite_pts, users,
                  points, tols, update):
    fam_t, c_t, tw = target.family, target.c, target.words
    causes = []
    exact = {k: f for k, f in fits.items() if f.kind == "exact"}
    layer_fit = {}
    for lname, ks in LAYERS:
        ks = [k for k in ks if k in names]
        fs = [exact.get(k) for k in ks]
        if ks and all(fs) and all(f.family == fs[0].family and same(f.c, fs[0].c) for f in fs):
            layer_fit[lname] = (ks, fs[0])
    if len(layer_fit) == 2 and len(exact) == len(names):
        (hk, hf), (ok_, of) = layer_fit["the hidden layer"], layer_fit["the output layer"]
        if hf.family == of.family and not same(hf.c, of.c):
            ratio = hf.c / of.c
            text = (f"{', '.join(hk + ok_)}: the hidden layer gets {fmt(ratio)} times the output "
                    f"layer's {'step' if form.kind == 'step' else 'gradient'} (each layer alone is "
                    f"the {FAMILY_WORDS[hf.family]} gradient times a constant; together they follow "
                    f"no one loss)")
            twice = [k for k in order2]
            if twice and set(twice) == set(hk) and same(ratio, lr):
                text += f": the learning rate is applied twice there ({fmt(ratio)} = your lr)"
            elif twice and set(twice) == set(ok_) and same(1 / ratio, lr):
                text += (f": the learning rate is applied twice in the output layer (the output "
                         f"layer gets your lr {lr:g} times more)")
            elif same(ratio, m) or same(ratio, 1 / m):
                text += ": one layer divides by m and the other does not"
            causes.append(Cause("layers", hk + ok_, text, ratio))
            return causes
        if hf.family != of.family:
            causes.append(Cause("layers", hk + ok_, f"{', '.join(hk + ok_)}: the two layers follow "
                                f"different losses: the hidden layer the {FAMILY_WORDS[hf.family]}, "
                                f"the output layer the {FAMILY_WORDS[of.family]}"))
            return causes
    for k in names:
        f = fits.get(k)
        if f is None or per[k]["ok"]:
            continue
        r = params[k]
        if r.nonfinite_points:
            everywhere = len(r.nonfinite_points) == len(points)
            sat = all("saturation" in n for n in r.nonfinite_points)
            text = (f"{k}: d{k} is nan or inf at every point" if everywhere else
                    f"{k}: d{k} is nan or inf at {'; '.join(r.nonfinite_points)} (the true one is "
                    f"finite there)")
            if sat and not everywhere:
                text += (": near saturation a division by a2, 1 - a2 or a2 (1 - a2) overflows; "
                         "dz2 = (a2 - Y) / m never divides")
            causes.append(Cause("nonfinite", [k], text))
            idx = finite_pts.get(k, [])
            rest_ok = len(idx) > 0 and all(
                close(users[i][k], c_t * points[i].ref(fam_t)[k], tols[i]) for i in idx)
            if rest_ok:
                causes.append(Cause("nonfinite_only", [k], f"{k}: right at every other point"))
                continue
            if len(idx) < 3:
                continue
        c = _fit_cause(k, f, form, target, m, tw)
        if c is None and r.verdict == "suspicious":
            c = Cause("suspicious", [k], f"{k}: close but not equal (rel err {r.rel_error:.1e} "
                      f"at {r.worst_point}): float32 arithmetic, or a division by a2 (1 - a2) "
                      f"near saturation, can do this; a correct float64 gradient agrees to 1e-07")
        if c is None:
            c = Cause("unrecognised", [k], f"{k}: wrong, in no pattern the checker knows "
                      f"(rel err {r.rel_error:.2g}, cosine {r.cosine:+.2f} at worst)"
                      if r.cosine is not None else f"{k}: wrong, in no pattern the checker knows")
        causes.append(c)
    return causes


def _fit_cause(k, f: Fit, form, target, m, tw):
    fam_t, c_t = target.family, target.c
    what = "step follows" if form.kind == "step" else "gradient is"
    if f.kind == "zeros":
        return Cause("zeros", [k], f"{k}: d{k} is all zeros at every point (the true one is not): "
                     f"a gradient that was never filled in, or a product with a zero array")
    if f.kind == "exact":
        if f.family != fam_t:
            nm, factor = name_for(f.family, f.c, m)
            return Cause("other_loss", [k], f"{k}: your {what} {'minus ' if f.c < 0 else ''}the "
                         f"gradient of the {NAMED[nm][2]}{'' if factor == 1 else f' times {fmt(factor)}'}"
                         f", not of {tw}")
        c = f.c / c_t
        if same(c, -1.0):
            return Cause("sign_flip_all", [k], f"{k}: the sign is flipped (for every sample): this "
                         f"is minus the gradient of {tw}, so each update climbs it", -1.0)
        if c < 0 and same(-c, m):
            return Cause("sign_flip_all", [k], f"{k}: the sign is flipped and the factor is "
                         f"{fmt(-c)} = m: minus the gradient of the summed loss, not the mean", c)
        kind = "summed_loss" if same(c, m) else "factor"
        nm, exact = name_for(f.family, f.c, m)
        why = factor_cause(nm, target.name, m) if exact == 1.0 and target.name in NAMED else ""
        return Cause(kind, [k], f"{k}: every entry is {fmt(c)} times the gradient of {tw}: "
                     f"{'right direction, cosine +1; wrong length' if c > 0 else 'cosine -1: it climbs'}"
                     + (f"; {why}" if why else _factor_words(c, m)), c)
    if f.kind == "y_parts":
        alpha, beta = f.alpha / c_t, f.beta / c_t
        if same(alpha, -beta):
            c, flipped = abs(alpha), ("0" if alpha > 0 else "1")
            extra = "" if same(c, 1.0) else f", and the whole is {fmt(c)} times too large{_factor_words(c, m)}"
            if f.family == "bce":
                term = "(1 - y)/(1 - a2)" if flipped == "0" else "y/a2"
                sign = "plus" if flipped == "0" else "minus"
                fix = (f". In dL/da2 = -(1/m) (y/a2 - (1-y)/(1-a2)), the term {term} has the "
                       f"wrong sign ({sign} where it should be {'minus' if sign == 'plus' else 'plus'})")
            else:
                fix = f"; the error (a2 - y) has the wrong sign on the samples with y = {flipped}"
            return Cause(f"sign_flip_y{flipped}", [k],
                         f"{k}: the sign is flipped only for the samples with y = {flipped}: this is "
                         f"exactly grad(loss on the y = 1 samples) {'-' if flipped == '0' else '+'} "
                         f"grad(loss on the y = 0 samples) {'' if flipped == '0' else 'with both negated '}"
                         f"at every point{extra}; each update climbs the loss on the y = {flipped} "
                         f"samples{fix}")
        if same(beta, 0.0):
            return Cause("only_y1", [k], f"{k}: only the samples with y = 1 count ({fmt(alpha)} "
                         f"times their gradient); the part of the loss for y = 0 is missing")
        if same(alpha, 0.0):
            return Cause("only_y0", [k], f"{k}: only the samples with y = 0 count ({fmt(beta)} "
                         f"times their gradient); the part of the loss for y = 1 is missing")
        return Cause("y_weights", [k], f"{k}: the samples with y = 1 are weighted {fmt(alpha)} "
                     f"and those with y = 0 {fmt(beta)} (both should be 1)")
    if f.kind == "transposed":
        return Cause("transposed", [k], f"{k}: d{k} is the transpose of the true gradient (same "
                     f"shape, since {k} is square). Fix: {FIX[form.layout][k]}")
    if f.kind == "mutant":
        fam, ov, hv, w2in = f.variant
        words = [w for w in (OUT_VARIANTS[ov][1] if ov != "ok" else None,
                             HID_VARIANTS[hv][1] if hv != "ok" and k in ("w1", "b1") else None,
                             "dw2 is taken with respect to the wrong input: it uses z1 where the "
                             "layer's input is a1" if w2in == "z1" and k == "w2" else None) if w]
        return Cause("wrong_quantity", [k], f"{k}: the derivative with respect to the wrong "
                     f"quantity: {'; and '.join(words)} (in a {FAMILY_WORDS[fam]} backprop)")
    return None


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


def _shape_cause(k, form, users, points, fam_t, c_t) -> Cause:
    exp = form.shape(k)
    got = next((u[k].shape for u in users if k in u and u[k].shape != points[0].ref()[k].shape), None)
    if got is None:
        return Cause("shape", [k], f"{k}: the update changes its shape")
    what = f"d{k} has shape {got}, expected {exp}"
    bc = _broadcast_words(k, exp, got) if form.kind == "grad" else "your step changes its shape"
    if form.kind == "step":
        return Cause("shape", [k], f"{k}: your step returns {k} of shape {got}, expected {exp}")
    refs = []
    for pt in points:
        g = {n: c_t * v for n, v in pt.ref(fam_t).items()}
        refs.append(dict(zip(form.names, to_learner(form, g))))
    us = [u[k] for u in users]
    if got == exp[::-1] and all(close(u.T, r[k], (1e-7, 1e-10 * pt.scale)) for u, r, pt in zip(us, refs, points)):
        return Cause("transposed", [k], f"{k}: d{k} is transposed ({what}); the numbers are right. "
                     f"{bc}. Fix: {FIX[form.layout][k]}")
    if users[0][k].size == int(np.prod(exp)) and all(
            close(u.reshape(exp), r[k], (1e-7, 1e-10 * pt.scale)) for u, r, pt in zip(us, refs, points)):
        return Cause("shape", [k], f"{k}: the numbers are right but {what} "
                     f"(keepdims=True keeps the summed axis). {bc}")
    rows = form.layout == "rows"
    for name in ("dz2", "dz1", "a1", "a2", "z1", "z2"):
        if name in ("dz2", "dz1") and "dz2_" + fam_t not in points[0].inter:
            continue
        vals = []
        for pt in points:
            if name in ("dz2", "dz1"):
                a1 = pt.inter["a1"]
                dz2 = c_t * pt.inter["dz2_" + fam_t]
                v = dz2 if name == "dz2" else (pt.params["w2"].T @ dz2) * a1 * (1 - a1)
            else:
                v = pt.inter[name]
            vals.append(v.T if rows else v)
        if vals[0].shape == got and all(close(u, v, (1e-7, 1e-10 * pt.scale))
                                        for u, v, pt in zip(us, vals, points)):
            return Cause("wrong_quantity", [k], f"{k}: d{k} is {name}, one value per sample and "
                         f"unit ({what}): the derivative with respect to the wrong quantity. "
                         f"{bc}. Fix: {FIX[form.layout][k]}")
        for axis in (0, 1):
            s = [v.sum(axis=axis, keepdims=True) for v in vals]
            if name in ("dz2", "dz1") and s[0].shape == got and all(
                    close(u, v, (1e-7, 1e-10 * pt.scale)) for u, v, pt in zip(us, s, points)):
                return Cause("shape", [k], f"{k}: d{k} sums {name} over axis {axis}, {what}. "
                             f"{bc}. Fix: {FIX[form.layout][k]}")
    return Cause("shape", [k], f"{k}: {what}. {bc}")


def _merge(causes):
    """One sentence for parameters that share a cause."""
    merged = {}
    for c in causes:
        key = (c.kind, c.text.split(": ", 1)[1] if ": " in c.text else c.text)
        if key in merged:
            merged[key].params.extend(c.params)
        else:
            merged[key] = Cause(c.kind, list(c.params), c.text, c.factor)
    return [Cause(kind, c.params, f"{', '.join(c.params)}: {body}", c.factor)
            for (kind, body), c in merged.items()]


def _where(wrong, causes, form, names, tname="bce_mean"):
    """Where in the backward pass the error must be, from which parameters are wrong."""
    w = set(wrong)
    fix = FIX[form.layout]
    same_cause = len(causes) == 1 and set(causes[0].params) == w
    if w == set(names) and same_cause and causes[0].kind not in ("minus_gradient",):
        return ("every parameter is wrong in the same way, so the error is where they all "
                "begin: dL/da2 or dL/dz2" + (" (dz2 should be (a2 - Y) / m for mean BCE)"
                                             if form.layout == "columns" and tname == "bce_mean"
                                             else ""))
    if w == {"w1", "b1"} or w == {"w1"} and "b1" not in names:
        return ("the output layer's gradients are right, so dz2 is right: the error is in the "
                "hidden layer, in da1 = w2.T @ dz2 or dz1 = da1 * a1 * (1 - a1), or after it")
    if w == {"w2", "b2"} or len(w) == 1:
        return "the other gradients are right, so the error is in the line that computes " + \
            " and ".join(f"d{k} ({fix[k]})" for k in names if k in w)
    return None
