"""Run the examples of a site file's ``heuristics:`` section.

One job: check a site's thresholds against its own examples. Each example is a page that the
heuristics alone clean (no rule) with the site's thresholds; the kept blocks, rendered as
markdown, must equal the expected text exactly, as a rule's examples must
(:mod:`cleaner.rules.examples`).
"""

from __future__ import annotations

from cleaner.errors import Problem
from cleaner.heuristics.classify import classify
from cleaner.rules.rulefile import RuleFile
from cleaner.rules.thresholds import Thresholds
from cleaner.text.blocks import is_line_mode, segment
from cleaner.text.normalize import normalize
from cleaner.text.render import block_text, join

__all__ = ["run_heuristics_example", "check_heuristics_examples"]


def run_heuristics_example(thresholds: Thresholds, page: str) -> str:
    """What the heuristics alone keep of ``page`` with ``thresholds``, as markdown.

    >>> from dataclasses import replace
    >>> from cleaner.rules.thresholds import DEFAULT
    >>> page = "The council met and voted on the plan for the new bridge. " * 3 + "\\n\\nSee [the report](/r)."
    >>> run_heuristics_example(DEFAULT, page).endswith("bridge.")
    True
    >>> run_heuristics_example(replace(DEFAULT, max_link_density=0.9), page).endswith("[the report](/r).")
    True
    """
    text = normalize(page)
    blocks = segment(text)
    labels = classify(blocks, [True] * len(blocks), thresholds=thresholds)
    kept = ((b, block_text(b, b.text, "markdown")) for b, label in zip(blocks, labels) if label is None or label.kept)
    return join(kept, is_line_mode(text))


def check_heuristics_examples(rule_file: RuleFile) -> list[Problem]:
    """Run the examples of ``rule_file``'s ``heuristics:`` section; a problem for each that fails."""
    thresholds = rule_file.thresholds
    problems: list[Problem] = []
    if thresholds is None:
        return problems
    for example in rule_file.heuristics_examples:
        output, expected = run_heuristics_example(thresholds, example.text), normalize(example.expected)
        if output != expected:
            problems.append(Problem(rule_file.path, example.line, "heuristics",
                                    f"example gives {output!r}, expected {expected!r}"))
    return problems
