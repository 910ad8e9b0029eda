"""Fallback heuristics for the blocks that no rule decided.

One job: label undecided blocks as body or furniture, explainably. A jusText-style classifier
built for text, every threshold a named constant (the table is in ``docs/heuristics.md``):

1. First pass, each block alone: separators, link-only lines, link-heavy blocks, menu lines,
   comment markers, short blocks with furniture words, italic notes and image captions are
   ``bad``; blocks under ``SHORT_CHARS`` are ``short``; longer blocks are ``good``, ``near-good``
   or ``bad`` by their stopword density in the page's language (or, for languages without a
   list, by their terminal punctuation). Pages too small to judge are kept whole.
2. Neighbours: runs of near-good blocks long enough together are good; then ``near-good`` and
   ``short`` blocks take the side of their nearest settled neighbours (a heading or list item
   before good text is good; a short line between bad ones is bad).
3. The comment thread after the article is cut at its first marker (a "says:" line, a comment
   label, or dated comment headers); of the rest, the contiguous
   run of blocks with the best score (good characters minus bad ones, blocks that rules dropped
   costing a little, a bonus under the H1) is the article, and good blocks outside it are
   dropped. The headline just before the run (an H1, or a title-like line) is kept. A page with
   no run worth anything keeps whatever the first pass did not call bad.

Each label carries the name of the heuristic that decided (the decision's reason is
``heuristic:<name>``), a detail with the measured value and its threshold, and the first-pass and
final labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from itertools import chain
from operator import attrgetter

import regex

from cleaner.blocks import Block, tokens
from cleaner.language import detect_language, stopwords

__all__ = ["Label", "classify"]

# Pages whose undecided blocks hold fewer words than this are too small to judge: the
# heuristics keep them (rules still apply).
SMALL_PAGE_WORDS = 30

# --- first pass ---------------------------------------------------------------------------
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

# --- neighbours ---------------------------------------------------------------------------
# At least this many consecutive near-good blocks, holding at least this many characters, are
# good together.
PROSE_RUN_BLOCKS = 2
PROSE_RUN_CHARS = 300
# How many blocks away the neighbour pass looks for a non-short neighbour.
NEIGHBOUR_DISTANCE = 10
# This many blocks dropped by rules in a row (a share bar, a newsletter box) are a bad neighbour.
RULE_GAP_BLOCKS = 2

# --- main run -----------------------------------------------------------------------------
# What a bad block costs the run, at least, in characters (so runs of short menu lines add up).
BAD_BLOCK_MIN_COST = 40
# What a block dropped by a rule or by repetition costs the run (a caption or an ad label inside
# the body should not split it; a share bar and a related list in a row should).
RULE_DROP_COST = 60
# The first good block just after the page's H1 counts this many characters more in the main run.
HEADLINE_BONUS = 300
# Comment headers ("Jane Doe | 6 Nov 2012 4:05 PM") are lines of at most this many words with a
# date and a clock time; two within this many blocks after the article open its comment thread.
STAMP_MAX_WORDS = 15
STAMP_WINDOW = 12
# A comment thread starts at a comment marker with at least this many good characters before it.
COMMENT_MIN_BODY_CHARS = 400
# Comment markers are at most this long ("Jane Doe says: 3 May 2024 at 9:12 pm").
MARKER_MAX_WORDS = 25
# A bare comment label or count ("12 Comments", "Comments (3)") has at most this many words.
COMMENT_LABEL_WORDS = 3
# A comment label whose neighbours have at most this many words each sits in a toolbar.
TOOLBAR_WORDS = 1
# The headline is looked for this many blocks before the main run.
TITLE_WINDOW = 6
# A title-like line has between these many words.
TITLE_MIN_WORDS = 3
TITLE_MAX_WORDS = 25

_TERMINAL_CHARS = frozenset(".!?…。！？»\"”’')]")
_SENTENCE_END = regex.compile(r"[.!?…。！？]")
# Lines that open a comment thread (the thread is cut there) ...
_THREAD_MARKER = regex.compile(
    r"(?i)^\W*(?:\p{L}[\w.'’-]*(?:\s+[\w.'’-]+){0,4}\s+(?:says|said|wrote|writes|replied|sagt|schreibt|dit|a dit|écrit|dice|dijo|escribió|пишет|написал[аи]?)\s*(?::|\.\.\.|…).{0,80}"
    r"|(?:\d+|one)\s+(?:thoughts|responses?|replies|comments?|kommentare|commentaires|comentarios|комментари\w*)\s+(?:on|to|zu|sur|en|к)\b.*"
    r"|(?:leave|post|add|write|submit) a (?:reply|comment).*|discussion about this post|join the discussion)$"
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
_WHOLE_EMPHASIS = regex.compile(r"^(?:_[^_\n].*_|\*[^*\n].*\*)\s*$", regex.DOTALL)
_CREDIT_WORDS = regex.compile(r"(?i)\b(?:photo|image|picture|graphic|illustration|credit|courtesy|foto|bild|фото|getty|reuters|afp|ap)\b")
# First-pass verdicts the neighbour search looks past, as it does blocks that rules dropped.
_INTERRUPTIONS = frozenset(("link-line", "link-density"))
# A comment header holds a clock time and a date (numeric, ISO, or with an English month name).
_CLOCK = regex.compile(r"(?i)\b\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\.?m\b)?")
_DATE = regex.compile(
    r"(?i)\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d\d-\d\d\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
)
_TITLE_BLOCKERS = regex.compile(r"[|>»›/·•]|https?://|@|\d{1,2}:\d\d")


@dataclass(frozen=True, slots=True)
class Label:
    """The heuristics' verdict on one block.

    ``name`` is the heuristic that decided, ``detail`` the measure and its threshold; ``first``
    is the first-pass label (``good``, ``near-good``, ``short`` or ``bad``) and ``final`` the
    label after the neighbour pass and the main run (``good`` or ``bad``).
    """

    kept: bool
    name: str
    detail: str
    first: str
    final: str


@dataclass(slots=True)
class _Block:
    """One block as the heuristics see it: measures, and its label as it evolves."""

    block: Block
    chars: int
    terminal: bool
    first: str
    name: str
    detail: str
    label: str = ""
    rule: bool | None = None
    comment_marker: bool = False
    stamp: bool = False


# _Block's fields after ``block``, in order: what a remembered measure restores.
_MEASURES = attrgetter(*(f.name for f in fields(_Block)[1:]))


def _is_image(block: Block) -> bool:
    return block.kind == "link-line" and "![" in block.text and not block.plain.strip()


# The first-pass measures of blocks met before, by the block as written (kind, text, gap), the
# page's language and whether an image comes before it: the engine's settle pass classifies most
# blocks of a page again, and a site repeats its furniture. Forgotten all at once past the bound.
MEMO_BLOCKS = 20_000
_MEASURED: dict[tuple[str, str, bool, str | None, bool], tuple[object, ...]] = {}


def _measured(block: Block, words: list[str], language: str | None, stops: frozenset[str] | None,
              after_image: bool) -> _Block:
    """:func:`_measure`, remembered: its result depends only on the memo key's parts."""
    key = (block.kind, block.text, block.gap, language, after_image)
    known = _MEASURED.get(key)
    if known is None:
        if len(_MEASURED) >= MEMO_BLOCKS:
            _MEASURED.clear()
        item = _measure(block, words, stops, after_image)
        _MEASURED[key] = _MEASURES(item)
        return item
    return _Block(block, *known)  # type: ignore[arg-type]


