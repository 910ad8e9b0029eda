"""`cleaner batch` over web archives: the pages of WARC and WET files, written here with warcio's
own writer (no network, no archive fetched)."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner.batch.archive import archive_pages
from cleaner.batch.files import open_source
from cleaner.batch.run import BatchOptions, run_batch
from cleaner.tools.cli import main

FERRY = ("<html><head><title>The ferry returns</title></head><body><nav>Home | News | Sport</nav><article>"
         "<h1>The ferry returns</h1><p>The harbour ferry sailed again on Monday after a winter of repairs, and "
         "the first crossing was full by eight in the morning, the harbour master said.</p>"
         "<p>Café owners on the quay said trade had doubled.</p><p>Share this article</p></article></body></html>")
LIBRARY = ("Share this article\nThe council voted on Tuesday to keep the library open for another year, "
           "its chair said.\nFollow us on Twitter\n")


def _http(status: str, content_type: str) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")


def write_archive(path: Path, *, gzipped: bool = True, ids: tuple[str, str] = ("<urn:uuid:ferry>", "<urn:uuid:library>")) -> None:
    """A crawl's archive: its warcinfo, a request, the HTML page (in cp1252, as its header says),
    an image, a page not found, and the text Common Crawl's WET files hold (a conversion record)."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "a test"}))
        writer.write_record(writer.create_warc_record("https://a.example/ferry", "request", payload=io.BytesIO(b"GET /ferry")))
        writer.write_record(writer.create_warc_record(
            "https://a.example/ferry", "response", payload=io.BytesIO(FERRY.encode("cp1252")),
            http_headers=_http("200 OK", "text/html; charset=ISO-8859-1"),
            warc_headers_dict={"WARC-Record-ID": ids[0], "WARC-Date": "2026-11-30T10:00:00Z"}))
        writer.write_record(writer.create_warc_record(
            "https://a.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n"), http_headers=_http("200 OK", "image/png")))
        writer.write_record(writer.create_warc_record(
            "https://a.example/gone", "response", payload=io.BytesIO(b"<p>Not found</p>"), http_headers=_http("404 Not Found", "text/html")))
        writer.write_record(writer.create_warc_record(
            "https://b.example/library", "conversion", payload=io.BytesIO(LIBRARY.encode()), warc_content_type="text/plain",
            warc_headers_dict={"WARC-Record-ID": ids[1], "WARC-Date": "2026-11-30T11:00:00Z"}))


FERRY_OUT = {"id": "<urn:uuid:ferry>", "url": "https://a.example/ferry", "date": "2026-11-30T10:00:00Z", "text": FERRY,
             "clean_text": "The ferry returns\n\nThe harbour ferry sailed again on Monday after a winter of repairs, and the first "
                           "crossing was full by eight in the morning, the harbour master said.\n\n"
                           "Café owners on the quay said trade had doubled."}
LIBRARY_OUT = {"id": "<urn:uuid:library>", "url": "https://b.example/library", "date": "2026-11-30T11:00:00Z", "text": LIBRARY,
               "clean_text": "The council voted on Tuesday to keep the library open for another year, its chair said."}


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_the_pages_of_an_archive_are_its_records(tmp_path: Path, gzipped: bool) -> None:
    archive = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    write_archive(archive, gzipped=gzipped)
    summary = run_batch(str(archive), str(tmp_path / "out.jsonl"), BatchOptions(jobs=1))
    # Only the two pages: not the warcinfo, the request, the image or the page not found.
    assert _records(tmp_path / "out.jsonl") == [FERRY_OUT, LIBRARY_OUT]
    assert (summary.records, summary.errors) == (2, 0)


