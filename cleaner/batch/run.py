"""``cleaner batch IN OUT``: clean every record of a large input, in parallel, losing none.

One job: the batch loop. Records stream from :mod:`cleaner.batch.files` in windows to a process pool
(each worker builds its :class:`~cleaner.engine.Cleaner` once, in the pool initializer), come back
in input order, and are written and made durable window by window, so memory stays bounded and a
killed run can ``--resume``. Every input record gives exactly one output record: a line that is
not JSON, a record without the text field, a page that fails to clean or runs past ``--timeout``
keeps its fields (or its line number) and gets an ``error`` field instead of the clean text.

``multiprocessing.Pool.imap`` reads its whole input eagerly, so the loop hands it one bounded
window at a time and keeps only two windows in flight: the workers stay busy while the next
window is read, and no more than two windows are ever in memory.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing import Pool
from typing import Any, Protocol

from tqdm import tqdm

from cleaner.batch.files import (
    GZIP_MAGIC,
    ZSTD_MAGIC,
    BatchUsageError,
    Item,
    PageFile,
    Sink,
    Source,
    open_source,
)
from cleaner.heuristics.confidence import Favor
from cleaner.result import Result
from cleaner.text.read import decode

__all__ = ["BatchOptions", "Outcome", "Summary", "clean_record", "run_batch"]

CHUNK_RECORDS = 16
CHUNKS_PER_WINDOW = 4
DEFAULT_TIMEOUT_S = 10.0
PROGRESS_EVERY_S = 0.25
MB = 1_000_000


class _Cleans(Protocol):
    def clean(self, text: str | bytes, *, url: str | None = None, site: str | None = None,
              output: str | None = None) -> Result: ...


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """What ``cleaner batch`` does with each record: field names, extras, limits, rules."""

    text_field: str = "text"
    url_field: str = "url"
    id_field: str = "id"
    out_field: str = "clean_text"
    with_metadata: bool = False
    with_decisions: bool = False
    output: str = "text"
    timeout: float = DEFAULT_TIMEOUT_S
    rules: tuple[str, ...] = ()
    jobs: int = 1
    repeated: bool = False
    favor: Favor = "balanced"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One cleaned record as an output line, with the counts the summary adds up."""

    line: bytes
    bytes_in: int
    chars_in: int
    chars_out: int
    error: bool


class RecordTimeout(Exception):
    """Raised by the alarm handler when one record runs past ``--timeout``."""


def _on_alarm(signum: int, frame: object) -> None:
    raise RecordTimeout


def _parse(number: int, payload: bytes | dict[str, Any] | PageFile,
           options: BatchOptions) -> tuple[dict[str, Any], str | bytes | None, str]:
    """The record, its page text (None when missing) and, if it cannot be read, why."""
    if isinstance(payload, PageFile):
        with open(payload.path, "rb") as page:
            return {options.id_field: payload.id}, page.read(), ""
    if isinstance(payload, bytes):
        try:
            record = json.loads(payload.decode("utf-8", errors="replace"))
        except json.JSONDecodeError as error:
            return {"line": number}, None, f"line {number}: not JSON: {error}"
        if not isinstance(record, dict):
            return {"line": number}, None, f"line {number}: not a JSON object but {type(record).__name__}"
    else:
        record = payload
    text = record.get(options.text_field)
    if text is None:
        where = f"line {number}" if isinstance(payload, bytes) else f"row {number}"
        missing = "is null" if options.text_field in record else "is missing"
        return record, None, f"{where}: field {options.text_field!r} {missing}"
    if not isinstance(text, (str, bytes)):
        return record, None, f"field {options.text_field!r} is {type(text).__name__}, not a string"
    return record, text, ""


def _clean_timed(cleaner: _Cleans, text: str | bytes, url: str | None, options: BatchOptions) -> Result:
    if options.timeout <= 0:
        return cleaner.clean(text, url=url, output=options.output)
    if signal.getsignal(signal.SIGALRM) is not _on_alarm:
        signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, options.timeout)
    try:
        return cleaner.clean(text, url=url, output=options.output)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


@dataclass(slots=True)
class _Pending:
    """A parsed record waiting for its clean text, or for the error that replaces it."""

    record: dict[str, Any]
    text: str | bytes | None
    url: str | None
    problem: str
    bytes_in: int


def _prepare(item: Item, options: BatchOptions) -> _Pending:
    number, payload = item
    try:
        record, text, problem = _parse(number, payload, options)
    except OSError as error:
        page = payload.id if isinstance(payload, PageFile) else number
        return _Pending({options.id_field: page}, None, None, f"cannot read: {error.strerror}", 0)
    if isinstance(payload, PageFile) and text is not None:
        bytes_in = len(text)
        text = record[options.text_field] = decode(text) if isinstance(text, bytes) else text
    else:
        bytes_in = len(payload) if isinstance(payload, bytes) else 0
    url = record.get(options.url_field)
    return _Pending(record, text, url if isinstance(url, str) else None, problem, bytes_in)


