"""Show what cleaning did to one page: in the terminal, or as a self-contained HTML report.

One job: present a :class:`~cleaner.result.Result` for a person tuning rules. Every block is
shown in page order, kept or dropped, with the rule or heuristic that decided it, its detail, and
its *family*: the pack name for a generic rule (``share``, ``follow``, ...), the site name for a
site rule, ``heuristic`` or ``repeated``. A summary counts blocks and words kept and dropped per
reason. The HTML report inlines its CSS and script (it loads nothing, so it opens offline and
can be mailed around); its script writes the counts it sees into ``#computed`` so that a test in
a real browser can check the page against the ``Result``.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.reasons import Reason
from cleaner.result import Decision, Result
from cleaner.text.blocks import WORD
from cleaner.text.markup import plain
from cleaner.text.render import edit
from cleaner.tools.report_assets import CSS, KEPT_COLOUR, SCRIPT

__all__ = ["family", "ReasonCount", "summarize", "to_terminal", "to_html", "rule_sources", "add_command"]

KEPT = "kept"
# Foreground colours (ANSI 256) and their HTML equivalents, handed out to families in the order
# they first appear on the page, so one report never shows two families in one colour until
# there are more families than colours.
# No greens: green is for kept blocks, and a family of dropped blocks in green reads as "kept".
ANSI_COLOURS = (166, 33, 129, 160, 136, 63, 167, 97, 25, 125, 94, 61)
HTML_COLOURS = ("#d9480f", "#1c7ed6", "#862e9c", "#c92a2a", "#a87b00", "#5f3dc4", "#e8590c",
                "#9c36b5", "#1864ab", "#a61e4d", "#7c4a03", "#495057")
_RESET, _BOLD, _DIM = "\033[0m", "\033[1m", "\033[2m"
_INDENT = "      "


def family(reason: Reason) -> str:
    """The furniture family of a decision's reason: a rule's pack or site, else its kind.

    >>> [family(Reason.of(*r)) for r in (("rule", "share/share-prompt"), ("rule", "globalresearch.ca/byline"),
    ...                                  ("heuristic", "link-line"), ("repeated", "3 pages"), ("default",))]
    ['share', 'globalresearch.ca', 'heuristic', 'repeated', 'default']
    """
    if reason.kind == "rule":
        return reason.name.rsplit("/", 1)[0]
    return reason.kind


def _words(decision: Decision) -> int:
    text = edit(decision.text, decision.removed) if decision.kept else decision.text
    return len(WORD.findall(plain(text)))


@dataclass(slots=True)
class ReasonCount:
    """Blocks and words kept and dropped for one reason."""

    reason: str
    kept_blocks: int = 0
    kept_words: int = 0
    dropped_blocks: int = 0
    dropped_words: int = 0


def summarize(result: Result) -> list[ReasonCount]:
    """Counts per reason, in the order the reasons first appear on the page.

    >>> from cleaner import Cleaner, Settings
    >>> summarize(Cleaner(settings=Settings(heuristics=False)).clean("Share this article\\n\\nThe vote was close."))
    [ReasonCount(reason='rule:share/share-prompt', kept_blocks=0, kept_words=0, dropped_blocks=1, dropped_words=3), ReasonCount(reason='default', kept_blocks=1, kept_words=4, dropped_blocks=0, dropped_words=0)]
    """
    counts: dict[str, ReasonCount] = {}
    for decision in result.decisions:
        count = counts.setdefault(decision.reason, ReasonCount(decision.reason))
        if decision.kept:
            count.kept_blocks += 1
            count.kept_words += _words(decision)
        else:
            count.dropped_blocks += 1
            count.dropped_words += _words(decision)
    return list(counts.values())


def _families(result: Result) -> dict[str, int]:
    """Each family of a dropped block, in page order, with its index into the colour lists."""
    order: dict[str, int] = {}
    for decision in result.decisions:
        if not decision.kept:
            order.setdefault(family(decision.reason), len(order))
    return order


def _totals(result: Result) -> tuple[int, int, int, int]:
    rows = summarize(result)
    return (sum(r.kept_blocks for r in rows), sum(r.kept_words for r in rows),
            sum(r.dropped_blocks for r in rows), sum(r.dropped_words for r in rows))


def to_terminal(result: Result, *, colour: bool = False) -> str:
    """Every block with its decision, then the summary; ANSI colours per family if ``colour``.

    >>> from cleaner import Cleaner, Settings
    >>> print(to_terminal(Cleaner(settings=Settings(heuristics=False)).clean("Share this article\\n\\nThe vote was close.")))
    [0] line 1 paragraph  DROP  share  rule:share/share-prompt  matched 'Share this article'
          Share this article
    [1] line 3 paragraph  keep  default  no rule decided
          The vote was close.
    <BLANKLINE>
    reason                   kept blocks  kept words  dropped blocks  dropped words
    rule:share/share-prompt            0           0               1              3
    default                            1           4               0              0
    total                              1           4               1              3
    """
    families = _families(result)
    lines = []
    for d in result.decisions:
        fam = family(d.reason)
        start = f"\033[38;5;{ANSI_COLOURS[families[fam] % len(ANSI_COLOURS)]}m" if colour and not d.kept else ""
        verdict = "keep" if d.kept else f"DROP  {fam}"
        head = (f"[{d.index}] line {d.line} {d.kind}  {verdict}  {d.reason}" + (f"  {d.detail}" if d.detail else "")
                + (f"  score {d.score:.2f}" if d.score is not None else ""))
        if colour:
            head = f"{_BOLD}{start}{head}{_RESET}"
        lines.append(head)
        for text_line in (d.text.split("\n") if d.text else [""]):
            body = f"{_INDENT}{text_line}"
            lines.append(f"{start or _DIM}{body}{_RESET}" if colour and not d.kept else body)
    lines.append("")
    rows: list[tuple[str, ...]] = [("reason", "kept blocks", "kept words", "dropped blocks", "dropped words")]
    rows += [(r.reason, str(r.kept_blocks), str(r.kept_words), str(r.dropped_blocks), str(r.dropped_words))
             for r in summarize(result)]
    rows.append(("total", *(str(n) for n in _totals(result))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def _marked(decision: Decision) -> str:
    """The block's text, escaped, with the spans a rule cut out of a kept block struck through."""
    if not decision.kept or not decision.removed:
        return html.escape(decision.text)
    pieces, end = [], 0
    for start, stop in sorted(decision.removed):
        if start >= end:
            pieces.append(html.escape(decision.text[end:start]))
            pieces.append(f"<del>{html.escape(decision.text[start:stop])}</del>")
            end = stop
    pieces.append(html.escape(decision.text[end:]))
    return "".join(pieces)


