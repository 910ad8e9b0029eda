"""A body reads back as it was written, so cleaning it again changes nothing: in text output
written one line per block, a paragraph whose emphasis spans its lines ("**Bold" and "text**",
each plain alone) is made plain once joined; a body written one line per block whose code block
holds blank lines enough to read back paragraph by paragraph is written paragraph by paragraph;
backslashes and escapes read back as they were written; no line outside code is written as a
fence, or a marker, that would read back as one."""

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


# Eleven lines with text and one blank line (inside the code block): read one line per block. Less
# the separator, the body has ten and would read back paragraph by paragraph.
CODE_PAGE = "```\n\n```\n" + "Step.\n" * 8 + "***"


def test_a_code_blocks_blank_line_does_not_turn_the_body_into_paragraphs() -> None:
    cleaner = Cleaner()
    for output in ("text", "markdown"):
        once = cleaner.clean(CODE_PAGE, output=output)
        assert (once.text, once.line_mode) == ("```\n\n```\n\n" + "\n\n".join(["Step."] * 8), False)
        assert cleaner.clean(once.text, output=output, site=once.site_file).text == once.text


SENTENCE = "The council met at {} last night, the clerk said."


def test_a_long_run_of_backslashes_is_one_backslash_in_text_output() -> None:
    # Each round of markup removal halves a run (an escaped backslash is one backslash), and the
    # rounds stopped after eight: 300 backslashes came out as two, which the next cleaning halved.
    cleaner = Cleaner()
    for run in (2, 300, 5000):
        once = cleaner.clean(SENTENCE.format("\\" * run), output="text")
        assert once.text == SENTENCE.format("\\")
        assert cleaner.clean(once.text, output="text").text == once.text


def test_an_escaped_backslash_does_not_escape_the_character_after_it() -> None:
    # Normalization undid "\\$" as if it were "\" and an escaped "$": markdown output wrote "\$",
    # read again as "$"; text output wrote "\&" ("&" is no markup to the renderer), read again as "&".
    cleaner = Cleaner()
    for written, markdown, text in [("\\\\$", "\\\\$", "$"), ("\\\\&", "\\\\&", "&"),
                                    ("\\\\\\:", "\\\\:", ":"), ("\\.", ".", ".")]:
        page = SENTENCE.format(written)
        assert [cleaner.clean(page, output=output).text for output in ("markdown", "text")] == [
            SENTENCE.format(markdown), SENTENCE.format(text)]
        for output in ("markdown", "text"):
            once = cleaner.clean(page, output=output).text
            assert cleaner.clean(once, output=output).text == once


def test_a_fence_as_a_headings_text_is_not_written_in_text_output() -> None:
    # "# ```python" wrote "```python", which read again opened a code block with the lone fence
    # after it (a paragraph: it closes nothing), and "x = 1" was written apart from it.
    cleaner = Cleaner()
    for page, text in [("# ```python\n\n```\nx = 1\n", "python\n\nx = 1"), ("# ```", ""),
                       ("Vote.\n\n> ~~~ Quoted words.\n\n## ```", "Vote.\n\nQuoted words."),
                       ("- Items:\n  ```\n- Done.", "- Items:\n- Done.")]:
        once = cleaner.clean(page, output="text")
        assert once.text == text
        assert cleaner.clean(once.text, output="text", site=once.site_file).text == text
        assert cleaner.clean(page, output="markdown").text == page.rstrip("\n")


def test_a_heading_or_quote_whose_text_reads_as_a_quote_loses_that_marker_too() -> None:
    cleaner = Cleaner()
    once = cleaner.clean("> `> a` quoted", output="text")
    assert once.text == "a quoted"
    assert cleaner.clean(once.text, output="text", site=once.site_file).text == once.text
