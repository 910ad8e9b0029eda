"""What a rule file is, once read: its rules, their examples, and the names of their options.

One job: the rule model that the rest of the package reads. Reading and validating a YAML file
into these values is :mod:`cleaner.rules.rulefile`'s; layering files into the rules in force is
:mod:`cleaner.rules.ruleset`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, get_args

import regex

from cleaner.reasons import Reason
from cleaner.rules.thresholds import Thresholds
from cleaner.rules.vocabulary import Match

__all__ = [
    "ACTIONS",
    "DEFAULT_WINDOW",
    "FIELDS",
    "RULE_TIMEOUT",
    "SCOPES",
    "WHERES",
    "Action",
    "Example",
    "Rule",
    "RuleFile",
    "Scope",
    "Where",
]

Action = Literal["drop", "keep", "cut-after", "cut-before", "strip", "meta"]
Where = Literal["head", "tail", "any"]
Scope = Literal["block", "line"]
ACTIONS: tuple[Action, ...] = get_args(Action)
WHERES: tuple[Where, ...] = get_args(Where)
SCOPES: tuple[Scope, ...] = get_args(Scope)
FIELDS = ("title", "author", "date", "section")
DEFAULT_WINDOW = 10
# Seconds one pattern may spend on one block before it is skipped there (regex's own timeout).
RULE_TIMEOUT = 0.25


@dataclass(frozen=True, slots=True)
class Example:
    """A rule example: ``text`` must come out as ``expected`` (and give ``meta``)."""

    text: str
    expected: str
    meta: tuple[tuple[str, str], ...]
    line: int


@dataclass(frozen=True, eq=False)
class Rule:
    """One compiled rule. ``qid`` is ``<site or pack>/<id>``, the name used in decisions."""

    id: str
    namespace: str
    description: str
    action: Action
    matcher: regex.Pattern[str]
    source: str
    literals: tuple[str, ...]
    # How ``phrases`` match (whole, start, anywhere); None for a rule with a ``pattern``.
    match: Match | None
    where: Where
    window: int
    max_words: int | None
    min_words: int | None
    scope: Scope
    kinds: frozenset[str] | None
    field: str | None
    examples: tuple[Example, ...]
    file: str
    line: int

    @property
    def qid(self) -> str:
        return f"{self.namespace}/{self.id}"

    @cached_property
    def reason(self) -> Reason:
        """The reason of the blocks this rule decides: ``rule:<qid>`` (read for every block it
        decides: worked out once)."""
        return Reason.of("rule", self.qid)

    def search(self, text: str, timeout: float = RULE_TIMEOUT) -> regex.Match[str] | None:
        """Search ``text``; raises ``TimeoutError`` after ``timeout`` seconds."""
        return self.matcher.search(text, timeout=timeout)


@dataclass(frozen=True, eq=False)
class RuleFile:
    """One rule file: a site's (``site``) or a generic pack's (``pack``)."""

    path: str
    namespace: str
    is_site: bool
    name: str
    description: str
    hosts: tuple[str, ...]
    detect: tuple[str, ...]
    extends: tuple[str, ...]
    disable: tuple[str, ...]
    rules: tuple[Rule, ...]
    # ``remove``: CSS selectors deleted before extraction; ``body``: the article container's
    # selector (or None); ``examples``: HTML snippets in, extracted markdown out.
    html: dict[str, Any] = field(default_factory=dict)
    line: int = 1
    # A site's ``heuristics:`` section: the thresholds it sets (None: the defaults) and the
    # examples that show them, each a page the heuristics alone clean.
    thresholds: Thresholds | None = None
    heuristics_examples: tuple[Example, ...] = ()
