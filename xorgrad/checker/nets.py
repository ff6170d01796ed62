"""The learner's function judged (verdict.judge) against each net it may be (FORWARD's, where its
file has one); a random one one seed at a time or by its expectation; its state between calls."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np

from ..errors import CheckInputError
from ..tolerances import EPS
from . import hear, stages
from .layout import data_to_learner, to_learner
from .losses import (ACTS, FAMILY_WORDS, NAMED, OUTPUTS, SIGMOID, Arch, backprop, check_points,
                     forward, flat, make_point, name_for)
from .own_cost import _own_cost
from .parent_side import Child, LearnerFault
from .probe import (point_where, probe_added, probe_grad, probe_once, probe_scheduled,
                    probe_step, tolerance)
from .result import Cause
from .verdict import _scaled, close, fit_scalar, judge

DRAWS = 8        # seeds a random step is called with at each point
SEED_CALLS = 8   # calls in each fresh import when asking whether a random file seeds itself


def _score(r):
    return (r.ok, sum(v["kind"] == "exact" for v in r.per_param.values()),
            sum(v["kind"] in ("mutant", "y_parts", "transposed") for v in r.per_param.values()) +
            sum(len(c.params) for c in r.causes if c.kind in ("rescaled", "order")))


def _judge_form(child, form, job, start):
    """The verdict on the learner's function in one form, its calls read (random, state)."""
    X, Y = job.X, job.Y
    named_pts = check_points(job.s["seed"], job.s["scale"], form.hidden, start, form.names)
    points = [make_point(name, p, X, Y) for name, p in named_pts]
    form.random = None
    r = _judge_once(child, form, job, named_pts, points)
    if r.ok:       # a right deterministic answer: no calls spent on asking whether it is random
        return r
    second = (points[1].params, X, Y)
    try:
        calls = stages.read_calls(_view(child, form, r), points[0].params, X, Y,
                                  stages.H if form.kind == "step" else None)
        if calls.ok and not calls.measured.get("random"):   # may hang on earlier calls
            calls = _history(child, form, job, second, points[1].name) or calls
        elif calls.measured.get("random") == "unseedable":  # or state no seed can set
            calls = _unseedable_state(form, job, second, points[1].name) or calls
    except LearnerFault:
        raise
    except (CheckInputError, ValueError):   # what it returns does not fit: judged as it is
        calls = stages.Stage("calls", True, "not read", {"random": None})
    got = calls.measured
    fresh = _fresh_net(form, job, (second, named_pts[1]), calls) if form.assumed and \
        got.get("state") == "history" else None       # stale answers: a fresh run's net
    calls = fresh or calls
    if form.kind == "step" and got.get("state") == "history":
        _sign_step(form, job, got.get("fresh"), named_pts[1])
    form.random, form.generator, beta = got.get("random"), got.get("generator"), got.get("state")
    form.momentum = beta if isinstance(beta, float) else 1.0 if beta == "sum" else None
    if beta == "scale":   # judged on each call's direction, at a fresh run's first call's size
        form.schedule = _fresh_calls(form, job, (points[0].params, X, Y))[-1]
        form.schedule_at = points[0].params
    if form.random or form.momentum is not None or form.schedule is not None:
        form.low_dtypes = set()
        r = _judge_once(child, form, job, named_pts, points)
    elif fresh is not None:   # judged anew against the net a fresh run's first call is of
        net = {"activation": form.net.act, "output": form.net.out}
        r = _judge_once(child, form, dataclasses.replace(job, s={**job.s, **net}), named_pts,
                        points)
    r.calls = calls
    return r


