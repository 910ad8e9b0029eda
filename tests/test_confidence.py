"""Heuristic decisions carry a score; Settings(favor=...) and --favor shift what is kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import Cleaner, Settings
from cleaner.tools.cli import main

BODY = ("The council met on Monday evening and voted to build the new bridge over the river, after a long "
        "debate that lasted until midnight and left most of the members tired but, in the end, agreed on the "
        "plan that the engineers had put to them in the spring.")
BLURB = ("The Riverside Courier is an independent newspaper that has been serving the people of the valley "
         "for over a hundred years, with news about the council, the schools, the clubs and the churches, "
         "and every event that matters to the people who live here.")
PAGE = ("Home | News | Sport | Weather\n\n# Bridge vote\n\n" + BODY + "\n\nThe vote was close, and the mayor smiled."
        "\n\nShare | Tweet | Email | Print\n\n## Related\n\n[Bridge plans](/a)\n[Council meetings](/b)\n"
        "[Traffic news](/c)\n[Weather](/d)\n[Schools](/e)\n\n" + BLURB)


def _kept(favor: str) -> list[tuple[str, bool, float | None]]:
    cleaner = Cleaner(settings=Settings(generic_rules=False, site_rules=False, favor=favor))  # type: ignore[arg-type]
    return [(d.reason.name, d.kept, d.score) for d in cleaner.clean(PAGE).decisions]


def test_every_heuristic_decision_has_a_score_and_balanced_keeps_what_scores_half() -> None:
    decisions = _kept("balanced")
    assert decisions == [
        ("menu-line", False, 0.05), ("neighbours", True, 0.6), ("stopwords", True, 0.9), ("neighbours", True, 0.55),
        ("menu-line", False, 0.05), ("furniture-word", False, 0.05), *[("link-line", False, 0.05)] * 5,
        ("main-run", False, 0.4)]
    assert all((score is not None and score >= 0.5) == kept for _, kept, score in decisions)


def test_precision_drops_what_is_only_just_body_and_recall_keeps_what_is_only_just_furniture() -> None:
    balanced = [kept for _, kept, _ in _kept("balanced")]
    # The short line kept by one good neighbour goes; the blurb outside the main run comes back.
    assert [kept for _, kept, _ in _kept("precision")] == balanced[:3] + [False] + balanced[4:]
    assert [kept for _, kept, _ in _kept("recall")] == balanced[:-1] + [True]


def test_a_rule_decision_has_no_score() -> None:
    decision = Cleaner().clean("Share this article\n\nThe vote was close, said the clerk.").decisions[0]
    assert (str(decision.reason), decision.score) == ("rule:share/share-prompt", None)


def test_an_unknown_favor_is_an_error() -> None:
    with pytest.raises(ValueError, match="favor must be one of balanced, precision, recall, not 'both'"):
        Settings(favor="both")  # type: ignore[arg-type]


def test_explain_and_json_show_the_score(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["clean", str(page), "--explain"]) == 0
    assert "short between good and bad (score 0.55) | The vote was close" in capsys.readouterr().err
    assert main(["clean", str(page), "--favor", "precision", "--format", "json"]) == 0
    decisions = json.loads(capsys.readouterr().out)["decisions"]
    assert [(d["kept"], d["score"]) for d in decisions][:4] == [(False, None), (True, 0.6), (True, 0.9), (False, 0.55)]


def test_eval_runs_with_a_favor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "manifest.jsonl").write_text('{"id": "a", "url": "https://a.example/1"}\n', encoding="utf-8")
    (tmp_path / "a.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a.gold.txt").write_text("Bridge vote\n\n" + BODY, encoding="utf-8")
    assert main(["eval", str(tmp_path), "--favor", "precision"]) == 0
    assert capsys.readouterr().out.startswith("input md-precision, data sha256 ")
