"""The heuristics' first pass: measure each block alone and give it a first label.

One job: per-block features and the context-free verdict of :mod:`cleaner.heuristics.classify` (step 1
of its docstring). For every block of a page: its characters, whether it ends a sentence,
whether it opens a comment thread or is a dated comment header, and a first label with the
heuristic that gave it: separators, link-only lines, link-heavy blocks, menu lines, comment
markers, short blocks with furniture words, italic notes and image captions are ``bad``; blocks
under ``short_chars`` are ``short``; longer blocks are ``good``, ``near-good`` or ``bad`` by
their stopword density in the page's language (or, for languages without a list, by their
terminal punctuation). Every threshold is a field of the page's
:class:`~cleaner.rules.thresholds.Thresholds`, in the table of ``docs/heuristics.md``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from itertools import chain
from operator import attrgetter
from types import EllipsisType
from typing import Literal

import regex

from cleaner.compiled import kernel
from cleaner.heuristics.language import LANGUAGES, OWN_LANGUAGES, detect_language, languages_of_words, stopwords
from cleaner.rules.thresholds import DEFAULT, Thresholds
from cleaner.rules.vocabulary import shipped_vocabulary
from cleaner.text.blocks import (
    COLUMN_GAP,
    LINK_LINE_FILLER,
    Block,
    block_lines,
    is_line_mode,
    known,
    line_kind,
    paragraph_mode,
    segment,
    tokens,
)
from cleaner.text.normalize import BIDI_CHARS
from cleaner.text.scripts import CLOSERS, SENTENCE_END, spaced, unpunctuated, weighted_length

__all__ = ["Item", "measure", "cut", "page_line_mode", "page_language", "furniture_words", "bio_opening", "FirstLabel", "FinalLabel"]

# What may close a sentence after its end mark (a set: one character at a time is asked).
_CLOSERS = frozenset(CLOSERS)
# The commonest sentence marks (each one that SENTENCE_END matches).
_ENDS = frozenset(".!?…")
# Commas of the scripts that write them (Latin, CJK full-width and ideographic, Arabic): a text
# that ends with one is a clause whose sentence goes on.
_CLAUSE_MARKS = frozenset(",、，،")
# The shipped phrase lists (rules/vocabulary/): the same words as the rules' and the pruner's.
_VOCABULARY = shipped_vocabulary()
# Lines that open a comment thread (the thread is cut there) ...
_THREAD_MARKER = regex.compile(_VOCABULARY.expand(
    r"(?i)^\W*(?:\p{L}[\w.'’-]*(?:\s+[\w.'’-]+){0,4}\s+\L<comment-verbs>\s*(?::|\.\.\.|…)(?!\s*[\x22“„«‘'])(?:\s*\S.{0,79})?"
    r"|(?:\d+|one)\s+\L<comment-count-nouns>\s+(?:on|to|zu|sur|en|к)\b.*"
    r"|(?:leave|post|add|write|submit) (?:a|an|your) (?:reply|replies|comments?|response).*"
    r"|discussion about this post|join the discussion)$"
))
# Words one of which every thread marker holds (a cheap test before the regex): the last word
# of each verb and noun, and those of the prompts.
_THREAD_WORDS = frozenset(
    phrase.lower().split()[-1] for name in ("comment-verbs", "comment-count-nouns") for phrase in _VOCABULARY.phrases(name)
) | {"reply", "replies", "comment", "comments", "response", "discussion"}
# ... and bare comment labels and counts, which open it too unless they sit in a toolbar.
_COMMENT_LABEL = regex.compile(_VOCABULARY.expand(
    r"(?i)^\W*(?:\d+\s+|(?:reader|readers['’]?|user|your|show|view|all)\s+)?"
    r"(?:\L<comment-labels>|responses)\s*(?:\(\d+\)|:\s*\d+)?\W*$"
))
# The words one of which every comment label holds.
_LABEL_WORDS = frozenset(phrase.lower() for phrase in _VOCABULARY.phrases("comment-labels")) | {"responses"}
_FURNITURE_WORDS = _VOCABULARY.words("furniture-words")
# A markdown table: rows between bars, the second a delimiter row. Its cells are separated by
# bars as a menu's items are, but it is body. ``re``: ``regex`` took time quadratic in the first
# line's length to give its ``[^\n]*`` back (72 s on a line of 320,000 "| a" cells), ``re`` linear.
_TABLE = re.compile(r"^\|[^\n]*\|[ \t]*\n\|[ \t]*:?-{3,}")
# ``re``: ``regex`` gave back the ".*" a character at a time and tried the end from each, quadratic
# on a long line of "_a" (28 s a megabyte); ``re`` takes it in linear time (normalized text holds
# no character whose ``\s`` the two modules read differently).
_WHOLE_EMPHASIS = re.compile(r"^(?:_[^_\n].*_|\*[^*\n].*\*)\s*$", re.DOTALL)
_CREDIT_WORDS = regex.compile(r"(?i)\b(?:photo|image|picture|graphic|illustration|credit|courtesy|foto|bild|фото|getty|reuters|afp|ap)\b")
# A name (one to four capitalised words, a nickname in quotes allowed) and then a verb that opens
# a bio. English only: the author boxes met so far are, and a miss here only keeps a bio.
_BIO = regex.compile(
    r"^\W*(?P<first>\p{Lu}[\p{L}'’.-]*)(?:\s+(?:\p{Lu}[\p{L}'’.-]*|[\"“][^\"”]{1,30}[\"”])){0,3}\s+"
    r"(?:is|was|has|had|covers|covered|writes|wrote|spent|joined|lives|loves|studied|works|worked|serves|teaches)\b")
# Capitalised words that open a sentence but name no one: "She is the author of three books"
# closing a profile is the story's, not a box's.
_NO_NAMES = frozenset(("he", "she", "they", "it", "we", "i", "you", "this", "that", "these", "those", "there",
                       "the", "a", "an", "his", "her", "their", "our", "my", "its", "what", "who"))
# A comment header holds a clock time and a date (numeric, ISO, or with an English month name).
_CLOCK = regex.compile(r"(?i)\b\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\.?m\b)?")
_DATE = regex.compile(
    r"(?i)\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d\d-\d\d\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
)
# Every date that _DATE finds holds a digit: most short lines hold none, and ``re`` tells so fastest.
_DIGIT = re.compile(r"\d")


# A block's first-pass label, and its label once its neighbours have been heard ("" until then).
FirstLabel = Literal["good", "near-good", "short", "bad"]
FinalLabel = Literal["", "good", "bad"]


@dataclass(init=False)
class Item:
    """One block as the heuristics see it: measures, and its label as it evolves. (Its
    ``__init__`` is written out: compiled, it builds an item several times faster than the one
    ``dataclass`` writes, which stays Python.)"""

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
    # A short line holding a date (a byline's, a comment header's), and a bare comment count or
    # label ("3 Comments"): what a post's header shows between its title and its body.
    dated: bool = False
    comment_label: bool = False
    # How many of its nearest settled neighbours are good (0-2), once the neighbour pass judged it.
    support: int = 0
    # Its stopword density, where its stopwords judged it (what the confidence score reads).
    density: float | None = None

    def __init__(self, block: Block, chars: int, terminal: bool, first: FirstLabel, name: str, detail: str,
                 label: FinalLabel = "", rule: bool | None = None, comment_marker: bool = False, stamp: bool = False,
                 dated: bool = False, comment_label: bool = False, support: int = 0,
                 density: float | None = None) -> None:
        self.block, self.chars, self.terminal, self.first, self.name, self.detail = block, chars, terminal, first, name, detail
        self.label, self.rule, self.comment_marker, self.stamp = label, rule, comment_marker, stamp
        self.dated, self.comment_label, self.support, self.density = dated, comment_label, support, density


# Item's fields after ``block``, in order: what a remembered measure restores.
_MEASURES = attrgetter(*(f.name for f in fields(Item)[1:]))


def bio_opening(text: str) -> regex.Match[str] | None:
    """The opening of an author's bio: a person's name and a verb of biography ("Jane Doe is a
    freelance writer", "Jane covered education"), not a pronoun's ("She is the author of").

    >>> bio_opening("Jane Doe is a freelance writer.").group("first"), bio_opening("She is a writer.")
    ('Jane', None)
    """
    match = _BIO.match(text)
    return None if match is None or match.group("first").casefold() in _NO_NAMES else match


def _signed_bio(text: str) -> bool:
    """A bio that opens with its author's full name (two words or more: "Jane Doe is a fellow
    at ..."); one word and a verb ("Sushi is my obsession") is as likely a quotation."""
    match = bio_opening(text)
    return match is not None and len(match.group(0).split()) >= 3


def _is_image(block: Block) -> bool:
    return block.kind == "link-line" and "![" in block.text and not block.plain.strip()


# The first-pass measures of blocks met before, by the block as written (kind, text), the
# page's language and whether an image comes before it, one memo per set of thresholds: a kept
# block that settling judges again, and a site's furniture on its other pages, are measured once.
# Forgotten all at once past the bound.
MEMO_BLOCKS = 20_000
# Sets of thresholds (the defaults and sites' own) whose memos are kept.
MEMO_THRESHOLDS = 16
_MEASURED: dict[Thresholds, dict[tuple[str, str, str | None, bool], tuple[object, ...]]] = {}


def _measure(block: Block, words: tuple[str, ...], stops: frozenset[str] | None, after_image: bool,
             t: Thresholds, calibrated: bool = True) -> Item:
    text = block.plain.strip()
    # A column gap ("Home" padded out to the story's column beside it) is spaces, not text.
    chars = weighted_length(COLUMN_GAP.sub(" ", text) if "   " in text or "\t" in text else text)
    count = len(words)
    last = text[-1:]
    # A text that ends with a sentence mark holds one; one that ends with a closing quote or
    # bracket must hold one before it (the commonest marks told without a pattern).
    terminal = (last in _ENDS or SENTENCE_END.match(last) is not None
                or (last in _CLOSERS and SENTENCE_END.search(text) is not None))
    item = Item(block, chars, terminal, "bad", "", "")
    # A numbered line ("3. In-file Search", an ordered item or a numbered heading) is a step or a
    # section of the article: menus and share boxes are not numbered, so its furniture words say
    # nothing and its neighbours judge it.
    hits = ([w for w in words if w in _FURNITURE_WORDS]
            if count <= t.lexicon_dense_max_words and not _FURNITURE_WORDS.isdisjoint(words)
            and not (block.marker[:1].isdigit() or (block.kind == "heading" and text[:1].isdigit())) else [])
    separators = text.count(" | ") + text.count(" · ") + text.count(" • ")
    marker = (count <= t.marker_max_words and not _THREAD_WORDS.isdisjoint(words)
              and _THREAD_MARKER.match(text) is not None)
    # A link-heavy "[Jane](/u/1) said..." line still opens the thread, whatever its label.
    item.comment_marker = marker
    item.dated = (count <= t.stamp_max_words and _DIGIT.search(text) is not None
                  and _DATE.search(text) is not None)
    item.stamp = item.dated and ":" in text and _CLOCK.search(text) is not None
    if block.kind == "separator":
        item.name, item.detail = "separator", "a separator line"
    elif block.kind == "code":
        # Fences are the author's markup: no site sets its furniture as code.
        item.first, item.name, item.detail = "good", "code", "a fenced code block"
    elif block.kind == "link-line":
        item.name, item.detail = "link-line", "only links"
    elif block.link_density > t.max_link_density:
        item.name, item.detail = "link-density", f"link density {block.link_density:.2f} > {t.max_link_density:.2f}"
        if block.kind == "paragraph" and chars >= t.long_chars and terminal and stops is not None:
            # A long sentence-ending paragraph whose links are woven into prose (a blogger's
            # citations) is body if its neighbours are.
            density = sum(map(stops.__contains__, words)) / count if count else 0.0
            if density >= t.good_stopword_density:
                item.first = "near-good"
                item.detail += f", but prose: stopword density {density:.2f} >= {t.good_stopword_density:.2f}"
    elif separators >= t.menu_separators and not terminal and not _TABLE.match(block.text):
        item.name, item.detail = "menu-line", f"{separators} separators >= {t.menu_separators}"
    elif marker:
        item.name, item.detail, item.comment_marker = "comment-marker", "opens a comment thread", True
    elif count <= t.comment_label_words and _COMMENT_LABEL.match(text):
        item.comment_marker = item.comment_label = True
        item.name, item.detail = "comment-marker", "a comment count or label"
    elif hits and count <= t.lexicon_max_words:
        item.name, item.detail = "furniture-word", f"{hits[0]!r} in {count} words <= {t.lexicon_max_words}"
    elif len(hits) >= t.lexicon_dense_hits:
        item.name, item.detail = "furniture-words", f"{len(hits)} furniture words >= {t.lexicon_dense_hits} in {count} words"
    elif (block.text[:1] in "_*" and _WHOLE_EMPHASIS.match(block.text)
          and (count <= t.emphasis_max_words or (count <= t.emphasis_bio_max_words and _signed_bio(text)))):
        limit = t.emphasis_max_words if count <= t.emphasis_max_words else t.emphasis_bio_max_words
        bio = "" if count <= t.emphasis_max_words else "an author's bio "
        item.name, item.detail = "emphasis", f"{bio}set in italics or bold, {count} words <= {limit}"
    elif (after_image and block.kind != "heading" and count <= t.caption_max_words
          and last != ":"  # a line that ends with a colon introduces what follows, not the picture
          and (not terminal or _CREDIT_WORDS.search(text))):
        item.name, item.detail = "caption", f"after an image, {count} words <= {t.caption_max_words}"
    elif chars < t.short_chars:
        item.first, item.name, item.detail = "short", "short", f"{chars} chars < {t.short_chars}"
    else:
        _judge_long(item, words, stops, t, calibrated)
    return item


_RANK: dict[FirstLabel, int] = {"bad": 0, "short": 0, "near-good": 1, "good": 2}


def _judge_long(item: Item, words: tuple[str, ...], stops: frozenset[str] | None, t: Thresholds,
                calibrated: bool) -> None:
    """Label a block too long to be short: by its stopwords in the page's language, else by its
    punctuation (or, in Thai and Lao, its length). A list the thresholds were not measured with
    (``calibrated`` false: the stop-words package's) only speaks for a block: where it says less
    than the punctuation does (Arabic and Persian glue function words to the next word, Urdu reads
    as Persian), the punctuation decides, so that prose is never lost to a list."""
    if stops is not None:
        density = sum(map(stops.__contains__, words)) / len(words) if words else 0.0
        item.name, item.density = "stopwords", density
        if density >= t.good_stopword_density and item.chars >= t.long_chars:
            item.first, item.detail = "good", f"stopword density {density:.2f} >= {t.good_stopword_density:.2f}"
        elif density >= t.near_stopword_density:
            item.first, item.detail = "near-good", f"stopword density {density:.2f} >= {t.near_stopword_density:.2f}"
        elif item.terminal and density >= t.sentence_stopword_density and item.block.kind == "paragraph":
            # A sentence crowded with names and figures ("Sens. Barbara Boxer, D-Calif., and Byron
            # Dorgan, D-N.D., ..."): short, so that its neighbours judge it, as a short sentence.
            item.first = "short"
            item.detail = (f"stopword density {density:.2f} < {t.near_stopword_density:.2f}, "
                           f">= {t.sentence_stopword_density:.2f} and ends a sentence")
        else:
            item.detail = f"stopword density {density:.2f} < {t.near_stopword_density:.2f}"
        if calibrated or item.first == "good":
            return
    length = item.chars >= t.long_chars
    first: FirstLabel
    if item.terminal:
        first, name, detail = ("good" if length else "near-good"), "punctuation", f"{item.chars} chars, ends a sentence"
    elif item.block.plain.rstrip()[-1:] in _CLAUSE_MARKS:
        # A line that stops at a comma goes on in the next one (prose wrapped at a clause, as a
        # Japanese page breaks its lines after 、): a label or a menu never ends so.
        first, name, detail = "near-good", "punctuation", f"{item.chars} chars, ends a clause"
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


def measure(blocks: Sequence[Block], language: str | None | EllipsisType = ..., t: Thresholds = DEFAULT) -> list[Item]:
    """Measure every block of a page and give it its first label, by the thresholds ``t``;
    ``language`` is the page's (None: no stopword list fits), detected from the blocks when not
    given (``...``).

    >>> from cleaner.text.blocks import segment
    >>> [(i.first, i.name) for i in measure(segment("Home | News | Sport | Weather\\n\\nThe vote was close."))]
    [('bad', 'menu-line'), ('short', 'short')]
    """
    if language is ...:
        language = detect_language(chain.from_iterable(tokens(block.plain) for block in blocks), t)
    stops = stopwords(language) if language else None
    memo = _MEASURED.get(t)
    if memo is None:
        if len(_MEASURED) >= MEMO_THRESHOLDS:
            _MEASURED.clear()
        memo = _MEASURED[t] = {}
    # Each block's measures are remembered in ``memo`` (that of ``t``) by the memo key's parts,
    # on which alone they depend.
    items = []
    calibrated = language in OWN_LANGUAGES
    # The kernel measures the blocks it cut, in the languages the thresholds were measured with.
    kernel = _KERNEL if calibrated else None
    after_image = False
    for block in blocks:
        if kernel is not None and block.page is not None:
            item = kernel.measure_block(block, language, after_image, t)
            if item is not None:
                items.append(item)
                after_image = block.kind == "link-line" and _is_image(block)
                continue
        key = (block.kind, block.text, language, after_image)
        known = memo.get(key)
        if known is None:
            if len(memo) >= MEMO_BLOCKS:
                memo.clear()
            item = _measure(block, tokens(block.plain), stops, after_image, t, calibrated)
            memo[key] = _MEASURES(item)
        else:
            item = Item(block, *known)  # type: ignore[arg-type]
        items.append(item)
        after_image = block.kind == "link-line" and _is_image(block)
    return items


def cut(text: str) -> list[Block]:
    """Normalized ``text`` cut into blocks, as :func:`~cleaner.text.blocks.segment` cuts it: by
    the compiled kernel where it is built and takes the page (its blocks then carry the words the
    kernel read, for :func:`page_language` and :func:`measure`), else by ``segment``."""
    if _KERNEL is not None:
        blocks = _KERNEL.read_page(text, None, block_lines(text))
        if blocks is not None:
            return blocks  # type: ignore[no-any-return]
    return segment(text)


def page_line_mode(text: str, blocks: Sequence[Block]) -> bool:
    """Whether normalized ``text``, cut into ``blocks`` by :func:`cut`, is read one line per block
    (:func:`~cleaner.text.blocks.is_line_mode`): as the kernel found when it cut the page, where
    it did (so the page's lines are not split and counted again)."""
    if blocks and blocks[0].page is not None:
        return blocks[0].page.line_mode  # type: ignore[no-any-return]
    return is_line_mode(text)


def page_language(blocks: Sequence[Block], t: Thresholds = DEFAULT) -> str | None:
    """The language of a page as :func:`~cleaner.heuristics.language.detect_language` tells it
    from the words of its blocks, up to ``t.sample_words``."""
    if _KERNEL is not None and blocks and blocks[0].page is not None:
        # (``...`` where a block is another page's, or the kernel did not cut the words.)
        found = blocks[0].page.language(blocks, t.sample_words, t.min_stopword_share)
        if found is not ...:
            return found  # type: ignore[no-any-return]
    # The blocks' words gathered a block at a time (a tuple each), up to the sample's size:
    # what the language guess counts, without a generator step for every word.
    words: list[str] = []
    for block in blocks:
        words += tokens(block.plain)
        if len(words) >= t.sample_words:
            break
    return detect_language(words, t)


# The compiled kernel (cleaner/heuristics/kernel.pyx), where it is built: it does the work of
# ``segment``, ``page_language`` and ``measure`` in C, exactly as they do it.
_KERNEL = kernel()
if _KERNEL is not None:
    _KERNEL.configure(line_kind, known, tokens, spaced, _signed_bio,
                      (_THREAD_MARKER, _COMMENT_LABEL, _WHOLE_EMPHASIS, _CREDIT_WORDS, _DATE, _CLOCK, _TABLE, LINK_LINE_FILLER),
                      paragraph_mode, LANGUAGES, languages_of_words(), _FURNITURE_WORDS, _THREAD_WORDS,
                      _LABEL_WORDS, BIDI_CHARS)
