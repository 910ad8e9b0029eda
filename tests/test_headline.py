"""The headline kept above the main run, and a blog post's title set as a link to the post.

The pages are judged by :func:`classify` alone, as scraped pages, so every decision here is the
heuristics' own; :func:`headlines` is also asked directly, on labels set by hand.
"""

from __future__ import annotations

from test_heuristics import BODY, _as_scraped

from cleaner.heuristics.firstpass import measure
from cleaner.heuristics.headline import headlines
from cleaner.rules.thresholds import DEFAULT
from cleaner.text.blocks import segment

STORY = "\n\n".join(BODY)
FOOTER = "\n\n[Home](/) | [About](/about)\n\n[Jobs](/jobs) | [Advertise](/ads)"
TITLE = ("heuristic:title", "bad", "good", "the headline before the main run", True)


def test_a_linked_post_title_under_the_blog_name_is_kept_with_it() -> None:
    page = "# The Riverside Blog\n\n### [Council backs the new bridge](https://example.com/2024/05/bridge)\n\n" + STORY
    assert _as_scraped(page + FOOTER)[:3] == [
        ("heuristic:title", "short", "good", "the headline before the main run", True), TITLE,
        ("heuristic:stopwords", "good", "good", "stopword density 0.55 >= 0.30", True)]


def test_a_linked_post_title_is_the_headline_of_a_page_without_an_h1() -> None:
    page = "[Home](/) | [About](/about)\n\n## [Council backs the new bridge](https://example.com/2024/05/bridge)\n\n"
    assert _as_scraped(page + STORY + FOOTER)[:2] == [("heuristic:link-line", "bad", "bad", "only links", False), TITLE]


def test_a_linked_heading_too_short_for_a_title_stays_furniture() -> None:
    page = "# The Riverside Blog\n\n## [Bridges](https://example.com/tag/bridges)\n\n" + STORY
    assert _as_scraped(page + FOOTER)[1] == ("heuristic:link-density", "bad", "bad", "link density 1.00 > 0.50", False)


def test_a_linked_heading_over_other_good_text_is_not_the_run_s_title() -> None:
    teaser = "The engineers asked the council for a survey of the river bed before any work starts."
    page = "## [Engineers ask for a survey first](https://example.com/survey)\n\n" + teaser + "\n\n" + STORY
    items = measure(segment(page), "en", DEFAULT)
    for item in items:
        item.label = "good" if item.first == "good" or item.block.kind == "paragraph" else "bad"
    # The run starts at the story (block 2): the teaser between is good text of its own.
    assert headlines(items, 2, DEFAULT) == ()
    assert headlines(items, 1, DEFAULT) == (0,)


def test_a_plain_headline_is_kept_as_before() -> None:
    assert _as_scraped("Council backs the new bridge\n\n" + STORY + FOOTER)[0] == (
        "heuristic:title", "short", "good", "the headline before the main run", True)
