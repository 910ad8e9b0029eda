"""Fallback heuristics for the blocks that no rule decided.

One job: label undecided blocks as body or furniture, explainably. Each label carries the name
of the heuristic that decided (the decision's reason is ``heuristic:<name>``), a detail with the
measured value and its threshold, and the first-pass and final labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cleaner.blocks import Block

__all__ = ["Label", "classify"]

# A link-only paragraph with at least this share of its characters in links is navigation.
MAX_LINK_DENSITY = 0.5


@dataclass(frozen=True, slots=True)
class Label:
    """The heuristics' verdict on one block."""

    kept: bool
    name: str
    detail: str
    first: str
    final: str


def _label(block: Block) -> Label:
    if block.kind == "separator":
        return Label(False, "separator", "a separator line", "bad", "bad")
    if block.kind == "link-line":
        return Label(False, "link-line", "only links", "bad", "bad")
    if block.link_density > MAX_LINK_DENSITY:
        return Label(False, "link-density", f"link density {block.link_density:.2f} > {MAX_LINK_DENSITY:.2f}", "bad", "bad")
    return Label(True, "body", "", "good", "good")


def classify(blocks: Sequence[Block], undecided: Sequence[bool]) -> list[Label | None]:
    """Label each undecided block; decided blocks get None."""
    return [_label(block) if open_ else None for block, open_ in zip(blocks, undecided)]
