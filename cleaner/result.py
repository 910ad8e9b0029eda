"""What a cleaning run returns: the text, one decision per block, metadata, and an explanation.

One job: the result types. A :class:`Decision` says for one block whether it was kept, by which
rule or heuristic (``reason``), and why (``detail``); ``removed`` lists the character spans that
rules cut out of a kept block. The decisions are complete: replaying them over the blocks of the
input gives ``Result.text`` exactly (see :func:`replay`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from cleaner.text.blocks import Block
from cleaner.text.render import block_text, edit, join

__all__ = ["Decision", "Metadata", "Result", "replay"]

_EXCERPT = 60


@dataclass(frozen=True, slots=True)
class Decision:
    """The fate of one block.

    ``reason`` is ``rule:<file>/<id>``, ``heuristic:<name>`` or ``repeated:<N> pages``;
    ``first_label`` and ``final_label`` are the heuristic's labels before and after its
    neighbour pass (empty when a rule decided).
    """

    index: int
    line: int
    kind: str
    kept: bool
    reason: str
    detail: str = ""
    removed: tuple[tuple[int, int], ...] = ()
    first_label: str = ""
    final_label: str = ""
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The decision as a JSON-ready dict."""
        data = asdict(self)
        data["removed"] = [list(span) for span in self.removed]
        return data


@dataclass(slots=True)
class Metadata:
    """What rules and the page itself say about the article; ``date`` is ISO 8601."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    site: str | None = None
    section: str | None = None
    url: str | None = None
    language: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        """The metadata as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Result:
    """The cleaned article: ``text`` in the requested ``output`` format, and why.

    ``line_mode`` says the body is written one line per block (as the page was read, or because
    blank-line paragraphs would not read back as the same blocks); ``warnings`` name rules that
    timed out and fallbacks taken; ``extraction`` says how an HTML page's article was found.
    """

    text: str
    decisions: tuple[Decision, ...]
    metadata: Metadata
    output: str = "text"
    line_mode: bool = False
    warnings: tuple[str, ...] = field(default=())
    # How the article was found in an HTML page (``<path>: <detail>``, see cleaner.html.extract); empty otherwise.
    extraction: str = ""

    @property
    def kept(self) -> tuple[Decision, ...]:
        """The decisions of the blocks that made it into ``text``."""
        return tuple(d for d in self.decisions if d.kept)

    def to_dict(self) -> dict[str, Any]:
        """Text, metadata and decisions as a JSON-ready dict."""
        return {
            "text": self.text,
            "metadata": self.metadata.to_dict(),
            "decisions": [d.to_dict() for d in self.decisions],
            "warnings": list(self.warnings),
            "extraction": self.extraction,
        }

    def explain(self) -> str:
        """A readable table: one row per block, in page order.

        >>> from cleaner import Cleaner
        >>> print(Cleaner().clean("Share this article\\n\\nThe vote was close, said the clerk.").explain())
        #  line  kind       kept  reason                   detail / text
        0  1     paragraph  drop  rule:share/share-prompt  matched 'Share this article' | Share this article
        1  3     paragraph  keep  heuristic:small-page     7 words < 30 | The vote was close, said the clerk.
        """
        rows = [("#", "line", "kind", "kept", "reason", "detail / text")]
        for d in self.decisions:
            excerpt = d.text.replace("\n", " ")
            if len(excerpt) > _EXCERPT:
                excerpt = excerpt[: _EXCERPT - 1] + "…"
            note = f"{d.detail} | {excerpt}" if d.detail else excerpt
            rows.append((str(d.index), str(d.line), d.kind, "keep" if d.kept else "drop", d.reason, note))
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        return "\n".join(
            "  ".join(cell.ljust(width) for cell, width in zip(row[:5], widths)) + "  " + row[5]
            for row in rows
        )


def replay(blocks: Sequence[Block], decisions: Sequence[Decision], output: str, line_mode: bool) -> str:
    """Rebuild the body text from the input's blocks and the decisions alone."""
    if [d.index for d in decisions] != [b.index for b in blocks]:
        raise ValueError("decisions do not match the blocks one to one")
    return join(((b, block_text(b, edit(b.text, d.removed), output)) for b, d in zip(blocks, decisions) if d.kept),
                line_mode)
