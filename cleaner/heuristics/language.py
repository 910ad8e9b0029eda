"""Guess a page's language from its stopwords, and hand out that language's stopword list.

One job: cheap language detection for the heuristics. The lists in ``cleaner/heuristics/stopwords/`` (one
word a line, lower case) hold the commonest function words of each language; the language whose
words make up the largest share of a sample of the page wins, if that share is large enough to
mean anything. Pages in other languages (or with too little prose) get ``None``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice
from pathlib import Path

from cleaner.rules.thresholds import DEFAULT, Thresholds

__all__ = ["LANGUAGES", "detect_language", "stopwords"]

LANGUAGES = ("en", "de", "fr", "es", "ru", "it", "pt", "nl")

_DIRECTORY = Path(__file__).parent / "stopwords"


@lru_cache(maxsize=None)
def stopwords(language: str) -> frozenset[str]:
    """The stopword list of ``language`` (one of :data:`LANGUAGES`).

    >>> "the" in stopwords("en"), "und" in stopwords("de")
    (True, True)
    """
    if language not in LANGUAGES:
        raise ValueError(f"no stopword list for language {language!r}; known: {', '.join(LANGUAGES)}")
    text = (_DIRECTORY / f"{language}.txt").read_text(encoding="utf-8")
    return frozenset(word for word in text.split() if word)


@lru_cache(maxsize=1)
def _languages_of_words() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for language in LANGUAGES:
        for word in stopwords(language):
            index.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in index.items()}


def detect_language(words: Iterable[str], t: Thresholds = DEFAULT) -> str | None:
    """The language of a page, given its lower-cased words; None when no list fits. The first
    ``t.sample_words`` words are looked at; the best list must hold ``t.min_stopword_share`` of them.

    >>> detect_language("the council said that it would vote on the plan".split())
    'en'
    >>> detect_language("der rat hat gesagt dass er über den plan abstimmen wird".split())
    'de'
    >>> detect_language(["12", "km", "xyz"]) is None
    True
    """
    index = _languages_of_words()
    sample = Counter(islice(words, t.sample_words))
    total = sum(sample.values())
    hits = dict.fromkeys(LANGUAGES, 0)
    for word in sample.keys() & index.keys():  # the sample's stopwords, found in one C-level pass
        for language in index[word]:
            hits[language] += sample[word]
    best = max(LANGUAGES, key=hits.__getitem__)
    if total == 0 or hits[best] < t.min_stopword_share * total:
        return None
    return best
