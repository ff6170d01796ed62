"""The comparison itself: a verdict needs every parameter, errors are relative to the reference,
and the one tolerance table is tight enough to reject errors the project's standard calls bugs.

These test the harness (xorgrad/agreement.py, xorgrad/testing.py, xorgrad/tolerances.py) on
gradients with a known, planted error, so they fail when the harness goes blind.
"""

import numpy as np
import pytest

import xorgrad
from xorgrad.agreement import assert_match, compare_arrays, compare_grads
from xorgrad.registry import select
from xorgrad.table import compare_backends
from xorgrad.contract import PARAM_NAMES, learned_xor, logit_scale, predictions, reference_loss
from xorgrad.testing import assert_loss_agrees
from xorgrad.tolerances import tolerance


@pytest.fixture(scope="module")
def start():
    p = xorgrad.init_params()
    _, grads = xorgrad.get("numpy", "cpu", "float64").loss_and_grads(p)
    return p, grads


def test_one_parameter_out_of_tolerance_fails_the_whole_comparison(start):
    p, grads = start
    for name in PARAM_NAMES:          # each parameter in turn is the only wrong one
        slipped = dict(grads, **{name: -grads[name]})
        result = compare_grads(slipped, grads, "gradients", "float64", logit_scale(p))
        assert not result.ok, f"{name} alone is wrong, yet the comparison is ok:\n{result}"
        assert result.wrong() == [name]
        with pytest.raises(AssertionError, match=f"^{name} disagree"):
            assert_match(result)
    assert compare_grads(grads, grads, "gradients", "float64").ok   # and all right is ok


@pytest.mark.parametrize("factor, rel", [(2.0, 1.0), (4.0, 3.0), (0.0, 1.0), (-1.0, 2.0)])
def test_relative_error_is_measured_against_the_reference(start, factor, rel):
    """rel err = max|got - ref| / max|ref|: a gradient m = 4 times too large is 300% off, a zero
    gradient 100% off (measured against the result instead, they would read 75% and inf)."""
    _, grads = start
    got = {k: factor * g for k, g in grads.items()}
    result = compare_arrays(got, grads, 0, 0)
    for row in result.rows:
        assert row.rel == pytest.approx(rel, rel=1e-12), result.table()
        assert row.max_abs == pytest.approx(abs(factor - 1) * np.abs(grads[row.name]).max())
    assert result.worst_rel == pytest.approx(rel, rel=1e-12)


# Errors the standard calls bugs (README, docs/testing.md): float64 implementations agree to about
# 1e-10 and with central differences to about 1e-7 relative, so a slip 100x larger must fail; in
# float32 a 1% slip must fail. Loosen any entry of the table 1000x and its row here fails.
SLIPS = [("gradients", "float64", 1e-8), ("finite_differences", "float64", 1e-5),
         ("training", "float64", 1e-7),
         ("gradients", "float32", 1e-2), ("finite_differences", "float32", 1e-2),
         ("training", "float32", 1e-2)]


@pytest.mark.parametrize("kind, dtype, slip", SLIPS, ids=[f"{k}-{d}-{s:g}" for k, d, s in SLIPS])
def test_the_table_rejects_a_slip_the_standard_calls_a_bug(start, kind, dtype, slip):
    p, grads = start
    for name in PARAM_NAMES:
        slipped = dict(grads, **{name: grads[name] * (1 + slip)})
        result = compare_grads(slipped, grads, kind, dtype, logit_scale(p))
        assert result.wrong() == [name], f"a {slip:g} relative slip in {name} passed:\n{result}"


@pytest.mark.parametrize("dtype, slip", [("float64", 1e-12), ("float32", 1e-4)])
def test_the_loss_tolerance_rejects_a_slip_the_standard_calls_a_bug(start, dtype, slip):
    """The loss at the default start is about 0.7: 1e-12 relative is 3000 float64 eps, 1e-4 is
    800 float32 eps; both far outside a few eps of honest rounding."""
    p, _ = start
    ref, scale = reference_loss(p), logit_scale(p)
    assert_loss_agrees(ref * (1 + 16 * np.finfo(dtype).eps), ref, dtype, scale)  # rounding passes
    with pytest.raises(AssertionError, match="eps per unit of logit scale"):
        assert_loss_agrees(ref * (1 + slip), ref, dtype, scale)


