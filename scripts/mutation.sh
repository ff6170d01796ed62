#!/usr/bin/env bash
# Mutation testing with mutmut 3 (configured in pyproject.toml, [tool.mutmut]); see docs/testing.md.
#
#   scripts/mutation.sh                      every configured module (lessons, oracle, compare,
#                                            tolerances, checker): slow, tens of minutes on 2 cores
#   scripts/mutation.sh 'xorgrad.oracle.*'   only the mutants whose names match (fnmatch globs)
#
# Runs niced, one mutant at a time (JOBS=2 for two), against the fast numpy-only subset named in
# pyproject.toml. Results stay in mutants/ (git-ignored): a rerun only retests what changed.
# Ends with the score per module and the surviving mutants (`mutmut show NAME` prints a diff).
set -euo pipefail
cd "$(dirname "$0")/.."
MUTMUT=${MUTMUT:-.venv/bin/mutmut}
PYTHON=${PYTHON:-.venv/bin/python}
nice -n 10 "$MUTMUT" run --max-children "${JOBS:-1}" "$@" || true
"$MUTMUT" results --all true > mutants/results.txt
"$PYTHON" scripts/mutation_score.py mutants/results.txt "$@"
