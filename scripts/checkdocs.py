"""docs/check.md's quoted reports, regenerated: every block

    ```
    $ xorgrad check ARGS
    ...the report...
    (exit status N)
    ```

is replaced by what `xorgrad check ARGS` prints today (tests/test_check_cli.py compares them).

    python scripts/checkdocs.py          # rewrites docs/check.md in place, prints what changed
    python scripts/checkdocs.py question # only the blocks whose arguments contain "question"
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "check.md"
BLOCK = re.compile(r"```\n\$ xorgrad check ([^\n]+)\n(.*?)\n\(exit status (\d)\)\n```", re.S)


def report(args: str) -> tuple[str, int]:
    from xorgrad.cli import main
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = main(["check", *args.split()])
    return out.getvalue().rstrip(), rc


def main() -> int:
    import os
    os.chdir(ROOT)
    doc = DOC.read_text()

    only = sys.argv[1] if len(sys.argv) > 1 else ""

    def redo(m):
        if only not in m.group(1):
            return m.group(0)
        text, rc = report(m.group(1))
        if text != m.group(2) or str(rc) != m.group(3):
            print(f"changed: xorgrad check {m.group(1)}", file=sys.stderr)
        return f"```\n$ xorgrad check {m.group(1)}\n{text}\n(exit status {rc})\n```"
    DOC.write_text(BLOCK.sub(redo, doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
