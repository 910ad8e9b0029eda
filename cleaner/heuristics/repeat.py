"""Repetition across pages: blocks that recur on several pages of one host are site furniture.

One job: find the blocks of a page that other pages of its host also carry, and mark them. A
block is compared by a 64-bit hash of its normalized text, as cc_net does for paragraphs: case
folded, each number turned to ``0`` and each month or weekday name to one word, punctuation
dropped, whitespace collapsed, so that "Posted Mon 3 May" and "posted Thursday, 12 June" are one
line. Blocks with fewer than two letters (scores, separators, the "Q." and "A." that mark an
interview's turns) are not compared: a table of numbers is not furniture because another page
has the same numbers, nor is a one-letter line.

:meth:`Cleaner.clean_many <cleaner.engine.Cleaner.clean_many>` streams records
(:mod:`cleaner.heuristics.records`): consecutive records of one host form a group, read in chunks
of at most :data:`MAX_BUFFER` pages, and each chunk is compared with itself and with the
:data:`MAX_BUFFER` pages before it, so memory stays bounded however long a host's run is. A block
found on :data:`MIN_PAGES` distinct pages is dropped with reason ``repeated:N pages``, unless a
rule already decided it (a ``keep`` rule protects it; a ``drop`` rule keeps its own reason).
Two crawls of one article must not erase each other: pages with the same URL, or whose words
sit mostly (:data:`NEAR_DUPLICATE_SHARE`) in blocks they share and whose ledes (each page's first
block of :data:`LEAD_WORDS` words outside the template) are on both, count as one page; blocks on
:data:`TEMPLATE_PAGES` or more pages (the host's template) are left out of that comparison. Words, not
blocks, are weighed because two different articles of a site with heavy navigation share most of
their *blocks* (the menu) but few of their *words* (the body). The ledes are compared because two
different articles that carry the same teasers of the host's other stories (a few paragraphs of
each) can share most of their words too, yet each begins with its own text. A page's own headline,
as the slug of its URL spells it (:func:`names_page`), is never dropped as repeated: other pages
list it among their related stories, and plain text cannot tell that list's link from the title.
Nor is its lede where other pages quote it in a teaser of it, under that headline: those pages do
not count against it (:mod:`cleaner.heuristics.teasers`).
On a page of plain text, a line may hold two columns of a table-laid-out page side by side
(the site's menu beside a line of the story, set apart by a run of spaces): each such cell is
compared too, and the cells other pages carry are cut from a line whose own cells hold
:data:`COLUMN_WORDS` words or more (reason ``repeated:column`` among the block's edits); a line
of two cells or more that other pages all carry goes whole (reason ``repeated:column``).
A page that repetition leaves with nothing but blocks the heuristics call bad keeps nothing (the
engine's part: alone, the heuristics would keep the longest rather than empty a page). A host with
one page is left as each page alone would be.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import unquote, urlsplit

import regex

from cleaner.reasons import Reason
from cleaner.rules.match import Verdict
from cleaner.text.blocks import COLUMN_GAP, Block
from cleaner.text.dates import MONTH_NAMES
from cleaner.text.scripts import CLOSERS, SENTENCE_END

__all__ = ["fingerprint", "normalize_line", "page_print", "mark_repeated", "repeat_counts", "clusters",
           "PagePrint", "slug_words", "names_page", "cell_spans", "cell_key", "repeated_cells",
           "MIN_PAGES", "MAX_BUFFER", "NEAR_DUPLICATE_SHARE", "TEMPLATE_PAGES", "LEAD_WORDS", "SLUG_WORDS",
           "SLUG_SHARE", "COLUMN_WORDS", "DATE_WORDS", "TITLE_WORDS", "PROSE_WORDS"]

# A block on at least this many distinct pages (near-duplicates counted once) is furniture.
MIN_PAGES = 2
# Pages of one host held at once, and pages remembered from the chunk before.
MAX_BUFFER = 64
# Two pages whose shared blocks hold more than this share of the smaller page's words are two
# crawls of one article.
NEAR_DUPLICATE_SHARE = 0.5
# Blocks on at least this many pages (before near-duplicates are merged) are the host's template,
# and are left out when two pages are compared for being crawls of one article: a site with a
# long sidebar would otherwise make all its short posts look like copies of one another.
TEMPLATE_PAGES = 3
# A block with more than this share of its characters in links is compared as a link.
LINKED_SHARE = 0.5
# A URL's last named path segment of at least this many words is a slug of the page's headline,
# and a block holding at least SLUG_SHARE of them is that headline.
SLUG_WORDS = 3
SLUG_SHARE = 0.8
# A line of plain text whose cells (see COLUMN_GAP) that no other page carries hold at least this
# many words is a story beside a column of the host's template, which is cut from it.
COLUMN_WORDS = 8
# A block of at most this many words may be a headline (one that names a page of the host).
TITLE_WORDS = 30
# A block of at least this many words that ends a sentence is prose, which may tease a story.
PROSE_WORDS = 10
# A block of at least this many words is a paragraph of prose: a page's first one outside the
# host's template is where its own text begins (its lede), which two crawls of one article share.
LEAD_WORDS = 25
# What cutting a repeated column from a line is credited to.
COLUMN = Reason.of("repeated", "column")

# Weekday names and abbreviations (en, de, fr, es, ru), lower case.
_WEEKDAYS = ("monday mon tuesday tue tues wednesday wed thursday thu thur thurs friday fri saturday sat "
             "sunday sun montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi "
             "jeudi vendredi samedi dimanche lunes martes miércoles jueves viernes sábado domingo "
             "понедельник вторник среда четверг пятница суббота воскресенье")
# What a dateline changes from page to page, each as one word, so that "Updated Thursday, 8
# September" and "Updated Monday, 21 May" are one line.
DATE_WORDS = {**{name: "month" for name in MONTH_NAMES}, **{name: "day" for name in _WEEKDAYS.split()}}

_PUNCTUATION = regex.compile(r"[^\w\s]+")
_NUMBER = regex.compile(r"\d+")
_LETTER = regex.compile(r"\p{L}")
_TWO_LETTERS = regex.compile(r"\p{L}\P{L}*\p{L}")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_APOSTROPHE = regex.compile(r"['\u2019]")
# A page file's extension, which is no word of its name.
_EXTENSION = regex.compile(r"\.[a-z]{2,5}$", regex.IGNORECASE)


def normalize_line(text: str) -> str:
    """The form in which blocks are compared: each number one ``0``, each month or weekday name
    (:data:`DATE_WORDS`) one ``month`` or ``day``.

    >>> normalize_line("  Posted Thursday, 12 June,  2024 -- by  THE Desk ")
    'posted day 0 month 0 by the desk'
    >>> normalize_line("posted Mon 3 May 2021 by the desk")
    'posted day 0 month 0 by the desk'
    """
    text = _NUMBER.sub("0", _PUNCTUATION.sub(" ", text.casefold()))
    return " ".join(DATE_WORDS.get(word, word) for word in text.split())


def fingerprint(text: str) -> int | None:
    """A 64-bit hash of the normalized text, or None when there is no letter to compare.

    >>> fingerprint("Share this: Facebook") == fingerprint("share THIS facebook")
    True
    >>> fingerprint("12 - 3") is None, fingerprint("Q.") is None
    (True, True)
    """
    return _keyed("", normalize_line(text))


def _keyed(prefix: str, normal: str) -> int | None:
    """The hash of ``prefix`` and the normalized text ``normal``, or None when ``normal`` has
    fewer than two letters.

    >>> [_keyed("", text) is None for text in ("q", "0 0", "ap", "x 0")]
    [True, True, False, True]
    """
    if not _TWO_LETTERS.search(normal):
        return None
    return int.from_bytes(hashlib.blake2b((prefix + normal).encode("utf-8"), digest_size=8).digest(), "big")


@dataclass(frozen=True, slots=True)
class PagePrint:
    """What one page is compared by: its URL, the words of each distinct block hash, the
    hashes of its blocks of :data:`LEAD_WORDS` words or more in page order, and the hashes of its
    cells."""

    url: str
    words: Mapping[int, int]
    long: tuple[int, ...] = ()
    cells: frozenset[int] = frozenset()
    # Each block's key in page order where it is prose (PROSE_WORDS words or more, ending a
    # sentence), else None; and the words of its blocks of at most TITLE_WORDS words by position:
    # where other pages' headlines and the paragraphs that tease them stand (see
    # cleaner.heuristics.teasers).
    prose: tuple[int | None, ...] = ()
    titles: tuple[tuple[int, frozenset[str]], ...] = ()

    @property
    def total(self) -> int:
        return sum(self.words.values())


def block_key(block: Block) -> int | None:
    """The fingerprint of a block's text, its kind and whether it is mostly link text: a page's
    own headline is not furniture because other pages of the host link to it.

    >>> from cleaner.text.blocks import segment
    >>> title, link = segment("# Port strike ends\\n\\n* [Port strike ends](/a)")
    >>> block_key(title) == block_key(link)
    False
    """
    linked = "link" if block.link_density > LINKED_SHARE else "text"
    # The text is normalized once; "list-item link " normalizes as "list item link ".
    return _keyed(f"{normalize_line(block.kind)} {linked} ", normalize_line(block.plain))


def page_print(blocks: Sequence[Block], url: str | None) -> PagePrint:
    """The fingerprint of a page: each block key with its word count."""
    words: dict[int, int] = {}
    long: list[int] = []
    cells: set[int] = set()
    prose: list[int | None] = []
    titles: list[tuple[int, frozenset[str]]] = []
    for position, block in enumerate(blocks):
        key = block_key(block)
        prose.append(key if block.words >= PROSE_WORDS and _ends_sentence(block.plain) else None)
        if block.words <= TITLE_WORDS:
            titles.append((position, frozenset(_words(block.plain))))
        if key is not None:
            words[key] = words.get(key, 0) + max(1, block.words)
            if block.words >= LEAD_WORDS:
                long.append(key)
        for start, stop in cell_spans(block.text):
            cell = cell_key(block.text[start:stop])
            if cell is not None:
                cells.add(cell)
    return PagePrint((url or "").split("#", 1)[0], words, tuple(long), frozenset(cells), tuple(prose), tuple(titles))


def cell_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the cells of a one-line block, split where a run of spaces sets them apart
    (none for a block of several lines).

    >>> text = "News Front Page      The minister said the plan would go ahead."
    >>> [text[a:b] for a, b in cell_spans(text)]
    ['News Front Page', 'The minister said the plan would go ahead.']
    """
    stripped = text.strip()
    if not stripped or "\n" in stripped:
        return []
    start = len(text) - len(text.lstrip())
    if "   " not in stripped and "\t" not in stripped:  # most lines: one cell
        return [(start, start + len(stripped))]
    spans = []
    for gap in COLUMN_GAP.finditer(text, start, start + len(stripped)):
        spans.append((start, gap.start()))
        start = gap.end()
    spans.append((start, start + len(text[start:].rstrip())))
    return spans