def _reason_html(reason: Reason, sources: Mapping[str, tuple[str, int]]) -> str:
    """The reason, linked to its rule's file, with the file and line beside it."""
    esc = html.escape
    if reason.kind != "rule" or reason.name not in sources:
        return f'<span class="reason">{esc(reason)}</span>'
    file, line = sources[reason.name]
    path = Path(file)
    shown = os.path.relpath(path) if path.is_absolute() and not os.path.relpath(path).startswith("..") else file
    target = f' href="{esc(path.resolve().as_uri())}"' if path.exists() else ""
    return (f'<a class="reason"{target} title="{esc(shown)}, line {line}">{esc(reason)}</a> '
            f'<span class="where">{esc(shown)}:{line}</span>')


def rule_sources(cleaner: Any) -> dict[str, tuple[str, int]]:
    """Each rule in force, by qualified id: the file and line it is written at."""
    files = [*cleaner.ruleset.packs.values(), *cleaner.ruleset.sites.values()]
    return {rule.qid: (rule.file, rule.line) for f in files for rule in f.rules}


def to_html(result: Result, *, title: str = "", sources: Mapping[str, tuple[str, int]] | None = None) -> str:
    """One self-contained HTML page: the whole input, dropped blocks greyed and labelled by
    family, kept blocks marked green, each rule linked to ``sources`` (its file and line), and
    the cleaned output. The legend and two boxes filter the blocks.

    >>> from cleaner import Cleaner
    >>> page = to_html(Cleaner().clean("Share this article\\n\\nA <b> & c."), title="x.md")
    >>> 'data-reason="rule:share/share-prompt"' in page, "A &lt;b&gt; &amp; c." in page, "http" in page
    (True, True, False)
    """
    esc = html.escape
    sources = sources or {}
    families = _families(result)
    per_family = {name: 0 for name in families}
    for d in result.decisions:
        if not d.kept:
            per_family[family(d.reason)] += 1
    kept, kept_words, dropped, dropped_words = _totals(result)
    total = len(result.decisions)
    site = result.metadata.site or "no site rules"
    legend = "".join(
        f'<li class="legend-item" data-family="{esc(name)}" data-count="{per_family[name]}" '
        f'style="--c:{HTML_COLOURS[i % len(HTML_COLOURS)]}"><label><input type="checkbox" checked '
        f'data-family="{esc(name)}"> {esc(name)} <b>{per_family[name]}</b></label></li>'
        for name, i in families.items())
    summary = "".join(
        f"<tr><td>{esc(r.reason)}</td><td>{r.kept_blocks}</td><td>{r.kept_words}</td>"
        f"<td>{r.dropped_blocks}</td><td>{r.dropped_words}</td></tr>" for r in summarize(result))
    blocks = []
    for d in result.decisions:
        fam = family(d.reason)
        colour = f' style="--c:{HTML_COLOURS[families[fam] % len(HTML_COLOURS)]}"' if not d.kept else ""
        badge = f'<span class="family">{esc(fam)}</span> ' if not d.kept else '<span class="verdict">kept</span> '
        detail = f' <span class="detail">{esc(d.detail)}</span>' if d.detail else ""
        if d.score is not None:
            detail += f' <span class="score" title="how sure the heuristics are that this is body">score {d.score:.2f}</span>'
        score = f' data-score="{d.score:.2f}"' if d.score is not None else ""
        blocks.append(
            f'<section class="block {"keep" if d.kept else "drop"}" data-index="{d.index}" '
            f'data-kept="{"true" if d.kept else "false"}" data-family="{esc(KEPT if d.kept else fam)}" '
            f'data-reason="{esc(d.reason)}"{score}{colour}>'
            f'<div class="label">#{d.index} line {d.line} {esc(d.kind)} · {badge}'
            f'{_reason_html(d.reason, sources)}{detail}</div>'
            f'<div class="text">{_marked(d)}</div></section>')
    words = len(WORD.findall(result.text))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>cleaner explain: {esc(title)}</title>
