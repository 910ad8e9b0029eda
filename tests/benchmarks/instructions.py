"""Where a page's instructions go: callgrind's count for each compiled function, steady state.

Not a test (its name keeps pytest away): a measurement, run as::

    python tests/benchmarks/instructions.py ../shared/dev --glob '*.txt' --pages 120

On a shared machine whose speed swings by half from one run to the next, seconds compare badly;
``valgrind --tool=callgrind`` counts instructions, the same for the same code and input whatever
else the machine does. A child process warms a cleaner up on ``corpus/`` and on ``--warm`` other
pages of the directory (so that rule compilation, lazily built scanners and first imports are
done), then cleans ``--pages`` pages; callgrind counts only those, which are cleaned inside a call
of ``functools.reduce``. Printed: the instructions per page, then each compiled function (its
Python name) with the share of them spent inside it, callees included, so that the shares nest
as the calls do. The functions are the compiled core's (``cleaner --version``); with
``CLEANER_PURE=1`` only the total is printed. About two minutes for 120 pages.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import functools, sys
from pathlib import Path
from cleaner import Cleaner
directory, pattern, warm, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
cleaner = Cleaner()
for path in sorted(Path(sys.argv[5]).glob("*/*.md")):
    cleaner.clean(path.read_text(encoding="utf-8"))
pages = [p.read_text(encoding="utf-8") for p in sorted(directory.glob(pattern))
         if not p.name.endswith((".gold.txt", ".expected.txt")) and p.name != "README.md"]
for page in pages[:warm]:
    cleaner.clean(page)
# Counted: what runs inside functools.reduce, which the cleaner itself never calls.
functools.reduce(lambda _, page: cleaner.clean(page), pages[warm:warm + count], None)
print(len(pages[warm:warm + count]))
"""

# Cython's name for a compiled function's Python entry: module path and class as
# length-prefixed parts, then the function's number and name.
_ENTRY = re.compile(r"__pyx_pw_(\w+?)\s")
_COUNT = re.compile(r"^\s*([\d,]+) \(\s*([\d.]+)%\)")


def python_name(mangled: str) -> str:
    """``7cleaner_6decide_1decide`` as ``cleaner.decide.decide``.

    >>> python_name("7cleaner_6engine_7Cleaner_13_clean_page")
    'cleaner.engine.Cleaner._clean_page'
    >>> python_name("7cleaner_10heuristics_6kernel_5measure_block")
    'cleaner.heuristics.kernel.measure_block'
    """
    parts, rest = [], mangled
    while (match := re.match(r"(\d+)", rest)) is not None:
        size, after = int(match.group(1)), rest[match.end():]
        part = after[:size]
        # A part is followed by the next one's length; the function's number is followed by its name.
        if len(part) < size or re.match(r"_\d", after[size:size + 2]) is None:
            break
        parts.append(part)
        rest = after[size + 1:]
    return ".".join([*parts, rest.lstrip("0123456789")] if rest else parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", type=Path)
    parser.add_argument("--glob", default="*.txt")
    parser.add_argument("--warm", type=int, default=60, help="pages cleaned before counting")
    parser.add_argument("--pages", dest="count", type=int, default=120, help="pages counted")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "callgrind.out"
        done = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                               "--toggle-collect=functools_reduce",
                               sys.executable, "-c", CHILD, str(args.pages.resolve()), args.glob, str(args.warm),
                               str(args.count), str(ROOT / "corpus")],
                              cwd=ROOT, capture_output=True, text=True, check=True)
        pages = int(done.stdout.split()[-1])
        report = subprocess.run(["callgrind_annotate", "--inclusive=yes", str(out)], capture_output=True, text=True,
                                check=True).stdout
    total = int(re.search(r"([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", report).group(1).replace(",", ""))  # type: ignore[union-attr]
    print(f"{pages} pages ({args.glob}), {total / pages / 1e6:.1f} million instructions a page")
    seen: set[str] = set()
    # The table of functions lies between the totals and the annotated sources that follow it.
    table = report.split("PROGRAM TOTALS", 1)[1].split("-- Auto-annotated source", 1)[0]
    for line in table.splitlines():
        count, entry = _COUNT.match(line), _ENTRY.search(line + " ")
        if count is None or entry is None or "'" in line:  # (a recursive call's own line)
            continue
        name = python_name(entry.group(1))
        if name in seen:
            continue
        seen.add(name)
        print(f"  {float(count.group(2)):5.1f} %  {name}")
        if len(seen) >= args.top:
            break


if __name__ == "__main__":
    main()
