"""Compile a rule list into one scan that tells, per block, which rules can possibly match.

One job: the prefilter that lets the rule stage skip rules that cannot match a block. Each rule
is reduced to a set of literals of which at least one must occur in any text its pattern matches
(for ``phrases``: the phrases; for a ``pattern``: what :mod:`cleaner.literals` reads off it, none
when unsure). All literals of a rule list go into one trie-shaped regular expression that runs
over the lower-cased plain text of a page, so each block is scanned once, not once per rule; only
the rules whose literals were seen in a block then run their own pattern on it. Patterns anchored
at the start of the block (``^``, or ``^\\W*`` that skips to the first word) are sharper still:
each block's head is matched once against a trie of the strings such matches must start with.
The result is the same as running every rule on every block: a rule skipped here could not have
matched (the property test ``tests/test_compile.py`` checks this on corpus and generated pages).

Why lower-casing is safe: rule patterns match case-insensitively with ``regex``'s simple case
folding. Literals are kept only when made of characters whose folding agrees with ``str.lower``;
text characters that fold onto a literal character without lowering to it (``ſ`` onto ``s``) are
mapped onto it before the scan. The scan uses the standard library's ``re``, which factors a trie
of literals far faster than an alternation of thousands of case-insensitive branches.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import cached_property, lru_cache
from typing import Any

import regex

from cleaner.blocks import Block
from cleaner.literals import (ANYWHERE, AT_FIRST_WORD, AT_START, LEADING_NON_WORD, SEPARATOR, Requirement,
                              anchored_literals, literal_key, most_selective, required_literals)
from cleaner.rules import WHERES, Rule

__all__ = ["CompiledRules", "compile_rules"]

# Rules whose literals may be anywhere are grouped by their ``max_words`` at these bounds: each
# group scans only the blocks short enough for one of its rules.
WORD_BOUNDS = (15, 60)
# Compiled rule lists kept (one per site and settings in use is typical).
CACHE_SIZE = 64
# Blocks whose scan results one scanner remembers before it forgets them all.
MEMO_BLOCKS = 20_000


@lru_cache(maxsize=1)
def _cased_bmp() -> str:
    return "".join(c for c in map(chr, range(0x10000)) if c.lower() != c or c.upper() != c)


def _folding_map(keys: Iterable[str]) -> dict[int, str]:
    """Text characters that ``regex`` folds onto a key character but ``str.lower`` does not."""
    mapping: dict[int, str] = {}
    for char in sorted({c for key in keys for c in key}):
        for other in regex.findall(regex.escape(char), _cased_bmp(), flags=regex.IGNORECASE | regex.V0):
            if other.lower() != char:
                mapping[ord(other)] = char
    return mapping


def _trie_pattern(keys: Iterable[str]) -> str:
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items())]
        if len(branches) <= 1:
            return "".join(branches)
        return "(?:" + "|".join(branches) + ")"

    return "(" + emit(trie) + ")"


def _bounded(words: int | None, low: int, high: int | None) -> bool:
    """Whether a ``max_words`` of ``words`` (None: unbounded) falls in (low, high]."""
    if words is None:
        return high is None
    return low < words and (high is None or words <= high)


class _Index:
    """The literals of one kind of requirement, each with the rules that need it, in one trie."""

    def __init__(self, requirements: Sequence[frozenset[str] | None], where: str) -> None:
        keys = {k for r in requirements if r for k in map(literal_key, r) if k}
        # Keep only keys with no shorter key as a prefix: a block holding "like this" holds
        # "like", so at any position of the text at most one key starts, and the scan sees all.
        minimal = {k for k in keys if not any(k[:i] in keys for i in range(1, len(k)))}
        shortest = {k: next(k[:i] for i in range(1, len(k) + 1) if k[:i] in minimal) for k in keys}
        self.keys = minimal
        self.rules_by_key: dict[str, list[int]] = {k: [] for k in minimal}
        for index, required in enumerate(requirements):
            for key in sorted({shortest[k] for k in map(literal_key, required or ()) if k}):
                self.rules_by_key[key].append(index)
        pattern = _trie_pattern(minimal)
        # Anywhere: every position where a key starts, overlapping ones included.
        self.scanner = re.compile("(?=" + pattern + ")" if where == ANYWHERE else pattern) if minimal else None
        # The longest key: how much of a block's head an anchored trie needs to see.
        self.length = max(map(len, minimal), default=0)
        # The rules whose literals a block's plain text holds, by that text: the settle pass of
        # the engine and a site's recurring furniture meet the same blocks again.
        self.memo: dict[str, tuple[int, ...]] = {}


class _Prefilter:
    """The content-only part of a compiled rule list: literals, their rules, the scanners."""

    def __init__(self, requirements: Sequence[Requirement | None],
                 limits: Sequence[tuple[str, int, int | None]]) -> None:
        self.unfiltered = tuple(i for i, r in enumerate(requirements) if r is None)
        self.at_start = _Index([r[1] if r is not None and r[0] == AT_START else None for r in requirements], AT_START)
        self.at_first_word = _Index([r[1] if r is not None and r[0] == AT_FIRST_WORD else None for r in requirements],
                                    AT_FIRST_WORD)
        # Literals that may be anywhere in a block are scanned for only in the blocks their rules
        # look at: those in a ``head`` or ``tail`` rule's window (a dateline, a bio), and those
        # short enough for its ``max_words`` (most furniture is short; most text is in long
        # paragraphs). Rules are grouped by window and by a bound on their ``max_words``.
        self.groups: list[tuple[str, int, int | None, _Index]] = []
        for where in WHERES:
            for low, high in zip((-1, *WORD_BOUNDS), (*WORD_BOUNDS, None)):
                members = [i for i, (r, w) in enumerate(zip(requirements, limits)) if r is not None
                           and r[0] == ANYWHERE and w[0] == where and _bounded(w[2], low, high)]
                if members:
                    group = [r[1] if i in members and r is not None else None for i, r in enumerate(requirements)]
                    words = [limits[i][2] for i in members]
                    self.groups.append((where, max(limits[i][1] for i in members),
                                        None if None in words else max(w for w in words if w is not None),
                                        _Index(group, ANYWHERE)))
        self.folding = _folding_map(set().union(self.at_start.keys, self.at_first_word.keys,
                                                *(index.keys for *_, index in self.groups)))
        self.unusual = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(self.folding)) + "]") if self.folding else None
        self.literals = [r[1] if r is not None else None for r in requirements]

    @cached_property
    def everywhere(self) -> _Index:
        """Every literal, anchored or not, as one scanner of the whole text."""
        return _Index(self.literals, ANYWHERE)

    def lowered(self, text: str) -> str:
        text = text.lower()
        if self.unusual is not None and not text.isascii() and self.unusual.search(text):
            text = text.translate(self.folding)
        return text


@lru_cache(maxsize=CACHE_SIZE)
def _prefilter(signature: tuple[tuple[str, tuple[str, ...], int, str, int, int | None], ...]) -> _Prefilter:
    return _Prefilter([_signature_literals(source, literals, flags) for source, literals, flags, *_ in signature],
                      [(where, window, words) for *_, where, window, words in signature])


def _signature_literals(source: str, literals: tuple[str, ...], flags: int) -> Requirement | None:
    if flags & (regex.V1 | regex.FULLCASE):
        return None
    if literals:
        required = most_selective(frozenset(p.strip() for p in literals))
    else:
        anchored = None if flags & (regex.MULTILINE | regex.ASCII) else anchored_literals(source)
        if anchored is not None:
            return anchored
        required = required_literals(source)
    return (ANYWHERE, required) if required is not None else None


class CompiledRules:
    """A rule list with its one-scan prefilter.

    >>> from cleaner.rules import load_rule_file
    >>> from cleaner.blocks import segment
    >>> compiled = compile_rules(load_rule_file("rules/generic/share.yaml").rules)
    >>> blocks = segment("The vote was close.\\n\\nShare this article")
    >>> [sorted(c) if c is not None else None for c in compiled.candidates(blocks)][:2]
    [[1], []]
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        # A line-scope rule meets multi-line blocks whatever their length (they are all its
        # candidates), and single lines only within its ``max_words``.
        self.prefilter = _prefilter(tuple((r.source, r.literals, int(r.matcher.flags), r.where, r.window, r.max_words)
                                          for r in self.rules))

    def scan(self, text: str) -> set[str]:
        """The rule literals (lower-cased, anchored ones included) that occur anywhere in
        ``text``: one pass over it."""
        scanner = self.prefilter.everywhere.scanner
        if scanner is None:
            return set()
        return {m.group(1) for m in scanner.finditer(self.prefilter.lowered(text))}

    def candidates(self, blocks: Sequence[Block]) -> list[set[int] | None]:
        """For each rule, the blocks it may match (None: every block, no prefilter)."""
        found: list[set[int] | None] = [set() for _ in self.rules]
        for index in self.prefilter.unfiltered:
            found[index] = None
        self._heads(blocks, found)
        count = len(blocks)
        for where, window, words, trie in self.prefilter.groups:
            span = range(count) if where == "any" else range(min(window, count)) if where == "head" else \
                range(max(0, count - window), count)
            self._scan(trie, blocks, [i for i in span if words is None or blocks[i].words <= words], found)
        multi_line = [i for i, b in enumerate(blocks) if "\n" in b.text]
        if multi_line:
            for rule, blocks_found in zip(self.rules, found):
                if rule.scope == "line" and blocks_found is not None:
                    blocks_found.update(multi_line)
        return found

    def _scan(self, trie: _Index, blocks: Sequence[Block], indexes: list[int], found: list[set[int] | None]) -> None:
        """Add each block of ``indexes`` to the rules whose literals it holds: one scan over
        the joined plain text of the blocks not met before."""
        if trie.scanner is None or not indexes:
            return
        memo = trie.memo
        if len(memo) > MEMO_BLOCKS:
            memo.clear()
        fresh = []
        for index in indexes:
            known = memo.get(blocks[index].plain)
            if known is None:
                fresh.append(index)
            else:
                for rule_index in known:
                    found[rule_index].add(index)  # type: ignore[union-attr]
        if not fresh:
            return
        starts = []
        offset = 0
        for index in fresh:
            starts.append(offset)
            offset += len(blocks[index].plain) + 1
        text = self.prefilter.lowered(SEPARATOR.join(blocks[i].plain for i in fresh))
        if len(text) != offset - 1:  # lowering lengthened some character: lower block by block
            pieces = [self.prefilter.lowered(blocks[i].plain) for i in fresh]
            starts = [0]
            for piece in pieces[:-1]:
                starts.append(starts[-1] + len(piece) + 1)
            text = SEPARATOR.join(pieces)
        hits: dict[int, set[int]] = {}
        seen: set[tuple[str, int]] = set()
        rules_by_key = trie.rules_by_key
        for match in trie.scanner.finditer(text):
            hit = (match.group(1), fresh[bisect_right(starts, match.start()) - 1])
            if hit not in seen:
                seen.add(hit)
                hits.setdefault(hit[1], set()).update(rules_by_key[hit[0]])
        for index in fresh:
            rules = hits.get(index)
            memo[blocks[index].plain] = tuple(rules) if rules else ()
            for rule_index in rules or ():
                found[rule_index].add(index)  # type: ignore[union-attr]

    def _heads(self, blocks: Sequence[Block], found: list[set[int] | None]) -> None:
        """Add each block to the rules anchored at the start whose literals open it."""
        lowered = self.prefilter.lowered
        for trie, skip in ((self.prefilter.at_start, False), (self.prefilter.at_first_word, True)):
            if trie.scanner is None:
                continue
            match, rules_by_key, length = trie.scanner.match, trie.rules_by_key, trie.length + 1
            for index, block in enumerate(blocks):
                # Most blocks open with an ASCII letter or digit: no non-word run to skip.
                head = block.plain[:1]
                start = LEADING_NON_WORD.match(block.plain).end() if skip and not (  # type: ignore[union-attr]
                    head.isascii() and head.isalnum()) else 0
                hit = match(lowered(block.plain[start:start + length]))
                if hit is not None:
                    for rule_index in rules_by_key[hit.group(1)]:
                        found[rule_index].add(index)  # type: ignore[union-attr]


@lru_cache(maxsize=CACHE_SIZE)
def compile_rules(rules: tuple[Rule, ...]) -> CompiledRules:
    """Compile ``rules`` (cached: the same rules compile once; rule lists with the same content
    share one scanner).

    >>> from cleaner.rules import load_rule_file
    >>> compile_rules(load_rule_file("rules/generic/share.yaml").rules).scan("Do SHARE it")
    {'share'}
    """
    return CompiledRules(rules)
