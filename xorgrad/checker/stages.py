"""The stage reading: the learner's backward pass read from the outside, one stage at a time,
each quantity beside the true one of its own net (`Arch`) and loss (`losses.Target`):

    calls   two calls at the same point: the same answer; random (from which generator); or
            state (each call moves by a constant times the change the call before made)
    lr      a step called at lr, 2 lr, 4 lr moves in proportion, the same distance at every lr
            (a learning rate of its own), or as lr^2 (applied twice), layer by layer
    samples its answer on all the data against its answers on each sample alone
    output  dL/dz2 per sample (db2, and dw2 / a1, on data of one sample); and the factor it
            carries for m samples (the same sample twice: 1 = a mean, 2 = a sum)
    hidden  the learner's dz1 (db1, and dw1 / x) over w2^T dz2 (its own dz2), per unit and
            sample, named among functions of z1, a1 and b1 (the activations' derivatives, ...)

Each stage is read from every parameter of the right shape that carries its quantity: where one
carries the true quantity and another does not, the other's own line is named (`_carried`).
The records and the one-sample quantities are in sample.py; where numbers sit in the wrong
places (a weight's input, its entries, the output weights a hidden delta takes) in places.py.
`read` returns a `Reading`, whose `first_wrong` stage the verdict reports (hear.speak). The
learner is reached through one function, `ask(p, X, Y, lr, seed)`: column-layout parameters and
data in, the gradient (a 'grad') or new parameters (a 'step') out; a test plants a mistake in a
function of its own.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..contract import sigmoid
from .losses import (ACTS, FAMILY_WORDS, LAYERS, MEAN_OF, NAMED, Arch, flat, forward,
                     m_between_layers, name_for)
from .places import _named_input, _through
from .sample import (CARRY, H, REL, SAT, OutOfScope, Reading, Stage,  # noqa: F401 - View:
                     View, _agree, _carried, _cosine, _dz1s, _dz2, _dz2s, _fit,  # the reading's
                     _floor, _grad_at, _move, _moved, _one_sample, _true_dz2,  # API here too
                     _true_grad,
                     TRUE_WORDS)



GENERATORS = {"numpy": ("NumPy's global generator", "np.random.seed(0)"),
              "random": ("Python's random", "random.seed(0)"),
              "own": ("a generator of your own", "np.random.default_rng(0)")}


def _right_shapes(view, p, X, Y, lr):
    """The view of the parameters whose shape the learner returns right at p: a wrong shape (the
    verdict's table names it) carries no stage."""
    out = view.ask(p, X, Y, lr, None)
    return replace(view, names=tuple(k for k in view.names if np.shape(out.get(k)) == p[k].shape))


def read_calls(view, p, X, Y, lr):
    """A call at another point, then four calls at p; where they differ, three with every
    generator seeded (and where those agree, eight unseeded: settled state is not random), then
    each generator alone."""
    view = _right_shapes(view, p, X, Y, lr)
    view.ask({k: v + 0.25 for k, v in p.items()}, X, Y, lr, None)   # what a call leaves shows
    runs = [_move(view, p, X, Y, lr) for _ in range(4)]
    if all(np.array_equal(runs[0], r, equal_nan=True) for r in runs[1:]):
        return Stage("calls", True, "two calls at the same point agree", {"random": None})
    what = view.what
    edges = np.cumsum([0] + [np.size(p[k]) for k in view.names])
    moving = [k for k, a, b in zip(view.names, edges, edges[1:])    # the parameters whose
              if not all(np.array_equal(runs[0][a:b], r[a:b], equal_nan=True) for r in runs)]

    def done(stage):       # answers differ call by call: those parameters' alone
        return replace(stage, measured={**stage.measured, "params": moving})

    def alike(seed):
        first = _move(view, p, X, Y, lr, seed)
        return all(np.array_equal(first, _move(view, p, X, Y, lr, seed), equal_nan=True)
                   for _ in range(2))
    if alike(1):
        late = [_move(view, p, X, Y, lr) for _ in range(8)]   # unseeded again: settled?
        if all(_agree(late[0], r, 1e-9) for r in late[1:]) and not _agree(runs[0], late[0], REL):
            return done(_settled(what))
        which = "numpy" if alike((1, "numpy")) else "random" if alike((1, "random")) else "own"
        return Stage("calls", True, f"your step is random: two calls at the same point differ, "
                     f"and agree with {GENERATORS[which][0]} seeded",
                     {"random": "seedable", "generator": which})
    sizes = [_fit(r, runs[0]) for r in runs]
    steps = [b - a for a, b in zip(runs, runs[1:])]
    betas = [_fit(b, a) for a, b in zip(steps, steps[1:])]
    beta = betas[0]
    state = (None not in betas and _agree(np.array(betas[:1]), np.array(betas[1:]), 1e-6)
             and all(_agree(b, c * a, 1e-6) for a, b, c in zip(steps, steps[1:], betas)))
    if state and not _agree(runs[1], beta * runs[0], 1e-6):   # else it adds nothing: a size r^t
        # v = beta v + lr g: the g it adds
        added = _added_words(view, p, X, Y, (runs[1] - beta * runs[0]) / (lr or 1.0))
        if abs(beta - 1) <= 1e-6:    # v = v + g: a sum never reset, not momentum
            return done(Stage("calls", False, (
                f"two calls at the same point differ: each returns what the one before returned "
                f"plus the same amount (with every generator seeded too): your {what} adds each "
                f"call's {what} to a sum it keeps between calls and never resets (an accumulator, "
                f"a .grad never zeroed), so from the second call on it returns the sum of every "
                f"call's {what} so far; reset it at the start of each call{added}"),
                {"random": None, "state": "sum"}))
        return done(Stage("calls", False, (
            f"two calls at the same point differ, each from the one before by {beta:.4g} times "
            f"the change the call before made (with every generator seeded too): your {what} "
            f"keeps state between calls (momentum with beta {beta:.4g}, say), so what one call "
            f"does depends on the calls before it{added}"), {"random": None, "state": beta}))
    if state or all(c is not None and _agree(r, c * runs[0]) for c, r in zip(sizes, runs)):
        return done(_rescaled(view, p, X, Y, (runs[0], sizes)))
    return Stage("calls", True, "your step is random: two calls at the same point differ, even "
                 "with NumPy's and random's generators seeded",
                 {"random": "unseedable", "generator": None})


def _settled(what):
    """Calls at one point that differ at first, then all agree unseeded: not randomness but state
    one call leaves for the next (a stored gradient applied a call late), settled."""
    return Stage("calls", False, (
        f"calls at the same point differ at first and then agree, eight in a row, with no "
        f"generator seeded: your {what} keeps state between calls that changes its answer (a "
        f"value the call before stored and this one uses, say: a gradient applied a call late, "
        f"update before backward, or a delta kept from the call before), so what one call does "
        f"depends on the call before it"),
        {"random": None, "state": "history"})


def _rescaled(view, p, X, Y, moves):
    """Calls at one point that all move the same way by different amounts: state that scales the
    move (an lr schedule, a counter), not randomness; the loss family whose gradient it follows."""
    first, sizes = moves
    what = view.what
    cosines = {fam: _cosine(first, flat(_true_grad(p, X, Y, view.net, fam), view.names))
               for fam in view.net.families}
    along = next((f"; every call moves along the gradient of the {FAMILY_WORDS[fam]} (cosine "
                  f"{cos:+.6f})" for fam, cos in cosines.items() if cos > 1 - REL), "")
    return Stage("calls", False, (
        f"two calls at the same point move the same way by different amounts "
        f"({', '.join(f'{c:.4g}' for c in sizes)} times the first call's move, with every "
        f"generator seeded too): your {what} keeps state between calls that changes the size of "
        f"its move (a learning-rate schedule or a call counter, say), so what one call does "
        f"depends on the calls before it{along}"), {"random": None, "state": "scale",
                                                    "sizes": [float(c) for c in sizes]})


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
    if not found:
        return ""
    if len(found) == len(LAYERS) and len(set(found.values())) == 1 and None not in found.values():
        return (f"; the gradient it adds each call is the gradient of {found['hidden layer']} "
                f"(measured at the first point)")
    return "; the gradient it adds each call: " + ", ".join(
        f"the {layer} {'follows ' + w if w else 'follows no loss check names'}"
        for layer, w in found.items())



def read_lr(view, p, X, Y, seed=None):
    """The power of lr each parameter's displacement goes as (from lr = H, 2H, 4H), named by
    layer where a layer's parameters agree."""
    moves = [view.ask(p, X, Y, j * H, seed) for j in (1, 2, 4)]
    sizes = {k: [float(np.linalg.norm(np.ravel(p[k] - m[k]))) for m in moves] for k in view.names}
    powers = {k: (np.log2(s[2] / s[0]) / 2 if s[0] > 0 and s[2] > 0 else None)
              for k, s in sizes.items()}
    rounded = {k: (None if v is None or abs(v - round(v)) > 0.05 else int(round(v)))
               for k, v in powers.items()}
    meas = {"powers": powers}
    if not any(any(s) for s in sizes.values()):   # nothing moves at any lr
        return Stage("lr", False, (
            f"your step returns every parameter unchanged at every lr (check called it at lr "
            f"{H:g}, {2 * H:g} and {4 * H:g}): whatever it computes never reaches what it returns "
            f"(a loop variable rebound, `for p, g in zip(params, grads): p = p - lr * g`, "
            f"changes nothing outside the loop; update the arrays in place or return new ones)"),
            {**meas, "own_lr": 0.0})
    if all(v in (1, None) for v in rounded.values()):
        meas["bent"] = bent = {k: v for k, v in _bent(view, p, X, Y, seed).items() if v > view.rel}
        return _bent_stage(bent, meas) if bent else \
            Stage("lr", True, "your step moves in proportion to lr, and on data of one sample "
                  "its move is linear in lr", meas)
    if all(v == 0 for v in rounded.values()):
        fam = view.target.family if view.target.family in MEAN_OF else view.net.families[0]
        _, scale, loss = NAMED[MEAN_OF[fam]]
        ref = flat(_true_grad(p, X, Y, view.net, fam, scale(X.shape[1])), view.names)
        d, back = _moved(p, moves[0], view.names), flat(moves[0], view.names)   # back: returned
        own, cos = _fit(d, ref), _cosine(d, ref)
        meas.update(own_lr=own, cosine=cos)
        if _cosine(back, ref) > 1 - REL:
            return Stage("lr", False, (
                f"your step returns the gradient itself ({_fit(back, ref):.4g} times the gradient "
                f"of the {loss}, at every lr), not the new parameters: return "
                f"w1 - lr * dw1 and so on"), meas)
        uses = (f": it uses {own:.3g} of its own (its move is {own:.3g} times the gradient of "
                f"the {loss}, cosine {cos:+.4f})" if own and cos > 0.999
                else f" (cosine {cos:+.3f} with the gradient of the {loss})")
        return Stage("lr", False, f"your step moves the same distance at every lr (check called "
                     f"it at lr {H:g}, {2 * H:g} and {4 * H:g}){uses}; the lr argument is never "
                     f"used", meas)
    words = {0: "the same distance at every lr (a learning rate of its own)",
             2: "as lr^2: the learning rate is applied twice"}
    parts = []
    for layer, ks in LAYERS:    # a layer whose parameters agree is named as the layer
        ks = [k for k in ks if k in rounded and rounded[k] not in (1, None)]
        whole = len(ks) > 1 and len({rounded[k] for k in ks}) == 1
        for who, k in ([(layer, ks[0])] if whole else [(k, k) for k in ks]):
            parts.append(f"your {who} moves {words.get(rounded[k], f'as lr^{powers[k]:.2f}')}")
    meas["params"] = [k for k in view.names if rounded.get(k) not in (1, None)]   # not as lr
    return Stage("lr", False, "; ".join(parts), meas)


def _bent(view, p, X, Y, seed):
    """{layer: its lr^2 part beside its first at lr H} on data of one sample (the one with the
    largest |x|), the moves at lr H, 2H, 4H fitted as a cubic in lr: one update of one sample at
    the point given is linear in lr, whatever the loss."""
    i = int(np.argmax(np.abs(X).sum(axis=0)))
    moves = [view.ask(p, X[:, [i]], Y[:, [i]], j * H, seed) for j in (1, 2, 4)]
    out = {}
    for layer, ks in LAYERS:
        d = np.array([_moved(p, m, [k for k in ks if k in view.names]) for m in moves])
        first, second, _ = np.linalg.solve(np.array([[1, 1, 1], [2, 4, 8], [4, 16, 64]], float), d)
        out[layer] = float(np.linalg.norm(second) / max(float(np.linalg.norm(first)), 1e-300))
    return out


def _bent_stage(bent, meas):
    """Not linear in lr on one sample: one layer bends (its update reads a value the other's
    already changed), or both (more than one update a call)."""
    parts = "; ".join(f"your {layer}'s move has an lr^2 part {v:.3g} times its first at lr {H:g}"
                      for layer, v in bent.items())
    if len(bent) == 1:
        (layer,) = bent
        other = next(name for name, _ in LAYERS if name != layer)
        why = (f"the {other}'s move is linear in lr, so the {layer}'s update reads a value the "
               f"{other}'s update in the same call has already changed ("
               f"{'dz1 taken through the new w2' if layer == 'hidden layer' else 'a1 from the new w1'}"
               f", say): compute every gradient before changing any parameter")
    else:
        why = ("one call is not one gradient step at the point it is given (updates repeated "
               "inside the call, or values the call has already changed used again)")
    return Stage("lr", False, f"on data of one sample your step is not linear in lr ({parts}): "
                 f"{why}", meas)


ADDITIVE = 1e-3   # a step bending with lr (a per-sample loop) ~1e-4 at H; or the learner's view.rel


def read_samples(view, p, X, Y):
    """None where each parameter's answer on all the data is a multiple of the sum of its answers
    on each sample alone (a summed or averaged loss: the one-sample stages apply), else a Stage:
    each sample weighted on its own (_weighted), or not additive at all (a clip by the norm)."""
    g, one = _grad_at(view, p, X, Y, None), _one_sample(view, p, X, Y, None)
    ks, tol, dev = [k for k in g if all(k in gi for gi in one.values())], max(ADDITIVE, view.rel), 0.0
    for k in ks:
        full, total = np.ravel(g[k]), sum(np.ravel(gi[k]) for gi in one.values())
        c = _fit(full, total)
        if c is None and np.any(full):    # nothing on each sample alone, something on all
            dev = 1.0
        elif c is not None and not _agree(full, c * total, tol):
            dev = max(dev, float(np.abs(full - c * total).max() / np.abs(full).max()))
    if not dev:
        return None
    what = "step's move" if view.kind == "step" else "gradient"
    return _weighted(view, p, (X, Y), (g, ks, tol), what) or _stale(view, p, (X, Y), g, tol) or \
        Stage("samples", True, (
        f"at your start your {what} on all {X.shape[1]} samples is not a multiple of the sum of "
        f"its {what}s on each sample alone (a parameter's is off its best multiple by {dev:.2g} "
        f"of its size): your code treats the samples together (a clip by the norm, a "
        f"normalisation, a statistic of the batch, a rounding?), so what it does on one sample "
        f"does not show what it does on all of them"), {"unread": True, "deviation": dev})


STALE = {"w2": ("dz2", "a1"), "w1": ("dz1", "x")}   # a weight: its delta, its input


def _stale(view, p, data, g, tol):
    """A samples Stage where the learner's weight gradient on all the data is the sum over the
    samples of one sample's delta times the previous sample's input, or the previous sample's
    delta times this one's input (zeros before the first), or each delta times the last sample's
    input (a value kept from another pass of a per-sample loop), or the product of the means of
    delta and input; each scaled as the bias beside it scales the sum of its deltas; else None."""
    (X, Y), m = data, data[0].shape[1]
    fam = view.target.family if view.target.family in FAMILY_WORDS else view.net.families[0]
    z1, a1, _, a2 = forward(p, X, view.net)
    dz2 = _true_dz2(a2, Y, view.net, fam)
    qs = {"dz2": dz2, "a1": a1, "dz1": (p["w2"].T @ dz2) * view.net.deriv(a1, z1), "x": X}
    for w in (w for w in STALE if w in g and "b" + w[1] in g):
        (dn, vn), (delta, given) = STALE[w], (qs[n] for n in STALE[w])
        c = _fit(np.ravel(g["b" + w[1]]), delta.sum(axis=1))   # the bias's factor on its sum
        shift = {n: np.hstack([np.zeros_like(q[:, :1]), q[:, :-1]]) for n, q in ((dn, delta),
                                                                                 (vn, given))}
        total = delta.sum(axis=1, keepdims=True)
        for words, sums, k in (
                (f"pairs each sample's {vn} with the previous sample's {dn} (zeros before the "
                 f"first): in a per-sample loop, the line that adds to d{w} runs before {dn} is "
                 f"computed for this sample, say", shift[dn] @ given.T, c),
                (f"pairs each sample's {dn} with the previous sample's {vn} (zeros before the "
                 f"first): {vn} kept from the sample before in a per-sample loop",
                 delta @ shift[vn].T, c),
                (f"pairs each sample's {dn} with the last sample's {vn}: the {vn} kept from the "
                 f"last pass of a per-sample loop (a variable each pass overwrites), used for "
                 f"every sample", total @ given[:, -1:].T, c),
                (f"is the product of the means, outer(mean of {dn}, mean of {vn}), where the "
                 f"mean of the products {dn} {vn}^T belongs", total @ given.sum(axis=1,
                                                                             keepdims=True).T,
                 c / m if c else None)):
            if k and _agree(np.ravel(g[w]), k * np.ravel(sums), tol):
                return Stage("samples", False, f"at your start your d{w} on all {m} samples "
                             f"{words}", {"stale": (w, words)})
    return None


PER_SAMPLE = {"bce": "-(y log a2 + (1 - y) log(1 - a2))", "se": "(a2 - y)^2 / 2"}


def _weighted(view, p, data, got, what):
    """A Stage where the answer on all the data is one loss family's per-sample gradients, each
    sample with a weight of its own (one skipped, one counted twice), else None."""
    (X, Y), (g, ks, tol), m = data, got, data[0].shape[1]
    full = flat(g, ks)
    fams = sorted(view.net.families, key=lambda f: f != view.target.family)   # its own first
    for fam in fams:          # a weight per sample absorbs a2 (1 - a2), the families' ratio
        per = np.stack([flat(_true_grad(p, X[:, [i]], Y[:, [i]], view.net, fam), ks)
                        for i in range(m)], axis=1)
        w = np.linalg.lstsq(per, full, rcond=None)[0]
        if not (np.any(w) and _agree(full, per @ w, tol)):
            continue
        if _agree(w, np.full(m, w.mean()), tol):   # a plain sum or mean here: its one-sample
            return None                             # answers are what is not additive (a clip)
        slip = _precedence(view, p, (X, Y), w, tol)
        if slip is not None:
            return Stage("samples", False, f"at your start your {what} on all {m} samples is "
                         f"that of {slip}", {"weights": w.tolist(), "precedence": slip})
        never = [i for i in range(m) if abs(w[i]) <= tol * np.abs(w).max()]
        w[never] = 0.0
        last = "; the last one never counts: does a loop stop one sample short (range(len(X) - " \
            "1))?" if never == [m - 1] else f"; sample{'s' * (len(never) > 1)} " \
            f"{', '.join(map(str, never))} never count{'s' * (len(never) == 1)}" if never else ""
        return Stage("samples", False, (
            f"at your start your {what} on all {m} samples is the gradient of each sample's "
            f"{PER_SAMPLE[fam]} times a weight of its own: " + ", ".join(
                f"sample {i} (x = [{', '.join(f'{v:g}' for v in X[:, i])}], y = {Y[0, i]:g}) {w[i]:.3g}"
                for i in range(m))
            + f" (a summed loss weighs every sample 1, a mean 1/{m}){last}"), {"weights": w.tolist()})
    return None


def _precedence(view, p, data, w, tol):
    """Words where each sample's weight w_i is, times one constant, e_i / (a2_i - y_i) for an
    error e written with its division binding to one term (a2 - Y / m, a2 / m - Y): an
    operator-precedence slip, which one sample (m = 1) cannot show; else None."""
    (X, Y), m = data, data[0].shape[1]
    a2, y = np.ravel(forward(p, X, view.net)[3]), Y[0]
    for expr, e, alone in (("a2 - Y / m", a2 - y / m, "Y"), ("a2 / m - Y", a2 / m - y, "a2")):
        k = _fit(w, e / (a2 - y))
        if k and _agree(w, k * e / (a2 - y), tol):
            times = "" if abs(k - 1) <= tol else f" (times {k:.4g})"
            return (f"dz2 built on the error {expr}{times} per sample where (a2 - Y) / m "
                    f"belongs: the division binds to "
                    f"{alone} alone (operator precedence), which data of one "
                    f"sample (m = 1) cannot show")
    return None


def read_output(view, points, X, Y, seed=None):
    """The learner's dL/dz2 per sample, at every point, beside the true one (c at m = 1), read
    from each output-layer parameter that carries it (_carried); then its factor for m samples."""
    t = view.target
    if t.family not in FAMILY_WORDS:
        return Stage("output", True, "judged against your own cost, whose dL/dz2 check does not "
                     "know in closed form: the reading stops here", {"unread": True})
    rows = _output_rows(view, points, X, Y, seed)
    if not rows:
        return Stage("output", True, "neither db2 nor dw2 has its right shape", {"unread": True})
    st = _named_input({k: _output_stage(rows[k], t) for k in rows}, view, (points, X, Y, seed))
    stage, bad = _carried(st, view.kind, "dz2"), [k for k in st if not st[k].ok]
    k = stage.measured["from"]
    if len(bad) == len(st) > 1 and _differ(rows[bad[0]], rows[bad[1]]):
        stage = Stage("output", False, f"{stage.text} (read from d{k}); read from d{bad[1]} "
                      f"({CARRY[bad[1]]}): {st[bad[1]].text}", stage.measured)
    if stage.ok and all(v.ok for v in st.values()):   # the factor for m samples, as each
        return _carried({s: _over_m(view, points[0][1], X, Y, (seed, s)) or stage   # carrier
                         for s in (k, *(s for s in rows if s != k))}, view.kind, "dz2")  # has it
    if stage.ok:       # a carrier's own line is named already: the factor from the right one
        return _over_m(view, points[0][1], X, Y, (seed, k)) or stage
    if "epsilon" in stage.measured:
        return stage
    _other_output(rows[k], dict(points), X, Y, bool({"b1", "b2"} & set(view.names)))
    ratios = stage.measured.get("ratios") or {}
    if not ratios and view.assumed:
        _unknown_hidden(view, points, X, Y, seed)         # raises where it reads another one
        return Stage("output", True, (
            f"no net check knows fits any parameter of your gradient, and your dL/dz2 "
            f"differs from that of the {ACTS[view.net.act][2]} net check took in no pattern, so "
            f"the true one is not known; your net may be one check does not know (another "
            f"activation in the hidden layer or at the output, or a sigmoid written another way), "
            f"or your dL/dz2 wrong in a way check does not name"), {"unread": True})
    if ratios and _agree(np.array(list(ratios.values())),   # one factor on every sample
                         np.full(len(ratios), next(iter(ratios.values())))):
        return _constant_divisor(view, points[0][1], X, Y, (seed, k, ratios)) or stage
    return stage


def _unknown_hidden(view, points, X, Y, seed):
    """Raise OutOfScope where the learner's hidden activation, read on data of one sample as
    a1 = dw2 / db2 (dw2 = dz2 a1^T), is a function of z1 that none of check's activations is,
    and its dL/dz2 is that of a sigmoid output on those a1: a net check cannot judge."""
    seen = []
    for _, p in points:
        for i, g in _one_sample(view, p, X, Y, seed).items():
            db2 = float(np.ravel(g.get("b2", [0.0]))[0])
            if "w2" not in g or abs(db2) < 1e-9:   # a1 = dw2 / db2 is read where db2 is not tiny
                continue
            a1 = np.ravel(g["w2"]) / db2
            z2 = float(p["w2"].ravel() @ a1 + p["b2"].ravel()[0])
            z1 = forward(p, X[:, [i]], view.net)[0].ravel()
            seen.append((z1, a1, db2, z2, Y[0, i]))
    if len(seen) < 4:
        return
    z, a, got, z2, y = zip(*seen)
    z, a, got, z2, y = np.concatenate(z), np.concatenate(a), np.array(got), np.array(z2), np.array(y)
    scaled = _scaled_act(z, a)
    outs = {k2: sigmoid(k2 * z2) - y for k2 in {1.0, scaled[1] if scaled else 1.0}}
    fits = {k2: _fit(got, want) for k2, want in outs.items()}
    k2 = next((k2 for k2, c in fits.items() if c and _agree(got, c * outs[k2], 1e-6)), None)
    if any(_agree(a, ACTS[act][0](z), 1e-6) for act in ACTS) or k2 is None:
        return
    if scaled:
        act, k = scaled
        half = ": 0.5 (1 + tanh(z)) is sigmoid(2 z); the sigmoid is 0.5 (1 + tanh(z / 2))" \
            if act == "sigmoid" and abs(k - 2) < 1e-6 else \
            ": sigmoid(-z) is 1 / (1 + np.exp(z)), the minus of np.exp(-z) missing (a typo in " \
            "your sigmoid?)" if act == "sigmoid" and abs(k + 1) < 1e-6 else ""
        raise OutOfScope(
            f"your hidden units compute {act}({k:.4g} z1), not {act}(z1), read on data of one "
            f"sample as dw2 / db2 (dw2 = dz2 a1^T carries a1)"
            f"{f', and your output sigmoid({k2:.4g} z2)' if k2 != 1 else ''}{half}; check judges "
            f"{act}(z) itself only, so it cannot judge this net"
            f"{'; fix the sigmoid and check again' if 'typo' in half else ''}")
    neg, pos = z < 0, z > 0
    slopes = [_fit(a[s], z[s]) if s.any() else None for s in (neg, pos)]
    leaky = all(k is not None and _agree(a[s], k * z[s], 1e-6) for k, s in zip(slopes, (neg, pos)))
    what = (f"a1 = {slopes[1]:.4g} z1 above 0 and {slopes[0]:.4g} z1 below: a leaky ReLU" if leaky
            else "a1 = " + ", ".join(f"{av:.4g} at z1 = {zv:.4g}" for zv, av in list(zip(z, a))[:4]))
    raise OutOfScope(
        f"your hidden units are none of the activations check knows: read on data of one sample "
        f"as dw2 / db2 (dw2 = dz2 a1^T carries a1), {what}; your dL/dz2 is that of a sigmoid "
        f"output on those a1; check judges sigmoid, tanh and ReLU hidden units only, so it "
        f"cannot judge this net")


def _scaled_act(z, a):
    """(activation, k) where a = f(k z) at every sample for the sigmoid or tanh, k not 1 (a
    sigmoid written 0.5 (1 + tanh(z)) is sigmoid(2 z)); else None."""
    inverses = {"sigmoid": lambda v: np.log(v / (1 - v)), "tanh": np.arctanh}
    for act, inv in inverses.items():   # read where f is not flat: away from its bounds
        inside = (a > -0.999 if act == "tanh" else a > 1e-3) & (a < 0.999)
        if inside.sum() < 4:
            continue
        u = inv(a[inside])
        k = _fit(u, z[inside])
        if k and abs(k - 1) > 1e-3 and _agree(u, k * z[inside], 1e-6):
            return act, k
    return None


def _constant_divisor(view, p, X, Y, got):
    """The output Stage where a mean's dL/dz2 is k times the true one on one sample, 1/k a whole
    number, and sums with the sample given twice: it divides by a constant 1/k, not by the number
    of samples (right on data of that many samples only); else None."""
    seed, source, ratios = got
    t, k = view.target, next(iter(ratios.values())) * view.target.factor   # against the named
    if t.base is None or NAMED[t.base][1](2) * 2 != NAMED[t.base][1](1) or not k:   # loss
        return None            # a loss summed over the samples: a constant is a factor there
    if abs((_dz2_twice(view, p, X, Y, (seed, source)) or 0.0) - 2) > 1e-2:
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
                              + ("; that is the factor above, and on data of another size it is "
                                 "another" if told else ""))),
        {"constant": d, "from": source})


