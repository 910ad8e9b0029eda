"""Fuzz one ``cleaner batch`` record with atheris: any bytes as a JSONL line give exactly one
output line, which is strict JSON (no NaN), without an exception. See fuzz/README.md."""

from __future__ import annotations

import json
import sys

import atheris

with atheris.instrument_imports():
    from cleaner import Cleaner
    from cleaner.batch.record import BatchOptions, clean_record
    from cleaner.engine import Settings

CLEANER = Cleaner(settings=Settings(heuristics=False))
OPTIONS = BatchOptions(timeout=0, with_metadata=True)


def _strict(name: str) -> None:
    raise AssertionError(f"{name} in an output line")


def test_one_input(data: bytes) -> None:
    """Clean ``data`` as one JSONL line; the output is one line of strict JSON."""
    line = clean_record((1, data), CLEANER, OPTIONS).line
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert isinstance(json.loads(line, parse_constant=_strict), dict)


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[-1].startswith("-"):
        from pathlib import Path

        Path(sys.argv[-1]).mkdir(parents=True, exist_ok=True)
        (Path(sys.argv[-1]) / "seed.json").write_bytes(b'{"id": 1, "url": "https://a.example/x", "text": "Share this\\n\\nIt rained.", "n": 1.5}')
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
