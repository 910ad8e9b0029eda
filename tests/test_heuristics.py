"""The fallback heuristics decide hand-written pages exactly: reason, labels and detail per block.

Generic and site rules are off, so that every decision here is the heuristics' own.
"""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import pytest
import regex
from conftest import ROOT

from cleaner import Cleaner, Settings
from cleaner.heuristics import classify as neighbours, thread, cleanpage
from cleaner.heuristics import confidence, duplicate, firstpass, language, linklists
from cleaner.heuristics.classify import classify
from cleaner.heuristics.language import detect_language, stopwords
from cleaner.rules.thresholds import DEFAULT, Thresholds
from cleaner.text.blocks import segment

BODY = [
    "The council met on Monday evening and voted to build the new bridge over the river, after a "
    "long debate that lasted until midnight and left most of the members tired but, in the end, "
    "agreed on the plan that the engineers had put to them in the spring.",
    "The mayor said that the work would start in the spring, and that the old bridge would stay "
    "open for walkers and cyclists until the new one was finished, which the engineers expect to "
    "happen at the end of next year if the weather is kind to them.",
    "Residents who had asked for the bridge for more than a decade were pleased, though some of "
    "them said that they would wait to see it built before they celebrated, since the plan has "
    "been promised and then dropped at least twice before.",
]


@pytest.fixture(scope="module")
def heuristics_only() -> Cleaner:
    return Cleaner(settings=Settings(generic_rules=False, site_rules=False))


def _decisions(cleaner: Cleaner, page: str) -> list[tuple[str, str, str, str, bool]]:
    result = cleaner.clean(page)
    return [(d.reason, d.first_label, d.final_label, d.detail, d.kept) for d in result.decisions]


def _as_scraped(page: str) -> list[tuple[str, str, str, str, bool]]:
    """The heuristics' labels for ``page`` judged as a scraped page, never as a clean article
    (a small hand-written page shows too little furniture to be taken for a scrape)."""
    blocks = segment(page)
    labels = classify(blocks, [True] * len(blocks), clean_page=False)
    return [(f"heuristic:{label.name}", label.first, label.final, label.detail, label.kept)
            for label in labels if label is not None]


def test_a_menu_line_goes_and_the_headline_stays(heuristics_only: Cleaner) -> None:
    page = "Home | News | Sport | Weather | Contact\n\n# Council backs the new bridge\n\n" + "\n\n".join(BODY[:2])
    assert _as_scraped(page) == [
        ("heuristic:menu-line", "bad", "bad", "4 separators >= 3", False),
        ("heuristic:neighbours", "short", "good", "short between bad and good", True),
        ("heuristic:stopwords", "good", "good", "stopword density 0.55 >= 0.30", True),
        ("heuristic:stopwords", "good", "good", "stopword density 0.58 >= 0.30", True),
    ]
    assert heuristics_only.clean(page).text.startswith("Council backs the new bridge\n\nThe council met")


def test_a_link_list_between_paragraphs_goes(heuristics_only: Cleaner) -> None:
    page = BODY[0] + "\n\n[Bridge plans](/a)\n[Council meetings](/b)\n[Traffic news](/c)\n\n" + BODY[1]
    assert _decisions(heuristics_only, page) == [
        ("heuristic:stopwords", "good", "good", "stopword density 0.55 >= 0.30", True),
        ("heuristic:link-line", "bad", "bad", "only links", False),
        ("heuristic:link-line", "bad", "bad", "only links", False),
        ("heuristic:link-line", "bad", "bad", "only links", False),
        ("heuristic:stopwords", "good", "good", "stopword density 0.58 >= 0.30", True),
    ]


def test_a_heading_and_a_list_inside_the_body_stay(heuristics_only: Cleaner) -> None:
    page = (BODY[0] + "\n\n## What happens next\n\n" + BODY[1]
            + "\n\nThe plan has three steps:\n\n- Close the old road.\n- Build the piers.\n- Lay the deck.\n\n" + BODY[2])
    assert _as_scraped(page) == [
        ("heuristic:stopwords", "good", "good", "stopword density 0.55 >= 0.30", True),
        ("heuristic:neighbours", "short", "good", "short between good and good", True),
        ("heuristic:stopwords", "good", "good", "stopword density 0.58 >= 0.30", True),
        ("heuristic:neighbours", "short", "good", "short between good and good", True),
        ("heuristic:neighbours", "short", "good", "short between good and good", True),
        ("heuristic:neighbours", "short", "good", "short between good and good", True),
        ("heuristic:neighbours", "short", "good", "short between good and good", True),
        ("heuristic:stopwords", "good", "good", "stopword density 0.67 >= 0.30", True),
    ]


THREAD = ('## 2 thoughts on "Council backs the new bridge"\n\nAnna says: May 3, 2024 at 9:12 pm\n\n'
          "About time too. This bridge has been promised for as long as I can remember, and I am "
          "glad that it is finally coming, even if it will take them another two years to finish it.")


def test_a_comment_thread_after_the_article_is_cut() -> None:
    decisions = _as_scraped("\n\n".join(BODY) + "\n\n" + THREAD)
    assert [d[4] for d in decisions] == [True, True, True, False, False, False]
    assert decisions[3:] == [
        ("heuristic:comment-thread", "bad", "bad", "after the comment marker at block 3", False),
        ("heuristic:comment-thread", "bad", "bad", "after the comment marker at block 3", False),
        ("heuristic:comment-thread", "good", "bad", "after the comment marker at block 3", False),
    ]


