"""Fixtures the test files share (the `case` fixture itself comes from xorgrad.pytest_plugin)."""

import pytest


@pytest.fixture
def hide_backend(monkeypatch):
    """hide_backend("torch"): from now on this test sees torch as not installed (its adapter's
    import fails as a missing framework's would); the other backends stay as they are here."""
    import xorgrad.registry as registry
    real, hidden = registry._load, set()

    def load(backend):
        if backend in hidden:
            raise ImportError(f"No module named {backend!r}")
        return real(backend)
    monkeypatch.setattr(registry, "_load", load)
    return hidden.add
