"""``cleaner learn`` and ``cleaner rules new``: one proposer (cleaner.tools.propose), few rules
each found on several pages and checked on pages they were not learned from, and the commands'
pages, outputs and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cleaner.tools.cli import main
from cleaner.tools.evaluate import evaluate
from cleaner.tools.learn import read_pages
from cleaner.tools.propose import propose

HEADER = ["Harbour Gazette", "Home | News | Sport | Weather", "Today's paper"]
FOOTER = ["More from the Gazette",
          "The Harbour Gazette has been owned by its readers and printed in Dover since 1901, and it "
          "relies on the support of readers like you to keep reporting from the coast.",
          "Contact us | Advertise"]
MORE = " Several residents said they had followed the matter closely for years and would attend the next meeting."
STORIES = [[line + MORE for line in story] for story in [
    ["The ferry company said the new timetable would start in May, after a long dispute with the unions.",
     "Passengers who spoke to the paper on the quay said they welcomed the extra sailings in the summer."],
    ["Fishermen landed a record catch of sole on Tuesday, the harbour master reported to the council.",
     "Prices at the fish market fell by a third as buyers from three counties arrived before dawn."],
    ["The council will repaint the lighthouse this summer, at a cost of forty thousand pounds in total.",
     "Volunteers from the keepers' society offered to guide visitors while the scaffolding is up."],
    ["A storm closed the marina for two days, and the lifeboat crew rescued four people from a yacht.",
     "The coastguard urged sailors to check the forecast before leaving the shelter of the breakwater."],
]]
# On two of the four pages only: never a rule (it cannot be checked on a page it was not learned from).
TWO_PAGES = "Corrections appended on Friday"


def page(n: int) -> str:
    story = STORIES[n]
    extra = [TWO_PAGES] if n < 2 else []
    return "\n\n".join([*HEADER, *extra, f"# Headline number {n}", story[0], story[1], *FOOTER])


def site(tmp: Path) -> Path:
    """Four pages of one site as a dev directory (ID.md beside ID.gold.txt), and as JSONL with
    a record of another site and two records without a URL."""
    pages = tmp / "pages"
    pages.mkdir()
    with open(pages / "manifest.jsonl", "w", encoding="utf-8") as manifest, \
            open(tmp / "pages.jsonl", "w", encoding="utf-8") as records:
        for n, story in enumerate(STORIES):
            url = f"https://www.gazette.example/news/{n}"
            (pages / f"p{n}.md").write_text(page(n), encoding="utf-8")
            (pages / f"p{n}.gold.txt").write_text("\n\n".join([f"Headline number {n}", *story]), encoding="utf-8")
            manifest.write(json.dumps({"id": f"p{n}", "dataset": "gazette", "url": url}) + "\n")
            records.write(json.dumps({"text": page(n), "url": url}) + "\n")
        records.write(json.dumps({"text": "Another site entirely.", "url": "https://other.example/"}) + "\n")
        records.write(json.dumps({"text": page(0)}) + "\n" + json.dumps({"text": page(1), "url": None}) + "\n")
    return tmp


def test_learn_counts_only_the_sites_records_and_writes_few_checked_rules(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site(tmp_path)
    target = tmp_path / "rules" / "gazette.example.yaml"
    assert main(["learn", str(tmp_path / "pages.jsonl"), "--site", "gazette.example", "-o", str(tmp_path / "rules")]) == 0
    assert capsys.readouterr().out == (f"wrote {target}: 2 rules (footer, lines-before-body) from 4 of 7 pages; "
                                       f"check it with: cleaner rules check {target}\n")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert ("# Checked by holding out each of 4 pages: 5 of 7 candidates removed furniture on a page they were "
            "not learned from and nothing of its own; 2 left out.\n") in text
    data = yaml.safe_load(text)
    assert (data["site"], data["hosts"]) == ("gazette.example", ["gazette.example", "*.gazette.example"])
    footer, lines = data["rules"]
    assert (footer["action"], footer["where"], footer["window"]) == ("cut-after", "tail", 7)
    assert footer["pattern"] == (r"^The Harbour Gazette has been owned by its readers and printed in Dover since \d+, "
                                 r"and it relies on the support of readers like you to keep reporting from the coast\.$")
    assert lines["pattern"] == "^(?:Harbour Gazette|Today's paper)$"
    assert lines["description"] == ("Lines before the article body on 4 or more of 4 pages; each checked on 4 or "
                                    "more held-out pages.")
    shortest = min((line for story in STORIES for line in story), key=len)
    assert lines["examples"] == [{"in": f"Today's paper\n\n{shortest}", "out": shortest},
                                 {"unchanged": sorted((line for s in STORIES for line in s), key=len)[1]}]
    assert TWO_PAGES not in text
    assert main(["rules", "check", str(target)]) == 0


def test_rules_new_and_learn_propose_the_same_rules(tmp_path: Path) -> None:
    site(tmp_path)
    pages = sorted((tmp_path / "pages").glob("p*.md"))
    assert main(["rules", "new", "gazette.example", "--from", *map(str, pages), "-o", str(tmp_path / "new.yaml")]) == 0
    assert main(["learn", str(tmp_path / "pages"), "--site", "gazette.example", "-o", str(tmp_path / "learn.yaml")]) == 0
    new, learned = (yaml.safe_load((tmp_path / name).read_text(encoding="utf-8")) for name in ("new.yaml", "learn.yaml"))
    assert new["rules"] == learned["rules"] and len(new["rules"]) == 2


def test_rules_learned_from_three_pages_help_on_the_fourth(tmp_path: Path) -> None:
    site(tmp_path)
    rules = tmp_path / "rules"
    learn_from = [str(tmp_path / "pages" / f"p{n}.md") for n in range(3)]
    assert main(["rules", "new", "gazette.example", "--from", *learn_from, "-o", str(rules)]) == 0
    held_out = tmp_path / "held-out"
    held_out.mkdir()
    for name in ("p3.md", "p3.gold.txt"):
        (held_out / name).write_bytes((tmp_path / "pages" / name).read_bytes())
    (held_out / "manifest.jsonl").write_text(
        json.dumps({"id": "p3", "dataset": "gazette", "url": "https://www.gazette.example/news/3"}) + "\n")
    before, after = evaluate(held_out).overall, evaluate(held_out, rules=[str(rules)]).overall
    assert after.precision > before.precision and after.recall == before.recall == 1.0


def test_learn_rules_option_leaves_lines_to_the_users_packs(tmp_path: Path) -> None:
    site(tmp_path)
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "paper.yaml").write_text(
        "pack: paper\nrules:\n  - id: todays-paper\n    description: The paper's link.\n    action: drop\n"
        "    pattern: \"^Today's paper$\"\n    examples: [{in: \"Today's paper\", out: \"\"}]\n", encoding="utf-8")
    assert main(["learn", str(tmp_path / "pages"), "--site", "gazette.example", "--rules", str(packs),
                 "-o", str(tmp_path / "out.yaml")]) == 0
    text = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "paper/todays-paper (4)" in text
    assert yaml.safe_load(text)["rules"][1]["pattern"] == "^(?:Harbour Gazette)$"


def test_fewer_than_three_pages_propose_no_rules() -> None:
    proposal = propose("gazette.example", [("a.md", page(0)), ("b.md", page(1))])
    assert proposal.rules == []
    assert proposal.notes[-1] == "No rules proposed: 3 or more pages are needed, 2 given."


def test_learn_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site(tmp_path)
    out = tmp_path / "x.yaml"
    assert main(["learn", str(tmp_path / "pages.jsonl"), "--site", "Gazette Example", "-o", str(out)]) == 2
    assert capsys.readouterr().err == ("error: --site must be a lowercase host such as example.com, "
                                       "not 'Gazette Example'\n")
    assert main(["learn", str(tmp_path / "pages.jsonl"), "--site", "other.example", "-o", str(out)]) == 3
    assert capsys.readouterr().err == (f"error: {tmp_path / 'pages.jsonl'}: 1 of 7 pages are other.example's; "
                                       "at least 3 are needed\n")
    unrelated = tmp_path / "unrelated"
    unrelated.mkdir()
    for n, story in enumerate(STORIES):
        (unrelated / f"u{n}.md").write_text("\n\n".join(story), encoding="utf-8")
    assert main(["learn", str(unrelated), "--site", "gazette.example", "-o", str(out)]) == 3
    assert capsys.readouterr().err == ("error: learned no rules from 4 pages of gazette.example: Checked by holding "
                                       "out each of 4 pages: 0 of 0 candidates removed furniture on a page they were "
                                       "not learned from and nothing of its own.\n")
    (tmp_path / "bad.jsonl").write_text('{"text": "a", "url": "https://gazette.example/"}\n[1]\n', encoding="utf-8")
    assert main(["learn", str(tmp_path / "bad.jsonl"), "--site", "gazette.example", "-o", str(out)]) == 3
    assert capsys.readouterr().err == f"error: {tmp_path / 'bad.jsonl'}:2: a record needs 'text' (a string) and 'url'\n"
    assert not out.exists()
    assert main(["learn", str(tmp_path / "pages"), "--site", "gazette.example", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["learn", str(tmp_path / "pages"), "--site", "gazette.example", "-o", str(out)]) == 3
    assert capsys.readouterr().err == f"error: {out}: already exists (use --force to replace it)\n"
    assert main(["learn", str(tmp_path / "pages"), "--site", "gazette.example", "-o", str(out), "--force"]) == 0


def test_kept_lines_inside_the_body_and_headlines_after_it_are_never_rules() -> None:
    note = "Editor's note: comments are read by a person before they appear on the site."
    headline = "## Lighthouse keepers open their doors for the summer"
    pages = [(f"p{n}.md", "\n\n".join(["Harbour Gazette", story[0], note, story[1], "More stories", headline,
                                        "Contact us | Advertise"]))
             for n, story in enumerate(STORIES)]
    proposal = propose("gazette.example", pages)
    text = "\n".join(str(rule) for rule in proposal.rules)
    assert "Harbour Gazette" in text
    assert "Editor" not in text and "Lighthouse keepers" not in text

@pytest.mark.parametrize("line, message", [
    (b'{"text": "caf\xe9", "url": "https://gazette.example/"}', "bad.jsonl:2: not UTF-8 (byte 0xe9 at column 14); JSONL files are UTF-8"),
    (b'{"n": ' + b"1" * 5000 + b"}", "bad.jsonl:2: not JSON (Exceeds the limit (4300 digits)"),
    (b"[" * 100_000, "bad.jsonl:2: not JSON (nested too deeply)"),
], ids=["latin-1", "huge-integer", "deep"])
def test_learn_reports_a_bad_jsonl_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], line: bytes,
                                        message: str) -> None:
    (tmp_path / "bad.jsonl").write_bytes(b'{"text": "a", "url": "https://gazette.example/"}\n' + line + b"\n")
    out = str(tmp_path / "x.yaml")
    assert main(["learn", str(tmp_path / "bad.jsonl"), "--site", "gazette.example", "-o", out]) == 3
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_learn_reads_records_ended_by_a_lone_carriage_return(tmp_path: Path) -> None:
    # As batch reads them: each record its own line (they read as one line, not JSON, and learn
    # gave up on the file), numbered as an editor numbers the lines.
    records = [{"text": f"Page {n}.", "url": f"https://gazette.example/{n}"} for n in range(3)]
    (tmp_path / "cr.jsonl").write_bytes(b"\r".join(json.dumps(r).encode() for r in records) + b"\r\r")
    assert read_pages(tmp_path / "cr.jsonl", "gazette.example") == (
        [(f"{tmp_path / 'cr.jsonl'}:{n + 1}", f"Page {n}.") for n in range(3)], 3)
    # And in UTF-16, as PowerShell writes a file: read as its byte-order mark says.
    (tmp_path / "cr.jsonl").write_bytes("\r".join(json.dumps(r) for r in records).encode("utf-16"))
    assert read_pages(tmp_path / "cr.jsonl", "gazette.example")[1] == 3
