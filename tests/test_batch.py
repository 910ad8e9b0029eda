"""``cleaner batch``: one output record per input record, errors kept in place, every input and
output format, a killed run resumed to exactly the uninterrupted output, and the CLI's errors."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, ROOT, corpus_entries

from cleaner import Cleaner, Result
from cleaner.batch.run import BatchOptions, clean_record, run_batch
from cleaner.tools.cli import main

PAGES = [(CORPUS / e["path"]).read_text(encoding="utf-8") for e in corpus_entries()]
URLS = [e.get("url") for e in corpus_entries()]


def records(count: int) -> list[dict[str, Any]]:
    """``count`` records cycling through the corpus pages, each with an id, URL and extra field."""
    return [{"id": n, "url": URLS[n % len(URLS)], "text": PAGES[n % len(PAGES)], "lang": "en"}
            for n in range(count)]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def cleaned(rows: list[dict[str, Any]], cleaner: Cleaner) -> list[dict[str, Any]]:
    """What batch must write for good records: each input field, then the clean text."""
    return [{**r, "clean_text": cleaner.clean(r["text"], url=r["url"]).text} for r in rows]


def run_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "cleaner", "batch", *args], input=stdin,
                          capture_output=True, cwd=ROOT, check=False)


def test_broken_records_keep_their_place_and_say_why(tmp_path: Path, cleaner: Cleaner,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    good = records(2)
    lines = [json.dumps(good[0]), "{not json", "", json.dumps({"id": "x", "title": "no text"}),
             json.dumps({"id": "y", "text": None}), json.dumps({"id": "z", "text": 42}), "[1, 2]",
             json.dumps(good[1])]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["batch", str(source), str(tmp_path / "out.jsonl"), "--jobs", "2"]) == 0
    expected = cleaned(good, cleaner)
    assert read_jsonl(tmp_path / "out.jsonl") == [
        expected[0],
        {"line": 2, "clean_text": None, "error": "line 2: not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
        {"id": "x", "title": "no text", "clean_text": None, "error": "line 4: field 'text' is missing"},
        {"id": "y", "text": None, "clean_text": None, "error": "line 5: field 'text' is null"},
        {"id": "z", "text": 42, "clean_text": None, "error": "line 6: field 'text' is int, not a string"},
        {"line": 7, "clean_text": None, "error": "line 7: not a JSON object but list"},
        expected[1],
    ]
    assert capsys.readouterr().err.startswith("7 records, 5 errors, ")
    assert not (tmp_path / ".out.jsonl.partial").exists()


def test_a_page_that_fails_or_runs_too_long_gets_an_error() -> None:
    class Stubborn:
        def clean(self, text: str | bytes, **_: Any) -> Result:
            if text == "slow":
                time.sleep(2)
            raise RuntimeError("no article here")

    options = BatchOptions(timeout=0.05)
    previous = signal.getsignal(signal.SIGALRM)
    try:
        slow = clean_record((1, b'{"id": 1, "text": "slow"}'), Stubborn(), options)
        broken = clean_record((2, b'{"id": 2, "text": "x"}'), Stubborn(), options)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert json.loads(slow.line) == {"id": 1, "text": "slow", "clean_text": None, "error": "timed out after 0.05 s"}
    assert json.loads(broken.line) == {"id": 2, "text": "x", "clean_text": None,
                                       "error": "cleaning failed: RuntimeError: no article here"}
    assert slow.error and broken.error


def test_one_job_and_two_jobs_write_the_same(tmp_path: Path, cleaner: Cleaner) -> None:
    rows = records(150)
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    for jobs in (1, 2):
        summary = run_batch(str(source), str(tmp_path / f"out{jobs}.jsonl"), BatchOptions(jobs=jobs))
        assert (summary.records, summary.errors) == (150, 0)
    assert (tmp_path / "out1.jsonl").read_bytes() == (tmp_path / "out2.jsonl").read_bytes()
    assert read_jsonl(tmp_path / "out1.jsonl") == cleaned(rows, cleaner)


def test_gzip_and_zstd_input(tmp_path: Path, cleaner: Cleaner) -> None:
    import zstandard

    rows = records(5)
    plain = "".join(json.dumps(r) + "\n" for r in rows).encode()
    # The magic bytes decide, not the name: a gzip file called .jsonl is read as gzip.
    (tmp_path / "in.jsonl").write_bytes(gzip.compress(plain))
    (tmp_path / "in.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(plain))
    for name in ("in.jsonl", "in.jsonl.zst"):
        assert main(["batch", str(tmp_path / name), str(tmp_path / "out.jsonl"), "--quiet"]) == 0
        assert read_jsonl(tmp_path / "out.jsonl") == cleaned(rows, cleaner)


def test_stdin_to_stdout(cleaner: Cleaner) -> None:
    rows = records(3)
    done = run_cli("-", "-", "--jobs", "1", stdin="".join(json.dumps(r) + "\n" for r in rows).encode())
    assert done.returncode == 0, done.stderr
    assert [json.loads(line) for line in done.stdout.splitlines()] == cleaned(rows, cleaner)
    assert done.stderr.decode().startswith("3 records, 0 errors, ")


def test_metadata_decisions_and_field_names(tmp_path: Path, cleaner: Cleaner) -> None:
    rows = [{"key": "k1", "body": PAGES[0], "link": URLS[0]}]
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    assert main(["batch", str(source), str(tmp_path / "out.jsonl"), "--text-field", "body", "--url-field", "link",
                 "--id-field", "key", "--out-field", "article", "--with-metadata", "--with-decisions",
                 "--format", "markdown", "--quiet"]) == 0
    result = cleaner.clean(PAGES[0], url=URLS[0], output="markdown")
    assert read_jsonl(tmp_path / "out.jsonl") == [{
        **rows[0], "article": result.text, "metadata": result.metadata.to_dict(),
        "decisions": [d.to_dict() for d in result.decisions]}]


def test_repeated_uses_clean_many(tmp_path: Path, cleaner: Cleaner) -> None:
    rows = [{"id": n, "url": f"https://gazette.example/{n}",
             "text": f"Story number {n} ran on the front page today.\n\nThe Harbour Gazette, Dover, since 1871"}
            for n in range(4)]
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    assert main(["batch", str(source), str(tmp_path / "out.jsonl"), "--repeated", "--jobs", "2", "--quiet"]) == 0
    expected = [r.text for r in cleaner.clean_many(rows)]
    assert [r["clean_text"] for r in read_jsonl(tmp_path / "out.jsonl")] == expected


def test_repeated_groups_pages_without_urls_by_their_host_field(tmp_path: Path, cleaner: Cleaner) -> None:
    stories = ["The ferry company said the new timetable would start in May.",
               "Fishermen landed a record catch of sole on Tuesday.",
               "The council will repaint the lighthouse this summer."]
    footer = "The Harbour Gazette has been owned by its readers and printed in Dover since 1901."
    rows = [{"id": n, "site": "gazette.example", "text": f"{story}\n\n{footer}"} for n, story in enumerate(stories)]
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    assert main(["batch", str(source), str(tmp_path / "out.jsonl"), "--repeated", "--host-field", "site",
                 "--quiet"]) == 0
    assert [r["clean_text"] for r in read_jsonl(tmp_path / "out.jsonl")] == stories
    # Without a host, each page stands alone and keeps what it keeps alone.
    assert main(["batch", str(source), str(tmp_path / "alone.jsonl"), "--repeated", "--quiet"]) == 0
    assert [r["clean_text"] for r in read_jsonl(tmp_path / "alone.jsonl")] == [cleaner.clean(r["text"]).text
                                                                           for r in rows]
    assert footer in read_jsonl(tmp_path / "alone.jsonl")[0]["clean_text"]


def test_page_files_from_a_directory_and_a_glob(tmp_path: Path, cleaner: Cleaner) -> None:
    (tmp_path / "pages" / "sub").mkdir(parents=True)
    (tmp_path / "pages" / "a.md").write_text(PAGES[0], encoding="utf-8")
    (tmp_path / "pages" / "sub" / "b.txt").write_bytes(PAGES[1].encode("cp1252", "replace"))
    (tmp_path / "pages" / "notes.csv").write_text("ignored", encoding="utf-8")
    assert main(["batch", str(tmp_path / "pages"), str(tmp_path / "out.jsonl"), "--quiet"]) == 0
    out = read_jsonl(tmp_path / "out.jsonl")
    assert [(r["id"], r["clean_text"]) for r in out] == [
        ("a.md", cleaner.clean(PAGES[0]).text),
        ("sub/b.txt", cleaner.clean(PAGES[1].encode("cp1252", "replace")).text)]
    pattern = str(tmp_path / "pages" / "**" / "*.txt")
    assert main(["batch", pattern, str(tmp_path / "out.jsonl"), "--quiet"]) == 0
    assert [r["id"] for r in read_jsonl(tmp_path / "out.jsonl")] == [str(tmp_path / "pages" / "sub" / "b.txt")]


def test_parquet_round_trip(tmp_path: Path, cleaner: Cleaner) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = records(40)
    rows[3]["text"] = None
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in.parquet")
    assert main(["batch", str(tmp_path / "in.parquet"), str(tmp_path / "out.parquet"), "--jobs", "2", "--quiet"]) == 0
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.column_names == ["id", "url", "text", "lang", "clean_text", "error"]
    out = table.to_pylist()
    assert out[3] == {**rows[3], "clean_text": None, "error": "row 4: field 'text' is null"}
    good = [r for n, r in enumerate(rows) if n != 3]
    assert [r for n, r in enumerate(out) if n != 3] == [{**r, "error": None} for r in cleaned(good, cleaner)]


def test_resume_after_kill_gives_the_uninterrupted_output(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", records(1200))
    whole = run_cli(str(source), str(tmp_path / "whole.jsonl"), "--jobs", "2", "--quiet")
    assert whole.returncode == 0, whole.stderr
    target, partial = tmp_path / "out.jsonl", tmp_path / ".out.jsonl.partial"
    killed = subprocess.Popen([sys.executable, "-m", "cleaner", "batch", str(source), str(target), "--jobs", "2"],
                              cwd=ROOT, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and killed.poll() is None:
        if partial.exists() and partial.stat().st_size > 0 and partial.read_bytes().count(b"\n") >= 200:
            break
        time.sleep(0.01)
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    written = partial.read_bytes().count(b"\n")
    assert 200 <= written < 1200 and not target.exists()
    resumed = run_cli(str(source), str(target), "--jobs", "2", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert f"(resumed after {written})" in resumed.stderr.decode()
    assert target.read_bytes() == (tmp_path / "whole.jsonl").read_bytes()
    assert not partial.exists()


def test_resume_drops_a_trailing_partial_line(tmp_path: Path, cleaner: Cleaner) -> None:
    rows = records(5)
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    expected = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in cleaned(rows, cleaner))
    first_two = "".join(expected.splitlines(keepends=True)[:2])
    (tmp_path / ".out.jsonl.partial").write_text(first_two + '{"id": 2, "te', encoding="utf-8")
    summary = run_batch(str(source), str(tmp_path / "out.jsonl"), BatchOptions(), resume=True)
    assert (summary.skipped, summary.records) == (2, 3)
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == expected


def test_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", "no/such.jsonl", str(tmp_path / "out.jsonl")]) == 3
    assert capsys.readouterr().err == "error: no/such.jsonl: No such file or directory\n"
    assert main(["batch", "-", "-", "--resume"]) == 2
    assert capsys.readouterr().err == "error: --resume needs an output file, not stdout\n"
    assert main(["batch", "-", "-", "--jobs", "0"]) == 2
    assert capsys.readouterr().err == "error: --jobs must be 1 or more, not 0\n"
    assert main(["batch", str(tmp_path / "*.md"), "-"]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / '*.md'}: no files match this pattern\n"
    (tmp_path / "cut.jsonl").write_bytes(gzip.compress(b'{"text": "a"}\n' * 100)[:40])
    assert main(["batch", str(tmp_path / "cut.jsonl"), str(tmp_path / "out.jsonl")]) == 3
    assert capsys.readouterr().err.startswith(f"error: {tmp_path / 'cut.jsonl'}: after line 100: corrupt or truncated input: Compressed file ended before")
