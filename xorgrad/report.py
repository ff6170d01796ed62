"""The benchmark report: a pytest-benchmark JSON file from bench/ as Markdown and a PNG plot.

What the page holds is said in `xorgrad report --help` (xorgrad/commands/report.py, the thin
command line over this module).

    from xorgrad import report
    data = report.load("bench.json")
    report.markdown(data)                  # the page, as text
    report.write(data, "bench-report")     # bench.md and bench.png: (paths written, note or None)

Nothing here imports torch or jax (matplotlib only to draw).
"""

from __future__ import annotations

import json
import os

VARIANT_NOTES = {           # a (backend, variant) key first, then the variant alone
    "lesson": "the lesson code",
    ("torch", "compiled"): "torch.compile of the whole step",
    ("tensorflow", "compiled"): "the lesson's tf.function under XLA (jit_compile=True)",
    "compiled": "compiled",
    "fewest-calls": "baseline: NumPy, fewest calls",
    "python-scalars": "baseline: plain Python floats",
    "minimal-autograd": "baseline: minimal eager autograd step",
    "jit-per-step": "baseline: one jitted call per step",
    "raw-scan": "baseline: lax.scan on device arrays",
}


def variant_note(row: dict) -> str:
    """What a row's variant is, in words (the compiled path differs by framework)."""
    return VARIANT_NOTES.get((row["backend"], row["variant"]),
                             VARIANT_NOTES.get(row["variant"], row["variant"]))


def load(path: str) -> dict:
    from .errors import UsageError
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


def _precision(entry: dict, key: str) -> str:
    """'X in every call (process default Y)' from the machine_info entry of one framework."""
    default = (entry.get("precision_default") or {}).get(key, entry.get(key))
    in_calls = (entry.get("precision_in_calls") or {}).get(key)
    if in_calls is None:
        return f"{default!r} (the process default)"
    return f"{in_calls!r} in every call (process default {default!r})"


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
        gpu = f", CUDA {t.get('cuda')}: {', '.join(t.get('cuda_devices', []))}" \
            if t.get("cuda_available") else ""
        benches = data.get("benchmarks", [])
        pinned = sorted({b.get("extra_info", {}).get("torch_threads") for b in benches
                         if b.get("extra_info", {}).get("torch_threads") is not None})
        during = f"; the PyTorch rows ran with {', '.join(map(str, pinned))} intra-op " \
                 f"thread(s), chosen per workload" if pinned else ""
        lines.append(f"- PyTorch {t['version']}: {t['threads']} threads by default "
                     f"({t['interop_threads']} inter-op){during}; float32 matmul precision "
                     f"{_precision(t, 'float32_matmul_precision')}{gpu}")
    j = env.get("jax")
    if j:
        lines.append(f"- JAX {j['version']} (jaxlib {j['jaxlib']}): devices "
                     f"{', '.join(j['devices'])}; default matmul precision "
                     f"{_precision(j, 'default_matmul_precision')}")
    if env.get("env"):
        lines.append("- environment: " + ", ".join(f"{k}={v}" for k, v in env["env"].items()))
    commit = data.get("commit_info") or {}
    if commit.get("id"):
        lines.append(f"- commit {commit['id'][:12]}{' (dirty)' if commit.get('dirty') else ''}")
    return lines


def _group_order(rows_):
    """Groups in the order of KINDS, then by the size of their work."""
    from .benchmarks import KINDS, work
    order = {}
    for r in rows_:
        key = (KINDS.index(r["kind"]), work(r)[1:], work(r)[0])
        order.setdefault(r["group"], key)
    return sorted(order, key=lambda g: order[g])


def _verdict(ok):
    return {None: "-", True: "yes", False: "**no**", "noise": "within noise"}[ok]


