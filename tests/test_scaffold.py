"""`cleaner rules new` and `cleaner rules test`, and the JSON Schema that rule files point at."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import regex
import yaml

from cleaner import Cleaner
from cleaner.tools.cli import main
from cleaner.rules.ruleset import ACTIONS, EXAMPLE_KEYS, FIELDS, FILE_KEYS, RULE_KEYS, SCOPES, WHERES, load_rule_file
from cleaner.rules.thresholds import DEFAULT, NAMES
from cleaner.rules.vocabulary import LIST_KEYS, MATCHES, VOCABULARY_KEYS, is_vocabulary_path
from cleaner.tools.writer import format_rule_file
from conftest import CORPUS, RULES

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "cleaner" / "schema" / "rules.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VOCABULARY_SCHEMA_PATH = SCHEMA_PATH.with_name("vocabulary.schema.json")
VOCABULARY_SCHEMA = json.loads(VOCABULARY_SCHEMA_PATH.read_text(encoding="utf-8"))
BODY = ("The {topic} committee met on Tuesday evening in the old library, where members argued for two hours "
        "about the budget, the rota for the coming winter and whether the hall roof can wait another year.")
SECOND = "Nobody expected the vote on the {topic} plan to be close, but the chair needed her casting vote in the end."


def sample_pages(tmp_path: Path) -> list[Path]:
    pages = []
    for topic in ("harbour", "orchard", "library"):
        page = tmp_path / f"{topic}.md"
        page.write_text(f"Quiet Hours Daily: the town paper\n\n{BODY.format(topic=topic)}\n\n"
                        f"{SECOND.format(topic=topic)}\n\nTip line: call Ruth on 555 0100 after six\n",
                        encoding="utf-8")
        pages.append(page)
    return pages


def test_rules_new_writes_a_file_that_passes_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = sample_pages(tmp_path)
    out = tmp_path / "rules"
    assert main(["rules", "new", "https://www.quiethours.example/a/1", "--from", *map(str, pages), "-o", str(out)]) == 0
    written = out / "quiethours.example.yaml"
    assert capsys.readouterr().out.startswith(f"wrote {written}: ")
    text = written.read_text(encoding="utf-8")
    schema_line = text.split("\n", 1)[0]
    assert schema_line.startswith("# yaml-language-server: $schema=")
    assert (out / schema_line.split("=", 1)[1]).resolve() == SCHEMA_PATH
    data = yaml.safe_load(text)
    assert data["site"] == "quiethours.example"
    assert data["hosts"] == ["quiethours.example", "*.quiethours.example"]
    assert data["detect"] == ["Quiet Hours Daily: the town paper"]
    assert data["rules"] and all(rule["examples"] for rule in data["rules"])
    assert main(["rules", "check", str(out)]) == 0
    assert capsys.readouterr().out.endswith(" 0 failed\n")
    # the repeated tip line is now dropped by a rule of the new file, picked by its signature alone
    result = Cleaner(rules=[out]).clean(pages[0].read_bytes())
    assert result.metadata.site == "quiethours.example"
    tip = next(d for d in result.decisions if d.text.startswith("Tip line"))
    assert not tip.kept and tip.reason.startswith("rule:quiethours.example/")
    assert BODY.format(topic="harbour") in result.text


def test_rules_new_generalizes_numbers_in_repeated_lines(tmp_path: Path) -> None:
    out = tmp_path / "quiet.yaml"
    assert main(["rules", "new", "quiethours.example", "--from", *map(str, sample_pages(tmp_path)), "-o", str(out)]) == 0
    rules = yaml.safe_load(out.read_text(encoding="utf-8"))["rules"]
    assert [(r["id"], r["action"], r["pattern"]) for r in rules] == [
        ("footer", "cut-after", r"^Tip line: call Ruth on \d+ \d+ after six$"),
        ("lines-before-body", "drop", "^(?:Quiet Hours Daily: the town paper)$")]
    assert rules[0]["examples"] == [
        {"in": f"{SECOND.format(topic='harbour')}\n\nTip line: call Ruth on 555 0100 after six",
         "out": SECOND.format(topic="harbour")},
        {"unchanged": SECOND.format(topic="library")}]


def test_rules_new_on_a_line_that_reads_like_a_list_reference(tmp_path: Path) -> None:
    # A page's own text "\\L<share-verbs>", escaped into the pattern as a backslash and the text
    # "L<share-verbs>", was read as a reference to that phrase list: the written file failed to
    # load and `rules new` gave up with "unknown phrase list 'share\\-verbs'".
    pages = []
    for topic in ("harbour", "orchard", "library"):
        page = tmp_path / f"{topic}.md"
        page.write_text(f"{BODY.format(topic=topic)}\n\n{SECOND.format(topic=topic)}\n\n"
                        "Type \\L<share-verbs> to quote a list\n", encoding="utf-8")
        pages.append(page)
    out = tmp_path / "quiet.yaml"
    assert main(["rules", "new", "quiethours.example", "--from", *map(str, pages), "-o", str(out)]) == 0
    rules = yaml.safe_load(out.read_text(encoding="utf-8"))["rules"]
    assert [(r["id"], r["pattern"]) for r in rules] == [
        ("footer", r"^Type \\L<share\-verbs> to quote a list$")]
    result = Cleaner(rules=[out]).clean(pages[0].read_text(encoding="utf-8"), site="quiethours.example")
    assert result.text == f"{BODY.format(topic='harbour')}\n\n{SECOND.format(topic='harbour')}"


def test_rules_new_on_corpus_pages_passes_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = sorted(str(p) for p in (CORPUS / "magazine").glob("*.md"))
    assert main(["rules", "new", "longtable-review.example", "--from", *pages, "-o", str(tmp_path)]) == 0
    assert main(["rules", "check", str(tmp_path / "longtable-review.example.yaml")]) == 0
    assert "0 failed" in capsys.readouterr().out


def test_rules_new_single_page_starts_the_file_without_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = sample_pages(tmp_path)[0]
    assert main(["rules", "new", "quiethours.example", "--from", str(page), "-o", str(tmp_path)]) == 0
    target = tmp_path / "quiethours.example.yaml"
    assert capsys.readouterr().out == (f"wrote {target}: 0 proposed rules; check it with: cleaner rules check {target}\n"
                                       "note: No rules proposed: 3 or more pages are needed, 1 given.\n")
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert (data["detect"], data["rules"]) == (["Quiet Hours Daily: the town paper"], [])


def test_rules_new_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = sample_pages(tmp_path)[0]
    assert main(["rules", "new", "quiethours.example", "--from", str(page), "-o", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["rules", "new", "quiethours.example", "--from", str(page), "-o", str(tmp_path)]) == 3
    assert capsys.readouterr().err == (
        f"error: {tmp_path / 'quiethours.example.yaml'}: already exists (use --force to replace it)\n")
    assert main(["rules", "new", "Not A Host!", "--from", str(page), "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "error: Not A Host!: not a host name (expected something like example.com)\n"
    assert main(["rules", "new", "quiethours.example", "--from", str(tmp_path / "none.md")]) == 3


RULE_FILE = """site: zoo.example
hosts: [zoo.example]
rules:
  - id: zebra
    description: Zebra line.
    action: drop
    pattern: '^Zebra crossing$'
    examples: [{in: "Zebra crossing", out: ""}]
  - id: yak
    description: Yak line.
    action: drop
    pattern: '^Yak$'
    examples: [{in: "Yak", out: "Yak"}]
