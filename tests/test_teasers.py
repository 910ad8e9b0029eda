"""A page's own story, teased on its host's other pages, is not repeated furniture on it."""

from __future__ import annotations

from collections import Counter

import pytest

from cleaner import Cleaner, Settings
from cleaner.heuristics.repeat import PagePrint, clusters, page_print
from cleaner.heuristics.teasers import TEASER_BLOCKS, PageCounts, teased
from cleaner.text.blocks import segment

FOOTER = "The Harbour Gazette has been owned by its readers and printed in Dover since 1901."
HEADLINE = "Ferry strike ends after late talks"
LEDE = "The crews went back to work on Monday night, after eleven hours of talks with the company."
REST = "Sailings resume on Wednesday, and the company says the timetable will be back to normal by the weekend."
BIO = "Ann Lee covers the harbour for the Gazette and writes a column about ..."
OTHERS = [
    "Fishermen landed a record catch of sole on Tuesday, the harbour master reported to the council.",
    "The council will repaint the lighthouse this summer, at a cost of forty thousand pounds to the town.",
]
TEASER = f"Most read\n\n{HEADLINE}\n\n{BIO}\n\n{LEDE}\n\nContinue reading"


@pytest.fixture(scope="module")
def plain() -> Cleaner:
    # No heuristics and no generic rules: what is dropped here is dropped for repetition alone.
    return Cleaner(settings=Settings(heuristics=False, generic_rules=False))


def _pages() -> list[dict[str, str]]:
    story = {"text": f"{HEADLINE}\n\n{BIO}\n\n{LEDE}\n\n{REST}\n\n{FOOTER}",
             "url": "https://gazette.example/2024/05/ferry-strike-ends-after-talks/"}
    return [story] + [{"text": f"{body}\n\n{TEASER}\n\n{FOOTER}", "url": f"https://gazette.example/2024/05/story-{n}/"}
                      for n, body in enumerate(OTHERS)]


def test_the_lede_teased_on_other_pages_stays_on_its_own_page(plain: Cleaner) -> None:
    results = list(plain.clean_many(_pages()))
    # The story keeps its headline (its URL spells it) and its lede; the truncated bio, which
    # no article paragraph is, goes with the footer.
    assert results[0].text == f"{HEADLINE}\n\n{LEDE}\n\n{REST}"
    assert [(d.kept, d.reason) for d in results[0].decisions] == [
        (True, "default"), (False, "repeated:3 pages"), (True, "default"), (True, "default"),
        (False, "repeated:3 pages")]
    # On the other pages the teaser is furniture all the same.
    assert [r.text for r in results[1:]] == OTHERS


def test_a_block_also_outside_the_teaser_counts_as_usual(plain: Cleaner) -> None:
    pages = _pages()
    # The third page carries the lede outside any teaser (a quote box): that page counts.
    pages.append({"text": f"{OTHERS[0]} Again.\n\n{LEDE}\n\n{FOOTER}", "url": "https://gazette.example/2024/05/quote/"})
    results = list(plain.clean_many(pages))
    assert results[0].text == f"{HEADLINE}\n\n{REST}"
    assert results[0].decisions[2].reason == "repeated:2 pages"


def test_teased_counts_the_pages_that_carry_a_block_only_as_a_teaser() -> None:
    prints = [page_print(segment(p["text"]), p["url"]) for p in _pages()]
    found = teased(clusters(prints))
    lede = next(key for key in prints[0].prose if key is not None and key in prints[1].words)
    assert found == {prints[0].url: Counter({lede: 2})}
    counts = PageCounts(Counter({lede: 3, 7: 2}), found[prints[0].url])
    assert (counts[lede], counts.get(7), counts.get(8, 0), len(counts), sorted(counts)) == (1, 2, 0, 2, sorted([lede, 7]))


def test_a_teaser_quotes_the_opening_of_its_page_within_a_few_blocks() -> None:
    head = frozenset({"ferry", "strike", "ends"})
    story = PagePrint("https://a.example/ferry-strike-ends", {9: 4, 1: 19, 2: 19, 3: 19}, prose=(None, 1, 2, 3),
                      titles=((0, head),))
    # The opening quoted in order, then a block past the teaser's last one: two blocks teased.
    far = PagePrint("https://a.example/b", {9: 4, 1: 19, 2: 19, 3: 19}, titles=((0, head),),
                    prose=(None, 1, 2) + (None,) * TEASER_BLOCKS + (3,))
    assert teased([[story], [far]]) == {story.url: Counter({1: 1, 2: 1})}
    # The teaser quotes the second block first: not the page's opening, nothing teased.
    skipped = PagePrint("https://a.example/c", {9: 4, 2: 19}, prose=(None, 2), titles=((0, head),))
    assert teased([[story], [skipped]]) == {}
    # A page that names nobody (no slug, or no headline of its own) is teased by none.
    nameless = PagePrint("", {1: 19}, prose=(1,))
    headless = PagePrint("https://a.example/ferry-strike-ends", {1: 19}, prose=(1,))
    assert teased([[nameless], [far]]) == teased([[headless], [far]]) == {}
