"""The events services: filters, lists, the month grid, duplicates, evidence and exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from itertools import count

import pytest
from icalendar import Calendar

from praxhub.documents import curation
from praxhub.documents.models import Status
from praxhub.events import services
from praxhub.events.models import Event
from praxhub.organisations.models import Organisation

pytestmark = pytest.mark.django_db
BASE = "https://hub.example"
D = dt.date
_fingerprints = count()


@pytest.fixture
def doc(make_document):
    text = ("Newsletter of the prevention network.\n\n"
            "The Regional conference on prison radicalisation takes place in Vienna from 22 to 24 May 2018. "
            "It is organised by the Ministry of Justice.\n\nOther news follows here.")
    return make_document("Prevention newsletter May 2018", text, themes=("prisons",), published=D(2018, 5, 1))


@pytest.fixture
def make_event(doc):
    from praxhub.documents.models import Document

    def make(title: str, start: dt.date | None = None, end: dt.date | None = None, document: int | None = None,
             **fields) -> Event:
        document_obj = Document.objects.get(pk=document or doc)
        phrase = "Regional conference on prison radicalisation"
        span_start = max(0, document_obj.text.find(phrase))
        return Event.objects.create(
            document=document_obj, span_start=span_start, span_end=span_start + len(phrase),
            fingerprint=f"fp-{next(_fingerprints)}", title=title, start=start,
            end=end if end is not None else start, **fields)

    return make


def titles(events) -> list[str]:
    return [e.title for e in events]


def listing(**params) -> list[str]:
    return titles(services.list_page(services.parse_filters(params), 1, page_size=100).events)


# --- parsing ----------------------------------------------------------------------------------

def test_parse_filters_reads_and_normalises_every_parameter(db):
    org = Organisation.objects.create(slug="ran", name="Radicalisation Awareness Network", acronym="RAN")
    filters = services.parse_filters({"country": " at ", "theme": "prisons", "organiser": "ran", "from": "2018-05-01",
                                      "to": "2018-05-31", "status": "confirmed", "q": " conference "})
    assert (filters.country, filters.theme, filters.organisation, filters.q) == ("AT", "prisons", org, "conference")
    assert (filters.date_from, filters.date_to, filters.status) == (D(2018, 5, 1), D(2018, 5, 31), "confirmed")
    assert filters.query() == {"q": "conference", "country": "AT", "theme": "prisons", "organiser": "ran",
                               "from": "2018-05-01", "to": "2018-05-31", "status": "confirmed"}
    assert services.parse_filters({}).query() == {}


@pytest.mark.parametrize(("params", "field"), [
    ({"country": "AUT"}, "country:"),
    ({"country": "1x"}, "country:"),
    ({"theme": "poetry"}, "theme:"),
    ({"from": "2018-02-30"}, "from:"),
    ({"from": "yesterday"}, "from:"),
    ({"to": "2018-5-1"}, "to:"),
    ({"from": "2018-05-02", "to": "2018-05-01"}, "to:"),
    ({"status": "rejected"}, "status:"),
    ({"status": "maybe"}, "status:"),
    ({"organiser": "no-such-body"}, "organiser:"),
    ({"q": "x" * 201}, "q:"),
])
def test_bad_filters_raise_one_line_errors_naming_the_field(db, params, field):
    with pytest.raises(services.FilterError) as caught:
        services.parse_filters(params)
    message = str(caught.value)
    assert message.startswith(field) and "\n" not in message


def test_every_theme_of_the_taxonomy_has_a_label():
    from praxhub.extract.model import THEMES

    assert list(services.THEME_LABELS) == list(THEMES)


def test_curators_may_list_rejected_events(db):
    assert services.parse_filters({"status": "rejected"}, curator=True).status == "rejected"


def test_parse_page_view_and_month():
    assert services.parse_page("") == 1 and services.parse_page("3") == 3
    assert services.parse_page(str(services.COUNT_CAP // services.PAGE_SIZE)) == 100
    for bad in ("0", "-1", "abc", "1.5", "٣", str(services.COUNT_CAP)):
        with pytest.raises(services.FilterError, match=r"^page:"):
            services.parse_page(bad)
    assert services.parse_view(None) == "list" and services.parse_view("month") == "month"
    with pytest.raises(services.FilterError, match=r"^view:"):
        services.parse_view("grid")
    assert services.parse_month("", D(2020, 2, 17)) == D(2020, 2, 1)
    assert services.parse_month("2018-05", D(2020, 2, 17)) == D(2018, 5, 1)
    for bad in ("2018-13", "2018-5", "May 2018", "0000-01", "9999-12"):
        with pytest.raises(services.FilterError, match=r"^month:"):
            services.parse_month(bad, D(2020, 1, 1))


def test_find_organisation_by_slug_acronym_or_name_follows_merges(db):
    keep = Organisation.objects.create(slug="efus", name="European Forum for Urban Security", acronym="Efus")
    old = Organisation.objects.create(slug="efus-old", name="Forum européen", merged_into=keep)
    assert services.find_organisation("efus") == keep
    assert services.find_organisation("EFUS") == keep
    assert services.find_organisation("european forum for urban security") == keep
    assert services.find_organisation(old.slug) == keep


# --- lists --------------------------------------------------------------------------------------

def test_default_list_hides_rejected_and_merged_and_puts_undated_events_last(make_event):
    make_event("B later", D(2019, 1, 1))
    make_event("Undated meeting")
    make_event("A earlier", D(2018, 1, 1))
    make_event("Rejected one", D(2018, 6, 1), status=Status.REJECTED)
    keep = make_event("Kept report", D(2018, 3, 1))
    duplicate = make_event("Duplicate report", D(2018, 3, 1))
    curation.merge_events(keep.pk, [duplicate.pk])
    assert listing() == ["A earlier", "Kept report", "B later", "Undated meeting"]
    assert listing(status="suggested") == ["A earlier", "B later", "Undated meeting"]
    assert listing(status="confirmed") == ["Kept report"]  # merging confirms the event kept
    assert "Rejected one" in titles(services.list_page(services.parse_filters({"status": "rejected"}, curator=True))
                                    .events)


def test_filters_country_theme_organiser_and_title(make_event, make_document):
    other_doc = make_document("Youth work bulletin", "Youth work and families.", themes=("youth_families",))
    ran = Organisation.objects.create(slug="ran", name="Radicalisation Awareness Network", acronym="RAN")
    vienna = make_event("Prison conference", D(2018, 5, 22), country="AT", city="Vienna")
    vienna.organisers.add(ran)
    make_event("Youth workshop", D(2018, 6, 1), country="FR", document=other_doc)
    assert listing(country="at") == ["Prison conference"]
    assert listing(theme="prisons") == ["Prison conference"]
    assert listing(theme="youth_families") == ["Youth workshop"]
    assert listing(theme="victims") == []
    assert listing(organiser="ran") == ["Prison conference"]
    assert listing(organiser="RAN", country="FR") == []
    assert listing(q="WORKSHOP") == ["Youth workshop"]


def test_date_range_finds_events_that_overlap_it(make_event):
    make_event("Ends before", D(2018, 5, 1), D(2018, 5, 3))
    make_event("Spans into the range", D(2018, 5, 9), D(2018, 5, 11))
    make_event("Inside", D(2018, 5, 15))
    make_event("After", D(2018, 6, 1))
    make_event("Undated")
    assert listing(**{"from": "2018-05-10", "to": "2018-05-31"}) == ["Spans into the range", "Inside"]
    assert listing(**{"from": "2018-05-16"}) == ["After"]
    assert listing(to="2018-05-09") == ["Ends before", "Spans into the range"]


def test_every_query_plan_gives_the_same_events(make_event, make_document):
    """The planner hints change how SQLite finds rows, never which rows."""
    other_doc = make_document("Other", "Other text.", themes=("online",))
    ran = Organisation.objects.create(slug="ran", name="RAN")
    for i in range(12):
        event = make_event(f"Meeting {i}", D(2018, 1 + i % 6, 1 + i), country=("AT", "FR")[i % 2],
                           document=other_doc if i % 3 else None)
        if i % 4 == 0:
            event.organisers.add(ran)
    filters = services.parse_filters({"country": "AT", "theme": "online", "from": "2018-02-01", "q": "meeting"})
    expected = None
    for driver in ("", "start", "country", "theme", "organiser", "scan"):
        found = sorted(services.filtered(filters, driver=driver).values_list("title", flat=True))
        expected = expected if expected is not None else found
        assert found == expected, driver
    assert expected  # the filters select something, so the comparison means something


def test_sqlite_plans_by_what_each_filter_selects(make_event, make_document):
    from django.db import connection

    for i in range(30):
        make_event(f"Meeting {i}", D(2018, 1, 1) + dt.timedelta(days=10 * i), country="AT")

    def driver(**params) -> str:
        filters = services.parse_filters(params)
        return services._driver(filters, services._sizes(filters, filters.date_from, filters.date_to), need=5)

    if connection.vendor != "sqlite":  # PostgreSQL plans with its own statistics
        assert driver(theme="victims") == ""
        return
    assert driver() == "start"                      # walk the dates and stop after a few
    assert driver(theme="victims") == "theme"       # no document has it: its index finds nothing at once
    assert driver(country="AT") == "start"          # every event: the walk stops soon
    assert driver(country="FR") == "country"        # none
    assert driver(q="meeting") == "scan"            # a title search: read the table once
    assert driver(q="meeting", **{"from": "2018-10-01"}) == "start"  # ...unless the dates leave few rows


def test_pages_and_the_capped_total(make_event, monkeypatch):
    for i in range(25):
        make_event(f"Event {i:02d}", D(2018, 1, 1) + dt.timedelta(days=i))
    first = services.list_page(services.parse_filters({}), 1)
    assert (first.total, first.total_exact, first.pages) == (25, True, 2)
    assert first.has_next and not first.has_previous
    second = services.list_page(services.parse_filters({}), 2)
    assert titles(second.events) == [f"Event {i:02d}" for i in range(20, 25)] and not second.has_next
    monkeypatch.setattr(services, "COUNT_CAP", 10)
    capped = services.list_page(services.parse_filters({}), 1, page_size=4)
    assert (capped.total, capped.total_exact, capped.pages) == (10, False, 3)
    assert titles(services.list_page(services.parse_filters({}), 3, page_size=4).events) == ["Event 08", "Event 09"]


# --- month grid ---------------------------------------------------------------------------------

def test_month_grid_weeks_and_events_spanning_days(make_event):
    make_event("Three-day conference", D(2018, 5, 22), D(2018, 5, 24))
    make_event("Across the month's end", D(2018, 5, 31), D(2018, 6, 2))
    make_event("Late April", D(2018, 4, 30))  # Monday of the first week shown
    make_event("July", D(2018, 7, 2))
    make_event("Undated")
    month = services.month_grid(services.parse_filters({}), D(2018, 5, 1))
    assert all(len(week) == 7 for week in month.weeks)
    assert month.weeks[0][0].date == D(2018, 4, 30) and month.weeks[0][0].date.weekday() == 0
    by_day = {day.date: titles(day.events) for day in month.days}
    assert [d.day for d, t in by_day.items() if "Three-day conference" in t] == [22, 23, 24]
    assert [d for d, t in by_day.items() if "Across the month's end" in t] == [D(2018, 5, 31), D(2018, 6, 1),
                                                                             D(2018, 6, 2)]
    assert by_day[D(2018, 4, 30)] == ["Late April"] and not month.weeks[0][0].in_month
    assert not any("July" in day_titles for day_titles in by_day.values())
    assert month.total == 3 and not month.truncated
    assert (month.previous, month.next) == (D(2018, 4, 1), D(2018, 6, 1))


def test_month_grid_limits_a_day_and_the_month(make_event, monkeypatch):
    for i in range(services.DAY_LIMIT + 2):
        make_event(f"Busy day {i}", D(2018, 5, 15))
    day = next(d for d in services.month_grid(services.parse_filters({}), D(2018, 5, 1)).days if d.date.day == 15
               and d.in_month)
    assert len(day.shown) == services.DAY_LIMIT and day.more == 2
    monkeypatch.setattr(services, "MONTH_LIMIT", 3)
    month = services.month_grid(services.parse_filters({}), D(2018, 5, 1))
    assert month.truncated and month.total == 3


# --- one event ----------------------------------------------------------------------------------

def test_duplicate_candidates(make_event):
    event = make_event("Regional conference on prison radicalisation", D(2018, 5, 22), city="Vienna")
    similar = make_event("Conference on prison radicalisation (regional)", D(2018, 5, 23))
    same_place = make_event("Opening of the prevention week", D(2018, 5, 22), city="vienna")
    make_event("Regional conference on prison radicalisation", D(2018, 5, 25))  # three days later
    make_event("Regional conference on prison radicalisation", D(2018, 5, 22), status=Status.REJECTED)
    make_event("Unrelated training", D(2018, 5, 22), city="Graz")
    found = services.duplicate_candidates(event)
    assert [(c.event.pk, c.reason) for c in found] == [(similar.pk, "similar title"),
                                                       (same_place.pk, "same day and city")]
    assert services.duplicate_candidates(make_event("Undated conference")) == []
    curation.merge_events(event.pk, [similar.pk])
    assert [c.event.pk for c in services.duplicate_candidates(event)] == [same_place.pk]


def test_reports_show_the_evidence_of_the_event_and_its_merged_duplicates(make_event, make_document):
    second_text = "Calendar.\n" + "Filler words. " * 40 + "Regional conference on prison radicalisation, Vienna."
    second = make_document("Second newsletter", second_text, published=D(2018, 5, 10))
    event = make_event("Regional conference", D(2018, 5, 22))
    duplicate = make_event("Regional conference (Vienna)", D(2018, 5, 22), document=second)
    curation.merge_events(event.pk, [duplicate.pk])
    reports = services.reports(event)
    assert [(r.event_id, r.merged) for r in reports] == [(event.pk, False), (duplicate.pk, True)]
    for report in reports:
        assert report.text == "Regional conference on prison radicalisation"
        assert report.document_url == f"/documents/{Event.objects.get(pk=report.event_id).document_id}"
    assert reports[0].document_title == "Prevention newsletter May 2018"
    assert reports[0].after.startswith(" takes place in Vienna")
    assert reports[1].before.startswith("…") and reports[1].before.endswith("Filler words. ")
    assert services.root(Event.objects.get(pk=duplicate.pk)) == event
    # A span that no longer fits the document (or is reversed) shows what there is, never fails.
    Event.objects.filter(pk=event.pk).update(span_start=10_000, span_end=5)
    assert services.reports(event)[0].text == ""


def test_json_ld_is_schema_org_event_and_cannot_close_its_script_element(make_event):
    event = make_event("Conference </script><script>alert(1)</script> & more", D(2018, 5, 22), D(2018, 5, 24),
                       city="Vienna", country="AT", venue="Town hall", online=True,
                       organiser_names=["Ministry of Justice"])
    text = services.jsonld(event, BASE)
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert data["@type"] == "Event" and data["name"] == event.title
    assert (data["startDate"], data["endDate"]) == ("2018-05-22", "2018-05-24")
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place = data["location"][0]
    assert place["address"] == {"@type": "PostalAddress", "addressLocality": "Vienna", "addressCountry": "AT"}
    assert data["organizer"] == [{"@type": "Organization", "name": "Ministry of Justice"}]
    assert data["url"] == f"{BASE}/events/{event.pk}"
    offline = json.loads(services.jsonld(make_event("Offline", D(2018, 1, 1), city="Graz"), BASE))
    assert offline["eventAttendanceMode"].endswith("OfflineEventAttendanceMode")


# --- exports ------------------------------------------------------------------------------------

def test_icalendar_export_parses_back(make_event):
    ran = Organisation.objects.create(slug="ran", name="Radicalisation Awareness Network")
    conference = make_event("Regional conference", D(2018, 5, 22), D(2018, 5, 24), city="Vienna", country="AT")
    conference.organisers.add(ran)
    one_day = make_event("Webinar", D(2018, 6, 1), online=True, status=Status.CONFIRMED)
    make_event("Undated meeting")
    found = services.export_rows(services.parse_filters({}), 1)
    calendar = Calendar.from_ical(services.to_ical(found.events, BASE))
    entries = calendar.walk("VEVENT")
    assert len(entries) == 2  # an undated event has no calendar entry
    first, second = entries
    assert str(first["UID"]) == f"event-{conference.pk}@praxhub"
    assert str(first["SUMMARY"]) == "Regional conference"
    assert first.decoded("DTSTART") == D(2018, 5, 22)
    assert first.decoded("DTEND") == D(2018, 5, 25)  # exclusive
    assert str(first["LOCATION"]) == "Vienna, Austria"
    assert str(first["URL"]) == f"{BASE}/events/{conference.pk}"
    assert "Radicalisation Awareness Network" in str(first["DESCRIPTION"])
    assert "Source: Prevention newsletter May 2018" in str(first["DESCRIPTION"])
    assert str(first["STATUS"]) == "TENTATIVE" and str(second["STATUS"]) == "CONFIRMED"
    assert second.decoded("DTEND") == D(2018, 6, 2) and str(second["LOCATION"]) == "Online"
    assert str(second["UID"]) == f"event-{one_day.pk}@praxhub"


def test_csv_export_rows_and_formula_cells(make_event):
    make_event("=HYPERLINK(\"http://evil\")", D(2018, 5, 22), city="Vienna", country="AT")
    make_event("Plain title", D(2018, 5, 23))
    found = services.export_rows(services.parse_filters({}), 1)
    rows = list(csv.reader(io.StringIO(services.to_csv(found.events, BASE))))
    assert tuple(rows[0]) == services.CSV_HEADER
    assert [row[1] for row in rows[1:]] == ["'=HYPERLINK(\"http://evil\")", "Plain title"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["start"], first["city"], first["country"], first["status"]) == ("2018-05-22", "Vienna", "AT",
                                                                                    "suggested")
    assert first["document_title"] == "Prevention newsletter May 2018" and first["url"].startswith(BASE + "/events/")


def test_json_export_shape(make_event):
    ran = Organisation.objects.create(slug="ran", name="Radicalisation Awareness Network")
    event = make_event("Regional conference", D(2018, 5, 22), topics=["prison radicalisation"])
    event.organisers.add(ran)
    [data] = services.as_json(services.export_rows(services.parse_filters({}), 1).events, BASE)
    assert data["id"] == event.pk and data["start"] == "2018-05-22" and data["topics"] == ["prison radicalisation"]
    assert data["organisers"] == [{"slug": "ran", "name": "Radicalisation Awareness Network"}]
    assert data["document"]["url"] == f"{BASE}/documents/{event.document_id}"
