"""Dates as pages write them, turned into ISO 8601.

One job: parse the dates that bylines and datelines carry ("July 05, 2021", "5. Juli 2021",
"5 de julio de 2021", "5 июля 2021", "2021-07-05", "05.07.2021") into ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime

import regex

__all__ = ["to_iso", "MONTH_NAMES"]

_MONTHS = {
    # en, de, fr, es, ru (nominative and genitive), with common abbreviations
    **{m: i for i, names in enumerate([
        "january jan januar janv janvier enero ene январь января янв",
        "february feb februar févr fevrier février febrero фев февраль февраля",
        "march mar märz maerz mars marzo март марта",
        "april apr avril abril апр апрель апреля",
        "may mai mayo май мая",
        "june jun juni juin junio июнь июня",
        "july jul juli juil juillet julio июль июля",
        "august aug août aout agosto авг август августа",
        "september sep sept septembre septiembre setiembre сен сентябрь сентября",
        "october oct oktober okt octobre octubre окт октябрь октября",
        "november nov novembre noviembre ноя ноябрь ноября",
        "december dec dez dezember déc décembre decembre diciembre dic дек декабрь декабря",
    ], start=1) for m in names.split()},
}
# The month names and abbreviations above, lower case: what varies between two datelines of a site.
MONTH_NAMES = frozenset(_MONTHS)
_ISO = regex.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DOTTED = regex.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")
_MONTH_FIRST = regex.compile(r"(?i)\b(\p{L}{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_FIRST = regex.compile(r"(?i)(?<!\d)(\d{1,2})(?:\.|st|nd|rd|th|er)?\s+(?:de\s+)?(\p{L}{3,10})\.?,?\s+(?:de\s+)?(\d{4})\b")


def _make(year: str, month: int | None, day: str) -> str | None:
    if month is None:
        return None
    try:
        return datetime.date(int(year), month, int(day)).isoformat()
    except ValueError:
        return None


def to_iso(text: str) -> str | None:
    """Return the first date found in ``text`` as ``YYYY-MM-DD``, or None.

    >>> [to_iso(t) for t in ["Global Research, July 05, 2021", "5. Juli 2021", "le 5 juillet 2021",
    ...                      "5 de julio de 2021", "5 июля 2021 г.", "2021-07-05T10:00", "05.07.2021", "soon"]]
    ['2021-07-05', '2021-07-05', '2021-07-05', '2021-07-05', '2021-07-05', '2021-07-05', '2021-07-05', None]
    """
    if match := _ISO.search(text):
        return _make(match[1], int(match[2]), match[3])
    if match := _MONTH_FIRST.search(text):
        found = _make(match[3], _MONTHS.get(match[1].lower()), match[2])
        if found:
            return found
    if match := _DAY_FIRST.search(text):
        found = _make(match[3], _MONTHS.get(match[2].lower()), match[1])
        if found:
            return found
    if match := _DOTTED.search(text):
        return _make(match[3], int(match[2]), match[1])
    return None
