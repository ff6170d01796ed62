"""Beyond the gradient: one jvp, one Hessian-vector product, one Hessian, per backend, device and
dtype, with each lesson's variants side by side in the same group (one group per kind of work).

hvp: "lesson" is forward-over-reverse (jvp of grad) everywhere; "reverse_over_reverse" (vjp or
grad of grad . v) and "double_backward" (torch.autograd.grad with create_graph=True) beside it.
hessian: "lesson" is the lesson's default (`Net.function_name`): jacfwd-of-jacrev (`hessian`) in
torch and JAX, reverse-over-reverse (`hessian_jacrev`) in TensorFlow and HIPS, P HVPs
(`hessian_by_hvps`) in NumPy and the engine; the lesson's other ways beside it. Each row is first
checked against float64 NumPy at the table's tolerance; the timed call ends with a device sync.
"""

import pytest

import xorgrad
from harness import device_labels, measure
from xorgrad.agreement import assert_match, compare_grads
from xorgrad.contract import logit_scale
from xorgrad.testing import hessian_rows, random_direction

ROUNDS, ITERATIONS = 15, 20
VARIANTS = {"jvp": [None], "hvp": [None, "reverse_over_reverse", "double_backward"],
            "hessian": [None, "jacrev", "by_hvps"]}
# in a plain `pytest` (smoke), the lesson's own rows run and the other variants are slow-tier
# (bench/conftest.py); a timing run times them all
CASES = [pytest.param(kind, variant, id=f"{kind}-{variant or 'lesson'}")
         for kind, variants in VARIANTS.items() for variant in variants]


@pytest.mark.parametrize("kind, variant", CASES)
def test_second_order(benchmark, case, kind, variant):
    net = case.net()
    name = net.function_name(kind, variant)
    if net.function_name(kind) is None:
        pytest.skip(f"backend {case.backend} has no {kind}")
    if variant is not None and name == net.function_name(kind):
        pytest.skip(f"{name} is the {case.backend} lesson's own {kind}: its 'lesson' row")
    if variant is not None and variant not in net.variants(kind):
        pytest.skip(f"backend {case.backend} has no {kind} variant {variant}")
    p = xorgrad.init_params()
    v = random_direction(0, p)
    check(net, kind, variant, p, v)
    fn = getattr(net.lesson, name)
    with net.scope():
        args = [net.native_params(p), net.to_native(xorgrad.XOR_X), net.to_native(xorgrad.XOR_Y)]
        if kind != "hessian":
            args.append({k: net.to_native(a) for k, a in v.items()})

        def call():
            out = fn(*args)
            wait(case.backend, out, net)
            return out

        info = {"kind": kind, "backend": case.backend, "device": case.device, "dtype": case.dtype,
                "variant": variant or "lesson", "steps": 1, "nets": 1, "batch": 4, "hidden": 2,
                **device_labels(net)}
        measure(benchmark, call, info, rounds=ROUNDS, iterations=ITERATIONS, net=net)


def wait(backend, out, net):
    if backend == "jax":
        import jax
        jax.block_until_ready(out)
    else:
        net.sync()


def check(net, kind, variant, p, v):
    """The variant's answer equals float64 NumPy's, at the table's tolerance for the net's dtype."""
    ref = xorgrad.get("numpy")
    scale = logit_scale(p)
    if kind == "jvp":
        got, want = net.jvp(p, v, variant=variant)[1], ref.jvp(p, v)[1]
        assert_match(compare_grads({"dL.v": got}, {"dL.v": want}, "jvp", net.dtype, scale))
    elif kind == "hvp":
        assert_match(compare_grads(net.hvp(p, v, variant=variant), ref.hvp(p, v), "hessian",
                                   net.dtype, scale))
    else:
        assert_match(compare_grads(hessian_rows(net.hessian(p, variant=variant), p),
                                   hessian_rows(ref.hessian(p), p), "hessian", net.dtype, scale))