def test_a_comment_prompt_with_your_opens_the_thread() -> None:
    page = ("\n\n".join(BODY) + "\n\nAdd your comments (Read more for our comments policy)\n\n* Sp4ctr0\n\n"
            "It will be like on PC, where every game must work on every graphics card, and of course the games "
            "have more details and effects on the faster cards, which is how it should be.")
    decisions = _as_scraped(page)
    assert [d[4] for d in decisions] == [True, True, True, False, False, False]
    assert decisions[3:] == [
        ("heuristic:comment-thread", "bad", "bad", "after the comment marker at block 3", False),
        ("heuristic:comment-thread", "short", "bad", "after the comment marker at block 3", False),
        ("heuristic:comment-thread", "good", "bad", "after the comment marker at block 3", False),
    ]


def test_a_share_bar_above_the_body_is_not_its_headline(heuristics_only: Cleaner) -> None:
    page = "Tweet +1 Like Share Reddit\n\n" + "\n\n".join(BODY)
    assert _decisions(heuristics_only, page)[0] == (
        "heuristic:furniture-word", "bad", "bad", "'tweet' in 5 words <= 8", False)
    assert heuristics_only.clean(page).text == "\n\n".join(BODY)


def test_prose_after_a_furniture_gap_is_outside_the_main_run(heuristics_only: Cleaner) -> None:
    footer = ("The Riverside Courier is an independent newspaper that has served the valley for more "
              "than a hundred years.")
    page = ("\n\n".join(BODY) + "\n\nShare | Tweet | Email | Print\n\n[Home](/) | [About](/about)\n\n"
            "[Jobs](/jobs) | [Advertise](/ads)\n\n[Privacy](/privacy) | [Terms](/terms)\n\n" + footer)
    decisions = _decisions(heuristics_only, page)
    assert decisions[-1] == ("heuristic:neighbours", "near-good", "bad", "near-good between bad and bad", False)
    assert heuristics_only.clean(page).text == "\n\n".join(BODY)


def test_a_good_block_far_from_the_article_is_dropped_as_outside_the_run() -> None:
    blocks = segment("\n\n".join(BODY) + "\n\n" + "\n\n".join(f"[Link {n}](/{n}) | [More](/m{n})" for n in range(12))
                     + "\n\n" + BODY[0].replace("council", "club"))
    labels = classify(blocks, [True] * len(blocks))
    last = labels[-1]
    assert last is not None
    assert (last.kept, last.name, last.detail, last.first, last.final) == (
        False, "main-run", "outside the main run (blocks 0-2)", "good", "bad")


def test_a_caption_after_an_image_goes(heuristics_only: Cleaner) -> None:
    page = (BODY[0] + "\n\n![The river](river.jpg)\n\nThe river at dusk, seen from the old bridge. Photo: Ann Lee\n\n" + BODY[1])
    assert _decisions(heuristics_only, page)[1:3] == [
        ("heuristic:link-line", "bad", "bad", "only links", False),
        ("heuristic:caption", "bad", "bad", "after an image, 12 words <= 40", False),
    ]
    # A heading under the picture is no caption: it heads the next section.
    page = BODY[0] + "\n\n![The river](river.jpg)\n\n## What happens next\n\n" + BODY[1]
    assert _as_scraped(page)[2] == ("heuristic:neighbours", "short", "good", "short between good and good", True)
    # Nor is a line under it that ends with a colon: it introduces what follows.
    page = BODY[0] + "\n\n![The river](river.jpg)\n\nThe plan has three steps:\n\n" + BODY[1]
    assert _as_scraped(page)[2] == ("heuristic:neighbours", "short", "good", "short between good and good", True)


def test_a_small_page_is_kept_whole(heuristics_only: Cleaner) -> None:
    assert _decisions(heuristics_only, "Menu\n\nThe vote was close, said the clerk.") == [
        ("heuristic:small-page", "good", "good", "8 words < 30", True),
        ("heuristic:small-page", "good", "good", "8 words < 30", True),
    ]


def test_link_density_drops_a_paragraph_of_links() -> None:
    blocks = segment("\n\n".join(BODY) + "\n\nSee [our bridge coverage](/b) and [the council pages](/c) too")
    label = classify(blocks, [True] * len(blocks))[-1]
    assert label is not None
    assert (label.kept, label.name, label.detail) == (False, "link-density", "link density 0.73 > 0.50")


def test_decided_blocks_get_no_label_but_count_as_context() -> None:
    blocks = segment("\n\n".join(BODY))
    labels = classify(blocks, [False, True, True], [True, None, None])
    assert labels[0] is None
    assert [label.kept for label in labels[1:] if label is not None] == [True, True]


def test_the_page_language_picks_the_stopwords() -> None:
    assert detect_language("die Stadt hat den Plan für die neue Brücke über den Fluss beschlossen".lower().split()) == "de"
    assert detect_language("le conseil a voté pour le nouveau pont sur la rivière".split()) == "fr"
    assert detect_language("el consejo votó por el nuevo puente sobre el río".split()) == "es"
    assert detect_language("совет проголосовал за новый мост через реку и это было не просто".split()) == "ru"
    assert detect_language(["12", "34"]) is None
    assert {"the", "and"} <= stopwords("en")


