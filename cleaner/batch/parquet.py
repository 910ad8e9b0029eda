"""Parquet output for ``cleaner batch``: the JSONL spool converted, the input's column types kept.

One job: types across the spool. Output lines are JSON (so that a killed run resumes from a
prefix, see :mod:`cleaner.batch.files`), and JSON has no bytes, dates or decimals: :func:`portable`
writes them as text (base64, ISO 8601, digits), and :func:`spool_to_parquet` reads each column of
a Parquet input back into its own type, so that a Parquet round trip changes no column's type.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
from collections.abc import Iterator
from typing import Any

__all__ = ["portable", "spool_to_parquet", "SPOOL_BATCH_ROWS"]

# Rows per batch when converting the JSONL spool to Parquet: large enough for good row groups,
# small enough to stay far below the memory budget with page-sized texts.
SPOOL_BATCH_ROWS = 2048


def portable(value: Any) -> Any:
    """A JSON value for a value that JSON lacks (Parquet rows hold them): bytes in base64, dates
    and times in ISO 8601, decimals and anything else as their text. Parquet output turns them
    back into the input column's type.

    >>> portable(b"\\x00\\xff"), portable(datetime.date(2024, 2, 29)), portable(decimal.Decimal("1.50"))
    ('AP8=', '2024-02-29', '1.50')
    """
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _restore(values: list[Any], kind: Any) -> Any:
    """A column of Parquet type ``kind`` from the JSON values :func:`portable` made of it."""
    import pyarrow as pa

    types = pa.types
    read: Any = None
    if types.is_binary(kind) or types.is_large_binary(kind) or types.is_fixed_size_binary(kind):
        read = base64.b64decode
    elif types.is_timestamp(kind):
        read = datetime.datetime.fromisoformat
    elif types.is_date(kind):
        read = datetime.date.fromisoformat
    elif types.is_time(kind):
        read = datetime.time.fromisoformat
    elif types.is_decimal(kind):
        read = decimal.Decimal
    if read is not None:
        values = [read(v) if isinstance(v, str) else v for v in values]
    return pa.array(values, type=kind)


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


def spool_to_parquet(spool: str, target: str, given: Any = None) -> None:
    # Two passes keep memory bounded: the first unifies the schema of every batch (a field that
    # is null in one batch and a string in the next, an `error` column that only some batches
    # have), the second writes each batch in that schema. The columns of a Parquet input
    # (``given``, its schema) keep their types: JSON spools them as text (see portable).
    import pyarrow as pa
    import pyarrow.parquet as pq

    kept = {f.name: f for f in given} if given is not None else {}
    # from_pylist alone would take the columns of the first row only; every key of every row counts.
    schemas = [pa.Table.from_pydict({key: [row.get(key) for row in batch]
                                     for key in dict.fromkeys(k for row in batch for k in row) if key not in kept}).schema
               for batch in _spool_batches(spool)]
    found = pa.unify_schemas(schemas, promote_options="permissive") if schemas else pa.schema([])
    schema = pa.schema([*kept.values(), *found])
    with pq.ParquetWriter(target, schema) as writer:
        for batch in _spool_batches(spool):
            arrays = [_restore([row.get(f.name) for row in batch], f.type) if f.name in kept
                      else pa.array([row.get(f.name) for row in batch], type=f.type) for f in schema]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
