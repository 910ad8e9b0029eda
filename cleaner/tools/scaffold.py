"""Start and debug a site's rule file: ``cleaner rules new`` and ``cleaner rules test``.

One job: help a person write site rules from sample pages. ``rules new`` cleans each sample page
with the generic rules and heuristics, and proposes a literal ``drop`` rule for each short block
the heuristics dropped and for each line that recurs across the pages (with three or more pages,
:func:`cleaner.tools.learn.learn` proposes the repeated ones, and their headers and footers, where that
module is installed; otherwise a line on two or more pages is proposed as is); every proposed rule
carries examples taken from the pages, and only rules whose examples pass are written, so the
file passes ``cleaner rules check`` as written. Blocks that generic rules already drop get a
comment, not a rule: a copy of a generic rule in a site file would only shadow later fixes to it.
``rules test`` reports which rules fired on one page, which never fired, and which examples fail.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

from cleaner.engine import Cleaner, Settings
from cleaner.errors import Problem, RuleError
from cleaner.result import Result
from cleaner.rules.examples import check_rules
from cleaner.rules.match import apply_rules
from cleaner.rules.rulefile import NAME
from cleaner.rules.ruleset import Rule, host_of, load_rule_file, load_rules
from cleaner.text.blocks import WORD, Block, segment
from cleaner.text.normalize import normalize
from cleaner.text.read import decode
from cleaner.tools.learn import LearnError, learn

__all__ = ["propose_rules", "format_rule_file", "test_page", "add_rules_commands"]

SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "rules.schema.json"
# Longer blocks are article text far more often than furniture: never propose a rule for them.
MAX_FURNITURE_WORDS = 40
# A signature shorter than this matches too much unrelated text to pick a site by.
MIN_SIGNATURE_WORDS = 3
# A whole line longer than this is cut into sentences: a short signature survives small edits.
MAX_SIGNATURE_WORDS = 20
# A body paragraph needs this many words to serve as an "unchanged" example.
MIN_BODY_WORDS = 8
_DIGITS = regex.compile(r"\d+")
# A value written without quotes: lower-case words, digits, dots and dashes (YAML must also read
# it back as the same string).
_PLAIN = regex.compile(r"^[a-z0-9][a-z0-9.-]*$")
_SENTENCE = regex.compile(r"(?<=[.!?|:])\s+")


@dataclass(slots=True)
class _Page:
    name: str
    text: str
    blocks: list[Block]
    result: Result


@dataclass(slots=True)
class _Candidate:
    plain: str
    text: str
    reason: str
    pages: set[int] = field(default_factory=set)


def _read_page(name: str, raw: bytes, cleaner: Cleaner) -> _Page:
    text = normalize(decode(raw))
    return _Page(name, text, segment(text), cleaner.clean(text))


def _slug(text: str, taken: set[str]) -> str:
    words = [w.lower() for w in WORD.findall(text) if w.isascii()][:4] or ["line"]
    base = regex.sub(r"[^a-z0-9-]+", "-", "-".join(words)).strip("-") or "line"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _pattern(plain: str) -> str:
    """An anchored pattern for one line, numbers generalized (dates and counts change per page).

    >>> _pattern("Posted 3 May 2024 (12 comments)")
    '^Posted \\\\d+ May \\\\d+ \\\\(\\\\d+ comments\\\\)$'
    """
    pieces = _DIGITS.split(plain.strip())
    return "^" + r"\d+".join(regex.escape(p, literal_spaces=True) for p in pieces) + "$"


def _signature(site: str, pages: list[_Page]) -> list[str]:
    """A line naming the site that every page contains, literally (as ``detect`` compares)."""
    label = site.split(".")[0].replace("-", "")
    found: list[str] = []
    for block in pages[0].blocks:
        whole = block.plain.strip()
        pieces = [whole] if len(WORD.findall(whole)) <= MAX_SIGNATURE_WORDS else []
        for piece in pieces + _SENTENCE.split(whole):
            squashed = regex.sub(r"[^\p{L}\p{N}]", "", piece).lower()
            # numbers (years above all) change from page to page and year to year
            if (label in squashed and len(WORD.findall(piece)) >= MIN_SIGNATURE_WORDS and not _DIGITS.search(piece)
                    and all(piece in page.text for page in pages) and piece not in found):
                found.append(piece)
    return found[:1]


def _learned(site: str, pages: list[_Page]) -> list[dict[str, Any]]:
    """Rules proposed by ``cleaner learn`` (:mod:`cleaner.tools.learn`), or none where it cannot learn
    (fewer than :data:`~cleaner.tools.learn.MIN_LEARN_PAGES` pages) or finds nothing."""
    try:
        data = learn([(page.name, page.text) for page in pages], site)
    except LearnError:
        return []
    rules = data.get("rules") if isinstance(data, dict) else None
    return [r for r in rules if isinstance(r, dict) and _passes(r, site)] if isinstance(rules, list) else []


def _body_example(page: _Page) -> str | None:
    """The page's shortest kept paragraph of at least :data:`MIN_BODY_WORDS` words."""
    bodies = [b for b, d in zip(page.blocks, page.result.decisions)
              if d.kept and b.kind == "paragraph" and b.words >= MIN_BODY_WORDS and "\n" not in b.text]
    return min(bodies, key=lambda b: b.words).text if bodies else None


