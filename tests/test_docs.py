"""The examples in docs/rules.md run as written.

In the doc, every ```` ```yaml ```` block is a rule file: it must load and its own examples must
pass (a ```` ```yaml vocabulary ```` block is a vocabulary file, its lists usable by every rule
file of the doc). A ```` ```text in ```` block (optionally ``url=...``) followed by a ```` ```text out ````
block is a page and its expected clean text, cleaned with the rule files shown so far in the same
``##`` section (each one a layer over the ones before), without the shipped rules and without
heuristics (unless its info string says ``heuristics``), so that each example shows one feature
alone. A ```` ```json meta ```` block after an
``out`` block lists metadata the page must give.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import regex
from conftest import ROOT, RULES

from cleaner import Cleaner, Settings
from cleaner.heuristics.examples import check_heuristics_examples
from cleaner.rules.examples import check_rules
from cleaner.rules.ruleset import load_rule_file
from cleaner.rules.vocabulary import load_vocabulary_file, merge

DOC = ROOT / "docs" / "rules.md"
_FENCE = regex.compile(r"^```([^\n]*)\n(.*?)^```[ \t]*$", regex.MULTILINE | regex.DOTALL)
_SECTION = regex.compile(r"^## ", regex.MULTILINE)


@dataclass
class Case:
    section: str
    line: int
    rule_files: list[tuple[str, str]]
    page: str
    url: str | None
    expected: str
    meta: dict[str, str] = field(default_factory=dict)
    heuristics: bool = False


def _blocks(text: str) -> list[tuple[int, str, str]]:
    """(line, info string, body) of every fenced block."""
    return [(text.count("\n", 0, m.start()) + 1, m.group(1).strip(), m.group(2)) for m in _FENCE.finditer(text)]


def parse_doc(text: str) -> tuple[list[tuple[int, str, str]], list[Case]]:
    """Every rule or vocabulary file (line, kind, YAML) and every in/out case of the doc."""
    files: list[tuple[int, str, str]] = []
    cases: list[Case] = []
    starts = [m.start() for m in _SECTION.finditer(text)] + [len(text)]
    for start, end in zip([0, *starts[:-1]], starts):
        section = text[start:end]
        title = section.split("\n", 1)[0].lstrip("# ")
        offset = text.count("\n", 0, start)
        layers: list[tuple[str, str]] = []
        for line, info, body in _blocks(section):
            words = info.split()
            if words[:1] == ["yaml"]:
                kind = "vocabulary" if words[1:2] == ["vocabulary"] else "rules"
                files.append((line + offset, kind, body))
                layers.append((kind, body))
            elif words[:2] == ["text", "in"]:
                url = next((w[4:] for w in words[2:] if w.startswith("url=")), None)
                cases.append(Case(title, line + offset, list(layers), body, url, "", heuristics="heuristics" in words))
            elif words[:2] == ["text", "out"]:
                cases[-1].expected = body.rstrip("\n")
            elif words[:2] == ["json", "meta"]:
                cases[-1].meta = json.loads(body)
    return files, cases


FILES, CASES = parse_doc(DOC.read_text(encoding="utf-8"))


def test_the_doc_has_examples() -> None:
    assert len(FILES) >= 15 and len(CASES) >= 15
    assert all(case.expected or case.page.strip() == "" for case in CASES)


# The shipped lists and those of the doc's vocabulary files: what the doc's rule files may use.
VOCABULARY = merge([*(load_vocabulary_file(path) for path in sorted((RULES / "vocabulary").glob("*.yaml"))),
                    *(load_vocabulary_file(f"docs/rules.md:{line}", body) for line, kind, body in FILES
                      if kind == "vocabulary")])


@pytest.mark.parametrize("line, kind, body", FILES, ids=[f"rules.md:{line}" for line, _, _ in FILES])
def test_rule_file_in_the_doc_loads_and_its_examples_pass(line: int, kind: str, body: str, tmp_path: Path) -> None:
    if kind == "vocabulary":
        assert load_vocabulary_file(f"docs/rules.md:{line}", body).lists
        return
    rule_file = load_rule_file(f"docs/rules.md:{line}", body, VOCABULARY)
    assert [str(p) for p in check_rules(rule_file.rules) + check_heuristics_examples(rule_file)] == []


@pytest.mark.parametrize("case", CASES, ids=[f"rules.md:{c.line}" for c in CASES])
def test_page_example_in_the_doc(case: Case, tmp_path: Path) -> None:
    layers = []
    for i, (kind, body) in enumerate(case.rule_files):
        layer = tmp_path / f"layer{i}"
        path = layer / "vocabulary" / "words.yaml" if kind == "vocabulary" else layer / "rules.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(body, encoding="utf-8")
        layers.append(layer)
    cleaner = Cleaner(rules=layers, defaults=False, settings=Settings(heuristics=case.heuristics))
    result = cleaner.clean(case.page, url=case.url)
    assert result.text == case.expected
    metadata = result.metadata.to_dict()
    assert {key: metadata[key] for key in case.meta} == case.meta
