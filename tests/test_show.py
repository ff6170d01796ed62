"""`xorgrad show` and the docs page: the lessons side by side, read from the real files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xorgrad import sidebyside
from xorgrad.cli import main

ROOT = Path(__file__).resolve().parents[1]
LESSON_ORDER = ["forward", "loss", "backward", "update", "train loop", "many nets at once",
                "beyond the gradient"]


@pytest.fixture(scope="module")
def stages():
    return sidebyside.load()


def by_name(stages, name):
    return next(s for s in stages if s.name == name)


def test_backward_stage_shows_hand_backprop_beside_autograd(stages):
    back = by_name(stages, "backward")
    assert "dz2 = (a2 - Y) / m" in back.code["numpy"]
    assert ".backward()" in back.code["torch"]
    assert "value_and_grad" in back.code["jax"]
    assert "tape.gradient(loss, params)" in back.code["tensorflow"]
    assert "value_and_grad(loss)" in back.code["hips"]
    assert "loss.sum().backward()" in back.code["autograd"]
    assert all("dz2" not in back.code[b] for b in sidebyside.SOURCES if b != "numpy")


def test_the_engine_stage_is_the_engine_lessons_own(stages):
    engine = by_name(stages, "engine")
    assert set(engine.code) == {"autograd"}
    assert "class Tensor" in engine.code["autograd"] and "def backward" in engine.code["autograd"]


def test_every_file_has_the_lesson_stages_in_the_same_order(stages):
    names = [s.name for s in stages]
    assert [n for n in names if n in LESSON_ORDER] == LESSON_ORDER
    for st in stages:
        if st.name in LESSON_ORDER:
            assert set(st.code) == set(sidebyside.SOURCES), st.name


HESSIAN_WAYS = {"hessian": ("jax.hessian", "torch.func.hessian"),   # jacfwd of jacrev
                "hessian_jacrev": ("jacrev", "jacobian", "autograd_hessian"),
                "hessian_by_hvps": ("hvp(",)}


def definitions(code: str) -> dict:
    """name -> its source, for each top-level `def NAME` or `NAME = ...` in a stage's code."""
    return {m.group(1) or m.group(2): m.group(0) for m in re.finditer(
        r"^(?:def (\w+)|(\w+) = ).*?(?=^\S|\Z)", code, re.M | re.S)}


def test_every_lesson_defines_the_same_helpers_in_the_same_stage_with_one_meaning(stages):
    """`loss` lives in the loss stage of every lesson; each has jvp and hvp and a Hessian; and a
    Hessian's name says how it is built (one construction per name across the lessons)."""
    for backend in sidebyside.SOURCES:
        loss_stage = definitions(by_name(stages, "loss").code[backend])
        assert {"bce_from_logits", "loss"} <= set(loss_stage), backend
        for st in stages:
            if st.name != "loss":
                assert "loss" not in definitions(st.code.get(backend, "")), (backend, st.name)
        beyond = definitions(by_name(stages, "beyond the gradient").code[backend])
        assert {"jvp", "hvp"} <= set(beyond) and set(beyond) & set(HESSIAN_WAYS), backend
        for name, marks in HESSIAN_WAYS.items():
            if name in beyond:
                assert any(m in beyond[name] for m in marks), (backend, name, beyond[name])


def test_adapter_and_docstring_are_not_part_of_the_lesson(stages):
    text = "\n".join(code for s in stages for code in s.code.values())
    assert "class Net" not in text
    assert "Read it beside" not in text          # the module docstrings' prose


def test_wide_terminal_gives_one_aligned_column_per_lesson(stages):
    out = sidebyside.text(stages, 330)
    lines = out.splitlines()
    assert all(len(line) <= 330 for line in lines)
    assert all(label in lines[0] for label in sidebyside.LABELS.values())
    row = next(line for line in lines if "dz2 = (a2 - Y) / m" in line)
    cells = row.split(sidebyside.GAP)
    assert "dz2" in cells[0] and len(cells) >= 2   # empty trailing cells are trimmed
    gaps = {line.find(sidebyside.GAP) for line in lines[2:] if sidebyside.GAP in line}
    assert len(gaps) == 1                        # the first column has one width throughout
    headings = [line[5:].split(" (")[0].rstrip(" -") for line in lines if line.startswith("---- ")]
    assert [h for h in headings if h in LESSON_ORDER] == LESSON_ORDER


