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
    assert len(commands) == 2, "the README opens with exactly two commands"
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
    readme = {" ".join(line.split()) for line in README.splitlines()}  # the backend column is as
    for row in rows:                                      # wide as the longest name in the run
        assert " ".join(row.split()) in readme, f"README's main table is stale; this run prints:\n{row}"
