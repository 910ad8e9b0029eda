"""Single-process throughput of this tree beside an earlier revision, side by side in one run.

Not a test (its name keeps pytest away): a measurement, run as::

    python tests/benchmarks/against_revision.py eef1599 ../shared/dev --rounds 3

The revision is checked out into a temporary git worktree. Each round runs every tree once, in
turn, each in a fresh process that warms up on the corpus and then cleans every page of the
directory once (CPU time): no page is met twice, so no memo is warmer than a real run's. The best
round of each tree is printed, with its ratio to the revision, for ``.txt`` and ``.md`` pages.
The revision's compiled core is built in its worktree first (unless ``CLEANER_PURE=1``; this
tree's is as it was built here). The environment passes through, so ``CLEANER_PURE=1`` measures
the pure-Python path.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ONE_RUN = r"""
import glob, json, sys, time
sys.path.insert(0, sys.argv[1])
from cleaner import Cleaner
cleaner = Cleaner()
for path in glob.glob(sys.argv[4] + "/*/*.md"):
    cleaner.clean(open(path, encoding="utf-8").read())
pages = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(sys.argv[2] + "/*." + sys.argv[3]))
         if not p.endswith((".gold.txt", ".expected.txt")) and not p.endswith("README.md")]
start = time.process_time()
for page in pages:
    cleaner.clean(page)
seconds = time.process_time() - start
print(json.dumps({"pages": len(pages), "seconds": seconds, "mb": sum(map(len, pages)) / 1e6}))
"""


def run_once(tree: Path, pages: Path, kind: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", ONE_RUN, str(tree), str(pages), kind, str(ROOT / "corpus")],
                          capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revision")
    parser.add_argument("pages", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kinds", default="txt,md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        old = Path(scratch) / "old"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(old), args.revision], check=True)
        try:
            if os.environ.get("CLEANER_PURE", "") in ("", "0"):
                # Its compiled core too, as this tree's (a few minutes): else it would run pure.
                subprocess.run([sys.executable, "setup.py", "build_ext", "--inplace"], cwd=old, capture_output=True,
                               check=True)
            for kind in args.kinds.split(","):
                best: dict[str, dict[str, float]] = {}
                for _ in range(args.rounds):
                    for name, tree in (("revision", old), ("this tree", ROOT)):
                        run = run_once(tree, args.pages, kind)
                        if name not in best or run["seconds"] < best[name]["seconds"]:
                            best[name] = run
                base = best["revision"]["pages"] / best["revision"]["seconds"]
                for name, run in best.items():
                    rate = run["pages"] / run["seconds"]
                    print(f"{kind:4s} {name:10s} {rate:7.0f} pages/s {run['mb'] / run['seconds']:6.2f} MB/s "
                          f"({rate / base:.2f}x)")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=True)


if __name__ == "__main__":
    main()