def test_narrow_terminal_stacks_each_stage_in_every_version(stages):
    out = sidebyside.text(stages, 80)
    assert sidebyside.GAP not in out
    assert all(len(line) <= 80 for line in out.splitlines())
    back = out[out.index("---- backward"):out.index("---- update")]
    labels = [back.index(f"[{sidebyside.LABELS[b]}]") for b in sidebyside.SOURCES]
    assert labels == sorted(labels)
    assert "dz2 = (a2 - Y) / m" in back and "loss.sum().backward()" in back


@pytest.mark.parametrize("width", [24, 40, 61])
def test_wrapping_a_line_keeps_every_character(stages, width):
    for st in stages:
        for code in st.code.values():
            for line in code.splitlines():
                pieces = sidebyside._wrap(line, width)
                assert all(len(p) <= width for p in pieces)
                joined = re.sub(r"\s|↪", "", "".join(pieces))
                assert joined == re.sub(r"\s", "", line)


def test_stages_are_matched_by_name_and_a_new_stage_appears(tmp_path):
    body = {"numpy": "import numpy\n# ---- forward ----\nf = 1\n# ---- loss ----\nl = 2\n"
                     "# ---- run on its own: not shown ----\nif __name__ == \"__main__\": pass\n",
            "torch": "# ---- forward ----\nf = 3\n# ---- extra: new ----\ne = 4\n"
                     "# ---- loss ----\nl = 5\n",
            "jax": '"""doc"""\n# ---- forward ----\nf = 6\n# ---- loss ----\nl = 7\n'}
    for b, text in body.items():
        (tmp_path / sidebyside.SOURCES[b]).write_text(text)
    st = sidebyside.load(["numpy", "torch", "jax"], directory=tmp_path)
    assert [s.name for s in st] == ["setup", "forward", "extra", "loss"]
    assert by_name(st, "extra").code == {"torch": "e = 4"}
    assert by_name(st, "loss").code == {"numpy": "l = 2", "torch": "l = 5", "jax": "l = 7"}
    assert "(no such stage)" in sidebyside.columns(st, 200)


def test_docs_page_is_up_to_date():
    page = ROOT / sidebyside.DOC_PAGE
    assert page.exists(), f"{sidebyside.DOC_PAGE} is missing: run `{sidebyside.REGENERATE}`"
    assert page.read_text(encoding="utf-8") == sidebyside.markdown(), (
        f"{sidebyside.DOC_PAGE} is out of date with impls/*_net.py: run `{sidebyside.REGENERATE}`")


def test_readme_excerpt_of_the_backward_pass_is_up_to_date():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- show:backward -->", "<!-- /show:backward -->"
    assert start in readme and end in readme, f"README.md lost its {start} ... {end} markers"
    quoted = readme.split(start, 1)[1].split(end, 1)[0].strip()
    assert quoted == sidebyside.excerpt("backward").strip(), (
        "README.md's backward-pass excerpt is out of date: replace the text between "
        f"{start} and {end} with the output of "
        "`python -c 'from xorgrad import sidebyside; print(sidebyside.excerpt())'`")


def test_show_command_prints_one_stage_and_rejects_an_unknown_one(capsys):
    assert main(["show", "--stage", "backward", "--width", "300"]) == 0
    out = capsys.readouterr().out
    assert "dz2 = (a2 - Y) / m" in out and "loss.sum().backward()" in out
    assert "---- forward" not in out
    assert main(["show", "--stage", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no stage 'nope'" in err


def test_show_markdown_writes_the_page(tmp_path, capsys):
    target = tmp_path / "page.md"
    assert main(["show", "--markdown", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == sidebyside.markdown()
    assert capsys.readouterr().out.strip() == str(target)
