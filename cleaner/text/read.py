"""Read the input: decode bytes and tell plain text, markdown and HTML apart.

One job: turn whatever the caller holds into a ``str`` and name its format. Bytes are decoded
honouring a byte-order mark; then as UTF-8 when they are valid UTF-8 (legacy-encoded text with
accents is almost never valid UTF-8, while pages re-saved as UTF-8 often keep a stale charset
declaration), unless every other byte is zero (UTF-16 saved without a byte-order mark: read as
UTF-16); then as UTF-8 with the bad bytes replaced when all but a stray byte or two is valid UTF-8;
then in the charset an HTML page declares (``<meta charset>``, the HTTP-equivalent
``<meta http-equiv="Content-Type" content="...; charset=...">`` or, failing both, the XML
declaration that opens an XHTML page), when it names a text encoding
(not ``rot13`` or ``base64``, nor UTF-16 or UTF-32, which a head readable as ASCII is not in); then as cp1252 (what most
mislabelled Western pages are), and as Latin-1 as the last resort (it decodes anything).
:func:`not_text` names the bytes that are no text at all (a compressed file, an image, a PDF),
which the callers turn away with a warning instead of cleaning their decoded bytes as prose.
"""

from __future__ import annotations

import codecs

import regex

from cleaner.text.markup import LINK

__all__ = ["decode", "declared_charset", "detect_format", "not_text", "page_codec", "FORMATS"]

FORMATS = ("text", "markdown", "html")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# An XHTML page opens with an XML declaration (``<?xml version="1.0" encoding="..."?>``); a page
# of frames with its frameset.
_HTML = regex.compile(r"(?i)^\s*(?:<\?xml\s[^>]{0,200}>\s*)?(?:<!--.*?-->\s*)*"
                      r"(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>|<frameset[\s>])")
# A page without an HTML head is HTML when its head holds this many common tags.
HTML_TAGS = 5
_HTML_TAGS = regex.compile(r"(?i)</?(?:p|div|span|a|br|li|ul|h[1-6]|table|article|section)\b[^>]*>")
# A page declares its charset in its head: look no further than this many bytes.
CHARSET_SCAN_BYTES = 4096
_META_CHARSET = regex.compile(
    rb"""(?i)<meta\b[^>]*?\b(?:charset\s*=\s*["']?\s*([\w:.-]+)|content\s*=\s*["'][^"'>]*?charset\s*=\s*([\w:.-]+))""")
# An XHTML page (or any XML) may declare its encoding only in its XML declaration, which opens it.
_XML_ENCODING = regex.compile(rb"""^\s*<\?xml\s[^>]{0,200}?\bencoding\s*=\s*["']([\w:.-]+)""")
# Browsers read pages labelled Latin-1 or ASCII as windows-1252 (the WHATWG encoding standard).
_AS_BROWSERS_READ = {"iso8859-1": "cp1252", "ascii": "cp1252"}
# Python's codecs that decode text but are no encoding a page is in: they read the page's own
# characters as escapes ("\\u0041", "\\N{BULLET}", "xn--", "+AGEA-") or decode nothing.
_NO_PAGE_CODECS = frozenset({"unicode-escape", "raw-unicode-escape", "punycode", "idna", "utf-7", "undefined"})
# Bytes that are not UTF-8 are read as UTF-8 all the same (the bad bytes replaced) when they hold
# at most this many invalid sequences, or one per this many bytes, and this many valid multi-byte
# sequences for each invalid one (three bytes with one bad one say nothing of their encoding).
MAX_STRAY_BYTES = 2
STRAY_BYTE_SHARE = 2000
VALID_PER_STRAY = 4
_UTF8_SEQUENCE = regex.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Text read as UTF-16 without a byte-order mark: in its first bytes, at least this share of one
# byte of each pair is zero (and none of the other).
UTF16_SAMPLE_BYTES = 1024
UTF16_ZERO_SHARE = 0.6
# Signs that a page is markdown (a heading, a link's target, a bulleted link, a quote), each with
# what it cannot match without: a page is searched only for the signs whose characters it holds
# (one pattern of all four tried at every position of a plain text's head costs five times more).
_MARKDOWN_SIGNS = tuple((char, regex.compile(pattern)) for char, pattern in (
    ("#", r"(?m)^\s{0,3}#{1,6}\s"), ("](", r"\]\([^)]*\)"), ("[", r"(?m)^\s*[*-]\s+\["), (">", r"(?m)^\s{0,3}>\s")))


