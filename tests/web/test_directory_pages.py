"""The directory's pages, exports, API and curation POSTs through Django's test client."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from django.test import Client
from tests.organisations.test_services import World, make_world

from praxhub.accounts.services import create_user
from praxhub.documents.models import Status
from praxhub.organisations import services
from praxhub.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_document: Any) -> World:
    return make_world(make_document)


@pytest.fixture
def curator_client(client: Client) -> Client:
    client.force_login(create_user("curator", "a long pass phrase 42", curator=True))
    return client


def body(response: Any) -> str:
    return response.content.decode()


# ------------------------------------------------------------------------------ lists

def test_organisation_list_filters_are_in_the_url(client: Client, world: World) -> None:
    page = client.get("/organisations")
    assert page.status_code == 200
    assert "Radicalisation Awareness Network" in body(page) and "Dear Colleagues" not in body(page)
    assert '<label for="org-q">' in body(page)
    filtered = client.get("/organisations", {"country": "FR"})
    assert "European Forum for Urban Security" in body(filtered)
    assert "Radicalisation Awareness Network</a>" not in body(filtered)
    assert 'href="/organisations.csv?country=FR"' in body(filtered)  # exports keep the filters


def test_htmx_gets_only_the_results(client: Client, world: World) -> None:
    response = client.get("/organisations", {"q": "forum"}, headers={"HX-Request": "true", "HX-Target": "results"})
    assert response.status_code == 200
    assert "<html" not in body(response) and "1 organisation" in body(response)


def test_pages_of_a_list_keep_the_other_parameters(client: Client, world: World) -> None:
    Organisation.objects.bulk_create(Organisation(slug=f"city-{n:02d}", name=f"City of Prevention {n:02d}",
                                                  kind="city", level="local") for n in range(25))
    first = body(client.get("/organisations", {"kind": "city"}))
    assert "25 organisations" in first and "Page 1 of 2" in first
    assert 'href="?kind=city&amp;page=2#results"' in first
    second = body(client.get("/organisations", {"kind": "city", "page": "2"}))
    assert "City of Prevention 24" in second and "City of Prevention 00" not in second
    assert 'href="/organisations#results"' not in second and 'href="?kind=city#results"' in second
    beyond = client.get("/organisations", {"kind": "city", "page": "9"})
    assert beyond.status_code == 200 and "25 organisations" in body(beyond)


def test_section_pager_links_keep_the_state(client: Client, world: World) -> None:
    for n in range(25):
        doc = world.docs["old"]
        Organisation.objects.get(slug="efus").mentions.create(document_id=doc, start=100 + n, end=101 + n,
                                                               surface="Efus")
    from praxhub.documents.models import Document

    for n in range(22):
        copy = Document.objects.get(pk=world.docs["other"])
        copy.pk = None
        copy.sha256 = f"{n:064d}"
        copy.save()
        Organisation.objects.get(slug="efus").mentions.create(document=copy, start=0, end=4, surface="Efus")
    page = client.get("/organisations/efus", {"received_page": "1"})
    assert '?received_page=1&amp;page=2#documents' in body(page)
    second = client.get("/organisations/efus", {"page": "2"})
    assert "Page 2 of 2" in body(second)


@pytest.mark.parametrize("url", ["/organisations", "/initiatives", "/experts", "/organisations.csv",
                                 "/organisations.json", "/initiatives.csv", "/initiatives.json", "/experts.csv",
                                 "/experts.json", "/api/organisations", "/api/initiatives", "/api/experts"])
@pytest.mark.parametrize("params", [
    {"level": "x" * 50}, {"country": "<script>"}, {"status": "all"}, {"origin": "'; DROP TABLE x"},
    {"kind": "A B"}, {"role": "guru"}, {"theme": "everything"}, {"language": "english"}, {"q": "\x00"},
    {"page": "-1"}, {"page": "9" * 30}, {"offset": "x"}, {"limit": "0"}, {"limit": "x"},
])
def test_bad_parameters_are_a_400_never_a_500(client: Client, world: World, url: str,
                                              params: dict[str, str]) -> None:
    response = client.get(url, params)
    assert response.status_code in (200, 400), response.content[:300]
    assert b"Traceback" not in response.content
    if response.status_code == 400 and url.startswith("/api/"):
        assert set(response.json()) == {"detail"}


def test_bad_filter_message_names_the_parameter(client: Client, world: World) -> None:
    page = client.get("/organisations", {"level": "planetary"})
    assert page.status_code == 400 and "level:" in body(page)
    api = client.get("/api/organisations", {"level": "planetary"})
    assert api.status_code == 400 and api.json()["detail"].startswith("level:")
    detail = client.get("/organisations/ran", {"page": "zero"})
    assert detail.status_code == 400 and "page:" in body(detail)
    assert client.get("/api/organisations/ran", {"documents_offset": "-3"}).status_code == 400
    assert client.get("/api/initiatives/eu-ct-strategy", {"limit": "500"}).status_code == 400


@pytest.mark.parametrize("url", ["/organisations/nope", "/initiatives/nope", "/experts/999999",
                                 "/experts/99999999999999999999999", "/api/organisations/nope",
                                 "/api/initiatives/nope", "/api/experts/999999", "/organisations/bad%20slug"])
def test_unknown_entries_are_a_404(client: Client, world: World, url: str) -> None:
    assert client.get(url).status_code == 404


# ------------------------------------------------------------------------------ detail pages

def test_organisation_page_shows_its_sections(client: Client, world: World) -> None:
    page = body(client.get("/organisations/ran"))
    assert "Prison conclusions" in page and "2 mentions" in page
    assert "Working group on prisons" in page and "Rejected event" not in page
    assert "Member States should exchange practice through RAN." in page
    assert "A rejected reading of a recital." not in page
    assert "RAN invites cities to set up local networks." in page
    assert "EU Counter-Terrorism Strategy" in page  # mentioned in the same documents
    assert "Ana Listed" in page and "Cy Hidden" not in page and "Di Noconsent" not in page
    assert "Merge another record" not in page  # curators only


def test_organisation_page_embeds_json_ld(client: Client, world: World) -> None:
    page = body(client.get("/organisations/efus"))
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "Organization" and data["name"] == "European Forum for Urban Security"
    assert data["url"] == "http://testserver/organisations/efus"
    assert data["address"]["addressCountry"] == "FR"
    assert len(re.findall(r"<script(?![^>]*\bsrc=)", page)) == 1  # no other inline script


def test_initiative_and_expert_pages(client: Client, world: World) -> None:
    world.strategy.organisations.add(world.efus)
    page = body(client.get("/initiatives/eu-ct-strategy"))
    assert "Run by" in page and 'href="/organisations/efus"' in page
    assert "Local prevention newsletter" in page
    expert = body(client.get(f"/experts/{world.experts['listed'].pk}"))
    assert "Ana Listed" in expert and "Prison mentoring." in expert and "Portuguese" in expert


def test_merged_record_redirects_to_the_organisation_it_became(client: Client, world: World) -> None:
    from praxhub.documents import curation

    curation.merge_organisations(world.ran.pk, world.ran_copy.pk)
    response = client.get(f"/organisations/{world.ran_copy.slug}")
    assert response.status_code == 302 and response["Location"] == "/organisations/ran"
    api = client.get(f"/api/organisations/{world.ran_copy.slug}").json()
    assert api["organisation"]["slug"] == "ran"
    assert api["also_recorded_as"][0]["slug"] == world.ran_copy.slug


# ------------------------------------------------------------------------------ consent

def test_experts_without_consent_never_appear(client: Client, world: World) -> None:
    hidden = [world.experts["hidden"], world.experts["no_consent"]]
    outputs = [
        body(client.get("/experts")), body(client.get("/experts.csv")), body(client.get("/experts.json")),
        body(client.get("/api/experts")), body(client.get("/experts", {"theme": "prisons"})),
        body(client.get("/api/experts", {"language": "en"})), body(client.get("/organisations/ran")),
        body(client.get("/api/organisations/ran")),
    ]
    for output in outputs:
        for profile in hidden:
            assert profile.display_name not in output
    assert "Ana Listed" in outputs[0] and "Ana Listed" in outputs[1]
    for profile in hidden:
        assert client.get(f"/experts/{profile.pk}").status_code == 404
        assert client.get(f"/api/experts/{profile.pk}").status_code == 404
    assert client.get(f"/api/experts/{world.experts['listed'].pk}").json()["display_name"] == "Ana Listed"


# ------------------------------------------------------------------------------ exports and API

def test_csv_and_json_exports(client: Client, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    response = client.get("/organisations.csv", {"level": "eu"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body(response))))
    assert rows[0] == list(services.ORGANISATION_COLUMNS)
    assert [row[0] for row in rows[1:]] == ["ran"]
    data = client.get("/initiatives.json").json()
    assert data["total"] == 2 and {i["slug"] for i in data["items"]} == {"eu-ct-strategy", "exit-programme"}
    experts = list(csv.DictReader(io.StringIO(body(client.get("/experts.csv")))))
    assert experts[0]["themes"] == "prisons; exit" and experts[0]["organisation"] == "Radicalisation Awareness Network"
    monkeypatch.setattr(services, "EXPORT_LIMIT", 2)
    first = client.get("/organisations.json")
    assert len(first.json()["items"]) == 2 and first["X-Total-Count"] == "3"
    assert first["Link"] == '</organisations.json?offset=2>; rel="next"'
    assert [o["slug"] for o in client.get("/organisations.json", {"offset": "2"}).json()["items"]] == [
        "radicalisation-awareness-network-ran"]
    listing = body(client.get("/organisations", {"kind": ""}))
    assert 'href="/organisations.csv?kind=&amp;offset=2" download>CSV</a>' in listing  # offered in parts


def test_api_lists_and_details(client: Client, world: World) -> None:
    data = client.get("/api/organisations", {"limit": "1", "offset": "1"}).json()
    assert (data["total"], data["limit"], data["offset"]) == (3, 1, 1)
    assert data["items"][0]["slug"] == "ran" and data["items"][0]["documents"] == 2
    detail = client.get("/api/organisations/ran", {"limit": "1"}).json()
    assert detail["documents"]["total"] == 2 and len(detail["documents"]["items"]) == 1
    assert detail["documents"]["items"][0]["title"] == "Local prevention newsletter"
    second = client.get("/api/organisations/ran", {"limit": "1", "documents_offset": "1"}).json()
    assert second["documents"]["items"][0]["title"] == "Prison conclusions"
    assert client.get("/api/initiatives", {"kind": "strategy"}).json()["items"][0]["documents"] == 2
    initiative = client.get("/api/initiatives/eu-ct-strategy").json()
    assert {o["slug"] for o in initiative["organisations_mentioned_together"]} == {"ran", "efus"}
    experts = client.get("/api/experts", {"role": "researcher"}).json()
    assert [e["display_name"] for e in experts["items"]] == ["Bo Researcher"]


# ------------------------------------------------------------------------------ curation

def test_curation_posts_need_a_curator(client: Client, world: World) -> None:
    for url, data in ((f"/organisations/{world.ran.slug}/merge", {"duplicate": world.ran_copy.pk}),
                      (f"/organisations/{world.ran_copy.slug}/decide", {"decision": "confirm"}),
                      ("/initiatives/exit-programme/decide", {"decision": "confirm"})):
        assert client.post(url, data).status_code == 403
    client.force_login(create_user("reader", "a long pass phrase 42"))
    assert client.post(f"/organisations/{world.ran.slug}/merge", {"duplicate": world.ran_copy.pk}).status_code == 403
    assert Organisation.objects.get(pk=world.ran_copy.pk).merged_into_id is None
    assert client.get(f"/organisations/{world.ran.slug}/merge").status_code == 405


def test_curation_posts_need_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(create_user("curator", "a long pass phrase 42", curator=True))
    response = client.post(f"/organisations/{world.ran.slug}/merge", {"duplicate": world.ran_copy.pk})
    assert response.status_code == 403
    assert Organisation.objects.get(pk=world.ran_copy.pk).merged_into_id is None


def test_curator_merges_without_javascript(curator_client: Client, world: World) -> None:
    page = body(curator_client.get("/organisations/ran"))
    assert '<label for="merge-q">Find the duplicate record</label>' in page
    assert "Radicalisation Awareness Network (RAN)" in page  # offered: same acronym
    response = curator_client.post("/organisations/ran/merge", {"duplicate": world.ran_copy.pk})
    assert response.status_code == 303 and response["Location"] == "/organisations/ran"
    merged = body(curator_client.get("/organisations/ran"))
    assert "is now recorded as part of this organisation" in merged
    assert "Undated note" in merged  # the duplicate's document
    assert "Also recorded as" in merged
    assert curator_client.get(f"/organisations/{world.ran_copy.slug}").status_code == 302


def test_curator_merges_with_htmx(curator_client: Client, world: World) -> None:
    found = curator_client.get("/organisations/efus", {"merge_q": "awareness"},
                               headers={"HX-Request": "true", "HX-Target": "merge-candidates"})
    assert "<html" not in body(found) and f'value="{world.ran_copy.pk}"' in body(found)
    response = curator_client.post("/organisations/efus/merge", {"duplicate": world.ran_copy.pk},
                                    headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"] == "/organisations/efus"
    again = curator_client.post("/organisations/efus/merge", {"duplicate": world.ran_copy.pk},
                                headers={"HX-Request": "true"})
    assert again.status_code == 400 and "already one organisation" in body(again) and "<html" not in body(again)


@pytest.mark.parametrize("duplicate", ["", "abc", "-1", "999999", "1e3", "9" * 30, "²"])
def test_bad_merge_requests_are_a_400(curator_client: Client, world: World, duplicate: str) -> None:
    response = curator_client.post("/organisations/ran/merge", {"duplicate": duplicate})
    assert response.status_code == 400 and 'role="alert"' in body(response)


def test_curator_confirms_and_rejects(curator_client: Client, world: World) -> None:
    url = f"/organisations/{world.ran_copy.slug}/decide"
    assert curator_client.post(url, {"decision": "confirm"}).status_code == 303
    assert Organisation.objects.get(pk=world.ran_copy.pk).status == Status.CONFIRMED
    assert curator_client.post(url, {"decision": "reject"}, headers={"HX-Request": "true"}).status_code == 204
    assert Organisation.objects.get(pk=world.ran_copy.pk).status == Status.REJECTED
    assert curator_client.post(url, {"decision": "delete"}).status_code == 400
    assert curator_client.post("/initiatives/exit-programme/decide", {"decision": "confirm"}).status_code == 303
    world.exit_programme.refresh_from_db()
    assert world.exit_programme.status == Status.CONFIRMED


def test_admin_lists_organisations_and_initiatives(client: Client, world: World) -> None:
    client.force_login(create_user("admin", "a long pass phrase 42", admin=True))
    assert "Radicalisation Awareness Network" in body(client.get("/admin/organisations/organisation/?q=awareness"))
    assert client.get(f"/admin/organisations/initiative/{world.strategy.pk}/change/").status_code == 200
    assert client.get("/admin/autocomplete/", {"app_label": "organisations", "model_name": "initiative",
                                               "field_name": "organisations", "term": "efus"}).status_code == 200
