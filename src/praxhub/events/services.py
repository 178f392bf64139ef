"""Read-side services over events, shared by the pages, the API, the exports and the CLI, and
the checks of the curators' merge and unmerge forms.

Every query here is bounded, so pages stay fast on a corpus of 100k documents (300k events) on
SQLite as on PostgreSQL: lists count and page through at most COUNT_CAP events, date ranges go
through the index on `start`, related rows come in one query per relation, and on SQLite, which
plans without statistics, each query is told which index should find its rows (see _driver).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import functools
import gettext as gettext_module
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pycountry
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Greatest, Least, Substr
from django.db.models.lookups import Exact, GreaterThanOrEqual, In, IsNull, LessThanOrEqual
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from praxhub.documents.curation import CurationError, merge_events, resolve_organisation, unmerge_event
from praxhub.documents.models import Document, DocumentTheme, Status
from praxhub.encodings import csv_cell, script_json
from praxhub.events.models import Event
from praxhub.extract.model import THEMES
from praxhub.organisations.models import Organisation
from praxhub.search.text import stopwords, tokens

PAGE_SIZE = 20
EXPORT_PAGE_SIZE = 200          # rows per page of the CSV and JSON exports
ICAL_PAGE_SIZE = 100            # events per iCalendar file (the icalendar library takes ~0.3 ms an event)
API_MAX_LIMIT = 100
# Lists count and page through at most this many events (narrow them with dates to see further):
# counting or skipping more rows costs more than a page may take on a large corpus.
COUNT_CAP = 2_000
# Date ranges are answered through the index on `start`: an event counts as overlapping a range
# when it started at most this long before it (longer gatherings are rare in this domain).
MAX_EVENT_DAYS = 62
RANDOM_READ = 3                 # rows read in storage order that cost as much as one read through an index
MONTH_LIMIT = 600               # events one month view shows at most
DAY_LIMIT = 4                   # events listed in one day cell before "n more"
EVIDENCE_CONTEXT = 200          # characters shown either side of an evidence span
EVIDENCE_MAX = 4000             # longest evidence text shown
MAX_REPORTS = 50                # reports (the event and its merged duplicates) on one page
CANDIDATE_SCAN = 1000           # events compared when looking for duplicates of one event
CANDIDATE_MIN_SIMILARITY = 0.5  # Dice coefficient of the title tokens

PUBLIC_STATUSES = (Status.SUGGESTED.value, Status.CONFIRMED.value)
CURATOR_STATUSES = (*PUBLIC_STATUSES, Status.REJECTED.value)
VIEWS = ("list", "month")

THEME_LABELS = {
    "prisons": _("Prison and probation"),
    "online": _("Online propaganda and the internet"),
    "communication": _("Counter- and alternative narratives"),
    "education": _("Education"),
    "youth_families": _("Youth and families"),
    "local": _("Local and multi-agency work"),
    "exit": _("Exit, disengagement and rehabilitation"),
    "police": _("Police and law enforcement"),
    "justice": _("Justice"),
    "health_social": _("Mental health and social care"),
    "returnees": _("Returnees"),
    "polarisation": _("Polarisation, ideology and hate"),
    "victims": _("Victims"),
    "financing": _("Terrorist financing"),
    "lone_actors": _("Lone actors"),
    "human_rights": _("Human rights"),
    "cooperation": _("Co-operation and networks"),
    "training": _("Training of practitioners"),
    "research": _("Research and evaluation"),
}
# Kinds and statuses as the pages show them: the templates translate the stored words
# ({% translate event.kind %}), and these calls put the words in the message catalogue.
WORDS = (_("conference"), _("workshop"), _("meeting"), _("roundtable"), _("training"), _("session"), _("other"),
         _("suggested"), _("confirmed"), _("rejected"))

_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_EVENT_FIELDS = ("id", "title", "kind", "start", "end", "city", "country", "venue", "online", "topics",
                 "organiser_names", "status", "merged_into", "edited", "evidence_missing", "updated_at")


class FilterError(ValueError):
    """A query parameter that cannot be used; the message names the parameter and says why."""


# --- filters ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventFilters:
    country: str = ""
    theme: str = ""
    organiser: str = ""  # as written in the query string: a slug, or an organisation's name or acronym
    organisation: Organisation | None = field(default=None, compare=False)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: str = ""
    q: str = ""

    def query(self) -> dict[str, str]:
        """The filters as query parameters (for links, pagers and exports), empty ones left out."""
        params = {
            "q": self.q,
            "country": self.country,
            "theme": self.theme,
            "organiser": self.organiser,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "status": self.status,
        }
        return {key: value for key, value in params.items() if value}


def _shown(value: str) -> str:
    """A bad value as an error message quotes it: short, and without control characters."""
    value = _CONTROL.sub("", value)
    return repr(value if len(value) <= 40 else value[:40] + "…")


def _param(params: Mapping[str, str], name: str) -> str:
    return (params.get(name) or "").strip()


def parse_date(raw: str, name: str) -> dt.date | None:
    if not raw:
        return None
    if _DATE.match(raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise FilterError(f"{name}: expected a date as YYYY-MM-DD, got {_shown(raw)}")


def find_organisation(value: str) -> Organisation:
    """The organisation a filter value names: its slug first, then its name or acronym. A record
    that a curator merged into another stands for that other one."""
    if len(value) > 300:
        raise FilterError("organiser: longer than 300 characters")
    found = Organisation.objects.filter(slug=value).first()
    if found is None:
        found = (Organisation.objects.filter(Q(name__iexact=value) | Q(acronym__iexact=value))
                 .order_by(F("merged_into").asc(nulls_first=True), "id").first())
    if found is None:
        raise FilterError(f"organiser: no organisation with the slug, name or acronym {_shown(value)}")
    return resolve_organisation(found)


def parse_filters(params: Mapping[str, str], *, curator: bool = False) -> EventFilters:
    """Filters from query parameters (`country`, `theme`, `organiser`, `from`, `to`, `status`,
    `q`). Raises FilterError naming the first bad parameter."""
    country = _param(params, "country")
    if country and not _COUNTRY.match(country):
        raise FilterError(f"country: expected a two-letter ISO 3166 code such as DE, got {_shown(country)}")
    theme = _param(params, "theme")
    if theme and theme not in THEMES:
        raise FilterError(f"theme: {_shown(theme)} is not one of {', '.join(THEMES)}")
    organiser = _CONTROL.sub("", _param(params, "organiser"))
    organisation = find_organisation(organiser) if organiser else None
    date_from = parse_date(_param(params, "from"), "from")
    date_to = parse_date(_param(params, "to"), "to")
    if date_from and date_to and date_to < date_from:
        raise FilterError("to: the end of the date range is before its start (from)")
    status = _param(params, "status")
    allowed = CURATOR_STATUSES if curator else PUBLIC_STATUSES
    if status and status not in allowed:
        if status in CURATOR_STATUSES:
            raise FilterError(f"status: {status} events are shown to curators only")
        raise FilterError(f"status: {_shown(status)} is not one of {', '.join(allowed)}")
    q = _CONTROL.sub(" ", _param(params, "q")).strip()
    if len(q) > 200:
        raise FilterError("q: longer than 200 characters")
    return EventFilters(country=country.upper(), theme=theme, organiser=organiser, organisation=organisation,
                        date_from=date_from, date_to=date_to, status=status, q=q)


def parse_page(raw: str | None, page_size: int = PAGE_SIZE) -> int:
    raw = (raw or "").strip()
    if not raw:
        return 1
    last = COUNT_CAP // page_size
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise FilterError(f"page: expected a whole number from 1, got {_shown(raw)}")
    if int(raw) > last:
        raise FilterError(f"page: lists go to page {last} at most ({COUNT_CAP} events); "
                          "narrow the dates with from and to to see further")
    return int(raw)


def parse_view(raw: str | None) -> str:
    view = (raw or "").strip() or "list"
    if view not in VIEWS:
        raise FilterError(f"view: {_shown(view)} is not one of {', '.join(VIEWS)}")
    return view


def parse_month(raw: str | None, default: dt.date) -> dt.date:
    """The first day of the month given as YYYY-MM (or of `default`'s month)."""
    raw = (raw or "").strip()
    if not raw:
        return default.replace(day=1)
    match = _MONTH.match(raw)
    if not match or not 1 <= int(match[2]) <= 12 or not 1000 <= int(match[1]) <= 9998:
        raise FilterError(f"month: expected a month as YYYY-MM, got {_shown(raw)}")
    return dt.date(int(match[1]), int(match[2]), 1)


def parse_limit(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= API_MAX_LIMIT:
        raise FilterError(f"limit: expected a number from 1 to {API_MAX_LIMIT}, got {limit}")
    if not 0 <= offset <= COUNT_CAP - limit:
        raise FilterError(f"offset: expected a number from 0 to {COUNT_CAP - limit} ({COUNT_CAP} events at most); "
                          "narrow the dates with from and to to see further")
    return limit, offset


# --- queries ------------------------------------------------------------------------------------

class Unindexed(Func):
    """A column as SQLite's planner may not look it up in an index (the unary-plus idiom of its
    documentation), so that the index chosen for the query is used. `merged_into IS NULL` and
    `status` hold for most rows, yet without statistics SQLite would prefer their indexes and
    sort the whole table rather than walk the index on `start` and stop at the LIMIT. Other
    databases see the plain column."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(+%(expressions)s)", **extra)


def _events() -> QuerySet[Event]:
    """Events that stand for themselves: not merged into another one."""
    return Event.objects.filter(IsNull(Unindexed("merged_into"), True))


def listed() -> QuerySet[Event]:
    """Events as the hub shows them: not rejected, and one row per event (duplicates that a
    curator merged are shown through the event they were merged into)."""
    return _events().filter(In(Unindexed("status"), PUBLIC_STATUSES))


def upcoming(n: int, today: dt.date | None = None) -> list[Event]:
    today = today or dt.date.today()
    return list(listed().filter(start__gte=today).select_related("document").defer("document__text")
                .order_by("start", "id")[:n])


def overlapping(queryset: QuerySet[Event], first: dt.date | None, last: dt.date | None,
                indexed: bool = True) -> QuerySet[Event]:
    """Events that take place on at least one day of [first, last] (either end may be open)."""
    start: Any = F("start") if indexed else Unindexed("start")
    if last is not None:
        queryset = queryset.filter(LessThanOrEqual(start, last))
    if first is not None:
        earliest = first - dt.timedelta(days=MAX_EVENT_DAYS)
        queryset = queryset.filter(GreaterThanOrEqual(start, earliest)).filter(Q(start__gte=first) | Q(end__gte=first))
    return queryset


@dataclass
class _Sizes:
    """How many events each indexed filter selects, counted on indexes only (no row is read)."""

    total: int
    matches: dict[str, int]  # "country", "theme", "organiser" → events that filter selects
    in_range: int            # events starting in the date range (all of them without one)


def _sizes(filters: EventFilters, first: dt.date | None, last: dt.date | None) -> _Sizes | None:
    """PostgreSQL keeps statistics and plans well by itself (None). SQLite has none unless
    ANALYZE ran, and guesses: one guess walks 100k rows for a rare theme, another sorts half the
    table for a common country. So on SQLite these counts let _driver choose."""
    if connection.vendor != "sqlite":
        return None
    total = Event.objects.count()
    matches: dict[str, int] = {}
    if filters.country:
        matches["country"] = Event.objects.filter(country=filters.country).count()
    if filters.theme:
        themed_documents = DocumentTheme.objects.filter(theme=filters.theme).count()
        matches["theme"] = total * themed_documents // max(1, Document.objects.count())
    if filters.organisation is not None:
        matches["organiser"] = Event.organisers.through.objects.filter(organisation_id=filters.organisation.pk).count()
    in_range = total
    if first is not None or last is not None:
        starts = Event.objects.all()
        if first is not None:
            starts = starts.filter(start__gte=first - dt.timedelta(days=MAX_EVENT_DAYS))
        if last is not None:
            starts = starts.filter(start__lte=last)
        in_range = starts.count()
    return _Sizes(total, matches, in_range)


def _driver(filters: EventFilters, sizes: _Sizes | None, need: int) -> str:
    """Which index should find the first `need` events: "start" (walk the dates in order and
    stop after `need`), "country", "theme" or "organiser" (read that filter's matches and sort
    them), "scan" (read the table once: a title search that no index serves), or "" (let the
    database choose)."""
    if sizes is None:
        return ""
    # Rows a walk through the dates visits: all of the date range at worst (a title search may
    # match little), fewer when the other filters let about one in `total / matches` through and
    # the walk stops after `need`.
    walk = sizes.in_range
    if not filters.q:
        walk = min(walk, need * sizes.total // max(1, min(sizes.matches.values(), default=sizes.total)))
    # A row read through an index costs a few rows read in storage order.
    costs = {"start": RANDOM_READ * walk, "scan": sizes.total}
    costs.update({name: RANDOM_READ * matches for name, matches in sizes.matches.items()})
    return min(costs, key=lambda name: (costs[name], name != "start"))


def filtered(filters: EventFilters, first: dt.date | None = None, last: dt.date | None = None,
             driver: str = "") -> QuerySet[Event]:
    """The events the filters select (and that take place in [first, last] when given), unordered.
    `driver` (see _driver) names the one filter SQLite may answer from an index."""
    queryset = Event.objects.all()
    if filters.q:
        # First: SQLite tests conditions in the order written, and most rows fail this one.
        queryset = queryset.filter(title__icontains=filters.q)
    statuses = [filters.status] if filters.status else list(PUBLIC_STATUSES)
    queryset = queryset.filter(IsNull(Unindexed("merged_into"), True), In(Unindexed("status"), statuses))

    def column(name: str, field_name: str) -> Any:
        return F(field_name) if driver in ("", name) else Unindexed(field_name)

    if filters.country:
        queryset = queryset.filter(Exact(column("country", "country"), filters.country))
    if filters.theme:
        # The themes of the event's document. (Event topics are phrases as the document wrote
        # them, never theme ids, so they are not matched here.) Found from the theme's index
        # when few documents have it; otherwise tested row by row on the (document, theme) key.
        if driver == "theme":
            themed = DocumentTheme.objects.filter(theme=filters.theme).values("document_id")
            queryset = queryset.filter(document_id__in=themed)
        else:
            queryset = queryset.filter(Exists(DocumentTheme.objects.filter(document=OuterRef("document"),
                                                                           theme=filters.theme)))
    if filters.organisation is not None:
        organised = Event.organisers.through.objects.filter(organisation_id=filters.organisation.pk)
        queryset = queryset.filter(In(column("organiser", "id"), organised.values("event_id")))
    if filters.date_from or filters.date_to:
        queryset = overlapping(queryset, filters.date_from, filters.date_to, indexed=driver in ("", "start"))
    if first or last:
        queryset = overlapping(queryset, first, last, indexed=driver in ("", "start"))
    return queryset


def _date_range(filters: EventFilters, first: dt.date | None, last: dt.date | None) -> tuple[dt.date | None, ...]:
    firsts = [d for d in (first, filters.date_from) if d is not None]
    lasts = [d for d in (last, filters.date_to) if d is not None]
    return max(firsts, default=None), min(lasts, default=None)


def selection(filters: EventFilters, first: dt.date | None = None, last: dt.date | None = None,
              need: int = COUNT_CAP, sizes: _Sizes | None = None) -> QuerySet[Event]:
    """The filtered events in date order (undated ones last, on both databases), planned to find
    the first `need` of them cheaply; slice it."""
    driver = _driver(filters, sizes or _sizes(filters, *_date_range(filters, first, last)), need)
    start: Any = F("start") if driver in ("", "start") else Unindexed("start")
    return filtered(filters, first, last, driver).order_by(start.asc(nulls_last=True), "id")


def count(filters: EventFilters, sizes: _Sizes | None = None) -> int:
    """How many events the filters select, counting no further than COUNT_CAP + 1 (without an
    order, SQLite reads the table in storage order, which is cheaper than through an index)."""
    driver = _driver(filters, sizes or _sizes(filters, *_date_range(filters, None, None)), COUNT_CAP + 1)
    return filtered(filters, driver=driver).order_by().values("id")[: COUNT_CAP + 1].count()


def _slice_ids(filters: EventFilters, offset: int, end: int) -> tuple[list[int], int]:
    """The ids of events [offset, end) in date order and the total (up to COUNT_CAP + 1)."""
    sizes = _sizes(filters, *_date_range(filters, None, None))
    if _driver(filters, sizes, COUNT_CAP + 1) not in ("", "start"):
        # Counting reads every match anyway (a scan, or one filter's index): one query reads and
        # sorts them once, and the total and the slice both come from its ids.
        ids = list(selection(filters, need=COUNT_CAP + 1, sizes=sizes).values_list("id", flat=True)[: COUNT_CAP + 1])
        return ids[offset:end], len(ids)
    total = count(filters, sizes)
    if offset >= min(total, end):
        return [], total
    return list(selection(filters, need=end, sizes=sizes).values_list("id", flat=True)[offset:end]), total


def _organisers_prefetch() -> Prefetch:
    return Prefetch("organisers", queryset=Organisation.objects.only("id", "slug", "name", "acronym"))


def _with_document(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Events with their document's title but never its text (which can be megabytes)."""
    return queryset.select_related("document").only(
        *_EVENT_FIELDS, "document__id", "document__title", "document__source_name", "document__published"
    )


@dataclass
class EventSlice:
    events: list[Event]
    total: int          # events the filters select, counted up to COUNT_CAP
    total_exact: bool   # False: there are more than COUNT_CAP


def window(filters: EventFilters, limit: int, offset: int) -> EventSlice:
    """One slice of the filtered events in date order, with their document and organisers, and
    their total (counted up to COUNT_CAP: lists page through that many at most)."""
    end = min(offset + limit, COUNT_CAP)
    # The slice's ids from narrow queries first, then its rows with what they show.
    page_ids, total = _slice_ids(filters, offset, end) if offset < end else ([], count(filters))
    rows = _with_document(Event.objects.filter(id__in=page_ids)).prefetch_related(_organisers_prefetch())
    by_id = {event.pk: event for event in rows}
    return EventSlice([by_id[i] for i in page_ids if i in by_id], min(total, COUNT_CAP), total <= COUNT_CAP)


@dataclass
class EventPage:
    events: list[Event]
    total: int
    total_exact: bool
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.total


def list_page(filters: EventFilters, page: int = 1, page_size: int = PAGE_SIZE) -> EventPage:
    found = window(filters, page_size, (page - 1) * page_size)
    return EventPage(found.events, found.total, found.total_exact, page, page_size)


# --- month view ---------------------------------------------------------------------------------

@dataclass
class Day:
    date: dt.date
    in_month: bool
    events: list[Event] = field(default_factory=list)
    more_url: str = ""  # the day's full list, for a day with more events than a cell shows

    @property
    def shown(self) -> list[Event]:
        return self.events[:DAY_LIMIT]

    @property
    def more(self) -> int:
        return max(0, len(self.events) - DAY_LIMIT)


@dataclass
class Month:
    first: dt.date
    weeks: list[list[Day]]
    total: int
    truncated: bool

    @property
    def previous(self) -> dt.date:
        return (self.first - dt.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> dt.date:
        return (self.first + dt.timedelta(days=32)).replace(day=1)

    @property
    def days(self) -> list[Day]:
        return [day for week in self.weeks for day in week]


def month_grid(filters: EventFilters, first: dt.date, firstweekday: int = calendar.MONDAY) -> Month:
    """The weeks of a month (with the neighbouring months' days that complete them), each day with
    the events that take place on it: an event spanning several days appears on each of them."""
    dates = calendar.Calendar(firstweekday).monthdatescalendar(first.year, first.month)
    grid_first, grid_last = dates[0][0], dates[-1][-1]
    rows = list(selection(filters, grid_first, grid_last, need=MONTH_LIMIT + 1)
                .only("id", "title", "kind", "start", "end", "city", "country", "status", "online")[: MONTH_LIMIT + 1])
    truncated = len(rows) > MONTH_LIMIT
    rows = rows[:MONTH_LIMIT]
    days = {d: Day(date=d, in_month=d.month == first.month) for week in dates for d in week}
    for event in rows:
        assert event.start is not None
        day = max(event.start, grid_first)
        last = min(max(event.end or event.start, event.start), grid_last)
        while day <= last:
            days[day].events.append(event)
            day += dt.timedelta(days=1)
    weeks = [[days[d] for d in week] for week in dates]
    return Month(first=first, weeks=weeks, total=len(rows), truncated=truncated)


# --- one event ----------------------------------------------------------------------------------

def root(event: Event) -> Event:
    """The event a merged duplicate now stands for (the event itself when it is not merged)."""
    from praxhub.documents.curation import follow_merges

    return follow_merges(event)


@dataclass
class Report:
    """One document's report of the event: the evidence span with some text around it."""

    event_id: int
    document_id: int
    document_title: str
    document_url: str
    before: str
    text: str
    after: str
    span: tuple[int, int]
    merged: bool            # a duplicate merged into the event shown
    evidence_missing: bool  # the latest version of the document no longer contains it
    title: str              # the title as this report gives it


def reports(event: Event) -> list[Report]:
    """The evidence of the event and of every duplicate merged into it, with only the needed
    window of each document's text read from the database."""
    window_start = Greatest(F("span_start") - EVIDENCE_CONTEXT, Value(0))
    # Never negative (PostgreSQL refuses that), even for a span a later version made stale.
    length = Greatest(Least(F("span_end") - F("window_start"), Value(EVIDENCE_MAX)), Value(0)) + EVIDENCE_CONTEXT
    # Two indexed look-ups: an OR of the two conditions makes SQLite scan the whole table.
    merged = Event.objects.filter(merged_into=event.pk).order_by("id").values_list("id", flat=True)
    ids = [event.pk, *merged[: MAX_REPORTS - 1]]
    rows = (
        Event.objects.filter(pk__in=ids).select_related("document")
        .only("id", "title", "span_start", "span_end", "merged_into", "evidence_missing",
              "document__id", "document__title", "document__source_name", "document__published")
        .annotate(window_start=window_start)
        .annotate(excerpt=Substr("document__text", F("window_start") + 1, length),
                  self_first=Case(When(pk=event.pk, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("self_first", F("document__published").asc(nulls_last=True), "id")[:MAX_REPORTS]
    )
    found = []
    for row in rows:
        start = row.span_start - row.window_start
        end = min(row.span_end - row.window_start, start + EVIDENCE_MAX)
        excerpt: str = row.excerpt or ""
        before = excerpt[:start]
        if row.window_start > 0 and " " in before:
            before = "…" + before.split(" ", 1)[1]
        after = excerpt[end:]
        if " " in after and len(after) >= EVIDENCE_CONTEXT:
            after = after.rsplit(" ", 1)[0] + "…"
        found.append(Report(
            event_id=row.pk, document_id=row.document.pk, document_title=str(row.document),
            document_url=row.document.get_absolute_url(), before=before, text=excerpt[start:end], after=after,
            span=(row.span_start, row.span_end), merged=row.pk != event.pk,
            evidence_missing=row.evidence_missing, title=row.title,
        ))
    return found


def merge_reports(event_id: int, duplicate_ids: list[int]) -> Event:
    """Merge other events (reports of the same gathering) into this one (curation.merge_events,
    with the checks a form needs). Raises CurationError naming the field."""
    if not duplicate_ids:
        raise CurationError("duplicates: choose at least one event to merge into this one")
    if event_id in duplicate_ids:
        raise CurationError("duplicates: an event cannot be merged into itself")
    return merge_events(event_id, duplicate_ids)


def unmerge_report(event_id: int, duplicate_id: int) -> Event:
    """Make a report that was merged into this event a separate event again."""
    if not Event.objects.filter(pk=duplicate_id, merged_into_id=event_id).exists():
        raise CurationError("duplicate: that event is not merged into this one")
    return unmerge_event(duplicate_id)


@dataclass
class Candidate:
    event: Event
    similarity: float
    reason: str  # "similar title" or "same day and city"


def title_tokens(title: str) -> frozenset[str]:
    stop = stopwords()
    return frozenset(t for t in tokens(title) if len(t) > 1 and t not in stop and not t.isdigit())


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two token sets."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def duplicate_candidates(event: Event, limit: int = 10) -> list[Candidate]:
    """Other listed events that may report the same gathering: a start within a day of this one's
    and a similar title, or the same start and the same city. Undated events have none."""
    if event.start is None:
        return []
    one_day = dt.timedelta(days=1)
    nearby = (listed().exclude(pk=event.pk)
              .filter(start__gte=event.start - one_day, start__lte=event.start + one_day)
              .only("id", "title", "kind", "start", "end", "city", "country", "status", "document_id")
              .order_by("start", "id")[:CANDIDATE_SCAN])
    mine = title_tokens(event.title)
    city = event.city.casefold().strip()
    found = []
    for other in nearby:
        score = similarity(mine, title_tokens(other.title))
        if score >= CANDIDATE_MIN_SIMILARITY:
            found.append(Candidate(other, score, "similar title"))
        elif city and other.start == event.start and other.city.casefold().strip() == city:
            found.append(Candidate(other, score, "same day and city"))
    found.sort(key=lambda c: (-c.similarity, c.event.pk))
    return found[:limit]


def country_name(code: str) -> str:
    """The country's name in the active language (ISO 3166 names translated by pycountry)."""
    if code == "XK":  # Kosovo has a user-assigned code, not in ISO 3166
        return str(_("Kosovo"))
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return code
    return _country_names(get_language() or "en").gettext(country.name)


@functools.cache
def _country_names(language: str) -> gettext_module.NullTranslations:
    return gettext_module.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language.split("-")[0]],
                                      fallback=True)


def countries() -> list[tuple[str, str]]:
    """The countries events take place in, as (code, name), for the country filter."""
    codes = Event.objects.exclude(country="").values_list("country", flat=True).distinct().order_by("country")
    return sorted(((code, country_name(code)) for code in codes[:300]), key=lambda item: item[1])


def detail(event: Event, base_url: str, curator: bool = False) -> dict:
    """What the event page shows."""
    organisers = list(event.organisers.only("id", "slug", "name", "acronym").order_by("name"))
    return {
        "event": event,
        "organisers": organisers,
        "country_name": country_name(event.country),
        "reports": reports(event),
        "candidates": duplicate_candidates(event) if curator else [],
        "jsonld": jsonld(event, base_url, organisers),
    }


# --- exports ------------------------------------------------------------------------------------

def _organiser_names(event: Event) -> list[str]:
    """The linked organisations' names (prefetched), else the organisers as the document wrote them."""
    linked = [org.name for org in event.organisers.all()]
    return linked or list(event.organiser_names or [])


class Links:
    """Absolute URLs of events and documents for exports of hundreds of rows: reverse() once per
    route, not once per row (it is the slowest part of an export otherwise)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._event = reverse("event", args=[0]).removesuffix("0")
        self._document = reverse("document", args=[0]).removesuffix("0")

    def event(self, pk: int) -> str:
        return f"{self.base_url}{self._event}{pk}"

    def document(self, pk: int) -> str:
        return f"{self.base_url}{self._document}{pk}"


def _as_json(event: Event, links: Links) -> dict:
    return {
        "id": event.pk,
        "url": links.event(event.pk),
        "title": event.title,
        "kind": event.kind,
        "start": event.start.isoformat() if event.start else None,
        "end": event.end.isoformat() if event.end else None,
        "city": event.city,
        "country": event.country,
        "venue": event.venue,
        "online": event.online,
        "topics": list(event.topics or []),
        "organisers": [{"slug": org.slug, "name": org.name} for org in event.organisers.all()],
        "organiser_names": list(event.organiser_names or []),
        "status": event.status,
        "edited": event.edited,
        "merged_into": event.merged_into_id,
        "document": {"id": event.document.pk, "title": str(event.document), "url": links.document(event.document.pk)},
    }


def as_json(events: Iterable[Event], base_url: str) -> list[dict]:
    """Events as the API and the JSON export give them (organisers and document prefetched)."""
    links = Links(base_url)
    return [_as_json(event, links) for event in events]


CSV_HEADER = ("id", "title", "kind", "start", "end", "city", "country", "venue", "online", "organisers",
              "topics", "status", "url", "document_id", "document_title")


def to_csv(events: Iterable[Event], base_url: str) -> str:
    links = Links(base_url)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for event in events:
        writer.writerow([csv_cell(v) for v in (
            event.pk, event.title, event.kind, event.start.isoformat() if event.start else "",
            event.end.isoformat() if event.end else "", event.city, event.country, event.venue,
            "yes" if event.online else "no", "; ".join(_organiser_names(event)), "; ".join(event.topics or []),
            event.status, links.event(event.pk), event.document.pk, str(event.document),
        )])
    return out.getvalue()


def uid(event: Event) -> str:
    return f"event-{event.pk}@praxhub"


def location(event: Event) -> str:
    parts = [event.venue, event.city, country_name(event.country) if event.country else ""]
    text = ", ".join(p for p in parts if p)
    if event.online:
        text = f"{text} (online)" if text else "Online"
    return text


def to_ical(events: Iterable[Event], base_url: str, name: str = "praxhub events") -> bytes:
    """An iCalendar file with one all-day VEVENT per dated event (undated events are left out:
    a calendar entry needs a start). DTEND is exclusive, as RFC 5545 defines it for dates."""
    cal = Calendar()
    cal.add("prodid", "-//praxhub//events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    links = Links(base_url)
    for event in events:
        if event.start is None:
            continue
        entry = CalendarEvent()
        entry.add("uid", uid(event))
        entry.add("dtstamp", event.updated_at)
        entry.add("dtstart", event.start)
        entry.add("dtend", max(event.end or event.start, event.start) + dt.timedelta(days=1))
        entry.add("summary", event.title)
        where = location(event)
        if where:
            entry.add("location", where)
        url = links.event(event.pk)
        entry.add("url", url)
        entry.add("status", "CONFIRMED" if event.status == Status.CONFIRMED else "TENTATIVE")
        entry.add("categories", [event.kind])
        organisers = _organiser_names(event)
        lines = [f"{event.kind.capitalize()}" + (f" organised by {', '.join(organisers)}" if organisers else "")]
        lines.append(f"Source: {event.document} ({links.document(event.document.pk)})")
        if event.status != Status.CONFIRMED:
            lines.append("Extracted automatically; not yet confirmed by a curator.")
        lines.append(url)
        entry.add("description", "\n".join(lines))
        cal.add_component(entry)
    return cal.to_ical()


def jsonld(event: Event, base_url: str, organisers: list[Organisation] | None = None) -> str:
    """schema.org Event as JSON-LD, safe to embed in a <script> element: <, > and & are escaped so
    text from documents cannot close the element."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": base_url + event.get_absolute_url(),
    }
    if event.start:
        data["startDate"] = event.start.isoformat()
        data["endDate"] = max(event.end or event.start, event.start).isoformat()
    place: dict | None = None
    if event.city or event.country or event.venue:
        address = {"@type": "PostalAddress"}
        if event.city:
            address["addressLocality"] = event.city
        if event.country:
            address["addressCountry"] = event.country
        place = {"@type": "Place", "name": event.venue or event.city or country_name(event.country),
                 "address": address}
    if event.online:
        virtual = {"@type": "VirtualLocation", "url": data["url"]}
        data["location"] = [place, virtual] if place else virtual
        mode = "MixedEventAttendanceMode" if place else "OnlineEventAttendanceMode"
    else:
        if place:
            data["location"] = place
        mode = "OfflineEventAttendanceMode"
    data["eventAttendanceMode"] = f"https://schema.org/{mode}"
    names = [org.name for org in organisers] if organisers else list(event.organiser_names or [])
    if names:
        data["organizer"] = [{"@type": "Organization", "name": name} for name in names]
    return script_json(data)


def export_rows(filters: EventFilters, page: int, page_size: int | None = None) -> EventSlice:
    """One page of an export (CSV, JSON, iCalendar) and the total the filters select."""
    page_size = page_size or EXPORT_PAGE_SIZE
    return window(filters, page_size, (page - 1) * page_size)