def _measure(block: Block, words: list[str], stops: frozenset[str] | None, after_image: bool) -> _Block:
    text = block.plain.strip()
    chars = len(text)
    count = len(words)
    terminal = text[-1:] in _TERMINAL_CHARS and _SENTENCE_END.search(text) is not None
    item = _Block(block, chars, terminal, "bad", "", "")
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
    elif separators >= MENU_SEPARATORS and not terminal:
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
        _judge_long(item, words, stops)
    return item


def _judge_long(item: _Block, words: list[str], stops: frozenset[str] | None) -> None:
    if stops is None:
        if item.terminal:
            item.first, item.name = ("good" if item.chars >= LONG_CHARS else "near-good"), "punctuation"
            item.detail = f"{item.chars} chars, ends a sentence"
        else:
            item.name, item.detail = "punctuation", "no terminal punctuation"
        return
    density = sum(1 for w in words if w in stops) / len(words) if words else 0.0
    item.name = "stopwords"
    if density >= GOOD_STOPWORD_DENSITY and item.chars >= LONG_CHARS:
        item.first, item.detail = "good", f"stopword density {density:.2f} >= {GOOD_STOPWORD_DENSITY:.2f}"
    elif density >= NEAR_STOPWORD_DENSITY:
        item.first, item.detail = "near-good", f"stopword density {density:.2f} >= {NEAR_STOPWORD_DENSITY:.2f}"
    else:
        item.detail = f"stopword density {density:.2f} < {NEAR_STOPWORD_DENSITY:.2f}"


