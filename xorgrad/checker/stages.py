"""The learner's backward pass read through `ask(p, X, Y, lr, seed)` stage by stage (calls, lr,
samples, output, hidden), each quantity beside the true one, from each parameter that carries it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..contract import sigmoid
from .losses import (ACTS, FAMILY_WORDS, LAYERS, MEAN_OF, NAMED, Arch, flat, forward,
                     m_between_layers, name_for)
from .places import WEIGHT_OF, _named_input, _through
from .sample import (CARRY, H, REL, SAT, TRUE_WORDS, OutOfScope, Reading, Stage,  # noqa: F401
                     View, _agree, _carried, _cosine, _dz1s, _dz2, _each, _fit, _floor,
                     _grad_at, _moved, _true_dz2, _true_grad)   # View: API

GENERATORS = {"numpy": ("NumPy's global generator", "np.random.seed(0)"),
              "random": ("Python's random", "random.seed(0)"),
              "own": ("a generator of your own", "np.random.default_rng(0)")}
ADDITIVE = 1e-3   # a step bending with lr (a per-sample loop) ~1e-4 at H; or the learner's view.rel
PER_SAMPLE = {"bce": "-(y log a2 + (1 - y) log(1 - a2))", "se": "(a2 - y)^2 / 2"}
OF = {"sigmoid": ("sigmoid({x}) (1 - sigmoid({x}))", "sigma'"),   # each activation's derivative
      "tanh": ("1 - tanh({x})**2", "tanh'"), "relu": ("({x} > 0)", "ReLU'")}   # of its input


def _right_shapes(view, p, X, Y, lr):
    """The view of the parameters returned in their right shape at p (a wrong one has no stage)."""
    out = view.ask(p, X, Y, lr, None)
    return replace(view, names=tuple(k for k in view.names if np.shape(out.get(k)) == p[k].shape))


def _keeps(said, keeps, tail, measured):
    """The calls Stage of a step or gradient that keeps state between calls."""
    return Stage("calls", False, f"{said}: your {keeps}, so what one call does depends on the "
                 f"calls before it{tail}", {"random": None, **measured})


def read_calls(view, p, X, Y, lr):
    """A call at another point, then four at p; where they differ, three with every generator
    seeded (where those agree, eight unseeded: settled state), then each generator alone."""
    def move(seed=None):   # what one call does, flat: the gradient, or minus the step's move
        out = view.ask(p, X, Y, lr, seed)
        return _moved(p, out, view.names) if view.kind == "step" else flat(out, view.names)

    def alike(seed):
        first = move(seed)
        return all(np.array_equal(first, move(seed), equal_nan=True) for _ in range(2))
    view = _right_shapes(view, p, X, Y, lr)
    view.ask({k: v + 0.25 for k, v in p.items()}, X, Y, lr, None)   # what a call leaves shows
    runs = [move() for _ in range(4)]
    if all(np.array_equal(runs[0], r, equal_nan=True) for r in runs[1:]):
        return Stage("calls", True, "two calls at the same point agree", {"random": None})
    edges = np.cumsum([0] + [np.size(p[k]) for k in view.names])
    moving = [k for k, a, b in zip(view.names, edges, edges[1:])    # those that differ by call
              if not all(np.array_equal(runs[0][a:b], r[a:b], equal_nan=True) for r in runs)]
    if not alike(1):
        stage = _stateful(view, p, X, Y, lr, runs)
    else:
        late = [move() for _ in range(8)]   # unseeded again: settled?
        if not all(_agree(late[0], r, 1e-9) for r in late[1:]) or _agree(runs[0], late[0], REL):
            which = "numpy" if alike((1, "numpy")) else "random" if alike((1, "random")) else "own"
            return Stage("calls", True, f"your step is random: two calls at the same point differ, "
                         f"and agree with {GENERATORS[which][0]} seeded",
                         {"random": "seedable", "generator": which})
        stage = _keeps(   # not randomness: state one call leaves, settled
            "calls at the same point differ at first and then agree, eight in a row, with no "
            "generator seeded", f"{view.what} keeps state between calls that changes its answer "
            f"(a gradient applied a call late, update before backward, or a delta kept from the "
            f"call before)", "", {"state": "history"})
    if stage is None:
        return Stage("calls", True, "your step is random: two calls at the same point differ, even "
                     "with NumPy's and random's generators seeded",
                     {"random": "unseedable", "generator": None})
    return replace(stage, measured={**stage.measured, "params": moving})


def _stateful(view, p, X, Y, lr, runs):
    """The calls Stage where calls differ by state (momentum, a sum, a changing size); else None."""
    what, sizes = view.what, [_fit(r, runs[0]) for r in runs]
    steps = [b - a for a, b in zip(runs, runs[1:])]
    betas = [_fit(b, a) for a, b in zip(steps, steps[1:])]
    beta = betas[0]
    state = (None not in betas and _agree(np.array(betas[:1]), np.array(betas[1:]), 1e-6)
             and all(_agree(b, c * a, 1e-6) for a, b, c in zip(steps, steps[1:], betas)))
    seeded = "two calls at the same point differ (with every generator seeded too)"
    if state and not _agree(runs[1], beta * runs[0], 1e-6):   # v = beta v + lr g: the g it adds
        added = _added_words(view, p, X, Y, (runs[1] - beta * runs[0]) / (lr or 1.0))
        if abs(beta - 1) <= 1e-6:    # v = v + g: a sum never reset, not momentum
            return _keeps(f"{seeded}, each returning what the one before returned plus the same "
                          f"amount", f"{what} adds each call's {what} to a sum it keeps between "
                          f"calls and never resets (an accumulator, a .grad never zeroed): from "
                          f"the second call on it returns the sum of every call's {what} so far",
                          f": reset the sum at the start of each call{added}", {"state": "sum"})
        return _keeps(f"{seeded}, each from the one before by {beta:.4g} times the change the "
                      f"call before made", f"{what} keeps state between calls (momentum with "
                      f"beta {beta:.4g}, say)", added, {"state": beta})
    if not state and not all(c is not None and _agree(r, c * runs[0]) for c, r in zip(sizes, runs)):
        return None
    cosines = {fam: _cosine(runs[0], flat(_true_grad(p, X, Y, view.net, fam), view.names))
               for fam in view.net.families}
    along = next((f"; every call moves along the gradient of the {FAMILY_WORDS[fam]} (cosine "
                  f"{cos:+.6f})" for fam, cos in cosines.items() if cos > 1 - REL), "")
    return _keeps(f"two calls at the same point move the same way by different amounts ("
                  f"{', '.join(f'{c:.4g}' for c in sizes)} times the first call's move, with every "
                  f"generator seeded too)", f"{what} keeps state between calls that changes the "
                  f"size of its move (a learning-rate schedule or a call counter, say)", along,
                  {"state": "scale", "sizes": [float(c) for c in sizes]})


def _added_words(view, p, X, Y, added):
    """What the gradient a stateful step adds each call follows, layer by layer."""
    found = {}
    for layer, ks in LAYERS:
        idx = np.concatenate([np.full(np.size(p[k]), k in ks) for k in view.names])
        for fam in view.net.families:
            r = flat(_true_grad(p, X, Y, view.net, fam), view.names)[idx]
            c = _fit(added[idx], r)
            if c and _agree(added[idx], c * r, 1e-6):
                name, factor = name_for(fam, c, X.shape[1])
                found[layer] = (f"the {NAMED[name][2]}" if factor == 1 else
                                f"{factor:.4g} x the {NAMED[name][2]}") if c > 0 else None
                break
    if len(found) == len(LAYERS) and len(set(found.values())) == 1 and None not in found.values():
        return (f"; the gradient it adds each call is the gradient of {found['hidden layer']} "
                f"(measured at the first point)")
    return "; the gradient it adds each call: " + ", ".join(
        f"the {layer} {'follows ' + w if w else 'follows no loss check names'}"
        for layer, w in found.items()) if found else ""


def read_lr(view, p, X, Y, seed=None):
    """The power of lr each parameter's move goes as (at H, 2H, 4H), by layer where they agree."""
    moves = [view.ask(p, X, Y, j * H, seed) for j in (1, 2, 4)]
    sizes = {k: [float(np.linalg.norm(np.ravel(p[k] - m[k]))) for m in moves] for k in view.names}
    powers = {k: (np.log2(s[2] / s[0]) / 2 if s[0] > 0 and s[2] > 0 else None)
              for k, s in sizes.items()}
    rounded = {k: (None if v is None or abs(v - round(v)) > 0.05 else int(round(v)))
               for k, v in powers.items()}
    meas = {"powers": powers}
    lrs = f"at every lr (check called it at lr {H:g}, {2 * H:g} and {4 * H:g})"
    if not any(any(s) for s in sizes.values()):   # nothing moves at any lr
        return Stage("lr", False, f"your step returns every parameter unchanged {lrs}: a loop "
                     f"variable rebound (`p = p - lr * g` in a loop over the parameters) changes "
                     f"nothing outside the loop; update the arrays in place or return new ones",
                     {**meas, "own_lr": 0.0})
    if all(v in (1, None) for v in rounded.values()):
        return _bent(view, p, X, Y, seed, meas)
    if all(v == 0 for v in rounded.values()):
        _, scale, loss = NAMED[MEAN_OF[view.family]]
        ref = flat(_true_grad(p, X, Y, view.net, view.family, scale(X.shape[1])), view.names)
        d, back = _moved(p, moves[0], view.names), flat(moves[0], view.names)   # back: returned
        own, cos = _fit(d, ref), _cosine(d, ref)
        meas.update(own_lr=own, cosine=cos)
        if _cosine(back, ref) > 1 - REL:
            return Stage("lr", False, f"your step returns the gradient itself ("
                         f"{_fit(back, ref):.4g} times that of the {loss}), not w1 - lr * dw1 and "
                         f"so on", meas)
        uses = f": it uses {own:.3g} of its own (cosine {cos:+.4f}" if own and cos > 0.999 else \
            f" (cosine {cos:+.3f}"
        return Stage("lr", False, f"your step moves the same distance {lrs}{uses} with the "
                     f"gradient of the {loss}); the lr argument is never used", meas)
    words = {0: "the same distance at every lr (a learning rate of its own)",
             2: "as lr^2: the learning rate is applied twice"}
    parts, t = [], view.target
    ref = _true_grad(p, X, Y, view.net, t.family, t.c) if t.family in FAMILY_WORDS else None
    for layer, ks in LAYERS:    # a layer whose parameters agree is named as the layer
        ks = [k for k in ks if k in rounded and rounded[k] not in (1, None)]
        whole = len(ks) > 1 and len({rounded[k] for k in ks}) == 1
        for who, group in ([(layer, ks)] if whole else [(k, [k]) for k in ks]):
            d = _moved(p, moves[0], group)   # a move that ignores lr: its own lr times the target's
            own = _fit(d, flat(ref, group)) if ref and rounded[group[0]] == 0 else None
            said = words.get(rounded[group[0]], f"as lr^{powers[group[0]]:.2f}")
            if own and _agree(d, own * flat(ref, group), view.rel):
                said = f"the same distance at every lr: it uses a learning rate of its own, " \
                    f"{own:.4g}, with the gradient of {t.words}"
            parts.append(f"your {who} moves {said}")
    meas["params"] = [k for k in view.names if rounded.get(k) not in (1, None)]   # not as lr
    meas["own"] = [k for k in view.names if rounded.get(k) == 0]                  # as lr^0
    return Stage("lr", False, "; ".join(parts), meas)