def test_a_failing_comparison_prints_a_per_parameter_table_a_learner_can_read():
    got = {"w1": np.array([[1.0, -2.0]]), "b2": np.array([[0.5]])}
    ref = {"w1": np.array([[1.0, -2.0 + 1e-12]]), "b2": np.array([[0.25]])}
    result = compare_arrays(got, ref, 1e-7, 1.5e-10, "gradients vs the oracle")
    table = (
        "gradients vs the oracle\n"
        "  param  shape     max abs err   rel err               tolerance  verdict\n"
        "  w1     (1, 2)       1.00e-12  5.00e-13   1.5e-10 + 1e-07*|ref|  ok\n"
        "  b2     (1, 1)       2.50e-01  1.00e+00   1.5e-10 + 1e-07*|ref|  WRONG")
    assert result.table() == str(result) == table
    with pytest.raises(AssertionError) as info:
        assert_match(result)
    assert str(info.value) == "b2 disagree:\n" + table


# ---- compare_backends, the main table's data: each case run as asked, from the one start --------
NUMPY_CASES = [("numpy", "cpu", "float64"), ("numpy", "cpu", "float32")]
ROW_KEYS = {"backend", "device", "dtype", "device_name", "versions", "loss", "grad_rel_err_vs_fd",
            "grad_rel_err_vs_numpy64", "grad_ok", "loss_end", "predictions", "learned_xor",
            "train_seconds"}


def test_compare_backends_runs_each_case_with_the_settings_asked_for():
    import time
    t0 = time.perf_counter()
    out = compare_backends(seed=22, scale=30.0, lr=0.7, steps=7, cases=NUMPY_CASES)
    elapsed = time.perf_counter() - t0
    assert {k: out[k] for k in ("seed", "init_scale", "lr", "steps")} == \
        {"seed": 22, "init_scale": 30.0, "lr": 0.7, "steps": 7}
    p = xorgrad.init_params(22, scale=30.0)
    assert out["params"] == {k: v.tolist() for k, v in p.items()}
    assert [(r["backend"], r["device"], r["dtype"]) for r in out["rows"]] == NUMPY_CASES
    for row in out["rows"]:
        assert set(row) >= ROW_KEYS
        net = xorgrad.get(row["backend"], row["device"], row["dtype"])
        loss, _ = net.loss_and_grads(p)
        p_end, losses = net.train(p, steps=7, lr=0.7)
        a2 = predictions(p_end)[0]
        assert (row["loss"], row["loss_end"], row["predictions"], row["learned_xor"]) == \
            (loss, net.loss_and_grads(p_end)[0], a2.tolist(), bool(learned_xor(a2))), row["dtype"]
        assert (row["device_name"], row["versions"]) == (net.device_name(), net.versions())
        assert 0 < row["train_seconds"] < elapsed
        # float32 gradients at logits near 80 pass only with atol per unit of logit scale
        assert row["grad_ok"] is True, row
    f64, f32 = out["rows"]
    assert f64["grad_rel_err_vs_numpy64"] == 0.0 < f32["grad_rel_err_vs_numpy64"]
    assert f64["loss"] != f32["loss"]           # the float32 row really ran in float32


def test_compare_backends_defaults_are_the_contracts_and_none_means_every_available_case():
    out = compare_backends(cases=NUMPY_CASES[:1])
    assert {k: out[k] for k in ("seed", "init_scale", "lr", "steps")} == {
        "seed": xorgrad.DEFAULT_SEED, "init_scale": xorgrad.DEFAULT_INIT_SCALE,
        "lr": xorgrad.DEFAULT_LR, "steps": xorgrad.DEFAULT_STEPS}
    net = xorgrad.get("numpy")
    p_end, _ = net.train(xorgrad.init_params())
    assert out["rows"][0]["loss_end"] == net.loss_and_grads(p_end)[0]   # after the last update
    assert out["rows"][0]["learned_xor"]
    everything = compare_backends(steps=0)
    assert [(r["backend"], r["device"], r["dtype"]) for r in everything["rows"]] == select()
    assert all(r["loss_end"] == r["loss"] for r in everything["rows"])   # no step: the start