def decode(data: bytes) -> str:
    """Decode ``data`` to text.

    >>> decode(b"\\xef\\xbb\\xbfcaf\\xc3\\xa9"), decode("café".encode("cp1252"))
    ('café', 'café')
    >>> decode(b'<meta charset="windows-1251"><p>\\xcc\\xee\\xf1\\xea\\xe2\\xe0')[-6:]
    'Москва'
    >>> decode("Fundacją Wspólna Europa, ".encode() * 20 + b"\\xff")[:24]
    'Fundacją Wspólna Europa,'
    >>> decode("<p>Zürich</p>".encode("utf-16-le")), decode("<p>Zurich</p>".encode("utf-16-be"))
    ('<p>Zürich</p>', '<p>Zurich</p>')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    # Before UTF-8: UTF-16 text of ASCII letters is valid UTF-8 too, every other character a NUL.
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    as_utf8 = data.decode("utf-8", errors="replace")
    # A page with a stray invalid byte or two is still UTF-8: read as cp1252 its every accented
    # letter would turn into mojibake ("FundacjÄ…").
    stray = as_utf8.count("\ufffd")
    if stray <= max(MAX_STRAY_BYTES, len(data) // STRAY_BYTE_SHARE) and _utf8_sequences(data) >= VALID_PER_STRAY * stray:
        return as_utf8
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeError:  # not in that charset, or a codec that decodes nothing ("undefined")
            pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# File signatures of the formats most often handed over by mistake (a crawler's stored response
# still compressed, a linked PDF or image); see each format's specification.
_SIGNATURES = (
    (b"\x1f\x8b", "gzip data"), (b"\x28\xb5\x2f\xfd", "zstd data"), (b"BZh91AY&SY", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"), (b"PK\x03\x04", "a zip archive"), (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF89a", "a GIF image"),
    (b"GIF87a", "a GIF image"), (b"\x7fELF", "an executable"),
)
# Bytes are binary when more than this share of a sample is control bytes that no text holds
# (C0 but tab, line feed, form feed, carriage return and escape; random bytes hold about 10 %).
# NUL bytes are left out of the sample: text padded with them, or in UTF-32, is still text.
CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes(b for b in range(1, 32) if b not in b"\t\n\x0c\r\x1b")


def not_text(data: bytes) -> str | None:
    """What ``data`` is when it is no text (``None`` when it is text in some encoding).

    >>> import gzip; not_text(gzip.compress(b"Text.")), not_text(b"%PDF-1.7 ..."), not_text(bytes(range(256)))
    ('gzip data', 'a PDF document', 'binary data')
    >>> not_text("Caf\u00e9".encode("cp1252")), not_text("Text".encode("utf-16")), not_text(b"")
    (None, None, None)
    """
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    if any(data.startswith(bom) for bom, _ in _BOMS) or _utf16_without_bom(data):
        return None
    sample = data[:4 * UTF16_SAMPLE_BYTES].replace(b"\x00", b"")[:UTF16_SAMPLE_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return "binary data" if controls > CONTROL_SHARE * len(sample) else None


def _utf8_sequences(data: bytes) -> int:
    return len(_UTF8_SEQUENCE.findall(data))


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` reads as UTF-16 text without a byte-order
    mark: most of its even (or odd) bytes are zero, as in ASCII-range text so encoded."""
    sample = data[:UTF16_SAMPLE_BYTES]
    if len(sample) < 4 or len(sample) % 2:
        return None
    pairs = len(sample) // 2
    zero_even, zero_odd = sample[0::2].count(0), sample[1::2].count(0)
    if zero_odd >= UTF16_ZERO_SHARE * pairs and zero_even == 0:
        return "utf-16-le"
    if zero_even >= UTF16_ZERO_SHARE * pairs and zero_odd == 0:
        return "utf-16-be"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset that the head of an HTML page declares, if Python knows it.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    'cp1252'
    >>> declared_charset(b"<meta charset=no-such-thing>"), declared_charset(b"<meta charset=rot13>")
    (None, None)
    >>> declared_charset(b"<meta charset=unicode_escape>"), declared_charset(b"<meta charset=utf-7>")
    (None, None)
    >>> declared_charset(b'<?xml version="1.0" encoding="windows-1251"?>\\n<html><p>\\xcc\\xee')
    'cp1251'
    """
    found = _META_CHARSET.search(data[:CHARSET_SCAN_BYTES]) or _XML_ENCODING.match(data[:CHARSET_SCAN_BYTES])
    if not found:
        return None
    name = browser_codec(next(group for group in found.groups() if group).decode("ascii", "replace"))
    if name is None or name.startswith(("utf-16", "utf-32")):  # a declaration readable as ASCII is in neither (WHATWG)
        return None
    return name


def browser_codec(charset: str) -> str | None:
    """:func:`page_codec` of ``charset`` as browsers read it: a page labelled Latin-1 or ASCII is
    windows-1252.

    >>> browser_codec("ISO-8859-1"), browser_codec("us-ascii"), browser_codec("KOI8-R"), browser_codec("utf-7")
    ('cp1252', 'cp1252', 'koi8-r', None)
    """
    name = page_codec(charset)
    return None if name is None else _AS_BROWSERS_READ.get(name, name)


def page_codec(charset: str) -> str | None:
    """The name of Python's codec for the ``charset`` a page declares; None when Python knows no
    codec by that name, or its codec is no text encoding (rot13, base64, hex) or none that a page
    is in (``unicode_escape``, ``punycode``, ``utf-7``, which read the page's characters as
    escapes): a page that names one is read as if it named none.

    >>> page_codec("UTF8"), page_codec("latin-1"), page_codec("base64"), page_codec("unicode_escape")
    ('utf-8', 'iso8859-1', None, None)
    """
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        return None
    if not getattr(codec, "_is_text_encoding", True) or codec.name in _NO_PAGE_CODECS:
        return None
    return codec.name


def detect_format(text: str) -> str:
    """Name the format of ``text``: ``html``, ``markdown`` or ``text``.

    >>> detect_format("<!DOCTYPE html><p>x"), detect_format("See [it](/a)"), detect_format("Plain.")
    ('html', 'markdown', 'text')
    >>> detect_format('<meta name="verify" content="x">\\n<div align="center"><script>ad()</script>')
    'html'
    >>> detect_format('[Enlarge](/a.jpg "<p>Big rig.</p><p>Credit: AP</p>") [Zoom](/b.jpg "<p>Big rig.</p>")')
    'markdown'
    """
    head = text[:4096]
    # Tags inside markdown links (an image's title that kept its <p>) do not make a page HTML.
    if _HTML.match(head) or (len(_HTML_TAGS.findall(head)) >= HTML_TAGS
                             and len(_HTML_TAGS.findall(LINK.sub("", head))) >= HTML_TAGS):
        return "html"
    if any(char in head and sign.search(head) for char, sign in _MARKDOWN_SIGNS):
        return "markdown"
    return "text"
