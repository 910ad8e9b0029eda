"""Every example of every shipped rule, as its own test case (``pytest -k <rule id>``)."""

from __future__ import annotations

import pytest
from conftest import RULES

from cleaner.rules.examples import run_example
from cleaner.rules.ruleset import Example, Rule, load_rules
from cleaner.text.normalize import normalize

_RULESET = load_rules([RULES])
_CASES = [
    pytest.param(rule, example, id=f"{rule.qid}-{number}")
    for rule_file in [*_RULESET.packs.values(), *_RULESET.sites.values()]
    for rule in rule_file.rules
    for number, example in enumerate(rule.examples)
]


def test_every_rule_has_a_changing_and_an_unchanged_example() -> None:
    for rule_file in [*_RULESET.packs.values(), *_RULESET.sites.values()]:
        for rule in rule_file.rules:
            changes = [e for e in rule.examples if normalize(e.text) != normalize(e.expected)]
            assert changes or rule.action == "keep", f"{rule.qid} has no example that changes text"
            assert len(changes) < len(rule.examples), f"{rule.qid} has no 'unchanged' example"


@pytest.mark.parametrize(("rule", "example"), _CASES)
def test_rule_example(rule: Rule, example: Example) -> None:
    output, metadata = run_example(rule, example)
    assert output == normalize(example.expected)
    for key, value in example.meta:
        assert metadata.get(key) == value
