"""Files for ``cleaner batch``: read records from JSONL, Parquet or page files; write them durably.

One job: move records between files and the batch loop, streaming, so memory stays bounded
however large the input. Inputs: JSONL (``-`` for stdin; gzip and zstd recognised by their magic
bytes, whatever the file is called), Parquet, web archives (WARC and WET files, a glob or
directory of them: :mod:`cleaner.batch.archive`), or a directory or glob of
``.txt``/``.md``/``.html`` pages. Outputs: JSONL (``-`` for stdout) or Parquet.

A file output is first written to ``.NAME.partial`` beside the target and renamed into place
when complete. Every output line is one record, so a killed run leaves a prefix of the output:
:meth:`Sink.open` with ``resume`` counts its complete lines, drops a trailing partial line, and
the batch loop skips that many input records. Parquet cannot be appended to after a crash (its
footer comes last), so Parquet output is spooled as JSONL the same way and converted at the end.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar, Union, cast

from cleaner.batch.archive import ARCHIVE_SUFFIXES, WARC_MAGIC, ArchivePage, archive_pages, need_warcio
from cleaner.batch.parquet import spool_to_parquet

__all__ = ["BatchInputError", "BatchUsageError", "Item", "PageFile", "Sink", "Source", "count_complete_lines", "open_source",
           "physical_lines", "utf8_lines"]

PAGE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
PARQUET_MAGIC = b"PAR1"
PARQUET_BATCH_ROWS = 512
READ_BLOCK = 1 << 20
UTF8_BOM = b"\xef\xbb\xbf"


class BatchUsageError(Exception):
    """The inputs or options cannot work (unknown format, missing optional package): exit 2."""


class BatchInputError(Exception):
    """The input cannot be read to its end (a corrupt or truncated compressed file): exit 3.
    The message names the file."""


class _ZstdStream(io.RawIOBase):
    """The decompressed bytes of a zstd stream of one or more frames. Unlike zstandard's own
    stream reader, a stream that ends inside a frame (a truncated file) raises ``EOFError``
    instead of reading as a shorter file."""

    def __init__(self, raw: IO[bytes]) -> None:
        import zstandard

        self._raw = raw
        self._new = zstandard.ZstdDecompressor().decompressobj
        self._frame = self._new()
        self._inside = False  # bytes of an unfinished frame have been fed
        self._ready = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._ready:
            chunk = self._raw.read(READ_BLOCK)
            if not chunk:
                if self._inside:
                    raise EOFError("compressed file ended before the end-of-stream marker was reached")
                return 0
            while chunk:
                self._inside = True
                self._ready += self._frame.decompress(chunk)
                chunk = b""
                if self._frame.eof:
                    chunk, self._frame, self._inside = self._frame.unused_data, self._new(), False
        size = min(len(buffer), len(self._ready))
        buffer[:size] = self._ready[:size]
        self._ready = self._ready[size:]
        return size

    def close(self) -> None:
        self._raw.close()
        super().close()


@dataclass(frozen=True, slots=True)
class PageFile:
    """One page file of a directory or glob input: where it is and the id it gets."""

    path: str
    id: str


# What a worker gets for one record: a JSONL line, a Parquet row, a page file to read, or a page
# of a web archive.
Payload = Union[bytes, dict[str, Any], PageFile, ArchivePage]
Item = tuple[int, Payload]


@dataclass
class Source:
    """A stream of records, numbered from 1 (line number for JSONL, row for Parquet, page for
    web archives)."""

    name: str
    kind: str
    pages: list[PageFile] = field(default_factory=list)
    root: str = ""
    archives: list[str] = field(default_factory=list)

    def schema(self) -> Any:
        """The pyarrow schema of a Parquet input (its types carry over to Parquet output), else None."""
        if self.kind != "parquet":
            return None
        import pyarrow.parquet as pq

        return pq.read_schema(self.name)

    def items(self, skip: int = 0) -> Iterator[Item]:
        """Each record after the first ``skip``, with its number."""
        if self.kind == "pages":
            yield from ((n, page) for n, page in enumerate(self.pages[skip:], start=skip + 1))
        elif self.kind == "parquet":
            yield from _parquet_rows(self.name, skip)
        elif self.kind == "archive":
            try:
                yield from archive_pages(self.archives, skip)
            except ValueError as error:
                raise BatchInputError(str(error)) from None
        else:
            yield from _jsonl_lines(self.name, skip)


def open_source(name: str) -> Source:
    """Tell what kind of input ``name`` is: ``jsonl``, ``parquet``, ``archive`` or ``pages``.

    >>> open_source("-").kind
    'jsonl'
    """
    if name == "-":
        return Source(name, "jsonl")
    path = Path(name)
    if path.is_dir():
        files = [p for p in path.rglob("*") if p.is_file()]
        archives = _distinct(sorted(p for p in files if _is_archive_name(p.name)))
        found = _distinct(sorted(p for p in files if p.suffix.lower() in PAGE_SUFFIXES))
        if archives and not found:
            return _archives(name, [str(p) for p in archives])
        if not found:
            raise BatchUsageError(f"{name}: no {', '.join(PAGE_SUFFIXES)} files in this directory")
        return Source(name, "pages", [PageFile(str(p), str(p.relative_to(path))) for p in found])
    if not path.exists() and glob.has_magic(name):
        matched = _distinct(sorted(p for p in glob.glob(name, recursive=True) if os.path.isfile(p)))
        if not matched:
            raise BatchUsageError(f"{name}: no files match this pattern")
        if all(_is_archive_name(os.path.basename(p)) for p in matched):
            return _archives(name, matched)
        return Source(name, "pages", [PageFile(p, p) for p in matched])
    if path.suffix.lower() in PAGE_SUFFIXES:
        path.stat()  # a missing file is an input error, reported with its name
        return Source(name, "pages", [PageFile(name, path.name)])
    with open(path, "rb") as head:
        magic = head.read(len(PARQUET_MAGIC))
    if magic == PARQUET_MAGIC or path.suffix.lower() == ".parquet":
        _need_pyarrow("Parquet input")
        return Source(name, "parquet")
    if _is_archive_name(path.name) or _starts_as_warc(name):
        return _archives(name, [name])
    return Source(name, "jsonl")


def _is_archive_name(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def _starts_as_warc(name: str) -> bool:
    """Whether a file's first bytes, decompressed, are a WARC record's."""
    unreadable: tuple[type[BaseException], ...] = (*_read_errors(), BatchUsageError)
    try:
        with _open_binary(name) as stream:
            return stream.read(len(WARC_MAGIC)) == WARC_MAGIC
    except unreadable:
        return False  # read as JSONL, whose reading reports what is wrong with it


def _archives(name: str, files: list[str]) -> Source:
    try:
        need_warcio()
    except ImportError as error:
        raise BatchUsageError(str(error)) from None
    return Source(name, "archive", archives=files)


P = TypeVar("P", str, Path)


def _distinct(paths: list[P]) -> list[P]:
    """Each file once, under the first of its names: a ``**`` glob follows symbolic links to
    directories, so a link loop names the same pages again at every depth."""
    seen: set[tuple[int, int]] = set()
    distinct = []
    for path in paths:
        info = os.stat(path)
        if (info.st_dev, info.st_ino) not in seen:
            seen.add((info.st_dev, info.st_ino))
            distinct.append(path)
    return distinct


def _need_pyarrow(what: str) -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise BatchUsageError(f"{what} needs pyarrow: pip install 'cleaner[parquet]'") from None


def _open_binary(name: str) -> IO[bytes]:
    """The decompressed bytes of a file or of stdin, whatever compression its magic bytes say."""
    raw: io.BufferedReader = sys.stdin.buffer if name == "-" else open(name, "rb")  # type: ignore[assignment]
    magic = raw.peek(len(ZSTD_MAGIC))[: len(ZSTD_MAGIC)]
    if magic.startswith(GZIP_MAGIC):
        if name == "-":
            return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
        raw.close()  # a GzipFile given a file object leaves it open when closed: this one opens its own
        return cast(IO[bytes], gzip.open(name, "rb"))
    if magic == ZSTD_MAGIC:
        try:
            import zstandard  # noqa: F401
        except ImportError:
            raise BatchUsageError(f"{name}: zstd input needs zstandard: pip install 'cleaner[zstd]'") from None
        return io.BufferedReader(_ZstdStream(raw), READ_BLOCK)
    return raw


def physical_lines(stream: IO[bytes]) -> Iterator[bytes]:
    r"""The lines of a binary stream, each with its end: a line ends at LF, at CR LF or at a lone
    CR, as ``str.splitlines`` and editors end lines (``bytes.splitlines`` knows those three and no
    others). JSON lets CR stand between tokens, but no JSONL writer puts one inside a record,
    and a file whose lines end in a lone CR (old Mac tools) read as one line of all its records:
    each record after the first was lost in the first one's error. The stream is read as it
    arrives (``read1``), so a pipe's lines come through without waiting for a full block.

    >>> list(physical_lines(io.BytesIO(b'{"a": 1}\r{"a": 2}\r\n\r{"a": 3}')))
    [b'{"a": 1}\r', b'{"a": 2}\r\n', b'\r', b'{"a": 3}']
    """
    read = stream.read1 if isinstance(stream, io.BufferedIOBase) else stream.read
    pieces: list[bytes] = []  # the start of a line, its end not read yet
    while block := read(READ_BLOCK):
        if b"\n" not in block and b"\r" not in block:
            pieces.append(block)
            continue
        if pieces:
            pieces.append(block)
            block = b"".join(pieces)
            pieces = []
        lines = block.splitlines(keepends=True)
        last = lines.pop()
        yield from lines
        # A line ending in CR may end in CR LF, its LF in the next block: it waits for that block.
        if last.endswith(b"\n"):
            yield last
        else:
            pieces.append(last)
    if pieces:
        yield from b"".join(pieces).splitlines(keepends=True)


def utf8_lines(stream: IO[bytes]) -> Iterator[bytes]:
    r""":func:`physical_lines` of JSON text in UTF-8, or in UTF-16 or UTF-32 (as PowerShell writes
    files), told as JSON tells them (:func:`json.detect_encoding`: a byte-order mark, or the NULs
    around the first characters) and given as UTF-8. Each record of a UTF-16 file read as broken
    lines, its NUL bytes not JSON.

    >>> list(utf8_lines(io.BufferedReader(io.BytesIO('{"a": "é"}\r\n{}'.encode("utf-16")))))
    [b'{"a": "\xc3\xa9"}\r\n', b'{}']
    """
    peek = getattr(stream, "peek", None)
    encoding = json.detect_encoding(peek(4)[:4]) if peek is not None else "utf-8"
    if encoding in ("utf-8", "utf-8-sig"):
        yield from physical_lines(stream)
        return
    # Universal line ends, each kept (newline=""), as physical_lines reads them.
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    try:
        for line in text:
            yield line.encode("utf-8")
    finally:
        text.detach()  # the stream is its opener's to close


def _jsonl_lines(name: str, skip: int) -> Iterator[Item]:
    # Blank lines are not records, so they are neither numbered as records nor skipped as such;
    # the number given is the physical line, which is what a user looks up in an error.
    stream = _open_binary(name)
    records = number = 0
    where = "stdin" if name == "-" else name
    try:
        lines = utf8_lines(stream)
        while True:
            try:
                line = next(lines, None)
            except _read_errors() as error:
                raise BatchInputError(f"{where}: after line {number}: {_reason(error)}") from None
            if line is None:
                break
            number += 1
            if number == 1 and line.startswith(UTF8_BOM):  # a BOM is not part of the first record
                line = line[len(UTF8_BOM):]
            if not line.strip():
                continue
            records += 1
            if records > skip:
                yield number, line
    finally:
        if name != "-":
            stream.close()


def _read_errors() -> tuple[type[BaseException], ...]:
    """What reading a compressed input raises when the file is corrupt or truncated (gzip's
    ``BadGzipFile`` is an ``OSError``; zstandard has its own ``ZstdError``)."""
    try:
        from zstandard import ZstdError
    except ImportError:
        return (OSError, EOFError, ValueError)
    return (OSError, EOFError, ValueError, ZstdError)


def _reason(error: BaseException) -> str:
    text = str(error)
    if isinstance(error, OSError) and error.strerror:
        text = error.strerror
    return f"corrupt or truncated input: {text or type(error).__name__}"


def _parquet_rows(name: str, skip: int) -> Iterator[Item]:
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(name)
    number = 0
    for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS):
        if number + batch.num_rows <= skip:
            number += batch.num_rows
            continue
        for row in batch.to_pylist():
            number += 1
            if number > skip:
                yield number, row


def count_complete_lines(path: str) -> tuple[int, int]:
    """The number of complete lines of a file and the byte offset just after the last one.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(delete=False) as f:
    ...     _ = f.write(b'{"a": 1}\\n{"a": 2}\\n{"a"')
    >>> count_complete_lines(f.name)
    (2, 18)
    """
    lines = end = offset = 0
    with open(path, "rb") as data:
        while block := data.read(READ_BLOCK):
            newlines = block.count(b"\n")
            if newlines:
                lines += newlines
                end = offset + block.rindex(b"\n") + 1
            offset += len(block)
    return lines, end


def _check_target(name: str) -> None:
    """Refuse an output path that is not a regular file: the output is written beside it and
    renamed over it, which would replace a FIFO, a device or a symlink with a plain file.

    >>> _check_target("/dev/null")
    Traceback (most recent call last):
    cleaner.batch.files.BatchUsageError: /dev/null: is a character device, not a regular file: name a file, or - for stdout
    """
    what = ""
    for path in (name, Sink.partial_path(name)):
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(mode):
            what = "is a symbolic link"
        elif stat.S_ISDIR(mode):
            what = "is a directory"
        elif stat.S_ISFIFO(mode):
            what = "is a FIFO"
        elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            what = "is a " + ("character" if stat.S_ISCHR(mode) else "block") + " device"
        elif not stat.S_ISREG(mode):
            what = "is not a regular file"
        if what:
            raise BatchUsageError(f"{path}: {what}, not a regular file: name a file, or - for stdout")


class Sink:
    """Where output lines go: stdout, or a partial file renamed into place by :meth:`finish`.

    ``done`` is the number of records a resumed run found already written.
    """

    def __init__(self, name: str, *, resume: bool) -> None:
        self.name = name
        self.done = 0
        self.bytes_written = 0
        self.parquet = name != "-" and Path(name).suffix.lower() == ".parquet"
        if name == "-":
            if resume:
                raise BatchUsageError("--resume needs an output file, not stdout")
            self.partial = ""
            self.stream: IO[bytes] = sys.stdout.buffer
            return
        if self.parquet:
            _need_pyarrow("Parquet output")
        _check_target(name)
        self.partial = self.partial_path(name)
        if resume and os.path.exists(self.partial):
            self.done, end = count_complete_lines(self.partial)
            self.stream = open(self.partial, "r+b")
            self.stream.truncate(end)
            self.stream.seek(end)
        else:
            self.stream = open(self.partial, "wb")

    @staticmethod
    def partial_path(name: str) -> str:
        """Where the output ``name`` is written until it is complete.

        >>> Sink.partial_path("out/a.jsonl"), Sink.partial_path("b.parquet")
        ('out/.a.jsonl.partial', '.b.parquet.partial.jsonl')
        """
        target = Path(name)
        suffix = ".partial.jsonl" if target.suffix.lower() == ".parquet" else ".partial"
        return str(target.with_name(f".{target.name}{suffix}"))

    def write(self, line: bytes) -> None:
        """Append one record's line."""
        self.stream.write(line)
        if not self.parquet:
            self.bytes_written += len(line)

    def commit(self) -> None:
        """Make what was written so far durable: a resumed run starts after it."""
        self.stream.flush()
        if self.partial:
            os.fsync(self.stream.fileno())

    def finish(self, schema: Any = None) -> None:
        """Complete the output: rename (or convert) the partial file into place. ``schema``, a
        Parquet input's, gives Parquet output the input columns' types."""
        self.commit()
        if not self.partial:
            return
        self.stream.close()
        if self.parquet:
            converted = self.partial[: -len(".jsonl")]
            spool_to_parquet(self.partial, converted, schema)
            os.remove(self.partial)
            os.replace(converted, self.name)
            self.bytes_written = os.path.getsize(self.name)
        else:
            os.replace(self.partial, self.name)

    def close(self) -> None:
        """Close without completing: the partial file stays for ``--resume``."""
        if self.partial and not self.stream.closed:
            self.stream.flush()
            self.stream.close()
