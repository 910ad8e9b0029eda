"""Speed of HTML ``clean()`` beside ``trafilatura.extract`` (default options) on the same pages.

Run with ``pytest --benchmark-only tests/benchmarks`` (the default run skips benchmarks). The machine these run on is often shared, so
the two systems take turns, page set by page set, in every round (a burst of load from elsewhere
slows both instead of one), and each is timed in CPU seconds of this process as well as wall
seconds (other jobs on the machine stretch the wall clock far more than the CPU clock). Each
side's time is its best round; the ratios (our throughput over trafilatura's, above 1 is faster)
go to the benchmark's ``extra_info`` and are printed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cleaner import Cleaner

trafilatura = pytest.importorskip("trafilatura", reason="HTML input needs the html extra")

# Beside the repository, as CI has it (CLEANER_DEV_PAGES names another place, as for tests/test_html_dev.py).
DEV = Path(os.environ.get("CLEANER_DEV_PAGES", Path(__file__).resolve().parents[3] / "shared" / "dev"))
ROUNDS = 3
# One page in this many of the sorted dev pages: every dataset and site mix, a third of the time.
STRIDE = 3


def _pages() -> list[str]:
    if not DEV.is_dir():
        pytest.skip(f"no dev pages at {DEV}")
    paths = sorted(DEV.glob("*.html"))[::STRIDE]
    return [p.read_text(encoding="utf-8") for p in paths]


def _best_of_turns(runs: dict[str, Callable[[], object]], clock: Callable[[], float]) -> dict[str, float]:
    best = {name: float("inf") for name in runs}
    for _ in range(ROUNDS):
        for name, run in runs.items():
            start = clock()
            run()
            best[name] = min(best[name], clock() - start)
    return best


def test_clean_html_vs_trafilatura(benchmark) -> None:  # type: ignore[no-untyped-def]
    pages = _pages()
    cleaner = Cleaner()
    ours = lambda: [cleaner.clean(page, input="html") for page in pages]  # noqa: E731
    theirs = lambda: [trafilatura.extract(page) for page in pages]  # noqa: E731
    ours(), theirs()  # warm both (imports, stoplists, compiled rules)
    runs = {"cleaner": ours, "trafilatura": theirs}
    benchmark.pedantic(ours, rounds=1, iterations=1)
    for clock_name, clock in (("cpu", time.process_time), ("wall", time.perf_counter)):
        best = _best_of_turns(runs, clock)
        ratio = best["trafilatura"] / best["cleaner"]
        benchmark.extra_info.update({f"{clock_name}_cleaner_s": round(best["cleaner"], 3),
                                     f"{clock_name}_trafilatura_s": round(best["trafilatura"], 3),
                                     f"{clock_name}_ratio": round(ratio, 3)})
        print(f"\nHTML, {len(pages)} dev pages, {clock_name} clock: cleaner {len(pages) / best['cleaner']:.1f} docs/s, "
              f"trafilatura.extract {len(pages) / best['trafilatura']:.1f} docs/s, ratio {ratio:.2f}")