def cell_key(text: str) -> int | None:
    """The fingerprint of one cell of a line (kept apart from the blocks' own)."""
    return _keyed("cell ", normalize_line(text))


def _lead(page: PagePrint, template: frozenset[int]) -> int | None:
    """The hash of the page's first long block outside the host's template, if it has one."""
    return next((key for key in page.long if key not in template), None)


def _near_duplicates(a: PagePrint, b: PagePrint, template: frozenset[int] = frozenset()) -> bool:
    """Two crawls of one article: the same URL, or most of the words outside the host's
    ``template`` blocks shared and each page's lede (:func:`_lead`) on the other. Two articles
    of a host that carry the same teasers of its other stories share most of their words too,
    but each begins with its own text."""
    if a.url and a.url == b.url:
        return True
    shared = sum(min(n, b.words[k]) for k, n in a.words.items() if k in b.words and k not in template)
    smaller = min(sum(n for k, n in page.words.items() if k not in template) for page in (a, b))
    if smaller == 0 or shared / smaller <= NEAR_DUPLICATE_SHARE:
        return False
    leads = ((_lead(page, template), other) for page, other in ((a, b), (b, a)))
    return all(lead is None or lead in other.words for lead, other in leads)


def clusters(prints: Sequence[PagePrint]) -> list[list[PagePrint]]:
    """The pages grouped as distinct articles: near-duplicates (:func:`_near_duplicates`) of a
    group's first page join its group.

    >>> a, b, c = PagePrint("u1", {1: 1, 2: 50}), PagePrint("u2", {1: 1, 3: 40}), PagePrint("u2", {1: 1, 3: 40})
    >>> [[page.url for page in group] for group in clusters([a, b, c])]
    [['u1'], ['u2', 'u2']]
    """
    raw = Counter(key for page in prints for key in page.words)
    template = frozenset(key for key, pages in raw.items() if pages >= TEMPLATE_PAGES)
    groups: list[list[PagePrint]] = []
    for page in prints:
        for group in groups:
            if _near_duplicates(group[0], page, template):
                group.append(page)
                break
        else:
            groups.append([page])
    return groups