def _output_rows(view, points, X, Y, seed):
    """{source: rows (point, sample, a2, y, the learner's dz2, the true one, the floor: _floor)}
    for each output-layer parameter that carries dz2 (b2, w2)."""
    t, rows = view.target, {}
    c1 = NAMED[t.base][1](1) * t.factor if t.base else t.c   # its constant for one sample
    for name, p in points:
        at = []
        for i, gi in _one_sample(view, p, X, Y, seed).items():
            x, y = X[:, [i]], Y[:, [i]]
            _, a1, _, a2 = forward(p, x, view.net)
            want = float(_true_grad(p, x, y, view.net, t.family, c1)["b2"][0, 0])
            at.append(((name, i, float(a2[0, 0]), float(y[0, 0])), want, _dz2s(gi, a1)))
        f = _floor(view, p, [want for _, want, _ in at])
        for row, want, ds in at:
            for k, d in ds.items():
                if d is not None:
                    rows.setdefault(k, []).append((*row, d, want, f))
    return rows


def _differ(rows, other):
    """Whether two parameters carry different dz2 at some sample both carry it at."""
    theirs = {r[:2]: r[4] for r in other}
    return any(abs(r[4] - theirs[r[:2]]) > REL * abs(r[5]) + r[6] for r in rows if r[:2] in theirs)


