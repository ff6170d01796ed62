"""The lessons side by side, stage by stage, read from their source files at run time.

Each lesson file (numpy_net.py, torch_net.py, ..., autograd_net.py) is cut into stages at its
`# ---- name ----` marker lines and ends its lesson at `# ---- run on its own ...`. Stages are matched by
name (the words before any `:` in the marker), in file order, so a stage added to the files shows
up here without a change to this module. What precedes the first marker (imports and helpers,
without the module docstring) is the stage `setup`.

Nothing here imports torch or jax: the text is read from the files, so it can never drift from
the code that runs.

    from xorgrad import sidebyside
    stages = sidebyside.load()                       # [Stage(name, title, {backend: code})]
    print(sidebyside.columns(stages, width=200))     # one aligned column per lesson
    print(sidebyside.stacked(stages))                # one stage after another, every version
    sidebyside.markdown(stages)                      # the page docs/side-by-side.md
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import impls as _lessons
from .errors import UsageError
from .registry import LESSONS

HERE = Path(_lessons.__file__).resolve().parent    # impls/, installed as xorgrad.impls
SOURCES = {backend: f"{lesson}.py" for backend, lesson in LESSONS.items()}   # the built-in six
LABELS = {"numpy": "NumPy (backprop by hand)", "torch": "PyTorch (autograd)",
          "jax": "JAX (grad + jit)", "tensorflow": "TensorFlow (GradientTape + tf.function)",
          "hips": "HIPS autograd (value_and_grad)", "autograd": "Autograd from scratch"}
README_BACKENDS = ("numpy", "torch", "jax")   # the README's excerpt quotes these three
MARKER = re.compile(r"^# -{3,}\s+(?P<title>.*?)\s*-*\s*$")
END_OF_LESSON = "run on its own"   # the lesson's __main__ demo is not a stage
SETUP = "setup"
GAP = " | "                 # between columns
MIN_COLUMN = 50             # narrower columns than this: one stage after the other instead
DOC_PAGE = "docs/side-by-side.md"
REGENERATE = f"xorgrad show --markdown {DOC_PAGE}"


@dataclass
class Stage:
    name: str                                      # "backward"
    titles: dict[str, str] = field(default_factory=dict)  # backend -> "backward: autograd"
    code: dict[str, str] = field(default_factory=dict)    # backend -> source lines (no marker)

    def _repr_html_(self) -> str:   # in Jupyter: the stage's versions in columns
        import html
        heads = "".join(f"<th>{html.escape(LABELS.get(b, b))}</th>" for b in self.code)
        cells = "".join(f'<td style="vertical-align:top;text-align:left"><pre>'
                        f"{html.escape(c)}</pre></td>" for c in self.code.values())
        return (f'<table class="xorgrad-stage"><caption>{html.escape(self.name)}</caption>'
                f"<tr>{heads}</tr><tr>{cells}</tr></table>")


def _stage_name(title: str) -> str:
    return title.split(":", 1)[0].strip().lower()


def _strip_docstring(text: str) -> str:
    """The source with its module docstring removed (the lesson's prose is not a stage)."""
    tree = ast.parse(text)
    first = tree.body[0] if tree.body else None
    if isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant) \
            and isinstance(first.value.value, str):
        lines = text.splitlines(keepends=True)
        return "".join(lines[first.end_lineno:])
    return text


def _trim(lines: list[str]) -> str:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return "\n".join(line.rstrip() for line in lines)


def parse(text: str) -> list[tuple[str, str, str]]:
    """[(name, title, code)] for one lesson file, in file order, up to the "run on its own" marker."""
    out: list[tuple[str, str, str]] = []
    name, title, body = SETUP, SETUP, []
    for line in _strip_docstring(text).splitlines():
        m = MARKER.match(line)
        if m:
            if _trim(body) or name != SETUP:
                out.append((name, title, _trim(body)))
            title = m.group("title")
            name, body = _stage_name(title), []
            if name == END_OF_LESSON:
                return out
            continue
        body.append(line)
    out.append((name, title, _trim(body)))
    return out


