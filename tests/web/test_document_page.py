"""The document page: extracted items marked in the text, and curation in place."""

import json
import re
import shutil
from pathlib import Path

import pytest
from django.test import Client

from praxhub.accounts.services import create_user
from praxhub.documents.models import Document, Status
from praxhub.events.models import Event
from praxhub.organisations.models import Mention, Organisation
from praxhub.recommendations.models import Recommendation
from praxhub.store.runner import ingest_paths

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[2] / "src" / "praxhub" / "demo" / "corpus"


@pytest.fixture
def newsletter(tmp_path):
    name = "01-newsletter-south-east-europe-may-2018.txt"
    shutil.copy(CORPUS / name, tmp_path / name)
    assert ingest_paths([tmp_path / name]).ok
    return Document.objects.get()


@pytest.fixture
def curator_client():
    create_user("cora", "a long curator passphrase", curator=True)
    client = Client()
    assert client.login(username="cora", password="a long curator passphrase")
    return client


def curate_url(doc, kind, item, action):
    return f"/documents/{doc.pk}/items/{kind}/{item.pk}/{action}"


def test_every_item_is_marked_where_it_was_found(client, newsletter):
    html = client.get(f"/documents/{newsletter.pk}").content.decode()
    for event in Event.objects.filter(document=newsletter):
        assert f'id="at-event-{event.pk}"' in html
        assert f'id="event-{event.pk}"' in html
    organisation_ids = set(Mention.objects.filter(document=newsletter).values_list("organisation_id", flat=True))
    for org_id in organisation_ids - {None}:
        assert f"organisation-{org_id}" in html
    assert 'class="x-ev"' in html or "x-ev " in html
    # Anonymous visitors see the items but no curation controls.
    assert "Confirm" not in html and "Sign in to curate" in html


def test_json_ld_describes_the_document(client, newsletter):
    html = client.get(f"/documents/{newsletter.pk}").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "CreativeWork" and data["name"] == newsletter.title
    assert data["url"].endswith(f"/documents/{newsletter.pk}")


def test_hostile_text_is_escaped_everywhere(client, make_document):
    doc_id = make_document("</script><script>alert(1)</script>", "Body <img src=x onerror=alert(2)> & more")
    html = client.get(f"/documents/{doc_id}").content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["name"] == "</script><script>alert(1)</script>"


