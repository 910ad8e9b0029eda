"""The engine: one page context, then rules, heuristics, settling and rendering, into ``Cleaner``.

One job: run the stages in order for one page and assemble the :class:`~cleaner.result.Result`.
The stages live in their own modules; nothing here decides about a block.

What is known about a page is worked out once, in a :class:`PageContext`: its format, the site
file (by ``site``, by the host of ``url``, or by ``detect`` phrases found in the page as it came
in), the rules in force, its language and whether it is read one line per block. Every stage
reads it; nothing looks the site up again.

Settling (idempotence) is :mod:`cleaner.decide`'s.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cleaner.decide import (
    SETTLE_PASSES,
    PageContext,
    Row,
    decide,
    rendered,
    settle,
)
from cleaner.heuristics import repeat
from cleaner.heuristics.confidence import FAVORS, Favor
from cleaner.heuristics.firstpass import cut, page_language, page_line_mode
from cleaner.heuristics.repeat import (
    PagePrint,
    clusters,
    mark_repeated,
    page_print,
    repeat_counts,
)
from cleaner.heuristics.records import checked, chunks
from cleaner.heuristics.teasers import PageCounts, teased
from cleaner.html.extract import Extraction, extract
from cleaner.reasons import DEFAULT, Reason
from cleaner.result import Decision, Metadata, Result
from cleaner.rules.match import apply_rules
from cleaner.rules.ruleset import (
    Rule,
    RuleFile,
    RuleSet,
    default_rule_paths,
    host_of,
    load_rules,
)
from cleaner.rules.thresholds import Thresholds
from cleaner.text.blocks import Block
from cleaner.text.normalize import normalize
from cleaner.text.read import FORMATS, decode, detect_format, not_text
from cleaner.text.render import OUTPUTS, render_body

__all__ = ["Cleaner", "Settings", "PageContext", "clean", "SETTLE_PASSES"]


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


class Cleaner:
    """Cleans pages with one set of rules.

    ``rules`` lists rule directories or files that layer over the shipped rules (and over those
    named in ``CLEANER_RULES``); ``defaults=False`` leaves the shipped rules out.

    >>> Cleaner().clean("Share this article\\n\\nThe vote was close, said the clerk.").text
    'The vote was close, said the clerk.'
    """

    def __init__(self, rules: Sequence[str | Path] = (), settings: Settings = Settings(), *,
                 defaults: bool = True) -> None:
        if isinstance(rules, (str, Path)):  # one path would be read as a list of its characters
            raise TypeError(f"rules must be a list of rule directories or files, not a {type(rules).__name__} "
                            f"(write rules=[{str(rules)!r}])")
        if not isinstance(settings, Settings):
            raise TypeError(f"settings must be a Settings, not {type(settings).__name__}")
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
        return normalized, cut(normalized)

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
        """:meth:`clean`; ``read`` is :meth:`blocks` of ``text`` when the caller has it already.

        The collector pauses while a page is cleaned (and resumes after it, if it was running):
        a page's blocks, measures and labels live until the page is done, so each collection
        that ran among them walked them all and freed nothing (about 4 % of a page's time on
        the dev pages). What a page leaves behind is freed as it goes out of use, and any cycle
        at the collector's next pass. (The switch is the process's: with pages cleaned in
        several threads at once, the collector runs again when the thread that paused it is
        done, and a ``gc.disable()`` made meanwhile elsewhere is undone then.)"""
        collecting = gc.isenabled()
        if collecting:
            gc.disable()
        try:
            return self._clean_page(text, url=url, site=site, output=output, repeated=repeated, input=input,
                                    read=read)
        finally:
            if collecting:
                gc.enable()

    def _clean_page(self, text: str | bytes, *, url: str | None, site: str | None, output: str | None,
                    repeated: Mapping[int, int] | None, input: str | None,
                    read: tuple[str, list[Block]] | None) -> Result:
        text = _page(text, url=url, site=site)
        settings = self.settings if output is None else replace(self.settings, output=output)
        if input is not None and input not in FORMATS:
            raise ValueError(f"input must be one of {', '.join(FORMATS)}, not {input!r}")
        if isinstance(text, bytes):
            kind = not_text(text)
            if kind:
                return Result("", (), Metadata(url=url), settings.output,
                              warnings=(f"the input is {kind}, not text: nothing kept",))
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
            language=page_language(blocks, thresholds) if settings.heuristics else None,
            line_mode=page_line_mode(normalized, blocks), output=settings.output,
            heuristics=settings.heuristics and (extraction is None or extraction.path == "whole-page"),
            favor=settings.favor,
            thresholds=thresholds,
        )
        verdicts, captured, warnings = apply_rules(blocks, context.rules)
        if repeated:
            # Plain text is where a table-laid-out page's columns share a line (markdown sets
            # a table apart with pipes).
            verdicts = mark_repeated(blocks, verdicts, repeated, url, columns=page_format == "text")
        article = extraction is not None and not context.heuristics and settings.heuristics
        # The extractor's article is judged as a clean article (its links the extractor weighed):
        # the heuristics drop only what is furniture all the same, so that cleaning the result
        # again as text changes nothing.
        # A page read one line per block is no clean article: rendered one line per block, it has
        # none of the blank lines that tell one (a fenced block of many lines could make up for
        # them on the page, and the same text cleaned again was judged otherwise).
        rows = decide(blocks, verdicts, context.language, context.heuristics or article, thresholds,
                      clean_page=False if context.line_mode and extraction is None else None,
                      favor=context.favor, extracted=article, rules=context.rules)
        # (An HTML page's extracted article is never emptied: see below.)
        if repeated and extraction is None and _only_a_bad_leftover(rows):
            rows = [row._replace(kept=False, detail=f"{row.detail}; {_NO_ARTICLE}") if row.kept else row
                    for row in rows]
        if extraction and (context.heuristics or article) and not any(row.kept for row in rows):
            # Never nothing from a page with text: the page keeps what the rules leave.
            rows = decide(blocks, verdicts, context.language, False, thresholds)
            found = "the extracted article" if article else "the whole page"
            warnings.append(f"html: the heuristics kept nothing of {found}; kept what the rules left")
        texts: dict[int, str] = {}
        if extraction is None:
            rows = settle(context, blocks, rows, texts, warnings)
        body, line_mode = render_body(rendered(blocks, rows, context.output, texts), context.line_mode, context.output)
        if rest is not None:  # past the lines cut into blocks (see cleaner.text.blocks): kept as it is
            warnings.append(f"the page has more lines than are cut into blocks: from line {rest.line} on, "
                            "it is kept as it is")
            blocks.append(rest)
            rows.append(Row(True, DEFAULT, "past the lines cut into blocks: kept as it is", (), "", ""))
            gap = "\n" if line_mode else "\n\n"
            body = f"{body}{gap}{rest.text}" if body else rest.text
        return Result(body, lambda: _decisions(blocks, rows), _metadata(context, blocks, captured, extraction),
                      context.output, line_mode, tuple(warnings + _extraction_warnings(extraction)),
                      f"{extraction.path}: {extraction.detail}" if extraction else "",
                      site_file.namespace if site_file else None)

    def clean_many(self, records: Iterable[Mapping[str, Any]], *, output: str | None = None) -> Iterator[Result]:
        """Clean pages given as dicts (``text``, ``url``, optional ``id``; ``host`` names the site
        of a page without a URL), one result per record in order; blocks repeated across pages of
        one host are dropped (see :mod:`cleaner.heuristics.repeat`), and a page left with no
        article of its own comes out empty.

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
            groups = clusters([*history, *prints]) if len(history) + len(prints) > 1 else []
            counts = repeat_counts((), groups) if groups else None
            teasers = teased(groups)
            for record, page, fingerprinted in zip(chunk, read, prints):
                # A page's own story, teased on the host's other pages, is not repeated on it.
                less = teasers.get(fingerprinted.url)
                repeated = PageCounts(counts, less) if counts is not None and less else counts
                # Each page is read once: the blocks fingerprinted are those cleaned.
                yield self._clean(record["text"], url=record.get("url"), site=None, output=output, repeated=repeated,
                                  input=None, read=page)
            history.extend(prints)


_FALLBACK = Reason.of("heuristic", "fallback")
_NO_ARTICLE = "the rest of the page is on other pages of this host: no article of its own, nothing kept"


def _only_a_bad_leftover(rows: Sequence[Row]) -> bool:
    """Whether all the heuristics keep is their last resort: with no main run and nothing but bad
    blocks, the longest bad block (see :func:`~cleaner.heuristics.classify.classify`), which
    they keep so that a page is never emptied. Where repetition across the host's pages took the
    rest of the page, that block is what the template leaves (a script, an advertisement): the
    page has no article of its own, and nothing is kept."""
    kept = [row for row in rows if row.kept]
    return bool(kept) and all(row.reason == _FALLBACK and row.first == "bad" for row in kept)


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


def _decisions(blocks: Sequence[Block], rows: Sequence[Row]) -> list[Decision]:
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
        language=page.get("language") or context.language,
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
