"""The README quotes the one tolerance table and shows the commands CI really runs."""

import pathlib

from xorgrad.tolerances import markdown_table

ROOT = pathlib.Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_readme_quotes_the_tolerance_table_exactly():
    start = README.index("<!-- tolerance-table -->\n") + len("<!-- tolerance-table -->\n")
    end = README.index("<!-- /tolerance-table -->")
    assert README[start:end].strip() == markdown_table(), \
        "README's tolerance table is stale: paste python -c 'from xorgrad.tolerances import " \
        "markdown_table; print(markdown_table())'"


def test_ci_runs_the_readme_set_up_and_test_commands():
    quick = README[README.index("## Quick start"):]
    block = quick[quick.index("```sh\n") + 6:quick.index("```", quick.index("```sh\n") + 6)]
    commands = [line for line in block.splitlines() if line.strip()]
    assert len(commands) == 3, "the README opens with three commands: set-up, two test tiers"
    assert commands[1:] == [".venv/bin/pytest", ".venv/bin/pytest -m slow"]
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    for command in commands:
        assert command in ci, f".ci/run does not run the README's command: {command}"


def test_every_relative_link_in_the_readme_and_docs_resolves():
    import re
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text()):
            if "://" in target:
                continue
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_readme_stays_a_newcomers_page():
    assert len(README.splitlines()) <= 250, "README.md is for a newcomer: move long material to docs/"


def test_readme_main_table_rows_are_what_the_main_job_prints_today(capsys):
    """The NumPy and autograd rows (no framework needed) of the README's table come from a run."""
    from xorgrad.cli import main
    assert main(["--backends", "numpy,autograd"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines()
            if line.split()[:2] in (["numpy", "cpu"], ["autograd", "cpu"])]
    assert len(rows) == 4
    shown = {tuple(line.split()[:3]): line for line in README.splitlines()
             if line.split()[:2] in (["numpy", "cpu"], ["autograd", "cpu"])}
    for row in rows:
        got = row.split()
        want = shown.get(tuple(got[:3]), "").split()
        assert len(want) == len(got), f"README's main table lacks this row:\n{row}"
        stale = f"README's main table is stale; this run prints:\n{row}"
        # the default net: far from the decision boundary, so another CPU's rounding moves its
        # losses and outputs by ~1e-15, at most one unit of the printed last digit
        for i, unit in ((3, 1e-6), (6, 1e-6), (7, 1e-3), (8, 1e-3), (9, 1e-3), (10, 1e-3)):
            assert abs(float(got[i]) - float(want[i])) <= 1.01 * unit, stale
        # the gradient errors are rounding errors themselves (another BLAS kernel or FMA changes
        # them): the same order of magnitude; exactly 0 stays exactly 0 (the same NumPy calls)
        for i in (4, 5):
            g, w = float(got[i]), float(want[i])
            assert (g == 0) if w == 0 else (w / 10 <= g <= w * 10), stale
        assert got[:3] == want[:3] and got[11:] == want[11:], stale
