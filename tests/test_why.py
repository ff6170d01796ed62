"""xorgrad.why: the fate of a run that does not learn XOR, and how often starts learn.

Each fate is reached by a learner program of its own (tests/learners/fate_*.py: a correct
gradient, a start fixed by its SEED); the fate named must agree with the program's own loop
run further here, and with the Hessian at its end from the project's second-order code
(xorgrad.curvature, for the sigmoid nets with mean BCE it covers). The shares must agree,
within their sampling error, with a plain loop over starts written here.
"""

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest

from xorgrad import why
from xorgrad.checker.losses import Arch
from xorgrad.contract import LN2, XOR_X, XOR_Y, init_params

pytestmark = pytest.mark.why
LEARNERS = Path(__file__).resolve().parent / "learners"


def learner(name):
    """The program tests/learners/fate_NAME.py, imported fresh."""
    spec = importlib.util.spec_from_file_location(f"fate_{name}", LEARNERS / f"fate_{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def case_of(mod, steps=None):
    """The learner's run as a why.Case: its net, its loss, its INIT, lr and steps."""
    net = Arch(getattr(mod, "ACTIVATION", "sigmoid"), getattr(mod, "OUTPUT", "sigmoid"))
    loss = "se_mean" if net.out == "linear" else "bce_mean"
    w1, b1, w2, b2 = mod.INIT()
    return why.Case(why.Spec(net, loss), {"w1": w1, "b1": b1, "w2": w2, "b2": b2}, mod.LR,
                    steps or mod.STEPS, XOR_X, XOR_Y)


def learns(mod, params):
    """The learner's own outputs on the right side of 0.5 at all four inputs."""
    a2 = mod.forward(*params, mod.X)[2]
    return bool(np.all((a2 > 0.5) == (mod.Y > 0.5)))


def plain_share(spec_net, loss, scale, lr, steps, seeds, hidden=2):
    """The share that learn XOR, one start at a time: a plain NumPy loop written here (not
    xorgrad.why's trainer), float64, starts init_params(seed, scale)."""
    act = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh,
           "relu": lambda z: np.maximum(z, 0)}[spec_net.act]
    dact = {"sigmoid": lambda a, z: a * (1 - a), "tanh": lambda a, z: 1 - a * a,
            "relu": lambda a, z: (z > 0) * 1.0}[spec_net.act]
    k = 0
    for s in seeds:
        p = init_params(s, scale, hidden)
        w1, b1, w2, b2 = p["w1"], p["b1"], p["w2"], p["b2"]
        with np.errstate(all="ignore"):
            for _ in range(steps):
                z1 = w1 @ XOR_X + b1
                a1 = act(z1)
                z2 = w2 @ a1 + b2
                a2 = 1 / (1 + np.exp(-z2)) if spec_net.out == "sigmoid" else z2
                if loss == "bce_mean":
                    dz2 = (a2 - XOR_Y) / 4
                else:
                    dz2 = 2 * (a2 - XOR_Y) / 4 * (a2 * (1 - a2) if spec_net.out == "sigmoid" else 1)
                dz1 = (w2.T @ dz2) * dact(a1, z1)
                w1, b1 = w1 - lr * dz1 @ XOR_X.T, b1 - lr * dz1.sum(axis=1, keepdims=True)
                w2, b2 = w2 - lr * dz2 @ a1.T, b2 - lr * dz2.sum(axis=1, keepdims=True)
            a2 = w2 @ act(w1 @ XOR_X + b1) + b2
            a2 = 1 / (1 + np.exp(-a2)) if spec_net.out == "sigmoid" else a2
        k += bool(np.all((a2 > 0.5) == (XOR_Y > 0.5)))
    return k / len(seeds)


def within_sampling_error(p_pop, n_pop, p_loop, n_loop):
    """Two shares of the same kind of start agree within 3 standard errors of their difference
    (and one net of the smaller sample)."""
    p = (p_pop * n_pop + p_loop * n_loop) / (n_pop + n_loop)
    se = math.sqrt(max(p * (1 - p), 1e-12) * (1 / n_pop + 1 / n_loop))
    return abs(p_pop - p_loop) <= 3 * se + 1 / n_loop