def _twice(view, p, X, Y, seed):
    """The x and a1 of the sample with the largest |x| (every layer's parameters carry its
    quantity there), and the learner's gradient (a step: -move / H) on it alone and given twice."""
    i = int(np.argmax(np.abs(X).sum(axis=0)))
    x, y = X[:, [i]], Y[:, [i]]
    once, twice = (_grad_at(view, p, xx, yy, seed) for xx, yy in
                   ((x, y), (np.repeat(x, 2, axis=1), np.repeat(y, 2, axis=1))))
    return x, forward(p, x, view.net)[1], once, twice


def _dz2_twice(view, p, X, Y, seed_from):
    """The learner's dz2 (from `source`, b2 or w2) with one sample (_twice's) given twice over
    its dz2 with it once: 1 where it divides by m, 2 where it sums; None where it carries none."""
    seed, source = seed_from
    _, a1, once, twice = _twice(view, p, X, Y, seed)
    base, two = _dz2(once, a1, source), _dz2(twice, a1, source)
    return two / base if base and two is not None else None    # dw2 = (dz2 + dz2) a1^T: a1 once


def _over_m(view, p, X, Y, seed_from):
    """The output Stage where the factor its layer carries for m samples (_dz2_twice) is not the
    target's; else None."""
    t = view.target
    if t.base is None:
        return None
    got = _dz2_twice(view, p, X, Y, seed_from)
    c = NAMED[t.base][1]
    want = c(2) * 2 / c(1)
    tol = 1e-2 if view.kind == "step" else REL   # a per-sample loop's second update: O(H)
    if got is None or abs(got - want) <= tol * want:
        return None
    return Stage("output", False, (
        f"with one sample given twice (m = 2), your output layer's dL/dz2 sums to {got:.6g} "
        f"times what it is with the sample once: it "
        f"{'sums over' if abs(got - 2) < 1e-6 else 'scales with'} the samples; {_loss_words(t)} "
        f"gives {want:g} times ({'it divides by m' if want == 1 else 'it sums'})"),
        {"over_m": got, "want": want, "alone": f"with one sample given twice (m = 2) it sums to "
         f"{got:.6g} times what it is with the sample once, where {_loss_words(t)} gives {want:g}"})


