"""The pictures in docs/ and the numbers the docs quote from them are what the code makes now.

`python scripts/docpictures.py` regenerates all of them. These tests never draw (PNG bytes
depend on the matplotlib version): they recompute the numbers cheaply, check the docs' generated
blocks against the recorded numbers, and check each PNG against the sha256 recorded when it was
drawn and against the source of the code that draws it.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

import xorgrad
from xorgrad import seeds
from xorgrad.contract import LN2

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


def _agree_to_the_last_digit(got, want, unit: dict, key=None, where="numbers"):
    """Equal, except that a number stored rounded (unit[key]: one unit of its last digit, by the
    name of the field it is under) may differ by that unit: a 1e-15 rounding difference (another
    CPU or BLAS) moves a value that lies on a rounding boundary to the next digit. Strings,
    booleans, integers and the structure must be equal."""
    if isinstance(want, dict):
        assert isinstance(got, dict) and got.keys() == want.keys(), (where, REGEN)
        for k in want:
            _agree_to_the_last_digit(got[k], want[k], unit, k if k in unit else key,
                                     f"{where}.{k}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), (where, REGEN)
        for i, (g, w) in enumerate(zip(got, want)):
            _agree_to_the_last_digit(g, w, unit, key, f"{where}[{i}]")
    elif isinstance(want, float):
        assert got == pytest.approx(want, abs=1.01 * unit[key]), (where, got, want, REGEN)
    else:
        assert got == want, (where, got, want, REGEN)


# The default run (seed 0 and the contract's scale and lr) and the question's run are single nets
# trained in float64 and far from any decision boundary (outputs near 0 and 1): another CPU's
# rounding moves their numbers by about 1e-15, so only a value on a rounding boundary of the
# stored digits can differ, by one unit of its last digit.
def test_the_trained_nets_outputs_and_hidden_units_are_recomputed_to_the_stored_digits():
    _agree_to_the_last_digit(dp.trained_numbers(), PICS["trained"],
                             {"outputs": 1e-3, "w": 1e-2, "b": 1e-2}, where="trained")


def test_the_learner_pictures_numbers_are_recomputed_to_the_stored_digits():
    _agree_to_the_last_digit(dp.learner_numbers(), PICS["learner"],
                             {"settings": 0.0, "loss": 1e-4, "cosine_step0": 1e-3,
                              "cosine_median": 1e-3, "reference_end": 1e-4}, where="learner")


def builtin_cases():
    """The built-in backends' cases that run here (the shipped pictures know nothing of a backend
    installed from outside the project)."""
    return [c for c in xorgrad.registry.select() if c[0] in xorgrad.registry.BUILTIN_NAMES]


def test_every_cpu_run_available_here_is_in_the_shipped_loss_curves():
    missing = ["/".join(c) for c in builtin_cases()
               if c[1] == "cpu" and "/".join(c) not in PICS["loss"]["runs"]]
    assert not missing, f"docs/loss_curves.png lacks {', '.join(missing)}: {REGEN}"


# Every run available here retrains 1000 steps per backend and dtype (5 s of CPU): slow tier. By
# default the NumPy runs; every other backend's 1000-step run equals NumPy float64's within the
# training tolerance in test_training.py (test_thousand_step_runs_match_numpy_float64).
@pytest.mark.parametrize("which", ["numpy", pytest.param("every backend", marks=pytest.mark.slow)])
def test_the_loss_curve_numbers_are_recomputed_for_every_run_available_here(which):
    here = [c for c in builtin_cases() if "/".join(c) in PICS["loss"]["runs"]
            and (which != "numpy" or c[0] == "numpy")]
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


# ---- the seeds study: chaotic training, compared within its own sampling error ------------------
# At lr 5 a rounding difference (another CPU, another BLAS kernel or thread count) sends a few
# nets to another end, so the count of nets that learn is not bit-reproducible across machines.
# Each count is compared within K binomial standard deviations, sqrt(n q (1 - q)) for a count q n
# of n, of the one in docs/seeds.json: a handful of flipped nets passes, a change to what the code
# computes (a wrong threshold, a wrong update) moves the count by far more.
K = 4
CELL = (0.1, 5.0)      # the most chaotic cell of the shipped study: the largest lr


def _counts_agree(got: int, want: int, n: int, what: str, *, subsample_of: int | None = None):
    """got (out of n) against want (out of the study's N, or of n): within K sd of sampling error.
    With subsample_of=N, got counts seeds 0..n-1, a subsample of the study's N seeds: the sd of
    its share about the study's share is sqrt(q (1 - q) / n) x sqrt(1 - n / N)."""
    big = subsample_of or n
    q = want / big
    sd = math.sqrt(max(q * (1 - q), 1 / big) * n * (1 - n / big if subsample_of else 1))
    expect = q * n
    assert abs(got - expect) <= K * sd, (
        f"{what}: {got} of {n} here, the study in docs/seeds.json says {q:.2%} ({expect:.0f}); "
        f"the difference is {abs(got - expect) / sd:.1f} standard deviations of sampling error "
        f"(sd {sd:.1f} nets), over the {K} that rounding differences between machines can explain: "
        f"the code changed what it computes; if that was intended, {REGEN}")


def _plateau_counts(cell: dict) -> dict:
    return {p["theory"] if p["theory"] is not None else p["what"]: p["count"]
            for p in cell["plateaus"]}


def _cell_agrees(got: dict, want: dict, n: int, subsample_of: int | None = None):
    _counts_agree(got["learned"], want["learned"], n, f"scale {CELL[0]}, lr {CELL[1]}: nets that "
                  f"learn XOR", subsample_of=subsample_of)
    have, known = _plateau_counts(got), _plateau_counts(want)
    for level in known.keys() | have.keys():
        _counts_agree(have.get(level, 0), known.get(level, 0), n, f"nets stuck at {level}",
                      subsample_of=subsample_of)
    # the median net sits on the ln 2 plateau (71% of the nets do): within that plateau's range
    (ln2,) = [p for p in want["plateaus"] if p["theory"] == LN2]
    assert ln2["min"] <= got["median_final_loss"] <= ln2["max"], (got["median_final_loss"], REGEN)
    # the smallest margin is an extreme over the chaotic nets (a flipped net can set it): only
    # its sign is portable; test_seeds.py checks it exactly against nets trained one by one
    assert 0 < got["learned_min_margin"] < 0.5


def test_a_subsample_of_the_seeds_study_cell_agrees_within_sampling_error():
    """Seeds 0..999 of the lr-5 cell (1 s): their counts are a subsample of the study's 10,000."""
    study = SEEDS["study"]
    (want,) = [c for c in study["cells"] if (c["scale"], c["lr"]) == CELL]
    (got,) = seeds.study(n=1000, steps=study["steps"], scales=[CELL[0]], lrs=[CELL[1]],
                         backend="numpy")["cells"]
    _cell_agrees(got, want, 1000, subsample_of=study["n"])


@pytest.mark.slow
def test_a_cell_of_the_seeds_study_is_recomputed_within_sampling_error():
    """The whole lr-5 cell, all 10,000 nets (12 s)."""
    study = SEEDS["study"]
    (want,) = [c for c in study["cells"] if (c["scale"], c["lr"]) == CELL]
    (got,) = seeds.study(n=study["n"], steps=study["steps"], scales=[CELL[0]], lrs=[CELL[1]],
                         backend="numpy")["cells"]
    _cell_agrees(got, want, study["n"])
    assert got["n"] == want["n"] and got["share"] == got["learned"] / got["n"]
    assert got["wilson95"][0] <= got["share"] <= got["wilson95"][1]


def test_the_count_check_passes_rounding_flips_and_fails_a_real_change():
    """The tolerance itself: 4 flipped nets of 10,000 pass (the Xeon's 2676 against 2680), a
    change of 5 standard deviations (about 220 nets) fails, with a message that says so."""
    _counts_agree(2676, 2680, 10_000, "learned")
    with pytest.raises(AssertionError, match="standard deviations of sampling error"):
        _counts_agree(2680 + 220, 2680, 10_000, "learned")