def _sign_step(form, job, fresh, named):
    """Raise OutOfScope where a stateful step's fresh first call (fresh: its move / lr at `named`)
    moves every entry by one amount, with a known net's gradient's signs (Adam, RMSprop)."""
    ks = [k for k in form.names if fresh and np.shape(fresh.get(k)) == np.shape(named[1][k])]
    move = flat(fresh, ks) if ks else np.zeros(1)
    size = np.abs(move)
    if not size.max() or size.min() < (1 - 1e-3) * size.max():
        return
    for net in _nets(job, [named]):
        pt = make_point(*named, job.X, job.Y, net)
        for fam in (f for f in net.families if np.all(
                np.sign(flat(pt.ref(f), ks)) == np.sign(move))):
            raise stages.OutOfScope(
                f"your step keeps state between calls, and a fresh run's first call moves every "
                f"entry of {', '.join(ks)} by the same amount ({size.max():.4g} lr), each with the "
                f"sign of the {FAMILY_WORDS[fam]} gradient of the {net.words(form.hidden)} net "
                f"at {named[0]}: an optimiser that divides each entry by its running size (Adam, "
                f"RMSprop, Adagrad, say) shows only the signs of the gradient it is fed, so check "
                f"cannot judge that gradient from it{hear.fed_words(job.label, form)}")


def _judge_once(child, form, job, named_pts, points):
    """The best fit among the nets it may be: FORWARD's, else the settings', else every one."""
    tols = [tolerance(form, pt.params, pt.scale) for pt in points]
    users, second, draws = _probe_all(child, form, job, points, tols)
    if form.low_dtypes:   # float32 answers: judged, and their loss named, at float32's precision
        tols = [tolerance(form, pt.params, pt.scale, low_precision=True) for pt in points]
    nets, fwd_error = _nets(job, named_pts), None
    if job.info.get("has_forward"):   # the learner's FORWARD says which net it is
        try:
            nets = _forward_nets(child, form, named_pts, job.X, job.Y, nets)
        except LearnerFault:
            raise
        except CheckInputError as e:   # kept: another form of its arrays may fit
            fwd_error = e
    own = _own_cost(child, form, points, job, nets)
    if own is not None and own["fd_error"] is not None:   # a reference by central differences
        tols = [(rtol, max(atol, 3 * e)) for (rtol, atol), e in zip(tols, own["fd_error"])]
    result = _best_net(form, job, nets, named_pts, (points, users, second, tols, own), draws)
    result.forward_error = fwd_error
    _net_notes(form, job, result, own, draws is not None)
    return result


def _probe_all(child, form, job, points, tols):
    """(its answer and a step's second-order terms at each point, DRAWS seeds' draws or None)."""
    def probe(pt, seed=None):
        at, where = (pt.params, job.X, job.Y), point_where(pt.name)
        if form.momentum is not None:   # the gradient it adds each call
            return probe_added(child, form, at, where), None
        if form.schedule is not None:   # one call each: every call rescales the next
            return probe_scheduled(child, form, at, where), None
        if form.kind == "step":
            return probe_step(child, form, at, where, seed)
        return probe_grad(child, form, at, where, seed), None
    users, second = map(list, zip(*[probe(pt) for pt in points]))
    draws = None
    if form.random:   # the same point under other seeds: does the gradient followed change?
        draws = [[users[i]] + [probe(pt, seed)[0] for seed in range(1, DRAWS)]
                 for i, pt in enumerate(points)]
        if all(k in ds[0] and d[k].shape == ds[0][k].shape and close(d[k], ds[0][k], t)
               for ds, t in zip(draws, tols) for d in ds[1:] for k in d):
            draws = None      # a shuffled pass: its order changes only the higher terms in lr
    return users, second, draws


def _nets(job, named_pts):
    """The nets the settings allow (every one check knows where they say nothing)."""
    s, loss, X = job.s, job.loss, job.X
    acts = [s["activation"]] if s.get("activation") else list(ACTS)
    outs = [s["output"]] if s.get("output") else \
        ["sigmoid"] if loss is not None and NAMED[loss][0] == "bce" else list(OUTPUTS)
    # ReLU has no derivative at z1 = 0: where a point has a z1 exactly 0, both 0 and 1 are tried
    kink = any(np.any(p["w1"] @ X + p["b1"] == 0) for _, p in named_pts)
    return [Arch(a, o, at0) for o in outs for a in acts
            for at0 in ((0.0, 1.0) if a == "relu" and kink else (0.0,))]


