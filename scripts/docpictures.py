"""Regenerate the pictures shipped in docs/ and every number the docs quote from them.

    python scripts/docpictures.py                 # pictures + numbers; the seeds study too (minutes)
    python scripts/docpictures.py --no-seeds      # keep docs/seeds.json, redraw the rest

Writes, into docs/ (or --docs DIR):
  loss_curves.png, decision_boundary.png, hidden_units.png, learner_vs_reference.png
  pictures.json   the numbers behind those pictures and the sha256 of each PNG as written
  seeds_heatmap.png and seeds.json (the full seeds study, plus a 2000-step run with JAX where
                  JAX is installed), unless --no-seeds
and rewrites the marked blocks <!-- gen:NAME --> ... <!-- /gen:NAME --> of pictures.md and
seeds.md from the JSON files. tests/test_docpictures.py recomputes the cheap numbers, checks every
block against the JSON, and every PNG against the hash recorded when it was drawn: a picture or
a number that is stale fails a test. (PNG bytes differ across matplotlib versions, so the tests
never redraw and compare pixels.) A tool of this repository, not of the installed package.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
from pathlib import Path

import numpy as np

from xorgrad.contract import (DEFAULT_INIT_SCALE, DEFAULT_LR, DEFAULT_SEED, DEFAULT_STEPS,
                              PARAM_NAMES, XOR_X, forward, init_params, learned_xor, predictions)

DOCS = Path(__file__).resolve().parents[1] / "docs"
QUESTION = "examples/question.py:gradients"
PICTURES = ("loss_curves.png", "decision_boundary.png", "hidden_units.png",
            "learner_vs_reference.png")
SEEDS_LONGER = dict(steps=2000, backend="jax")     # the "more steps" comparison in seeds.md
EPS64 = float(np.finfo(np.float64).eps)


DRAWN_BY = {"loss_curves.png": ("loss_curves",), "decision_boundary.png": ("decision_boundary",),
            "hidden_units.png": ("hidden_units", "unit_role", "gate"),
            "learner_vs_reference.png": ("learner_vs_reference", "train_with"),
            "seeds_heatmap.png": ("seeds_heatmap",)}


def sha256(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def drawing_code(picture: str) -> str:
    """sha256 of the source of the functions in xorgrad.plots that draw `picture` (with the
    helpers every picture uses): a change to them makes the shipped PNG stale."""
    import inspect

    from xorgrad import plots
    names = DRAWN_BY[picture] + ("_figure", "_save", "_xor_points", "_line", "_plain_ticks")
    text = "".join(inspect.getsource(getattr(plots, n)) for n in names)
    return hashlib.sha256(text.encode()).hexdigest()


# ---- the numbers behind the pictures (cheap: a few training runs) --------------------------------
def loss_numbers(cases=None) -> dict:
    """Per run: the loss after the last update and the worst |loss - float64 NumPy loss| along
    the curve, with the number of steps where the two are exactly equal."""
    from xorgrad.registry import get, select, unavailable
    p = init_params(seed=DEFAULT_SEED, scale=DEFAULT_INIT_SCALE)
    _, ref = get("numpy", "cpu", "float64").train(p, steps=DEFAULT_STEPS, lr=DEFAULT_LR)
    runs = {}
    for case in (select() if cases is None else cases):
        net = get(*case)
        p_end, losses = net.train(p, steps=DEFAULT_STEPS, lr=DEFAULT_LR)
        diff = np.abs(losses.astype(np.float64) - ref)
        runs["/".join(case)] = {"loss_start": float(losses[0]),
                                "loss_end": float(net.loss_and_grads(p_end)[0]),
                                "worst_diff": float(diff.max()),
                                "exact_steps": int(np.sum(diff == 0))}
    return {"runs": runs, "not_run": [f"{m['backend']}/{m['device']}" for m in unavailable()]}


def trained_numbers() -> dict:
    """The default run after training: outputs, and each hidden unit's line and role."""
    from xorgrad.plots import unit_role
    from xorgrad.registry import get
    p, _ = get("numpy").train(init_params(seed=DEFAULT_SEED, scale=DEFAULT_INIT_SCALE),
                              steps=DEFAULT_STEPS, lr=DEFAULT_LR)
    w1, b1 = p["w1"], p["b1"]
    _, a1, _, a2 = forward(p)
    a2 = a2[0]
    units = [{"w": [round(float(v), 2) for v in w1[i]], "b": round(float(b1[i, 0]), 2),
              "role": unit_role(a1[i]), "on": [f"({x:.0f},{y:.0f})" for x, y, v in
                                               zip(XOR_X[0], XOR_X[1], a1[i]) if v > 0.5]}
             for i in range(w1.shape[0])]
    return {"outputs": [round(float(v), 3) for v in a2], "learned": bool(learned_xor(a2)),
            "units": units}


