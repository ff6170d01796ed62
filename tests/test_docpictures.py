"""The pictures in docs/ and the numbers the docs quote from them are what the code makes now.

`python scripts/docpictures.py` regenerates all of them. These tests never draw (PNG bytes
depend on the matplotlib version): they recompute the numbers cheaply, check the docs' generated
blocks against the recorded numbers, and check each PNG against the sha256 recorded when it was
drawn and against the source of the code that draws it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import xorgrad
from xorgrad import seeds

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))   # the generator is a tool of the repository, not the package
import docpictures as dp  # noqa: E402

DOCS = ROOT / "docs"
PICS = json.loads((DOCS / "pictures.json").read_text())
SEEDS = json.loads((DOCS / "seeds.json").read_text())
REGEN = "stale: run python scripts/docpictures.py (--no-seeds to keep the seeds study)"


def test_pictures_md_quotes_exactly_the_recorded_numbers():
    assert dp.read_blocks((DOCS / "pictures.md").read_text()) == dp.pictures_blocks(PICS), REGEN


def test_seeds_md_quotes_exactly_the_recorded_study():
    assert dp.read_blocks((DOCS / "seeds.md").read_text()) == dp.seeds_blocks(SEEDS), REGEN


@pytest.mark.parametrize("name", [*dp.PICTURES, "seeds_heatmap.png"])
def test_each_shipped_png_is_the_one_drawn_with_the_recorded_numbers_by_todays_code(name):
    record = SEEDS if name == "seeds_heatmap.png" else PICS
    assert dp.sha256(DOCS / name) == record["png_sha256"][name], f"docs/{name} {REGEN}"
    assert dp.drawing_code(name) == record["drawing_code_sha256"][name], \
        f"the code that draws docs/{name} changed since it was drawn: {REGEN}"


def test_the_trained_nets_outputs_and_hidden_units_are_recomputed_exactly():
    assert dp.trained_numbers() == PICS["trained"], REGEN


def test_the_learner_pictures_numbers_are_recomputed_exactly():
    assert dp.learner_numbers() == PICS["learner"], REGEN


def test_every_cpu_run_available_here_is_in_the_shipped_loss_curves():
    missing = ["/".join(c) for c in xorgrad.compare.select()
               if c[1] == "cpu" and "/".join(c) not in PICS["loss"]["runs"]]
    assert not missing, f"docs/loss_curves.png lacks {', '.join(missing)}: {REGEN}"


def test_the_loss_curve_numbers_are_recomputed_for_every_run_available_here():
    here = [c for c in xorgrad.compare.select() if "/".join(c) in PICS["loss"]["runs"]]
    assert ("numpy", "cpu", "float64") in here and ("numpy", "cpu", "float32") in here
    now = dp.loss_numbers(here)["runs"]
    for name, got in now.items():
        want = PICS["loss"]["runs"][name]
        rel = 1e-9 if name.endswith("float64") else 1e-5
        assert got["loss_start"] == pytest.approx(want["loss_start"], rel=rel), (name, REGEN)
        assert got["loss_end"] == pytest.approx(want["loss_end"], rel=rel), (name, REGEN)
        # rounding-level differences vary a little across CPUs and BLAS builds: same order only
        if want["worst_diff"] == 0:
            assert got["worst_diff"] < 1e-15, name
        else:
            assert want["worst_diff"] / 10 <= got["worst_diff"] <= want["worst_diff"] * 10, name


def test_why_scale_001_is_stuck_in_numbers_is_recomputed():
    want = SEEDS["why"]
    got = dp.why_numbers(want["seeds"])
    assert got["median_grad_length"] == pytest.approx(want["median_grad_length"], rel=1e-6)
    for key in ("hidden_dev", "output_dev", "max_dw1_seed0", "outputs_after_seed0"):
        assert got[key] == pytest.approx(want[key], rel=1e-6), (key, REGEN)


def test_a_cell_of_the_seeds_study_is_recomputed_net_for_net():
    study = SEEDS["study"]
    (want,) = [c for c in study["cells"] if (c["scale"], c["lr"]) == (0.1, 5.0)]
    (got,) = seeds.study(n=study["n"], steps=study["steps"], scales=[0.1], lrs=[5.0],
                         backend="numpy")["cells"]
    for key in ("learned", "share", "wilson95", "learned_min_margin", "median_final_loss"):
        assert got[key] == pytest.approx(want[key], rel=1e-9), (key, REGEN)
    assert [p["count"] for p in got["plateaus"]] == [p["count"] for p in want["plateaus"]]
