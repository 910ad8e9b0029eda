"""A sentence crowded with names and figures has few stopwords, fewer than a paragraph of prose,
but it ends a sentence: short, so that its neighbours judge it."""

from __future__ import annotations

from cleaner.heuristics.classify import classify
from cleaner.heuristics.firstpass import measure
from cleaner.text.blocks import segment

BODY = [
    "The council met on Monday evening to vote on the plan for the new bridge, and the debate went on "
    "until well after midnight, because every one of the members wanted to have a say on it.",
    "In the end the plan was approved by a narrow margin, and the mayor said that the work would start "
    "in the spring if the money that the government had promised arrived in time for it.",
]

NAMES = ("Councillors Maria Lopez, Labour, Ward 4; Tom Baker, Green, Ward 7; Priya Shah, Liberal Democrat, "
         "Ward 2; and Jon Evans, Independent, Ward 9, said they voted against the plan.")
LIST = ("Councillors Maria Lopez, Labour, Ward 4; Tom Baker, Green, Ward 7; Priya Shah, Liberal Democrat, "
        "Ward 2; Jon Evans, Independent, Ward 9; Ann Cole, Labour, Ward 3.")


def _first(text: str) -> tuple[str, str]:
    item = measure(segment(text), "en")[0]
    return item.first, item.detail


def test_a_sentence_of_names_is_short_and_kept_between_prose() -> None:
    assert _first(NAMES) == ("short", "stopword density 0.17 < 0.20, >= 0.15 and ends a sentence")
    blocks = segment("\n\n".join([BODY[0], NAMES, BODY[1]]))
    labels = classify(blocks, [True] * len(blocks), clean_page=False)
    assert [(label.name, label.kept) for label in labels if label is not None] == [
        ("stopwords", True), ("neighbours", True), ("stopwords", True)]


def test_a_list_of_names_is_still_bad() -> None:
    assert _first(LIST) == ("bad", "stopword density 0.00 < 0.20")
    # Without its full stop, the same words are a list, not a sentence.
    assert _first(NAMES.rstrip(".")) == ("bad", "stopword density 0.17 < 0.20")
    # Fewer stopwords still is a list of names, sentence or not.
    assert _first(NAMES.replace("said they voted", "voted")) == ("bad", "stopword density 0.11 < 0.20")
