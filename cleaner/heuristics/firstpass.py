"""The heuristics' first pass: measure each block alone and give it a first label.

One job: per-block features and the context-free verdict of :mod:`cleaner.heuristics.classify` (step 1
of its docstring). For every block of a page: its characters, whether it ends a sentence,
whether it opens a comment thread or is a dated comment header, and a first label with the
heuristic that gave it: separators, link-only lines, link-heavy blocks, menu lines, comment
markers, short blocks with furniture words, italic notes and image captions are ``bad``; blocks
under ``SHORT_CHARS`` are ``short``; longer blocks are ``good``, ``near-good`` or ``bad`` by
their stopword density in the page's language (or, for languages without a list, by their
terminal punctuation). Every threshold is a named constant, in the table of
``docs/heuristics.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from itertools import chain
from operator import attrgetter
from types import EllipsisType
from typing import Literal

import regex

from cleaner.heuristics.language import OWN_LANGUAGES, detect_language, stopwords
from cleaner.text.blocks import Block, tokens
from cleaner.text.scripts import SENTENCE_END, unpunctuated, weighted_length

__all__ = ["Item", "measure", "furniture_words", "FirstLabel", "FinalLabel"]

# A block with more than this share of its characters in links is navigation.
MAX_LINK_DENSITY = 0.5
# Blocks shorter than this (characters of plain text) are too short to judge alone.
SHORT_CHARS = 90
# A block at least this long, with enough stopwords, is good on its own.
LONG_CHARS = 150
# Stopword density (stopwords / words) at or above which a long block is good ...
GOOD_STOPWORD_DENSITY = 0.30
# ... and at or above which a block is near-good (a good block if a neighbour is good).
NEAR_STOPWORD_DENSITY = 0.20
# A block of at most this many words that holds a furniture word is furniture.
LEXICON_MAX_WORDS = 8
# A block of at most this many words holding this many furniture words is furniture too.
LEXICON_DENSE_MAX_WORDS = 25
LEXICON_DENSE_HITS = 2

# A line with at least this many " | " or " · " separators (and no sentence end) is a menu.
MENU_SEPARATORS = 3
# A paragraph set wholly in italics or bold, of at most this many words, is a standfirst, a note
# or a bio, not body.
EMPHASIS_MAX_WORDS = 60
# A block right after an image, of at most this many words, without a sentence end or with a
# credit word (photo, Getty, ...), is the image's caption.
CAPTION_MAX_WORDS = 40
# Comment headers ("Jane Doe | 6 Nov 2012 4:05 PM") are lines of at most this many words with a
# date and a clock time.
STAMP_MAX_WORDS = 15
# Comment markers are at most this long ("Jane Doe says: 3 May 2024 at 9:12 pm").
MARKER_MAX_WORDS = 25
# A bare comment label or count ("12 Comments", "Comments (3)") has at most this many words.
COMMENT_LABEL_WORDS = 3

# What may close a sentence after its end mark: quotes and brackets.
_CLOSERS = frozenset("»\"”’')]」』）")
# Lines that open a comment thread (the thread is cut there) ...
_THREAD_MARKER = regex.compile(
    r"(?i)^\W*(?:\p{L}[\w.'’-]*(?:\s+[\w.'’-]+){0,4}\s+(?:says|said|wrote|writes|replied|sagt|schreibt|dit|a dit|écrit|dice|dijo|escribió|пишет|написал[аи]?)\s*(?::|\.\.\.|…)(?!\s*[\x22“„«‘'])(?:\s*\S.{0,79})?"
    r"|(?:\d+|one)\s+(?:thoughts|responses?|replies|comments?|kommentare|commentaires|comentarios|комментари\w*)\s+(?:on|to|zu|sur|en|к)\b.*"
    r"|(?:leave|post|add|write|submit) (?:a|an|your) (?:reply|replies|comments?|response).*"
    r"|discussion about this post|join the discussion)$"
)
# Words one of which every thread marker holds (a cheap test before the regex).
_THREAD_WORDS = frozenset(
    """says said wrote writes replied sagt schreibt dit écrit dice dijo escribió пишет написал
    написала написали thoughts responses response replies reply comments comment kommentare
    kommentar commentaires commentaire comentarios comentario комментарии комментария
    комментариев комментарий leave discussion""".split()
)
# ... and bare comment labels and counts, which open it too unless they sit in a toolbar.
_COMMENT_LABEL = regex.compile(
    r"(?i)^\W*(?:\d+\s+|(?:reader|readers['’]?|user|your|show|view|all)\s+)?"
    r"(?:comments?|responses|kommentare|commentaires|comentarios|комментарии)\s*(?:\(\d+\)|:\s*\d+)?\W*$"
)
_FURNITURE_WORDS = frozenset(
    """share shares tweet facebook twitter instagram linkedin whatsapp pinterest reddit telegram
    youtube tiktok print email subscribe subscribed unsubscribe newsletter login logout
    signup register cookie cookies privacy copyright rights reserved advertisement
    advertising advertise sponsored menu search navigation skip related trending popular
    comments comment reply permalink tags tagged category categories archive archives rss
    loading teilen abonnieren anmelden werbung anzeige impressum datenschutz partager abonnez
    publicité inscrivez compartir suscríbete publicidad поделиться подписаться реклама""".split()
)
# A markdown table: rows between bars, the second a delimiter row. Its cells are separated by
# bars as a menu's items are, but it is body.
_TABLE = regex.compile(r"^\|[^\n]*\|[ \t]*\n\|[ \t]*:?-{3,}")
_WHOLE_EMPHASIS = regex.compile(r"^(?:_[^_\n].*_|\*[^*\n].*\*)\s*$", regex.DOTALL)
_CREDIT_WORDS = regex.compile(r"(?i)\b(?:photo|image|picture|graphic|illustration|credit|courtesy|foto|bild|фото|getty|reuters|afp|ap)\b")
# A comment header holds a clock time and a date (numeric, ISO, or with an English month name).
_CLOCK = regex.compile(r"(?i)\b\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\.?m\b)?")
_DATE = regex.compile(
    r"(?i)\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d\d-\d\d\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
)


# A block's first-pass label, and its label once its neighbours have been heard ("" until then).
FirstLabel = Literal["good", "near-good", "short", "bad"]
FinalLabel = Literal["", "good", "bad"]


@dataclass(slots=True)
class Item:
    """One block as the heuristics see it: measures, and its label as it evolves."""

    block: Block
    chars: int
    terminal: bool
    first: FirstLabel
    name: str
    detail: str
    label: FinalLabel = ""
    rule: bool | None = None
    comment_marker: bool = False
    stamp: bool = False
    # How many of its nearest settled neighbours are good (0-2), once the neighbour pass judged it.
    support: int = 0
    # Its stopword density, where its stopwords judged it (what the confidence score reads).
    density: float | None = None


# Item's fields after ``block``, in order: what a remembered measure restores.
_MEASURES = attrgetter(*(f.name for f in fields(Item)[1:]))


def _is_image(block: Block) -> bool:
    return block.kind == "link-line" and "![" in block.text and not block.plain.strip()


# The first-pass measures of blocks met before, by the block as written (kind, text, gap), the
# page's language and whether an image comes before it: a kept block that settling judges again,
# and a site's furniture on its other pages, are measured once. Forgotten all at once past the bound.
MEMO_BLOCKS = 20_000
_MEASURED: dict[tuple[str, str, bool, str | None, bool], tuple[object, ...]] = {}


def _remembered(block: Block, words: list[str], language: str | None, stops: frozenset[str] | None,
              after_image: bool) -> Item:
    """:func:`_measure`, remembered: its result depends only on the memo key's parts."""
    key = (block.kind, block.text, block.gap, language, after_image)
    known = _MEASURED.get(key)
    if known is None:
        if len(_MEASURED) >= MEMO_BLOCKS:
            _MEASURED.clear()
        item = _measure(block, words, stops, after_image, language in OWN_LANGUAGES)
        _MEASURED[key] = _MEASURES(item)
        return item
    return Item(block, *known)  # type: ignore[arg-type]


