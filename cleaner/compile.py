"""Compile a rule list into one scan that tells, per block, which rules can possibly match.

One job: the prefilter that lets the rule stage skip rules that cannot match a block. Each rule
is reduced to a set of literals of which at least one must occur in any text its pattern matches
(for ``phrases``: the phrases; for a ``pattern``: literals read off its parse tree, conservatively,
and none when unsure). All literals of a rule list go into one trie-shaped regular expression that
runs once over the lower-cased plain text of a page, so each block is scanned once, not once per
rule; only the rules whose literals were seen in a block then run their own pattern on it. The
result is the same as running every rule on every block: a rule skipped here could not have
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
from functools import lru_cache

import regex

from cleaner.blocks import Block
from cleaner.rules import Rule

try:  # Python 3.11 and later
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

__all__ = ["CompiledRules", "compile_rules", "required_literals"]

# Cross products of alternatives stop growing past this many strings (the run is cut there).
MAX_EXACT = 64
# A requirement with more alternatives than this is not selective enough to be worth scanning.
MAX_ALTERNATIVES = 256
# A character class with at most this many characters counts as a set of one-character strings.
MAX_CLASS = 10
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

Info = tuple[frozenset[str] | None, frozenset[str] | None]  # (exact strings, required literals)


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
    return bool(literals) and len(literals) <= MAX_ALTERNATIVES and all(_key(s) for s in literals)  # type: ignore[arg-type]


def _best(*candidates: frozenset[str] | None) -> frozenset[str] | None:
    ranked = sorted((c for c in candidates if c), key=_score, reverse=True)
    return next((c for c in ranked if _usable(c)), None)


def _sequence(items: Iterable[tuple[object, object]]) -> Info:
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


def _node(op: object, arg: object) -> Info:
    if op is _sre.LITERAL:
        return frozenset({chr(arg)}), None  # type: ignore[call-overload]
    if op in _ZERO_WIDTH:
        return frozenset({""}), None
    if op is _sre.SUBPATTERN:
        return _sequence(arg[-1])  # type: ignore[index]
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _sequence(arg)  # type: ignore[arg-type]
    if op is _sre.IN:
        items = list(arg)  # type: ignore[call-overload]
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
        infos = [_sequence(branch) for branch in arg[1]]  # type: ignore[index]
        if all(e is not None for e, _ in infos):
            union = frozenset(s for e, _ in infos for s in e)  # type: ignore[union-attr]
            if len(union) <= MAX_EXACT:
                return union, None
        required = [_best(e, r) for e, r in infos]
        if all(r is not None for r in required):
            return None, frozenset(s for r in required for s in r)  # type: ignore[union-attr]
        return None, None
    if op in _REPEATS:
        low, high, sub = arg  # type: ignore[misc]
        if low == 0:
            return None, None
        exact, required = _sequence(sub)
        if low == high == 1:
            return exact, required
        return None, _best(exact, required)
    return None, None


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
    pattern = _ESCAPE.sub(lambda m: r"\w" if m.group(0)[1] in "pP" else m.group(0), pattern)
    if _DIVERGENT.search(pattern):
        return None
    try:
        parsed = _sre_parse.parse(pattern)
    except (re.error, ValueError, OverflowError, RecursionError):
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
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items())]
        if len(branches) <= 1:
            return "".join(branches)
        return "(?:" + "|".join(branches) + ")"

    return "(?=(" + emit(trie) + "))"


class _Prefilter:
    """The content-only part of a compiled rule list: literals, their rules, the scanner."""

    def __init__(self, requirements: Sequence[frozenset[str] | None]) -> None:
        keys = {k for r in requirements if r for k in map(_key, r) if k}
        # Keep only keys with no shorter key as a prefix: a block holding "like this" holds
        # "like", so at any position of the text at most one key starts, and the scan sees all.
        minimal = {k for k in keys if not any(k[:i] in keys for i in range(1, len(k)))}
        shortest = {k: next(k[:i] for i in range(1, len(k) + 1) if k[:i] in minimal) for k in keys}
        self.rules_by_key: dict[str, list[int]] = {k: [] for k in minimal}
        self.unfiltered = tuple(i for i, r in enumerate(requirements) if r is None)
        for index, required in enumerate(requirements):
            for key in sorted({shortest[_key(s)] for s in required or ()}):  # type: ignore[index]
                self.rules_by_key[key].append(index)
        self.scanner = re.compile(_trie_pattern(minimal)) if minimal else None
        self.folding = _folding_map(minimal)
        self.unusual = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(self.folding)) + "]") if self.folding else None

    def lowered(self, text: str) -> str:
        text = text.lower()
        if self.unusual is not None and not text.isascii() and self.unusual.search(text):
            text = text.translate(self.folding)
        return text


@lru_cache(maxsize=CACHE_SIZE)
def _prefilter(signature: tuple[tuple[str, tuple[str, ...], int], ...]) -> _Prefilter:
    return _Prefilter([_signature_literals(source, literals, flags) for source, literals, flags in signature])


def _signature_literals(source: str, literals: tuple[str, ...], flags: int) -> frozenset[str] | None:
    if flags & (regex.V1 | regex.FULLCASE):
        return None
    if literals:
        return _best(frozenset(p.strip() for p in literals))
    return required_literals(source)


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
        self.prefilter = _prefilter(tuple((r.source, r.literals, int(r.matcher.flags)) for r in self.rules))

    def scan(self, text: str) -> set[str]:
        """The rule literals (lower-cased) that occur in ``text``: one pass over it."""
        if self.prefilter.scanner is None:
            return set()
        return {m.group(1) for m in self.prefilter.scanner.finditer(self.prefilter.lowered(text))}

    def candidates(self, blocks: Sequence[Block]) -> list[set[int] | None]:
        """For each rule, the blocks it may match (None: every block, no prefilter)."""
        found: list[set[int] | None] = [set() for _ in self.rules]
        for index in self.prefilter.unfiltered:
            found[index] = None
        scanner = self.prefilter.scanner
        if scanner is not None and blocks:
            starts = []
            offset = 0
            for block in blocks:
                starts.append(offset)
                offset += len(block.plain) + 1
            text = self.prefilter.lowered(_SEPARATOR.join(b.plain for b in blocks))
            if len(text) != offset - 1:  # lowering lengthened some character: lower block by block
                pieces = [self.prefilter.lowered(b.plain) for b in blocks]
                starts = [0]
                for piece in pieces[:-1]:
                    starts.append(starts[-1] + len(piece) + 1)
                text = _SEPARATOR.join(pieces)
            seen: set[tuple[str, int]] = set()
            rules_by_key = self.prefilter.rules_by_key
            for match in scanner.finditer(text):
                hit = (match.group(1), bisect_right(starts, match.start()) - 1)
                if hit not in seen:
                    seen.add(hit)
                    for rule_index in rules_by_key[hit[0]]:
                        found[rule_index].add(hit[1])  # type: ignore[union-attr]
        multi_line = [i for i, b in enumerate(blocks) if "\n" in b.text]
        if multi_line:
            for rule, blocks_found in zip(self.rules, found):
                if rule.scope == "line" and blocks_found is not None:
                    blocks_found.update(multi_line)
        return found


@lru_cache(maxsize=CACHE_SIZE)
def compile_rules(rules: tuple[Rule, ...]) -> CompiledRules:
    """Compile ``rules`` (cached: the same rules compile once; rule lists with the same content
    share one scanner).

    >>> from cleaner.rules import load_rule_file
    >>> compile_rules(load_rule_file("rules/generic/share.yaml").rules).scan("Please SHARE it")
    {'share'}
    """
    return CompiledRules(rules)
