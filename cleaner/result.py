"""What a cleaning run returns: the text, one decision per block, metadata, and an explanation.

One job: the result types. A :class:`Decision` says for one block whether it was kept, why
(``reason``, a typed :class:`Reason`: a rule, a heuristic, repetition across pages, or the
default), and the measure behind it (``detail``); ``removed`` lists the character spans that
rules cut out of a kept block. The decisions are complete: replaying them over the blocks of the
input gives ``Result.text`` exactly (see :func:`replay`). They are built when first read: most
callers of ``clean()`` only want the text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from cleaner.heuristics.firstpass import FinalLabel, FirstLabel
from cleaner.reasons import Reason, ReasonKind
from cleaner.text.blocks import Block, BlockKind
from cleaner.text.render import block_text, edit, join

__all__ = ["Decision", "Metadata", "Reason", "ReasonKind", "Result", "replay"]

_EXCERPT = 60

@dataclass(slots=True)
class Decision:
    """The fate of one block.

    ``reason`` says what decided (:class:`Reason`); ``first_label`` and ``final_label`` are the
    heuristic's labels before and after its neighbour pass (empty when a rule decided);
    ``score`` how sure the heuristics are that the block is body, 0 to 1 (None when a rule
    decided).
    """

    index: int
    line: int
    kind: BlockKind
    kept: bool
    reason: Reason
    detail: str = ""
    removed: tuple[tuple[int, int], ...] = ()
    first_label: FirstLabel | Literal[""] = ""
    final_label: FinalLabel = ""
    text: str = ""
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The decision as a JSON-ready dict."""
        data = asdict(self)
        data["reason"] = str(self.reason)
        data["removed"] = [list(span) for span in self.removed]
        return data


@dataclass(slots=True)
class Metadata:
    """What rules and the page itself say about the article; ``date`` is ISO 8601, ``language``
    the page's own (HTML ``lang``) or else the one its stopwords tell (ISO 639-1)."""

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


class Result:
    """The cleaned article: ``text`` in the requested ``output`` format, and why.

    ``decisions`` has one :class:`Decision` per block of the input, built when first read;
    ``line_mode`` says the body is written one line per block (as the page was read, or because
    blank-line paragraphs would not read back as the same blocks); ``warnings`` name rules that
    timed out and fallbacks taken; ``extraction`` says how an HTML page's article was found;
    ``site_file`` is the key of the site file whose rules applied (cleaning ``text`` again with
    ``site=site_file`` gives ``text`` back: see :mod:`cleaner.engine`).
    """

    __slots__ = ("text", "metadata", "output", "line_mode", "warnings", "extraction", "site_file", "_decisions",
                 "_build")

    def __init__(self, text: str, decisions: Sequence[Decision] | Callable[[], Sequence[Decision]],
                 metadata: Metadata, output: str = "text", line_mode: bool = False,
                 warnings: tuple[str, ...] = (), extraction: str = "", site_file: str | None = None) -> None:
        self.text, self.metadata, self.output, self.line_mode = text, metadata, output, line_mode
        self.warnings, self.extraction, self.site_file = warnings, extraction, site_file
        self._decisions: tuple[Decision, ...] | None = None if callable(decisions) else tuple(decisions)
        self._build = decisions if callable(decisions) else None

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """One decision per block of the input, in page order."""
        if self._decisions is None:
            assert self._build is not None
            self._decisions, self._build = tuple(self._build()), None
        return self._decisions

    def __repr__(self) -> str:
        return f"Result(text={self.text!r}, metadata={self.metadata!r})"

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
        1  3     paragraph  keep  heuristic:small-page     7 words < 30 (score 0.80) | The vote was close, said the clerk.
        """
        rows = [("#", "line", "kind", "kept", "reason", "detail / text")]
        for d in self.decisions:
            excerpt = d.text.replace("\n", " ")
            if len(excerpt) > _EXCERPT:
                excerpt = excerpt[: _EXCERPT - 1] + "…"
            detail = d.detail if d.score is None else f"{d.detail} (score {d.score:.2f})"
            note = f"{detail} | {excerpt}" if detail else excerpt
            rows.append((str(d.index), str(d.line), d.kind, "keep" if d.kept else "drop", str(d.reason), note))
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
                line_mode, output == "text")
