"""HTML input: extraction through trafilatura, furniture left inside the article removed by the
rules, the whole-page fallback, charsets declared in the page, and site HTML rules."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("trafilatura")

from cleaner import Cleaner  # noqa: E402
from cleaner.errors import RuleError  # noqa: E402
from cleaner.html.extract import check_html_examples, extract  # noqa: E402
from cleaner.rules.ruleset import load_rule_file  # noqa: E402
from cleaner.text.read import decode  # noqa: E402
from cleaner.tools.cli import main  # noqa: E402

VOTE = ("The harbour council voted seven to two on Tuesday night to build a new sea wall along the "
        "eastern quay, ending a debate that has run for almost three years.")
CRACKS = ("Engineers told the meeting that the old wall, finished in 1912, had cracked in four places "
          "during the winter storms and could fail within a decade.")
COST = ("The project will cost about twelve million pounds, most of it paid by a national flood "
        "defence fund, and work is due to start next spring.")

ARTICLE = f"""<!DOCTYPE html>
<html lang="en-GB"><head><title>Harbour council backs new sea wall | The Dover Gazette</title>
<meta name="author" content="Mary Clarke">
<meta property="og:site_name" content="The Dover Gazette">
<meta property="article:published_time" content="2023-03-14T09:30:00Z"></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Harbour council backs new sea wall</h1>
<p>{VOTE}</p>
<p>Share this article</p>
<p>{CRACKS}</p>
<p>Photo: John Smith/Dover Gazette</p>
<p>{COST}</p>
<p>Sign up for our daily newsletter.</p>
<p>About the author: Mary Clarke covers local government for the Gazette.</p>
<h2>Related stories</h2>
<ul><li><a href="/a">Budget passes after long night</a></li><li><a href="/b">Mayor resigns over ferry contract</a></li></ul>
<p>The original source of this article is The Dover Gazette</p>
</article>
<footer><p>Copyright 2023 The Dover Gazette. All rights reserved.</p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


def test_furniture_inside_the_article_is_removed(cleaner: Cleaner) -> None:
    result = cleaner.clean(ARTICLE)
    assert result.text == f"Harbour council backs new sea wall\n\n{VOTE}\n\n{CRACKS}\n\n{COST}"
    assert result.extraction == ("trafilatura: trafilatura found 123 words; "
                                 "removed first: headline list under 'Related stories'")
    dropped = [(d.text, d.reason) for d in result.decisions if not d.kept]
    assert dropped == [
        ("Share this article", "rule:share/share-prompt"),
        ("Photo: John Smith/Dover Gazette", "rule:credits/photo-credit-label"),
        ("Sign up for our daily newsletter.", "rule:newsletter/subscribe-newsletter"),
        ("About the author: Mary Clarke covers local government for the Gazette.", "rule:bio/about-the-author-label"),
        ("The original source of this article is The Dover Gazette", "rule:copyright/original-source"),
    ]


def test_html_metadata_comes_from_the_page(cleaner: Cleaner) -> None:
    metadata = cleaner.clean(ARTICLE, url="https://www.dovergazette.example/news/1").metadata
    assert metadata.to_dict() == {
        "title": "Harbour council backs new sea wall | The Dover Gazette",
        "author": "Mary Clarke",
        "date": "2023-03-14",
        "site": "The Dover Gazette",
        "section": None,
        "url": "https://www.dovergazette.example/news/1",
        "language": "en",
    }


def test_input_html_is_forced_and_bytes_are_read(cleaner: Cleaner) -> None:
    fragment = f"<p>{VOTE}</p><p>Share this article</p><p>{CRACKS}</p>"
    assert cleaner.clean(fragment.encode("utf-8"), input="html").text == f"{VOTE}\n\n{CRACKS}"
    with pytest.raises(ValueError, match="input must be one of text, markdown, html, not 'pdf'"):
        cleaner.clean(fragment, input="pdf")


