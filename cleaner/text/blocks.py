"""Cut normalized text into blocks: the units that rules and heuristics decide on.

One job: segmentation. A block is a paragraph, a heading, a list item, a quote, a separator
(``*``, ``***``, ``---``), a link-only line or a fenced code block (from a line of three or more
backticks or tildes to the line that closes it, blank lines and indentation as written; a fence
never closed is no code block). Text that separates paragraphs with blank lines is
read paragraph by paragraph, and inside a paragraph the structural lines (headings, list items,
quotes, separators, link-only lines) become blocks of their own. Text that hardly uses blank
lines (a ``lynx -dump`` or a WET record, html2text without wrapping) is read one line per block.

A block costs about ten microseconds and a kilobyte on its way through rules, heuristics and
decisions, so a page of a million one-character lines would take seconds and a gigabyte as a
million blocks. A page is cut into blocks for its first :func:`block_lines` lines only (at least
MIN_BLOCK_LINES, more for long lines; the longest dev page has 3,700), and whatever follows them
is one last block marked ``rest``, which is not read (no plain text, no words): the engine keeps
it as it is. No article has that many lines; cleaning stays linear in time and memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import regex

from cleaner.text.fences import fenced_blocks, may_hold_fences
from cleaner.text.markup import IMAGE, LINK, has_markup, plain_and_link_chars
from cleaner.text.scripts import count_words, spaced

__all__ = ["count_words", "tokens", "Block", "segment", "known", "block_lines", "line_kind", "strip_marker", "is_line_mode", "paragraph_mode", "KINDS",
           "BlockKind", "WORD", "COLUMN_GAP", "LINK_LINE_FILLER"]

BlockKind = Literal["paragraph", "heading", "list-item", "quote", "separator", "link-line", "code"]
KINDS: tuple[BlockKind, ...] = get_args(BlockKind)
WORD = regex.compile(r"\w+")
# The same words in ASCII text, where ``re`` finds them faster (elsewhere the two modules' ``\w``
# differ: ``regex`` counts combining marks, as Devanagari vowel signs, as word characters).
_ASCII_WORD = re.compile(r"\w+", re.ASCII)
# ASCII text's words, lower-cased, as a byte table: each word character (``\w`` in ASCII, which
# ``regex`` and ``re`` agree on) to itself lower-cased, every other byte to a space. An ASCII
# text translated by it and split on whitespace gives ``_ASCII_WORD``'s words of the lowered
# text, faster than lowering and the pattern (``tests/test_scripts.py`` checks every byte).
_ASCII_WORDS_LOWERED = bytes(ord(chr(byte).lower()) if _ASCII_WORD.fullmatch(chr(byte)) else 0x20
                             for byte in range(256))

# Below this many blank lines per text line the page is taken to be one block per line.
PARAGRAPH_MODE_BLANK_SHARE = 0.1
# A page is cut into blocks for its first MIN_BLOCK_LINES lines, or one line per
# CHARS_PER_BLOCK_LINE characters of the page if that is more; the rest is one block.
MIN_BLOCK_LINES = 5_000
CHARS_PER_BLOCK_LINE = 200

# Line markers use the standard library's ``re``: it matches them about twice as fast as ``regex``.
# Each kind's marker at the start of a line (a list item's groups: its indent, its bullet).
_MARKER_PATTERNS = {"heading": r"\s{0,3}(#{1,6})\s+(?=\S)", "list-item": r"(\s*)([-*+•]|\d{1,3}[.)])\s+(?=\S)",
                    "quote": r"\s{0,3}>\s?"}
_MARKERS = {kind: re.compile(pattern) for kind, pattern in _MARKER_PATTERNS.items()}
# What marks a line as a block of its own kind: a separator (``*``, ``* * *``, ``---``), then the
# three markers above, in that order, as one pattern: the first alternative that matches wins, as
# the first of four matches in a row would, in one call per line instead of up to four. Each
# alternative is a named group around the whole marker, so that it is the group matched last.
_LINE_MARKER = re.compile("|".join([r"(?P<separator>\s*(?P<mark>[*\-_=~•·#+])(?:\s*(?P=mark))*\s*$)",
                                    *(f"(?P<{kind.replace('-', '_')}>{pattern})" for kind, pattern in _MARKER_PATTERNS.items())]))
_MARKER_KINDS: dict[str | None, BlockKind] = {"separator": "separator", "heading": "heading",
                                             "list_item": "list-item", "quote": "quote"}
# What may stand between the links of a link-only line: bullets, bars, dots, commas, spaces.
# The gap between two columns of a page laid out as text, as `lynx -dump` writes a table layout
# (the site's menu beside a line of the story): a run of three spaces or more, or of tabs, inside a line.
COLUMN_GAP = regex.compile(r"(?<=\S)(?: {3,}|\t[ \t]*)(?=\S)")
LINK_LINE_FILLER = re.compile(r"^[\s|•·,;:/\-–—»«>()\[\]*]*$")
# Blocks read so far, by kind and text, and how many are kept before all are forgotten: a site
# repeats its furniture from page to page (about 15 % of the time on a run over the dev pages).
MEMO_BLOCKS = 20_000
_MADE: dict[tuple[str, str], tuple[str, int, int, str]] = {}
# (Tuples, not lists: a tuple of strings is one the collector stops tracking, and these memos
# live long, through every full collection.)
_TOKENS: dict[str, tuple[str, ...]] = {}
_PLAIN: dict[str, tuple[str, int]] = {}


def _plain_and_link_chars(text: str) -> tuple[str, int]:
    """:func:`~cleaner.text.markup.plain_and_link_chars`, remembered: a line with links is read
    once to tell its kind and again as its block's text."""
    found = _PLAIN.get(text)
    if found is None:
        if len(_PLAIN) >= MEMO_BLOCKS:
            _PLAIN.clear()
        found = _PLAIN[text] = plain_and_link_chars(text)
    return found


