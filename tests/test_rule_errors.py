"""Broken rule files raise RuleError naming the file, the line, the rule id and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, RuleError
from cleaner.rules.examples import check_rules
from cleaner.rules.ruleset import load_rule_file, load_rules

GOOD_RULE = """\
  - id: box
    description: A box.
    action: drop
    pattern: '^Box$'
    examples:
      - in: "Box\\n\\nText."
        out: "Text."
"""


def _write(tmp_path: Path, body: str, name: str = "site.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    return [str(p).replace(str(path), "F") for p in caught.value.problems]


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = _write(tmp_path, "site: example.com\nhosts: [example.com]\nrules:\n" + GOOD_RULE.replace("pattern:", "patern:"))
    assert _problems(path) == [
        "F:7: rule 'box': unknown key 'patern', did you mean 'pattern'? (allowed: id, description, action, "
        "pattern, phrases, lists, match, where, window, max_words, min_words, scope, kinds, field, examples)",
        "F:4: rule 'box': needs exactly one of 'pattern' (a regex) or 'phrases' (a list, with or without 'lists')",
    ]


def test_bad_regex_names_rule_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "pack: p\nrules:\n" + GOOD_RULE.replace("'^Box$'", "'^(Box'"))
    assert _problems(path) == ["F:6: rule 'box': bad pattern '^(Box': missing ) at position 5"]


def test_a_key_given_twice_with_the_rule_read_from_the_second(tmp_path: Path) -> None:
    """Found by fuzz/fuzz_rules.py: the rule read from the second 'rules' has keys whose lines the
    loader had not recorded; it raised KeyError instead of listing the problems."""
    path = _write(tmp_path, "pack: p\nrules:\n  \n- id:pack: p\nrules:\n  - id: box\n    description: A box.\n"
                            "    action: drop\n    pattern: '[box'\n")
    assert _problems(path) == [
        "F:5: key 'rules' given twice",
        "F:4: rule 'box': unknown key 'id:pack' (allowed: id, description, action, pattern, phrases, lists, match, "
        "where, window, max_words, min_words, scope, kinds, field, examples)",
        "F:4: rule 'box': bad pattern '[box': unterminated character set at position 4",
        "F:4: rule 'box': needs 'examples': a list of {in, out} or {unchanged} items",
    ]


def test_duplicate_ids(tmp_path: Path) -> None:
    path = _write(tmp_path, "pack: p\nrules:\n" + GOOD_RULE + GOOD_RULE)
    assert _problems(path) == ["F:10: rule 'box': duplicate id (first defined on line 3)"]


def test_wrong_values_and_missing_examples(tmp_path: Path) -> None:
    body = ("pack: p\nrules:\n  - id: x\n    description: X.\n    action: remove\n    where: top\n"
            "    max_words: many\n    phrases: [x]\n")
    assert _problems(_write(tmp_path, body)) == [
        "F:5: rule 'x': 'action' must be one of drop, keep, cut-after, cut-before, strip, meta, not 'remove'",
        "F:6: rule 'x': 'where' must be one of head, tail, any, not 'top'",
        "F:7: rule 'x': 'max_words' must be a whole number >= 0, not 'many'",
        "F:3: rule 'x': needs 'examples': a list of {in, out} or {unchanged} items",
    ]


def test_malformed_yaml(tmp_path: Path) -> None:
    path = _write(tmp_path, "pack: p\nrules:\n  - id: [unclosed\n")
    assert _problems(path) == ["F:4: malformed YAML: expected ',' or ']', but got '<stream end>'"]


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    path = _write(tmp_path, "pack: !!python/object/apply:os.system ['echo hacked']\nrules: []\n")
    problems = _problems(path)
    assert len(problems) == 1 and problems[0].startswith("F:1: malformed YAML: ")


def test_failing_example_is_reported_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "pack: p\nrules:\n" + GOOD_RULE.replace('out: "Text."', 'out: "Nothing."'))
    problems = check_rules(load_rule_file(path).rules)
    assert [str(p).replace(str(path), "F") for p in problems] == [
        "F:8: rule 'box': example gives 'Text.', expected 'Nothing.'"
    ]


def test_an_example_its_pattern_times_out_on_is_reported(tmp_path: Path) -> None:
    # A block the pattern timed out on counts as not matched: the "unchanged" example passed, and
    # "rules check" said the rule was fine.
    path = _write(tmp_path, "pack: p\nrules:\n" + GOOD_RULE.replace("'^Box$'", "'(a|aa)+$'").replace(
        '      - in: "Box\\n\\nText."\n        out: "Text."', '      - unchanged: "' + "a" * 40 + '!"'))
    assert [str(p).replace(str(path), "F") for p in check_rules(load_rule_file(path).rules)] == [
        "F:8: rule 'box': pattern timed out on this example (over 0.25 s on a block): it backtracks; rewrite it "
        "so that each character can match one way"]


def test_host_claimed_by_two_files(tmp_path: Path) -> None:
    _write(tmp_path, "site: a.example\nhosts: [shared.example]\nrules:\n" + GOOD_RULE, "a.yaml")
    _write(tmp_path, "site: b.example\nhosts: [www.shared.example]\nrules:\n" + GOOD_RULE, "b.yaml")
    with pytest.raises(RuleError, match=r"b.yaml:1: host 'www.shared.example' is already claimed by .*a.yaml"):
        load_rules([tmp_path])


def test_disable_unknown_rule_suggests(tmp_path: Path) -> None:
    _write(tmp_path, "pack: p\nrules:\n" + GOOD_RULE, "p.yaml")
    _write(tmp_path, "site: s.example\nhosts: [s.example]\ndisable: [p/bx]\nrules:\n" + GOOD_RULE, "s.yaml")
    with pytest.raises(RuleError, match=r"s.yaml:1: disables unknown rule 'p/bx', did you mean 'p/box'\?"):
        load_rules([tmp_path])


def test_user_rules_layer_over_defaults(tmp_path: Path) -> None:
    _write(tmp_path, "site: example.org\nhosts: ['*.example.org']\ndisable: [share/*]\nrules:\n" + GOOD_RULE)
    cleaner = Cleaner(rules=[tmp_path])
    result = cleaner.clean("Box\n\nShare this article\n\nText of the story goes here.", url="https://news.example.org/a")
    assert result.text == "Share this article\n\nText of the story goes here."
    assert result.decisions[0].reason == "rule:example.org/box"
    other = cleaner.clean("Box\n\nShare this article\n\nText of the story goes here.", url="https://example.net/")
    assert other.text == "Box\n\nText of the story goes here."


def test_environment_variable_adds_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "site: example.org\nhosts: [example.org]\nrules:\n" + GOOD_RULE)
    monkeypatch.setenv("CLEANER_RULES", str(tmp_path))
    assert Cleaner().clean("Box\n\nText of the story.", url="http://example.org/").text == "Text of the story."