def _bent(view, p, X, Y, seed, meas):
    """The lr Stage of a step in proportion to lr: is its move on one sample linear in lr?"""
    i = int(np.argmax(np.abs(X).sum(axis=0)))
    moves = [view.ask(p, X[:, [i]], Y[:, [i]], j * H, seed) for j in (1, 2, 4)]
    bent = {}
    for layer, ks in LAYERS:
        d = np.array([_moved(p, m, [k for k in ks if k in view.names]) for m in moves])
        first, second, _ = np.linalg.solve(np.array([[1, 1, 1], [2, 4, 8], [4, 16, 64]], float), d)
        bent[layer] = float(np.linalg.norm(second) / max(float(np.linalg.norm(first)), 1e-300))
    meas["bent"] = bent = {k: v for k, v in bent.items() if v > view.rel}   # an lr^2 part
    if not bent:
        return Stage("lr", True, "your step moves in proportion to lr, and on data of one sample "
                     "its move is linear in lr", meas)
    parts = "; ".join(f"your {layer}'s move has an lr^2 part {v:.3g} times its first at lr {H:g}"
                      for layer, v in bent.items())
    why = "one call is not one gradient step at its point (updates repeated inside the call?)"
    if len(bent) == 1:    # one layer bends: its update reads a value the other's changed
        (layer,) = bent
        other = next(name for name, _ in LAYERS if name != layer)
        why = (f"the {other}'s move is linear in lr, so the {layer}'s update reads a value the "
               f"{other}'s update in the same call has already changed (" + (
                   "dz1 taken through the new w2" if layer == "hidden layer" else "a1 from the new "
                   "w1") + ", say): compute every gradient before changing any parameter")
    return Stage("lr", False, f"on data of one sample your step is not linear in lr ({parts}): "
                 f"{why}", meas)