def learner_numbers() -> dict:
    """The question's gradient against the reference, at the question's settings."""
    from xorgrad.checker.learner import learner_settings, load_function, settings_of
    from xorgrad.plots import train_with
    from xorgrad.registry import get
    func, module = load_function(str(DOCS.parent / QUESTION.split(":")[0]) + ":gradients")
    s = learner_settings(settings_of(module))
    p0 = init_params(seed=s["seed"], scale=s["scale"])
    losses, cosine, stop = train_with(func, p0, s["steps"], s["lr"])
    _, ref = get("numpy").train(p0, steps=s["steps"], lr=s["lr"])
    return {"settings": s, "loss": {str(k): round(float(losses[k]), 4) for k in (0, 10, 100, 200)},
            "not_finite_at": stop, "cosine_step0": round(float(cosine[0]), 3),
            "cosine_median": round(float(np.nanmedian(cosine)), 3),
            "reference_end": round(float(ref[-1]), 4)}


def why_numbers(n: int = 1000) -> dict:
    """Why scale 0.01 never learns, in numbers (cheap): seed 0's hidden and output activations
    at the start, the median gradient length over seeds 0..n-1 at scales 0.01 and 1, seed 0's
    largest |dL/dw1|, and seed 0's outputs after 1000 steps at lr 1."""
    from xorgrad.registry import get
    net = get("numpy")

    def length(g):
        return float(np.sqrt(sum(np.sum(g[k] ** 2) for k in PARAM_NAMES)))
    med = {str(sc): float(np.median([length(net.loss_and_grads(init_params(seed=s, scale=sc))[1])
                                     for s in range(n)])) for sc in (0.01, 1.0)}
    p = init_params(seed=0, scale=0.01)
    _, a1, _, a2 = forward(p)
    a2 = a2[0]
    _, g = net.loss_and_grads(p)
    p_end, _ = net.train(p, steps=DEFAULT_STEPS, lr=1.0)
    end = predictions(p_end)[0]
    return {"seeds": n, "hidden_dev": float(np.abs(a1 - 0.5).max()),
            "output_dev": float(np.abs(a2 - 0.5).max()), "median_grad_length": med,
            "max_dw1_seed0": float(np.abs(g["w1"]).max()),
            "outputs_after_seed0": [float(end.min()), float(end.max())]}


def picture_numbers(cases=None) -> dict:
    return {"settings": {"seed": DEFAULT_SEED, "scale": DEFAULT_INIT_SCALE, "lr": DEFAULT_LR,
                         "steps": DEFAULT_STEPS},
            "loss": loss_numbers(cases), "trained": trained_numbers(),
            "learner": learner_numbers()}


# ---- the text the docs quote, from the numbers ---------------------------------------------------
_NAMES = {"numpy": "NumPy", "torch": "PyTorch", "jax": "JAX", "tensorflow": "TensorFlow",
          "hips": "HIPS autograd", "autograd": "autograd from scratch"}


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _e(v: float) -> str:
    return "exactly 0" if v == 0 else f"{v:.1e}"


