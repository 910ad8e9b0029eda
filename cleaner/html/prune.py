"""Prune an HTML page of what is furniture on any site, before the extractor reads it.

One job: general, site-independent edits of the parsed page (an lxml tree), each measured on the
dev pages: reader-comment threads and comment forms go, lists of other pages' headlines under a
"Most popular"-style heading go, and layout tables are turned into plain blocks so that the
extractor weighs their cells one by one (the loose text of a cell that holds paragraphs becomes a
paragraph of its own). :mod:`cleaner.html.extract` calls :func:`prune_furniture`; :func:`drop_unread`
then removes what no reader sees.
"""

from __future__ import annotations

from typing import Any

import regex

from cleaner.rules.vocabulary import shipped_vocabulary
from cleaner.text.blocks import count_words

__all__ = ["prune_furniture", "drop_unread", "link_share", "INLINE", "MIN_LINK_SHARE", "MIN_TEASER_ITEMS",
           "MAX_TEASER_WORDS", "PROMO_MIN_WORDS", "LAYOUT_CELL_WORDS", "MAX_FORM_WORDS", "MAX_BIO_WORDS"]


# The shipped phrase lists (rules/vocabulary/): the same words as the rules' and the first pass's.
_VOCABULARY = shipped_vocabulary()
# A heading that opens a reader-comment thread: it and everything after it in its container go.
# (Headings are read with their spaces collapsed, so a space in a phrase matches.)
_COMMENTS_HEADING = regex.compile(_VOCABULARY.expand(
    r"(?i)^\W*(?:(?:reader\s+|user\s+)?\L<comment-labels>|(?:\d+|no|one)\s+\L<comment-count-nouns>"
    r"|\L<comment-thread-prompts>|(?:\d+|one)\s+\L<comment-count-nouns>\s+(?:on|to)\s+.{1,150})\s*(?:\(\d+\))?\W*$"))
# Not "Discussion", "Responses" or "Reactions" alone: papers and reports have sections so named.
_ARTICLE_MARK = "boolean(descendant-or-self::*[self::article or self::main or self::h1])"
# A heading that opens a list of other pages' headlines: its links go while they last.
_LINKS_HEADING = regex.compile(_VOCABULARY.expand(
    r"(?i)^\W*(?:\L<related-headings>|most\s+(?:popular|read|viewed|shared|emailed|commented)|(?:popular|recent|latest|related|top|trending|featured)"
    r"(?:\s+(?:posts?|articles?|stories|news|entries|content|links|videos|galleries|photos|pictures|headlines))?|recently\s+\w+|trending\s+now"
    r"|more\s+(?:from|in|on|stories|news|articles|posts|galleries|videos|photos|pictures|like\s+this|to\s+(?:read|explore))\b.{0,60}|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy)"
    r"|recommended(?:\s+for\s+you)?|read\s+next|around\s+the\s+web|from\s+(?:the\s+web|our\s+partners)|elsewhere\b.{0,40}"
    r"|(?:related|similar)\s+(?:posts?|articles?|stories|entries|content|reading))\W*$"))
# A block whose link text is at least this share of its words is a link list, not prose.
MIN_LINK_SHARE = 0.5
# ... or a list of at least this many items that each open with a link (headlines with teasers).
MIN_TEASER_ITEMS = 2
# A paragraph that is one link in capitals, of at least this many words, is another story's
# headline (news sites drop them between an article's paragraphs).
PROMO_MIN_WORDS = 4
# ... and in a list of linked headlines, no more than this many words under each headline (a time,
# a teaser line); a roundup article's items (a product and why to buy it) say more.
MAX_TEASER_WORDS = 20
# A table cell holding another table, or at least this many words, makes its table a layout table
# (a data table's cells hold short values); its rows and cells are then read as blocks.
LAYOUT_CELL_WORDS = 60
_TABLE_PARTS = ("thead", "tbody", "tfoot", "tr", "td", "th", "caption")
# Elements that a browser lays out inside a line of text: a run of them (and of loose text) between
# a layout cell's paragraphs is shown as a paragraph of its own.
INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "dfn", "em", "font", "i",
                     "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub",
                     "sup", "time", "tt", "u", "var", "wbr"})
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# A class or id token that names an author's box ("bio", "author-bio", "full-bio", "biography"):
# on the dev pages 13 pages' boxes, none of their words in a gold body. Found in C, then read here.
_BIO_TOKEN = regex.compile(r"(?:^|[-_])(?:bio|bios|biography)(?:$|[-_])")
# An author's box holds a few lines; a longer element so named is a person's page, left alone.
MAX_BIO_WORDS = 150
# A form that holds a text area and fewer words than this is a comment or contact form.
MAX_FORM_WORDS = 120