FERRY = ("The ferry to Calais will stop running on Sundays from May, the operator said on Friday, "
         "after passenger numbers fell by a third over the winter months.")
SHOPS = "Local shops fear the change will cost them the weekend trade that the crossing brings."


def test_a_page_where_trafilatura_finds_nothing_falls_back_to_the_whole_page(cleaner: Cleaner) -> None:
    page = f"<html><body><footer><p>{FERRY}</p><p>{SHOPS}</p></footer></body></html>"
    result = cleaner.clean(page)
    assert result.text == f"{FERRY}\n\n{SHOPS}"
    assert result.extraction == "whole-page: trafilatura found 0 words of the page's 42 (< 25): whole page"
    assert "html: trafilatura found 0 words of the page's 42 (< 25): whole page" in result.warnings


def test_russian_windows_1251_bytes_with_a_meta_charset(cleaner: Cleaner) -> None:
    story = ("Городской совет Твери одобрил строительство нового моста через Волгу. Работы начнутся "
             "весной и продлятся три года, сообщил в пятницу мэр города.")
    page = f'<html><head><meta charset="windows-1251"></head><body><article><p>{story}</p></article></body></html>'
    data = page.encode("windows-1251")
    assert decode(data) == page
    result = cleaner.clean(data)
    assert result.text == story


def test_french_latin_1_bytes_with_an_http_equivalent_charset(cleaner: Cleaner) -> None:
    story = ("Le conseil municipal a approuvé vendredi la rénovation du théâtre, fermé depuis l'été "
             "dernier après la chute d'une partie du plafond. Les travaux coûteront près de deux millions d'euros.")
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>'
            f"<body><article><p>{story}</p></article></body></html>")
    result = cleaner.clean(page.encode("iso-8859-1"))
    assert result.text == story


SITE_RULES = """\
site: dovergazette.example
hosts: [dovergazette.example]
html:
  remove: [".share-box", "p.caption"]
  body: "div.story-body"
  examples:
    - in: '<div class="story-body"><p>The vote was close.</p><p class="caption">A quay.</p></div>'
      out: "The vote was close."
"""


def _site_page(body_class: str) -> str:
    return (f'<html><body><div class="promo"><p>{FERRY}</p></div>'
            f'<div class="{body_class}"><p>{VOTE}</p><div class="share-box"><p>Tweet this story to your friends now</p></div>'
            f'<p class="caption">The eastern quay at dawn, seen from the harbour office window on Monday.</p>'
            f"<p>{CRACKS}</p></div></body></html>")


def test_site_html_rules_pick_the_body_and_remove_elements(tmp_path: Path) -> None:
    (tmp_path / "dovergazette.example.yaml").write_text(SITE_RULES, encoding="utf-8")
    cleaner = Cleaner(rules=[tmp_path])
    result = cleaner.clean(_site_page("story-body"), url="https://dovergazette.example/a")
    assert result.text == f"{VOTE}\n\n{CRACKS}"
    assert result.extraction == "site-body: html.body 'div.story-body' matched 1 element(s)"


def test_site_html_body_that_matches_nothing_falls_back_to_trafilatura(tmp_path: Path) -> None:
    (tmp_path / "dovergazette.example.yaml").write_text(SITE_RULES, encoding="utf-8")
    result = Cleaner(rules=[tmp_path]).clean(_site_page("article-text"), url="https://dovergazette.example/a")
    assert result.extraction.startswith("trafilatura: ")
    assert "Tweet this story" not in result.text and "eastern quay at dawn" not in result.text
    assert VOTE in result.text and CRACKS in result.text


