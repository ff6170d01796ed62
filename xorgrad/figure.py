"""The figure helpers every picture uses: a matplotlib Figure on the Agg canvas (no display), the
`Picture` a drawing returns, saving a PNG, and the one error when matplotlib is missing. Nothing
here knows what it draws: `plots` and `check.curves` draw with them."""

from __future__ import annotations

from pathlib import Path

from .errors import UnavailableError, UsageError

INSTALL_PLOT = "pip install 'xorgrad[plot]'"
DPI = 90


class PlotUnavailable(UnavailableError):
    """matplotlib is not installed."""


class Picture:
    """A drawn picture: `saved` is the file written, or the PNG bytes themselves (out=None)."""

    def __init__(self, saved, caption: str, texts: tuple = ()):
        self.path = None if isinstance(saved, bytes) else Path(saved)
        self._png = saved if isinstance(saved, bytes) else None
        self.caption = caption
        self.texts = texts   # every title, axis label and tick offset drawn (what a reader sees)

    def png(self) -> bytes:
        return self._png if self._png is not None else self.path.read_bytes()

    def _repr_png_(self) -> bytes:   # Jupyter shows it inline
        return self.png()

    def save(self, path) -> Path:
        """Write the PNG to `path` (a file name); returns it. A one-line UsageError if it cannot."""
        path = Path(path)
        try:
            path.write_bytes(self.png())
        except OSError as e:
            raise UsageError(f"cannot write {path}: {e.strerror}") from None
        return path

    def __repr__(self) -> str:
        return f"Picture({str(self.path) if self.path else 'in memory'}: {self.caption})"


def _texts(fig) -> tuple:
    """The words on a drawn figure: suptitle, titles, axis labels (colour bars too), and any
    tick offset ('offset: ...'), so tests can read what the picture says."""
    out = [fig._suptitle.get_text()] if fig._suptitle else []  # noqa: SLF001
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        for axis in (ax.xaxis, ax.yaxis):
            off = axis.get_offset_text().get_text()
            if off:
                out.append(f"offset: {off}")
    return tuple(t for t in out if t)


def _figure(width: float, height: float):
    """A matplotlib Figure on the Agg canvas (no pyplot, no global state, no display)."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise PlotUnavailable(f"pictures need matplotlib, which is not installed: "
                              f"{INSTALL_PLOT}") from None
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def writable_folder(out) -> Path:
    """Create the folder `out` if needed and make sure files can be written there; a one-line
    UsageError when it is a file, or cannot be created or written."""
    import os
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UsageError(f"cannot write pictures to {out}: it is a file, not a folder") from None
    except OSError as e:
        raise UsageError(f"cannot create the folder {out}: {e.strerror}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write pictures to {out}: the folder is not writable") from None
    return out


def _save(fig, out, name: str) -> Path | bytes:
    if out is None:   # kept in memory: the PNG itself
        import io
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
        return buf.getvalue()
    path = writable_folder(out) / name
    try:
        fig.savefig(path, dpi=DPI, metadata={"Software": None})  # no version stamp: stable files
    except OSError as e:
        raise UsageError(f"cannot write {path}: {e.strerror}") from None
    return path


def _plain_ticks(ax):
    """Loss ticks as plain numbers: never an offset such as 1e-7+6.93147e-1 on a flat run."""
    ax.ticklabel_format(axis="y", style="plain", useOffset=False)
