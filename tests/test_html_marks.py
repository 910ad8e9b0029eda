"""The marks that carry links and emphasis through trafilatura leave its choices as a plain
extraction's: a link of 7 to 9 characters still counts as short in its link-density tests."""

from __future__ import annotations

import pytest

pytest.importorskip("trafilatura", reason="HTML input needs the html extra")

from cleaner.html.extract import extract, run_trafilatura  # noqa: E402
from cleaner.html.parse import parse_html  # noqa: E402
from cleaner.html.inline import mark_inline  # noqa: E402

STORY = "".join(f"<p>Paragraph {n} of the story tells how the town council voted on the new bridge "
                "and what the mayor said about it afterwards.</p>" for n in range(1, 3))
KEPT = ("# The bridge vote\n\n"
        "Paragraph 1 of the story tells how the town council voted on the new bridge and what the mayor "
        "said about it afterwards.\n\n"
        "Paragraph 2 of the story tells how the town council voted on the new bridge and what the mayor "
        "said about it afterwards.\n")


def _page(last: str) -> str:
    return f"<html><body><article><h1>The bridge vote</h1>{STORY}{last}</article></body></html>"


def test_a_paragraph_of_short_links_goes_as_in_a_plain_extraction() -> None:
    # Both links are 8 characters: short for trafilatura, which drops a paragraph whose links are
    # all short. With their 3 mark characters counted they were 11 and the paragraph stayed.
    page = _page("<p>Read more in <a href='/politics'>Politics</a> and in <a href='/business'>Business</a> today.</p>")
    plain, _ = run_trafilatura(parse_html(page), None, fast=True)
    marked = parse_html(page)
    targets = mark_inline(marked)
    assert targets == ["/politics", "/business"]
    assert run_trafilatura(marked, targets, fast=True)[0] == plain
    assert extract(page).text == KEPT


def test_a_short_link_in_a_kept_paragraph_is_a_markdown_link() -> None:
    page = _page("<p>The council's <a href='/minutes'>minutes</a> are online, and the mayor answered "
                 "questions for an <b>hour</b>.</p>")
    assert extract(page).text == (KEPT.rstrip("\n") + "\n\nThe council's [minutes](/minutes) are online, and the mayor "
                                  "answered questions for an **hour**.\n")