def _measure(block: Block, words: list[str], stops: frozenset[str] | None, after_image: bool,
             calibrated: bool = True) -> Item:
    text = block.plain.strip()
    chars = weighted_length(text)
    count = len(words)
    last = text[-1:]
    terminal = ((last in _CLOSERS or SENTENCE_END.match(last) is not None)
                and SENTENCE_END.search(text) is not None)
    item = Item(block, chars, terminal, "bad", "", "")
    hits = [w for w in words if w in _FURNITURE_WORDS] if count <= LEXICON_DENSE_MAX_WORDS else []
    separators = text.count(" | ") + text.count(" · ") + text.count(" • ")
    marker = (count <= MARKER_MAX_WORDS and not _THREAD_WORDS.isdisjoint(words)
              and _THREAD_MARKER.match(text) is not None)
    # A link-heavy "[Jane](/u/1) said..." line still opens the thread, whatever its label.
    item.comment_marker = marker
    item.stamp = (count <= STAMP_MAX_WORDS and ":" in text and _CLOCK.search(text) is not None
                  and _DATE.search(text) is not None)
    if block.kind == "separator":
        item.name, item.detail = "separator", "a separator line"
    elif block.kind == "link-line":
        item.name, item.detail = "link-line", "only links"
    elif block.link_density > MAX_LINK_DENSITY:
        item.name, item.detail = "link-density", f"link density {block.link_density:.2f} > {MAX_LINK_DENSITY:.2f}"
        if block.kind == "paragraph" and chars >= LONG_CHARS and terminal and stops is not None:
            # A long sentence-ending paragraph whose links are woven into prose (a blogger's
            # citations) is body if its neighbours are.
            density = sum(1 for w in words if w in stops) / count if count else 0.0
            if density >= GOOD_STOPWORD_DENSITY:
                item.first = "near-good"
                item.detail += f", but prose: stopword density {density:.2f} >= {GOOD_STOPWORD_DENSITY:.2f}"
    elif separators >= MENU_SEPARATORS and not terminal and not _TABLE.match(block.text):
        item.name, item.detail = "menu-line", f"{separators} separators >= {MENU_SEPARATORS}"
    elif marker:
        item.name, item.detail, item.comment_marker = "comment-marker", "opens a comment thread", True
    elif count <= COMMENT_LABEL_WORDS and _COMMENT_LABEL.match(text):
        item.comment_marker = True
        item.name, item.detail = "comment-marker", "a comment count or label"
    elif hits and count <= LEXICON_MAX_WORDS:
        item.name, item.detail = "furniture-word", f"{hits[0]!r} in {count} words <= {LEXICON_MAX_WORDS}"
    elif len(hits) >= LEXICON_DENSE_HITS:
        item.name, item.detail = "furniture-words", f"{len(hits)} furniture words >= {LEXICON_DENSE_HITS} in {count} words"
    elif block.text[:1] in "_*" and count <= EMPHASIS_MAX_WORDS and _WHOLE_EMPHASIS.match(block.text):
        item.name, item.detail = "emphasis", f"set in italics or bold, {count} words <= {EMPHASIS_MAX_WORDS}"
    elif after_image and count <= CAPTION_MAX_WORDS and (not terminal or _CREDIT_WORDS.search(text)):
        item.name, item.detail = "caption", f"after an image, {count} words <= {CAPTION_MAX_WORDS}"
    elif chars < SHORT_CHARS:
        item.first, item.name, item.detail = "short", "short", f"{chars} chars < {SHORT_CHARS}"
    else:
        _judge_long(item, words, stops, calibrated)
    return item