# ---- default tier: a couple of seconds -------------------------------------------------------
@pytest.fixture(autouse=True)
def numpy_loop_in_the_default_tier(request, monkeypatch):
    """The default tier trains with the NumPy loop (no JAX compilations to pay for); the slow
    tier uses what the package uses, and checks the JAX loop against the NumPy one."""
    if request.node.get_closest_marker("slow") is None:
        monkeypatch.setattr(why.population, "have_jax", lambda: False)


def test_the_share_of_starts_that_learn_agrees_with_a_plain_loop_over_starts():
    case = why.Case(why.Spec(), init_params(0, 1.0), 1.0, 200, XOR_X, XOR_Y)
    table = why.what_if(case, why.Draws.from_scale(1000, 1.0, 2))
    base = table["rows"][0]
    assert base["change"] == "as you have it" and base["n"] == 1000
    loop = plain_share(Arch(), "bce_mean", 1.0, 1.0, 200, range(120))
    assert 0.05 < base["share"] < 0.95, "a share near 0 or 1 would not test the count"
    assert within_sampling_error(base["share"], 1000, loop, 120), (base["share"], loop)


def test_a_net_with_a_unit_switched_off_trains_as_the_narrower_net_exactly():
    from xorgrad.seeds import batched_init
    wide = batched_init(40, 1.0, 3)
    narrow = {"w1": wide["w1"][:, :2], "b1": wide["b1"][:, :2], "w2": wide["w2"][:, :, :2],
              "b2": wide["b2"]}
    mask = np.ones((40, 3))
    mask[:, 2] = 0.0
    for net, loss in ((Arch(), "bce_mean"), (Arch("tanh", "linear"), "se_mean")):
        spec = why.Spec(net, loss)
        a = why.population.train(wide, why.population.Plan(spec, 200), 0.5, mask)
        b = why.population.train(narrow, why.population.Plan(spec, 200), 0.5)
        assert np.all(a.params["w2"][:, :, 2] == 0) and np.all(a.params["w1"][:, 2] == 0)
        assert np.allclose(a.final_loss, b.final_loss, rtol=1e-12, atol=1e-14)


def continued_as_one_run(backend):
    """population.train's GoOn (the what-if table's "10x the steps": the first nets, at their
    own width, continued) against one plain run of all the steps from the same starts."""
    from xorgrad.seeds import batched_init
    wide = batched_init(48, 1.0, 3)
    mask = np.ones((48, 3))
    mask[:, 2] = 0.0
    spec = why.Spec()
    lr = np.r_[np.full(16, 0.5), np.full(32, 2.0)]
    r = why.population.train(wide, why.population.Plan(spec, 40, 2), lr, mask, backend,
                             why.population.GoOn(16, 2, 360))
    narrow = {"w1": wide["w1"][:16, :2], "b1": wide["b1"][:16, :2], "w2": wide["w2"][:16, :, :2],
              "b2": wide["b2"][:16]}
    one = why.population.train(narrow, why.population.Plan(spec, 400), 0.5, backend="numpy")
    more = r.extra["go_on"]
    assert more.params["w1"].shape == (16, 2, 2) and more.steps == 360
    assert np.allclose(more.final_loss, one.final_loss, rtol=1e-9, atol=1e-12)
    assert np.array_equal(more.learned, one.learned)


def test_the_ten_times_the_steps_row_continues_the_first_rows_nets_to_exactly_ten_times():
    continued_as_one_run("numpy")


def test_the_tables_ten_times_row_is_the_share_after_ten_times_the_steps():
    case = why.Case(why.Spec(), init_params(0, 1.0), 2.0, 30, XOR_X, XOR_Y)
    d = why.Draws.from_scale(1000, 1.0, 2)
    row = why.what_if(case, d)["rows"][-1]
    plan = why.population.Plan(case.spec, 300, 0, "float32")
    ten = why.population.train(d.starts, plan, 2.0).learned.sum()
    nine = why.population.train(d.starts, why.population.Plan(case.spec, 270, 0, "float32"),
                                2.0).learned.sum()
    assert row["change"] == "10x the steps" and row["steps"] == 300
    assert abs(ten - nine) > 6, "the test needs 9x and 10x the steps to differ"
    assert abs(row["k"] - ten) <= 2, (row, ten, nine)    # float32 rounding may flip a net or two


