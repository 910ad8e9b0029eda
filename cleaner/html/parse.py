"""Parse an HTML page into an lxml tree, whatever it holds.

One job: HTML text to the tree that trafilatura and the pruner read, rooted at ``<html>``. The
page is parsed with ``huge_tree`` (libxml2 otherwise gives up below 256 levels of nesting and the
body is lost); a page nested deeper than even that allows (2,048) is read again without the tags
that nest it (:func:`_parse_flat`). A lone surrogate, an early ``</body>``, characters that XML
forbids, a fragment, a frameset page or nothing at all still give a tree.
"""

from __future__ import annotations

import re
from typing import Any

from cleaner.html.inline import element_class

__all__ = ["parse_html", "indent_with_spaces", "REPAIR_CHARS"]

# Scanned for over whole pages: the standard re module does these simple scans several times faster.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Early end tags (see parse_html), and the tags of a frameset page's <noframes>, whose content the
# parser reads as raw text (its markup would come out as words): without them, it is the body.
_LEADING_TABS = re.compile(r"^\t+", re.MULTILINE)
_END_TAGS = re.compile(r"</(?:body|html)\s*>|</?noframes\b[^>]*>", re.IGNORECASE)

def _parser() -> Any:
    global _PARSER
    if _PARSER is None:
        from lxml import etree  # type: ignore[import-untyped]
        from lxml import html as lxml_html

        # huge_tree lifts libxml2's depth limit (256): deeper pages otherwise lose their body.
        _PARSER = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                                       remove_comments=True, remove_pis=True, huge_tree=True)
        # Every element as lxml.html's HtmlElement, looked up in C: lxml.html's own lookup is a
        # Python call each time an element is touched (hundreds of thousands of times a page in
        # trafilatura's passes, 7 % of the time), and its form-specific classes are never used.
        # The class is lxml.html's, its link texts measured without marks (inline.element_class).
        _PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
            element=element_class(), comment=lxml_html.HtmlComment, pi=lxml_html.HtmlProcessingInstruction,
            entity=lxml_html.HtmlEntity))
    return _PARSER


_PARSER: Any = None
# The page's start that trafilatura's repairs look at (its first lines).
REPAIR_CHARS = 4096


def parse_html(html: str) -> Any:
    """The page as an lxml tree rooted at ``<html>``, whatever it holds (a fragment, nothing)."""
    from lxml import html as lxml_html
    from trafilatura.utils import repair_faulty_html

    # lxml stops reading at a lone surrogate (losing the rest of the page); normalize drops them anyway.
    # It also drops what follows an early </body> or </html> (archive toolbars, pages pasted into
    # pages): without those end tags the parser closes both at the end of the input instead.
    # A frameset page's <noframes> is read as the body it holds.
    try:
        html.encode("utf-8")  # several times faster than searching for one
    except UnicodeEncodeError:
        html = _SURROGATE.sub("", html)
    html = _END_TAGS.sub("", html)
    parser = _parser()
    # trafilatura's repairs of the first lines (a doctype libxml2 misreads, a self-closing <html/>);
    # its removal of characters that XML forbids, over the whole page, only when lxml refuses it.
    html = repair_faulty_html(html[:REPAIR_CHARS], html[:50].lower()) + html[REPAIR_CHARS:]
    empty = "<html><body></body></html>"
    try:
        tree = lxml_html.document_fromstring(html, parser=parser)
        return tree if not _too_deep(parser) else _parse_flat(html, parser)
    except ValueError:  # characters that XML forbids, or a string that declares its encoding
        pass
    except Exception:  # an empty or unparsable document
        return lxml_html.document_fromstring(empty, parser=parser)
    repaired = repair_faulty_html(html, "")
    for source in (repaired, repaired.encode("utf-8")):
        try:
            return lxml_html.document_fromstring(source, parser=parser)
        except Exception:
            continue
    return lxml_html.document_fromstring(empty, parser=parser)


# libxml2 stops reading past 2,048 levels of nesting even with huge_tree, and the body is lost.
# Such a page is read again without the tags that nest: first without the wrappers, then with
# only the tags that make paragraphs, headings and lists (and those whose content is not text).
_FLAT_KEEPS = (
    frozenset("html head title meta body p br h1 h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote pre a img "
              "table tr td th script style noscript template".split()),
    frozenset("html head title meta body p br h1 h2 h3 h4 h5 h6 li script style noscript template".split()),
)
# A tag ends before the next "<": a page of unclosed "<a " costs one scan, not one to its end per tag.
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9:-]*)[^<>]*>")


def _too_deep(parser: Any) -> bool:
    return any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log)


def _parse_flat(html: str, parser: Any) -> Any:
    """The page read again with fewer kinds of tag, until libxml2 reads it to its end.

    >>> page = "<html><body>" + "<div>" * 3000 + "<p>Deep words.</p>" + "</div>" * 3000 + "</body></html>"
    >>> parse_html(page).text_content()
    'Deep words.'
    """
    from lxml import html as lxml_html

    for keeps in _FLAT_KEEPS:
        flat = _TAG.sub(lambda tag: tag[0] if tag[1].lower() in keeps else "", html)
        tree = lxml_html.document_fromstring(flat, parser=parser)
        if not _too_deep(parser):
            break
    return tree


def indent_with_spaces(tree: Any) -> int:
    """Indent the lines of each ``<pre>`` with spaces instead of tabs (eight a tab, as a browser
    shows them); return how many ``<pre>`` changed. trafilatura tells a code block from a quote by
    lines indented with spaces: a ``<pre>`` indented with tabs was read as a quote, whose lines
    then lost their indentation.

    >>> from lxml import html
    >>> page = html.fromstring("<div><pre>def f():\\n\\treturn 1</pre><pre>a\\tb</pre></div>")
    >>> indent_with_spaces(page), page.findtext("pre")
    (1, 'def f():\\n        return 1')
    """
    changed = 0
    for pre in tree.iter("pre"):
        if pre.text and "\t" in pre.text:
            indented = _LEADING_TABS.sub(lambda tabs: " " * 8 * len(tabs[0]), pre.text)
            if indented != pre.text:
                pre.text = indented
                changed += 1
    return changed
