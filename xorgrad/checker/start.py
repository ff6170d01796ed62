"""The start of a check: the settings, INIT()'s arrays, the layout found by calling, the packings
tried, the file's own labels."""

from __future__ import annotations

import dataclasses

import numpy as np

from ..contract import GATES, check_training, expected_shapes, init_params
from ..errors import CheckInputError, ContractError
from .layout import FLIPPED, fits, from_learner, packings, to_learner
from .learner import learner_settings, parse_returned
from . import stages
from .losses import ACTS, OUTPUTS
from .nets import _judge_form, _score
from .parent_side import LearnerFault, learner_raised, raised_by_learner
from .probe import STEP_PROBE, _items, call

LAYOUTS = ("columns", "rows")


def _settings(found, given):
    s = learner_settings(found, given["seed"], given["scale"], given["lr"], given["steps"])
    s["hidden"] = given["hidden"] if given["hidden"] is not None else found.get("hidden")
    for key, allowed in (("activation", ACTS), ("output", OUTPUTS)):
        val = found.get(key)
        if val is not None and str(val).lower() not in allowed:
            raise CheckInputError(f"bad settings: {key.upper()} must be one of "
                                  f"{', '.join(allowed)}, got {val!r}")
        s[key] = None if val is None else str(val).lower()
    try:
        s["steps"], s["lr"] = check_training(s["steps"], s["lr"])
        init_params(s["seed"], s["scale"], s["hidden"] or 2)
    except ContractError as e:
        raise CheckInputError(f"bad settings: {e}") from None
    if s["lr"] <= 0:
        raise CheckInputError(f"bad settings: lr must be positive, got {s['lr']:g} (a learning "
                              f"rate below 0 climbs any loss; write the sign in your update)")
    return s


def _init_items(raw):
    """INIT()'s arrays as float64 by name (and 'seq': them in the order given)."""
    kind, val = raw[0], raw[1]
    if kind == "seq":
        names = {4: ["w1", "b1", "w2", "b2"], 3: ["w1", "b1", "w2"], 2: ["w1", "w2"]}.get(len(val))
    else:
        names = [k for k in ("w1", "b1", "w2", "b2") if kind == "dict" and k in map(str.lower, val)]
        val = {str(k).lower(): v for k, v in val.items()} if kind == "dict" else val
    if not names or "w1" not in names:
        raise CheckInputError("INIT() must return (w1, b1, w2, b2), (w1, w2) or a dict of them")
    try:
        items = parse_returned((kind, val), names, "step", "INIT()")
    except CheckInputError:
        raise CheckInputError("INIT() must return arrays of numbers: (w1, b1, w2, b2) or (w1, w2)") from None
    out = {k: np.asarray(v, dtype=np.float64) for k, v in items.items()}
    out["seq"] = [out[k] for k in names]
    return out


def _choose_layout(child, form, at, hint):
    """The layout whose call at at = (p0, X, Y) works and returns the parameters' shapes."""
    tries, label = {}, child.label
    for lay in LAYOUTS:
        f = dataclasses.replace(form, layout=lay)
        try:
            out = call(child, f, at, "your start", 1e-3 if f.kind == "step" else None)
        except LearnerFault:
            raise
        except CheckInputError as e:
            tries[lay] = (False, e)
            continue
        try:
            items = _items(out, f, label, "your start")
            tries[lay] = (all(fits(f, k, a) for k, a in items.items()), None)
        except CheckInputError:
            tries[lay] = (False, None)   # it ran: what it returned is reported later
    fitting = [lay for lay in LAYOUTS if tries[lay][0]]
    if len(fitting) == 2 and not hint:
        raise CheckInputError(f"{label} works in both the column layout (X (2, m)) and the row "
                              f"layout (X (m, 2)); say which with layout='columns' or layout='rows'")
    for group in (fitting, [lay for lay in LAYOUTS if tries[lay][1] is None]):
        if group:   # its results fit, else it ran (what it returned is reported by the probe)
            return hint if hint in group else group[0]
    if hint in LAYOUTS:   # neither call ran: each layout's error
        raise tries[hint][1]
    e1, e2 = tries["columns"][1], tries["rows"][1]
    if getattr(e1, "trace", None) is not None and getattr(e2, "trace", None) is not None:
        other = str(e2).split(" raised ", 1)[-1].split(":", 1)[0]   # both its code's errors
        raise learner_raised(f"{e1} (X (2, m); with X (m, 2): {other})", e1.trace)
    raise CheckInputError(f"{e1} (column layout, X (2, m)); with one sample per row (X (m, 2)) it "
                          f"{str(e2).replace(label + ' ', '', 1)}")


