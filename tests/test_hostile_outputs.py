"""Hostile output targets: ``-`` or a regular file, else a clear refusal (exit 2) that leaves the
path as it was; what is written is valid JSON, and Parquet keeps the input's column types."""

from __future__ import annotations

import datetime
import decimal
import json
import os
from pathlib import Path
from typing import Any

import pytest

from cleaner.tools.cli import main

BODY = "The vote was close, said the clerk of the council."
GOOD = json.dumps({"id": "good", "text": BODY}).encode() + b"\n"


def test_nan_and_infinity_are_written_as_null(tmp_path: Path) -> None:
    data = b'{"text": "%s", "a": NaN, "b": [Infinity, -Infinity], "c": 1e999, "d": 2.5}\n' % BODY.encode()
    (tmp_path / "in.jsonl").write_bytes(data)
    assert main(["batch", str(tmp_path / "in.jsonl"), str(tmp_path / "out.jsonl"), "--jobs", "1"]) == 0
    line = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert json.loads(line, parse_constant=lambda name: pytest.fail(f"{name} in the output")) == {
        "text": BODY, "a": None, "b": [None, None], "c": None, "d": 2.5, "clean_text": BODY}


@pytest.mark.parametrize("make, what", [
    (lambda p: os.mkfifo(p), "is a FIFO"),
    (lambda p: p.symlink_to(p.with_name("real.jsonl")), "is a symbolic link"),
    (lambda p: p.mkdir(), "is a directory"),
], ids=["fifo", "symlink", "directory"])
def test_an_output_that_is_not_a_regular_file_is_refused(tmp_path: Path, make: Any, what: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in.jsonl").write_bytes(GOOD)
    target = tmp_path / "out.jsonl"
    make(target)
    assert main(["batch", str(tmp_path / "in.jsonl"), str(target)]) == 2
    assert capsys.readouterr().err == f"error: {target}: {what}, not a regular file: name a file, or - for stdout\n"
    assert not target.is_file() or target.is_symlink()


def test_a_device_output_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in.jsonl").write_bytes(GOOD)
    assert main(["batch", str(tmp_path / "in.jsonl"), "/dev/null"]) == 2
    assert capsys.readouterr().err == ("error: /dev/null: is a character device, not a regular file: "
                                       "name a file, or - for stdout\n")
    assert Path("/dev/null").is_char_device()


def test_parquet_keeps_column_types(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    stamp = datetime.datetime(2024, 2, 29, 12, 30, 15, 123456, tzinfo=datetime.timezone.utc)
    table = pa.table({
        "id": pa.array([1, 2], pa.int64()),
        "text": [BODY, None],
        "when": pa.array([stamp, None], pa.timestamp("us", tz="UTC")),
        "day": pa.array([datetime.date(2024, 2, 29), datetime.date(1999, 12, 31)], pa.date32()),
        "at": pa.array([datetime.time(23, 59, 1), None], pa.time64("us")),
        "price": pa.array([decimal.Decimal("12.50"), decimal.Decimal("-0.01")], pa.decimal128(10, 2)),
        "raw": pa.array([b"\x00\xff", b""], pa.binary()),
        "score": pa.array([float("nan"), 1.5], pa.float64()),
    })
    pq.write_table(table, tmp_path / "in.parquet")
    assert main(["batch", str(tmp_path / "in.parquet"), str(tmp_path / "out.parquet"), "--jobs", "1"]) == 0
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.schema.names == [*table.schema.names, "clean_text", "error"]
    for name in table.schema.names:
        assert out.schema.field(name).type == table.schema.field(name).type
    assert out.select(table.schema.names[:-1]).to_pylist() == table.select(table.schema.names[:-1]).to_pylist()
    assert out.column("clean_text").to_pylist() == [BODY, None]
    # JSON has no NaN: the spool writes it as null, which Parquet reads as a missing value.
    assert out.column("score").to_pylist() == [None, 1.5]