def read_samples(view, p, X, Y):
    """None where the answer on all the data is a multiple of the one-sample answers' sum."""
    g = _grad_at(view, p, X, Y, None)
    one = {i: _grad_at(view, p, X[:, [i]], Y[:, [i]], None) for i in range(X.shape[1])}
    ks, tol, dev = [k for k in g if all(k in gi for gi in one.values())], max(ADDITIVE, view.rel), 0
    for k in ks:
        full, total = np.ravel(g[k]), sum(np.ravel(gi[k]) for gi in one.values())
        c = _fit(full, total)
        if c is None and np.any(full):    # nothing on each sample alone, something on all
            dev = 1.0
        elif c is not None and not _agree(full, c * total, tol):
            dev = max(dev, float(np.abs(full - c * total).max() / np.abs(full).max()))
    if not dev:
        return None
    what, at = "step's move" if view.kind == "step" else "gradient", (p, X, Y, g, ks, tol)
    found = _weighted(view, at, what) or _stale(view, at) or _kept_one(view, at)
    if found:    # (whose, what it is, measured)
        return Stage("samples", False, f"at your start your {found[0]} on all {X.shape[1]} "
                     f"samples {found[1]}", found[2])
    return Stage("samples", True, (
        f"at your start your {what} on all {X.shape[1]} samples is not a multiple of the sum of "
        f"its {what}s on each sample alone (a parameter's is off its best multiple by {dev:.2g} "
        f"of its size): your code treats the samples together (a clip by the norm, a "
        f"normalisation, a batch statistic, a rounding?), so one sample does not show what it "
        f"does on all of them"),
        {"unread": True, "deviation": dev})


def _kept_one(view, at):
    """(d{k}, words, measured) where d{k} on all the data is one sample's alone; else None."""
    p, X, Y, g, ks, tol = at
    m = X.shape[1]
    per = [_true_grad(p, X[:, [i]], Y[:, [i]], view.net, view.family) for i in range(m)]
    total = {k: sum(pi[k] for pi in per) for k in ks}
    for k in ks:
        rest = [q for q in ks if q != k]
        c = _fit(flat(g, rest), flat(total, rest)) if rest else None
        if c is None or not _agree(flat(g, rest), c * flat(total, rest), tol) or \
                _agree(np.ravel(g[k]), c * np.ravel(total[k]), tol):
            continue
        alone = [i for i in range(m) if _agree(np.ravel(g[k]), c * np.ravel(per[i][k]), tol)]
        if len(alone) == 1:
            i = alone[0]
            which = "last" if i == m - 1 else "first" if i == 0 else f"number {i}"
            return f"d{k}", (
                f"is sample {i}'s alone (the {which}), where your other gradients count every "
                f"sample" + (f": a per-sample loop that sets d{k} on each pass (d{k} = ...) where "
                             f"it adds to it (d{k} += ...) keeps only the last"
                             if i == m - 1 else "")), {"kept": [k, i]}
    return None


def _stale(view, at):
    """(d{w}, words, measured) where d{w} pairs deltas and inputs of other samples; else None."""
    p, X, Y, g, _, tol = at
    m, (z1, a1, _, a2) = X.shape[1], forward(p, X, view.net)
    dz2 = _true_dz2(a2, Y, view.net, view.family)
    qs = {"dz2": dz2, "a1": a1, "dz1": (p["w2"].T @ dz2) * view.net.deriv(a1, z1), "x": X}

    def before(q):    # each sample's q: the previous sample's (zeros before the first)
        return np.hstack([np.zeros_like(q[:, :1]), q[:, :-1]])
    for bias, (w, dn, vn) in WEIGHT_OF.items():
        if w not in g or bias not in g:
            continue
        delta, given = qs[dn], qs[vn]
        c = _fit(np.ravel(g[bias]), delta.sum(axis=1))   # the bias's factor on its sum
        total = delta.sum(axis=1, keepdims=True)
        for words, sums, k in (
                (f"pairs each sample's {vn} with the previous sample's {dn} (zeros before the "
                 f"first): d{w} += ... runs before this sample's {dn} in a per-sample loop?",
                 before(delta) @ given.T, c),
                (f"pairs each sample's {dn} with the previous sample's {vn} (zeros before the "
                 f"first): {vn} kept from the sample before in a per-sample loop",
                 delta @ before(given).T, c),
                (f"pairs each sample's {dn} with the last sample's {vn}: the {vn} kept from the "
                 f"last pass of a per-sample loop (a variable each pass overwrites), used for "
                 f"every sample", total @ given[:, -1:].T, c),
                (f"is the product of the means, outer(mean of {dn}, mean of {vn}), where the "
                 f"mean of the products {dn} {vn}^T belongs",
                 total @ given.sum(axis=1, keepdims=True).T, c / m if c else None)):
            if k and _agree(np.ravel(g[w]), k * np.ravel(sums), tol):
                return f"d{w}", words, {"stale": (w, words)}
    return None