def _read_init(child, form, job):
    """INIT() read: (its arrays by name, the layout they hint at, a packed net's raw arrays, the
    start in the column layout). Sets form.hidden: the option, else INIT()'s."""
    s, label = job.s, job.label
    init, hint, raw_init, start = None, None, None, None
    if s["hidden"] is not None:
        form.hidden = int(s["hidden"])
    if job.info["has_init"]:
        init = _init_items(child.ask(("init",), "INIT()"))
        w1 = init["w1"]
        if form.packing is not None or (w1.ndim == 2 and 2 not in w1.shape) or \
                ("b1" not in init and not form.biases and w1.ndim == 2 and w1.shape[0] == 3):
            raw_init, init = init, None     # a packed net: read once its packing is known
            if s["hidden"] is None:   # b1 holds one entry per hidden unit; w1 (3, h) may be stacked
                form.hidden = int(raw_init["b1"].size if "b1" in raw_init else
                                  w1.shape[1] if w1.shape[0] in (2, 3) else w1.shape[0])
    if init is not None:
        if w1.ndim != 2 or 2 not in w1.shape:
            raise CheckInputError(f"INIT() returned w1 of shape {w1.shape}; expected (h, 2) or (2, h)")
        outs = int(init["b2"].size) if "b2" in init else 1
        if outs > 1:      # a net with several outputs (a softmax): one line, never a relabel
            raise stages.OutOfScope(
                f"INIT() returns b2 of shape {init['b2'].shape}: {outs} output units; check judges "
                f"nets with one output unit (2-h-1) only, so it cannot judge this net (a "
                f"{outs} sigmoid outputs with one-hot labels, or a softmax, say)")
        h = w1.shape[0] if w1.shape[1] == 2 else w1.shape[1]
        hint = "columns" if w1.shape[1] == 2 and w1.shape[0] != 2 else \
            "rows" if w1.shape[0] == 2 and w1.shape[1] != 2 else None
        if "b1" in init and init["b1"].ndim == 2:   # a 1-D b1 (h,) says nothing of the layout
            hint = hint or ("columns" if init["b1"].shape == (h, 1) else "rows")
        if s["hidden"] is None:
            form.hidden = h
        if form.biases:
            form.bias_shapes.update({k: init[k].shape for k in ("b1", "b2") if k in init})
        missing = [k for k in form.names if k not in init]
        if missing:
            raise CheckInputError(f"INIT() returned no {', '.join(missing)}; {label} takes "
                                  f"{', '.join(form.names)}")
        start_form = dataclasses.replace(form, layout=job.layout or hint or "columns")
        try:
            start = {k: from_learner(start_form, k, init[k]) for k in form.names}
        except ValueError:
            raise CheckInputError(f"INIT() returned shapes {[tuple(init[k].shape) for k in form.names]} "
                                  f"that do not fit {form.hidden} hidden units") from None
        col = expected_shapes(form.hidden)
        start = {k: start.get(k, np.zeros(col[k])) for k in col}   # a missing bias: zeros
        if any(v.shape != col[k] for k, v in start.items()):   # (out, in) weights, say
            raw_init, init, start = init, None, None
    s["hidden"] = form.hidden
    return init, hint, raw_init, start


def _try_packings(child, form, job, found):
    """Each packing (biases folded in, (out, in) weights...) judged: the best (result, form,
    start). found: what the plain form gave, INIT()'s arrays (its biases sent in their shapes)."""
    result, start, init, raw_init, p0, plain_error = found
    read = init if init is not None else raw_init or {}
    given = {k: read[k].shape for k in ("b1", "b2") if k in read}
    s, X, Y, label = job.s, job.X, job.Y, job.label
    shapes = None
    for pk in packings(len(form.arg_names)):
        f = dataclasses.replace(form, layout=pk.layout, packing=pk, low_dtypes=set(),
                                bias_shapes=dict(given) if pk.name in FLIPPED else {})
        try:
            st = pk.unpack(dict(zip(pk.args, raw_init["seq"])), f.hidden) \
                if raw_init is not None else start
        except (ValueError, KeyError):
            continue
        q0 = st if st is not None else init_params(s["seed"], s["scale"], f.hidden)
        try:
            out = call(child, f, (q0, X, Y), "your start", STEP_PROBE if f.kind == "step" else None)
            got = _items(out, f, label, "your start")
            shapes = shapes or [tuple(np.shape(a)) for a in got.values()]
            pk.unpack(got, f.hidden)
        except LearnerFault:
            raise
        except (CheckInputError, ValueError):
            continue
        r = _judge_form(child, f, job, st)
        if result is None or _score(r) > _score(result):
            result, form, start = r, f, st
        if r.ok:
            break
    if result is None:   # every packing tried
        if raised_by_learner(plain_error):   # its code's own error: that is the news
            raise plain_error
        tried = dict.fromkeys(pk.short(form.hidden) for pk in packings(len(form.arg_names)))
        sent = [tuple(np.shape(a)) for a in (to_learner(form, p0) if raw_init is None else
                                             raw_init["seq"])]
        first = "" if plain_error is None or str(plain_error) == "packed" else f"{plain_error}; "
        raise CheckInputError(
            f"{first}{label} fits none of the forms check knows: it was given parameter "
            f"arrays of shapes {sent}" + (f" and returned {shapes}" if shapes else "") +
            f"; tried: {', '.join(form.names)} one for one in columns or rows; " +
            "; ".join(tried) + " (ones and bias rows last or first)")
    return result, form, start


def _file_labels(rows, X, Y):
    """The file's own labels where not XOR's: (X, Y, 'OR', ... or 'your labels')."""
    if not rows:
        return X, Y, None
    table = {(a, b): y for a, b, y in rows}
    key = tuple(int(table.get((a, b), -1)) for a, b in ((0, 0), (0, 1), (1, 0), (1, 1)))
    if GATES.get(key) == "XOR":
        return X, Y, None
    Xf = np.array([[a for a, _, _ in rows], [b for _, b, _ in rows]], dtype=float)
    return Xf, np.array([[y for *_, y in rows]], dtype=float), GATES.get(key, "your labels")


def _name_labels(result, labels, Y):
    """Labels that are not XOR's: every 'learns XOR' says 'learns your labels (OR)' instead."""
    if labels is None:
        return result
    words = f"learns your labels ({labels})" if labels != "your labels" else "learns your labels"
    result.notes.insert(0, f"your file's labels are Y = {Y.astype(int).ravel().tolist()}"
                           f"{'' if labels == 'your labels' else f', {labels}'}, not XOR's: check "
                           f"judges and trains on them")
    result.hints = [t.replace("learns XOR", words) for t in result.hints]
    if result.consequence is not None:
        result.consequence.text = [t.replace("learns XOR", words) for t in result.consequence.text]
    result.labels = labels
    return result
