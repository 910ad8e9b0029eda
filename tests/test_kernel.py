"""The compiled kernel cuts, counts and measures a page exactly as the Python path does.

:mod:`cleaner.heuristics.kernel` does the work of ``segment``, the language guess and the first
pass (``measure``) in C; those Python functions are its definition. Here both run in this process
on the same text, and every field of every block and item must agree: on the corpus, on lines
made to sit on the edges of what the kernel reads alone (characters outside the ranges it knows,
characters that case-insensitive patterns take for ASCII letters, column gaps, overlapping
separators, dates, comment labels, markup), and on generated pages. ``tests/test_equivalence.py``
holds the whole engine to the pure path's decisions, in another process.
"""

from __future__ import annotations

import dataclasses
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner.heuristics import firstpass
from cleaner.heuristics.firstpass import Item, cut, measure, page_language, page_line_mode
from cleaner.heuristics.language import OWN_LANGUAGES
from cleaner.rules.thresholds import DEFAULT
from cleaner.text.blocks import Block, is_line_mode, segment
from cleaner.text.normalize import normalize
from conftest import ROOT

pytestmark = pytest.mark.skipif(firstpass._KERNEL is None, reason="the compiled kernel is not built here")

BLOCK_FIELDS = [f.name for f in dataclasses.fields(Block) if f.name != "page"]
ITEM_FIELDS = [f.name for f in dataclasses.fields(Item) if f.name != "block"]


def _python(text: str) -> list[Block]:
    return segment(text)


def _assert_alike(text: str, languages: tuple[str | None, ...] = ("en", "de", "ru")) -> list[Block]:
    """Cut ``text`` both ways and compare blocks, language and first pass; the kernel's blocks."""
    by_kernel = cut(text)
    by_python = _python(text)
    assert [[getattr(b, f) for f in BLOCK_FIELDS] for b in by_kernel] == \
        [[getattr(b, f) for f in BLOCK_FIELDS] for b in by_python]
    assert page_language(by_kernel, DEFAULT) == page_language(by_python, DEFAULT)
    assert page_line_mode(text, by_kernel) == is_line_mode(text)
    for language in {*languages, page_language(by_python, DEFAULT)}:
        kernel_items = measure(by_kernel, language, DEFAULT)
        python_items = measure(by_python, language, DEFAULT)
        assert [[getattr(i, f) for f in ITEM_FIELDS] for i in kernel_items] == \
            [[getattr(i, f) for f in ITEM_FIELDS] for i in python_items], language
    return by_kernel


def test_the_kernel_reads_the_pages_it_takes_and_leaves_the_others() -> None:
    blocks = cut("The council met on Tuesday.\n\nIt voted to close the harbour road.")
    assert blocks[0].page is not None and blocks[0].page is blocks[1].page
    # A fenced code block, and more lines than are cut into blocks: Python cuts the page.
    assert cut("Text.\n\n```\ncode\n```")[0].page is None
    assert all(block.page is None for block in cut("line\n" * 5_001))