def test_site_html_examples_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dovergazette.example.yaml"
    path.write_text(SITE_RULES, encoding="utf-8")
    assert check_html_examples(load_rule_file(path)) == []
    path.write_text(SITE_RULES.replace('out: "The vote was close."', 'out: "The vote."'), encoding="utf-8")
    problems = check_html_examples(load_rule_file(path))
    assert [str(p) for p in problems] == [
        f"{path}:7: rule 'html': example gives 'The vote was close.' (site-body), expected 'The vote.'"]
    assert main(["rules", "check", str(tmp_path)]) == 1
    assert "1 files, 0 rules, 1 examples: 0 passed, 1 failed" in capsys.readouterr().out


@pytest.mark.parametrize(("html", "message"), [
    ('html:\n  remove: ["p..x"]\n  examples:\n    - {in: "<p>a</p>", out: "a"}\n',
     "{path}:4: rule 'html': bad CSS selector 'p..x' in 'remove': "),
    ('html:\n  body: ""\n  remove: [".a"]\n  examples:\n    - {in: "<p>a</p>", out: "a"}\n',
     "{path}:4: rule 'html': 'body' must be one CSS selector (a non-empty string)"),
    ('html:\n  bodi: "div"\n  examples:\n    - {in: "<p>a</p>", out: "a"}\n',
     "{path}:4: rule 'html': unknown key 'bodi', did you mean 'body'? (allowed: remove, body, examples)"),
    ('html:\n  body: "div"\n',
     "{path}:3: rule 'html': needs 'examples': a list of {{in, out}} or {{unchanged}} items"),
])
def test_bad_html_rules_are_rule_errors(tmp_path: Path, html: str, message: str) -> None:
    path = tmp_path / "x.example.yaml"
    path.write_text("site: x.example\nhosts: [x.example]\n" + html, encoding="utf-8")
    with pytest.raises(RuleError) as error:
        load_rule_file(path)
    assert str(error.value.problems[0]).startswith(message.format(path=path))


def test_extract_keeps_structure_of_a_site_body() -> None:
    page = ('<div id="main"><h2>Key points</h2><ul><li>Wall cracked</li><li>Cost <a href="/c">£12m</a></li></ul>'
            "<blockquote>It will hold.</blockquote><script>track()</script></div>")
    found = extract(page, body="#main")
    assert found.text == "## Key points\n\n- Wall cracked\n\n- Cost [£12m](/c)\n\n> It will hold."


BLOG_POST = ("The lighthouse keeper's cottage on the south cliff reopened to visitors on Saturday after "
             "two years of repairs to its roof, its chimney and the old lamp room.")
BLOG_MORE = ("Volunteers from the village spent most weekends of the last winter scraping and painting "
             "the iron railings that run along the cliff path to the cottage door.")
COMMENT = ("Lovely to see it open again, we walked up there last summer and it looked so sad with "
           "the scaffolding all over it and the windows boarded up.")


def _blog(after: str) -> str:
    return (f"<html><body><div class='post'><h1>The cottage reopens</h1><p>{BLOG_POST}</p><p>{BLOG_MORE}</p>"
            f"{after}</div></body></html>")


def test_a_comment_thread_goes_from_its_heading_to_the_end_of_its_container(cleaner: Cleaner) -> None:
    thread = (f"<h2><a id='comments'></a>2 Comments</h2><p>{COMMENT}</p>"
              "<p class='posted'>Posted by: <a href='http://a.example'>Ann</a> | Mar 26, 2007 2:00 PM</p>"
              f"<p>{COMMENT.replace('Lovely', 'Grand')}</p><p class='posted'>Posted by: Bob | Mar 26, 2007 3:10 PM</p>")
    result = cleaner.clean(_blog(thread))
    assert result.text == f"The cottage reopens\n\n{BLOG_POST}\n\n{BLOG_MORE}"
    assert result.extraction.endswith("; removed first: comment thread from heading '2 Comments'")
    # A report's "Discussion" section is not a comment thread.
    report = cleaner.clean(_blog(f"<h2>Discussion</h2><p>{COMMENT}</p>"))
    assert COMMENT in report.text and "removed first" not in report.extraction


