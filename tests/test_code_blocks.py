"""Fenced code blocks: one block each, kept as written (indentation, blank lines, fences)."""

from __future__ import annotations

from cleaner import Cleaner
from cleaner.text.blocks import FENCE_LENGTH_CAP, segment
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