def test_an_unknown_language_is_judged_by_punctuation() -> None:
    # Bengali: no stopword list; its sentences end with the danda.
    text = ("ঢাকার নগর পরিষদ সোমবার সন্ধ্যায় নদীর উপর নতুন সেতু নির্মাণের পরিকল্পনা অনুমোদন করেছে। "
            "মেয়র বলেছেন যে কাজ আগামী বসন্তে শুরু হবে। বাসিন্দারা এই সিদ্ধান্তে খুশি। "
            "সেতুটি দুই বছরের মধ্যে শেষ হবে বলে আশা করা হচ্ছে।")
    blocks = segment("প্রচ্ছদ | খবর | খেলা | বিনোদন\n\n" + text)
    labels = classify(blocks, [True, True], clean_page=False)
    assert [(label.name, label.kept, label.detail) for label in labels if label is not None] == [
        ("menu-line", False, "3 separators >= 3"),
        ("punctuation", True, "210 chars, ends a sentence"),
    ]


def test_thai_prose_without_sentence_marks_is_judged_by_length() -> None:
    text = ("สภาเมืองเชียงใหม่ลงมติเมื่อวันจันทร์ให้สร้างสะพานใหม่ข้ามแม่น้ำปิง หลังจากการอภิปรายที่ยาวนานจนถึงเที่ยงคืน "
            "นายกเทศมนตรีกล่าวว่างานจะเริ่มในฤดูใบไม้ผลิ และสะพานเก่าจะเปิดให้คนเดินเท้าใช้ต่อไป")
    blocks = segment("หน้าแรก | ข่าว | กีฬา | บันเทิง\n\n" + text)
    labels = classify(blocks, [True, True], clean_page=False)
    assert [(label.name, label.kept) for label in labels if label is not None] == [
        ("menu-line", False), ("length", True)]


def test_han_text_counts_its_characters() -> None:
    block = segment("北京市政府今天宣布了新的空气污染治理计划，将在明年春天开始实施。")[0]
    item = firstpass.measure([block])[0]
    assert (block.words, item.chars, item.terminal) == (15, 92, True)

def test_unknown_stopword_language_is_an_error() -> None:
    with pytest.raises(ValueError, match="no stopword list for language 'xx'; known: en, de, fr, es, ru, it, pt, nl, ar, fa, hi,"):
        stopwords("xx")


def test_a_short_post_under_its_headline_beats_a_longer_footer_blurb(heuristics_only: Cleaner) -> None:
    post = ("The council met on Monday evening and voted to build the new bridge over the river, after "
            "a long debate that lasted until midnight and left most of the members tired.")
    blurb = ("The Riverside Courier is an independent newspaper that has been serving the people of the "
             "valley for over a hundred years, with news about the council, the schools, the clubs and "
             "the churches, and every event that matters to the people who live here.")
    page = ("# Bridge vote\n\n" + post + "\n\nShare | Tweet | Email | Print\n\n## Related\n\n[Bridge plans](/a)\n"
            "[Council meetings](/b)\n[Traffic news](/c)\n[Weather](/d)\n[Schools](/e)\n\n" + blurb)
    decisions = _decisions(heuristics_only, page)
    assert decisions[1] == ("heuristic:stopwords", "good", "good", "stopword density 0.48 >= 0.30", True)
    assert decisions[-1] == ("heuristic:main-run", "good", "bad", "outside the main run (blocks 0-1)", False)
    assert heuristics_only.clean(page).text == "Bridge vote\n\n" + post


def test_two_comment_headers_after_the_article_open_the_thread(heuristics_only: Cleaner) -> None:
    page = ("\n\n".join(BODY) + "\n\nAnna Berg | 6 Nov 2012 4:05 PM\n\n"
            "About time too. This bridge has been promised for as long as I can remember, and I am "
            "glad that it is finally coming, even if it will take them another two years to finish it."
            "\n\nTom Reed | 6 Nov 2012 5:12 PM\n\nAgreed, and the old one is falling apart anyway.")
    decisions = _as_scraped(page)
    assert [d[4] for d in decisions] == [True, True, True, False, False, False, False]
    assert decisions[3][0] == "heuristic:comment-thread"
    assert decisions[3][3] == "after the comment marker at block 3"
    # On an article already clean, dated headers alone open no thread: they are as likely a
    # diary's entries or a live blog's; only a comment marker does.
    assert [(d.reason, d.kept) for d in heuristics_only.clean(page).decisions] == [("heuristic:clean-page", True)] * 7


def test_a_diary_of_dated_entries_passes_through(heuristics_only: Cleaner) -> None:
    page = ("\n\n".join(BODY) + "\n\nMonday | 6 Nov 2012 9:00 AM\n\n"
            "The first lorries arrived at the site this morning, and the road was closed to cars for the day."
            "\n\nTuesday | 7 Nov 2012 9:00 AM\n\nThe piers went in on the north bank.")
    assert heuristics_only.clean(page).text == page


