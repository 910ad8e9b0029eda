"""The examples in docs/rules.md run as written.

In the doc, every ```` ```yaml ```` block is a rule file: it must load and its own examples must
pass. A ```` ```text in ```` block (optionally ``url=...``) followed by a ```` ```text out ````
block is a page and its expected clean text, cleaned with the rule files shown so far in the same
``##`` section (each one a layer over the ones before), without the shipped rules and without
heuristics, so that each example shows one feature alone. A ```` ```json meta ```` block after an
``out`` block lists metadata the page must give.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import regex
from conftest import ROOT

from cleaner import Cleaner, Settings
from cleaner.rules.examples import check_rules
from cleaner.rules.ruleset import load_rule_file

DOC = ROOT / "docs" / "rules.md"
_FENCE = regex.compile(r"^```([^\n]*)\n(.*?)^```[ \t]*$", regex.MULTILINE | regex.DOTALL)
_SECTION = regex.compile(r"^## ", regex.MULTILINE)


@dataclass
class Case:
    section: str
    line: int
    rule_files: list[str]
    page: str
    url: str | None
    expected: str
    meta: dict[str, str] = field(default_factory=dict)


def _blocks(text: str) -> list[tuple[int, str, str]]:
    """(line, info string, body) of every fenced block."""
    return [(text.count("\n", 0, m.start()) + 1, m.group(1).strip(), m.group(2)) for m in _FENCE.finditer(text)]


def parse_doc(text: str) -> tuple[list[tuple[int, str]], list[Case]]:
    """Every rule file (line, YAML) and every in/out case of the doc."""
    files: list[tuple[int, str]] = []
    cases: list[Case] = []
    starts = [m.start() for m in _SECTION.finditer(text)] + [len(text)]
    for start, end in zip([0, *starts[:-1]], starts):
        section = text[start:end]
        title = section.split("\n", 1)[0].lstrip("# ")
        offset = text.count("\n", 0, start)
        layers: list[str] = []
        for line, info, body in _blocks(section):
            words = info.split()
            if words[:1] == ["yaml"]:
                files.append((line + offset, body))
                layers.append(body)
            elif words[:2] == ["text", "in"]:
                url = next((w[4:] for w in words[2:] if w.startswith("url=")), None)
                cases.append(Case(title, line + offset, list(layers), body, url, ""))
            elif words[:2] == ["text", "out"]:
                cases[-1].expected = body.rstrip("\n")
            elif words[:2] == ["json", "meta"]:
                cases[-1].meta = json.loads(body)
    return files, cases


FILES, CASES = parse_doc(DOC.read_text(encoding="utf-8"))


def test_the_doc_has_examples() -> None:
    assert len(FILES) >= 15 and len(CASES) >= 15
    assert all(case.expected or case.page.strip() == "" for case in CASES)


@pytest.mark.parametrize("line, body", FILES, ids=[f"rules.md:{line}" for line, _ in FILES])
def test_rule_file_in_the_doc_loads_and_its_examples_pass(line: int, body: str, tmp_path: Path) -> None:
    rule_file = load_rule_file(f"docs/rules.md:{line}", body)
    assert [str(p) for p in check_rules(rule_file.rules)] == []


@pytest.mark.parametrize("case", CASES, ids=[f"rules.md:{c.line}" for c in CASES])
def test_page_example_in_the_doc(case: Case, tmp_path: Path) -> None:
    layers = []
    for i, body in enumerate(case.rule_files):
        layer = tmp_path / f"layer{i}"
        layer.mkdir()
        (layer / "rules.yaml").write_text(body, encoding="utf-8")
        layers.append(layer)
    cleaner = Cleaner(rules=layers, defaults=False, settings=Settings(heuristics=False))
    result = cleaner.clean(case.page, url=case.url)
    assert result.text == case.expected
    metadata = result.metadata.to_dict()
    assert {key: metadata[key] for key in case.meta} == case.meta
