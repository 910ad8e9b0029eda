"""Read a page's own text and metadata straight from its tree, without an extractor's choices.

One job: :func:`page_text` gives the text of an element and all it holds as markdown blocks
(the site-body path and the whole-page fallback of :mod:`cleaner.html.extract`);
:func:`page_metadata` reads title, author, date, site, url and language from the page's head.
"""

from __future__ import annotations

from html import unescape
from typing import Any

import regex

from cleaner.text.blocks import WORD
from cleaner.text.dates import to_iso
from cleaner.text.markup import escape_markup

__all__ = ["page_text", "page_metadata", "headline", "HEADLINE_MIN_WORDS"]

# A page's headline: its first <h1>, <h2> or <h3> of at least this many words whose words all
# appear, in order, in the page's title (og:title or <title>, which often add the site's name).
# Blog templates put a post's title in an <h3> (dev pages: the <h3>s added 10 headlines, F1 +0.0005).
HEADLINE_MIN_WORDS = 3
# Titles often lose a headline's apostrophes ("Chads Choice" for "Chad’s Choice"): words are
# compared without them.
_APOSTROPHES = regex.compile(r"['\u2018\u2019\u02bc`]")


def _words(text: str) -> str:
    """``text``'s words, lower case, one space apart, without apostrophes."""
    return " ".join(WORD.findall(_APOSTROPHES.sub("", text))).lower()

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object",
                   "select", "option", "button", "textarea", "canvas", "math"})
_BLOCK = frozenset({"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
                    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
                    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol",
                    "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul"})
_PREFIX = {"h1": "# ", "h2": "## ", "h3": "### ", "h4": "#### ", "h5": "##### ", "h6": "###### ",
           "li": "- ", "blockquote": "> "}
_SPACE = regex.compile(r"\s+")

_META = {
    "title": ("og:title", "twitter:title", "dc.title"),
    "author": ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author"),
    "date": ("article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date",
             "dc.date.issued", "sailthru.date", "parsely-pub-date", "og:published_time"),
    "site": ("og:site_name", "application-name"),
    "url": ("og:url",),
}


def page_text(tree: Any) -> str:
    """The text of an element and all it holds, one block per paragraph-like element: headings
    as ``#``, list items as ``-``, quotes as ``>``, links as ``[text](href)``; scripts, styles and
    forms' widgets left out.

    >>> from lxml import html
    >>> print(page_text(html.fromstring("<div><h2>Title</h2><p>One <a href='/x'>link</a>.<br>Two</p>"
    ...                                 "<ul><li>item</li></ul><script>x()</script></div>")))
    ## Title
    <BLANKLINE>
    One [link](/x).
    <BLANKLINE>
    Two
    <BLANKLINE>
    - item
    """
    from lxml import etree  # type: ignore[import-untyped]

    blocks: list[str] = []
    current: list[str] = []
    prefixes: list[str] = []
    links: list[tuple[int, int]] = []

    def flush() -> None:
        text = _SPACE.sub(" ", "".join(current)).strip()
        current.clear()
        if text:
            blocks.append((prefixes[-1] if prefixes else "") + text)

    def add(text: str | None) -> None:
        if text:
            current.append(escape_markup(text))

    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIP or not tag:
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                flush()
                if tag in _PREFIX:
                    prefixes.append(_PREFIX[tag])
            if tag == "a":
                links.append((len(blocks), len(current)))
            add(element.text)
            continue
        if tag in _BLOCK:
            flush()
            if tag in _PREFIX and prefixes:
                prefixes.pop()
        elif tag == "a" and links:
            block_count, start = links.pop()
            href = element.get("href", "").strip()
            if block_count == len(blocks) and href and "".join(current[start:]).strip():
                current.insert(start, "[")
                current.append(f"]({href.replace(')', '%29').replace(' ', '%20')})")
        add(element.tail)
    flush()
    return "\n\n".join(blocks)


def page_metadata(tree: Any) -> dict[str, str]:
    """Title, author, date (ISO 8601), site, url and language from the page's head.

    >>> from lxml import html
    >>> page_metadata(html.fromstring('<html lang="fr-FR"><head><title>Le titre</title>'
    ...     '<meta name="author" content="Ana Diaz"><meta property="article:published_time"'
    ...     ' content="2021-07-05T10:00:00Z"></head><body><p>x</p></body></html>'))
    {'author': 'Ana Diaz', 'date': '2021-07-05', 'title': 'Le titre', 'language': 'fr'}
    """
    found: dict[str, str] = {}
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = _SPACE.sub(" ", meta.get("content") or "").strip()
        if key and content and key not in metas:
            metas[key] = content
    for name, keys in _META.items():
        value = next((metas[k] for k in keys if k in metas), None)
        if name == "date" and value:
            value = to_iso(value[:10]) or to_iso(value)
        if value and not (name == "author" and value.startswith("http")):
            found[name] = value
    if "title" not in found:
        title = tree.find(".//title")
        if title is not None and title.text and title.text.strip():
            found["title"] = _SPACE.sub(" ", title.text).strip()
    if "url" not in found:
        for link in tree.iter("link"):
            if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
                found["url"] = link.get("href").strip()
                break
    language = tree.get("lang") or tree.get("xml:lang") or ""
    if regex.match(r"^[A-Za-z]{2,3}\b", language):
        found["language"] = language[:3].split("-")[0].split("_")[0].lower()
    return found