def _best_net(form, job, nets, named_pts, probed, draws):
    """The verdict against the net that fits best (set as form.net)."""
    points, users, second, tols, own = probed
    X, Y = job.X, job.Y
    best = None
    for net in nets:   # the net judged against: the one whose gradient fits exactly
        if own is not None and own["names"] and net not in own["names"]:
            continue       # the learner's own cost already says which net it is
        pts = points if net == SIGMOID else [make_point(n, p, X, Y, net) for n, p in named_pts]
        if own is not None:
            own["name"] = own["names"].get(net)
            for pt, ref in zip(pts, own["refs"] or ()):
                pt.cands[("own", "ok", "a1")] = ref
        form.net = net
        got = _expectation(draws, pts, X, net, tols) if draws is not None else None  # mini-batches
        us, noise, batch = got or ([dict(u) for u in users], None, None)
        r = judge(job, form, (pts, us, second, tols, own))
        r.noise, r.batch = noise, batch
        score = _score(r)
        if best is None or score > best[0]:
            best = (score, net, r)
        if r.ok or score[1] == len(r.per_param):   # right, or every parameter exact: no two
            break      # nets' gradients agree at every point (nor up to a factor)
    (ok, exact, named), form.net, result = best
    known = job.info.get("has_forward") or own is not None and len(own["names"]) == 1
    form.assumed = not (ok or exact or named or known) and len(nets) > 1 and any(
        len(pr.nonfinite_points) < len(result.points)   # nan everywhere: no net fits it
        for pr in result.params.values())   # known: FORWARD's net, or the one COST's loss is of
    if form.assumed:
        left = _near_miss(form, job, (nets, named_pts, users, tols))
        if left is not None:   # judged against that net, the cause its forward pass
            (form.net, cause), form.assumed = left, False
            pts = [make_point(n, p, X, Y, form.net) for n, p in named_pts]
            result = judge(job, form, (pts, [dict(u) for u in users], second, tols, own))
            result.causes = [cause] + [c for c in result.causes
                                       if c.kind not in ("unrecognised", "location")]
            result.hints = [c.text for c in result.causes]
    return result


def _fit_times(users, refs, names, tols, m, fam):
    """(loss name, "F times " or "") where the answers are c times `refs` at every point."""
    ks = [k for k in names if all(np.shape(u.get(k)) == r[k].shape for u, r in zip(users, refs))]
    c = _scaled([u[k] for u in users for k in ks], [r[k] for r in refs for k in ks],
                [t for t in tols for _ in ks]) if ks else None
    if not c:
        return None
    name, factor = name_for(fam, c, m)
    return name, "" if factor == 1 else f"{factor:.4g} times "


