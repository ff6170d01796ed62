"""docs/hessian.md: its numbers come from the project, its picture is current, its words hold.

The numbers are recomputed (float64 NumPy, a few seconds) and compared with docs/hessian.json at
a tolerance that holds on any CPU and BLAS (the eigenvalues near 1e-7 are sums of entries of size
0.4: their rounding is about 1e-16); the page's generated block must equal the one rendered from
the JSON; the PNG and its drawing code must match the sha256 recorded when it was drawn.
"""

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))   # the generator is a tool of the repository, not the package
import hessiandocs  # noqa: E402

RECORD = json.loads((hessiandocs.DOCS / "hessian.json").read_text(encoding="utf-8"))
PAGE = (hessiandocs.DOCS / "hessian.md").read_text(encoding="utf-8")


def leaves(tree, path=""):
    """(path, number) for every number in a nested dict/list."""
    if isinstance(tree, dict):
        for k, v in tree.items():
            yield from leaves(v, f"{path}/{k}")
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            yield from leaves(v, f"{path}[{i}]")
    elif isinstance(tree, (int, float)) and tree is not None:
        yield path, float(tree)


@pytest.fixture(scope="module")
def fresh():
    return hessiandocs.numbers()


def test_the_numbers_on_the_page_are_the_projects_own_recomputed_here(fresh):
    want, got = dict(leaves(RECORD["numbers"])), dict(leaves(fresh))
    assert want.keys() == got.keys()
    off = {k: (got[k], want[k]) for k in want
           if not np.isclose(got[k], want[k], rtol=1e-6, atol=1e-12)
           and "/v_min[" not in k}     # an eigenvector: to eps |H| / gap, about 1e-11 here
    assert not off, off


def test_the_generated_block_matches_the_recorded_numbers():
    block = PAGE.split("<!-- gen:hessian -->\n", 1)[1].split("<!-- /gen:hessian -->", 1)[0]
    assert block == hessiandocs.block(RECORD["numbers"]) + "\n"


def test_the_picture_is_the_one_drawn_from_these_numbers_by_this_code():
    png = (hessiandocs.DOCS / "hessian.png").read_bytes()
    assert hashlib.sha256(png).hexdigest() == RECORD["png_sha256"], "python scripts/hessiandocs.py"
    assert hessiandocs.drawing_code() == RECORD["drawing_code"], "python scripts/hessiandocs.py"


def test_what_the_page_says_in_words_holds_for_the_numbers():
    q, d = RECORD["numbers"]["question"], RECORD["numbers"]["default"]
    q0, qe, d0, de = q["rows"][0], q["rows"][-1], d["rows"][0], d["rows"][-1]
    assert q0["eigenvalues"][0] < 0 and qe["eigenvalues"][0] < 0          # a saddle, start to end
    assert q0["grad_norm"] / qe["grad_norm"] > 1e5                         # "five orders"
    assert d0["grad_norm"] > 10 * q0["grad_norm"] and d0["eigenvalues"][0] < 10 * q0["eigenvalues"][0]
    assert de["negative"] == 0 and d["first_step_without_negative"] is not None
    dip = min(q["loss_along_v_min"]) - q0["loss"]
    assert -1e-6 < dip < 0                                                 # a dimple, not a slope
    assert min(d["loss_along_v_min"]) - d0["loss"] < -1e-2                 # a real way down
    assert q["escape_steps_end"] > 1e6


def test_the_readme_quotes_the_recorded_saddle_numbers():
    readme = (hessiandocs.DOCS.parent / "README.md").read_text(encoding="utf-8")
    q = RECORD["numbers"]["question"]
    q0, qe = q["rows"][0], q["rows"][-1]
    words = {1: "one", 2: "two", 3: "three", 4: "four"}
    quoted = (f"prints {words[q0['negative']]} negative eigenvalues, the lowest "
              f"{q0['eigenvalues'][0]:.2e}, beside a gradient of norm {q0['grad_norm']:.2e} that "
              f"training shrinks to {qe['grad_norm']:.2e}")
    assert quoted in " ".join(readme.split())         # wherever the README's lines break
