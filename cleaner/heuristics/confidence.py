"""How sure the heuristics are that a block is body, and what each ``favor`` keeps.

One job: a score in [0, 1] for every heuristic label, and the threshold each setting of
``Settings.favor`` keeps at. The score reads what the first pass and the neighbour pass already
measured, nothing new: how the label was reached (a block that shows furniture scores near 0,
prose that its stopwords call good near 1, blocks that the neighbour pass settled by how many good
neighbours they had), then the measures around it: a stopword density just over its threshold,
a paragraph that ends no sentence, links in it (kept blocks), a place inside the main run or near
it (dropped blocks).

A kept block scores at least :data:`KEEP_AT` ``balanced`` and a dropped one less, whatever its
measures say, so ``balanced`` keeps exactly what the labels keep; ``precision`` keeps at
:data:`PRECISION_KEEP_AT` (it also drops kept blocks that are only just body) and ``recall`` at
:data:`RECALL_KEEP_AT` (it also keeps dropped blocks that are only just furniture). Every number
is in the table of ``docs/heuristics.md``, which says what each costs and buys on the dev pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from cleaner.heuristics.firstpass import Item
from cleaner.rules.thresholds import DEFAULT, Thresholds

__all__ = ["Favor", "FAVORS", "KEEP_AT", "PRECISION_KEEP_AT", "RECALL_KEEP_AT", "body_score", "scores"]

Favor = Literal["balanced", "precision", "recall"]
FAVORS: tuple[Favor, ...] = ("balanced", "precision", "recall")

# The score at which each favor keeps a block: kept labels score at least BALANCED_KEEP_AT,
# dropped ones less.
BALANCED_KEEP_AT = 0.5
PRECISION_KEEP_AT = 0.65
RECALL_KEEP_AT = 0.4
KEEP_AT: dict[Favor, float] = {"balanced": BALANCED_KEEP_AT, "precision": PRECISION_KEEP_AT,
                               "recall": RECALL_KEEP_AT}

# A kept block's score never falls below BALANCED_KEEP_AT; a dropped one stays this much under it.
DROPPED_MAX_SCORE = 0.45
# What a kept block loses: a stopword density within DENSITY_MARGIN of the threshold that made it
# good or near-good; a paragraph or quote that ends no sentence; links, by their share of its
# characters. (Not its place at the main run's edge, though the run overreaches there most: each
# block dropped would leave a new edge, and settling would peel the body like an onion.)
DENSITY_MARGIN = 0.05
THIN_PROSE_PENALTY = 0.1
UNENDED_PENALTY = 0.15
LINK_PENALTY = 0.2
# What a dropped block gains: lying inside the main run, or within NEAR_RUN_BLOCKS blocks
# before it or after it.
IN_RUN_BONUS = 0.3
NEAR_RUN_BLOCKS = 4
NEAR_RUN_BONUS = 0.1

# First-pass verdicts that show furniture: the surest drops. An italic or bold paragraph is the
# least sure of them (a standfirst is body more often than not).
_FURNITURE = frozenset(("separator", "link-line", "link-density", "menu-line", "furniture-word", "furniture-words",
                        "comment-marker"))
# The score of a block dropped as furniture by name.
FURNITURE_SCORE = 0.05
_KEPT_BASE = {"stopwords": 0.95, "punctuation": 0.9, "length": 0.85, "small-page": 0.8, "clean-page": 0.8,
              "prose-run": 0.85, "title": 0.8, "in-run": 0.6, "in-list": 0.6, "fallback": 0.75}
_DROPPED_BASE = {"emphasis": 0.4, "caption": 0.15, "main-run": 0.3, "author-box": 0.3, "comment-thread": 0.1,
                 "duplicate": 0.1}
# Drops that stand wherever the block is, inside the main run or near it.
_WHEREVER = frozenset(("comment-thread", "duplicate"))


def _kept_base(name: str, item: Item) -> float:
    if name == "neighbours":
        near = item.first == "near-good"
        return {2: 0.85 if near else 0.8, 1: 0.75 if near else 0.65}.get(item.support, 0.6)
    if name == "title" and item.first == "bad":
        return 0.65  # a headline the first pass called bad (no sentence, a site name's length)
    return _KEPT_BASE.get(name, 0.6)


def _dropped_base(name: str, item: Item) -> float:
    if name in _FURNITURE:
        return FURNITURE_SCORE
    if name == "neighbours":
        if item.first == "near-good":
            return 0.3
        return 0.25 if item.support else 0.1
    if name == "comment-thread" and item.first in ("good", "near-good"):
        return 0.2
    return _DROPPED_BASE.get(name, 0.15)  # stopwords, punctuation: no sign of prose


# Scores rounded to two digits, remembered: ``round`` to digits goes through the float's decimal
# string (about 1,500 instructions a call compiled, a tenth of a page's scoring), and a page's
# scores take a handful of values (20 over 200 dev pages). Emptied when full.
_ROUNDED: dict[float, float] = {}
MEMO_SCORES = 4096


def _rounded(score: float) -> float:
    """``round(score, 2)``."""
    if score in _ROUNDED:  # (not .get: compiled, a method looked up by name each call)
        return _ROUNDED[score]
    if len(_ROUNDED) >= MEMO_SCORES:
        _ROUNDED.clear()
    rounded = _ROUNDED[score] = round(score, 2)
    return rounded


def _thin(item: Item, t: Thresholds) -> bool:
    """A stopword density only just over the threshold that made the block good or near-good."""
    if item.density is None:
        return False
    threshold = t.good_stopword_density if item.first == "good" else t.near_stopword_density
    return item.density < threshold + DENSITY_MARGIN


def body_score(name: str, kept: bool, item: Item, index: int, run: tuple[int, int] | None,
               t: Thresholds = DEFAULT) -> float:
    """The score of block ``index``, labelled ``name`` (kept or not) by the heuristics; ``run`` is
    the main run as [start, stop) (None on a page judged whole: small, or clean already).

    >>> from cleaner.text.blocks import segment
    >>> from cleaner.heuristics.firstpass import measure
    >>> item = measure(segment("Share this"))[0]
    >>> body_score("furniture-word", False, item, 0, None), body_score("stopwords", True, item, 0, None)
    (0.05, 0.95)
    """
    start, stop = run if run is not None else (0, 0)
    if kept:
        score = _kept_base(name, item)
        if run is None:
            return score  # a page judged whole (small, or clean already): its blocks stand together
        if _thin(item, t):
            score -= THIN_PROSE_PENALTY
        if not item.terminal and item.block.kind in ("paragraph", "quote") and name != "title":
            score -= UNENDED_PENALTY
        score -= LINK_PENALTY * item.block.link_density
        return _rounded(max(BALANCED_KEEP_AT, min(1.0, score)))
    score = _dropped_base(name, item)
    if name not in _FURNITURE and name not in _WHEREVER and stop > start:
        if start <= index < stop:
            score += IN_RUN_BONUS
        elif start - NEAR_RUN_BLOCKS <= index < stop + NEAR_RUN_BLOCKS:
            score += NEAR_RUN_BONUS
    return _rounded(max(0.0, min(DROPPED_MAX_SCORE, score)))


def scores(items: Sequence[Item], kept: Sequence[bool | None], names: Sequence[str],
           run: tuple[int, int] | None, t: Thresholds = DEFAULT) -> list[float | None]:
    """The score of every block: None where ``kept`` is None (a block the heuristics did not
    judge), else :func:`body_score` (by the page's thresholds ``t``)."""
    # Most blocks of a page are furniture that the first pass named: the surest drops.
    return [None if verdict is None else FURNITURE_SCORE if not verdict and name in _FURNITURE
            else body_score(name, verdict, item, index, run, t)
            for index, (item, verdict, name) in enumerate(zip(items, kept, names))]