@pytest.mark.parametrize("path", sorted((ROOT / "corpus").glob("*/*.md")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_pages_alike(path: object) -> None:
    text = normalize(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    assert (cut(text)[0].page is None) == ("```" in text or "~~~" in text)  # a fence: Python's
    _assert_alike(text)


EDGES = [
    # Characters outside the ranges the kernel knows, or that lower-case to two (İ), or by their
    # neighbours (a capital sigma), or that "(?i)s" matches (the long s): Python reads those.
    "İstanbul’s ΟΔΟΣ council ſays the vote was close, 北京 said, and 😀 followed on Tuesday.",
    "ΣΟΦΟΣ ΛΟΓΟΣ ΚΑΙ ΣΟΦΙΑ",
    "Jan 5 2024, posted at 10:30 am",
    "Posted 5/6/2020 | Updated: 12:01",
    "ſep 5, 12:00",
    "Home | | News | Sport · Weather • More",
    "Home   |   News   |   Sport",
    "A\t \tcolumn  \t gap and\t\ttabs   here and    there    .",
    "3 Comments",
    "Comments (12)",
    "Reader comments: 4",
    "Jane Doe says: I agree with every word of this.",
    "Share this article on Twitter and Facebook",
    "Tweet Share Reddit Email",
    "* [Home](/) | [News](/news)",
    "## 3. In-file Search",
    "> A quote, said the clerk.",
    "1. First step, then **bold** and _italic_ words.",
    # Emphasis, which the kernel reads as markup's patterns do: openers without closers, runs
    # of delimiters, delimiters inside words, and spans that a line break ends.
    "**Bold** then __strong__, *it* and _it_, 2*3*4 and snake_case_name.",
    "***both*** and ___three___, a ____ blank, **unclosed and *closed* and _a_b_ c_",
    "*one line\nand the next* **a\nb** _c_",
    "[**Read more**](/more) and ![*image*](i.png) *[linked](/l)*",
    "![logo](a.png)",
    "Caption under the picture:",
    "Photo: Jane Doe / Reuters",
    "\u200fRight-to-left mark before the text.",
    "Non\u00a0breaking\u2009spaces and a\u2028line separator.",
    "Ends with a quote.”",
    "Ends with a bracket (see above.)",
    "Ellipsis at the end…",
    "x" * 120 + " the of and to in that it is was",
    "Der Rat hat gesagt, dass er über den Plan abstimmen wird, und die Stadt ist dafür.",
    "Совет заявил, что он будет голосовать по плану, и город за это.",
]


@pytest.mark.parametrize("line", EDGES)
def test_edge_lines_alike_in_both_modes(line: str) -> None:
    _assert_alike(normalize(line))
    # In a page read paragraph by paragraph, after an image, and one read line by line.
    _assert_alike(normalize(f"![photo](p.jpg)\n\n{line}\n\nThe council met on Tuesday and voted."))
    _assert_alike(normalize("\n".join([line, "The council met on Tuesday.", line, "![p](p.jpg)", line])))


def test_a_column_gap_counts_as_one_character() -> None:
    blocks = _assert_alike("Home   The council met on Tuesday and voted to close the road for a year.")
    assert measure(blocks, "en", DEFAULT)[0].chars == 71  # 73 characters, two of them the gap's


def test_separators_are_counted_without_overlaps() -> None:
    blocks = _assert_alike("Home | | News | Sport | More")  # four " | ", the first two overlapping
    assert measure(blocks, "en", DEFAULT)[0].detail == "3 separators >= 3"


def test_the_first_furniture_word_is_named_as_written_lower_cased() -> None:
    blocks = _assert_alike("Please SHARE this story")
    assert measure(blocks, "en", DEFAULT)[0].detail == "'share' in 4 words <= 8"


def test_a_block_measured_again_is_measured_as_before_where_nothing_it_depends_on_changed() -> None:
    """Settling measures the kept blocks again, and the kernel gives back what it measured the
    first time: for the same text at the same place, after the same kind of block, by the same
    thresholds."""
    blocks = cut("![photo](p.jpg)\n\nThe harbour at dawn\n\nThe council met on Tuesday.")
    caption = measure(blocks, "en", DEFAULT)[1]
    assert (caption.name, caption.detail) == ("caption", "after an image, 4 words <= 40")
    # The same block as the body reads it back, without the blank line before it: the same
    # measures, given to the copy.
    block = blocks[1]
    copy = Block(block.index, block.kind, block.text, block.plain, block.line, block.words, block.link_chars,
                 block.marker, False, block.rest, block.page)
    again = measure([blocks[0], copy], "en", DEFAULT)[1]
    assert again.block is copy and again is not caption
    assert [getattr(again, f) for f in ITEM_FIELDS] == [getattr(caption, f) for f in ITEM_FIELDS]
    # Another text at its place; no image before it; other thresholds: measured afresh.
    other = Block(block.index, block.kind, "The harbour at dawn again", "The harbour at dawn again", block.line,
                  block.words, block.link_chars, block.marker, block.gap, block.rest, block.page)
    assert measure([blocks[0], other], "en", DEFAULT)[1].chars == 25
    assert measure(blocks[1:], "en", DEFAULT)[0].detail == "19 chars < 100"
    assert measure(blocks, "en", dataclasses.replace(DEFAULT, caption_max_words=3))[1].detail == "19 chars < 100"


_TEXT = st.lists(st.sampled_from([*"ab AZ.,:|·•\t-/0123456789#*_[]()!>\n\n\"'\\", "é", "’", "ſ", "Σ", "北", "\u200f",
                                  "share ", "comments ", "jan ", "the ", "und ", "![", "](", "][", "* ", "# ", "> ",
                                  "1. ", "http://a.b/c_d", "    ", "«"]), max_size=120).map("".join)


@settings(max_examples=max(1, int(500 * float(os.environ.get("CLEANER_PROPERTY_SCALE", "1")))), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
@example("a\n\n\nb")
def test_generated_pages_alike(text: str) -> None:
    _assert_alike(normalize(text), languages=OWN_LANGUAGES[:2])