def test_an_archive_is_told_by_its_first_bytes_whatever_its_name(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.data"
    write_archive(archive)
    assert open_source(str(archive)).kind == "archive"
    (tmp_path / "pages.data").write_text('{"text": "One."}\n')
    assert open_source(str(tmp_path / "pages.data")).kind == "jsonl"


def test_a_glob_or_a_directory_of_archives_numbers_pages_across_files_and_resumes(tmp_path: Path) -> None:
    folder = tmp_path / "segment"
    folder.mkdir()
    write_archive(folder / "00.wet.gz")
    write_archive(folder / "01.wet.gz", ids=("<urn:uuid:ferry-2>", "<urn:uuid:library-2>"))
    source = open_source(str(folder / "*.wet.gz"))
    assert [(number, page.id) for number, page in source.items(skip=1)] == [
        (2, "<urn:uuid:library>"), (3, "<urn:uuid:ferry-2>"), (4, "<urn:uuid:library-2>")]
    assert open_source(str(folder)).archives == [str(folder / "00.wet.gz"), str(folder / "01.wet.gz")]
    out = tmp_path / "out.jsonl"
    run_batch(str(folder), str(out), BatchOptions(jobs=1))
    whole = out.read_bytes()
    # A run killed after its first page: --resume skips that page and writes the rest.
    partial = tmp_path / ".out.jsonl.partial"
    partial.write_bytes(whole.splitlines(keepends=True)[0])
    out.unlink()
    run_batch(str(folder), str(out), BatchOptions(jobs=1), resume=True)
    assert out.read_bytes() == whole and len(whole.splitlines()) == 4


def test_an_archive_cut_short_stops_the_run_naming_file_and_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = tmp_path / "whole.warc"
    write_archive(whole, gzipped=False)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    # Cut inside the last record's text: its Content-Length promises more than the file holds.
    cut.write_bytes(data[:data.index(b"Follow us")])
    assert main(["batch", str(cut), str(tmp_path / "out.jsonl"), "--quiet", "--jobs", "1"]) == 3
    assert capsys.readouterr().err == (f"error: {cut}: after page 1: not a readable WARC file: the record of "
                                       "https://b.example/library ends before its Content-Length\n")
    (tmp_path / "nota.warc").write_text("not an archive\n")
    assert main(["batch", str(tmp_path / "nota.warc"), str(tmp_path / "out2.jsonl"), "--quiet"]) == 3
    assert capsys.readouterr().err == (f"error: {tmp_path / 'nota.warc'}: after page 0: not a readable WARC file: "
                                       "Unknown archive format, first line: ['not', 'an', 'archive']\n")
    # A gzipped archive that ends early: gzip says so.
    (tmp_path / "cut.warc.gz").write_bytes(gzip.compress(data)[:-40])
    assert main(["batch", str(tmp_path / "cut.warc.gz"), str(tmp_path / "out3.jsonl"), "--quiet"]) == 3
    assert capsys.readouterr().err == (f"error: {tmp_path / 'cut.warc.gz'}: after page 0: not a readable WARC file: the "
                                       "gzip data ends early: Compressed file ended before the end-of-stream marker was reached\n")


def test_an_archive_gzipped_whole_reads_as_one_gzipped_by_record(tmp_path: Path) -> None:
    plain = tmp_path / "crawl.warc"
    write_archive(plain, gzipped=False)
    (tmp_path / "whole.warc.gz").write_bytes(gzip.compress(plain.read_bytes()))
    run_batch(str(tmp_path / "whole.warc.gz"), str(tmp_path / "out.jsonl"), BatchOptions(jobs=1))
    assert _records(tmp_path / "out.jsonl") == [FERRY_OUT, LIBRARY_OUT]


def test_without_warcio_an_archive_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "crawl.warc.gz"
    write_archive(archive)
    monkeypatch.setitem(sys.modules, "warcio", None)  # import warcio now raises ImportError
    assert main(["batch", str(archive), str(tmp_path / "out.jsonl")]) == 2
    assert capsys.readouterr().err == "error: WARC and WET input needs warcio: pip install 'cleaner[warc]'\n"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=10_000), flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=3),
       gzipped=st.booleans())
def test_a_damaged_archive_gives_its_pages_or_one_error_naming_it(tmp_path: Path, cut: int, flips: list[tuple[int, int]],
                                                                 gzipped: bool) -> None:
    whole = tmp_path / "whole"
    write_archive(whole, gzipped=gzipped)
    data = bytearray(whole.read_bytes())
    for at, value in flips:
        data[at % len(data)] = value
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(bytes(data[:cut % (len(data) + 1)]))
    try:
        pages = list(archive_pages([str(damaged)]))
    except ValueError as error:
        assert str(error).startswith(f"{damaged}: after page ") and ": not a readable WARC file: " in str(error)
    else:
        assert [number for number, _ in pages] == list(range(1, len(pages) + 1))