def headline(tree: Any, *titles: str | None, site: str | None = None) -> str | None:
    """The page's headline as one markdown-safe line, or None: of the ``<h1>``, ``<h2>`` and
    ``<h3>`` elements of at least ``HEADLINE_MIN_WORDS`` words that one of the page's ``titles``
    (``og:title``, ``<title>``) holds, the one with the most words (the first of those); without
    one, the first element whose text is a whole title or one of its parts between separators
    (``Site | Section | Headline``), set in a ``<div>`` or ``<span>`` styled as a headline; a
    part needs a word more than a whole title, and the ``site``'s name is none.

    >>> from lxml import html
    >>> page = html.fromstring("<div><h2>Menu</h2><h1>Harbour  wall *approved*</h1><p>x</p></div>")
    >>> headline(page, "Harbour wall approved | The Dover Gazette")
    'Harbour wall \\\\*approved\\\\*'
    >>> headline(page, "Something else") is None
    True
    >>> headline(html.fromstring("<div><h3 class='post-title'>Ferry back in service</h3></div>"), "Harbour: Ferry back in service")
    'Ferry back in service'
    >>> headline(html.fromstring("<div><h1>The Harbour Blog</h1><h3>Ferry back in service</h3></div>"),
    ...          "The Harbour Blog: Ferry back in service")
    'Ferry back in service'
    >>> headline(html.fromstring("<div><a href='/'>Ferry back in service</a><div class='hl'>Ferry back in service</div></div>"),
    ...          "The Gazette | Harbour | Ferry back in service")
    'Ferry back in service'
    >>> blog = html.fromstring("<div><span class='fn'>A Thrifty Mrs</span><span>The Dover Gazette Online</span></div>")
    >>> headline(blog, "A Thrifty Mrs: Look!") is None, headline(blog, "Look! | The Dover Gazette Online", site="The Dover Gazette Online")
    (True, None)
    """
    wanted = [_words(unescape(title)) for title in titles if title]
    wanted = [words for words in wanted if words]
    if not wanted:
        return None
    best, most = None, 0
    for element in tree.iter("h1", "h2", "h3"):
        text = _SPACE.sub(" ", element.text_content()).strip()
        words = _words(text)
        count = len(words.split())
        if count >= HEADLINE_MIN_WORDS and count > most and any(words in title for title in wanted):
            best, most = text, count
    if best is None:
        best = _styled_headline(tree, [unescape(title) for title in titles if title], site)
    return None if best is None else escape_markup(best)


# What separates a page's title from the site's name and section: "Site | Section | Headline",
# "Site: Headline", "Headline - Site".
# A separator's spaces are matched from where they start: tried from each space of a long run,
# they made a title of 300,000 spaces take minutes.
_TITLE_PARTS = regex.compile(r"(?<!\s)\s+[|\-\u2013\u2014:\u00b7\u00bb/]+\s+|:\s+")
# Where a title's words are no headline: link texts (the same story listed again), form options.
_NOT_HEADLINE = frozenset({"a", "option", "select", "button", "label", "title", "head", "script", "style"})


def _styled_headline(tree: Any, titles: list[str], site: str | None = None) -> str | None:
    """The text of the first ``<div>``, ``<span>``, ``<td>``, ``<p>``, ``<b>``, ``<strong>`` or
    ``<font>`` whose own text (before any child: one pass over the page, whatever its depth) is,
    word for word, a whole title or one of its parts of ``HEADLINE_MIN_WORDS`` words or more."""
    parts = set()
    name = _words(site or "")
    for title in titles:
        whole = _words(title)
        if len(whole.split()) >= HEADLINE_MIN_WORDS:
            parts.add(whole)
        # A part of three words is as often the site's or the author's name ("A Thrifty Mrs: Look!").
        for part in _TITLE_PARTS.split(title):
            words = _words(part)
            if len(words.split()) > HEADLINE_MIN_WORDS and words != name:
                parts.add(words)
    if not parts:
        return None
    longest = max(map(len, parts))
    for element in tree.iter("div", "span", "td", "p", "b", "strong", "font"):
        text = element.text
        # A cheap length test first: most elements hold no text of their own, or far more.
        if not text or len(text) < HEADLINE_MIN_WORDS or len(text.strip()) > 2 * longest:
            continue
        if (_words(text) in parts
                and not any(ancestor.tag in _NOT_HEADLINE for ancestor in element.iterancestors())):
            return _SPACE.sub(" ", text).strip()
    return None
