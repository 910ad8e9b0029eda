"""Decide each block of a page: rule verdicts and heuristic labels into one row per block, settled.

One job: the decision stage. :func:`decide` merges what the rules made of each block with what
the heuristics made of those no rule decided; :func:`settle` judges the kept body again until it
is stable; :func:`rendered` gives the kept blocks as they will be written.

Settling makes cleaning idempotent. Dropping furniture changes what the heuristics see (a
block's neighbours, the main run, the page size) and what rule windows cover, so a body cleaned
again could lose more. Each settle pass takes the kept blocks as they would read back from the
body (a block rendered as its own text is that same block; one rendered otherwise, in text
output or after a cut, is read again on its own, and each is laid out as the body writes it),
runs the page's rules and heuristics over them, with the page's language, judged as the page was
(a scraped page's body as a scraped page) and, when that drops nothing, as a fresh run will judge
the body (perhaps as an article already clean; an article already clean is judged so from the
start: as one again if its body still reads as one, else as any page), and drops what they
drop, with a detail starting ``pass N``. It stops when a pass drops nothing, when a kept block
would not read back as exactly one block or a pass would edit one (the decisions could then not
say what it did), or after :data:`SETTLE_PASSES` passes. So cleaning ``Result.text`` again, with the same site
(``site=result.site_file``, or the same ``url``), gives ``Result.text`` back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple

from cleaner.heuristics.classify import CLEAN_PAGE, Label, classify
from cleaner.heuristics.confidence import Favor
from cleaner.heuristics.firstpass import FinalLabel, FirstLabel
from cleaner.reasons import DEFAULT, Reason
from cleaner.rules.match import UNDECIDED, Verdict, apply_rules
from cleaner.rules.ruleset import Rule, RuleFile
from cleaner.rules.thresholds import DEFAULT as DEFAULT_THRESHOLDS
from cleaner.rules.thresholds import Thresholds
from cleaner.text.blocks import Block, paragraph_mode, segment
from cleaner.text.normalize import normalize
from cleaner.text.render import block_text, edit, one_line

__all__ = ["PageContext", "Row", "decide", "settle", "rendered", "SETTLE_PASSES"]

# Passes over the body after the first, at most, to reach a body that cleaning leaves unchanged
# (one more pass than a page needs is spent finding out that nothing changes).
SETTLE_PASSES = 3


@dataclass(frozen=True, slots=True)
class PageContext:
    """What is known about one page, worked out once before any block is judged.

    ``format`` is what came in (``text``, ``markdown`` or ``html``); ``site_file`` the site file
    whose rules apply (None: generic rules only); ``rules`` the rules in force, in order;
    ``language`` the page's language as its stopwords tell (None when no list fits);
    ``line_mode`` whether the page is read one line per block; ``heuristics`` whether the
    heuristics judge what no rule decided, and ``thresholds`` by which numbers (the site file's
    ``heuristics:``, or the defaults).
    """

    format: str
    url: str | None
    site_file: RuleFile | None
    rules: tuple[Rule, ...]
    language: str | None
    line_mode: bool
    output: str
    heuristics: bool
    favor: Favor = "balanced"
    thresholds: Thresholds = DEFAULT_THRESHOLDS


class Row(NamedTuple):
    """One block's decision before it becomes a :class:`~cleaner.result.Decision` (built only
    when a caller reads ``Result.decisions``)."""

    kept: bool
    reason: Reason
    detail: str
    removed: tuple[tuple[int, int], ...]
    first: FirstLabel | Literal[""]
    final: FinalLabel
    score: float | None = None


# A row made from all its fields at once: the named tuple's own constructor is a Python function
# (it fills in the defaults), one call per block of every page and every settling pass.
_row = tuple.__new__


def decide(blocks: Sequence[Block], verdicts: Sequence[Verdict], language: str | None,
           heuristics: bool, thresholds: Thresholds, clean_page: bool | None = None,
           favor: Favor = "balanced", extracted: bool = False, rules: Sequence[Rule] = ()) -> list[Row]:
    """Merge rule verdicts and heuristic labels (by the page's ``thresholds``) into one row per
    block (``clean_page`` and ``favor``: see :func:`~cleaner.heuristics.classify.classify`, which
    also hears which blocks the metadata rules among ``rules`` took)."""
    labels: Sequence[Label | None]
    if heuristics:
        # One loop, not three comprehensions: compiled, it reads each verdict typed (decide.pxd).
        undecided: list[bool] = []
        decided: list[bool | None] = []
        sources: list[Reason] = []
        for verdict in verdicts:
            undecided.append(verdict.kept is None)
            decided.append(verdict.kept)
            sources.append(verdict.reason)
        labels = classify(blocks, undecided, decided, sources, language=language, clean_page=clean_page, favor=favor,
                          extracted=extracted, metadata=_metadata_lines(verdicts, rules), thresholds=thresholds)
    else:
        labels = [None] * len(blocks)
    rows = []
    for verdict, label in zip(verdicts, labels):
        if verdict is UNDECIDED and label is not None:
            # Most blocks: judged by the heuristics alone, no rule touched them.
            reason = _HEURISTIC.get(label.name)
            if reason is None:
                reason = _HEURISTIC[label.name] = Reason.of("heuristic", label.name)
            rows.append(_row(Row, (label.kept, reason, label.detail, (), label.first, label.final, label.score)))
            continue
        first: FirstLabel | Literal[""] = ""
        final: FinalLabel = ""
        score = None
        if verdict.kept is not None and label is None:
            kept, reason, detail = verdict.kept, verdict.reason, verdict.detail
        elif label is not None:
            kept, reason, detail = label.kept, Reason.of("heuristic", label.name), label.detail
            first, final, score = label.first, label.final, label.score
        else:
            kept, reason, detail = True, DEFAULT, "no rule decided"
        if verdict.edited_by and kept:
            edits = ", ".join(verdict.edited_by)
            detail = f"{detail}; edited by {edits}" if detail else f"edited by {edits}"
        if verdict.timed_out:
            skipped = f"timed out, skipped: {', '.join(verdict.timed_out)}"
            detail = f"{detail}; {skipped}" if detail else skipped
        removed = tuple(sorted(verdict.removed)) if kept and verdict.removed else ()
        rows.append(_row(Row, (kept, reason, detail, removed, first, final, score)))
    return rows


# The reason of each heuristic, by its name: :meth:`Reason.of` once per name, not once per block.
_HEURISTIC: dict[str, Reason] = {}
# A reason is equal to another of the same kind and name (it compares as its display form).
_CLEAN_PAGE = Reason.of("heuristic", CLEAN_PAGE)


def _metadata_lines(verdicts: Sequence[Verdict], rules: Sequence[Rule]) -> list[bool]:
    """Which blocks a metadata rule took (a byline, a date line): an article already clean keeps
    them (see :func:`~cleaner.heuristics.classify.classify`)."""
    taken = _metadata_reasons(tuple(rules))
    if not taken:
        return [False] * len(verdicts)
    return [verdict.kept is False and verdict.reason in taken for verdict in verdicts]


@lru_cache(maxsize=64)
def _metadata_reasons(rules: tuple[Rule, ...]) -> frozenset[Reason]:
    """The reasons of the metadata rules among ``rules`` (a page's rules: the same tuple for
    every page of a site, so worked out once)."""
    return frozenset(rule.reason for rule in rules if rule.action == "meta")


def settle(context: PageContext, blocks: Sequence[Block], rows: list[Row], texts: dict[int, str],
           warnings: list[str]) -> list[Row]:
    """Judge the kept blocks again, as they read back from the body, until nothing more goes
    (see the module docstring)."""
    # The page's kind is known from the first pass: a clean article stays one, and the body of a
    # scraped page is judged as a scraped page's (not as an article already clean).
    clean_page = any(row.reason == _CLEAN_PAGE for row in rows)
    for number in range(2, SETTLE_PASSES + 2):
        kept = rendered(blocks, rows, context.output, texts)
        body_line_mode = context.line_mode or _reads_as_lines(kept)
        again = []
        previous = None
        for block, text in kept:
            read = _read_back(block, text, context.line_mode, body_line_mode)
            if read is None:
                return rows
            again.append(_with_gap(read, previous is None or not _tight(previous, block, body_line_mode)))
            previous = block
        if number == 2 and len(again) == len(blocks) and all(a is b for a, b in zip(again, blocks)):
            return rows  # nothing dropped, nothing rendered otherwise: the same page again
        verdicts, _, more_warnings = apply_rules(again, context.rules)
        # A clean article's body is judged as a fresh run will judge it: as a clean article again
        # if it still reads as one (as it most often does), else as any page (laid out one line
        # per block, it may no longer show what made its page read as clean).
        later = decide(again, verdicts, context.language, context.heuristics, context.thresholds,
                       None if clean_page else False, context.favor, rules=context.rules)
        if not clean_page and not any(not row.kept for row in later) and _may_read_clean(again, later, context.favor):
            # Judged as its page was, the body loses nothing more; judged as it will be when it
            # is cleaned again, it may read as an article already clean, whose check drops what
            # is furniture all the same (a title set as a link, kept on the scraped page).
            later = decide(again, verdicts, context.language, context.heuristics, context.thresholds,
                           False if body_line_mode else None, context.favor, rules=context.rules)
        if any(row.removed for row in later if row.kept):
            return rows
        dropped = {block.index: row for (block, _), row in zip(kept, later) if not row.kept}
        if not dropped:
            return rows
        warnings.extend(w for w in more_warnings if w not in warnings)
        rows = [row if index not in dropped else
                dropped[index]._replace(detail=f"pass {number}: {dropped[index].detail}", removed=())
                for index, row in enumerate(rows)]
    return rows


def _may_read_clean(again: Sequence[Block], later: Sequence[Row], favor: Favor) -> bool:
    """Whether judging the body as an article already clean could drop a block that judging it as
    a scraped page keeps: that check drops only separators and blocks the first pass called bad
    (see :func:`~cleaner.heuristics.cleanpage.furniture_in_clean_page`), at the balanced favor."""
    return favor != "balanced" or any(row.first == "bad" or block.kind == "separator"
                                      for block, row in zip(again, later) if row.kept)


def _tight(before: Block, block: Block, line_mode: bool) -> bool:
    """Whether the body writes ``block`` on the line after ``before``, with no blank line between
    (as :func:`~cleaner.text.render.join` does): in line mode, and between list items that were
    on consecutive lines."""
    return line_mode or (before.kind == block.kind == "list-item" and before.index + 1 == block.index and not block.gap)


def _with_gap(block: Block, gap: bool) -> Block:
    """``block`` as the body reads it back: with a blank line before it or not, as the body has
    one there (the page it came from may not have had one, and the clean-page check counts them)."""
    if block.gap == gap:
        return block
    return Block(block.index, block.kind, block.text, block.plain, block.line, block.words, block.link_chars,
                 block.marker, gap, block.rest, block.page)


def _reads_as_lines(kept: Sequence[tuple[Block, str]]) -> bool:
    """Whether the body of a page read paragraph by paragraph would be written one line per
    block (:func:`~cleaner.text.render.render_body`), counted without writing it: blocks are one
    blank line apart, except list items that :func:`~cleaner.text.render.join` keeps tight."""
    if not kept:
        return False
    lines = sum(text.count("\n") + 1 for _, text in kept)
    blank = sum(1 for (before, _), (block, _) in zip(kept, kept[1:]) if not _tight(before, block, False))
    return not paragraph_mode(lines, blank)


def _read_back(block: Block, text: str, line_mode: bool, body_line_mode: bool) -> Block | None:
    """The block that ``text`` (``block`` rendered) reads back as from the body, or None when it
    would not read back as exactly one block."""
    if text == block.text and body_line_mode == line_mode:
        return block
    written = one_line(text) if body_line_mode else text
    again = segment(normalize(written), body_line_mode)
    return again[0] if len(again) == 1 and again[0].text == written else None


def rendered(blocks: Sequence[Block], rows: Sequence[Row], output: str,
             texts: dict[int, str]) -> list[tuple[Block, str]]:
    """The kept blocks and their text as rendered, leaving out those that render empty.

    ``texts`` remembers each block's text by its index: settling only drops blocks, so a kept
    block renders the same in every pass.
    """
    kept = []
    for block, row in zip(blocks, rows):
        if row.kept:
            text = texts.get(block.index)
            if text is None:
                text = texts[block.index] = block_text(block, edit(block.text, row.removed), output)
            if text:
                kept.append((block, text))
    return kept