"""


def test_rules_test_reports_fired_never_and_failing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "zoo.yaml"
    rules.write_text(RULE_FILE, encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("Zebra crossing\n\nThe keepers counted the animals twice this spring.\n", encoding="utf-8")
    assert main(["rules", "test", str(rules), "--page", str(page), "--url", "https://zoo.example/x"]) == 1
    assert capsys.readouterr().out == (
        f"page: {page}\n"
        "site file: zoo.example (url)\n"
        "fired (1 rules):\n"
        "  zoo.example/zebra  1 block\n"
        f"never fired (1 of the rules in {rules}):\n"
        "  zoo.example/yak\n"
        "examples: 2 run, 1 failed\n"
        f"  {rules}:13: rule 'yak': example gives '', expected 'Yak'\n"
    )
    assert main(["rules", "test", str(rules), "--page", str(page)]) == 1
    out = capsys.readouterr().out
    assert "site file: none (no site file picked)\n" in out
    assert "not in force on this page (2; pick the site with --url or --site):\n  zoo.example/zebra\n" in out


def test_rules_test_on_the_seed_passes(capsys: pytest.CaptureFixture[str]) -> None:
    seed_rules = RULES / "sites" / "globalresearch.ca.yaml"
    assert main(["rules", "test", str(seed_rules), "--page", str(CORPUS / "globalresearch" / "seed-airstrike-diplomacy.md")]) == 0
    out = capsys.readouterr().out
    assert "site file: globalresearch.ca (detect signature)\n" in out
    assert "  globalresearch.ca/note-to-readers   19 blocks\n" in out


def test_format_rule_file_round_trips() -> None:
    data = {"site": "a.example", "hosts": ["a.example", "*.a.example"], "detect": ['He said "hi" \\ bye'],
            "rules": [{"id": "x", "description": "It's: a test.", "action": "drop", "pattern": r"^It's \d+$",
                       "max_words": 3, "examples": [{"in": "It's 4\n\nBody.", "out": "Body."}, {"unchanged": "no"}]}]}
    text = format_rule_file(data, ["a note"], "s.json")
    assert text.startswith("# yaml-language-server: $schema=s.json\n# a note\n")
    assert yaml.safe_load(text) == data
    assert load_rule_file("x.yaml", text).rules[0].examples[0].expected == "Body."


# The schema -----------------------------------------------------------------------------------

def validate(value: Any, schema: dict[str, Any], where: str = "$", root: dict[str, Any] | None = None) -> list[str]:
    """The subset of JSON Schema that rules.schema.json and vocabulary.schema.json use; a list of
    what does not conform. ``root`` holds the ``$defs`` (default: ``schema`` itself)."""
    root = schema if root is None else root
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    errors = []
    kind = schema.get("type")
    types: dict[str, type | tuple[type, ...]] = {"object": dict, "array": list, "string": str, "integer": int,
                                                 "number": (int, float)}
    if kind and (not isinstance(value, types[kind]) or (kind in ("integer", "number") and isinstance(value, bool))):
        return [f"{where}: not a {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            errors.append(f"{where}: too short")
        if "pattern" in schema and not regex.search(schema["pattern"], value):
            errors.append(f"{where}: does not match {schema['pattern']}")
    if isinstance(value, (int, float)) and value < schema.get("minimum", value):
        errors.append(f"{where}: below minimum")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{where}: too few items")
        for i, item in enumerate(value):
            errors += validate(item, schema.get("items", {}), f"{where}[{i}]", root)
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key, item in value.items():
            if "propertyNames" in schema:
                errors += validate(key, schema["propertyNames"], f"{where}.{key}", root)
            if key in properties:
                errors += validate(item, properties[key], f"{where}.{key}", root)
            elif schema.get("additionalProperties") is False:
                errors.append(f"{where}: unknown key {key!r}")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += validate(item, schema["additionalProperties"], f"{where}.{key}", root)
        errors += [f"{where}: needs {key!r}" for key in schema.get("required", []) if key not in value]
        if "anyOf" in schema and all(validate(value, s, where, root) for s in schema["anyOf"]):
            errors.append(f"{where}: matches none of anyOf {schema['anyOf']}")
        if "oneOf" in schema:
            matching = [s for s in schema["oneOf"] if not validate(value, s, where, root)]
            if len(matching) != 1:
                errors.append(f"{where}: matches {len(matching)} of oneOf {schema['oneOf']}")
    return errors


SHIPPED = sorted(RULES.rglob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_shipped_rule_file_points_at_and_passes_the_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first = text.split("\n", 1)[0]
    assert first.startswith("# yaml-language-server: $schema="), f"{path}: first line must name the schema"
    schema_path, schema = (VOCABULARY_SCHEMA_PATH, VOCABULARY_SCHEMA) if is_vocabulary_path(path) else (SCHEMA_PATH, SCHEMA)
    assert (path.parent / first.split("=", 1)[1]).resolve() == schema_path
    assert validate(yaml.safe_load(text), schema) == []


def test_validator_catches_mistakes() -> None:
    bad = {"site": "a", "pack": "b", "rules": [{"id": "X", "action": "zap", "patern": "x", "examples": []}]}
    errors = validate(bad, SCHEMA)
    assert "$.rules[0]: unknown key 'patern'" in errors
    assert "$.rules[0].action: 'zap' not in ['drop', 'keep', 'cut-after', 'cut-before', 'strip', 'meta']" in errors
    assert "$.rules[0]: needs 'description'" in errors
    assert any(e.startswith("$: matches 2 of oneOf") for e in errors)


def test_schema_keys_match_the_loader() -> None:
    rule = SCHEMA["$defs"]["rule"]["properties"]
    assert sorted(SCHEMA["properties"]) == sorted(FILE_KEYS)
    assert sorted(rule) == sorted(RULE_KEYS)
    assert sorted(SCHEMA["$defs"]["example"]["properties"]) == sorted(EXAMPLE_KEYS)
    assert tuple(rule["action"]["enum"]) == ACTIONS
    assert tuple(rule["where"]["enum"]) == WHERES
    assert tuple(rule["scope"]["enum"]) == SCOPES
    assert tuple(rule["field"]["enum"]) == FIELDS
    assert tuple(rule["match"]["enum"]) == MATCHES
    assert sorted(VOCABULARY_SCHEMA["properties"]) == sorted(VOCABULARY_KEYS)
    assert sorted(VOCABULARY_SCHEMA["$defs"]["list"]["properties"]) == sorted(LIST_KEYS)
    heuristics = SCHEMA["$defs"]["heuristics"]["properties"]
    assert {name: (spec["type"], spec["default"]) for name, spec in heuristics.items() if name != "examples"} == {
        name: ("number" if kind is float else "integer", getattr(DEFAULT, name)) for name, kind in NAMES.items()}


def test_the_schema_checks_a_heuristics_section() -> None:
    site = {"site": "a.example", "heuristics": {"short_char": 60, "max_link_density": "high", "examples": [{"unchanged": "x"}]}}
    assert validate(site, SCHEMA) == ["$.heuristics: unknown key 'short_char'", "$.heuristics.max_link_density: not a number"]
    site["heuristics"] = {"short_chars": 60, "max_link_density": 0.9, "examples": [{"unchanged": "x"}]}
    assert validate(site, SCHEMA) == []


def test_the_vocabulary_schema_checks_a_vocabulary_file() -> None:
    good = {"vocabulary": "v", "lists": {"share-verbs": {"description": "Verbs.", "phrases": ["share"]}}}
    assert validate(good, VOCABULARY_SCHEMA) == []
    bad = {"vocabulary": "v", "lists": {"Share": {"description": "Verbs.", "phrase": ["share"]}}}
    assert validate(bad, VOCABULARY_SCHEMA) == ["$.lists.Share: does not match ^[a-z0-9][a-z0-9-]*$",
                                                "$.lists.Share: unknown key 'phrase'"]


def test_the_schema_checks_lists_and_match() -> None:
    rule = {"id": "x", "description": "X.", "action": "drop", "lists": ["share-verbs"], "match": "whole",
            "examples": [{"unchanged": "x"}]}
    assert validate({"pack": "p", "rules": [rule]}, SCHEMA) == []
    assert validate({"pack": "p", "rules": [{**rule, "match": "all"}]}, SCHEMA) == [
        "$.rules[0].match: 'all' not in ['whole', 'start', 'anywhere']"]