def test_a_comment_form_goes_but_a_form_wrapping_the_page_stays(cleaner: Cleaner) -> None:
    form = ("<form action='/post'><p>Your email address will not be published.</p><label>Name</label>"
            "<input name='n'><label>Website</label><input name='w'><textarea name='c'></textarea></form>")
    result = cleaner.clean(_blog(form))
    assert result.text == f"The cottage reopens\n\n{BLOG_POST}\n\n{BLOG_MORE}"
    assert result.extraction.endswith("; removed first: comment form")
    # A page built inside one big form (as some frameworks do) keeps its article.
    page = f"<html><body><form><h1>The cottage reopens</h1>{(f'<p>{BLOG_POST}</p><p>{BLOG_MORE}</p>') * 3}<textarea></textarea></form></body></html>"
    assert BLOG_MORE in cleaner.clean(page).text


def test_a_headline_list_under_a_most_popular_heading_goes_but_prose_after_it_stays(cleaner: Cleaner) -> None:
    headlines = ("<h3>Most Popular</h3><ul><li><a href='/1'>Harbour wall to be rebuilt</a></li>"
                 "<li><a href='/2'>Ferry cuts Sunday crossings</a></li><li><a href='/3'>Mayor resigns</a></li></ul>")
    result = cleaner.clean(_blog(headlines))
    assert result.text == f"The cottage reopens\n\n{BLOG_POST}\n\n{BLOG_MORE}"
    assert result.extraction.endswith("; removed first: headline list under 'Most Popular'")
    # Headlines followed by their teasers are a headline list too.
    teasers = ("<h3>Recommended</h3><ul><li><a href='/1'>Harbour wall to be rebuilt</a> The council found the "
               "money after a long debate about the eastern quay and its cracks.</li><li><a href='/2'>Ferry "
               "cuts Sunday crossings</a> Passenger numbers fell by a third over the winter months, said the operator.</li></ul>")
    result = cleaner.clean(_blog(teasers))
    assert result.text == f"The cottage reopens\n\n{BLOG_POST}\n\n{BLOG_MORE}"
    assert result.extraction.endswith("; removed first: headline list under 'Recommended'")
    # A heading that only sounds like one, followed by prose, is left to trafilatura and the rules.
    prose = f"<h2>Related stories</h2><p>{COMMENT}</p>"
    assert cleaner.clean(_blog(prose)).extraction == "trafilatura: trafilatura found 89 words"


def test_text_after_an_early_closing_html_tag_is_read(cleaner: Cleaner) -> None:
    page = (f"<html><body><div id='toolbar'>Archive toolbar</div></body></html>"
            f"<html><body><article><h1>The cottage reopens</h1><p>{BLOG_POST}</p><p>{BLOG_MORE}</p></article></body></html>")
    assert cleaner.clean(page).text == f"The cottage reopens\n\n{BLOG_POST}\n\n{BLOG_MORE}"


def test_a_page_that_opens_with_a_meta_tag_is_read_as_html(cleaner: Cleaner) -> None:
    page = f'<meta name="verify-v1" content="x" />\n<div align="center"><p>{BLOG_POST}</p><p>{BLOG_MORE}</p></div>'
    result = cleaner.clean(page, url="https://cottage.example/2012/10/reopens/")
    assert result.extraction.startswith("trafilatura: ")
    assert result.text == f"{BLOG_POST}\n\n{BLOG_MORE}"


def test_link_targets_in_markdown_are_resolved_against_the_url(cleaner: Cleaner) -> None:
    page = _blog(f"<p>{COMMENT} See the <a href='/visit'>opening hours</a> and the <a href='#map'>map</a>.</p>")
    result = cleaner.clean(page, url="https://cottage.example/news/1", output="markdown")
    assert "[opening hours](https://cottage.example/visit)" in result.text
    assert "[map](#map)" in result.text


