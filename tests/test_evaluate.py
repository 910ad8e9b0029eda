"""The evaluation harness: the metric on hand-computed cases, the layouts, floors and the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import CORPUS, within
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.tools.cli import main
from cleaner.tools.evaluate import (
    EvalError,
    Page,
    check_floors,
    evaluate,
    load_pages,
    score_page,
)
from cleaner.tools.metric import page_counts, page_scores, strip_links, summarize

PAGE = Page("p", "d", "example.com", None, Path("p.md"), Path("p.gold.txt"))


def test_hand_computed_corpus() -> None:
    # Gold: 9 tokens, 6 shingles. Output: 7 tokens, 4 shingles, 2 of them in the gold.
    gold = "The quick brown fox jumps over the lazy dog."
    assert page_counts(gold, "The quick brown fox jumps. Share this") == (2, 2, 4)
    assert page_scores(2, 2, 4) == (0.5, 1 / 3, 0.4)
    scores = [score_page(PAGE, gold, "The quick brown fox jumps. Share this", 0.5),
              score_page(PAGE, "Short text", "", 0.25),      # empty output: P left out, R 0
              score_page(PAGE, "", "", 0.25)]                # empty gold and output: R left out, F1 1
    summary = summarize(scores, 2.0)
    assert (summary.precision, summary.recall, summary.empty, summary.docs_per_s) == (0.5, 1 / 6, 2, 1.5)
    assert summary.f1 == pytest.approx(0.25)
    assert summary.f1_doc == pytest.approx((0.4 + 0 + 1) / 3)


def test_short_texts_are_one_shingle() -> None:
    assert page_counts("Hello world", "hello world") == (0, 1, 1)
    assert page_counts("Hello world", "Hello, world!") == (1, 0, 0)


def test_links_images_and_urls_are_stripped_before_scoring() -> None:
    text = "![logo](/l.png)Read [the report](https://x.example/r \"t\") at <https://x.example/r> or www.x.example/r."
    assert strip_links(text) == "Read the report at  or ."
    scored = score_page(PAGE, "Read the report now", "Read [the report](https://x.example/r) now", 0.0)
    assert (scored.tp, scored.fp, scored.fn) == (1, 0, 0)


# The patterns as the dev baselines wrote them, whose runs of "[a" were quadratic.
BASELINE_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
BASELINE_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@settings(max_examples=500)
@given(st.text(alphabet="[]()!a \n", max_size=30))
def test_links_are_stripped_as_the_baselines_stripped_them(text: str) -> None:
    baseline = BASELINE_LINK.sub(r"\1", BASELINE_IMAGE.sub("", text))
    assert strip_links(text) == strip_links(baseline) == baseline


@pytest.mark.parametrize("text, stripped", [
    ("[a" * 200_000, "[a" * 200_000),
    ("![a" * 200_000, "![a" * 200_000),
    ("[a](b" * 200_000, "[a](b" * 200_000),
    ("[a](" * 200_000 + ")", "a"),
    ("[x] [a](b) ![c](d) [e](f" * 50_000, "[x] a  " + "e  " * 49_999 + "[e](f"),
], ids=["open-brackets", "open-images", "open-targets", "one-close", "mixed"])
def test_strip_links_is_linear_on_runs_of_brackets(text: str, stripped: str) -> None:
    # Each "[" scanned the rest of the text for its "]" or ")": these took minutes.
    assert within(60, lambda: strip_links(text)) == stripped


def _dev_dir(tmp: Path, pages: dict[str, tuple[str, str]]) -> Path:
    with open(tmp / "manifest.jsonl", "w", encoding="utf-8") as manifest:
        for name, (text, gold) in pages.items():
            manifest.write(json.dumps({"id": name, "dataset": "set", "url": f"https://a.example/{name}",
                                       "domain": "a.example"}) + "\n")
            (tmp / f"{name}.md").write_text(text, encoding="utf-8")
            (tmp / f"{name}.gold.txt").write_text(gold, encoding="utf-8")
    return tmp


def test_missing_manifest_and_bad_rows(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="no manifest.jsonl"):
        load_pages(tmp_path)
    (tmp_path / "manifest.jsonl").write_text('{"id": "a"}\n{oops\n', encoding="utf-8")
    with pytest.raises(EvalError, match=r"manifest.jsonl:2: not JSON"):
        load_pages(tmp_path)
    (tmp_path / "manifest.jsonl").write_text('{"url": "x"}\n', encoding="utf-8")
    with pytest.raises(EvalError, match=r"manifest.jsonl:1: a row needs 'id' \(dev layout\) or 'path'"):
        load_pages(tmp_path)


def test_corpus_layout() -> None:
    pages = load_pages(CORPUS, "txt")
    seed = pages[0]
    assert (seed.id, seed.dataset, seed.domain) == ("globalresearch/seed-airstrike-diplomacy", "globalresearch",
                                                    "globalresearch.ca")
    assert seed.path.suffix == ".md" and seed.gold.name == "seed-airstrike-diplomacy.expected.txt"


def _negatives(tmp: Path) -> Path:
    rows = [json.loads(line) for line in (CORPUS / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    with open(tmp / "manifest.jsonl", "w", encoding="utf-8") as manifest:
        for row in rows:
            if row["path"].startswith("negative/"):
                manifest.write(json.dumps({"path": str(CORPUS / row["path"]), "url": row["url"]}) + "\n")
    return tmp


def test_eval_scores_clean_articles_as_perfect(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = evaluate(_negatives(tmp_path))
    assert (report.overall.n, report.overall.f1, report.overall.empty) == (16, 1.0, 0)
    assert main(["eval", str(tmp_path), "--json", str(tmp_path / "r.json"), "--worst", "1"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].split() == ["dataset", "n", "P", "R", "F1", "F1doc", "empty", "errors", "docs/s"]
    assert out.splitlines()[3].split()[:7] == ["all", "16", "1.000", "1.000", "1.000", "1.000", "0"]
    assert "\n== " in out and "negative/" in out and "heuristic:" in out
    saved = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert saved["overall"]["f1"] == 1.0 and len(saved["pages"]) == 16


def test_batch_and_jobs_give_the_same_scores(tmp_path: Path) -> None:
    alone = evaluate(_negatives(tmp_path))
    for report in (evaluate(tmp_path, batch=True), evaluate(tmp_path, jobs=2)):
        assert [(s.id, s.tp, s.fp, s.fn) for s in report.scores] == [(s.id, s.tp, s.fp, s.fn) for s in alone.scores]


def test_floors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = evaluate(_negatives(tmp_path))
    floors = tmp_path / "floors.json"
    assert main(["eval", str(tmp_path), "--set-floors", str(floors)]) == 0
    written = json.loads(floors.read_text(encoding="utf-8"))
    assert written == {"md": {"sha256": report.sha256, "pages": 16, "precision": 0.995, "recall": 0.995, "f1": 0.995}}
    assert main(["eval", str(tmp_path), "--floors", str(floors)]) == 0
    written["md"]["recall"] = 1.5
    floors.write_text(json.dumps(written), encoding="utf-8")
    capsys.readouterr()
    assert main(["eval", str(tmp_path), "--floors", str(floors)]) == 1
    assert "below floor: md: recall 1.0000 < floor 1.5000" in capsys.readouterr().err
    assert main(["eval", str(tmp_path), "--floors", str(floors), "--input", "txt"]) == 3
    assert "no floors for 'txt' (have: md)" in capsys.readouterr().err
    written["md"]["sha256"] = "0" * 64
    with pytest.raises(EvalError, match="measured on data with sha256 0000"):
        check_floors(report, written)


def test_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(tmp_path)]) == 3
    assert f"error: {tmp_path}: no manifest.jsonl" in capsys.readouterr().err
    assert main(["eval", str(tmp_path), "--jobs", "0"]) == 2
    assert "error: --jobs must be 1 or more, not 0" in capsys.readouterr().err
    _dev_dir(tmp_path, {"a": ("Some words here.", "Some words here.")})
    (tmp_path / "a.gold.txt").unlink()
    assert main(["eval", str(tmp_path)]) == 3
    assert "a.gold.txt" in capsys.readouterr().err


def test_clean_input_cleans_the_gold_bodies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "\n\n".join(["The council met on Monday and voted to build the new bridge over the river, after a "
                        "long debate that lasted until midnight.", "- Close the old road.\n- Build the piers."])
    _dev_dir(tmp_path, {"a": ("ignored: the page itself is not read", body),
                        "b": ("ignored", "Share this\n\nTweet")})
    report = evaluate(tmp_path, clean_input=True)
    assert report.input == "clean-input" and report.passthrough is not None
    assert report.passthrough.losing == (("b", 0.0),)
    assert report.passthrough.kept == 0.5
    floors = tmp_path / "floors.json"
    assert main(["eval", str(tmp_path), "--clean-input", "--set-floors", str(floors)]) == 0
    out = capsys.readouterr().out
    assert "clean input: 50.00% of the gold words kept on average; 1 of 2 pages lose more than a fifth\n  b: 0.0% kept" in out
    written = json.loads(floors.read_text(encoding="utf-8"))["clean-input"]
    assert (written["kept"], written["max_losing"]) == (0.499, 1)
    written["kept"], written["max_losing"] = 0.6, 0
    floors.write_text(json.dumps({"clean-input": written}), encoding="utf-8")
    assert main(["eval", str(tmp_path), "--clean-input", "--floors", str(floors)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "below floor: clean-input: words kept 0.5000 < floor 0.6000",
        "below floor: clean-input: 1 pages lose more than a fifth > 0"]


def test_html_runs_report_the_pages_that_cleaning_again_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("trafilatura")
    vote = ("<p>The harbour council voted seven to two on Tuesday night to build a new sea wall along the "
            "eastern quay, ending a long debate.</p>")
    cracks = ("<p>Engineers told the meeting that the old wall, finished in 1912, had cracked in four places "
              "during the winter storms.</p>")
    # A numbered section heading loses its "#" in text output and then reads as a list item,
    # whose text without its number is what a share rule (not matched on the heading) drops.
    pages = {"a": f"<html><body><article><h1>Harbour wall approved</h1>{vote}{cracks}</article></body></html>",
             "b": f"<html><body><article><h1>Harbour wall approved</h1>{vote}<h3>4. Share</h3>{cracks}"
                  "</article></body></html>"}
    _dev_dir(tmp_path, {name: ("", "The harbour council voted.") for name in pages})
    for name, page in pages.items():
        (tmp_path / f"{name}.html").write_text(page, encoding="utf-8")
    report = evaluate(tmp_path, "html")
    assert (report.changed_again, report.unchanged_again) == (("b",), 0.5)
    assert evaluate(tmp_path, "html", batch=True).changed_again is None
    floors = tmp_path / "floors.json"
    assert main(["eval", str(tmp_path), "--input", "html", "--set-floors", str(floors)]) == 0
    assert "cleaned again as text: 1 of 2 pages unchanged (50.0%); changed: b" in capsys.readouterr().out
    written = json.loads(floors.read_text(encoding="utf-8"))
    assert written["html"]["unchanged_again"] == 0.495
    written["html"]["unchanged_again"] = 0.99
    floors.write_text(json.dumps(written), encoding="utf-8")
    assert main(["eval", str(tmp_path), "--input", "html", "--floors", str(floors)]) == 1
    assert "below floor: html: unchanged when cleaned again 0.5000 < floor 0.9900" in capsys.readouterr().err