def _passes(rule: dict[str, Any], site: str) -> bool:
    """Whether the rule loads and its examples hold, alone in a site file."""
    try:
        loaded = load_rule_file(f"<{site}>", format_rule_file({"site": site, "rules": [rule]}))
    except RuleError:
        return False
    return not check_rules(loaded.rules)


def propose_rules(host: str, pages: list[tuple[str, bytes]], rule_paths: list[Path] | None = None,
                  schema: str = "") -> str:
    """A site rule file (YAML text) for ``host`` proposed from sample ``pages`` (name, bytes);
    ``schema`` is the path written on its ``$schema`` line (default: the installed schema).

    >>> page = b"Quiet Hours Daily: the town paper\\n\\nBakers start at four, said Ann, and she means it.\\n\\n* * *"
    >>> text = propose_rules("quiethours.example", [("a.md", page)])
    >>> print(text[text.index("site:"):text.index("rules:")])
    site: quiethours.example
    name: quiethours.example
    hosts: [quiethours.example, "*.quiethours.example"]
    detect: ["Quiet Hours Daily: the town paper"]
    <BLANKLINE>
    """
    site = host_of(host)
    if not NAME.match(site):
        raise RuleError([Problem(host, 0, "", "not a host name (expected something like example.com)")])
    cleaner = Cleaner(rules=rule_paths or [], settings=Settings(site_rules=False))
    read = [_read_page(name, raw, cleaner) for name, raw in pages]
    generic: Counter[str] = Counter()
    candidates: dict[str, _Candidate] = {}
    seen_in: dict[str, set[int]] = {}
    for number, page in enumerate(read):
        for block, decision in zip(page.blocks, page.result.decisions):
            plain = block.plain.strip()
            if not plain or block.kind == "separator" or block.words > MAX_FURNITURE_WORDS:
                continue
            seen_in.setdefault(plain, set()).add(number)
            if decision.kept:
                continue
            if decision.reason.kind == "rule":
                generic[decision.reason.name] += 1
            else:
                candidates.setdefault(plain, _Candidate(plain, block.text, decision.reason)).pages.add(number)
    learned = _learned(site, read)
    if not learned and len(read) > 1:
        for number, page in enumerate(read):
            for block, decision in zip(page.blocks, page.result.decisions):
                plain = block.plain.strip()
                pages_with = seen_in.get(plain, set())
                # a rule's decision (a generic drop, or a keep) is the rule's business, not ours
                if len(pages_with) > 1 and decision.reason.kind != "rule":
                    candidate = candidates.setdefault(plain, _Candidate(plain, block.text, "repeated"))
                    candidate.reason = f"repeated on {len(pages_with)} of {len(read)} pages"
                    candidate.pages |= pages_with
    taken = {str(r.get("id")) for r in learned}
    covered = {str(p) for r in learned for p in r.get("phrases") or ()}
    rules = list(learned)
    patterns: set[str] = set()
    for candidate in candidates.values():
        if candidate.plain in covered:
            continue
        page = read[min(candidate.pages)]
        examples: list[dict[str, str]] = [{"in": candidate.text, "out": ""}]
        body = _body_example(page)
        if body is not None:
            examples.append({"unchanged": body})
        source = candidate.reason if candidate.reason.startswith("repeated") else f"dropped by {candidate.reason}"
        rule = {"id": _slug(candidate.plain, taken),
                "description": f"Proposed from {page.name}: {source}.",
                "action": "drop", "pattern": _pattern(candidate.plain),
                "max_words": len(WORD.findall(candidate.plain)), "examples": examples}
        if rule["pattern"] not in patterns and _passes(rule, site):
            patterns.add(str(rule["pattern"]))
            rules.append(rule)
    notes = [f"Proposed by `cleaner rules new` from {len(read)} page(s): {', '.join(p.name for p in read)}.",
             "Review every rule before use: keep what is furniture on every page of the site."]
    if generic:
        notes.append("Already dropped by generic rules: "
                     + ", ".join(f"{qid} ({n})" for qid, n in sorted(generic.items())) + ".")
    data: dict[str, Any] = {"site": site, "name": site, "hosts": [site, f"*.{site}"],
                            "detect": _signature(site, read), "rules": rules}
    return format_rule_file(data, notes, schema)


