"""The verdict hears the stage reading (stages.Reading): its first stage that differs speaks where
the whole-gradient verdict (verdict.judge) found no pattern or named only a symptom, and a note
says what the table judges where the step's state changes what one call does."""

from __future__ import annotations

from .learner import gradient_functions
from .losses import LAYERS
from .result import Cause
from .stages import Reading, Stage

LAYER_OF = {"output": ("w2", "b2"), "hidden": ("w1", "b1")}   # the parameters each stage reads
SYMPTOMS = ("unrecognised", "suspicious")
Y_PARTS = ("only_y0", "only_y1", "sign_flip_y0", "sign_flip_y1", "factor", "location")


def speak(r, reading):
    """r with the reading heard: a step that keeps state or ignores lr (whatever its table says),
    one not linear in lr on one sample, a dz2 or a hidden derivative the catalogue does not name."""
    r.stages = reading
    for st in (st for st in reading.stages if "named_line" in st.measured):
        k, text = st.measured["named_line"]   # a weight's line the verdict does not name
        _say(r, [Cause("weight_input", [k], f"{k}: {text}") if c.kind == "unrecognised" and
                 c.params == [k] else c for c in r.causes])
    reading = r.stages = _unread_moved(r, reading)
    st = reading.first_wrong
    if st is None:
        return r
    if st.name == "calls" and (r.form.schedule is not None or (
            r.form.momentum is not None and st.measured["state"] != "sum")):
        r.notes.append(_judged_how(r.form, st))     # its table judges what each call adds
        return r
    wrong = {k for k, pr in r.params.items() if not pr.ok}
    if st.name == "calls" or (st.name == "lr" and "own_lr" in st.measured) or (
            st.name == "lr" and r.ok and st.measured.get("params")) or (   # lr^2 in every layer
            st.name == "lr" and wrong and set(st.measured.get("own") or ()) >= wrong):   # or all
        return _all_wrong(r, st)                         # the wrong ones move as lr^0: lr's own
    if st.name == "lr" and st.measured.get("bent"):   # right to first order, yet not one step
        return _bent_wrong(r, st)
    return r if r.ok else _instead_of_vague(r, st)


def _say(r, causes):
    r.causes = causes
    r.hints = [c.text for c in causes]


def _unjudged(r, params, notes_off):
    """r wrong, with no loss it follows, and without the notes that start with notes_off."""
    for k in params:
        r.per_param.setdefault(k, {})["ok"] = False
    r.ok, r.loss, r.sign, r.factor, r.bend = False, None, None, None, None
    r.notes = [n for n in r.notes if not n.startswith(notes_off)]


def changed_in_place(r, changed, args):
    """r with a gradient function's change to its own arguments heard (changed: {argument index:
    the index it also returns that array at, or None}; args: the learner's argument names)."""
    def name(i):
        return args[i] if args and i < len(args) else f"argument {i + 1}"
    names = [name(i) for i in sorted(changed)]
    alias = "".join(f"; {name(i)} is the very array it returns as its gradient number {j + 1} "
                    f"(`d{name(i)} = {name(i)}` does not copy it: np.zeros_like({name(i)}) or "
                    f"{name(i)}.copy() makes a new one)"
                    for i, j in sorted(changed.items()) if j is not None)
    text = (f"your function changes its argument{'s' * (len(names) > 1)} {', '.join(names)} in "
            f"place{alias}: a training loop that calls it has its arrays changed behind its back. "
            f"check hands each call fresh copies, so what it reads and runs below does not see "
            f"this")
    r.ok = False
    own = [r.form.arg_names[i] for i in sorted(changed) if i < len(r.form.arg_names)]   # its arrays
    _say(r, [Cause("changes_arguments", own, text)] + r.causes)
    if r.stages is not None:    # a stage's guesses at what mixes the samples: this one first
        r.stages = Reading(tuple(Stage(st.name, st.ok, st.text.replace(
            "(a clip by the norm,", "(an array it changes in place while it runs, above; a clip "
            "by the norm,"), st.measured) for st in r.stages.stages))
    return r


def _unread_moved(r, reading):
    """The reading with each stage read off parameters a 'misplaced', 'borrowed', 'summed' or
    'pinned' cause names marked not read (one that agrees as another parameter carries it: cut)."""
    moved = {k for c in r.causes if c.kind in ("misplaced", "borrowed", "summed", "pinned")
             for k in c.params}

    def unread(st):
        ks = [k for k in LAYER_OF[st.name] if k in moved]
        one = len(ks) == 1
        return ks, (f"your {', '.join('d' + k for k in ks)} hold{'s' * one} numbers named above, "
                    f"not {'its' if one else 'their'} own, so this stage cannot be read off "
                    f"{'it' if one else 'them'}")

    def kept(st):    # read off a parameter not among them: their own reading cut off
        ks, words = unread(st)
        text = st.text.split(f"; read from d{ks[0]} ")[0]
        return Stage(st.name, st.ok, f"{text}; {words}" if text != st.text else text, st.measured)
    return Reading(tuple(
        st if not set(LAYER_OF.get(st.name, ())) & moved else
        kept(st) if st.ok and st.measured.get("from") not in moved | {None} else
        Stage(st.name, True, unread(st)[1], {"unread": True})
        for st in reading.stages))


