"""`xorgrad report` turns benchmark JSON into Markdown and a PNG, and refuses bad files in one line."""

import json

import pytest

from xorgrad.benchmarks import crossovers, group_name, rows, targets
from xorgrad.cli import main

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def bench_entry(kind, backend, variant, median_s, steps=1, dtype="float64", spread=0.05, **more):
    info = {"kind": kind, "backend": backend, "device": "cpu", "dtype": dtype, "variant": variant,
            "steps": steps, "nets": 1, "batch": 4, "hidden": 2, "first_call_s": 0.5, **more}
    return {"name": f"test_{kind}_{backend}_{variant}", "group": group_name(info),
            "extra_info": info,
            "stats": {"median": median_s, "min": median_s * 0.9, "iqr": median_s * 2 * spread,
                      "q1": median_s * (1 - spread), "q3": median_s * (1 + spread),
                      "rounds": 5}}


@pytest.fixture
def bench_json(tmp_path):
    data = {"machine_info": {"node": "box", "cpu": {"brand_raw": "Test CPU"},
                             "python_version": "3.11", "xorgrad": {"numpy": "2.0", "cpu_count": 2}},
            "datetime": "2025-01-01T00:00:00",
            "benchmarks": [
                bench_entry("step", "numpy", "lesson", 20e-6),
                bench_entry("step", "numpy", "fewest-calls", 10e-6),
                bench_entry("train", "numpy", "lesson", 200 * 15e-6, steps=200),
                bench_entry("population", "numpy", "lesson", 1e-3, steps=10, nets=100),
                bench_entry("population", "jax", "lesson", 5e-4, steps=10, nets=100),
                bench_entry("population", "numpy", "lesson", 1e-4, steps=10, nets=1),
                bench_entry("population", "jax", "lesson", 2e-4, steps=10, nets=1),
                {"name": "test_unlabelled", "stats": {"median": 1.0}},
            ]}
    path = tmp_path / "bench.json"
    path.write_text(json.dumps(data))
    return path


def test_ratios_divide_time_per_step_of_rows_from_the_same_run(bench_json):
    rs = rows(json.loads(bench_json.read_text()))
    assert len(rs) == 7  # the unlabelled benchmark is left out
    numpy_ratio = targets(rs)[0]
    assert numpy_ratio["value"] == pytest.approx(15e-6 / 10e-6)
    assert numpy_ratio["low"] == pytest.approx(15 * 0.95 / (10 * 1.05))
    assert numpy_ratio["ok"] == "noise"  # 1.36 to 1.66 straddles the bound 1.6
    assert targets(rs)[1]["value"] is None  # torch rows were not measured