def _weighted(view, at, what):
    """(what, words, measured) where each sample counts with a weight of its own; else None."""
    p, X, Y, g, ks, tol = at
    m, full = X.shape[1], flat(g, ks)
    for fam in sorted(view.net.families, key=lambda f: f != view.target.family):   # its own first
        per = np.stack([flat(_true_grad(p, X[:, [i]], Y[:, [i]], view.net, fam), ks)
                        for i in range(m)], axis=1)   # a weight per sample absorbs a2 (1 - a2)
        w = np.linalg.lstsq(per, full, rcond=None)[0]
        if not (np.any(w) and _agree(full, per @ w, tol)):
            continue
        if _agree(w, np.full(m, w.mean()), tol):   # a plain sum or mean here: its one-sample
            return None                             # answers are what is not additive (a clip)
        a2, y = np.ravel(forward(p, X, view.net)[3]), Y[0]
        for expr, e, why in (   # an error one sample (m = 1) cannot tell from a2 - y
                ("a2 - Y / m", a2 - y / m, "the division binds to Y alone (operator precedence)"),
                ("a2 / m - Y", a2 / m - y, "the division binds to a2 alone (operator precedence)"),
                ("a2 - mean(Y)", a2 - y.mean(), f"every sample's label is the labels' mean: Y of "
                 f"shape ({m},) beside a2 ({m}, 1) makes a2 - Y ({m}, {m}), and a mean or sum over "
                 f"one axis leaves a2 - mean(Y)")):
            k = _fit(w, e / (a2 - y))   # w_i = k e_i / (a2_i - y_i)
            if k and _agree(w, k * e / (a2 - y), tol):
                times = "" if abs(k - 1) <= tol else f" (times {k:.4g})"
                slip = (f"dz2 built on the error {expr}{times} per sample where (a2 - Y) / m "
                        f"belongs: {why}, which data of one sample (m = 1) cannot show")
                return what, f"is that of {slip}", {"weights": w.tolist(), "precedence": slip}
        never = [i for i in range(m) if abs(w[i]) <= tol * np.abs(w).max()]
        w[never] = 0.0
        last = "; the last one never counts: does a loop stop one sample short (range(len(X) - " \
            "1))?" if never == [m - 1] else f"; sample{'s' * (len(never) > 1)} " \
            f"{', '.join(map(str, never))} never count{'s' * (len(never) == 1)}" if never else ""
        return what, (f"is the gradient of each sample's {PER_SAMPLE[fam]} times a weight of its "
                      f"own: " + ", ".join(
                          f"sample {i} (x = [{', '.join(f'{v:g}' for v in X[:, i])}], y = "
                          f"{Y[0, i]:g}) {w[i]:.3g}" for i in range(m))
                      + f" (a summed loss weighs every sample 1, a mean 1/{m}){last}"), \
            {"weights": w.tolist()}
    return None


def read_output(view, points, X, Y, seed=None):
    """dL/dz2 per sample and point beside the true one, from each carrier; then its factor for m."""
    t = view.target
    if t.family not in FAMILY_WORDS:
        return Stage("output", True, "judged against your own cost, whose dL/dz2 check does not "
                     "know in closed form: the reading stops here", {"unread": True})
    rows = _output_rows(view, points, X, Y, seed)
    if not rows:
        return Stage("output", True, "neither db2 nor dw2 has its right shape", {"unread": True})
    st = _named_input({k: _output_stage(rows[k], t) for k in rows}, view, points, X, Y, seed)
    stage, bad = _carried(st, view.kind, "dz2"), [k for k in st if not st[k].ok]
    k, p0 = stage.measured["from"], points[0][1]
    if len(bad) == len(st) > 1 and any(   # two carriers wrong, each its own way at some sample
            abs(r[4] - o[4]) > REL * abs(r[5]) + r[6]
            for r in rows[bad[0]] for o in rows[bad[1]] if r[:2] == o[:2]):
        stage = Stage("output", False, f"{stage.text} (read from d{k}); read from d{bad[1]} "
                      f"({CARRY[bad[1]]}): {st[bad[1]].text}", stage.measured)
    if stage.ok:   # the factor for m samples as each carrier has it (the right one alone where
        ok = all(v.ok for v in st.values())   # another's own line is named already)
        return _carried({s: _over_m(view, p0, X, Y, (seed, s)) or stage
                         for s in (k, *(s for s in rows if s != k and ok))}, view.kind, "dz2")
    if "epsilon" in stage.measured:
        return stage
    got, y = np.array([r[4] for r in rows[k]]), np.array([Y[0, r[1]] for r in rows[k]])
    for act in ACTS:   # c (tanh(z2) - y) (1 - tanh(z2)^2): a tanh output, which no loss pairs with
        a = np.array([np.tanh(forward(dict(points)[name], X[:, [i]], Arch(act, "linear"))[2][0, 0])
                      for name, i, *_ in rows[k]])
        c = _fit(got, want := (a - y) * (1 - a * a))
        if c and _agree(got, c * want, 1e-6):
            raise OutOfScope(
                f"your output unit is tanh: at every point and sample check tried, your dL/dz2 is "
                f"{'' if abs(c - 1) < 1e-9 else f'{c:.4g} '}(tanh(z2) - y) (1 - tanh(z2)**2), "
                f"z2 from {ACTS[act][2]} hidden units"
                f"{'' if {'b1', 'b2'} & set(view.names) else ' without biases'}; check pairs its "
                f"losses only with a sigmoid output (cross-entropy, squared error) or a linear one "
                f"(OUTPUT = 'linear', squared error), so it cannot judge this net")
    ratios = stage.measured.get("ratios") or {}
    if not ratios and view.assumed:
        _unknown_hidden(view, points, X, Y, seed)         # raises where it reads another one
        return Stage("output", True, (
            f"no net check knows fits your gradient, and your dL/dz2 differs in no pattern from "
            f"that of the {ACTS[view.net.act][2]} net check took: your net may be one check does "
            f"not know (another activation, or a sigmoid written another way), or your dL/dz2 "
            f"wrong in a way check does not name"), {"unread": True})
    c = next(iter(ratios.values()), None)
    if ratios and _agree(np.array(list(ratios.values())), np.full(len(ratios), c)):   # one factor
        return _constant_divisor(view, p0, X, Y, (seed, k, ratios)) or _per_call(view, c, k, X) \
            or stage
    return stage


