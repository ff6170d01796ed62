"""A `CheckResult` in a notebook: a short plain `repr`, and the report as HTML with its curves."""

from __future__ import annotations

import base64
import html

from .losses import NAMED

REPR_WIDTH = 150   # characters of a cause or a consequence quoted in the plain repr
YES_NO = {True: "yes", False: "no", None: "not judged"}   # "learns XOR: ..."
COLUMNS = ("param", "shape", "max abs err", "rel err", "cosine", "scale", "verdict")   # its table


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= REPR_WIDTH else text[: REPR_WIDTH - 3].rstrip() + "..."


def verdict(result) -> str:
    """One line: correct (for which loss), or which parameters are wrong."""
    if not result.ok:
        wrong = result.wrong()
        return (f"{result.function}: WRONG for {', '.join(wrong)}" if wrong else
                f"{result.function}: not one loss for every parameter")
    what = "correct"
    if result.loss == "own_cost":
        what += ": the gradient of your own cost"
    elif result.loss in NAMED:
        what += f": the gradient of the {NAMED[result.loss][2]}"
        what += "" if result.factor in (None, 1) else f", times {result.factor:.6g}"
    return f"{result.function}: {what}"


def short(result) -> str:
    """The plain view: the verdict, the first cause, and where training goes."""
    lines = [verdict(result)]
    if not result.ok and result.causes:
        cause = result.causes[0]
        text = cause.text.removeprefix(f"{', '.join(cause.params)}: ")   # already named
        lines[0] += f": {_clip(text)}"
    c = result.consequence
    if c is not None:
        trend = "ends in nan" if c.trend == "nan" else c.trend
        lines.append(f"  training with lr {c.lr:g} for {c.steps} steps {trend}; learns XOR: "
                     f"{YES_NO[c.learned_xor]} (report() for the whole story)")
    return "<CheckResult " + "\n".join(lines) + ">"


def _table(result) -> str:
    rows = []
    for k, r in result.params.items():
        style = "" if r.ok else ' style="color:#b00020;font-weight:bold"'
        rows.append("<tr>" + "".join(f"<td>{html.escape(str(x))}</td>" for x in (k, *r.cells())) +
                    f"<td{style}>{html.escape(r.verdict)}</td></tr>")
    return ('<table class="xorgrad-check">\n<thead><tr>' +
            "".join(f"<th>{h}</th>" for h in COLUMNS) + "</tr></thead>\n<tbody>\n" +
            "\n".join(rows) + "\n</tbody></table>")


def _picture(result) -> str:
    from ..figure import PlotUnavailable
    from .curves import check_curves
    try:
        pic = check_curves(result)
    except PlotUnavailable as e:
        return f"<p><i>no picture: {html.escape(str(e))}</i></p>"
    data = base64.b64encode(pic.png()).decode("ascii")
    return f'<img alt="loss curves: {html.escape(pic.caption)}" src="data:image/png;base64,' \
        f'{data}"/>'


def _pre(lines) -> str:
    return "<pre>" + html.escape("\n".join(lines)) + "</pre>"


def html_view(result) -> str:
    """The whole check as HTML: the verdict, the report around its table, the curves, the why."""
    e, ok = html.escape, result.ok
    head, body = result.parts()
    out = ['<div class="xorgrad-check-result">',
           "<style>.xorgrad-check td, .xorgrad-check th {padding: 0 0.7em; text-align: right} "
           ".xorgrad-check-result pre {white-space: pre-wrap}</style>",
           f'<p style="color:{"#1b7e2a" if ok else "#b00020"};font-weight:bold">'
           f'{"&#10004;" if ok else "&#10008;"} {e(verdict(result))}</p>',
           _pre(head), _table(result), _pre(body)]
    if result.consequence is not None and result.consequence.losses:
        out.append(_picture(result))
    if result.why:
        from ..why.html import section_html    # why a right gradient does not learn
        out.append(section_html(result.why))
    if result.learner_output:
        out.append("<p>Your code printed (shown apart; it does not change the check):</p>" +
                   _pre([result.learner_output]))
    out.append("</div>")
    return "\n".join(out)