def test_report_writes_markdown_table_and_png(bench_json, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["report", str(bench_json), "--out", str(out)]) == 0
    md = (out / "bench.md").read_text()
    assert "Test CPU" in md
    assert "## One full training step (forward, loss, gradients, update): step: 1 step/call" in md
    assert "| numpy | cpu | float64 | baseline: NumPy, fewest calls | 10.0 | 10.0 |" in md
    assert "## Training loop: net.train(p, steps) per step: train: 200 steps/call" in md
    assert "| numpy | cpu | float64 | the lesson code | 3,000 | 15.0 |" in md
    assert ("| NumPy train per step / fewest-calls NumPy step | 1.5 | 1.36 - 1.66 | 1.5 | <= 1.6 "
            "| within noise |") in md
    assert ("cpu float64: nets = 1: numpy (2x ahead of jax); nets = 100: jax (2x ahead of numpy)"
            in md)
    import importlib.util
    if importlib.util.find_spec("matplotlib") is not None:      # the picture needs it
        assert (out / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    else:   # the Markdown alone (test_report_without_matplotlib_... checks the one-line note)
        assert not (out / "bench.png").exists()


@pytest.mark.parametrize("content, message", [
    (None, "no such benchmark file"),
    ("{not json", "is not valid JSON"),
    ('{"machine_info": {}}', "not a pytest-benchmark JSON file"),
    ('{"benchmarks": [{"name": "x", "stats": {"median": 1}}]}', "holds no benchmarks from bench/"),
])
def test_report_refuses_a_bad_file_in_one_line(tmp_path, capsys, content, message):
    path = tmp_path / "bench.json"
    if content is not None:
        path.write_text(content)
    assert main(["report", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


# ---- verdicts that flip from run to run are reported with their spread ----------------------
def two_rows(num_median, den_median, spread):
    return rows({"benchmarks": [
        bench_entry("train", "numpy", "lesson", num_median * 200, steps=200, spread=spread),
        bench_entry("step", "numpy", "fewest-calls", den_median, spread=spread)]})


@pytest.mark.parametrize("num, spread, verdict", [
    (15e-6, 0.01, True),      # 1.5, spread 1.47-1.53: all below 1.6
    (15e-6, 0.05, "noise"),   # 1.5, spread 1.36-1.66: crosses 1.6
    (17e-6, 0.01, False),     # 1.7, spread 1.67-1.73: all above
])
def test_a_target_whose_spread_crosses_its_bound_is_within_noise(num, spread, verdict):
    assert targets(two_rows(num, 10e-6, spread))[0]["ok"] == verdict


def test_a_lead_inside_the_spread_is_called_within_noise():
    def pop(backend, median, spread):
        return bench_entry("population", backend, "lesson", median, steps=10, nets=10_000,
                           spread=spread)
    close = rows({"benchmarks": [pop("torch", 1.00e-3, 0.1), pop("jax", 1.05e-3, 0.1)]})
    assert crossovers(close, "population") == [
        "cpu float64: nets = 10,000: torch and jax within noise"]
    clear = rows({"benchmarks": [pop("torch", 1.00e-3, 0.01), pop("jax", 2e-3, 0.01)]})
    assert crossovers(clear, "population") == [
        "cpu float64: nets = 10,000: torch (2x ahead of jax)"]


# ---- the report without matplotlib, and the figure ------------------------------------------
def test_report_without_matplotlib_writes_the_markdown_and_says_so(bench_json, tmp_path, capsys,
                                                                   monkeypatch):
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "matplotlib" else real(name, *a))
    out = tmp_path / "out"
    assert main(["report", str(bench_json), "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        f"wrote {out / 'bench.md'}",
        "bench.png not written: matplotlib is not installed (pip install matplotlib)"]
    md = (out / "bench.md").read_text()
    assert "![benchmarks]" not in md and "bench.png not written" in md
    assert not (out / "bench.png").exists()


def test_figure_has_linear_bars_apart_labels_a_dated_title_and_no_empty_panels(bench_json):
    pytest.importorskip("matplotlib", reason="the figure needs matplotlib: pip install matplotlib")
    import matplotlib.pyplot as plt

    from xorgrad.report import figure
    data = json.loads(bench_json.read_text())
    data["datetime"] = "2025-01-01T10:20:30.123456+00:00"
    step_rows = [bench_entry("step", b, v, m) for b, v, m in [
        ("torch", "lesson", 150e-6), ("torch", "compiled", 45e-6), ("jax", "lesson", 50e-6),
        ("jax", "jit-per-step", 18e-6), ("python", "python-scalars", 5e-6)]]
    data["benchmarks"] += step_rows * 3           # many bars: their labels must still fit
    fig = figure(data)
    try:
        titles = [ax.get_title() for ax in fig.axes]
        assert len(fig.axes) == 3                 # step, train, population: only what was run
        assert all(t for t in titles)
        step_ax, train_ax = fig.axes[0], fig.axes[1]
        assert step_ax.get_xscale() == "linear" and train_ax.get_xscale() == "linear"
        assert step_ax.get_xlim()[0] == 0         # bars start at zero: length is the time
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in step_ax.get_yticklabels() if t.get_text()]
        assert len(boxes) == 17
        assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
        title = fig._suptitle.get_text()
        assert "2025-01-01 10:20 UTC" in title and "T10:20:30" not in title
        top = fig._suptitle.get_window_extent(renderer)
        assert not any(top.overlaps(ax.title.get_window_extent(renderer)) for ax in fig.axes)
    finally:
        plt.close(fig)


# ---- groups: one per size, checked against the sizes the suite parametrises ----------------
@pytest.mark.parametrize("kind, key", [("population", "nets"), ("batch", "batch"),
                                       ("width", "hidden")])
def test_each_parametrised_size_is_its_own_group_named_after_that_size(kind, key):
    """The independent fact is the list of sizes bench/ parametrises, not `work()` (which the
    equal-work check uses too, so a wrong key there would merge every size into one group and
    still pass it): n sizes give n groups, each named after its size."""
    from harness import labels

    from xorgrad.benchmarks import BATCH_SIZES, HIDDEN_WIDTHS, POPULATION_SIZES
    from xorgrad.pytest_plugin import Case
    sizes = {"nets": sorted(set(POPULATION_SIZES["cpu"]) | set(POPULATION_SIZES["gpu"])),
             "batch": BATCH_SIZES, "hidden": HIDDEN_WIDTHS}[key]
    case = Case("numpy", "cpu", "float64")
    groups = {n: group_name(labels(kind, case, **{key: n})) for n in sizes}   # as harness.measure
    assert len(set(groups.values())) == len(sizes), groups
    for n, group in groups.items():
        assert group.startswith(f"{kind}: {n:,} "), (n, group)


# ---- a real run: every group one amount of work; compare, autosave and histogram ------------
def run_bench(tmp_path, *args, env_extra=None):
    import os
    import subprocess
    import sys
    env = {**os.environ, "XORGRAD_BENCH_QUICK": "1", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                           "--devices=cpu", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=600)


@pytest.fixture(scope="module")
def real_run(tmp_path_factory):
    """One real `--benchmark-only --benchmark-json` run of the whole suite (2 rounds a row)."""
    tmp = tmp_path_factory.mktemp("bench")
    path = tmp / "bench.json"
    r = run_bench(tmp, "bench", "--dtypes=float32", "--benchmark-only",
                  f"--benchmark-json={path}")
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return json.loads(path.read_text()), r.stdout


@pytest.mark.slow  # a real timing run of the whole suite in a child (40 s)
def test_every_group_of_a_real_run_times_one_amount_of_work(real_run):
    from xorgrad.benchmarks import KINDS, mixed_work_groups
    data, stdout = real_run
    assert mixed_work_groups(data) == {}
    groups = {}
    for b in data["benchmarks"]:
        assert b["group"] == group_name(b["extra_info"])          # the name says the work
        groups.setdefault(b["extra_info"]["kind"], set()).add(b["group"])
        assert b["extra_info"]["first_call_s"] > 0
    assert set(groups) == set(KINDS)
    assert len(groups["train"]) == 1 and len(groups["step"]) == 1
    backends = {b["extra_info"]["backend"] for b in data["benchmarks"]
                if b["extra_info"]["kind"] == "train"}
    assert backends >= {"numpy"}                                   # and every other installed one
    assert "benchmark 'train: 1000 steps/call'" in stdout
    import re

    from xorgrad.benchmarks import group_sort_key
    printed = re.findall(r"benchmark '([^']+)'", stdout)             # tables in the suite's order
    assert printed == sorted(printed, key=group_sort_key) and printed[:2] == [
        "step: 1 step/call", "train: 1000 steps/call"]
    for b in data["benchmarks"]:                                   # threads: the adapter's rule
        info = b["extra_info"]
        if info["backend"] == "torch":
            from xorgrad.backends.torch_backend import threads_for
            assert info["torch_threads"] == threads_for(
                info["device"], info["nets"] * info["hidden"] * info["batch"])


@pytest.mark.slow  # three pytest runs in children (20 s)
def test_autosave_compare_and_the_compare_command_work_with_the_suite(tmp_path):
    import subprocess
    import sys
    storage = f"--benchmark-storage=file://{tmp_path}"
    sel = ["bench/bench_step.py", "--backends=numpy", "-k", "lesson"]
    first = run_bench(tmp_path, *sel, "--benchmark-autosave", storage)
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
    second = run_bench(tmp_path, *sel, "--benchmark-autosave", "--benchmark-compare", storage)
    assert second.returncode == 0, second.stdout[-2000:] + second.stderr[-2000:]
    assert "benchmark 'step: 1 step/call'" in second.stdout and "(0001_" in second.stdout
    saved = sorted(str(p) for p in tmp_path.rglob("*.json"))
    assert len(saved) == 2
    cli = subprocess.run([sys.executable, "-c", "from pytest_benchmark.cli import main; main()",
                          "compare", *saved, "--group-by=group"],  # = `pytest-benchmark compare`
                         capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stderr
    assert "step: 1 step/call" in cli.stdout


@pytest.mark.slow  # pytest runs in children (4 s)
def test_histogram_is_written_or_refused_in_one_line(tmp_path):
    import importlib.util
    import subprocess
    import sys
    sel = ["bench/bench_step.py", "--backends=numpy", "-k", "lesson"]
    if importlib.util.find_spec("pygal") is not None:
        r = run_bench(tmp_path, *sel, f"--benchmark-histogram={tmp_path / 'hist'}")
        assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
        assert list(tmp_path.glob("hist*.svg"))
    # without pygal: a one-line usage error that says how to install it
    code = ("import sys; sys.modules['pygal'] = None; import pytest; "
            f"sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', '--backends=numpy', "
            f"'bench/bench_step.py', '--benchmark-histogram={tmp_path / 'h2'}']))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       cwd=ROOT)
    assert r.returncode == 4, r.stdout + r.stderr
    assert r.stderr.strip().count("\n") == 0
    assert "pip install 'pytest-benchmark[histogram]'" in r.stderr


# ---- docs/benchmarks.md: one generated block, rewritten by scripts/benchpage.py -------------
def test_benchpage_rewrites_only_the_generated_block_of_the_benchmarks_page(bench_json):
    import sys
    sys.path.insert(0, str(ROOT / "scripts"))
    import benchpage
    page = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    new = benchpage.splice(page, benchpage.block(json.loads(bench_json.read_text()), 0.5))
    before, _, rest = new.partition(benchpage.BEGIN)
    inside, _, after = rest.partition(benchpage.END)
    assert before == page.partition(benchpage.BEGIN)[0]            # the prose is kept as written
    assert after == page.partition(benchpage.END)[2]
    assert "load average 0.5 on the 2 cores" in inside and "| numpy | cpu | float64 |" in inside
    assert "# XOR 2-2-1 benchmarks" not in inside and "(issue" not in inside
