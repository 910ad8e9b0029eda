"""The link and image patterns, written unrolled for speed, match what their plain form matches."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cleaner.text.markup import IMAGE, LINK

# The patterns as first written: each repetition an alternation tried at every character.
_TARGET = r"(?:\\.|[^()\s\\]|\((?:\\.|[^()\\])*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?"
PLAIN_IMAGE = re.compile(r"!\[(?:\\.|[^\[\]\\])*\](?:\(\s*" + _TARGET + r"\s*\)|\[[^\]]*\])")
PLAIN_LINK = re.compile(r"\[((?:\\.|[^\[\]\\])*)\](?:\(\s*" + _TARGET + r"\s*\)|\[[^\]]*\])")


@given(st.text(alphabet="[]()\\ !\"'ab\t\n", max_size=40))
def test_unrolled_patterns_find_the_same_links_and_images(text: str) -> None:
    assert [(m.span(), m.group(1)) for m in LINK.finditer(text)] == [
        (m.span(), m.group(1)) for m in PLAIN_LINK.finditer(text)]
    assert [m.span() for m in IMAGE.finditer(text)] == [m.span() for m in PLAIN_IMAGE.finditer(text)]


def test_escapes_and_nested_parentheses() -> None:
    text = r'See [a \[b\] c](/x_(y) "t") and ![i](/p\)q.png) [ref][1]'
    assert [m.group(0) for m in LINK.finditer(text)] == [r'[a \[b\] c](/x_(y) "t")', "[i](/p\\)q.png)", "[ref][1]"]
    assert [m.group(0) for m in IMAGE.finditer(text)] == ["![i](/p\\)q.png)"]
