"""Beyond the gradient: every backend's jvp, H v and Hessian equal the second-order oracle and
float64 NumPy's R-operator, in float64 and float32, and the Hessian is symmetric.

Each test runs once per (backend, device, dtype) through the `case` argument; a registered backend
whose lesson has no jvp/hvp/hessian is skipped with that reason. Tolerances: the "jvp", "hessian"
and "hessian_fd" rows of xorgrad/tolerances.py (docs/testing.md#tolerances). The default tier
checks two points (the other two, and the sweep over many random points, are marked slow).
"""

import types

import numpy as np
import pytest

import xorgrad
from xorgrad.backends.numpy_backend import Net as NumpyNet
from xorgrad.contract import flatten
from xorgrad.errors import BackendError, ContractError, UnavailableError
from xorgrad.tolerances import tolerance
from xorgrad.testing import (SECOND_ORDER_SCALES, assert_second_order_agrees_at, random_direction,
                             random_point)

QUESTION_START = xorgrad.init_params(0, 0.01)   # the question's init: randn * 0.01, seed 0


def second_order_net(case):
    """The case's net, or a skip naming what its lesson lacks (a backend may stop at gradients)."""
    net = case.net()
    for kind in ("jvp", "hvp", "hessian"):
        if net.function_name(kind) is None:
            pytest.skip(f"backend {case.backend} has no {kind}: its lesson defines none "
                        f"(docs/hessian.md says what to add)")
    return net


POINTS = {"default start": xorgrad.init_params(), "question's start": QUESTION_START,
          "random, scale 0.01": random_point(0, 0.01), "random, scale 3": random_point(0, 3.0)}


FAST_POINTS = {"default start"}   # the other three run in the slow tier


@pytest.mark.parametrize("where", [w if w in FAST_POINTS else pytest.param(w, marks=pytest.mark.slow)
                                   for w in POINTS])
def test_jvp_hvp_and_hessian_match_the_oracle_and_numpy_and_hessian_is_symmetric(case, where):
    p = POINTS[where]
    assert_second_order_agrees_at(second_order_net(case), p, random_direction(1, p))


@pytest.mark.slow
def test_second_order_matches_for_another_width_and_random_data(case):
    rng = np.random.default_rng(5)
    X, Y = rng.standard_normal((2, 5)), rng.uniform(0, 1, (1, 5))
    p = random_point(2, 1.0, hidden=3)
    assert_second_order_agrees_at(second_order_net(case), p, random_direction(2, p), X, Y)


@pytest.mark.slow
@pytest.mark.parametrize("scale", SECOND_ORDER_SCALES)
def test_second_order_matches_at_many_random_points_of_every_scale(case, scale):
    net = second_order_net(case)
    for seed in range(10):
        p = random_point(100 + seed, scale)
        assert_second_order_agrees_at(net, p, random_direction(seed, p))


@pytest.mark.slow
def test_every_variant_gives_the_same_hvp_and_hessian(case):
    """forward-over-reverse vs reverse-over-reverse, jacfwd vs jacrev vs P HVPs: one answer."""
    net = second_order_net(case)
    p = random_point(3, 1.0)
    v = random_direction(3, p)
    rtol, atol = tolerance("hessian", case.dtype)
    hv, H = flatten(net.hvp(p, v)), net.hessian(p)
    for variant in net.variants("hvp"):
        np.testing.assert_allclose(flatten(net.hvp(p, v, variant=variant)), hv, rtol, atol,
                                   err_msg=f"hvp variant {variant}")
    for variant in net.variants("hessian"):
        np.testing.assert_allclose(net.hessian(p, variant=variant), H, rtol, atol,
                                   err_msg=f"hessian variant {variant}")


def test_every_hvp_variant_equals_numpys_hvp_at_one_point_in_float64():
    """The default tier's share of the sweep above: each lesson's other HVPs (reverse-over-reverse,
    double backward) at one point, against float64 NumPy's R-operator. A variant that pulls back
    along the wrong vector (the parameters, not v) is a wrong H v, and its benchmark row times a
    wrong function."""
    p = random_point(3, 1.0)
    v = random_direction(3, p)
    want = flatten(xorgrad.get("numpy").hvp(p, v))
    rtol, atol = tolerance("hessian", "float64")
    checked = []
    for backend, device, dtype in xorgrad.registry.select(dtypes=["float64"]):
        net = xorgrad.get(backend, device, dtype)
        for variant in net.variants("hvp"):
            np.testing.assert_allclose(flatten(net.hvp(p, v, variant=variant)), want, rtol, atol,
                                       err_msg=f"{backend} {device} hvp variant {variant}")
            checked.append((backend, variant))
    if ("torch", "cpu") in xorgrad.available():
        assert ("torch", "reverse_over_reverse") in checked


def test_results_come_back_as_numpy_and_the_hessian_is_p_by_p_in_flatten_order():
    net = xorgrad.get("numpy")
    p = xorgrad.init_params()
    loss, tangent = net.jvp(p, p)
    assert isinstance(loss, float) and isinstance(tangent, float)
    H = net.hessian(p)
    assert H.shape == (9, 9) and H.dtype == np.float64
    e = {k: np.zeros_like(a) for k, a in p.items()}
    e["w2"][0, 1] = 1.0                                   # flat index 4 + 2 + 1 = 7
    np.testing.assert_allclose(H[:, 7], flatten(net.hvp(p, e)), rtol=1e-14, atol=1e-17)


def test_a_direction_that_does_not_fit_the_params_is_a_clear_error():
    p = xorgrad.init_params()
    v = {**p, "w2": np.zeros((2, 1))}
    with pytest.raises(ContractError, match=r"direction v\[.w2.\] has shape \(2, 1\)"):
        xorgrad.get("numpy").hvp(p, v)
    with pytest.raises(ContractError, match="keys"):
        xorgrad.get("numpy").jvp(p, {"w1": p["w1"]})


def test_an_unknown_variant_names_the_choices():
    with pytest.raises(BackendError, match="no hvp variant 'sideways'"):
        xorgrad.get("numpy").hvp(xorgrad.init_params(), xorgrad.init_params(), variant="sideways")


class GradientsOnly(NumpyNet):
    """A backend whose lesson stops at gradients, as an outside backend may."""
    backend = "gradients_only"
    lesson = types.SimpleNamespace(__name__="gradients_only_net",
                                   loss_and_grads=xorgrad.get("numpy").lesson.loss_and_grads)


def test_a_backend_without_second_order_says_so_and_its_tests_skip_with_that_reason():
    net = GradientsOnly()
    for call in (lambda: net.jvp(QUESTION_START, QUESTION_START),
                 lambda: net.hvp(QUESTION_START, QUESTION_START), lambda: net.hessian(QUESTION_START)):
        with pytest.raises(UnavailableError, match="backend gradients_only has no (jvp|hvp|hessian)"):
            call()
    case = types.SimpleNamespace(backend="gradients_only", net=GradientsOnly)
    with pytest.raises(pytest.skip.Exception, match="backend gradients_only has no jvp"):
        second_order_net(case)
