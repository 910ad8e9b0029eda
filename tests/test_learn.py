"""cleaner learn: rule files learned from repeated blocks pass their own check and raise F1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import CORPUS

from cleaner.tools.cli import main
from cleaner.tools.evaluate import evaluate

HEADER = ["Harbour Gazette", "Home | News | Sport | Weather", "Today's paper"]
FOOTER = ["More from the Gazette",
          "The Harbour Gazette has been owned by its readers and printed in Dover since 1901, and it "
          "relies on the support of readers like you to keep reporting from the coast.",
          "Contact us | Advertise"]
STORIES = [
    ["The ferry company said the new timetable would start in May, after a long dispute with the unions.",
     "Passengers who spoke to the paper on the quay said they welcomed the extra sailings in the summer."],
    ["Fishermen landed a record catch of sole on Tuesday, the harbour master reported to the council.",
     "Prices at the fish market fell by a third as buyers from three counties arrived before dawn."],
    ["The council will repaint the lighthouse this summer, at a cost of forty thousand pounds in total.",
     "Volunteers from the keepers' society offered to guide visitors while the scaffolding is up."],
    ["A storm closed the marina for two days, and the lifeboat crew rescued four people from a yacht.",
     "The coastguard urged sailors to check the forecast before leaving the shelter of the breakwater."],
]


# Long enough for the heuristics to keep each body paragraph on its own, between dropped furniture.
MORE = " Several residents said they had followed the matter closely for years and would attend the next meeting."
STORIES = [[line + MORE for line in story] for story in STORIES]


def _site(tmp: Path) -> Path:
    """Four pages of one site as a dev directory (ID.md beside ID.gold.txt), and as JSONL."""
    pages = tmp / "pages"
    pages.mkdir()
    with open(pages / "manifest.jsonl", "w", encoding="utf-8") as manifest, \
            open(tmp / "pages.jsonl", "w", encoding="utf-8") as records:
        for n, story in enumerate(STORIES):
            url = f"https://www.gazette.example/news/{n}"
            text = "\n\n".join([*HEADER, f"# Headline number {n}", story[0], "Continue reading below", story[1], *FOOTER])
            (pages / f"p{n}.md").write_text(text, encoding="utf-8")
            (pages / f"p{n}.gold.txt").write_text("\n\n".join(story), encoding="utf-8")
            manifest.write(json.dumps({"id": f"p{n}", "dataset": "gazette", "url": url}) + "\n")
            records.write(json.dumps({"text": text, "url": url}) + "\n")
        records.write(json.dumps({"text": "Another site entirely.", "url": "https://other.example/"}) + "\n")
    return tmp


def test_learned_rules_pass_their_check_and_raise_f1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _site(tmp_path)
    target = tmp_path / "rules" / "gazette.example.yaml"
    assert main(["learn", str(site / "pages.jsonl"), "--site", "gazette.example", "-o", str(target)]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {target}: 3 rules: learned-header (1), learned-footer (1), "
                                                 "learned-lines-3-words (1)\n")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    data = yaml.safe_load(text)
    assert (data["site"], data["hosts"]) == ("gazette.example", ["gazette.example", "*.gazette.example"])
    rules = {rule["id"]: rule for rule in data["rules"]}
    assert rules["learned-header"]["phrases"] == ["Today's paper"]
    assert rules["learned-header"]["action"] == "cut-before"
    assert rules["learned-footer"]["phrases"] == ["More from the Gazette"]
    assert rules["learned-footer"]["action"] == "cut-after"
    drops = [p for rule in data["rules"] if rule["action"] == "drop" for p in rule["phrases"]]
    assert drops == ["Continue reading below"]  # the lines above the header and below the footer go with the cuts
    for rule in data["rules"]:
        assert "in" in rule["examples"][0] and "unchanged" in rule["examples"][1]
        assert rule["examples"][1]["unchanged"] in {line for story in STORIES for line in story}
    assert main(["rules", "check", str(target.parent)]) == 0
    before = evaluate(site / "pages").overall.f1
    after = evaluate(site / "pages", rules=[str(target.parent)]).overall.f1
    assert after > before


def test_learn_from_a_corpus_site_directory(tmp_path: Path) -> None:
    target = tmp_path / "northgatewire.example.yaml"
    assert main(["learn", str(CORPUS / "newswire"), "--site", "northgatewire.example", "-o", str(target)]) == 0
    assert main(["rules", "check", str(target)]) == 0
    rows = [json.loads(line) for line in (CORPUS / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "manifest.jsonl").write_text("".join(
        json.dumps({"path": str(CORPUS / r["path"]), "url": r["url"]}) + "\n"
        for r in rows if r["path"].startswith("newswire/")), encoding="utf-8")
    before = evaluate(tmp_path / "eval").overall.f1
    assert evaluate(tmp_path / "eval", rules=[str(target)]).overall.f1 >= before


def test_learn_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _site(tmp_path)
    out = str(tmp_path / "x.yaml")
    assert main(["learn", str(site / "pages.jsonl"), "--site", "Gazette Example", "-o", out]) == 3
    assert "error: --site must be a lowercase host such as example.com, not 'Gazette Example'" in capsys.readouterr().err
    assert main(["learn", str(site / "pages.jsonl"), "--site", "other.example", "-o", out]) == 3
    assert "error: need at least 3 pages of other.example to learn from, got 1" in capsys.readouterr().err
    (tmp_path / "bad.jsonl").write_text('{"text": "a", "url": "https://gazette.example/"}\n[1]\n', encoding="utf-8")
    assert main(["learn", str(tmp_path / "bad.jsonl"), "--site", "gazette.example", "-o", out]) == 3
    assert "bad.jsonl:2: a record needs 'text' (a string) and 'url'" in capsys.readouterr().err
    assert not Path(out).exists()
