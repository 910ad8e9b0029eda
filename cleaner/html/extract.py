"""The HTML front end: find the article in a page and hand it on as markdown.

One job: turn an HTML page into the markdown of its main content, saying how it was found.
Three paths, tried in order, and the one taken is named in :attr:`Extraction.path`:

``site-body``
    the site file's ``html.body`` CSS selector matched an element: that element is the article.
``trafilatura``
    trafilatura's main-content extraction of the parsed tree (handed over as it is: the page is
    parsed once), as a plain extraction whose links and emphasis come back as markdown through
    marks (:mod:`cleaner.html.inline`: asking trafilatura for markup changes what it keeps).
    Comments are left out (article bodies exclude reader comments; keeping them costs far more
    precision than it adds recall). It runs in its ``fast`` mode; the full run, with its
    readability and jusText fallbacks, follows only when :func:`full_run_reason` gives a reason
    (see the constants below), and its result then wins whenever it holds text. On the dev pages
    (trafilatura's output alone, before the rules) fast only gave F1 0.926, full always 0.935,
    this policy 0.938 with 62 full runs of 494 (52 since the paragraph share below fell from a
    quarter to 5 %, with the same output), the better of the two on every page 0.938.
    A list trafilatura left out between two paragraphs it kept is put back, and the earlier
    copies of a paragraph it gave twice go (:mod:`cleaner.html.mend`).
``whole-page``
    trafilatura found almost nothing of a page whose paragraphs hold more: the whole page, block
    by block, so that the text pipeline's heuristics pick the article instead (never nothing from
    a page that has text). A short post found whole (the page's paragraphs hold no more than it)
    keeps trafilatura's result, without the furniture around it.

The page is parsed once (:mod:`cleaner.html.parse`), and the tree handed to each path. Nothing
here catches a ``BaseException``: a per-record time limit raised as one passes through
trafilatura's ``except Exception`` fallbacks and this module alike.

Before any path, the site file's ``html.remove`` selectors delete their elements. Before
trafilatura, :func:`cleaner.html.prune.prune_furniture` removes what is furniture on any site (comment threads and
forms, headline lists under "Most popular"-style headings) and turns layout tables into plain
blocks; the extraction's detail names what went. Metadata comes
from the page's ``<meta>`` tags, ``<title>`` and ``<html lang>``: trafilatura's own metadata pass
(htmldate above all) costs more than the extraction itself, and the tags it reads are the same.
trafilatura (and cssselect, for selectors) is a default dependency, imported on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import regex

from cleaner.errors import Problem
from cleaner.html.inline import holds_marks, mark_inline, strip_marks, to_markdown
from cleaner.html.page import headline, page_metadata, page_text
from cleaner.html.parse import indent_with_spaces, parse_html
from cleaner.html.prune import drop_unread, prune_furniture
from cleaner.html.mend import drop_repeats, restore_lists
from cleaner.rules.ruleset import RuleFile
from cleaner.text.blocks import WORD, count_words
from cleaner.text.normalize import normalize

__all__ = ["Extraction", "extract", "page_text", "page_metadata", "prose_chars", "absolute_links",
           "select", "HtmlError", "check_html_examples"]

# trafilatura runs in its fast mode (without its readability and jusText fallbacks, which cost a
# third of its time and on most pages change nothing); it runs again with them (a second chance
# for pages whose layout it misreads) when the page's <p> elements hold more than this many times
# as many characters as it found ...
RECHECK_RATIO = 6
# ... or when less than this share of what it found is running prose (a list of dates, a menu) ...
MIN_PROSE_SHARE = 0.2
# ... or when the page's <p> elements hold less than this share of it (forums, Q&A and agenda
# pages, pages without <p>: the fast run's paragraph scores say little there). The second result
# wins whenever it holds any text (measured on the dev pages: letting "more running prose" pick
# kept menus, comments and tip lists over clean full results). A quarter gave the same output on
# every dev page and corpus page as this, with 11 more full runs (4 % of the time): on the dev
# pages a full run changed the result only where the <p> elements held next to nothing.
MIN_PARAGRAPH_SHARE = 0.05
# A line of running prose has at least this many words and ends like a sentence.
PROSE_LINE_WORDS = 10
_SENTENCE_END = regex.compile(r"[.!?…:;\"”’')\]]\s*$")
_ITEM_HEADING = regex.compile(r"(?m)^([ \t]*(?:[-*+]|\d+\.)[ \t]+)#{1,6}[ \t]+")
_TARGET = regex.compile(r"\]\(([^()\s]+)\)")
_SCHEME = regex.compile(r"(?i)^(?:[a-z][a-z0-9+.-]*:|//)")
# Neither part may hold its own opening bracket: a run of unclosed "[" or "](" (a page's own
# text, as hostile as it likes) then costs one scan, not one to the end of the text per bracket.
_LINK_TEXT = regex.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
# trafilatura's output is replaced by the whole page when it has fewer words than this ...
MIN_EXTRACTED_WORDS = 25
# ... and the whole page holds at least this many times as many words.
FALLBACK_RATIO = 4
# trafilatura kept the headline when its words come in its text's opening words or make a line there.
HEADLINE_OPENING_WORDS = 60

# A plain extraction: links and emphasis reach the markdown through marks (see cleaner.html.inline).
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "output_format": "txt",
    "include_links": False,
    "include_formatting": False,
    "include_tables": True,
    "include_comments": False,
    "include_images": False,
    "with_metadata": False,
    # Unused without metadata, but trafilatura works out today's date in the local time zone
    # for every page unless given (2 % of its time).
    "date_extraction_params": {"original_date": True, "extensive_search": False, "max_date": "9999-12-31"},
}

class HtmlError(Exception):
    """The HTML front end cannot run (trafilatura, or something it needs, fails to import)."""


@dataclass(frozen=True, slots=True)
class Extraction:
    """The article found in a page: its markdown, the path that found it and why, and metadata."""

    text: str
    path: str
    detail: str
    metadata: dict[str, str] = field(default_factory=dict)


def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError as error:
        # Name the import that failed: trafilatura may be installed with a dependency that is not
        # (lxml.html.clean once was), and "install trafilatura" would then send the user in circles.
        raise HtmlError(f"HTML input needs trafilatura, and importing it failed: {error}") from None
    return trafilatura


def select(tree: Any, selector: str) -> list[Any]:
    """The elements of ``tree`` that a CSS ``selector`` matches, in document order.

    >>> from lxml import html
    >>> [e.text for e in select(html.fromstring("<div><p class=a>x</p><p>y</p></div>"), "p.a")]
    ['x']
    """
    from lxml.cssselect import CSSSelector  # type: ignore[import-untyped]

    return list(CSSSelector(selector)(tree))



def prose_chars(markdown: str) -> int:
    """Characters of ``markdown`` in lines of running prose: lines (link targets left out) of at
    least ``PROSE_LINE_WORDS`` words that end like a sentence and are no heading or table row.

    >>> prose_chars("# A headline that is not prose at all, even though it is long.\\n\\nOctober 19: Washington DC\\n\\n"
    ...             "The council voted [seven to two](/v) on Tuesday night to build the wall.")
    66
    """
    count = 0
    for line in _LINK_TEXT.sub(r"\1", markdown).split("\n"):
        # The cheap tests first: a word is at least a character.
        if (len(line) >= PROSE_LINE_WORDS and _SENTENCE_END.search(line)
                and not line.lstrip().startswith(("#", "|")) and count_words(line) >= PROSE_LINE_WORDS):
            count += len(line)
    return count


def absolute_links(markdown: str, url: str) -> str:
    """``markdown`` with its relative link targets resolved against the page's ``url``.

    >>> absolute_links("[a](/x) [b](y.html) [c](https://o.org/) [d](#top)", "https://n.example/news/1")
    '[a](https://n.example/x) [b](https://n.example/news/y.html) [c](https://o.org/) [d](#top)'
    """
    def resolve(match: regex.Match[str]) -> str:
        target = match.group(1)
        if target.startswith("#") or _SCHEME.match(target):
            return match.group(0)
        return f"]({urljoin(url, target)})"

    return _TARGET.sub(resolve, markdown)


def run_trafilatura(tree: Any, targets: list[str] | None, *, fast: bool) -> tuple[str, list[str]]:
    """trafilatura's plain extraction of the marked ``tree``, as markdown with its links and
    emphasis (``targets`` None: the tree is not marked), mended (:mod:`cleaner.html.mend`): the
    lists it left out between two paragraphs it kept put back, the earlier copies of a paragraph
    it gave twice dropped; and what was mended."""
    from trafilatura.xml import xmltotxt

    document = _trafilatura().bare_extraction(tree, fast=fast, **TRAFILATURA_OPTIONS)
    if document is None or document.body is None:
        return "", []
    # A heading inside a list item ("- ### Budget passes"): its marks would outlive the text output.
    text, restored = restore_lists(tree, _ITEM_HEADING.sub(r"\1", xmltotxt(document.body, True)))
    text, repeats = drop_repeats(text)
    mended = [f"{restored} list(s) it left out between its paragraphs put back"] if restored else []
    mended += [f"{repeats} repeated paragraph(s) dropped"] if repeats else []
    return (text if targets is None else to_markdown(text, targets)), mended


def extract(html: str, *, url: str | None = None, remove: Sequence[str] = (),
            body: str | None = None) -> Extraction:
    """Find the article in ``html``; ``remove`` and ``body`` are a site's CSS selectors.

    >>> page = ("<html><body><nav><a href='/'>Home</a></nav><article><h1>Vote</h1>"
    ...         "<p>The council voted seven to two on Tuesday night.</p><aside>Share this</aside>"
    ...         "</article></body></html>")
    >>> found = extract(page, remove=["aside"], body="article")
    >>> found.path, found.text
    ('site-body', '# Vote\\n\\nThe council voted seven to two on Tuesday night.')
    """
    _trafilatura()
    tree = parse_html(html)
    indent_with_spaces(tree)
    metadata = page_metadata(tree)
    for selector in remove:
        for element in select(tree, selector):
            element.drop_tree()
    if body:
        matches = [e for e in select(tree, body) if page_text(e)]
        if matches:
            text = "\n\n".join(page_text(e) for e in matches)
            return Extraction(text, "site-body", f"html.body {body!r} matched {len(matches)} element(s)", metadata)
    # After the site's selectors, which were written against the page as it is (layout tables too).
    pruned = prune_furniture(tree)
    pruned += drop_unread(tree)
    before = f"; removed first: {', '.join(pruned)}" if pruned else ""
    title = headline(tree, metadata.get("title"), tree.findtext(".//title"), site=metadata.get("site"))
    # None: the page holds the marks' characters itself and goes unmarked.
    targets = None if holds_marks(html) else mark_inline(tree)
    # Without the url trafilatura leaves link targets as they are instead of resolving every link
    # of the page (a tenth of its time); the few links in its result are resolved afterwards.
    extracted, mended = run_trafilatura(tree, targets, fast=True)
    paragraphs = sum(map(len, tree.xpath("//p//text()")))
    why = full_run_reason(extracted, paragraphs)
    if why:
        second, mended_second = run_trafilatura(tree, targets, fast=False)
        if second.strip():
            extracted, mended = second, mended_second
            before = f"; with its fallback extractors ({why}){before}"
    before = "".join(f"; {repair}" for repair in mended) + before
    # trafilatura often leaves out a headline that sits above the article's container.
    if title and extracted.strip() and not _holds_words(extracted, title):
        extracted = f"# {title}\n\n{extracted}"
        before = f"; the page's headline put first{before}"
    if url:
        extracted = absolute_links(extracted, url)
    words = count_words(extracted)
    if words >= MIN_EXTRACTED_WORDS:
        return Extraction(extracted, "trafilatura", f"trafilatura found {words} words{before}", metadata)
    whole = page_text(tree.find("body") if tree.find("body") is not None else tree)
    if targets is not None:
        whole = strip_marks(whole)
    if not whole.strip():  # all the page's text was in what went before trafilatura (a menu)
        whole = page_text(parse_html(html))
    page_words = count_words(whole)
    paragraph_words = sum(count_words(p.text_content()) for p in tree.iter("p"))
    # A short post found whole: the page's paragraphs hold no more than what trafilatura found.
    if page_words >= max(FALLBACK_RATIO * words, 1) and (not words or paragraph_words > FALLBACK_RATIO * words):
        detail = (f"trafilatura found {words} words of the page's {page_words} "
                  f"(< {MIN_EXTRACTED_WORDS}): whole page{before}")
        return Extraction(whole, "whole-page", detail, metadata)
    return Extraction(extracted, "trafilatura", f"trafilatura found {words} words{before}", metadata)


def _holds_words(markdown: str, text: str) -> bool:
    """Whether the words of ``text`` appear, in order and together, among those of ``markdown``'s
    text (its link targets left out: a share link's URL often spells the headline).

    >>> _holds_words("[Share](https://n.example/harbour-wall-approved) The vote.", "Harbour wall approved")
    False
    """
    prose = _LINK_TEXT.sub(r"\1", markdown)
    words = " ".join(WORD.findall(text)).lower()
    opening = " ".join(WORD.findall(prose)[:HEADLINE_OPENING_WORDS]).lower()
    # Further down only a line of its own: a trackback list or a related link names the post too.
    return words in opening or any(" ".join(WORD.findall(line)).lower() == words for line in prose.splitlines())


def full_run_reason(fast: str, paragraph_chars: int) -> str:
    """Why trafilatura should run again with its fallback extractors, given what its fast run
    found (``fast``) and the characters in the page's ``<p>`` elements; empty: no need.

    >>> full_run_reason("Home\\n\\nNews\\n\\nSport", 0)
    'the fast result is 0% running prose'
    >>> full_run_reason("The council voted seven to two on Tuesday night to build the new wall.", 1000)
    "the page's paragraphs hold 14 times as much"
    >>> full_run_reason("The council voted seven to two on Tuesday night to build the new wall.", 71)
    ''
    """
    length = len(fast)
    if paragraph_chars > RECHECK_RATIO * length:
        return f"the page's paragraphs hold {paragraph_chars // max(length, 1)} times as much"
    prose = prose_chars(fast)
    if prose < MIN_PROSE_SHARE * length:
        return f"the fast result is {100 * prose // max(length, 1)}% running prose"
    if paragraph_chars < MIN_PARAGRAPH_SHARE * length:
        return f"the page's paragraphs hold {100 * paragraph_chars // max(length, 1)}% of the fast result"
    return ""


def check_html_examples(rule_file: RuleFile) -> list[Problem]:
    """Run the examples of a site file's ``html`` rules: each snippet, extracted with the file's
    ``remove`` and ``body`` selectors, must give exactly the example's markdown.

    >>> from cleaner.rules.ruleset import load_rule_file
    >>> site = load_rule_file("x.yaml", '''
    ... site: example.com
    ... html:
    ...   remove: [".share"]
    ...   body: "div.story"
    ...   examples:
    ...     - in: "<div class=story><p>The vote was close.</p><p class=share>Share</p></div>"
    ...       out: "The vote was close."
    ... ''')
    >>> check_html_examples(site)
    []
    """
    html = rule_file.html
    problems = []
    for example in html.get("examples", ()):
        found = extract(example.text, remove=html.get("remove", ()), body=html.get("body"))
        output, expected = normalize(found.text).strip(), normalize(example.expected)
        if output != expected:
            problems.append(Problem(rule_file.path, example.line, "html",
                                    f"example gives {output!r} ({found.path}), expected {expected!r}"))
    return problems
