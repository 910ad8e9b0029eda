"""One record of ``cleaner batch``: parse it, clean it under ``--timeout``, write its output line.

One job: turn one input record (a JSONL line, a Parquet row, a page file, a page of a web archive)
into exactly one output line, whatever is wrong with it. A line that is not JSON, a record without
the text field, a page that fails to clean or runs past ``--timeout`` keeps its fields (or its
line number) and gets an ``error`` field instead of the clean text. :mod:`cleaner.batch.pool` runs
this in workers, :mod:`cleaner.batch.run` drives a whole run.
"""

from __future__ import annotations

import json
import math
import os
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from cleaner.batch.archive import ArchivePage
from cleaner.batch.files import Item, PageFile, Payload
from cleaner.batch.parquet import portable
from cleaner.heuristics.confidence import Favor
from cleaner.result import Result
from cleaner.text.read import decode, not_text

__all__ = ["BatchOptions", "Outcome", "RecordTimeout", "clean_record", "clean_window_repeated", "failed_record",
           "on_alarm", "stop_hard", "DEFAULT_TIMEOUT_S", "TIMED_OUT_EXIT"]

DEFAULT_TIMEOUT_S = 10.0


class _Cleans(Protocol):
    def clean(self, text: str | bytes, *, url: str | None = None, site: str | None = None,
              output: str | None = None) -> Result: ...


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """What ``cleaner batch`` does with each record: field names, extras, limits, rules."""

    text_field: str = "text"
    url_field: str = "url"
    host_field: str = "host"
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


class RecordTimeout(BaseException):
    """Raised by the alarm handler when one record runs past ``--timeout``. Not an ``Exception``,
    so that code which catches every ``Exception`` (an extractor's fallback) lets it through."""


# In a worker process, a record still running STOP_AFTER_S after its alarm (it caught the
# exception and went on) ends the worker with TIMED_OUT_EXIT; the pool reports it as timed out.
STOP_AFTER_S = 1.0
TIMED_OUT_EXIT = 124
_ALARM = {"fired": False, "hard": False}


def on_alarm(signum: int, frame: object) -> None:
    """The ``SIGALRM`` handler of a process that cleans records: the first alarm of a record
    raises :class:`RecordTimeout`; in a worker (see :func:`stop_hard`), a second one ends it."""
    if _ALARM["fired"] and _ALARM["hard"]:
        os._exit(TIMED_OUT_EXIT)
    _ALARM["fired"] = True
    raise RecordTimeout


def stop_hard() -> None:
    """Let a second alarm end this process (call it in worker processes only)."""
    _ALARM["hard"] = True


# Records that are pages (a page file's, an archive's): their id is their own, and their bytes
# are a page's.
_PAGES = (PageFile, ArchivePage)


def _parse(number: int, payload: Payload, options: BatchOptions) -> tuple[dict[str, Any], str | bytes | None, str]:
    """The record, its page text (None when missing) and, if it cannot be read, why."""
    if isinstance(payload, PageFile):
        with open(payload.path, "rb") as page:
            return {options.id_field: payload.id}, page.read(), ""
    if isinstance(payload, ArchivePage):
        return {options.id_field: payload.id, options.url_field: payload.url, "date": payload.date}, payload.content, ""
    if isinstance(payload, bytes):
        try:
            record = json.loads(payload.decode("utf-8", errors="replace"))
        except ValueError as error:  # JSONDecodeError, or an integer of more digits than Python converts
            return {"line": number}, None, f"line {number}: not JSON: {error}"
        except RecursionError:
            return {"line": number}, None, f"line {number}: not JSON: nested too deeply"
        if not isinstance(record, dict):
            return {"line": number}, None, f"line {number}: not a JSON object but {type(record).__name__}"
    else:
        record = payload
    text = record.get(options.text_field)
    where = f"line {number}" if isinstance(payload, bytes) else f"row {number}"
    if text is None:
        missing = "is null" if options.text_field in record else "is missing"
        return record, None, f"{where}: field {options.text_field!r} {missing}"
    if not isinstance(text, (str, bytes)):
        return record, None, f"{where}: field {options.text_field!r} is {type(text).__name__}, not a string"
    return record, text, ""


def _clean_timed(cleaner: _Cleans, text: str | bytes, url: str | None, options: BatchOptions) -> Result:
    if options.timeout <= 0:
        return cleaner.clean(text, url=url, output=options.output)
    if signal.getsignal(signal.SIGALRM) is not on_alarm:
        signal.signal(signal.SIGALRM, on_alarm)
    start = time.monotonic()
    _ALARM["fired"] = False
    signal.setitimer(signal.ITIMER_REAL, options.timeout, STOP_AFTER_S)
    try:
        result = cleaner.clean(text, url=url, output=options.output)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    if time.monotonic() - start > options.timeout:  # the alarm fired and was swallowed
        raise RecordTimeout
    return result


