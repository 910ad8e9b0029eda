"""Read a page's own text and metadata straight from its tree, without an extractor's choices.

One job: :func:`page_text` gives the text of an element and all it holds as markdown blocks
(the site-body path and the whole-page fallback of :mod:`cleaner.html.extract`);
:func:`page_metadata` reads title, author, date, site, url and language from the page's head.
"""

from __future__ import annotations

from typing import Any

import regex

from cleaner.text.dates import to_iso

__all__ = ["page_text", "page_metadata", "headline", "HEADLINE_MIN_WORDS"]

# A page's headline: its first <h1>, <h2> or <h3> of at least this many words whose words all
# appear, in order, in the page's title (og:title or <title>, which often add the site's name).
# Blog templates put a post's title in an <h3> (dev pages: the <h3>s added 10 headlines, F1 +0.0005).
HEADLINE_MIN_WORDS = 3
_WORDS = regex.compile(r"\w+")

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object",
                   "select", "option", "button", "textarea", "canvas", "math"})
_BLOCK = frozenset({"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
                    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
                    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol",
                    "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul"})
_PREFIX = {"h1": "# ", "h2": "## ", "h3": "### ", "h4": "#### ", "h5": "##### ", "h6": "###### ",
           "li": "- ", "blockquote": "> "}
_SPACE = regex.compile(r"\s+")
# Characters that would turn plain page text into markdown links or emphasis.
_MARKUP = regex.compile(r"([\\\[\]*_`])")

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
            current.append(_MARKUP.sub(r"\\\1", text))

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


def headline(tree: Any, title: str | None) -> str | None:
    """The page's headline as one markdown-safe line, or None: the first ``<h1>``, ``<h2>`` or
    ``<h3>`` of at least ``HEADLINE_MIN_WORDS`` words that the page's ``title`` holds.

    >>> from lxml import html
    >>> page = html.fromstring("<div><h2>Menu</h2><h1>Harbour  wall *approved*</h1><p>x</p></div>")
    >>> headline(page, "Harbour wall approved | The Dover Gazette")
    'Harbour wall \\\\*approved\\\\*'
    >>> headline(page, "Something else") is None
    True
    >>> headline(html.fromstring("<div><h3 class='post-title'>Ferry back in service</h3></div>"), "Harbour: Ferry back in service")
    'Ferry back in service'
    """
    wanted = " ".join(_WORDS.findall(title or "")).lower()
    if not wanted:
        return None
    for element in tree.iter("h1", "h2", "h3"):
        text = _SPACE.sub(" ", element.text_content()).strip()
        words = " ".join(_WORDS.findall(text))
        if len(words.split()) >= HEADLINE_MIN_WORDS and words.lower() in wanted:
            return _MARKUP.sub(r"\\\1", text)
    return None
