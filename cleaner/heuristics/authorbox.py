"""The author's bio that closes the main run.

One job: find an author box at the end of the article (:func:`author_box`, step 5b of
:mod:`cleaner.heuristics.classify`). Blogs and magazines set the writer's bio right after the
story, above the related links, so it reads as prose and the main run takes it in. The run's last
prose block is such a bio when it opens with a person's name and a verb of biography ("Jane Doe is
a freelance writer ...", "Jane covered education for a decade ...") and either the short line just
before it is that name (the box's heading) or it calls the person a writer, editor, founder ...
within its first sentence. Only the last prose block is looked at: the same sentence inside the
story ("Smith is the founder of the charity ...", followed by more of the story) is body.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from cleaner.heuristics.firstpass import Item, bio_opening

__all__ = ["author_box"]

# Words that call a person a writer: what a bio without its name line above must say early on.
_ROLE = regex.compile(
    r"(?i)\b(?:writer|editor|journalist|reporter|author|founder|co-founder|blogger|contributor|"
    r"columnist|correspondent|freelancer?|ceo)s?\b")
# How far into the bio its role must be named: its opening sentence, about.
_ROLE_CHARS = 150
# The longest line that is taken for the name over a bio.
_NAME_LINE_WORDS = 4


def _name_line(items: Sequence[Item], index: int, first: str) -> int | None:
    """The block before ``index`` (past separators) when it is a short line opening with the name
    ``first`` (a box's heading: "Jane Doe", "jane", 'Jane "JD" Doe @jd'), else None."""
    before = index - 1
    while before >= 0 and items[before].block.kind == "separator":
        before -= 1
    if before < 0:
        return None
    words = items[before].block.plain.split()
    if (0 < len(words) <= _NAME_LINE_WORDS and not items[before].terminal
            and words[0].strip("\"“”'’").casefold() == first.casefold()):
        return before
    return None


def author_box(items: Sequence[Item], start: int, stop: int) -> int | None:
    """The author's bio that closes the main run ``[start, stop)``: the index of the run's last
    prose block when it is one, else None.

    The run must hold good prose before the bio (and its name line): a page whose only prose is
    a bio keeps it.
    """
    last = next((index for index in range(stop - 1, start - 1, -1)
                 if items[index].rule is None and items[index].first in ("good", "near-good")), None)
    if last is None or items[last].block.kind not in ("paragraph", "quote"):
        return None
    match = bio_opening(items[last].block.plain)
    if match is None:
        return None
    box = _name_line(items, last, match.group("first"))
    if box is None:
        if not _ROLE.search(items[last].block.plain[match.end():match.end() + _ROLE_CHARS]):
            return None
        box = last
    if not any(item.label == "good" and item.first in ("good", "near-good") for item in items[start:box]):
        return None
    return last