def _per_call(view, c, source, X):
    """The output Stage where dL/dz2 is c times the true one on one sample, yet the table finds the
    output layer right on all the data: a factor that changes with m; else None."""
    out = {"w2", "b2"} & set(view.names)
    if not out or not out <= set(view.right):
        return None
    return Stage("output", True, (
        f"your dL/dz2 has the true one's form at every sample and point; on data of one sample it "
        f"is {c:.4g} times that of {view.target.words}, which your output layer follows on all "
        f"{X.shape[1]} samples: your {view.what}'s factor changes with the number of samples "
        f"(one update per mini-batch of a fixed size, say), so the stages below are read at that "
        f"factor"), {"from": source, "per_call": c})


def _unknown_hidden(view, points, X, Y, seed):
    """Raise OutOfScope where a1 = dw2 / db2 (one sample) is none of check's activations of z1."""
    seen = []
    for _, p, i, g, _, z1, *_ in _each(view, points, X, Y, seed):
        db2 = float(np.ravel(g.get("b2", [0.0]))[0])
        if "w2" not in g or abs(db2) < 1e-9:   # a1 = dw2 / db2 is read where db2 is not tiny
            continue
        a1 = np.ravel(g["w2"]) / db2
        seen.append((z1.ravel(), a1, db2, float(p["w2"].ravel() @ a1 + p["b2"].ravel()[0]),
                     Y[0, i]))   # z1, a1, db2, z2, y
    if len(seen) < 4:
        return
    z, a, got, z2, y = zip(*seen)
    z, a, got, z2, y = np.concatenate(z), np.concatenate(a), *map(np.array, (got, z2, y))
    scaled = None    # (act, k) where a = f(k z) for the sigmoid or tanh, k not 1
    for act, inv in {"sigmoid": lambda v: np.log(v / (1 - v)), "tanh": np.arctanh}.items():
        inside = (a > -0.999 if act == "tanh" else a > 1e-3) & (a < 0.999)   # where f is not flat
        if inside.sum() < 4:
            continue
        u = inv(a[inside])
        k = _fit(u, z[inside])
        if k and abs(k - 1) > 1e-3 and _agree(u, k * z[inside], 1e-6):
            scaled = act, k
            break
    outs = {k2: sigmoid(k2 * z2) - y for k2 in {1.0, scaled[1] if scaled else 1.0}}
    fits = {k2: _fit(got, want) for k2, want in outs.items()}
    k2 = next((k2 for k2, c in fits.items() if c and _agree(got, c * outs[k2], 1e-6)), None)
    if any(_agree(a, ACTS[act][0](z), 1e-6) for act in ACTS) or k2 is None:
        return
    read = "read on data of one sample as dw2 / db2 (dw2 = dz2 a1^T carries a1)"
    if scaled:
        act, k = scaled
        half = ": 0.5 (1 + tanh(z)) is sigmoid(2 z); the sigmoid is 0.5 (1 + tanh(z / 2))" \
            if act == "sigmoid" and abs(k - 2) < 1e-6 else \
            ": sigmoid(-z) is 1 / (1 + np.exp(z)): the minus of np.exp(-z) is missing, a typo " \
            "to fix" if act == "sigmoid" and abs(k + 1) < 1e-6 else ""
        raise OutOfScope(
            f"your hidden units compute {act}({k:.4g} z1), not {act}(z1), {read}"
            f"{f', and your output sigmoid({k2:.4g} z2)' if k2 != 1 else ''}{half}; check judges "
            f"{act}(z) itself only, so it cannot judge this net")
    sides = (z < 0, z > 0)
    slopes = [_fit(a[s], z[s]) if s.any() else None for s in sides]
    leaky = all(k is not None and _agree(a[s], k * z[s], 1e-6) for k, s in zip(slopes, sides))
    what = (f"a1 = {slopes[1]:.4g} z1 above 0 and {slopes[0]:.4g} z1 below: a leaky ReLU" if leaky
            else "a1 = " + ", ".join(f"{av:.4g} at z1 = {zv:.4g}" for zv, av in zip(z[:4], a)))
    raise OutOfScope(
        f"your hidden units are none of the activations check knows: {read}, {what}; your dL/dz2 "
        f"is that of a sigmoid output on those a1; check judges sigmoid, tanh and ReLU hidden "
        f"units only, so it cannot judge this net")


def _constant_divisor(view, p, X, Y, got):
    """The output Stage where a mean's dL/dz2 is divided by a constant, not by m; else None."""
    seed, source, ratios = got
    t, k = view.target, next(iter(ratios.values())) * view.target.factor   # against the named
    if t.base is None or NAMED[t.base][1](2) * 2 != NAMED[t.base][1](1) or not k:   # loss
        return None            # a loss summed over the samples: a constant is a factor there
    if abs((_twice(view, p, X, Y, seed, source)[3] or 0.0) - 2) > 1e-2:
        return None
    d, m, summed = 1 / k, X.shape[1], k * NAMED[t.base][1](1)   # summed: its loss's constant
    if d < 1.5 or abs(d - round(d)) > 1e-6 * d or any(   # a count written in: a whole number,
            fam == t.family and cf(1) == cf(2) and abs(cf(1) - summed) <= 1e-9 * summed
            for fam, cf, _ in NAMED.values()):             # not a named sum (the halved one)
        return None
    d, hidden = float(round(d)), np.shape(p["w1"])[0]
    inputs = f" ({d:g} is the number of inputs: X.shape[0] where the samples are in columns?)" \
        if abs(d - X.shape[0]) < 1e-6 else f" ({d:g} is the number of hidden units: W1.shape[1] " \
        f"where the samples are in rows?)" if d == hidden else ""
    right, named = abs(d - m) <= 1e-6 * m, f"the {NAMED[t.base][2]}"
    told = t.factor != 1.0    # the verdict names its factor on these m: it is consistent
    return Stage("output", right or told, (
        f"your dL/dz2 is divided by a constant {d:g} where {named} divides by the number of "
        f"samples (1 on data of one sample, where yours is {k:.6g} times the true one; {m} on "
        f"all of yours): " + (f"right for your {m} samples only" if right else
                              f"on all {m} it is {m * k:.6g} times the true one{inputs}"
                              + ("; that is the factor above" if told else ""))),
        {"constant": d, "from": source})


