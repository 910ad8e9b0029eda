"""Hostile HTML: entity bombs, external entities, broken markup, odd charsets and huge attributes
each clean without an exception, without reading local files, within a generous bound."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, clean
from conftest import within

BOUND = 20.0
BODY = "The vote was close, said the clerk of the council on Tuesday evening."
ARTICLE = f"<p>{BODY}</p>"


def _clean(page: str | bytes) -> str:
    text = within(BOUND, lambda: clean(page))
    assert isinstance(text, str)
    return text


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{n} "' + f"&lol{n - 1};" * 10 + '">' for n in range(1, 10)).replace("&lol0;", "&lol;")
          + "]>")


@pytest.mark.parametrize("page", [
    LAUGHS + f"<html><body><p>&lol9;</p>{ARTICLE}</body></html>",
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f"<html><body><p>&xxe;</p>{ARTICLE}</body></html>",
    '<!DOCTYPE html><html><body><svg><!ENTITY x SYSTEM "file:///etc/hostname"></svg>'
    f'<img src="file:///etc/passwd">{ARTICLE}</body></html>',
], ids=["billion-laughs", "external-entity", "entity-in-svg"])
def test_entities_are_not_expanded_nor_files_read(page: str) -> None:
    text = _clean(page)
    assert BODY in text and "root:" not in text and "lollollol" not in text


@pytest.mark.parametrize("page", [
    f'<html><body><div class="{"x" * 1_000_000}">{ARTICLE}</div></body></html>',
    f'<html><body><a href="{"/a" * 500_000}">link</a>{ARTICLE}</body></html>',
    "<html><body>" + "<p>" * 100_000 + BODY + "</body></html>",
    "<html><body>" + "<!--" * 50_000 + ARTICLE + "</body></html>",
    "<html><body><script>" + "x" * 2_000_000 + f"</script>{ARTICLE}</body></html>",
    "<html><body>" + "&amp;" * 200_000 + ARTICLE + "</body></html>",
    "<html><body><table>" + "<tr><td>a</td></tr>" * 10_000 + f"</table>{ARTICLE}</body></html>",
    "<html>" + "<head>" * 10_000 + f"<body>{ARTICLE}</body></html>",
    f"<html><body>{ARTICLE}</body></html>\x00" * 1_000,
], ids=["huge-class", "huge-href", "unclosed-paragraphs", "open-comments", "huge-script", "many-entities",
        "big-table", "repeated-heads", "nul-separated"])
def test_hostile_markup_finishes(page: str) -> None:
    _clean(page)


@pytest.mark.parametrize("head", [
    '<meta charset="base64">', '<meta charset="utf-16">', '<meta charset="x-user-defined">',
    '<meta http-equiv="Content-Type" content="text/html; charset=zlib">', '<meta charset="' + "a" * 10_000 + '">',
], ids=["base64", "utf-16", "x-user-defined", "zlib", "long-name"])
def test_a_declared_charset_never_ends_the_page(head: str) -> None:
    page = f"<html><head>{head}</head><body><p>{BODY} Caf\xe9.</p></body></html>".encode("latin-1")
    assert BODY in _clean(page)


def test_html_in_utf16_without_a_byte_order_mark() -> None:
    page = f"<html><body><p>{BODY} Café.</p></body></html>"
    assert _clean(page.encode("utf-16-le")) == f"{BODY} Café."


def test_a_page_of_one_long_table_row_keeps_what_the_rules_leave() -> None:
    """Never nothing from a page with text: when the heuristics drop all of the extracted
    article (here a row of 40 cells, a menu line to them), it keeps what the rules leave."""
    page = "<html><body><table><tr>" + "".join(f"<td>Cell {i}</td>" for i in range(40)) + "</tr></table></body></html>"
    result = Cleaner().clean(page)
    assert result.text == "| " + " | ".join(f"Cell {i}" for i in range(40)) + " |"
    assert result.warnings == ("html: the heuristics kept nothing of the extracted article; kept what the rules left",)



MOSCOW = "Москва, столица России, крупнейший по численности населения город страны."
XHTML = ('<?xml version="1.0" encoding="{encoding}"?>\n'
         '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
         '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Город</title></head>'
         f'<body><p>{MOSCOW}</p><p>{BODY}</p></body></html>')


@pytest.mark.parametrize("encoding", ["windows-1251", "koi8-r", "utf-8"])
def test_an_xhtml_page_is_html_in_the_encoding_its_xml_declaration_names(encoding: str) -> None:
    # It used to be read as plain text (its first line the XML declaration, not an HTML opener):
    # the page's one long line of markup went as furniture and only the declaration was left;
    # as bytes, the declared encoding was not read and the Cyrillic came out as cp1252 mojibake.
    page = XHTML.format(encoding=encoding)
    assert _clean(page) == _clean(page.encode(encoding)) == f"{MOSCOW}\n\n{BODY}"


def test_a_frameset_page_gives_the_body_of_its_noframes() -> None:
    # Its <noframes> is raw text to the parser: the markup inside came out as words ("<body><p>...").
    page = ('<frameset cols="50%,50%"><frame src="menu.html"><frame src="story.html">'
            f"<noframes><body>{ARTICLE}</body></noframes></frameset>")
    assert _clean(page) == BODY


@pytest.mark.parametrize("page, expected", [
    (f'<html><head><title>Vote {" " * 100_000}tonight</title></head><body>{ARTICLE}</body></html>', BODY),
    (f"<html><body><p>{BODY} " + "![a" * 30_000 + "</p></body></html>", f"{BODY} " + "![a" * 30_000),
    (f"<html><body><p>{BODY} " + "[a](" * 30_000 + "</p></body></html>", f"{BODY} " + "[a](" * 30_000),
    ("<html><body>" + "<div>" * 3000 + ARTICLE + "<a " * 60_000 + "</body></html>", BODY),
], ids=["title-of-spaces", "unclosed-images", "unclosed-links", "unclosed-tags-too-deep"])
def test_runs_of_unclosed_markup_take_one_scan(page: str, expected: str) -> None:
    # Each took 40-70 s (the deep one 3 s), a pattern scanning from every space, bracket or "<"
    # to the end of the run: the title's separators, trafilatura's escaped brackets ("\[a") read
    # as link openers, the prose test's link texts, the flattened deep page's tags.
    assert _clean(page) == expected
