"""``cleaner batch IN OUT``: clean every record of a large input, in parallel, losing none.

One job: the batch loop. Records stream from :mod:`cleaner.batch.files` in windows to the worker
processes of :mod:`cleaner.batch.pool` (each builds its :class:`~cleaner.engine.Cleaner` once),
come back in input order, and are written and made durable window by window, so memory stays
bounded and a killed run can ``--resume``. Every input record gives exactly one output record
(:mod:`cleaner.batch.record`): a bad record, one that runs past ``--timeout`` or one whose worker
dies gets an ``error`` field instead of the clean text, and the run goes on.

The loop hands the pool one bounded window at a time and keeps only two windows in flight: the
workers stay busy while the next window is read, and no more than two windows are in memory.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from tqdm import tqdm

from cleaner.batch.files import GZIP_MAGIC, ZSTD_MAGIC, BatchUsageError, Item, Sink, Source, open_source
from cleaner.batch.pool import CHUNK_RECORDS, clean_in_workers
from cleaner.batch.record import DEFAULT_TIMEOUT_S, BatchOptions, Outcome, clean_record

__all__ = ["BatchOptions", "Outcome", "Summary", "clean_record", "run_batch", "DEFAULT_TIMEOUT_S"]

CHUNKS_PER_WINDOW = 4
PROGRESS_EVERY_S = 0.25
MB = 1_000_000


def _windows(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    window: list[Item] = []
    for item in items:
        window.append(item)
        if len(window) == size:
            yield window
            window = []
    if window:
        yield window


@dataclass(slots=True)
class Summary:
    """What a run did: counted as records are written."""

    records: int = 0
    errors: int = 0
    skipped: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    chars_in: int = 0
    chars_out: int = 0
    seconds: float = 0.0
    complete: bool = False  # --resume found the output finished: nothing was done

    def add(self, outcome: Outcome) -> None:
        """Count one written record."""
        self.records += 1
        self.errors += outcome.error
        self.bytes_in += outcome.bytes_in
        self.chars_in += outcome.chars_in
        self.chars_out += outcome.chars_out

    def line(self) -> str:
        """The one-line summary.

        >>> Summary(10, 1, 0, 2_000_000, 1_500_000, 1000, 600, 2.0).line()
        '10 records, 1 errors, 2.0 MB in, 1.5 MB out, 40.0% of text removed, 2.0 s (5.0 docs/s)'
        """
        if self.complete:
            return "nothing to do: the output is complete (run without --resume to clean everything again)"
        removed = 100 * (1 - self.chars_out / self.chars_in) if self.chars_in else 0.0
        rate = self.records / self.seconds if self.seconds else 0.0
        resumed = f" (resumed after {self.skipped})" if self.skipped else ""
        return (f"{self.records} records{resumed}, {self.errors} errors, {self.bytes_in / MB:.1f} MB in, "
                f"{self.bytes_out / MB:.1f} MB out, {removed:.1f}% of text removed, "
                f"{self.seconds:.1f} s ({rate:.1f} docs/s)")


class _Progress:
    """The progress bar on stderr (tqdm): with a total, percentage, rate and ETA where the input's
    size is known: records of page files and Parquet, bytes of an uncompressed JSONL file (its
    lines' sizes add up to the file's); a count and a rate otherwise (stdin, compressed input)."""

    def __init__(self, enabled: bool, source: Source, done: int) -> None:
        total, self.by_bytes = _input_size(source, done) if enabled else (None, False)
        self.bar = tqdm(total=total, initial=0 if self.by_bytes else done, disable=not enabled,
                        unit="B" if self.by_bytes else "rec", unit_scale=self.by_bytes,
                        file=sys.stderr, mininterval=PROGRESS_EVERY_S, dynamic_ncols=True)

    def show(self, window: Sequence[Outcome], summary: Summary) -> None:
        self.bar.update(sum(o.bytes_in for o in window) if self.by_bytes else len(window))
        if self.by_bytes or summary.errors:
            self.bar.set_postfix_str(f"{summary.records} records, {summary.errors} errors", refresh=False)

    def close(self) -> None:
        self.bar.close()


def _input_size(source: Source, done: int) -> tuple[int | None, bool]:
    """The progress bar's total and whether it counts bytes (else records)."""
    if source.kind == "pages":
        return len(source.pages), False
    if source.kind == "parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(source.name).metadata.num_rows), False
    if source.kind == "archive" or source.name == "-" or done:
        # Pages of an archive are counted as read; a resumed run's byte offset is not known.
        return None, False
    with open(source.name, "rb") as head:
        if head.read(4).startswith((GZIP_MAGIC, ZSTD_MAGIC)):
            return None, False  # compressed: the file's size is not the text's
    return os.path.getsize(source.name), True


def _outcomes(items: Iterable[Item], options: BatchOptions) -> Iterator[list[Outcome]]:
    """Cleaned windows in input order, from worker processes watched by the parent (even for
    one job: only from outside can a record that ignores its timeout be stopped)."""
    window_size = CHUNK_RECORDS * CHUNKS_PER_WINDOW * max(options.jobs, 1)
    yield from clean_in_workers(_windows(items, window_size), options)


def run_batch(source_name: str, sink_name: str, options: BatchOptions, *, resume: bool = False,
              progress: bool = False, overwrite: bool = False) -> Summary:
    """Clean every record of ``source_name`` into ``sink_name``; return what was done.

    A partial output of an earlier run is continued with ``resume`` or replaced with
    ``overwrite``; otherwise the run refuses (:class:`BatchUsageError`) rather than lose it.
    ``resume`` onto a finished output does nothing (``Summary.complete``).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "in.jsonl").write_text('{"id": "a", "title": "No text"}\\n')
    >>> run_batch(str(folder / "in.jsonl"), str(folder / "out.jsonl"), BatchOptions()).errors
    1
    >>> (folder / "out.jsonl").read_text()
    '{"id": "a", "title": "No text", "clean_text": null, "error": "line 1: field \\'text\\' is missing"}\\n'
    >>> run_batch(str(folder / "in.jsonl"), str(folder / "out.jsonl"), BatchOptions(), resume=True).line()
    'nothing to do: the output is complete (run without --resume to clean everything again)'
    """
    if options.repeated and not hasattr(_engine_cleaner(), "clean_many"):
        raise BatchUsageError("--repeated needs Cleaner.clean_many, which this version of cleaner lacks")
    source = open_source(source_name)
    if sink_name != "-":
        partial = Sink.partial_path(sink_name)
        if resume and not os.path.exists(partial) and os.path.exists(sink_name):
            return Summary(complete=True)
        if not resume and not overwrite and os.path.exists(partial):
            raise BatchUsageError(f"{sink_name}: an earlier run left a partial output ({partial}): "
                                  "continue it with --resume, or start again with --overwrite")
    sink = Sink(sink_name, resume=resume)
    summary = Summary(skipped=sink.done)
    meter = _Progress(progress, source, sink.done)
    start = time.monotonic()
    try:
        for window in _outcomes(source.items(skip=sink.done), options):
            for outcome in window:
                sink.write(outcome.line)
                summary.add(outcome)
            sink.commit()
            meter.show(window, summary)
        sink.finish(source.schema())
    finally:
        meter.close()
        sink.close()
    summary.bytes_out = sink.bytes_written
    summary.seconds = time.monotonic() - start
    return summary


def _engine_cleaner() -> type:
    from cleaner.engine import Cleaner

    return Cleaner