def _hidden_over_m(view, p, X, Y, seed_from):
    """The factor the hidden layer carries for m samples beside the output layer's: its dz1 with
    one sample twice over against with it once, and the same for dz2 (data of one sample
    cannot tell a /m in one layer only: m = 1 there); None where the two layers agree."""
    seed, (out_from, hid_from) = seed_from
    x, a1, once, twice = _twice(view, p, X, Y, seed)
    d1, d2 = (_dz1s(g, x).get(hid_from) for g in (once, twice))
    o1, o2 = _dz2(once, a1, out_from), _dz2(twice, a1, out_from)
    if d1 is None or d2 is None or not o1 or o2 is None or _fit(d2, d1) is None:
        return None
    hid, out = _fit(d2, d1), o2 / o1
    tol = 1e-2 if view.kind == "step" else view.rel
    if abs(hid - out) <= tol * abs(out):
        return None
    why = m_between_layers(hid / out, 2, 1e-2)
    return Stage("hidden", False, (
        f"with one sample given twice (m = 2), your hidden layer's dL/dz1 sums to {hid:.6g} "
        f"times what it is with the sample once, your output layer's dL/dz2 to {out:.6g} times: "
        f"the hidden layer carries {hid / out:.6g} times the output layer's factor for m samples"
        f"{': ' + why if why else ''}, so together the layers follow no one loss"),
        {"over_m": hid, "output_over_m": out, "alone": f"with one sample given twice (m = 2) it "
         f"sums to {hid:.6g} times what it is with the sample once, where dL/dz2 sums to {out:.6g}"})


