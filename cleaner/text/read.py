"""Read the input: decode bytes and tell plain text, markdown and HTML apart.

One job: turn whatever the caller holds into a ``str`` and name its format. Bytes are decoded
honouring a byte-order mark; then as UTF-8 when they are valid UTF-8 (legacy-encoded text with
accents is almost never valid UTF-8, while pages re-saved as UTF-8 often keep a stale charset
declaration), unless they look like UTF-16 without a byte-order mark (ASCII-range text in UTF-16
has a NUL in every other byte, which is also valid UTF-8); then in the charset an HTML page declares (``<meta charset>`` or the HTTP-equivalent
``<meta http-equiv="Content-Type" content="...; charset=...">``); then as cp1252 (what most
mislabelled Western pages are), and as Latin-1 as the last resort (it decodes anything, so no
input is ever refused). A declared charset that is not a text encoding (``base64``, ``zlib``)
is ignored, and so is one of UTF-16 or UTF-32 (a page whose head reads as ASCII is in neither).
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
# UTF-16 without a byte-order mark: in the first UTF16_SAMPLE_BYTES, at least UTF16_NUL_SHARE of
# the high bytes are NUL (text in the Latin and other one-byte ranges) and hardly any low bytes
# are (a run of NULs in a binary file has them on both sides).
UTF16_SAMPLE_BYTES = 4096
UTF16_NUL_SHARE = 0.3
UTF16_LOW_NUL_SHARE = 0.05
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
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace")
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


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` looks like UTF-16 without a byte-order mark.

    >>> _utf16_without_bom("café".encode("utf-16-le")), _utf16_without_bom("café".encode())
    ('utf-16-le', None)
    """
    sample = data[:UTF16_SAMPLE_BYTES]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0:2 * pairs:2].count(0) / pairs, sample[1:2 * pairs:2].count(0) / pairs
    if odd >= UTF16_NUL_SHARE and even <= UTF16_LOW_NUL_SHARE:
        return "utf-16-le"
    if even >= UTF16_NUL_SHARE and odd <= UTF16_LOW_NUL_SHARE:
        return "utf-16-be"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset that the head of an HTML page declares, if Python knows it.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    'cp1252'
    >>> declared_charset(b"<meta charset=no-such-thing>"), declared_charset(b"<meta charset=base64>")
    (None, None)
    """
    found = _META_CHARSET.search(data[:CHARSET_SCAN_BYTES])
    if not found:
        return None
    name = (found.group(1) or found.group(2)).decode("ascii", "replace")
    try:
        codec = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(codec, "_is_text_encoding", True):  # base64, zlib: bytes.decode refuses them
        return None
    name = codec.name
    if name.startswith(("utf-16", "utf-32")):  # a declaration readable as ASCII is not in UTF-16 (WHATWG)
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
