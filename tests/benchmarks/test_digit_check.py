"""Speed of the rule stage with and without the digit check, in the same run.

Run with ``pytest --benchmark-only tests/benchmarks/test_digit_check.py -s``. A rule whose every
match holds a digit (:func:`~cleaner.rules.literals.requires_digit`: the date line, the price
lines) searches only the blocks whose plain text holds one; the baseline is the same compiled
rules with that check off: ``ratio`` above 1 means the check pays for itself.
"""

from __future__ import annotations

from typing import Any

import pytest

from cleaner import Cleaner
from cleaner.rules.compile import compile_rules
from cleaner.rules.match import apply_rules
from cleaner.text.blocks import Block, segment
from cleaner.text.normalize import normalize
from test_speed import _pages, best_cpu


def _rule_stage(pages: list[list[Block]], rules: tuple[Any, ...]) -> None:
    for blocks in pages:
        apply_rules(blocks, rules)


@pytest.mark.parametrize("kind", ["md", "txt", "corpus"])
def test_rule_stage_with_and_without_the_digit_check(benchmark: Any, kind: str) -> None:
    rules = tuple(Cleaner().ruleset.rules_for(None))
    compiled = compile_rules(rules)
    checked = compiled.needs_digit
    assert any(checked)
    pages = [segment(normalize(page)) for page in _pages(kind)]
    _rule_stage(pages, rules)  # the prefilter's memos filled, as for the timed rounds
    benchmark.pedantic(_rule_stage, args=(pages, rules), rounds=5, iterations=1)
    try:
        compiled.needs_digit = (False,) * len(rules)
        best = best_cpu(lambda: _rule_stage(pages, rules), 5)
    finally:
        compiled.needs_digit = checked
    seconds = benchmark.stats.stats.min
    benchmark.extra_info.update(pages_per_s=len(pages) / seconds, ratio=best / seconds)
    print(f"\nrule stage {kind}: {len(pages) / seconds:.0f} pages/s with the digit check,"
          f" {len(pages) / best:.0f} without")
