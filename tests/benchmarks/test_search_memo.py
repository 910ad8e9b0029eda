"""Speed of cleaning with the rule stage's memo of searches, beside the same run without it.

Run with ``pytest --benchmark-only tests/benchmarks/test_search_memo.py -s``. Settling searches
the kept blocks again, and a site's furniture meets the same rules on page after page, so each
rule's search of a text is remembered (:func:`cleaner.rules.match._search`); the baseline
searches every time. Each round starts with an empty search memo (the other memos, of blocks and
first-pass measures, stay filled: both figures are above a fresh process's), and the two take
turns: ``ratio`` above 1 means the memo pays.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from cleaner import Cleaner
from cleaner.rules import match
from cleaner.rules.model import Rule
from test_speed import _pages

ROUNDS = 3


def _clean_all(cleaner: Cleaner, pages: list[str]) -> float:
    match._SEARCHED.clear()
    start = time.process_time()
    for page in pages:
        cleaner.clean(page)
    return time.process_time() - start


@pytest.mark.parametrize("kind", ["md", "txt", "corpus"])
def test_cleaning_with_and_without_the_search_memo(benchmark: Any, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    cleaner = Cleaner()
    pages = _pages(kind)
    _clean_all(cleaner, pages)  # rules compiled, modules imported
    remembered: Callable[[Rule, str], object] = match._search
    with_memo, without = float("inf"), float("inf")
    for _ in range(ROUNDS):
        with_memo = min(with_memo, _clean_all(cleaner, pages))
        monkeypatch.setattr(match, "_search", lambda rule, text: rule.search(text))
        without = min(without, _clean_all(cleaner, pages))
        monkeypatch.setattr(match, "_search", remembered)
    benchmark.pedantic(_clean_all, args=(cleaner, pages), rounds=1, iterations=1)
    benchmark.extra_info.update(pages_per_s=len(pages) / with_memo, ratio=without / with_memo)
    print(f"\ncleaning {kind}: {len(pages) / with_memo:.0f} pages/s with the search memo, {len(pages) / without:.0f} without")
