"""The tracker's pages through Django's test client."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from praxhub.accounts.services import create_user
from praxhub.recommendations.models import FollowUp, Recommendation

pytestmark = pytest.mark.django_db


def signed_in(name: str, curator: bool = False) -> Client:
    create_user(name, "a long enough passphrase", curator=curator)
    client = Client()
    assert client.login(username=name, password="a long enough passphrase")
    return client


@pytest.fixture
def recs(make_document):
    council = make_document("Council conclusions", "The Council calls on Member States ...", kind="conclusions")
    guide = make_document("Exit guidelines", "Exit programmes for radicalised prisoners need trained staff.")
    first = Recommendation.objects.create(
        document_id=council, span_start=0, span_end=5, fingerprint="a", themes=["exit"], addressee_name="Member States",
        text="Member States should set up exit programmes for radicalised prisoners and train their staff.")
    second = Recommendation.objects.create(
        document_id=guide, span_start=0, span_end=5, fingerprint="b", addressee_name="Member States",
        text="Member States should set up exit programmes for radicalised prisoners and train staff.")
    return {"council": council, "guide": guide, "first": first, "second": second}


def test_follow_up_changes_the_source_rollup(client, recs):
    first = recs["first"]
    assert "0 of 1 followed up" in client.get(f"/recommendations/{first.pk}").content.decode()
    assert client.post(f"/recommendations/{first.pk}/follow-ups", {"status": "planned", "country": "FR"}
                       ).status_code == 403  # visitors: sign in first
    ana = signed_in("ana")
    bad = ana.post(f"/recommendations/{first.pk}/follow-ups",
                   {"status": "planned", "progress": "abc", "country": "FR"})
    assert bad.status_code == 400 and "progress:" in bad.content.decode()
    response = ana.post(f"/recommendations/{first.pk}/follow-ups",
                        {"status": "in_progress", "progress": "40", "country": "FR", "note": "A pilot in Lyon."})
    assert response.status_code == 302
    page = client.get(f"/recommendations/{first.pk}").content.decode()
    assert "A pilot in Lyon." in page and "1 of 1 followed up" in page
    assert client.get(f"/recommendations/sources/{recs['council']}.json").json()["rollup"]["progress"] == 40.0
    follow_up = FollowUp.objects.get()
    ana.post(f"/follow-ups/{follow_up.pk}", {"status": "implemented", "date": "2025-06-01"})  # an older step
    assert client.get(f"/recommendations/sources/{recs['council']}.json").json()["rollup"]["progress"] == 40.0
    ana.post(f"/follow-ups/{follow_up.pk}", {"status": "implemented"})  # today
    assert client.get(f"/recommendations/sources/{recs['council']}.json").json()["rollup"]["progress"] == 100.0
    assert signed_in("ben").post(f"/follow-ups/{follow_up.pk}", {"status": "planned"}).status_code == 403
    ana.post(f"/follow-ups/{follow_up.pk}/evidence", {"url": f"/documents/{recs['guide']}"})
    assert "Exit guidelines" in client.get(f"/recommendations/{first.pk}").content.decode()
    listing = client.get("/recommendations", {"tracked": "yes"}).content.decode()
    assert "Progress per theme" in listing and "set up exit programmes" in listing
    rows = list(csv.reader(io.StringIO(client.get("/recommendations.csv").content.decode())))
    assert len(rows) == 3 and rows[0][0] == "id"


def test_curators_see_suggestions_and_group_duplicates(recs):
    ana = signed_in("ana")
    ana.post(f"/recommendations/{recs['first'].pk}/follow-ups", {"status": "planned", "country": "FR"})
    cora = signed_in("cora", curator=True)
    page = cora.get(f"/recommendations/{recs['first'].pk}").content.decode()
    assert "Suggested evidence" in page and "Exit guidelines" in page  # the other source's document
    assert "Same recommendation" in page
    assert ana.post(f"/recommendations/{recs['first'].pk}/same",
                    {"other": recs["second"].pk, "decision": "same"}).status_code == 403
    cora.post(f"/recommendations/{recs['first'].pk}/same", {"other": recs["second"].pk, "decision": "same"})
    assert "Confirmed as the same recommendation" in cora.get(f"/recommendations/{recs['second'].pk}").content.decode()


def test_bad_requests_name_the_field(client, recs):
    for params, name in (({"theme": "x"}, "theme"), ({"source": "x"}, "source"), ({"page": "0"}, "page")):
        response = client.get("/recommendations", params)
        assert response.status_code == 400 and f"{name}:" in response.content.decode()
    assert client.get("/recommendations/999999").status_code == 404


def test_api(client, recs):
    ana = signed_in("ana")
    ana.post(f"/recommendations/{recs['first'].pk}/follow-ups", {"status": "in_progress", "progress": "30",
                                                                  "country": "DE", "note": "Started."})
    listing = client.get("/api/recommendations", {"tracked": "yes"}).json()
    assert listing["total"] == 1 and listing["items"][0]["progress"] == 30.0
    detail = client.get(f"/api/recommendations/{recs['first'].pk}").json()
    assert detail["timelines"][0]["timeline"][0]["note"] == "Started."
    assert detail["source_rollup"]["progress"] == 30.0
    assert client.get(f"/api/recommendations/sources/{recs['council']}").json()["tracked"] == 1
    assert client.get("/api/recommendations/themes").json()[0]["theme"] == "exit"
    assert client.get("/api/recommendations", {"theme": "x"}).status_code == 400
    assert client.get("/api/recommendations/999999").status_code == 404


def test_kept_rollups_follow_new_follow_ups(client, recs):
    assert "Progress per theme" not in client.get("/recommendations").content.decode()  # nothing tracked yet
    ana = signed_in("ana")
    ana.post(f"/recommendations/{recs['first'].pk}/follow-ups", {"status": "implemented", "country": "FR"})
    page = client.get("/recommendations").content.decode()
    assert "Progress per theme" in page and "Council conclusions" in page
