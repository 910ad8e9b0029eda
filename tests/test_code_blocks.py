"""Fenced code blocks: one block each, kept as written (indentation, blank lines, fences)."""

from __future__ import annotations

from cleaner import Cleaner
from cleaner.text.blocks import segment
from cleaner.text.fences import FENCE_LENGTH_CAP
from conftest import within

SORT = ("Python sorts any iterable with a built-in function, and the sort is stable, which matters when "
        "records are sorted by one key after another.")
IN_PLACE = ("The list is sorted in place, so nothing is copied and the original order of equal keys is kept "
            "from one pass to the next.")
CODE = '```python\nrows = [("b", 2), ("a", 2)]\n\nfor key in (0, 1):\n    rows.sort(key=lambda row: row[key])\n```'
PAGE = (f"[Home](/) | [Blog](/blog) | [About](/about)\n\nShare this: [Twitter](https://t.example/s)\n\n"
        f"# Sorting records in Python\n\n{SORT}\n\n{CODE}\n{IN_PLACE}\n\n"
        "Subscribe to our newsletter for more tips!\n\n© 2024 Example Media. All rights reserved.")


def test_a_fenced_block_is_one_block_with_its_blank_lines_and_indentation() -> None:
    blocks = segment(f"{SORT}\n\n{CODE}\n{IN_PLACE}")
    assert [(b.kind, b.line, b.gap) for b in blocks] == [("paragraph", 1, True), ("code", 3, True),
                                                          ("paragraph", 9, False)]
    assert blocks[1].text == CODE
    assert blocks[1].plain == 'rows = [("b", 2), ("a", 2)]\n\nfor key in (0, 1):\n    rows.sort(key=lambda row: row[key])'
    assert (blocks[1].words, blocks[1].link_chars) == (17, 0)


def test_a_fence_closes_only_on_its_own_character_and_length() -> None:
    text = "~~~~\na = 1\n~~~\n```\nb = 2\n~~~~\nAfter."
    assert [(b.kind, b.text) for b in segment(text)] == [("code", "~~~~\na = 1\n~~~\n```\nb = 2\n~~~~"),
                                                          ("paragraph", "After.")]


def test_a_fence_never_closed_is_no_code_block() -> None:
    assert [b.kind for b in segment("```\nx = 1\n\nThe rest of the story.")] == ["paragraph", "paragraph"]


def test_a_scraped_page_keeps_its_code_as_written_in_text_and_markdown() -> None:
    cleaner = Cleaner()
    result = cleaner.clean(PAGE)
    assert result.text == f"Sorting records in Python\n\n{SORT}\n\n{CODE}\n\n{IN_PLACE}"
    assert [(d.kind, d.kept, str(d.reason)) for d in result.decisions][4] == ("code", True, "heuristic:code")
    assert cleaner.clean(PAGE, output="markdown").text == f"# Sorting records in Python\n\n{SORT}\n\n{CODE}\n\n{IN_PLACE}"
    for output in ("text", "markdown"):
        once = cleaner.clean(PAGE, output=output).text
        assert cleaner.clean(once, output=output).text == once


def test_a_post_that_is_only_code_is_kept() -> None:
    code = "~~~~\nfor attempt in range(5):\n    try:\n        return call()\n    except Timeout:\n        sleep(2 ** attempt)\n~~~~"
    page = (f"[Home](/) | [Blog](/blog) | [About](/about)\n\n# Snippet: retry with backoff\n\n{code}\n\n"
            "Share this: [Twitter](https://t.example/s)\n\n© 2024 Example Media. All rights reserved.")
    assert Cleaner().clean(page).text == f"Snippet: retry with backoff\n\n{code}"


def test_a_page_read_line_by_line_keeps_its_code_on_its_lines() -> None:
    code = "```\nfor key in (0, 1):\n    rows.sort(key=lambda row: row[key])\n```"
    page = f"Home | Blog | About\nSorting records in Python\n{SORT}\n{code}\n{IN_PLACE}\nFollow us on Twitter\n"
    cleaner = Cleaner()
    result = cleaner.clean(page)
    assert result.text == f"Sorting records in Python\n{SORT}\n{code}\n{IN_PLACE}"
    assert cleaner.clean(result.text).text == result.text


