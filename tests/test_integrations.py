"""The Hugging Face ``datasets`` and Dask snippets of docs/pipelines.md, run as written on a
small JSONL, give the same text as ``clean()``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import CORPUS, corpus_entries
from docsnippets import python_blocks

from cleaner import clean

PAGES = [{"id": n, "url": e.get("url"), "text": (CORPUS / e["path"]).read_text(encoding="utf-8")}
         for n, e in enumerate(corpus_entries()[:8])]


def need(module: str) -> None:
    """CI installs these in .ci/run and must fail without them; elsewhere they may be skipped."""
    if not os.environ.get("CI"):
        pytest.importorskip(module)


@pytest.fixture()
def pages_jsonl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in PAGES), encoding="utf-8")
    return path


def test_datasets_map(pages_jsonl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    need("datasets")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    scope: dict[str, object] = {}
    exec(python_blocks("pipelines.md", "Hugging Face `datasets`")[0], scope)
    cleaned = scope["cleaned"]
    assert cleaned["clean_text"] == [clean(p["text"], url=p["url"]) for p in PAGES]  # type: ignore[index]
    assert cleaned["id"] == [p["id"] for p in PAGES]  # type: ignore[index]


def test_dask_bag(pages_jsonl: Path, tmp_path: Path) -> None:
    need("dask")
    exec(python_blocks("pipelines.md", "Dask")[0], {})
    written = [json.loads(line) for part in sorted(tmp_path.glob("clean-*.jsonl"))
               for line in part.read_text(encoding="utf-8").splitlines()]
    assert written == [{**p, "clean_text": clean(p["text"], url=p["url"])} for p in PAGES]
