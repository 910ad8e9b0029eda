"""Compile a rule list into one scan that tells, per block, which rules can possibly match.

One job: the prefilter that lets the rule stage skip rules that cannot match a block. Each rule
is reduced to a set of literals of which at least one must occur in any text its pattern matches
(for ``phrases``: the phrases, which open the block when they ``match`` it whole or at its
start; for a ``pattern``: what :mod:`cleaner.rules.literals` reads off it, none when unsure).
All literals of a rule list go into one scanner that runs over the lower-cased plain text of a page, so each block is scanned once, not once per rule; only the
rules whose literals were seen in a block then run their own pattern on it. The scanner is an
Aho-Corasick automaton: the compiled kernel's (:class:`cleaner.heuristics.kernel.Literals`,
one call per block, with every failure link followed in advance) where it is built, else
``pyahocorasick``'s over the page's blocks joined, else a trie-shaped regular expression tried at
every position (about four times slower than ``pyahocorasick``). The kernel hands back to those
the blocks with a character its tables do not know. Patterns anchored at the start of the
block (``^``, or ``^\\W*`` that skips to the first word) are sharper still: each block's head is
matched once against a trie of the strings such matches must start with. The result is the same
as running every rule on every block: a rule skipped here could not have matched (the property
test ``tests/test_compile.py`` checks this on corpus and generated pages).

Why lower-casing is safe: rule patterns match case-insensitively with ``regex``'s simple case
folding. Literals are kept only when made of characters whose folding agrees with ``str.lower``;
text characters that fold onto a literal character without lowering to it (``ſ`` onto ``s``) are
mapped onto it before the scan. The tries use the standard library's ``re``, which factors a trie
of literals far faster than an alternation of thousands of case-insensitive branches.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import cached_property, lru_cache
from itertools import accumulate
from typing import Any

import regex

from cleaner.compiled import kernel
from cleaner.rules.literals import (
    ANYWHERE,
    AT_FIRST_WORD,
    AT_START,
    LEADING_NON_WORD,
    SEPARATOR,
    Requirement,
    anchored_literals,
    forget_parses,
    literal_key,
    most_selective,
    required_literals,
    requires_digit,
)
from cleaner.rules.ruleset import WHERES, Rule
from cleaner.text.blocks import Block

try:  # an Aho-Corasick automaton in C: the ``fast`` extra
    import ahocorasick
except ImportError:
    ahocorasick = None

__all__ = ["CompiledRules", "compile_rules"]

# A literal this long is sharp. An anchored literal shorter than this ("the ", "get") gives way to
# the literals that may be anywhere in the block when those are sharp.
SHARP_CHARS = 5
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
    """One group matching the longest of ``keys`` that starts where the match starts."""
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}  # a key ends here

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        body = "".join(branches) if len(branches) <= 1 else "(?:" + "|".join(branches) + ")"
        # Where a key ends and longer ones go on, the rest is optional and greedy: the longest
        # key that the text holds wins, and its prefixes count as found too (Index.prefixes).
        return f"(?:{body})?" if "" in node and body else body

    return "(" + emit(trie) + ")"


class _Index:
    """The literals of one kind of requirement, each with the rules that need it, and a scanner.

    Where the compiled kernel is built (and the prefilter's folding is given), its automaton
    (``literals``) reads each block first. Otherwise, and for the blocks it hands back, anchored
    literals are matched as a trie-shaped ``re`` at a block's start, and literals that may be
    anywhere are found by an Aho-Corasick automaton when the ``pyahocorasick`` package is
    installed (one linear pass, every key at every position), and otherwise by a trie-shaped
    ``re`` tried at every position of the text.
    """

    def __init__(self, requirements: Sequence[frozenset[str] | None], where: str,
                 folding: dict[int, str] | None = None) -> None:
        self.keys = {k for r in requirements if r for k in map(literal_key, r) if k}
        self.rules_by_key: dict[str, list[int]] = {k: [] for k in self.keys}
        for index, required in enumerate(requirements):
            for key in sorted({k for k in map(literal_key, required or ()) if k}):
                self.rules_by_key[key].append(index)
        # The same literals as an automaton of the compiled kernel, where it is built: it tells a
        # block's rules in one call, and hands back (None) the texts with a character it does
        # not know, which the scanners below read.
        self.literals: Any = None
        if _KERNEL is not None and folding is not None and self.keys:
            keys = sorted(self.keys)
            self.literals = _KERNEL.Literals(keys, [self.rules_by_key[k] for k in keys], len(requirements), where,
                                             folding)
        # Each key with the keys it begins with: the trie reports only the longest key found at
        # a position, and a text that holds "like this" holds "like".
        self.prefixes = {k: tuple(k[:i] for i in range(1, len(k) + 1) if k[:i] in self.keys) for k in self.keys}
        self.where = where
        self.automaton: Any = None
        if where == ANYWHERE and ahocorasick is not None and self.keys:
            self.automaton = ahocorasick.Automaton()
            for key in self.keys:
                self.automaton.add_word(key, key)
            self.automaton.make_automaton()
        # The longest key: how much of a block's head an anchored trie needs to see.
        self.length = max(map(len, self.keys), default=0)
        # The rules whose literals a block's plain text holds, by that text: a site's recurring
        # furniture meets the same blocks again.
        self.memo: dict[str, tuple[int, ...]] = {}

    @cached_property
    def scanner(self) -> re.Pattern[str] | None:
        """The trie of the keys as one ``re`` pattern (None without keys, or where the automaton
        reads literals anywhere). Compiled on first use: where the kernel reads the literals,
        only a block it hands back needs it (the generic rules' patterns take 30 ms to compile,
        a tenth of what building a cleaner costs)."""
        if not self.keys or self.automaton is not None:
            return None
        # Anywhere: the longest key at every position, overlapping ones included.
        pattern = _trie_pattern(self.keys)
        # Anchored: the trie at the start of each of the heads of a page's blocks, which are
        # scanned joined, each after a separator (matched with it: ``re`` then jumps from
        # separator to separator instead of trying every position).
        return re.compile("(?=" + pattern + ")" if self.where == ANYWHERE else f"{SEPARATOR}{pattern}")

    def keys_in(self, joined: str) -> list[set[str]]:
        """The keys that occur in each of the texts that ``joined`` holds, lower-cased and
        joined by :data:`SEPARATOR` (which no key holds): one scan of them all."""
        pieces = joined.split(SEPARATOR)
        found: list[set[str]] = [set() for _ in pieces]
        if self.automaton is None and self.scanner is None:
            return found
        # Where each text starts in ``joined``; a key found is in the last text starting before it.
        starts = list(accumulate((len(piece) + 1 for piece in pieces[:-1]), initial=0))
        if self.automaton is not None:
            for end, key in self.automaton.iter(joined):
                found[bisect_right(starts, end) - 1].add(key)
        else:
            assert self.scanner is not None
            for match in self.scanner.finditer(joined):
                found[bisect_right(starts, match.start()) - 1].update(self.prefixes[match.group(1)])
        return found


class _Prefilter:
    """The content-only part of a compiled rule list: literals, their rules, the scanners."""

    def __init__(self, requirements: Sequence[Requirement | None],
                 limits: Sequence[tuple[str, int, int | None]], digits: Sequence[bool] = ()) -> None:
        self.unfiltered = tuple(i for i, r in enumerate(requirements) if r is None)
        # Whether every match of each rule holds a digit: a block without one cannot match it,
        # whatever literals it holds (the date line's are ".", "-", "/"). Asked only of the blocks
        # a rule would search (in its window, kinds and bounds): most of its candidates are not.
        self.needs_digit = tuple(digits) if any(digits) else (False,) * len(requirements)
        self.folding = _folding_map({key for r in requirements if r is not None for key in map(literal_key, r[1]) if key})
        self.at_start = _Index([r[1] if r is not None and r[0] == AT_START else None for r in requirements], AT_START,
                               self.folding)
        self.at_first_word = _Index([r[1] if r is not None and r[0] == AT_FIRST_WORD else None for r in requirements],
                                    AT_FIRST_WORD, self.folding)
        self.anywhere = _Index([r[1] if r is not None and r[0] == ANYWHERE else None for r in requirements], ANYWHERE,
                               self.folding)
        # Literals that may be anywhere in a block are scanned for only in the blocks their rules
        # look at: by window kind, the widest window and the largest ``max_words`` (None:
        # unbounded) of those rules, so a paragraph longer than every such rule allows is not
        # scanned. Each block is scanned once; a rule whose own window or bound leaves a block
        # out never applies to it.
        self.reach: dict[str, tuple[int, int | None]] = {}
        for where in WHERES:
            members = [limit for r, limit in zip(requirements, limits) if r is not None
                       and r[0] == ANYWHERE and limit[0] == where]
            if members:
                words = [w for _, _, w in members]
                self.reach[where] = (max(window for _, window, _ in members),
                                     None if None in words else max(w for w in words if w is not None))
        # A window at the head or the tail whose bound is no larger than that of the rules that
        # look anywhere adds no block of its own to those scanned.
        wide = self.reach.get("any")
        if wide is not None:
            self.reach = {where: (window, words) for where, (window, words) in self.reach.items() if where == "any"
                          or not (wide[1] is None or (words is not None and words <= wide[1]))}
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
def _prefilter(signature: tuple[tuple[str, tuple[str, ...], str | None, int, str, int, int | None], ...]) -> _Prefilter:
    try:
        return _analysed(signature)
    finally:
        forget_parses()


def _analysed(signature: tuple[tuple[str, tuple[str, ...], str | None, int, str, int, int | None], ...]) -> _Prefilter:
    return _Prefilter([_signature_literals(source, literals, match, flags) for source, literals, match, flags, *_ in signature],
                      [(where, window, words) for *_, where, window, words in signature],
                      [not flags & (regex.V1 | regex.FULLCASE) and requires_digit(source)
                       for source, _, _, flags, *_ in signature])


def _signature_literals(source: str, literals: tuple[str, ...], match: str | None, flags: int) -> Requirement | None:
    if flags & (regex.V1 | regex.FULLCASE):
        return None
    if literals and match in ("whole", "start"):
        # Phrases that must open the block (after its leading non-word characters, which the
        # pattern's ``^\W*`` skips, as does the scan of a block's head).
        heads = frozenset(LEADING_NON_WORD.sub("", p.strip(), count=1) for p in literals)
        opening = most_selective(heads) if all(heads) else None
        if opening is not None:
            return AT_FIRST_WORD, opening
    if literals:
        required = most_selective(frozenset(p.strip() for p in literals))
    else:
        anchored = None if flags & (regex.MULTILINE | regex.ASCII) else anchored_literals(source)
        required = required_literals(source)
        if anchored is not None and (_shortest(anchored[1]) >= SHARP_CHARS
                                     or required is None or _shortest(required) < SHARP_CHARS):
            return anchored
    return (ANYWHERE, required) if required is not None else None


def _shortest(literals: frozenset[str]) -> int:
    return min(map(len, literals))


class CompiledRules:
    """A rule list with its one-scan prefilter.

    >>> from cleaner.rules.ruleset import load_rule_file
    >>> from cleaner.text.blocks import segment
    >>> compiled = compile_rules(load_rule_file("rules/generic/share.yaml").rules)
    >>> blocks = segment("The vote was close.\\n\\nShare this article")
    >>> [sorted(c) if c is not None else None for c in compiled.candidates(blocks)][:2]
    [[1], []]
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        # A line-scope rule meets multi-line blocks whatever their length (they are all its
        # candidates), and single lines only within its ``max_words``.
        self.prefilter = _prefilter(tuple((r.source, r.literals, r.match, int(r.matcher.flags), r.where, r.window, r.max_words)
                                          for r in self.rules))
        self.needs_digit = self.prefilter.needs_digit
        # The line-scope rules, by their place in the list (asked of every page).
        self.line_rules = tuple(index for index, rule in enumerate(self.rules) if rule.scope == "line")

    def scan(self, text: str) -> set[str]:
        """The rule literals (lower-cased, anchored ones included) that occur anywhere in
        ``text``: one pass over it."""
        # No key holds the separator: the keys of the text are those of its pieces between any.
        return set().union(*self.prefilter.everywhere.keys_in(self.prefilter.lowered(text)))

    def candidates(self, blocks: Sequence[Block]) -> list[set[int] | None]:
        """For each rule, the blocks it may match (None: every block, no prefilter)."""
        found: list[set[int] | None] = [set() for _ in self.rules]
        for index in self.prefilter.unfiltered:
            # A rule with no literals to scan for still meets only the blocks of its kinds (the
            # separator rule, on every page: a handful of blocks instead of them all).
            kinds = self.rules[index].kinds
            found[index] = None if kinds is None else {i for i, block in enumerate(blocks) if block.kind in kinds}
        self._heads(blocks, found)
        count = len(blocks)
        scanned: set[int] = set()
        for where, (window, words) in self.prefilter.reach.items():
            span = range(count) if where == "any" else range(min(window, count)) if where == "head" else \
                range(max(0, count - window), count)
            scanned.update(span if words is None else [i for i in span if blocks[i].words <= words])
        self._scan(blocks, sorted(scanned), found)
        line_rules = [f for f in map(found.__getitem__, self.line_rules) if f is not None]
        if line_rules:
            multi_line = [i for i, b in enumerate(blocks) if "\n" in b.text]
            for blocks_found in line_rules:
                blocks_found.update(multi_line)
        return found

    def _scan(self, blocks: Sequence[Block], indexes: list[int], found: list[set[int] | None]) -> None:
        """Add each block of ``indexes`` to the rules whose literals it holds anywhere."""
        trie = self.prefilter.anywhere
        if not trie.keys or not indexes:
            return
        memo = trie.memo
        if len(memo) > MEMO_BLOCKS:
            memo.clear()
        literals = trie.literals
        fresh = []
        for index in indexes:
            plain = blocks[index].plain
            known = memo.get(plain)
            if known is None:
                known = literals.rules_in(plain) if literals is not None else None
                if known is None:
                    fresh.append(index)
                    continue
                memo[plain] = known
            for rule_index in known:
                bucket = found[rule_index]
                bucket.add(index)  # type: ignore[union-attr]
        if not fresh:
            return
        # Lower the blocks in one call and scan them in one pass; the separator survives lowering.
        joined = self.prefilter.lowered(SEPARATOR.join([blocks[i].plain for i in fresh]))
        rules_by_key = trie.rules_by_key
        for index, keys in zip(fresh, trie.keys_in(joined)):
            if not keys:  # most blocks
                memo[blocks[index].plain] = ()
                continue
            rules = {rule for key in keys for rule in rules_by_key[key]}
            memo[blocks[index].plain] = tuple(rules)
            for rule_index in rules:
                bucket = found[rule_index]
                bucket.add(index)  # type: ignore[union-attr]

    def _heads(self, blocks: Sequence[Block], found: list[set[int] | None]) -> None:
        """Add each block to the rules anchored at the start whose literals open it."""
        every = [block.plain for block in blocks]
        for trie, skip in ((self.prefilter.at_start, False), (self.prefilter.at_first_word, True)):
            if not trie.keys:
                continue
            plains = every
            indexes: Sequence[int] = range(len(plains))
            if trie.literals is not None:
                # The kernel's automaton reads each head; the blocks it hands back go below.
                hits: list[tuple[int, tuple[int, ...]]]
                hits, rest = trie.literals.hits(plains)
                for index, known in hits:
                    for rule_index in known:
                        found[rule_index].add(index)  # type: ignore[union-attr]
                if not rest:
                    continue
                plains, indexes = [plains[i] for i in rest], rest
            rules_by_key, prefixes, length, scanner = trie.rules_by_key, trie.prefixes, trie.length + 1, trie.scanner
            assert scanner is not None, "an anchored index with keys has a trie"
            # Most blocks open with an ASCII letter or digit: no non-word run to skip.
            heads = [plain[:length] if not skip or ((head := plain[:1]).isascii() and head.isalnum())
                     else plain[(start := LEADING_NON_WORD.match(plain).end()):start + length]  # type: ignore[union-attr]
                     for plain in plains]
            # All heads lowered in one call and scanned in one pass; the separator survives
            # lowering, and each match starts with the one before its block's head: the block
            # is told by counting separators from the last match on.
            lowered = self.prefilter.lowered(SEPARATOR + SEPARATOR.join(heads))
            place, counted = -1, 0
            for hit in scanner.finditer(lowered):
                place += lowered.count(SEPARATOR, counted, hit.start() + 1)
                counted = hit.start() + 1
                for key in prefixes[hit.group(1)]:
                    for rule_index in rules_by_key[key]:
                        found[rule_index].add(indexes[place])  # type: ignore[union-attr]


@lru_cache(maxsize=CACHE_SIZE)
def compile_rules(rules: tuple[Rule, ...]) -> CompiledRules:
    """Compile ``rules`` (cached: the same rules compile once; rule lists with the same content
    share one scanner).

    >>> from cleaner.rules.ruleset import load_rule_file
    >>> compile_rules(load_rule_file("rules/generic/share.yaml").rules).scan("Do SHARE it")
    {'share'}
    """
    return CompiledRules(rules)


# The compiled kernel (cleaner/heuristics/kernel.pyx), where it is built: its automata read the
# literals of most blocks (see _Index).
_KERNEL = kernel()
