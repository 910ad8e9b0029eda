"""The HTML report in a real headless browser: what the page shows after its script ran must match
the Result (counts, families, labels), and the filter must hide exactly the dropped blocks.

Uses Debian's ``chromium`` (``.ci/run`` installs it); skipped when no chromium is on PATH.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CORPUS, SEED

from cleaner import Cleaner, Result
from cleaner.tools.explain import family, to_html

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no chromium on PATH (.ci/run installs it)")
# Loading a local page and running its script takes about two seconds; allow for a slow machine.
BROWSER_TIMEOUT = 120
OFFLINE = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run")


def dump_dom(page: Path, profile: Path, fragment: str = "") -> str:
    """The page's DOM after its script ran, as chromium serializes it."""
    done = subprocess.run(
        [str(BROWSER), *OFFLINE, f"--user-data-dir={profile}", "--dump-dom", page.as_uri() + fragment],
        capture_output=True, text=True, timeout=BROWSER_TIMEOUT, check=True)
    return done.stdout


class Shown(HTMLParser):
    """What the rendered page shows: the computed counts, the blocks' labels, the legend."""

    def __init__(self) -> None:
        super().__init__()
        self.computed: dict[str, str | None] = {}
        self.computed_text = ""
        self.blocks: list[dict[str, str]] = []
        self.legend: list[tuple[str, str]] = []
        self._field = ""
        self._legend_name = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = dict(attrs)
        css = (data.get("class") or "").split()
        if data.get("id") == "computed":
            self.computed, self._field = data, "computed"
        elif tag == "section" and "block" in css:
            self.blocks.append({"kept": str(data["data-kept"]), "family": "", "reason": "", "verdict": ""})
        elif self.blocks and css and css[0] in ("family", "reason", "verdict", "detail"):
            self._field = css[0]
        elif "legend-item" in css:
            self._field, self._legend_name = "legend", ""
        elif tag == "b" and self._field == "legend":
            self._field = "legend-count"

    def handle_data(self, data: str) -> None:
        if self._field == "computed":
            self.computed_text += data
        elif self._field in ("family", "reason", "verdict"):
            self.blocks[-1][self._field] += data
        elif self._field == "legend":
            self._legend_name += data
        elif self._field == "legend-count":
            self.legend.append((self._legend_name.strip(), data))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("span", "b", "li", "a"):
            self._field = ""


def shown(result: Result, tmp_path: Path, fragment: str = "") -> Shown:
    page = tmp_path / "report.html"
    page.write_text(to_html(result, title="report"), encoding="utf-8")
    parser = Shown()
    parser.feed(dump_dom(page, tmp_path / f"profile{fragment.strip('#')}", fragment))
    return parser


def expected_families(result: Result) -> dict[str, int]:
    counts: dict[str, int] = {}
    for decision in result.decisions:
        if not decision.kept:
            counts[family(decision.reason)] = counts.get(family(decision.reason), 0) + 1
    return counts


@pytest.mark.parametrize("page, url", [
    (SEED, "https://www.globalresearch.ca/x"),
    (CORPUS / "wordpress" / "garden-seed-saving.md", None),
])
def test_report_in_the_browser_matches_the_result(page: Path, url: str | None, tmp_path: Path) -> None:
    result = Cleaner().clean(page.read_bytes(), url=url)
    kept = len(result.kept)
    dropped = len(result.decisions) - kept
    view = shown(result, tmp_path)
    # counts the page's script computed from the DOM it rendered
    assert view.computed["data-kept"] == str(kept)
    assert view.computed["data-dropped"] == str(dropped)
    assert view.computed["data-visible"] == str(len(result.decisions))
    assert json.loads(str(view.computed["data-families"])) == expected_families(result)
    assert view.computed_text == f"showing {len(result.decisions)} of {len(result.decisions)} blocks"
    # every block labelled with its verdict or family, and its reason, in page order
    assert [(b["kept"], b["verdict"] or b["family"], b["reason"]) for b in view.blocks] == [
        ("true" if d.kept else "false", "kept" if d.kept else family(d.reason), d.reason) for d in result.decisions]
    assert view.legend == [(name, str(n)) for name, n in expected_families(result).items()]


def test_filter_hides_exactly_the_dropped_blocks(tmp_path: Path) -> None:
    result = Cleaner().clean(SEED.read_bytes(), url="https://www.globalresearch.ca/x")
    view = shown(result, tmp_path, "#hide-dropped")
    kept = len(result.kept)
    assert view.computed["data-visible"] == str(kept)
    assert view.computed_text == f"showing {kept} of {len(result.decisions)} blocks"


def test_legend_and_kept_box_filter_and_long_urls_wrap(tmp_path: Path) -> None:
    long_url = "https://example.com/" + "averylongpathsegment/" * 30
    text = SEED.read_text(encoding="utf-8") + f"\n\nSource: [{long_url}]({long_url})\n"
    result = Cleaner().clean(text, url="https://www.globalresearch.ca/x")
    families = expected_families(result)
    hidden = next(iter(families))
    view = shown(result, tmp_path, f"#hide={hidden}")
    assert view.computed["data-visible"] == str(len(result.decisions) - families[hidden])
    assert view.computed["data-overflowing"] == "0"
    view = shown(result, tmp_path, "#hide-kept")
    assert view.computed["data-visible"] == str(len(result.decisions) - len(result.kept))