def tokens(plain: str) -> tuple[str, ...]:
    """The lower-cased words of a block's plain text, remembered by the text: segmentation
    counts them, the heuristics read them.

    >>> tokens("Share this, 2 Times!")
    ('share', 'this', '2', 'times')
    """
    found = _TOKENS.get(plain)
    if found is None:
        if len(_TOKENS) >= MEMO_BLOCKS:
            _TOKENS.clear()
        if plain.isascii():
            # Lower-cased and cut at every non-word character in one table lookup a byte.
            found = tuple(plain.encode("ascii").translate(_ASCII_WORDS_LOWERED).decode("ascii").split())
        else:
            found = tuple(WORD.findall(plain.lower()))
        _TOKENS[plain] = found
    return found


@dataclass(init=False)
class Block:
    """One block of the page, as written and as a reader sees it (never changed once made, but not
    frozen: one is built for every block of every page, and a frozen one costs several times as
    much to build). Compiled, it is an extension type whose fields are C slots (``blocks.pxd``):
    cheaper to build and to read than a class's ``__slots__``.

    ``text`` is the block's markdown, lines joined by ``\\n``; ``plain`` is its plain text without
    block markers (``#``, ``>``, list bullets); ``marker`` is a list item's bullet or number,
    ``line`` the 1-based line of the normalized input where the block starts, ``gap`` whether a
    blank line (or the start of the page) comes before it; ``rest`` marks the text past the
    lines that are cut into blocks, kept whole and unread (see :func:`block_lines`); ``page`` is
    the compiled kernel's reading of the page the block was cut from, where the kernel cut it
    (:mod:`cleaner.heuristics.kernel`; None on the pure path), which holds its words.
    """

    index: int
    kind: BlockKind
    text: str
    plain: str
    line: int
    words: int
    link_chars: int
    marker: str = ""
    gap: bool = True
    rest: bool = False
    page: Any = field(default=None, compare=False, repr=False)

    # Written out: compiled, it builds a block several times faster than the one ``dataclass``
    # writes, which stays Python.
    def __init__(self, index: int, kind: BlockKind, text: str, plain: str, line: int, words: int, link_chars: int,
                 marker: str = "", gap: bool = True, rest: bool = False, page: Any = None) -> None:
        self.index, self.kind, self.text, self.plain, self.line = index, kind, text, plain, line
        self.words, self.link_chars, self.marker, self.gap, self.rest, self.page = words, link_chars, marker, gap, rest, page

    @property
    def link_density(self) -> float:
        """Share of the plain text's characters that sit inside links."""
        return self.link_chars / len(self.plain) if self.plain else 0.0


def line_kind(line: str) -> BlockKind:
    """Name the kind of block that a line on its own would be.

    >>> [line_kind(x) for x in ["## Related", "* [Home](/)", "***", "> said", "[Home](/) | [Tags](/t)"]]
    ['heading', 'list-item', 'separator', 'quote', 'link-line']
    """
    # A line that opens with a letter (most lines) has no block marker: every marker pattern
    # needs a space, a marker character or a digit first.
    if line[:1].isalpha():
        if "](" in line or "][" in line:
            return _link_line_kind(line)
        return "paragraph"
    marker = _LINE_MARKER.match(line)
    if marker is not None:
        return _MARKER_KINDS[marker.lastgroup]
    if "](" in line or "][" in line:
        return _link_line_kind(line)
    return "paragraph"


