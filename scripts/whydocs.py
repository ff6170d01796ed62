"""docs/why.md's reports, regenerated from real runs (the page quotes nothing else).

    python scripts/whydocs.py        # writes docs/why.json and the <!-- gen:why --> block

For every fate, `xorgrad check tests/learners/fate_NAME.py:gradients` (the section "why" of its
report, and the seconds the section took); for the question's own start,
`xorgrad why --scale 0.01 --lr 0.1 --steps 1000`. tests/test_why_docs.py checks that the page's
block is the one rendered from the JSON, and (slow tier) that the runs still print it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FATES = ["learns", "learns_late", "too_few_steps", "saddle", "local_minimum", "growing_weights", "saturated",
         "dead_relu", "lr_too_large", "too_few_units", "symmetric"]
QUESTION = ["why", "--scale", "0.01", "--lr", "0.1", "--steps", "1000"]
MARK = ("<!-- gen:why -->\n", "<!-- /gen:why -->")


def fate_run(name: str) -> dict:
    import xorgrad
    from xorgrad.why import lines
    spec = f"tests/learners/fate_{name}.py:gradients"
    r = xorgrad.check(spec)
    return {"command": f"xorgrad check {spec}", "fate": None if r.why is None else r.why["fate"],
            "text": [] if r.why is None else lines(r.why),
            "seconds": None if r.why is None else round(r.why["seconds"], 2)}


def question_run() -> dict:
    from xorgrad.cli import main
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(QUESTION)
    text = out.getvalue().rstrip().splitlines()
    return {"command": "xorgrad " + " ".join(QUESTION), "text": text[:-1], "seconds_line": text[-1]}


COST_ARGS = ["check", "tests/learners/fate_growing_weights.py:gradients", "--steps"]
COST_STEPS = (1000, 5000, 20000)
WITHOUT = ("import sys, xorgrad.why.check_section as s; s.section = lambda *a, **k: None; "
           "from xorgrad.cli import main; sys.exit(main(sys.argv[1:]))")


def _cost_of(argv, cache) -> tuple:
    """(CPU seconds (user + system, the process, its threads and its children), wall seconds)
    of one fresh process, with JAX's compiled programs kept in `cache` (XORGRAD_JAX_CACHE)."""
    import resource
    import subprocess
    import time
    before, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(argv, cwd=ROOT, capture_output=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT), "XORGRAD_JAX_CACHE": cache})
    wall, after = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def _median(runs) -> dict:
    import statistics
    return {"cpu": round(statistics.median(r[0] for r in runs), 2),
            "wall": round(statistics.median(r[1] for r in runs), 2)}


def cost(repeats: int = 3) -> dict:
    """CPU and wall seconds of `xorgrad check` with the section and without it, at each of
    COST_STEPS steps, in fresh processes (the median of `repeats`): "cold", every run with an
    empty cache of compiled programs (a first check), and "warm", after one run has filled it
    (a check run again with the same settings); and the machine's load average (other jobs
    inflate both)."""
    import tempfile
    out = {"command": "xorgrad " + " ".join(COST_ARGS) + " N", "cores": os.cpu_count(), "runs": []}
    for steps in COST_STEPS:
        args = [*COST_ARGS, str(steps)]
        row = {"steps": steps}
        with tempfile.TemporaryDirectory() as warm:
            _cost_of([sys.executable, "-m", "xorgrad", *args], warm)
            for name, cache in (("cold", None), ("warm", warm)):
                runs = []
                for _ in range(repeats):
                    with tempfile.TemporaryDirectory() as empty:
                        runs.append(_cost_of([sys.executable, "-m", "xorgrad", *args],
                                             cache or empty))
                row[name] = _median(runs)
        row["without"] = _median([_cost_of([sys.executable, "-c", WITHOUT, *args], "off")
                                  for _ in range(repeats)])
        out["runs"].append(row)
    out["load_average"] = round(os.getloadavg()[0], 1)
    return out


def cost_lines(c: dict) -> list:
    """The cost paragraph and table of docs/why.md, from the JSON's "cost"."""
    out = [f"`{c['command']}`: CPU seconds (user + system) / wall seconds, the median of three "
           f"fresh processes, on {c['cores']} cores with a load average of {c['load_average']:g} "
           "from other jobs. *Cold*: where the cost model picks JAX, it compiles the section's "
           "programs (every run with an empty cache); *warm*: they are loaded from the disk "
           "cache of compiled programs that an earlier check with the same settings filled "
           "(only where `$XORGRAD_JAX_CACHE` names a folder: off by default).", "",
           "| steps | without the section | with it, cold | with it, warm | the section adds, cold | the section adds, warm |",
           "|---:|---:|---:|---:|---:|---:|"]

    def pair(d):
        return f"{d['cpu']:.2f} / {d['wall']:.2f}"

    def added(d, base):
        return f"{d['cpu'] - base['cpu']:.1f} / {d['wall'] - base['wall']:.1f}"
    for r in c["runs"]:
        out.append(f"| {r['steps']:,} | {pair(r['without'])} | {pair(r['cold'])} | "
                   f"{pair(r['warm'])} | {added(r['cold'], r['without'])} | "
                   f"{added(r['warm'], r['without'])} |")
    return out + [""]


def render(record: dict) -> str:
    """The generated block of docs/why.md, from the JSON."""
    out = []
    for name in FATES:
        r = record["fates"][name]
        body = "\n".join(r["text"]) if r["text"] else "(no 'why' section: the run learns XOR)"
        took = f", {r['seconds']:.1f} s for the section" if r["seconds"] is not None else ""
        out += [f"### {name.replace('_', ' ')}", "",
                f"`{r['command']}` (the section of its report{took}):", "",
                "```", body, "```", ""]
    q = record["question"]
    out += ["### the question's own start: the what-if table", "", f"`{q['command']}`:", "",
            "```", "\n".join(q["text"]), "```", ""]
    out += ["### what the section costs", "", *cost_lines(record["cost"])]
    return "\n".join(out)


def main() -> int:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    record = {"fates": {name: fate_run(name) for name in FATES}, "question": question_run(),
              "cost": cost()}
    (DOCS / "why.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    page = (DOCS / "why.md").read_text(encoding="utf-8")
    a, b = page.index(MARK[0]) + len(MARK[0]), page.index(MARK[1])
    (DOCS / "why.md").write_text(page[:a] + render(record) + page[b:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
