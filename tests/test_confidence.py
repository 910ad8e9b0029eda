"""Heuristic decisions carry a score; Settings(favor=...) and --favor shift what is kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import Cleaner, Settings
from cleaner.heuristics import confidence
from cleaner.heuristics.confidence import body_score
from cleaner.heuristics.firstpass import measure
from cleaner.text.blocks import segment
from cleaner.tools.cli import main

BODY = ("The council met on Monday evening and voted to build the new bridge over the river, after a long "
        "debate that lasted until midnight and left most of the members tired but, in the end, agreed on the "
        "plan that the engineers had put to them in the spring.")
BLURB = ("The Riverside Courier is an independent newspaper that has been serving the people of the valley "
         "for over a hundred years, with news about the council, the schools, the clubs and the churches, "
         "and every event that matters to the people who live here.")
# Prose, but a list of names with few stopwords, ending no sentence.
LIST = ("Bridge plans, budgets, council minutes, engineer reports, mayor notes and river board papers "
        "from the valley, school club news and shop notices for every reader in the town")
PAGE = ("Home | News | Sport | Weather\n\n# Bridge vote\n\n*The council says yes to the crossing.*\n\n" + BODY
        + "\n\n" + BODY.replace("council", "board") + "\n\n" + LIST + "\n\nShare | Tweet | Email | Print\n\n"
        "## Related\n\n[Bridge plans](/a)\n[Council meetings](/b)\n[Traffic news](/c)\n[Weather](/d)\n\n" + BLURB)


def _kept(favor: str) -> list[tuple[str, bool, float | None]]:
    cleaner = Cleaner(settings=Settings(generic_rules=False, site_rules=False, favor=favor))  # type: ignore[arg-type]
    return [(d.reason.name, d.kept, d.score) for d in cleaner.clean(PAGE).decisions]


def test_every_heuristic_decision_has_a_score_and_balanced_keeps_what_scores_half() -> None:
    decisions = _kept("balanced")
    assert decisions == [
        ("menu-line", False, 0.05), ("title", True, 0.8),
        # An italic standfirst next to the main run: the least sure of the furniture signs.
        ("emphasis", False, 0.45),
        ("stopwords", True, 0.95), ("stopwords", True, 0.95),
        # Near-good with one good neighbour, 0.75, less 0.15 for ending no sentence.
        ("neighbours", True, 0.6),
        ("menu-line", False, 0.05), ("furniture-word", False, 0.05), *[("link-line", False, 0.05)] * 4,
        ("stopwords", True, 0.95)]
    assert all((score is not None and score >= 0.5) == kept for _, kept, score in decisions)


def test_precision_drops_what_is_only_just_body_and_recall_keeps_what_is_only_just_furniture() -> None:
    balanced = [kept for _, kept, _ in _kept("balanced")]
    # The unended list of names goes; the standfirst comes back.
    assert [kept for _, kept, _ in _kept("precision")] == balanced[:5] + [False] + balanced[6:]
    assert [kept for _, kept, _ in _kept("recall")] == balanced[:2] + [True] + balanced[3:]


def test_body_score_reads_the_measures() -> None:
    items = measure(segment(PAGE))
    run = (3, 13)
    assert body_score("stopwords", True, items[4], 4, run) == 0.95
    assert body_score("neighbours", True, items[5], 5, run) == 0.5  # near-good, no good neighbour, unended: the floor
    items[5].support = 1
    assert body_score("neighbours", True, items[5], 5, run) == 0.6  # one good neighbour: 0.75 less 0.15
    assert body_score("neighbours", False, items[0], 0, (8, 13)) == 0.1  # short, no good neighbour, far away
    assert body_score("neighbours", False, items[0], 8, run) == 0.4  # ... inside the main run
    assert body_score("main-run", False, items[12], 14, run) == 0.4  # good text just after the run
    assert body_score("main-run", False, items[12], 20, run) == 0.3
    assert body_score("link-line", False, items[8], 8, run) == 0.05  # furniture, wherever it is
    # A page judged whole keeps its score, whatever its measures.
    assert body_score("clean-page", True, items[5], 5, None) == 0.8


def test_scores_are_rounded_as_round_does_with_a_bounded_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confidence, "_ROUNDED", {})
    monkeypatch.setattr(confidence, "MEMO_SCORES", 3)
    values = [0.845, 0.675, 0.125, 1 / 3, 0.845, 0.6749999999999999, 0.125, 0.5]
    assert [confidence._rounded(v) for v in values] == [0.84, 0.68, 0.12, 0.33, 0.84, 0.67, 0.12, 0.5]
    assert [confidence._rounded(v) for v in values] == [round(v, 2) for v in values]
    assert len(confidence._ROUNDED) <= 3


def test_a_favor_never_empties_what_the_labels_keep() -> None:
    # Two unended lists of names, thin on stopwords (0.23): a prose run, 0.85, less 0.1 and 0.15.
    thin = ("Bridge plans and budgets, council minutes, engineer reports, mayor notes, river board papers, school club "
            "news, shop notices and church rotas for all of the town")
    page = "Home | News | Sport | Weather\n\nShare | Tweet | Email | Print\n\n" + thin + "\n\n" + thin.replace("town", "city")
    cleaner = Cleaner(settings=Settings(generic_rules=False, site_rules=False, favor="precision"))
    assert [(d.reason.name, d.kept, d.score) for d in cleaner.clean(page).decisions] == [
        ("menu-line", False, 0.05), ("menu-line", False, 0.05), ("prose-run", True, 0.6), ("prose-run", True, 0.6)]


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
    assert "near-good between good and bad (score 0.60) | Bridge plans, budgets" in capsys.readouterr().err
    assert main(["clean", str(page), "--favor", "precision", "--format", "json"]) == 0
    decisions = json.loads(capsys.readouterr().out)["decisions"]
    assert [(d["kept"], d["score"]) for d in decisions][:7] == [
        (False, None), (True, 0.8), (False, 0.45), (True, 0.95), (True, 0.95), (False, 0.6), (False, None)]


def test_explain_shows_the_score_in_the_terminal_and_in_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["explain", str(page), "--favor", "recall", "--colour", "never"]) == 0
    assert "[2] line 5 paragraph  keep  heuristic:emphasis  set in italics or bold, 7 words <= 12  score 0.45" in (
        capsys.readouterr().out)
    assert main(["explain", str(page), "--html", str(tmp_path / "page.html")]) == 0
    report = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert 'data-reason="heuristic:emphasis" data-score="0.45"' in report
    assert '<span class="score" title="how sure the heuristics are that this is body">score 0.45</span>' in report


def test_eval_runs_with_a_favor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "manifest.jsonl").write_text('{"id": "a", "url": "https://a.example/1"}\n', encoding="utf-8")
    (tmp_path / "a.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a.gold.txt").write_text("Bridge vote\n\n" + BODY, encoding="utf-8")
    assert main(["eval", str(tmp_path), "--favor", "precision"]) == 0
    assert capsys.readouterr().out.startswith("input md-precision, data sha256 ")


def test_batch_cleans_with_the_favor(tmp_path: Path) -> None:
    source = tmp_path / "pages.jsonl"
    source.write_text(json.dumps({"id": "a", "text": PAGE}) + "\n", encoding="utf-8")
    texts = {}
    for favor in ("balanced", "recall"):
        out = tmp_path / f"{favor}.jsonl"
        assert main(["batch", str(source), str(out), "--quiet", "--favor", favor]) == 0
        texts[favor] = json.loads(out.read_text(encoding="utf-8"))["clean_text"]
    # Recall keeps the italic standfirst under the headline; balanced drops it.
    assert "The council says yes to the crossing." in texts["recall"]
    assert "The council says yes to the crossing." not in texts["balanced"]