def test_a_date_line_marks_where_the_article_of_a_page_without_h1_starts() -> None:
    # Plain text has no "# " headline: the line a metadata rule took (here a date line, dropped
    # by the rules) is where the article most likely starts, and a longer sidebar below loses.
    sidebar = [
        "Readers who live near the old harbour have asked the council for years to open the footpath along the "
        "water, and this spring the works department finally agreed to look at the plan again.",
        "The market that runs on the square every Saturday morning will move to the park for the summer, while "
        "the square is dug up to lay the new pipes that the water board has promised since last year.",
        "The library on the corner of the high street will close for two weeks in June so that the roof can be "
        "mended, and the staff will run a small lending desk in the town hall while the work goes on."]
    links = "\n".join(f"[Story {n}](/s/{n})" for n in range(21))
    blocks = segment("Published 3 May 2024\n\n" + "\n\n".join(BODY[:2]) + f"\n\n{links}\n\n" + "\n\n".join(sidebar))
    decided: list[bool | None] = [False] + [None] * (len(blocks) - 1)
    undecided = [kept is None for kept in decided]

    def kept(metadata: list[bool] | None) -> list[bool]:
        labels = classify(blocks, undecided, decided, language="en", clean_page=False, metadata=metadata)
        return [label.kept for label in labels if label is not None and label.name != "link-line"]

    assert kept([index == 0 for index in range(len(blocks))]) == [True, True, False, False, False]
    assert kept(None) == [False, False, True, True, True]


def test_a_short_post_of_short_paragraphs_is_enough_body_for_a_thread_to_follow() -> None:
    # Its paragraphs are each too short to be good on their own, but they are prose: the
    # comments after the marker go, and the post stays.
    page = ("# Monday mood\n\nI hope to start the week with an attitude a bit like this little guy.\n\n"
            "Be sure to look at the tour dates in the post below. We are very excited about them.\n\n"
            "The city is all wrapped up, and we are headed back home for a big shoot this week. See you later!\n\n"
            "We will post more of the pictures from the shoot on Friday, so come back then and tell us which "
            "one you like best.\n\nThanks again to everyone who came along and helped.\n\n### Reader Comments (2)\n\n"
            "I love these! Thank you so much for capturing his little face, and for the care that you took with "
            "all of us during the shoot, which was the best day we have had this year.\n\n"
            "What a great picture, and what a great week it must have been for all of you; we cannot wait to see "
            "the rest of the photos when they are ready for us to look at.")
    assert [(d[0], d[4]) for d in _as_scraped(page)] == [("heuristic:fallback", True)] * 6 + [
        ("heuristic:comment-thread", False)] * 3
    assert _as_scraped(page)[6][3] == "after the comment marker at block 6"


def test_a_comment_heading_after_a_short_post_opens_the_thread() -> None:
    comments = ("I love these! Thank you so much for capturing his little face, and for the care that you took "
                "with all of us during the shoot, which was the best day we have had this year.\n\n"
                "What a great picture, and what a great week it must have been for all of you; we cannot wait "
                "to see the rest of the photos when they are ready for us to look at.")
    post = "# Monday mood\n\nI hope to start the week with an attitude a bit like this little guy, who is not worried at all. See you!"
    # Set as a heading, the marker heads a section of its own: the short post above it is body enough.
    assert [(d[0], d[4]) for d in _as_scraped(f"{post}\n\n### Comments\n\n{comments}")] == [
        ("heuristic:fallback", True), ("heuristic:fallback", True)] + [("heuristic:comment-thread", False)] * 3
    # A "Comments" line, which may be a byline's link, needs a longer article before it.
    assert [(d[0], d[4]) for d in _as_scraped(f"{post}\n\nComments\n\n{comments}")] == [
        ("heuristic:title", True), ("heuristic:neighbours", False), ("heuristic:comment-marker", False),
        ("heuristic:stopwords", True), ("heuristic:stopwords", True)]


def test_one_date_and_time_line_after_the_article_is_not_a_thread(heuristics_only: Cleaner) -> None:
    page = "\n\n".join(BODY) + "\n\nUpdated 6 Nov 2012 4:05 PM\n\n" + BODY[0]
    assert all(d.reason != "heuristic:comment-thread" for d in heuristics_only.clean(page).decisions)


@pytest.mark.parametrize("marker", ["### Reader Comments (2)", "[Anna Berg](/u/anna) said...", "Post a Comment"])
def test_more_comment_markers_open_the_thread(marker: str) -> None:
    comment = ("About time too. This bridge has been promised for as long as I can remember, and I am "
               "glad that it is finally coming, even if it will take them another two years to finish it.")
    decisions = _as_scraped("\n\n".join(BODY) + f"\n\n{marker}\n\n{comment}")
    assert [d[4] for d in decisions] == [True, True, True, False, False]
    assert decisions[4][:2] == ("heuristic:comment-thread", "good")


def test_an_image_and_a_related_link_inside_the_body_do_not_split_it(heuristics_only: Cleaner) -> None:
    short = "The vote was close, and the mayor smiled."
    page = (BODY[0] + "\n\n![The river](/river.jpg)\n\n" + short + "\n\n[Read more: Bridge plans](/plans)\n\n"
            + BODY[1] + "\n\n" + BODY[2])
    decisions = _as_scraped(page)
    assert decisions[2] == ("heuristic:neighbours", "short", "good", "short between good and good", True)
    assert heuristics_only.clean(page).text == "\n\n".join([BODY[0], short, BODY[1], BODY[2]])