def pictures_blocks(data: dict) -> dict[str, str]:
    s, loss, tr = data["settings"], data["loss"], data["trained"]
    runs = loss["runs"]
    ref = runs["numpy/cpu/float64"]
    f64 = {k: v for k, v in runs.items() if k.endswith("float64") and k != "numpy/cpu/float64"}
    f32 = {k: v for k, v in runs.items() if k.endswith("float32")}
    backends = list(dict.fromkeys(k.split("/")[0] for k in runs))
    text = (f"Every implementation available when the pictures were drawn "
            f"({', '.join(_NAMES.get(b, b) for b in backends)}; "
            f"{', '.join(sorted({k.split('/')[2] for k in runs}, reverse=True))}) trains from the "
            f"same starting point (seed {s['seed']}, weights ~ {s['scale']:g} x N(0, 1), lr "
            f"{s['lr']:g}, {s['steps']} steps). On the left the {len(runs)} curves lie on top of "
            f"each other, from {ref['loss_start']:.6f} (ln 2 = 0.693147 plus a little) down to "
            f"{ref['loss_end']:.5f} after the last update. On the right is how far each one is "
            f"from the float64 NumPy run, step by step, on a log scale")
    if f64:
        worst = max(v["worst_diff"] for v in f64.values())
        text += (f": the float64 runs stay within {max(1, math.ceil(worst / EPS64))} units of "
                 f"float64 rounding (eps = 2.2e-16; worst: " +
                 ", ".join(f"{_e(v['worst_diff'])} for {_NAMES.get(k.split('/')[0], k.split('/')[0])}"
                           for k, v in f64.items()) +
                 "; exactly 0 at " + _and([f"{v['exact_steps']}" for v in f64.values()]) +
                 f" of the {s['steps']} steps{', in that order' if len(f64) > 1 else ''})")
    if f32:
        lo = min(v["worst_diff"] for v in f32.values())
        hi = max(v["worst_diff"] for v in f32.values())
        text += (f"{',' if f64 else ':'} and the float32 runs within float32 rounding (worst "
                 f"{_e(lo)} to {_e(hi)}, float32 eps = 1.2e-7)")
    text += ". Same maths, same numbers, up to the last bit the dtype can hold."
    if loss["not_run"]:
        text += f" (Not available then: {', '.join(loss['not_run'])}.)"
    out = " ".join(f"{v:.3f}" for v in tr["outputs"])
    boundary = (f"Its outputs at (0,0) (0,1) (1,0) (1,1) are {out}: "
                f"{'XOR' if tr['learned'] else 'not XOR'}.")
    parts = []
    for i, u in enumerate(tr["units"]):
        eq = f"{u['w'][0]:.2f} x1 {u['w'][1]:+.2f} x2 {u['b']:+.2f} = 0".replace("+-", "- ")
        eq = re.sub(r" ([+-])(\d)", r" \1 \2", eq)
        on = ", ".join(u["on"]) or "no input"
        parts.append(f"hidden unit {i + 1} {u['role'].replace('acts as ', 'learned **')}"
                     f"{'**' if u['role'].startswith('acts as') else ''} (its line {eq}; "
                     f"on for {on})")
    roles = sorted(u["role"] for u in tr["units"])
    hidden = "How it does it: " + "; ".join(parts) + "."
    if roles == ["acts as AND", "acts as OR"] and tr["learned"]:
        hidden += (" In the space of the two hidden activations (right), (0,1) and (1,0) land "
                   "on the same point and one line separates the y = 1 inputs from the y = 0 "
                   "ones: XOR = OR and not AND.")
    elif tr["learned"]:
        hidden += " In the space of the two hidden activations (right) one line separates them."
    return {"loss": _wrap(text), "boundary": _wrap(boundary), "hidden": _wrap(hidden)}


def _n(v: int) -> str:
    """10 000, as the docs write counts."""
    return f"{v:,}".replace(",", " ")


def _pct(v: float) -> str:
    return f"{100 * v:.2f}%"


