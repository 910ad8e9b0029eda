"""``cleaner learn``: a site's rule file from many of its pages, read from a directory or a JSONL
crawl (only the records whose URL is on the site).

One job: pick the site's pages out of the input and hand them to :mod:`cleaner.tools.propose`,
the proposer ``cleaner rules new`` uses too; fail, naming why, when nothing was learned.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cleaner.batch.files import utf8_lines
from cleaner.rules.rulefile import NAME
from cleaner.rules.ruleset import host_of
from cleaner.text.read import decode
from cleaner.tools.common import EXIT_IO, EXIT_OK, UsageError, add_rules_option
from cleaner.tools.propose import MIN_PAGES, propose
from cleaner.tools.writer import rule_file_target, write_rule_file

__all__ = ["LearnError", "read_pages", "add_command"]


class LearnError(ValueError):
    """Pages that cannot be learned from, named with where they came from."""


def read_pages(source: str | Path, site: str) -> tuple[list[tuple[str, str]], int]:
    """(name, text) of each page of ``site``, and how many pages or records were read in all: the
    ``.txt``/``.md``/``.html`` files of a directory, or the records of a JSONL file (``text``,
    ``url``) whose URL's host is ``site`` or under it. A record without a URL is nobody's."""
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".txt", ".md", ".html")
                       and not p.name.endswith((".expected.txt", ".gold.txt")))
        return [(str(p), decode(p.read_bytes())) for p in files], len(files)
    pages, count = [], 0
    with open(path, "rb") as stream:
        for number, line in enumerate(utf8_lines(stream), start=1):
            if not line.strip():
                continue
            count += 1
            try:
                record = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as error:
                raise LearnError(f"{path}:{number}: not UTF-8 (byte {line[error.start]:#04x} at column "
                                 f"{error.start + 1}); JSONL files are UTF-8") from None
            except json.JSONDecodeError as error:
                raise LearnError(f"{path}:{number}: not JSON ({error.msg})") from None
            except ValueError as error:  # an integer of more digits than Python converts
                raise LearnError(f"{path}:{number}: not JSON ({error})") from None
            except RecursionError:
                raise LearnError(f"{path}:{number}: not JSON (nested too deeply)") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise LearnError(f"{path}:{number}: a record needs 'text' (a string) and 'url'")
            host = host_of(str(record.get("url") or ""))
            if host and (host == site or host.endswith("." + site)):
                pages.append((f"{path}:{number}", record["text"]))
    return pages, count


def _run(args: argparse.Namespace) -> int:
    site = host_of(args.site) if "/" in args.site else args.site
    if not NAME.match(site):
        raise UsageError(f"--site must be a lowercase host such as example.com, not {args.site!r}")
    try:
        pages, read = read_pages(args.source, site)
    except LearnError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_IO
    if len(pages) < MIN_PAGES:
        print(f"error: {args.source}: {len(pages)} of {read} pages are {site}'s; at least {MIN_PAGES} are needed",
              file=sys.stderr)
        return EXIT_IO
    proposal = propose(site, pages, args.rules)
    if not proposal.rules:
        print(f"error: learned no rules from {len(pages)} pages of {site}: {proposal.notes[-1]}", file=sys.stderr)
        return EXIT_IO
    target = rule_file_target(args.output, site)
    count = write_rule_file(proposal.data, proposal.notes, target, force=args.force)
    print(f"wrote {target}: {count} rules ({', '.join(r['id'] for r in proposal.rules)}) "
          f"from {len(pages)} of {read} pages; check it with: cleaner rules check {target}")
    return EXIT_OK


def add_command(subparsers: Any) -> None:
    """Register ``cleaner learn``."""
    command = subparsers.add_parser(
        "learn", help="write a site rule file from the lines its pages repeat",
        description="Propose a site's rules from three or more of its pages, as cleaner rules new does, "
                    "reading them from a directory or from the records of a JSONL crawl whose URL is on the site.")
    command.add_argument("source", metavar="DIR_OR_JSONL", help="a directory of .txt/.md/.html pages, or JSONL of {text, url}")
    command.add_argument("--site", required=True, metavar="HOST", help="the site's host, e.g. example.com")
    command.add_argument("-o", "--output", default=".", metavar="PATH",
                         help="a .yaml file, or a directory to write HOST.yaml in (default: .)")
    command.add_argument("--force", action="store_true", help="replace an existing rule file")
    add_rules_option(command)
    command.set_defaults(func=_run)
