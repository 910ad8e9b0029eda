"""A site file's ``heuristics:`` section: checked when the file is read, applied to the site's
pages (and to the sites that extend it), its examples run by ``cleaner rules check``."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.errors import RuleError
from cleaner.rules.ruleset import load_rule_file, load_rules
from cleaner.rules.thresholds import DEFAULT
from cleaner.tools.cli import main

EXAMPLES = "  examples:\n    - unchanged: The vote was close.\n"

CASES = {
    "unknown-name": ("site: s.example\nheuristics:\n  short_char: 60\n" + EXAMPLES,
                     ["F:3: rule 'heuristics': unknown threshold 'short_char', did you mean 'short_chars'?"]),
    "unknown-name-far-off": ("site: s.example\nheuristics:\n  patience: 3\n" + EXAMPLES,
                             ["F:3: rule 'heuristics': unknown threshold 'patience' (the names are in "
                              "docs/heuristics.md)"]),
    "a-string": ("site: s.example\nheuristics:\n  max_link_density: high\n" + EXAMPLES,
                 ["F:3: rule 'heuristics': 'max_link_density' must be a number >= 0, not 'high'"]),
    "a-float-for-a-count": ("site: s.example\nheuristics:\n  short_chars: 1.5\n" + EXAMPLES,
                            ["F:3: rule 'heuristics': 'short_chars' must be a whole number >= 0, not 1.5"]),
    "a-boolean": ("site: s.example\nheuristics:\n  short_chars: yes\n" + EXAMPLES,
                  ["F:3: rule 'heuristics': 'short_chars' must be a whole number >= 0, not True"]),
    "negative": ("site: s.example\nheuristics:\n  rule_drop_cost: -5\n" + EXAMPLES,
                 ["F:3: rule 'heuristics': 'rule_drop_cost' must be a whole number >= 0, not -5"]),
    "not-a-number": ("site: s.example\nheuristics:\n  max_link_density: .nan\n" + EXAMPLES,
                     ["F:3: rule 'heuristics': 'max_link_density' must be a number >= 0, not nan"]),
    "no-examples": ("site: s.example\nheuristics:\n  short_chars: 60\n",
                    ["F:2: rule 'heuristics': needs 'examples': a list of {in, out} or {unchanged} items"]),
    "a-list": ("site: s.example\nheuristics: [short_chars]\n",
               ["F:2: rule 'heuristics': 'heuristics' must be a mapping of thresholds, with 'examples'"]),
    "in-a-pack": ("pack: p\nheuristics:\n  short_chars: 60\n" + EXAMPLES + "rules: []\n",
                  ["F:2: 'heuristics' only goes in a site file (one with 'site:')"]),
    "given-twice": ("site: s.example\nheuristics:\n  short_chars: 60\n  short_chars: 70\n" + EXAMPLES,
                    ["F:4: rule 'heuristics': key 'short_chars' given twice"]),
}


@pytest.mark.parametrize("body, expected", list(CASES.values()), ids=list(CASES))
def test_a_broken_heuristics_section(tmp_path: Path, body: str, expected: list[str]) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    assert [str(p).replace(str(path), "F") for p in caught.value.problems] == expected


def test_a_site_sets_its_thresholds_and_a_site_that_extends_it_inherits_them(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("site: a.example\nhosts: [a.example]\nheuristics:\n  short_chars: 60\n"
                                     "  max_link_density: 1\n" + EXAMPLES, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("site: b.example\nhosts: [b.example]\nextends: [a.example]\nrules: []\n",
                                     encoding="utf-8")
    (tmp_path / "c.yaml").write_text("site: c.example\nhosts: [c.example]\nrules: []\n", encoding="utf-8")
    ruleset = load_rules([tmp_path])
    a, b, c = (ruleset.sites[name] for name in ("a.example", "b.example", "c.example"))
    assert (ruleset.thresholds_for(a).short_chars, ruleset.thresholds_for(a).max_link_density) == (60, 1.0)
    assert type(ruleset.thresholds_for(a).max_link_density) is float
    assert ruleset.thresholds_for(b) == ruleset.thresholds_for(a)
    assert ruleset.thresholds_for(c) is DEFAULT and ruleset.thresholds_for(None) is DEFAULT


def test_rules_check_runs_the_heuristics_examples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = ("The council met on Monday and voted on the plan for the new bridge over the river, after a long "
            "debate that lasted until midnight.")
    (tmp_path / "site.yaml").write_text(
        "site: s.example\nheuristics:\n  max_link_density: 0.9\n  examples:\n"
        f"    - unchanged: \"{body}\\n\\nSee [the report](/r).\"\n"
        f"    - in: \"{body}\\n\\nSee [the report](/r) and [the vote](/v) and [more](/m).\"\n"
        f"      out: \"{body}\"\n", encoding="utf-8")
    assert main(["rules", "check", str(tmp_path)]) == 1
    err = capsys.readouterr()
    assert err.out.strip() == "1 files, 0 rules, 2 examples: 1 passed, 1 failed"
    assert err.err.startswith(f"{tmp_path / 'site.yaml'}:6: rule 'heuristics': example gives ")
