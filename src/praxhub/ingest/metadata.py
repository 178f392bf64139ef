"""Title, publication date and kind of a document, by small transparent rules on its text.

All rules look at the opening (and, for dates, the last lines) of the normalised text and use
bounded regular expressions, so the cost does not grow with the length of the document.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from functools import lru_cache

# The stubs (types-dateparser) are optional; without them the parser is simply untyped.
from dateparser.date import DateDataParser  # type: ignore[import-untyped, unused-ignore]

from praxhub.dates import parse_absolute

# ---------------------------------------------------------------------------------------------
# Shared: lines, dates
# ---------------------------------------------------------------------------------------------

_HEAD_SCAN_CHARS = 20000
_TAIL_SCAN_CHARS = 5000
_MAX_LINE = 400  # longer lines are paragraphs: never a title, a dateline is judged on its start

# Month and weekday names match in any case; place names must be capitalised, so the patterns
# that contain a place are compiled case-sensitively with these case-insensitive groups inside.
_MONTH = (
    r"(?i:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre"
    r"|januar|j[äa]nner|februar|m[äa]rz|maerz|juni|juli|oktober|dezember"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|okt|nov|dec|dez)\.?"
)
_WEEKDAY = (
    r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)"
)
_YEAR = r"(?:19|20)\d{2}"
_DAY = r"\d{1,2}(?:st|nd|rd|th|er|\.)?"
_FULL_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?"
    rf"(?:{_DAY}\s+(?:of\s+|de\s+)?{_MONTH},?\s+{_YEAR}"  # 13 June, 2018 / 3. März 2021
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}"  # June 13, 2018
    rf"|\d{{1,2}}[./]\d{{1,2}}[./]{_YEAR}"  # 20.10.2015 (day first, as in Europe)
    rf"|{_YEAR}-\d{{2}}-\d{{2}})"  # 2015-10-20
)
_MONTH_YEAR = rf"{_MONTH}\s+{_YEAR}"
# A place name: up to four capitalised words ("Strasbourg", "The Hague", "Saint-Étienne"), but not
# a sentence that starts with a date ("Since 3 March 2021 – the Council ...").
_PLACE = (
    r"(?!(?:On|Since|From|Until|Till|By|In|As|Before|After|Between|Depuis|Du|Le|Seit|Vom|Am|Bis)\b)"
    r"[A-ZÀ-Þ][^\W\d_]{1,30}(?:[ '’-][A-ZÀ-Þa-zà-ÿ][^\W\d_]{0,30}){0,3}"
)

_LABELLED_DATE = re.compile(
    r"(?i:published|publication date|date of publication|date|dated|issued|posted"
    r"|publié le|date de publication|datum|veröffentlicht(?: am)?|erschienen am)"
    rf"\s*(?::|-|–|(?i:on|le|am)\b)?\s*(?P<date>{_FULL_DATE}|{_MONTH_YEAR})\s*\.?$"
)
# "(Adopted by the Committee of Ministers on 4 July 2018 at the 1321st meeting ...)": a formal text's own date.
_ADOPTED_ON = re.compile(
    rf"\(?(?i:adopted|adopté|adoptée|angenommen|verabschiedet)\b.{{0,150}}?(?i:\bon|\ble|\bam)\s+(?P<date>{_FULL_DATE})"
)
# "Strasbourg, 20.10.2015 – Prevention and ..." / "Brussels, 3 March 2021 - The Commission ..."
_DATELINE = re.compile(rf"{_PLACE}\s*,?\s*(?P<date>{_FULL_DATE})\s*(?:[–—-]{{1,2}}|:)\s*\S")
# "Brussels, 3 March 2021" on its own line (the comma tells it from an event line "Rome 10 May 2018").
_PLACE_DATE_LINE = re.compile(rf"{_PLACE}\s*,\s*(?P<date>{_FULL_DATE})\s*\.?$")
_DATE_LINE = re.compile(rf"(?P<date>{_FULL_DATE})\s*\.?$")
# "Luxembourg, 26 and 27 April 2012": the dates of a Council meeting, which adopts its conclusions.
_MEETING_DATES = re.compile(
    rf"{_PLACE}\s*,?\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s*(?:-|–|—|and|et|und|&|to|au|bis)\s*"
    rf"{_DAY}\s+(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR})\s*\.?$"
)
_OLDEST_YEAR = 1950

_DATE_SETTINGS: dict[str, object] = {
    "PREFER_DAY_OF_MONTH": "first",
    "DATE_ORDER": "DMY",
    "PARSERS": ["absolute-time"],  # no "today", "2 days ago"
}


@lru_cache(maxsize=1)
def _date_parsers() -> tuple[DateDataParser, DateDataParser]:
    """(strict parser for day-month-year, lenient one for 'June 2018'), built once."""
    strict = DateDataParser(languages=["en", "fr", "de"], settings={**_DATE_SETTINGS, "STRICT_PARSING": True})
    month_year = DateDataParser(
        languages=["en", "fr", "de"], settings={**_DATE_SETTINGS, "REQUIRE_PARTS": ["month", "year"]}
    )
    return strict, month_year


@lru_cache(maxsize=4096)
def parse_date(value: str) -> dt.date | None:
    """A date string matched by one of the patterns above → date, or None if it is not a real date."""
    quick = parse_absolute(value)
    if quick is not None:
        return quick
    strict, month_year = _date_parsers()
    value = " ".join(value.split())
    try:
        parsed = strict.get_date_data(value).date_obj or month_year.get_date_data(value).date_obj
    except Exception:
        # A string dateparser chokes on is no date; it must not fail the whole document.
        return None
    if parsed is None:
        return None
    day = parsed.date()
    if not _OLDEST_YEAR <= day.year <= dt.date.today().year + 1:
        return None
    return day


def head_lines(text: str, count: int) -> list[str]:
    """The first `count` non-empty lines."""
    lines: list[str] = []
    for line in text[:_HEAD_SCAN_CHARS].split("\n"):
        if line.strip():
            lines.append(line.strip())
            if len(lines) >= count:
                break
    return lines


def tail_lines(text: str, count: int) -> list[str]:
    """The last `count` non-empty lines."""
    lines = [line.strip() for line in text[-_TAIL_SCAN_CHARS:].split("\n") if line.strip()]
    return lines[-count:]


# ---------------------------------------------------------------------------------------------
# Title
# ---------------------------------------------------------------------------------------------

TITLE_MAX_CHARS = 200
_TITLE_SCAN_LINES = 15
_MIN_HEADLINE_WORDS, _MAX_HEADLINE_WORDS = 4, 30
_SHORT_LABEL_WORDS = 4

_CONTACT = re.compile(
    r"https?://|www\.|[\w.+-]@[\w-]+\.\w"
    r"|^(?:t|tel|tél|phone|telephone|téléphone|fax|f|m|mob|mobile)\.?\s*[:.]?\s*[+(\d]",
    re.IGNORECASE,
)
_PHONE = re.compile(r"[+(\d][\d\s()./-]{5,}")
_REFERENCE = re.compile(r"(?:ref|réf|our ref|your ref|reference|référence|az)\s*[.:]\s*\S", re.IGNORECASE)
_PAGE_MARKER = re.compile(r"(?:page|seite|p\.)\s*\d+(?:\s*(?:of|/|sur|von)\s*\d+)?", re.IGNORECASE)
_THREE_LETTERS = re.compile(r"[^\W\d_](?:.*?[^\W\d_]){2}", re.S)  # used on lines of ≤ _MAX_LINE chars
_BULLETS = ("•", "- ", "–", "—", "* ", "·", "▪", "◦", "►", "> ", "+ ")
# Headings of a document's parts, never its title ("Summary", "Description of the practice").
_SECTION_LABEL = re.compile(
    r"(?:executive summary|summary|introduction|background|context|contents|table of contents|abstract"
    r"|foreword|preface|description|objectives?|aims?|target groups?|lessons learn(?:ed|t)|methodology|annex"
    r"|résumé|sommaire|table des matières|contexte|avant-propos|zusammenfassung|einleitung|inhalt"
    r"|inhaltsverzeichnis|hintergrund|vorwort)\b",
    re.IGNORECASE,
)
_SECTION_LABEL_MAX_WORDS = 5
# Markdown emphasis markers: every asterisk, and underscores not inside a word (snake_case stays).
_EMPHASIS = re.compile(r"\*+|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])")


def clean_title(title: str) -> str | None:
    """One line, no markdown markers, at most TITLE_MAX_CHARS characters."""
    title = " ".join(title.split())
    title = title.lstrip("#").strip()
    title = " ".join(_EMPHASIS.sub("", title).split())
    if not any(char.isalpha() for char in title):
        return None
    if len(title) > TITLE_MAX_CHARS:
        title = title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:–-") + "…"
    return title


def headline_words(line: str) -> int | None:
    """Number of words when `line` could be a title; None for contact lines, labels, sentences, dates."""
    if len(line) > _MAX_LINE:
        return None
    line = line.lstrip("#").strip()
    if line.startswith(_BULLETS):
        return None
    if "*" in line or "_" in line:
        line = _EMPHASIS.sub("", line).strip()
    words = line.split()
    count = len(words)
    if not count or count > _MAX_HEADLINE_WORDS or not _THREE_LETTERS.search(line):
        return None
    if line.endswith((":", ",", ";")) or " | " in line:  # labels, running text, table rows
        return None
    if _CONTACT.search(line) or _PHONE.fullmatch(line) or _REFERENCE.match(line) or _PAGE_MARKER.fullmatch(line):
        return None
    if line.isupper() and count < 8:  # letterheads and labels: "COUNCIL OF THE EUROPEAN UNION"
        return None
    if line.endswith(".") and not line.endswith("..") and count >= 3:  # a sentence of running text
        return None
    if count <= _SECTION_LABEL_MAX_WORDS and _SECTION_LABEL.match(line):
        return None
    if count >= 3 and sum(len(word) == 1 for word in words) * 2 > count:  # "P R E S S"
        return None
    if _DATE_LINE.match(line) or _PLACE_DATE_LINE.match(line) or _MEETING_DATES.match(line):
        return None
    return count


def choose_title(text: str, structural_title: str | None = None, *, marked: bool = True) -> str | None:
    """The document's title.

    A title the format marks as such (HTML <title>/h1, Word's title; `marked`) wins; a first heading
    (markdown, Word) wins when it passes the headline checks below. Otherwise the first line of
    4–30 words among the opening lines that is not a contact line, a capitalised letterhead, a
    sentence, a table row or a date; a short line of up to four words (a section label such as
    "Migration and Home Affairs") yields to a longer headline right below it. Failing all that,
    the first line, cut.
    """
    if structural_title:
        title = clean_title(structural_title)
        if title and (marked or headline_words(title) is not None):
            return title
    lines = _join_continuations(head_lines(text, _TITLE_SCAN_LINES))
    counts = [headline_words(line) for line in lines]
    short_fallback: str | None = None
    for index, count in enumerate(counts):
        if count is None:
            continue
        if count <= _SHORT_LABEL_WORDS:
            following = counts[index + 1] if index + 1 < len(counts) else None
            if following is not None and following > _SHORT_LABEL_WORDS:
                return clean_title(lines[index + 1])
            if count >= _MIN_HEADLINE_WORDS:
                return clean_title(lines[index])
            short_fallback = short_fallback or lines[index]
            continue
        return clean_title(lines[index])
    if short_fallback:
        return clean_title(short_fallback)
    return clean_title(lines[0]) if lines else None


def _join_continuations(lines: list[str]) -> list[str]:
    """Rejoin a title wrapped over lines: "Recommendation CM/Rec(2018)6" + "of the Committee of ..."."""
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if (
            previous
            and line[:1].islower()
            and previous[-1:].isalnum()
            and len(previous) + len(line) < _MAX_LINE
            and len(previous.split()) + len(line.split()) <= _MAX_HEADLINE_WORDS
            and not previous.startswith(_BULLETS)
        ):
            joined[-1] = f"{previous} {line}"
        else:
            joined.append(line)
    return joined


# ---------------------------------------------------------------------------------------------
# Publication date
# ---------------------------------------------------------------------------------------------

_DATE_HEAD_LINES = 20
_DATE_TAIL_LINES = 8


def find_published(text: str, kind: str) -> dt.date | None:
    """The date the document gives as its own, or None. Dates merely mentioned in the body never count.

    In order: a labelled date ("Published: 3 March 2021") at the top or bottom; an adoption line
    at the top ("(Adopted by the Committee of Ministers on 4 July 2018 ...)"); a press dateline
    ("Strasbourg, 20.10.2015 – ..."); a line that is only a place and a date, or only a date, at the
    top or the bottom; for Council conclusions, the first day of the meeting ("Luxembourg, 26 and
    27 April 2012"). The dates of an event a notice announces are not its publication date.
    """
    head = [line[:_MAX_LINE] for line in head_lines(text, _DATE_HEAD_LINES)]
    tail = [line[:_MAX_LINE] for line in tail_lines(text, _DATE_TAIL_LINES)]
    rules: list[tuple[re.Pattern[str], list[str]]] = [
        (_LABELLED_DATE, head + tail),
        (_ADOPTED_ON, head),
        (_DATELINE, head),
        (_PLACE_DATE_LINE, head),
        (_DATE_LINE, head),
        (_DATE_LINE, tail),
        (_PLACE_DATE_LINE, tail),
    ]
    for pattern, lines in rules:
        for line in lines:
            match = pattern.match(line)
            if match:
                found = parse_date(match.group("date"))
                if found:
                    return found
    if kind == "conclusions":
        for line in head:
            match = _MEETING_DATES.match(line)
            if match:
                found = parse_date(f"{match.group('day')} {match.group('month')} {match.group('year')}")
                if found:
                    return found
    return None


# ---------------------------------------------------------------------------------------------
# Kind
# ---------------------------------------------------------------------------------------------

_KIND_HEAD_CHARS = 2000
_NEWSLETTER_SCAN_CHARS = 6000
_MIN_EVENT_SECTIONS = 3
_LABEL_MAX_WORDS = 6

_PRESS_LABEL = re.compile(
    r"\b(?:press release|news release|press statement|media release|communiqué de presse|communiqué"
    r"|pressemitteilung|presseerklärung|pressemeldung|comunicato stampa|nota de prensa|persbericht)\b",
    re.IGNORECASE,
)
# Press reference codes: Council of Europe "Ref. CG-PR 43 (2015)" / "Ref. DC 048(2019)", EU "IP/18/4131".
_PRESS_REFERENCE = re.compile(r"(?:ref|réf)\b\.?\s*[:.]?\s*(?:\S*\bPR\b|DC\b)|(?:IP|MEMO)/\d{2}/\d+", re.IGNORECASE)
_GENRE_START = re.compile(
    r"(?:council\s+|commission\s+|draft\s+)?(?:guidelines?|handbook|manual|report|study|conclusions|recommendation"
    r"|declaration|resolution|concept note|agenda|programme|toolkit|guide)\b",
    re.IGNORECASE,
)
# Verbs of news headlines ("Congress adopts guidelines", "Expert Group completes its work").
_NEWS_VERBS = frozenset(
    (
        "adopts", "agrees", "announces", "appoints", "approves", "awards", "backs", "calls", "celebrates",
        "completes", "concludes", "condemns", "confirms", "debates", "discusses", "elects", "endorses",
        "gathers", "highlights", "holds", "hosts", "joins", "launches", "marks", "meets", "opens", "presents",
        "proposes", "publishes", "reaches", "receives", "reinforces", "releases", "renews", "signs", "steps",
        "strengthens", "supports", "takes", "unveils", "urges", "visits", "warns", "welcomes",
        "adopte", "annonce", "appelle", "lance", "publie", "présente", "salue", "accueille", "signe", "renforce",
        "verabschiedet", "beschließt", "startet", "veröffentlicht", "begrüßt", "stellt", "fordert",
        "unterzeichnet",
    )
)
_RECOMMENDATION_TITLE = re.compile(
    r"^(?:(?:council|commission|draft)\s+)?(?:recommendation|recommandation|empfehlung|declaration|déclaration"
    r"|erklärung)\b|\bCM/Rec\b",
    re.IGNORECASE,
)
_RECOMMENDATION_LINE = re.compile(r"(?:recommendation|recommandation|empfehlung)\s+CM\s*/\s*Rec\b", re.IGNORECASE)
_CONCLUSIONS_TITLE = re.compile(
    r"\b(?:conclusions|schlussfolgerungen|conclusioni|conclusiones|conclusões|conclusies)\b"
    r"|^(?:council\s+)?(?:resolution|résolution|entschließung)\b",
    re.IGNORECASE,
)
_GUIDELINES_TITLE = re.compile(
    r"\b(?:guidelines?|handbook|manual|toolkit|tool-kit|guide|guidance|lignes directrices|manuel"
    r"|leitlinien|leitfaden|handbuch|richtlinien|linee guida|directrices)\b",
    re.IGNORECASE,
)
_EVENT_TITLE_LABEL = re.compile(
    r"\b(?:concept note|agenda|invitation|save the date|call for participants|note conceptuelle"
    r"|ordre du jour|tagesordnung|einladung)\b",
    re.IGNORECASE,
)
_EVENT_LINE_LABEL = re.compile(
    r"(?:draft |provisional |final )?(?:concept note|agenda|programme|program|invitation|save the date"
    r"|note conceptuelle|ordre du jour|programme provisoire|projet de programme|tagesordnung|programm"
    r"|einladung)\b",
    re.IGNORECASE,
)
_REPORT_TITLE = re.compile(
    r"\b(?:report|study(?!\s+visit)|studies|paper|evaluation|analysis|research|survey|review|rapport"
    r"|étude|bericht|studie|analyse|gutachten)\b",
    re.IGNORECASE,
)
_EVENT_NOUN = re.compile(
    r"^(?:\S+\s+){0,3}?(?:conference|seminar|workshop|webinar|meeting|round ?table|symposium|summit|training"
    r"|study visit|hearing|colloquy|colloquium|forum|conférence|séminaire|atelier|réunion|colloque"
    r"|konferenz|tagung|sitzung|fachtag)\b",
    re.IGNORECASE,
)
_PRACTICE_TITLE = re.compile(r"\b(?:practices?|project|projet|projekt|pratiques?|praxis)\b", re.IGNORECASE)
_PRACTICE_CUES = re.compile(
    r"target groups?|lessons learn(?:ed|t)|project description|description of the (?:practice|project)"
    r"|practice description|objectives? of the (?:project|practice)|sustainability and transferability"
    r"|evidence and evaluation|groupes? cibles?|leçons apprises|zielgruppen?|ergebnisse des projekts",
    re.IGNORECASE,
)
_CONCLUSIONS_CUES = re.compile(
    r"adopted the following conclusions|adopts the following conclusions|has adopted the following"
    r"|a adopté les conclusions suivantes|adopte les conclusions suivantes|folgende schlussfolgerungen",
    re.IGNORECASE,
)
_RECOMMENDATION_CUES = re.compile(
    r"recommends that the governments of (?:the )?member states|recommande aux gouvernements des [ée]tats membres"
    r"|empfiehlt den regierungen der mitgliedstaaten",
    re.IGNORECASE,
)
_GUIDELINES_CUES = re.compile(
    r"\b(?:these|the present) guidelines\b|\bthis (?:handbook|manual|toolkit|guide)\b|ces lignes directrices"
    r"|le présent guide|ce manuel|ce guide|diese leitlinien|dieser leitfaden|dieses handbuch",
    re.IGNORECASE,
)
_REPORT_CUES = re.compile(
    r"\bthis (?:report|study|paper)\b|executive summary|ce rapport|cette étude|dieser bericht|diese studie",
    re.IGNORECASE,
)
_EVENT_ANNOUNCEMENT = re.compile(
    r"will be held|will take place|will be organi[sz]ed|(?:is|are) organi[sz]ing|will (?:host|gather|bring together)"
    r"|will be hosted|is hosting|aura lieu|se tiendra|organise(?:nt)? (?:un|une|le|la)|findet .{0,60}? statt"
    r"|veranstaltet",
    re.IGNORECASE,
)


def classify_kind(title: str | None, text: str) -> str:
    """One of model.KINDS, by the first rule that applies (in this order):

    1. press_release: a press label line, a press reference ("Ref. CG-PR 43 (2015)"), or a dateline;
    2. newsletter: three or more headed sections that each announce an event;
    3. press_release: a news headline ("Expert Group completes its work");
    4. the title names the genre: recommendation, conclusions, guidelines, event_notice (concept
       note, agenda), report, event_notice (a conference, seminar, ... ), practice;
    5. a short line in the opening names an event document ("CONCEPT NOTE", "Programme");
    6. the opening says what the document is ("adopted the following conclusions", "this handbook",
       "this report", two practice headings such as "target group" and "lessons learned");
    7. other.
    """
    head = text[:_KIND_HEAD_CHARS]
    lines = [line[:_MAX_LINE] for line in head_lines(head, 40)]
    title = title or ""
    if _is_press_release(lines):
        return "press_release"
    if count_event_sections(text[:_NEWSLETTER_SCAN_CHARS]) >= _MIN_EVENT_SECTIONS:
        return "newsletter"
    if is_news_headline(title):
        return "press_release"
    title_rules = (
        ("recommendation", _RECOMMENDATION_TITLE),
        ("conclusions", _CONCLUSIONS_TITLE),
        ("guidelines", _GUIDELINES_TITLE),
        ("event_notice", _EVENT_TITLE_LABEL),
        ("report", _REPORT_TITLE),
        ("event_notice", _EVENT_NOUN),
        ("practice", _PRACTICE_TITLE),
    )
    for kind, pattern in title_rules:
        if pattern.search(title):
            return kind
    if any(_RECOMMENDATION_LINE.match(line) for line in lines[:5]):
        return "recommendation"
    for line in lines:
        if len(line.split()) <= _LABEL_MAX_WORDS and _EVENT_LINE_LABEL.match(line.strip(" *_#:")):
            return "event_notice"
    body_rules = (
        ("conclusions", _CONCLUSIONS_CUES),
        ("recommendation", _RECOMMENDATION_CUES),
        ("guidelines", _GUIDELINES_CUES),
        ("report", _REPORT_CUES),
    )
    for kind, pattern in body_rules:
        if pattern.search(head):
            return kind
    if len({match.group(0).lower() for match in _PRACTICE_CUES.finditer(head)}) >= 2:
        return "practice"
    return "other"


def _is_press_release(lines: list[str]) -> bool:
    for line in lines:
        if len(line.split()) <= _LABEL_MAX_WORDS and _PRESS_LABEL.search(line):
            return True
        if _PRESS_REFERENCE.match(line) or _DATELINE.match(line):
            return True
    return False


def is_news_headline(title: str) -> bool:
    """A subject followed by a news verb: 'Congress adopts guidelines on ...'."""
    if not title or _GENRE_START.match(title):
        return False
    words = [word.strip(",:;!?\"'“”‘’()").lower() for word in title.split()[:8]]
    return any(word in _NEWS_VERBS for word in words[1:])


def count_event_sections(text: str) -> int:
    """How many sections start with a one-line heading and go on to announce an event."""
    sections = 0
    blocks = text.split("\n\n")
    for heading, body in itertools.pairwise(blocks):
        # A heading is a block of one line of 2–25 words that does not end like a sentence.
        if "\n" in heading or not 2 <= len(heading.split()) <= 25 or heading.endswith((".", ":", ";", ",")):
            continue
        if _EVENT_ANNOUNCEMENT.search(body[:1500]):
            sections += 1
    return sections
