"""Hostile batch inputs and output targets: one bad record costs only itself; a bad input file
or output path gets a message naming it (exit 3 or 2), never a traceback or a wrong success."""

from __future__ import annotations

import datetime
import decimal
import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest

from cleaner.batch.run import BatchOptions, run_batch
from cleaner.tools.cli import main
from conftest import within

BOUND = 60.0
BODY = "The vote was close, said the clerk of the council."
GOOD = json.dumps({"id": "good", "text": BODY}).encode() + b"\n"


def _batch(tmp_path: Path, data: bytes, name: str = "in.jsonl", **options: Any) -> list[dict[str, Any]]:
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / "out.jsonl"
    within(BOUND, lambda: run_batch(str(source), str(out), BatchOptions(**options)))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("line, error", [
    (b'{"text": "x", "n": ' + b"1" * 5000 + b"}", "line 2: not JSON: Exceeds the limit (4300 digits) for integer "
                                                   "string conversion: value has 5000 digits; use "
                                                   "sys.set_int_max_str_digits() to increase the limit"),
    (b'{"a": ' * 100_000 + b"1" + b"}" * 100_000, "line 2: not JSON: nested too deeply"),
    (b"[" * 100_000, "line 2: not JSON: nested too deeply"),
    (b"\xff\xfe{", "line 2: not JSON: Expecting value: line 1 column 1 (char 0)"),
], ids=["huge-integer", "deep-object", "deep-array", "bad-bytes"])
def test_one_bad_record_costs_only_itself(tmp_path: Path, line: bytes, error: str) -> None:
    rows = _batch(tmp_path, GOOD + line + b"\n" + GOOD)
    assert rows == [{"id": "good", "text": BODY, "clean_text": BODY}, {"line": 2, "clean_text": None, "error": error},
                    {"id": "good", "text": BODY, "clean_text": BODY}]


def test_a_byte_order_mark_is_not_part_of_the_first_record(tmp_path: Path) -> None:
    assert _batch(tmp_path, b"\xef\xbb\xbf" + GOOD) == [{"id": "good", "text": BODY, "clean_text": BODY}]


def test_nan_and_infinity_are_written_as_null(tmp_path: Path) -> None:
    data = b'{"text": "%s", "a": NaN, "b": [Infinity, -Infinity], "c": 1e999, "d": 2.5}\n' % BODY.encode()
    (tmp_path / "in.jsonl").write_bytes(data)
    assert main(["batch", str(tmp_path / "in.jsonl"), str(tmp_path / "out.jsonl"), "--jobs", "1"]) == 0
    line = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert json.loads(line, parse_constant=lambda name: pytest.fail(f"{name} in the output")) == {
        "text": BODY, "a": None, "b": [None, None], "c": None, "d": 2.5, "clean_text": BODY}


def test_repeated_mode_with_a_url_that_does_not_parse(tmp_path: Path) -> None:
    records = [{"id": n, "url": "http://[oops/x" if n == 1 else f"https://a.example/{n}", "text": BODY}
               for n in range(4)]
    rows = _batch(tmp_path, b"".join(json.dumps(r).encode() + b"\n" for r in records), repeated=True)
    assert [row.get("error") for row in rows] == [None] * 4
    assert [row["clean_text"] for row in rows] == [BODY] * 4


def test_a_page_declaring_a_charset_that_is_not_text(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_bytes(b'<html><head><meta charset="base64"></head><body><p>' + BODY.encode()
                                   + b" Caf\xe9.</p></body></html>")
    (pages / "b.txt").write_text(BODY, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(pages), str(out), "--jobs", "1"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["clean_text"]) for r in rows] == [("a.html", f"{BODY} Café."), ("b.txt", BODY)]


def test_a_glob_does_not_follow_a_symlink_loop(tmp_path: Path) -> None:
    sub = tmp_path / "pages" / "sub"
    sub.mkdir(parents=True)
    for n in range(3):
        (sub / f"p{n}.txt").write_text(f"{BODY} Page {n}.", encoding="utf-8")
    (sub / "loop").symlink_to("..")
    for source in (str(tmp_path / "pages" / "**" / "*.txt"), str(tmp_path / "pages")):
        out = tmp_path / "out.jsonl"
        assert main(["batch", source, str(out), "--jobs", "1"]) == 0
        assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def _compressed(kind: str) -> bytes:
    data = GOOD * 2000
    if kind.startswith("gzip"):
        packed = bytearray(gzip.compress(data))
    else:
        import zstandard

        # Without a checksum (zstd's default), a flipped byte may decode to other bytes unnoticed.
        packed = bytearray(zstandard.ZstdCompressor(write_checksum=True).compress(data))
    if kind.endswith("truncated"):
        return bytes(packed[: len(packed) - 20])
    packed[len(packed) // 2] ^= 0xFF
    if kind.startswith("gzip"):
        packed[-6] ^= 0xFF  # the CRC
    return bytes(packed)


@pytest.mark.parametrize("kind, reason", [
    ("gzip-truncated", "Compressed file ended before the end-of-stream marker was reached"),
    ("gzip-corrupt", ""),
    ("zstd-truncated", "compressed file ended before the end-of-stream marker was reached"),
    ("zstd-corrupt", ""),
])
def test_a_corrupt_or_truncated_input_fails_naming_the_file(tmp_path: Path, kind: str, reason: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(_compressed(kind))
    assert main(["batch", str(source), str(tmp_path / "out.jsonl"), "--jobs", "1"]) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"error: {source}: after line ") and ": corrupt or truncated input: " in err
    assert reason in err and "Traceback" not in err
    assert not (tmp_path / "out.jsonl").exists()


def test_two_zstd_frames_are_one_input(tmp_path: Path) -> None:
    import zstandard

    frame = zstandard.ZstdCompressor().compress(GOOD * 3)
    assert len(_batch(tmp_path, frame + frame, name="in.jsonl.zst")) == 6


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
