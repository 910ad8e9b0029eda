"""Headlines in HTML pages: the page's own put above trafilatura's article when trafilatura leaves
it out (found in an ``<h1>``-``<h3>`` that a title holds, the longest such, or in a ``<div>`` or
``<span>`` set as a headline whose text is a whole title or a part of one); lists of other pages'
linked headlines removed; headings inside list items read as plain items."""

from __future__ import annotations

import pytest

pytest.importorskip("trafilatura")

from cleaner import Cleaner  # noqa: E402

POST = ("The lighthouse keeper's cottage on the south cliff reopened to visitors on Saturday after "
        "two years of repairs to its roof, its chimney and the old lamp room.")
MORE = ("Volunteers from the village spent most weekends of the last winter scraping and painting "
        "the iron railings that run along the cliff path to the cottage door.")
FOUND = "trafilatura: trafilatura found 59 words; the page's headline put first"


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


def _page(title: str, above: str, *, head: str = "") -> str:
    return (f"<html><head><title>{title}</title>{head}</head><body>{above}"
            f"<article><p>{POST}</p><p>{MORE}</p></article></body></html>")


def _cottage(article: str, after: str = "") -> str:
    """A page whose title and ``<h1>`` are "The cottage reopens", ``article`` below the ``<h1>``
    and ``after`` below the article."""
    return (f"<html><head><title>The cottage reopens</title></head><body><article><h1>The cottage reopens</h1>"
            f"{article}</article>{after}</body></html>")


def test_a_headline_set_in_a_div_is_found_by_its_part_of_the_title(cleaner: Cleaner) -> None:
    page = _page("Cliff Times | Local | The old cottage reopens",
                 "<div class='nav'><a href='/x'>The old cottage reopens</a></div><div class='mxb'><div class='sh'>"
                 "The old cottage reopens</div></div>")
    result = cleaner.clean(page, output="markdown")
    assert result.text == f"# The old cottage reopens\n\n{POST}\n\n{MORE}"
    assert result.extraction == "trafilatura: trafilatura found 60 words; the page's headline put first"


def test_a_three_word_part_of_the_title_is_not_taken_for_the_headline(cleaner: Cleaner) -> None:
    # Often the blog's or the author's name: "A Thrifty Mrs: Look!".
    page = _page("The Cliff Diary: Look!", "<span class='fn'>The Cliff Diary</span>")
    result = cleaner.clean(page, output="markdown")
    assert result.text == f"{POST}\n\n{MORE}"


def test_a_span_that_is_only_part_of_a_title_part_is_no_headline(cleaner: Cleaner) -> None:
    page = _page("Cliff Times | Local | The cottage reopens", "<span class='kicker'>The cottage</span>")
    result = cleaner.clean(page, output="markdown")
    assert result.text == f"{POST}\n\n{MORE}"
    assert result.extraction == "trafilatura: trafilatura found 56 words"


def test_the_post_title_wins_over_the_blog_name_that_the_title_also_holds(cleaner: Cleaner) -> None:
    page = _page("The Cliff Village Blog: The cottage reopens at last",
                 "<h1>The Cliff Village Blog</h1><h3 class='post-title'>The cottage reopens at last</h3>")
    result = cleaner.clean(page, output="markdown")
    assert result.text == f"# The cottage reopens at last\n\n{POST}\n\n{MORE}"


def test_a_heading_longer_than_og_title_is_found_in_the_title_element(cleaner: Cleaner) -> None:
    # og:title leaves out the tickers that the heading and <title> carry; the <title> is escaped twice.
    page = _page("Cliff &amp;amp; Shore: The cottage reopens (CLF, SHR) | Cliff Times",
                 "<h1>Cliff &amp; Shore: The cottage reopens (CLF, SHR)</h1>",
                 head="<meta property='og:title' content='The cottage reopens'>")
    result = cleaner.clean(page, output="markdown")
    assert result.text == f"# Cliff & Shore: The cottage reopens (CLF, SHR)\n\n{POST}\n\n{MORE}"


def test_a_share_link_spelling_the_headline_does_not_count_as_the_headline(cleaner: Cleaner) -> None:
    page = (f"<html><head><title>The cottage reopens | Cliff Times</title></head><body><h1>The cottage reopens</h1>"
            f"<div class='content'><p>{POST} <a href='https://cliff.example/share?u=the-cottage-reopens'>Share</a></p>"
            f"<p>{MORE}</p></div></body></html>")
    result = cleaner.clean(page, output="markdown")
    assert result.text.startswith("# The cottage reopens\n\n")


def test_a_list_of_linked_headlines_goes_whatever_heading_is_above_it(cleaner: Cleaner) -> None:
    teasers = ("<div class='partner-feed'><ul><li><h2><a href='/1'>Budget passes after a long night</a></h2>"
               "<p>posted 2hr(s)</p></li><li><h2><a href='/2'>Mayor resigns over the ferry contract</a></h2>"
               "<p>posted 5hr(s)</p></li></ul></div>")
    page = _cottage(f"<p>{POST}</p><p>{MORE}</p>{teasers}")
    result = cleaner.clean(page)
    assert result.text == f"The cottage reopens\n\n{POST}\n\n{MORE}"
    assert result.extraction == "trafilatura: trafilatura found 59 words; removed first: list of linked headlines"