def _text_of(element: Any) -> str:
    # str.split: several times faster than a regex substitution, and the same spaces save the
    # information separators (U+001C to U+001F) that no heading holds.
    return " ".join(element.text_content().split())


def link_share(element: Any) -> float:
    """The share of an element's words that sit in its links (1.0 for an element without words)."""
    words = count_words(element.text_content())
    linked = sum(count_words(a.text_content()) for a in element.iter("a"))
    return linked / words if words else 1.0


def _is_teaser_list(element: Any) -> bool:
    """A list (or a wrapper of one) whose every item opens with a link: headlines with teasers."""
    lists = [element] if element.tag in ("ul", "ol") else list(element.iter("ul", "ol"))
    items = [item for found in lists for item in found.iterchildren("li")]
    if len(items) < MIN_TEASER_ITEMS:
        return False
    for item in items:
        opening = next((a for a in item.iter("a") if _text_of(a)), None)
        if opening is None or not _text_of(item).startswith(_text_of(opening)):
            return False
    return True


def _is_named_furniture(element: Any) -> bool:
    """An element that its class or id names an author's box (``bio``, ``author-bio``,
    ``biography``) or the page's foot (``foot``), holding no article mark (``<article>``,
    ``<main>``, an ``<h1>``); an author's box of ``MAX_BIO_WORDS`` words or fewer.

    >>> from lxml import html
    >>> [_is_named_furniture(html.fromstring(snippet)) for snippet in (
    ...     "<div class='author-bio'><p>Ann Hale writes about the coast.</p></div>",
    ...     "<div id='foot'><a href='/'>Home</a></div>",
    ...     "<div class='biography'><h1>Ann Hale</h1><p>Born in Dover.</p></div>",
    ...     "<div class='footnote'><p>1. A source.</p></div>", "<body class='page-bio'><p>Ann writes.</p></body>")]
    [True, True, False, False, False]
    """
    if element.tag in ("html", "body"):  # a page's own class ("page-bio") names no box in it
        return False
    tokens = f"{element.get('class') or ''} {element.get('id') or ''}".lower().split()
    bio = any(_BIO_TOKEN.search(token) for token in tokens)
    if not bio and "foot" not in tokens:
        return False
    if element.xpath(_ARTICLE_MARK):
        return False
    return not bio or count_words(element.text_content()) <= MAX_BIO_WORDS


def _is_promo(paragraph: Any) -> bool:
    """A paragraph that is one link and nothing else, set in capitals, of ``PROMO_MIN_WORDS`` words
    or more: another story's headline dropped between an article's paragraphs.

    >>> from lxml import html
    >>> [_is_promo(html.fromstring(snippet)) for snippet in (
    ...     "<p><strong><a href='/x'>MAYOR RESIGNS OVER FERRY CONTRACT</a></strong></p>",
    ...     "<p><a href='/x'>Mayor resigns over ferry contract</a></p>",
    ...     "<p>The <a href='/x'>MAYOR RESIGNS OVER FERRY CONTRACT</a></p>",
    ...     "<p><a href='/x'>READ MORE</a></p>", "<p><a href='/x'>市议会 批准 新的 海堤</a></p>")]
    [True, False, False, False, False]
    """
    link = paragraph.find(".//a")
    if link is None:  # the cheap test first: most paragraphs hold no link
        return False
    text = _text_of(paragraph)
    # Capitals, not a script without them (a Chinese line reads the same in upper case).
    if text != text.upper() or count_words(text) < PROMO_MIN_WORDS or not any(c.isupper() for c in text):
        return False
    links = [a for a in paragraph.iter("a") if _text_of(a)]
    return len(links) == 1 and _text_of(links[0]) == text