def repeat_counts(prints: Sequence[PagePrint], groups: Sequence[Sequence[PagePrint]] | None = None) -> Counter[int]:
    """On how many distinct pages each block hash occurs, near-duplicate pages counted once
    (``groups``: :func:`clusters` of ``prints``, when the caller has them).

    >>> a = PagePrint("u1", {1: 1, 2: 50})
    >>> b = PagePrint("u2", {1: 1, 3: 40})
    >>> c = PagePrint("u2", {1: 1, 3: 40})   # a second crawl of u2
    >>> sorted(repeat_counts([a, b, c]).items())
    [(1, 2), (2, 1), (3, 1)]
    """
    counts: Counter[int] = Counter()
    for group in clusters(prints) if groups is None else groups:
        counts.update(set().union(*(set(page.words) | page.cells for page in group)))
    return counts


def _ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (a closing quote or bracket may follow the full stop),
    and not with an ellipsis, which cuts an excerpt short: an article's own paragraph is whole.

    >>> [_ends_sentence(t) for t in ("It rained.", "“It rained!”", "He also ...", "Read more")]
    [True, True, False, False]
    """
    text = text.rstrip().rstrip(CLOSERS)
    return SENTENCE_END.match(text[-1:]) is not None and not text.endswith(("...", "…"))


def _words(text: str) -> list[str]:
    return _WORD.findall(_APOSTROPHE.sub("", text.casefold()))


def slug_words(url: str | None) -> frozenset[str]:
    """The words of the slug that names the page in its URL (the last path segment with a letter
    in it, its extension left out), or none when it has fewer than :data:`SLUG_WORDS`: an
    article's URL usually spells its headline.

    >>> sorted(slug_words("https://a.example/2017/03/trumps-credibility-crisis-arrives/520347/"))
    ['arrives', 'credibility', 'crisis', 'trumps']
    >>> slug_words("https://a.example/news/sport.html")
    frozenset()
    """
    try:
        path = urlsplit(url or "").path
    except ValueError:
        return frozenset()
    named = [segment for segment in unquote(path).split("/") if _LETTER.search(segment)]
    words = _words(_EXTENSION.sub("", named[-1])) if named else []
    return frozenset(words) if len(words) >= SLUG_WORDS else frozenset()


def names_page(block: Block, slug: frozenset[str]) -> bool:
    """Whether ``block`` is the page's own headline: it holds most words of its URL's ``slug``.
    Other pages of the host list that headline among their related stories, so it repeats, but
    not on its own page as furniture.

    >>> from cleaner.text.blocks import segment
    >>> slug = slug_words("https://a.example/2012/11/davids-pizza-commercial-the-greatest-of-all-time/")
    >>> [names_page(b, slug) for b in segment("David’s Pizza Commercial: The Greatest of All Time\\n\\nMore pizza")]
    [True, False]
    """
    if not slug:
        return False
    return len(slug.intersection(_words(block.plain))) >= SLUG_SHARE * len(slug)


def mark_repeated(blocks: Sequence[Block], verdicts: Sequence[Verdict], counts: Mapping[int, int],
                  url: str | None = None, columns: bool = False) -> list[Verdict]:
    """The verdicts with each block that no rule decided and that ``counts`` finds on enough
    pages dropped (the verdicts given are left as they are), except the page's own headline as
    its ``url`` spells it (:func:`names_page`); with ``columns`` (a page of plain text), the
    cells of a line that other pages carry are cut from it (:func:`repeated_cells`)."""
    marked = list(verdicts)
    slug = slug_words(url)
    for index, (block, verdict) in enumerate(zip(blocks, verdicts)):
        if verdict.kept is not None or names_page(block, slug):
            continue
        key = block_key(block)
        pages = counts.get(key, 0) if key is not None else 0
        if pages >= MIN_PAGES:
            marked[index] = Verdict(False, Reason.of("repeated", f"{pages} pages"),
                                    f"the same block is on {pages} pages of this host")
        elif columns:
            spans = repeated_cells(block.text, counts)
            if spans is None:
                marked[index] = Verdict(False, COLUMN, "each of its cells is on other pages of this host")
            elif spans:
                marked[index] = replace(verdict, removed=verdict.removed + spans,
                                        edited_by=verdict.edited_by + (COLUMN,))
    return marked


def repeated_cells(text: str, counts: Mapping[int, int]) -> tuple[tuple[int, int], ...] | None:
    """The spans of the cells of a one-line block that ``counts`` finds on enough pages, when the
    cells left hold :data:`COLUMN_WORDS` words or more: the host's menu column beside a line of
    the story (a table's row, whose cells are short, is left whole); None when every cell is on
    enough pages (a line of menu cells that no other page has in this combination)."""
    spans = cell_spans(text)
    repeated = [span for span in spans if counts.get(cell_key(text[span[0]:span[1]]) or 0, 0) >= MIN_PAGES]
    if len(spans) > 1 and len(repeated) == len(spans):
        return None
    left = sum(len(_WORD.findall(text[a:b])) for a, b in spans if (a, b) not in repeated)
    return tuple(repeated) if repeated and left >= COLUMN_WORDS else ()
