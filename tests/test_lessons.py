"""The lessons run on their own (`python -m impls.<lesson>`) and, started from the same NumPy
draw in float64, print the same training run: the same losses to every printed digit."""

import contextlib
import io
import runpy
import sys

import pytest

from xorgrad import impls
from xorgrad.registry import LESSONS as LESSON_OF   # backend -> lesson module

LESSONS = tuple(LESSON_OF.values())                 # numpy_net first: the others match it
INSTALL = {"torch_net": "torch is not installed: pip install 'xorgrad[torch]'",
           "jax_net": "jax is not installed: pip install 'xorgrad[jax]'",
           "tensorflow_net": "tensorflow is not installed: pip install 'xorgrad[tensorflow]'",
           "hips_net": "HIPS autograd is not installed: pip install 'xorgrad[hips]'"}


def run_demo(lesson: str) -> list[str]:
    """The lines `python -m impls.<lesson>` prints, run in this process (global settings the demo
    changes, JAX's x64 switch, are put back)."""
    framework = {"torch_net": "torch", "jax_net": "jax", "tensorflow_net": "tensorflow",
                 "hips_net": "autograd"}.get(lesson)
    if framework:
        pytest.importorskip(framework, reason=INSTALL[lesson])
    out = io.StringIO()
    x64 = None
    if lesson == "jax_net":   # the demo turns float64 on for the whole process
        import jax
        x64 = jax.config.jax_enable_x64
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(f"{impls.__path__[0]}/{lesson}.py", run_name="__main__")
    finally:
        if x64 is not None:
            jax.config.update("jax_enable_x64", x64)
    return out.getvalue().splitlines()


@pytest.fixture(scope="module")
def numpy_demo():
    return run_demo("numpy_net")


@pytest.mark.parametrize("lesson", LESSONS[1:])
def test_every_lesson_prints_the_same_run_as_the_numpy_lesson(lesson, numpy_demo):
    assert [line for line in numpy_demo if line.startswith("step")], numpy_demo
    x64 = sys.modules["jax"].config.jax_enable_x64 if "jax" in sys.modules else None
    assert run_demo(lesson) == numpy_demo
    if lesson == "jax_net":   # the demo's float64 switch does not outlive it (later tests' float32)
        assert sys.modules["jax"].config.jax_enable_x64 == bool(x64)

