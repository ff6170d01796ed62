"""The right numbers in the wrong places, on data of one sample: what a weight's gradient multiplies
its delta by, its entries out of place, a hidden delta taken through the wrong w2."""

from __future__ import annotations

import numpy as np

from .losses import ACTS
from .sample import TRUE_WORDS, Stage, _dz1s, _dz2, _each, _floor

WEIGHT_OF = {"b2": ("w2", "dz2", "a1"), "b1": ("w1", "dz1", "x")}   # bias: weight, delta, input


def _through(view, points, X, Y, seed, source):
    """A hidden Stage where each unit's dz1 takes other numbers than its own w2[j]; else None."""
    fits, start = None, np.ravel(points[0][1]["w2"])   # the first point: the learner's start
    for _, p, _, g, x, z1, a1, _, _ in _each(view, points, X, Y, seed):
        nums = {**{f"w2[{i}]": v for i, v in enumerate(np.ravel(p["w2"]))},
                "b2": float(np.ravel(p["b2"])[0]), "0": 0.0, "1": 1.0,
                **{f"your start's w2[{i}]": v for i, v in enumerate(start)}}
        dz2, dz1 = _dz2(g, a1, source), next(iter(_dz1s(g, x).values()), None)
        if not dz2 or dz1 is None:
            continue
        f, d = np.ravel(view.net.deriv(a1, z1)) * dz2, np.ravel(dz1)
        tol = view.rel * float(np.abs(d).max()) + 1e-15
        ok = [{n for n, c in nums.items() if abs(dj - c * fj) <= tol} for dj, fj in zip(d, f)]
        fits = ok if fits is None else [a & b for a, b in zip(fits, ok)]
    if not fits or not all(fits):
        return None
    took = [f"w2[{j}]" if f"w2[{j}]" in ok else sorted(ok)[0] for j, ok in enumerate(fits)]
    h = len(took)
    if took == [f"w2[{j}]" for j in range(h)]:
        return None
    if took == ["1"] * h:
        return Stage("hidden", False, (
            "your dz1 leaves w2 out: every unit gets dz2 itself, on data of one sample at every "
            "sample and point, where unit j gets w2[j] dz2 (da1 = dz2 where w2.T @ dz2 belongs)"),
            {"through": took})
    if took == [f"your start's w2[{j}]" for j in range(h)]:   # a w2 that never changes
        return Stage("hidden", False, (
            "your dz1 goes back through your start's w2 at every point, not through the w2 it "
            "is given (on data of one sample): a w2 that never changes (a global W2 where the "
            "argument w2 belongs?); the two agree only at your start"), {"through": took})
    words = {"b2": "b2 (the output bias)", "0": "0 (nothing)"}
    shifted = took in ([f"w2[{j + 1}]" for j in range(h - 1)] + ["b2"],
                       ["b2"] + [f"w2[{j}]" for j in range(h - 1)])
    return Stage("hidden", False, "your dz1 goes back through the wrong output weights, on data of "
                 "one sample at every sample and point: " + "; ".join(
                     f"unit {j}'s takes {words.get(t, t)} where w2[{j}] belongs"
                     for j, t in enumerate(took) if t != f"w2[{j}]")
                 + (" (a slice of dz2 @ W2.T, or of W2, off by one: the bias's entry kept, a "
                    "unit's dropped)" if shifted else ""), {"through": took})


def _named_input(st, view, points, X, Y, seed):
    """st ({param: Stage} of one layer), where the bias is right and the weight not, with the
    weight's stage naming what d{w} = delta v^T (one sample) takes as v."""
    bias = next((b for b in WEIGHT_OF if b in st), None)
    w, delta, right = WEIGHT_OF.get(bias, (None, None, None))
    if bias is None or not st[bias].ok or w not in st or st[w].ok:
        return st
    fits, off, outer = None, None, True    # off: the first sample where the right input is not
    seen = []                              # what it multiplies by; outer: d{w} = delta v^T
    for pname, p, i, g, x, z1, a1, _, _ in _each(view, points, X, Y, seed):
        d, z1, a1 = np.ravel(g[bias]), np.ravel(z1), np.ravel(a1)
        ins = {"x": X[:, i], "z1": z1, "a1": a1,
               "a1 without b1": ACTS[view.net.act][0](z1 - np.ravel(p["b1"])),
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
             "derivative": f"a1 overwritten in place by its derivative before d{w} reads it: "
             f"`d = a1; d *= 1 - a1` changes a1 itself, d = {deriv} does not",
             "summed": f"the sum of {right}'s entries, the same in every place: np.sum with no "
             f"axis"}
    text = None
    if name is not None:
        sym = {"a1 without b1": f"{ACTS[view.net.act][2]}(w1 x)", "derivative": f"({deriv})",
               "summed": f"sum({right})"}.get(name, name)
        text = (f"your d{w} is {delta} times {sym}^T ({words[name]}) where {right}^T "
                f"({words[right]}) belongs, at every sample and point")
    elif not outer:   # the right products in the wrong entries?
        text, name = _entries(seen, w, delta, right), "entries"
    elif off is not None:   # none of them: what it is, measured
        pname, i, v, want = off
        text, name = (f"your d{w} is {delta} times v^T where {right}^T ({words[right]}) belongs: "
                      f"at {pname}, sample {i}, v = {np.array2string(v, precision=4)}, {right} = "
                      f"{np.array2string(want, precision=4)}"), "v"
    return st if text is None else {**st, w: Stage(st[w].name, False, text, {"input": name})}


def _entries(seen, w, delta, right):
    """The entries of d{w} out of place, where each is some delta[a] v[b] or 0; else None."""
    rows, cols = seen[0][0].shape
    places = {}
    for r, c in np.ndindex(rows, cols):   # the right pair first where several fit
        fit = [q for q in [(r, c), *np.ndindex(rows, cols)]
               if all(abs(g[r, c] - d[q[0]] * v[q[1]]) <= tol for g, d, v, tol in seen)]
        if not fit and not all(abs(g[r, c]) <= tol for g, _, _, tol in seen):
            return None
        places[(r, c)] = fit[0] if fit else None
    if all(q == rc for rc, q in places.items()):
        return None

    def product(q):
        return "0" if q is None else f"{delta}{f'[{q[0]}]' if rows > 1 else ''} {right}[{q[1]}]"
    why = ""
    if any(all(q == (rc[j], rc[j]) for rc, q in places.items()) for j in (0, 1)):
        why = (f" (an element-wise {delta} * {right}, broadcast, where the outer product "
               f"np.outer({delta}, {right}) belongs, or one loop index where two belong?)")
    elif all(q == (c, r) for (r, c), q in places.items()):
        why = f" (the indices of {delta} and {right} swapped: the transpose of the true d{w})"
    moved = "; ".join(
        (f"unit {r}'s weight from x[{c}]" if w == "w1" else f"the weight from a1[{c}]")
        + f" gets {product(q)} where {product((r, c))} belongs"
        for (r, c), q in places.items() if q != (r, c))
    return (f"your d{w} is built from the products {delta}[j] {right}[i] but not in their places "
            f"(on data of one sample, at every sample and point): {moved}{why}")
