"""docs/hessian.md's picture and numbers, regenerated from the project (the page quotes nothing else).

    python scripts/hessiandocs.py               # writes docs/hessian.png, docs/hessian.json and
                                                # the <!-- gen:hessian --> block of docs/hessian.md

tests/test_hessian_docs.py recomputes the numbers (a few seconds of float64 NumPy) and checks
them against hessian.json at a tolerance that holds across CPUs, the block against the JSON, and
the PNG and its drawing code against the sha256 recorded when it was drawn.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from pathlib import Path

import numpy as np

from xorgrad import curvature
from xorgrad.contract import flatten, init_params

DOCS = Path(__file__).resolve().parents[1] / "docs"
# examples/question.py's settings and xorgrad's defaults; "reach": how far along v_min to look
QUESTION = {"seed": 0, "scale": 0.01, "lr": 0.1, "steps": 1000, "reach": 0.3}
DEFAULT = {"seed": 0, "scale": 1.0, "lr": 1.0, "steps": 1000, "reach": 3.0}


def numbers() -> dict:
    """Every number the page quotes: both starts, along training, and the loss along v_min."""
    out = {}
    for name, s in (("question", QUESTION), ("default", DEFAULT)):
        run = curvature.along_training(s["seed"], s["scale"], s["lr"], s["steps"], every=50)
        p = init_params(s["seed"], s["scale"])
        start = run["rows"][0]
        ts = [s["reach"] * k / 30 for k in range(-30, 31)]   # the line p + t v_min
        profile = curvature.loss_along(p, start["v_min"], ts)
        rows = [{k: v for k, v in r.items() if k not in ("v_min", "v_max")} for r in run["rows"]]
        out[name] = {**s, "rows": rows, "v_min": start["v_min"],
                     "escape_steps": curvature.escape_steps(s["lr"], start["eigenvalues"][0]),
                     "escape_steps_end": curvature.escape_steps(s["lr"], run["rows"][-1]["eigenvalues"][0]),
                     "first_step_without_negative": next(
                         (r["step"] for r in run["rows"] if r["negative"] == 0), None),
                     "ts": ts, "loss_along_v_min": profile}
    origin = {k: np.zeros_like(v) for k, v in init_params().items()}
    from xorgrad.registry import get
    net = get("numpy")
    out["origin"] = {"grad_norm": float(np.linalg.norm(flatten(net.loss_and_grads(origin)[1]))),
                     "eigenvalues": [float(x) for x in np.linalg.eigvalsh(net.hessian(origin))]}
    return out


def draw(nums: dict, out: Path) -> Path:
    from xorgrad.plots import _figure, _save
    fig = _figure(13.0, 3.8)
    axes = fig.subplots(1, 3)
    for ax, name, color in ((axes[0], "question", "tab:red"), (axes[1], "default", "tab:blue")):
        r = nums[name]
        ax.plot(r["ts"], np.array(r["loss_along_v_min"]) - r["rows"][0]["loss"], color=color)
        ax.axhline(0.0, color="0.6", linewidth=0.8)
        ax.set_xlabel("t (along v_min, the lowest eigenvector, unit length)")
        ax.set_title(f"L(p + t v_min) - L(p), init scale {r['scale']:g}\n"
                     f"lowest eigenvalue {r['rows'][0]['eigenvalues'][0]:.2e}", fontsize=10)
    right = axes[2]
    for name, color in (("question", "tab:red"), ("default", "tab:blue")):
        r = nums[name]
        steps = [row["step"] for row in r["rows"]]
        right.plot(steps, [row["eigenvalues"][0] for row in r["rows"]], color=color,
                   label=f"lowest eigenvalue, scale {r['scale']:g}, lr {r['lr']:g}")
        right.plot(steps, [row["grad_norm"] for row in r["rows"]], color=color, linestyle=":",
                   label=f"|grad|, scale {r['scale']:g}, lr {r['lr']:g}")
    right.set_yscale("symlog", linthresh=1e-9)
    right.axhline(0.0, color="0.6", linewidth=0.8)
    right.set_xlabel("gradient-descent step")
    right.set_title("curvature and slope along training", fontsize=10)
    right.legend(fontsize=7)
    return _save(fig, out, "hessian.png")


def drawing_code() -> str:
    return hashlib.sha256(inspect.getsource(draw).encode()).hexdigest()


def block(nums: dict) -> str:
    """The page's generated paragraph: every number from `nums`."""
    q, d, o = nums["question"], nums["default"], nums["origin"]
    q0, qe, d0, de = q["rows"][0], q["rows"][-1], d["rows"][0], d["rows"][-1]
    def dip(r):                               # the lowest point of the loss along v_min
        k = int(np.argmin(r["loss_along_v_min"]))
        return r["loss_along_v_min"][k] - r["rows"][0]["loss"], r["ts"][k]

    def eig(row):
        return ", ".join(f"{x:.2e}" for x in row["eigenvalues"])
    return "\n".join([
        "| | question's start (scale 0.01, lr 0.1) | default start (scale 1, lr 1) |",
        "|---|---|---|",
        f"| loss at step 0 | {q0['loss']:.6f} | {d0['loss']:.6f} |",
        f"| \\|grad\\| at step 0 | {q0['grad_norm']:.2e} | {d0['grad_norm']:.2e} |",
        f"| eigenvalues at step 0 | {eig(q0)} | {eig(d0)} |",
        f"| negative eigenvalues at step 0 | {q0['negative']} | {d0['negative']} |",
        f"| e-folding of an offset along v_min under gradient descent | every {q['escape_steps']:.3g} steps | every {d['escape_steps']:.3g} steps |",
        f"| first report (every 50 steps) with no negative eigenvalue | {q['first_step_without_negative'] or 'none in ' + str(q['steps'])} | step {d['first_step_without_negative']} |",
        f"| loss after {q['steps']} steps | {qe['loss']:.6f} | {de['loss']:.6f} |",
        f"| \\|grad\\| after {q['steps']} steps | {qe['grad_norm']:.2e} | {de['grad_norm']:.2e} |",
        f"| lowest eigenvalue after {q['steps']} steps | {qe['eigenvalues'][0]:.2e} | {de['eigenvalues'][0]:.2e} |",
        "",
        f"| lowest loss along v_min, within \\|t\\| <= {q['reach']:g} / {d['reach']:g} | "
        f"{dip(q)[0]:+.2e} at t = {dip(q)[1]:+.2g} | {dip(d)[0]:+.2e} at t = {dip(d)[1]:+.2g} |",
        f"| loss change at t = -{q['reach']:g} / +{q['reach']:g} (q.), -{d['reach']:g} / +{d['reach']:g} (d.) | "
        f"{q['loss_along_v_min'][0] - q0['loss']:+.2e} / {q['loss_along_v_min'][-1] - q0['loss']:+.2e} | "
        f"{d['loss_along_v_min'][0] - d0['loss']:+.2e} / {d['loss_along_v_min'][-1] - d0['loss']:+.2e} |",
        "",
        f"At the origin (every parameter 0) the gradient is exactly {o['grad_norm']:g} and the "
        f"Hessian has {sum(abs(x) < 1e-12 for x in o['eigenvalues'])} eigenvalues that are 0 to "
        f"rounding (|eigenvalue| < 1e-12) and one of {o['eigenvalues'][-1]:.3g} (w2 and b2 together: "
        f"the direction that moves every sample's output logit z2 alike). After "
        f"{q['steps']} steps of the question's settings, an offset along the lowest eigenvector "
        f"grows e-fold every {q['escape_steps_end']:.3g} steps.",
    ])


def write_block(page: Path, text: str) -> None:
    src = page.read_text(encoding="utf-8")
    a, b = "<!-- gen:hessian -->\n", "<!-- /gen:hessian -->"
    start, end = src.index(a) + len(a), src.index(b)
    page.write_text(src[:start] + text + "\n" + src[end:], encoding="utf-8")


def main(docs: Path = DOCS) -> None:
    nums = numbers()
    png = draw(nums, docs)
    record = {"numbers": nums, "png_sha256": hashlib.sha256(png.read_bytes()).hexdigest(),
              "drawing_code": drawing_code()}
    (docs / "hessian.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    write_block(docs / "hessian.md", block(nums))


if __name__ == "__main__":
    main()