def test_html_code_keeps_its_indentation() -> None:
    html = ("<html><head><title>Sorting in Python</title></head><body><nav><a href='/'>Home</a></nav><article>"
            f"<h1>Sorting in Python</h1><p>{SORT}</p><pre><code>def f(x):\n    return sorted(x)</code></pre>"
            f"<p>{IN_PLACE}</p></article></body></html>")
    assert Cleaner().clean(html).text == (f"Sorting in Python\n\n{SORT}\n\n```\ndef f(x):\n    return sorted(x)\n```\n\n"
                                          f"{IN_PLACE}")


def test_fences_that_never_close_take_linear_time() -> None:
    # Each opening fence looks for its closing one: 20,000 that never close, each line long enough
    # that all of them are cut into blocks, took a minute when each looked through the rest.
    line = "~~~x " + "word " * 60
    blocks = within(20.0, lambda: segment((line + "\n") * 20_000))
    assert (len(blocks), {b.kind for b in blocks}) == (20_000, {"paragraph"})


def test_a_fence_longer_than_the_cap_closes_as_one_of_the_cap() -> None:
    opening = "`" * (FENCE_LENGTH_CAP + 4)
    assert [b.kind for b in segment(f"{opening}\nx = 1\n{'`' * FENCE_LENGTH_CAP}\nAfter.")] == ["code", "paragraph"]


MAKEFILE = "```make\nbuild:\n\tgcc -o app main.c\n\ttest -f app\n```"
PATTERN = '```python\nVERSION = re.compile(r"v\\d+\\.\\d+")\nprint("a\\tb")\n```'


def test_code_keeps_its_tabs_and_backslashes_where_prose_loses_them() -> None:
    # Outside code a tab is a space and an escape of a character without markup is undone; inside
    # code both are the code's own (a Makefile's recipe lines need their tabs).
    page = f"{SORT}\tStable.\n\n{MAKEFILE}\n\n{PATTERN}\n\nIt costs \\$5 a month,\tbilled yearly."
    cleaner = Cleaner()
    for output in ("text", "markdown"):
        cleaned = cleaner.clean(page, output=output).text
        assert cleaned == f"{SORT} Stable.\n\n{MAKEFILE}\n\n{PATTERN}\n\nIt costs $5 a month, billed yearly."
        assert cleaner.clean(cleaned, output=output).text == cleaned


def test_code_keeps_its_tabs_on_a_page_in_other_scripts() -> None:
    # Text that is not ASCII goes through another path of normalization (Unicode spaces, NFC).
    page = f"Die Funktion gibt die Liste zurück, sortiert nach dem\u00a0Schlüssel.\n\n{MAKEFILE}"
    assert Cleaner().clean(page).text == f"Die Funktion gibt die Liste zurück, sortiert nach dem Schlüssel.\n\n{MAKEFILE}"


def test_a_tab_or_escape_that_makes_a_fence_only_once_normalized_still_counts() -> None:
    # Code blocks are found as normalizing the text again finds them: "\\~~~" reads "~~~" once the
    # escape is undone, so the lines it opens are code, both times.
    page = f"\\~~~\n\tindented = True\n~~~\n\n{SORT}"
    once = Cleaner().clean(page).text
    assert once == f"~~~\n\tindented = True\n~~~\n\n{SORT}"
    assert Cleaner().clean(once).text == once


def test_html_code_keeps_its_tabs() -> None:
    html = ("<html><head><title>Make in five minutes</title></head><body><article><h1>Make in five minutes</h1>"
            f"<p>{SORT}</p><pre><code>build:\n\tgcc -o app main.c</code></pre><p>{IN_PLACE}</p></article></body></html>")
    assert Cleaner().clean(html).text == (f"Make in five minutes\n\n{SORT}\n\n```\nbuild:\n\tgcc -o app main.c\n```\n\n"
                                          f"{IN_PLACE}")


def test_a_bare_pre_indented_with_tabs_keeps_its_indentation() -> None:
    # trafilatura reads a <pre> whose lines are indented with spaces as code, but one indented
    # with tabs as a quote: its lines came out flush left ("def f(x):\nreturn sorted(x)").
    html = ("<html><head><title>Sorting in Python</title></head><body><article><h1>Sorting in Python</h1>"
            f"<p>{SORT}</p><pre>def f(x):\n\tif x:\n\t\treturn sorted(x)</pre><p>{IN_PLACE}</p></article></body></html>")
    code = "```\ndef f(x):\n        if x:\n                return sorted(x)\n```"
    assert Cleaner().clean(html).text == f"Sorting in Python\n\n{SORT}\n\n{code}\n\n{IN_PLACE}"
