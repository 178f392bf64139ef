"""Accessibility of the main pages in a real browser: axe-core's WCAG 2.1 A/AA rules (no
serious or critical violation), a skip link first in the keyboard order, and no sideways
scrolling at phone width."""

import shutil
from pathlib import Path

import pytest

from praxhub.documents.models import Document
from praxhub.events.models import Event
from praxhub.organisations.models import Initiative, Organisation
from praxhub.store.runner import ingest_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORPUS = Path(__file__).resolve().parents[2] / "src" / "praxhub" / "demo" / "corpus"
DOCS = ("01-newsletter-south-east-europe-may-2018.txt", "21-lettre-information-villes.html",
        "20-coe-recommendation-youth-work.html")


@pytest.fixture
def pages(tmp_path):
    for name in DOCS:
        shutil.copy(CORPUS / name, tmp_path / name)
    assert ingest_paths([tmp_path]).ok
    document = Document.objects.order_by("id").first()
    event = Event.objects.order_by("id").first()
    organisation = Organisation.objects.filter(mentions__isnull=False).order_by("id").first()
    initiative = Initiative.objects.order_by("id").first()
    urls = {
        "home": "/",
        "search": "/search?q=prevention",
        "search-events": "/search?q=workshop&type=event",
        "document": f"/documents/{document.pk}",
        "login": "/accounts/login/",
        "events": "/events",
        "events-month": f"/events?view=month&month={event.start:%Y-%m}" if event.start else "/events",
        "event": f"/events/{event.pk}",
        "organisations": "/organisations",
        "organisation": f"/organisations/{organisation.slug}",
        "initiatives": "/initiatives",
        "experts": "/experts",
    }
    if initiative is not None:
        urls["initiative"] = f"/initiatives/{initiative.slug}"
    from praxhub.accounts.services import create_user
    from praxhub.practices import services as practices

    owner = create_user("ana", "a long member passphrase")
    curator = create_user("cora", "a long curator passphrase", curator=True)
    for title, country in (("Prison mentoring", "DE"), ("Imams in prisons", "FR")):
        practice = practices.save(practices.PracticeInput(
            title=title, summary="Mentors meet prisoners.", countries=[country], themes=["prisons"],
            target_groups=["prisoners"], methods="Weekly meetings.", resources="https://example.org/guide"), owner)
        practices.submit(practice, owner)
        practices.publish(practice, curator)
    urls["practices"] = "/practices"
    urls["practice"] = f"/practices/{practice.slug}"
    from praxhub.recommendations import services as tracker
    from praxhub.recommendations.models import Recommendation

    recommendation = Recommendation.objects.order_by("id").first()
    assert recommendation is not None, "the Council of Europe recommendation makes recommendations"
    if recommendation is not None:
        tracker.add_follow_up(recommendation, owner, status="in_progress", progress=40, country="FR", note="Begun.")
        urls["recommendations"] = "/recommendations"
        urls["recommendation"] = f"/recommendations/{recommendation.pk}"
        urls["recommendation-source"] = f"/recommendations/sources/{recommendation.document_id}"
    urls["trends"] = "/trends"
    urls["map"] = "/map?country=DE&theme=prisons"
    return urls


def test_main_pages_pass_axe_and_keyboard_checks(live_server, page, accessibility, pages):
    problems = {}
    for name, url in pages.items():
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, f"{name}: {url} → {response.status}"
        violations = accessibility()
        if violations:
            problems[name] = violations
        # The first Tab lands on the skip link, which leads to the main landmark.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip", name
        assert page.locator("main#main").count() == 1 and page.locator("nav").count() >= 1
    assert not problems, problems


def test_main_pages_fit_a_phone(live_server, page, pages):
    page.set_viewport_size({"width": 375, "height": 740})
    too_wide = {}
    for name, url in pages.items():
        page.goto(f"{live_server.url}{url}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            too_wide[name] = width
    assert not too_wide, f"pages scrolling sideways at 375 px: {too_wide}"