# A layout table's menu row, one link to a cell.
NAV_CELLS = "".join(f"<td><a href='/{n}'>{n.title()}</a></td>" for n in ("home", "news", "sport", "weather", "travel"))


def test_a_layout_table_is_read_cell_by_cell(cleaner: Cleaner) -> None:
    page = (f"<html><body><table><tr><td><table><tr>{NAV_CELLS}</tr></table></td></tr><tr><td><h1>The cottage reopens</h1>"
            f"<p>{BLOG_POST}</p><p>{BLOG_MORE}</p></td><td><p>Advertisement</p><p>Weather: Dover 12C, cloudy</p></td></tr>"
            "<tr><td>Copyright 2005 The Cliff Times</td></tr></table></body></html>")
    result = cleaner.clean(page)
    # Read as one table, the row would come out as one line: "| The cottage reopens The lighthouse ... | Advertisement ... |".
    assert result.text == f"{BLOG_POST}\n\n{BLOG_MORE}\n\nWeather: Dover 12C, cloudy"
    assert result.extraction.endswith("; removed first: 1 layout table(s) read as blocks")


def test_the_loose_lead_of_a_layout_cell_is_read_as_a_paragraph(cleaner: Cleaner) -> None:
    lead = "The cottage on the south cliff is open again, and the village is glad of it."
    # A lead in bold straight inside the cell's <font>, before the paragraphs (unclosed, as old pages wrote them).
    page = (f"<html><body><table><tr><td><table><tr>{NAV_CELLS}</tr></table></td></tr><tr><td><font size=2><b>{lead}</b>"
            f"<p>{BLOG_POST}<p>{BLOG_MORE}</font></td><td><p>Advertisement</p></td></tr>"
            "<tr><td>Copyright 2005 The Cliff Times</td></tr></table></body></html>")
    result = cleaner.clean(page)
    assert result.text == f"{lead}\n\n{BLOG_POST}\n\n{BLOG_MORE}"
    assert result.extraction == "trafilatura: trafilatura found 73 words; removed first: 1 layout table(s) read as blocks"


def test_a_comments_box_above_the_article_does_not_take_the_article_along(cleaner: Cleaner) -> None:
    page = (f"<html><body><h3>Comments</h3><p><a href='/c/1'>Ann on the ferry</a></p>"
            f"<article><h1>The cottage reopens</h1><p>{BLOG_POST}</p><p>{BLOG_MORE}</p></article></body></html>")
    result = cleaner.clean(page)
    assert BLOG_POST in result.text and BLOG_MORE in result.text
    assert "removed first" not in result.extraction


def test_a_data_table_inside_a_layout_table_stays_a_table() -> None:
    from lxml import html as lxml_html

    from cleaner.html.prune import prune_furniture

    page = lxml_html.fromstring("<html><body><table><tr><td><h1>Results</h1><table><tr><th>Team</th><th>Points</th>"
                                "</tr><tr><td>Dover</td><td>12</td></tr></table></td></tr></table></body></html>")
    assert prune_furniture(page) == ["1 layout table(s) read as blocks"]
    assert [t.tag for t in page.iter("table", "tr", "td", "th")] == ["table", "tr", "th", "th", "tr", "td", "td"]


def test_a_second_heading_inside_a_removed_thread_is_not_reported_again() -> None:
    from lxml import html as lxml_html

    from cleaner.html.prune import prune_furniture

    page = lxml_html.fromstring(f"<html><body><div><p>{BLOG_POST}</p><h2>Comments</h2><p>{COMMENT}</p>"
                                "<h3>Leave a Reply</h3><form><textarea></textarea></form></div></body></html>")
    assert prune_furniture(page) == ["comment thread from heading 'Comments'"]


