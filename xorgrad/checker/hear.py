"""The verdict hears the stage reading (stages.Reading): its first stage that differs speaks where
the whole-gradient verdict (verdict.judge) found no pattern or named only a symptom, and a note
says what the table judges where the step's state changes what one call does."""

from __future__ import annotations

from .learner import gradient_functions
from .losses import LAYERS
from .result import Cause
from .stages import Reading, Stage

LAYER_OF = {"output": ("w2", "b2"), "hidden": ("w1", "b1")}   # the parameters each stage reads


def speak(r, reading):
    """r with the reading heard: a step that keeps state or ignores lr (whatever its table says),
    one not linear in lr on one sample, a dz2 or a hidden derivative the catalogue does not name."""
    r.stages = reading
    for named in (st.measured["named_line"] for st in reading.stages if "named_line" in st.measured):
        k, text = named       # the reading names a weight's line the verdict does not name
        r.causes = [Cause("weight_input", [k], f"{k}: {text}") if c.kind == "unrecognised" and
                    c.params == [k] else c for c in r.causes]
        r.hints = [c.text for c in r.causes]
    reading = r.stages = _unread_moved(r, reading)
    st = reading.first_wrong
    if st is None:
        return r
    if st.name == "calls" and (r.form.schedule is not None or (
            r.form.momentum is not None and st.measured["state"] != "sum")):
        r.notes.append(_judged_how(r.form, st))     # its table judges what each call adds
        return r
    if st.name == "calls" or (st.name == "lr" and "own_lr" in st.measured) or (
            st.name == "lr" and r.ok and st.measured.get("params")):   # lr^2 in every layer
        return _all_wrong(r, st)
    if st.name == "lr" and st.measured.get("bent"):   # right to first order, yet not one step
        return _bent_wrong(r, st)
    return r if r.ok else _instead_of_vague(r, st)


def changed_in_place(r, changed, args):
    """r with a gradient function's change to its own arguments heard (changed: {argument index:
    the index it also returns that array at, or None}; args: the learner's argument names): its
    caller's arrays change with every call, so it is wrong whatever it returns."""
    def name(i):
        return args[i] if args and i < len(args) else f"argument {i + 1}"
    names = [name(i) for i in sorted(changed)]
    same = [(name(i), j) for i, j in sorted(changed.items()) if j is not None]
    alias = "".join(f"; {n} is the very array it returns as its gradient number {j + 1} (`d{n} = "
                    f"{n}` gives one array a second name, it does not copy it: np.zeros_like({n}) "
                    f"or {n}.copy() makes a new one)" for n, j in same)
    text = (f"your function changes its argument{'s' * (len(names) > 1)} {', '.join(names)} in "
            f"place: after a call {'they hold' if len(names) > 1 else 'it holds'} other numbers"
            f"{alias}; a training loop that calls it has its arrays changed behind its back. check "
            f"hands each call fresh copies, so what it reads and runs below does not see this")
    r.ok = False
    own = [r.form.arg_names[i] for i in sorted(changed) if i < len(r.form.arg_names)]   # its arrays
    r.causes = [Cause("changes_arguments", own, text)] + r.causes
    r.hints = [c.text for c in r.causes]
    if r.stages is not None:    # a stage's guesses at what mixes the samples: this one first
        r.stages = Reading(tuple(Stage(st.name, st.ok, st.text.replace(
            "(a clip by the norm,", "(an array it changes in place while it runs, above; a clip "
            "by the norm,"), st.measured) for st in r.stages.stages))
    return r


def _unread_moved(r, reading):
    """The reading with each stage read off parameters whose numbers sit in other places or are
    another's (a 'misplaced', 'borrowed' or 'summed' cause) marked not read: what it read there
    is not that stage's quantity. A stage that agrees as a parameter not among them carries it
    stays (its words on the other's own line hold)."""
    moved = {k for c in r.causes if c.kind in ("misplaced", "borrowed", "summed", "pinned")
             for k in c.params}

    def unread(ks):
        one = len(ks) == 1
        return (f"your {', '.join('d' + k for k in ks)} hold{'s' * one} numbers named above, not "
                f"{'its' if one else 'their'} own, so this stage cannot be read off "
                f"{'it' if one else 'them'}")
    def kept(st):    # read off a parameter not among them: their own reading cut off
        ks = [k for k in LAYER_OF[st.name] if k in moved]
        text = st.text.split(f"; read from d{ks[0]} ")[0]
        return Stage(st.name, st.ok, f"{text}; {unread(ks)}" if text != st.text else text,
                     st.measured)
    return Reading(tuple(
        st if not set(LAYER_OF.get(st.name, ())) & moved else
        kept(st) if st.ok and st.measured.get("from") not in moved | {None} else
        Stage(st.name, True, unread([k for k in LAYER_OF[st.name] if k in moved]), {"unread": True})
        for st in reading.stages))