def _finish(pending: _Pending, result: Result | None, options: BatchOptions) -> Outcome:
    record, chars_in, chars_out = pending.record, 0, 0
    if result is not None and pending.text is not None:
        chars_in, chars_out = len(pending.text), len(result.text)
        record[options.out_field] = result.text
        if options.with_metadata:
            record["metadata"] = result.metadata.to_dict()
        if options.with_decisions:
            record["decisions"] = [d.to_dict() for d in result.decisions]
    if isinstance(record.get(options.text_field), bytes):
        record[options.text_field] = decode(record[options.text_field])
    if pending.problem:
        record[options.out_field] = None
        record["error"] = pending.problem
    # backslashreplace turns a lone surrogate (valid in a JSON escape, not in UTF-8) back into
    # the same \\udXXX escape, so the line stays valid JSON and round-trips.
    line = (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode("utf-8", "backslashreplace")
    return Outcome(line, pending.bytes_in, chars_in, chars_out, bool(pending.problem))


def clean_record(item: Item, cleaner: _Cleans, options: BatchOptions) -> Outcome:
    """Clean one input record into one output line; never raises for a bad record.

    >>> from cleaner import Cleaner, Settings
    >>> rules_only = Cleaner(settings=Settings(heuristics=False))
    >>> out = clean_record((1, b'{"id": 7, "text": "Share this article\\\\n\\\\nThe vote was close."}'),
    ...                    rules_only, BatchOptions())
    >>> out.line
    b'{"id": 7, "text": "Share this article\\\\n\\\\nThe vote was close.", "clean_text": "The vote was close."}\\n'
    >>> clean_record((3, b'{"id": 8'), rules_only, BatchOptions()).line
    b'{"line": 3, "clean_text": null, "error": "line 3: not JSON: Expecting \\',\\' delimiter: line 1 column 9 (char 8)"}\\n'
    """
    pending = _prepare(item, options)
    result = None
    if not pending.problem and pending.text is not None:
        try:
            result = _clean_timed(cleaner, pending.text, pending.url, options)
        except RecordTimeout:
            pending.problem = f"timed out after {options.timeout:g} s"
        except Exception as error:  # one failing page must not end the run: it is reported
            pending.problem = f"cleaning failed: {type(error).__name__}: {error}"
    return _finish(pending, result, options)


def clean_window_repeated(window: Sequence[Item], cleaner: Any, options: BatchOptions) -> list[Outcome]:
    """Clean a window of records together with ``cleaner.clean_many``, which drops blocks that
    recur across pages of one host; a window is the unit, so sort a dump by host to help it.

    >>> from cleaner import Cleaner, Settings
    >>> window = [(1, b'{"text": "It rained."}'), (2, b'[]')]
    >>> [o.line for o in clean_window_repeated(window, Cleaner(settings=Settings(heuristics=False)), BatchOptions())]
    [b'{"text": "It rained.", "clean_text": "It rained."}\\n', b'{"line": 2, "clean_text": null, "error": "line 2: not a JSON object but list"}\\n']
    """
    pendings = [_prepare(item, options) for item in window]
    todo = [p for p in pendings if not p.problem and p.text is not None]
    results: dict[int, Result] = {}
    try:
        many = cleaner.clean_many(({"text": p.text, "url": p.url, "id": p.record.get(options.id_field)} for p in todo),
                                  output=options.output)
        results = {id(p): r for p, r in zip(todo, many)}
    except Exception as error:  # the window fails as a whole: every record in it says why
        for pending in todo:
            pending.problem = f"cleaning failed: {type(error).__name__}: {error}"
    return [_finish(p, results.get(id(p)), options) for p in pendings]


_WORKER: tuple[_Cleans, BatchOptions] | None = None


def _init_worker(options: BatchOptions) -> None:
    global _WORKER
    from cleaner.engine import Cleaner, Settings

    # The parent handles Ctrl-C and ends the pool; a worker dying of it would only add noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGALRM, _on_alarm)
    _WORKER = (Cleaner(rules=options.rules, settings=Settings(favor=options.favor)), options)


def _work(item: Item) -> Outcome:
    assert _WORKER is not None, "the pool initializer builds the worker's cleaner"
    return clean_record(item, *_WORKER)


def _work_window(window: list[Item]) -> list[Outcome]:
    assert _WORKER is not None, "the pool initializer builds the worker's cleaner"
    return clean_window_repeated(window, *_WORKER)


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
    if source.name == "-" or done:  # a resumed run's byte offset is not known, only its records
        return None, False
    with open(source.name, "rb") as head:
        if head.read(4).startswith((GZIP_MAGIC, ZSTD_MAGIC)):
            return None, False  # compressed: the file's size is not the text's
    return os.path.getsize(source.name), True


def _outcomes(items: Iterable[Item], options: BatchOptions) -> Iterator[list[Outcome]]:
    """Cleaned windows in input order: in this process for one job, else through a pool."""
    window_size = CHUNK_RECORDS * CHUNKS_PER_WINDOW * max(options.jobs, 1)
    if options.jobs <= 1:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        try:
            from cleaner.engine import Cleaner, Settings

            cleaner = Cleaner(rules=options.rules, settings=Settings(favor=options.favor))
            for window in _windows(items, window_size):
                if options.repeated:
                    yield clean_window_repeated(window, cleaner, options)
                else:
                    yield [clean_record(item, cleaner, options) for item in window]
        finally:
            signal.signal(signal.SIGALRM, previous)
        return
    # Repeated mode sends a whole window to one worker, so keep one window per worker in flight.
    limit = options.jobs + 1 if options.repeated else 2
    with Pool(options.jobs, initializer=_init_worker, initargs=(options,)) as pool:
        in_flight: deque[Callable[[], Iterable[Outcome]]] = deque()
        for window in _windows(items, window_size):
            if options.repeated:
                in_flight.append(pool.apply_async(_work_window, (window,)).get)
            else:
                in_flight.append(pool.imap(_work, window, chunksize=CHUNK_RECORDS).__iter__)
            if len(in_flight) >= limit:
                yield list(in_flight.popleft()())
        while in_flight:
            yield list(in_flight.popleft()())


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
        sink.finish()
    finally:
        meter.close()
        sink.close()
    summary.bytes_out = sink.bytes_written
    summary.seconds = time.monotonic() - start
    return summary


def _engine_cleaner() -> type:
    from cleaner.engine import Cleaner

    return Cleaner
