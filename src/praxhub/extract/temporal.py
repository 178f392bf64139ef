"""Temporal expressions in English, French and German: single dates, ranges, months, years.

`find_dates(text, language, reference)` reads every common written form in one pass of one
compiled regular expression ("12-13 June 2018", "From 22 to 24 of May 2018", "29 November –
1 December 2019", "March 3, 2021", "20.10.2015", "Wednesday, 13 June, 2018", "le 12 juin 2018",
"du 4 au 6 octobre 2021", "vom 3. bis 5. März 2019", "3.–5. März", "before October 2018", ...).
Month and weekday names come from dateparser's locale data (as in praxhub.dates), loaded once.

A date written without a year gets the year that keeps it closest to the document's own time
frame: the nearest explicit date written before it, else `reference` (e.g. the published date),
else the nearest explicit date after it. A weekday, when written, picks among the close years.
Spans are [start, end) offsets into `text`; matching is done on the text itself (case-insensitive,
accented and unaccented month names), so offsets are exact.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

Precision = Literal["day", "month", "year"]

LANGUAGES = ("en", "fr", "de")
OLDEST_YEAR = 1945
NEWEST_YEAR = 2099
MAX_CHARS = 2_000_000          # longer input is read up to this offset only
MAX_MENTIONS = 5_000

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Lower-case English words that are also month names: without a year they are not dates ("3 may be").
_ENGLISH_WORD_MONTHS = frozenset({"may", "march", "mar", "august", "aug", "jan"})
# Seasons and parts of a year, as (first month, last month).
_PARTS_OF_YEAR = {
    **dict.fromkeys(("spring", "printemps", "fruhjahr", "fruhling"), (3, 5)),
    **dict.fromkeys(("summer", "ete", "sommer"), (6, 8)),
    **dict.fromkeys(("autumn", "fall", "automne", "herbst"), (9, 11)),
    **dict.fromkeys(("winter", "hiver"), (1, 2)),
    **dict.fromkeys(("early", "debut", "anfang"), (1, 4)),
    **dict.fromkeys(("mid", "mitte"), (5, 8)),
    **dict.fromkeys(("late", "fin", "ende"), (9, 12)),
}
_BEFORE_CUES = frozenset({"before", "prior", "by", "until", "till", "avant", "jusqu", "vor", "bis", "spatestens"})


@dataclass
class DateMention:
    """One temporal expression. For `before=True` ("before October 2018") `start` is None and
    `end` is the bound (the first day of the bounding period, or the day itself)."""

    start: dt.date | None
    end: dt.date | None
    span: tuple[int, int]
    text: str
    year_explicit: bool
    precision: Precision
    before: bool = False


def fold(text: str) -> str:
    """Lower case without diacritics ("März" → "marz")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _names() -> tuple[dict[str, int], dict[str, int]]:
    """(month name → number, weekday name → 0..6), folded, from dateparser's locale data."""
    from dateparser.languages.loader import default_loader

    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    for code in LANGUAGES:
        info = default_loader.get_locale(code).info
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for name in info.get(key, []):
                if len(name) >= 3 and name.isalpha():
                    months.setdefault(fold(name), number)
        for number, key in enumerate(_WEEKDAY_KEYS):
            for name in info.get(key, []):
                if len(name) >= 5 and name.isalpha():   # full names only: "mo", "di", "mar" are ambiguous
                    weekdays.setdefault(fold(name), number)
    return months, weekdays


@cache
def _raw_forms() -> tuple[list[str], list[str]]:
    """Every spelling to match (accented as in the locale data, and folded), lower case."""
    from dateparser.languages.loader import default_loader

    months, weekdays = _names()
    month_forms, weekday_forms = set(months), set(weekdays)
    for code in LANGUAGES:
        info = default_loader.get_locale(code).info
        for key in _MONTH_KEYS:
            month_forms.update(n.lower() for n in info.get(key, []) if fold(n) in months)
        for key in _WEEKDAY_KEYS:
            weekday_forms.update(n.lower() for n in info.get(key, []) if fold(n) in weekdays)
    return sorted(month_forms), sorted(weekday_forms)