def _scalar(value: Any, key: str = "") -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        return str(value)
    if key == "pattern":  # single quotes keep a regex's backslashes as written
        return "'" + value.replace("'", "''") + "'"
    if _PLAIN.match(value) and yaml.safe_load(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)


def format_rule_file(data: dict[str, Any], notes: list[str] | tuple[str, ...] = (), schema: str = "") -> str:
    """Write a rule file's ``data`` as YAML, with the schema line first and ``notes`` as comments.

    >>> print(format_rule_file({"pack": "x", "rules": [{"id": "a", "pattern": "^A\\\\d$", "examples": [{"in": "A1", "out": ""}]}]}, schema="s.json"))
    # yaml-language-server: $schema=s.json
    pack: x
    rules:
      - id: a
        pattern: '^A\\d$'
        examples:
          - in: "A1"
            out: ""
    <BLANKLINE>
    """
    lines = [f"# yaml-language-server: $schema={schema or SCHEMA}"] + [f"# {note}" for note in notes]
    for key, value in data.items():
        if key == "rules":
            lines.append("rules:" if value else "rules: []")
            for rule in value:
                for i, (rule_key, rule_value) in enumerate(rule.items()):
                    lead = "  - " if i == 0 else "    "
                    if rule_key == "examples" and isinstance(rule_value, list):
                        lines.append(f"{lead}examples:")
                        for example in rule_value:
                            for j, (ex_key, ex_value) in enumerate(example.items()):
                                lines.append(f"{'      - ' if j == 0 else '        '}{ex_key}: {_scalar(ex_value)}")
                    elif isinstance(rule_value, list):
                        lines.append(f"{lead}{rule_key}: [{', '.join(_scalar(v) for v in rule_value)}]")
                    else:
                        lines.append(f"{lead}{rule_key}: {_scalar(rule_value, rule_key)}")
        elif isinstance(value, list):
            if value:
                lines.append(f"{key}: [{', '.join(_scalar(v) for v in value)}]")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


@dataclass(slots=True)
class PageTest:
    """What ``rules test`` found: the site file picked and how, the rules that fired (with the
    number of blocks each decided or edited), those of the tested files that never fired, the
    tested rules not in force on this page, and the failing examples."""

    site: str
    picked_by: str
    fired: dict[str, int]
    never: list[str]
    not_in_force: list[str]
    examples: int
    failures: list[Problem]


def test_page(target: Path, raw: bytes, *, url: str | None = None, site: str | None = None) -> PageTest:
    """Run the rules in force (shipped ones plus ``target``) over one page, and ``target``'s examples.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = Path(tmp, "x.yaml").write_text(format_rule_file({"pack": "x", "rules": [
    ...         {"id": "a", "description": "A.", "action": "drop", "pattern": "^Zebra$", "examples": [{"in": "Zebra", "out": ""}]},
    ...         {"id": "b", "description": "B.", "action": "drop", "pattern": "^Bids$", "examples": [{"in": "Bids", "out": "Bids"}]}]}))
    ...     report = test_page(Path(tmp), b"Zebra\\n\\nThe vote was close.")
    >>> report.fired, report.never, [p.message for p in report.failures]
    ({'x/a': 1}, ['x/b'], ["example gives '', expected 'Bids'"])
    """
    cleaner = Cleaner(rules=[target])
    text = normalize(decode(raw))
    site_file = cleaner.site_file(text, url=url, site=site)
    in_force = cleaner.ruleset.rules_for(site_file)
    verdicts, _, _ = apply_rules(segment(text), in_force)
    fired: Counter[str] = Counter()
    for verdict in verdicts:
        fired.update(reason.name for reason in {verdict.reason, *verdict.edited_by} if reason.kind == "rule")
    tested: list[Rule] = [r for f in _files(target) for r in f]
    forced = {r.qid for r in in_force}
    picked_by = "--site" if site else "url" if url else "detect signature"
    return PageTest(
        site=site_file.namespace if site_file else "",
        picked_by=picked_by if site_file else "no site file picked",
        fired={qid: fired[qid] for qid in (r.qid for r in in_force) if fired[qid]},
        never=[r.qid for r in tested if r.qid in forced and not fired[r.qid]],
        not_in_force=[r.qid for r in tested if r.qid not in forced],
        examples=sum(len(r.examples) for r in tested),
        failures=check_rules(tested),
    )


