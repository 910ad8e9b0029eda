"""Run the examples that every rule carries.

One job: check rules against their own examples. Each example runs its one rule alone over the
example's text (no other rule, no heuristics) and the kept blocks, rendered as markdown, must
equal the expected text exactly; a ``meta`` example must also capture those values.
"""

from __future__ import annotations

from collections.abc import Iterable

from cleaner.errors import Problem
from cleaner.rules.match import apply_rules
from cleaner.rules.model import RULE_TIMEOUT
from cleaner.rules.ruleset import Example, Rule
from cleaner.text.blocks import is_line_mode, segment
from cleaner.text.normalize import normalize
from cleaner.text.render import block_text, edit, join

__all__ = ["run_example", "check_rules"]


def run_example(rule: Rule, example: Example) -> tuple[str, dict[str, str]]:
    """Apply ``rule`` alone to the example's text; return the output and captured metadata.

    >>> from cleaner.rules.ruleset import load_rule_file
    >>> rule = load_rule_file("rules/sites/globalresearch.ca.yaml").rules[1]
    >>> run_example(rule, rule.examples[0])
    ('On Sunday the strikes resumed.', {'author': 'Brian Berletic'})
    """
    output, metadata, _ = _run(rule, example)
    return output, metadata


def _run(rule: Rule, example: Example) -> tuple[str, dict[str, str], bool]:
    """:func:`run_example`, and whether the rule timed out on a block of the example."""
    text = normalize(example.text)
    blocks = segment(text)
    verdicts, metadata, _ = apply_rules(blocks, [rule])
    output = join(
        ((b, block_text(b, edit(b.text, v.removed), "markdown")) for b, v in zip(blocks, verdicts) if v.kept is not False),
        is_line_mode(text),
    )
    return output, metadata, any(v.timed_out for v in verdicts)


def check_rules(rules: Iterable[Rule]) -> list[Problem]:
    """Run every example of every rule; return a problem for each that fails, and for each
    that its rule's pattern timed out on (a block the pattern timed out on counts as not
    matched: an ``unchanged`` example passed)."""
    problems = []
    for rule in rules:
        for example in rule.examples:
            output, metadata, timed_out = _run(rule, example)
            expected = normalize(example.expected)
            if timed_out:
                problems.append(Problem(rule.file, example.line, rule.id,
                                        f"pattern timed out on this example (over {RULE_TIMEOUT:g} s on a block): "
                                        "it backtracks; rewrite it so that each character can match one way"))
            elif output != expected:
                problems.append(Problem(rule.file, example.line, rule.id,
                                        f"example gives {output!r}, expected {expected!r}"))
            for key, value in example.meta:
                if metadata.get(key) != value:
                    problems.append(Problem(rule.file, example.line, rule.id,
                                            f"example captures {key}={metadata.get(key)!r}, expected {value!r}"))
    return problems
