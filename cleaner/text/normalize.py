"""Normalize scraped text before it is cut into blocks.

One job: make the same article look the same however it was scraped. Line endings become
``\\n``; mojibake is repaired by ftfy, but only when a cheap check sees signs of it (ASCII text
never pays for ftfy); the text is put in NFC; zero-width spaces, word joiners, byte-order marks
and soft hyphens go, but zero-width joiners and non-joiners stay (they spell Persian and Indic
words and join emoji); bidi marks, embeddings and isolates stay on lines that hold right-to-left
letters, where they order mixed text, and go as stray from lines that hold none; non-breaking and other
exotic spaces become plain spaces; control characters (NUL included) go; trailing spaces go; and
markdown escapes of characters that carry no markup (``\\$``, ``\\.``, ``\\-``, ...) are undone.
Escapes that do carry markup (``\\[``, ``\\*``, ``\\_`` ...) stay until rendering, so that they
cannot turn into links or emphasis. Tabs become spaces and escapes are undone outside fenced code
blocks only: inside one, a tab or a backslash is the code's own (a Makefile's recipe, a regular
expression), kept as written.
"""

from __future__ import annotations

import re
import unicodedata

import regex

from cleaner.text.fences import fenced_blocks, may_hold_fences

__all__ = ["normalize", "needs_ftfy", "undo_harmless_escapes", "BIDI", "BIDI_CHARS"]

# Patterns of plain characters and classes use the standard library's ``re``: it scans for them two
# to three times faster than ``regex``, which only the Unicode properties below need.
# Byte sequences of UTF-8 read as Latin-1/cp1252 start with one of these lead characters followed
# by a character from the C1/Latin-1 upper half; "â€" is the start of every mojibake'd curly quote.
_MOJIBAKE = re.compile(r"[ÃÂÅÆÐÑØâ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|ï»¿|\ufffd")
_MOJIBAKE_LEADS = "ÃÂÅÆÐÑØâï\ufffd"
# Line breaks other than "\n" (and "\r\n", which is "\r" first).
_BREAK_CHARS = "\r\x0b\x0c\x85\u2028\u2029"
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_ZERO_WIDTH_CHARS = "\u200b\u2060\ufeff\u00ad"
# Bidi format characters: marks, embeddings and overrides, isolates.
BIDI_CHARS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI = re.compile(f"[{BIDI_CHARS}]")
# A letter written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko ... and their presentation forms).
_RTL_LETTER = regex.compile(r"(?=\p{L})[\p{Bidi_Class=R}\p{Bidi_Class=AL}]")
_SPACE_CHARS = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_CONTROL_CHARS = "".join(map(chr, (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)))
_CONTROL = re.compile(rf"[{_CONTROL_CHARS}\ud800-\udfff]")  # and the lone surrogates
# Escapes that html2text and crawlers add before characters that carry no inline markup. Escaped
# backslashes are matched too, a run of pairs at a time, and kept, so that the backslash after one
# is never read as the escape of the next character: "\\$" is a backslash and a dollar, and stays.
# The pattern opens with the backslash itself (not with a choice between two groups), so that
# ``re`` looks for it as a literal: fifty times faster through a page.
_HARMLESS_ESCAPE = re.compile(r"\\(?:(\\(?:\\\\)*)|([$.\-+!#&%'\"~<>|=:;,?@^{}/]))")


def _unescaped(match: re.Match[str]) -> str:
    return match.group(0) if match.group(1) else match.group(2)


def undo_harmless_escapes(text: str) -> str:
    r"""``text`` without the escapes of characters that carry no inline markup; an escaped
    backslash stays escaped.

    >>> print(undo_harmless_escapes(r"\\$5 or \$6, \\\: \[sic]"))
    \\$5 or $6, \\: \[sic]
    """
    return _HARMLESS_ESCAPE.sub(_unescaped, text) if "\\" in text else text


def _holds(text: str, chars: str) -> bool:
    """Whether ``text`` holds one of ``chars``. A page is searched once per character, which is
    still several times faster than a character class's search through a long text (most pages
    hold none of them).

    >>> _holds("a\u00a0b", _SPACE_CHARS), _holds("a b", _SPACE_CHARS)
    (True, False)
    """
    for char in chars:
        if char in text:
            return True
    return False


