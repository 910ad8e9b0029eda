"""Compile a rule list into one scan that tells, per block, which rules can possibly match.

One job: the prefilter that lets the rule stage skip rules that cannot match a block. Each rule
is reduced to a set of literals of which at least one must occur in any text its pattern matches
(for ``phrases``: the phrases; for a ``pattern``: literals read off its parse tree, conservatively,
and none when unsure). All literals of a rule list go into one trie-shaped regular expression that
runs once over the lower-cased plain text of a page, so each block is scanned once, not once per
rule; only the rules whose literals were seen in a block then run their own pattern on it.
Patterns anchored at the start of the block (``^``, or ``^\\W*`` that skips to the first word) are
sharper still: the strings a match must start with are read off them, and each block's head is
matched once against a trie of all such strings. The result is the same as running every rule on every block: a rule skipped here could not have
matched (the property test ``tests/test_compile.py`` checks this on corpus and generated pages).

Why lower-casing is safe: rule patterns match case-insensitively with ``regex``'s simple case
folding. Literals are kept only when made of characters whose folding agrees with ``str.lower``;
text characters that fold onto a literal character without lowering to it (``ſ`` onto ``s``) are
mapped onto it before the scan. The scan uses the standard library's ``re``, which factors a trie
of literals far faster than an alternation of thousands of case-insensitive branches.

Why the parse tree of ``re``: ``regex`` has no public parser. A pattern goes through it only when
it uses none of the syntax where the two modules differ (``\\p{..}``, POSIX classes, fuzzy
matching, version or full-case flags); any pattern ``re`` cannot parse simply gets no prefilter.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import cached_property, lru_cache
from importlib import import_module
from typing import Any

import regex

from cleaner.blocks import Block
from cleaner.rules import WHERES, Rule

# ``re``'s parser is private (``re._parser`` from Python 3.11, ``sre_parse`` before): read untyped.
try:
    _sre: Any = import_module("re._constants")
    _sre_parse: Any = import_module("re._parser")
except ImportError:  # pragma: no cover - Python 3.10
    _sre = import_module("sre_constants")
    _sre_parse = import_module("sre_parse")

__all__ = ["CompiledRules", "compile_rules", "required_literals", "anchored_literals",
           "ANYWHERE", "AT_START", "AT_FIRST_WORD"]

# Cross products of alternatives stop growing past this many strings (the run is cut there).
MAX_EXACT = 64
# A requirement with more alternatives than this is not selective enough to be worth scanning.
MAX_ALTERNATIVES = 256
# A character class with at most this many characters counts as a set of one-character strings.
MAX_CLASS = 10
# Rules whose literals may be anywhere are grouped by their ``max_words`` at these bounds: each
# group scans only the blocks short enough for one of its rules.
WORD_BOUNDS = (15, 60)
# Compiled rule lists kept (one per site and settings in use is typical).
CACHE_SIZE = 64
_SEPARATOR = "\x00"
# Syntax that ``regex`` reads differently from ``re`` (POSIX classes, fuzzy or other brace forms).
_DIVERGENT = re.compile(r"\[:\^?[A-Za-z]+:\]|\{(?!\d*,?\d*\})")
# An escape, read left to right so that an escaped backslash is never taken for the start of one;
# a Unicode property (``\p{Lu}``, one character of a class ``re`` lacks) is read as ``\w``.
_ESCAPE = re.compile(r"\\(?:[pP](?:\{[^}]*\}|[A-Za-z])|.)", re.DOTALL)
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)}
_ZERO_WIDTH = {_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT}
_BEGINNING = {(_sre.AT, _sre.AT_BEGINNING), (_sre.AT, _sre.AT_BEGINNING_STRING)}
# Classes whose characters are all non-word: ``^\\W*`` and ``^\\s*`` skip only such characters.
_NON_WORD = ({(_sre.CATEGORY, _sre.CATEGORY_NOT_WORD)}, {(_sre.CATEGORY, _sre.CATEGORY_SPACE)})
# An inline multi-line flag, under which ``^`` matches at every line start, not only the block's.
_MULTILINE_FLAG = re.compile(r"\(\?[a-zA-Z]*m")
# Where a rule's literals must occur: anywhere in a block, at its very start, or where its first
# word starts (after the run of non-word characters that ``^\\W*`` skips).
ANYWHERE, AT_START, AT_FIRST_WORD = "anywhere", "start", "first-word"
# The run of non-word characters that opens a block, as the rules' ``regex`` reads ``\\W``.
_LEADING_NON_WORD = regex.compile(r"\W*")

Info = tuple[frozenset[str] | None, frozenset[str] | None]  # (exact strings, required literals)
Requirement = tuple[str, frozenset[str]]  # (where, literals of which one must occur there)


@lru_cache(maxsize=None)
def _plain_char(char: str) -> bool:
    lower, upper = char.lower(), char.upper()
    return len(lower) == 1 and len(upper) == 1 and upper.lower() == lower and char != _SEPARATOR


@lru_cache(maxsize=16384)
def _key(literal: str) -> str | None:
    """The lower-cased literal, or None when a character's folding is not plain lowering."""
    return literal.lower() if literal and all(_plain_char(c) for c in literal) else None


