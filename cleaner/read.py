"""Read the input: decode bytes and tell plain text, markdown and HTML apart.

One job: turn whatever the caller holds into a ``str`` and name its format. Bytes are decoded
honouring a byte-order mark, then as UTF-8, then as cp1252 (what most mislabelled Western pages
are), and as Latin-1 as the last resort (it decodes anything, so no input is ever refused).
"""

from __future__ import annotations

import codecs

import regex

__all__ = ["decode", "detect_format", "FORMATS"]

FORMATS = ("text", "markdown", "html")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML = regex.compile(r"(?i)^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])")
_HTML_TAGS = regex.compile(r"(?i)</?(?:p|div|span|a|br|li|ul|h[1-6]|table|article|section)\b[^>]*>")
_MARKDOWN = regex.compile(r"(?m)^\s{0,3}#{1,6}\s|\]\([^)]*\)|^\s*[*-]\s+\[|^\s{0,3}>\s")


def decode(data: bytes) -> str:
    """Decode ``data`` to text.

    >>> decode(b"\\xef\\xbb\\xbfcaf\\xc3\\xa9"), decode("café".encode("cp1252"))
    ('café', 'café')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def detect_format(text: str) -> str:
    """Name the format of ``text``: ``html``, ``markdown`` or ``text``.

    >>> detect_format("<!DOCTYPE html><p>x"), detect_format("See [it](/a)"), detect_format("Plain.")
    ('html', 'markdown', 'text')
    """
    head = text[:4096]
    if _HTML.match(head) or len(_HTML_TAGS.findall(head)) >= 5:
        return "html"
    if _MARKDOWN.search(head):
        return "markdown"
    return "text"
