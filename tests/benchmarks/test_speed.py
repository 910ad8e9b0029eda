"""Speed of clean() beside baselines on the same pages, reported as throughput ratios.

Run with ``pytest --benchmark-only tests/benchmarks``. Each benchmark times cleaner, then times
its baseline on the same pages in the same run, and stores ``ratio`` (cleaner's throughput over
the baseline's: above 1 is faster) in the benchmark's ``extra_info``; a summary is printed.
HTML mode beside trafilatura is in ``test_html_speed.py``.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.rules.compile import compile_rules

ROOT = Path(__file__).resolve().parent.parent.parent
# The dev pages sit beside the checkout (``CLEANER_DEV_PAGES`` names them elsewhere, e.g. from a worktree).
DEV = Path(os.environ.get("CLEANER_DEV_PAGES", ROOT.parent / "shared" / "dev"))
ROUNDS = 3
# The C4 line filter: keep lines that end in terminal punctuation (a closing quote or bracket may
# follow) and hold at least three words.
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
MIN_WORDS = 3
RATIOS: dict[str, float] = {}


def c4_filter(text: str) -> str:
    return "\n".join(line for line in text.split("\n")
                     if _TERMINAL.search(line.rstrip()) and len(line.split()) >= MIN_WORDS)


def _pages(kind: str) -> list[str]:
    if kind == "corpus":
        paths = [p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".md", ".txt")
                 and not p.name.endswith((".expected.txt", ".gold.txt")) and p.name != "README.md"]
    else:
        if not DEV.is_dir():
            pytest.skip(f"no dev pages at {DEV}")
        paths = [p for p in DEV.glob(f"*.{kind}") if not p.name.endswith(".gold.txt")]
    return [p.read_text(encoding="utf-8") for p in sorted(paths)]


def best_cpu(run: Callable[[], object], rounds: int, clock: Callable[[], float] = time.process_time) -> float:
    """The least time (CPU time unless ``clock`` says otherwise) of ``rounds`` runs of ``run``: a
    baseline timed beside a benchmark."""
    best = float("inf")
    for _ in range(rounds):
        start = clock()
        run()
        best = min(best, clock() - start)
    return best


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


@pytest.fixture(scope="module", autouse=True)
def summary() -> object:
    yield
    print("\nthroughput ratios (cleaner / baseline, same pages, same run):")
    for name, ratio in RATIOS.items():
        print(f"  {name:40s} {ratio:8.3f}")


def _compare(benchmark, name: str, ours: Callable[[], object], baseline: Callable[[], object]) -> None:  # type: ignore[no-untyped-def]
    benchmark.pedantic(ours, rounds=ROUNDS, iterations=1)
    # Wall time, as pytest-benchmark times ``ours``.
    ratio = best_cpu(baseline, ROUNDS, time.perf_counter) / benchmark.stats.stats.min
    benchmark.extra_info["ratio"] = round(ratio, 4)
    RATIOS[name] = ratio


@pytest.mark.parametrize("kind", ["corpus", "txt", "md"])
def test_clean_vs_c4(benchmark, cleaner: Cleaner, kind: str) -> None:  # type: ignore[no-untyped-def]
    pages = _pages(kind)
    _compare(benchmark, f"clean/{kind} vs C4 filter", lambda: [cleaner.clean(p) for p in pages],
             lambda: [c4_filter(p) for p in pages])


@pytest.mark.parametrize("kind", ["corpus", "txt"])
def test_clean_vs_one_scan(benchmark, cleaner: Cleaner, kind: str) -> None:  # type: ignore[no-untyped-def]
    pages = _pages(kind)
    compiled = compile_rules(cleaner.ruleset.rules_for(None))
    _compare(benchmark, f"clean/{kind} vs one compiled scan", lambda: [cleaner.clean(p) for p in pages],
             lambda: [compiled.scan(p) for p in pages])
