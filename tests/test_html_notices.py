"""A site's standing notices at the foot of an extracted article (rules/generic/notices.yaml):
browser advice, a disclaimer about external sites, market-data delays, trackback notices; a
post's meta line ending in its tags (`meta-then-tags` in rules/generic/navigation.yaml); a call
for readers' stories and its form's terms (rules/generic/tips.yaml). The article stays."""

from __future__ import annotations

import pytest

pytest.importorskip("trafilatura")

from cleaner import Cleaner  # noqa: E402

POST = ("The lighthouse keeper's cottage on the south cliff reopened to visitors on Saturday after "
        "two years of repairs to its roof, its chimney and the old lamp room.")
MORE = ("Volunteers from the village spent most weekends of the last winter scraping and painting "
        "the iron railings that run along the cliff path to the cottage door.")


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


def _page(foot: str) -> str:
    return (f"<html><head><title>The old cottage reopens</title></head><body><article>"
            f"<h1>The old cottage reopens</h1><p>{POST}</p><p>{MORE}</p>{foot}</article></body></html>")


# Each foot goes whole, and the article above it stays.
FEET = {
    "browser advice and an external sites disclaimer":
        "<p>Cliff Times © 2012 The Cliff Times is not responsible for the content of external sites. "
        "<a href='/about'>Read more.</a></p>"
        "<p>This page is best viewed in an up-to-date web browser with style sheets (CSS) enabled. "
        "Please consider upgrading your browser software if you are able to do so.</p>",
    "market-data notices, line by line":
        "<p>Stock quotes are delayed at least 15 minutes for Nasdaq, at least 20 minutes for NYSE.<br>"
        "U.S. indexes are delayed at least 15 minutes with the exception of the Dow.<br>"
        "Cliff 40 Index powered by Example Feeds.</p>",
    "a blog's trackback notices":
        "<div class='trackbacks'><h3>TrackBack</h3><p>TrackBack URL for this entry:</p>"
        "<p>https://blog.example/services/trackback/6a00e5</p>"
        "<p>Listed below are links to weblogs that reference The old cottage reopens:</p></div>",
    "a call for readers' stories and its form's terms":
        "<p>Are you in the area? Have you been affected by this? Share with us by emailing "
        "news@cliff.example.</p><p>A selection of your comments may be published, displaying your "
        "name and location unless you state otherwise.</p>",
}


@pytest.mark.parametrize("foot", FEET.values(), ids=FEET.keys())
def test_a_notice_at_the_foot_goes(cleaner: Cleaner, foot: str) -> None:
    assert cleaner.clean(_page(foot)).text == f"The old cottage reopens\n\n{POST}\n\n{MORE}"


def test_a_sentence_about_delayed_prices_stays(cleaner: Cleaner) -> None:
    line = "Prices are delayed by weeks when the harvest is late, the growers at the cottage market said."
    page = _page(f"<p>{line}</p>")
    assert cleaner.clean(page).text == f"The old cottage reopens\n\n{POST}\n\n{MORE}\n\n{line}"


def test_a_meta_line_ending_in_linked_tags_goes(cleaner: Cleaner) -> None:
    names = ["Lighthouses", "South Cliff", "Volunteers", "Heritage", "Village Life", "Restoration", "Coast Path"]
    tags = ", ".join(f"<a href='https://cliff.example/tags/{name.lower().replace(' ', '-')}/'>{name}</a>"
                     for name in names)
    page = (f"<html><head><title>The old cottage reopens</title></head><body><article>"
            f"<h1>The old cottage reopens</h1><p>Published: May 1st, 2012 | Tags: {tags}</p>"
            f"<p>{POST}</p><p>{MORE}</p></article></body></html>")
    assert cleaner.clean(page).text == f"The old cottage reopens\n\n{POST}\n\n{MORE}"