def markdown(data: dict, png_name: str | None = None, png_note: str | None = None) -> str:
    from .benchmarks import KIND_TITLES, KINDS, WORK_KEY, crossovers, rows, targets
    from .errors import UsageError
    rs = rows(data)
    if not rs:
        raise UsageError("the file holds no benchmarks from bench/ (none has the extra_info "
                         "labels this report reads)")
    out = ["# XOR 2-2-1 benchmarks", "", *machine_lines(data), "",
           "One table per pytest-benchmark group; every row of a group times the same work (the "
           "group name says how much: steps per call, nets, samples, hidden units). *µs/call* is "
           "pytest-benchmark's median for one call; *µs/step* divides it by the steps of the "
           "call. "
           "Device work is synchronised inside every timed call. *first call* is timed apart, "
           "after the in-process compile caches were cleared: tracing, compiling and CUDA-graph "
           "recording included.", ""]
    if png_name:
        out += [f"![benchmarks]({png_name})", ""]
    elif png_note:
        out += [png_note, ""]
    by_group = {}
    for r in rs:
        by_group.setdefault(r["group"], []).append(r)
    for group in _group_order(rs):
        sel = sorted(by_group[group], key=lambda r: r["us_per_step"])
        kind = sel[0]["kind"]
        out += [f"## {KIND_TITLES[kind]}: {group}", "",
                "| backend | device | dtype | variant | µs/call (median) | µs/step | min/step "
                "| IQR/step | net-steps/s | first call (s) |",
                "|---|---|---|---|---:|---:|---:|---:|---:|---:|"]
        for r in sel:
            dev = r["device"] if not r.get("device_name") or r["device_name"] == r["device"] \
                else f"{r['device']} ({r['device_name']})"
            first = f"{r['first_call_s']:.3f}" if r.get("first_call_s") is not None else "-"
            out.append(f"| {r['backend']} | {dev} | {r['dtype']} | "
                       f"{variant_note(r)} | "
                       f"{_fmt_us(r['us_per_step'] * r['steps'])} | "
                       f"{_fmt_us(r['us_per_step'])} | {_fmt_us(r['us_per_step_min'])} | "
                       f"{_fmt_us(r['iqr_us'])} | {r['net_steps_per_s']:.3g} | {first} |")
        out.append("")
    for kind in KINDS:
        if kind in WORK_KEY and any(r["kind"] == kind for r in rs):
            out += [f"Fastest backend by {WORK_KEY[kind]} ({kind}, lesson rows; a lead counts "
                    "when the leader's slower rounds beat the runner-up's faster ones):", ""]
            out += [f"- {line}" for line in crossovers(rs, kind)]
            out.append("")
    out += ["## Speed targets (ratios of rows measured in this run)", "",
            "*measured*: the ratio of the medians; *spread*: the same ratio from the rows' "
            "quartiles (the middle half of each row's rounds, paired both ways). A verdict whose "
            "spread crosses its limit is *within noise*: it would flip from run to run.", "",
            "| target | measured (median) | spread (Q1-Q3) | from min | wanted | met |",
            "|---|---:|---:|---:|---:|---|"]

    def num(v):
        return "not measured" if v is None else (f"{v:.3g}" if v < 1e4 else f"{v:.3e}")
    for t in targets(rs):
        low, high = t.get("low"), t.get("high")
        spread = "-" if low is None or high is None else f"{num(low)} - {num(high)}"
        out.append(f"| {t['target']} | {num(t['value'])} | {spread} | "
                   f"{num(t.get('value_min'))} | {t['want']} | {_verdict(t['ok'])} |")
    out.append("")
    return "\n".join(out)


def _when(data: dict) -> str:
    """The run's date as 'YYYY-MM-DD HH:MM UTC' (the raw timestamp when it does not parse)."""
    import datetime as dt
    raw = data.get("datetime") or ""
    try:
        t = dt.datetime.fromisoformat(raw)
    except ValueError:
        return raw
    if t.tzinfo is not None:
        t = t.astimezone(dt.timezone.utc)
    return t.strftime("%Y-%m-%d %H:%M UTC")


