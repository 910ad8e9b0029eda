"""Read the input: decode bytes and tell plain text, markdown and HTML apart.

One job: turn whatever the caller holds into a ``str`` and name its format. Bytes are decoded
honouring a byte-order mark; then as UTF-8 when they are valid UTF-8 (legacy-encoded text with
accents is almost never valid UTF-8, while pages re-saved as UTF-8 often keep a stale charset
declaration); then in the charset an HTML page declares (``<meta charset>`` or the HTTP-equivalent
``<meta http-equiv="Content-Type" content="...; charset=...">``); then as cp1252 (what most
mislabelled Western pages are), and as Latin-1 as the last resort (it decodes anything, so no
input is ever refused).
"""

from __future__ import annotations

import codecs

import regex

__all__ = ["decode", "declared_charset", "detect_format", "FORMATS"]

FORMATS = ("text", "markdown", "html")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML = regex.compile(r"(?i)^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>)")
_HTML_TAGS = regex.compile(r"(?i)</?(?:p|div|span|a|br|li|ul|h[1-6]|table|article|section)\b[^>]*>")
# A page declares its charset in its head: look no further than this many bytes.
CHARSET_SCAN_BYTES = 4096
_META_CHARSET = regex.compile(
    rb"""(?i)<meta\b[^>]*?\b(?:charset\s*=\s*["']?\s*([\w:.-]+)|content\s*=\s*["'][^"'>]*?charset\s*=\s*([\w:.-]+))""")
# Browsers read pages labelled Latin-1 or ASCII as windows-1252 (the WHATWG encoding standard).
_AS_BROWSERS_READ = {"iso8859-1": "cp1252", "ascii": "cp1252"}
_MARKDOWN = regex.compile(r"(?m)^\s{0,3}#{1,6}\s|\]\([^)]*\)|^\s*[*-]\s+\[|^\s{0,3}>\s")


def decode(data: bytes) -> str:
    """Decode ``data`` to text.

    >>> decode(b"\\xef\\xbb\\xbfcaf\\xc3\\xa9"), decode("café".encode("cp1252"))
    ('café', 'café')
    >>> decode(b'<meta charset="windows-1251"><p>\\xcc\\xee\\xf1\\xea\\xe2\\xe0')[-6:]
    'Москва'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def declared_charset(data: bytes) -> str | None:
    """The charset that the head of an HTML page declares, if Python knows it.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    'cp1252'
    >>> declared_charset(b"<meta charset=no-such-thing>") is None
    True
    """
    found = _META_CHARSET.search(data[:CHARSET_SCAN_BYTES])
    if not found:
        return None
    name = (found.group(1) or found.group(2)).decode("ascii", "replace")
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    return _AS_BROWSERS_READ.get(name, name)


def detect_format(text: str) -> str:
    """Name the format of ``text``: ``html``, ``markdown`` or ``text``.

    >>> detect_format("<!DOCTYPE html><p>x"), detect_format("See [it](/a)"), detect_format("Plain.")
    ('html', 'markdown', 'text')
    >>> detect_format('<meta name="verify" content="x">\\n<div align="center"><script>ad()</script>')
    'html'
    """
    head = text[:4096]
    if _HTML.match(head) or len(_HTML_TAGS.findall(head)) >= 5:
        return "html"
    if _MARKDOWN.search(head):
        return "markdown"
    return "text"
