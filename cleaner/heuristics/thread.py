"""Where the comment thread after an article begins.

One job: find the thread's first block (step 4 of :mod:`cleaner.heuristics.classify`): a comment
marker the first pass found ("Jane says:", "12 thoughts on", "Leave a reply", a comment label
that is no toolbar button), two dated comment headers close together, or commenters' names over
their comments, after enough of the article.
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.heuristics.firstpass import COMMENT_LABEL_WORDS, Item

__all__ = ["thread_start", "STAMP_WINDOW", "NAME_HEADERS", "COMMENT_MIN_BODY_CHARS", "TOOLBAR_WORDS"]

# Two comment headers (``firstpass.STAMP_MAX_WORDS``) within this many blocks after the article
# open its comment thread.
STAMP_WINDOW = 12
# This many commenters' names over their comments within ``STAMP_WINDOW`` blocks open the thread.
NAME_HEADERS = 3
# A comment thread starts at a comment marker with at least this many good characters before it.
COMMENT_MIN_BODY_CHARS = 400
# A comment label whose neighbours have at most this many words each sits in a toolbar.
TOOLBAR_WORDS = 1


def _in_toolbar(items: Sequence[Item], index: int) -> bool:
    """A comment label between one-word lines is a toolbar button (print, email, comments),
    not the head of a thread; a longer prompt ("Add your comments (read our policy)") never is."""
    if items[index].block.words > COMMENT_LABEL_WORDS:
        return False
    around = [items[i].block.words for i in (index - 1, index + 1) if 0 <= i < len(items)]
    return bool(around) and max(around) <= TOOLBAR_WORDS


def _name_header(items: Sequence[Item], index: int) -> bool:
    """A commenter's name over a comment: a bulleted (not numbered) list item of one or two words,
    no sentence, no link, followed by a block that is not a list item (the reply structure
    threads render as)."""
    block = items[index].block
    following = items[index + 1].block if index + 1 < len(items) else None
    return (block.kind == "list-item" and not block.marker[:1].isdigit() and 1 <= block.words <= 2
            and not items[index].terminal
            and block.link_chars == 0 and following is not None and following.kind != "list-item")


def thread_start(items: Sequence[Item]) -> int:
    """Where a comment thread after the article begins (``len(items)`` when there is none)."""
    good_chars = 0
    names = [_name_header(items, index) for index in range(len(items))]
    for index, item in enumerate(items):
        if good_chars >= COMMENT_MIN_BODY_CHARS and (
                (item.comment_marker and not _in_toolbar(items, index))
                or (item.stamp and any(other.stamp for other in items[index + 1:index + 1 + STAMP_WINDOW]))
                or (names[index] and sum(names[index:index + STAMP_WINDOW]) >= NAME_HEADERS)):
            return index
        if item.label == "good":
            good_chars += item.chars
    return len(items)
