"""The one exception for rule problems, and the problems it carries.

One job: say what is wrong with a rule file and where, so a user can fix it without a traceback.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Problem", "RuleError", "UnknownSiteError", "suggest"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a rule file: where (file, line, rule id) and what."""

    file: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        file = self.file
        if os.path.isabs(file) and not (relative := os.path.relpath(file)).startswith(".."):
            file = relative
        where = f"{file}:{self.line}" if self.line else file
        return f"{where}: rule '{self.rule}': {self.message}" if self.rule else f"{where}: {self.message}"


class RuleError(Exception):
    """Raised for every problem with rule files: malformed YAML, unknown keys, bad patterns,
    duplicate ids, failing examples. ``problems`` lists them all; the message shows them all.

    >>> str(RuleError([Problem("rules/x.yaml", 4, "a", "unknown key 'patern', did you mean 'pattern'?")]))
    "rules/x.yaml:4: rule 'a': unknown key 'patern', did you mean 'pattern'?"
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UnknownSiteError(RuleError):
    """A site asked for by name or host (``site=``, ``--site``) has no rule file: a mistake in
    the call, not in a rule file (the command line exits with its usage code)."""


def suggest(key: str, allowed: Sequence[str]) -> str:
    """The message for an unknown key, with the allowed key it most likely meant.

    >>> suggest("patern", ["pattern", "phrases"])
    "unknown key 'patern', did you mean 'pattern'? (allowed: pattern, phrases)"
    """
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f", did you mean '{close[0]}'?" if close else ""
    return f"unknown key '{key}'{hint} (allowed: {', '.join(allowed)})"
