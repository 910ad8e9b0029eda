"""A page's own story as its host's other pages tease it: what repetition must not take from it.

One job: find, for each page of a host, the blocks that its host's other pages carry only as
that page's teaser, so that repetition (:mod:`cleaner.heuristics.repeat`) does not count them
against it. A host lists its other stories on each page ("Most popular", "Next article",
"Recently published"): the headline, often the byline, the dek and the first paragraph or three,
then "Continue reading". On the page of that story those blocks are its lede, and they are on
several pages of the host, but only as its teaser: furniture on the other pages, the article on
its own.

A block of another page that names a page P (holds :data:`~cleaner.heuristics.repeat.SLUG_SHARE`
of the words of P's URL slug, :func:`~cleaner.heuristics.repeat.slug_words`) opens P's teaser
there, which runs for the next :data:`TEASER_BLOCKS` blocks. What the teaser quotes is the
prose (:data:`~cleaner.heuristics.repeat.PROSE_WORDS` words or more, ending a sentence, not cut
short by an ellipsis) that opens P after P's own headline, in P's order: the blocks of the
teaser that match that opening, one by one from its first, are P's. A block hash that a page (or
the crawls of one article, counted as one page) carries only as such a quote does not count as a
page that repeats it, for P; everywhere else it counts as before, so a teaser is still dropped
from every page but its story's own. A footer that follows a list of headlines is not P's
opening, and a block that a page also carries outside the teaser counts as usual. A page
without a slug, or without a block that names it, is teased by none: the story's page falls back
on what repetition alone finds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

from cleaner.heuristics.repeat import SLUG_SHARE, PagePrint, slug_words

__all__ = ["TEASER_BLOCKS", "teased", "PageCounts"]

# How many blocks after a headline naming a page of the host can be that page's teaser: the
# byline, the dek, three paragraphs and a "Continue reading" line.
TEASER_BLOCKS = 6


def _named(page: PagePrint, slugs: Mapping[str, frozenset[str]], index: Mapping[str, Sequence[str]]) -> dict[str, list[int]]:
    """The positions of the blocks of ``page`` that name each page (by URL), in page order."""
    named: dict[str, list[int]] = {}
    for position, words in page.titles:
        hits = Counter(url for word in words for url in index.get(word, ()))
        for url, found in hits.items():
            if found >= SLUG_SHARE * len(slugs[url]):
                named.setdefault(url, []).append(position)
    return named


def _prose_after(page: PagePrint, position: int, limit: int | None = None) -> list[tuple[int, int]]:
    """The positions and keys of the prose blocks after ``position`` (within ``limit`` blocks),
    in page order."""
    stop = len(page.prose) if limit is None else min(len(page.prose), position + 1 + limit)
    return [(at, key) for at in range(position + 1, stop) if (key := page.prose[at]) is not None]


def teased(groups: Sequence[Sequence[PagePrint]]) -> dict[str, Counter[int]]:
    """For each URL, how many of the ``groups`` (distinct articles, see
    :func:`~cleaner.heuristics.repeat.clusters`) that it is not in carry each block hash only inside
    a teaser of that URL's page: within :data:`TEASER_BLOCKS` blocks after a block that names the
    page, and among the prose blocks that open that page after its own headline, in its order.

    >>> head = frozenset({"ferry", "strike", "ends"})
    >>> story = PagePrint("https://a.example/ferry-strike-ends", {5: 4, 1: 19, 2: 40},
    ...                   prose=(None, 1, 2), titles=((0, head),))
    >>> other = PagePrint("https://a.example/b", {3: 5, 1: 19, 4: 60}, prose=(None, 1, 4), titles=((0, head),))
    >>> dict(teased([[story], [other]]))
    {'https://a.example/ferry-strike-ends': Counter({1: 1})}
    """
    slugs = {page.url: slug for group in groups for page in group if (slug := slug_words(page.url))}
    found: dict[str, Counter[int]] = {}
    if not slugs:
        return found
    index: dict[str, list[str]] = {}
    for url, slug in slugs.items():
        for word in slug:
            index.setdefault(word, []).append(url)
    named = [[_named(page, slugs, index) for page in group] for group in groups]
    # The prose that opens each page after its own headline: what a teaser of it quotes.
    openings: dict[str, list[int]] = {}
    for group, names in zip(groups, named):
        for page, name in zip(group, names):
            if page.url in name and page.url not in openings:
                openings[page.url] = [key for _, key in _prose_after(page, name[page.url][0])]
    for group, names in zip(groups, named):
        urls = {page.url for page in group}
        for url in set().union(*names).intersection(openings).difference(urls):
            opening = openings[url]
            quoted: list[set[int]] = []  # per page, the positions of the teaser's quoted blocks
            for page, name in zip(group, names):
                positions: set[int] = set()
                for position in name.get(url, ()):
                    after = _prose_after(page, position, TEASER_BLOCKS)
                    for (at, key), opens in zip(after, opening):
                        if key != opens:
                            break
                        positions.add(at)
                quoted.append(positions)
            inside = {page.prose[at] for page, positions in zip(group, quoted) for at in positions}
            # A block that a page of the group carries outside the teaser counts as usual.
            outside = {key for page, positions in zip(group, quoted)
                       for at, key in enumerate(page.prose) if key in inside and at not in positions}
            if only := inside - outside - {None}:
                found.setdefault(url, Counter()).update(only)  # type: ignore[arg-type]
    return found


class PageCounts(Mapping[int, int]):
    """The host's repeat counts as one page sees them: less the pages that carry a block only
    as that page's teaser (see :func:`teased`)."""

    def __init__(self, counts: Mapping[int, int], less: Mapping[int, int]) -> None:
        self._counts, self._less = counts, less

    def __getitem__(self, key: int) -> int:
        return self._counts[key] - self._less.get(key, 0)

    def __iter__(self) -> Iterator[int]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)