def _neighbour(labels: Sequence[str], skipped: Sequence[bool], index: int, step: int) -> str:
    """The label of the nearest settled block in direction ``step``; edges count as bad.

    ``labels`` holds each block's label so far (empty while unsettled); ``skipped`` tells the
    blocks the search looks past: one that a rule or repetition dropped (an ad label or a "Read
    also" line inside the body says nothing about the prose around it), a link line or a
    link-heavy block (an image, a related headline set between paragraphs). But
    ``RULE_GAP_BLOCKS`` of them in a row are a furniture gap, and count as bad.
    """
    position = index + step
    seen = dropped = 0
    end = len(labels)
    while 0 <= position < end and seen < NEIGHBOUR_DISTANCE:
        if skipped[position]:
            dropped += 1
            if dropped >= RULE_GAP_BLOCKS:
                return "bad"
        else:
            label = labels[position]
            if label:
                return label
            seen += 1
            dropped = 0
        position += step
    return "bad"


def _introduces_list(items: Sequence[_Block], index: int) -> bool:
    following = items[index + 1].block.kind if index + 1 < len(items) else ""
    return following == "list-item" and items[index].block.plain.rstrip().endswith(":")


def _settle_prose_runs(items: Sequence[_Block]) -> None:
    """Consecutive near-good blocks that add up to a long text are good (a wire story's short
    paragraphs); one near-good block alone waits for its neighbours."""
    index = 0
    while index < len(items):
        stop = index
        while stop < len(items) and items[stop].rule is None and items[stop].first == "near-good":
            stop += 1
        run = items[index:stop]
        chars = sum(item.chars for item in run)
        if len(run) >= PROSE_RUN_BLOCKS and chars >= PROSE_RUN_CHARS:
            for item in run:
                item.label, item.name = "good", "prose-run"
                item.detail = f"{len(run)} near-good blocks, {chars} chars >= {PROSE_RUN_CHARS}"
        index = stop + 1


def _revise(items: Sequence[_Block]) -> None:
    """Second pass: settle near-good blocks by their neighbours, then short blocks."""
    for item in items:
        if item.rule is not None:
            item.label = "good" if item.rule else "bad"
        elif item.first in ("good", "bad"):
            item.label = item.first
    _settle_prose_runs(items)
    # No block the search looks past is ever relabelled here: they were all bad at first.
    skipped = [item.rule is False or (item.first == "bad" and item.name in _INTERRUPTIONS) for item in items]
    for first in ("near-good", "short"):
        verdicts = []
        labels = [item.label for item in items]
        for index, item in enumerate(items):
            if item.label or item.first != first:
                continue
            before, after = _neighbour(labels, skipped, index, -1), _neighbour(labels, skipped, index, 1)
            structural = item.block.kind in ("heading", "list-item") or _introduces_list(items, index)
            if first == "near-good":
                good = "good" in (before, after)
            else:
                good = ((before == after == "good") or (structural and after == "good")
                        or (item.terminal and "good" in (before, after)))
            verdicts.append((item, "good" if good else "bad", f"{first} between {before} and {after}"))
        # Labels change only once the whole pass has looked, so that the order of the blocks
        # does not matter.
        for item, label, detail in verdicts:
            item.label, item.name, item.detail = label, "neighbours", detail


def _score(item: _Block) -> int:
    if item.rule is False:
        return -RULE_DROP_COST
    if item.label == "good":
        return item.chars
    return -max(item.chars, BAD_BLOCK_MIN_COST)


def _main_run(items: Sequence[_Block], end: int) -> tuple[int, int]:
    """The best-scoring contiguous run of blocks in ``items[:end]`` (Kadane), as [start, stop)."""
    best, best_span = 0, (0, 0)
    total, start = 0, 0
    anchor = _after_headline(items, end)
    for index in range(end):
        if total <= 0:
            total, start = 0, index
        total += _score(items[index]) + (HEADLINE_BONUS if index == anchor else 0)
        if total > best:
            best, best_span = total, (start, index + 1)
    return best_span


def _after_headline(items: Sequence[_Block], end: int) -> int | None:
    """The first good block after the page's first H1, if there is one: where the article most
    likely starts."""
    for index in range(end):
        block = items[index].block
        if block.kind == "heading" and block.text.startswith("# "):
            for after in range(index + 1, min(end, index + 1 + TITLE_WINDOW)):
                if items[after].label == "good":
                    return after
            return None
    return None


def _in_toolbar(items: Sequence[_Block], index: int) -> bool:
    """A comment label between one-word lines is a toolbar button (print, email, comments),
    not the head of a thread."""
    around = [items[i].block.words for i in (index - 1, index + 1) if 0 <= i < len(items)]
    return bool(around) and max(around) <= TOOLBAR_WORDS


def _thread_start(items: Sequence[_Block]) -> int:
    """Where a comment thread after the article begins (``len(items)`` when there is none)."""
    good_chars = 0
    for index, item in enumerate(items):
        if good_chars >= COMMENT_MIN_BODY_CHARS and (
                (item.comment_marker and not _in_toolbar(items, index))
                or (item.stamp and any(other.stamp for other in items[index + 1:index + 1 + STAMP_WINDOW]))):
            return index
        if item.label == "good":
            good_chars += item.chars
    return len(items)


