"""The directory in a real browser: a curator merges a duplicate record of an organisation and
sees one combined page; lists and pages fit a phone's width."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

import praxhub.demo
from praxhub.accounts.models import ExpertProfile
from praxhub.accounts.services import create_user
from praxhub.documents.models import Status
from praxhub.organisations import services
from praxhub.organisations.models import Initiative, Mention, Organisation, Origin
from praxhub.store.runner import ingest_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORPUS = Path(praxhub.demo.__file__).with_name("corpus")
DUPLICATE = "EU Radicalisation Awareness Netwrk"


@pytest.fixture
def hub(make_document: Any) -> dict[str, Any]:
    assert ingest_paths([CORPUS]).ok
    services.sync_registry_facts()
    # A second record of RAN, as extraction makes one from a misspelt name in a newsletter.
    doc_id = make_document("Lisbon prevention newsletter", f"The {DUPLICATE} met in Lisbon to plan exit work.")
    duplicate = Organisation.objects.create(slug="eu-radicalisation-awareness-netwrk", name=DUPLICATE,
                                            origin=Origin.EXTRACTED, status=Status.SUGGESTED)
    Mention.objects.create(document_id=doc_id, organisation=duplicate, start=4, end=4 + len(DUPLICATE),
                           surface=DUPLICATE)
    ran = Organisation.objects.get(slug="ran")
    for name, consent, role, themes in (("Ana Listed", True, "practitioner", ["prisons", "exit"]),
                                        ("Bo Researcher", True, "researcher", ["online"]),
                                        ("Cy Noconsent", False, "practitioner", ["prisons"])):
        ExpertProfile.objects.create(user=get_user_model().objects.create_user(name.split()[0].lower()),
                                     display_name=name, role=role, organisation=ran, country="PT",
                                     themes=themes, languages=["en", "pt"],
                                     consent_at=timezone.now() if consent else None)
    create_user("curator", "a long pass phrase 42", curator=True)
    return {"ran_documents": services.organisation_detail(ran).documents.total, "duplicate": duplicate}


def test_curator_merges_a_duplicate_record(live_server: Any, page: Any, screenshot: Any, accessibility: Any,
                                           hub: dict[str, Any]) -> None:
    page.goto(f"{live_server.url}/organisations")
    assert page.get_by_role("heading", level=1).inner_text() == "Organisations"
    screenshot("organisations")

    page.goto(f"{live_server.url}/accounts/login/?next=/organisations")
    page.get_by_label("User name").fill("curator")
    page.get_by_label("Password").fill("a long pass phrase 42")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/organisations")

    page.get_by_label("Name or acronym").fill("awareness")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/organisations?q=awareness*")  # htmx pushed the state into the URL
    page.get_by_role("link", name="Radicalisation Awareness Network", exact=True).click()
    page.wait_for_url("**/organisations/ran")

    page.get_by_label("Find the duplicate record").fill("Netwrk")
    page.get_by_role("button", name="Find", exact=True).click()
    merge = page.get_by_role("button", name=f"Merge “{DUPLICATE}” into this organisation")
    merge.wait_for()
    assert not accessibility()  # the curator's tools too
    # A refused curation (400) shows its message in place: htmx must have read the page's config.
    assert page.evaluate("htmx.config.responseHandling.some(r => new RegExp('^' + r.code + '$').test('400') && r.swap)")
    page.once("dialog", lambda dialog: dialog.accept())
    merge.click()
    page.get_by_text("is now recorded as part of this organisation").wait_for()

    assert page.url.endswith("/organisations/ran")
    facts = page.locator("dl.facts").inner_text()
    assert DUPLICATE in facts  # "Also known as" and "Also recorded as"
    documents = page.locator("#documents")
    assert f"{hub['ran_documents'] + 1} documents" in documents.locator(".count").inner_text()
    assert documents.get_by_role("link", name="Lisbon prevention newsletter").count() == 1
    assert documents.get_by_role("link", name=re.compile("Council conclusions")).count() >= 1
    screenshot("organisation")

    page.goto(f"{live_server.url}/organisations/{hub['duplicate'].slug}")
    assert page.url == f"{live_server.url}/organisations/ran"


@pytest.mark.parametrize("path", ["/organisations", "/organisations/ran", "/initiatives", "/experts"])
def test_directory_fits_a_phone(live_server: Any, page: Any, accessibility: Any, hub: dict[str, Any],
                                path: str) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}{path}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "no sideways scrolling on a phone"
    assert page.locator("main").count() == 1 and page.locator("h1").count() == 1
    unlabelled = page.evaluate("""[...document.querySelectorAll('main input:not([type=hidden]), main select')]
        .filter(el => !el.labels || el.labels.length === 0).length""")
    assert unlabelled == 0
    if path == "/experts":
        assert page.get_by_text("Ana Listed").count() == 1 and page.get_by_text("Cy Noconsent").count() == 0
        page.get_by_role("link", name="Ana Listed").click()
        page.wait_for_url("**/experts/*")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert not accessibility()


def test_lists_filter_from_the_keyboard(live_server: Any, page: Any, screenshot: Any, hub: dict[str, Any]) -> None:
    page.goto(f"{live_server.url}/initiatives")
    page.get_by_label("Kind").select_option("programme")
    page.get_by_label("Name").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**kind=programme*")
    programmes = Initiative.objects.filter(kind="programme").exclude(status=Status.REJECTED).count()
    assert page.locator("#results .count").inner_text() == f"{programmes} initiatives"
    assert "Civil Society Empowerment Programme" in page.locator("#results").inner_text()
    screenshot("initiatives")
    page.goto(f"{live_server.url}/experts")
    page.get_by_label("Role").select_option("researcher")
    page.get_by_role("button", name="Filter").press("Enter")
    page.wait_for_url("**role=researcher*")
    assert page.locator("#results h2").all_inner_texts() == ["Bo Researcher"]
    screenshot("experts")


def test_a_section_pages_in_place(live_server: Any, page: Any, make_document: Any, hub: dict[str, Any]) -> None:
    council = Organisation.objects.get(slug="coe")
    for n in range(25):
        doc_id = make_document(f"Youth work bulletin {n:02d}", "The Council of Europe on youth work.")
        Mention.objects.create(document_id=doc_id, organisation=council, start=4, end=21, surface="Council of Europe")
    page.goto(f"{live_server.url}/organisations/coe?issued_page=1")
    documents = page.locator("#documents")
    first = documents.locator("ol li").first.inner_text()
    documents.get_by_role("link", name="Next").click()
    page.wait_for_url("**page=2*")
    assert "issued_page=1" in page.url  # the other sections' state stays in the URL
    assert documents.locator("ol").get_attribute("start") == "21"
    assert documents.locator("ol li").first.inner_text() != first
    assert page.locator("h1").count() == 1 and page.locator("#documents").count() == 1  # swapped in place