def test_site_selectors_see_the_page_before_layout_tables_are_rewritten(tmp_path: Path) -> None:
    (tmp_path / "cliff.example.yaml").write_text(
        "site: cliff.example\nhosts: [cliff.example]\nhtml:\n  body: td.story\n  examples:\n"
        "    - in: '<table><tr><td class=story><p>The vote was close.</p></td></tr></table>'\n"
        "      out: 'The vote was close.'\n", encoding="utf-8")
    page = (f"<html><body><table><tr><td><a href='/'>Home</a></td><td class='story'><p>{BLOG_POST}</p>"
            f"<p>{BLOG_MORE}</p></td></tr></table></body></html>")
    result = Cleaner(rules=[tmp_path]).clean(page, url="https://cliff.example/a")
    assert result.extraction == "site-body: html.body 'td.story' matched 1 element(s)"
    assert result.text == f"{BLOG_POST}\n\n{BLOG_MORE}"


def test_links_and_emphasis_reach_the_markdown_without_changing_the_text(cleaner: Cleaner) -> None:
    page = _blog("<p>The keeper's log, <em>Notes from the Cliff </em>was read aloud by <a href='/people/ann hale '>"
                 "Ann Hale</a> on<a href='/x'> Saturday</a>, the <strong>first</strong> time in <b>fifty</b>years.</p>")
    markdown = cleaner.clean(page, output="markdown").text
    assert markdown.endswith("The keeper's log, *Notes from the Cliff* was read aloud by [Ann Hale](/people/ann%20hale) "
                             "on [Saturday](/x), the **first** time in fiftyyears.")
    assert cleaner.clean(page).text.endswith("The keeper's log, Notes from the Cliff was read aloud by Ann Hale on "
                                             "Saturday, the first time in fiftyyears.")


def test_a_declared_charset_that_is_no_text_encoding_is_ignored() -> None:
    for name in ("rot13", "base64", "undefined"):
        page = f'<html><head><meta charset="{name}"></head><body><p>Caf\xe9 cr\xe8me</p></body></html>'
        assert decode(page.encode("cp1252")) == page


def test_a_utf_8_page_with_one_invalid_byte_stays_utf_8() -> None:
    text = "Fundacja Wspólna Europa otworzyła w sobotę nową bibliotekę. " * 3
    data = text.encode("utf-8")
    assert decode(data[:20] + b"\xff" + data[20:]) == text[:19] + "\ufffd" + text[19:]


def test_a_corpus_page_with_an_invalid_byte_comes_out_as_expected(cleaner: Cleaner) -> None:
    # Kept out of corpus/manifest.jsonl: the tests that read every corpus page as UTF-8 text.
    page = Path(__file__).parent.parent / "corpus" / "html" / "stray-byte.html"
    expected = page.with_name("stray-byte.expected.txt").read_text(encoding="utf-8").rstrip("\n")
    assert cleaner.clean(page.read_bytes()).text == expected
    assert "Wspólna" in expected and "\ufffd" in expected


def test_the_page_date_comes_from_its_metadata_not_from_an_embedded_tweet(cleaner: Cleaner) -> None:
    page = (Path(__file__).parent.parent / "corpus" / "html" / "tweet-embed.html").read_bytes()
    result = cleaner.clean(page)
    assert result.metadata.date == "2019-11-02"
    assert "— Mary Clarke (@maryclarke) November 1, 2019" in result.text.split("\n")


def test_the_full_run_policy_names_its_reason(cleaner: Cleaner) -> None:
    forum = (Path(__file__).parent.parent / "corpus" / "html" / "forum-thread.html").read_bytes()
    assert cleaner.clean(forum).extraction == (
        "trafilatura: trafilatura found 97 words; the page's headline put first; with its fallback "
        "extractors (the page's paragraphs hold 0% of the fast result)")
    assert cleaner.clean(ARTICLE).extraction.startswith("trafilatura: trafilatura found 123 words; removed first")