def _other_output(rows, at, X, Y, biases):
    """Raise OutOfScope where every dL/dz2 (rows: _output_rows's; at: {point: params}) is
    c (tanh(z2) - y) (1 - tanh(z2)^2) of one hidden activation's net: a tanh output on the squared
    error, which no loss check knows pairs with."""
    got, y = np.array([r[4] for r in rows]), np.array([Y[0, r[1]] for r in rows])
    for act in ACTS:
        a = np.array([np.tanh(forward(at[name], X[:, [i]], Arch(act, "linear"))[2][0, 0])
                      for name, i, *_ in rows])
        want = (a - y) * (1 - a * a)
        c = _fit(got, want)
        if c and _agree(got, c * want, 1e-6):
            raise OutOfScope(
                f"your output unit is tanh: at every point and sample check tried, your dL/dz2 is "
                f"{'' if abs(c - 1) < 1e-9 else f'{c:.4g} '}(tanh(z2) - y) (1 - tanh(z2)**2), "
                f"z2 from {ACTS[act][2]} hidden units{'' if biases else ' without biases'}; check "
                f"pairs its losses only with a sigmoid output (cross-entropy, squared error) or a "
                f"linear one (squared error), so it cannot judge this net (a sigmoid output, or "
                f"OUTPUT = 'linear', it can)")