def _link_line_kind(line: str) -> BlockKind:
    plain_text, link_chars = _plain_and_link_chars(line)
    if link_chars == 0 and not plain_text.strip():
        return "link-line"  # images only
    if link_chars and _only_links(line):
        return "link-line"
    return "paragraph"


def _only_links(line: str) -> bool:
    rest = LINK.sub("", IMAGE.sub("", line))
    return LINK_LINE_FILLER.match(rest) is not None


def strip_marker(kind: str, line: str) -> tuple[str, str]:
    """Split a line into its block marker and its content."""
    pattern = _MARKERS.get(kind)
    if pattern is None:
        return "", line.strip()
    match = pattern.match(line)
    if match is None:
        return "", line.strip()
    marker = match.group(2) if kind == "list-item" else match.group(0).strip()
    return marker, line[match.end():].strip()


def _make(index: int, kind: BlockKind, lines: list[str], line_no: int, gap: bool) -> Block:
    text = lines[0] if len(lines) == 1 else "\n".join(lines)
    plain_text, words, link_chars, marker = known(kind, text, lines)
    return Block(index, kind, text, plain_text, line_no, words, link_chars, marker, gap)


def known(kind: BlockKind, text: str, lines: list[str]) -> tuple[str, int, int, str]:
    """The plain text, words, characters in links and marker of a block of ``kind`` made of
    ``lines`` (``text``: the lines joined), remembered by kind and text.

    >>> known("list-item", "* [Home](/) now", ["* [Home](/) now"])
    ('Home now', 2, 4, '*')
    """
    found = _MADE.get((kind, text))
    if found is None:
        found = _remember(kind, text, lines)
    return found


def _remember(kind: BlockKind, text: str, lines: list[str]) -> tuple[str, int, int, str]:
    """:func:`_read`, remembered in ``_MADE`` by kind and text."""
    if len(_MADE) >= MEMO_BLOCKS:
        _MADE.clear()
    known = _MADE[(kind, text)] = _read(kind, lines)
    return known


def _words(plain_text: str) -> int:
    # Text in a script written without spaces counts its characters (cleaner.text.scripts).
    # Elsewhere its words are its tokens, read once for all (lower-casing leaves their number as
    # it is: every character lowers to characters that are word characters exactly when it is).
    return len(tokens(plain_text)) if spaced(plain_text) else count_words(plain_text)


def _read(kind: str, lines: list[str]) -> tuple[str, int, int, str]:
    """A block's plain text, its words, its characters in links and its marker."""
    if kind == "code":  # the lines between the fences, as written: code holds no markup
        plain_text = "\n".join(lines[1:-1])
        return plain_text, count_words(plain_text), 0, ""
    if kind == "paragraph" and len(lines) == 1:  # most blocks: one line, no marker
        line = lines[0].strip()
        if line.isascii() and not has_markup(line):  # most of those: the line is its plain text
            return line, len(tokens(line)), 0, ""
        plain_text, link_chars = _plain_and_link_chars(line)
        return plain_text, _words(plain_text), link_chars, ""
    marker = ""
    contents = []
    for number, line in enumerate(lines):
        if kind == "quote" or number == 0:
            line_marker, content = strip_marker(kind, line)
            if number == 0:
                marker = line_marker
        else:
            content = line.strip()
        contents.append(content)
    if kind == "separator":
        plain_text, link_chars = "", 0
    elif len(contents) == 1:  # a link-only line was read so already, to tell its kind
        plain_text, link_chars = _plain_and_link_chars(contents[0])
    else:
        plain_text, link_chars = plain_and_link_chars("\n".join(contents))
    return plain_text, _words(plain_text), link_chars, marker


def paragraph_mode(lines: int, blank: int) -> bool:
    """Whether text of ``lines`` lines with text and ``blank`` blank ones is read paragraph by
    paragraph (else one line per block).

    >>> paragraph_mode(10, 1), paragraph_mode(11, 1)
    (True, False)
    """
    return blank >= PARAGRAPH_MODE_BLANK_SHARE * max(1, lines)


def _paragraph_mode(lines: list[str]) -> bool:
    # Empty lines and lines of spaces, each counted in one C-level pass over the lines.
    blank = lines.count("") + sum(map(str.isspace, lines))
    return paragraph_mode(len(lines) - blank, blank)