def trie_regex(words: list[str]) -> str:
    """A regular expression matching any of `words`, factored by prefix (fast to try)."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        end = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


_H = r"[^\S\n]"                 # horizontal white space: a date never spans lines
_SP = _H + "+"
_DASH = "[-–—‐‑]"


@cache
def _pattern() -> re.Pattern[str]:
    month_words, weekday_words = _raw_forms()
    month_trie, weekday_trie = trie_regex(month_words), trie_regex(weekday_words)

    def month(n: str) -> str:
        return rf"(?P<{n}>{month_trie})(?!\w)(?:\.(?={_H}*\d))?"

    def day(n: str, first: bool = True) -> str:
        before = r"(?<![\w.,:/])" if first else ""
        return rf"{before}(?P<{n}>[0-3]?\d)(?P<{n}s>st|nd|rd|th|er|re|e|\.)?(?![\d\w])"

    def weekday(n: str) -> str:
        return rf"(?:(?P<{n}>{weekday_trie})(?!\w)\.?,?{_SP})?"

    def year(n: str) -> str:
        return rf"(?P<{n}>(?:19|20)\d\d)(?!\d)"

    of = rf"(?:of{_SP})?"
    # "Day 1 – 21 October", "Workshop 2 – 3 May": a label's number, not the first day of a range
    not_label = "".join(f"(?<!{w} )" for w in ("day", "tag", "jour", "no.", "nr.", "issue", "article", "part", "phase",
                                                "module", "step", "session", "workshop", "room", "item", "point"))
    to_day = (rf"(?:{_H}*(?:{_DASH}|/|&){_H}*|{_SP}(?:to|until|till|through|and|au|et|à|bis|und){_SP}"
              rf"(?:(?:the|le){_SP})?)")
    to_date = rf"(?:{_H}*{_DASH}{_H}*|{_SP}(?:to|until|till|through|au|bis){_SP}(?:(?:the|le){_SP})?)"
    alternatives = [
        # 29 November – 1 December 2019; 31 December 2019 – 2 January 2020; Mon 21 October – Tue 22 October 2019
        ("X", rf"{not_label}{weekday('xw1')}{day('xd1')}{_SP}{of}{month('xm1')}(?:,?{_SP}{year('xy1')})?,?{to_date}"
              rf"{weekday('xw2')}{day('xd2', False)}{_SP}{of}{month('xm2')}(?:,?{_SP}{year('xy2')})?"),
        # between 29 November and 1 December 2019
        ("B", rf"(?:between|entre|zwischen){_SP}{weekday('bw1')}{day('bd1')}{_SP}{of}{month('bm1')}"
              rf"(?:,?{_SP}{year('by1')})?{_SP}(?:and|et|und){_SP}{weekday('bw2')}{day('bd2', False)}{_SP}{of}"
              rf"{month('bm2')}(?:,?{_SP}{year('by2')})?"),
        # 12-13 June 2018; from 22 to 24 of May 2018; 26 and 27 April 2012; 3/4 December 2019; 3.–5. März
        ("R", rf"{not_label}{day('rd1')}{to_day}{day('rd2', False)}{_H}*{of}{month('rm')}"
              rf"(?:,?{_SP}{year('ry')})?"),
        # May 10-11, 2018; June 29 – July 1, 2019
        ("M", rf"{weekday('mw1')}{month('mm1')}{_SP}{day('md1')}{to_day}(?:{month('mm2')}{_SP})?"
              rf"{day('md2', False)}(?:,?{_SP}{year('my')})?"),
        # 12 June 2018; Wednesday, 13 June, 2018; le 1er juin 2018; am 3. März 2019; 30th May
        ("D", rf"{weekday('dw')}{day('dd')}{_H}*{of}{month('dm')}(?:,?{_SP}{year('dy')})?"),
        # March 3, 2021; June 12th
        ("A", rf"{weekday('aw')}{month('am')}{_SP}{day('ad')}(?:,?{_SP}{year('ay')})?"),
        # October 2018; juin 2018; März 2019
        ("N", rf"(?<!\w){month('nm')}{_SP}{of}{year('ny')}"),
        # 20.10.2015; 20/10/2015
        ("U", rf"(?<![\d./])(?P<ud>[0-3]?\d)(?P<usep>[./])(?P<um>[01]?\d)(?P=usep){year('uy')}(?![./]?\d)"),
        # 2015-10-20
        ("I", rf"(?<![\d-]){year('iy')}-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?![\d-])"),
        # in 2019; since 2016; early 2020; autumn 2019; au printemps 2019; im Frühjahr 2021
        ("Y", r"(?<!\w)(?P<yc>in|since|during|before|until|by|early|late|mid|spring|summer|autumn|fall|winter"
              r"|en|depuis|avant|printemps|été|ete|automne|hiver|début|debut|fin|im|seit|vor|bis|frühjahr|fruhjahr"
              r"|frühling|sommer|herbst|anfang|ende|mitte)"
              rf"(?:-|{_SP}(?:(?:of|the|de|du|des|dem|jahr|jahres)(?:{_SP}|$))*|{_SP}d')"
              rf"{year('yy')}"),
    ]
    joined = "|".join(f"(?P<{name}>{body})" for name, body in alternatives)
    return re.compile(rf"(?<!\w)(?=\w)(?:{joined})", re.IGNORECASE)


@cache
def _core() -> re.Pattern[str]:
    """What every date expression contains: a month name or a year. Cheap to scan for."""
    return re.compile(rf"\b(?:{trie_regex(case_variants(_raw_forms()[0]))})\b|\b(?:19|20)\d\d\b")


def case_variants(words: list[str]) -> list[str]:
    """Lower, capitalised and upper-case forms: a trie of these matches faster than IGNORECASE."""
    return sorted({v for w in words for v in (w, w[:1].upper() + w[1:], w.upper())})


_BEFORE_CORE = 32    # the longest stretch of a date expression before its first month name or year
_AFTER_CORE = 100    # ... and after it


def _scan(text: str) -> Iterator[_Raw]:
    """The date expressions of `text`, left to right, without overlaps.

    The full pattern is tried only in a window around each month name or year: running it at
    every word start would cost about ten times more.
    """
    pattern = _pattern()
    done = 0
    for core in _core().finditer(text):
        if core.end() <= done:
            continue
        pos = max(done, core.start() - _BEFORE_CORE)
        endpos = min(len(text), core.end() + _AFTER_CORE)
        while pos < endpos:
            m = pattern.search(text, pos, endpos)
            if m is None or m.start() > core.start():
                break
            raw = _parse(m, text) if m.end() >= core.end() else None
            if raw is not None:
                yield raw
                done = m.end()
                break
            pos = m.start() + 1     # not a date after all: a shorter form may start later


_BEFORE_LOOKBACK = re.compile(
    r"(?:\b(?:before|prior\s+to|no\s+later\s+than|not\s+later\s+than|by|until|till|avant|jusqu'(?:au|à|a)|d'ici|"
    r"vor|bis|spätestens)(?:\s+(?:the|end|of|la|le|fin|de|du|dem|ende|zum|am|l'|spätestens))*\s*)$",
    re.IGNORECASE,
)


@dataclass
class _Raw:
    span: tuple[int, int]
    text: str
    precision: Precision
    before: bool
    # (day, month, year, weekday) for the start and the end; year/weekday may be None
    d1: int = 1
    m1: int = 1
    y1: int | None = None
    w1: int | None = None
    d2: int | None = None
    m2: int | None = None
    y2: int | None = None
    w2: int | None = None


def _date(year: int | None, month: int, day: int) -> dt.date | None:
    if year is None or not OLDEST_YEAR <= year <= NEWEST_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(token: str | None) -> int | None:
    if not token:
        return None
    return _names()[0].get(fold(token).rstrip("."))


def _weekday_number(token: str | None) -> int | None:
    if not token:
        return None
    return _names()[1].get(fold(token).rstrip(".,"))


def _int(token: str | None) -> int | None:
    return int(token) if token else None


def _parse(m: re.Match[str], text: str) -> _Raw | None:
    kind = m.lastgroup
    g = m.group
    span = (m.start(), m.end())
    before = bool(_BEFORE_LOOKBACK.search(text, max(0, span[0] - 40), span[0]))
    raw = _Raw(span=span, text=m.group(0), precision="day", before=before)
    if kind in ("X", "B"):
        p = "x" if kind == "X" else "b"
        m1, m2 = _month_number(g(p + "m1")), _month_number(g(p + "m2"))
        if m1 is None or m2 is None:
            return None
        raw.d1, raw.m1, raw.y1, raw.w1 = int(g(p + "d1")), m1, _int(g(p + "y1")), _weekday_number(g(p + "w1"))
        raw.d2, raw.m2, raw.y2, raw.w2 = int(g(p + "d2")), m2, _int(g(p + "y2")), _weekday_number(g(p + "w2"))
        if not _month_ok(g(p + "m2"), raw.y2 or raw.y1):
            return None
    elif kind == "R":
        month = _month_number(g("rm"))
        if month is None or not _month_ok(g("rm"), _int(g("ry"))):
            return None
        raw.d1, raw.m1 = int(g("rd1")), month
        raw.d2, raw.m2, raw.y2 = int(g("rd2")), month, _int(g("ry"))
    elif kind == "M":
        m1 = _month_number(g("mm1"))
        m2 = _month_number(g("mm2")) if g("mm2") else m1
        if m1 is None or m2 is None or not _month_ok(g("mm1"), _int(g("my"))):
            return None
        if not g("my") and not g("mm1")[0].isupper():
            return None
        raw.d1, raw.m1, raw.w1 = int(g("md1")), m1, _weekday_number(g("mw1"))
        raw.d2, raw.m2, raw.y2 = int(g("md2")), m2, _int(g("my"))
    elif kind == "D":
        month = _month_number(g("dm"))
        if month is None or not _month_ok(g("dm"), _int(g("dy"))):
            return None
        raw.d1, raw.m1, raw.y1, raw.w1 = int(g("dd")), month, _int(g("dy")), _weekday_number(g("dw"))
    elif kind == "A":
        month = _month_number(g("am"))
        if month is None or not _month_ok(g("am"), _int(g("ay"))):
            return None
        if not g("ay"):
            # "June 12th" or "June 12," — not "in May 18 delegates met"
            follow = text[span[1]:span[1] + 3]
            if not g("am")[0].isupper() or not (g("ads") or re.match(rf"{_H}*(?:[,.;:)–-]|$)", follow)):
                return None
        raw.d1, raw.m1, raw.y1, raw.w1 = int(g("ad")), month, _int(g("ay")), _weekday_number(g("aw"))
    elif kind == "N":
        month = _month_number(g("nm"))
        if month is None:
            return None
        raw.precision = "month"
        raw.m1, raw.y1 = month, int(g("ny"))
    elif kind == "U":
        first, second = int(g("ud")), int(g("um"))
        if g("usep") == "/" and second > 12 >= first:   # 10/20/2015: month first
            first, second = second, first
        raw.d1, raw.m1, raw.y1 = first, second, int(g("uy"))
    elif kind == "I":
        raw.d1, raw.m1, raw.y1 = int(g("id")), int(g("im")), int(g("iy"))
    elif kind == "Y":
        cue = fold(g("yc"))
        raw.precision = "year"
        raw.y1 = int(g("yy"))
        raw.before = raw.before or cue in _BEFORE_CUES
        if cue in _PARTS_OF_YEAR:        # a season or a part of the year: months, roughly
            raw.precision = "month"
            raw.m1, raw.m2 = _PARTS_OF_YEAR[cue]
    else:  # pragma: no cover - every alternative is named
        return None
    return raw


def _month_ok(token: str | None, year: int | None) -> bool:
    """A lower-case English word such as "may" or "march" is a month only with a year."""
    if not token or year is not None:
        return True
    return not (token[0].islower() and fold(token).rstrip(".") in _ENGLISH_WORD_MONTHS)


def _closest_year(month: int, day: int, weekday: int | None, anchor: dt.date) -> int | None:
    candidates: list[tuple[int, int, dt.date]] = []
    for year in (anchor.year, anchor.year - 1, anchor.year + 1):
        value = _date(year, month, day)
        if value is not None:
            candidates.append((abs((value - anchor).days), year != anchor.year, value))
    if weekday is not None and any(c[2].weekday() == weekday for c in candidates):
        candidates = [c for c in candidates if c[2].weekday() == weekday]
    return min(candidates)[2].year if candidates else None


def _explicit_anchor(raw: _Raw) -> dt.date | None:
    if raw.precision == "year" or (raw.y1 is None and raw.y2 is None):
        return None
    if raw.y1 is not None:
        return _date(raw.y1, raw.m1, raw.d1)
    return _date(raw.y2, raw.m2 or raw.m1, raw.d2 or raw.d1)


def _resolve(raw: _Raw, anchor: dt.date | None) -> DateMention | None:
    explicit = raw.y1 is not None or raw.y2 is not None
    if raw.precision == "year":
        assert raw.y1 is not None
        first, last = _date(raw.y1, 1, 1), _date(raw.y1, 12, 31)
        if first is None:
            return None
        return DateMention(None if raw.before else first, first if raw.before else last, raw.span, raw.text,
                           True, "year", raw.before)
    if raw.precision == "month":
        first = _date(raw.y1, raw.m1, 1)
        if first is None:
            return None
        last_month = raw.m2 or first.month
        last = first.replace(month=last_month, day=calendar.monthrange(first.year, last_month)[1])
        return DateMention(None if raw.before else first, first if raw.before else last, raw.span, raw.text,
                           True, "month", raw.before)
    y1, y2 = raw.y1, raw.y2
    if raw.d2 is not None and raw.m2 is not None:
        order = (raw.m1, raw.d1) <= (raw.m2, raw.d2)
        if y1 is None and y2 is not None:
            y1 = y2 if order else y2 - 1
        elif y2 is None and y1 is not None:
            y2 = y1 if order else y1 + 1
        elif y1 is None and y2 is None and anchor is not None:
            y1 = _closest_year(raw.m1, raw.d1, raw.w1, anchor)
            y2 = None if y1 is None else (y1 if order else y1 + 1)
    elif y1 is None and anchor is not None:
        y1 = _closest_year(raw.m1, raw.d1, raw.w1, anchor)
    start = _date(y1, raw.m1, raw.d1)
    end = start if raw.d2 is None or raw.m2 is None else _date(y2, raw.m2, raw.d2)
    if y1 is not None and (start is None or end is None or end < start or (end - start).days > 366):
        return None            # 31 June, or a "range" running backwards: not a date
    if raw.before:
        return DateMention(None, start, raw.span, raw.text, explicit, "day", True)
    return DateMention(start, end, raw.span, raw.text, explicit, "day", False)


def find_dates(text: str, language: str = "en", reference: dt.date | None = None) -> list[DateMention]:
    """Every date, range, month or year expression in `text`, in order of position.

    `language` is accepted for symmetry with the other extractors: English, French and German
    forms are all read whatever it says (documents mix languages). `reference` (the published
    date, say) anchors dates written without a year when no explicit date precedes them.
    """
    if not text:
        return []
    text = text[:MAX_CHARS]
    raws: list[_Raw] = []
    for raw in _scan(text):
        raws.append(raw)
        if len(raws) >= MAX_MENTIONS:
            break
    anchors = [(raw.span[0], a) for raw in raws if (a := _explicit_anchor(raw)) is not None]
    mentions: list[DateMention] = []
    k = 0                        # anchors[k] is the first anchor at or after the current mention
    for raw in raws:
        while k < len(anchors) and anchors[k][0] < raw.span[0]:
            k += 1
        anchor = anchors[k - 1][1] if k else reference or (anchors[k][1] if k < len(anchors) else None)
        mention = _resolve(raw, anchor)
        if mention is not None:
            mentions.append(mention)
    return mentions