test_page.__test__ = False  # type: ignore[attr-defined]  # a function, not a pytest test


def _files(target: Path) -> list[tuple[Rule, ...]]:
    ruleset = load_rules([target])
    return [f.rules for f in [*ruleset.sites.values(), *ruleset.packs.values()]]


def _new(args: argparse.Namespace) -> int:
    from cleaner.tools.common import EXIT_OK, read_input

    out_dir = Path(args.out)
    site = host_of(args.host)
    target = out_dir / f"{site or args.host}.yaml"
    schema = os.path.relpath(SCHEMA, out_dir.resolve())
    pages = [(Path(name).name, read_input(name)) for name in args.pages]
    text = propose_rules(args.host, pages, [Path(p) for p in args.rules], schema=schema)
    if target.exists() and not args.force:
        raise FileExistsError(17, "already exists (use --force to replace it)", str(target))
    out_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    count = len(load_rule_file(target).rules)
    print(f"wrote {target}: {count} proposed rules; check it with: cleaner rules check {target}")
    return EXIT_OK


def _test(args: argparse.Namespace) -> int:
    from cleaner.tools.common import EXIT_OK, EXIT_RULES, read_input

    report = test_page(Path(args.target), read_input(args.page), url=args.url, site=args.site)
    print(f"page: {args.page}")
    print(f"site file: {report.site or 'none'} ({report.picked_by})")
    print(f"fired ({len(report.fired)} rules):")
    width = max((len(q) for q in [*report.fired, *report.never, *report.not_in_force]), default=0)
    for qid, blocks in report.fired.items():
        print(f"  {qid:<{width}}  {blocks} block{'s' if blocks != 1 else ''}")
    print(f"never fired ({len(report.never)} of the rules in {args.target}):")
    for qid in report.never:
        print(f"  {qid}")
    if report.not_in_force:
        print(f"not in force on this page ({len(report.not_in_force)}; pick the site with --url or --site):")
        for qid in report.not_in_force:
            print(f"  {qid}")
    print(f"examples: {report.examples} run, {len(report.failures)} failed")
    for problem in report.failures:
        print(f"  {problem}")
    return EXIT_RULES if report.failures else EXIT_OK


def add_rules_commands(rule_commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``cleaner rules new`` and ``cleaner rules test`` under ``cleaner rules``."""
    from cleaner.tools.common import add_rules_option

    new = rule_commands.add_parser("new", help="propose a site rule file from sample pages")
    new.add_argument("host", metavar="HOST", help="the site's host, such as example.com")
    new.add_argument("--from", dest="pages", nargs="+", required=True, metavar="PAGE",
                     help="sample pages of the site (three or more also find repeated lines)")
    new.add_argument("-o", "--out", default=".", metavar="DIR", help="directory to write HOST.yaml in (default: .)")
    new.add_argument("--force", action="store_true", help="replace an existing HOST.yaml")
    add_rules_option(new)
    new.set_defaults(func=_new)
    test = rule_commands.add_parser("test", help="which rules fire on a page, which never do, which examples fail")
    test.add_argument("target", metavar="FILE_OR_DIR", help="rule file or directory to test")
    test.add_argument("--page", required=True, metavar="PAGE", help="a page of the site (- for stdin)")
    test.add_argument("--url", help="the page's URL (picks site rules by host)")
    test.add_argument("--site", help="use this site's rules (site name or host)")
    test.set_defaults(func=_test)
