"""Progress on stderr for the command line's long work, and the refusal of work too long to run.

The library never prints: its long functions take a `progress(done, total)` callback (total None
when it is not known in advance). `bar` makes one here, a tqdm bar on stderr when stderr is a
terminal; nothing with --json or --quiet, or when stderr is piped or tqdm is not installed.
`refuse_long` turns an estimate of the time a command would take into a one-line refusal, as
`seeds` refuses a study too big for the machine's memory.
"""

from __future__ import annotations

import contextlib
import sys

# the fastest a training step of the 2-2-1 net runs (NumPy on a fast CPU; measured here: 41 us
# for NumPy, 177 us for torch, per step on a busy 2-core machine): an estimate from it is a floor
STEP_SECONDS_FLOOR = 10e-6
MAX_SECONDS = 600.0   # the longest a command may take by that floor before it is refused


def shown(args) -> bool:
    return not (getattr(args, "json", False) or getattr(args, "quiet", False)) and \
        sys.stderr.isatty()


@contextlib.contextmanager
def bar(args, desc: str, unit: str = "it", total=None):
    """A progress(done, total) callback drawing a tqdm bar (None where nothing is shown)."""
    tqdm = None
    if shown(args):
        with contextlib.suppress(ImportError):
            from tqdm import tqdm
    if tqdm is None:
        yield None
        return
    with tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False,
              dynamic_ncols=True, mininterval=0) as t:   # the callers' updates are coarse
        def progress(done, of=None):
            if of is not None and of != t.total:
                t.total = of
            t.update(done - t.n)
        yield progress


def refuse_long(steps: int, nets: int = 1, what: str = "--steps"):
    """UsageError when `nets` x `steps` training steps would take longer than MAX_SECONDS even at
    the fastest a step runs: the estimate, and what would fit."""
    from ..errors import UsageError
    seconds = steps * nets * STEP_SECONDS_FLOOR
    if seconds > MAX_SECONDS:
        most = round(MAX_SECONDS / (nets * STEP_SECONDS_FLOOR))
        raise UsageError(f"{what} {steps} would train for at least {_clock(seconds)}"
                         f"{f' ({nets} runs)' if nets > 1 else ''} at "
                         f"{STEP_SECONDS_FLOOR * 1e6:g} us a step, the fastest a step runs; the "
                         f"command line runs at most {_clock(MAX_SECONDS)} of it: use "
                         f"{what} {most} or fewer (the Python API runs any number)")


def _clock(seconds: float) -> str:
    h, rest = divmod(int(round(seconds)), 3600)
    m, s = divmod(rest, 60)
    return f"{h} h {m:02d} min" if h else f"{m} min {s:02d} s"