def _near_miss(form, job, found):
    """(net, Cause) where a gradient fitting no net is, at every point, c times a net's with a bias
    set to 0, or a named loss's rounded to d decimals; OutOfScope where it is c times a linear
    output's squared error's on the targets 2Y - 1. Else None."""
    nets, named_pts, users, tols = found
    X, Y, m, names = job.X, job.Y, job.X.shape[1], ", ".join(form.names)
    for net in (n for n in nets if n.out == "linear"):
        refs = [make_point(n, p, X, 2 * Y - 1, net).ref("se") for n, p in named_pts]
        fit = _fit_times(users, refs, form.names, tols, m, "se")
        if fit is not None:
            raise stages.OutOfScope(
                f"your gradient is {fit[1]}the gradient of the {NAMED[fit[0]][2]} of a "
                f"{net.words(form.hidden)} net on the targets 2Y - 1 (-1 and +1) at every point "
                f"check tried; check judges targets 0 and 1 only, so it cannot judge this net")
    for net, b in ((n, b) for n in nets for b in ("b2", "b1") if b in form.names):
        pts = [make_point(f"{n} ({b} = 0)", {**p, b: np.zeros_like(p[b])}, X, Y, net)
               for n, p in named_pts]
        for fam in net.families:
            fit = _fit_times(users, [pt.ref(fam) for pt in pts], form.names, tols, m, fam)
            z = "z2 = w2 a1" if b == "b2" else "z1 = w1 x"
            if fit is not None:
                return net, Cause("bias_left_out", list(form.names), (
                    f"{names}: at every point your {form.what} is {fit[1]}the gradient of the "
                    f"{NAMED[fit[0]][2]} of the {net.words(form.hidden)} net at that point with "
                    f"{b} set to 0: your forward pass leaves {b} out ({z} where {z} + {b} "
                    f"belongs), or uses a {b} that is always 0"))
    for net in nets:
        pts = [make_point(n, p, X, Y, net) for n, p in named_pts]
        for name, (fam, cf, words) in ((n, v) for n, v in NAMED.items() if v[0] in net.families):
            refs = [{k: cf(m) * r for k, r in pt.ref(fam).items()} for pt in pts]
            for d in range(7):
                if all(k in u and np.shape(u[k]) == r[k].shape and np.all(
                        np.abs(u[k] - np.round(r[k], d)) <= 1e-6 * 10.0 ** -d + t[1])
                       for u, r, t in zip(users, refs, tols) for k in form.names):
                    return net, Cause("rounded", list(form.names), (
                        f"{names}: at every point your {form.what} is the gradient of the {words} "
                        f"of the {net.words(form.hidden)} net rounded to {d} decimals (np.round("
                        f"..., {d})): every entry a multiple of {10.0 ** -d:g}, and one smaller "
                        f"than {0.5 * 10.0 ** -d:g} is 0"))
    return None


def _net_notes(form, job, result, own, one_sample):
    """FORWARD's net, a linear output, ReLU's kink, randomness, a part in place, own cost."""
    if job.info.get("has_forward") and result.forward_error is None:
        result.notes.append(f"the net your FORWARD computes: {form.net.words(form.hidden)}")
    if form.net.out == "linear" and result.ok and not job.info.get("output_stated"):
        result.notes.append("check found your net's output linear (a2 = z2) from your gradient "
                            "alone: if your net's output is a sigmoid, your dz2 is built on z2 "
                            "where a2 belongs, and OUTPUT = 'sigmoid' in your file makes check "
                            "judge that net")
    if form.net.at0:
        result.notes.append("your ReLU derivative is 1 where z1 is exactly 0 ((z >= 0), say), as "
                            "at some points here: ReLU has none there, 1 is as right as 0, and "
                            "check takes yours")
    if form.random:
        result.notes.append(_random_words(form, one_sample, result, job.X.shape[1]))
    if form.part:
        kept, done = form.part
        result.notes.append(f"your step returns {', '.join(kept)} and changes {', '.join(done)} "
                            f"in place: check reads both as its new parameters")
    if own is not None:
        own["name"] = own["names"].get(form.net)
        if own.get("approx") and own["name"]:
            result.notes.append(f"your cost is the {NAMED[own['name']][2]} to {own['approx']:.0e} "
                                f"(an epsilon inside the log, say): judged by its exact gradient")


def _forward_nets(child, form, named_pts, X, Y, nets):
    """The nets whose output equals FORWARD's at every point; none is a one-line error."""
    outs = child.ask(("forward", [to_learner(form, p) + data_to_learner(form, X, Y)[:1]
                                  for _, p in named_pts]), "FORWARD at the check points")
    fits = [net for net in nets if all(
        o.shape == (X.shape[1],) and np.allclose(o, forward(p, X, net)[3].ravel(), rtol=1e-8,
                                                 atol=1e-12) for o, (_, p) in zip(outs, named_pts))]
    if not fits:
        name, p = named_pts[0]
        for act in ACTS:   # a tanh output: one line, never a relabel
            if all(np.allclose(o, np.tanh(forward(q, X, Arch(act, "linear"))[2].ravel()),
                               rtol=1e-8, atol=1e-12) for o, (_, q) in zip(outs, named_pts)):
                raise stages.OutOfScope(
                    f"FORWARD in your file is a tanh output (tanh(z2) at every point) on "
                    f"{ACTS[act][2]} hidden units: check pairs its losses with a sigmoid or a "
                    f"linear output only, so it cannot judge this net")
        raise CheckInputError(
            f"FORWARD in your file is none of the nets check knows: at {name} it returned "
            f"{np.array2string(outs[0], precision=4)}; "
            + "; ".join(f"{n.words(form.hidden)} gives "
                        f"{np.array2string(forward(p, X, n)[3].ravel(), precision=4)}"
                        for n in nets if not n.at0))
    return fits


