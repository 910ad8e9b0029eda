"""The headline above the article's main run.

One job: the page's headline, for :mod:`cleaner.heuristics.classify`. :func:`after_headline`
finds where the article most likely starts, the first good block after the headline, which the
main run favours. :func:`headlines` finds which blocks before the main run are its headline
(step 6): the last H1 before it (unless the run opens with an H1 of its own), else a title-like
line near it (unless the run opens with a heading of its own); and, between that headline and
the run, a blog post's title set as a link to the post itself ("## [Title](permalink)"), which
the first pass calls bad for its links.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from cleaner.heuristics.firstpass import Item
from cleaner.rules.thresholds import Thresholds
from cleaner.text.blocks import Block

__all__ = ["headlines", "after_headline"]

# First-pass verdicts that no headline gets: a share bar ("Tweet +1 Like Share") or a comment
# prompt is furniture wherever it stands.
_NOT_TITLES = frozenset(("furniture-word", "furniture-words", "comment-marker"))
_TITLE_BLOCKERS = regex.compile(r"[|>»›/·•]|https?://|@|\d{1,2}:\d\d")
# The least share of a heading's characters in links for it to be a post's linked title: all of
# them but stray punctuation around the link.
_PERMALINK_SHARE = 0.9


def _title_like(item: Item, t: Thresholds, min_words: int | None = None) -> bool:
    words = item.block.words
    return (item.rule is None and item.block.kind in ("paragraph", "heading") and not item.terminal
            and (t.title_min_words if min_words is None else min_words) <= words <= t.title_max_words and item.block.link_chars == 0
            and item.name not in _NOT_TITLES and _TITLE_BLOCKERS.search(item.block.plain) is None)


def _is_h1(block: Block) -> bool:
    return block.kind == "heading" and block.text.startswith("# ")


def _title(items: Sequence[Item], start: int, t: Thresholds) -> int | None:
    """The headline before the main run: the last H1 before it (unless the run opens with an H1:
    an earlier one heads something else), else a title-like line near it (unless the run opens
    with a heading of its own)."""
    if _is_h1(items[start].block):
        return None
    for index in range(start - 1, -1, -1):
        block = items[index].block
        if _is_h1(block) and items[index].rule is None:
            return index
    if items[start].block.kind == "heading":
        return None
    for index in range(start - 1, max(-1, start - 1 - t.title_window), -1):
        if _title_like(items[index], t):
            return index
    # A short line that opens the page right above the run is its headline: so a cleaned body,
    # whose heading lost its "#" in text output, keeps its headline when it is cleaned again.
    if start == 1 and _title_like(items[0], t, min_words=1):
        return 0
    return None


def _linked_title(item: Item, t: Thresholds) -> bool:
    """Whether a block is a heading made of one link, words enough for a title: a post's title
    as blog pages link it to the post ("## [Title](permalink)")."""
    block = item.block
    return (block.kind == "heading" and block.link_density >= _PERMALINK_SHARE
            and t.title_min_words <= block.words <= t.title_max_words)


def _permalink(items: Sequence[Item], start: int, t: Thresholds, after: int) -> int | None:
    """A heading made of one link, words enough for a title, among the ``title_window`` blocks
    before the run and after block ``after`` (the headline), with no good block between it and
    the run: the post's own title, as blog pages link it to the post. Headings that name furniture
    ("[Related posts](/related)") are rules' business, and decided before."""
    for index in range(start - 1, max(after, start - 1 - t.title_window), -1):
        item = items[index]
        if item.label == "good":
            return None
        if item.rule is None and _linked_title(item, t):
            return index
    return None


def headlines(items: Sequence[Item], start: int, t: Thresholds) -> tuple[int, ...]:
    """The blocks kept as the headline of the main run that begins at block ``start``: the
    headline, and the post's linked title between it and the run, each where there is one."""
    title = _title(items, start, t)
    link = _permalink(items, start, t, -1 if title is None else title)
    return tuple(index for index in (title, link) if index is not None)


# A heading made of one link to a site's front page: the site's name set as its masthead.
_MASTHEAD = regex.compile(r'^#+\s+\[[^\]\n]*\]\((?:https?://[^/\s)]+)?/?(?:\s+"[^"\n]*")?\)\s*$')


def after_headline(items: Sequence[Item], end: int, t: Thresholds,
                   metadata: Sequence[bool] | None = None) -> int | None:
    """The first good block after the page's first H1 worded as a headline, or (a page without
    an H1: plain text) after its first byline or date line (``metadata``: the lines a metadata
    rule took), if there is one: where the article most likely starts. An H1 of fewer than
    ``title_min_words`` words heads the article only when no H1 has more: a section's label set
    as one ("# Top Stories", "# Main menu") is not the headline of the story below it. Under a
    masthead (an H1 that is the site's name linked to its front page, as blogs set it), the post's
    title linked to the post ("## [Title](permalink)") is the headline."""
    h1s = [index for index in range(end) if _is_h1(items[index].block)]
    mastheads = [index for index in h1s if _MASTHEAD.match(items[index].block.text)]
    h1s = [index for index in h1s if index not in mastheads]
    worded = [index for index in h1s if items[index].block.words >= t.title_min_words]
    linked = [index for index in range(mastheads[0] + 1 if mastheads else end, end) if _linked_title(items[index], t)]
    heads = worded or h1s or linked or [index for index in range(end) if metadata is not None and metadata[index]]
    if not heads:
        return None
    for after in range(heads[0] + 1, min(end, heads[0] + 1 + t.title_window)):
        if items[after].label == "good":
            return after
    return None
