"""Learn a site's rule file from several of its pages: the ``cleaner learn`` command.

One job: turn blocks that recur across pages of one site into rules a person can read, check and
edit. Blocks are compared as :mod:`cleaner.heuristics.repeat` compares them (normalized, hashed); a block
on at least :data:`REPEAT_SHARE` of the pages (and on two or more) is furniture. Of those:

- the latest one that, on every page carrying it, stands before the first body paragraph becomes
  a ``cut-before`` rule (the masthead and navigation above it go with it);
- the earliest one that always stands after the last body paragraph becomes a ``cut-after`` rule;
- the others become literal ``phrases`` drops, one rule per word count with ``min_words`` and
  ``max_words`` both set to it, so that a phrase only ever removes a block that *is* the phrase
  (a body sentence that merely contains "Home" or "Share" is safe).

A body paragraph is a block on one page only with at least :data:`BODY_MIN_WORDS` words. Only
blocks whose text is the same on every page become rules (a line with a changing date cannot be
written as a literal). Every rule carries an in/out example and an ``unchanged`` body paragraph,
both taken from the pages, and the file is checked with its own examples before it is written.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cleaner.heuristics.repeat import fingerprint
from cleaner.rules.examples import check_rules
from cleaner.rules.rulefile import NAME
from cleaner.rules.ruleset import host_of, load_rule_file
from cleaner.text.blocks import WORD, Block, segment
from cleaner.text.normalize import normalize

__all__ = ["LearnError", "learn", "read_pages", "write_rules", "add_command", "MIN_LEARN_PAGES"]

# Fewer pages than this cannot tell a site's furniture from two articles that happen to agree.
MIN_LEARN_PAGES = 3
# A block on at least this share of the pages is furniture.
REPEAT_SHARE = 0.5
# A block on one page only with at least this many words is body, for anchoring cuts.
BODY_MIN_WORDS = 12
# Blocks of slack added to the observed distance of a cut anchor from the page's edge.
WINDOW_SLACK = 5
# Longest block turned into a literal phrase; longer repeats are rare and better cut around.
MAX_PHRASE_WORDS = 40


class LearnError(ValueError):
    """Pages that cannot be learned from, named with where they came from."""


@dataclass(frozen=True, slots=True)
class _Page:
    name: str
    blocks: list[Block]
    keys: list[int | None]


def read_pages(source: str | Path, site: str) -> list[tuple[str, str]]:
    """(name, text) of each page: the ``.txt``/``.md`` files of a directory, or the records of a
    JSONL file (``text``, ``url``) whose host is ``site`` or under it."""
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".txt", ".md") and not p.name.endswith(".expected.txt"))
        return [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in files]
    pages = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise LearnError(f"{path}:{number}: not JSON ({error.msg})") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise LearnError(f"{path}:{number}: a record needs 'text' (a string) and 'url'")
            host = host_of(str(record.get("url") or ""))
            if not host or host == site or host.endswith("." + site):
                pages.append((f"{path}:{number}", record["text"]))
    return pages


def _pages(texts: Sequence[tuple[str, str]]) -> list[_Page]:
    pages = []
    for name, text in texts:
        blocks = segment(normalize(text))
        pages.append(_Page(name, blocks, [fingerprint(b.plain) for b in blocks]))
    return pages


def _literal(pages: Sequence[_Page], key: int) -> str | None:
    """The block's plain text when it is one line, the same on every page, and not too long."""
    texts = {b.plain.strip() for p in pages for b, k in zip(p.blocks, p.keys) if k == key}
    if len(texts) != 1:
        return None
    text = texts.pop()
    words = len(WORD.findall(text))
    return text if "\n" not in text and 0 < words <= MAX_PHRASE_WORDS else None


def _body_span(page: _Page, repeated: set[int]) -> tuple[int, int] | None:
    body = [i for i, (b, k) in enumerate(zip(page.blocks, page.keys))
            if k not in repeated and b.words >= BODY_MIN_WORDS]
    return (body[0], body[-1]) if body else None


def _anchor(pages: Sequence[_Page], candidates: Sequence[int], repeated: set[int], before: bool) -> int | None:
    """The repeated block that always stands before (after) the body, latest (earliest) first."""
    best: tuple[float, int] | None = None
    for key in candidates:
        places = []
        for page in pages:
            where = [i for i, k in enumerate(page.keys) if k == key]
            span = _body_span(page, repeated)
            if not where:
                continue
            if len(where) > 1 or span is None or (where[0] >= span[0] if before else where[0] <= span[1]):
                break
            places.append(where[0] / max(1, len(page.blocks)))
        else:
            if places:
                rank = sum(places) / len(places)
                score = (rank if before else -rank, key)
                if best is None or score > best:
                    best = score
    return best[1] if best else None


def _body_paragraphs(pages: Sequence[_Page], repeated: set[int]) -> list[str]:
    paragraphs = [b.text for p in pages for b, k in zip(p.blocks, p.keys)
                  if k not in repeated and b.kind == "paragraph" and b.words >= BODY_MIN_WORDS and "\n" not in b.text]
    return sorted(paragraphs, key=lambda t: (-len(t), t))


def _block_text(pages: Sequence[_Page], key: int) -> str:
    return next(b.text for p in pages for b, k in zip(p.blocks, p.keys) if k == key)


def _neighbour(pages: Sequence[_Page], key: int, step: int) -> str | None:
    """A block next to the anchor (``step`` -1: before it, +1: after it) on some page."""
    for page in pages:
        if key in page.keys:
            index = page.keys.index(key) + step
            if 0 <= index < len(page.blocks) and page.keys[index] != key and page.blocks[index].kind != "separator":
                return page.blocks[index].text
    return None


