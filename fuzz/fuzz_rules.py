"""Fuzz the rule loader with atheris: any bytes as a rule file either load or raise ``RuleError``
(never another exception), and a file that loads cleans a page and runs its own examples.
Not run in CI; see fuzz/README.md."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from cleaner.text.blocks import segment
    from cleaner.errors import RuleError
    from cleaner.rules.examples import check_rules
    from cleaner.rules.match import apply_rules
    from cleaner.rules.ruleset import load_rule_file

# Seeds the fuzzer mutates: a well-formed file, so that mutations reach the validator.
SEED = b"""pack: p
rules:
  - id: box
    description: A box.
    action: drop
    pattern: '^Box$'
    max_words: 4
    examples:
      - in: "Box\\n\\nText."
        out: "Text."
      - unchanged: "Text."
"""
PATH = Path(tempfile.mkdtemp()) / "fuzzed.yaml"


def test_one_input(data: bytes) -> None:
    """Load ``data`` as a rule file; if it loads, use it."""
    PATH.write_bytes(data)
    try:
        rule_file = load_rule_file(PATH)
    except RuleError as error:
        assert error.problems and all(p.file == str(PATH) for p in error.problems)
        return
    check_rules(rule_file.rules)
    apply_rules(segment("Box\n\nText of the story.\n\n* item"), rule_file.rules)


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[-1].startswith("-"):
        Path(sys.argv[-1]).mkdir(parents=True, exist_ok=True)
        (Path(sys.argv[-1]) / "seed.yaml").write_bytes(SEED)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
