"""Where the comment thread after an article begins.

One job: find the thread's first block (step 4 of :mod:`cleaner.heuristics.classify`): a comment
marker the first pass found ("Jane says:", "12 thoughts on", "Leave a reply", a comment label
that is no toolbar button nor a post's header), two dated comment headers close together, or
commenters' names over their comments, after enough of the article (good blocks, and prose that
the neighbours have not settled: near-good blocks, short sentences; less of it before a marker
set as a heading).
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.heuristics.firstpass import Item
from cleaner.rules.thresholds import DEFAULT, Thresholds

__all__ = ["thread_start"]

def _in_toolbar(items: Sequence[Item], index: int, t: Thresholds) -> bool:
    """A comment label between one-word lines is a toolbar button (print, email, comments),
    not the head of a thread; a longer prompt ("Add your comments (read our policy)") never is,
    nor a label between lines with no words and prose."""
    if items[index].block.words > t.comment_label_words:
        return False
    # Lines with no words (a separator, an image, an empty quote line) are no buttons: the
    # search looks past them to the nearest line with words on each side.
    before = next((item.block.words for item in reversed(items[:index]) if item.block.words), None)
    after = next((item.block.words for item in items[index + 1:] if item.block.words), None)
    around = [words for words in (before, after) if words is not None]
    return bool(around) and max(around) <= t.toolbar_words


def _in_post_header(items: Sequence[Item], index: int, t: Thresholds) -> bool:
    """A comment count just under a post's date line, which follows its title rather than its
    last paragraph, with prose soon after it, is the post's header ("May 3, 2024 by Anna | 1
    Comment"), not the head of a thread: under a post's last paragraph, the same lines are its
    footer, and the thread follows."""
    if not items[index].comment_label:
        return False
    before = [i for i in range(index - 1, -1, -1) if items[i].block.kind != "separator"]
    if not before or not items[before[0]].dated:
        return False
    above = next((i for i in before if not items[i].dated), None)
    if above is not None and (items[above].first == "good" or _prose(items[above])):
        return False
    after = (item for item in items[index + 1:] if item.block.kind != "separator")
    return any(item.first == "good" for item, _ in zip(after, range(t.title_window)))


def _name_header(items: Sequence[Item], index: int) -> bool:
    """A commenter's name over a comment: a bulleted (not numbered) list item of one or two words,
    no sentence, no link, followed by a block that is not a list item (the reply structure
    threads render as)."""
    block = items[index].block
    following = items[index + 1].block if index + 1 < len(items) else None
    return (block.kind == "list-item" and not block.marker[:1].isdigit() and 1 <= block.words <= 2
            and not items[index].terminal
            and block.link_chars == 0 and following is not None and following.kind != "list-item")


def _prose(item: Item) -> bool:
    """Prose the first pass found, though its neighbours may not have settled it as good yet: a
    short post's paragraphs are each too short to be good alone, and are still its body."""
    return item.first == "near-good" or (item.first == "short" and item.terminal)


def thread_start(items: Sequence[Item], t: Thresholds = DEFAULT, markers_only: bool = False) -> int:
    """Where a comment thread after the article begins (``len(items)`` when there is none), by
    the page's thresholds ``t``; ``markers_only``: only a comment marker opens it (on an article
    already clean, dated headers and names over paragraphs are as likely a diary's entries, a
    live blog's or an interview's as comments)."""
    good_chars = 0
    # (Only a list item can be one: most blocks are told without a call.)
    names = [item.block.kind == "list-item" and _name_header(items, index) for index, item in enumerate(items)]
    for index, item in enumerate(items):
        need = t.comment_heading_min_body_chars if item.block.kind == "heading" else t.comment_min_body_chars
        # (any() over a list, not a generator: compiled, this function reads its items in C
        # (thread.pxd), and may hold no closure, which Cython makes of a generator.)
        if good_chars >= need and (
                (item.comment_marker and not _in_toolbar(items, index, t) and not _in_post_header(items, index, t))
                or (not markers_only and item.stamp and any([other.stamp for other in items[index + 1:index + 1 + t.stamp_window]]))
                or (not markers_only and names[index] and sum(names[index:index + t.stamp_window]) >= t.name_headers)):
            return index
        if item.label == "good" or (item.rule is None and _prose(item)):
            good_chars += item.chars
    return len(items)
