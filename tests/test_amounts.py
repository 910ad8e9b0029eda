"""A recipe's ingredients in plain text, one short line each, longer than the neighbour search's
reach: the search passes the lines of amounts, so the prose around them keeps them."""

from __future__ import annotations

from cleaner import Cleaner, Settings
from cleaner.heuristics.classify import classify
from cleaner.text.blocks import segment

BEFORE = ("This is the soup my grandmother made every winter, and it is still the one that my own "
          "children ask for when the first cold evenings come and the garden has nothing left in it.")
AFTER = ("Melt the butter in a large pot over a low heat, add the onions and the leeks, and let them "
         "soften for about ten minutes, stirring now and then so that they do not take any colour.")
AMOUNTS = ["2 tablespoons butter", "1 large onion, diced", "2 leeks, sliced thin", "3 carrots, peeled and cut",
           "1 small celeriac, peeled", "4 cups vegetable stock", "1 cup whole milk", "½ teaspoon salt",
           "¼ teaspoon ground pepper", "1 bay leaf", "2 sprigs fresh thyme", "1 handful of parsley",
           "3 slices of stale bread", "2 tablespoons cream, to serve"]
MENU = ["Home", "World", "Business", "Sport", "Culture", "Travel", "Food", "Weather", "Radio", "Video",
        "Podcasts", "Archive", "Contact", "About"]


def _kept(lines: list[str]) -> list[bool]:
    blocks = segment("\n".join(lines))
    return [label.kept for label in classify(blocks, [True] * len(blocks), clean_page=False) if label is not None]


def test_a_long_list_of_amounts_between_paragraphs_stays() -> None:
    page = [BEFORE, *AMOUNTS, AFTER]
    assert _kept(page) == [True] * len(page)
    cleaner = Cleaner(settings=Settings(generic_rules=False, site_rules=False))
    assert cleaner.clean("\n".join(page)).text == "\n".join(page)


def test_a_menu_as_long_between_paragraphs_still_goes() -> None:
    assert _kept([BEFORE, *MENU, AFTER])[1:-1] == [False] * len(MENU)


def test_capitalised_lines_are_not_amounts() -> None:
    # The same lines capitalised ("2 Tablespoons Butter") read as headlines, not amounts: the
    # search counts them, and they go, all but the last, which reads as the headline of the
    # paragraph under it.
    assert _kept([BEFORE, *(line.title() for line in AMOUNTS), AFTER])[1:-1] == [False] * (len(AMOUNTS) - 1) + [True]