def test_compiled_programs_are_kept_where_the_environment_says(monkeypatch, tmp_path):
    from xorgrad.why._jax import cache_dir
    monkeypatch.setenv("XORGRAD_JAX_CACHE", "off")
    assert cache_dir() is None
    monkeypatch.setenv("XORGRAD_JAX_CACHE", str(tmp_path))
    assert cache_dir() == str(tmp_path)
    monkeypatch.delenv("XORGRAD_JAX_CACHE")
    assert cache_dir() is None          # never on unless asked: it is the whole process's setting


def test_a_plateau_near_a_saddle_agrees_with_the_learners_loop_and_the_projects_hessian():
    from xorgrad import curvature, get
    mod = learner("saddle")
    case = case_of(mod)
    facts = why.fate.measure(case, run_on=False)
    assert why.fate.name(case, facts) == "saddle"
    (w1, b1, w2, b2), costs = mod.train(10 * mod.STEPS)      # the learner's own loop, run on
    assert abs(costs[-1] - LN2) < 1e-6 and not learns(mod, (w1, b1, w2, b2))
    end = {k: np.asarray(v) for k, v in zip(("w1", "b1", "w2", "b2"), mod.train()[0])}
    spec = curvature.spectrum(get("numpy"), end)           # the project's own second-order code
    assert spec["grad_norm"] < why.fate.TINY_GRAD and spec["eigenvalues"][0] < 0
    assert np.allclose(facts["eigenvalues"], spec["eigenvalues"], atol=1e-8)


@pytest.mark.parametrize("spread, w2, small", [(0.0019, 0.0054, True), (0.3, 1.2, False)])
def test_the_saddle_text_calls_the_start_small_only_where_it_measured_it_small(spread, w2, small):
    mod = learner("saddle")
    case = case_of(mod)
    facts = why.fate.measure(case, run_on=False)
    facts["start"] = {"a1_spread": spread, "w2_max": w2, "a2_spread": 0.0}
    r = {"fate": "saddle", "facts": facts, "lr": case.lr, "steps": case.steps, "hidden": 2,
         "loss": "bce_mean", "net": "2-2-1", "what_if": None}
    text = "\n".join(why.report._body(r))
    assert ("why a small start sits there" in text) is small
    assert ("the start is not small" in text) is not small


def test_a_run_that_learns_gets_no_section():
    case = case_of(learner("learns"))
    result = why.explain(case, draws=None)
    assert result["fate"] == "learns" and why.lines(result) == [] and result["what_if"] is None