def _is_headline_list(element: Any) -> bool:
    """A list whose every item holds a heading that is all link: other pages' headlines, whatever
    heading (or none) is above it.

    >>> from lxml import html
    >>> _is_headline_list(html.fromstring("<ul><li><h2><a href='/1'>Budget passes</a></h2><p>2 hours ago</p></li>"
    ...                                   "<li><h2><a href='/2'>Mayor resigns</a></h2></li></ul>"))
    True
    >>> _is_headline_list(html.fromstring("<ul><li><h3>Step one</h3><p>Dig the bed.</p></li>"
    ...                                   "<li><h3><a href='/2'>Step two</a></h3></li></ul>"))
    False
    >>> why = "<p>" + "A sturdy spade with an ash handle that will outlast its owner, and a blade that stays sharp. " * 2 + "</p>"
    >>> _is_headline_list(html.fromstring(f"<ol><li><h3><a href='/s'>The Harbour spade</a></h3>{why}</li>"
    ...                                   f"<li><h3><a href='/f'>The Quay fork</a></h3>{why}</li></ol>"))
    False
    """
    items = list(element.iterchildren("li"))
    if len(items) < MIN_TEASER_ITEMS:
        return False
    for item in items:
        heading = next(item.iter(*_HEADINGS), None)
        if heading is None:
            return False
        title = _text_of(heading)
        if not title or " ".join(_text_of(a) for a in heading.iter("a")).strip() != title:
            return False
        # A time or a teaser line under each: a roundup's items (a product, why to buy it) say more.
        if count_words(" ".join(item.itertext())) - count_words(title) > MAX_TEASER_WORDS:
            return False
    return True


def _is_layout_table(table: Any) -> bool:
    """A table used for page layout: one of its own cells holds another table or a long run of text.

    >>> from lxml import html
    >>> _is_layout_table(html.fromstring("<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>"))
    True
    >>> _is_layout_table(html.fromstring("<table><tr><th>Year</th><td>2012</td></tr></table>"))
    False
    """
    if table.find(".//table") is not None:  # it sits in one of this table's cells
        return True
    for cell in table.iter("td", "th"):
        text = cell.text_content()
        # Fewer characters than words wanted cannot hold them: skip counting words in short cells.
        if len(text) >= 2 * LAYOUT_CELL_WORDS and count_words(text) >= LAYOUT_CELL_WORDS:
            return True
    return False


def _wrap_loose_text(container: Any) -> int:
    """Wrap, in place, each run of loose text and inline elements between the block children of
    ``container`` in a ``<p>`` of its own (the box a browser gives it); returns how many.

    >>> from lxml import html
    >>> cell = html.fromstring("<div><b>The lead.</b><p>One.</p>Two <i>more</i>.<ul><li>x</li></ul> </div>")
    >>> _wrap_loose_text(cell), html.tostring(cell)
    (2, b'<div><p><b>The lead.</b></p><p>One.</p><p>Two <i>more</i>.</p><ul><li>x</li></ul> </div>')
    """
    # (the block child the run follows or None, the text that opens it, its inline elements)
    runs: list[tuple[Any, str | None, list[Any]]] = []
    before, text, inline = None, container.text, []
    for child in container:
        # An inline element that holds paragraphs itself (a <font> around the story) is a block.
        if not isinstance(child.tag, str) or (child.tag in INLINE and child.find(".//p") is None):
            inline.append(child)
            continue
        runs.append((before, text, inline))
        before, text, inline = child, child.tail, []
    runs.append((before, text, inline))
    made = 0
    for before, text, inline in runs:
        if not (text or "").strip() and not any((e.text_content() + (e.tail or "")).strip() for e in inline):
            continue  # only white space (and a <br> or two): left as it is
        paragraph = container.makeelement("p", {})
        paragraph.text = text
        if before is None:
            container.text = None
            container.insert(0, paragraph)
        else:
            before.tail = None
            before.addnext(paragraph)
        paragraph.extend(inline)  # each with its tail
        made += 1
    return made


def _attached(element: Any, tree: Any) -> bool:
    """Whether ``element`` is still in ``tree`` (not in a part removed earlier)."""
    # Walked up in C: an element cut out earlier is the root of a tree of its own.
    return element is tree or element.getroottree().getroot() is tree.getroottree().getroot()


