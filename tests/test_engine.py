"""The engine's page context and settling: the site file is found once, on the page as it came in,
and settling keeps to it; cleaning the output again with the same site gives it back."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Settings
from cleaner.reasons import Reason

SITE = """\
site: detect.example
hosts: [detect.example]
detect: ["Originally published by the Detect Daily"]
rules:
  - id: footer
    description: Everything from the syndication line on is the site's footer.
    action: cut-after
    pattern: '^Originally published by the Detect Daily'
    examples:
      - in: "The vote was close.\\n\\nOriginally published by the Detect Daily\\n\\nMore stories"
        out: "The vote was close."
  - id: source-line
    description: The syndication line itself.
    action: drop
    pattern: '^Originally published by the Detect Daily'
    examples:
      - in: "The vote was close.\\n\\nOriginally published by the Detect Daily"
        out: "The vote was close."
  - id: motto
    description: The paper's motto closes every story and belongs to it.
    action: keep
    pattern: '^Share the news, share the truth'
    examples:
      - unchanged: "Share the news, share the truth."
"""

BODY = [
    "# Council approves the new bridge",
    "The council voted on Monday night to approve the plan for a new bridge over the river, "
    "after a debate that lasted well into the evening and drew a large crowd to the hall.",
    "Share the news, share the truth.",
    "The mayor said that the work would start in the spring and that the road would stay open "
    "for most of the time, while the old bridge is taken down piece by piece by the crews.",
]
FOOTER = ["Originally published by the Detect Daily", "More stories", "Weather | Sport | Jobs | Contact"]
PAGE = "\n\n".join(BODY + FOOTER)
EXPECTED = "\n\n".join(["Council approves the new bridge", *BODY[1:]])


@pytest.fixture(scope="module")
def cleaner(tmp_path_factory: pytest.TempPathFactory) -> Cleaner:
    rules = tmp_path_factory.mktemp("detect-rules")
    (rules / "detect.example.yaml").write_text(SITE, encoding="utf-8")
    return Cleaner(rules=[rules])


@pytest.mark.parametrize("url", [None, "https://detect.example/2024/bridge"])
def test_a_site_found_by_detection_keeps_its_rules_while_settling(cleaner: Cleaner, url: str | None) -> None:
    result = cleaner.clean(PAGE, url=url)
    assert result.text == EXPECTED
    assert result.site_file == "detect.example"
    motto = next(d for d in result.decisions if d.text.startswith("Share the news"))
    assert (motto.kept, motto.reason) == (True, Reason.of("rule", "detect.example/motto"))
    assert (motto.reason.kind, motto.reason.name) == ("rule", "detect.example/motto")


def test_without_the_site_the_heuristics_drop_the_motto(cleaner: Cleaner) -> None:
    """The motto is what the site rule protects: without it, it reads as a share prompt."""
    result = Cleaner().clean("\n\n".join(BODY))
    motto = next(d for d in result.decisions if d.text.startswith("Share the news"))
    assert not motto.kept and motto.reason.kind in ("heuristic", "rule")


def test_cleaning_the_output_again_with_its_site_changes_nothing(cleaner: Cleaner) -> None:
    once = cleaner.clean(PAGE)
    assert cleaner.clean(once.text, site=once.site_file).text == once.text


SENTENCES = st.lists(st.sampled_from(
    "the council voted on the plan for the bridge over the river while the mayor said that work "
    "would start in spring and the clerk read the report to people in the hall".split()),
    min_size=4, max_size=30).map(lambda w: " ".join(w).capitalize() + ".")
FURNITURE = st.sampled_from(["Share this article", "Follow us on Twitter", "Home | News | Sport | Weather",
                             "Share the news, share the truth.", "Originally published by the Detect Daily",
                             "[Read more](/more)", "Tags: council, bridge", "Copyright 2024 Detect Daily"])


@st.composite
def detect_pages(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(st.one_of(SENTENCES, SENTENCES, FURNITURE), min_size=2, max_size=20))
    blocks.insert(draw(st.integers(0, len(blocks))), "Originally published by the Detect Daily")
    return draw(st.sampled_from(["\n\n", "\n"])).join(blocks)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(detect_pages(), st.sampled_from(["text", "markdown"]))
def test_idempotent_on_the_detect_path(cleaner: Cleaner, page: str, output: str) -> None:
    once = cleaner.clean(page, output=output)
    assert once.site_file == "detect.example"
    assert cleaner.clean(once.text, site=once.site_file, output=output).text == once.text


def test_idempotent_on_html_derived_text_found_by_detection(cleaner: Cleaner) -> None:
    html = ("<html><head><title>Bridge</title></head><body><nav><a href='/'>Home</a> | <a href='/n'>News</a></nav>"
            "<article>" + "".join(f"<p>{block.lstrip('# ')}</p>" for block in BODY) + "</article>"
            "<footer><p>Originally published by the Detect Daily</p></footer></body></html>")
    once = cleaner.clean(html)
    assert once.site_file == "detect.example"
    assert "Share the news, share the truth." in once.text
    again = cleaner.clean(once.text, site=once.site_file)
    assert cleaner.clean(again.text, site=once.site_file).text == again.text


PROSE = ("The council met on Monday night and voted on the plan for the new bridge over the river, "
         "which the town has wanted for years, said the clerk. ")


def _scraped(headline: str) -> str:
    """A scraped markdown page: a menu, ``headline``, three paragraphs, a footer menu."""
    return "\n".join(["* [Home](/)", "* [News](/news)", "* [Sport](/sport)", "* [Weather](/weather)", "",
                      headline, "", PROSE * 2, "", "Some said it was about time, others that it would cost too much.",
                      "", PROSE * 3, "", "* [About](/about)", "* [Contact](/contact)", "* [Archive](/archive)"])


@pytest.mark.parametrize("output", ["text", "markdown"])
def test_a_headline_of_furniture_words_goes_in_either_output_and_the_output_is_a_fixed_point(
        cleaner: Cleaner, output: str) -> None:
    """Kept as the headline on the scraped page, it reads as furniture once the body is judged
    as the article already clean that it is: settling judges the body that way too."""
    once = cleaner.clean(_scraped("# Share on Facebook, Twitter and Email"), output=output)
    headline = once.decisions[4]
    assert (headline.kept, headline.reason, headline.detail) == (
        False, Reason.of("heuristic", "furniture-word"), "pass 2: 'share' in 6 words <= 8")
    assert once.text.startswith("The council met")
    assert cleaner.clean(once.text, output=output).text == once.text


def test_a_headline_set_as_a_link_stays_in_markdown_output(cleaner: Cleaner) -> None:
    once = cleaner.clean(_scraped("# [The Town Blog](/blog)"), output="markdown")
    assert once.text.startswith("# [The Town Blog](/blog)\n\nThe council met")
    assert cleaner.clean(once.text, output="markdown").text == once.text


def test_metadata_names_the_language_the_stopwords_tell() -> None:
    english = "The council said that it would vote on the plan for the new bridge over the river in May."
    german = "Der Rat hat gesagt, dass er im Mai über den Plan für die neue Brücke über den Fluss abstimmen wird."
    cleaner = Cleaner()
    assert [cleaner.clean(page).metadata.language for page in (english, german, "12 34 56")] == ["en", "de", None]
    assert Cleaner(settings=Settings(heuristics=False)).clean(english).metadata.language is None


@pytest.mark.parametrize("running", [True, False])
def test_the_collector_pauses_for_a_page_and_is_left_as_it_was_found(running: bool,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    inside, collected = [False], []
    page_clean = Cleaner._clean_page

    def watched(self: Cleaner, *args: object, **kwargs: object) -> object:
        inside[0] = True
        try:
            return page_clean(self, *args, **kwargs)
        finally:
            inside[0] = False

    monkeypatch.setattr(Cleaner, "_clean_page", watched)
    cleaner = Cleaner()
    was, threshold = gc.isenabled(), gc.get_threshold()
    gc.callbacks.append(lambda phase, info: collected.append(phase) if inside[0] else None)
    try:
        (gc.enable if running else gc.disable)()
        gc.set_threshold(1)  # a collection after every allocation, unless the collector pauses
        assert cleaner.clean("Share this article\n\nThe vote was close, said the clerk.").text == \
            "The vote was close, said the clerk."
        assert gc.isenabled() is running
        assert collected == []
    finally:
        gc.callbacks.pop()
        gc.set_threshold(*threshold)
        (gc.enable if was else gc.disable)()
