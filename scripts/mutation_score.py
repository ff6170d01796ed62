"""Mutation score per module from `mutmut results --all true` (used by scripts/mutation.sh).

usage: python scripts/mutation_score.py RESULTS.txt [MUTANT-GLOB ...]
Score = killed / (killed + survived + no tests); timeouts count as killed, skipped are left out.
"""

import collections
import fnmatch
import sys

path, globs = sys.argv[1], sys.argv[2:]
by_module = collections.defaultdict(collections.Counter)
survivors = []
for line in open(path):
    if ":" not in line:
        continue
    name, status = (part.strip() for part in line.rsplit(":", 1))
    if globs and not any(fnmatch.fnmatch(name, g) for g in globs):
        continue
    module = name.split(".x_")[0].split(".xǁ")[0]
    by_module[module][status] += 1
    if status in ("survived", "no tests"):
        survivors.append(f"{name}: {status}")
print(f"{'module':<28} {'mutants':>7} {'killed':>6} {'(timeout)':>9} {'survived':>8} {'no tests':>8} {'score':>6}")
for module, c in sorted(by_module.items()):
    killed = c["killed"] + c["timeout"]
    counted = killed + c["survived"] + c["no tests"]
    score = f"{100 * killed / counted:.0f}%" if counted else "-"
    print(f"{module:<28} {sum(c.values()):>7} {killed:>6} {c['timeout']:>9} {c['survived']:>8} {c['no tests']:>8} {score:>6}"
          + (f"   (other: {dict((k, v) for k, v in c.items() if k not in ('killed', 'timeout', 'survived', 'no tests'))})"
             if set(c) - {"killed", "timeout", "survived", "no tests"} else ""))
print("\nsurvivors (mutmut show NAME for the diff):" if survivors else "\nno survivors")
print("\n".join(f"  {s}" for s in survivors))
