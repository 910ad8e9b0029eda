"""The ``cleaner`` command line.

One job: parse arguments, call the library, print, and turn failures into messages and exit
codes (no traceback reaches a user). Commands other than ``clean`` and ``rules`` live in their own
modules of :mod:`cleaner.tools` and register themselves through :data:`COMMAND_MODULES`.

Exit codes:
  0  success
  1  rule problems: invalid rule files, failing rule examples
  2  usage errors (bad arguments)
  3  input or output errors (a file that cannot be read or written, HTML input without a
     working trafilatura)
  130  interrupted (Ctrl-C); 141 the reader of standard output went away (``| head``), quietly
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cleaner.errors import RuleError, UnknownSiteError
from cleaner.html.extract import HtmlError
from cleaner.tools.common import (
    EXIT_IO,
    EXIT_OK,
    EXIT_RULES,
    EXIT_USAGE,
    UsageError,
    add_favor_option,
    add_rules_option,
    read_input,
    version_text,
)

__all__ = ["main", "EXIT_OK", "EXIT_RULES", "EXIT_USAGE", "EXIT_IO", "read_input", "add_rules_option"]

# Modules that add sub-commands: each has ``add_command(subparsers)`` setting ``func``.
COMMAND_MODULES: tuple[str, ...] = ("cleaner.tools.explain", "cleaner.tools.batch", "cleaner.tools.evaluate", "cleaner.tools.learn")


def _clean(args: argparse.Namespace) -> int:
    from cleaner.engine import Cleaner, Settings

    cleaner = Cleaner(rules=args.rules, settings=Settings(favor=args.favor))
    output = "markdown" if args.format == "markdown" else "text"
    result = cleaner.clean(read_input(args.file), url=args.url, site=args.site, output=output)
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.text)
    if args.explain:
        print(result.explain(), file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return EXIT_OK


def _rules_check(args: argparse.Namespace) -> int:
    from cleaner.errors import Problem
    from cleaner.rules.examples import check_rules
    from cleaner.rules.ruleset import (
        default_rule_paths,
        load_rule_file,
        load_rules,
        rule_file_layers,
    )
    from cleaner.rules.vocabulary import is_vocabulary_path

    paths = [Path(p) for p in args.dirs] or default_rule_paths()
    invalid: list[Problem] = []
    try:
        ruleset = load_rules(paths)
        files = [*ruleset.packs.values(), *ruleset.sites.values()]
    except RuleError as error:
        # One run lists every problem: those of the broken files, then the failing examples of
        # the files that do load.
        invalid += error.problems
        files = []
        for path in (path for layer in rule_file_layers(paths) for path in layer if not is_vocabulary_path(path)):
            try:
                files.append(load_rule_file(path))
            except RuleError:
                continue
    rules = [r for f in files for r in f.rules]
    problems = check_rules(rules)
    html_sites = [f for f in files if f.is_site and f.html.get("examples")]
    if html_sites:
        from cleaner.html.extract import check_html_examples

        problems += [problem for f in html_sites for problem in check_html_examples(f)]
    heuristics_sites = [f for f in files if f.heuristics_examples]
    if heuristics_sites:
        from cleaner.heuristics.examples import check_heuristics_examples

        problems += [problem for f in heuristics_sites for problem in check_heuristics_examples(f)]
    for problem in invalid + problems:
        print(problem, file=sys.stderr)
    examples = (sum(len(r.examples) for r in rules) + sum(len(f.html["examples"]) for f in html_sites)
                + sum(len(f.heuristics_examples) for f in heuristics_sites))
    broken = f"; {len(invalid)} problems in rule files" if invalid else ""
    print(f"{len(files)} files, {len(rules)} rules, {examples} examples: "
          f"{examples - len(problems)} passed, {len(problems)} failed{broken}")
    return EXIT_RULES if invalid or problems else EXIT_OK


def _rules_list(args: argparse.Namespace) -> int:
    from cleaner.rules.ruleset import default_rule_paths, load_rules

    ruleset = load_rules(default_rule_paths() + [Path(p) for p in args.rules])
    for rule_file in [*(ruleset.packs[k] for k in sorted(ruleset.packs)), *(ruleset.sites[k] for k in sorted(ruleset.sites))]:
        kind = "site" if rule_file.is_site else "pack"
        hosts = f" ({', '.join(rule_file.hosts)})" if rule_file.hosts else ""
        print(f"{kind} {rule_file.namespace}{hosts}: {rule_file.path}")
        for rule in rule_file.rules:
            print(f"  {rule.qid:<44} {rule.action:<10} {rule.description}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="cleaner", description="Strip boilerplate from scraped articles.",
        epilog="Exit codes: 0 success, 1 rule problems, 2 usage errors, 3 input or output errors.")
    parser.add_argument("--version", action="version", version=version_text())
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    clean = commands.add_parser("clean", help="clean one page and print the article body")
    clean.add_argument("file", nargs="?", default="-", metavar="FILE", help="page to clean (default: - for stdin)")
    clean.add_argument("--url", help="the page's URL (picks site rules by host)")
    clean.add_argument("--site", help="use this site's rules (site name or host)")
    clean.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                       help="text: plain paragraphs; markdown: keep the page's markup; json: text, metadata "
                            "and every decision (default: text)")
    clean.add_argument("--explain", action="store_true", help="print the decision table to stderr")
    add_rules_option(clean)
    add_favor_option(clean)
    clean.set_defaults(func=_clean)

    rules = commands.add_parser("rules", help="rule files: check, list, new (start a site's file), test (on a page)")
    rule_commands = rules.add_subparsers(dest="rules_command", required=True, metavar="COMMAND")
    check = rule_commands.add_parser("check", help="validate rule files and run their examples")
    check.add_argument("dirs", nargs="*", metavar="DIR", help="rule directories or files (default: shipped rules)")
    check.set_defaults(func=_rules_check)
    listing = rule_commands.add_parser("list", help="list rule files and rules")
    add_rules_option(listing)
    listing.set_defaults(func=_rules_list)
    importlib.import_module("cleaner.tools.scaffold").add_rules_commands(rule_commands)
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_command(commands)
    return parser


# The exit code of each expected error, the first that fits (an unknown --site is a RuleError
# that the caller, not a rule file, got wrong).
_EXIT_CODES: tuple[tuple[type[Exception], int], ...] = (
    (UnknownSiteError, EXIT_USAGE), (RuleError, EXIT_RULES), (UsageError, EXIT_USAGE), (HtmlError, EXIT_IO),
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (RuleError, UsageError, HtmlError) as error:
        print(f"error: {error}", file=sys.stderr)
        return next(code for kind, code in _EXIT_CODES if isinstance(error, kind))
    except BrokenPipeError:
        # The reader went away (| head): stop without a message, and keep the interpreter's final
        # flush of stdout from reporting the same pipe again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as error:
        print(f"error: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return EXIT_IO
    except KeyboardInterrupt:
        return 130
