"""`cleaner explain`: the terminal listing, its colours, its summary, and the HTML report's markup."""

from __future__ import annotations

import colorsys
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SEED

from cleaner import Cleaner, Settings
from cleaner.reasons import Reason
from cleaner.tools.cli import main
from cleaner.tools.explain import family, summarize, to_html, to_terminal

PAGE = "Share this article\n\nThe vote was close, said the clerk.\n\n[Home](/) | [About](/about)\n"
# Two packs of our own and no heuristics, so that changes to the shipped rules leave these exact.
SHARE = """pack: share
rules:
  - id: prompt
    description: Share prompt.
    action: drop
    pattern: '^Share this article$'
    examples: [{in: "Share this article", out: ""}]
"""
NAVIGATION = """pack: navigation
rules:
  - id: home-row
    description: Home link row.
    action: drop
    phrases: [Home | About]
    examples: [{in: "Home | About", out: ""}]
"""


@pytest.fixture()
def own(tmp_path: Path) -> Cleaner:
    (tmp_path / "share.yaml").write_text(SHARE, encoding="utf-8")
    (tmp_path / "navigation.yaml").write_text(NAVIGATION, encoding="utf-8")
    return Cleaner(rules=[tmp_path], defaults=False, settings=Settings(heuristics=False))


def test_terminal_lists_every_block_and_the_summary(own: Cleaner) -> None:
    assert to_terminal(own.clean(PAGE)) == (
        "[0] line 1 paragraph  DROP  share  rule:share/prompt  matched 'Share this article'\n"
        "      Share this article\n"
        "[1] line 3 paragraph  keep  default  no rule decided\n"
        "      The vote was close, said the clerk.\n"
        "[2] line 5 link-line  DROP  navigation  rule:navigation/home-row  matched 'Home | About'\n"
        "      [Home](/) | [About](/about)\n"
        "\n"
        "reason                    kept blocks  kept words  dropped blocks  dropped words\n"
        "rule:share/prompt                   0           0               1              3\n"
        "default                             1           7               0              0\n"
        "rule:navigation/home-row            0           0               1              2\n"
        "total                               1           7               2              5"
    )


def test_colour_per_family_and_plain_text_for_kept_blocks(own: Cleaner) -> None:
    out = to_terminal(own.clean(PAGE), colour=True)
    lines = out.split("\n")
    # first family on the page gets the first colour, the second the second
    assert lines[0].startswith("\033[1m\033[38;5;166m[0] line 1") and lines[0].endswith("\033[0m")
    assert lines[1] == "\033[38;5;166m      Share this article\033[0m"
    assert lines[2] == "\033[1m[1] line 3 paragraph  keep  default  no rule decided\033[0m"
    assert lines[3] == "      The vote was close, said the clerk."
    assert lines[4].startswith("\033[1m\033[38;5;33m[2] line 5 link-line  DROP  navigation")


def test_cli_is_plain_when_piped_or_no_colour(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["explain", str(page)]) == 0
    assert "\033[" not in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["explain", str(page)]) == 0
    assert "\033[" not in capsys.readouterr().out
    assert main(["explain", str(page), "--colour", "always"]) == 0
    assert "\033[38;5;166m" in capsys.readouterr().out


def test_families() -> None:
    assert family(Reason.of("rule", "share/share-prompt")) == "share"
    assert family(Reason.of("rule", "globalresearch.ca/note-to-readers")) == "globalresearch.ca"
    assert family(Reason.of("heuristic", "link-density")) == "heuristic"
    assert family(Reason.of("repeated", "4 pages")) == "repeated"


def test_summary_adds_up_on_the_seed(cleaner: Cleaner) -> None:
    result = cleaner.clean(SEED.read_bytes(), url="https://www.globalresearch.ca/x")
    rows = {r.reason: r for r in summarize(result)}
    assert sum(r.kept_blocks + r.dropped_blocks for r in rows.values()) == len(result.decisions)
    assert sum(r.kept_blocks for r in rows.values()) == len(result.kept)