<style>{CSS}</style></head>
<body><header>
<h1>cleaner explain: {esc(title)} <small>({esc(site)})</small></h1>
<p id="counts" data-blocks="{total}" data-kept="{kept}" data-dropped="{dropped}">{kept} of {total} blocks kept
({kept_words} words), {dropped} dropped ({dropped_words} words) ·
<label><input type="checkbox" id="show-dropped" checked> show dropped blocks</label> ·
<label style="color:{KEPT_COLOUR}"><input type="checkbox" id="show-kept" checked> show kept blocks</label> ·
<span id="computed"></span></p>
<ul id="legend">{legend}</ul>
<details><summary>per reason</summary><table><tr><th>reason</th><th>kept blocks</th><th>kept words</th>
<th>dropped blocks</th><th>dropped words</th></tr>{summary}</table></details>
</header>
<main>
<details id="output"><summary>cleaned output ({words} words)</summary><div class="text">{esc(result.text)}</div></details>
{chr(10).join(blocks)}
</main>
<script>{SCRIPT}</script>
</body></html>
"""


def _use_colour(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _run(args: argparse.Namespace) -> int:
    from cleaner.engine import Cleaner, Settings
    from cleaner.tools.common import EXIT_OK, read_input

    cleaner = Cleaner(rules=args.rules, settings=Settings(favor=args.favor))
    result = cleaner.clean(read_input(args.file), url=args.url, site=args.site)
    if args.html:
        report = to_html(result, title=Path(args.file).name, sources=rule_sources(cleaner))
        Path(args.html).write_text(report, encoding="utf-8")
        kept, _, dropped, _ = _totals(result)
        print(f"wrote {args.html}: {len(result.decisions)} blocks, {kept} kept, {dropped} dropped")
    else:
        print(to_terminal(result, colour=_use_colour(args.colour)))
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return EXIT_OK


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``cleaner explain``."""
    from cleaner.tools.common import add_favor_option, add_rules_option

    parser = subparsers.add_parser("explain", help="show every block of a page and why it was kept or dropped")
    parser.add_argument("file", metavar="FILE", help="page to explain (- for stdin)")
    parser.add_argument("--url", help="the page's URL (picks site rules by host)")
    parser.add_argument("--site", help="use this site's rules (site name or host)")
    parser.add_argument("--html", metavar="OUT", help="write a self-contained HTML report to OUT")
    parser.add_argument("--colour", "--color", dest="colour", choices=("auto", "always", "never"), default="auto",
                        help="colour per furniture family (auto: when stdout is a terminal and NO_COLOR is unset)")
    add_rules_option(parser)
    add_favor_option(parser)
    parser.set_defaults(func=_run)
