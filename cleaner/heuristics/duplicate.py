"""Which kept blocks repeat the page's own text: a second copy of the story.

One job: step 5c of :mod:`cleaner.heuristics.classify`. A page may carry its story twice (a
print version under the screen one, the story's opening again as its own teaser in a list of
stories): at least ``duplicate_blocks`` kept blocks of ``short_chars`` or more that repeat an
earlier kept block word for word, one after another (at most two blocks between), are that copy,
and go. One repeated paragraph alone stays: a dek that the story's first paragraph repeats, or a
pull quote, is the article's own; so do repeats far apart (a list's items named in its summary).
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.heuristics.firstpass import Item
from cleaner.rules.thresholds import Thresholds

__all__ = ["copies"]

# The most blocks from one repeat to the next within a copy (a short line, an image between).
_COPY_GAP = 3


def copies(items: Sequence[Item], kept: Sequence[bool], t: Thresholds) -> list[tuple[int, int]]:
    """The kept blocks that repeat an earlier kept block, each with the block it repeats, when
    there are at least ``t.duplicate_blocks`` of them; none otherwise.

    >>> from cleaner.heuristics.firstpass import measure
    >>> from cleaner.text.blocks import segment
    >>> story = ["The council met on Monday evening and voted to build the new bridge over the river, after a long debate.",
    ...          "The mayor said that the work would start in the spring, and that the old bridge would stay open to walkers."]
    >>> items = measure(segment("\\n\\n".join(story + ["Related stories"] + story)))
    >>> copies(items, [True] * 5, Thresholds())
    [(3, 0), (4, 1)]
    >>> copies(items[:4], [True] * 4, Thresholds())
    []
    """
    seen: dict[str, int] = {}
    found: list[tuple[int, int]] = []
    for index, (item, keep) in enumerate(zip(items, kept)):
        if keep and item.chars >= t.short_chars:
            text = item.block.plain.strip()
            if text in seen:
                found.append((index, seen[text]))
            else:
                seen[text] = index
    # A copy repeats the story's paragraphs one after another: repeats far apart (a list's items
    # named in its summary, then again over their sections) are the article's own.
    groups: list[list[tuple[int, int]]] = []
    for pair in found:
        if groups and pair[0] - groups[-1][-1][0] <= _COPY_GAP:
            groups[-1].append(pair)
        else:
            groups.append([pair])
    return [pair for group in groups if len(group) >= t.duplicate_blocks for pair in group]