def test_a_list_whose_items_hold_headings_comes_out_once_as_plain_items(cleaner: Cleaner) -> None:
    # Not every item's heading is a link: a list of steps, not of other pages' headlines. Its
    # items read with a space between heading and paragraph, and the heading's marks go.
    steps = ("<ul><li><h3>Scrape the railings</h3><p>Take the old paint off.</p></li>"
             "<li><h3><a href='/paint'>Paint them</a></h3><p>Two coats.</p></li></ul>")
    page = _cottage(f"<p>{POST}</p>{steps}<p>{MORE}</p>")
    result = cleaner.clean(page)
    assert result.text == (f"The cottage reopens\n\n{POST}\n\n- Scrape the railings Take the old paint off.\n"
                           f"- Paint them Two coats.\n\n{MORE}")
    assert result.extraction == "trafilatura: trafilatura found 72 words"
    markdown = cleaner.clean(page, output="markdown").text
    assert "\n- [Paint them](/paint) Two coats.\n" in markdown


def test_an_author_box_and_a_page_foot_named_so_by_their_class_go(cleaner: Cleaner) -> None:
    bio = ("<div class='full-bio'><p>Ann Hale is a freelance writer from Dover who enjoys writing about the "
           "coast, its lighthouses and the people who keep them.</p><p class='legal-disclaimer'>The opinions "
           "expressed are those of the writer.</p></div>")
    foot = "<div id='foot'><p>This material may not be published, broadcast or rewritten. All rights reserved.</p></div>"
    page = _cottage(f"<p>{POST}</p><p>{MORE}</p>{bio}", foot)
    result = cleaner.clean(page)
    assert result.text == f"The cottage reopens\n\n{POST}\n\n{MORE}"
    assert result.extraction == ("trafilatura: trafilatura found 59 words; "
                                 "removed first: 2 author box(es) and footer(s) by their class")


def test_a_roundup_whose_linked_headings_carry_their_own_paragraphs_stays(cleaner: Cleaner) -> None:
    why = ("A sturdy spade with an ash handle that will outlast its owner, and a blade that stays sharp through "
           "a winter of digging in heavy clay.")
    items = "".join(f"<li><h3><a href='/{name}'>The {name} spade</a></h3><p>{why}</p></li>" for name in ("Harbour", "Quay"))
    page = (f"<html><head><title>Two spades for the allotment</title></head><body><article>"
            f"<h1>Two spades for the allotment</h1><p>{POST}</p><ol>{items}</ol><p>{MORE}</p></article></body></html>")
    result = cleaner.clean(page)
    assert result.text == (f"Two spades for the allotment\n\n{POST}\n\n1. The Harbour spade {why}\n"
                           f"2. The Quay spade {why}\n\n{MORE}")
    assert "list of linked headlines" not in result.extraction


def test_another_story_s_headline_in_capitals_between_paragraphs_goes(cleaner: Cleaner) -> None:
    page = _cottage(f"<p>{POST}</p><p><strong><a href='/mayor'>MAYOR RESIGNS OVER THE FERRY CONTRACT</a></strong></p>"
                    f"<p>{MORE}</p><p>The keeper, <a href='/ann'>ANN HALE</a>, OPENS THE DOOR AT NINE.</p>")
    result = cleaner.clean(page)
    assert result.text == f"The cottage reopens\n\n{POST}\n\n{MORE}\n\nThe keeper, ANN HALE, OPENS THE DOOR AT NINE."
    assert result.extraction == ("trafilatura: trafilatura found 69 words; "
                                 "removed first: 1 link(s) to other stories in capitals")


def test_a_title_that_lost_the_headline_s_apostrophe_still_finds_it(cleaner: Cleaner) -> None:
    page = _page("The keepers cottage reopens - Cliff Diary", "<h3 class='entry-header'>The keeper’s cottage reopens</h3>")
    result = cleaner.clean(page, output="markdown")
    assert result.text == f"# The keeper’s cottage reopens\n\n{POST}\n\n{MORE}"


def test_a_headline_named_only_far_down_the_article_is_still_put_first(cleaner: Cleaner) -> None:
    # The post's title in a line at the foot (a trackback list naming the post) is no kept headline.
    filler = " ".join(["The lamp room was the last part of the cottage to be finished by the builders."] * 4)
    page = (f"<html><head><title>The cottage reopens | Cliff Diary</title></head><body><h1>The cottage reopens</h1>"
            f"<article><p>{POST}</p><p>{MORE}</p><p>{filler}</p>"
            f"<p>Two weblogs wrote about The cottage reopens last week, the keeper said.</p></article></body></html>")
    result = cleaner.clean(page, output="markdown")
    assert result.text == (f"# The cottage reopens\n\n{POST}\n\n{MORE}\n\n{filler}\n\n"
                           "Two weblogs wrote about The cottage reopens last week, the keeper said.")
    assert result.extraction == "trafilatura: trafilatura found 135 words; the page's headline put first"
