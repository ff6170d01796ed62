"""Where the right numbers sit in the wrong places, read on data of one sample: what a weight's
gradient multiplies its delta by (x, z1, a1, or a v measured), each entry of it as a product of
the right factors out of its place (an element-wise product where np.outer belongs), and a
hidden delta taken back through the wrong output weights (a slice off by one)."""

from __future__ import annotations

import numpy as np

from .losses import ACTS, forward
from .sample import TRUE_WORDS, Stage, _dz1s, _dz2, _floor, _one_sample


def _through(view, points, data, source):
    """A hidden Stage where, on data of one sample, the learner's dz1 for each unit is its dz2
    times the true derivative times one number of the output layer at every sample and point
    (w2[i], b2 or 0, or the start's w2[i], a w2 that never changes), not each unit its own w2[j]:
    da1 takes the wrong weights; else None."""
    X, Y, seed = data
    fits, start = None, np.ravel(points[0][1]["w2"])   # the first point: the learner's start
    for _, p in points:
        nums = {**{f"w2[{i}]": v for i, v in enumerate(np.ravel(p["w2"]))},
                "b2": float(np.ravel(p["b2"])[0]), "0": 0.0,
                **{f"your start's w2[{i}]": v for i, v in enumerate(start)}}
        for i, g in _one_sample(view, p, X, Y, seed).items():
            z1, a1 = forward(p, X[:, [i]], view.net)[:2]
            dz2, dz1 = _dz2(g, a1, source), next(iter(_dz1s(g, X[:, [i]]).values()), None)
            if not dz2 or dz1 is None:
                continue
            f, d = np.ravel(view.net.deriv(a1, z1)) * dz2, np.ravel(dz1)
            tol = view.rel * float(np.abs(d).max()) + 1e-15
            ok = [{n for n, c in nums.items() if abs(dj - c * fj) <= tol} for dj, fj in zip(d, f)]
            fits = ok if fits is None else [a & b for a, b in zip(fits, ok)]
    if not fits or not all(fits):
        return None
    took = [f"w2[{j}]" if f"w2[{j}]" in ok else sorted(ok)[0] for j, ok in enumerate(fits)]
    if took == [f"w2[{j}]" for j in range(len(took))]:
        return None
    words = {"b2": "b2 (the output bias)", "0": "0 (nothing)"}
    h = len(took)
    if took == [f"your start's w2[{j}]" for j in range(h)]:   # a w2 that never changes
        return Stage("hidden", False, (
            "your dz1 goes back through your start's w2 at every point, not through the w2 it "
            "is given (on data of one sample, every unit, every sample): a w2 that never changes "
            "(a global W2, the file's own, where the argument w2 belongs?); the two agree only "
            "at your start"), {"through": took})
    shifted = took in ([f"w2[{j + 1}]" for j in range(h - 1)] + ["b2"],
                       ["b2"] + [f"w2[{j}]" for j in range(h - 1)])
    return Stage("hidden", False, (
        "your dz1 goes back through the wrong output weights (da1 = w2^T dz2 takes, for each unit, "
        "its own w2[j]), on data of one sample at every sample and point: " + "; ".join(
            f"unit {j}'s takes {words.get(t, t)} where w2[{j}] belongs"
            for j, t in enumerate(took) if t != f"w2[{j}]")
        + (" (a slice of dz2 @ W2.T, or of W2, off by one: it keeps the bias's entry and drops "
           "a unit's)" if shifted else "")),
        {"through": took})


WEIGHT_OF = {"b2": ("w2", "dz2", "a1"), "b1": ("w1", "dz1", "x")}   # bias: weight, delta, input