def test_a_paragraph_of_prose_woven_with_links_is_near_good(heuristics_only: Cleaner) -> None:
    linked = ("As [the council said](/a) in [its report](/b) on [the bridge plans](/c), the "
              "[engineers](/d) and [the mayor](/e) agree on [the costs](/f) of [the new bridge](/g) and on "
              "[the date](/h) when [the work](/i) will start.")
    decisions = _as_scraped("\n\n".join([BODY[0], linked, BODY[1]]))
    assert decisions[1][1:] == ("near-good", "good", "near-good between good and good", True)


def _documented_thresholds() -> dict[str, str]:
    """The thresholds of the table in docs/heuristics.md, with their documented values."""
    table = (ROOT / "docs" / "heuristics.md").read_text(encoding="utf-8").split("## The thresholds", 1)[1]
    found = {}
    for row in table.split("\n## ", 1)[0].splitlines():
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        names = regex.findall(r"`([A-Za-z_]+)`", cells[0])
        values = [value.strip() for value in cells[1].split(",")] if len(names) > 1 else [cells[1]]
        found.update(zip(names, values, strict=True))
    return found


def test_the_thresholds_table_matches_the_code() -> None:
    """Every threshold of the labels is in the docs table (lower case) with its default, and every
    constant of the scores and of the lists of links an article introduces (upper case) with the
    value the code uses; the labelling modules hold
    no numeric constant of their own beside the memo bounds."""
    defaults = {f.name: getattr(DEFAULT, f.name) for f in fields(Thresholds)}
    in_code = {name: getattr(module, name) for module in (confidence, linklists) for name in dir(module)
               if name.isupper() and isinstance(getattr(module, name), (int, float)) and not name.startswith("MEMO_")}
    documented = _documented_thresholds()
    assert sorted(documented) == sorted([*defaults, *in_code])
    for name, value in documented.items():
        assert float(value.replace(",", "")) == {**defaults, **in_code}[name], name
        if name in defaults:
            assert type(defaults[name]) is (float if "." in value else int), name
    constants = [name for module in (neighbours, firstpass, language, thread, cleanpage) for name in dir(module)
                 if name.isupper() and isinstance(getattr(module, name), (int, float))]
    assert sorted(constants) == ["MEMO_BLOCKS", "MEMO_THRESHOLDS"]


def test_a_site_threshold_changes_the_decision(tmp_path: Path) -> None:
    (tmp_path / "linkblog.yaml").write_text(
        "site: linkblog.example\nhosts: [linkblog.example]\nheuristics:\n  max_link_density: 0.9\n"
        "  examples:\n    - unchanged: 'The vote was close, and [the report](/r) says so.'\n", encoding="utf-8")
    cleaner = Cleaner(rules=[tmp_path], defaults=False)
    page = "\n\n".join(BODY) + "\n\nSee [the report](/r) and [the vote](/v)."
    assert _decisions(cleaner, page)[-1] == (
        "heuristic:link-density", "bad", "bad", "link density 0.64 > 0.50", False)
    site = cleaner.clean(page, url="https://linkblog.example/a")
    assert [(d.reason, d.kept) for d in site.decisions] == [("heuristic:clean-page", True)] * 4
    assert site.text.endswith("See the report and the vote.")


RECIPE = """# Lentil soup for a cold evening

This soup takes forty minutes from start to finish, and it keeps for three days in the fridge.

## Ingredients

- 200 g red lentils
- 1 onion, chopped
- 2 carrots, diced
- 1 litre vegetable stock
- Salt and pepper

## Method

1. Soften the onion and carrots in a little oil.
2. Add the lentils and the stock.
3. Simmer for 25 minutes.
4. Blend half of it, then season.

| Serves | Time | Calories |
|---|---|---|
| 4 | 40 min | 310 |

Q: Can I freeze it?

A: Yes, for up to three months.

Monday 9:00 Arrival and coffee
Monday 9:30 Opening talk"""


def test_a_clean_article_of_lists_tables_and_short_lines_passes_through(heuristics_only: Cleaner) -> None:
    result = heuristics_only.clean(RECIPE, output="markdown")
    assert result.text == RECIPE
    assert {d.reason for d in result.decisions} == {"heuristic:clean-page"}
    assert result.decisions[0].detail == "0 kinds of furniture on the page <= 2, none in a row"


def test_a_clean_article_loses_only_the_blocks_that_show_furniture(heuristics_only: Cleaner) -> None:
    page = RECIPE + "\n\nShare this recipe"
    assert heuristics_only.clean(page, output="markdown").text == RECIPE
    assert _decisions(heuristics_only, page)[-1] == (
        "heuristic:furniture-word", "bad", "bad", "'share' in 3 words <= 8", False)


def test_a_sentence_naming_two_furniture_words_stays_in_a_clean_article(heuristics_only: Cleaner) -> None:
    quote = "Ms. Berg did not return calls and texts seeking comment, and her office could not be reached for comment."
    page = RECIPE + f"\n\n{quote}\n\nShare this, tweet this"
    result = heuristics_only.clean(page, output="markdown")
    assert result.text == RECIPE + f"\n\n{quote}"
    assert [(d.reason, d.kept) for d in result.decisions[-2:]] == [
        ("heuristic:clean-page", True), ("heuristic:furniture-word", False)]


