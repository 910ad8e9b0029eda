"""The engine: one page context, then rules, heuristics, settling and rendering, into ``Cleaner``.

One job: run the stages in order for one page and assemble the :class:`~cleaner.result.Result`.
The stages live in their own modules; nothing here decides about a block.

What is known about a page is worked out once, in a :class:`PageContext`: its format, the site
file (by ``site``, by the host of ``url``, or by ``detect`` phrases found in the page as it came
in), the rules in force, its language and whether it is read one line per block. Every stage
reads it; nothing looks the site up again.

Settling makes cleaning idempotent. Dropping furniture changes what the heuristics see (a
block's neighbours, the main run, the page size) and what rule windows cover, so a body cleaned
again could lose more. Each settle pass takes the kept blocks as they would read back from the
body (a block rendered as its own text is that same block; one rendered otherwise, in text
output or after a cut, is read again on its own), runs the page's rules and heuristics over
them with the language of what is kept, and drops what they drop, with a detail starting
``pass N``. It stops when a pass drops nothing, when a kept block would not read back as exactly
one block or a pass would edit one (the decisions could then not say what it did), or after
:data:`SETTLE_PASSES` passes. So cleaning ``Result.text`` again, with the same site
(``site=result.site_file``, or the same ``url``), gives ``Result.text`` back.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import Any, Literal, NamedTuple

from cleaner.heuristics import repeat
from cleaner.heuristics.classify import CLEAN_PAGE, Label, classify
from cleaner.heuristics.confidence import FAVORS, Favor
from cleaner.heuristics.firstpass import FinalLabel, FirstLabel
from cleaner.heuristics.language import detect_language
from cleaner.heuristics.repeat import (
    PagePrint,
    checked,
    chunks,
    mark_repeated,
    page_print,
    repeat_counts,
)
from cleaner.html.extract import Extraction, extract
from cleaner.reasons import DEFAULT, Reason
from cleaner.result import Decision, Metadata, Result
from cleaner.rules.match import Verdict, apply_rules
from cleaner.rules.ruleset import (
    Rule,
    RuleFile,
    RuleSet,
    default_rule_paths,
    host_of,
    load_rules,
)
from cleaner.rules.thresholds import DEFAULT as DEFAULT_THRESHOLDS
from cleaner.rules.thresholds import Thresholds
from cleaner.text.blocks import Block, is_line_mode, paragraph_mode, segment, tokens
from cleaner.text.normalize import normalize
from cleaner.text.read import FORMATS, decode, detect_format
from cleaner.text.render import OUTPUTS, block_text, edit, one_line, render_body

__all__ = ["Cleaner", "Settings", "PageContext", "clean", "SETTLE_PASSES"]

# Passes over the body after the first, at most, to reach a body that cleaning leaves unchanged
# (one more pass than a page needs is spent finding out that nothing changes).
SETTLE_PASSES = 3


@dataclass(frozen=True, slots=True)
class Settings:
    """How a :class:`Cleaner` works.

    ``output``: ``text`` or ``markdown``; ``site_rules``: pick a site file for each page;
    ``generic_rules``: apply the generic packs; ``heuristics``: decide what no rule decided
    (when off, such blocks are kept); ``favor``: ``balanced``, or ``precision`` (the heuristics
    also drop blocks they are unsure are body) or ``recall`` (they also keep blocks they are
    unsure are furniture), see :mod:`cleaner.heuristics.confidence`.
    """

    output: str = "text"
    site_rules: bool = True
    generic_rules: bool = True
    heuristics: bool = True
    favor: Favor = "balanced"

    def __post_init__(self) -> None:
        if self.output not in OUTPUTS:
            raise ValueError(f"output must be one of {', '.join(OUTPUTS)}, not {self.output!r}")
        if self.favor not in FAVORS:
            raise ValueError(f"favor must be one of {', '.join(FAVORS)}, not {self.favor!r}")


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


class _Row(NamedTuple):
    """One block's decision before it becomes a :class:`~cleaner.result.Decision` (built only
    when a caller reads ``Result.decisions``)."""

    kept: bool
    reason: Reason
    detail: str
    removed: tuple[tuple[int, int], ...]
    first: FirstLabel | Literal[""]
    final: FinalLabel
    score: float | None = None


class Cleaner:
    """Cleans pages with one set of rules.

    ``rules`` lists rule directories or files that layer over the shipped rules (and over those
    named in ``CLEANER_RULES``); ``defaults=False`` leaves the shipped rules out.

    >>> Cleaner().clean("Share this article\\n\\nThe vote was close, said the clerk.").text
    'The vote was close, said the clerk.'
    """

    def __init__(self, rules: Sequence[str | Path] = (), settings: Settings = Settings(), *,
                 defaults: bool = True) -> None:
        paths = (default_rule_paths() if defaults else []) + [Path(p) for p in rules]
        self.settings = settings
        self.ruleset: RuleSet = load_rules(paths)
        # The rule objects live as long as the cleaner: the collector need not walk them again
        # on every page.
        gc.freeze()

    def blocks(self, text: str | bytes) -> tuple[str, list[Block]]:
        """The normalized text of a page and its blocks, as :meth:`clean` sees them."""
        if isinstance(text, bytes):
            text = decode(text)
        normalized = normalize(text)
        return normalized, segment(normalized)

    def site_file(self, text: str, *, url: str | None, site: str | None) -> RuleFile | None:
        """The site file that applies to a page, if site rules are on: by ``site``, by the host
        of ``url``, else by the ``detect`` phrases found in ``text``."""
        if not self.settings.site_rules and not site:
            return None
        return self.ruleset.site_for(url=url, site=site, text=None if url else text)

    def rules_for(self, site_file: RuleFile | None, settings: Settings) -> tuple[Rule, ...]:
        """The rules in force on a page of ``site_file``."""
        if settings.generic_rules:
            return self.ruleset.rules_for(site_file)
        return site_file.rules if site_file else ()

    def clean(self, text: str | bytes, *, url: str | None = None, site: str | None = None,
              output: str | None = None, repeated: Mapping[int, int] | None = None,
              input: str | None = None) -> Result:
        """Clean one page. ``site`` (a site name or host) overrides the host of ``url``;
        ``repeated`` maps block fingerprints to the pages of this host that carry them
        (see :mod:`cleaner.heuristics.repeat`); ``input`` (``text``, ``markdown`` or ``html``)
        says what the page is instead of detecting it. HTML goes through
        :mod:`cleaner.html.extract` first; on the article it extracts, heuristics run only when
        it fell back to the whole page (the extractor has already judged the page's layout, and
        the heuristics, made for whole pages, cost more recall there than they add precision)."""
        return self._clean(text, url=url, site=site, output=output, repeated=repeated, input=input)

    def _clean(self, text: str | bytes, *, url: str | None, site: str | None, output: str | None,
               repeated: Mapping[int, int] | None, input: str | None,
               read: tuple[str, list[Block]] | None = None) -> Result:
        """:meth:`clean`; ``read`` is :meth:`blocks` of ``text`` when the caller has it already."""
        text = _page(text, url=url, site=site)
        settings = self.settings if output is None else replace(self.settings, output=output)
        if input is not None and input not in FORMATS:
            raise ValueError(f"input must be one of {', '.join(FORMATS)}, not {input!r}")
        if isinstance(text, bytes):
            text = decode(text)
        page_format = input or detect_format(text)
        site_file = self.site_file(text, url=url, site=site)
        extraction = None
        if page_format == "html":
            html_rules = site_file.html if site_file else {}
            extraction = extract(text, url=url, remove=html_rules.get("remove", ()), body=html_rules.get("body"))
            text = extraction.text
        normalized, blocks = self.blocks(text) if read is None or extraction else (read[0], list(read[1]))
        rest = blocks.pop() if blocks and blocks[-1].rest else None
        thresholds = self.ruleset.thresholds_for(site_file)
        context = PageContext(
            format=page_format, url=url, site_file=site_file, rules=self.rules_for(site_file, settings),
            # Only the heuristics read the language.
            language=_language(blocks, thresholds) if settings.heuristics else None, line_mode=is_line_mode(normalized), output=settings.output,
            heuristics=settings.heuristics and (extraction is None or extraction.path == "whole-page"),
            favor=settings.favor,
            thresholds=thresholds,
        )
        verdicts, captured, warnings = apply_rules(blocks, context.rules)
        if repeated:
            verdicts = mark_repeated(blocks, verdicts, repeated)
        article = extraction is not None and not context.heuristics and settings.heuristics
        # The extractor's article is judged as a clean article (its links the extractor weighed):
        # the heuristics drop only what is furniture all the same, so that cleaning the result
        # again as text changes nothing.
        rows = _decide(blocks, verdicts, context.language, context.heuristics or article, thresholds,
                       favor=context.favor, extracted=article, metadata=_metadata_lines(verdicts, context.rules))
        if extraction and context.heuristics and not any(row.kept for row in rows):
            # Never nothing from a page with text: the whole page keeps what the rules leave.
            rows = _decide(blocks, verdicts, context.language, False, thresholds)
            warnings.append("html: the heuristics kept nothing of the whole page; kept what the rules left")
        rendered: dict[int, str] = {}
        if extraction is None:
            rows = _settle(context, blocks, rows, rendered, warnings)
        body, line_mode = render_body(_rendered(blocks, rows, context.output, rendered), context.line_mode)
        if rest is not None:  # past the lines cut into blocks (see cleaner.text.blocks): kept as it is
            warnings.append(f"the page has more lines than are cut into blocks: from line {rest.line} on, "
                            "it is kept as it is")
            blocks.append(rest)
            rows.append(_Row(True, DEFAULT, "past the lines cut into blocks: kept as it is", (), "", ""))
            gap = "\n" if line_mode else "\n\n"
            body = f"{body}{gap}{rest.text}" if body else rest.text
        return Result(body, lambda: _decisions(blocks, rows), _metadata(context, blocks, captured, extraction),
                      context.output, line_mode, tuple(warnings + _extraction_warnings(extraction)),
                      f"{extraction.path}: {extraction.detail}" if extraction else "",
                      site_file.namespace if site_file else None)

    def clean_many(self, records: Iterable[Mapping[str, Any]], *, output: str | None = None) -> Iterator[Result]:
        """Clean pages given as dicts (``text``, ``url``, optional ``id``; ``host`` names the site
        of a page without a URL), one result per record in order; blocks repeated across pages of
        one host are dropped (see :mod:`cleaner.heuristics.repeat`).

        >>> pages = [{"text": f"Story {n} is here.\\n\\nThe Harbour Gazette, Dover", "url": f"https://a.example/{n}"}
        ...          for n in ("one", "two")]
        >>> [r.text for r in Cleaner(settings=Settings(heuristics=False)).clean_many(pages)]
        ['Story one is here.', 'Story two is here.']
        """
        history: deque[PagePrint] = deque(maxlen=repeat.MAX_BUFFER)
        for first, chunk in chunks(checked(records)):
            if first:
                history.clear()
            read = [self.blocks(r["text"]) for r in chunk]
            prints = [page_print(blocks, r.get("url")) for r, (_, blocks) in zip(chunk, read)]
            counts = repeat_counts([*history, *prints]) if len(history) + len(prints) > 1 else None
            for record, page in zip(chunk, read):
                # Each page is read once: the blocks fingerprinted are those cleaned.
                yield self._clean(record["text"], url=record.get("url"), site=None, output=output, repeated=counts,
                                  input=None, read=page)
            history.extend(prints)


def _language(blocks: Sequence[Block], thresholds: Thresholds) -> str | None:
    return detect_language(chain.from_iterable(tokens(block.plain) for block in blocks), thresholds)


def _decide(blocks: Sequence[Block], verdicts: Sequence[Verdict], language: str | None,
            heuristics: bool, thresholds: Thresholds, clean_page: bool | None = None,
            favor: Favor = "balanced", extracted: bool = False, metadata: Sequence[bool] | None = None) -> list[_Row]:
    """Merge rule verdicts and heuristic labels (by the page's ``thresholds``) into one row per
    block (``clean_page``, ``favor`` and ``metadata``: see :func:`~cleaner.heuristics.classify.classify`)."""
    labels: Sequence[Label | None] = (
        classify(blocks, [v.kept is None for v in verdicts], [v.kept for v in verdicts],
                 [v.reason for v in verdicts], language=language, clean_page=clean_page, favor=favor,
                 extracted=extracted, metadata=metadata, thresholds=thresholds)
        if heuristics else [None] * len(blocks))
    rows = []
    for verdict, label in zip(verdicts, labels):
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
        rows.append(_Row(kept, reason, detail, removed, first, final, score))
    return rows


def _metadata_lines(verdicts: Sequence[Verdict], rules: Sequence[Rule]) -> list[bool]:
    """Which blocks a metadata rule took (a byline, a date line): an article already clean keeps
    them (see :func:`~cleaner.heuristics.classify.classify`)."""
    taken = {rule.reason for rule in rules if rule.action == "meta"}
    return [verdict.kept is False and verdict.reason in taken for verdict in verdicts]


def _settle(context: PageContext, blocks: Sequence[Block], rows: list[_Row], rendered: dict[int, str],
            warnings: list[str]) -> list[_Row]:
    """Judge the kept blocks again, as they read back from the body, until nothing more goes
    (see the module docstring)."""
    # The page's kind is known from the first pass: a clean article stays one, and the body of a
    # scraped page is judged as a scraped page's (not as an article already clean).
    clean_page = any(row.reason.kind == "heuristic" and row.reason.name == CLEAN_PAGE for row in rows)
    for number in range(2, SETTLE_PASSES + 2):
        kept = _rendered(blocks, rows, context.output, rendered)
        body_line_mode = context.line_mode or _reads_as_lines(kept)
        again = []
        for block, text in kept:
            read = _read_back(block, text, context.line_mode, body_line_mode)
            if read is None:
                return rows
            again.append(read)
        if number == 2 and len(again) == len(blocks) and all(a is b for a, b in zip(again, blocks)):
            return rows  # nothing dropped, nothing rendered otherwise: the same page again
        verdicts, _, more_warnings = apply_rules(again, context.rules)
        later = _decide(again, verdicts, context.language, context.heuristics, context.thresholds,
                        clean_page, context.favor, metadata=_metadata_lines(verdicts, context.rules))
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


def _reads_as_lines(kept: Sequence[tuple[Block, str]]) -> bool:
    """Whether the body of a page read paragraph by paragraph would be written one line per
    block (:func:`~cleaner.text.render.render_body`), counted without writing it: blocks are one
    blank line apart, except list items that :func:`~cleaner.text.render.join` keeps tight."""
    if not kept:
        return False
    lines = sum(text.count("\n") + 1 for _, text in kept)
    blank = sum(1 for (before, _), (block, _) in zip(kept, kept[1:])
                if not (before.kind == block.kind == "list-item" and before.index + 1 == block.index and not block.gap))
    return not paragraph_mode(lines, blank)


def _read_back(block: Block, text: str, line_mode: bool, body_line_mode: bool) -> Block | None:
    """The block that ``text`` (``block`` rendered) reads back as from the body, or None when it
    would not read back as exactly one block."""
    if text == block.text and body_line_mode == line_mode:
        return block
    written = one_line(text) if body_line_mode else text
    again = segment(normalize(written), body_line_mode)
    return again[0] if len(again) == 1 and again[0].text == written else None


def _rendered(blocks: Sequence[Block], rows: Sequence[_Row], output: str,
              rendered: dict[int, str]) -> list[tuple[Block, str]]:
    """The kept blocks and their text as rendered, leaving out those that render empty.

    ``rendered`` remembers each block's text by its index: settling only drops blocks, so a kept
    block renders the same in every pass.
    """
    kept = []
    for block, row in zip(blocks, rows):
        if row.kept:
            text = rendered.get(block.index)
            if text is None:
                text = rendered[block.index] = block_text(block, edit(block.text, row.removed), output)
            if text:
                kept.append((block, text))
    return kept


def _page(text: object, *, url: object, site: object) -> str | bytes:
    """The page as ``str`` or ``bytes``, or a ``TypeError`` that names the argument at fault.

    >>> _page(bytearray(b"Text."), url=None, site=None)
    b'Text.'
    >>> _page(None, url=None, site=None)
    Traceback (most recent call last):
    TypeError: the page must be str or bytes, not NoneType
    """
    for name, value in (("url", url), ("site", site)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a str or None, not {type(value).__name__}")
    if isinstance(text, (bytearray, memoryview)):
        return bytes(text)
    if not isinstance(text, (str, bytes)):
        raise TypeError(f"the page must be str or bytes, not {type(text).__name__}")
    return text


def _decisions(blocks: Sequence[Block], rows: Sequence[_Row]) -> list[Decision]:
    return [Decision(block.index, block.line, block.kind, row.kept, row.reason, row.detail, row.removed,
                     row.first, row.final, block.text, row.score) for block, row in zip(blocks, rows)]


def _metadata(context: PageContext, blocks: Sequence[Block], captured: Mapping[str, str],
              extraction: Extraction | None) -> Metadata:
    page = extraction.metadata if extraction else {}
    site_file = context.site_file
    return Metadata(
        title=captured.get("title") or page.get("title") or _first_heading(blocks),
        author=captured.get("author") or page.get("author"),
        # The page's own metadata (article:published_time) before a date line found in the text,
        # which may be an embedded tweet's or an agenda item's.
        date=page.get("date") or captured.get("date"),
        site=site_file.name if site_file else (page.get("site") or (host_of(context.url) if context.url else None)),
        section=captured.get("section"),
        url=context.url or page.get("url"),
        language=page.get("language"),
    )


def _extraction_warnings(extraction: Extraction | None) -> list[str]:
    return [f"html: {extraction.detail}"] if extraction and extraction.path == "whole-page" else []


def _first_heading(blocks: Sequence[Block]) -> str | None:
    for block in blocks[:3]:
        if block.kind == "heading":
            return block.plain.strip() or None
    return None


_DEFAULT: Cleaner | None = None


def clean(text: str | bytes, *, url: str | None = None, site: str | None = None, output: str = "text") -> str:
    """Clean one page with the default rules and return the article body.

    >>> clean("Visit and follow us on Instagram at [@crg](#).\\n\\nThe *vote* was [close](#).")
    'The vote was close.'
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Cleaner()
    return _DEFAULT.clean(text, url=url, site=site, output=output).text
