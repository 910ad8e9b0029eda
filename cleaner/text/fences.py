"""Find the fenced code blocks of a page's lines.

One job: fence matching, for normalization (which leaves a code block's characters as they are
written) and segmentation (which makes each code block one block). A fenced code block runs from
a line of three or more backticks or tildes, indented three spaces at most (CommonMark's
fence), to the first fence after it of the same character and at least its length, alone on its
line; a fence never closed opens no block.
"""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["FENCE_LENGTH_CAP", "may_hold_fences", "fenced_blocks"]

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# Fences longer than this compare as this long when one closes another: no code needs longer.
FENCE_LENGTH_CAP = 16


def may_hold_fences(text: str) -> bool:
    """Whether ``text`` may hold a fenced code block (a cheap check before :func:`fenced_blocks`).

    >>> may_hold_fences("a ``` b"), may_hold_fences("a `` b")
    (True, False)
    """
    return "```" in text or "~~~" in text


def fenced_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """The fenced code blocks among ``lines``, each as the range [open, close] of line indexes
    (lengths past ``FENCE_LENGTH_CAP`` count as that). Each opening fence looks its closing one
    up among the closing fences of each length, so a page of fences that never close takes time
    linear in its lines.

    >>> fenced_blocks(["Text.", "```py", "x = 1", "```", "````", "never closed"])
    [(1, 3)]
    """
    closers: dict[tuple[str, int], list[int]] = {}
    openers = []
    for index, line in enumerate(lines):
        fence = _FENCE.match(line)
        if fence is None:
            continue
        mark, length = fence.group(1)[0], min(len(fence.group(1)), FENCE_LENGTH_CAP)
        openers.append((index, mark, length))
        if not line[fence.end():].strip():
            closers.setdefault((mark, length), []).append(index)
    found: list[tuple[int, int]] = []
    for index, mark, length in openers:
        if found and index <= found[-1][1]:
            continue  # inside the block before, or its closing fence
        ends = [at[position] for longer in range(length, FENCE_LENGTH_CAP + 1)
                if (at := closers.get((mark, longer))) and (position := bisect_right(at, index)) < len(at)]
        if ends:
            found.append((index, min(ends)))
    return found