def _output_rows(view, points, X, Y, seed):
    """{b2 or w2: [(point, sample, a2, y, the dz2 it carries, the true one, _floor)]}."""
    t, at, rows = view.target, {}, {}
    c1 = NAMED[t.base][1](1) * t.factor if t.base else t.c   # its constant for one sample
    for name, p, i, gi, x, _, a1, _, a2 in _each(view, points, X, Y, seed):
        want = float(_true_grad(p, x, Y[:, [i]], view.net, t.family, c1)["b2"][0, 0])
        dz2s = {k: _dz2(gi, a1, k) for k in ("b2", "w2") if k in gi}   # b2 first
        row = (name, i, float(a2[0, 0]), float(Y[0, i]))
        at.setdefault((name, id(p)), (p, []))[1].append((row, want, dz2s))
    for p, seen in at.values():
        f = _floor(view, p, [want for _, want, _ in seen])    # one per point
        for row, want, ds in seen:
            for k, d in ds.items():
                if d is not None:
                    rows.setdefault(k, []).append((*row, d, want, f))
    return rows


def _twice(view, p, X, Y, seed, source):
    """x, the gradient on the sample with the largest |x| once and twice; dz2 twice over once."""
    i = int(np.argmax(np.abs(X).sum(axis=0)))
    x, y = X[:, [i]], Y[:, [i]]
    once, twice = (_grad_at(view, p, xx, yy, seed) for xx, yy in
                   ((x, y), (np.repeat(x, 2, axis=1), np.repeat(y, 2, axis=1))))
    a1 = forward(p, x, view.net)[1]
    base, two = _dz2(once, a1, source), _dz2(twice, a1, source)
    return x, once, twice, two / base if base and two is not None else None  # dw2: a1 once


def _over_m(view, p, X, Y, seed_from, hid_from=None):
    """The output Stage where dz2's factor for m samples (one sample given twice) is not the
    target's, or (hid_from: dz1's carrier) the hidden Stage where dz1's is not dz2's; else None."""
    t = view.target
    if hid_from is None and t.base is None:
        return None
    x, once, twice, out = _twice(view, p, X, Y, *seed_from)
    if hid_from is None:
        got, want = out, NAMED[t.base][1](2) * 2 / NAMED[t.base][1](1)
    else:
        d1, d2 = (_dz1s(g, x).get(hid_from) for g in (once, twice))
        got, want = None if d1 is None or d2 is None or out is None else _fit(d2, d1), out
    tol = 1e-2 if view.kind == "step" else REL   # a per-sample loop's second update: O(H)
    if got is None or abs(got - want) <= tol * abs(want):
        return None
    said = (f"with one sample given twice (m = 2){{}} sums to {got:.6g} times what it is with "
            f"the sample once")
    if hid_from is None:
        how, loss = "sums over" if abs(got - 2) < 1e-6 else "scales with", _loss_words(t)
        return Stage("output", False, said.format(", your output layer's dL/dz2") + (
            f": it {how} the samples; {loss} gives {want:g} times "
            f"({'it divides by m' if want == 1 else 'it sums'})"),
            {"over_m": got, "want": want, "alone": said.format(" it") + f", where {loss} gives "
             f"{want:g}"})
    why = m_between_layers(got / want, 2, 1e-2)
    return Stage("hidden", False, said.format(", your hidden layer's dL/dz1") + (
        f", your output layer's dL/dz2 to {want:.6g} times: the hidden layer carries "
        f"{got / want:.6g} times the output layer's factor for m samples"
        f"{': ' + why if why else ''}, so together the layers follow no one loss"),
        {"over_m": got, "output_over_m": want,
         "alone": said.format(" it") + f", where dL/dz2 sums to {want:.6g}"})


def _loss_words(t):
    return f"the {NAMED[t.name][2]}" if t.name in NAMED else t.words


