"""Turn a pytest-benchmark JSON file from bench/ into a Markdown report and a PNG plot.

The report holds the machine the numbers came from (CPU, Python, versions, threads, devices,
float32 matmul precision), one table per pytest-benchmark group (every row of a group times the
same work; each row in µs per call and per training step, with min and interquartile range), the
first-call times kept apart, the speed targets of the suite as ratios of rows measured in the same
run with their spread over the rounds ("within noise" when it crosses the limit), and which
backend leads at each size. The PNG draws the step and train times as bars on a linear axis and
time versus work as lines; without matplotlib the Markdown is written alone, and it says so.

examples:
  pytest bench --benchmark-only --benchmark-json=bench.json
  xorgrad report bench.json --out bench-report     # writes bench-report/bench.md and bench.png
  xorgrad report bench.json --out . --no-plot      # Markdown only (no matplotlib needed)
"""

from __future__ import annotations

NAME = "report"
HELP = "turn a pytest-benchmark JSON file from bench/ into a Markdown table and a PNG plot"


def add_arguments(p):
    p.add_argument("json_file", metavar="BENCH.json", help="written by pytest --benchmark-json")
    p.add_argument("--out", default="bench-report", help="output folder (default: %(default)s)")
    p.add_argument("--no-plot", action="store_true", help="write the Markdown only")


def run(args) -> int:
    from ..report import load, write
    written, note = write(load(args.json_file), args.out, plot_png=not args.no_plot)
    for path in written:
        print(f"wrote {path}")
    if note:
        print(note)
    return 0
