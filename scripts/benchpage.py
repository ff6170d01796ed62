"""Regenerate the measured part of docs/benchmarks.md and docs/bench.png: one command, one run.

    python scripts/benchpage.py                          # the whole suite, timed (minutes)
    python scripts/benchpage.py --json bench.json        # from a run already made
    python scripts/benchpage.py --quick --docs /tmp/d -- bench/bench_step.py --backends=numpy
                                                         # smoke: 2 rounds a row, into a copy

It runs `pytest bench --benchmark-only --benchmark-json=...` (arguments after `--` replace
`bench`: a file, `-k`, `--backends`), then writes the report of that run (xorgrad.report, the
same text `xorgrad report` writes) between the markers <!-- bench-report --> and
<!-- /bench-report --> of benchmarks.md, and its figure as bench.png beside it. The prose around
the markers is written by hand and is not touched. A tool of this repository, not of the
installed package.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from xorgrad import report

DOCS = Path(__file__).resolve().parents[1] / "docs"
BEGIN, END = "<!-- bench-report -->", "<!-- /bench-report -->"


def block(data: dict, load: float | None, png_name: str = "bench.png") -> str:
    """The generated block: when and how loaded, then the report without its title line."""
    body = report.markdown(data, png_name).split("\n", 1)[1].lstrip("\n")
    cpus = ((data.get("machine_info") or {}).get("xorgrad") or {}).get("cpu_count", "?")
    busy = "" if load is None else f", load average {load:.1f} on the {cpus} cores at the start"
    return f"One run, {report._when(data)}{busy}, `xorgrad report` output:\n\n{body.rstrip()}\n"


def splice(page: str, text: str) -> str:
    """`page` with everything between the markers replaced by `text` (a clear error without them)."""
    pattern = re.compile(re.escape(BEGIN) + r"\n.*?" + re.escape(END), re.S)
    if len(pattern.findall(page)) != 1:
        raise SystemExit(f"benchmarks.md must hold one {BEGIN} ... {END} block")
    return pattern.sub(lambda _: f"{BEGIN}\n{text}{END}", page)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/benchpage.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", default=str(DOCS), help="folder of benchmarks.md and bench.png "
                        "(default: %(default)s)")
    parser.add_argument("--json", help="render this pytest-benchmark JSON instead of running")
    parser.add_argument("--quick", action="store_true",
                        help="2 rounds a row (XORGRAD_BENCH_QUICK=1): a smoke test, not numbers")
    parser.add_argument("pytest_args", nargs="*", help="after --: what pytest runs (default: bench)")
    args = parser.parse_args(argv)
    docs = Path(args.docs)
    page = (docs / "benchmarks.md").read_text(encoding="utf-8")
    splice(page, "")                                   # the markers first, before minutes of work
    load = None
    with tempfile.TemporaryDirectory() as tmp:
        path = args.json
        if path is None:
            path = os.path.join(tmp, "bench.json")
            load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
            env = {**os.environ, **({"XORGRAD_BENCH_QUICK": "1"} if args.quick else {})}
            cmd = [sys.executable, "-m", "pytest", "-q", *(args.pytest_args or ["bench"]),
                   "--benchmark-only", f"--benchmark-json={path}"]
            if subprocess.run(cmd, env=env).returncode != 0:
                print("the benchmark run failed; docs not changed", file=sys.stderr)
                return 1
        data = report.load(path)
    (docs / "benchmarks.md").write_text(splice(page, block(data, load)), encoding="utf-8")
    report.plot(data, str(docs / "bench.png"))
    print(f"rewrote the measured block of {docs / 'benchmarks.md'} and {docs / 'bench.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