def _score(literals: frozenset[str]) -> tuple[int, int]:
    return min(len(s) for s in literals), -len(literals)


def _usable(literals: frozenset[str] | None) -> bool:
    return literals is not None and 0 < len(literals) <= MAX_ALTERNATIVES and all(_key(s) for s in literals)


def _best(*candidates: frozenset[str] | None) -> frozenset[str] | None:
    ranked = sorted((c for c in candidates if c), key=_score, reverse=True)
    return next((c for c in ranked if _usable(c)), None)


def _sequence(items: Iterable[tuple[Any, Any]]) -> Info:
    run: frozenset[str] | None = frozenset({""})
    exact = True
    found: list[frozenset[str] | None] = []
    for op, arg in items:
        item_exact, item_required = _node(op, arg)
        if item_exact is not None and run is not None and len(run) * len(item_exact) <= MAX_EXACT:
            run = frozenset(a + b for a in run for b in item_exact)
            continue
        exact = False
        found.append(run)
        if item_exact is not None:
            run = item_exact
        else:
            found.append(item_required)
            run = frozenset({""})
    found.append(run)
    return (run if exact else None), _best(*found)


def _node(op: Any, arg: Any) -> Info:
    if op is _sre.LITERAL:
        return frozenset({chr(arg)}), None
    if op in _ZERO_WIDTH:
        return frozenset({""}), None
    if op is _sre.SUBPATTERN:
        return _sequence(arg[-1])
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _sequence(arg)
    if op is _sre.IN:
        items = list(arg)
        chars: set[str] = set()
        for kind, value in items:
            if kind is _sre.LITERAL:
                chars.add(chr(value))
            elif kind is _sre.RANGE and value[1] - value[0] < MAX_CLASS:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            else:
                return None, None
        return (frozenset(chars), None) if len(chars) <= MAX_CLASS else (None, None)
    if op is _sre.BRANCH:
        infos = [_sequence(branch) for branch in arg[1]]
        exacts = _union(*(e for e, _ in infos))
        if exacts is not None and len(exacts) <= MAX_EXACT:
            return exacts, None
        return None, _union(*(_best(e, r) for e, r in infos))
    if op in _REPEATS:
        low, high, sub = arg
        if low == 0:
            return None, None
        exact, required = _sequence(sub)
        if low == high == 1:
            return exact, required
        return None, _best(exact, required)
    return None, None


def _union(*sets: frozenset[str] | None) -> frozenset[str] | None:
    """All strings of ``sets``; None when one of them is unknown."""
    union: set[str] = set()
    for strings in sets:
        if strings is None:
            return None
        union.update(strings)
    return frozenset(union)


