"""Broken rule files, beyond tests/test_rule_errors.py: every shape of wrong input gives a
RuleError naming file, line, rule id and what is allowed; YAML is loaded safely; and
``cleaner rules check`` lists every problem of every file in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.errors import RuleError
from cleaner.rules.ruleset import load_rule_file, load_rules
from cleaner.tools.cli import main

RULE = "  - id: x\n    description: X.\n    action: drop\n"
EXAMPLE = "    examples:\n      - unchanged: b\n"
GOOD = RULE + "    pattern: '^Box$'\n    examples:\n      - in: \"Box\\n\\nText.\"\n        out: \"Text.\"\n"
MAPPING = "F:1: a rule file must be a mapping with 'site' or 'pack' and 'rules'"
NOT_A_RULE = "a rule must be a mapping with id, description, action, examples"
BAD_EXAMPLE = "rule 'x': an example needs 'in' and 'out' strings, or an 'unchanged' string"
NAMESPACE = "F:1: needs exactly one of 'site: <domain>' or 'pack: <name>' (lowercase)"


def _problems(tmp_path: Path, body: str | bytes) -> list[str]:
    path = tmp_path / "rules.yaml"
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(body, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return [str(p).replace(str(path), "F") for p in caught.value.problems]


CASES = {
    "empty-file": ("", [MAPPING]),
    "comment-only": ("# nothing here\n", [MAPPING]),
    "top-level-list": ("- pack: p\n", [MAPPING]),
    "top-level-scalar": ("pack\n", [MAPPING]),
    "rules-a-mapping": ("pack: p\nrules: {id: x}\n", ["F:2: 'rules' must be a list of rules"]),
    "rules-a-number": ("pack: p\nrules: 5\n", ["F:2: 'rules' must be a list of rules"]),
    "rules-missing": ("pack: p\n", ["F:1: 'rules' must be a list of rules"]),
    "rule-a-string-a-list-and-null": (
        "pack: p\nrules:\n  - just a string\n  - [1, 2]\n  -\n",
        [f"F:3: {NOT_A_RULE}", f"F:4: {NOT_A_RULE}", f"F:5: {NOT_A_RULE}"]),
    "pattern-a-number": (f"pack: p\nrules:\n{RULE}    pattern: 5\n{EXAMPLE}",
                         ["F:6: rule 'x': 'pattern' must be a non-empty string"]),
    "pattern-a-list": (f"pack: p\nrules:\n{RULE}    pattern: [a, b]\n{EXAMPLE}",
                       ["F:6: rule 'x': 'pattern' must be a non-empty string"]),
    "pattern-empty": (f"pack: p\nrules:\n{RULE}    pattern: ''\n{EXAMPLE}",
                      ["F:6: rule 'x': 'pattern' must be a non-empty string"]),
    "pattern-repeat-too-big": (f"pack: p\nrules:\n{RULE}    pattern: 'a{{99999999999}}'\n{EXAMPLE}",
                               ["F:6: rule 'x': pattern refused: counted repeats multiply to 99999999999 (at most 100000)"]),
    "pattern-and-phrases": (f"pack: p\nrules:\n{RULE}    pattern: a\n    phrases: [a]\n{EXAMPLE}",
                            ["F:3: rule 'x': needs exactly one of 'pattern' (a regex) or 'phrases' (a list, with or without 'lists')"]),
    "phrases-not-strings": (f"pack: p\nrules:\n{RULE}    phrases: [1, 2]\n{EXAMPLE}",
                            ["F:6: rule 'x': 'phrases' must be a list of non-empty strings"]),
    "examples-a-string": (f"pack: p\nrules:\n{RULE}    pattern: a\n    examples: hello\n",
                          ["F:7: rule 'x': needs 'examples': a list of {in, out} or {unchanged} items"]),
    "examples-empty": (f"pack: p\nrules:\n{RULE}    pattern: a\n    examples: []\n",
                       ["F:7: rule 'x': needs 'examples': a list of {in, out} or {unchanged} items"]),
    "example-a-string": (f"pack: p\nrules:\n{RULE}    pattern: a\n    examples:\n      - b\n",
                         ["F:8: rule 'x': an example must be a mapping with 'in' and 'out', or 'unchanged'"]),
    "example-in-without-out": (f"pack: p\nrules:\n{RULE}    pattern: a\n    examples:\n      - in: a\n",
                               [f"F:8: {BAD_EXAMPLE}"]),
    "example-numbers": (f"pack: p\nrules:\n{RULE}    pattern: a\n    examples:\n      - in: 5\n        out: 6\n",
                        [f"F:8: {BAD_EXAMPLE}"]),
    "example-unchanged-and-in": (
        f"pack: p\nrules:\n{RULE}    pattern: a\n    examples:\n      - unchanged: b\n        in: c\n",
        [f"F:8: {BAD_EXAMPLE}"]),
    "example-unknown-key": (
        f"pack: p\nrules:\n{RULE}    pattern: a\n    examples:\n      - unchanged: b\n        note: hi\n",
        ["F:9: rule 'x': unknown key 'note' (allowed: in, out, unchanged, meta)"]),
    "example-meta-a-list": (
        f"pack: p\nrules:\n{RULE}    pattern: a\n    examples:\n      - unchanged: b\n        meta: [1]\n",
        ["F:8: rule 'x': example 'meta' must map some of title, author, date, section to single values"]),
    "example-meta-value-a-list": (
        "pack: p\nrules:\n  - id: x\n    description: X.\n    action: meta\n    field: author\n    pattern: a\n"
        "    examples:\n      - unchanged: b\n        meta: {author: [1]}\n",
        ["F:9: rule 'x': example 'meta' must map some of title, author, date, section to single values"]),
    "id-a-number": ("pack: p\nrules:\n  - id: 5\n    description: X.\n    action: drop\n    pattern: a\n" + EXAMPLE,
                    ["F:3: rule '5': needs an 'id' of lowercase letters, digits and '-'"]),
    "id-missing": ("pack: p\nrules:\n  - description: X.\n    action: drop\n    pattern: a\n" + EXAMPLE,
                   ["F:3: needs an 'id' of lowercase letters, digits and '-'"]),
    "action-a-list": ("pack: p\nrules:\n  - id: x\n    description: X.\n    action: [drop]\n    pattern: a\n" + EXAMPLE,
                      ["F:5: rule 'x': 'action' must be one of drop, keep, cut-after, cut-before, strip, meta, not ['drop']"]),
    "description-a-number": ("pack: p\nrules:\n  - id: x\n    description: 5\n    action: drop\n    pattern: a\n" + EXAMPLE,
                             ["F:3: rule 'x': needs a 'description' saying what it removes and why"]),
    "kinds-a-mapping": (f"pack: p\nrules:\n{RULE}    pattern: a\n    kinds: {{a: b}}\n{EXAMPLE}",
                        ["F:7: rule 'x': 'kinds' must be a list of non-empty strings"]),
    "kind-unknown": (f"pack: p\nrules:\n{RULE}    pattern: a\n    kinds: [paragraf]\n{EXAMPLE}",
                     ["F:7: rule 'x': unknown kind 'paragraf' (allowed: paragraph, heading, list-item, quote, "
                      "separator, link-line, code)"]),
    "scope-unknown": (f"pack: p\nrules:\n{RULE}    pattern: a\n    scope: page\n{EXAMPLE}",
                      ["F:7: rule 'x': 'scope' must be one of block, line, not 'page'"]),
    "window-negative": (f"pack: p\nrules:\n{RULE}    pattern: a\n    window: -1\n{EXAMPLE}",
                        ["F:7: rule 'x': 'window' must be a whole number >= 0, not -1"]),
    "max-words-a-float": (f"pack: p\nrules:\n{RULE}    pattern: a\n    max_words: 1.5\n{EXAMPLE}",
                          ["F:7: rule 'x': 'max_words' must be a whole number >= 0, not 1.5"]),
    "min-above-max": (f"pack: p\nrules:\n{RULE}    pattern: a\n    min_words: 5\n    max_words: 2\n{EXAMPLE}",
                      ["F:7: rule 'x': min_words 5 > max_words 2"]),
    "field-without-meta": (f"pack: p\nrules:\n{RULE}    pattern: a\n    field: author\n{EXAMPLE}",
                           ["F:7: rule 'x': 'field' only goes with action: meta"]),
    "meta-without-field": ("pack: p\nrules:\n  - id: x\n    description: X.\n    action: meta\n    pattern: a\n" + EXAMPLE,
                           ["F:3: rule 'x': a meta rule needs 'field', one of title, author, date, section"]),
    "site-and-pack": ("pack: p\nsite: s.example\nrules: []\n", [NAMESPACE]),
    "namespace-uppercase": ("pack: Ads\nrules: []\n", [NAMESPACE]),
    "namespace-a-number": ("site: 5\nrules: []\n", [NAMESPACE]),
    "file-key-twice": ("pack: p\npack: q\nrules: []\n", ["F:2: key 'pack' given twice"]),
    "site-key-in-pack": (f"pack: p\nhosts: [a.example]\nrules:\n{GOOD}",
                         ["F:2: 'hosts' only goes in a site file (one with 'site:')"]),
    "hosts-a-mapping": ("site: s.example\nhosts: {a: b}\nrules: []\n",
                        ["F:2: 'hosts' must be a list of non-empty strings"]),
    # These three were silently read as empty lists before.
    "disable-a-number": ("site: s.example\nhosts: [s.example]\ndisable: 5\nrules: []\n",
                         ["F:3: 'disable' must be a list of non-empty strings"]),
    "detect-a-mapping": ("site: s.example\nhosts: [s.example]\ndetect: {a: b}\nrules: []\n",
                         ["F:3: 'detect' must be a list of non-empty strings"]),
    "extends-numbers": ("site: s.example\nhosts: [s.example]\nextends: [1]\nrules: []\n",
                        ["F:3: 'extends' must be a list of non-empty strings"]),
    "tab-indent": ("pack: p\nrules:\n\t- id: x\n", ["F:3: malformed YAML: found character '\\t' that cannot start any token"]),
    "two-documents": ("pack: p\nrules: []\n---\npack: q\n", ["F:3: malformed YAML: but found another document"]),
    "unhashable-key": ("pack: p\n[a]: y\nrules: []\n", ["F:2: malformed YAML: found unhashable key"]),
    "nested-too-deeply": ("pack: p\nrules: " + "[" * 10_000 + "]" * 10_000 + "\n", ["F: malformed YAML: nested too deeply"]),
    "not-utf-8": ("pack: p\ndescription: café\nrules: []\n".encode("latin-1"),
                  ["F:2: not UTF-8: byte 0xe9 at offset 24 (save the file as UTF-8)"]),
}


@pytest.mark.parametrize("body, expected", list(CASES.values()), ids=list(CASES))
def test_broken_rule_file(tmp_path: Path, body: str | bytes, expected: list[str]) -> None:
    assert _problems(tmp_path, body) == expected


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/name:os.system",
    "!!python/module:os",
])
def test_yaml_tags_never_execute(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "executed"
    problems = _problems(tmp_path, f"pack: p\nrules:\n  - {tag.format(marker=marker)}\n")
    assert len(problems) == 1
    assert problems[0].startswith("F:3: malformed YAML: could not determine a constructor for the tag")
    assert not marker.exists()


def test_problems_carry_file_line_and_rule(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(f"pack: p\nrules:\n{RULE}    pattern: '(a'\n{EXAMPLE}", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.rule) == (str(path), 6, "x")
    assert problem.message == "bad pattern '(a': missing ) at position 2"


def test_all_files_problems_are_raised_together(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("pack: a\nrules: 5\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(f"pack: c\nrules:\n{GOOD}", encoding="utf-8")
    (tmp_path / "d.yaml").write_text(f"pack: c\nrules:\n{GOOD}", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules([tmp_path])
    assert [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems] == [
        "a.yaml:2: 'rules' must be a list of rules",
        "b.yaml:1: a rule file must be a mapping with 'site' or 'pack' and 'rules'",
        "d.yaml:1: 'c' is also defined in c.yaml",
    ]


def test_wildcard_host_claimed_by_two_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(f"site: a.example\nhosts: ['*.shared.example']\nrules:\n{GOOD}", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(f"site: b.example\nhosts: ['*.Shared.Example']\nrules:\n{GOOD}", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules([tmp_path])
    assert [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems] == [
        "b.yaml:1: host '*.shared.example' is already claimed by a.yaml",
    ]


def test_rules_check_lists_every_problem_of_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.yaml").write_text("pack: a\nrules: 5\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(f"pack: b\nrules:\n{RULE}    patern: a\n{EXAMPLE}", encoding="utf-8")
    failing = GOOD.replace('out: "Text."', 'out: "Other."')
    (tmp_path / "c.yaml").write_text(f"pack: c\nrules:\n{failing}", encoding="utf-8")
    (tmp_path / "d.yaml").write_text(f"pack: d\nrules:\n{GOOD}", encoding="utf-8")
    code = main(["rules", "check", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.replace(str(tmp_path) + "/", "").splitlines() == [
        "a.yaml:2: 'rules' must be a list of rules",
        "b.yaml:6: rule 'x': unknown key 'patern', did you mean 'pattern'? (allowed: id, description, action, "
        "pattern, phrases, lists, match, where, window, max_words, min_words, scope, kinds, field, examples)",
        "b.yaml:3: rule 'x': needs exactly one of 'pattern' (a regex) or 'phrases' (a list, with or without 'lists')",
        "c.yaml:8: rule 'x': example gives 'Text.', expected 'Other.'",
    ]
    assert captured.out == "2 files, 2 rules, 2 examples: 1 passed, 1 failed; 3 problems in rule files\n"
