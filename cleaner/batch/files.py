"""Files for ``cleaner batch``: read records from JSONL, Parquet or page files; write them durably.

One job: move records between files and the batch loop, streaming, so memory stays bounded
however large the input. Inputs: JSONL (``-`` for stdin; gzip and zstd recognised by their magic
bytes, whatever the file is called), Parquet, or a directory or glob of ``.txt``/``.md``/``.html``
pages. Outputs: JSONL (``-`` for stdout) or Parquet.

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
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Union, cast

__all__ = ["BatchUsageError", "Item", "PageFile", "Sink", "Source", "count_complete_lines", "open_source"]

PAGE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
PARQUET_MAGIC = b"PAR1"
PARQUET_BATCH_ROWS = 512
# Rows per batch when converting the JSONL spool to Parquet: large enough for good row groups,
# small enough to stay far below the memory budget with page-sized texts.
SPOOL_BATCH_ROWS = 2048
READ_BLOCK = 1 << 20


class BatchUsageError(Exception):
    """The inputs or options cannot work (unknown format, missing optional package): exit 2."""


@dataclass(frozen=True, slots=True)
class PageFile:
    """One page file of a directory or glob input: where it is and the id it gets."""

    path: str
    id: str


# What a worker gets for one record: a JSONL line, a Parquet row, or a page file to read.
Payload = Union[bytes, dict[str, Any], PageFile]
Item = tuple[int, Payload]


@dataclass
class Source:
    """A stream of records, numbered from 1 (line number for JSONL, row for Parquet)."""

    name: str
    kind: str
    pages: list[PageFile] = field(default_factory=list)
    root: str = ""

    def items(self, skip: int = 0) -> Iterator[Item]:
        """Each record after the first ``skip``, with its number."""
        if self.kind == "pages":
            yield from ((n, page) for n, page in enumerate(self.pages[skip:], start=skip + 1))
        elif self.kind == "parquet":
            yield from _parquet_rows(self.name, skip)
        else:
            yield from _jsonl_lines(self.name, skip)


def open_source(name: str) -> Source:
    """Tell what kind of input ``name`` is: ``jsonl``, ``parquet`` or ``pages``.

    >>> open_source("-").kind
    'jsonl'
    """
    if name == "-":
        return Source(name, "jsonl")
    path = Path(name)
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)
        if not found:
            raise BatchUsageError(f"{name}: no {', '.join(PAGE_SUFFIXES)} files in this directory")
        return Source(name, "pages", [PageFile(str(p), str(p.relative_to(path))) for p in found])
    if not path.exists() and glob.has_magic(name):
        matched = sorted(p for p in glob.glob(name, recursive=True) if os.path.isfile(p))
        if not matched:
            raise BatchUsageError(f"{name}: no files match this pattern")
        return Source(name, "pages", [PageFile(p, p) for p in matched])
    if path.suffix.lower() in PAGE_SUFFIXES:
        path.stat()  # a missing file is an input error, reported with its name
        return Source(name, "pages", [PageFile(name, path.name)])
    with open(path, "rb") as head:
        magic = head.read(len(PARQUET_MAGIC))
    if magic == PARQUET_MAGIC or path.suffix.lower() == ".parquet":
        _need_pyarrow("Parquet input")
        return Source(name, "parquet")
    return Source(name, "jsonl")


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
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
    if magic == ZSTD_MAGIC:
        try:
            import zstandard
        except ImportError:
            raise BatchUsageError(f"{name}: zstd input needs zstandard: pip install 'cleaner[zstd]'") from None
        reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
        return io.BufferedReader(reader, READ_BLOCK)
    return raw


def _jsonl_lines(name: str, skip: int) -> Iterator[Item]:
    # Blank lines are not records, so they are neither numbered as records nor skipped as such;
    # the number given is the physical line, which is what a user looks up in an error.
    stream = _open_binary(name)
    records = 0
    try:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            records += 1
            if records > skip:
                yield number, line
    finally:
        if name != "-":
            stream.close()


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

    def finish(self) -> None:
        """Complete the output: rename (or convert) the partial file into place."""
        self.commit()
        if not self.partial:
            return
        self.stream.close()
        if self.parquet:
            converted = self.partial[: -len(".jsonl")]
            _spool_to_parquet(self.partial, converted)
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


def _spool_batches(spool: str) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    with open(spool, "rb") as lines:
        for line in lines:
            batch.append(json.loads(line))
            if len(batch) == SPOOL_BATCH_ROWS:
                yield batch
                batch = []
    if batch:
        yield batch


def _spool_to_parquet(spool: str, target: str) -> None:
    # Two passes keep memory bounded: the first unifies the schema of every batch (a field that
    # is null in one batch and a string in the next, an `error` column that only some batches
    # have), the second writes each batch in that schema.
    import pyarrow as pa
    import pyarrow.parquet as pq

    # from_pylist alone would take the columns of the first row only; every key of every row counts.
    schemas = [pa.Table.from_pydict({key: [row.get(key) for row in batch]
                                     for key in dict.fromkeys(k for row in batch for k in row)}).schema
               for batch in _spool_batches(spool)]
    schema = pa.unify_schemas(schemas, promote_options="permissive") if schemas else pa.schema([])
    with pq.ParquetWriter(target, schema) as writer:
        for batch in _spool_batches(spool):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
