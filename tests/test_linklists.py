"""Lists of links that the article introduces: kept inside the main run, and not a break in it;
boxes of related stories set in the body are not such lists."""

from __future__ import annotations

from cleaner import Cleaner

P1 = ("Every weekday I get a few hundred emails, and most of them ask me one of the same few questions, "
      "which is why I have written the answers down here, once and for all, for you to read at leisure.")
P2 = ("If your question is not among them, write to me all the same, and I will answer it as soon as I can, "
      "though it may take me a week or two when I am travelling for work, as I often am in the spring.")
P3 = ("The first question is the one I get most, and the answer is the one that people like least: I can "
      "not look at your site for you, because there are only so many hours in the day and I have a job.")
P4 = ("What I can do is point you to the guides that we wrote for this, which cover most of what I would "
      "tell you, and which are kept up to date by people who know far more about it than I ever will.")
# Furniture enough that the page is no article already clean.
HEADER = ("[Home](/) | [Blog](/blog) | [About](/about) | [Contact](/contact)\n\n[Log in](/login)\n\n"
          "Subscribe to our newsletter\n\n")
QUESTIONS = "\n".join(f"{n}. [{title}](#q{n})" for n, title in enumerate(
    ["Can you look at my site?", "Will you invest in my company?", "Can we meet for coffee?",
     "Will you read my book?"], 1))


def kept_reasons(page: str) -> list[tuple[str, bool, str]]:
    result = Cleaner().clean(page)
    return [(decision.text.splitlines()[0].strip()[:24], decision.kept, decision.reason.name)
            for decision in result.decisions]


def test_a_list_of_links_that_a_line_of_the_article_introduces_is_kept_and_joins_the_run() -> None:
    page = (f"# Answers to the emails I get\n\n{P1}\n\n{P2}\n\nHere are the questions I get most:\n\n{QUESTIONS}\n\n"
            f"## Can you look at my site?\n\n{P3}\n\n{P4}\n\n[Home](/) | [About](/about) | [Contact](/contact)\n")
    assert kept_reasons(page) == [
        ("# Answers to the emails ", True, "neighbours"),
        (P1[:24], True, "stopwords"),
        (P2[:24], True, "stopwords"),
        ("Here are the questions I", True, "in-run"),
        ("1. [Can you look at my s", True, "in-list"),
        ("2. [Will you invest in m", True, "in-list"),
        ("3. [Can we meet for coff", True, "in-list"),
        ("4. [Will you read my boo", True, "in-list"),
        ("## Can you look at my si", True, "neighbours"),
        (P3[:24], True, "stopwords"),
        (P4[:24], True, "stopwords"),
        ("[Home](/) | [About](/abo", False, "navigation/breadcrumb"),
    ]


def test_a_short_sentence_introduces_a_list_whose_items_say_more_than_their_links() -> None:
    emails = "\n".join(f"  * [{title}](/e/{n}) - {rate}%" for n, (title, rate) in enumerate(
        [("Bad news!", 16), ("Have you read this book?", 18), ("Want a job?", 20)]))
    page = f"{HEADER}{P1}\n\n{P2}\n\nThese were opened most often.\n\n{emails}\n\n{P3}\n\n{P4}\n"
    assert [(kept, name) for _, kept, name in kept_reasons(page)][3:] == [
        (True, "stopwords"), (True, "stopwords"), (True, "neighbours"), (True, "in-list"), (True, "in-list"),
        (True, "in-list"), (True, "stopwords"), (True, "stopwords")]


def test_bare_links_after_a_sentence_or_after_a_long_paragraph_are_a_box_of_related_stories() -> None:
    related = "\n".join(f"  * [{title}](/news/{n})" for n, title in enumerate(
        ["Council delays the vote", "Bridge costs double", "Mayor answers critics"]))
    after_sentence = f"{HEADER}{P1}\n\n{P2}\n\nThe vote is on Monday.\n\n{related}\n\n{P3}\n\n{P4}\n"
    after_paragraph = f"{HEADER}{P1}\n\n{P2}\n\n{related}\n\n{P3}\n\n{P4}\n"
    for page in (after_sentence, after_paragraph):
        decisions = kept_reasons(page)
        assert [(kept, name) for text, kept, name in decisions if text.startswith("* [")] == [
            (False, "link-density")] * 3
        assert [kept for text, kept, _ in decisions[3:] if not text.startswith("* [")] == [True] * (
            len(decisions) - 6)


def test_a_list_of_short_lines_that_closes_the_article_after_a_colon_stays() -> None:
    ingredients = "\n\n".join(["2 tsp vegetable oil", "1 large onion", "4 cloves garlic", "1 tsp cumin",
                               "salt and pepper to taste"])
    footer = "[Pin It](/pin) [Tweet](/tweet)\n\nPosted by Anna at [4:06 PM](/p/1)\n\n[Older post](/p/0) | [Home](/)"
    page = f"{HEADER}# Onion soup\n\n{P1}\n\n{P2}\n\nIngredients for 4 portions:\n\n{ingredients}\n\n{footer}\n"
    decisions = kept_reasons(page)
    assert [(text, kept, name) for text, kept, name in decisions[6:12]] == [
        ("Ingredients for 4 portio", True, "in-run"), ("2 tsp vegetable oil", True, "in-list"),
        ("1 large onion", True, "in-list"), ("4 cloves garlic", True, "in-list"), ("1 tsp cumin", True, "in-list"),
        ("salt and pepper to taste", True, "in-list")]
    assert [kept for _, kept, _ in decisions[12:]] == [False] * 3
    # Some of its lines may be links, as long as one is not (a box of related stories is links
    # only): the places of a tour, some with a page of their own.
    places = "[Lisbon](/p/lisbon)\n\nPorto\n\n[Madrid](/p/madrid)\n\n[Seville](/p/seville)"
    decisions = kept_reasons(f"{HEADER}# Our spring tour\n\n{P1}\n\n{P2}\n\nThe cities we will visit:\n\n{places}\n\n{footer}\n")
    assert [(kept, name) for _, kept, name in decisions[6:11]] == [(True, "in-run")] + [(True, "in-list")] * 4
    # Lines that all link elsewhere are no such list, and neither are lines after a sentence.
    links = "\n\n".join(f"[{line}](/s/{n})" for n, line in enumerate(["Leek soup", "Pea soup", "Bean soup"]))
    for tail in (f"My other soups:\n\n{links}", f"That is all it takes.\n\n{ingredients}"):
        decisions = kept_reasons(f"{HEADER}# Onion soup\n\n{P1}\n\n{P2}\n\n{tail}\n\n{footer}\n")
        assert [name for _, kept, name in decisions[7:10] if kept] == []
