"""The seed article comes out exactly as its expected text, with its metadata, however it is picked."""

from __future__ import annotations

import pytest
from conftest import SEED, expected_path

from cleaner import Cleaner, Settings, clean

URL = "https://www.globalresearch.ca/us-airstrike-diplomacy-continues-syria-iraq/5748491"


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def expected() -> str:
    return expected_path(SEED).read_text(encoding="utf-8").rstrip("\n")


@pytest.mark.parametrize("url", [URL, None], ids=["by-url", "by-detection"])
def test_seed_body_is_exact(cleaner: Cleaner, seed: str, expected: str, url: str | None) -> None:
    result = cleaner.clean(seed, url=url)
    assert result.text == expected
    assert result.text.startswith("On June 27, 2021 the US carried out additional strikes")
    assert result.text.endswith("without triggering a war with a nuclear-armed aggressor..")
    assert "\\$" not in result.text and "$1 Billion" in result.text
    assert "](" not in result.text


@pytest.mark.parametrize("url", [URL, None], ids=["by-url", "by-detection"])
def test_seed_metadata(cleaner: Cleaner, seed: str, url: str | None) -> None:
    metadata = cleaner.clean(seed, url=url).metadata
    assert metadata.title == "US 'Airstrike Diplomacy' Continues in Syria-Iraq"
    assert metadata.author == "Brian Berletic"
    assert metadata.date == "2021-07-05"
    assert metadata.site == "Global Research"
    assert metadata.url == url


def test_seed_clean_function_and_bytes(seed: str, expected: str) -> None:
    assert clean(seed, url=URL) == expected
    assert clean(b"\xef\xbb\xbf" + seed.encode("utf-8")) == expected


def test_seed_markdown_output_keeps_links(cleaner: Cleaner, seed: str) -> None:
    text = cleaner.clean(seed, url=URL, output="markdown").text
    assert "A US Department of Defense [statement](#) dated June 27, 2021" in text
    assert "Behind the Sudden Death of a $1 Billion Secret CIA War in Syria" in text


def test_seed_reasons(cleaner: Cleaner, seed: str) -> None:
    decisions = cleaner.clean(seed, url=URL).decisions
    reasons = {d.text.split("\n")[0][:30]: d.reason for d in decisions if not d.kept}
    assert reasons["All Global Research articles c"] == "rule:translation/translate-website-menu"
    assert reasons["Note to readers: Please click "] == "rule:globalresearch.ca/note-to-readers"
    assert reasons["*"] == "rule:navigation/separator-block"
    assert sum(d.kept for d in decisions) == 31


def test_generic_packs_alone_remove_the_common_furniture(seed: str) -> None:
    text = Cleaner(settings=Settings(site_rules=False)).clean(seed).text
    for furniture in [
        "can be read in 51 languages",
        "follow us on Instagram",
        "Please click the share buttons",
        "Order Mark Taliano’s Book",
        "Click to order",
        "List Price",
        "Special Price",
        "Disclaimer: The contents of this article",
        "Copyright ©",
    ]:
        assert furniture not in text, furniture
    assert "On June 27, 2021 the US carried out additional strikes" in text
    assert "without triggering a war with a nuclear-armed aggressor.." in text
