"""Speed of normalization beside one character-class search per pass over the same pages.

Run with ``pytest --benchmark-only tests/benchmarks/test_normalize_speed.py -s``. Normalization
looks for the rare characters of each pass (line breaks other than ``\\n``, zero-width and bidi
characters, exotic spaces) with one substring search per character, and runs a pass only where
the page holds one of them. The baseline searches each page once with each pass's character
class (what normalization did before): ``ratio`` above 1 means normalizing the whole page,
control characters, NFC and escapes included, costs less than those searches alone.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from cleaner.text.normalize import normalize
from test_speed import _pages, best_cpu

# The character classes that normalization searched each page with, one pass each.
CLASSES = tuple(re.compile(pattern) for pattern in (
    r"[\r\u2028\u2029\x85\x0b\x0c]", r"[\u200b\u2060\ufeff\u00ad]",
    r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]", r"[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]",
))


def _normalize_all(pages: list[str]) -> None:
    for page in pages:
        normalize(page)


def _class_searches(pages: list[str]) -> None:
    for page in pages:
        for pattern in CLASSES:
            pattern.search(page)


@pytest.mark.parametrize("kind", ["md", "txt", "corpus"])
def test_normalize_beside_class_searches(benchmark: Any, kind: str) -> None:
    pages = _pages(kind)
    _normalize_all(pages)  # ftfy is imported by the first page with mojibake
    benchmark.pedantic(_normalize_all, args=(pages,), rounds=3, iterations=1)
    best = best_cpu(lambda: _class_searches(pages), 3)
    seconds = benchmark.stats.stats.min
    megabytes = sum(map(len, pages)) / 1e6
    benchmark.extra_info.update(megabytes=megabytes, mb_per_s=megabytes / seconds, ratio=best / seconds)
    print(f"\nnormalize {kind}: {megabytes / seconds:.0f} MB/s; the class searches alone {megabytes / best:.0f} MB/s")
