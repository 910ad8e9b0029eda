"""Shared fixtures: the repository's paths, the corpus manifest, one default cleaner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import Cleaner

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
RULES = ROOT / "rules"
SEED = CORPUS / "globalresearch" / "seed-airstrike-diplomacy.md"


def corpus_entries() -> list[dict[str, str]]:
    """Every document of ``corpus/manifest.jsonl``."""
    with open(CORPUS / "manifest.jsonl", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def expected_path(path: Path) -> Path:
    return path.with_name(path.name.rsplit(".", 1)[0] + ".expected.txt")


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return Cleaner()
