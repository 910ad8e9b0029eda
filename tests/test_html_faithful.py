"""HTML output that stays what the page says: escaped markdown characters read as themselves,
furniture that trafilatura never reads dropped before it copies the tree, and a page's text
output that cleaning again as text leaves unchanged."""

from __future__ import annotations

import pytest

from cleaner.text.markup import plain

pytest.importorskip("trafilatura")

from cleaner import Cleaner  # noqa: E402
from cleaner.html.prune import drop_unread  # noqa: E402


@pytest.mark.parametrize(("markdown", "text"), [
    # An escaped delimiter is the character itself, never one side of an emphasis.
    (r"- Range\*\*: 105km (65 mi.)", "- Range**: 105km (65 mi.)"),
    (r"They \*should\* have accounts", "They *should* have accounts"),
    (r"the \_\_init\_\_ method", "the __init__ method"),
    # A run of underscores is a blank to fill in, not emphasis.
    (r"your \_\_\_\_\_ and \_\_\_\_\_\_ specialists", "your _____ and ______ specialists"),
    # Four of them too, unescaped: two such blanks on a line are no strong emphasis.
    ("fill in ____ and ____ here", "fill in ____ and ____ here"),
    # Real emphasis still goes.
    ("**strong**, *em*, __strong__ and _em_", "strong, em, strong and em"),
])
def test_escaped_markdown_characters_read_as_themselves(markdown: str, text: str) -> None:
    assert plain(markdown) == text


def test_asides_footers_and_media_go_before_trafilatura_but_figures_stay() -> None:
    from lxml import html

    page = html.fromstring("<html><body><aside><p>Most read</p></aside><article><p>The vote.</p>"
                           "<figure><table><tr><td>7</td></tr></table></figure><video>v</video></article>"
                           "<footer><p>Copyright</p></footer> tail</body></html>")
    drop_unread(page)
    assert html.tostring(page) == (b"<html><body><article><p>The vote.</p><figure><table><tr><td>7</td></tr>"
                                   b"</table></figure></article> tail</body></html>")


def test_a_page_with_escaped_characters_cleans_again_as_text_unchanged() -> None:
    cleaner = Cleaner()
    page = ("<html><body><article><h1>The new e-bike from Harbour Cycles</h1>"
            "<p>The harbour council tested the new electric bicycle on the eastern quay on Tuesday, and "
            "its riders said the battery lasted the whole of the six-hour trial without a recharge.</p>"
            "<ul><li>Range**: 105km (65 mi.)</li><li>Battery: Li-Ion / 48V</li></ul>"
            "<p>The council will decide next month whether to buy twelve of them for its wardens, "
            "who now walk the quay and the beach twice a day in all weathers.</p></article></body></html>")
    first = cleaner.clean(page, input="html").text
    assert "- Range**: 105km (65 mi.)" in first.split("\n")
    assert cleaner.clean(first, input="text").text == first


def test_an_extracted_article_keeps_its_date_line_as_a_clean_article_does() -> None:
    cleaner = Cleaner()
    page = ("<html><body><article><h1>Harbour council buys electric bicycles</h1>"
            "<p>Published 2 September 2024</p>"
            "<p>The harbour council tested the new electric bicycle on the eastern quay on Tuesday, and "
            "its riders said the battery lasted the whole of the six-hour trial without a recharge.</p>"
            "<p>The council will decide next month whether to buy twelve of them for its wardens, "
            "who now walk the quay and the beach twice a day in all weathers.</p></article></body></html>")
    result = cleaner.clean(page, input="html")
    assert result.text.split("\n\n")[:2] == ["Harbour council buys electric bicycles", "Published 2 September 2024"]
    date_line = next(d for d in result.decisions if d.text == "Published 2 September 2024")
    assert (date_line.kept, str(date_line.reason)) == (True, "heuristic:clean-page")
    assert result.metadata.date == "2024-09-02"
    assert cleaner.clean(result.text, input="text").text == result.text
