"""How sure the heuristics are that a block is body, and what each ``favor`` keeps.

One job: a score in [0, 1] for every heuristic label, and the threshold each setting of
``Settings.favor`` keeps at. The score reads how the label was reached: a block that shows
furniture (a link line, a menu, a share box) scores near 0; prose that its stopwords or
punctuation call good near 1; the blocks the neighbour pass, the main run or the comment cut
settled sit in between, by how much evidence they had (both neighbours good, one, none). With
``balanced`` every block keeps its label (its score is at least 0.5 exactly when it is kept);
``precision`` also drops kept blocks that are only just body (short lines kept by one good
neighbour, prose kept for lying inside the main run); ``recall`` also keeps
dropped blocks that were only just furniture (good text outside the main run, near-good text or
a short line beside good text). Thresholds and scores are in the table of ``docs/heuristics.md``.
"""

from __future__ import annotations

from typing import Literal

from cleaner.heuristics.firstpass import Item

__all__ = ["Favor", "FAVORS", "KEEP_AT", "body_score"]

Favor = Literal["balanced", "precision", "recall"]
FAVORS: tuple[Favor, ...] = ("balanced", "precision", "recall")
# A block is kept when its score reaches the threshold of the favor in force.
KEEP_AT: dict[Favor, float] = {"balanced": 0.5, "precision": 0.6, "recall": 0.35}

# Labels that show furniture, rather than a want of prose: the surest drops.
_FURNITURE = frozenset(("separator", "link-line", "link-density", "menu-line", "furniture-word", "furniture-words",
                        "comment-marker", "emphasis", "caption"))
# Labels kept on strong evidence of their own, and how strong.
_SURE_KEEPS = {"stopwords": 0.9, "punctuation": 0.85, "length": 0.8, "small-page": 0.8, "clean-page": 0.8,
               "title": 0.75, "prose-run": 0.75}


def body_score(name: str, kept: bool, item: Item) -> float:
    """The score of a block labelled ``name`` (kept or not) by the heuristics.

    >>> from cleaner.text.blocks import segment
    >>> from cleaner.heuristics.firstpass import measure
    >>> item = measure(segment("Share this"))[0]
    >>> body_score("furniture-word", False, item), body_score("stopwords", True, item)
    (0.05, 0.9)
    """
    if kept:
        if name in _SURE_KEEPS:
            return _SURE_KEEPS[name]
        if name == "neighbours":
            if item.first == "near-good" or item.support == 2:
                return 0.7
            return 0.6 if item.block.kind in ("heading", "list-item") else 0.55
        # The fallback keeps a page from coming out empty, whatever the favor.
        return 0.6 if name == "fallback" else 0.55  # in-run: kept for lying inside the article
    if name in _FURNITURE:
        return 0.05
    if name == "neighbours":
        if item.first == "near-good":
            return 0.4
        return 0.4 if item.support else 0.2
    if name == "main-run":
        return 0.4 if item.first in ("good", "near-good") else 0.3
    if name == "comment-thread":
        return 0.3 if item.first in ("good", "near-good") else 0.15
    return 0.2  # stopwords, punctuation: no sign of prose
