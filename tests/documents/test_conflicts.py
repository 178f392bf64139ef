"""Two curators editing the same item: the second gets a clear conflict, not a silent overwrite."""

from __future__ import annotations

import re
import threading
import time

import pytest
from django.db import OperationalError, connection
from django.test import Client

from praxhub.accounts.services import create_user
from praxhub.documents import curation
from praxhub.events.models import Event

PASSWORD = "a long enough passphrase"


def _event(make_document) -> Event:
    doc_id = make_document("Report", "A conference.")
    from praxhub.documents.models import Document

    return Event.objects.create(document=Document.objects.get(pk=doc_id), span_start=0, span_end=5,
                                fingerprint="f", title="Conference on mentoring", start=None)


def _curator(name: str) -> Client:
    create_user(name, PASSWORD, curator=True)
    client = Client()
    assert client.login(username=name, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_a_stale_edit_is_refused_and_changes_nothing(make_document):
    event = _event(make_document)
    seen_by_both = event.version
    curation.edit("event", event.pk, {"title": "Conference on mentoring (Lisbon)"}, seen_by_both)
    with pytest.raises(curation.ConflictError, match="version: someone else changed this item"):
        curation.edit("event", event.pk, {"title": "Mentoring conference"}, seen_by_both)
    with pytest.raises(curation.ConflictError):
        curation.decide("event", event.pk, "reject", seen_by_both)
    event.refresh_from_db()
    assert event.title == "Conference on mentoring (Lisbon)" and event.status == "confirmed"
    # With the version now shown, the second curator's change goes through.
    curation.decide("event", event.pk, "reject", event.version)
    event.refresh_from_db()
    assert event.status == "rejected"


@pytest.mark.django_db
def test_two_curators_on_the_document_page(make_document):
    event = _event(make_document)
    first, second = _curator("first"), _curator("second")
    page = f"/documents/{event.document_id}"
    versions = [re.search(r'name="version" value="([^"]+)"', c.get(page).content.decode()).group(1)
                for c in (first, second)]
    assert versions[0] == versions[1] == event.version
    action = f"/documents/{event.document_id}/items/event/{event.pk}/edit"
    assert first.post(action, {"title": "First title", "version": versions[0]}).status_code == 302
    refused = second.post(action, {"title": "Second title", "version": versions[1]})
    assert refused.status_code == 409
    assert "someone else changed this item" in refused.content.decode()
    # The HTMX form gets the item again, with the message and the new version, in place.
    refused = second.post(action, {"title": "Second title", "version": versions[1]}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 409 and "First title" in refused.content.decode()
    event.refresh_from_db()
    assert event.title == "First title"
    decided = second.post(f"/events/{event.pk}/decide", {"decision": "reject", "version": versions[1]})
    assert decided.status_code == 409
    event.refresh_from_db()
    assert event.status == "confirmed"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_edits_one_wins_one_conflicts(make_document):
    """Both curators send their change at the same moment from the same version: exactly one is
    saved (the database serialises them), the other is told."""
    event = _event(make_document)
    version = event.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def curator(title: str) -> None:
        try:
            barrier.wait()
            for _attempt in range(50):
                try:
                    curation.edit("event", event.pk, {"title": title}, version)
                    outcomes.append("saved " + title)
                    return
                except OperationalError as exc:
                    # The in-memory test database shares its cache between threads and answers
                    # "table is locked" at once where a database file waits (PRAGMA busy timeout).
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.02)
        except curation.ConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=curator, args=(t,)) for t in ("Alpha", "Beta")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o.split()[0] for o in outcomes) == ["conflict", "saved"]
    event.refresh_from_db()
    assert f"saved {event.title}" in outcomes