def _named_input(st, view, where):
    """st (a stage read off each parameter of one layer), where the bias carries the right delta
    and the weight does not: the weight's stage says what its gradient multiplies the delta by
    (d{w} = delta v^T, the delta from the bias, on data of one sample), where that is x, z1 or a1
    at every sample and point; st as it is otherwise."""
    bias = next((b for b in WEIGHT_OF if b in st), None)
    w, delta, right = WEIGHT_OF.get(bias, (None, None, None))
    if bias is None or not st[bias].ok or w not in st or st[w].ok:
        return st
    points, X, Y, seed = where
    fits, off, outer = None, None, True    # off: the first sample where the right input is not
    seen = []                              # what it multiplies by; outer: d{w} = delta v^T
    for pname, p in points:
        for i, g in _one_sample(view, p, X, Y, seed).items():
            d = np.ravel(g[bias])
            z1, a1 = (np.ravel(q) for q in forward(p, X[:, [i]], view.net)[:2])
            bare = ACTS[view.net.act][0](z1 - np.ravel(p["b1"]))   # a1 recomputed without b1
            ins = {"x": X[:, i], "z1": z1, "a1": a1, "a1 without b1": bare,
                   "derivative": view.net.deriv(a1, z1),    # a1 overwritten by it in place
                   "v": g[w].T @ d / max(d @ d, 1e-300)}
            ins["summed"] = np.full_like(ins[right], ins[right].sum())   # np.sum with no axis
            got = np.ravel(g[w])
            tol = view.rel * np.abs(got).max(initial=0.0) + _floor(view, p, [0.0])   # a step's
            ok = {n for n, v in ins.items() if v.shape == (g[w].shape[1],) and np.all(   # rounding
                np.abs(got - np.outer(d, v).ravel()) <= tol)}     # where the delta is tiny
            fits, outer = ok if fits is None else fits & ok, outer and "v" in ok
            off = off or (None if right in ok or not d.any() else (pname, i, ins["v"], ins[right]))
            seen.append((g[w], d, ins[right], tol))
    name = next((n for n in ("x", "z1", "a1", "a1 without b1", "derivative", "summed")
                 if n in (fits or ()) and n != right and (n != "derivative" or right == "a1")),
                None)
    deriv = TRUE_WORDS[view.net.act].split(",")[0]
    words = {"x": "x, the input", "z1": "z1, the hidden layer's pre-activation",
             "a1": "a1, the hidden layer's output", "a1 without b1": "a1 recomputed without b1: "
             "the bias left out of the activation your backward pass uses",
             "derivative": f"a1 overwritten in place by its derivative before d{w} reads it, "
             f"say: `d = a1; d *= 1 - a1` changes a1 itself, d = {deriv} does not",
             "summed": f"the sum of {right}'s entries, the same in every place: np.sum with no "
             f"axis sums over the units too"}
    sym = {"a1 without b1": f"{ACTS[view.net.act][2]}(w1 x)", "derivative": f"({deriv})",
           "summed": f"sum({right})"}.get(name, name)
    places = None if outer or name is not None else _entries(seen)
    if places is not None:
        return {**st, w: Stage(st[w].name, False, _entry_words(w, delta, right, places),
                               {"input": "entries"})}
    if name is None and outer and off is not None:   # none of them: what it is, measured
        pname, i, v, want = off
        return {**st, w: Stage(st[w].name, False, (
            f"your d{w} is {delta} times v^T where {right}^T ({words[right]}) belongs: at "
            f"{pname}, sample {i}, v = {np.array2string(v, precision=4)}, {right} = "
            f"{np.array2string(want, precision=4)}"), {"input": "v"})}
    if name is None:
        return st
    return {**st, w: Stage(st[w].name, False, (
        f"your d{w} is {delta} times {sym}^T ({words[name]}) where {right}^T ({words[right]}) "
        f"belongs, at every sample and point"), {"input": name})}


def _entries(seen):
    """{(r, c): (a, b)} where, on data of one sample, every entry of the learner's weight
    gradient is delta[a] v[b] at every sample and point (v the right input, whose true entry is
    delta[r] v[c]; (a, b) None: it is 0), the right pair first where several fit; None where some
    entry is no such product, or every entry is in its own place."""
    rows, cols = seen[0][0].shape
    places = {}
    for r in range(rows):
        for c in range(cols):
            fit = [q for q in [(r, c)] + [(a, b) for a in range(rows) for b in range(cols)]
                   if all(abs(g[r, c] - d[q[0]] * v[q[1]]) <= tol for g, d, v, tol in seen)]
            if not fit and not all(abs(g[r, c]) <= tol for g, _, _, tol in seen):
                return None
            places[(r, c)] = fit[0] if fit else None
    return None if all(q == rc for rc, q in places.items()) else places


def _entry_words(w, delta, right, places):
    """The entries of d{w} out of place (_entries), in words, with what a pattern of them says."""
    rows = max(r for r, _ in places) + 1

    def product(q):
        return "0" if q is None else f"{delta}{f'[{q[0]}]' if rows > 1 else ''} {right}[{q[1]}]"

    def weight(r, c):
        return f"unit {r}'s weight from x[{c}]" if w == "w1" else f"the weight from a1[{c}]"
    moved = [(rc, q) for rc, q in places.items() if q != rc]
    why = ""
    if any(all(q == (rc[j], rc[j]) for rc, q in places.items()) for j in (0, 1)):
        why = (f" (each entry takes one index for both {delta} and {right}: an element-wise "
               f"{delta} * {right}, broadcast, where the outer product np.outer({delta}, {right}) "
               f"belongs, or one loop index where two belong?)")
    elif all(q == (c, r) for (r, c), q in places.items()):
        why = f" (the indices of {delta} and {right} swapped: the transpose of the true d{w})"
    return (f"your d{w} is built from the products {delta}[j] {right}[i] but not in their places "
            f"(on data of one sample, at every sample and point): " + "; ".join(
                f"{weight(*rc)} gets {product(q)} where {product(rc)} belongs" for rc, q in moved)
            + why)
