"""Every corpus document comes out exactly as its expected text; decisions replay to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, corpus_entries, expected_path

from cleaner import Cleaner
from cleaner.html.extract import extract
from cleaner.result import replay
from cleaner.text.blocks import segment
from cleaner.text.normalize import normalize
from cleaner.text.read import decode, detect_format

_ENTRIES = [pytest.param(e, id=e["path"]) for e in corpus_entries()]


def _load(entry: dict[str, str]) -> tuple[Path, str]:
    path = CORPUS / entry["path"]
    return path, path.read_text(encoding="utf-8")


@pytest.mark.parametrize("entry", _ENTRIES)
def test_corpus_document(cleaner: Cleaner, entry: dict[str, str]) -> None:
    path, text = _load(entry)
    expected = expected_path(path).read_text(encoding="utf-8").rstrip("\n")
    assert cleaner.clean(text, url=entry.get("url")).text == expected


@pytest.mark.parametrize("entry", _ENTRIES)
@pytest.mark.parametrize("output", ["text", "markdown"])
def test_decisions_replay_to_the_text(cleaner: Cleaner, entry: dict[str, str], output: str) -> None:
    path, text = _load(entry)
    result = cleaner.clean(text, url=entry.get("url"), output=output)
    # An HTML page's blocks are those of the article extracted from it.
    source = extract(text, url=entry.get("url")).text if detect_format(text) == "html" else text
    blocks = segment(normalize(source))
    assert [d.text for d in result.decisions] == [b.text for b in blocks]
    assert replay(blocks, result.decisions, output, result.line_mode) == result.text


def test_negative_set_is_there() -> None:
    negatives = [e for e in corpus_entries() if e["path"].startswith("negative/")]
    assert len(negatives) >= 16
    for entry in negatives:
        path, text = _load(entry)
        assert expected_path(path).read_text(encoding="utf-8") == text
