"""Whether a page is an article already clean, and which of its blocks are furniture all the same.

One job: step 1b of :mod:`cleaner.heuristics.classify`. A page that shows few kinds of furniture,
never two such blocks in a row, in paragraphs, is an article already clean (an extractor's output,
a body cleaned before): judging it by prose measures only loses its lists, tables, dialogue and
verse, so only what is furniture all the same goes.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from cleaner.heuristics.firstpass import LEXICON_DENSE_HITS, LEXICON_DENSE_MAX_WORDS, Item, furniture_words
from cleaner.text.blocks import Block

__all__ = ["furniture_kinds", "furniture_in_clean_page", "shows_furniture", "CLEAN_PAGE_KINDS",
           "CLEAN_PAGE_MIN_GAPS", "CLEAN_PAGE_FURNITURE_SHARE", "SHAPES"]

# A page showing at most this many kinds of furniture (each rule that dropped a block is a kind;
# so are link lines, link-heavy blocks, menu lines, furniture words, comment markers, notes and
# captions in the first pass), never two blocks in a row dropped by rules or shaped as furniture,
# is an article already cleaned: the heuristics drop what is furniture all the same and a comment
# thread, and keep the rest. Scraped pages show many kinds at once (navigation, share bar, related links, copyright) and
# runs of them (a link list, a footer); a clean article, a stray date line or two. A page read one
# line per block (a lynx dump, a WET record: fewer than this share of its blocks after a blank
# line) is a scrape whose furniture the rules may not know, never taken for a clean article.
CLEAN_PAGE_KINDS = 2
CLEAN_PAGE_MIN_GAPS = 0.1
# In a clean article a line at least this much made of furniture words is furniture all the same.
CLEAN_PAGE_FURNITURE_SHARE = 0.3

# First-pass verdicts that show furniture, rather than a mere want of prose.
_FURNITURE_SIGNS = frozenset(("link-line", "link-density", "menu-line", "furniture-word", "furniture-words",
                              "comment-marker", "emphasis", "caption"))
# ... of which these show it by their shape, whatever their words.
SHAPES = frozenset(("link-line", "link-density", "menu-line"))


def shows_furniture(item: Item) -> bool:
    """Whether the first pass called a block bad for a sign of furniture (not a want of prose)."""
    return item.first == "bad" and item.name in _FURNITURE_SIGNS and item.block.kind != "separator"


def furniture_kinds(items: Sequence[Item], sources: Sequence[Hashable] | None) -> set[Hashable] | None:
    """The kinds of furniture the page shows: what dropped each block a rule dropped (separator
    lines aside: clean text has them too), and the first-pass verdicts that show furniture; None
    when two blocks in a row show furniture (a region of it, which no clean article has) or
    when the page is read one line per block."""
    gaps = sum(item.block.gap for item in items[1:])
    if not gaps or gaps < CLEAN_PAGE_MIN_GAPS * len(items):
        return None
    kinds: set[Hashable] = set()
    previous = False
    for index, item in enumerate(items):
        if item.block.kind == "separator":
            continue
        if item.rule is False:
            kinds.add(("rule", sources[index] if sources is not None else index))
        elif item.rule is None and shows_furniture(item):
            kinds.add(item.name)
            if item.name not in SHAPES:
                # Lines that name furniture may follow each other in an article ("Facebook: ...",
                # "YouTube: ..." under a blog post); links and menus in a row are a region of it.
                previous = False
                if len(kinds) > CLEAN_PAGE_KINDS:
                    return None
                continue
        else:
            previous = False
            continue
        if previous or len(kinds) > CLEAN_PAGE_KINDS:
            return None
        previous = True
    return kinds


def furniture_in_clean_page(item: Item, links: bool) -> bool:
    """Whether a block of a clean article is furniture all the same: a separator, a block shaped
    as furniture (links, unless ``links`` is false, or a menu), a caption, or a line made mostly
    of furniture words or naming two ("Tweet Share Reddit", "Share the news, share the truth");
    a line that merely names furniture once ("Follow Jane on Twitter") is not."""
    if item.block.kind == "separator":
        return True
    if item.first != "bad":
        return False
    if not links and item.name in ("link-line", "link-density"):
        # Its links weighed already, a link line is judged by its words, as its text will be.
        return item.block.words <= LEXICON_DENSE_MAX_WORDS and _mostly_furniture(item.block)
    return (item.name in SHAPES or item.name == "caption"
            or (item.name in ("furniture-word", "furniture-words") and _mostly_furniture(item.block)))


def _mostly_furniture(block: Block) -> bool:
    hits, words = furniture_words(block)
    return hits >= LEXICON_DENSE_HITS or hits >= CLEAN_PAGE_FURNITURE_SHARE * words