def _read_stages(child, form, result, where, changed=False):
    """The stage reading, heard by the verdict (a gradient's only where not ok). changed: its
    code changes its arguments in place, which may make a net the reading cannot judge."""
    if not (result.ok and form.kind == "grad" and result.calls is None):
        try:
            reading = stages.read(_view(child, form, result), *where, result.calls,
                                  result.batch)
        except LearnerFault:
            raise
        except stages.OutOfScope:
            if not changed:
                raise
            why = ("on data of one sample your function fits no net check knows, and your code "
                   "changes its arguments in place (above), so the data it computes with is not "
                   "the data check gave it")
        except (CheckInputError, ValueError) as e:   # its function cannot take one sample, say
            why = str(e).splitlines()[0][:300]
        else:
            return hear.speak(result, reading)
        result.stages = stages.Reading((stages.Stage(
            "samples", True, f"the stage reading stopped: {why}", {"unread": True}),))
        return result
    result.stages = stages.Reading()
    return result


def _view(child, form, result):
    """The stage reading's way to the learner (column layout both ways)."""
    def ask(p, X, Y, lr=None, seed=None):
        return probe_grad(child, form, (p, X, Y), "the stage reading", seed, lr)
    return stages.View(ask, form.kind, tuple(form.names), form.net, result.target,
                       EPS["float32" if form.low_dtypes else "float64"], form.assumed,
                       tuple(k for k, pr in result.params.items() if pr.ok))


def _fresh_calls(form, job, at, calls=1):
    """A fresh run's first `calls` unseeded answers at `at`; [None] where it is not a file's."""
    label, form = job.label, dataclasses.replace(form, random=None)
    if ":" not in label or not label.rsplit(":", 1)[0].endswith(".py"):
        return [None]
    with Child(label, label, job.timeout) as fresh:
        return [probe_once(fresh, form, at, "a fresh run's first call") for _ in range(calls)]


def _fresh_alike(form, job, at, calls):
    """The first of two fresh runs' `calls` answers at `at` where they agree call for call."""
    runs = [_fresh_calls(form, job, at, calls) for _ in range(2)]
    if runs[0] != [None] and all(np.array_equal(a[k], b.get(k), equal_nan=True)
                                 for a, b in zip(*runs) for k in a):
        return runs[0]
    return None


def _state(form, found, changes, fresh):
    """A failed calls Stage: state between calls, as `found` shows."""
    return stages.Stage("calls", False, (
        f"{found}: your {form.what} keeps state between calls that changes {changes}, so "
        f"what one call does depends on the calls before it"),
        {"random": None, "state": "history", "fresh": fresh})


def _unseedable_state(form, job, at, where):
    """Seeded calls differ, yet two fresh runs called thrice at `at` agree call for call: state,
    not randomness (a shuffle of 4 repeats 3 draws 1 in 24^3); else None."""
    runs = _fresh_alike(form, job, at, 3)
    return None if runs is None else _state(form, (
        f"two calls at the same point differ, even with every generator seeded, yet two fresh "
        f"runs of your file, each called three times at {where}, answer alike call for call "
        f"(not randomness)"),
        "what each call does (momentum, an optimiser's running averages such as Adam's, a counter, "
        "a cache, say)",
        runs[0])


