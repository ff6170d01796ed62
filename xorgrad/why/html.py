"""The section "why" for a notebook: its lines, the what-if table as an HTML table, and the
learner's loss curve beside the typical ones (the first nets of the same population), drawn
from the finished result (nothing is trained here)."""

from __future__ import annotations

import base64
import html


def _table(w) -> str:
    head = ("change", "hidden", "lr", "steps", "learn XOR", "± s.e.", "95% Wilson")
    rows = [(r["change"], r["hidden"], f"{r['lr']:.3g}", r["steps"], f"{100 * r['share']:.2f}%",
             f"{100 * r['se']:.2f}", f"[{100 * r['wilson95'][0]:.2f}, {100 * r['wilson95'][1]:.2f}]")
            for r in w["rows"]]
    return ('<table class="xorgrad-check"><thead><tr>' +
            "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>" +
            "".join("<tr>" + "".join(f"<td>{html.escape(str(x))}</td>" for x in row) + "</tr>"
                    for row in rows) + "</tbody></table>")


def curves_png(why) -> bytes:
    """The learner's true-gradient curve (thick) and the typical ones (thin), on the project's
    own figure (figure._figure: raises figure.PlotUnavailable without matplotlib)."""
    import io

    from ..figure import _figure
    fig = _figure(6, 3.2)
    ax = fig.add_subplot()
    typical = (why.get("what_if") or {}).get("typical_curves")
    if typical:
        for i, c in enumerate(typical["loss"]):
            ax.plot(typical["steps"], [float("nan") if v is None else v for v in c], lw=0.8,
                    color="0.6", label="other starts drawn the same way" if i == 0 else None)
    own = why["facts"]["curve"]
    ax.plot(own["steps"], [float("nan") if v is None else v for v in own["loss"]], lw=2.2,
            color="#b00020", label="your start")
    ax.set_xlabel("step")
    ax.set_ylabel(why["loss"])
    ax.set_title(f"why: {why['fate'].replace('_', ' ')}", fontsize=10)
    ax.legend(fontsize=8)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def section_html(why) -> str:
    """'' for no section; else the lines, the table and the picture (a note without
    matplotlib)."""
    from .report import lines
    text = lines(why) if why else []
    if not text:
        return ""
    w = why.get("what_if")
    body = [l for l in text[1:] if not l.startswith("  ") or w is None or "% +-" not in l]
    body = [l for l in body if not l.startswith("how often")] if w and not w["same_start"] else body
    out = [f"<p><b>{html.escape(text[0])}</b></p><ul>" +
           "".join(f"<li>{html.escape(l.strip())}</li>" for l in body) + "</ul>"]
    if w is not None and not w["same_start"]:
        out.append(f"<p>How often: {w['n']} starts ({html.escape(w['drawn'])}), trained at "
                   f"once:</p>" + _table(w))
    from ..figure import PlotUnavailable
    try:
        data = base64.b64encode(curves_png(why)).decode("ascii")
        out.append(f'<img alt="your loss curve beside the typical ones" '
                   f'src="data:image/png;base64,{data}"/>')
    except PlotUnavailable as e:
        out.append(f"<p><i>no picture: {html.escape(str(e))}</i></p>")
    return "\n".join(out)