def _merge_order(orders: list[list[str]]) -> list[str]:
    """One list of stage names that keeps every file's order (a name new to the list goes right
    after the last name before it in its own file)."""
    merged: list[str] = []
    for order in orders:
        prev = None
        for name in order:
            if name not in merged:
                merged.insert(merged.index(prev) + 1 if prev is not None else 0, name)
            prev = name
    return merged


def outside_lessons() -> list[str]:
    """Backends registered from outside the project whose Net names a lesson with a source file
    (`Net.lesson`, a module): `xorgrad show` shows them beside the built-in ones."""
    from . import registry
    return [b for b in registry.backends() if b not in SOURCES and registry.lesson_file(b)]


def _source(backend: str, directory: Path) -> Path:
    if backend in SOURCES:
        return directory / SOURCES[backend]
    from . import registry
    path = registry.lesson_file(backend) if backend in registry.backends() else None
    if path is None:
        raise UsageError(f"no lesson file for {backend!r}: choose from "
                         f"{', '.join([*SOURCES, *outside_lessons()])}")
    return path


def load(backends=None, directory: Path | None = None) -> list[Stage]:
    """Every stage of the chosen lesson files (default: the built-in ones), aligned by name. A
    registered outside backend is read from its Net's lesson module's file."""
    directory = HERE if directory is None else Path(directory)
    backends = list(SOURCES) if backends is None else list(backends)
    parsed = {}
    for b in backends:
        parsed[b] = parse(_source(b, directory).read_text(encoding="utf-8"))
    stages = {n: Stage(n) for n in _merge_order([[s[0] for s in parsed[b]] for b in backends])}
    for b in backends:
        for name, title, code in parsed[b]:
            st = stages[name]
            st.titles[b] = title
            st.code[b] = f"{st.code[b]}\n\n{code}" if b in st.code else code  # repeated marker
    return list(stages.values())


def select_stages(stages: list[Stage], names) -> list[Stage]:
    """The stages named (in the files' order); an unknown name is a UsageError naming the choices."""
    if not names:
        return stages
    known = [s.name for s in stages]
    for n in names:
        if n not in known:
            raise UsageError(f"no stage {n!r}: choose from {', '.join(known)}")
    return [s for s in stages if s.name in names]