def _always_cut(pages: Sequence[_Page], key: int, head: int | None, tail: int | None) -> bool:
    """Whether the cut rules already remove every occurrence of ``key``."""
    for page in pages:
        first = page.keys.index(head) if head in page.keys else -1
        last = page.keys.index(tail) if tail in page.keys else len(page.keys)
        if any(first < i < last for i, k in enumerate(page.keys) if k == key):
            return False
    return True


def learn(texts: Sequence[tuple[str, str]], site: str) -> dict[str, Any]:
    """The rule file (as a dict ready for YAML) learned from ``texts``, (name, text) pairs."""
    if not NAME.match(site):
        raise LearnError(f"--site must be a lowercase host such as example.com, not {site!r}")
    if len(texts) < MIN_LEARN_PAGES:
        raise LearnError(f"need at least {MIN_LEARN_PAGES} pages of {site} to learn from, got {len(texts)}")
    pages = _pages(texts)
    seen: dict[int, int] = {}
    for page in pages:
        for key in {k for k in page.keys if k is not None}:
            seen[key] = seen.get(key, 0) + 1
    needed = max(2, math.ceil(REPEAT_SHARE * len(pages)))
    repeated = {k for k, n in seen.items() if n >= needed}
    literal = {k: text for k in repeated if (text := _literal(pages, k)) is not None}
    body = _body_paragraphs(pages, repeated)
    if not body:
        raise LearnError(f"no body paragraph of {BODY_MIN_WORDS}+ words found on only one page: nothing to anchor rules on")
    order = sorted(literal, key=lambda k: (-seen[k], literal[k]))
    rules = []
    head = _anchor(pages, order, repeated, before=True)
    tail = _anchor(pages, order, repeated, before=False)
    for anchor, action, step in ((head, "cut-before", -1), (tail, "cut-after", 1)):
        if anchor is None:
            continue
        key = anchor
        text, other = _block_text(pages, key), _neighbour(pages, key, step)
        limit = max(len(p.blocks) - p.keys.index(key) if action == "cut-after" else p.keys.index(key) + 1
                    for p in pages if key in p.keys)
        words = len(WORD.findall(literal[key]))
        example = [text, body[0]] if action == "cut-before" else [body[0], text]
        if other is not None:
            example = [other, *example] if action == "cut-before" else [*example, other]
        rules.append({
            "id": "learned-header" if action == "cut-before" else "learned-footer",
            "description": f"Everything {'up to' if action == 'cut-before' else 'from'} this line, found on "
                           f"{seen[key]} of {len(pages)} pages, is site furniture.",
            "action": action, "phrases": [literal[key]], "where": "head" if action == "cut-before" else "tail",
            "window": limit + WINDOW_SLACK, "min_words": words, "max_words": words,
            "examples": [{"in": "\n\n".join(example), "out": body[0]}, {"unchanged": body[min(1, len(body) - 1)]}],
        })
    by_words: dict[int, list[int]] = {}
    for key in order:
        if key not in (head, tail) and not _always_cut(pages, key, head, tail):
            by_words.setdefault(len(WORD.findall(literal[key])), []).append(key)
    for words, keys in sorted(by_words.items()):
        rules.append({
            "id": f"learned-lines-{words}-word{'s' if words > 1 else ''}",
            "description": f"Lines of {words} word{'s' if words > 1 else ''} repeated on half or more of "
                           f"{len(pages)} pages.",
            "action": "drop", "phrases": [literal[k] for k in keys], "min_words": words, "max_words": words,
            "examples": [{"in": f"{_block_text(pages, keys[0])}\n\n{body[0]}", "out": body[0]},
                         {"unchanged": body[min(1, len(body) - 1)]}],
        })
    return {"site": site, "description": f"Learned by cleaner learn from {len(pages)} pages.",
            "hosts": [site, f"*.{site}"], "rules": rules}


def write_rules(data: dict[str, Any], path: str | Path) -> None:
    """Write ``data`` as a rule file with a schema line, and check it: its rules must load and
    pass their own examples."""
    target = Path(path)
    schema = Path(__file__).resolve().parent.parent / "schema" / "rules.schema.json"
    relative = os.path.relpath(schema, target.resolve().parent)
    text = f"# yaml-language-server: $schema={relative}\n" + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=1000)
    problems = check_rules(load_rule_file(str(target), text).rules)
    if problems:
        raise LearnError("the learned rules fail their own examples:\n" + "\n".join(map(str, problems)))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _run(args: argparse.Namespace) -> int:
    from cleaner.tools.common import EXIT_IO, EXIT_OK

    try:
        data = learn(read_pages(args.source, args.site), args.site)
        write_rules(data, args.output)
    except LearnError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_IO
    counts = ", ".join(f"{r['id']} ({len(r['phrases'])})" for r in data["rules"]) or "none"
    print(f"wrote {args.output}: {len(data['rules'])} rules: {counts}")
    return EXIT_OK


def add_command(subparsers: Any) -> None:
    """Register ``cleaner learn``."""
    command = subparsers.add_parser(
        "learn", help="write a site rule file from repeated blocks of its pages",
        description="Learn literal drops, a cut-before header and a cut-after footer from three or more "
                    "pages of one site.")
    command.add_argument("source", metavar="DIR_OR_JSONL", help="a directory of .txt/.md pages, or JSONL of {text, url}")
    command.add_argument("--site", required=True, metavar="HOST", help="the site's host, e.g. example.com")
    command.add_argument("-o", "--output", required=True, metavar="FILE", help="the rule file to write")
    command.set_defaults(func=_run)