def _fall_back(items: Sequence[_Block]) -> None:
    """No run scored above zero (a page of short paragraphs): keep every block the first pass did
    not call bad, or else the longest block, rather than nothing."""
    candidates = [item for item in items if item.rule is None and item.block.words]
    kept = [item for item in candidates if item.first != "bad"]
    if not kept and candidates:
        kept = [max(candidates, key=lambda item: item.chars)]
    for item in kept:
        item.label, item.name, item.detail = "good", "fallback", f"no main run; {item.first} on its own"


def _prose_like(item: _Block) -> bool:
    """A block that the neighbour pass called bad but that reads like body: near-good, or short
    and ending a sentence. Inside the main run it is the article's (a one-line paragraph between
    two pull quotes)."""
    return item.first == "near-good" or (item.first == "short" and item.terminal)


def _title_like(item: _Block, min_words: int = TITLE_MIN_WORDS) -> bool:
    words = item.block.words
    return (item.rule is None and item.block.kind in ("paragraph", "heading") and not item.terminal
            and min_words <= words <= TITLE_MAX_WORDS and item.block.link_chars == 0
            and _TITLE_BLOCKERS.search(item.block.plain) is None)


def _title(items: Sequence[_Block], start: int) -> int | None:
    """The headline before the main run: the last H1 before it, else a title-like line near it
    (unless the run opens with a heading of its own)."""
    for index in range(start - 1, -1, -1):
        block = items[index].block
        if block.kind == "heading" and block.text.startswith("# ") and items[index].rule is None:
            return index
    if items[start].block.kind == "heading":
        return None
    for index in range(start - 1, max(-1, start - 1 - TITLE_WINDOW), -1):
        if _title_like(items[index]):
            return index
    # A short line that opens the page right above the run is its headline: so a cleaned body,
    # whose heading lost its "#" in text output, keeps its headline when it is cleaned again.
    if start == 1 and _title_like(items[0], min_words=1):
        return 0
    return None


def classify(blocks: Sequence[Block], undecided: Sequence[bool],
             decided: Sequence[bool | None] | None = None) -> list[Label | None]:
    """Label each undecided block; decided blocks get None.

    ``decided`` gives, for every block, what the rules made of it (True kept, False dropped,
    None undecided), so that blocks the rules settled still count as context.

    >>> from cleaner.blocks import segment
    >>> page = segment("Home | News | Sport | Weather\\n\\n" + "The council met on Monday and voted on the plan for the new bridge over the river. " * 3)
    >>> [(label.name, label.kept) for label in classify(page, [True, True])]
    [('menu-line', False), ('stopwords', True)]
    """
    page_words = [tokens(block.plain) for block in blocks]
    language = detect_language(chain.from_iterable(page_words))
    stops = stopwords(language) if language else None
    items = [_measured(block, words, language, stops, index > 0 and _is_image(blocks[index - 1]))
             for index, (block, words) in enumerate(zip(blocks, page_words))]
    if decided is not None:
        for item, kept in zip(items, decided):
            item.rule = kept
    for item, open_ in zip(items, undecided):
        if not open_ and item.rule is None:
            item.rule = True
    page_size = sum(item.block.words for item, open_ in zip(items, undecided) if open_)
    if page_size < SMALL_PAGE_WORDS:
        return [Label(True, "small-page", f"{page_size} words < {SMALL_PAGE_WORDS}", "good", "good")
                if open_ and item.block.kind != "separator" else
                (Label(False, "separator", "a separator line", "bad", "bad") if open_ else None)
                for item, open_ in zip(items, undecided)]
    _revise(items)
    thread = _thread_start(items)
    start, stop = _main_run(items, thread)
    if stop == start:
        _fall_back(items)
    title = _title(items, start) if stop > start else None
    labels: list[Label | None] = []
    for index, (item, open_) in enumerate(zip(items, undecided)):
        if not open_:
            labels.append(None)
        elif index == title:
            labels.append(Label(True, "title", "the headline before the main run", item.first, "good"))
        elif index >= thread:
            labels.append(Label(False, "comment-thread", f"after the comment marker at block {thread}", item.first, "bad"))
        elif item.label == "good" and stop > start and not start <= index < stop:
            labels.append(Label(False, "main-run", f"outside the main run (blocks {start}-{stop - 1})", item.first, "bad"))
        elif start <= index < stop and item.label == "bad" and item.name == "neighbours" and _prose_like(item):
            labels.append(Label(True, "in-run", f"{item.detail}, inside the main run (blocks {start}-{stop - 1})",
                                item.first, "good"))
        else:
            good = item.label == "good"
            labels.append(Label(good, item.name, item.detail, item.first, item.label))
    return labels