# ---- plain text ---------------------------------------------------------------------------------
def _wrap(line: str, width: int) -> list[str]:
    """A source line cut to `width`; nothing is dropped. A trailing comment first loses its
    padding, then moves to its own line; any piece still too long is cut with a `↪` mark."""
    if len(line) <= width:
        return [line]
    indent = len(line) - len(line.lstrip())
    code, sep, comment = line.partition("  # ")
    pieces = [line]
    if sep and code.strip():
        tight = f"{code.rstrip()}  # {comment.strip()}"
        pieces = [tight] if len(tight) <= width else \
            [code.rstrip(), " " * (indent + 4) + "# " + comment.strip()]
    out = []
    for piece in pieces:
        while len(piece) > width:
            out.append(piece[:width])
            piece = " " * min(indent + 2, width // 2) + "↪ " + piece[width:].lstrip()
        out.append(piece)
    return out


def _widths(natural: list[int], total: int) -> list[int]:
    """Column widths that fit `total`: the natural ones if they fit, else narrow columns keep
    their width and the rest share what is left equally."""
    if sum(natural) <= total:
        return list(natural)
    widths = [0] * len(natural)
    left, open_cols = total, sorted(range(len(natural)), key=lambda i: natural[i])
    while open_cols:
        share = left // len(open_cols)
        i = open_cols[0]
        if natural[i] <= share:
            widths[i] = natural[i]
        else:
            for j in open_cols:
                widths[j] = share
            break
        left -= natural[i]
        open_cols.pop(0)
    return widths


def _heading(stage: Stage) -> str:
    titles = list(dict.fromkeys(stage.titles.values()))
    return f"---- {stage.name} " + ("" if titles == [stage.name] else
                                    "(" + " / ".join(t.partition(':')[2].strip() or t
                                                     for t in titles) + ") ")


def columns(stages: list[Stage], width: int) -> str:
    """Every stage as aligned columns, one per backend, together at most `width` wide."""
    backends = list(dict.fromkeys(b for s in stages for b in s.code))
    natural = [max([len(LABELS.get(b, b))] + [len(line) for s in stages
                                              for line in s.code.get(b, "").splitlines()])
               for b in backends]
    cols = _widths(natural, width - len(GAP) * (len(backends) - 1))
    head = GAP.join(LABELS.get(b, b)[:w].ljust(w) for b, w in zip(backends, cols)).rstrip()
    full = sum(cols) + len(GAP) * (len(backends) - 1)
    out = [head, "=" * full]
    for st in stages:
        out.append(_heading(st).ljust(full, "-")[:full])
        cells = [[piece for line in st.code.get(b, "(no such stage)").splitlines()
                  for piece in _wrap(line, w)] for b, w in zip(backends, cols)]
        for row in range(max(len(c) for c in cells)):
            out.append(GAP.join((c[row] if row < len(c) else "").ljust(w)
                                for c, w in zip(cells, cols)).rstrip())
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def stacked(stages: list[Stage], width: int | None = None) -> str:
    """One stage after the other, each in its versions, one under the other."""
    out = []
    for st in stages:
        out.append(_heading(st).ljust(width or 80, "-")[:width or 80])
        for b, code in st.code.items():
            out.append(f"  [{LABELS.get(b, b)}]")
            for line in code.splitlines():
                pieces = _wrap(line, width - 4) if width else [line]
                out.extend(("    " + w).rstrip() for w in pieces)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def text(stages: list[Stage], width: int) -> str:
    """Columns when each column can be at least MIN_COLUMN characters wide, else stacked."""
    n = len({b for s in stages for b in s.code}) or 1
    if (width - len(GAP) * (n - 1)) // n >= MIN_COLUMN:
        return columns(stages, width)
    return stacked(stages, width)


# ---- Markdown -----------------------------------------------------------------------------------
def _html_cell(code: str) -> str:
    # a fenced block inside a table cell: GitHub renders it (and highlights it) when blank lines
    # surround it
    return f"<td>\n\n```python\n{code}\n```\n\n</td>"


def markdown_stage(stage: Stage, backends=None) -> str:
    """One stage as an HTML table of fenced code blocks, one column per backend."""
    backends = list(SOURCES) if backends is None else list(backends)
    titles = "".join(f"<th>{LABELS.get(b, b)}</th>" for b in backends)
    cells = "\n".join(_html_cell(stage.code[b]) if b in stage.code else
                      "<td><em>(no such stage)</em></td>" for b in backends)
    return f"<table>\n<tr>{titles}</tr>\n<tr>\n{cells}\n</tr>\n</table>\n"


def markdown(stages: list[Stage] | None = None) -> str:
    """The generated page docs/side-by-side.md (a test keeps it equal to this output)."""
    stages = load() if stages is None else stages
    files = ", ".join(f"`impls/{SOURCES[b]}`" for b in SOURCES)
    out = [
        f"# The same net, {len(SOURCES)} times, side by side",
        "",
        f"<!-- generated from {files} by `{REGENERATE}`; do not edit by hand -->",
        "",
        "Each lesson file is cut at its `# ---- stage ----` markers; the stages are lined up by "
        "name. The forward pass reads the same in all of them. The backward pass is "
        "where they part: NumPy spells out every derivative (`dz2 = (a2 - Y) / m` ...), PyTorch "
        "records the forward pass and calls `loss.backward()`, JAX derives a new function with "
        "`jax.value_and_grad(loss)`, TensorFlow records on a `tf.GradientTape` and asks it for "
        "`tape.gradient(loss, params)`, HIPS autograd applies `value_and_grad` to the NumPy "
        "lesson's own forward and loss, and the last lesson calls `loss.backward()` on an engine "
        "written from scratch in its `engine` stage (the others have none: their framework "
        "is the engine). `xorgrad show --graph` prints the graphs the engines record "
        "(docs/autograd.md).",
        "",
        "Stages: " + ", ".join(f"[{s.name}](#{s.name.replace(' ', '-')})" for s in stages),
        "",
    ]
    for st in stages:
        out += [f"## {st.name}", "", markdown_stage(st)]
    return "\n".join(out).rstrip() + "\n"


def excerpt(name: str = "backward", backends=README_BACKENDS) -> str:
    """One stage as Markdown, for quoting in the README (by default the first three lessons)."""
    (stage,) = select_stages(load(backends), [name])
    return markdown_stage(stage, backends)