def _judged_how(form, st):
    """What the table judges for a step whose state rescales or adds up calls."""
    if form.schedule is not None:
        return (f"{st.text}: the table judges each call's move scaled to the size of a fresh "
                f"run's first call at your start (its direction and the ratio between its "
                f"parameters as measured, its size from that first call)")
    return (f"your {form.what} keeps state between calls (momentum with beta "
            f"{form.momentum:.4g}): the table judges the gradient it adds each call, read from two "
            f"calls at each point (g = (m2 - beta m1){' / lr' if form.what == 'step' else ''})")


def _all_wrong(r, st):
    """State between calls, or an lr of its own: each parameter whose calls differ wrong."""
    names = list(st.measured.get("params") or r.form.names)
    summed = st.measured.get("state") == "sum"
    for pr in (r.params[k] for k in names if k in r.params and not summed):
        pr.ok, pr.verdict = False, "WRONG"   # a sum's rows judge what each call adds
    if summed:
        r.notes.append(f"the table judges what each call adds to the sum, read from two calls at "
                       f"each point (g = m2 - m1): "
                       f"{'right' if all(p.ok for p in r.params.values()) else 'see its rows'}; "
                       f"what your function returns is the sum")
    _unjudged(r, [k for k in names if k in r.params],
              ("your step is random", "your gradient is ", "your step's move"))
    own = "own_lr" in st.measured or bool(st.measured.get("params")) and \
        st.measured.get("params") == st.measured.get("own")   # every one not as lr: as lr^0
    kind = "state" if st.name == "calls" else "lr_ignored" if own else "lr_power"
    fed = fed_words(r.function, r.form) if r.form.kind == "step" and \
        st.measured.get("state") == "history" else ""   # an optimiser's: its gradient alone
    _say(r, [Cause(kind, names, f"{', '.join(names)}: {st.text}{fed}")])
    return r


def fed_words(label, form):
    """'; your file's backprop(...) takes a gradient's arguments: ... check it alone', or ''."""
    found = gradient_functions(label, len(form.arg_names) + 2)   # the arrays, X, Y
    one = len(found) == 1
    return "" if not found else (
        f"; your file's {' and '.join(found)} take{'s' * one} a gradient's arguments: if "
        f"{'it' if one else 'one'} is the gradient your step feeds its optimiser, check it alone "
        f"(xorgrad check {label.rpartition(':')[0]}:{found[0].split('(')[0]})")


def _bent_wrong(r, st):
    """A step right to first order whose bending layer reads values the call already changed."""
    wrong = [k for layer, ks in LAYERS if layer in st.measured["bent"] for k in ks
             if k in r.form.names]
    _unjudged(r, wrong, "your step's move is not linear")
    r.notes.append("the table judges your step's first-order part in lr (its gradient), read at "
                   "small lr: the lr^2 part the stage reading names is beside it")
    _say(r, [Cause("lr_bend", wrong, f"{', '.join(wrong)}: {st.text}")] + r.causes)
    return r


def _instead_of_vague(r, st):
    """The stage's words in place of the verdict's vague causes for the parameters it covers."""
    names = list(r.form.names)
    layer = ("w1", "b1") if st.name == "hidden" else tuple(names)
    symptoms = SYMPTOMS + (("factor",) if "constant" in st.measured else ()) + \
        (Y_PARTS if st.name == "samples" else ())   # the weights explain every parameter
    vague = [c for c in r.causes if c.kind in symptoms and set(c.params) <= set(layer)]
    if st.name == "lr" and not any(c.kind == "layers" for c in r.causes):
        vague = [c for c in r.causes if c.kind in ("unrecognised", "factor")] or vague
    if not vague and st.name != "lr":
        return r
    params = [k for k in names if any(k in c.params for c in vague)] or names
    kind = {"lr": "lr_power", "hidden": "hidden_derivative", "samples": "sample_weights"}.get(
        st.name, "epsilon" if "epsilon" in st.measured else "constant_divisor"
        if "constant" in st.measured else "output_stage")
    _say(r, [Cause(kind, params, f"{', '.join(params)}: {st.text}")] +
         [c for c in r.causes if c not in vague])
    return r
