"""Lists that the article itself introduces: lists of links inside it, and a list of short
lines that closes it.

One job: find the list items that are the article's own list of links (a post's questions linked
to their answers further down, the emails a post is about, the books it names), so that the main
run neither breaks on them nor drops them. Such a list is link-heavy item by item, like a menu or
a box of related stories, but it sits between prose: a line of the article introduces it (a
sentence, or a line ending in ``:``, that no rule took), and the article goes on right after it.
A related-stories box set in the body has a label that a rule drops ("Related", "Read more:") or
a heading over it, and a menu has no sentence before it: neither is introduced. A list of short
lines after a line ending in a colon where the main run ends (a recipe's ingredients) is the
article's too, though the page's furniture follows it (:func:`closing_list`).
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.heuristics.firstpass import Item

__all__ = ["introduced_lists", "closing_list", "LISTED_MIN_ITEMS", "RESUME_WINDOW"]

# A list of links needs this many linked items to be one: a single linked line after a sentence
# is an image, a "read more" or a teaser, which the first pass judges well alone.
LISTED_MIN_ITEMS = 2

# First-pass verdicts that a list's item may carry: its links, or its few stopwords (a list of
# names, titles and figures). Any other (a menu line, furniture words, a comment marker) shows
# furniture, and the list is none of the article's.
_JUDGED = frozenset(("link-line", "link-density", "stopwords", "punctuation"))
# The article goes on after the list: the next block (separators aside) is one no rule took and
# the first pass did not call bad (a sentence, a section's heading), and a good block (by the first
# pass, or by its neighbours once they judged) comes within this many blocks.
RESUME_WINDOW = 4


def _introduces(item: Item, listed: Sequence[Item]) -> bool:
    """Whether ``item`` is a line of the article that leads into the list ``listed``: a paragraph
    that no rule took and the first pass did not call bad, ending with a colon; or a short one
    ending a sentence ("Click the titles to read them.") over a list whose items say more than
    their links ("[Title](link) - 15%"). A list of bare links after a sentence is a box of
    related stories set in the body, and a long paragraph before a list is a story's last."""
    if item.rule is not None or item.block.kind != "paragraph" or item.first == "bad":
        return False
    if item.block.plain.rstrip().endswith(":"):
        return True
    # (A list, not a generator: compiled, this function may hold no closure; linklists.pxd.)
    return item.terminal and item.first == "short" and any([entry.block.link_density < 1 for entry in listed])


def _list_end(items: Sequence[Item], index: int) -> int:
    """Where the run of list items that no rule decided, from block ``index`` on, ends."""
    stop = index
    while stop < len(items):
        item = items[stop]
        if item.block.kind != "list-item" or item.rule is not None:
            break
        stop += 1
    return stop


def introduced_lists(items: Sequence[Item]) -> dict[int, int]:
    """The list items that belong to a list of links introduced by the article, each mapped to
    the index of the line that introduces it: consecutive list items that no rule decided, at
    least ``LISTED_MIN_ITEMS`` and more than half of them links, right after an introducing line,
    and followed by more of the article (see ``RESUME_WINDOW``).

    >>> from cleaner.text.blocks import segment
    >>> from cleaner.heuristics.firstpass import measure
    >>> prose = "The council met on Monday and it voted on the plan for the new bridge over the river. "
    >>> page = segment(prose + "\\n\\nThe plans are these:\\n\\n* [North bridge](a)\\n* [South bridge](b)\\n\\n" + prose * 2)
    >>> introduced_lists(measure(page))
    {2: 1, 3: 1}
    """
    found: dict[int, int] = {}
    index = 0
    while index < len(items):
        stop = _list_end(items, index)
        if stop == index:
            index += 1
            continue
        listed = items[index:stop]
        if (index > 0 and len(listed) >= LISTED_MIN_ITEMS and _introduces(items[index - 1], listed)
                and all(item.first != "bad" or item.name in _JUDGED for item in listed)):
            after = [item for item in items[stop:] if item.block.kind != "separator"][:RESUME_WINDOW]
            if (after and after[0].rule is None and after[0].first != "bad"
                    and any(item.rule is None and "good" in (item.label, item.first) for item in after)):
                found.update(dict.fromkeys(range(index, stop), index - 1))
        index = stop
    return found


def _closing_line(item: Item) -> bool:
    """A line of a list that closes the article: no rule took it, and it is short, or a link the
    first pass looked past (a place, a title, linked)."""
    if item.rule is not None or item.block.kind not in ("paragraph", "list-item", "link-line"):
        return False
    return item.first == "short" or (item.first == "bad" and item.name in ("link-line", "link-density")
                                     and not item.block.text.startswith("!"))


def closing_list(items: Sequence[Item], start: int, stop: int) -> dict[int, int]:
    """The lines of a list that closes the article, each mapped to the line that introduces it:
    the main run ``[start, stop)`` ends on, or right before, a line of the article ending with a
    colon ("Ingredients for 4 portions:"), and at least ``LISTED_MIN_ITEMS`` lines follow it that
    no rule took, each short and nothing of furniture by the first pass, or a link it looked past,
    one of them at least with no link (a recipe's ingredients, one a line; the cities of a tour,
    some linked; a box of related stories is links only). Each line is too short to be judged alone, and the page's
    furniture after them leaves them no good neighbour, but they are the article's."""
    for intro in (stop - 1, stop):
        if not start <= intro < len(items) or not _introduces(items[intro], ()) or items[intro].terminal:
            continue
        end, plain = intro + 1, 0
        while end < len(items) and _closing_line(items[end]):
            plain += not items[end].block.link_chars
            end += 1
        if end - intro - 1 >= LISTED_MIN_ITEMS and plain:
            return dict.fromkeys(range(intro + 1, end), intro)
    return {}