def figure(data: dict):
    """The report's figure: one panel per kind that was run, nothing for kinds that were not.

    The step panel is a bar chart on a linear axis (a bar's length is its time), one bar per row,
    its height grown with the rows so the labels never overlap; the scaling panels plot time per
    step against the work on log-log axes as lines with markers (no bars on a log axis).
    """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .benchmarks import KIND_TITLES, KINDS, WORK_KEY, rows
    rs = rows(data)
    kinds = [k for k in KINDS if any(r["kind"] == k for r in rs)]
    bar_kinds = [k for k in kinds if k not in WORK_KEY]
    line_kinds = [k for k in kinds if k in WORK_KEY]
    heights = [0.25 * sum(r["kind"] == k for r in rs) + 1.2 for k in bar_kinds] + \
        [4.0] * len(line_kinds)
    fig, axes = plt.subplots(len(kinds), 1, figsize=(11, sum(heights) + 0.5),
                             gridspec_kw={"height_ratios": heights}, squeeze=False,
                             layout="constrained")  # leaves room for the suptitle and labels
    for kind, ax in zip(bar_kinds + line_kinds, axes[:, 0]):
        sel = [r for r in rs if r["kind"] == kind]
        if kind in WORK_KEY:
            key = WORK_KEY[kind]
            for label in sorted({(r["backend"], r["device"], r["dtype"], r["variant"])
                                 for r in sel}):
                line = sorted([r for r in sel if (r["backend"], r["device"], r["dtype"],
                                                  r["variant"]) == label], key=lambda r: r[key])
                style = "-" if label[2] == "float64" else "--"
                name = " ".join(label[:3]) + ("" if label[3] == "lesson" else f" {label[3]}")
                ax.plot([r[key] for r in line], [r["us_per_step"] for r in line], style,
                        marker="o", label=name)
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel(key)
            ax.set_ylabel("µs per step (all nets)" if kind == "population" else "µs per step")
            ax.grid(True, which="both", alpha=0.3)
            ax.legend(fontsize=7, ncol=2)
        else:
            sel.sort(key=lambda r: r["us_per_step"], reverse=True)
            names = [f"{r['backend']} {r['device']} {r['dtype']}: "
                     f"{variant_note(r)}" for r in sel]
            ys = range(len(sel))
            ax.barh(ys, [r["us_per_step"] for r in sel], color="tab:blue")
            for y, r in zip(ys, sel):
                ax.annotate(f" {_fmt_us(r['us_per_step'])}", (r["us_per_step"], y), va="center",
                            fontsize=7)
            ax.set_yticks(list(ys), names, fontsize=7)
            ax.set_ylim(-0.6, len(sel) - 0.4)
            ax.set_xlim(0, max(r["us_per_step"] for r in sel) * 1.15)
            ax.set_xlabel("µs per step (median), linear axis")
            ax.grid(True, axis="x", alpha=0.3)
        ax.set_title(f"{KIND_TITLES[kind]} ({', '.join(sorted({r['group'] for r in sel}))})"
                     if kind not in WORK_KEY else KIND_TITLES[kind], fontsize=10)
    mi = data.get("machine_info") or {}
    cpu = (mi.get("cpu") or {}).get("brand_raw", "")
    fig.suptitle(f"XOR 2-2-1 benchmarks{', ' + cpu if cpu else ''}, run {_when(data)}",
                 fontsize=11)
    return fig


def plot(data: dict, path: str):
    """Write `figure(data)` to `path` as a PNG."""
    import matplotlib.pyplot as plt
    fig = figure(data)
    fig.savefig(path, dpi=110)
    plt.close(fig)


NO_MATPLOTLIB = "bench.png not written: matplotlib is not installed (pip install matplotlib)"


def write(data: dict, out: str, plot_png: bool = True, md_name: str = "bench.md",
          png_name: str = "bench.png") -> tuple[list[str], str | None]:
    """Write the Markdown (and the PNG unless `plot_png` is False or matplotlib is missing) into
    the folder `out`; returns the paths written and the note saying why no PNG was, if any."""
    import importlib.util

    from .errors import UsageError
    try:
        os.makedirs(out, exist_ok=True)
    except OSError as e:
        raise UsageError(f"cannot create output folder {out}: {e}") from None
    png = png_name if plot_png else None
    note = None
    if png and importlib.util.find_spec("matplotlib") is None:
        png, note = None, NO_MATPLOTLIB
    text = markdown(data, png, png_note=f"*{note}*" if note else None)
    written = [os.path.join(out, md_name)]
    with open(written[0], "w", encoding="utf-8") as f:
        f.write(text)
    if png:
        written.append(os.path.join(out, png))
        plot(data, written[1])
    return written, note
