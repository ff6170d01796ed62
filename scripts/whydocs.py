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
         "dead_relu", "lr_too_large", "too_few_units"]
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


COST_ARGS = ["check", "tests/learners/fate_growing_weights.py:gradients", "--steps", "5000"]
WITHOUT = ("import sys, xorgrad.why.check_section as s; s.section = lambda *a, **k: None; "
           "from xorgrad.cli import main; sys.exit(main(sys.argv[1:]))")


def cost(repeats: int = 3) -> dict:
    """CPU seconds (user + system, the child process and its threads) of `xorgrad check` at
    5,000 steps with the section and without it, in fresh processes: the median of `repeats`;
    and the machine's load average while it ran (other jobs inflate CPU time too)."""
    import resource
    import statistics
    import subprocess

    def cpu(argv):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(argv, cwd=ROOT, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    with_ = [cpu([sys.executable, "-m", "xorgrad", *COST_ARGS]) for _ in range(repeats)]
    without = [cpu([sys.executable, "-c", WITHOUT, *COST_ARGS]) for _ in range(repeats)]
    return {"command": "xorgrad " + " ".join(COST_ARGS), "cpu_with": round(statistics.median(with_), 2),
            "cpu_without": round(statistics.median(without), 2), "cores": os.cpu_count(),
            "load_average": round(os.getloadavg()[0], 1)}


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
    c = record["cost"]
    out += ["### what the section costs", "",
            f"`{c['command']}` takes {c['cpu_with']:.1f} s of CPU with the section and "
            f"{c['cpu_without']:.1f} s without it (median of three fresh processes, user + "
            f"system, on {c['cores']} cores with a load average of {c['load_average']:g} from "
            f"other jobs): the section adds {c['cpu_with'] - c['cpu_without']:.1f} s.", ""]
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
