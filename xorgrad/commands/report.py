"""Turn a pytest-benchmark JSON file from bench/ into a Markdown report and a PNG plot.

The report holds the machine the numbers came from (CPU, Python, versions, threads, devices,
TF32 / matmul-precision settings), one table per benchmark group in microseconds per training
step (median, with min and interquartile range), the first-call (compile) times kept apart, the
speed targets of the suite as ratios of rows measured in the same run, and where the fastest
backend changes as the work grows. The PNG plots the step times and time versus work.

examples:
  pytest bench --benchmark-only --benchmark-json=bench.json
  xorgrad report bench.json --out bench-report     # writes bench-report/bench.md and bench.png
  xorgrad report bench.json --out . --no-plot      # Markdown only (no matplotlib needed)
"""

from __future__ import annotations

import json
import os

NAME = "report"
HELP = "turn a pytest-benchmark JSON file from bench/ into a Markdown table and a PNG plot"

VARIANT_NOTES = {
    "lesson": "the lesson code",
    "compiled": "torch.compile of the whole step",
    "fewest-calls": "baseline: NumPy, fewest calls",
    "python-scalars": "baseline: plain Python floats",
    "minimal-autograd": "baseline: minimal eager autograd step",
    "jit-per-step": "baseline: one jitted call per step",
    "raw-scan": "baseline: lax.scan on device arrays",
}


def add_arguments(p):
    p.add_argument("json_file", metavar="BENCH.json", help="written by pytest --benchmark-json")
    p.add_argument("--out", default="bench-report", help="output folder (default: %(default)s)")
    p.add_argument("--no-plot", action="store_true", help="write the Markdown only")


