"""Guess a page's language from its stopwords, and hand out that language's stopword list.

One job: cheap language detection for the heuristics. Each language's list holds its commonest
function words, lower case; the language whose words make up the largest share of a sample of
the page wins, if that share is large enough to mean anything. Pages in other languages (or with
too little prose) get ``None``, and the heuristics judge them by punctuation and length.

Eight lists are the project's own (``cleaner/heuristics/stopwords/``, one word a line: en, de,
fr, es, ru, it, pt, nl; the thresholds were measured with them). The others come from the
``stop-words`` package (BSD-3-Clause, 60 kB, read from its files, no network): Arabic, Persian,
Hindi, Hebrew, Greek, Turkish, the Slavic, Nordic and other European languages, Indonesian,
Malay, Vietnamese and Korean, the single-word entries of each. Its Chinese and Japanese lists
are left out: those scripts have no spaces, so a page's "words" are whole phrases that no list
matches (:mod:`cleaner.text.scripts` measures them by their characters instead).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice
from pathlib import Path

import regex
from stop_words import get_stop_words

from cleaner.rules.thresholds import DEFAULT, Thresholds
from cleaner.text.scripts import count_words, spaced

__all__ = ["LANGUAGES", "OWN_LANGUAGES", "detect_language", "languages_of_words", "stopwords"]

# The languages whose lists ship with this package ...
OWN_LANGUAGES = ("en", "de", "fr", "es", "ru", "it", "pt", "nl")
# ... and those taken from the stop-words package.
PACKAGE_LANGUAGES = ("ar", "fa", "hi", "he", "el", "tr", "pl", "uk", "bg", "cs", "sk", "ro", "hu", "ca",
                     "da", "sv", "nb", "fi", "id", "ms", "vi", "ko", "gu")
LANGUAGES = OWN_LANGUAGES + PACKAGE_LANGUAGES
_SINGLE_WORD = regex.compile(r"^\w+$")


_DIRECTORY = Path(__file__).parent / "stopwords"


@lru_cache(maxsize=None)
def stopwords(language: str) -> frozenset[str]:
    """The stopword list of ``language`` (one of :data:`LANGUAGES`).

    >>> "the" in stopwords("en"), "und" in stopwords("de"), "और" in stopwords("hi")
    (True, True, True)
    """
    if language not in LANGUAGES:
        raise ValueError(f"no stopword list for language {language!r}; known: {', '.join(LANGUAGES)}")
    if language in OWN_LANGUAGES:
        words = (_DIRECTORY / f"{language}.txt").read_text(encoding="utf-8").split()
    else:
        # Some of the package's lists keep the quotes and commas of the source they were copied from.
        words = [word.strip().strip("'\",").lower() for word in get_stop_words(language)]
    return frozenset(word for word in words if _SINGLE_WORD.match(word))


@lru_cache(maxsize=1)
def languages_of_words() -> dict[str, tuple[str, ...]]:
    """Each stopword of every list, and the languages whose list holds it, in :data:`LANGUAGES` order.

    >>> languages_of_words()["und"]
    ('de',)
    """
    index: dict[str, list[str]] = {}
    for language in LANGUAGES:
        for word in stopwords(language):
            index.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in index.items()}


def detect_language(words: Iterable[str], t: Thresholds = DEFAULT) -> str | None:
    """The language of a page, given its lower-cased words (runs of word characters, as
    :func:`~cleaner.text.blocks.tokens` reads them); None when no list fits. The first
    ``t.sample_words`` words are looked at; the best list must hold ``t.min_stopword_share`` of them.

    >>> detect_language("the council said that it would vote on the plan".split())
    'en'
    >>> detect_language("der rat hat gesagt dass er über den plan abstimmen wird".split())
    'de'
    >>> detect_language(["12", "km", "xyz"]) is None
    True
    >>> thai = "ตลาดน้ำริมคลองที่เปิดมากว่าร้อยปีกลับมามีนักท่องเที่ยวหนาแน่นอีกครั้ง"
    >>> detect_language([thai, thai, "follow", "us", "on", "facebook"]) is None
    True
    """
    index = languages_of_words()
    sample = Counter(islice(words, t.sample_words))
    # A run of Thai or Chinese is many words, not one: counted so, a page in such a script is
    # not taken for English by the few English words of its share buttons.
    total = sum(sample.values())
    unique = " ".join(sample)
    # Most pages have no word that counts as more than one: one test of them all says so (and
    # a cheaper one first: in text of spaced scripts alone, each word, a run of word characters,
    # counts as one).
    if not unique.isascii() and not spaced(unique) and count_words(unique) > len(sample):
        total = sum(count if word.isascii() else count * max(1, count_words(word)) for word, count in sample.items())
    hits = dict.fromkeys(LANGUAGES, 0)
    for word in sample.keys() & index.keys():  # the sample's stopwords, found in one C-level pass
        for language in index[word]:
            hits[language] += sample[word]
    best = max(LANGUAGES, key=hits.__getitem__)
    if total == 0 or hits[best] < t.min_stopword_share * total:
        return None
    return best
