"""Write a proposed rule file: the YAML that ``cleaner rules new`` and ``cleaner learn`` write,
where they write it, and the check that it loads and passes its own examples first.

One job: turn a rule file's data into YAML a person reads (one rule's keys together, examples
as quoted strings, patterns in single quotes so backslashes stay as written), with the schema
line editors validate against.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import regex
import yaml

from cleaner.errors import RuleError
from cleaner.rules.examples import check_rules
from cleaner.rules.ruleset import load_rule_file

__all__ = ["SCHEMA", "format_rule_file", "rule_file_target", "write_rule_file"]

SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "rules.schema.json"
# A value written without quotes: lower-case words, digits, dots and dashes.
_PLAIN = regex.compile(r"^[a-z0-9][a-z0-9.-]*$")


def _scalar(value: Any, key: str = "") -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        return str(value)
    if key == "pattern":  # single quotes keep a regex's backslashes as written
        return "'" + value.replace("'", "''") + "'"
    if _PLAIN.match(value) and yaml.safe_load(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)


def format_rule_file(data: dict[str, Any], notes: Sequence[str] = (), schema: str = "") -> str:
    """Write a rule file's ``data`` as YAML, with the schema line first and ``notes`` as comments.

    >>> print(format_rule_file({"pack": "x", "rules": [{"id": "a", "pattern": "^A\\\\d$", "examples": [{"in": "A1", "out": ""}]}]}, schema="s.json"))
    # yaml-language-server: $schema=s.json
    pack: x
    rules:
      - id: a
        pattern: '^A\\d$'
        examples:
          - in: "A1"
            out: ""
    <BLANKLINE>
    """
    lines = [f"# yaml-language-server: $schema={schema or SCHEMA}"] + [f"# {note}" for note in notes]
    for key, value in data.items():
        if key == "rules":
            lines.append("rules:" if value else "rules: []")
            for rule in value:
                for i, (rule_key, rule_value) in enumerate(rule.items()):
                    lead = "  - " if i == 0 else "    "
                    if rule_key == "examples" and isinstance(rule_value, list):
                        lines.append(f"{lead}examples:")
                        for example in rule_value:
                            for j, (ex_key, ex_value) in enumerate(example.items()):
                                lines.append(f"{'      - ' if j == 0 else '        '}{ex_key}: {_scalar(ex_value)}")
                    elif isinstance(rule_value, list):
                        lines.append(f"{lead}{rule_key}: [{', '.join(_scalar(v) for v in rule_value)}]")
                    else:
                        lines.append(f"{lead}{rule_key}: {_scalar(rule_value, rule_key)}")
        elif isinstance(value, list):
            if value:
                lines.append(f"{key}: [{', '.join(_scalar(v) for v in value)}]")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def rule_file_target(output: str | Path, site: str) -> Path:
    """Where ``-o OUTPUT`` puts the site's file: OUTPUT itself when it names a ``.yaml``/``.yml``
    file, else ``SITE.yaml`` in the directory OUTPUT.

    >>> str(rule_file_target("rules", "a.example")), str(rule_file_target("x/b.yaml", "a.example"))
    ('rules/a.example.yaml', 'x/b.yaml')
    """
    path = Path(output)
    return path if path.suffix in (".yaml", ".yml") else path / f"{site}.yaml"


def write_rule_file(data: dict[str, Any], notes: Sequence[str], target: Path, *, force: bool = False) -> int:
    """Write the rule file ``data`` with ``notes`` to ``target`` (refusing to replace a file unless
    ``force``), after checking that it loads and its examples pass; return its number of rules."""
    if target.exists() and not force:
        raise FileExistsError(17, "already exists (use --force to replace it)", str(target))
    schema = os.path.relpath(SCHEMA, target.parent.resolve())
    text = format_rule_file(data, notes, schema)
    loaded = load_rule_file(str(target), text)
    problems = check_rules(loaded.rules)
    if problems:
        raise RuleError(problems)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return len(loaded.rules)