@dataclass(slots=True)
class _Pending:
    """A parsed record waiting for its clean text, or for the error that replaces it."""

    record: dict[str, Any]
    text: str | bytes | None
    url: str | None
    problem: str
    bytes_in: int
    result: Result | None = None


def _prepare(item: Item, options: BatchOptions) -> _Pending:
    number, payload = item
    try:
        return _read(number, payload, options)
    except OSError as error:
        page = payload.id if isinstance(payload, _PAGES) else number
        return _Pending({options.id_field: page}, None, None, f"cannot read: {error.strerror or error}", 0)
    except Exception as error:  # one unreadable record must not end the run: it is reported
        page = payload.id if isinstance(payload, _PAGES) else number
        key = options.id_field if isinstance(payload, _PAGES) else "line"
        return _Pending({key: page}, None, None, f"cannot read: {type(error).__name__}: {error}", 0)


def _read(number: int, payload: Payload, options: BatchOptions) -> _Pending:
    record, text, problem = _parse(number, payload, options)
    if isinstance(payload, _PAGES) and text is not None:
        bytes_in = len(text)
        kind = not_text(text) if isinstance(text, bytes) else None
        if kind:  # its bytes as text would be mojibake: the file stays where it is
            where = payload.path if isinstance(payload, PageFile) else f"page {number} ({payload.id})"
            return _Pending(record, None, None, f"{where}: not text but {kind}", bytes_in)
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
    line = (_dumps(record) + "\n").encode("utf-8", "backslashreplace")
    return Outcome(line, pending.bytes_in, chars_in, chars_out, bool(pending.problem))


# Characters that JSON lets a string hold as they are but that line readers other than a
# "\n" split take for line ends (Python's str.splitlines, editors): written escaped, so that a
# record is one line to every reader.
_LINE_ENDS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _dumps(record: dict[str, Any]) -> str:
    """``record`` as one line of JSON. JSON has no NaN or infinity (Python reads them, and a
    number like 1e999 becomes one): they are written as null, as pandas and Spark write them.

    >>> _dumps({"a": float("nan"), "b": [1e999, 2.5]})
    '{"a": null, "b": [null, 2.5]}'
    >>> print(_dumps({"text": "one\u2028two\x85three\u2029"}))
    {"text": "one\\u2028two\\u0085three\\u2029"}
    """
    try:
        line = json.dumps(record, ensure_ascii=False, default=portable, allow_nan=False)
    except ValueError:
        line = json.dumps(_finite(record), ensure_ascii=False, default=portable, allow_nan=False)
    if not line.isascii() and ("\x85" in line or "\u2028" in line or "\u2029" in line):
        line = line.translate(_LINE_ENDS)
    return line


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


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
    _clean_pending(pending, cleaner, options)
    return _finish(pending, pending.result, options)


def _clean_pending(pending: _Pending, cleaner: _Cleans, options: BatchOptions) -> None:
    if pending.problem or pending.text is None:
        return
    try:
        pending.result = _clean_timed(cleaner, pending.text, pending.url, options)
    except RecordTimeout:
        pending.problem = f"timed out after {options.timeout:g} s"
    except Exception as error:  # one failing page must not end the run: it is reported
        pending.problem = f"cleaning failed: {type(error).__name__}: {error}"


def failed_record(item: Item, problem: str, options: BatchOptions) -> Outcome:
    """The output line of a record that could not be cleaned, saying why.

    >>> failed_record((4, b'{"id": 9, "text": "x"}'), "its worker process died", BatchOptions()).line
    b'{"id": 9, "text": "x", "clean_text": null, "error": "its worker process died"}\\n'
    """
    pending = _prepare(item, options)
    pending.problem = pending.problem or problem
    return _finish(pending, None, options)


def _host(record: dict[str, Any], options: BatchOptions) -> str | None:
    """The site a record names in its host field: what groups a page without a URL."""
    host = record.get(options.host_field)
    return host if isinstance(host, str) and host else None


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
    try:
        many = cleaner.clean_many(({"text": p.text, "url": p.url, "host": _host(p.record, options),
                                    "id": p.record.get(options.id_field)} for p in todo), output=options.output)
        results = {id(p): r for p, r in zip(todo, many)}
    except Exception:  # one record broke the window: each is cleaned on its own instead
        results = {}
        for pending in todo:
            _clean_pending(pending, cleaner, options)
            if pending.result is not None:
                results[id(pending)] = pending.result
    return [_finish(p, results.get(id(p)), options) for p in pendings]

