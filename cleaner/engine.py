"""The engine: wires read, normalize, segment, rules, heuristics and render into ``Cleaner``.

One job: run the stages in order for one page and assemble the :class:`~cleaner.result.Result`.
The stages themselves live in their own modules; nothing here decides about a block.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cleaner.text.blocks import Block, is_line_mode, segment
from cleaner.heuristics.classify import classify
from cleaner.html.extract import extract
from cleaner.rules.match import Verdict, apply_rules
from cleaner.text.normalize import normalize
from cleaner.text.read import FORMATS, decode, detect_format
from cleaner.heuristics import repeat
from cleaner.heuristics.repeat import PagePrint, checked, chunks, mark_repeated, page_print, repeat_counts
from cleaner.text.render import OUTPUTS, block_text, edit, one_line, render_body
from cleaner.result import Decision, Metadata, Result
from cleaner.rules.ruleset import RuleFile, RuleSet, default_rule_paths, host_of, load_rules

__all__ = ["Cleaner", "Settings", "clean", "SETTLE_PASSES"]

# Passes over the body after the first, at most, to reach a body that cleaning leaves unchanged
# (one more pass than a page needs is spent finding out that nothing changes).
SETTLE_PASSES = 3


@dataclass(frozen=True, slots=True)
class Settings:
    """How a :class:`Cleaner` works.

    ``output``: ``text`` or ``markdown``; ``site_rules``: pick a site file for each page;
    ``generic_rules``: apply the generic packs; ``heuristics``: decide what no rule decided
    (when off, such blocks are kept).
    """

    output: str = "text"
    site_rules: bool = True
    generic_rules: bool = True
    heuristics: bool = True

    def __post_init__(self) -> None:
        if self.output not in OUTPUTS:
            raise ValueError(f"output must be one of {', '.join(OUTPUTS)}, not {self.output!r}")


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

    def blocks(self, text: str | bytes) -> tuple[str, list[Block]]:
        """The normalized text of a page and its blocks, as :meth:`clean` sees them."""
        if isinstance(text, bytes):
            text = decode(text)
        normalized = normalize(text)
        return normalized, segment(normalized)

    def clean(self, text: str | bytes, *, url: str | None = None, site: str | None = None,
              output: str | None = None, repeated: Mapping[int, int] | None = None,
              input: str | None = None) -> Result:
        """Clean one page. ``site`` (a site name or host) overrides the host of ``url``;
        ``repeated`` maps block fingerprints to the pages of this host that carry them
        (see :mod:`cleaner.heuristics.repeat`); ``input`` (``text``, ``markdown`` or ``html``) says what the
        page is instead of detecting it. HTML goes through :mod:`cleaner.html.extract` first; on the
        article it extracts, heuristics run only when it fell back to the whole page (the
        extractor has already judged the page's layout, and the heuristics, made for whole
        pages, cost more recall there than they add precision)."""
        text = _page(text, url=url, site=site)
        settings = self.settings if output is None else replace(self.settings, output=output)
        if input is not None and input not in FORMATS:
            raise ValueError(f"input must be one of {', '.join(FORMATS)}, not {input!r}")
        if isinstance(text, bytes):
            text = decode(text)
        extraction = None
        if (input or detect_format(text)) == "html":
            html_site = self.site_file(text, url=url, site=site)
            html_rules = html_site.html if html_site else {}
            extraction = extract(text, url=url, remove=html_rules.get("remove", ()), body=html_rules.get("body"))
            text = extraction.text
        normalized, blocks = self.blocks(text)
        rest = blocks.pop() if blocks and blocks[-1].rest else None
        site_file = self.site_file(normalized, url=url, site=site)
        rules = self.ruleset.rules_for(site_file) if settings.generic_rules else (site_file.rules if site_file else ())
        verdicts, captured, warnings = apply_rules(blocks, rules)
        if repeated:
            mark_repeated(blocks, verdicts, repeated)
        use_heuristics = settings.heuristics and (extraction is None or extraction.path == "whole-page")
        decisions = self.decide(blocks, verdicts, use_heuristics)
        if extraction and use_heuristics and not any(d.kept for d in decisions):
            # Never nothing from a page with text: the whole page keeps what the rules leave.
            decisions = self.decide(blocks, verdicts, False)
            warnings.append("html: the heuristics kept nothing of the whole page; kept what the rules left")
        line_mode = is_line_mode(normalized)
        texts: dict[int, str] = {}
        if extraction is None:
            decisions = self.settle(normalized, blocks, decisions, settings, url=url, site=site, warnings=warnings,
                                    texts=texts)
        body, line_mode = render_body(_rendered(blocks, decisions, settings.output, texts), line_mode)
        if rest is not None:
            warnings.append(f"the page has more lines than are cut into blocks: from line {rest.line} on, "
                            "it is kept as it is")
            decisions.append(Decision(rest.index, rest.line, rest.kind, True, "default",
                                      "past the lines cut into blocks: kept as it is", text=rest.text))
            body = f"{body}{chr(10) if line_mode else chr(10) * 2}{rest.text}" if body else rest.text
        page = extraction.metadata if extraction else {}
        metadata = Metadata(
            title=captured.get("title") or page.get("title") or _first_heading(blocks),
            author=captured.get("author") or page.get("author"),
            date=captured.get("date") or page.get("date"),
            site=site_file.name if site_file else (page.get("site") or (host_of(url) if url else None)),
            section=captured.get("section"),
            url=url or page.get("url"),
            language=page.get("language"),
        )
        if extraction and extraction.path == "whole-page":
            warnings.append(f"html: {extraction.detail}")
        how = f"{extraction.path}: {extraction.detail}" if extraction else ""
        return Result(body, tuple(decisions), metadata, settings.output, line_mode, tuple(warnings), how)

    def clean_many(self, records: Iterable[Mapping[str, Any]], *, output: str | None = None) -> Iterator[Result]:
        """Clean pages given as dicts (``text``, ``url``, optional ``id``), one result per record
        in order; blocks repeated across pages of one host are dropped (see :mod:`cleaner.heuristics.repeat`).

        >>> pages = [{"text": f"Story {n} is here.\\n\\nThe Harbour Gazette, Dover", "url": f"https://a.example/{n}"}
        ...          for n in ("one", "two")]
        >>> [r.text for r in Cleaner(settings=Settings(heuristics=False)).clean_many(pages)]
        ['Story one is here.', 'Story two is here.']
        """
        history: deque[PagePrint] = deque(maxlen=repeat.MAX_BUFFER)
        for first, chunk in chunks(checked(records)):
            if first:
                history.clear()
            prints = [page_print(self.blocks(r["text"])[1], r.get("url")) for r in chunk]
            counts = repeat_counts([*history, *prints]) if len(history) + len(prints) > 1 else None
            for record in chunk:
                yield self.clean(record["text"], url=record.get("url"), output=output, repeated=counts)
            history.extend(prints)

    def site_file(self, text: str, *, url: str | None, site: str | None) -> RuleFile | None:
        """The site file that applies to a page, if site rules are on."""
        if not self.settings.site_rules and not site:
            return None
        return self.ruleset.site_for(url=url, site=site, text=None if url else text)

    def settle(self, normalized: str, blocks: Sequence[Block], decisions: list[Decision], settings: Settings, *,
               url: str | None, site: str | None, warnings: list[str],
               texts: dict[int, str] | None = None) -> list[Decision]:
        """Clean the body again until it no longer changes, so that cleaning is idempotent.

        Dropping furniture changes what the heuristics see (a block's neighbours, the main run,
        the page size) and what rule windows cover, so the body of one pass can lose more blocks
        in the next. Each further pass reads the rendered body as a new page would be read; its
        drops are written back to the blocks they came from, with the later pass's reason and a
        detail starting ``pass N``. Settling stops, at most after :data:`SETTLE_PASSES` passes,
        when a pass drops nothing or when the body no longer reads back block for block (then
        the decisions could not say what the later pass did). ``texts`` keeps each kept block's
        rendered text by its index, for the caller's own rendering of the settled decisions.
        """
        output = settings.output
        line_mode = is_line_mode(normalized)
        for number in range(2, SETTLE_PASSES + 2):
            kept = _rendered(blocks, decisions, output, texts)
            body, body_line_mode = render_body(kept, line_mode)
            if number == 2 and body == normalized:
                return decisions  # nothing dropped, nothing rendered differently: the same page again
            again = normalize(body)
            again_blocks = segment(again)
            if (is_line_mode(again) != body_line_mode or len(again_blocks) != len(kept)
                    or any(b.text != (one_line(text) if body_line_mode else text)
                           for b, (_, text) in zip(again_blocks, kept))):
                return decisions
            site_file = self.site_file(again, url=url, site=site)
            rules = self.ruleset.rules_for(site_file) if settings.generic_rules else (site_file.rules if site_file else ())
            verdicts, _, more_warnings = apply_rules(again_blocks, rules)
            again_decisions = self.decide(again_blocks, verdicts, settings.heuristics)
            dropped = {source.index: later for (source, _), later in zip(kept, again_decisions) if not later.kept}
            if not dropped or any(later.removed for later in again_decisions if later.kept):
                return decisions
            warnings.extend(w for w in more_warnings if w not in warnings)
            decisions = [
                replace(d, kept=False, reason=dropped[d.index].reason, removed=(),
                        detail=f"pass {number}: {dropped[d.index].detail}",
                        first_label=dropped[d.index].first_label, final_label=dropped[d.index].final_label)
                if d.index in dropped else d
                for d in decisions
            ]
        return decisions

    @staticmethod
    def decide(blocks: Sequence[Block], verdicts: Sequence[Verdict], heuristics: bool) -> list[Decision]:
        """Merge rule verdicts and heuristic labels into one decision per block."""
        labels = (classify(blocks, [v.kept is None for v in verdicts], [v.kept for v in verdicts])
                  if heuristics else [None] * len(blocks))
        decisions = []
        for block, verdict, label in zip(blocks, verdicts, labels):
            removed = tuple(sorted(verdict.removed)) if verdict.removed else ()
            edits = ", ".join(verdict.edited_by) if verdict.edited_by else ""
            if verdict.kept is not None:
                kept, reason, detail, first, final = verdict.kept, verdict.reason, verdict.detail, "", ""
            elif label is not None:
                kept, reason, detail, first, final = label.kept, f"heuristic:{label.name}", label.detail, label.first, label.final
            else:
                kept, reason, detail, first, final = True, "default", "no rule decided", "", ""
            if edits and kept:
                detail = f"{detail}; edited by {edits}" if detail else f"edited by {edits}"
            if verdict.timed_out:
                skipped = f"timed out, skipped: {', '.join(verdict.timed_out)}"
                detail = f"{detail}; {skipped}" if detail else skipped
            decisions.append(Decision(block.index, block.line, block.kind, kept, reason, detail,
                                      removed if kept else (), first, final, block.text))
        return decisions


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


def _rendered(blocks: Sequence[Block], decisions: Sequence[Decision], output: str,
              texts: dict[int, str] | None = None) -> list[tuple[Block, str]]:
    """The kept blocks and their text as rendered, leaving out those that render empty.

    ``texts`` remembers each block's text by its index: settling only drops blocks, so a kept
    block renders the same in every pass.
    """
    if texts is None:
        texts = {}
    kept = []
    for block, decision in zip(blocks, decisions):
        if decision.kept:
            text = texts.get(block.index)
            if text is None:
                text = texts[block.index] = block_text(block, edit(block.text, decision.removed), output)
            if text:
                kept.append((block, text))
    return kept


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
