"""`xorgrad report` turns benchmark JSON into Markdown and a PNG, and refuses bad files in one line."""

import json

import pytest

from xorgrad.benchmarks import rows, targets
from xorgrad.cli import main


def bench_entry(kind, backend, variant, median_s, steps=1, dtype="float64", **more):
    info = {"kind": kind, "backend": backend, "device": "cpu", "dtype": dtype, "variant": variant,
            "steps": steps, "nets": 1, "batch": 4, "hidden": 2, "first_call_s": 0.5, **more}
    return {"name": f"test_{kind}_{backend}_{variant}", "group": kind, "extra_info": info,
            "stats": {"median": median_s, "min": median_s * 0.9, "iqr": median_s * 0.1,
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
    assert numpy_ratio["ok"] is True
    assert targets(rs)[1]["value"] is None  # torch rows were not measured


def test_report_writes_markdown_table_and_png(bench_json, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["report", str(bench_json), "--out", str(out)]) == 0
    md = (out / "bench.md").read_text()
    assert "Test CPU" in md
    assert "| numpy | cpu | float64 | baseline: NumPy, fewest calls | 1 steps/call | 10.0 |" in md
    assert "| NumPy train per step / fewest-calls NumPy step | 1.5 | 1.5 | <= 1.6 | yes |" in md
    assert "cpu float64: numpy fastest from nets = 1; jax fastest from nets = 100" in md
    assert (out / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


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
