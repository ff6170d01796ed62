"""PyTorch's intra-op threads: chosen per workload by the adapter, scoped to the call, recorded.

On a busy 2-core machine two threads made the tiny net's steps 4x-20x slower (docs/benchmarks.md,
"Threads"), so the adapter runs every workload up to the largest size measured on one thread and
puts the user's setting back afterwards; the benchmarks run under the same rule and record it.
"""

import pytest

import xorgrad
from xorgrad.benchmarks import population

torch = pytest.importorskip("torch", reason="torch is not installed: pip install 'xorgrad[torch]'")
from xorgrad.backends import torch_backend  # noqa: E402
from xorgrad.impls import torch_net  # noqa: E402


@pytest.fixture
def threads_seen(monkeypatch):
    seen = []
    for name in ("train", "train_many"):
        real = getattr(torch_net, name)

        def spy(*args, _real=real):
            seen.append(torch.get_num_threads())
            return _real(*args)
        monkeypatch.setattr(torch_net, name, spy)
    before = torch.get_num_threads()
    torch.set_num_threads(2)                # the default on a 2-core machine
    yield seen
    torch.set_num_threads(before)


def test_a_users_train_call_runs_on_one_thread_and_restores_theirs(threads_seen):
    net = xorgrad.get("torch")
    net.train(xorgrad.init_params(), steps=3)
    net.train_many(population(100), steps=3)
    assert threads_seen == [1, 1]
    assert torch.get_num_threads() == 2


def test_beyond_the_largest_size_measured_torch_keeps_its_default(threads_seen, monkeypatch):
    monkeypatch.setattr(torch_backend, "ONE_THREAD_UP_TO", 100 * 2 * 4 - 1)
    xorgrad.get("torch").train_many(population(100), steps=2)      # 100 nets * 2 hidden * 4
    assert threads_seen == [2]


def test_the_rule_by_device_and_size():
    assert torch_backend.threads_for("cpu", 10_000 * 2 * 4) == 1          # population N = 10 000
    assert torch_backend.threads_for("cpu", 2 * 100_000) == 1              # batch 100 000
    assert torch_backend.threads_for("cpu", 10**8) is None
    assert torch_backend.threads_for("cuda", 4) is None                    # GPU: no CPU threads
    assert torch_backend.workload(population(7, hidden=3), xorgrad.XOR_X) == 7 * 3 * 4
