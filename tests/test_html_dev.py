"""Every dev HTML page comes out as text: something, and no markup left behind (emphasis markers
glued to words, HTML tags, markdown link syntax and heading marks, markdown escapes) nor words merged across inline
elements."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest

pytest.importorskip("trafilatura")

from cleaner import Cleaner  # noqa: E402
from cleaner.text.normalize import normalize  # noqa: E402
from cleaner.text.read import decode  # noqa: E402

# Beside the repository, as CI has it (CLEANER_DEV_PAGES names another place).
DEV = Path(os.environ.get("CLEANER_DEV_PAGES", Path(__file__).resolve().parents[2] / "shared" / "dev"))
# A pair of emphasis markers with a word glued to its outside: "*Montas*may", "on*Twitter*".
_EMPHASIS = re.compile(r"(?<=\w)(\*{1,2}|_{1,2})[^\s*_][^*_\n]{0,80}?\1(?!\w)"
                       r"|(?<![\w*_])(\*{1,2}|_{1,2})[^\s*_][^*_\n]{0,80}?[^\s*_]\2(?=\w)")
_TAG = re.compile(r"</?(?:a|b|i|u|s|em|strong|sup|sub|span|small|mark|del|ins|br|p|div)\b[^<>\n]{0,200}>", re.IGNORECASE)
# A heading's marks inside a list item: "- ### Step one".
_ITEM_HEADING = re.compile(r"^[ \t]*(?:[-*+]|\d+\.)[ \t]+#{1,6}[ \t]", re.MULTILINE)
_LINK = re.compile(r"\[[^\]\n]*\]\((?:<[^>\n]*>|[^)\s]*)\)")
_WORD = re.compile(r"\w+")
# A markdown escape ("Range\\:", "\\*"): a leftover unless the page itself has the backslash there.
_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()#+\-.!|~<>:]")
# A word that reads as two glued together: "onTwitter" (the source had "on <a>Twitter</a>").
_JOINED = re.compile(r"[a-z]{2,}[A-Z][a-z]{2,}")


def _ids() -> list[str]:
    if not (DEV / "manifest.jsonl").is_file():
        return []
    with open(DEV / "manifest.jsonl", encoding="utf-8") as lines:
        return [json.loads(line)["id"] for line in lines if line.strip()]


def _words(text: str) -> set[str]:
    return set(_WORD.findall(unicodedata.normalize("NFKC", text)))


@pytest.mark.skipif(not (DEV / "manifest.jsonl").is_file(), reason=f"no dev pages at {DEV}")
def test_dev_html_pages_come_out_as_plain_text() -> None:
    from lxml import html as lxml_html

    cleaner = Cleaner()
    problems = []
    for page_id in _ids():
        page = (DEV / f"{page_id}.html").read_bytes()
        text = cleaner.clean(page, input="html").text
        if not text.strip():
            problems.append(f"{page_id}: empty")
            continue
        for name, pattern in (("emphasis", _EMPHASIS), ("tag", _TAG), ("link", _LINK), ("heading", _ITEM_HEADING)):
            problems += [f"{page_id}: {name} {m.group(0)!r}" for m in pattern.finditer(text)]
        # Each word is one of the page's, read with its inline elements joined as the browser
        # joins them or with every element apart: a word made of two is a merge.
        tree = lxml_html.document_fromstring(page)
        pieces = list(tree.itertext())
        known = _words("".join(pieces)) | _words(" ".join(pieces))
        source = "".join(pieces)
        problems += [f"{page_id}: escape {m.group(0)!r}" for m in _ESCAPE.finditer(text) if m.group(0) not in source]
        problems += [f"{page_id}: merged {word!r}" for word in sorted(_words(text) - known) if _JOINED.fullmatch(word)]
    assert problems == []