def test_a_run_of_furniture_makes_a_page_a_scrape(heuristics_only: Cleaner) -> None:
    page = RECIPE + "\n\n[Home](/) | [Recipes](/r)\n\n[About](/about) | [Contact](/c)"
    reasons = {d.reason for d in heuristics_only.clean(page).decisions}
    assert "heuristic:clean-page" not in reasons


def test_a_page_read_line_by_line_is_never_taken_for_a_clean_article(heuristics_only: Cleaner) -> None:
    page = "\n".join(BODY + ["Kontakt", "Karriere", "Impressum"])
    assert all(d.reason != "heuristic:clean-page" for d in heuristics_only.clean(page).decisions)


def test_a_long_comment_prompt_among_one_word_lines_still_opens_the_thread(heuristics_only: Cleaner) -> None:
    comment = ("It will be like on PC, where every game must work on every graphics card, and of course the games "
               "have more details and effects on the faster cards, which is how it should be.")
    page = "\n\n".join(BODY) + f"\n\n![](/avatar.png)\n\nAdd your comments (Read more for our comments policy)\n\n* Sp4ctr0\n\n{comment}"
    assert heuristics_only.clean(page).text == "\n\n".join(BODY)


def test_commenters_names_over_their_comments_open_the_thread(heuristics_only: Cleaner) -> None:
    comments = ["About time too, this bridge has been promised for as long as I can remember.",
                "Agreed, and the old one is falling apart anyway.", "I will believe it when I see it."]
    thread = "".join(f"\n\n* {name}\n\n{text}" for name, text in zip(["Sp4ctr0", "Anna Berg", "kma99"], comments))
    decisions = _as_scraped("\n\n".join(BODY) + thread)
    assert [d[4] for d in decisions] == [True, True, True] + [False] * 6
    assert decisions[3][:2] == ("heuristic:comment-thread", "short")
    # Two short bullets under the article are a list, not a thread.
    page = "\n\n".join(BODY) + "".join(f"\n\n* {name}\n\n{text}" for name, text in zip(["Sp4ctr0", "kma99"], comments))
    assert all(d[0] != "heuristic:comment-thread" for d in _as_scraped(page))
    # On an article already clean, names over paragraphs are as likely an interview's speakers.
    assert all(d.kept for d in heuristics_only.clean("\n\n".join(BODY) + thread).decisions)


def test_a_clean_article_keeps_the_comment_thread_it_came_with(heuristics_only: Cleaner) -> None:
    # Nothing before the marker is furniture: whoever cleaned the text kept its comments.
    page = "\n\n".join(BODY) + "\n\n***\n\n" + THREAD
    clean = "1 kinds of furniture on the page <= 2, none in a row"
    kept = f"{clean}; the comment thread from block 4 kept, nothing before it is furniture"
    assert [(d[0], d[3], d[4]) for d in _decisions(heuristics_only, page)] == [
        ("heuristic:clean-page", clean, True)] * 3 + [("heuristic:separator", "a separator line", False)] + [
        ("heuristic:clean-page", kept, True)] * 3
    assert heuristics_only.clean(page).text == "\n\n".join(BODY) + "\n\n" + THREAD.removeprefix("## ")


def test_a_clean_article_with_furniture_before_its_thread_loses_the_thread(heuristics_only: Cleaner) -> None:
    page = "\n\n".join(BODY) + "\n\nTweet Share Reddit\n\n" + THREAD
    assert [(d[0], d[4]) for d in _decisions(heuristics_only, page)] == [("heuristic:clean-page", True)] * 3 + [
        ("heuristic:furniture-word", False)] + [("heuristic:comment-thread", False)] * 3
    assert heuristics_only.clean(page).text == "\n\n".join(BODY)


SIDEBAR = ("The market that runs on the square every Saturday morning will move to the park for the summer, while "
           "the square is dug up to lay the new pipes that the water board has promised since last year, and the "
           "traders say that they are glad of the shade that the old trees in the park will give them in July.\n\n"
           "The library on the corner of the high street will close for two weeks in June so that the roof can be "
           "mended, and the staff will run a small lending desk in the town hall while the work goes on.")


def test_a_comment_count_in_a_posts_header_opens_no_thread() -> None:
    # Title, date line, comment count, then the story: the count is the post's header, though
    # enough prose (a sidebar) came before it for a thread to follow.
    header = "Council backs the new bridge\n\nMay 3, 2024 by Anna Berg\n\n3 Comments\n\n"
    decisions = _as_scraped(f"{SIDEBAR}\n\nHome | News | Sport | Weather\n\n{header}" + "\n\n".join(BODY))
    assert [(d[0], d[4]) for d in decisions[4:]] == [
        ("heuristic:neighbours", False), ("heuristic:comment-marker", False)] + [("heuristic:stopwords", True)] * 3
    # Without the date line the count opens the thread, as it does under a post's last paragraph.
    decisions = _as_scraped(f"{SIDEBAR}\n\nHome | News | Sport | Weather\n\n{header.replace('May 3, 2024 by Anna Berg', 'Local news')}"
                            + "\n\n".join(BODY))
    assert [d[0] for d in decisions[5:]] == ["heuristic:comment-thread"] * 4
    decisions = _as_scraped("\n\n".join(BODY) + "\n\nPosted by Anna Berg on May 3, 2024\n\n3 Comments\n\n" + BODY[0])
    assert [(d[0], d[4]) for d in decisions[3:]] == [("heuristic:neighbours", False)] + [("heuristic:comment-thread", False)] * 2
    assert decisions[4][3] == "after the comment marker at block 4"


