"""The events calendar through Django's test client: pages, filters, exports, the API and
curators' actions."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from django.test import Client
from icalendar import Calendar

from praxhub.accounts.services import create_user
from praxhub.documents import curation
from praxhub.documents.models import Document, Status
from praxhub.events.models import Event
from praxhub.store.runner import ingest_paths

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[2] / "src" / "praxhub" / "demo" / "corpus"
NEWSLETTER = "01-newsletter-south-east-europe-may-2018.txt"
CONFERENCE = "Regional conference on community policing and public trust"


@pytest.fixture
def newsletter(tmp_path):
    """The demo newsletter: six events (five dated, in May and June 2018; one undated)."""
    shutil.copy(CORPUS / NEWSLETTER, tmp_path / NEWSLETTER)
    assert ingest_paths([tmp_path / NEWSLETTER]).ok
    assert Event.objects.count() == 6
    return Document.objects.get()


@pytest.fixture
def second_report(newsletter, make_document):
    """Another document reporting the Prishtina conference: a duplicate for curators to merge."""
    text = "Calendar\n\nCommunity policing conference, Prishtina, 22-24 May 2018, hosted by the Kosovo Police."
    doc = Document.objects.get(pk=make_document("Police newsletter", text, published=dt.date(2018, 5, 2)))
    start = doc.text.index("Community policing conference")
    return Event.objects.create(document=doc, span_start=start, span_end=start + len("Community policing conference"),
                                fingerprint="second-report", title="Community policing conference (regional)",
                                start=dt.date(2018, 5, 22), end=dt.date(2018, 5, 24), city="Prishtina",
                                country="XK")


def curator_client(name: str = "cora") -> Client:
    create_user(name, "a long curator passphrase", curator=True)
    client = Client()
    assert client.login(username=name, password="a long curator passphrase")
    return client


def event(title: str) -> Event:
    return Event.objects.get(title=title, merged_into__isnull=True)


def body(response) -> str:
    return response.content.decode()


# --- pages --------------------------------------------------------------------------------------

def test_list_shows_events_in_date_order_with_filters_in_the_url(client, newsletter):
    response = client.get("/events")
    assert response.status_code == 200
    html = body(response)
    order = [html.index(title) for title in ("Roundtable: supporting families", CONFERENCE, "Steering group",
                                              "Teacher training", "Workshop on risk and needs assessment",
                                              "Meeting of national prevent coordinators")]
    assert order == sorted(order), "dated events first in date order, the undated one last"
    assert "6 events" in html
    assert '<script type="application/ld+json">' not in html
    for label in ("Title contains", "Country", "Theme", "Organiser", "From", "To", "Status"):
        assert f"<label>{label}" in html
    # The export links carry the filters.
    filtered = body(client.get("/events", {"country": "ba"}))
    assert "Workshop on risk and needs assessment" in filtered and CONFERENCE not in filtered
    assert 'href="/events.ics?country=BA"' in filtered and 'href="/events.csv?country=BA"' in filtered


@pytest.mark.parametrize(("params", "expected", "absent"), [
    ({"theme": "prisons"}, "Workshop on risk and needs assessment", None),
    ({"organiser": "unicef"}, "Roundtable: supporting families", CONFERENCE),
    ({"from": "2018-06-01"}, "Workshop on risk and needs assessment", CONFERENCE),
    ({"from": "2018-05-24", "to": "2018-05-24"}, CONFERENCE, "Teacher training"),
    ({"q": "TEACHER"}, "Teacher training", CONFERENCE),
    ({"status": "suggested"}, CONFERENCE, None),
])
def test_each_filter(client, newsletter, params, expected, absent):
    html = body(client.get("/events", params))
    assert expected in html
    if absent:
        assert absent not in html


@pytest.mark.parametrize("params", [
    {"country": "Kosovo"}, {"theme": "poetry"}, {"organiser": "no such body"}, {"from": "2018-02-30"},
    {"to": "tomorrow"}, {"from": "2018-06-01", "to": "2018-05-01"}, {"status": "rejected"}, {"status": "x"},
    {"page": "0"}, {"page": "two"}, {"page": "99999999999999999999"}, {"view": "grid"},
    {"view": "month", "month": "2018-13"}, {"view": "month", "month": "May"}, {"q": "x" * 300},
])
def test_bad_parameters_are_a_400_naming_the_field(client, newsletter, params):
    response = client.get("/events", params)
    assert response.status_code == 400
    field = next(iter(params)) if list(params) != ["from", "to"] else "to"
    field = "month" if params.get("view") == "month" else field
    assert re.search(rf'role="alert">{field}:', body(response)), body(response)[:2000]


@pytest.mark.parametrize("q", ["\x00", "' OR 1=1; --", "%_%", "<script>alert(1)</script>", "日本語", "\u202e"])
def test_hostile_text_never_500(client, newsletter, q):
    response = client.get("/events", {"q": q, "organiser": q[:5]})
    assert response.status_code in (200, 400)
    assert "<script>alert(1)" not in body(response)
    for path in ("/events.ics", "/events.csv", "/events.json", "/api/events"):
        assert client.get(path, {"q": q}).status_code in (200, 400)


def test_month_view(client, newsletter):
    response = client.get("/events", {"view": "month", "month": "2018-05"})
    assert response.status_code == 200
    html = body(response)
    assert "May 2018" in html and "4 events this month" in html  # not the June workshop nor the undated one
    # The three-day conference appears on each of its days; the grid starts on Monday 30 April.
    assert html.count(f">{CONFERENCE}") == 3
    assert html.index('datetime="2018-04-30"') < html.index('datetime="2018-05-01"')
    assert "?view=month&amp;month=2018-04" in html and "?view=month&amp;month=2018-06" in html
    june = body(client.get("/events", {"view": "month", "month": "2018-06", "country": "BA"}))
    assert "Workshop on risk and needs assessment" in june and "view=month&amp;month=2018-07&amp;country=BA" not in june
    assert "country=BA&amp;view=month&amp;month=2018-07" in june  # the filters stay on the way


def test_event_page_evidence_and_json_ld(client, newsletter):
    conference = event(CONFERENCE)
    response = client.get(f"/events/{conference.pk}")
    assert response.status_code == 200
    html = body(response)
    assert f"<h1 id=\"event-h\">{CONFERENCE}</h1>" in html
    assert "Kosovo Police" in html and "Kosovo" in html
    assert f'<a href="/documents/{newsletter.pk}">' in html
    assert "<mark>" in html and "Prishtina" in html  # the evidence, marked in its context
    assert f'href="/events/{conference.pk}.ics"' in html and "view=month&amp;month=2018-05" in html
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(script.group(1))
    assert data["@type"] == "Event" and data["name"] == CONFERENCE
    assert (data["startDate"], data["endDate"]) == ("2018-05-22", "2018-05-24")
    assert data["location"]["address"]["addressCountry"] == "XK"
    assert "Curation" not in html  # no curators' tools for visitors
    assert client.get("/events/999999").status_code == 404


def test_hostile_event_text_is_escaped(client, make_document):
    doc = Document.objects.get(pk=make_document("Doc", "</script><script>alert(1)</script> meeting"))
    hostile = Event.objects.create(document=doc, span_start=0, span_end=20, fingerprint="x",
                                   title="</script><script>alert(1)</script>", start=dt.date(2020, 1, 1),
                                   city="<b>x</b>")
    html = body(client.get(f"/events/{hostile.pk}"))
    assert "<script>alert(1)</script>" not in html
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(data)["name"] == hostile.title
    assert "<script>alert" not in body(client.get("/events")) and "<b>x</b>" not in body(client.get("/events"))


def test_merged_duplicate_redirects_to_the_event_it_was_merged_into(client, second_report):
    conference = event(CONFERENCE)
    curation.merge_events(conference.pk, [second_report.pk])
    response = client.get(f"/events/{second_report.pk}")
    assert response.status_code == 302 and response["Location"] == f"/events/{conference.pk}"
    assert client.get(f"/events/{second_report.pk}.ics")["Location"] == f"/events/{conference.pk}.ics"
    html = body(client.get(f"/events/{conference.pk}"))
    assert "Evidence: 2 reports" in html and "Police newsletter" in html
    assert "Community policing conference (regional)" not in body(client.get("/events"))  # one row per event


# --- exports ------------------------------------------------------------------------------------

def test_icalendar_exports(client, newsletter):
    response = client.get("/events.ics", {"from": "2018-05-23"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment")
    entries = Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in entries) == sorted([
        CONFERENCE, "Steering group of the regional P/CVE network",
        "Teacher training: talking about extremism in the classroom",
        "Workshop on risk and needs assessment at prison intake"])
    conference = event(CONFERENCE)
    single = client.get(f"/events/{conference.pk}.ics")
    [entry] = Calendar.from_ical(single.content).walk("VEVENT")
    assert str(entry["UID"]) == f"event-{conference.pk}@praxhub"
    assert (entry.decoded("DTSTART"), entry.decoded("DTEND")) == (dt.date(2018, 5, 22), dt.date(2018, 5, 25))
    assert str(entry["URL"]) == f"http://testserver/events/{conference.pk}"
    undated = event("Meeting of national prevent coordinators")
    assert client.get(f"/events/{undated.pk}.ics").status_code == 404
    assert client.get("/events.ics", {"country": "Kosovo"}).status_code == 400


def test_a_kept_feed_follows_every_curation_decision(client, newsletter):
    conference = event(CONFERENCE)

    def status_in_feed() -> str:
        response = client.get("/events.ics", {"from": "2018-05-23"})
        entries = {str(e["SUMMARY"]): str(e["STATUS"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
        return entries.get(CONFERENCE, "absent")

    assert status_in_feed() == "TENTATIVE"
    assert status_in_feed() == "TENTATIVE"  # from the cache now
    curator = curator_client()
    curator.post(f"/events/{conference.pk}/decide", {"decision": "confirm"})
    assert status_in_feed() == "CONFIRMED"
    curator.post(f"/events/{conference.pk}/decide", {"decision": "reject"})
    assert status_in_feed() == "absent"
    # Curators' feeds are kept apart from visitors' (they may list what visitors cannot see).
    assert CONFERENCE in curator.get("/events.ics", {"from": "2018-05-23", "status": "rejected"}).content.decode()


def test_csv_and_json_exports_follow_the_filters(client, newsletter):
    response = client.get("/events.csv", {"country": "XK"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["title"] for row in rows] == [CONFERENCE]
    assert rows[0]["start"] == "2018-05-22" and rows[0]["url"].startswith("http://testserver/events/")
    data = client.get("/events.json", {"theme": "prisons"}).json()
    assert data["total"] == len(data["events"]) == 6 and data["total_exact"]
    assert client.get("/events.json", {"theme": "none"}).json()["detail"].startswith("theme:")
    assert "Link" not in response  # one page only


def test_exports_come_in_pages(client, newsletter, monkeypatch):
    from praxhub.events import services

    monkeypatch.setattr(services, "EXPORT_PAGE_SIZE", 4)
    first = client.get("/events.json")
    assert first["Link"] == '<http://testserver/events.json?page=2>; rel="next"'
    assert len(first.json()["events"]) == 4
    assert len(client.get("/events.json", {"page": "2"}).json()["events"]) == 2


# --- API ----------------------------------------------------------------------------------------

def test_api_events(client, second_report):
    data = client.get("/api/events", {"country": "XK"}).json()
    assert data["total"] == 2 and data["total_exact"] and {e["title"] for e in data["events"]} == {
        CONFERENCE, "Community policing conference (regional)"}
    assert client.get("/api/events", {"limit": 2, "offset": 1}).json()["offset"] == 1
    for params in ({"from": "x"}, {"limit": 0}, {"limit": 1000}, {"offset": -1}, {"status": "rejected"}):
        response = client.get("/api/events", params)
        assert response.status_code == 400 and response.json()["detail"].split(":")[0] in ("from", "limit", "offset",
                                                                                               "status")
    conference = event(CONFERENCE)
    duplicates = client.get(f"/api/events/{conference.pk}/duplicates").json()
    assert [d["id"] for d in duplicates] == [second_report.pk] and duplicates[0]["reason"] == "similar title"
    curation.merge_events(conference.pk, [second_report.pk])
    detail = client.get(f"/api/events/{conference.pk}").json()
    assert [r["event_id"] for r in detail["reports"]] == [conference.pk, second_report.pk]
    assert detail["reports"][1]["text"] == "Community policing conference" and detail["reports"][1]["merged"]
    assert client.get(f"/api/events/{second_report.pk}").json()["merged_into"] == conference.pk
    assert client.get("/api/events/999999").status_code == 404
    assert client.get("/api/events/999999/duplicates").status_code == 404


# --- curators' actions --------------------------------------------------------------------------

def test_only_curators_may_change_events(client, newsletter):
    conference = event(CONFERENCE)
    url = f"/events/{conference.pk}/decide"
    anonymous = client.post(url, {"decision": "confirm"})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert client.post(url, {"decision": "confirm"}, HTTP_HX_REQUEST="true").status_code == 403
    create_user("reader", "a long reader passphrase")
    reader = Client()
    reader.login(username="reader", password="a long reader passphrase")
    for action, data in (("decide", {"decision": "confirm"}), ("merge", {"duplicates": "1"}),
                         ("unmerge", {"duplicate": "1"})):
        assert reader.post(f"/events/{conference.pk}/{action}", data).status_code == 403
    assert event(CONFERENCE).status == Status.SUGGESTED
    assert client.get(url).status_code == 405
    assert client.post("/events/999999/decide", {"decision": "confirm"}).status_code == 404


def test_curation_needs_the_csrf_token(newsletter):
    create_user("cora", "a long curator passphrase", curator=True)
    strict = Client(enforce_csrf_checks=True)
    strict.login(username="cora", password="a long curator passphrase")
    conference = event(CONFERENCE)
    assert strict.post(f"/events/{conference.pk}/decide", {"decision": "confirm"}).status_code == 403
    page = body(strict.get(f"/events/{conference.pk}"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = strict.post(f"/events/{conference.pk}/decide", {"decision": "confirm", "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and event(CONFERENCE).status == Status.CONFIRMED


def test_confirm_reject_and_reset_without_javascript(newsletter):
    curator = curator_client()
    conference = event(CONFERENCE)
    page = body(curator.get(f"/events/{conference.pk}"))
    assert "Curation" in page and 'value="confirm"' in page
    response = curator.post(f"/events/{conference.pk}/decide", {"decision": "confirm"})
    assert response.status_code == 302 and response["Location"] == f"/events/{conference.pk}"
    assert event(CONFERENCE).status == Status.CONFIRMED
    assert "The event is confirmed." in body(curator.get(response["Location"]))
    curator.post(f"/events/{conference.pk}/decide", {"decision": "reject"})
    assert CONFERENCE not in body(curator.get("/events"))
    assert CONFERENCE in body(curator.get("/events", {"status": "rejected"}))  # curators see their rejections
    curator.post(f"/events/{conference.pk}/decide", {"decision": "reset"})
    assert event(CONFERENCE).status == Status.SUGGESTED
    bad = curator.post(f"/events/{conference.pk}/decide", {"decision": "maybe"})
    assert bad.status_code == 400 and "decision:" in body(bad)


def test_htmx_actions_return_the_event_body(newsletter):
    curator = curator_client()
    conference = event(CONFERENCE)
    response = curator.post(f"/events/{conference.pk}/decide", {"decision": "confirm"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    fragment = body(response)
    assert fragment.lstrip().startswith('<div id="event-body">') and "<html" not in fragment
    assert "The event is confirmed." in fragment and 'value="reset"' in fragment
    error = curator.post(f"/events/{conference.pk}/merge", {}, HTTP_HX_REQUEST="true")
    assert error.status_code == 200 and 'role="alert">duplicates:' in body(error)


def test_merge_candidates_and_unmerge(second_report):
    curator = curator_client()
    conference = event(CONFERENCE)
    page = body(curator.get(f"/events/{conference.pk}"))
    assert f'name="duplicates" value="{second_report.pk}"' in page  # offered as a possible duplicate
    response = curator.post(f"/events/{conference.pk}/merge", {"duplicates": [str(second_report.pk)]})
    assert response.status_code == 302
    second_report.refresh_from_db()
    assert second_report.merged_into_id == conference.pk
    page = body(curator.get(f"/events/{conference.pk}"))
    assert "Evidence: 2 reports" in page and f'name="duplicate" value="{second_report.pk}"' in page
    for bad, message in (({"duplicates": "abc"}, "duplicates: expected event numbers"),
                         ({"duplicates": str(conference.pk)}, "duplicates: an event cannot be merged into itself"),
                         ({"duplicates": "999999"}, "event 999999 does not exist")):
        response = curator.post(f"/events/{conference.pk}/merge", bad)
        assert response.status_code == 400 and f'role="alert">{message}' in body(response)
    assert curator.post(f"/events/{conference.pk}/unmerge", {"duplicate": str(conference.pk)}).status_code == 400
    response = curator.post(f"/events/{conference.pk}/unmerge", {"duplicate": str(second_report.pk)},
                            HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Evidence: 1 report" in body(response)
    second_report.refresh_from_db()
    assert second_report.merged_into_id is None


def test_admin_lists_and_searches_events(newsletter):
    create_user("admin", "a long admin passphrase", admin=True)
    admin = Client()
    admin.login(username="admin", password="a long admin passphrase")
    response = admin.get("/admin/events/event/", {"q": "policing"})
    assert response.status_code == 200 and CONFERENCE in body(response)
    conference = event(CONFERENCE)
    assert admin.get(f"/admin/events/event/{conference.pk}/change/").status_code == 200
    admin.post("/admin/events/event/", {"action": "confirm", "_selected_action": [str(conference.pk)]})
    assert event(CONFERENCE).status == Status.CONFIRMED