def _judged_how(form, st):
    """What the table judges for a step whose state rescales or adds up calls."""
    if form.schedule is not None:
        return (f"{st.text}: the table judges each call's move scaled to the size of a fresh "
                f"run's first call at your start (its direction and the ratio between its "
                f"parameters as measured, its size from that first call)")
    what = form.what
    return (f"your {what} keeps state between calls (momentum with beta {form.momentum:.4g}): "
            f"the table judges the gradient it adds each call, read from two calls at each point "
            f"(g = (m2 - beta m1){' / lr' if what == 'step' else ''}, whatever its state before "
            f"them)")


def _all_wrong(r, st):
    """State between calls, or an lr of its own: every parameter whose calls differ (all, where
    that is not measured) wrong, whatever its row."""
    names = list(st.measured.get("params") or r.form.names)
    summed = st.measured.get("state") == "sum"
    for k, pr in ((k, r.params[k]) for k in names if k in r.params):   # those whose calls differ
        if not summed:   # a sum's rows judge what each call adds (probe.probe_added)
            pr.ok, pr.verdict = False, "WRONG"
        r.per_param.setdefault(k, {})["ok"] = False
    if summed:
        r.notes.append(f"the table judges what each call adds to the sum, read from two calls at "
                       f"each point (g = m2 - m1): "
                       f"{'right' if all(p.ok for p in r.params.values()) else 'see its rows'}; "
                       f"what your function returns is the sum")
    r.ok, r.loss, r.sign, r.factor, r.bend = False, None, None, None, None   # the probe's fit in lr
    r.notes = [n for n in r.notes if not n.startswith(("your step is random", "your gradient is ",
                                                       "your step's move"))]
    kind = "state" if st.name == "calls" else "lr_ignored" if "own_lr" in st.measured else \
        "lr_power"
    r.causes = [Cause(kind, names, f"{', '.join(names)}: {st.text}{_fed(r, st)}")]
    r.hints = [c.text for c in r.causes]
    return r


def _fed(r, st):
    """For a step whose state no constant explains (an optimiser's), the functions of its file
    that take a gradient's arguments: the gradient it feeds may be one, checked alone."""
    if r.form.kind != "step" or st.measured.get("state") != "history":
        return ""
    return fed_words(r.function, r.form)


def fed_words(label, form):
    """'; your file's backprop(...) takes a gradient's arguments: ... check it alone (...)', or
    '' where the file has no such function."""
    found = gradient_functions(label, len(form.arg_names) + 2)   # the arrays, X, Y
    path = label.rpartition(":")[0]
    return "" if not found else (
        f"; your file's {' and '.join(found)} take{'s' * (len(found) == 1)} a gradient's "
        f"arguments: if {'it' if len(found) == 1 else 'one'} is the gradient your step feeds its "
        f"optimiser, check it alone "
        f"(xorgrad check {path}:{found[0].split('(')[0]})")


def _bent_wrong(r, st):
    """A step right to first order whose bending layer reads values the call already changed."""
    wrong = [k for layer, ks in LAYERS if layer in st.measured["bent"] for k in ks
             if k in r.form.names]
    for k in wrong:
        r.per_param.setdefault(k, {})["ok"] = False
    r.ok, r.loss, r.sign, r.factor, r.bend = False, None, None, None, None
    r.notes = [n for n in r.notes if not n.startswith("your step's move is not linear")]
    r.notes.append("the table judges your step's first-order part in lr (its gradient), read at "
                   "small lr: the lr^2 part the stage reading names is beside it")
    r.causes = [Cause("lr_bend", wrong, f"{', '.join(wrong)}: {st.text}")] + r.causes
    r.hints = [c.text for c in r.causes]
    return r


def _instead_of_vague(r, st):
    """The stage's words in place of the verdict's vague causes for the parameters it covers."""
    names = list(r.form.names)
    layer = ("w1", "b1") if st.name == "hidden" else tuple(names)
    symptoms = ("unrecognised", "suspicious") + (("factor",) if "constant" in st.measured else ())
    if st.name == "samples":    # the weights explain every parameter: y-parts are its symptoms
        symptoms += ("only_y0", "only_y1", "sign_flip_y0", "sign_flip_y1", "factor", "location")
    vague = [c for c in r.causes if c.kind in symptoms and set(c.params) <= set(layer)]
    if st.name == "lr" and not any(c.kind == "layers" for c in r.causes):
        vague = [c for c in r.causes if c.kind in ("unrecognised", "factor")] or vague
    if not vague and st.name != "lr":
        return r
    params = [k for k in names if any(k in c.params for c in vague)] or names
    kind = {"lr": "lr_power", "hidden": "hidden_derivative", "samples": "sample_weights"}.get(
        st.name, "epsilon" if "epsilon" in st.measured else "constant_divisor"
        if "constant" in st.measured else "output_stage")
    keep = [c for c in r.causes if c not in vague]
    r.causes = [Cause(kind, params, f"{', '.join(params)}: {st.text}")] + keep
    r.hints = [c.text for c in r.causes]
    return r