def load(path: str) -> dict:
    from ..errors import UsageError
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise UsageError(f"no such benchmark file: {path}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"cannot read {path}: {e}") from None
    except json.JSONDecodeError as e:
        raise UsageError(f"{path} is not valid JSON ({e.msg} at line {e.lineno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list):
        raise UsageError(f"{path} is not a pytest-benchmark JSON file (no 'benchmarks' list)")
    return data


def _fmt_us(x):
    if x is None:
        return "-"
    return f"{x:,.3f}" if x < 10 else f"{x:,.1f}" if x < 1000 else f"{x:,.0f}"


def _work(row):
    from ..benchmarks import WORK_KEY
    key = WORK_KEY.get(row["kind"])
    return f"{key} {row[key]:,}" if key else f"{row['steps']} steps/call"


def machine_lines(data: dict) -> list[str]:
    mi = data.get("machine_info") or {}
    cpu = mi.get("cpu") or {}
    env = mi.get("xorgrad") or {}
    lines = [f"- machine: {mi.get('node', '?')}, {cpu.get('brand_raw', mi.get('processor', '?'))}, "
             f"{env.get('cpu_count', cpu.get('count', '?'))} CPUs, {mi.get('system', '')} "
             f"{mi.get('release', '')}",
             f"- Python {mi.get('python_version', '?')} ({mi.get('python_implementation', '')}), "
             f"NumPy {env.get('numpy', '?')}; run {data.get('datetime', '?')}"]
    t = env.get("torch")
    if t:
        gpu = f", CUDA {t.get('cuda')}: {', '.join(t.get('cuda_devices', []))}, TF32 matmul " \
              f"{t.get('tf32_matmul')}, cuDNN {t.get('tf32_cudnn')}" if t.get("cuda_available") else ""
        pinned = sorted({b.get("extra_info", {}).get("torch_threads") for b in data.get("benchmarks", [])
                         if b.get("extra_info", {}).get("torch_threads") is not None})
        during = f"; the PyTorch CPU rows ran with {', '.join(map(str, pinned))} intra-op " \
                 f"thread(s), set per benchmark" if pinned else ""
        lines.append(f"- PyTorch {t['version']}: {t['threads']} threads by default "
                     f"({t['interop_threads']} inter-op){during}, float32 matmul precision "
                     f"'{t['float32_matmul_precision']}'{gpu}")
    j = env.get("jax")
    if j:
        lines.append(f"- JAX {j['version']} (jaxlib {j['jaxlib']}): devices {', '.join(j['devices'])}"
                     f", default matmul precision {j['default_matmul_precision']}")
    if env.get("env"):
        lines.append("- environment: " + ", ".join(f"{k}={v}" for k, v in env["env"].items()))
    commit = data.get("commit_info") or {}
    if commit.get("id"):
        lines.append(f"- commit {commit['id'][:12]}{' (dirty)' if commit.get('dirty') else ''}")
    return lines


def markdown(data: dict, png_name: str | None = None) -> str:
    from ..benchmarks import KIND_TITLES, KINDS, WORK_KEY, crossovers, rows, targets
    from ..errors import UsageError
    rs = rows(data)
    if not rs:
        raise UsageError("the file holds no benchmarks from bench/ (none has the extra_info "
                         "labels this report reads)")
    out = ["# XOR 2-2-1 benchmarks", "", *machine_lines(data), "",
           "Times are medians over rounds of pytest-benchmark (`pytest bench --benchmark-only`), "
           "per training step: the time of one call divided by the steps it runs. Device work is "
           "synchronised inside every timed call; the first call (compilation, caches) is timed "
           "apart and shown as *first call*.", ""]
    if png_name:
        out += [f"![benchmarks]({png_name})", ""]
    for kind in KINDS:
        sel = [r for r in rs if r["kind"] == kind]
        if not sel:
            continue
        key = WORK_KEY.get(kind)
        sel.sort(key=lambda r: (r["device"], r["dtype"], r[key] if key else 0, r["us_per_step"]))
        out += [f"## {KIND_TITLES[kind]}", "",
                "| backend | device | dtype | variant | work | µs/step (median) | min | IQR "
                "| net-steps/s | first call (s) |",
                "|---|---|---|---|---|---:|---:|---:|---:|---:|"]
        for r in sel:
            dev = r["device"] if not r.get("device_name") or r["device_name"] == r["device"] \
                else f"{r['device']} ({r['device_name']})"
            first = f"{r['first_call_s']:.3f}" if r.get("first_call_s") is not None else "-"
            out.append(f"| {r['backend']} | {dev} | {r['dtype']} | "
                       f"{VARIANT_NOTES.get(r['variant'], r['variant'])} | {_work(r)} | "
                       f"{_fmt_us(r['us_per_step'])} | {_fmt_us(r['us_per_step_min'])} | "
                       f"{_fmt_us(r['iqr_us'])} | {r['net_steps_per_s']:.3g} | {first} |")
        if key:
            out += ["", "Fastest backend as the work grows (lesson rows, time per net-step): "]
            out += [f"- {line}" for line in crossovers(rs, kind)]
        out.append("")
    out += ["## Speed targets (ratios of rows measured in this run)", "",
            "Judged on medians; the same ratio from the fastest rounds (min) is shown beside it.",
            "", "| target | measured (median) | from min | wanted | met |",
            "|---|---:|---:|---:|---|"]

    def num(v):
        return "not measured" if v is None else (f"{v:.3g}" if v < 1e4 else f"{v:.3e}")
    for t in targets(rs):
        met = "-" if t["ok"] is None else ("yes" if t["ok"] else "**no**")
        out.append(f"| {t['target']} | {num(t['value'])} | {num(t['value_min'])} | {t['want']} "
                   f"| {met} |")
    out.append("")
    return "\n".join(out)


def plot(data: dict, path: str):
    """Step times (bars) and time versus work (log-log lines), one panel per group."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..benchmarks import KIND_TITLES, WORK_KEY, rows
    rs = rows(data)
    fig, axes = plt.subplots(2, 2, figsize=(14, 10))
    ax = axes[0][0]
    for kind, ax in (("step", axes[0][0]),):
        sel = sorted([r for r in rs if r["kind"] == kind], key=lambda r: r["us_per_step"])
        names = [f"{r['backend']} {r['device']} {r['dtype']} {r['variant']}" for r in sel]
        ax.barh(range(len(sel)), [r["us_per_step"] for r in sel], color="tab:blue")
        ax.set_yticks(range(len(sel)), names, fontsize=7)
        ax.set_xscale("log")
        ax.set_xlabel("µs per step (median)")
        ax.set_title(KIND_TITLES[kind], fontsize=10)
    for kind, ax in (("population", axes[0][1]), ("batch", axes[1][0]), ("width", axes[1][1])):
        key = WORK_KEY[kind]
        sel = [r for r in rs if r["kind"] == kind]
        for label in sorted({(r["backend"], r["device"], r["dtype"]) for r in sel}):
            line = sorted([r for r in sel if (r["backend"], r["device"], r["dtype"]) == label],
                          key=lambda r: r[key])
            style = "-" if label[2] == "float64" else "--"
            ax.plot([r[key] for r in line], [r["us_per_step"] for r in line], style, marker="o",
                    label=" ".join(label))
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(key)
        ax.set_ylabel("µs per step (all nets)" if kind == "population" else "µs per step")
        ax.set_title(KIND_TITLES[kind], fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
        if sel:
            ax.legend(fontsize=7)
    mi = data.get("machine_info") or {}
    fig.suptitle(f"XOR 2-2-1 benchmarks: {(mi.get('cpu') or {}).get('brand_raw', '')} "
                 f"{data.get('datetime', '')}", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def run(args) -> int:
    from ..errors import UsageError
    data = load(args.json_file)
    try:
        os.makedirs(args.out, exist_ok=True)
    except OSError as e:
        raise UsageError(f"cannot create output folder {args.out}: {e}") from None
    png = None if args.no_plot else "bench.png"
    text = markdown(data, png)
    md_path = os.path.join(args.out, "bench.md")
    with open(md_path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {md_path}")
    if png:
        plot(data, os.path.join(args.out, png))
        print(f"wrote {os.path.join(args.out, png)}")
    return 0
