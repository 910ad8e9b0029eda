"""Repetition across pages: Cleaner.clean_many drops blocks that several pages of a host share."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, Settings
from cleaner.heuristics import repeat
from cleaner.reasons import Reason

FOOTER = "The Harbour Gazette has been owned by its readers and printed in Dover since 1901."
# Bodies hold more words than the shared footer, or the pages would count as one article.
TAIL = " Residents who spoke to the paper on the quay were divided, and the matter is expected to come back to the council in the autumn."
BODIES = [
    "The ferry company said the new timetable would start in May, after a long dispute." + TAIL,
    "Fishermen landed a record catch of sole on Tuesday, the harbour master reported." + TAIL,
    "The council will repaint the lighthouse this summer, at a cost of forty thousand pounds." + TAIL,
]


@pytest.fixture(scope="module")
def plain() -> Cleaner:
    # No heuristics and no generic rules: what is dropped here is dropped for repetition alone.
    return Cleaner(settings=Settings(heuristics=False, generic_rules=False))


def _pages(host: str = "gazette.example", bodies: list[str] = BODIES) -> list[dict[str, str]]:
    return [{"text": f"{body}\n\n{FOOTER}", "url": f"https://{host}/story/{n}", "id": str(n)}
            for n, body in enumerate(bodies)]


def test_repeated_block_is_dropped_with_its_page_count(plain: Cleaner) -> None:
    results = list(plain.clean_many(_pages()))
    assert [r.text for r in results] == BODIES
    footer = results[0].decisions[1]
    assert (footer.kept, footer.reason, footer.detail) == (False, "repeated:3 pages",
                                                           "the same block is on 3 pages of this host")
    assert results[0].decisions[0].reason == "default"


def test_normalized_match_ignores_case_digits_and_punctuation(plain: Cleaner) -> None:
    pages = _pages()
    pages[1]["text"] = f"{BODIES[1]}\n\nTHE HARBOUR GAZETTE has been owned by its readers and printed in Dover, since 1902!"
    assert [r.text for r in plain.clean_many(pages)] == BODIES


def test_single_page_hosts_and_other_hosts_change_nothing(plain: Cleaner) -> None:
    pages = [{**page, "url": f"https://site{n}.example/a"} for n, page in enumerate(_pages())]
    results = list(plain.clean_many(pages))
    assert [r.text for r in results] == [plain.clean(p["text"], url=p["url"]).text for p in pages]
    assert [r.text for r in results] == [f"{body}\n\n{FOOTER}" for body in BODIES]


def test_near_duplicates_do_not_erase_each_other(plain: Cleaner) -> None:
    same_url = _pages(bodies=[BODIES[0], BODIES[0]])
    same_url[1]["url"] = same_url[0]["url"]
    assert [r.text for r in plain.clean_many(same_url)] == [f"{BODIES[0]}\n\n{FOOTER}"] * 2
    # Two crawls of one article at two URLs, its last paragraph since corrected: most of their
    # words are in shared blocks, so they count as one page.
    first, corrected = f"{BODIES[0]}\n\n{BODIES[1]}", f"{BODIES[0]}\n\n{BODIES[1]} Corrected."
    recrawl = _pages(bodies=[first, corrected])
    assert [r.text for r in plain.clean_many(recrawl)] == [f"{first}\n\n{FOOTER}", f"{corrected}\n\n{FOOTER}"]


def test_keep_rule_protects_a_repeated_block(tmp_path: Path) -> None:
    (tmp_path / "gazette.example.yaml").write_text(
        "site: gazette.example\nhosts: [gazette.example]\nrules:\n"
        "  - id: masthead\n    description: The ownership line is wanted.\n    action: keep\n"
        "    phrases: [owned by its readers]\n"
        f"    examples:\n      - unchanged: \"{FOOTER}\"\n", encoding="utf-8")
    cleaner = Cleaner(rules=[tmp_path], settings=Settings(heuristics=False, generic_rules=False))
    results = list(cleaner.clean_many(_pages()))
    assert [r.text for r in results] == [f"{body}\n\n{FOOTER}" for body in BODIES]
    assert results[0].decisions[1].reason == "rule:gazette.example/masthead"


def test_bounded_chunks_still_see_the_pages_before(plain: Cleaner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repeat, "MAX_BUFFER", 2)
    bodies = [f"Story number {word} about the harbour, told at length by our reporter." + TAIL
              for word in ("one", "two", "three", "four", "five")]
    assert [r.text for r in plain.clean_many(_pages(bodies=bodies))] == bodies


def test_pages_without_urls_are_grouped_by_their_host_field(plain: Cleaner) -> None:
    pages = [{"text": p["text"], "url": None, "host": "Gazette.example", "id": p["id"]} for p in _pages()]
    assert [r.text for r in plain.clean_many(pages)] == BODIES
    # A host is read as a URL's host is: with or without "www.", beside pages that have URLs.
    pages[1] = {**pages[1], "host": "www.gazette.example:443"}
    pages[2] = {**pages[2], "host": None, "url": "https://gazette.example/story/2"}
    assert [r.text for r in plain.clean_many(pages)] == BODIES
    # Without a URL or a host, each page stands alone.
    assert [r.text for r in plain.clean_many([{"text": p["text"]} for p in pages])] == [
        f"{body}\n\n{FOOTER}" for body in BODIES]


def test_order_and_bad_records(plain: Cleaner) -> None:
    pages = _pages() + [{"text": "Alone here, said the clerk.", "url": None}] + _pages("other.example")
    assert [r.metadata.url for r in plain.clean_many(pages)] == [p["url"] for p in pages]
    with pytest.raises(ValueError, match=r"^record 2 \(id 'x'\): 'text' must be a str or bytes$"):
        list(plain.clean_many([_pages()[0], {"id": "x", "url": "https://a.example/"}]))
    with pytest.raises(ValueError, match=r"^record 1: 'host' must be a str or None$"):
        list(plain.clean_many([{"text": "Alone.", "host": 7}]))
    with pytest.raises(ValueError, match=r"^record 1: must be a dict with 'text' and 'url', not str$"):
        list(plain.clean_many(["text"]))  # type: ignore[list-item]


def test_fingerprint_is_64_bits() -> None:
    key = repeat.fingerprint("Share this story")
    assert key is not None and 0 <= key < 2 ** 64
    assert repeat.fingerprint("Share: this STORY!") == key
    assert repeat.fingerprint("* * *") is None


def test_a_long_shared_sidebar_does_not_make_short_posts_copies(plain: Cleaner) -> None:
    # The sidebar holds more words than each post, so the pages share most of their words; but it
    # is on every page (the host's template), so it does not count when pages are compared as crawls.
    sidebar = ("The Harbour Gazette blog is where our reporters write about the town, the harbour, the "
               "council and the people who keep all three going, in more words than the paper has room for.")
    posts = ["The ferry ran late on Monday.", "Sole prices fell on Tuesday.", "The lighthouse is white again."]
    pages = [{"text": f"{post}\n\n{sidebar}", "url": f"https://gazette.example/blog/{n}"} for n, post in enumerate(posts)]
    results = list(plain.clean_many(pages))
    assert [r.text for r in results] == posts
    assert [r.decisions[1].reason for r in results] == ["repeated:3 pages"] * 3


TEASERS = "\n\n".join(
    f"{title}\n\nThe {title.lower()} story begins here, and our reporter follows it from the quay to the "
    "council chamber, where the members argued about it for most of a long and bad-tempered evening."
    for title in ("Ferry strike", "Lighthouse repairs", "Record sole catch", "New harbour master"))


def test_articles_sharing_teasers_are_not_crawls_of_one_article(plain: Cleaner) -> None:
    # The teasers hold more words than either article, but each page begins with a lede of its
    # own: two articles, so the teasers they share are furniture on both.
    ledes = [BODIES[0], BODIES[1]]
    pages = _pages(bodies=[f"{lede}\n\n{TEASERS}" for lede in ledes])
    results = list(plain.clean_many(pages))
    assert [r.text for r in results] == ledes
    assert {d.reason for d in results[0].decisions[1:]} == {Reason.of("repeated", "2 pages")}
    # One article crawled twice, with the teasers below it: the lede is on both, so they count
    # as one page and lose nothing.
    twice = _pages(bodies=[f"{ledes[0]}\n\n{TEASERS}", f"{ledes[0]}\n\n{TEASERS}\n\nUpdated at noon."])
    assert [r.text for r in plain.clean_many(twice)] == [f"{p['text']}" for p in twice]


def test_the_headline_its_url_spells_is_not_repeated_on_its_own_page(plain: Cleaner) -> None:
    headline = "Fishermen land a record catch of sole"
    pages = [
        {"text": f"{headline}\n\n{BODIES[1]}\n\n{FOOTER}", "url": "https://gazette.example/2024/05/fishermen-land-record-catch-of-sole/"},
        {"text": f"{BODIES[0]}\n\nRead next:\n\n{headline}\n\n{FOOTER}", "url": "https://gazette.example/2024/05/ferry-timetable-dispute.html"},
        {"text": f"{BODIES[2]}\n\nRead next:\n\n{headline}\n\n{FOOTER}", "url": "https://gazette.example/2024/05/lighthouse/"},
    ]
    results = list(plain.clean_many(pages))
    assert [r.text for r in results] == [f"{headline}\n\n{BODIES[1]}", BODIES[0], BODIES[2]]
    assert results[0].decisions[0].reason == "default"
    assert results[1].decisions[2].reason == "repeated:3 pages"
    # A slug of fewer than three words names no headline.
    assert repeat.slug_words("https://gazette.example/2024/05/lighthouse/") == frozenset()


def test_datelines_that_differ_in_their_dates_are_one_line(plain: Cleaner) -> None:
    dates = ["Last updated: Thursday, 8 September 2005, 09:42 GMT", "Last updated: Mon 21 May 2007, 14:05 GMT",
             "LAST UPDATED: sábado, 3 marzo 2012, 7:15 GMT"]
    pages = [{"text": f"{date}\n\n{body}", "url": f"https://gazette.example/story/{n}"}
             for n, (date, body) in enumerate(zip(dates, BODIES))]
    results = list(plain.clean_many(pages))
    assert [r.text for r in results] == BODIES
    assert results[0].decisions[0].reason == "repeated:3 pages"
    assert repeat.normalize_line(dates[0]) == repeat.normalize_line(dates[1]) == "last updated day 0 month 0 0 0 gmt"
    # A number is one 0 however many digits it has, so "3 May" and "12 June" match too; words
    # that are no date stay as they are.
    assert repeat.normalize_line("Posted 3 May by the desk") == repeat.normalize_line("posted 12 June by the desk")
    assert repeat.normalize_line("Posted by the desk") != repeat.normalize_line("Printed by the desk")


NAV = "\n".join(f"* [{word}](/{word.lower()})" for word in ("Home", "News", "Sport", "Weather", "Business", "Opinion"))
MASTHEAD = ("The Harbour Gazette has been owned by its readers and printed in Dover since 1901, and its "
            "reporters cover the town, the harbour and the council, every day of the week.")


def _tag_page(tag: str) -> str:
    script = " ".join(f"googletag.defineSlot('/{tag}/slot{n}', [728, 90], 'div-{n}').addService(googletag.pubads());"
                      for n in range(6))
    return f"{NAV}\n\n{MASTHEAD}\n\n{script}\n\n© 2024 Harbour Gazette Ltd. All rights reserved."


def test_a_page_that_is_all_template_but_a_bad_block_keeps_nothing() -> None:
    cleaner = Cleaner(settings=Settings(generic_rules=False))
    pages = [{"text": _tag_page(tag), "url": f"https://gazette.example/tag/{tag}"} for tag in ("sport", "news", "weather")]
    results = list(cleaner.clean_many(pages))
    assert [r.text for r in results] == ["", "", ""]
    script = results[0].decisions[7]
    assert (script.kept, script.reason, script.first_label) == (False, "heuristic:fallback", "bad")
    assert script.detail == ("no main run; bad on its own; the rest of the page is on other pages of this host: "
                             "no article of its own, nothing kept")
    # Alone, nothing says the rest is the host's template: the heuristics keep what they judge.
    assert cleaner.clean(pages[0]["text"], url=pages[0]["url"]).text == MASTHEAD
    # A page with a paragraph of its own keeps it.
    pages[1]["text"] = pages[1]["text"].replace(MASTHEAD, f"{MASTHEAD}\n\n{BODIES[1]}")
    assert [r.text for r in cleaner.clean_many(pages)][1] == BODIES[1]


COLUMN_STORIES = [("The ferry company said the new timetable would start in May, after a long dispute.",
                   "Fishermen on the quay were divided about it when the paper asked them on Monday.", "Deal"),
                  ("The council will repaint the lighthouse this summer, at a cost of forty thousand pounds.",
                   "The work is expected to take six weeks if the weather holds, the harbour master said.", "Hythe"),
                  ("Fishermen landed a record catch of sole on Tuesday, the harbour master reported.",
                   "Prices at the morning market fell by a third, to the delight of the town's restaurants.", "Rye")]


def _column_page(first: str, second: str, rival: str) -> str:
    # A table-laid-out page as text: the site's menu column beside the story, one line each.
    return f"Home            {first}\nNews            {second}\nSport\nFixtures:\nDover      {rival}\n"


def test_a_menu_column_beside_the_story_is_cut_from_its_lines(plain: Cleaner) -> None:
    pages = [{"text": _column_page(*story), "url": f"https://gazette.example/story/{n}"}
             for n, story in enumerate(COLUMN_STORIES)]
    results = list(plain.clean_many(pages))
    # The menu cells are on every page; a line's own cells are kept. A short row ("Dover  Deal")
    # is left whole although "Dover" repeats: its other cells are no line of a story.
    assert [r.text for r in results] == [f"{first}\n{second}\nDover      {rival}" for first, second, rival in COLUMN_STORIES]
    line = results[0].decisions[0]
    assert (line.kept, line.reason, line.detail, line.removed) == (
        True, "default", "no rule decided; edited by repeated:column", ((0, 4),))
    # A line of menu cells only goes, although no other page has them in that order.
    menu = [{**pages[0], "text": pages[0]["text"] + "Sport           Home\n"}, *pages[1:]]
    first = next(iter(plain.clean_many(menu)))
    assert first.text == results[0].text
    assert (first.decisions[-1].reason, first.decisions[-1].detail) == (
        "repeated:column", "each of its cells is on other pages of this host")
    # Markdown sets a table's cells apart with pipes: its lines are not cut into cells.
    as_markdown = [{**page, "text": "# Gazette\n\n" + page["text"].replace("\n", "\n\n")} for page in pages]
    assert [r.text for r in plain.clean_many(as_markdown)] == [
        f"Home            {first}\n\nNews            {second}\n\nDover      {rival}"
        for first, second, rival in COLUMN_STORIES]
    assert repeat.cell_spans("one line\nand another") == []


def test_a_one_letter_line_is_not_compared(plain: Cleaner) -> None:
    # An interview's "Q." and "A." on every page of a Q&A column are its turns, not furniture;
    # "AP" (two letters) is compared like any line.
    pages = _pages(bodies=[f"Q.\n\n{body}\n\nA.\n\nAP" for body in BODIES])
    results = list(plain.clean_many(pages))
    assert [r.text for r in results] == [f"Q.\n\n{body}\n\nA." for body in BODIES]
    assert [d.reason for d in results[0].decisions] == [
        "default", "default", "default", "repeated:3 pages", "repeated:3 pages"]


def test_a_repeated_share_bar_weighs_in_the_main_run_what_it_weighs_alone() -> None:
    from cleaner.heuristics.classify import classify
    from cleaner.text.blocks import segment

    lede = ("The council met on Monday night and voted to close the old harbour road to lorries from the "
            "first of June, after residents had complained for years about the noise, the dust and the cracks "
            "in their walls.")
    body = [
        "The road runs past the school and the market, and the lorries that use it have grown bigger every "
        "year, the members were told by the officer who drew up the plan for the new route.",
        "Hauliers said the new route would add twenty minutes to each trip, but the council said that it "
        "would be cheaper for them in the end, because the old road is too narrow for two lorries to pass.",
        "The decision will be reviewed in a year, when the council has counted the traffic on both roads and "
        "heard again from the people who live along them and from the firms that use them."]
    bar = ["[Digg](/d)", "[Reddit](/r)", "[Email](/e)", "[Print](/p)", "[Share](/s)"]
    page = segment("\n\n".join([lede, *bar, *body]))
    undecided = [not 1 <= index <= 5 for index in range(len(page))]

    def lede_kept(source: Reason) -> bool:
        labels = classify(page, undecided, [None if open_ else False for open_ in undecided],
                          [None if open_ else source for open_ in undecided], clean_page=False)
        first = labels[0]
        assert first is not None
        return first.kept

    # Five share links the first pass calls bad cost 40 each as repetition found them (what they
    # cost undecided), 60 each as a rule dropped them: the 204-character lede bridges the first
    # gap (200), not the second (300).
    assert (lede_kept(Reason.of("repeated", "3 pages")), lede_kept(Reason.of("rule", "share/bar"))) == (True, False)
