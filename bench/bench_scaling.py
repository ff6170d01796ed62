"""How the cost grows with the work: population size N, batch size, hidden width.

Each runs the lesson's own loop on arrays already on the device (no host copies in the timing),
so the rows show where per-call framework overhead stops mattering and the arithmetic takes
over. Every row runs the same 10 steps per call, and every size is its own pytest-benchmark group
("population: 10,000 nets, 10 steps/call"), so each table compares one amount of work.
Population: `train_many` (NumPy batched by hand, PyTorch batched matmul, JAX vmap).
Batch: the 4 XOR samples repeated up to 100 000. Width: 2 to 1024 hidden units.
"""

import numpy as np
import pytest

import xorgrad
from harness import assert_first_loss, device_labels, labels, measure, steps_for
from xorgrad.benchmarks import BATCH_SIZES, HIDDEN_WIDTHS, STEPS, population, xor_data

LR = 1.0


def run_lesson(benchmark, case, kind, fn_name, params, X, Y, steps, **info):
    """Time lesson.<fn_name>(native params, X, Y, steps, LR), synced; return NumPy results."""
    net = case.net()
    lesson = net.lesson
    with net.scope():
        Xn, Yn = net.to_native(X), net.to_native(Y)
        start = net.native_params(params)

        def train():
            p = net.copy_native(start) if net.updates_in_place else start  # a fresh start
            return net.wait(getattr(lesson, fn_name)(p, Xn, Yn, steps, LR))

        labels_ = labels(kind, case, steps=steps, **info, **device_labels(net))
        _, losses = measure(benchmark, train, labels_, rounds=5, net=net)
        return net.to_numpy(losses)


def test_population_train_many(benchmark, pop_case):
    case, nets = pop_case
    steps = steps_for(benchmark, STEPS["population"])
    params = population(nets)
    losses = run_lesson(benchmark, case, "population", "train_many", params, xorgrad.XOR_X,
                        xorgrad.XOR_Y, steps, nets=nets)
    assert losses.shape == (nets, steps)
    assert np.all(np.isfinite(losses))
    assert_first_loss(losses[-1, 0], {k: v[-1] for k, v in params.items()}, dtype=case.dtype)


@pytest.mark.parametrize("batch", BATCH_SIZES)
def test_batch_size(benchmark, case, batch):
    steps = steps_for(benchmark, STEPS["batch"])
    X, Y = xor_data(batch)
    p0 = xorgrad.init_params()
    losses = run_lesson(benchmark, case, "batch", "train", p0, X, Y, steps, batch=batch)
    assert losses.shape == (steps,)
    assert_first_loss(losses[0], p0, X, Y, dtype=case.dtype)  # repeating XOR keeps the loss


@pytest.mark.parametrize("hidden", HIDDEN_WIDTHS)
def test_hidden_width(benchmark, case, hidden):
    steps = steps_for(benchmark, STEPS["width"])
    p0 = xorgrad.init_params(hidden=hidden, scale=1.0 / np.sqrt(hidden))
    losses = run_lesson(benchmark, case, "width", "train", p0, xorgrad.XOR_X, xorgrad.XOR_Y,
                        steps, hidden=hidden)
    assert losses.shape == (steps,)
    assert_first_loss(losses[0], p0, dtype=case.dtype)
