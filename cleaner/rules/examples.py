"""Run the examples that every rule carries.

One job: check rules against their own examples. Each example runs its one rule alone over the
example's text (no other rule, no heuristics) and the kept blocks, rendered as markdown, must
equal the expected text exactly; a ``meta`` example must also capture those values.
"""

from __future__ import annotations

from collections.abc import Iterable

from cleaner.errors import Problem
from cleaner.rules.match import apply_rules
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
    text = normalize(example.text)
    blocks = segment(text)
    verdicts, metadata, _ = apply_rules(blocks, [rule])
    output = join(
        ((b, block_text(b, edit(b.text, v.removed), "markdown")) for b, v in zip(blocks, verdicts) if v.kept is not False),
        is_line_mode(text),
    )
    return output, metadata


def check_rules(rules: Iterable[Rule]) -> list[Problem]:
    """Run every example of every rule; return a problem for each that fails."""
    problems = []
    for rule in rules:
        for example in rule.examples:
            output, metadata = run_example(rule, example)
            expected = normalize(example.expected)
            if output != expected:
                problems.append(Problem(rule.file, example.line, rule.id,
                                        f"example gives {output!r}, expected {expected!r}"))
            for key, value in example.meta:
                if metadata.get(key) != value:
                    problems.append(Problem(rule.file, example.line, rule.id,
                                            f"example captures {key}={metadata.get(key)!r}, expected {value!r}"))
    return problems