def test_an_alternating_loss_is_a_learning_rate_too_large_and_the_largest_that_trains_does():
    mod = learner("lr_too_large")
    _, costs = mod.train()
    d = np.diff(costs[len(costs) // 2:])
    assert np.mean(d > 0) > 0.3, "the learner's own loss alternates"
    case = case_of(mod)
    result = why.explain(case, draws=None, run_on=False)
    assert result["fate"] == "lr_too_large"
    best = result["facts"]["largest_training_lr"]
    assert best is not None and best < mod.LR
    mod.LR = best                                          # the learner's loop at that lr learns
    assert learns(mod, mod.train()[0])
    assert "rises on" in "\n".join(why.lines(result))


@pytest.mark.slow   # a second whole study; the text's facts are read in the default tier above
def test_xorgrad_why_prints_the_same_facts_as_json_and_as_text(capsys):
    from xorgrad.cli import main
    argv = ["why", "--scale", "0.01", "--lr", "0.1", "--steps", "100"]
    assert main(argv + ["--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["fate"] == "saddle" and result["init_scale"] == 0.01
    rows = result["what_if"]["rows"]
    assert [r["n"] for r in rows] == [1000] * 6 and rows[-1]["steps"] == 1000
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert all(line in text for line in why.lines(result))


def test_why_refuses_bad_input_in_one_line(capsys):
    from xorgrad.cli import main
    assert main(["why", "--activation", "softplus"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--activation must be one of" in err


# ---- slow tier: every fate through check, the learner's loop run further -------------------
FATES = ["learns_late", "saddle", "too_few_steps", "local_minimum", "dead_relu", "saturated",
         "growing_weights", "lr_too_large", "too_few_units", "symmetric"]


def _own_hessian_psd(mod, params):
    """The Hessian of the learner's own COST by second differences (written here): its lowest
    eigenvalue, relative to the largest."""
    flat = np.concatenate([np.ravel(p) for p in params])
    shapes = [np.shape(p) for p in params]

    def cost(v):
        out, i = [], 0
        for s in shapes:
            n = int(np.prod(s))
            out.append(v[i:i + n].reshape(s))
            i += n
        return mod.COST(*out, mod.X, mod.Y)
    P, h = flat.size, 1e-4
    H = np.zeros((P, P))
    for i in range(P):
        for j in range(P):
            e_i, e_j = np.eye(P)[i] * h, np.eye(P)[j] * h
            H[i, j] = (cost(flat + e_i + e_j) - cost(flat + e_i - e_j) - cost(flat - e_i + e_j)
                       + cost(flat - e_i - e_j)) / (4 * h * h)
    ev = np.linalg.eigvalsh((H + H.T) / 2)
    return ev[0] / max(abs(ev[-1]), 1e-12)


@pytest.mark.slow
@pytest.mark.parametrize("fate", FATES)
def test_check_names_each_fate_and_the_learners_own_loop_run_further_agrees(fate):
    import xorgrad
    mod = learner(fate)
    r = xorgrad.check(str(LEARNERS / f"fate_{fate}.py") + ":gradients")
    assert r.ok and r.why is not None and r.why["fate"] == fate, r.report()
    text = r.report()
    assert f"why: {why.report.TITLES[fate]}" in text
    as_json = json.loads(json.dumps(r.to_dict()))
    assert as_json["why"]["fate"] == fate and as_json["why"]["text"] == why.lines(r.why)
    assert all(line in text for line in as_json["why"]["text"])
    w = r.why["what_if"]
    assert w["n"] >= 1000 and "your INIT() with seeds" in w["drawn"] and not w["same_start"]
    ten, costs10 = mod.train(10 * mod.STEPS)              # the learner's own loop, run on
    at, costs = mod.train()
    f = r.why["facts"]
    if fate == "learns_late":
        assert learns(mod, at) and not learns(mod, mod.train(mod.STEPS // 2)[0])
    elif fate == "too_few_steps":
        step = f["run_on"]["learned_at"]
        assert not learns(mod, at) and learns(mod, mod.train(step + 1)[0])
    else:
        assert not learns(mod, ten), "the learner's loop learns when run on"
    if fate == "saddle":
        assert abs(costs10[-1] - LN2) < 1e-6
    if fate == "local_minimum":
        assert abs(costs10[-1] - costs[-1]) < 1e-9
        assert _own_hessian_psd(mod, ten) > -1e-4         # no negative curvature at its end
    if fate in ("growing_weights", "saturated"):
        from xorgrad import curvature, get
        grew = np.sqrt(np.sum(ten[0] ** 2) + np.sum(ten[2] ** 2)) / \
            np.sqrt(np.sum(at[0] ** 2) + np.sum(at[2] ** 2))
        if fate == "growing_weights":
            assert grew > why.fate.GROWTH and costs[-1] - costs10[-1] < 0.1
            end = dict(zip(("w1", "b1", "w2", "b2"), (np.asarray(v) for v in ten)))
            assert curvature.spectrum(get("numpy"), end)["eigenvalues"][0] > \
                -why.fate.NEG_REL * 10, "the project's Hessian: no saddle there"
        else:
            z1 = ten[0] @ mod.X + ten[1]
            unit = min(f["units"], key=int)
            assert np.sum(np.abs(z1[int(unit)]) > 4.6) >= 3, "still on the sigmoid's tails"
    if fate == "symmetric":     # the learner's own loop keeps its units identical too
        assert np.allclose(ten[0][0], ten[0][1]) and np.allclose(ten[2][0, 0], ten[2][0, 1])
    if fate == "dead_relu":
        z1 = ten[0] @ mod.X + ten[1]
        assert all(np.all(z1[int(u)] <= 0) for u in f["units"])
    if fate == "lr_too_large":
        assert np.mean(np.diff(costs[len(costs) // 2:]) > 0) > 0.3


@pytest.mark.slow
def test_a_learner_whose_run_learns_gets_no_why_section():
    import xorgrad
    r = xorgrad.check(str(LEARNERS / "fate_learns.py") + ":gradients")
    assert r.ok and r.consequence.learned_xor and r.why["fate"] == "learns"
    assert "\nwhy:" not in r.report() and r.to_dict()["why"]["text"] == []


@pytest.mark.slow
def test_the_share_from_the_learners_own_init_agrees_with_a_loop_over_their_init():
    import xorgrad
    mod = learner("growing_weights")
    r = xorgrad.check(str(LEARNERS / "fate_growing_weights.py") + ":gradients")
    base = r.why["what_if"]["rows"][0]
    n_loop = 150
    loop = plain_share(Arch(), "bce_mean", mod.INIT_SCALE, mod.LR, mod.STEPS, range(n_loop))
    assert within_sampling_error(base["share"], base["n"], loop, n_loop), (base, loop)


@pytest.mark.slow
@pytest.mark.parametrize("act, out, loss, lr", [("tanh", "linear", "se_mean", 0.1),
                                                ("relu", "linear", "se_mean", 0.1),
                                                ("sigmoid", "sigmoid", "bce_mean", 0.5)])
def test_every_row_of_the_what_if_table_agrees_with_a_plain_loop(act, out, loss, lr):
    case = why.Case(why.Spec(Arch(act, out), loss), init_params(0, 1.0), lr, 300, XOR_X, XOR_Y)
    table = why.what_if(case, why.Draws.from_scale(1000, 1.0, 2))
    n_loop = 100
    for row in table["rows"]:
        if row["change"] == "one more hidden unit":
            continue        # init_params(seed, scale, 3) draws another start: checked below
        scale = 0.1 if row.get("other") else 1.0      # "init scale 0.1": the other scale
        loop = plain_share(Arch(act, out), loss, scale, row["lr"], row["steps"], range(n_loop))
        assert within_sampling_error(row["share"], 1000, loop, n_loop), (row, loop)
    wide = table["rows"][4]
    loop = plain_share(Arch(act, out), loss, 1.0, lr, 300, range(n_loop), hidden=3)
    assert within_sampling_error(wide["share"], 1000, loop, n_loop), (wide, loop)
    assert table["rows"][3]["change"] == "init scale 0.1"


@pytest.mark.slow
def test_an_init_that_returns_the_same_start_every_time_gets_no_share(tmp_path):
    import xorgrad
    src = (LEARNERS / "fate_saddle.py").read_text().replace(
        "rng = np.random.default_rng(SEED)", "rng = np.random.default_rng(7)")
    path = tmp_path / "fixed_init.py"
    path.write_text(src)
    r = xorgrad.check(f"{path}:gradients")
    assert r.why["what_if"]["same_start"]
    assert "gave the same start for each of the 1000 seeds tried (it draws nothing at random, " \
        "or seeds its own generator), so there is no share" in r.report()
    assert "%" not in "\n".join(why.lines(r.why)).split("how often")[1]


@pytest.mark.slow
@pytest.mark.parametrize("lanes", [1024, 16, 8])   # one block; the first block goes on; more
def test_the_jax_programs_continuation_is_one_run_of_ten_times_the_steps(lanes, monkeypatch):
    jax = pytest.importorskip("jax", reason="pip install jax to use the jitted population loop")
    from xorgrad.why import _jax
    monkeypatch.setattr(_jax, "LANES", lanes)      # 48 nets: in 1, 3 or 6 blocks
    x64 = jax.config.jax_enable_x64
    continued_as_one_run("jax")
    assert jax.config.jax_enable_x64 == x64, "the population loop left x64 switched for the process"


@pytest.mark.slow
def test_the_jax_loop_and_the_numpy_loop_train_the_same_population():
    pytest.importorskip("jax", reason="pip install jax to use the jitted population loop")
    from xorgrad.seeds import batched_init
    p = batched_init(64, 1.0, 3)
    for net, loss in ((Arch(), "bce_mean"), (Arch("relu", "linear"), "se_mean")):
        spec = why.Spec(net, loss)
        a = why.population.train(p, why.population.Plan(spec, 300, 2), 0.5, backend="numpy")
        b = why.population.train(p, why.population.Plan(spec, 300, 2), 0.5, backend="jax")
        assert np.allclose(a.final_loss, b.final_loss, atol=1e-9)
        assert np.array_equal(a.learned, b.learned) and np.allclose(a.curves, b.curves, atol=1e-9)


@pytest.mark.slow
def test_the_section_on_a_right_step_whose_run_is_another_says_it_is_the_true_gradients_run():
    """A right per-sample loop (four updates a call) learns XOR where plain gradient descent from
    its start does not: the section explains the true gradient's run, and its title says so."""
    import pathlib
    import xorgrad
    path = pathlib.Path(__file__).parent / "learners" / "sgd_four_updates_a_call.py"
    r = xorgrad.check(f"{path}:step")
    assert r.ok and r.consequence.learned_xor and not r.consequence.true_learned_xor, r.report()
    assert r.why["learners_run"] is False and r.why["text"][0].startswith(
        "why, with the true gradient (plain gradient descent from your start, not your update): ")


def test_the_section_on_a_right_gradient_times_a_factor_says_it_is_the_true_gradients_run(
        tmp_path):
    """2 times the right gradient is correct up to its factor, but its run is the true loss's at
    twice the lr: the section, on plain gradient descent at the lr given, says whose run."""
    import xorgrad
    from xorgrad.testing import RIGHT_GRADIENT_FILE, write_learner
    body = RIGHT_GRADIENT_FILE.replace("dz1 @ X.T, dz1.sum", "2 * dz1 @ X.T, 2 * dz1.sum")
    body = body.replace("dz2 @ a1.T, dz2.sum", "2 * dz2 @ a1.T, 2 * dz2.sum")
    r = xorgrad.check(write_learner(tmp_path, "INIT_SCALE = 0.01\nLR = 0.1\nSTEPS = 100\n" + body)
                      + ":grad")
    assert r.ok and r.factor == 2.0 and r.why is not None, r.report()
    assert r.why["learners_run"] is False and r.why["text"][0].startswith(
        "why, with the true gradient (plain gradient descent from your start, not your update): ")


def test_the_section_on_a_wrong_gradient_says_it_is_about_the_true_gradients_run(tmp_path):
    """The section is measured on plain gradient descent with the true gradient: where the
    learner's own gradient is wrong, its title says so (their own run is another run)."""
    import xorgrad
    from xorgrad.testing import RIGHT_GRADIENT_FILE, write_learner
    body = RIGHT_GRADIENT_FILE.replace("dz1 @ X.T, dz1.sum", "2 * dz1 @ X.T, dz1.sum")
    path = write_learner(tmp_path, "INIT_SCALE = 0.01\nLR = 0.1\nSTEPS = 100\n" + body)
    r = xorgrad.check(path + ":grad")
    assert not r.ok and r.why is not None and r.why["learners_run"] is False, r.report()
    assert r.why["text"][0].startswith("why, with the true gradient (plain gradient descent "
                                       "from your start, not your update): "), r.why["text"]
    right = xorgrad.check(write_learner(tmp_path, "INIT_SCALE = 0.01\nLR = 0.1\nSTEPS = 100\n" +
                                        RIGHT_GRADIENT_FILE, "right.py") + ":grad")
    assert right.ok and right.why["text"][0].startswith("why: "), right.report()


@pytest.mark.slow
def test_a_packed_net_whose_run_does_not_learn_gets_its_why_section_from_its_own_init():
    """A net packed another way ((out, in) weights, samples in rows) whose run does not learn:
    the why section reads INIT()'s draws through the packing (it raised ValueError in numpy's
    concatenate, an internal error, when they were read one for one)."""
    from xorgrad.checker import check
    r = check(f"{LEARNERS / 'out_in_weights_rows.py'}:backward", steps=300)
    assert r.ok and r.consequence.learned_xor is False, r.report()
    assert r.why is not None and r.why["text"][0].startswith("why: too few steps"), r.report()