_RANK: dict[FirstLabel, int] = {"bad": 0, "short": 0, "near-good": 1, "good": 2}


def _judge_long(item: Item, words: list[str], stops: frozenset[str] | None, calibrated: bool) -> None:
    """Label a block too long to be short: by its stopwords in the page's language, else by its
    punctuation (or, in Thai and Lao, its length). A list the thresholds were not measured with
    (``calibrated`` false: the stop-words package's) only speaks for a block: where it says less
    than the punctuation does (Arabic and Persian glue function words to the next word, Urdu reads
    as Persian), the punctuation decides, so that prose is never lost to a list."""
    if stops is not None:
        density = sum(1 for w in words if w in stops) / len(words) if words else 0.0
        item.name, item.density = "stopwords", density
        if density >= GOOD_STOPWORD_DENSITY and item.chars >= LONG_CHARS:
            item.first, item.detail = "good", f"stopword density {density:.2f} >= {GOOD_STOPWORD_DENSITY:.2f}"
        elif density >= NEAR_STOPWORD_DENSITY:
            item.first, item.detail = "near-good", f"stopword density {density:.2f} >= {NEAR_STOPWORD_DENSITY:.2f}"
        else:
            item.detail = f"stopword density {density:.2f} < {NEAR_STOPWORD_DENSITY:.2f}"
        if calibrated or item.first == "good":
            return
    length = item.chars >= LONG_CHARS
    first: FirstLabel
    if item.terminal:
        first, name, detail = ("good" if length else "near-good"), "punctuation", f"{item.chars} chars, ends a sentence"
    elif unpunctuated(item.block.plain):
        # Thai and Lao write no sentence marks: length alone tells prose from a label.
        first, name = ("good" if length else "near-good"), "length"
        detail = f"{item.chars} chars in a script without sentence marks"
    else:
        first, name, detail = "bad", "punctuation", "no terminal punctuation"
    if stops is None or _RANK[first] > _RANK[item.first]:
        item.first, item.name, item.detail = first, name, detail


def furniture_words(block: Block) -> tuple[int, int]:
    """How many of a block's words are furniture words (share, tweet, subscribe ...), of how many.

    >>> from cleaner.text.blocks import segment
    >>> furniture_words(segment("Tweet Share Reddit")[0]), furniture_words(segment("Follow Jane on Twitter.")[0])
    ((3, 3), (1, 4))
    """
    words = tokens(block.plain)
    return sum(1 for word in words if word in _FURNITURE_WORDS), len(words)


def measure(blocks: Sequence[Block], language: str | None | EllipsisType = ...) -> list[Item]:
    """Measure every block of a page and give it its first label; ``language`` is the page's
    (None: no stopword list fits), detected from the blocks when not given (``...``).

    >>> from cleaner.text.blocks import segment
    >>> [(i.first, i.name) for i in measure(segment("Home | News | Sport | Weather\\n\\nThe vote was close."))]
    [('bad', 'menu-line'), ('short', 'short')]
    """
    page_words = [tokens(block.plain) for block in blocks]
    if language is ...:
        language = detect_language(chain.from_iterable(page_words))
    stops = stopwords(language) if language else None
    return [_remembered(block, words, language, stops, index > 0 and _is_image(blocks[index - 1]))
            for index, (block, words) in enumerate(zip(blocks, page_words))]