def segment(text: str, line_mode: bool | None = None) -> list[Block]:
    """Cut normalized text into blocks, one line per block when ``line_mode`` (by default, when
    :func:`is_line_mode` says so).

    >>> [(b.kind, b.plain) for b in segment("# Title\\n\\nOne line.\\nTwo line.\\n\\n* a\\n* b\\n\\n***")]
    [('heading', 'Title'), ('paragraph', 'One line.\\nTwo line.'), ('list-item', 'a'), ('list-item', 'b'), ('separator', '')]
    """
    limit = block_lines(text)
    lines = text.split("\n", limit)
    rest = lines.pop() if len(lines) > limit else ""
    fences = fenced_blocks(lines) if may_hold_fences(text) else []
    blocks = _segment_lines(lines, line_mode) if not fences else _segment_code(lines, fences, line_mode)
    if rest.strip():
        # Everything past the limit, as it is, starting on the line after it.
        skipped = len(rest) - len(rest.lstrip("\n"))
        rest = rest.strip("\n")
        blocks.append(Block(len(blocks), "paragraph", rest, rest, limit + 1 + skipped, 0, 0, rest=True))
    return blocks


def block_lines(text: str) -> int:
    """How many lines of ``text`` are cut into blocks; the rest is one block.

    >>> block_lines("a\\n" * 50_000), block_lines(("x" * 399 + "\\n") * 50_000)
    (5000, 100000)
    """
    return max(MIN_BLOCK_LINES, len(text) // CHARS_PER_BLOCK_LINE)


def _segment_lines(lines: list[str], line_mode: bool | None) -> list[Block]:
    blocks: list[Block] = []
    gap = True
    if line_mode is None:
        line_mode = not _paragraph_mode(lines)
    if line_mode:
        # One block a line: :func:`_make` written out, as most of a page's lines are read here.
        made = _MADE
        for number, line in enumerate(lines, start=1):
            if line and not line.isspace():
                # (:func:`line_kind`'s first test written out: most lines are prose.)
                kind = ("paragraph" if line[:1].isalpha() and "](" not in line and "][" not in line
                        else line_kind(line))
                known = made.get((kind, line))
                if known is None:
                    known = _remember(kind, line, [line])
                blocks.append(Block(len(blocks), kind, line, known[0], number, known[1], known[2], known[3], gap))
                gap = False
            else:
                gap = True
        return blocks
    group: list[str] = []
    group_kind: BlockKind = "paragraph"
    group_start = 0
    group_gap = True
    for number, line in enumerate(lines, start=1):
        if not line or line.isspace():
            if group:
                blocks.append(_make(len(blocks), group_kind, group, group_start, group_gap))
                group = []
            gap = True
            continue
        kind = ("paragraph" if line[:1].isalpha() and "](" not in line and "][" not in line
                else line_kind(line))
        if not group or not ((kind == group_kind and kind in ("paragraph", "quote"))
                             or (group_kind == "list-item" and kind == "paragraph" and line[:1].isspace())):
            if group:
                blocks.append(_make(len(blocks), group_kind, group, group_start, group_gap))
                group = []
            group_kind, group_start, group_gap = kind, number, gap
        group.append(line)
        gap = False
    if group:
        blocks.append(_make(len(blocks), group_kind, group, group_start, group_gap))
    return blocks


def _segment_code(lines: list[str], fences: list[tuple[int, int]], line_mode: bool | None) -> list[Block]:
    """:func:`_segment_lines` for text with fenced code blocks: the text between them is cut as
    usual (read in the mode of the whole page), each code block is one block."""
    if line_mode is None:
        line_mode = not _paragraph_mode(lines)
    blocks: list[Block] = []
    start = 0
    for opening, closing in [*fences, (len(lines), len(lines))]:
        for block in _segment_lines(lines[start:opening], line_mode):
            if start and block.line == 1:
                block.gap = False  # right under the closing fence
            block.index, block.line = len(blocks), block.line + start
            blocks.append(block)
        if opening < len(lines):
            gap = opening == 0 or not lines[opening - 1].strip()
            blocks.append(_make(len(blocks), "code", lines[opening:closing + 1], opening + 1, gap))
        start = closing + 1
    return blocks


def is_line_mode(text: str) -> bool:
    """Tell whether ``text`` is read one line per block (and so rendered one line per block)."""
    lines = text.split("\n", block_lines(text))
    return not _paragraph_mode(lines[:block_lines(text)])
