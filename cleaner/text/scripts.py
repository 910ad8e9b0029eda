"""How much text a string holds, whatever its script: words, weighted characters, sentence ends.

One job: script-aware measures. Scripts written without spaces between words have no "words" a
``\\w+`` run can count: a Chinese or Japanese sentence, a Thai paragraph is one run. Their
characters are counted instead: a run of Han or kana holds one word per ``HAN_CHARS_PER_WORD``
characters (Chinese words are one or two characters long), a run of Thai, Lao, Khmer or Myanmar
letters one per ``SOUTHEAST_CHARS_PER_WORD``. A Han or kana character also says as much as
``HAN_CHAR_WEIGHT`` Latin letters, and a Hangul or Ethiopic syllable as much as
``SYLLABLE_CHAR_WEIGHT``, which is what block lengths are weighed in. Sentence ends are
the Unicode ``Sentence_Terminal`` characters (``.!?`` and ``।॥۔።։؟。！？`` ...) and the ellipsis;
Thai and Lao write no sentence marks at all, which :func:`unpunctuated` tells.
"""

from __future__ import annotations

import re

import regex

__all__ = ["count_words", "spaced", "weighted_length", "SENTENCE_END", "CLOSERS", "unpunctuated", "HAN_CHARS_PER_WORD",
           "SOUTHEAST_CHARS_PER_WORD", "HAN_CHAR_WEIGHT", "SYLLABLE_CHAR_WEIGHT"]

# Chinese words average under two characters; Japanese mixes kanji and kana at about the same rate.
HAN_CHARS_PER_WORD = 2
# Thai, Lao, Khmer and Myanmar words average about five letters (with their vowel signs).
SOUTHEAST_CHARS_PER_WORD = 5
# A Han or kana character carries about as much as three Latin letters (a two-character Chinese
# word against an English word of five letters and its space) ...
HAN_CHAR_WEIGHT = 3
# ... and a Hangul or Ethiopic syllable about as much as two (a consonant and a vowel or more).
SYLLABLE_CHAR_WEIGHT = 2

_WORD = regex.compile(r"\w+")
_HAN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_SYLLABLE = regex.compile(r"[\p{Hangul}\p{Ethiopic}]")
_WEIGHTED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Ethiopic}]")
_SOUTHEAST = regex.compile(r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
SENTENCE_END = regex.compile(r"[\p{Sentence_Terminal}…]")
# What may close a sentence after its end mark: quotes and brackets.
CLOSERS = "»\"”’')]」』）"
_LETTER = regex.compile(r"\p{L}")
_NO_SENTENCE_MARKS = regex.compile(r"[\p{Thai}\p{Lao}]")
# Every character the script classes above can match lies in these ranges (Thai is the lowest,
# from U+0E01; Hangul and Ethiopic from U+1100; between U+2000 and U+2E7F only Ethiopic Extended,
# U+2D80-U+2DDF), which ``tests/test_scripts.py`` checks over all of Unicode. Most non-ASCII text
# (accented letters, quotes, dashes) holds none of them, and ``re``'s test for a range class is
# several times faster than ``regex``'s for a script property: the cheap search decides first.
_MAY_BE_UNSPACED = re.compile("[\u0e00-\u1fff\u2e80-\U0010ffff]")
_MAY_BE_WEIGHTED = re.compile("[\u1100-\u1fff\u2d80-\U0010ffff]")


def count_words(text: str) -> int:
    """How many words ``text`` holds: runs of ``\\w``, with runs in scripts written without
    spaces counted by their characters.

    >>> count_words("Share this, 2 times!"), count_words("北京市政府今天宣布了新的计划。"), count_words("ภาษาไทยง่ายมาก")
    (4, 7, 3)
    """
    runs = _WORD.findall(text)
    if spaced(text):
        return len(runs)
    words = 0
    for run in runs:
        han = len(_HAN.findall(run))
        southeast = len(_SOUTHEAST.findall(run))
        if han or southeast:
            rest = len(run) - han - southeast
            words += (-(-han // HAN_CHARS_PER_WORD) + -(-southeast // SOUTHEAST_CHARS_PER_WORD)
                      + (1 if rest >= 3 else 0))
        else:
            words += 1
    return words


def spaced(text: str) -> bool:
    """Whether ``text`` holds no character of a script written without spaces: its words are then
    its runs of ``\\w`` (what :func:`count_words` counts).

    >>> spaced("Ça va, 2 fois"), spaced("北京市政府")
    (True, False)
    """
    return text.isascii() or not _MAY_BE_UNSPACED.search(text) or not _UNSPACED.search(text)


def weighted_length(text: str) -> int:
    """The length of ``text`` in Latin-letter equivalents: Han and kana weigh ``HAN_CHAR_WEIGHT``,
    Hangul and Ethiopic syllables ``SYLLABLE_CHAR_WEIGHT``.

    >>> weighted_length("The vote."), weighted_length("投票结束。"), weighted_length("투표 끝.")
    (9, 13, 8)
    """
    if text.isascii() or not _MAY_BE_WEIGHTED.search(text) or not _WEIGHTED.search(text):  # most text: no count
        return len(text)
    return (len(text) + (HAN_CHAR_WEIGHT - 1) * len(_HAN.findall(text))
            + (SYLLABLE_CHAR_WEIGHT - 1) * len(_SYLLABLE.findall(text)))


def unpunctuated(text: str) -> bool:
    """Whether ``text`` is mostly in a script that writes no sentence marks (Thai, Lao).

    >>> unpunctuated("วันนี้ฝนตกหนักในกรุงเทพ"), unpunctuated("The vote was close")
    (True, False)
    """
    if text.isascii():
        return False
    letters = len(_LETTER.findall(text))
    return bool(letters) and 2 * len(_NO_SENTENCE_MARKS.findall(text)) > letters
