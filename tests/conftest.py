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


@pytest.fixture
def builtins_only(monkeypatch):
    """The registry with the built-in backends only, whatever is installed from outside: for tests
    of what the built-in ones do (a broken outside backend must not change their verdict)."""
    import xorgrad.registry as registry
    monkeypatch.setattr(registry, "_RECORDS", {b.name: b for b in registry.BUILTINS})
    monkeypatch.setattr(registry, "_discovered", True)
    monkeypatch.setattr(registry, "_refused", [])
    return registry


@pytest.fixture
def fresh_registry(monkeypatch):
    """The registry as just after `import xorgrad`: the built-in backends only, entry points (none,
    unless the test patches `_entry_points`) and $XORGRAD_BACKENDS read again; restored after."""
    import xorgrad.registry as registry
    monkeypatch.setattr(registry, "_RECORDS", {b.name: b for b in registry.BUILTINS})
    monkeypatch.setattr(registry, "_discovered", False)
    monkeypatch.setattr(registry, "_refused", [])
    monkeypatch.setattr(registry, "_entry_points", lambda: [])
    monkeypatch.delenv(registry.ENV_VAR, raising=False)
    return registry


@pytest.fixture(autouse=True)
def _why_section_only_where_read(request, monkeypatch):
    """check's section "why it does not learn" (xorgrad.why) trains 6,000 nets, 1 to 5 s of CPU
    per report: only the tests marked `why` (those that read it) pay for it; elsewhere check
    reports without it, as before."""
    if request.node.get_closest_marker("why") is None:
        import xorgrad.why.check_section as section
        monkeypatch.setattr(section, "section", lambda *args, **kwargs: None)