def seeds_blocks(seeds: dict) -> dict[str, str]:
    st = seeds["study"]
    by = {(c["scale"], c["lr"]): c for c in st["cells"]}
    lines = ["| scale \\ lr | " + " | ".join(f"{v:g}" for v in st["lrs"]) + " |",
             "|---|" + "---|" * len(st["lrs"])]
    best = max(st["cells"], key=lambda c: c["share"])
    for s in st["scales"]:
        label = {0.01: "**0.01** (the question)", 1.0: "1 (project default)"}.get(s, f"{s:g}")
        cells = []
        for v in st["lrs"]:
            c = by[(s, v)]
            t = _pct(c["share"]) + (f" ± {100 * c['se']:.2f}" if c["learned"] else "")
            cells.append(f"**{t}**" if c is best else t)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    table = "\n".join(lines)

    def plateau(c, level):
        return sum(p["count"] for p in c["plateaus"]
                   if p["theory"] is not None and abs(p["theory"] - level) < 1e-9)
    from xorgrad.seeds import PLATEAUS
    ln2, l477, l347 = (lv for lv, _ in PLATEAUS)
    q = [c for c in st["cells"] if c["scale"] == 0.01]
    c1 = by.get((1.0, 0.1))
    c4 = by.get((4.0, 1.0))
    moving = (sum(p["count"] for p in c1["plateaus"] if p["what"].startswith("in between"))
              if c1 else 0)
    facts = [f"- scale 0.01: {_n(sum(c['learned'] for c in q))} of {_n(sum(c['n'] for c in q))} "
             f"nets learned; {_n(sum(plateau(c, ln2) for c in q))} ended on ln 2 = 0.693."]
    if c1:
        facts.append(f"- scale 1, lr 0.1 (the question's lr): {_pct(c1['share'])} learned, "
                     f"{_n(plateau(c1, ln2))} nets still near ln 2 and {_n(moving)} between the "
                     f"plateaus, still descending.")
    facts.append(f"- most often: scale {best['scale']:g}, lr {best['lr']:g}: "
                 f"{_pct(best['share'])}.")
    if c4:
        facts.append(f"- scale 4, lr 1: {_n(plateau(c4, l347))} nets at 0.347, "
                     f"{_n(plateau(c4, l477))} at 0.477, {_n(plateau(c4, ln2))} at ln 2.")
    run = (f"These numbers come from one run of `xorgrad seeds` ({st['backend']}, "
           f"{_n(st['n'])} nets x {len(st['cells'])} cells x {st['steps']} steps): "
           f"{st['seconds']:.0f} s on a {seeds['cpu_count']}-core CPU")
    longer = seeds.get("longer")
    if longer:
        lb = {(c["scale"], c["lr"]): c for c in longer["cells"]}
        pairs = [k for k in ((1.0, 0.1), (0.1, 5.0)) if k in lb and k in by]
        run += (f"; with {longer['steps']} steps ({longer['backend']}, {longer['seconds']:.0f} s) "
                f"the shares rise where nets were still descending (" +
                "; ".join(f"scale {s:g}, lr {v:g}: {_pct(by[(s, v)]['share'])} -> "
                          f"{_pct(lb[(s, v)]['share'])}" for s, v in pairs) +
                f") and scale 0.01 learns "
                f"{sum(c['learned'] for c in longer['cells'] if c['scale'] == 0.01)} times")
    w = seeds["why"]
    why = _wrap(f"With weights ~ 0.01, both hidden units of seed 0 output 0.5 +- "
                f"{w['hidden_dev']:.3f} for every input: they are nearly identical, and nearly "
                f"linear. The output is then 0.5 +- {w['output_dev']:.4f} for all four inputs, and "
                f"the gradient almost vanishes (median length over seeds 0..{w['seeds'] - 1}: "
                f"{w['median_grad_length']['0.01']:.2g} at scale 0.01, against "
                f"{w['median_grad_length']['1.0']:.2g} at scale 1; for seed 0 the largest entry "
                f"of dL/dw1 is {w['max_dw1_seed0']:.1e}). After {DEFAULT_STEPS} steps at lr 1 the "
                f"outputs of seed 0 are {w['outputs_after_seed0'][0]:.7f}.."
                f"{w['outputs_after_seed0'][1]:.7f}.", 98, indent="  ")
    facts = [_wrap(f, 98, "  ")[2:] for f in facts]        # "- " items, continued under them
    return {"table": table, "facts": "\n".join(facts), "run": _wrap(run + "."), "why": why}


def _wrap(text: str, width: int = 98, indent: str = "") -> str:
    import textwrap
    return textwrap.fill(text, width=width, break_on_hyphens=False, break_long_words=False,
                         initial_indent=indent, subsequent_indent=indent)


