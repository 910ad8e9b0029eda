"""Hostile batch inputs: one bad record costs only itself; a corrupt or truncated input file gets
a message naming it (exit 3), never a traceback or a shorter output and exit 0."""

from __future__ import annotations

import gzip
import json
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


def test_a_lone_carriage_return_ends_a_line(tmp_path: Path) -> None:
    # Records ended by a lone CR read as one line, since JSON lets CR stand between tokens: the
    # first record failed ("Extra data") and took the others with it. CR, CR LF and LF each end
    # a line now (and a blank line between CRs is no record), gzipped as plain; a record broken
    # across a CR is two broken lines, as one broken across an LF is.
    other = json.dumps({"id": "other", "text": BODY}).encode()
    data = GOOD.rstrip() + b"\r" + other + b"\r\r" + b'{"id": 3,\r"text": "x"}' + b"\r\n" + GOOD.rstrip() + b"\r"
    rows = [{"id": "good", "text": BODY, "clean_text": BODY}, {"id": "other", "text": BODY, "clean_text": BODY},
            {"line": 4, "clean_text": None,
             "error": "line 4: not JSON: Expecting property name enclosed in double quotes: line 1 column 11 (char 10)"},
            {"line": 5, "clean_text": None, "error": "line 5: not JSON: Extra data: line 1 column 7 (char 6)"},
            {"id": "good", "text": BODY, "clean_text": BODY}]
    assert _batch(tmp_path, data) == rows
    assert _batch(tmp_path, gzip.compress(data), name="in.jsonl.gz") == rows


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_utf16_or_utf32_jsonl_file_is_read(tmp_path: Path, encoding: str) -> None:
    # As PowerShell's "Out-File" writes one (UTF-16 with a byte-order mark): every record read as
    # a broken line, its NUL bytes not JSON. Told as JSON tells it, without a mark too.
    data = ("\r\n".join([GOOD.decode().strip(), '{"id": "é", "text": "Café."}', "[1]"]) + "\r\n").encode(encoding)
    assert _batch(tmp_path, data) == [{"id": "good", "text": BODY, "clean_text": BODY},
                                      {"id": "é", "text": "Café.", "clean_text": "Café."},
                                      {"line": 3, "clean_text": None, "error": "line 3: not a JSON object but list"}]
    assert _batch(tmp_path, gzip.compress(data), name="in.jsonl.gz")[1] == {"id": "é", "text": "Café.", "clean_text": "Café."}


class _Trickle:
    """A stream that hands out its bytes a few at a time, as a pipe may."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size = data, size

    def read(self, limit: int = -1) -> bytes:
        piece, self.data = self.data[:self.size], self.data[self.size:]
        return piece


@pytest.mark.parametrize("size", [1, 2, 3, 7, 1000])
def test_line_ends_split_across_reads(size: int) -> None:
    from cleaner.batch.files import physical_lines

    data = b"a\r\nbb\rc\n\r\r\ndd\r"
    assert list(physical_lines(_Trickle(data, size))) == [b"a\r\n", b"bb\r", b"c\n", b"\r", b"\r\n", b"dd\r"]


def test_a_byte_order_mark_is_not_part_of_the_first_record(tmp_path: Path) -> None:
    assert _batch(tmp_path, b"\xef\xbb\xbf" + GOOD) == [{"id": "good", "text": BODY, "clean_text": BODY}]


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


def test_a_page_file_that_is_no_text_is_reported(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_bytes(gzip.compress(f"<p>{BODY}</p>".encode()))
    (pages / "b.txt").write_text(BODY, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(pages), str(out), "--jobs", "1", "--quiet"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows == [{"id": "a.html", "clean_text": None, "error": f"{pages / 'a.html'}: not text but gzip data"},
                    {"id": "b.txt", "text": BODY, "clean_text": BODY}]


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


def test_every_record_is_one_line_to_any_line_reader(tmp_path: Path) -> None:
    # JSON lets a string hold U+2028, U+2029 and NEL as they are, and they were written so: Python's
    # str.splitlines (as _batch reads) and editors take them for line ends, and one record read
    # as two broken lines. They are written escaped now. The other records are the odd lines a
    # crawl holds: CRLF ends, blank lines, the same id twice, no object, a text of the wrong type,
    # a last line without its newline; each gives one output line, in order.
    odd = "One\u2028two\u2029three\x85four."
    data = (json.dumps({"id": 1, "text": odd}, ensure_ascii=False).encode() + b"\r\n\r\n"
            + GOOD + b"   \n" + GOOD.replace(b"\n", b"\r\n") + b"[1]\n" + b'{"id": 2, "text": 7}\n' + GOOD.rstrip())
    source = tmp_path / "in.jsonl"
    source.write_bytes(data)
    out = tmp_path / "out.jsonl"
    within(BOUND, lambda: run_batch(str(source), str(out), BatchOptions()))
    written = out.read_text(encoding="utf-8")
    assert "\u2028" not in written and "\u2029" not in written and "\x85" not in written
    assert [json.loads(line) for line in written.splitlines()] == [
        {"id": 1, "text": odd, "clean_text": "One\ntwo\nthree\nfour."},
        {"id": "good", "text": BODY, "clean_text": BODY},
        {"id": "good", "text": BODY, "clean_text": BODY},
        {"line": 6, "clean_text": None, "error": "line 6: not a JSON object but list"},
        {"id": 2, "text": 7, "clean_text": None, "error": "line 7: field 'text' is int, not a string"},
        {"id": "good", "text": BODY, "clean_text": BODY},
    ]
