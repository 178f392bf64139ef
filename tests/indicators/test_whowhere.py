"""Who does what where: the country × theme counts, the gaps, the filters, the map and the lists a
click leads to."""

from __future__ import annotations

import csv
import io

import pytest

from praxhub.accounts.services import create_user
from praxhub.events.models import Event
from praxhub.indicators import whowhere
from praxhub.organisations.models import Initiative, Organisation
from praxhub.practices import services as practices

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_document):
    police = Organisation.objects.create(slug="police-fr", name="Police nationale", country="FR", level="national",
                                         sector="law_enforcement")
    city = Organisation.objects.create(slug="city-of-lyon", name="City of Lyon", country="FR", level="local",
                                       sector="government")
    programme = Initiative.objects.create(slug="lyon-plan", name="Lyon prevention plan")
    programme.organisations.add(city)
    doc = make_document("Newsletter", "Events in France.", themes=["prisons", "local"])
    other = make_document("Report", "Online work.", themes=["online"])
    workshop = Event.objects.create(document_id=doc, span_start=0, span_end=5, fingerprint="a",
                                    title="Prison workshop", country="FR")
    workshop.organisers.add(police)
    Event.objects.create(document_id=other, span_start=0, span_end=5, fingerprint="b", title="Online summit",
                         country="DE")
    Event.objects.create(document_id=other, span_start=6, span_end=9, fingerprint="c", title="Rejected",
                         country="DE", status="rejected")
    owner = create_user("ana", "a long member passphrase")
    curator = create_user("cora", "a long curator passphrase", curator=True)
    practice = practices.save(practices.PracticeInput(
        title="Local prevention in Lyon", summary="The city's prevention plan.", countries=["FR"],
        themes=["local"], target_groups=["local_communities"]), owner)
    practice.lead_organisation = city
    practice.save()
    practices.submit(practice, owner)
    practices.publish(practice, curator)
    return {"police": police, "city": city, "practice": practice}


def test_counts_and_gaps(world):
    matrix = whowhere.compute()
    assert matrix.count("FR", "prisons", "events") == 1 and matrix.count("FR", "local", "events") == 1
    assert matrix.count("FR", "prisons", "actors") == 1  # the police organise the workshop
    assert matrix.count("FR", "local", "actors") == 2 and matrix.count("FR", "local", "initiatives") == 1
    assert matrix.count("FR", "local", "practices") == 1 and matrix.count("FR", "prisons", "practices") == 0
    assert matrix.count("DE", "online", "events") == 1  # the rejected one is not counted
    assert matrix.count("FR", "", "events") == 1 and matrix.count("FR", "", "actors") == 2
    assert "IT" in matrix.countries() and matrix.count("IT", "", "practices") == 0  # a visible gap
    national = whowhere.compute(level="national")
    assert national.count("FR", "local", "actors") == 1 and national.count("FR", "local", "practices") == 0
    assert national.count("DE", "online", "events") == 0  # no organiser of that level


def test_map_page_and_lists(client, world):
    page = client.get("/map", {"kind": "events"}).content.decode()
    assert '<svg viewBox=' in page and 'data-code="FR"' in page and 'url(#gap)' in page
    assert "France: 1 events (all themes)" in page
    country = client.get("/map", {"country": "FR"}).content.decode()
    assert 'id="country"' in country and "Prison and probation" in country
    cell = client.get("/map", {"country": "FR", "theme": "local"}).content.decode()
    assert "Local prevention in Lyon" in cell and "City of Lyon" in cell and "Lyon prevention plan" in cell
    assert 'href="/practices?country=FR&amp;theme=local"' in cell
    for params, name in (({"kind": "x"}, "kind"), ({"level": "x"}, "level"), ({"sector": "x"}, "sector"),
                         ({"theme": "x"}, "theme"), ({"country": "France"}, "country")):
        response = client.get("/map", params)
        assert response.status_code == 400 and f"{name}:" in response.content.decode()
    rows = list(csv.reader(io.StringIO(client.get("/map.csv").content.decode())))
    assert rows[0] == ["country", "theme", "actors", "practices", "events", "initiatives"]
    assert ["FR", "local", "2", "1", "1", "1"] in rows
    assert client.get("/map.json").json()["countries"]["FR"]["themes"]["prisons"]["events"] == 1


def test_the_outlines_are_vendored():
    paths = whowhere.map_paths()
    assert {"FR", "DE", "PL", "PT", "FI", "GR", "UA"} <= set(paths)
    assert all(d.startswith("M") for d in paths.values())  # every outline placed absolutely


def test_api(client, world):
    data = client.get("/api/map").json()
    assert data["countries"]["FR"]["themes"]["local"] == {"actors": 2, "practices": 1, "events": 1, "initiatives": 1}
    assert client.get("/api/map", {"level": "x"}).status_code == 400
    assert client.get("/api/map", {"level": "national"}).json()["countries"]["FR"]["themes"]["local"]["actors"] == 1
    assert set(client.get("/api/trends").json()) == {"years", "documents_per_year", "themes", "months",
                                                     "new_items_per_month"}


def test_an_empty_hub_is_all_gaps(client):
    for params in ({}, {"country": "FR"}, {"country": "FR", "theme": "prisons", "kind": "actors"}):
        response = client.get("/map", params)
        assert response.status_code == 200, params
    page = client.get("/map").content.decode()
    assert "48 countries without any practices" in page or "countries without any practices" in page
    assert client.get("/map.csv").status_code == 200 and client.get("/trends").status_code == 200