def _holds_control(text: str) -> bool:
    r"""Whether ``text`` holds a character that :data:`_CONTROL` removes: a control character
    (one search a character, as :func:`_holds` does) or a lone surrogate (which no UTF-8 encoding
    takes), four times faster than the pattern's search through a page.

    >>> _holds_control("a\x07b"), _holds_control("a\ud800b"), _holds_control("caf\u00e9\tb\n")
    (True, True, False)
    """
    if _holds(text, _CONTROL_CHARS):
        return True
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _fix_mojibake(text: str) -> str:
    # ftfy costs ~0.1 s to import: it is loaded the first time a page needs it, not with cleaner.
    import ftfy

    config = ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False,
                                  fix_line_breaks=True, normalization="NFC", explain=False)
    return ftfy.fix_text(text, config=config)


# Rounds of invisible-character removal and mojibake repair before normalization gives up.
_MAX_FIX_ROUNDS = 3


def needs_ftfy(text: str) -> bool:
    """Tell whether ``text`` shows signs of mojibake worth ftfy's time.

    >>> needs_ftfy("plain ASCII"), needs_ftfy("caf\u00c3\u00a9")
    (False, True)
    """
    # Each sign of mojibake opens with one of a few characters: most text holds none of them.
    return (not text.isascii() and any(lead in text for lead in _MOJIBAKE_LEADS)
            and _MOJIBAKE.search(text) is not None)


def _without_stray_bidi(text: str) -> str:
    """``text`` without the bidi format characters of lines that hold no right-to-left letter."""
    return "\n".join([line if _RTL_LETTER.search(line) or not BIDI.search(line) else BIDI.sub("", line)
                      for line in text.split("\n")])


def _invisible_and_spaces(text: str) -> str:
    """``text`` without zero-width characters, its exotic spaces made plain.

    One ``str.replace`` for each such character the text holds, not a character class's
    substitution: ``re`` tries the class at every position (a tenth of a markdown page's time,
    whose no-break spaces html2text keeps), ``replace`` jumps from one to the next. Neither
    replacement makes a character of the other set, so the order does not matter.

    >>> _invisible_and_spaces("a\u00a0b\u200b c\u2009d")
    'a b c d'
    """
    for char in _ZERO_WIDTH_CHARS:
        if char in text:
            text = text.replace(char, "")
    for char in _SPACE_CHARS:
        if char in text:
            text = text.replace(char, " ")
    return text


def _code_as_written(text: str, written: str) -> str:
    """``text`` with the lines inside its fenced code blocks as ``written`` (line for line the
    same text, before tabs became spaces and escapes were undone). The blocks are found in
    ``text``, and their fences stay as they read there, so that segmentation and normalizing
    again find the same blocks."""
    lines = text.split("\n")
    fences = fenced_blocks(lines)
    if fences:
        as_written = written.split("\n")
        for opening, closing in fences:
            lines[opening + 1:closing] = as_written[opening + 1:closing]
    return "\n".join(lines)


def normalize(text: str) -> str:
    """Return ``text`` normalized as the module docstring says.

    >>> normalize("It costs \\\\$17.95\\r\\nSecond\u00a0line\u200b  ")
    'It costs $17.95\\nSecond line'
    """
    if _holds(text, _BREAK_CHARS[:3] if text.isascii() else _BREAK_CHARS):
        text = _LINE_BREAKS.sub("\n", text)
    if _holds_control(text):
        text = _CONTROL.sub("", text)
    if not text.isascii():
        text = _invisible_and_spaces(unicodedata.normalize("NFC", text))
        # Fixing mojibake can reveal invisible characters, and removing them can join the halves
        # of a mojibake sequence: repeat until neither changes the text, so that normalizing
        # twice gives what normalizing once gave.
        for _ in range(_MAX_FIX_ROUNDS):
            if not needs_ftfy(text):
                break
            fixed = _invisible_and_spaces(_fix_mojibake(text))
            if fixed == text:
                break
            text = fixed
    if not text.isascii() and _holds(text, BIDI_CHARS):
        text = _without_stray_bidi(text)
    written = text
    if "\t" in text:
        text = text.replace("\t", " ")
    if "\\" in text:
        text = undo_harmless_escapes(text)
    if text is not written and may_hold_fences(text):
        text = _code_as_written(text, written)
    if " \n" in text or text.endswith(" "):
        # Line by line: three times faster than a multi-line pattern, and linear on any input.
        text = "\n".join([line.rstrip(" ") for line in text.split("\n")])
    return text.strip("\n")
