"""Inline markdown: turn a line as written into the plain text a reader sees.

One job: know markdown's inline markup. ``plain`` removes images, keeps link text, drops emphasis
and code markers and undoes the remaining escapes; ``link_chars`` counts how many characters of
the plain text sat inside links (the link density that heuristics use). Block-level markers
(headings, quotes, list bullets) are the business of :mod:`cleaner.text.blocks`.
"""

from __future__ import annotations

import re
from operator import methodcaller

import regex

from cleaner.text.normalize import BIDI

__all__ = ["plain", "plain_and_link_chars", "has_markup", "escape_markup", "IMAGE", "LINK"]

# Link and image text may not hold an unescaped "[": the innermost bracket pair is the link (as
# in CommonMark), and a run of "[" cannot make every match attempt rescan the rest of the line.
# Nor does an escaped "\[" open a link (CommonMark again): each one of a line of "\[a\](b)"
# scanned the rest of the line (an HTML page's literal brackets come escaped from trafilatura).
# A link target: escaped characters, anything but parentheses and spaces, or one level of
# balanced parentheses; then an optional "title". Each repetition is written unrolled, a run of
# plain characters between the escapes or groups (``[^\\]*(?:\\.[^\\]*)*`` for ``(?:\\.|[^\\])*``):
# the same matches, three times faster, since the engine takes a run in one step instead of
# trying the alternatives at every character.
_TEXT = r"[^\[\]\\]*(?:\\.[^\[\]\\]*)*"
_TARGET = (r"[^()\s\\]*(?:(?:\\.|\([^()\\]*(?:\\.[^()\\]*)*\))[^()\s\\]*)*"
           r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?")
# Links and images use the standard library's ``re``: it finds them about 1.5 times faster than
# ``regex`` (markdown pages hold many).
IMAGE = re.compile(r"!\[" + _TEXT + r"\](?:\(\s*" + _TARGET + r"\s*\)|\[[^\]]*\])")
LINK = re.compile(r"(?<!\\)\[(" + _TEXT + r")\](?:\(\s*" + _TARGET + r"\s*\)|\[[^\]]*\])")
_AUTOLINK = regex.compile(r"<((?:https?|ftp)://[^<>\s]+|[^<>\s@]+@[^<>\s@]+)>")
# Emphasis spans: opener, the shortest text up to a closer on the same line, closer. When an
# opener finds no closer, no later opener on its line can either, so "(*SKIP)" resumes the search
# at the end of the line instead of rescanning it once per opener (quadratic on hostile lines).
# Each delimiter has its own pattern so that one failing kind cannot skip over another.
_SPAN = r"(?:(.+?){close}|.*(*SKIP)(*FAIL))"
# A delimiter after a backslash is an escaped character, not markup: "\*a\*" reads "*a*"; nor does
# a run of four or more underscores ("____", a blank to fill in) open one.
_EMPHASIS = tuple((delimiter, regex.compile(opener + _SPAN.format(close=closer))) for delimiter, opener, closer in (
    ("**", r"(?<!\\)\*\*(?=\S)", r"(?<=[^\s\\])\*\*"),
    ("__", r"(?<![\\_])__(?!__)(?=\S)", r"(?<=[^\s\\])(?<!___)__"),
    ("*", r"(?<![\w*\\])\*(?=[^\s*])", r"(?<=[^\s*\\])\*(?![\w*])"),
    ("_", r"(?<![\w\\])_(?=[^\s_])", r"(?<=[^\s_\\])_(?!\w)"),
))
_STRIKE = regex.compile(r"~~(?=\S)" + _SPAN.format(close=r"(?<=\S)~~"))
# A code span opens at the start of a run of backticks; giving back part of the run never helps.
_CODE = regex.compile(r"(?<!`)`++([^`]++)`+")
# What each of the patterns above keeps of its match (a function: ``regex`` expands a template
# such as ``\1`` about three times slower).
_INNER = methodcaller("group", 1)
_ESCAPE = regex.compile(r"\\([\\`*_{}\[\]()#+\-.!$<>|~\"'])")
# Characters that would turn plain text into markdown links, emphasis or code.
_MARKUP = regex.compile(r"([\\\[\]*_`])")

def has_markup(text: str) -> bool:
    """Whether ``text`` holds a character that can open inline markup (``[]*_`~\\<``): a line
    without one is its own plain text. One substring search per character is several times
    faster than a set or a character class on long lines.

    >>> has_markup("plain words"), has_markup("snake_case")
    (False, True)
    """
    return ("[" in text or "]" in text or "*" in text or "_" in text or "`" in text or "~" in text
            or "\\" in text or "<" in text)


def plain_and_link_chars(text: str) -> tuple[str, int]:
    """Return the plain text of ``text`` and how many of its characters were link text. Bidi
    format characters are left out: rules match, and blocks are measured, as if they were not there.

    >>> plain_and_link_chars("See [the statement](#) and ![logo](a.png) **now**")
    ('See the statement and  now', 13)
    >>> plain_and_link_chars("\u200fShare this article")
    ('Share this article', 0)
    """
    if not text.isascii() and BIDI.search(text):
        text = BIDI.sub("", text)
    if not has_markup(text):
        return text, 0
    if "![" in text:
        text = IMAGE.sub("", text)
    link_chars = 0
    if "[" in text:
        pieces: list[str] = []
        end = 0
        for match in LINK.finditer(text):
            pieces.append(text[end:match.start()])
            inner = match.group(1)
            link_chars += len(inner)
            pieces.append(inner)
            end = match.end()
        pieces.append(text[end:])
        text = "".join(pieces)
    if "<" in text:
        text = _AUTOLINK.sub(_INNER, text)
    if "`" in text:
        text = _CODE.sub(_INNER, text)
    if "*" in text or "_" in text:  # every emphasis delimiter is made of them: most lines hold none
        for delimiter, pattern in _EMPHASIS:
            if delimiter in text:
                text = pattern.sub(_INNER, text)
    if "~" in text:
        text = _STRIKE.sub(_INNER, text)
    if "\\" in text:
        text = _ESCAPE.sub(_INNER, text)
    return text, link_chars


def plain(text: str) -> str:
    """Return the plain text of one line of markdown.

    >>> plain("Order [*Voices from Syria*](#) for \\\\[sic\\\\] $9.95 at snake_case_name")
    'Order Voices from Syria for [sic] $9.95 at snake_case_name'
    >>> plain("\\\\[not a link](/x)")
    '[not a link](/x)'
    """
    return plain_and_link_chars(text)[0]


def escape_markup(text: str) -> str:
    """``text`` (plain text, as a page shows it) with a backslash before each character that
    would make it markdown links, emphasis or code, so that it reads back as itself.

    >>> print(escape_markup("snake_case [sic] *not* bold"))
    snake\\_case \\[sic\\] \\*not\\* bold
    >>> plain(escape_markup("snake_case [sic] *not* bold"))
    'snake_case [sic] *not* bold'
    """
    return _MARKUP.sub(r"\\\1", text)
