"""The records of a batch, streamed in chunks of one host's pages: what repetition compares.

One job: check the records given to :meth:`Cleaner.clean_many <cleaner.engine.Cleaner.clean_many>`
and cut them into chunks of consecutive records of one host, of at most
:data:`~cleaner.heuristics.repeat.MAX_BUFFER` pages each (read when called, so that a caller may
set it), for :mod:`cleaner.heuristics.repeat` to compare.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby
from typing import Any

from cleaner.heuristics import repeat
from cleaner.rules.ruleset import host_of

__all__ = ["checked", "chunks", "record_host"]


def record_host(record: Mapping[str, Any]) -> str:
    """The host a record's page came from: its URL's, else its ``host`` field (read as a URL's
    host is, so ``www.A.example`` and ``https://a.example/x`` are one site), else none."""
    for key in ("url", "host"):
        value = record.get(key)
        if isinstance(value, str) and value:
            return host_of(value)
    return ""


def checked(records: Iterable[Mapping[str, Any]]) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """Each record with its number from 1, once it is a mapping whose ``text`` is a str or bytes
    and whose ``url`` and ``host`` are strings or absent; else a ValueError naming the record."""
    for number, record in enumerate(records, start=1):
        name = f"record {number}" + (f" (id {record['id']!r})" if isinstance(record, Mapping) and "id" in record else "")
        if not isinstance(record, Mapping):
            raise ValueError(f"{name}: must be a dict with 'text' and 'url', not {type(record).__name__}")
        if not isinstance(record.get("text"), (str, bytes)):
            raise ValueError(f"{name}: 'text' must be a str or bytes")
        for key in ("url", "host"):
            if record.get(key) is not None and not isinstance(record.get(key), str):
                raise ValueError(f"{name}: '{key}' must be a str or None")
        yield number, record


def chunks(records: Iterator[tuple[int, Mapping[str, Any]]]) -> Iterator[tuple[bool, list[Mapping[str, Any]]]]:
    """Chunks of at most MAX_BUFFER records of one host; the flag marks a host's first chunk."""
    for host, group in groupby(records, key=lambda item: record_host(item[1])):
        if not host:
            for _, record in group:
                yield True, [record]
            continue
        chunk: list[Mapping[str, Any]] = []
        first = True
        for _, record in group:
            chunk.append(record)
            if len(chunk) == repeat.MAX_BUFFER:
                yield first, chunk
                chunk, first = [], False
        if chunk:
            yield first, chunk
