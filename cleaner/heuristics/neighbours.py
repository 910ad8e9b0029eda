"""The neighbour pass: blocks the first pass left near-good or short take the side of their neighbours.

One job: step 2 of :mod:`cleaner.heuristics.classify`. Runs of near-good blocks long enough
together are good (a wire story's short paragraphs); then each near-good block is good beside a
good neighbour, and each short one between two good neighbours, or before good text when it is
a heading, a list item or a line that introduces a list, or beside one when it ends a sentence.
A search for a neighbour looks past blocks that rules dropped and link lines (up to
``rule_gap_blocks`` of them in a row), through a picture alone and a short line of a list of
amounts ("2 cups onions, diced"), and at most ``neighbour_distance`` unsettled blocks; the
page's edges count as bad.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaner.heuristics.firstpass import FinalLabel, Item
from cleaner.rules.thresholds import Thresholds

__all__ = ["revise", "is_picture"]

# A picture linked to its own image file ("[![](a.jpg)](a.jpg)"): a gallery's enlargement.
_ENLARGED_PICTURE = re.compile(r"(?i)^\[!\[[^\]\n]*\]\([^)\n]*\)\]\(\S+?\.(?:jpe?g|png|gif|webp)(?:\?\S*)?(?:\s+\"[^\"\n]*\")?\)\s*$")
# First-pass verdicts the neighbour search looks past, as it does blocks that rules dropped.
_INTERRUPTIONS = frozenset(("link-line", "link-density"))
# What a line of a list of amounts starts with: a number or a fraction ("2 cups flour").
_QUANTITY_STARTS = frozenset("0123456789½¼¾⅓⅔⅛")


def _neighbours(labels: Sequence[FinalLabel], skipped: Sequence[bool], step: int, t: Thresholds,
                through: Sequence[bool] | None = None) -> list[FinalLabel]:
    """For every block, the label of the nearest settled block in direction ``step``; edges
    count as bad.

    ``labels`` holds each block's label so far (empty while unsettled); ``skipped`` tells the
    blocks the search looks past: one that a rule or repetition dropped (an ad label or a "Read
    also" line inside the body says nothing about the prose around it), a link line or a
    link-heavy block (an image, a related headline set between paragraphs). But
    ``rule_gap_blocks`` of them in a row are a furniture gap, and count as bad. A search passes
    at most ``neighbour_distance`` unsettled blocks. A block that ``through`` marks (a picture
    alone, not a link) is passed as if it were not there: a photo essay's pictures between its
    captions neither settle nor widen a gap.

    One sweep against ``step`` answers every block: it carries what a search starting at each
    position finds, and how many unsettled blocks it passes on the way.

    >>> from cleaner.rules.thresholds import Thresholds
    >>> _neighbours(["good", "", "", "bad", ""], [False] * 5, -1, Thresholds(neighbour_distance=1))
    ['bad', 'good', 'bad', 'bad', 'bad']
    """
    end = len(labels)
    found: list[FinalLabel] = ["bad"] * end
    label: FinalLabel = "bad"  # what a search from the position in hand finds: beyond the edge, bad
    passed = skips = 0
    gap, distance = t.rule_gap_blocks, t.neighbour_distance
    for position in range(end - 1, -1, -1) if step == 1 else range(end):
        if through is not None and through[position]:
            pass  # a picture alone: nothing changes what a search from here finds
        elif skipped[position]:
            skips += 1
            if skips >= gap:
                label, passed = "bad", 0
        else:
            skips = 0
            if labels[position]:
                label, passed = labels[position], 0
            else:
                passed += 1
        index = position - step  # the block whose search starts here
        if 0 <= index < end:
            found[index] = label if passed < distance else "bad"
    return found


def _introduces_list(items: Sequence[Item], index: int) -> bool:
    following = items[index + 1].block.kind if index + 1 < len(items) else ""
    return following == "list-item" and items[index].block.plain.rstrip().endswith(":")


def _settle_prose_runs(items: Sequence[Item], t: Thresholds) -> None:
    """Consecutive near-good blocks that add up to a long text are good (a wire story's short
    paragraphs); one near-good block alone waits for its neighbours."""
    run: list[Item] = []
    for item in items:
        if item.rule is None and item.first == "near-good":
            run.append(item)
        elif run:
            _settle_run(run, t)
            run = []
    if run:
        _settle_run(run, t)


def _settle_run(run: Sequence[Item], t: Thresholds) -> None:
    chars = sum(item.chars for item in run)
    if len(run) >= t.prose_run_blocks and chars >= t.prose_run_chars:
        for item in run:
            item.label, item.name = "good", "prose-run"
            item.detail = f"{len(run)} near-good blocks, {chars} chars >= {t.prose_run_chars}"


def revise(items: Sequence[Item], t: Thresholds, bio: int | None = None) -> None:
    """Second pass: settle near-good blocks by their neighbours, then short blocks; ``bio``, an
    author's bio found after a first try, is a bad neighbour."""
    for index, item in enumerate(items):
        if item.rule is not None:
            item.label = "good" if item.rule else "bad"
        elif index == bio:
            item.label = "bad"
        elif item.first == "good" or item.first == "bad":
            item.label = item.first
        else:
            item.label = ""
    _settle_prose_runs(items, t)
    # No block the search looks past is ever relabelled here: they were all bad at first.
    skipped = [item.rule is False or (item.first == "bad" and item.name in _INTERRUPTIONS) for item in items]
    # A picture whose credit line a rule dropped is a figure: the two together are furniture as
    # before (a gap), and the search does not look through it.
    through = [item.block.kind == "link-line" and is_picture(item)
               and not (index + 1 < len(items) and items[index + 1].rule is False
                        and items[index + 1].block.kind != "separator")
               or (item.first == "short" and item.rule is None and item.block.plain[:1] in _QUANTITY_STARTS
                   and _amount(item.block.plain))
               for index, item in enumerate(items)]
    for first in ("near-good", "short"):
        verdicts: list[tuple[Item, FinalLabel, str]] = []
        labels = [item.label for item in items]
        # The blocks of this pass: unsettled, with this first label (often none).
        pending = [index for index, (item, label) in enumerate(zip(items, labels)) if not label and item.first == first]
        if not pending:
            continue
        befores, afters = _neighbours(labels, skipped, -1, t, through), _neighbours(labels, skipped, 1, t, through)
        for index in pending:
            item = items[index]
            before, after = befores[index], afters[index]
            structural = item.block.kind in ("heading", "list-item") or _introduces_list(items, index)
            if first == "near-good":
                good = "good" in (before, after)
            else:
                good = ((before == after == "good") or (structural and after == "good")
                        or (item.terminal and "good" in (before, after)))
            item.support = (before == "good") + (after == "good")
            verdicts.append((item, "good" if good else "bad", f"{first} between {before} and {after}"))
        # Labels change only once the whole pass has looked, so that the order of the blocks
        # does not matter.
        for item, label, detail in verdicts:
            item.label, item.name, item.detail = label, "neighbours", detail


def _amount(plain: str) -> bool:
    """A line of a list of amounts (a recipe's ingredients: "2 cups onions, diced", "½ teaspoon
    salt"): a quantity, then a lower-case word and another. A search passes it as it passes a
    picture, so that a list longer than ``neighbour_distance`` keeps the prose around it for its
    neighbours; a headline or a menu line that opens with a number capitalises what follows ("2
    Infants Were Buried", "18 Aug: Swansea"), a counter has no word after it ("5 of 6").

    >>> _amount("2 cups onions, diced"), _amount("18 Aug: Swansea (h)"), _amount("5 of 6")
    (True, False, False)
    """
    words = plain.split(maxsplit=2)
    return len(words) > 2 and words[1][:1].islower() and words[2][:1].isalpha()


def is_picture(item: Item) -> bool:
    """A picture alone, not a link to elsewhere (or a link to the picture's own file, as a
    gallery enlarges it): it says nothing about the text around it."""
    block = item.block
    return (item.rule is None and block.kind == "link-line" and not block.plain.strip()
            and (block.text.startswith("![") or _ENLARGED_PICTURE.match(block.text) is not None))