# ---- select: which (backend, device, dtype) cases run; a request for what is missing is loud ----
def test_select_narrows_to_what_is_asked_and_keeps_the_registry_order():
    assert select(["numpy"]) == [("numpy", "cpu", "float64"), ("numpy", "cpu", "float32")]
    assert select(["numpy"], ["cpu"], ["float32"]) == [("numpy", "cpu", "float32")]
    here = xorgrad.available()
    assert select() == [(b, d, t) for b, d in here for t in xorgrad.DTYPES]
    assert select(devices=["cpu"]) == [(b, d, t) for b, d in here if d == "cpu" for t in xorgrad.DTYPES]


@pytest.mark.parametrize("kwargs, error, message", [
    ({"backends": ["no_such"]}, "BackendError", "unknown backend 'no_such': choose from {backends}"),
    ({"devices": ["tpu"]}, "BackendError", "unknown device 'tpu': choose from {devices}"),
    ({"dtypes": ["float16"]}, "BackendError", "unknown dtype 'float16': choose from float64, float32"),
])
def test_select_names_the_choices_for_an_unknown_name(kwargs, error, message):
    with pytest.raises(getattr(xorgrad, error)) as info:
        select(**kwargs)
    assert str(info.value) == message.format(
        backends=", ".join(xorgrad.BACKENDS), devices=", ".join(xorgrad.registry.all_devices()))


def test_select_refuses_a_backend_or_device_that_is_missing_here(monkeypatch):
    from xorgrad import registry
    installed = registry._installed          # jax "missing", the rest as they really are here
    monkeypatch.setattr(registry, "_installed", lambda backend: backend != "jax" and installed(backend))
    with pytest.raises(xorgrad.UnavailableError) as info:
        select(["numpy", "jax"])
    assert str(info.value) == f"backend 'jax' was asked for but is not installed: {registry.record('jax').install}"
    with pytest.raises(xorgrad.UnavailableError) as info:
        select(devices=["gpu"])
    here = ", ".join(f"{b}/{d}" for b, d in registry.available())   # numpy/cpu, torch/cpu, ...
    assert str(info.value) == ("device 'gpu' was asked for but no selected backend can use it here "
                               f"(available: {here})")
    assert select(["numpy"], ["cpu"]) == [("numpy", "cpu", "float64"), ("numpy", "cpu", "float32")]


def test_select_returns_only_the_devices_asked_for(monkeypatch):
    from xorgrad import registry
    monkeypatch.setattr(registry, "available", lambda backends=None: [
        ("numpy", "cpu"), ("torch", "cpu"), ("torch", "cuda"), ("jax", "gpu")])
    assert select(devices=["cpu"], dtypes=["float64"]) == [("numpy", "cpu", "float64"),
                                                           ("torch", "cpu", "float64")]
    assert select(["torch"], ["cuda"], ["float32"]) == [("torch", "cuda", "float32")]


def test_select_for_numpy_alone_probes_no_other_framework(monkeypatch):
    """Probing a backend imports its framework: asking for NumPy must not import torch or jax."""
    from xorgrad import registry
    probed, real = [], registry._installed
    monkeypatch.setattr(registry, "_installed", lambda b: probed.append(b) or real(b))
    assert select(["numpy"], ["cpu"]) == [("numpy", "cpu", "float64"), ("numpy", "cpu", "float32")]
    assert set(probed) == {"numpy"}