def test_a_section_label_set_as_h1_does_not_head_the_article() -> None:
    # "# Top Stories" over a sidebar's teaser is no headline: the bonus of the page's first H1
    # goes to the first one worded as a headline, and the article under it is the main run.
    teaser = SIDEBAR.split("\n\n")[0]
    links = "\n\n".join(f"[Story {n}](/s/{n})" for n in range(10))
    decisions = _as_scraped(f"# Top Stories\n\n{teaser}\n\n{links}\n\n# Council backs the new bridge\n\n{BODY[0]}")
    assert [(d[0], d[4]) for d in decisions[:2] + decisions[-2:]] == [
        ("heuristic:main-run", False), ("heuristic:main-run", False),
        ("heuristic:neighbours", True), ("heuristic:stopwords", True)]
    assert decisions[1][3] == "outside the main run (blocks 12-13)"


def test_under_a_blogs_masthead_the_posts_linked_title_heads_the_article() -> None:
    # The H1 is the blog's name linked to its front page; the post's title, linked to the post,
    # is the headline, and the short post under it beats the longer blurb under the masthead.
    blurb = SIDEBAR.split("\n\n")[0]
    links = "\n\n".join(f"[Story {n}](/s/{n})" for n in range(10))
    page = (f"# [Riverside notes](https://riverside.example)\n\n{blurb}\n\n{links}\n\n"
            f"## [Council backs the new bridge](https://riverside.example/2024/05/bridge)\n\n{BODY[0]}")
    decisions = _as_scraped(page)
    assert [(d[0], d[4]) for d in decisions[1:2] + decisions[-2:]] == [
        ("heuristic:main-run", False), ("heuristic:title", True), ("heuristic:stopwords", True)]
    # Under a heading that is no masthead, the first H1 still heads the article.
    decisions = _as_scraped(page.replace("](https://riverside.example)", "](https://riverside.example/about)"))
    assert [(d[0], d[4]) for d in decisions[1:2] + decisions[-1:]] == [
        ("heuristic:stopwords", True), ("heuristic:main-run", False)]


def test_a_second_copy_of_the_story_goes_but_a_repeated_dek_stays() -> None:
    story = "\n\n".join(BODY)
    decisions = _as_scraped(f"{story}\n\nPrint this story\n\n{story}")
    assert [(d[0], d[4]) for d in decisions] == [("heuristic:stopwords", True)] * 3 + [
        ("heuristic:furniture-word", False)] + [("heuristic:duplicate", False)] * 3
    assert [d[3] for d in decisions[4:]] == [f"the text of block {n} again" for n in range(3)]
    # One paragraph said twice (a dek, a pull quote) is the article's own.
    decisions = _as_scraped(f"{story}\n\n{BODY[1]}")
    assert [d[0] for d in decisions] == ["heuristic:stopwords"] * 4
    # Nor do paragraphs said again far apart (a list's items in its summary, then over their sections).
    blocks = segment("\n\n".join([BODY[0], BODY[1], "One", "Two", BODY[0], "Three", "Four", "Five", BODY[1]]))
    items = firstpass.measure(blocks)
    assert duplicate.copies(items, [True] * len(items), DEFAULT) == []
    assert duplicate.copies(items, [True] * len(items), replace(DEFAULT, duplicate_blocks=1)) == [(4, 0), (8, 1)]


def test_pictures_between_paragraphs_do_not_split_the_article() -> None:
    # An image alone says nothing about the text around it; images that link elsewhere (a row
    # of teasers) are furniture that parts the article from what follows.
    pictures = "\n\n".join(f"![Pier {n}](/img/pier{n}.jpg)" for n in range(8))
    decisions = _as_scraped(f"{BODY[0]}\n\n{pictures}\n\n{BODY[1]}")
    assert [(d[0], d[4]) for d in decisions[::9]] == [("heuristic:stopwords", True)] * 2
    teasers = "\n\n".join(f"[![Pier {n}](/img/pier{n}.jpg)](/story/{n})" for n in range(8))
    decisions = _as_scraped(f"{BODY[0]}\n\n{teasers}\n\n{BODY[1]}")
    assert decisions[-1] == ("heuristic:main-run", "good", "bad", "outside the main run (blocks 0-0)", False)


def test_italic_lines_are_furniture_when_short_or_an_authors_bio() -> None:
    standfirst = ("_The council voted on Monday to build the new bridge over the river, and the work "
                  "will start in the spring._")
    bio = "_Anna Berg is a fellow at the Riverside Institute, where she writes about towns and their rivers._"
    quote = "_Bridges is my obsession, my joy and my work, and I would build one over every river I could find._"
    items = firstpass.measure(segment("\n\n".join(["_Photo: Tom Reed_", standfirst, bio, quote])), "en")
    assert [(item.first, item.name, item.detail) for item in items] == [
        ("bad", "emphasis", "set in italics or bold, 3 words <= 12"),
        ("near-good", "stopwords", "stopword density 0.52 >= 0.20"),
        ("bad", "emphasis", "an author's bio set in italics or bold, 17 words <= 60"),
        ("short", "short", "97 chars < 100"),
    ]


