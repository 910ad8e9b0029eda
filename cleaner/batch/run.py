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

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cleaner.batch.files import BatchUsageError, Item, Sink, open_source
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
        removed = 100 * (1 - self.chars_out / self.chars_in) if self.chars_in else 0.0
        rate = self.records / self.seconds if self.seconds else 0.0
        resumed = f" (resumed after {self.skipped})" if self.skipped else ""
        return (f"{self.records} records{resumed}, {self.errors} errors, {self.bytes_in / MB:.1f} MB in, "
                f"{self.bytes_out / MB:.1f} MB out, {removed:.1f}% of text removed, "
                f"{self.seconds:.1f} s ({rate:.1f} docs/s)")


class _Progress:
    """A one-line progress report on stderr, redrawn at most every PROGRESS_EVERY_S."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.start = self.last = time.monotonic()

    def show(self, summary: Summary, final: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not final and now - self.last < PROGRESS_EVERY_S):
            return
        self.last = now
        rate = summary.records / (now - self.start) if now > self.start else 0.0
        end = "\n" if final else ""
        print(f"\r{summary.records} records  {rate:.1f} docs/s  {summary.errors} errors  "
              f"{summary.bytes_in / MB:.1f} MB", end=end, file=sys.stderr, flush=True)


def _outcomes(items: Iterable[Item], options: BatchOptions) -> Iterator[list[Outcome]]:
    """Cleaned windows in input order, from worker processes watched by the parent (even for
    one job: only from outside can a record that ignores its timeout be stopped)."""
    window_size = CHUNK_RECORDS * CHUNKS_PER_WINDOW * max(options.jobs, 1)
    yield from clean_in_workers(_windows(items, window_size), options)


def run_batch(source_name: str, sink_name: str, options: BatchOptions, *, resume: bool = False,
              progress: bool = False) -> Summary:
    """Clean every record of ``source_name`` into ``sink_name``; return what was done.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "in.jsonl").write_text('{"id": "a", "title": "No text"}\\n')
    >>> run_batch(str(folder / "in.jsonl"), str(folder / "out.jsonl"), BatchOptions()).errors
    1
    >>> (folder / "out.jsonl").read_text()
    '{"id": "a", "title": "No text", "clean_text": null, "error": "line 1: field \\'text\\' is missing"}\\n'
    """
    if options.repeated and not hasattr(_engine_cleaner(), "clean_many"):
        raise BatchUsageError("--repeated needs Cleaner.clean_many, which this version of cleaner lacks")
    source = open_source(source_name)
    sink = Sink(sink_name, resume=resume)
    summary = Summary(skipped=sink.done)
    meter = _Progress(progress)
    start = time.monotonic()
    try:
        for window in _outcomes(source.items(skip=sink.done), options):
            for outcome in window:
                sink.write(outcome.line)
                summary.add(outcome)
            sink.commit()
            meter.show(summary)
        sink.finish(source.schema())
    finally:
        sink.close()
    summary.bytes_out = sink.bytes_written
    summary.seconds = time.monotonic() - start
    meter.show(summary, final=True)
    return summary


def _engine_cleaner() -> type:
    from cleaner.engine import Cleaner

    return Cleaner