def test_only_curators_may_curate(client, newsletter):
    event = Event.objects.filter(document=newsletter).first()
    response = client.post(curate_url(newsletter, "event", event, "decide"), {"decision": "confirm"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.status == Status.SUGGESTED
    create_user("member", "a long member passphrase")
    client.login(username="member", password="a long member passphrase")
    assert client.post(curate_url(newsletter, "event", event, "decide"), {"decision": "confirm"}).status_code == 403


def test_confirm_and_reject_without_javascript(curator_client, newsletter):
    first, second = Event.objects.filter(document=newsletter).order_by("span_start")[:2]
    response = curator_client.post(curate_url(newsletter, "event", first, "decide"), {"decision": "confirm"})
    assert response.status_code == 302 and response["Location"].endswith(f"#event-{first.pk}")
    curator_client.post(curate_url(newsletter, "event", second, "decide"), {"decision": "reject"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.CONFIRMED, Status.REJECTED)
    html = curator_client.get(f"/documents/{newsletter.pk}").content.decode()
    assert "Confirm event" in html  # curation controls, labelled for screen readers


def test_htmx_curation_swaps_the_item_card(curator_client, newsletter):
    rec = (Recommendation.objects.filter(document=newsletter).first()
           or Event.objects.filter(document=newsletter).first())
    kind = "recommendation" if isinstance(rec, Recommendation) else "event"
    response = curator_client.post(curate_url(newsletter, kind, rec, "decide"), {"decision": "confirm"},
                                   headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith(f'<li class="item" id="{kind}-{rec.pk}"')
    assert "status-confirmed" in fragment
    bad = curator_client.post(curate_url(newsletter, kind, rec, "decide"), {"decision": "maybe"},
                              headers={"HX-Request": "true"})
    assert bad.status_code == 400 and "decision: &#x27;maybe&#x27;" in bad.content.decode()


def test_edit_and_merge_events_in_place(curator_client, newsletter):
    first, second = Event.objects.filter(document=newsletter).order_by("span_start")[:2]
    response = curator_client.post(curate_url(newsletter, "event", first, "edit"),
                                   {"title": "Regional conference on community policing", "start": "2018-05-14",
                                    "end": "2018-05-10", "kind": first.kind}, follow=True)
    assert "end: The end date is before the start date." in response.content.decode()
    curator_client.post(curate_url(newsletter, "event", first, "edit"),
                        {"title": "Regional conference on community policing", "city": "Sarajevo",
                         "kind": first.kind})
    first.refresh_from_db()
    assert first.city == "Sarajevo" and first.edited
    curator_client.post(curate_url(newsletter, "event", second, "merge"), {"into": str(first.pk)})
    second.refresh_from_db()
    assert second.merged_into_id == first.pk


def test_items_of_another_document_and_unknown_actions_are_404(curator_client, newsletter, make_document):
    other = make_document("Another", "Nothing here.")
    event = Event.objects.filter(document=newsletter).first()
    assert curator_client.post(f"/documents/{other}/items/event/{event.pk}/decide",
                               {"decision": "confirm"}).status_code == 404
    assert curator_client.post(curate_url(newsletter, "event", event, "explode")).status_code == 404
    assert curator_client.get(curate_url(newsletter, "event", event, "decide")).status_code == 405


def test_merge_two_organisations_named_in_the_document(curator_client, newsletter):
    named = list(Organisation.objects.filter(mentions__document=newsletter).distinct()[:2])
    keep, duplicate = named
    response = curator_client.post(f"/documents/{newsletter.pk}/organisations/merge",
                                   {"keep": keep.pk, "duplicate": duplicate.pk}, follow=True)
    assert f"Merged into {keep.name}." in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == keep.pk
    again = curator_client.post(f"/documents/{newsletter.pk}/organisations/merge",
                                {"keep": keep.pk, "duplicate": duplicate.pk}, follow=True)
    assert "already one organisation" in again.content.decode()


def test_api_document_carries_items_with_provenance(client, newsletter):
    data = client.get(f"/api/documents/{newsletter.pk}").json()
    assert data["events"] and data["mentions"]
    for event in data["events"]:
        start, end = event["span"]
        assert data["text"][start:end].startswith(event["evidence"][:50])
        assert event["status"] == "suggested"
    home = client.get("/api/home").json()
    assert home["counts"]["documents"] == 1
    assert home["waiting_for_curation"]["events"] == len(data["events"])


def test_search_api_and_exports_follow_the_page(client, newsletter):
    data = client.get("/api/search", {"q": "workshop", "type": "event"}).json()
    assert data["type"] == "event" and data["total"] == len(data["items"]) >= 1
    assert data["type_counts"]["document"] == 1
    assert {f["name"] for f in data["facets"]} >= {"status", "year"}
    documents = client.get("/api/search", {"q": "workshop"}).json()
    assert documents["hits"][0]["id"] == newsletter.pk
    assert {f["name"] for f in documents["facets"]} == {"kind", "lang", "year", "country", "theme", "organisation"}
    assert client.get("/api/search", {"q": "x", "type": "people"}).status_code == 400

    csv_response = client.get("/search.csv", {"q": "workshop", "type": "event"})
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode().splitlines()
    assert lines[0].startswith("type,id,title") and len(lines) == data["total"] + 1
    as_json = client.get("/search.json", {"q": "workshop", "type": "event"}).json()
    assert [i["id"] for i in as_json["items"]] == [i["id"] for i in data["items"]]
    assert client.get("/search.csv", {"q": "x", "year": "later"}).status_code == 400


def test_admin_lists_and_curates_recommendations(newsletter):
    from praxhub.accounts.services import create_user

    create_user("root", "a long admin passphrase", admin=True)
    client = Client()
    client.login(username="root", password="a long admin passphrase")
    assert client.get("/admin/recommendations/recommendation/").status_code == 200
    rec = Recommendation.objects.filter(document=newsletter).first()
    if rec is None:
        pytest.skip("this newsletter has no recommendation")
    response = client.post("/admin/recommendations/recommendation/",
                           {"action": "confirm", "_selected_action": [rec.pk]}, follow=True)
    assert response.status_code == 200
    rec.refresh_from_db()
    assert rec.status == Status.CONFIRMED and rec.curated_at is not None


def test_search_csv_never_hands_a_spreadsheet_a_formula(client, make_document):
    make_document("=HYPERLINK(\"http://example.org\") prevention bulletin", "A prevention bulletin.")
    lines = client.get("/search.csv", {"q": "prevention"}).content.decode().splitlines()
    assert "'=HYPERLINK" in lines[1] and ",=HYPERLINK" not in lines[1]