def _loss_words(t):
    return f"the {NAMED[t.name][2]}" if t.name in NAMED else t.words


def _output_stage(rows, t):
    bad = [r for r in rows if abs(r[4] - r[5]) > REL * abs(r[5]) + r[6]]
    meas = {"rows": rows}
    if not bad:
        return Stage("output", True, f"your dL/dz2 equals the true one ({_loss_words(t)}) at every "
                     f"sample and point", meas)
    if all(min(r[2], 1 - r[2]) < SAT for r in bad):   # right wherever outputs are away from 0, 1
        eps = [(r[2] if r[3] > 0.5 else 1 - r[2]) * (r[5] / r[4] - 1) for r in bad if r[4] != 0]
        eps = [e for e in eps if e > 0]
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
    by_y = _ratios_by_label(rows)
    if by_y:
        meas.update(ratios=by_y)
        k1, k0 = by_y.get(1.0), by_y.get(0.0)
        if k1 is None or k0 is None or _agree(np.array([k1]), np.array([k0])):
            k = k1 if k1 is not None else k0
            return Stage("output", False, f"your dL/dz2 is {k:.6g} times the true one "
                         f"({_loss_words(t)}) at every sample and point", meas)
        sign = f": the sign is wrong on the samples with y = {0 if k0 < 0 else 1}" \
            if _agree(np.array([k1]), np.array([-k0])) else ""
        return Stage("output", False, (
            f"your dL/dz2 is {k1:.6g} times the true one ({_loss_words(t)}) on the samples with y = 1 "
            f"and {k0:.6g} times on those with y = 0, at every point{sign}"), meas)
    name, i, a, y, got, want, _ = bad[0]
    return Stage("output", False, (
        f"your dL/dz2 for sample {i} (y = {y:g}) at {name} is {got:.6g}; the true one ({_loss_words(t)}) "
        f"is {want:.6g} (output a2 = {a:.6g}); it differs at {len(bad)} of {len(rows)} "
        f"samples"), meas)