def _outer(heading: Any, title: str) -> Any:
    """The heading, or the outermost wrapper below the body that holds nothing but it."""
    start = heading
    while (start.getparent() is not None and start.getparent().tag not in ("body", "html")
           and _text_of(start.getparent()) == title):
        start = start.getparent()
    return start


def prune_furniture(tree: Any) -> list[str]:
    """Remove, in place, the parts of a page that are never the article whatever the site: a
    reader-comment thread (from a heading such as "Comments" or "12 responses to ..." to the end of
    its container), a list of other pages' headlines under a heading such as "Most popular", and
    comment forms (a form with a text area and few words) and lists of linked headlines; layout
    tables become plain blocks, so that the extractor weighs their cells one by one instead of as
    one row. Returns what it did.

    >>> from lxml import html
    >>> page = html.fromstring("<div><div><p>The vote was close.</p><h2>3 Comments</h2><p>Nice!</p></div>"
    ...                        "<form><label>Name</label><textarea></textarea></form></div>")
    >>> from cleaner.html.extract import page_text
    >>> prune_furniture(page), page_text(page)
    (["comment thread from heading '3 Comments'", 'comment form'], 'The vote was close.')
    """
    removed: list[str] = []
    headings = [(heading, _text_of(heading)) for heading in tree.iter(*_HEADINGS)]
    for heading, title in headings:
        if not _attached(heading, tree) or not _COMMENTS_HEADING.match(title):
            continue
        # Out of wrappers that hold only the heading, so that the thread beside them goes too.
        start = _outer(heading, title)
        parent = start.getparent()
        thread = [start, *start.itersiblings()]
        # A heading above the article (a sidebar's "Comments" box) must not take the article along.
        if parent is None or any(element.xpath(_ARTICLE_MARK) for element in thread):
            continue
        for element in thread:
            parent.remove(element)
        removed.append(f"comment thread from heading {title!r}")
    for heading, title in headings:
        if not _attached(heading, tree) or not _LINKS_HEADING.match(title):
            continue
        start = _outer(heading, title)
        parent = start.getparent()
        if parent is None:
            continue
        gone = [start]
        for sibling in start.itersiblings():
            if not isinstance(sibling.tag, str) or not _text_of(sibling):
                continue
            if link_share(sibling) < MIN_LINK_SHARE and not _is_teaser_list(sibling):
                break
            gone.append(sibling)
        if len(gone) > 1:
            for element in gone:
                parent.remove(element)
            removed.append(f"headline list under {title!r}")
    # Only the lists that hold a heading in an item can be one (found from the page's headings).
    holders = dict.fromkeys(item.getparent() for heading, _ in headings for item in heading.iterancestors("li"))
    for found in [element for element in holders if element is not None and element.tag in ("ul", "ol")
                  and _is_headline_list(element)]:
        if _attached(found, tree) and found.getparent() is not None:
            found.drop_tree()
            removed.append("list of linked headlines")
    promos = [paragraph for paragraph in tree.iter("p") if _is_promo(paragraph)]
    for paragraph in promos:
        paragraph.drop_tree()
    if promos:
        removed.append(f"{len(promos)} link(s) to other stories in capitals")
    layout = [table for table in tree.iter("table") if _is_layout_table(table)]
    # Tables inside a layout table go with it (navigation bars, boxes), save data tables: those
    # with header cells, a head or a caption.
    inner = {table for outer in layout for table in outer.iter("table")
             if table.find(".//th") is None and table.find(".//thead") is None and table.find(".//caption") is None}
    tables = [table for table in tree.iter("table") if table in inner or table in layout]
    parts = [element for table in tables for element in table.iter(*_TABLE_PARTS)
             if next(element.iterancestors("table")) is table]
    for element in [*tables, *parts]:
        element.tag = "div"
        element.attrib.pop("colspan", None)
        element.attrib.pop("rowspan", None)
    # A layout cell's lead in bold or its text between paragraphs would otherwise be read as no
    # paragraph at all (trafilatura's fallback takes only <p> and the like): dev F1 +0.001, recall
    # +0.002 (10 BBC pages got their standfirst back), no page lost a word.
    containers = dict.fromkeys(paragraph.getparent() for table in layout for paragraph in table.iter("p"))
    for container in containers:
        if container is not None and container.tag != "p":
            _wrap_loose_text(container)
    if layout:
        removed.append(f"{len(layout)} layout table(s) read as blocks")
    for form in list(tree.iter("form")):
        if form.getparent() is not None and form.find(".//textarea") is not None and count_words(_text_of(form)) < MAX_FORM_WORDS:
            form.drop_tree()
            removed.append("comment form")
    return removed