def _fresh_net(form, job, at, calls):
    """Sets form.net where a fresh run's first call (on all the data, else on one sample: a loop
    inside the call, momentum between its samples, say) is a net's gradient; its calls Stage."""
    (p, X, Y), named = at
    i = int(np.argmax(np.abs(X).sum(axis=0)))
    for whole, data, calls_n in ((True, (X, Y), 2), (False, (X[:, [i]], Y[:, [i]]), 1)):
        first = (calls.measured.get("fresh") if whole else None) or \
            _fresh_calls(form, job, (p, *data), calls_n)[-1]
        found = _net_of(first, data, named, _nets(job, [named])) if first else None
        if found is None:
            continue
        (form.net, fam, c), form.assumed = found, False
        net = form.net.words(form.hidden)
        name, factor = name_for(fam, c, X.shape[1])
        said = f"a fresh run's first call follows {'minus ' * (c < 0)}the gradient of " \
            f"{'' if factor == 1 else f'{factor:.4g} x '}the {NAMED[name][2]} of the {net} net" \
            if whole else f"a fresh run's first call on data of one sample (x = " \
            f"[{', '.join(f'{v:g}' for v in X[:, i])}]) is a constant times the gradient of the " \
            f"{net} net (one sample does not tell the loss)"
        return stages.Stage("calls", False, f"{calls.text}; {said}", calls.measured)
    return None


def _net_of(answer, data, named, nets):
    """(net, family, c) where `answer` is c times its true gradient of the family on data (X, Y)
    at `named`; else None."""
    for net in nets:
        pt = make_point(*named, *data, net)
        for fam in net.families:
            ref = pt.ref(fam)
            ks = [k for k in answer if np.shape(answer[k]) == np.shape(ref.get(k))]
            c = fit_scalar([answer[k] for k in ks], [ref[k] for k in ks]) if ks else None
            if c and all(np.allclose(answer[k], c * ref[k], rtol=1e-6, atol=1e-12) for k in ks):
                return net, fam, c
    return None


def _history(child, form, job, at, where):
    """A calls Stage where a fresh run's first call at `at` answers otherwise than this run's."""
    first = _fresh_calls(form, job, at)[-1]
    if first is None:
        return None
    here = probe_once(child, form, at, where)
    ks = [k for k in first if np.shape(first[k]) == np.shape(here.get(k)) == np.shape(at[0][k])]
    if not ks:
        return None
    a, b = flat(first, ks), flat(here, ks)
    fin = np.isfinite(a) & np.isfinite(b)   # nan or inf where both have it: the same answer
    same_nonfinite = np.array_equal(a[~fin], b[~fin], equal_nan=True)
    if same_nonfinite and stages._agree(a[fin], b[fin], 1e-9):
        return None
    dev = float(np.abs(a - b)[fin].max(initial=0.0)) / max(float(np.abs(a[fin]).max(initial=0.0)),
                                                           1e-300)
    by = f"by up to {dev:.3g} of its size" if same_nonfinite else "nan or inf in one, numbers in " \
        "the other"
    return _state(form, (
        f"a fresh run of your file, called first at {where}, answers otherwise than this run "
        f"does there after check's earlier calls ({by}), though two calls in a row agree"),
        "its answer (a forward pass cached by X, a counter, a global it updates, say)", first)


def _seed_note(form, job, p):
    """Sets form.seeded: SEED_CALLS unseeded calls at p agree in two fresh imports (by chance 1 in
    4^8 for one sample of 4); in words naming its generator."""
    form.seeded = _fresh_alike(form, job, (p, job.X, job.Y), SEED_CALLS) is not None
    if form.seeded:
        return ("your file seeds its generator: two fresh runs of it take the same random steps, "
                "so your script repeats itself")
    which = form.generator or "own"
    named = "" if which == "own" else f" ({stages.GENERATORS[which][0]})"
    return (f"two fresh runs of your file take different random steps: its generator{named} is "
            f"not seeded ({stages.GENERATORS[which][1]}, say, makes your runs repeatable)")


