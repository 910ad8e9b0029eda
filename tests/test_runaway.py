"""Runaway patterns: a rule whose regex backtracks catastrophically is stopped by the regex
timeout, skipped for that block, named in the block's decision and in a warning, and the rest of
the page is still cleaned; after MAX_TIMEOUTS on one page, or once it has spent RULE_BUDGET
seconds on it, it is skipped for the rest of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import within

from cleaner import Cleaner
from cleaner.engine import Settings
from cleaner.result import Result
from cleaner.rules import match
from cleaner.rules.match import MAX_TIMEOUTS
from cleaner.text.blocks import segment

# Generous wall-clock bounds: they catch a hang, not a slow machine.
PAGE_BOUND = 20.0

# Exponential on a run of "a" that ends in anything else: fib(40) ways to split the run.
CATASTROPHIC = "(a|aa)+$"
HOSTILE = "a" * 40 + "!"
BODY = "The vote was close, said the clerk of the council."


def _cleaner(tmp_path: Path, pattern: str = CATASTROPHIC, extra: str = "", action: str = "drop") -> Cleaner:
    (tmp_path / "evil.yaml").write_text(
        "pack: evil\nrules:\n"
        "  - id: catastrophic\n"
        "    description: A user pattern that backtracks catastrophically.\n"
        f"    action: {action}\n"
        f"    pattern: '{pattern}'\n"
        f"{extra}"
        "    examples:\n"
        "      - unchanged: \"Text.\"\n",
        encoding="utf-8",
    )
    return Cleaner(rules=[tmp_path], settings=Settings(heuristics=False))


def test_timed_out_rule_is_skipped_named_and_the_page_still_cleaned(tmp_path: Path) -> None:
    cleaner = _cleaner(tmp_path)
    page = "\n\n".join(["aaaa", BODY, HOSTILE, "Share this article"])
    result: Result = within(PAGE_BOUND, lambda: cleaner.clean(page))
    assert result.text == f"{BODY}\n\n{HOSTILE}"
    assert result.warnings == ("rule evil/catastrophic timed out on block 2 (line 5); skipped there",)
    assert [(d.kept, d.reason, d.detail) for d in result.decisions] == [
        (False, "rule:evil/catastrophic", "matched 'aaaa'"),
        (True, "default", "no rule decided"),
        (True, "default", "no rule decided; timed out, skipped: rule:evil/catastrophic"),
        (False, "rule:share/share-prompt", "matched 'Share this article'"),
    ]


def test_a_rule_that_keeps_timing_out_is_skipped_for_the_rest_of_the_page(tmp_path: Path) -> None:
    cleaner = _cleaner(tmp_path)
    page = "\n\n".join([HOSTILE] * 200 + [BODY, "aaaa"])
    result: Result = within(PAGE_BOUND, lambda: cleaner.clean(page))
    assert result.warnings == tuple(
        f"rule evil/catastrophic timed out on block {i} (line {2 * i + 1}); skipped there" for i in range(MAX_TIMEOUTS)
    ) + (f"rule evil/catastrophic timed out {MAX_TIMEOUTS} times; skipped for the rest of the page",)
    timed_out = [d.index for d in result.decisions if "timed out" in d.detail]
    assert timed_out == list(range(MAX_TIMEOUTS))
    # Skipped for the rest of the page: the last block, which it would drop, is kept.
    assert result.text.endswith(f"{BODY}\n\naaaa")


@pytest.mark.parametrize("extra", [
    "    scope: line\n",
    "    where: tail\n    window: 1\n",
    "    kinds: [paragraph]\n",
], ids=["scope-line", "where-tail", "kinds"])
def test_every_way_a_rule_runs_is_under_the_timeout(tmp_path: Path, extra: str) -> None:
    cleaner = _cleaner(tmp_path, extra=extra)
    page = f"{BODY}\n\nFirst line.\n{HOSTILE}"
    result: Result = within(PAGE_BOUND, lambda: cleaner.clean(page))
    assert BODY in result.text and HOSTILE in result.text
    assert len(result.warnings) == 1 and result.warnings[0].startswith("rule evil/catastrophic timed out on block 1")


def test_strip_rule_times_out_cleanly(tmp_path: Path) -> None:
    cleaner = _cleaner(tmp_path, action="strip")
    result: Result = within(PAGE_BOUND, lambda: cleaner.clean(f"{BODY}\n\n{HOSTILE}"))
    assert result.text == f"{BODY}\n\n{HOSTILE}"
    assert result.decisions[1].detail == "no rule decided; timed out, skipped: rule:evil/catastrophic"


def test_cli_prints_the_timeout_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cleaner.tools.cli import main

    _cleaner(tmp_path)
    page = tmp_path / "page.txt"
    page.write_text(f"{BODY}\n\n{HOSTILE}\n", encoding="utf-8")
    code = within(PAGE_BOUND, lambda: main(["clean", str(page), "--rules", str(tmp_path)]))
    captured = capsys.readouterr()
    assert code == 0
    assert HOSTILE in captured.out
    assert "warning: rule evil/catastrophic timed out on block 1 (line 3); skipped there" in captured.err


def test_a_rule_that_spends_its_budget_is_skipped_for_the_rest_of_the_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Searches each just short of the timeout, one per block, add up past the rule's budget. A
    # clock that moves a fifth of the budget each time it is read stands for them: the budget
    # (from the first reading) is spent when the fifth block's search would start.
    rule = _cleaner(tmp_path, pattern=r"^Menu \d+$").ruleset.packs["evil"].rules[0]
    readings = iter(range(1000))
    monkeypatch.setattr(match, "perf_counter", lambda: match.RULE_BUDGET / 5 * next(readings))
    verdicts, _, warnings = match.apply_rules(segment("\n\n".join(f"Menu {i}" for i in range(6))), [rule])
    assert warnings == [
        "rule evil/catastrophic spent 2 s on the page, stopped at block 4 (line 9); skipped for the rest of the page"]
    assert [(v.kept, v.detail, v.timed_out) for v in verdicts] == [
        *[(False, f"matched 'Menu {i}'", ()) for i in range(4)],
        (None, "", (rule.reason,)),
        (None, "", ()),
    ]


def test_breadcrumb_lines_that_fail_late_do_not_backtrack() -> None:
    # Six steps and a last one of 45 characters (past the 40 a step may have): the shipped
    # breadcrumb rule tried every end of every step, 80 ms a line, nearly the timeout; a page of
    # such lines took 8 s per 10 KB. Now each fails at once and none is a breadcrumb.
    lines = ["Home" + "".join(f" / {chr(97 + i)}{chr(97 + j)}xyz " for j in range(6)) + "/ " + "y" * 45
             for i in range(26)]
    page = "\n\n".join(lines)
    result = Cleaner().clean(page)
    assert result.warnings == ()
    assert result.text == page
