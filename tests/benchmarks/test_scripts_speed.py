"""Speed of the script measures beside the script-class searches they used to start with.

Run with ``pytest --benchmark-only tests/benchmarks/test_scripts_speed.py -s``. ``spaced`` and
``weighted_length`` are asked of every block (its words, its length in Latin letters); on a
block that is not ASCII they first search a ``re`` range class that holds every character of
their script classes, and search the ``regex`` script class only on a hit. The baseline
searches each non-ASCII paragraph with those script classes alone (what the two did before):
``ratio`` above 1 means both measures, whole, cost less than those searches alone.
"""

from __future__ import annotations

from typing import Any

import pytest

from cleaner.text import scripts
from test_speed import _pages, best_cpu


def _paragraphs(kind: str) -> list[str]:
    return [p for page in _pages(kind) for p in page.split("\n\n") if p.strip() and not p.isascii()]


def _measures(paragraphs: list[str]) -> None:
    for text in paragraphs:
        scripts.spaced(text)
        scripts.weighted_length(text)


def _class_searches(paragraphs: list[str]) -> None:
    for text in paragraphs:
        scripts._UNSPACED.search(text)
        scripts._WEIGHTED.search(text)


@pytest.mark.parametrize("kind", ["md", "txt", "corpus"])
def test_script_measures_beside_class_searches(benchmark: Any, kind: str) -> None:
    paragraphs = _paragraphs(kind)
    benchmark.pedantic(_measures, args=(paragraphs,), rounds=5, iterations=1)
    best = best_cpu(lambda: _class_searches(paragraphs), 5)
    seconds = benchmark.stats.stats.min
    megabytes = sum(map(len, paragraphs)) / 1e6
    benchmark.extra_info.update(megabytes=megabytes, mb_per_s=megabytes / seconds, ratio=best / seconds)
    print(f"\nscript measures {kind}: {len(paragraphs)} non-ASCII paragraphs, {megabytes / seconds:.0f} MB/s;"
          f" the script-class searches alone {megabytes / best:.0f} MB/s")