def _expectation(draws, points, X, net, tols):
    """Where each draw is c times the gradient of a multiset of b of the m samples (a random
    mini-batch): (c b/m times the sum at each point, one update's relative spread, (b, replace))."""
    m = X.shape[1]
    for fam in net.families:   # per: at each point, each sample's gradient
        per = [[backprop(pt.params, X, pt.inter["a1"], pt.inter["z1"],
                         pt.inter["dz2_" + fam] * (np.arange(m) == i), net=net) for i in range(m)]
               for pt in points]
        got = _counts(draws, per, tols)
        if got is not None:
            break
    else:
        return None
    c, counts = got
    b, replace = int(counts[0].sum()), any(n.max() > 1 for n in counts)
    fpc = 1.0 if replace or m == 1 else (m - b) / (m - 1)   # drawn without replacement: less
    out, spread = [], []
    for refs in per:
        mean = {k: c / m * sum(r[k] for r in refs) for k in draws[0][0]}
        out.append({k: b * v for k, v in mean.items()})
        whole = flat(mean, mean)
        var = np.mean([np.sum((c * flat(r, mean) - whole) ** 2) for r in refs])
        if np.linalg.norm(whole) > 0:
            spread.append(float(np.sqrt(b * var * fpc) / (b * np.linalg.norm(whole))))
    return out, (float(np.median(spread)) if spread else None), (b, replace)


def _counts(draws, per, tols):
    """(c, [each draw's sample counts]) where every draw is c times the gradient of a multiset of
    b samples (one c and b throughout; b = 1 only past six samples); else None."""
    m, ks = len(per[0]), list(draws[0][0])
    sets = sorted((np.bincount(c, minlength=m) for b in range(1, m + 1 if m <= 6 else 2)
                   for c in itertools.combinations_with_replacement(range(m), b)),
                  key=lambda n: (n.sum(), n.max()))   # no sample twice, where that fits too

    def fits(d, refs, tol, n, c=None):   # c times the multiset n's gradient; c fitted if None
        ref = {k: sum(ni * r[k] for ni, r in zip(n, refs) if ni) for k in ks}
        c = c if c is not None else fit_scalar([d[k] for k in ks], [ref[k] for k in ks])
        return c if c and all(close(d[k], c * ref[k], tol) for k in ks) else None
    first = [(c, n.sum()) for n in sets for c in [fits(draws[0][0], per[0], tols[0], n)] if c]
    for c, b in first:    # c and b from the first draw; every other draw must share them
        counts = [next((n for n in sets if n.sum() == b and fits(d, refs, tol, n, c)), None)
                  for ds, refs, tol in zip(draws, per, tols) for d in ds]
        if all(n is not None for n in counts):
            return c, counts
    return None


def _random_words(form, one_sample, result, m):
    if form.random == "seedable":
        gens = stages.GENERATORS[form.generator][0] if form.generator else "every generator of yours"
        how = f"; with {gens} set from one seed they agree, so check judged it one seed at a time"
    else:
        how = (", even with NumPy's and random's generators seeded: it makes its own unseeded "
               "generator; seed your shuffle to make runs repeatable")
    head = f"your {form.what} is random: two calls at the same point differ{how}"
    if not one_sample:
        return head + (". The first-order part of your step (what check judges) is the same in "
                       "every order: only the higher terms in lr depend on the shuffle")
    if result.batch is not None:
        b, replace = result.batch
        drawn = "one random sample's gradient" if b == 1 else \
            f"a random mini-batch of {b} of the {m} samples, drawn " + (
                "with replacement (a sample twice in a draw)" if replace else
                "without replacement (no sample twice in any draw)")
        head += (f". Each update follows {drawn}: each of {DRAWS} draws at each point is exactly "
                 f"the gradient of {'one sample' if b == 1 else f'{b} samples'}; judged by its "
                 f"expectation over the {m} samples")
    return head + (f"; one update strays from that by {result.noise:.0%} of its length (median "
                   f"over the points)" if result.noise is not None else "")
