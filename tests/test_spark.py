"""``cleaner.batch.spark.clean_column`` in Spark ``local[2]``: the same text as ``clean()`` for every
row, and the Spark jobs of docs/pipelines.md run as written. One session for the module."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, corpus_entries
from docsnippets import python_blocks

from cleaner import Cleaner, clean

# CI installs pyspark (.ci/run); a developer without it skips these rather than failing.
pyspark = pytest.importorskip("pyspark") if not os.environ.get("CI") else __import__("pyspark")

from cleaner.batch.spark import clean_column  # noqa: E402

ENTRIES = corpus_entries()


def in_folder(block: str, folder: Path, *paths: str) -> str:
    """A docs snippet with its relative paths made absolute: the JVM keeps the working folder it
    started in, so a chdir in the test does not reach Spark's readers and writers."""
    for path in paths:
        assert f'"{path}"' in block, path
        block = block.replace(f'"{path}"', repr(str(folder / path)))
    return block


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    # Spark's Python workers must run this interpreter, which has cleaner and pandas installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("cleaner-tests")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_clean_column_matches_clean(spark: Any) -> None:
    rows = [(n, (CORPUS / e["path"]).read_text(encoding="utf-8"), e.get("url")) for n, e in enumerate(ENTRIES)]
    rows.append((len(rows), None, None))
    df = spark.createDataFrame(rows, "id long, text string, url string").repartition(2)
    out = {r["id"]: r for r in clean_column(df, "text", url_col="url").collect()}
    assert len(out) == len(rows)
    for number, text, url in rows:
        assert out[number]["clean_text"] == (None if text is None else clean(text, url=url)), ENTRIES[number]["path"] if number < len(ENTRIES) else "null row"
    no_url = clean_column(df.limit(3), "text", out_col="body", rules=[str(CORPUS.parent / "rules")]).collect()
    assert [r["body"] for r in no_url] == [Cleaner(rules=[CORPUS.parent / "rules"]).clean(r["text"]).text for r in no_url]


def test_repeated_drops_what_a_hosts_pages_repeat(spark: Any) -> None:
    """Rows of two hosts, mixed and spread over partitions, come back as ``clean_many`` cleans
    each host's pages; a row without a URL joins the host its host column names."""
    stories = ["The ferry company said the new timetable would start in May.",
               "Fishermen landed a record catch of sole on Tuesday.",
               "The council will repaint the lighthouse this summer.",
               "The harbour master retired after forty years at sea."]
    footer = "The Harbour Gazette has been owned by its readers and printed in Dover since 1901."
    other = ["A new bakery opened on the high street on Saturday.", "The bakery sold out of bread by noon."]
    rows = [(n, f"{story}\n\n{footer}", f"https://gazette.example/{n}" if n else None, "www.gazette.example")
            for n, story in enumerate(stories)]
    rows += [(10 + n, f"{story}\n\n{footer}", f"https://other.example/{n}", None) for n, story in enumerate(other)]
    rows.append((20, None, "https://gazette.example/none", None))
    df = spark.createDataFrame(rows, "id long, text string, url string, site string").repartition(3)
    out = clean_column(df, "text", url_col="url", repeated=True, host_col="site")
    assert out.columns == ["id", "text", "url", "site", "clean_text"]
    got = {r["id"]: r["clean_text"] for r in out.collect()}
    assert got == {**dict(enumerate(stories)), 10: f"{other[0]}\n\n{footer}", 11: f"{other[1]}\n\n{footer}", 20: None}


def test_docs_jsonl_job(spark: Any, tmp_path: Path) -> None:
    import json

    (tmp_path / "pages").mkdir()
    pages = [{"url": e.get("url"), "text": (CORPUS / e["path"]).read_text(encoding="utf-8")} for e in ENTRIES[:6]]
    (tmp_path / "pages" / "part-0.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
    job = python_blocks("pipelines.md", "Many machines: Spark")[0]
    exec(in_folder(job, tmp_path, "pages/*.jsonl", "clean"), {})
    written = {r["url"]: r["clean_text"] for r in spark.read.parquet(str(tmp_path / "clean")).collect()}
    assert written == {p["url"]: clean(p["text"], url=p["url"]) for p in pages}


def test_docs_wet_job(spark: Any, tmp_path: Path) -> None:
    (tmp_path / "wet").mkdir()
    bodies = {e["url"]: (CORPUS / e["path"]).read_text(encoding="utf-8").strip() for e in ENTRIES[:3]}
    records = ["WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 10\r\n\r\nisPartOf: test\r\n\r\n"]
    for url, body in bodies.items():
        records.append(f"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: {url}\r\n"
                       f"Content-Type: text/plain\r\n\r\n{body}\r\n\r\n")
    (tmp_path / "wet" / "sample.warc.wet").write_text("".join(records), encoding="utf-8", newline="")
    _, wet_block = python_blocks("pipelines.md", "Many machines: Spark")
    exec(in_folder(wet_block, tmp_path, "wet/*.warc.wet", "clean-wet"), {"spark": spark, "clean_column": clean_column})
    written = {r["url"]: r["clean_text"] for r in spark.read.parquet(str(tmp_path / "clean-wet")).collect()}
    assert written == {url: clean(body + "\r\n\r\n", url=url) for url, body in bodies.items()}
