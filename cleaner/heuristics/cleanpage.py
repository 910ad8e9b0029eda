"""Whether a page is an article already clean, and which of its blocks are furniture all the same.

One job: step 1b of :mod:`cleaner.heuristics.classify`. A page that shows few kinds of furniture,
never two such blocks in a row, in paragraphs, is an article already clean (an extractor's output,
a body cleaned before): judging it by prose measures only loses its lists, tables, dialogue and
verse, so only what is furniture all the same goes.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from cleaner.heuristics.firstpass import Item, furniture_words
from cleaner.rules.thresholds import Thresholds
from cleaner.text.blocks import Block

__all__ = ["furniture_kinds", "furniture_in_clean_page", "shows_furniture", "SHAPES"]

# First-pass verdicts that show furniture, rather than a mere want of prose.
_FURNITURE_SIGNS = frozenset(("link-line", "link-density", "menu-line", "furniture-word", "furniture-words",
                              "comment-marker", "emphasis", "caption"))
# ... of which these show it by their shape, whatever their words.
SHAPES = frozenset(("link-line", "link-density", "menu-line"))


def shows_furniture(item: Item) -> bool:
    """Whether the first pass called a block bad for a sign of furniture (not a want of prose)."""
    return item.first == "bad" and item.name in _FURNITURE_SIGNS and item.block.kind != "separator"


def furniture_kinds(items: Sequence[Item], sources: Sequence[Hashable] | None,
                    t: Thresholds, metadata: Sequence[bool] | None = None) -> set[Hashable] | None:
    """The kinds of furniture the page shows: what dropped each block a rule dropped (separator
    lines aside: clean text has them too, and so the lines a metadata rule took, flagged in
    ``metadata``: a clean article carries its byline and date lines, an archive its dated
    titles), and the first-pass verdicts that show furniture; None when two blocks in a row show
    furniture (a region of it, which no clean article has) or when the page is read one line
    per block."""
    gaps = sum(item.block.gap for item in items[1:])
    if not gaps or gaps < t.clean_page_min_gaps * len(items):
        return None
    kinds: set[Hashable] = set()
    previous = False
    for index, item in enumerate(items):
        if item.block.kind == "separator" or (metadata is not None and metadata[index]):
            continue
        if item.rule is False:
            kinds.add(("rule", sources[index] if sources is not None else index))
        elif item.rule is None and shows_furniture(item) and not _own_links(item, t):
            kinds.add(item.name)
            if item.name not in SHAPES:
                # Lines that name furniture may follow each other in an article ("Facebook: ...",
                # "YouTube: ..." under a blog post); links and menus in a row are a region of it.
                previous = False
                if len(kinds) > t.clean_page_kinds:
                    return None
                continue
        else:
            previous = False
            continue
        if previous or len(kinds) > t.clean_page_kinds:
            return None
        previous = True
    return kinds


def furniture_in_clean_page(item: Item, links: bool, t: Thresholds) -> bool:
    """Whether a block of a clean article is furniture all the same: a separator, a block shaped
    as furniture (links, unless ``links`` is false, or a menu), a caption, or a line made mostly
    of furniture words or naming two ("Tweet Share Reddit", "Share the news, share the truth");
    a line that merely names furniture once ("Follow Jane on Twitter") is not."""
    if item.block.kind == "separator":
        return True
    if item.first != "bad":
        return False
    if _own_links(item, t):
        return False
    if not links and item.name in ("link-line", "link-density"):
        # Its links weighed already, a link line is judged by its words, as its text will be.
        return item.block.words <= t.lexicon_dense_max_words and _mostly_furniture(item.block, t)
    return (item.name in SHAPES or item.name == "caption"
            or (item.name in ("furniture-word", "furniture-words")
                and _mostly_furniture(item.block, t, prose=item.terminal and item.block.words > t.lexicon_max_words)))


def _own_links(item: Item, t: Thresholds) -> bool:
    """Whether a block shaped as links is an article's own all the same: a heading (a title linked
    to its own page) or a sentence longer than a label that cites its sources in links."""
    return item.name in ("link-line", "link-density") and (
        item.block.kind == "heading"
        or (item.block.kind == "paragraph" and item.terminal and item.block.words > t.lexicon_max_words))


def _mostly_furniture(block: Block, t: Thresholds, prose: bool = False) -> bool:
    """Furniture words make up the block, or it names two of them; a sentence longer than a
    label (``prose``) only by the share ("Ms. Chan did not return calls seeking comment." names
    two and is the article's)."""
    hits, words = furniture_words(block)
    return (hits >= t.lexicon_dense_hits and not prose) or hits >= t.clean_page_furniture_share * words
