"""Links and emphasis through a plain extraction: mark them in the page, turn the marks into markdown.

One job: let trafilatura choose the article as in a plain-text extraction while the rules still
see the article's links and emphasis. Asking trafilatura itself for links and formatting changes
what it keeps (on 150 of the 494 dev pages: link-only lines such as "Print" or "Next post",
headings, captions) and its markdown glues words to emphasis ("*Montas*may") or leaves
``<u>``/``<sup>`` tags and ``[text](<url >)`` targets that plain text cannot carry. Instead,
:func:`mark_inline` writes each link and emphasis into the page's text as a few marker
characters, which a plain extraction carries through like any other text; :func:`to_markdown`
then turns the marks that survived into markdown: ``[text](target)`` with the target
percent-encoded where markdown needs it, ``**strong**`` and ``*emphasis*`` only where markdown
reads them as such (whitespace moved outside the markers, never inside a word), and nothing for
a mark whose partner the extraction dropped or put on another line (a link around a whole
teaser block opens in one paragraph and closes in another).

The markers are SignWriting symbols (U+1D800 to U+1D9F4): printable, so that trafilatura keeps
them, neither letters nor spaces, so that they split no word and join none, and all but absent
from web text (a page that holds one is extracted without marks: :func:`holds_marks`). A link's
opening mark names its target by number in two characters; its closing mark and each emphasis
mark are one character. A link or emphasis whose whole text trafilatura drops on sight ("Print",
"Twitter") stays unmarked, so that it still does. The marks add a few characters to the text that
trafilatura measures: on the dev pages its lines differed from an unmarked plain extraction's on
41 of 494 pages in the fast run (39 in the full run), against 150 for trafilatura's own markdown,
and F1 before the rules was the same (0.926 marked, 0.925 unmarked, 0.921 its own markdown).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["mark_inline", "to_markdown", "strip_marks", "holds_marks", "MAX_LINKS"]

_LOW, _HIGH = 0x1D800, 0x1D900  # a link's number: high character (its 256s), then low character
MAX_LINKS = 0xF0 * 256  # links after these many are left unmarked
_LINK_END, _STRONG, _STRONG_END, _EM, _EM_END = (chr(0x1D9F0 + n) for n in range(5))
_ANY_MARK = re.compile("[\U0001D800-\U0001D9F4]")
_TOKEN = re.compile("([\U0001D900-\U0001D9EF][\U0001D800-\U0001D8FF])|([\U0001D9F0-\U0001D9F4])")
_EMPHASIS = {"strong": "strong", "b": "strong", "em": "em", "i": "em"}
_OPEN = {"strong": _STRONG, "em": _EM}
_CLOSE = {"strong": _STRONG_END, "em": _EM_END}
_DELIMITER = {"strong": "**", "em": "*"}
# What a markdown link target may not hold as it is.
_TARGET_ESCAPES = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\n": "", "\t": ""})
_WORD = re.compile(r"\w")
_GAP = re.compile(r"[ \t]{2,}")


def _filtered() -> Any:
    try:
        from trafilatura.utils import RE_FILTER
    except ImportError:  # another trafilatura version: nothing is left unmarked for its sake
        return re.compile(r"(?!)")
    return RE_FILTER


def _wrap(element: Any, opening: str, closing: str) -> None:
    element.text = opening + (element.text or "")
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + closing
    else:
        element.text += closing


def _candidates() -> Any:
    global _CANDIDATES
    if _CANDIDATES is None:
        from lxml import etree  # type: ignore[import-untyped]

        # One XPath pass (in C): links with a target and emphasis, with text.
        _CANDIDATES = etree.XPath("//*[self::a[@href] or self::b or self::strong or self::em or self::i][normalize-space()]")
    return _CANDIDATES


_CANDIDATES: Any = None
# The opening mark of each link number, made once.
_OPENINGS: list[str] = []


def mark_inline(tree: Any) -> list[str]:
    """Mark, in place, the links and emphasis of ``tree``; return the link targets by number.

    >>> from lxml import html
    >>> page = html.fromstring("<p>See <a href='/x'>the <b>map</b></a>.</p>")
    >>> mark_inline(page), to_markdown(page.text_content(), ["/x"])
    (['/x'], 'See [the **map**](/x).')
    """
    targets: list[str] = []
    filtered = _filtered()
    for element in _candidates()(tree):
        # trafilatura drops a line that is only "Print", "Twitter" and the like: a mark after the
        # word would hide it from that test.
        if filtered.match(element.text_content() if len(element) else element.text):
            continue
        if element.tag == "a":
            href = element.get("href").strip()
            if not href or len(targets) >= MAX_LINKS:
                continue
            if len(targets) == len(_OPENINGS):
                number = len(targets)
                _OPENINGS.append(chr(_HIGH + (number >> 8)) + chr(_LOW + (number & 0xFF)))
            _wrap(element, _OPENINGS[len(targets)], _LINK_END)
            targets.append(href)
        else:
            kind = _EMPHASIS[element.tag]
            _wrap(element, _OPEN[kind], _CLOSE[kind])
    return targets


def holds_marks(text: str) -> bool:
    """Whether ``text`` already holds a mark's character (a page written in SignWriting): such
    a page is extracted without marks, so that its own characters are neither read as links
    nor lost.

    >>> holds_marks("plain"), holds_marks("\U0001D9F0")
    (False, True)
    """
    return _ANY_MARK.search(text) is not None


def strip_marks(text: str) -> str:
    """``text`` without any mark.

    >>> strip_marks("a \U0001D9F1b\U0001D9F2")
    'a b'
    """
    return _ANY_MARK.sub("", text) if _ANY_MARK.search(text) else text


def _target(href: str) -> str:
    return href.strip().translate(_TARGET_ESCAPES)


def _spans(line: str, targets: list[str]) -> str:
    """One line's marks as markdown; marks without a partner on the line are dropped."""
    pieces: list[str] = []
    # Open marks: (kind, link number or -1, index in pieces where their text starts).
    stack: list[tuple[str, int, int]] = []
    end = 0
    for match in _TOKEN.finditer(line):
        pieces.append(line[end:match.start()])
        end = match.end()
        if match.group(1):
            opening = match.group(1)
            stack.append(("link", ((ord(opening[0]) - _HIGH) << 8) | (ord(opening[1]) - _LOW), len(pieces)))
            continue
        mark = match.group(2)
        kind = {_LINK_END: "link", _STRONG_END: "strong", _EM_END: "em"}.get(mark)
        if kind is None:  # an opening emphasis mark
            stack.append(("strong" if mark == _STRONG else "em", -1, len(pieces)))
            continue
        # Close the innermost open mark of this kind; marks opened inside it and left open go.
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == kind:
                _, number, start = stack[depth]
                del stack[depth:]
                inner = "".join(pieces[start:])
                del pieces[start:]
                after = _ANY_MARK.sub("", line[end:end + 8])[:1]  # the next character that is not a mark
                # Only the character before the mark counts: joining all pieces here was quadratic.
                before = next((piece[-1] for piece in reversed(pieces) if piece), "")
                pieces.append(_markdown(kind, inner, number, targets, before, after))
                break
    pieces.append(line[end:])
    # trafilatura trims the spaces around words, not those between a word and a mark.
    indent = line[:len(line) - len(line.lstrip())]
    return indent + _GAP.sub(" ", "".join(pieces).strip())


