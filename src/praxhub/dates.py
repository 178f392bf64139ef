"""Dates as documents of this field write them, in English, French and German (no Django).

`parse_absolute` reads the common complete forms ("20 October 2015", "October 20, 2015",
"20.10.2015", "2015-10-20", "le 1er juin 2018", "3. März 2019", "Wednesday, 13 June, 2018")
with one regular expression; month names come from dateparser's locale data, so they are
not maintained here. Anything else goes to dateparser, which is thorough but about a
thousand times slower.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache

LANGUAGES = ("en", "fr", "de")
OLDEST_YEAR = 1945


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def month_names() -> dict[str, int]:
    """Folded month name or abbreviation → month number, for LANGUAGES."""
    from dateparser.languages.loader import default_loader

    keys = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december")
    names: dict[str, int] = {}
    for code in LANGUAGES:
        info = default_loader.get_locale(code).info
        for number, key in enumerate(keys, start=1):
            for name in info.get(key, []):
                names.setdefault(_fold(name), number)
    return names


@cache
def _month_pattern() -> str:
    names = sorted(month_names(), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n) for n in names) + r")\.?"


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    month = _month_pattern()
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|\.)?"
    year = r"(?P<y>(?:19|20)\d{2})"
    weekday = r"(?:[a-z]+,?\s+)?"
    return [
        (re.compile(rf"{weekday}(?:le\s+|am\s+|on\s+)?{day}\s+(?:of\s+)?(?P<m>{month})\s*,?\s+{year}"), "dmy"),
        (re.compile(rf"{weekday}(?P<m>{month})\s+{day}\s*,?\s+{year}"), "mdy"),
        (re.compile(rf"{year}-(?P<mm>[01]?\d)-(?P<d>[0-3]?\d)"), "iso"),
        (re.compile(rf"(?P<d>[0-3]?\d)[./](?P<mm>[01]?\d)[./]{year}"), "numeric"),
    ]


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    return value if OLDEST_YEAR <= year <= dt.date.today().year + 5 else None


def parse_absolute(value: str) -> dt.date | None:
    """A complete date written in one of the common forms, else None (never guesses)."""
    text = " ".join(_fold(value).split()).strip(" .,;:")
    for pattern, form in _patterns():
        m = pattern.fullmatch(text)
        if not m:
            continue
        month = month_names()[m.group("m").rstrip(".")] if form in ("dmy", "mdy") else int(m.group("mm"))
        return _valid(int(m.group("y")), month, int(m.group("d")))
    return None
