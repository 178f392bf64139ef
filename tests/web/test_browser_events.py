"""The events calendar in a real browser: a curator signs in, confirms an event, finds it in the
month view and downloads its iCalendar file; the pages fit a phone's width."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from praxhub.accounts.services import create_user
from praxhub.documents.models import Status
from praxhub.events.models import Event
from praxhub.store.runner import ingest_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORPUS = Path(__file__).resolve().parents[2] / "src" / "praxhub" / "demo" / "corpus"
DOCS = ("01-newsletter-south-east-europe-may-2018.txt", "14-communique-efus-lyon.txt",
        "21-lettre-information-villes.html")
WORKSHOP = "Workshop on risk and needs assessment at prison intake"


@pytest.fixture
def hub(tmp_path):
    for name in DOCS:
        shutil.copy(CORPUS / name, tmp_path / name)
    assert ingest_paths([tmp_path]).ok
    create_user("cora", "a long curator passphrase", curator=True)
    return Event.objects.get(title=WORKSHOP)


def sign_in(page, base: str) -> None:
    page.goto(f"{base}/accounts/login/?next=/events")
    page.get_by_label("User name").fill("cora")
    page.get_by_label("Password").fill("a long curator passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/events")


def test_curator_confirms_an_event_and_takes_it_to_a_calendar(live_server, page, screenshot, hub, tmp_path):
    sign_in(page, live_server.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Events"
    screenshot("events-list")

    # Filter the list by country with the form, as a person would.
    page.get_by_label("Country").select_option("BA")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**country=BA*")
    assert page.locator("ol.events > li").count() == 1

    page.get_by_role("link", name=WORKSHOP).click()
    page.wait_for_url(f"**/events/{hub.pk}")
    assert page.locator(".status-line .status").inner_text() == "suggested"
    page.get_by_role("button", name="Confirm").click()  # HTMX swaps the event's body in place
    page.get_by_text("The event is confirmed.").wait_for()
    assert page.url.endswith(f"/events/{hub.pk}")
    assert page.locator(".status-line .status").inner_text() == "confirmed"
    hub.refresh_from_db()
    assert hub.status == Status.CONFIRMED
    screenshot("event")

    # The month view, reached through the list's view switch and the month navigation.
    page.goto(f"{live_server.url}/events?from=2018-05-01")
    page.get_by_role("navigation", name="Views of the events").get_by_role("link", name="Month").click()
    page.wait_for_url("**view=month*")
    assert page.get_by_role("heading", level=2, name="May 2018").is_visible()
    page.get_by_role("link", name="Next month: June 2018").click()
    page.wait_for_url("**month=2018-06*")
    cell = page.locator("ol.days > li", has=page.locator('time[datetime="2018-06-12"]'))
    link = cell.get_by_role("link", name=WORKSHOP)
    assert link.get_attribute("class") == "ev-confirmed"  # confirmed events are not in italics
    assert page.locator("ol.days > li", has=page.locator('time[datetime="2018-06-13"]')).get_by_role(
        "link", name=WORKSHOP).count() == 1  # a two-day workshop is on both days
    screenshot("events-month")

    link.click()
    page.wait_for_url(f"**/events/{hub.pk}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"event-{hub.pk}.ics"
    saved = tmp_path / "event.ics"
    download.save_as(saved)
    [entry] = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert str(entry["SUMMARY"]) == WORKSHOP and str(entry["STATUS"]) == "CONFIRMED"
    assert (entry.decoded("DTSTART"), entry.decoded("DTEND")) == (dt.date(2018, 6, 12), dt.date(2018, 6, 14))


def test_curators_pages_pass_axe(live_server, page, accessibility, hub):
    # Another report of the workshop, so the page offers a merge with its checkboxes.
    Event.objects.create(document=hub.document, span_start=hub.span_start, span_end=hub.span_end,
                         fingerprint="another-report", title="Workshop on prison intake risk assessment",
                         start=hub.start, end=hub.end, city="Sarajevo", country="BA")
    sign_in(page, live_server.url)
    for url in (f"/events/{hub.pk}", "/events?view=month&month=2018-06", "/events?status=suggested",
                "/events?page=0"):
        page.goto(f"{live_server.url}{url}")
        assert accessibility() == [], url
    assert page.get_by_label("Workshop on prison intake risk assessment").count() == 0  # not on the error page
    page.goto(f"{live_server.url}/events/{hub.pk}")
    page.get_by_label("Workshop on prison intake risk assessment").check()
    page.get_by_role("button", name="Merge the chosen events into this one").click()
    page.get_by_text("Evidence: 2 reports").wait_for()
    assert accessibility() == []


def test_events_pages_fit_a_phone_and_work_with_the_keyboard(live_server, page, accessibility, hub):
    sign_in(page, live_server.url)
    page.set_viewport_size({"width": 375, "height": 740})
    for url in ("/events", "/events?view=month&month=2018-05", f"/events/{hub.pk}", "/events?country=Kosovo"):
        page.goto(f"{live_server.url}{url}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{url} scrolls sideways on a phone ({width}px)"
    # At phone width the month is a list of the days that have events, each named in full.
    page.goto(f"{live_server.url}/events?view=month&month=2018-05")
    assert page.get_by_text("Tuesday 22 May").is_visible()
    assert not page.locator("ol.days > li.empty").first.is_visible()
    assert accessibility() == []
    # The filter form works from the keyboard alone: type a title and press Enter.
    page.goto(f"{live_server.url}/events")
    page.get_by_label("Title contains").fill("teacher")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=teacher*")
    assert page.locator("ol.events > li").count() == 1
