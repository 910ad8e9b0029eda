"""The code blocks of a docs page, so tests can run exactly what the page shows."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def python_blocks(page: str, heading: str) -> list[str]:
    """The ```python blocks under ``## heading`` of ``docs/<page>``, in order."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return _BLOCK.findall(section)
