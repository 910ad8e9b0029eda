"""An article already clean passes through with the generic rules on: its byline and date lines
stay in the text (their values still go to the metadata), while a scraped page loses them.

Hand-written pages; the heuristics' own clean-page cases (rules off) are in test_heuristics.py.
"""

from __future__ import annotations

import pytest
from test_heuristics import BODY as STORY

from cleaner import Cleaner

# Two paragraphs of the heuristics tests' story.
BODY = STORY[:2]
CLEAN = "0 kinds of furniture on the page <= 2, none in a row"


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


def _decisions(cleaner: Cleaner, page: str) -> list[tuple[str, str, bool]]:
    return [(d.reason, d.detail, d.kept) for d in cleaner.clean(page, input="text").decisions]


def test_a_clean_article_keeps_its_byline_and_date_line(cleaner: Cleaner) -> None:
    page = "Council backs the new bridge\n\nBy Anna Berg\n\nPublished 3 May 2024\n\n" + "\n\n".join(BODY)
    result = cleaner.clean(page, input="text")
    assert result.text == page
    assert (result.metadata.author, result.metadata.date) == ("Anna Berg", "2024-05-03")
    assert _decisions(cleaner, page) == [
        ("heuristic:clean-page", CLEAN, True),
        ("heuristic:clean-page", f"a metadata line; {CLEAN}", True),
        ("heuristic:clean-page", f"a metadata line; {CLEAN}", True),
        ("heuristic:clean-page", CLEAN, True),
        ("heuristic:clean-page", CLEAN, True),
    ]


def test_a_scraped_page_loses_its_byline_and_date_line(cleaner: Cleaner) -> None:
    page = ("Home | News | Sport | Weather\n\n[Log in](/login)\n\n[Subscribe](/s)\n\nCouncil backs the new bridge"
            "\n\nBy Anna Berg\n\nPublished 3 May 2024\n\n" + "\n\n".join(BODY)
            + "\n\n[Next story](/n)\n\n[Previous story](/p)")
    result = cleaner.clean(page, input="text")
    assert result.text == "Council backs the new bridge\n\n" + "\n\n".join(BODY)
    assert (result.metadata.author, result.metadata.date) == ("Anna Berg", "2024-05-03")
    assert _decisions(cleaner, page)[4:6] == [
        ("rule:byline/by-author", "author: 'Anna Berg'", False),
        ("rule:byline/date-line", "date: '2024-05-03'", False),
    ]


def test_a_small_page_under_a_date_is_kept_whole(cleaner: Cleaner) -> None:
    page = "Monday, November 12, 2012\n\nNext up: pumpkin pie"
    result = cleaner.clean(page, input="text")
    assert result.text == page
    assert result.metadata.date == "2012-11-12"
    assert _decisions(cleaner, page) == [("heuristic:small-page", "4 words < 30", True)] * 2


def test_an_archive_of_dated_titles_is_an_article_and_stays(cleaner: Cleaner) -> None:
    # Dated titles in a row are the archive's body, not a region of furniture.
    page = ("Posts on the bridge, by date:\n\n1. The council votes on the bridge (May 3, 2024)\n\n"
            "2. What the engineers said (May 10, 2024)\n\n3. The first piers go in (June 2, 2024)\n\n"
            + "\n\n".join(BODY))
    assert cleaner.clean(page, input="text").text == page
    assert [d[0] for d in _decisions(cleaner, page)] == ["heuristic:clean-page"] * 6


def test_a_clean_article_in_markdown_keeps_its_linked_title_and_citing_sentence(cleaner: Cleaner) -> None:
    """Link-shaped blocks that are an article's own: a title linked to its page, a sentence whose
    sources are links. A line of links is furniture all the same."""
    title = "# [Council backs the new bridge](https://example.org/bridge)"
    citing = ("The [engineers' report](/report) and the [council minutes](/minutes) say the "
              "[old bridge](/old-bridge) must close.")
    links = "[Bridges](/tag/bridges) [Rivers](/tag/rivers)"
    page = "\n\n".join([title, BODY[0], citing, links, BODY[1]])
    kinds = "1 kinds of furniture on the page <= 2, none in a row"
    assert [(d.reason, d.detail, d.kept) for d in cleaner.clean(page).decisions] == [
        ("heuristic:clean-page", kinds, True),
        ("heuristic:clean-page", kinds, True),
        ("heuristic:clean-page", kinds, True),
        ("heuristic:link-line", "only links", False),
        ("heuristic:clean-page", kinds, True),
    ]


def test_a_clean_article_keeps_its_comments_when_only_their_label_is_furniture(cleaner: Cleaner) -> None:
    # A rule drops the "5 Comments" label, and nothing before it goes: the text came with its
    # comments, as a body someone cleaned and kept them in; their dated headers stay with them.
    comments = ("Anna Berg, May 3, 2024 at 9:12 pm\n\nAbout time too. This bridge has been promised for as long "
                "as I can remember.\n\nTom Reed, May 4, 2024 at 8:01 am\n\nAgreed, and the old one is falling apart.")
    page = "\n\n".join(BODY) + "\n\n5 Comments\n\n" + comments
    assert cleaner.clean(page, input="text").text == "\n\n".join(BODY) + "\n\n" + comments
    one = "1 kinds of furniture on the page <= 2, none in a row"
    thread = f"{one}; the comment thread from block 2 kept, nothing before it is furniture"
    assert _decisions(cleaner, page) == [
        ("heuristic:clean-page", one, True)] * 2 + [
        ("rule:comments/comment-prompt", "matched '5 Comments'", False)] + [
        ("heuristic:clean-page", f"a metadata line; {thread}", True), ("heuristic:clean-page", thread, True)] * 2
    # One line of furniture before the label, and the comments are a thread again.
    scraped = "\n\n".join(BODY) + "\n\nShare this: Facebook, Twitter, Email\n\n5 Comments\n\n" + comments
    assert cleaner.clean(scraped, input="text").text == "\n\n".join(BODY)
