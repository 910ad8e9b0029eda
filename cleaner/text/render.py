"""Render the kept blocks as the article body, in text or in markdown.

One job: output. ``edit`` applies the spans that rules removed inside a block; ``block_text``
gives a block as markdown (as written) or as text (link and image markup, emphasis, heading and
quote markers gone; list items keep their marker, bullets written ``-``); ``join`` puts blocks
together, one blank line apart, or one line apart for pages read one line per block;
``render_body`` picks between the two so that the body reads back the way it was written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

import regex

from cleaner.text.blocks import Block, BlockKind, is_line_mode, line_kind
from cleaner.text.markup import has_markup, plain
from cleaner.text.normalize import undo_harmless_escapes

__all__ = ["edit", "block_text", "join", "one_line", "render_body", "OUTPUTS"]

OUTPUTS = ("text", "markdown")
_GAP = regex.compile(r"(?<=\S) {2,}(?=\S)")
# Every leading heading and quote marker: one left behind ("> ## Title", "> > reply") would be
# read as markup again when the text is cleaned a second time.
_HEADING_OR_QUOTE = regex.compile(r"^(?:\s{0,3}(?:#{1,6}\s+|>\s?))+")
_BULLET = regex.compile(r"^(\s*)[*+•](?=\s)")
_LEADING_MARKER = regex.compile(r"^\s*(?:#{1,6}\s+|>\s?|[-*+•]\s+|\d{1,3}[.)]\s+)")
# Rounds of markup removal, at most, before a rendered line is taken as it is.
_MAX_PLAIN_ROUNDS = 8
_BACKSLASHES = regex.compile(r"\\{2,}")
# The fences a line starts with (three or more backticks or tildes, indented three spaces at most,
# as :mod:`cleaner.text.fences` reads them) and the spaces after each.
_LEADING_FENCES = regex.compile(r"^( {0,3})(?:(?:`{3,}|~{3,}) *)+")


def edit(text: str, removed: Sequence[tuple[int, int]]) -> str:
    """Remove the character spans ``removed`` from ``text`` and tidy what is left.

    >>> edit("Photo: AP. The vote was close.", [(0, 11)])
    'The vote was close.'
    """
    if not removed:
        return text
    pieces = []
    end = 0
    for start, stop in sorted(removed):
        pieces.append(text[end:start])
        end = max(end, stop)
    pieces.append(text[end:])
    lines = (_GAP.sub(" ", line.rstrip()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line.strip()).strip()


def block_text(block: Block, text: str, output: str) -> str:
    """Render one block's (edited) markdown ``text`` in the ``output`` format.

    >>> from cleaner.text.blocks import segment
    >>> b = segment("* [Home](/) and *more*")[0]
    >>> block_text(b, b.text, "text"), block_text(b, b.text, "markdown")
    ('- Home and more', '* [Home](/) and *more*')
    >>> note = segment("_* if the vote passes, work starts in May._")[0]
    >>> block_text(note, note.text, "text")
    'if the vote passes, work starts in May.'
    >>> accent = segment("[Cafe](/c)\u0301 opens")[0]
    >>> block_text(accent, accent.text, "text") == "Caf\u00e9 opens"
    True
    """
    if output == "markdown" or block.kind == "code":
        return text  # code as written, fences too: its indentation and blank lines are its meaning
    if "\n" not in text and not has_markup(text) and line_kind(text) == "paragraph":
        return text.strip()  # most blocks: one line of prose, already plain text
    lines = []
    for number, line in enumerate(text.split("\n")):
        kind = line_kind(line)
        # A list item's indented continuation keeps its indent, or it would read as a paragraph.
        indented = kind == "list-item" or (block.kind == "list-item" and number > 0 and line[:1].isspace())
        if kind in ("heading", "quote"):
            # What the marker held may be a list item ("# * Title"): its bullet written "-", as
            # the list item it reads as once the marker is gone.
            line = _BULLET.sub(r"\1-", _HEADING_OR_QUOTE.sub("", line, count=1), count=1)
        elif kind == "list-item":
            line = _BULLET.sub(r"\1-", line, count=1)
        line = _plain_text(line, indented)
        if indented:
            line = _unfenced(line)
        elif kind in ("heading", "quote"):
            # Its text may read as a heading or quote again ("> `> a`" as "> a"): read again, it
            # would lose that marker too. A list item it may be (see above).
            line = _as_paragraph(line, ("heading", "quote"))
        else:
            line = _unfenced(line).strip()
        lines.append((line, indented))
    lines = [(line, indented) for line, indented in lines if line.strip()]
    if len(lines) > 1 or block.kind == "paragraph":
        # A line that now reads as markup of its own (a heading, a list item, a separator made of
        # an escaped, emphasised or linked marker: "_* if ..._") would split a block of several
        # lines, or turn a paragraph into something else when the text is read again.
        lines = [(line if indented else _as_paragraph(line), indented) for line, indented in lines]
    rendered = "\n".join(line for line, _ in lines if line.strip())
    # A combining mark that followed markup ("[a](/x)\u0301") now follows a letter it composes
    # with: put in NFC, as normalizing the text again would.
    if not rendered.isascii() and not unicodedata.is_normalized("NFC", rendered):
        rendered = unicodedata.normalize("NFC", rendered)
    return rendered


def _plain_text(line: str, indented: bool) -> str:
    """The plain text of a line, taken until it no longer changes (removing one layer of markup,
    such as an escape or a link around ``*emphasis*``, can reveal another), as the text will be
    read again: normalization's escapes undone too (a "\\\\&" left "\\&", read as "&").
    Each round halves a run of backslashes: a run of 2**k takes k rounds more."""
    rounds = _MAX_PLAIN_ROUNDS
    if "\\\\" in line:
        rounds += max(map(len, _BACKSLASHES.findall(line))).bit_length()
    for _ in range(rounds):
        text = plain(undo_harmless_escapes(line))
        text = text.rstrip() if indented else text.strip()
        if text == line:
            break
        line = text
    return line


def _unfenced(line: str) -> str:
    """The line without the fences it starts with, its indentation kept: outside a code block,
    text output writes no fence (the heading "# ```" wrote one), which would open or close a
    code block when the text is read again."""
    if "```" not in line and "~~~" not in line:
        return line
    return _LEADING_FENCES.sub(r"\1", line, count=1)


def _as_paragraph(line: str, kinds: tuple[BlockKind, ...] = ("separator", "heading", "quote", "list-item")) -> str:
    """The line without the leading fences and markers that would make it read as a structural
    line of one of ``kinds``; nothing for a separator, or for a line still marked after every
    round (no text a reader would miss)."""
    for _ in range(_MAX_PLAIN_ROUNDS):
        line = _unfenced(line).strip()
        kind = line_kind(line)
        if kind not in kinds:
            return line
        if kind == "separator":
            return ""
        line = _LEADING_MARKER.sub("", line, count=1).strip()
    return ""


def one_line(text: str) -> str:
    """A rendered block on one line: its lines joined by spaces, continuation quote markers gone
    (in markdown a line break inside a paragraph reads as a space).

    >>> one_line("> One\\n> two\\n  three")
    '> One two three'
    """
    if "\n" not in text:
        return text
    first, *rest = text.split("\n")
    return " ".join([first, *(_HEADING_OR_QUOTE.sub("", line, count=1).strip() if line_kind(line) == "quote"
                              else line.strip() for line in rest)])


def render_body(rendered: Sequence[tuple[Block, str]], line_mode: bool, output: str = "markdown") -> tuple[str, bool]:
    """Join rendered blocks as :func:`join` does, and say whether the body is one line per block.

    A page read paragraph by paragraph whose kept blocks hold too few blank lines would be read
    back one line per block, where every line of a block is judged alone: such a body is written
    one line per block instead, so that it reads back block for block; and a body written one
    line per block whose code blocks hold enough blank lines to read back paragraph by paragraph
    is written paragraph by paragraph.

    >>> from cleaner.text.blocks import segment
    >>> blocks = segment("Menu\\n\\nOne\\ntwo")
    >>> render_body([(blocks[1], blocks[1].text)], line_mode=False)
    ('One two', True)
    """
    text = output == "text"
    body = join(rendered, line_mode, text)
    if line_mode:
        # Written one line per block, a body holds blank lines only inside code blocks; enough of
        # them and it would read back paragraph by paragraph: it is written so instead.
        if "\n\n" not in body or is_line_mode(body):
            return body, True
        return join(rendered, False, text), False
    if not is_line_mode(body):
        return body, False
    return join(rendered, True, text), True


def join(rendered: Iterable[tuple[Block, str]], line_mode: bool, text_output: bool = False) -> str:
    """Join rendered blocks into the body text: one blank line apart, except in line mode and
    between list items that were on consecutive lines, which stay one line apart. In line mode
    each block is written on one line (:func:`one_line`); in text output (``text_output``) a
    paragraph joined so is made plain again, since markup split across its lines ("**Bold" and
    "text**", each plain alone) reads as markup once they are one line.

    >>> from cleaner.text.blocks import segment
    >>> blocks = segment("One.\\n\\n- a\\n- b")
    >>> join([(b, b.text) for b in blocks], line_mode=False)
    'One.\\n\\n- a\\n- b'
    """
    pieces: list[str] = []
    previous: Block | None = None
    for block, text in rendered:
        if not text:
            continue
        if pieces:
            tight = line_mode or (
                previous is not None and previous.kind == block.kind == "list-item"
                and previous.index + 1 == block.index and not block.gap
            )
            pieces.append("\n" if tight else "\n\n")
        line = one_line(text) if line_mode and block.kind != "code" else text
        if text_output and line is not text and block.kind == "paragraph" and has_markup(line):
            line = _as_paragraph(_plain_text(line, False))
        pieces.append(line)
        previous = block
    return "".join(pieces)
