"""`xorgrad seeds` and xorgrad.seeds: honest shares, exact seeds, the plateaus nets get stuck on."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest

import xorgrad
from xorgrad import seeds
from xorgrad.cli import main
from xorgrad.contract import LN2, predictions


def test_share_standard_error_and_wilson_interval_on_hand_checked_cases():
    s = seeds.share(8, 10)
    assert s["share"] == 0.8
    assert s["se"] == pytest.approx(math.sqrt(0.8 * 0.2 / 10))           # 0.12649
    assert s["wilson95"] == pytest.approx([0.4902, 0.9433], abs=5e-5)     # textbook values
    z = seeds.share(0, 10)
    assert z["se"] == 0.0                          # the naive error says nothing at p = 0 ...
    assert z["wilson95"][0] == 0.0
    assert z["wilson95"][1] == pytest.approx(0.2775, abs=5e-5)           # ... Wilson still does
    assert seeds.share(10, 10)["wilson95"] == pytest.approx([0.7225, 1.0], abs=5e-5)
    with pytest.raises(ValueError):
        seeds.share(3, 2)


@pytest.mark.parametrize("scale", [0.01, 1.0, 4.0])
def test_batched_init_is_init_params_bit_for_bit(scale):
    batch = seeds.batched_init(20, scale)
    for s in range(20):
        one = xorgrad.init_params(seed=s, scale=scale)
        for k, v in one.items():
            assert np.array_equal(batch[k][s], v), (s, k)


def test_learned_needs_all_four_outputs_on_the_right_side():
    a2 = np.array([[0.1, 0.9, 0.9, 0.1],       # XOR
                   [0.1, 0.9, 0.9, 0.6],       # (1,1) on the wrong side
                   [0.5, 0.5, 0.5, 0.5]])      # exactly 0.5 is not the right side of a 1
    assert seeds.learned(a2).tolist() == [True, False, False]


def test_the_side_of_an_output_is_decided_at_exactly_one_half():
    """0.45 is a 0 and 0.55 a 1, for a y = 0 and a y = 1 input alike (a threshold of 0.4 or 0.6
    instead of 0.5 passed every other test)."""
    from xorgrad.contract import learned_xor
    a2 = np.array([[0.45, 0.55, 0.55, 0.45],     # XOR, every output within 0.05 of 0.5
                   [0.1, 0.45, 0.9, 0.1],        # a y = 1 input at 0.45: wrong side
                   [0.1, 0.9, 0.9, 0.55]])       # a y = 0 input at 0.55: wrong side
    assert learned_xor(a2).tolist() == [True, False, False]


def test_plateaus_counts_known_levels_other_levels_and_the_rest():
    x = np.r_[[LN2] * 5, [0.4774] * 3, [LN2 / 2 + 0.001] * 2, np.full(12, 0.6),
              [0.55, 0.52], [np.nan]]
    got = {(round(p["theory"], 4) if p["theory"] else p["what"]): p["count"]
           for p in seeds.plateaus(x)}
    assert got == {round(LN2, 4): 5, 0.4774: 3, round(LN2 / 2, 4): 2, "another level": 12,
                   "in between the levels: still descending when training stopped": 2,
                   "inf or nan": 1}


def test_study_counts_exactly_the_nets_that_learn_when_trained_one_by_one():
    result = seeds.study(n=6, steps=300, scales=[0.01, 1.0], lrs=[2.0], chunk=4)
    net = xorgrad.get("numpy")
    for cell in result["cells"]:
        ok = 0
        for s in range(6):
            p_end, _ = net.train(xorgrad.init_params(seed=s, scale=cell["scale"]), 300, 2.0)
            a2 = predictions(p_end)[0]
            ok += bool(np.all((a2 > 0.5) == (xorgrad.XOR_Y[0] > 0.5)))
        assert cell["learned"] == ok and cell["n"] == 6
        assert cell["share"] == ok / 6
        assert sum(p["count"] for p in cell["plateaus"]) == 6 - ok
    assert result["cells"][1]["learned"] > 0        # scale 1 learns for some of these seeds


def test_the_questions_scale_never_learns_and_sits_on_ln2():
    result = seeds.study(n=40, steps=500, scales=[0.01], lrs=[0.1, 1.0])
    for cell in result["cells"]:
        assert cell["learned"] == 0
        (stuck,) = cell["plateaus"]
        assert stuck["count"] == 40 and stuck["theory"] == LN2
        assert stuck["max"] - LN2 < 1e-6 and LN2 - stuck["min"] < 1e-3


def test_seeds_command_prints_json_for_every_cell(capsys):
    argv = ["seeds", "--n", "12", "--steps", "50", "--scales", "0.01,1", "--lrs", "1,5",
            "--json", "--no-plot"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert captured.err == ""                      # no progress bar when stderr is no terminal
    result = json.loads(captured.out)
    assert [(c["scale"], c["lr"]) for c in result["cells"]] == [(0.01, 1), (0.01, 5), (1, 1),
                                                                 (1, 5)]
    assert all(c["n"] == 12 and 0 <= c["wilson95"][0] <= c["share"] <= c["wilson95"][1] <= 1
               for c in result["cells"])
    assert "heatmap" not in result


def test_seeds_command_draws_the_heatmap(tmp_path, capsys):
    pytest.importorskip("matplotlib", reason="the heat-map needs matplotlib: "
                                             "pip install 'xorgrad[plot]'")
    argv = ["seeds", "--n", "4", "--steps", "20", "--scales", "1", "--lrs", "1", "--json",
            "--out", str(tmp_path)]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["heatmap"] == str(tmp_path / "seeds_heatmap.png")
    assert (tmp_path / "seeds_heatmap.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_seeds_command_rejects_bad_numbers_in_one_line(capsys):
    for argv in (["seeds", "--n", "0", "--no-plot"],
                 ["seeds", "--n", "2", "--steps", "2", "--scales", "-1", "--no-plot"],
                 ["seeds", "--n", "2", "--steps", "2", "--backend", "mxnet", "--no-plot"]):
        assert main(argv) == 2
        assert capsys.readouterr().err.count("\n") == 1


def test_smallest_margin_is_the_closest_approach_to_half_among_the_nets_that_learned():
    result = seeds.study(n=10, steps=300, scales=[1.0, 4.0], lrs=[2.0], chunk=4)
    net = xorgrad.get("numpy")
    for cell in result["cells"]:
        margins = []
        for s in range(10):
            p_end, _ = net.train(xorgrad.init_params(seed=s, scale=cell["scale"]), 300, 2.0)
            a2 = predictions(p_end)[0]
            if np.all((a2 > 0.5) == (xorgrad.XOR_Y[0] > 0.5)):
                margins.append(float(np.min(np.abs(a2 - 0.5))))
        assert margins, "these seeds include nets that learn"
        assert cell["learned_min_margin"] == pytest.approx(min(margins), rel=1e-9)


def test_the_margin_is_none_when_no_net_learned():
    (cell,) = seeds.study(n=3, steps=20, scales=[0.01], lrs=[0.1])["cells"]
    assert cell["learned"] == 0 and cell["learned_min_margin"] is None


def test_a_study_too_big_for_this_machine_is_refused_up_front_saying_what_it_needs(capsys,
                                                                                   monkeypatch):
    import time
    monkeypatch.setattr(seeds, "memory_here", lambda: 16e9)
    t0 = time.perf_counter()
    assert main(["seeds", "--n", "1000000000", "--no-plot"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--n 1000000000 x --steps 1000 would need about 200 GB" in err
    assert "(this machine has 16 GB)" in err
    assert "3e+13 net-steps" in err and time.perf_counter() - t0 < 5
    assert main(["seeds", "--n", "10", "--steps", "1000000000", "--no-plot"]) == 2
    assert "would need about 80 GB" in capsys.readouterr().err


def test_seeds_refuses_an_unusable_out_folder_before_training(tmp_path, capsys):
    pytest.importorskip("matplotlib", reason="the heat-map needs matplotlib: "
                                             "pip install 'xorgrad[plot]'")
    afile = tmp_path / "afile"
    afile.write_text("")
    assert main(["seeds", "--n", "2", "--steps", "2", "--out", str(afile)]) == 2
    assert capsys.readouterr().err == (f"xorgrad: error: cannot write pictures to {afile}: it is "
                                       f"a file, not a folder\n")
