"""Text output written one line per block: a paragraph whose emphasis spans its lines ("**Bold"
and "text**", each plain alone) is made plain once joined, so cleaning the text again changes
nothing."""

from __future__ import annotations

from cleaner import Cleaner

PAGE = "* * *\n\n**The harbour wall\nis finished** at last, the council said."


def test_emphasis_split_across_a_paragraphs_lines_is_plain_in_text_output() -> None:
    cleaner = Cleaner()
    once = cleaner.clean(PAGE, output="text")
    assert (once.text, once.line_mode) == ("The harbour wall is finished at last, the council said.", True)
    assert cleaner.clean(once.text, output="text", site=once.site_file).text == once.text


def test_markdown_output_keeps_the_emphasis_joined() -> None:
    once = Cleaner().clean(PAGE, output="markdown")
    assert once.text == "**The harbour wall is finished** at last, the council said."
