"""Start and debug a site's rule file: ``cleaner rules new`` and ``cleaner rules test``.

One job: the two commands. ``rules new`` hands its sample pages to :mod:`cleaner.tools.propose`
(the proposer ``cleaner learn`` uses too) and writes the file it proposes, checked against its
own examples. ``rules test`` reports which rules fired on one page, which never fired, and which
examples fail.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from cleaner.engine import Cleaner
from cleaner.errors import Problem
from cleaner.rules.examples import check_rules
from cleaner.rules.match import apply_rules
from cleaner.rules.rulefile import NAME
from cleaner.rules.ruleset import Rule, host_of, load_rules
from cleaner.text.blocks import segment
from cleaner.text.normalize import normalize
from cleaner.text.read import decode
from cleaner.tools.propose import propose
from cleaner.tools.writer import format_rule_file, rule_file_target, write_rule_file

__all__ = ["test_page", "add_rules_commands", "format_rule_file"]


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
    from cleaner.tools.common import EXIT_OK, UsageError, read_input

    site = host_of(args.host)
    if not NAME.match(site):
        raise UsageError(f"{args.host}: not a host name (expected something like example.com)")
    pages = [(Path(name).name, read_input(name)) for name in args.pages]
    target = rule_file_target(args.output, site)
    if target.exists() and not args.force:  # before the work, not after it
        raise FileExistsError(17, "already exists (use --force to replace it)", str(target))
    proposal = propose(site, pages, args.rules)
    count = write_rule_file(proposal.data, proposal.notes, target, force=args.force)
    print(f"wrote {target}: {count} proposed rules; check it with: cleaner rules check {target}")
    if not count:
        print(f"note: {proposal.notes[-1]}")
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
                     help="sample pages of the site (rules need three or more)")
    new.add_argument("-o", "--output", default=".", metavar="PATH",
                     help="a .yaml file, or a directory to write HOST.yaml in (default: .)")
    new.add_argument("--force", action="store_true", help="replace an existing rule file")
    add_rules_option(new)
    new.set_defaults(func=_new)
    test = rule_commands.add_parser("test", help="which rules fire on a page, which never do, which examples fail")
    test.add_argument("target", metavar="FILE_OR_DIR", help="rule file or directory to test")
    test.add_argument("--page", required=True, metavar="PAGE", help="a page of the site (- for stdin)")
    test.add_argument("--url", help="the page's URL (picks site rules by host)")
    test.add_argument("--site", help="use this site's rules (site name or host)")
    test.set_defaults(func=_test)
