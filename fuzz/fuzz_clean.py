"""Fuzz ``Cleaner.clean`` with atheris: any bytes, read as bytes and as text, must clean without
an exception, to a ``str``, the same way twice. Not run in CI; see fuzz/README.md."""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from cleaner import Cleaner
    from cleaner.engine import Settings

CLEANER = Cleaner()
MARKDOWN = Cleaner(settings=Settings(output="markdown", heuristics=False))


def test_one_input(data: bytes) -> None:
    """Clean ``data`` as bytes and, decoded by the fuzzer, as text."""
    provider = atheris.FuzzedDataProvider(data)
    text = provider.ConsumeUnicodeNoSurrogates(len(data))
    for cleaner in (CLEANER, MARKDOWN):
        first = cleaner.clean(data).text
        assert isinstance(first, str)
        assert cleaner.clean(text).text == cleaner.clean(text).text


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
