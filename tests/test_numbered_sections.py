"""Numbered lines (an ordered list's items, a numbered section heading) are judged by their
neighbours, never by the furniture words they hold: a menu or a share box is not numbered."""

from __future__ import annotations

from cleaner import Cleaner, Settings
from cleaner.heuristics.classify import classify
from cleaner.text.blocks import segment

GUIDE = [
    "Most people move through a long file with the arrow keys, one line at a time, which is slow "
    "and tiring when the file runs to thousands of lines and the place they want is far away.",
    "A quick search jumps straight to the word you type, and it is much faster than any dialog box "
    "because you never have to take your hands away from the keys to reach for the mouse.",
    "The second trick is to open files by a part of their name, which saves you from walking the "
    "folders one by one every time you want to look at something that you wrote last week.",
]


def _labels(page: str) -> list[tuple[str, str, str, bool]]:
    blocks = segment(page)
    return [(label.name, label.first, label.final, label.kept)
            for label in classify(blocks, [True] * len(blocks), clean_page=False) if label is not None]


def test_a_numbered_section_heading_in_text_stays_by_its_neighbours() -> None:
    # Text output writes "### 2. Search in a file" as "2. Search in a file", which reads back
    # as an ordered list item.
    page = "\n".join([GUIDE[0], "2. Search in a file", GUIDE[1], "3. Open a file by name", GUIDE[2]])
    assert _labels(page)[1] == ("neighbours", "short", "good", True)
    assert Cleaner(settings=Settings(generic_rules=False, site_rules=False)).clean(page).text == page


def test_a_numbered_heading_in_markdown_stays() -> None:
    page = "\n\n".join([GUIDE[0], "### 2\\. Search in a file", GUIDE[1]])
    assert _labels(page)[1] == ("neighbours", "short", "good", True)


def test_an_unnumbered_line_with_the_same_words_is_still_furniture() -> None:
    page = "\n".join([GUIDE[0], "* Search in a file", GUIDE[1]])
    assert _labels(page)[1] == ("furniture-word", "bad", "bad", False)