# ---- param_error at the edges: wrong shapes, nan, zeros, the boundary ---------------------------
def test_a_gradient_of_the_wrong_shape_is_wrong_and_shows_its_shape(start):
    _, grads = start
    result = compare_arrays(dict(grads, w2=grads["w2"].T), grads, 1.0, 1.0)   # (2, 1) for (1, 2)
    row = {r.name: r for r in result.rows}["w2"]
    assert (row.name, row.shape, row.max_abs, row.rel, row.ok) == ("w2", (2, 1), np.inf, np.inf, False)
    assert result.wrong() == ["w2"]
    line = next(x for x in result.table().splitlines() if x.split()[:1] == ["w2"])
    assert line.split()[1:3] == ["(2,", "1)"] and line.endswith("WRONG"), line


def test_a_nan_or_inf_gradient_is_wrong_with_an_infinite_error(start):
    _, grads = start
    for bad in (np.nan, np.inf):
        w1 = grads["w1"].copy()
        w1[0, 0] = bad
        row = compare_arrays(dict(grads, w1=w1), grads, 1.0, 1.0).rows[0]
        assert (row.max_abs, row.rel, row.ok) == (np.inf, np.inf, False)


def test_against_a_zero_reference_only_zero_agrees_and_relative_error_is_0_or_inf():
    zero = {"b2": np.zeros((1, 1))}
    same = compare_arrays(zero, zero, 0.0, 0.0).rows[0]
    assert (same.max_abs, same.rel, same.ok) == (0.0, 0.0, True)
    off = compare_arrays({"b2": np.full((1, 1), 1e-3)}, zero, 0.0, 0.0).rows[0]
    assert (off.max_abs, off.rel, off.ok) == (1e-3, np.inf, False)
    empty = {"w": np.zeros((0, 2))}   # nothing to compare: nothing wrong
    row = compare_arrays(empty, empty, 0.0, 0.0).rows[0]
    assert (row.max_abs, row.rel, row.ok) == (0.0, 0.0, True)


def test_an_error_exactly_at_the_tolerance_passes():
    """max |got - ref| <= atol + rtol * max |ref|: the bound itself is within tolerance."""
    ref = {"w": np.array([2.0, -4.0])}
    assert compare_arrays({"w": np.array([2.0, -4.75])}, ref, 0.125, 0.25).ok          # 0.75 = 0.25 + 0.125 * 4
    assert not compare_arrays({"w": np.array([2.0, -4.875])}, ref, 0.125, 0.25).ok


def test_atol_is_per_unit_of_logit_scale_but_never_below_one_unit():
    rtol, atol = tolerance("finite_differences", "float64")
    zero = {"b2": np.zeros((1, 1))}
    for scale, allowed in ((None, atol), (0.5, atol), (1.0, atol), (1.5, 1.5 * atol), (40.0, 40 * atol)):
        if scale is None:   # no scale given: one unit
            assert compare_grads({"b2": np.full((1, 1), 0.99 * allowed)}, zero, "finite_differences", "float64").ok
            assert not compare_grads({"b2": np.full((1, 1), 1.01 * allowed)}, zero, "finite_differences", "float64").ok
            continue
        assert compare_grads({"b2": np.full((1, 1), 0.99 * allowed)}, zero, "finite_differences",
                             "float64", scale).ok, scale
        assert not compare_grads({"b2": np.full((1, 1), 1.01 * allowed)}, zero,
                                 "finite_differences", "float64", scale).ok, scale


def test_a_comparison_is_titled_with_what_was_compared(start):
    _, grads = start
    assert compare_grads(grads, grads, "gradients", "float32").what == \
        "gradients vs float64 NumPy backprop (float32)"
    assert compare_grads(grads, grads, "training", "float64", what="mine").what == "mine"
    assert compare_arrays(grads, grads, 0, 0).what == ""


def test_the_failure_message_names_every_wrong_parameter(start):
    _, grads = start
    with pytest.raises(AssertionError, match=r"^w1, b2 disagree:\n"):
        assert_match(compare_arrays(dict(grads, w1=-grads["w1"], b2=-grads["b2"]), grads, 0.0, 0.0))


def test_an_unknown_kind_of_comparison_names_the_kinds():
    with pytest.raises(KeyError, match="no tolerance for 'weights': choose one of loss, "
                                       "gradients, finite_differences, training"):
        tolerance("weights", "float64")