# Elements that no extractor reads as text: dropped before trafilatura copies and searches the
# tree several times over (an eighth of its time on the dev pages). JSON-LD stays: trafilatura
# reads an article body and a forum's markup from it. Navigation, embedded frames and objects,
# and what shows only without JavaScript go too: trafilatura drops them from the article, and
# its fallbacks then do not pick them (fast runs 7 % faster, dev F1 before the rules +0.001).
# Asides, footers, media and menus too: trafilatura deletes them from its copy of the tree before
# it extracts (its MANUALLY_CLEANED), so that only its copies and fallbacks spent time on them
# (2 % of the time; the same output on every dev page). Figures stay: it keeps a figure's table.
_UNREAD = ("script", "style", "svg", "template", "link", "meta", "nav", "iframe", "object", "embed", "noscript",
           "aside", "footer", "audio", "video", "canvas", "map", "picture", "applet", "menu", "fencedframe")
# What the page itself hides from every reader: the ``hidden`` attribute, or an inline style of
# ``display: none`` or ``visibility: hidden`` (spaces and case aside). Archive toolbars and
# collapsed widgets live there; on the dev pages no gold word did (precision +0.0003, 4 pages).
# Found in C in one walk over the page's attributes, with the class and id values that may name an
# author's box or the page's foot (see _is_named_furniture), then read here: an XPath translate()
# costs twice as much, and a walk over the elements themselves (//*[@style]) a third more.
_STYLED = ("//@style | //@hidden | //@class[contains(., 'bio') or contains(., 'foot')]"
           " | //@id[contains(., 'bio') or contains(., 'foot')]")
_HIDDEN_STYLE = regex.compile(r"(?i)(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b")


def drop_unread(tree: Any) -> list[str]:
    """Remove, in place, scripts (save JSON-LD), styles, SVG, templates, the head's links and
    metadata (the page's metadata is read before), navigation, frames, objects, ``noscript``,
    asides, footers, media and menus, and the elements the page hides (``hidden``, an inline
    ``display: none`` or ``visibility: hidden``), each with its children but not its tail. In the
    same walk, the author's boxes and the page's foot that their class or id names
    (:func:`_is_named_furniture`): those a reader sees, and so named in what it returns.

    >>> from lxml import html
    >>> page = html.fromstring("<html><head><title>T</title><style>p{}</style></head><body><p>Hi<script>x()"
    ...                        "</script> there</p><script type='application/ld+json'>{}</script></body></html>")
    >>> drop_unread(page)
    []
    >>> html.tostring(page)
    b'<html><head><title>T</title></head><body><p>Hi there</p><script type="application/ld+json">{}</script></body></html>'
    >>> page = html.fromstring("<div><p>Shown</p><div style='Display : NONE'>Toolbar</div> tail<p hidden>x</p>"
    ...                        "<div class='author-bio'>Ann writes.</div></div>")
    >>> drop_unread(page)
    ['1 author box(es) and footer(s) by their class']
    >>> html.tostring(page)
    b'<div><p>Shown</p> tail</div>'
    """
    from lxml import etree  # type: ignore[import-untyped]

    json_ld = [script for script in tree.iter("script")
               if (script.get("type") or "").strip().lower() == "application/ld+json"]
    for script in json_ld:  # out of reach of the removal below, under a name no page uses
        script.tag = "cleaner-json-ld"
    etree.strip_elements(tree, *_UNREAD, with_tail=False)  # in C, each element's tail kept
    boxes = 0
    for value in tree.xpath(_STYLED):
        element = value.getparent()
        if element.getparent() is None:  # the root stays, whatever it says, or gone already
            continue
        if value.attrname in ("class", "id"):
            if _is_named_furniture(element):
                element.drop_tree()
                boxes += 1
        elif element.get("hidden") is not None or _HIDDEN_STYLE.search(element.get("style") or ""):
            element.drop_tree()  # its tail kept
    for script in json_ld:
        script.tag = "script"
    return [f"{boxes} author box(es) and footer(s) by their class"] if boxes else []