def _prefixes(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    """Strings one of which every match of the sequence ``items`` starts with; None when
    unknown (or when a match may start with anything, the empty string)."""
    run = frozenset({""})
    for position, (op, arg) in enumerate(items):
        exact = _node(op, arg)[0]
        if exact is not None and len(run) * len(exact) <= MAX_EXACT:
            run = frozenset(a + b for a in run for b in exact)
            continue
        heads: frozenset[str] | None = None
        if op is _sre.SUBPATTERN:
            heads = _prefixes(arg[-1])
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            heads = _prefixes(arg)
        elif op is _sre.BRANCH:
            heads = _union(*(_prefixes(branch) for branch in arg[1]))
        elif op in _REPEATS:
            # An optional part: a match starts with it, or with what follows it.
            heads = _prefixes(arg[2]) if arg[0] else _union(_prefixes(arg[2]), _prefixes(items[position + 1:]))
        if heads is not None and len(run) * len(heads) <= MAX_EXACT:
            run = frozenset(a + b for a in run for b in heads)
        break
    return None if "" in run else run


def _anchored(items: Sequence[tuple[Any, Any]]) -> Requirement | None:
    if len(items) == 1 and items[0][0] is _sre.SUBPATTERN:
        return _anchored(items[0][1][-1])
    if len(items) == 1 and items[0][0] is _sre.BRANCH:
        found = [_anchored(branch) for branch in items[0][1][1]]
        wheres = {f[0] for f in found if f is not None}
        if None in found or len(wheres) != 1:
            return None
        literals = _union(*(f[1] for f in found if f is not None))
        return (wheres.pop(), literals) if literals is not None and _usable(literals) else None
    if not items or (items[0][0], items[0][1]) not in _BEGINNING:
        return None
    rest, where = list(items[1:]), AT_START
    if rest and rest[0][0] in _REPEATS and rest[0][1][0] == 0 and list(rest[0][1][2]) in (
            [(_sre.IN, list(c))] for c in _NON_WORD):
        rest, where = rest[1:], AT_FIRST_WORD
    heads = _prefixes(rest)
    if heads is not None and where == AT_FIRST_WORD:
        # Leading non-word characters of a literal are skipped along with the text's own.
        heads = frozenset(_LEADING_NON_WORD.sub("", h, count=1) for h in heads)
    return (where, heads) if heads is not None and _usable(heads) else None


def _parse(pattern: str) -> Any:
    pattern = _ESCAPE.sub(lambda m: r"\w" if m.group(0)[1] in "pP" else m.group(0), pattern)
    if _DIVERGENT.search(pattern):
        return None
    try:
        return _sre_parse.parse(pattern)
    except (re.error, ValueError, OverflowError, RecursionError):
        return None


@lru_cache(maxsize=4096)
def anchored_literals(pattern: str) -> Requirement | None:
    """Where a match of a pattern anchored at the start must begin (``start``: at the start of
    the text; ``first-word``: after its leading non-word characters) and the literals of which
    it begins with one (ignoring case); None for patterns not anchored so, or unsure.

    >>> where, literals = anchored_literals(r"(?i)^\\W*(please\\s+)?(share|teilen)\\b")
    >>> where, sorted(literals)
    ('first-word', ['please', 'share', 'teilen'])
    >>> where, literals = anchored_literals(r"^(?i:by|von) \\w+")
    >>> where, sorted(literals), anchored_literals(r"(?m)^by"), anchored_literals(r"by$")
    ('start', ['by ', 'von '], None, None)
    """
    if _MULTILINE_FLAG.search(pattern):
        return None
    parsed = _parse(pattern)
    if parsed is None or parsed.state.flags & re.MULTILINE:
        return None
    return _anchored(list(parsed))


@lru_cache(maxsize=4096)
def required_literals(pattern: str) -> frozenset[str] | None:
    """Literals of which at least one occurs (ignoring case) in every match of ``pattern``;
    None when none could be read off safely.

    >>> sorted(required_literals(r"(?i)^\\W*(please\\s+)?(share|teilen)\\b"))
    ['share', 'teilen']
    >>> sorted(required_literals(r"(?i)please (click|use) (on )?the share buttons?"))
    ['the share button']
    >>> sorted(required_literals(r"^\\p{Lu}\\w+ is a writer")), required_literals(r"\\d+")
    ([' is a writer'], None)
    """
    parsed = _parse(pattern)
    if parsed is None:
        return None
    exact, required = _sequence(parsed)
    return _best(exact, required)


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
        keys = {k for r in requirements if r for k in map(_key, r) if k}
        # Keep only keys with no shorter key as a prefix: a block holding "like this" holds
        # "like", so at any position of the text at most one key starts, and the scan sees all.
        minimal = {k for k in keys if not any(k[:i] in keys for i in range(1, len(k)))}
        shortest = {k: next(k[:i] for i in range(1, len(k) + 1) if k[:i] in minimal) for k in keys}
        self.keys = minimal
        self.rules_by_key: dict[str, list[int]] = {k: [] for k in minimal}
        for index, required in enumerate(requirements):
            for key in sorted({shortest[k] for k in map(_key, required or ()) if k}):
                self.rules_by_key[key].append(index)
        pattern = _trie_pattern(minimal)
        # Anywhere: every position where a key starts, overlapping ones included.
        self.scanner = re.compile("(?=" + pattern + ")" if where == ANYWHERE else pattern) if minimal else None
        # The longest key: how much of a block's head an anchored trie needs to see.
        self.length = max(map(len, minimal), default=0)


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
        required = _best(frozenset(p.strip() for p in literals))
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
        their joined plain text."""
        if trie.scanner is None or not indexes:
            return
        starts = []
        offset = 0
        for index in indexes:
            starts.append(offset)
            offset += len(blocks[index].plain) + 1
        text = self.prefilter.lowered(_SEPARATOR.join(blocks[i].plain for i in indexes))
        if len(text) != offset - 1:  # lowering lengthened some character: lower block by block
            pieces = [self.prefilter.lowered(blocks[i].plain) for i in indexes]
            starts = [0]
            for piece in pieces[:-1]:
                starts.append(starts[-1] + len(piece) + 1)
            text = _SEPARATOR.join(pieces)
        seen: set[tuple[str, int]] = set()
        rules_by_key = trie.rules_by_key
        for match in trie.scanner.finditer(text):
            hit = (match.group(1), indexes[bisect_right(starts, match.start()) - 1])
            if hit not in seen:
                seen.add(hit)
                for rule_index in rules_by_key[hit[0]]:
                    found[rule_index].add(hit[1])  # type: ignore[union-attr]

    def _heads(self, blocks: Sequence[Block], found: list[set[int] | None]) -> None:
        """Add each block to the rules anchored at the start whose literals open it."""
        lowered = self.prefilter.lowered
        for trie, skip in ((self.prefilter.at_start, False), (self.prefilter.at_first_word, True)):
            if trie.scanner is None:
                continue
            match, rules_by_key, length = trie.scanner.match, trie.rules_by_key, trie.length + 1
            for index, block in enumerate(blocks):
                start = _LEADING_NON_WORD.match(block.plain).end() if skip else 0  # type: ignore[union-attr]
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