def _ratios_by_label(rows):
    """{y: k} where the learner's dz2 is k times the true one on every sample labelled y (the
    samples whose true dz2 is below the floor left out); None where no such k holds."""
    out = {}
    for y in (0.0, 1.0):
        q = [r[4] / r[5] for r in rows if r[3] == y and abs(r[5]) > 10 * r[6]]
        if q and _agree(np.array(q), np.full(len(q), np.median(q)), 1e-5):
            out[y] = float(np.median(q))
        elif q:
            return None
    return out or None


OF = {"sigmoid": ("sigmoid({x}) (1 - sigmoid({x}))", "sigma'"), "tanh": ("1 - tanh({x})**2", "tanh'"),
      "relu": ("({x} > 0)", "ReLU'")}   # each activation's derivative as a function of its input


def hidden_candidates(z1, a1, b1, a2=None):
    """{words: what a hidden layer may multiply dL/da1 by}: each activation's derivative written
    from a1, that formula applied to z1, the derivative taken at z1, and at a1 where z1 belongs,
    and at an a1 recomputed without b1; no derivative; 1 - a1 (a factor missing); a1, z1, b1
    themselves; the output layer's a2 (1 - a2) (the wrong layer's)."""
    out = {**dict(zip(TRUE_WORDS.values(), (ACTS[act][1](a1, z1) for act in TRUE_WORDS))),
           "1: no derivative (dL/da1 used as dL/dz1)": np.ones_like(a1),
           "a1, the activation itself": a1, "z1, the pre-activation": z1,
           "b1, the bias value": np.broadcast_to(b1, z1.shape).astype(float)}
    out["1 - a1, a derivative missing a factor (the sigmoid's is a1 (1 - a1), tanh's (1 - a1) "
        "(1 + a1); exp(-z) / (1 + exp(-z)), its denominator not squared, is 1 - sigmoid(z))"] = 1 - a1
    for act, (form, short) in OF.items():   # the first of two that agree is the one named
        f, d = ACTS[act][:2]
        written = TRUE_WORDS[act].split(",")[0].replace("a1", "z1")
        out[f"{written}, {short} written from a1 but applied to z1 (where a1 belongs)"] = d(z1, z1)
        out[f"{form.format(x='z1')}, {short} of z1"] = d(f(z1), z1)
        out[f"{form.format(x='a1')}, {short} of a1 (taken at the activation, where z1 belongs)"] = \
            d(f(a1), a1)
        out[f"{TRUE_WORDS[act].split(',')[0]} of a1 recomputed without b1 ({ACTS[act][2]}(w1 x): "
            f"the bias left out of the activation your backward pass uses)"] = \
            d(f(z1 - b1), z1 - b1)
    if a2 is not None:
        out["a2 (1 - a2), the output layer's sigmoid derivative (the wrong layer's)"] = \
            np.broadcast_to(a2 * (1 - a2), z1.shape).astype(float)
    return out