def _markdown(kind: str, inner: str, number: int, targets: list[str], before: str, after: str) -> str:
    """A link or emphasis around ``inner``, its flanking whitespace outside; plain ``inner`` when
    markdown would not read it so (no text, or emphasis inside a word, between ``before``, the
    character before it, and ``after``, the one after)."""
    text = inner.strip()
    if not text:
        return inner
    lead, trail = inner[:len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
    if kind == "link":
        if not 0 <= number < len(targets):
            return inner
        return f"{lead}[{text}]({_target(targets[number])}){trail}"
    delimiter = _DELIMITER[kind]
    inside_word = (not lead and _WORD.match(before or " ")) or (not trail and _WORD.match(after or " "))
    if inside_word or text.startswith("*") or text.endswith("*"):
        return inner
    return f"{lead}{delimiter}{text}{delimiter}{trail}"


def to_markdown(text: str, targets: list[str]) -> str:
    """``text`` (an extraction of a marked page) with its marks turned into markdown.

    >>> marked = "\U0001D900\U0001D800Home\U0001D9F0 \U0001D9F3Montas \U0001D9F4may, e\U0001D9F1x\U0001D9F2tra"
    >>> to_markdown(marked, ["/a b"])
    '[Home](/a%20b) *Montas* may, extra'
    """
    if not _ANY_MARK.search(text):
        return text
    return "\n".join(_spans(line, targets) if _ANY_MARK.search(line) else line for line in text.split("\n"))
