"""An author's bio that closes the main run goes; the same shape of sentence elsewhere stays.

Generic and site rules are off (the pages are judged by :func:`classify` alone, as scraped pages),
so every decision here is the heuristics' own.
"""

from __future__ import annotations

from test_heuristics import BODY, _as_scraped

FOOTER = "\n\n[Home](/) | [About](/about)\n\n[Jobs](/jobs) | [Advertise](/ads)"
STORY = "\n\n".join(BODY)
LINKS = [("heuristic:link-line", "bad", "bad", "only links", False)] * 2
KEPT_STORY = [
    ("heuristic:stopwords", "good", "good", "stopword density 0.55 >= 0.30", True),
    ("heuristic:stopwords", "good", "good", "stopword density 0.58 >= 0.30", True),
    ("heuristic:stopwords", "good", "good", "stopword density 0.67 >= 0.30", True),
]
BOX = ("heuristic:author-box", "good", "bad", "an author's bio closing the main run", False)


def test_a_bio_under_its_name_line_goes_with_the_name() -> None:
    bio = ("Jane Doe is a teacher from Riverside who has followed the city council and its bridges "
           "since 2015. She lives by the river with two cats and a rowing boat.")
    # Without the bio as a good neighbour, the name line over it is judged short between good and bad.
    assert _as_scraped(STORY + "\n\nJane Doe\n\n" + bio + FOOTER) == KEPT_STORY + [
        ("heuristic:neighbours", "short", "bad", "short between good and bad", False), BOX] + LINKS


def test_a_first_name_over_a_bio_is_its_name_line() -> None:
    bio = ("Jane spent ten years on the city desk before she moved to the valley, where she has "
           "followed the council and the long story of its bridges ever since.")
    assert _as_scraped(STORY + "\n\njane\n\n" + bio + FOOTER)[4] == BOX


def test_a_bio_without_a_name_line_goes_when_it_names_a_writer() -> None:
    bio = ("Jane Doe is the editor of the Riverside Courier, where she has worked on the city "
           "pages since the paper moved to the valley in 2009.")
    assert _as_scraped(STORY + "\n\n" + bio + FOOTER) == KEPT_STORY + [
        ("heuristic:author-box", "near-good", "bad", "an author's bio closing the main run", False)] + LINKS


def test_the_same_sentence_inside_the_story_stays() -> None:
    inside = ("Jane Doe is the founder of Bridges for All, a charity that has asked the council for a "
              "new crossing since the old one was closed to lorries in 2009.")
    assert _as_scraped(BODY[0] + "\n\n" + inside + "\n\n" + BODY[1] + FOOTER) == [
        KEPT_STORY[0], ("heuristic:neighbours", "near-good", "good", "near-good between good and good", True),
        KEPT_STORY[1]] + LINKS


def test_a_closing_paragraph_about_a_person_but_no_writer_stays() -> None:
    last = ("Jane Doe is sure that the bridge will be finished on time, and she said so to every "
            "member of the council who would listen to her.")
    assert _as_scraped(STORY + "\n\n" + last + FOOTER)[3] == (
        "heuristic:neighbours", "near-good", "good", "near-good between good and bad", True)


def test_a_pronoun_is_no_name() -> None:
    last = ("She is the author of three books on the bridges of the valley, and the council asked her "
            "to write the text for the plaque on the new one.")
    assert _as_scraped(STORY + "\n\n" + last + FOOTER)[3] == (
        "heuristic:neighbours", "near-good", "good", "near-good between good and bad", True)


def test_a_page_whose_only_prose_is_a_bio_keeps_it() -> None:
    bio = ("Jane Doe is a freelance writer from Riverside who has covered the city council and its "
           "bridges for the Courier since 2015, and she lives by the river with two cats.")
    assert _as_scraped("Jane Doe\n\n" + bio + FOOTER)[1] == (
        "heuristic:stopwords", "good", "good", "stopword density 0.55 >= 0.30", True)
