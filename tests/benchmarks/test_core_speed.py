"""The compiled core beside the pure-Python path and the C4 line filter, in docs/s and MB/s.

Run with ``pytest --benchmark-only tests/benchmarks/test_core_speed.py -s``. This process runs
the core as built (compiled where ``cleaner --version`` says so); the pure path runs in a child
process started with ``CLEANER_PURE=1`` (a process loads each module one way only). The two take
turns, round by round, on the same pages, each timed in CPU seconds of its own process (on a
shared machine other jobs stretch the wall clock far more than the CPU clock), and the C4 filter
is timed here beside them. Each side's figure is its best round. The child is this file run as a
script: it cleans the pages once per line it reads and answers with the CPU seconds spent.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from test_speed import _pages, c4_filter

ROUNDS = 3
ROWS: list[str] = []


def _cpu(run: Callable[[], object]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


class _PureChild:
    """A child process that cleans ``kind`` pages on the pure path when asked."""

    def __init__(self, kind: str) -> None:
        root = Path(__file__).resolve().parents[2]
        environment = {**os.environ, "CLEANER_PURE": "1",
                       "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
        self.process = subprocess.Popen([sys.executable, __file__, kind], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, env=environment)

    def seconds(self) -> float:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        return float(self.process.stdout.readline())

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


@pytest.fixture(scope="module", autouse=True)
def summary() -> object:
    yield
    print(f"\n{'pages':8s} {'path':10s} {'docs/s':>9s} {'MB/s':>7s} {'x pure':>7s}   (CPU seconds, best of {ROUNDS})")
    for row in ROWS:
        print(row)


@pytest.mark.parametrize("kind", ["corpus", "txt", "md"])
def test_core_beside_pure_and_c4(benchmark, kind: str) -> None:  # type: ignore[no-untyped-def]
    from cleaner import Cleaner
    from cleaner.compiled import core

    pages = _pages(kind)
    megabytes = sum(len(p.encode("utf-8")) for p in pages) / 1e6
    cleaner = Cleaner()
    ours = lambda: [cleaner.clean(p) for p in pages]  # noqa: E731
    ours()  # warm: the first page of a site compiles its rules
    child = _PureChild(kind)
    try:
        pure = min(child.seconds() for _ in range(ROUNDS))
        best = {"core": float("inf"), "pure": pure, "c4": float("inf")}
        for _ in range(ROUNDS):  # turns: a burst of load from elsewhere slows every side
            best["core"] = min(best["core"], _cpu(ours))
            best["pure"] = min(best["pure"], child.seconds())
            best["c4"] = min(best["c4"], _cpu(lambda: [c4_filter(p) for p in pages]))
    finally:
        child.close()
    benchmark.pedantic(ours, rounds=1, iterations=1)
    for path, seconds in (("core: " + core(), best["core"]), ("pure", best["pure"]), ("C4 filter", best["c4"])):
        rate = len(pages) / seconds
        benchmark.extra_info[f"{path} docs/s"] = round(rate, 1)
        ROWS.append(f"{kind:8s} {path[:10]:10s} {rate:9.0f} {megabytes / seconds:7.2f} {best['pure'] / seconds:7.2f}")


def _child(kind: str) -> None:
    from cleaner import Cleaner

    pages = _pages(kind)
    cleaner = Cleaner()
    for page in pages:
        cleaner.clean(page)
    for _ in sys.stdin:
        print(_cpu(lambda: [cleaner.clean(p) for p in pages]), flush=True)


if __name__ == "__main__":
    _child(sys.argv[1])
