"""The heuristics' thresholds as one value, and a site file's overrides of them.

One job: :class:`Thresholds`, every number the heuristics (:mod:`cleaner.heuristics`) judge a
block by, with the defaults of the table in ``docs/heuristics.md``, and :func:`read_overrides`,
which checks a site file's ``heuristics:`` section (known names, numbers of the right type) and
gives the site's value. It lives in the rules layer, below the heuristics, because a site file
is checked when it is read: a misspelt threshold is a :class:`~cleaner.errors.RuleError` naming
file and line, never a surprise on the first page.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

__all__ = ["Thresholds", "DEFAULT", "NAMES", "read_overrides"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Every threshold of the heuristics; the fields' meaning and why each default is what it is
    are in the table of ``docs/heuristics.md``.

    >>> Thresholds().short_chars, replace(DEFAULT, short_chars=60).short_chars
    (100, 60)
    """

    # Pages whose undecided blocks hold fewer words than this are kept whole.
    small_page_words: int = 30
    # A page showing at most this many kinds of furniture, never two in a row, with at least this
    # share of its blocks after a blank line, is an article already clean.
    clean_page_kinds: int = 2
    clean_page_min_gaps: float = 0.1
    # On a clean page, a line at least this share of whose words are furniture words goes.
    clean_page_furniture_share: float = 0.3
    # First pass (cleaner.heuristics.firstpass).
    max_link_density: float = 0.5
    short_chars: int = 100
    long_chars: int = 150
    good_stopword_density: float = 0.30
    near_stopword_density: float = 0.20
    sentence_stopword_density: float = 0.15
    lexicon_max_words: int = 8
    lexicon_dense_max_words: int = 25
    lexicon_dense_hits: int = 2
    menu_separators: int = 3
    emphasis_max_words: int = 12
    emphasis_bio_max_words: int = 60
    caption_max_words: int = 40
    stamp_max_words: int = 15
    marker_max_words: int = 25
    comment_label_words: int = 3
    # Neighbours (cleaner.heuristics.classify).
    prose_run_blocks: int = 2
    prose_run_chars: int = 200
    neighbour_distance: int = 10
    rule_gap_blocks: int = 2
    # Main run and comment thread (cleaner.heuristics.classify).
    bad_block_min_cost: int = 40
    rule_drop_cost: int = 60
    headline_bonus: int = 300
    stamp_window: int = 12
    name_headers: int = 3
    comment_min_body_chars: int = 400
    # ... of which a comment marker set as a heading ("### Comments") needs only this many.
    comment_heading_min_body_chars: int = 100
    toolbar_words: int = 1
    # Kept blocks repeating earlier ones word for word, at least this many: a second copy (cleaner.heuristics.duplicate).
    duplicate_blocks: int = 2
    title_window: int = 6
    title_min_words: int = 3
    title_max_words: int = 25
    # Language (cleaner.heuristics.language).
    sample_words: int = 3000
    min_stopword_share: float = 0.08


DEFAULT = Thresholds()
# Each threshold's name with its type: what a site file's ``heuristics:`` section may set.
NAMES: Mapping[str, type] = {f.name: type(getattr(DEFAULT, f.name)) for f in fields(Thresholds)}


def read_overrides(values: Mapping[str, Any], lines: Mapping[str, int]) -> tuple[Thresholds, list[tuple[int, str]]]:
    """The thresholds that ``values`` (a site file's ``heuristics:`` section, less its
    ``examples``) set over the defaults, and the problems found, as (line, message).

    >>> read_overrides({"short_chars": 60}, {"short_chars": 3})[0].short_chars
    60
    >>> read_overrides({"short_char": 60, "max_link_density": "high"}, {"short_char": 3, "max_link_density": 4})[1]
    [(3, "unknown threshold 'short_char', did you mean 'short_chars'?"), (4, "'max_link_density' must be a number >= 0, not 'high'")]
    """
    problems: list[tuple[int, str]] = []
    chosen: dict[str, Any] = {}
    for name, value in values.items():
        line = lines.get(name, 0)
        kind = NAMES.get(name)
        if kind is None:
            close = difflib.get_close_matches(name, list(NAMES), n=1)
            hint = f", did you mean '{close[0]}'?" if close else " (the names are in docs/heuristics.md)"
            problems.append((line, f"unknown threshold '{name}'{hint}"))
        elif isinstance(value, bool) or not isinstance(value, (int, float) if kind is float else int) or value < 0 or value != value:
            what = "a number" if kind is float else "a whole number"
            problems.append((line, f"'{name}' must be {what} >= 0, not {value!r}"))
        else:
            chosen[name] = kind(value)
    return replace(DEFAULT, **chosen), problems
