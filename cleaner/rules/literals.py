"""Read off a rule pattern the literals that every match of it must contain or begin with.

One job: pattern reading for the rule prefilter (:mod:`cleaner.rules.compile`). Each pattern is reduced,
conservatively, to a set of literals of which at least one must occur in any text it matches
(:func:`required_literals`), or, for a pattern anchored at the start of the block (``^``, or
``^\\W*`` that skips to the first word), to the strings a match must open with
(:func:`anchored_literals`); None whenever unsure, so that a rule is never skipped wrongly.

Why the parse tree of ``re``: ``regex`` has no public parser. A pattern goes through it only when
it uses none of the syntax where the two modules differ (``\\p{..}``, POSIX classes, fuzzy
matching, version or full-case flags); any pattern ``re`` cannot parse simply gets no literals.
Literals are kept only when made of characters whose case folding agrees with ``str.lower``
(:func:`literal_key`), so that the prefilter can scan lower-cased text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import import_module
from typing import Any

import regex

# ``re``'s parser is private (``re._parser`` from Python 3.11, ``sre_parse`` before): read untyped.
try:
    _sre: Any = import_module("re._constants")
    _sre_parse: Any = import_module("re._parser")
except ImportError:  # pragma: no cover - Python 3.10
    _sre = import_module("sre_constants")
    _sre_parse = import_module("sre_parse")

__all__ = ["required_literals", "anchored_literals", "requires_digit", "DIGIT", "literal_key", "most_selective",
           "Requirement", "ANYWHERE", "AT_START", "AT_FIRST_WORD", "LEADING_NON_WORD", "SEPARATOR", "forget_parses"]

# Cross products of alternatives stop growing past this many strings (the run is cut there).
MAX_EXACT = 64
# A requirement with more alternatives than this is not selective enough to be worth scanning.
MAX_ALTERNATIVES = 256
# A character class with at most this many characters counts as a set of one-character strings.
MAX_CLASS = 10
# Joins the blocks of a page for one scan; no literal holds it, so none spans two blocks.
SEPARATOR = "\x00"
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
LEADING_NON_WORD = regex.compile(r"\W*")
# A digit as the rules' ``regex`` reads ``\\d`` (any decimal digit of Unicode; ``[0-9]`` under the
# ASCII flag, a part of it): a text where this finds none holds no character that
# :func:`requires_digit` counts.
DIGIT = regex.compile(r"\d")

Info = tuple[frozenset[str] | None, frozenset[str] | None]  # (exact strings, required literals)
Requirement = tuple[str, frozenset[str]]  # (where, literals of which one must occur there)


@lru_cache(maxsize=None)
def _plain_char(char: str) -> bool:
    lower, upper = char.lower(), char.upper()
    return len(lower) == 1 and len(upper) == 1 and upper.lower() == lower and char != SEPARATOR


@lru_cache(maxsize=16384)
def literal_key(literal: str) -> str | None:
    """The lower-cased literal, or None when a character's folding is not plain lowering.

    >>> literal_key("Share"), literal_key("ﬁle")
    ('share', None)
    """
    return literal.lower() if literal and all(_plain_char(c) for c in literal) else None


def _score(literals: frozenset[str]) -> tuple[int, int]:
    return min(len(s) for s in literals), -len(literals)


def _usable(literals: frozenset[str] | None) -> bool:
    return literals is not None and 0 < len(literals) <= MAX_ALTERNATIVES and all(literal_key(s) for s in literals)


def most_selective(*candidates: frozenset[str] | None) -> frozenset[str] | None:
    """The candidate set worth scanning for (longest shortest literal, then fewest literals);
    None when no candidate is usable.

    >>> sorted(most_selective(frozenset({"a", "share"}), frozenset({"tweet"}), None))
    ['tweet']
    """
    ranked = sorted((c for c in candidates if c), key=_score, reverse=True)
    return next((c for c in ranked if _usable(c)), None)


def _sequence(items: Iterable[tuple[Any, Any]]) -> Info:
    run: frozenset[str] | None = frozenset({""})
    exact = True
    found: list[frozenset[str] | None] = []
    for op, arg in items:
        if op is _sre.ASSERT:
            # A lookaround that must match, matches in the same text: what it requires, the text
            # holds too (a rule whose literals are all in its lookahead is sharp by them).
            found.append(most_selective(*_sequence(arg[1])))
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
    return (run if exact else None), most_selective(*found)


# What :func:`_node` found for each group, alternation and repeat of the trees parsed (by the
# identity of its argument, kept alive with it): reading where a match starts reads the same
# groups again at every level of their nesting. Emptied with the trees.
_NODES: dict[int, tuple[Any, Info]] = {}
# The nodes whose argument is a container the parser made for them alone.
_NESTED = {_sre.SUBPATTERN, _sre.BRANCH, _sre.IN, *_REPEATS, getattr(_sre, "ATOMIC_GROUP", _sre.SUBPATTERN)}
MAX_NODES = 100_000


def _node(op: Any, arg: Any) -> Info:
    if op is _sre.LITERAL:
        return frozenset({chr(arg)}), None
    if op in _ZERO_WIDTH:
        return frozenset({""}), None
    if op not in _NESTED:  # an argument that may be shared (a number, None): nothing to remember
        return _group_node(op, arg)
    known = _NODES.get(id(arg))
    if known is not None and known[0] is arg:
        return known[1]
    info = _group_node(op, arg)
    if len(_NODES) >= MAX_NODES:  # analyses run outside a rule list's compilation, never emptied
        _NODES.clear()
    _NODES[id(arg)] = (arg, info)
    return info


def _group_node(op: Any, arg: Any) -> Info:
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
        return None, _union(*(most_selective(e, r) for e, r in infos))
    if op in _REPEATS:
        low, high, sub = arg
        if low == 0:
            return None, None
        exact, required = _sequence(sub)
        if low == high == 1:
            return exact, required
        return None, most_selective(exact, required)
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
        elif op in _REPEATS and arg[0]:
            heads = _prefixes(arg[2])
        elif op in _REPEATS:
            # An optional part: a match starts with it, or with what follows it. An optional
            # string (``(the )?``) is read on into what follows, so that its literals are sharp.
            after = _prefixes(items[position + 1:])
            optional = _sequence(arg[2])[0] if arg[1] == 1 else None
            if optional is not None and after is not None and len(optional) * len(after) <= MAX_EXACT:
                heads = _union(frozenset(a + b for a in optional for b in after), after)
            else:
                heads = _union(_prefixes(arg[2]), after)
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
        heads = frozenset(LEADING_NON_WORD.sub("", h, count=1) for h in heads)
    return (where, heads) if heads is not None and _usable(heads) else None


@lru_cache(maxsize=4096)
def _parse(pattern: str) -> Any:
    # Read, never changed, by the three analyses below: each pattern is parsed once for all.
    pattern = _ESCAPE.sub(lambda m: r"\w" if m.group(0)[1] in "pP" else m.group(0), pattern)
    if _DIVERGENT.search(pattern):
        return None
    try:
        return _sre_parse.parse(pattern)
    except (re.error, ValueError, OverflowError, RecursionError):
        return None


def forget_parses() -> None:
    """Drop the parse trees kept for the analyses (each analysis remembers its own results).
    A rule list's trees are tens of thousands of small tuples: left alive, the collector walks
    them all again at each of its full passes while pages are cleaned."""
    _parse.cache_clear()
    _NODES.clear()


def _digit_node(op: Any, arg: Any) -> bool:
    """Whether every match of the node holds a character that :data:`DIGIT` finds."""
    if op is _sre.LITERAL:
        return DIGIT.fullmatch(chr(arg)) is not None
    if op is _sre.IN:
        items = list(arg)
        return bool(items) and all(
            (kind is _sre.CATEGORY and value is _sre.CATEGORY_DIGIT)
            or (kind is _sre.LITERAL and DIGIT.fullmatch(chr(value)) is not None)
            or (kind is _sre.RANGE and all(DIGIT.fullmatch(chr(c)) for c in range(value[0], value[1] + 1)))
            for kind, value in items)
    if op is _sre.SUBPATTERN:
        return _digit_sequence(arg[-1])
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _digit_sequence(arg)
    if op is _sre.ASSERT:
        # A lookaround that must match, matches in the same text.
        return _digit_sequence(arg[1])
    if op is _sre.BRANCH:
        return all(_digit_sequence(branch) for branch in arg[1])
    if op in _REPEATS:
        return arg[0] >= 1 and _digit_sequence(arg[2])
    return False


def _digit_sequence(items: Iterable[tuple[Any, Any]]) -> bool:
    return any(_digit_node(op, arg) for op, arg in items)


@lru_cache(maxsize=4096)
def requires_digit(pattern: str) -> bool:
    """Whether every text that ``pattern`` matches holds a digit (one that :data:`DIGIT` finds);
    False when unsure.

    >>> requires_digit(r"(?i)^(?:updated|published) (?:\\d{1,2} \\w+|\\w+ \\d{1,2}), \\d{4}$"), requires_digit(r"[0-9]+ comments")
    (True, True)
    >>> requires_digit(r"(?i)^\\W*share\\b"), requires_digit(r"\\d*x"), requires_digit(r"(\\d+|none) comments"), requires_digit(r"[\\d.]+")
    (False, False, False, False)
    """
    parsed = _parse(pattern)
    return parsed is not None and _digit_sequence(parsed)


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
    >>> sorted(required_literals(r"^\\w+ is (?=.{0,80}\\b(?:columnist|writer)\\b)")), required_literals(r"is (?!a writer)")
    (['columnist', 'writer'], frozenset({'is '}))
    """
    parsed = _parse(pattern)
    if parsed is None:
        return None
    exact, required = _sequence(parsed)
    return most_selective(exact, required)