def _output_stage(rows, t):
    bad = [r for r in rows if abs(r[4] - r[5]) > REL * abs(r[5]) + r[6]]
    meas, loss = {"rows": rows}, _loss_words(t)
    if not bad:
        return Stage("output", True, f"your dL/dz2 equals the true one ({loss}) at every sample "
                     f"and point", meas)
    if all(min(r[2], 1 - r[2]) < SAT for r in bad):   # right wherever outputs are away from 0, 1
        eps = [e for e in ((r[2] if r[3] > 0.5 else 1 - r[2]) * (r[5] / r[4] - 1)
                           for r in bad if r[4] != 0) if e > 0]
        worst = max(abs(r[4] / r[5] - 1) for r in bad if r[5] != 0)
        if eps and max(eps) <= 3 * min(eps):
            e = float(np.median(eps))
            meas.update(epsilon=e, worst=worst)
            return Stage("output", False, (
                f"your dL/dz2 equals the true one wherever the outputs are away from 0 and 1 "
                f"({len(rows) - len(bad)} of {len(rows)} samples at the points, to {REL:.0e}); "
                f"where a2 is within {SAT:g} of 0 or 1 it is off by up to {worst:.2g} of it, as an "
                f"epsilon of {e:.2g} added to a denominator (a2 + eps, 1 - a2 + eps) makes it: "
                f"harmless in training, but not the loss's gradient there"), meas)
    q = {y: [r[4] / r[5] for r in rows if r[3] == y and abs(r[5]) > 10 * r[6]] for y in (0.0, 1.0)}
    by_y = {y: float(np.median(v)) for y, v in q.items() if v}   # {y: k}, dz2 k times the true
    if by_y and all(_agree(np.array(q[y]), np.full(len(q[y]), k), 1e-5) for y, k in by_y.items()):
        meas.update(ratios=by_y)
        k1, k0 = by_y.get(1.0), by_y.get(0.0)
        if k1 is None or k0 is None or _agree(np.array([k1]), np.array([k0])):
            return Stage("output", False, f"your dL/dz2 is {k1 if k1 is not None else k0:.6g} "
                         f"times the true one ({loss}) at every sample and point", meas)
        sign = f": the sign is wrong on the samples with y = {0 if k0 < 0 else 1}" \
            if _agree(np.array([k1]), np.array([-k0])) else ""
        return Stage("output", False, (
            f"your dL/dz2 is {k1:.6g} times the true one ({loss}) on the samples with y = 1 "
            f"and {k0:.6g} times on those with y = 0, at every point{sign}"), meas)
    name, i, a, y, got, want, _ = bad[0]
    return Stage("output", False, (
        f"your dL/dz2 for sample {i} (y = {y:g}) at {name} is {got:.6g}; the true one ({loss}) "
        f"is {want:.6g} (output a2 = {a:.6g}); it differs at {len(bad)} of {len(rows)} "
        f"samples"), meas)


def hidden_candidates(z1, a1, b1, a2):
    """{words: what a hidden layer may multiply dL/da1 by}: derivatives right and wrong, 1, a1..."""
    out = {**dict(zip(TRUE_WORDS.values(), (ACTS[act][1](a1, z1) for act in TRUE_WORDS))),
           "1: no derivative (dL/da1 used as dL/dz1)": np.ones_like(a1),
           "a1, the activation itself": a1, "z1, the pre-activation": z1,
           "b1, the bias value": np.broadcast_to(b1, z1.shape).astype(float)}
    out["1 - a1, a derivative missing a factor (the sigmoid's is a1 (1 - a1), tanh's (1 - a1) "
        "(1 + a1); exp(-z) / (1 + exp(-z)), its denominator not squared, is 1 - sigmoid(z))"] = \
        1 - a1
    for act, (form, short) in OF.items():   # the first of two that agree is the one named
        f, d = ACTS[act][:2]
        written = TRUE_WORDS[act].split(",")[0]
        out[f"{written.replace('a1', 'z1')}, {short} written from a1 but applied to z1 (where a1 "
            f"belongs)"] = d(z1, z1)
        out[f"{form.format(x='z1')}, {short} of z1"] = d(f(z1), z1)
        out[f"{form.format(x='a1')}, {short} of a1 (taken at the activation, where z1 belongs)"] = \
            d(f(a1), a1)
        out[f"{written} of a1 recomputed without b1 ({ACTS[act][2]}(w1 x): the bias left out of "
            f"the activation your backward pass uses)"] = d(f(z1 - b1), z1 - b1)
    out["a2 (1 - a2), the output layer's sigmoid derivative (the wrong layer's)"] = \
        np.broadcast_to(a2 * (1 - a2), z1.shape).astype(float)
    return out


def read_hidden(view, points, X, Y, seed=None, source=None):
    """g = dz1 / (w2^T dz2) per unit and sample (the learner's own dz2, from `source`), named."""
    seen, shaped = {}, set()
    for name, p, i, gi, x, z1, a1, _, a2 in _each(view, points, X, Y, seed):
        dz2, shaped = _dz2(gi, a1, source), shaped | ({"w1", "b1"} & set(gi))
        da1 = p["w2"].T * (dz2 or 0.0)
        keep = np.abs(da1) > 1e-6 * max(1e-300, float(np.abs(da1).max()))
        if not keep.any():
            continue
        named = {**hidden_candidates(z1, a1, p["b1"], a2),   # the net's own, ReLU's at 0
                 TRUE_WORDS[view.net.act]: view.net.deriv(a1, z1)}
        for k, dz1 in _dz1s(gi, x).items():
            got, cols = seen.setdefault(k, ([], {}))
            got.append(dz1[keep])    # compared as dz1 = da1 * f: no division by a small da1
            for w, f in named.items():
                cols.setdefault(w, []).append((da1 * f)[keep])
            cols.setdefault("_at", []).append((name, i, z1[keep], a1[keep], da1[keep],
                                               float(a2[0, 0])))
    if not seen:
        return Stage("hidden", True, "no sample reaches the hidden layer" if shaped
                     else "neither dw1 nor db1 has its right shape", {"unread": True})
    st = {k: _hidden_stage(np.concatenate(g), cols, view.net.act, view.rel)
          for k, (g, cols) in seen.items()}
    stage = _carried(_named_input(st, view, points, X, Y, seed), view.kind, "the hidden derivative")
    if stage.ok or "named" in stage.measured:
        return stage
    return _through(view, points, X, Y, seed, source) or stage