def test_a_column_gap_inside_a_line_counts_as_one_character() -> None:
    """A page laid out in columns, rendered as text, pads a menu word out to the story's column:
    the padding is no text, so the line is short and its neighbours judge it."""
    padded = firstpass.measure(segment("Home" + " " * 120 + "News"))[0]
    assert (padded.chars, padded.first, padded.detail) == (9, "short", "9 chars < 100")


def test_a_comment_label_between_lines_with_no_words_is_no_toolbar_button() -> None:
    # A page whose story and thread sit in a quote: the count's neighbours are empty quote lines,
    # which are no one-word buttons; the thread opens at the count. Between two one-word buttons
    # the same count is one.
    comment = ("Dear Anna, I was at the meeting too, and I think that the mayor will not keep his word this "
               "time either, since he has said the same thing to us at every meeting for the last ten years.")
    quoted = "\n".join(f">> {line}" if line else ">>" for line in [*BODY, "", "3 Comments", "", comment])
    decisions = _as_scraped(quoted.replace("\n>> ", "\n>>\n>> ", 2))
    assert [(d[0], d[4]) for d in decisions][-4:] == [
        ("heuristic:neighbours", False), ("heuristic:comment-thread", False), ("heuristic:comment-thread", False),
        ("heuristic:comment-thread", False)]
    assert decisions[-1][3] == "after the comment marker at block 6"
    toolbar = "\n\n".join([*BODY, "Print", "3 Comments", "Share", comment])
    assert [(d[0], d[4]) for d in _as_scraped(toolbar)][-2:] == [
        ("heuristic:furniture-word", False), ("heuristic:stopwords", True)]


def test_a_photo_essays_pictures_do_not_cut_its_captions_off_from_the_story() -> None:
    # Each photo: a rule line, the picture alone, a caption. The neighbour search passes the
    # pictures as if they were not there: a rule line alone is no gap, and the captions, short
    # sentences, have the story for their neighbour.
    captions = ["The old pier at dawn, before the fishermen came.", "Nets drying on the harbour wall.",
                "The market opens at seven, and the fish are gone by nine."]
    photos = "".join(f"---\n\n![](/p/{n}.jpg)\n\n{caption}\n\n" for n, caption in enumerate(captions))
    blocks = segment(f"{BODY[0]}\n\n{BODY[1]}\n\n{photos}{BODY[2]}")
    # The rule lines are what a rule drops (the navigation pack's separator-block).
    ruled = [block.kind == "separator" for block in blocks]
    labels = classify(blocks, [not rule for rule in ruled], [False if rule else None for rule in ruled],
                      clean_page=False)
    assert [(label.name, label.detail, label.kept) if label else None for label in labels[2:-1]] == [
        None, ("link-line", "only links", False), ("neighbours", "short between good and good", True)] * 3
    # A picture over a credit line that a rule dropped is a figure, furniture with its credit: the
    # search stops there as before, and a short line above the byline finds no good neighbour.
    blocks = segment(f"Home | News | Sport | Weather\n\nA short line over the byline.\n\nBy Anna Berg\n\n"
                     f"Summer issue\n\n![](/p/0.jpg)\n\nPhoto: Jon Dale\n\n{BODY[0]}")
    ruled = [False, False, True, False, False, True, False]
    labels = classify(blocks, [not rule for rule in ruled], [False if rule else None for rule in ruled],
                      clean_page=False)
    assert [label.detail if label else None for label in labels] == [
        "3 separators >= 3", "short between bad and bad", None, "short between bad and bad", "only links", None,
        "stopword density 0.55 >= 0.30"]


@pytest.mark.parametrize("picture, looked_through", [
    ("![](/p/{n}.jpg)", True), ("[![](/p/{n}.jpg)](/p/{n}-large.JPG)", True),
    ('[![Pier](/p/{n}.jpg)](/p/{n}.png?w=1200 "Pier")', True), ("[![](/p/{n}.jpg)](/stories/{n})", False)])
def test_a_picture_linked_to_its_own_file_is_a_picture_and_one_linked_elsewhere_a_link(
        picture: str, looked_through: bool) -> None:
    captions = ["The old pier at dawn, before the fishermen came.", "Nets drying on the harbour wall."]
    photos = "".join(f"---\n\n{picture.format(n=n)}\n\n{caption}\n\n" for n, caption in enumerate(captions))
    blocks = segment(f"{BODY[0]}\n\n{BODY[1]}\n\n{photos}{BODY[2]}")
    ruled = [block.kind == "separator" for block in blocks]
    labels = classify(blocks, [not rule for rule in ruled], [False if rule else None for rule in ruled],
                      clean_page=False)
    # Linked elsewhere, each picture and the rule line before it are a gap.
    assert [label.detail.split(",")[0] for label in labels[4::3]] == (
        ["short between good and good"] * 2 if looked_through
        else ["short between bad and bad", "short between bad and good"])


def test_the_commonest_sentence_marks_are_sentence_ends() -> None:
    # The first pass tells a text that ends a sentence by these marks before it asks the pattern.
    from cleaner.heuristics.firstpass import _ENDS
    from cleaner.text.scripts import SENTENCE_END
    assert _ENDS == frozenset(".!?…")
    assert all(SENTENCE_END.fullmatch(mark) for mark in _ENDS)
