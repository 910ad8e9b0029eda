"""The neighbour sweep of the heuristics against the search it stands for, block by block."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaner.heuristics.neighbours import _neighbours
from cleaner.rules.thresholds import Thresholds


def search(labels: list[str], skipped: list[bool], index: int, step: int, t: Thresholds) -> str:
    """Walk from ``index`` in direction ``step`` to the first settled block: past skipped blocks
    (``rule_gap_blocks`` of them in a row are bad) and at most ``neighbour_distance`` unsettled
    ones; the edge is bad."""
    position, seen, dropped = index + step, 0, 0
    while 0 <= position < len(labels) and seen < t.neighbour_distance:
        if skipped[position]:
            dropped += 1
            if dropped >= t.rule_gap_blocks:
                return "bad"
        elif labels[position]:
            return labels[position]
        else:
            seen, dropped = seen + 1, 0
        position += step
    return "bad"


@given(st.lists(st.tuples(st.sampled_from(["", "", "good", "bad"]), st.booleans()), max_size=40),
       st.integers(1, 12), st.integers(1, 4))
def test_the_sweep_finds_what_a_search_from_each_block_finds(blocks: list[tuple[str, bool]], distance: int,
                                                              gap: int) -> None:
    labels, skipped = [label for label, _ in blocks], [skip for _, skip in blocks]
    t = Thresholds(neighbour_distance=distance, rule_gap_blocks=gap)
    for step in (-1, 1):
        assert _neighbours(labels, skipped, step, t) == [  # type: ignore[arg-type]
            search(labels, skipped, index, step, t) for index in range(len(labels))]


def test_two_dropped_blocks_in_a_row_are_a_gap_and_one_is_looked_past() -> None:
    t = Thresholds(neighbour_distance=10, rule_gap_blocks=2)
    labels, skipped = ["good", "", "", "", "", "good"], [False, True, False, True, True, False]
    assert _neighbours(labels, skipped, -1, t) == ["bad", "good", "good", "good", "good", "bad"]  # type: ignore[arg-type]
    assert _neighbours(labels, skipped, 1, t) == ["bad", "bad", "bad", "good", "good", "bad"]  # type: ignore[arg-type]
