"""Speed of clean() on a million short lines beside the C4 line filter on the same text, as a
throughput ratio (above 1: cleaner is faster). ``pytest --benchmark-only tests/benchmarks``.

The page is cut into blocks for its first lines only and the rest is kept as it is (see
:mod:`cleaner.text.blocks`), so cleaning such a page costs about what one pass over its lines does.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from cleaner import Cleaner
from test_speed import c4_filter

LINES = 1_000_000


@pytest.mark.parametrize("line", ["a\n", "ab cd\n", "a\n\n", "- a\n"], ids=["one-char", "two-words", "paragraphs",
                                                                          "list-items"])
def test_a_million_short_lines(benchmark: Any, line: str) -> None:
    cleaner = Cleaner()
    page = line * LINES
    cleaner.clean("Warm up the caches.")
    benchmark.pedantic(cleaner.clean, args=(page,), rounds=3, iterations=1)
    start = time.process_time()
    c4_filter(page)
    baseline = time.process_time() - start
    seconds = benchmark.stats.stats.min
    benchmark.extra_info.update(megabytes=len(page) / 1e6, mb_per_s=len(page) / 1e6 / seconds,
                                ratio=baseline / seconds)