def read_hidden(view, points, X, Y, seed=None, source=None):
    """g = dz1 / (w2^T dz2) per unit and sample, named: the learner's own dz2 (from `source`, the
    output-layer parameter that carries it) and dz1, read from each hidden-layer parameter that
    carries it (_dz1s); where they differ, the wrong one's own line is named (_carried)."""
    seen, shaped = {}, set()
    for name, p in points:
        for i, gi in _one_sample(view, p, X, Y, seed).items():
            x = X[:, [i]]
            z1, a1, _, a2 = forward(p, x, view.net)
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
    stage = _carried(_named_input(st, view, (points, X, Y, seed)), view.kind,
                     "the hidden derivative")
    if stage.ok or "named" in stage.measured:
        return stage
    return _through(view, points, (X, Y, seed), source) or stage


def _hidden_stage(g, cols, act, rel):
    true = TRUE_WORDS[act]
    order = [true] + [w for w in cols if w not in (true, "_at")]
    meas = {"g": g}
    for w in order:
        f = np.concatenate(cols[w])
        if not np.all(np.isfinite(f)):
            continue
        k = _fit(g, f)
        if k is None or not _agree(g, k * f, rel):
            continue
        if w != true and _agree(f, np.concatenate(cols[true]), rel):
            continue      # the same numbers as the true derivative here
        meas.update(named=w, factor=k)
        d = max(2, int(-np.log10(rel)))     # the digits it is measured to: 6 in float64
        times = "" if abs(k - 1) <= rel else f" (times {k:.{d}g}: the hidden layer carries " \
            f"{k:.{d}g} times the output layer's factor)"
        if w == true:
            return Stage("hidden", abs(k - 1) <= rel, f"your hidden layer multiplies by {w}"
                         f"{times}; this layer is {ACTS[act][2]}", meas)
        return Stage("hidden", False, f"your hidden layer multiplies by {w}{times}; this layer "
                     f"is {ACTS[act][2]}, whose derivative is {true.split(',')[0]}", meas)
    per = _per_sample(g, cols, act, rel)
    if per is not None:
        return per
    start, shown = 0, None    # the sample that differs whose z1 is furthest from 0 (there a
    for j, (name, i, z1, a1, da1, _) in enumerate(cols["_at"]):   # sigmoid's a1 and 1 - a1,
        n = len(z1)                                               # say, are told apart)
        differs = not _agree(g[start:start + n], cols[true][j], rel)
        if shown is None or differs and (not shown[0] or
                                         np.abs(z1).min() > np.abs(shown[5]).min()):
            shown = (differs, start, n, name, i, z1, a1, da1, cols[true][j] / da1)
        start += n
    _, start, n, name, i, z1, a1, da1, want = shown
    return Stage("hidden", False, (
        f"your hidden layer multiplies dL/da1 by "
        f"{np.array2string(g[start:start + n] / da1, precision=5)} at {name}, sample {i} (z1 = "
        f"{np.array2string(z1, precision=4)}, a1 = {np.array2string(a1, precision=4)}); this "
        f"layer is {ACTS[act][2]}, whose derivative {true.split(',')[0]} is "
        f"{np.array2string(want, precision=5)} there"), meas)


def _per_sample(g, cols, act, rel):
    """A hidden Stage where, sample by sample, dz1 is the true derivative times w2^T dz2 times a
    factor of that sample's own: the derivative right, what reaches it not w2^T dz2 (the output's
    a2 (1 - a2) left out of it, say); else None."""
    true, start, ks, a2s = cols[TRUE_WORDS[act]], 0, [], []
    for seg, (_, _, z1, _, _, a2) in zip(true, cols["_at"]):
        got, start = g[start:start + len(z1)], start + len(z1)
        k = _fit(got, seg)
        if k is None or not _agree(got, k * seg, rel):
            return None
        ks, a2s = ks + [k], a2s + [a2]
    ks, s = np.array(ks), np.array(a2s) * (1 - np.array(a2s))
    if _agree(ks, np.full(len(ks), ks[0]), rel):
        return None                     # one factor for all: _hidden_stage names it
    c = _fit(ks * s, np.ones_like(ks))
    what = (f"w2^T dz2 / (a2 (1 - a2)){'' if abs(c - 1) <= rel else f' times {c:.4g}'}: the "
            f"output's sigmoid derivative a2 (1 - a2) is left out of what the hidden layer gets "
            f"(da1 built on the error a2 - y, or on dL/da2, where dz2 belongs)"
            if c and _agree(ks * s, np.full(len(ks), c), 1e-6) else
            f"w2^T dz2 times a factor of each sample's own ({', '.join(f'{k:.4g}' for k in ks[:4])}"
            f"{', ...' if len(ks) > 4 else ''})")
    return Stage("hidden", False, (
        f"your hidden layer multiplies by {TRUE_WORDS[act].split(',')[0]} (this layer is "
        f"{ACTS[act][2]}: right), but what reaches it is not w2^T dz2 (your own dz2): it is "
        f"{what}, at every sample and point"),
        {"g": g, "named": "per_sample", "factors": ks.tolist()})


def read(view, points, X, Y, calls=None, batch=None):
    """Every stage in order, stopping at the first that differs (the later ones would read a
    wrong quantity through it). points: [(name, column params)], the first the learner's start;
    calls: a calls Stage already read; batch: (b, replacement) of a random mini-batch step."""
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
        hidden = _carried({h: _hidden_over_m(view, p0, X, Y, (seed, (out_from, h))) or hidden
                           for h in (first, *({"w1", "b1"} & set(view.names) - {first}))},
                          view.kind, "dz1")
    return Reading((*stages, out, hidden))