# ---- the marked blocks ----------------------------------------------------------------------------
def replace_blocks(page: str, blocks: dict[str, str]) -> str:
    for name, text in blocks.items():
        pat = re.compile(rf"(<!-- gen:{name} -->\n)(?:.*?\n)?([ \t]*<!-- /gen:{name} -->)", re.S)
        if not pat.search(page):
            raise ValueError(f"no block <!-- gen:{name} --> in the page")
        page = pat.sub(lambda m: m.group(1) + text + "\n" + m.group(2), page)
    return page


def read_blocks(page: str) -> dict[str, str]:
    return {name: text for name, text in
            re.findall(r"<!-- gen:(\w+) -->\n(?:(.*?)\n)?[ \t]*<!-- /gen:\1 -->", page, re.S)}


# ---- regenerate --------------------------------------------------------------------------------
def draw_pictures(docs: Path) -> dict:
    from xorgrad import plots
    from xorgrad.checker.learner import load_function
    plots.loss_curves(docs)
    plots.decision_boundary(docs)
    plots.hidden_units(docs)
    func, module = load_function(str(DOCS.parent / QUESTION.split(":")[0]) + ":gradients")
    from xorgrad.checker.learner import learner_settings, settings_of
    s = learner_settings(settings_of(module))
    plots.learner_vs_reference(func, docs, name="question.py", **s)
    return {name: sha256(docs / name) for name in PICTURES}


def provenance(names) -> dict:
    return {name: drawing_code(name) for name in names}


def run_seeds(docs: Path, progress=None, study: dict | None = None) -> dict:
    import os

    from xorgrad import plots, seeds
    from xorgrad.registry import _installed
    if study is None:
        study = seeds.study(progress=progress)
    study.pop("heatmap", None)
    plots.seeds_heatmap(study, docs)
    out = {"cpu_count": os.cpu_count(), "study": study, "why": why_numbers()}
    if _installed(SEEDS_LONGER["backend"]):
        out["longer"] = seeds.study(**SEEDS_LONGER, progress=progress)
    out["png_sha256"] = {"seeds_heatmap.png": sha256(docs / "seeds_heatmap.png")}
    out["drawing_code_sha256"] = provenance(["seeds_heatmap.png"])
    return out


def versions() -> dict:
    import importlib.metadata as md
    found = {}
    for name in ("numpy", "torch", "jax", "tensorflow", "tensorflow-cpu", "autograd", "matplotlib"):
        try:
            found[name] = md.version(name)
        except md.PackageNotFoundError:
            pass
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/docpictures.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", default=str(DOCS), help="the docs folder (default: %(default)s)")
    parser.add_argument("--no-seeds", action="store_true",
                        help="keep seeds.json and seeds_heatmap.png (the study takes minutes)")
    parser.add_argument("--seeds-from", metavar="FILE",
                        help="use this `xorgrad seeds --json` output (the default study) instead "
                             "of running it again")
    args = parser.parse_args(argv)
    docs = Path(args.docs)
    data = picture_numbers()
    data["png_sha256"] = draw_pictures(docs)
    data["drawing_code_sha256"] = provenance(PICTURES)
    data["versions"] = versions()
    (docs / "pictures.json").write_text(json.dumps(data, indent=1) + "\n")
    page = docs / "pictures.md"
    page.write_text(replace_blocks(page.read_text(), pictures_blocks(data)))
    print(f"wrote {', '.join(PICTURES)}, pictures.json and the blocks of pictures.md")
    if not args.no_seeds:
        from xorgrad.commands.seeds import ProgressBar
        given = json.loads(Path(args.seeds_from).read_text()) if args.seeds_from else None
        seeds = run_seeds(docs, ProgressBar(sys.stderr, "seeds ") if sys.stderr.isatty() else None,
                          given)
        seeds["versions"] = versions()
        (docs / "seeds.json").write_text(json.dumps(seeds, indent=1) + "\n")
        print("wrote seeds_heatmap.png and seeds.json")
    seeds = json.loads((docs / "seeds.json").read_text())
    page = docs / "seeds.md"
    page.write_text(replace_blocks(page.read_text(), seeds_blocks(seeds)))
    print("rewrote the blocks of seeds.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
