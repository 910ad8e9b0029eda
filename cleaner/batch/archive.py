"""Web archives as ``cleaner batch`` input: the pages of WARC and WET files, one record each.

One job: read the pages out of web archives (with ``warcio``, Webrecorder's WARC library:
``pip install 'cleaner[warc]'``). A page is a WET ``conversion`` record (the text Common Crawl
extracted from a page), or a WARC ``response`` or ``resource`` record whose content is HTML or
plain text (its HTTP ``Content-Type``, else its WARC one). Requests, metadata, ``warcinfo``
records and other content (images, PDFs, scripts, JSON) are passed over and not numbered: a
page's number is its place among the pages read, across all the files of a glob, which is what
``--resume`` counts. Archives are read as they are or gzipped (a member per record, as crawlers
write them, or one stream). An archive cut short (a record shorter than its ``Content-Length``,
a gzip member that ends early, a record header that does not parse) stops the run with an error
naming the file and the last page read, never as a silently shorter archive.

An HTTP response's body comes as its bytes, decoded later as any page's are
(:func:`cleaner.text.read.decode`: a byte order mark, valid UTF-8, the page's own ``<meta
charset>``, else cp1252), except that bytes which are not UTF-8 are decoded by the charset the
response's ``Content-Type`` names when it has one (as a browser does).
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from cleaner.text.read import browser_codec

__all__ = ["ArchivePage", "ARCHIVE_SUFFIXES", "WARC_MAGIC", "archive_pages", "need_warcio"]

# What a WARC or WET file starts with, once decompressed ("WARC/1.0", "WARC/1.1").
WARC_MAGIC = b"WARC/"
GZIP_MAGIC = b"\x1f\x8b"
ARCHIVE_SUFFIXES = (".warc", ".wet", ".warc.gz", ".wet.gz")
# The content types read as pages; anything else in an archive is not an article.
PAGE_TYPES = frozenset(("text/html", "application/xhtml+xml", "text/plain"))
_PAGE_RECORDS = frozenset(("response", "resource", "conversion"))
# The record types of WARC 1.0 and 1.1: any other means a header that did not parse.
_RECORD_TYPES = _PAGE_RECORDS | {"warcinfo", "request", "metadata", "revisit", "continuation"}
READ_BLOCK = 1 << 16


@dataclass(frozen=True, slots=True)
class ArchivePage:
    """One page of an archive: its record id, its URL and date, and its content."""

    id: str
    url: str | None
    date: str | None
    content: str | bytes


def need_warcio() -> None:
    """Raise ``ImportError`` with what to install when warcio is missing."""
    try:
        import warcio  # noqa: F401
    except ImportError:
        raise ImportError("WARC and WET input needs warcio: pip install 'cleaner[warc]'") from None


def archive_pages(files: Sequence[str], skip: int = 0) -> Iterator[tuple[int, ArchivePage]]:
    """The pages of the archives ``files`` in order, numbered from 1, after the first ``skip``.
    A file that cannot be read to its end raises ``ValueError`` naming the file and the last
    page read."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    for name in files:
        with _open(name) as stream:
            records = None
            while True:
                try:
                    if records is None:
                        records = iter(ArchiveIterator(stream))
                    record = next(records, None)
                    if record is None:
                        break
                    page = _page(record)
                # warcio meets a damaged archive with errors of many kinds (its own, EOFError,
                # zlib's, an AttributeError on a header cut short): each one means this file
                # cannot be read on, and is reported as such.
                except Exception as error:
                    known = (ValueError, EOFError, OSError, ArchiveLoadFailed)
                    why = str(error).strip().splitlines()[0] if isinstance(error, known) and str(error).strip() else ""
                    raise ValueError(f"{name}: after page {number}: not a readable WARC file: "
                                     f"{why or 'a record cut short or damaged'}") from None
                if page is not None:
                    number += 1
                    if number > skip:
                        yield number, page


def _open(name: str) -> IO[bytes]:
    """An archive's bytes, decompressed when gzipped. warcio reads gzip a member per record only
    (a file gzipped whole is refused), and takes an ``EOFError`` from its stream for the end of
    the archive: the stream here is decompressed (either kind of gzip), and raises ``OSError``
    where the gzip data ends early."""
    raw = open(name, "rb")
    if raw.peek(len(GZIP_MAGIC))[:len(GZIP_MAGIC)] != GZIP_MAGIC:
        return raw
    raw.close()  # a GzipFile given a file object leaves it open when closed: this one opens its own
    return io.BufferedReader(_Strict(gzip.open(name, "rb")), READ_BLOCK)


class _Strict(io.RawIOBase):
    """A stream whose early end is an ``OSError``, not an ``EOFError``."""

    def __init__(self, stream: io.BufferedIOBase) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._stream.read(len(buffer))
        except EOFError as error:
            raise OSError(f"the gzip data ends early: {error}") from None
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


def _page(record: Any) -> ArchivePage | None:
    """The page a record holds, or None when it holds none; either way the record is read to
    its end, and one cut short raises ``EOFError``."""
    if record.rec_type not in _RECORD_TYPES:
        raise ValueError(f"a record of unknown type {record.rec_type!r} (its header cut short or damaged)")
    page = _read_page(record)
    while record.raw_stream.read(READ_BLOCK):
        pass
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise EOFError(f"the record of {record.rec_headers.get_header('WARC-Target-URI') or 'no URL'} ends "
                       "before its Content-Length")
    return page


def _read_page(record: Any) -> ArchivePage | None:
    if record.rec_type not in _PAGE_RECORDS:
        return None
    headers = record.rec_headers
    http = record.http_headers if record.rec_type == "response" else None
    if record.rec_type == "response" and http is None:
        return None  # a response of another protocol (DNS, FTP): no page
    content_type = (http.get_header("Content-Type") if http is not None else None) or headers.get_header("Content-Type")
    media, charset = _media_type(content_type)
    if media not in PAGE_TYPES:
        return None
    if http is not None and not http.get_statuscode().startswith("2"):
        return None  # a redirect or an error page: not the article
    body: bytes = record.content_stream().read()
    return ArchivePage(headers.get_header("WARC-Record-ID") or "", headers.get_header("WARC-Target-URI"),
                       headers.get_header("WARC-Date"), _text(body, charset))


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    """The media type and the charset parameter of a ``Content-Type`` header.

    >>> _media_type("text/html; charset=ISO-8859-1"), _media_type(None)
    (('text/html', 'iso-8859-1'), ('', None))
    """
    if not content_type:
        return "", None
    media, *parameters = content_type.split(";")
    charset = None
    for parameter in parameters:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    return media.strip().lower(), charset


def _text(body: bytes, charset: str | None) -> str | bytes:
    """The body as text by the header's ``charset`` when it is not UTF-8, else as bytes.

    >>> _text("café".encode("cp1252"), "iso-8859-1"), _text("café".encode(), "iso-8859-1")
    ('café', b'caf\\xc3\\xa9')
    >>> _text(b"\\\\u0041 \\xff", "unicode_escape")  # no charset a page is in: its escapes stay
    b'\\\\u0041 \\xff'
    """
    if charset is None:
        return body
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        pass
    codec = browser_codec(charset)
    if codec is None:
        return body
    try:
        return body.decode(codec)
    except UnicodeError:
        return body