class _Blocks(HTMLParser):
    """Collects the report's block sections and legend items as attribute dicts."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[dict[str, str | None]] = []
        self.legend: list[dict[str, str | None]] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        data = dict(attrs)
        if tag == "section":
            self.blocks.append(data)
        if data.get("class") == "legend-item":
            self.legend.append(data)


def test_html_report_markup_matches_the_result(cleaner: Cleaner) -> None:
    result = cleaner.clean(SEED.read_bytes(), url="https://www.globalresearch.ca/x")
    page = to_html(result, title="seed.md")
    parsed = _Blocks()
    parsed.feed(page)
    assert [(b["data-index"], b["data-kept"], b["data-reason"]) for b in parsed.blocks] == [
        (str(d.index), "true" if d.kept else "false", d.reason) for d in result.decisions]
    families: dict[str, int] = {}
    for d in result.decisions:
        if not d.kept:
            families[family(d.reason)] = families.get(family(d.reason), 0) + 1
    assert [(item["data-family"], item["data-count"]) for item in parsed.legend] == [
        (name, str(n)) for name, n in families.items()]
    assert "globalresearch.ca" in families
    # self-contained: nothing to fetch
    assert not parsed.tags & {"link", "img", "iframe"} and "src=" not in page and "url(" not in page


def test_html_escapes_page_text(cleaner: Cleaner) -> None:
    result = cleaner.clean('<script>alert("x")</script> & "quotes" stay text.\n\nShare this article')
    page = to_html(result, title="<b>.md")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot; stay text." in page
    assert "<title>cleaner explain: &lt;b&gt;.md</title>" in page


def test_cli_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["explain", str(SEED), "--html", str(out)]) == 0
    result = Cleaner().clean(SEED.read_bytes())
    kept = len(result.kept)
    assert capsys.readouterr().out == (
        f"wrote {out}: {len(result.decisions)} blocks, {kept} kept, {len(result.decisions) - kept} dropped\n")
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_cli_reports_an_unwritable_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(SEED), "--html", str(tmp_path / "no" / "r.html")]) == 3
    assert capsys.readouterr().err.startswith("error: ")


def test_html_report_links_rules_to_their_file_and_line(cleaner: Cleaner) -> None:
    from cleaner.tools.explain import rule_sources

    result = cleaner.clean(SEED.read_bytes(), url="https://www.globalresearch.ca/x")
    sources = rule_sources(cleaner)
    page = to_html(result, title="seed.md", sources=sources)
    file, line = sources["globalresearch.ca/note-to-readers"]
    assert file.endswith("sites/globalresearch.ca.yaml") and line > 1
    shown = os.path.relpath(file)
    assert (f'<a class="reason" href="{Path(file).resolve().as_uri()}" title="{shown}, line {line}">'
            f'rule:globalresearch.ca/note-to-readers</a> <span class="where">{shown}:{line}</span>') in page


def test_html_report_shows_the_cleaned_output_and_filters(cleaner: Cleaner) -> None:
    result = cleaner.clean("Share this article\n\nThe vote was close & fair, said the clerk.")
    page = to_html(result, title="x.md")
    assert ('<details id="output"><summary>cleaned output (8 words)</summary><div class="text">'
            "The vote was close &amp; fair, said the clerk.</div></details>") in page
    assert '<input type="checkbox" id="show-kept" checked> show kept blocks' in page
    assert ('<li class="legend-item" data-family="share" data-count="1" style="--c:#d9480f"><label>'
            '<input type="checkbox" checked data-family="share"> share <b>1</b></label></li>') in page


def test_no_family_of_dropped_blocks_is_green() -> None:
    from cleaner.tools.explain import ANSI_COLOURS, HTML_COLOURS

    for colour in HTML_COLOURS:
        red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        hue = colorsys.rgb_to_hsv(red, green, blue)[0] * 360
        assert not 75 <= hue <= 185, colour  # green through teal
    # the 6x6x6 cube of ANSI 256: green well above red and blue is green
    for code in ANSI_COLOURS:
        red, green, blue = ((code - 16) // 36, (code - 16) // 6 % 6, (code - 16) % 6)
        assert not (green > red and green >= blue), code
