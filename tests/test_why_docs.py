"""docs/why.md: its reports come from real runs (scripts/whydocs.py), and still do."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))   # the generator is a tool of the repository
import whydocs  # noqa: E402

RECORD = json.loads((whydocs.DOCS / "why.json").read_text(encoding="utf-8"))
PAGE = (whydocs.DOCS / "why.md").read_text(encoding="utf-8")


def test_the_pages_generated_block_is_the_one_rendered_from_its_json():
    a, b = PAGE.index(whydocs.MARK[0]) + len(whydocs.MARK[0]), PAGE.index(whydocs.MARK[1])
    assert PAGE[a:b] == whydocs.render(RECORD)


def test_the_page_shows_every_fate_once_and_the_control_without_a_section():
    fates = RECORD["fates"]
    assert set(fates) == set(whydocs.FATES)
    assert fates["learns"]["text"] == [] and fates["learns"]["fate"] == "learns"
    for name, r in fates.items():
        if name != "learns":
            assert r["fate"] == name and r["text"][0].startswith("why: ")
    table = RECORD["question"]["text"]
    assert any("init_params(seed=s, scale=0.01)" in t for t in table)


@pytest.mark.slow
@pytest.mark.why
@pytest.mark.parametrize("name", whydocs.FATES)
def test_every_report_on_the_page_is_what_check_prints_today(name):
    from test_check_cli import assert_same_report
    got = whydocs.fate_run(name)
    assert got["fate"] == RECORD["fates"][name]["fate"]
    assert_same_report("\n".join(got["text"]), "\n".join(RECORD["fates"][name]["text"]), name)


@pytest.mark.slow
def test_the_questions_what_if_table_is_what_xorgrad_why_prints_today():
    from test_check_cli import assert_same_report
    got = whydocs.question_run()
    assert_same_report("\n".join(got["text"]), "\n".join(RECORD["question"]["text"]), "question")