def _hidden_stage(g, cols, act, rel):
    true, meas, layer = TRUE_WORDS[act], {"g": g}, ACTS[act][2]
    deriv = true.split(",")[0]
    for w in [true] + [w for w in cols if w not in (true, "_at")]:
        f = np.concatenate(cols[w])
        k = _fit(g, f) if np.all(np.isfinite(f)) else None
        if k is None or not _agree(g, k * f, rel) or \
                w != true and _agree(f, np.concatenate(cols[true]), rel):
            continue      # (or the same numbers as the true derivative here)
        meas.update(named=w, factor=k)
        d = max(2, int(-np.log10(rel)))     # the digits it is measured to: 6 in float64
        times = "" if abs(k - 1) <= rel else f" (times {k:.{d}g}: the hidden layer carries " \
            f"{k:.{d}g} times the output layer's factor)"
        whose = "" if w == true else f", whose derivative is {deriv}"
        return Stage("hidden", w == true and abs(k - 1) <= rel, f"your hidden layer multiplies by "
                     f"{w}{times}; this layer is {layer}{whose}", meas)
    segs = np.split(g, np.cumsum([len(at[2]) for at in cols["_at"]])[:-1])   # g sample by sample
    ks = [_fit(got, seg) for got, seg in zip(segs, cols[true])]   # a factor of each sample's own?
    per = all(k is not None and _agree(got, k * seg, rel)
              for k, got, seg in zip(ks, segs, cols[true]))
    if per and not _agree(np.array(ks), np.full(len(ks), ks[0]), rel):   # one for all: named above
        a2 = np.array([at[5] for at in cols["_at"]])
        ks, s = np.array(ks), a2 * (1 - a2)
        c = _fit(ks * s, np.ones_like(ks))
        what = (f"w2^T dz2 / (a2 (1 - a2)){'' if abs(c - 1) <= rel else f' times {c:.4g}'}: the "
                f"output's sigmoid derivative a2 (1 - a2) is left out of what the hidden layer "
                f"gets (da1 built on the error a2 - y, or on dL/da2, where dz2 belongs)"
                if c and _agree(ks * s, np.full(len(ks), c), 1e-6) else
                f"w2^T dz2 times a factor of each sample's own ("
                f"{', '.join(f'{k:.4g}' for k in ks[:4])}{', ...' if len(ks) > 4 else ''})")
        return Stage("hidden", False, (
            f"your hidden layer multiplies by {deriv} (this layer is {layer}: right), but what "
            f"reaches it is not w2^T dz2 (your own dz2): it is {what}, at every sample and point"),
            {"g": g, "named": "per_sample", "factors": ks.tolist()})
    poly = _polynomial(g, cols["_at"], rel)
    if poly is not None:
        return Stage("hidden", False, f"your hidden layer multiplies by {poly}, at every sample "
                     f"and point; this layer is {layer}, whose derivative is {deriv}",
                     {**meas, "named": "polynomial"})
    shown = None    # the sample that differs whose z1 is furthest from 0 (there a sigmoid's a1
    for got, want, (name, i, z1, a1, da1, _) in zip(segs, cols[true], cols["_at"]):   # and 1 - a1,
        differs = not _agree(got, want, rel)                                # say, are told apart)
        if shown is None or differs and (not shown[0] or np.abs(z1).min() > np.abs(shown[4]).min()):
            shown = (differs, got / da1, name, i, z1, a1, want / da1)
    _, got, name, i, z1, a1, want = shown
    fmt = np.array2string
    return Stage("hidden", False, (
        f"your hidden layer multiplies dL/da1 by {fmt(got, precision=5)} at {name}, sample {i} "
        f"(z1 = {fmt(z1, precision=4)}, a1 = {fmt(a1, precision=4)}); this layer is {layer}, "
        f"whose derivative {deriv} is {fmt(want, precision=5)} there"), meas)


def _polynomial(g, at, rel):
    """c0 + c1 a1 + c2 a1**2 in words, where the learner's dz1 (g, every sample) is da1 times it
    with short coefficients (`1 - A1*2` typed for tanh's 1 - A1**2: 1 - 2 a1); else None."""
    a1, da1 = (np.concatenate([e[j] for e in at]) for j in (3, 4))
    basis = np.stack([da1, da1 * a1, da1 * a1 ** 2], axis=1)
    if np.linalg.matrix_rank(basis, tol=1e-8 * np.abs(basis).max(initial=0.0)) < 3:
        return None
    c = [float(f"{v:.4g}") for v in np.linalg.lstsq(basis, g, rcond=None)[0]]
    c = [v if abs(v) > 1e-6 * max(map(abs, c)) else 0.0 for v in c]
    if not _agree(g, basis @ np.array(c), rel):
        return None
    words = ""
    for v, term in zip(c, ("", "a1", "a1**2")):
        if not v:
            continue
        size = "" if abs(v) == 1 and term else f"{abs(v):g}" + (" " if term else "")
        sign = (" - " if v < 0 else " + ") if words else ("-" if v < 0 else "")
        words += sign + size + term
    return words or "0"


def read(view, points, X, Y, calls=None, batch=None):
    """Every stage in order, up to the first that differs. points: [(name, column params)], the
    learner's start first; calls: a calls Stage already read; batch: (b, replacement) or None."""
    p0, lr = points[0][1], H if view.kind == "step" else None
    view = _right_shapes(view, p0, X, Y, lr)
    stages = [calls or read_calls(view, p0, X, Y, lr)]
    random = stages[0].measured.get("random")
    if not stages[0].ok or random == "unseedable":
        return Reading(tuple(stages))
    seed = 1 if random else None
    if view.kind == "step":
        stages.append(read_lr(view, p0, X, Y, seed))
        if not stages[-1].ok:
            return Reading(tuple(stages))
    together = None if seed else read_samples(view, p0, X, Y)
    if batch is not None and batch[0] > 1:    # one sample is not a batch of b: another sum
        together = Stage("samples", True, f"a random mini-batch of {batch[0]} of the "
                         f"{X.shape[1]} samples: on data of one sample it computes something "
                         f"else, so the one-sample stages are not read", {"unread": True})
    if together is not None:
        return Reading((*stages, together))
    out = read_output(view, points, X, Y, seed)
    if not out.ok or out.measured.get("unread"):
        return Reading((*stages, out))
    inner = [(n, p) for n, p in points if "saturation" not in n]
    hidden = read_hidden(view, inner, X, Y, seed, out.measured.get("from"))
    if hidden.ok and not hidden.measured.get("unread"):
        out_from, first = out.measured.get("from"), hidden.measured["from"]
        hidden = _carried({h: _over_m(view, p0, X, Y, (seed, out_from), h) or hidden
                           for h in (first, *({"w1", "b1"} & set(view.names) - {first}))},
                          view.kind, "dz1")
    return Reading((*stages, out, hidden))
