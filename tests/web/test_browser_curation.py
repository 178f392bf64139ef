"""A curator at work in a real browser: sign in, open a document, confirm one extracted event
and reject another, and see the decisions kept."""

import shutil
from pathlib import Path

import pytest

from praxhub.accounts.services import create_user
from praxhub.documents.models import Document, Status
from praxhub.events.models import Event
from praxhub.store.runner import ingest_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORPUS = Path(__file__).resolve().parents[2] / "src" / "praxhub" / "demo" / "corpus"


def test_curator_confirms_and_rejects_events_in_place(live_server, page, screenshot, tmp_path):
    name = "01-newsletter-south-east-europe-may-2018.txt"
    shutil.copy(CORPUS / name, tmp_path / name)
    assert ingest_paths([tmp_path / name]).ok
    create_user("cora", "a long curator passphrase", curator=True)
    doc = Document.objects.get()
    first, second = Event.objects.filter(document=doc).order_by("span_start")[:2]

    page.goto(f"{live_server.url}/documents/{doc.pk}")
    page.get_by_role("link", name="Sign in to curate").click()
    page.get_by_label("User name").fill("cora")
    page.get_by_label("Password").fill("a long curator passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/documents/{doc.pk}")

    page.get_by_role("button", name=f"Confirm event {first.title}").click()
    page.locator(f"#event-{first.pk} .status-confirmed").wait_for()
    page.get_by_role("button", name=f"Reject event {second.title}").click()
    page.locator(f"#event-{second.pk} .status-rejected").wait_for()
    screenshot("document-curation")

    page.reload()
    assert page.locator(f"#event-{first.pk} .status").inner_text() == "confirmed"
    assert page.locator(f"#event-{second.pk} .status").inner_text() == "rejected"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.CONFIRMED, Status.REJECTED)

    # The marked text leads to the evidence: the item's link jumps to its place in the text.
    page.locator(f"#event-{first.pk}").get_by_role("link", name="in the text").click()
    assert page.url.endswith(f"#at-event-{first.pk}")
