"""Mend trafilatura's text where its choices are known to go wrong.

One job: two repairs of trafilatura's extraction of a page, each measured on the dev pages.

:func:`restore_lists` finds, in the page trafilatura read, each list that sits between two
``<p>`` siblings whose text trafilatura kept while it kept none of the list's items, and puts the
list back into trafilatura's text, item by item, after the first of the two paragraphs. Where
trafilatura recognises no article container, it reads the page's paragraphs one by one (its
"wild text" recovery takes ``<p>``, code, quotes and tables, never lists), so a list of tips or
steps in the middle of an article is lost while the paragraphs around it stay. A list that is
mostly links (``MAX_LINK_SHARE``) stays out: lists of other pages' headlines sit between
paragraphs too. On the dev pages one page had its list back (recall 0.47 -> 0.98) and no page
changed otherwise; with a link share of a half, two lists of related stories came back too.

:func:`drop_repeats` keeps only the last of the paragraphs (``REPEAT_MIN_WORDS`` words or more)
that trafilatura's text holds twice or more: a teaser or description that its fallbacks put
above the article, a widget repeated on the page. The last, because the teaser comes first.
On the dev pages: 11 pages changed, F1 +0.0004 (precision +0.001; three pages lost a little
recall where the gold holds a paragraph twice). With 10 words, a 13-word line that a blog post
repeats on purpose (a download link under each of three demos) went too.
"""

from __future__ import annotations

from typing import Any

from cleaner.html.inline import strip_marks
from cleaner.html.prune import INLINE, link_share
from cleaner.text.blocks import WORD, count_words
from cleaner.text.markup import escape_markup

__all__ = ["restore_lists", "drop_repeats", "shown_text", "MAX_LINK_SHARE", "REPEAT_MIN_WORDS"]

# A list whose link text is at least this share of its words is a list of links: left out.
MAX_LINK_SHARE = 0.2
# A paragraph's words must run to at least this many for its presence in the text to say anything.
MIN_KEY_WORDS = 3
# The paragraph before the list is found in the text by this many of its last words.
TAIL_WORDS = 6
# A line of the text with at least this many words is a paragraph whose repeat is a repeat.
REPEAT_MIN_WORDS = 15


def _key(text: str) -> str:
    """The words of ``text``, marks and markup aside: what a paragraph and its extraction share."""
    return " ".join(WORD.findall(strip_marks(text)))


def _neighbour(element: Any, *, preceding: bool) -> Any:
    """The nearest sibling of ``element`` on one side that is not empty (a ``<br>``, an image), or None."""
    for sibling in element.itersiblings(preceding=preceding):
        # Read without text_content(): a long sibling that is no paragraph must not cost a walk.
        if isinstance(sibling.tag, str) and (len(sibling) or (sibling.text or "").strip()):
            return sibling
    return None


def shown_text(element: Any) -> str:
    """The text of ``element`` on one line, a space wherever a browser breaks the line (between
    block elements, at a ``<br>``) and none between inline ones: ``text_content()`` glues a list
    item's heading to its paragraph ("Scrape the railingsTake the old paint off").

    >>> from lxml import html
    >>> shown_text(html.fromstring("<li><h3>Scrape the rail<b>ings</b></h3><p>Take the paint<br>off.</p></li>"))
    'Scrape the railings Take the paint off.'
    """
    from lxml import etree  # type: ignore[import-untyped]

    parts: list[str] = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        breaks = bool(tag) and (tag == "br" or tag not in INLINE)  # a comment breaks nothing
        if event == "start":
            if breaks:
                parts.append(" ")
            parts.append(node.text or "" if tag else "")
            continue
        if breaks:
            parts.append(" ")
        if node is not element:
            parts.append(node.tail or "")
    return " ".join("".join(parts).split())


def restore_lists(tree: Any, text: str) -> tuple[str, int]:
    """``text`` (trafilatura's extraction of ``tree``) with the lists it left out between two
    paragraphs it kept put back as ``-`` items; returns the text and how many lists came back.

    >>> from lxml import html
    >>> page = html.fromstring("<div><p>Three tips for the walk up the cliff.</p><ul><li>Wear boots.</li>"
    ...                        "<li>Take water.</li></ul><p>The path opens at nine every day.</p></div>")
    >>> restore_lists(page, "Three tips for the walk up the cliff.\\nThe path opens at nine every day.")
    ('Three tips for the walk up the cliff.\\n\\n- Wear boots.\\n- Take water.\\n\\nThe path opens at nine every day.', 1)
    """
    whole: str | None = None
    keys: list[str] = []
    lines = text.split("\n")
    inserts: list[tuple[int, list[str]]] = []
    for found in tree.iter("ul", "ol"):
        # The cheap tests first: most lists of a page have no paragraph on either side.
        before, after = _neighbour(found, preceding=True), _neighbour(found, preceding=False)
        if before is None or after is None or before.tag != "p" or after.tag != "p":
            continue
        items = [shown_text(item) for item in found.iterchildren("li")]
        items = [item for item in items if item]
        if not items or link_share(found) >= MAX_LINK_SHARE:
            continue
        if whole is None:
            whole = _key(text)
            keys = [_key(line) for line in lines]
        sides = [_key(before.text_content()), _key(after.text_content())]
        if any(len(side.split()) < MIN_KEY_WORDS or side not in whole for side in sides):
            continue
        # Left out whole: trafilatura kept none of its items (it numbers or bullets those it keeps).
        if any(count_words(item) >= 2 and _key(item) in whole for item in items):
            continue
        tail = " ".join(sides[0].split()[-TAIL_WORDS:])
        line = next((n for n, key in enumerate(keys) if key.endswith(tail)), None)
        if line is not None:
            inserts.append((line, ["- " + escape_markup(item) for item in items]))
    for line, block in sorted(inserts, key=lambda insert: insert[0], reverse=True):
        lines[line + 1:line + 1] = ["", *block, ""]
    return "\n".join(lines), len(inserts)


def drop_repeats(text: str) -> tuple[str, int]:
    """``text`` without the earlier copies of each line of ``REPEAT_MIN_WORDS`` words or more
    that it holds twice or more (words compared, marks and case aside); and how many went.

    >>> teaser = "A sobering look at the real problems that affect every one of us, from the folks at the film studio."
    >>> drop_repeats(f"Gamers have problems\\n{teaser}\\nWhen people ask, show them this.\\n{teaser}")
    ('Gamers have problems\\nWhen people ask, show them this.\\nA sobering look at the real problems that affect every one of us, from the folks at the film studio.', 1)
    """
    lines = text.split("\n")
    seen: set[str] = set()
    repeats: set[int] = set()
    for number in range(len(lines) - 1, -1, -1):
        key = _key(lines[number]).lower()
        if len(key) < 2 * REPEAT_MIN_WORDS or key.count(" ") + 1 < REPEAT_MIN_WORDS:
            continue
        if key in seen:
            repeats.add(number)
        seen.add(key)
    if not repeats:
        return text, 0
    return "\n".join(line for number, line in enumerate(lines) if number not in repeats), len(repeats)
