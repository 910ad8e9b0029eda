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
from dataclasses import dataclass
from pathlib import Path

from cleaner.reasons import Reason
from cleaner.result import Decision, Result
from cleaner.text.blocks import WORD
from cleaner.text.markup import plain
from cleaner.text.render import edit

__all__ = ["family", "ReasonCount", "summarize", "to_terminal", "to_html", "add_command"]

KEPT = "kept"
# Foreground colours (ANSI 256) and their HTML equivalents, handed out to families in the order
# they first appear on the page, so one report never shows two families in one colour until
# there are more families than colours.
ANSI_COLOURS = (166, 33, 35, 129, 160, 30, 136, 63, 167, 28, 97, 25)
HTML_COLOURS = ("#d9480f", "#1c7ed6", "#2b8a3e", "#862e9c", "#c92a2a", "#0b7285", "#a87b00",
                "#5f3dc4", "#e8590c", "#2f9e44", "#9c36b5", "#1864ab")
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
        head = f"[{d.index}] line {d.line} {d.kind}  {verdict}  {d.reason}" + (f"  {d.detail}" if d.detail else "")
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


_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#212529;background:#fff}
header{position:sticky;top:0;background:#f8f9fa;border-bottom:1px solid #dee2e6;padding:.6em 1.2em;z-index:1}
h1{font-size:1.1em;margin:0 0 .3em}
#legend{list-style:none;margin:.3em 0;padding:0;display:flex;flex-wrap:wrap;gap:.4em}
#legend li{border-left:.8em solid var(--c);padding:0 .5em;background:#fff;border-radius:3px}
main{max-width:60em;margin:1em auto;padding:0 1.2em}
.block{margin:.5em 0;padding:.3em .6em;border-left:4px solid transparent}
.block .label{font-size:.8em;color:#495057}
.block.drop{border-left-color:var(--c);background:#f1f3f5;color:#868e96}
.block.drop .family{background:var(--c);color:#fff;border-radius:3px;padding:0 .4em;font-weight:600}
.block .reason{font-family:monospace}
.text{white-space:pre-wrap}
.text del{color:#c92a2a}
body.hide-dropped .block.drop{display:none}
table{border-collapse:collapse;font-size:.85em;margin:.3em 0}
td,th{padding:0 .6em;text-align:right}
td:first-child,th:first-child{text-align:left;font-family:monospace}
"""

# Hides dropped blocks when the box is unticked (or the address ends in #hide-dropped), then
# writes what it sees into #computed for people and for the browser test.
_SCRIPT = """
(function () {
  var box = document.getElementById("show-dropped");
  if (location.hash === "#hide-dropped") { box.checked = false; }
  function apply() {
    document.body.classList.toggle("hide-dropped", !box.checked);
    var blocks = document.querySelectorAll("main .block"), visible = 0, kept = 0, dropped = 0, families = {};
    blocks.forEach(function (b) {
      if (getComputedStyle(b).display !== "none") { visible += 1; }
      if (b.dataset.kept === "true") { kept += 1; }
      else { dropped += 1; families[b.dataset.family] = (families[b.dataset.family] || 0) + 1; }
    });
    var out = document.getElementById("computed");
    out.dataset.visible = visible; out.dataset.kept = kept; out.dataset.dropped = dropped;
    out.dataset.families = JSON.stringify(families);
    out.textContent = "showing " + visible + " of " + blocks.length + " blocks";
  }
  box.addEventListener("change", apply);
  apply();
})();
"""


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


def to_html(result: Result, *, title: str = "") -> str:
    """One self-contained HTML page: the whole input, dropped blocks greyed and labelled.

    >>> from cleaner import Cleaner
    >>> page = to_html(Cleaner().clean("Share this article\\n\\nA <b> & c."), title="x.md")
    >>> 'data-reason="rule:share/share-prompt"' in page, "A &lt;b&gt; &amp; c." in page, "http" in page
    (True, True, False)
    """
    esc = html.escape
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
        f'style="--c:{HTML_COLOURS[i % len(HTML_COLOURS)]}">{esc(name)} <b>{per_family[name]}</b></li>'
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
        blocks.append(
            f'<section class="block {"keep" if d.kept else "drop"}" data-index="{d.index}" '
            f'data-kept="{"true" if d.kept else "false"}" data-family="{esc(KEPT if d.kept else fam)}" '
            f'data-reason="{esc(d.reason)}"{colour}>'
            f'<div class="label">#{d.index} line {d.line} {esc(d.kind)} · {badge}'
            f'<span class="reason">{esc(d.reason)}</span>{detail}</div>'
            f'<div class="text">{_marked(d)}</div></section>')
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>cleaner explain: {esc(title)}</title>
<style>{_CSS}</style></head>
<body><header>
<h1>cleaner explain: {esc(title)} <small>({esc(site)})</small></h1>
<p id="counts" data-blocks="{total}" data-kept="{kept}" data-dropped="{dropped}">{kept} of {total} blocks kept
({kept_words} words), {dropped} dropped ({dropped_words} words) ·
<label><input type="checkbox" id="show-dropped" checked> show dropped blocks</label> ·
<span id="computed"></span></p>
<ul id="legend">{legend}</ul>
<details><summary>per reason</summary><table><tr><th>reason</th><th>kept blocks</th><th>kept words</th>
<th>dropped blocks</th><th>dropped words</th></tr>{summary}</table></details>
</header>
<main>
{chr(10).join(blocks)}
</main>
<script>{_SCRIPT}</script>
</body></html>
"""


def _use_colour(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _run(args: argparse.Namespace) -> int:
    from cleaner.engine import Cleaner
    from cleaner.tools.common import EXIT_OK, read_input

    result = Cleaner(rules=args.rules).clean(read_input(args.file), url=args.url, site=args.site)
    if args.html:
        Path(args.html).write_text(to_html(result, title=Path(args.file).name), encoding="utf-8")
        kept, _, dropped, _ = _totals(result)
        print(f"wrote {args.html}: {len(result.decisions)} blocks, {kept} kept, {dropped} dropped")
    else:
        print(to_terminal(result, colour=_use_colour(args.colour)))
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return EXIT_OK


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``cleaner explain``."""
    from cleaner.tools.common import add_rules_option

    parser = subparsers.add_parser("explain", help="show every block of a page and why it was kept or dropped")
    parser.add_argument("file", metavar="FILE", help="page to explain (- for stdin)")
    parser.add_argument("--url", help="the page's URL (picks site rules by host)")
    parser.add_argument("--site", help="use this site's rules (site name or host)")
    parser.add_argument("--html", metavar="OUT", help="write a self-contained HTML report to OUT")
    parser.add_argument("--colour", "--color", dest="colour", choices=("auto", "always", "never"), default="auto",
                        help="colour per furniture family (auto: when stdout is a terminal and NO_COLOR is unset)")
    add_rules_option(parser)
    parser.set_defaults(func=_run)