def test_a_short_post_found_whole_gets_no_furniture_around_it(cleaner: Cleaner) -> None:
    post = "The blog takes a short break while we sail the coast to Dover. New posts will follow when we are back in April."
    page = (f"<html><body><ul><li><a href='/1'>March 2024</a></li><li><a href='/2'>February 2024</a></li>"
            f"<li><a href='/3'>January 2024</a></li><li><a href='/4'>December 2023</a></li></ul><div class='post'><p>{post}"
            f"</p></div><div>Tags: <a href='/t/s'>sailing</a>, <a href='/t/n'>news</a>, <a href='/t/d'>Dover</a>, "
            "<a href='/t/c'>coast</a>, <a href='/t/b'>boats</a>, <a href='/t/w'>weather</a></div></body></html>")
    result = cleaner.clean(page)
    assert result.text == post
    assert result.extraction == "trafilatura: trafilatura found 23 words"


class _Alarm(BaseException):
    """What a per-record time limit raises: no ``except Exception`` inside an extractor catches it."""


def test_a_time_limit_raised_inside_trafilatura_is_not_swallowed(cleaner: Cleaner,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura.core

    def out_of_time(*args: object, **kwargs: object) -> None:
        raise _Alarm

    monkeypatch.setattr(trafilatura.core, "extract_content", out_of_time)
    with pytest.raises(_Alarm):
        cleaner.clean(ARTICLE)


def test_a_page_written_with_the_marks_characters_keeps_them(cleaner: Cleaner) -> None:
    signs = "\U0001D900\U0001D800\U0001D9F0 \U0001D9F1"
    page = _blog(f"<p>{COMMENT} The sign reads {signs} in the guide, says <a href='/g'>the guide</a>.</p>")
    result = cleaner.clean(page, output="markdown")
    assert f"The sign reads {signs} in the guide, says the guide." in result.text


def test_the_headline_left_out_by_trafilatura_is_put_first(cleaner: Cleaner) -> None:
    page = (f"<html><head><title>The cottage reopens | Cliff Times</title></head><body><header><h1>The cottage "
            f"reopens</h1></header><div class='byline'>By Ann Hale</div><article><p>{BLOG_POST}</p><p>{BLOG_MORE}</p>"
            "</article></body></html>")
    result = cleaner.clean(page, output="markdown")
    assert result.text == f"# The cottage reopens\n\n{BLOG_POST}\n\n{BLOG_MORE}"
    assert result.extraction == "trafilatura: trafilatura found 59 words; the page's headline put first"


def test_a_blog_post_title_in_an_h3_is_its_headline(cleaner: Cleaner) -> None:
    page = (f"<html><head><title>Cliff Times: The cottage reopens</title></head><body><header><h3 class='post-title'>"
            f"The cottage reopens</h3></header><div class='byline'>By Ann Hale</div><article><p>{BLOG_POST}</p>"
            f"<p>{BLOG_MORE}</p></article></body></html>")
    result = cleaner.clean(page, output="markdown")
    assert result.text == f"# The cottage reopens\n\n{BLOG_POST}\n\n{BLOG_MORE}"
    assert result.extraction == "trafilatura: trafilatura found 59 words; the page's headline put first"


def test_what_the_page_hides_from_its_readers_is_not_extracted(cleaner: Cleaner) -> None:
    archived = ("This archived copy of the page was captured by a web crawler on 8 April 2005 and is kept "
                "for research.")
    thanks = "Thank you for signing up to the newsletter of the cliff village, we will write to you every week."
    page = _blog(f"<div style='DISPLAY: none'><p>{archived}</p></div><p hidden>{thanks}</p>"
                 f"<p style='visibility:hidden'>{thanks}</p>")
    result = cleaner.clean(page)
    assert result.text == f"The cottage reopens\n\n{BLOG_POST}\n\n{BLOG_MORE}"
    assert result.extraction == "trafilatura: trafilatura found 59 words"


TIPS = ["Wear <b>good boots</b>: the path is steep and the chalk is slippery after rain.",
        "Take water, since there is no cafe at the top and the walk takes an hour.",
        "Keep dogs on a lead near the edge, where the fence is still being mended."]


def _story(between: str) -> str:
    # A container trafilatura does not recognise: it reads the page paragraph by paragraph.
    return (f"<html><body><div class='story_text'><p>{BLOG_POST} Before you go:</p>{between}<p>{BLOG_MORE}</p>"
            "</div></body></html>")


def test_a_list_trafilatura_left_out_between_two_paragraphs_it_kept_is_put_back(cleaner: Cleaner) -> None:
    result = cleaner.clean(_story("<ul>" + "".join(f"<li>{tip}</li>" for tip in TIPS) + "</ul>"), output="markdown")
    assert result.text == (f"{BLOG_POST} Before you go:\n\n- Wear **good boots**: the path is steep and the chalk is "
                           "slippery after rain.\n- Take water, since there is no cafe at the top and the walk takes "
                           "an hour.\n- Keep dogs on a lead near the edge, where the fence is still being mended.\n\n"
                           f"{BLOG_MORE}")
    assert result.extraction == ("trafilatura: trafilatura found 104 words; "
                                 "1 list(s) it left out between its paragraphs put back")


def test_a_list_of_links_between_two_paragraphs_stays_out(cleaner: Cleaner) -> None:
    links = "".join(f"<li><a href='/{n}'>{title}</a></li>" for n, title in enumerate(
        ["Harbour wall to be rebuilt next spring", "Ferry fares rise again", "New lifeboat named"]))
    result = cleaner.clean(_story(f"<ul>{links}</ul>"), output="markdown")
    assert result.text == f"{BLOG_POST} Before you go:\n\n{BLOG_MORE}"
    assert result.extraction == "trafilatura: trafilatura found 59 words"


@pytest.mark.parametrize("heading", ["More galleries", "More videos", "Latest photos", "Popular pictures"])
def test_a_list_of_galleries_or_videos_under_its_heading_goes(heading: str) -> None:
    from lxml import html as lxml_html

    from cleaner.html.prune import prune_furniture

    teasers = "".join(f"<li><h3><a href='/g/{n}'>{title}</a></h3><p>{teaser}</p></li>" for n, (title, teaser) in enumerate(
        [("Harbour lights", "The best pictures from the festival"), ("Storm night", "24 hours of news photos")]))
    page = lxml_html.fromstring(f"<html><body><div><p>{BLOG_POST}</p><h2>{heading}</h2><ul>{teasers}</ul></div></body></html>")
    assert prune_furniture(page) == [f"headline list under {heading!r}"]
    assert [p.text_content() for p in page.iter("p")] == [BLOG_POST]


def test_a_paragraph_trafilatura_gives_twice_is_kept_once_where_it_comes_last(cleaner: Cleaner) -> None:
    page = (f"<html><body><article><h1>The cottage reopens</h1><p>{BLOG_MORE}</p><p>{BLOG_POST}</p>"
            f"<p>{BLOG_MORE}</p></article></body></html>")
    result = cleaner.clean(page)
    assert result.text == f"The cottage reopens\n\n{BLOG_POST}\n\n{BLOG_MORE}"
    assert result.extraction == "trafilatura: trafilatura found 59 words; 1 repeated paragraph(s) dropped"


def test_a_short_line_a_post_repeats_on_purpose_stays(cleaner: Cleaner) -> None:
    download = "You can download the demo in high resolution below."
    page = (f"<html><body><article><h1>The cottage reopens</h1><p>{BLOG_POST}</p><p>{download}</p>"
            f"<p>{BLOG_MORE}</p><p>{download}</p></article></body></html>")
    result = cleaner.clean(page)
    assert result.text == f"The cottage reopens\n\n{BLOG_POST}\n\n{download}\n\n{BLOG_MORE}\n\n{download}"
    assert result.extraction == "trafilatura: trafilatura found 77 words"
