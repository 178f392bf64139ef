"""The practices pages and API through Django's test client: members submit, curators review,
visitors see published practices only."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from praxhub.accounts.services import create_user
from praxhub.practices import services
from praxhub.practices.models import Practice, Workflow

pytestmark = pytest.mark.django_db

FORM = {"title": "Family support after a conviction", "summary": "Counsellors support families of prisoners.",
        "countries": ["DE"], "themes": ["prisons", "youth_families"], "target_groups": ["families"],
        "evaluation": "evaluated", "resources": "https://example.org/guide\n\n", "year_start": "2019"}


def signed_in(name: str, curator: bool = False) -> Client:
    create_user(name, "a long enough passphrase", curator=curator)
    client = Client()
    assert client.login(username=name, password="a long enough passphrase")
    return client


def body(response) -> str:
    return response.content.decode()


def test_members_submit_and_curators_publish(client):
    assert client.get("/practices/new").status_code == 302  # sign in first
    ana = signed_in("ana")
    form = ana.get("/practices/new")
    assert form.status_code == 200 and 'name="csrfmiddlewaretoken"' in body(form)
    bad = ana.post("/practices/new", {**FORM, "title": ""})
    assert bad.status_code == 400 and "This field is required" in body(bad)
    response = ana.post("/practices/new", FORM)
    practice = Practice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/practices/{practice.slug}"
    assert practice.status == Workflow.DRAFT and practice.resources == "https://example.org/guide"
    assert client.get(f"/practices/{practice.slug}").status_code == 404  # visitors: not public yet
    page = body(ana.get(f"/practices/{practice.slug}"))
    assert "Submit for review" in page and "This practice is not public" in page
    assert ana.post(f"/practices/{practice.slug}/submit").status_code == 302
    assert ana.get(f"/practices/{practice.slug}/edit").status_code == 403  # under review
    assert ana.post(f"/practices/{practice.slug}/review", {"decision": "publish"}).status_code == 403
    cora = signed_in("cora", curator=True)
    assert practice.title in body(cora.get("/practices/review"))
    returned = cora.post(f"/practices/{practice.slug}/review", {"decision": "return", "comment": ""})
    assert returned.status_code == 400 and "comment" in body(returned)
    cora.post(f"/practices/{practice.slug}/review", {"decision": "return", "comment": "Add the methods."})
    assert "Add the methods." in body(ana.get(f"/practices/{practice.slug}"))
    ana.post(f"/practices/{practice.slug}/edit", {**FORM, "methods": "Home visits and group sessions."})
    ana.post(f"/practices/{practice.slug}/submit")
    cora.post(f"/practices/{practice.slug}/review", {"decision": "publish"})
    public = body(client.get(f"/practices/{practice.slug}"))
    assert "Home visits and group sessions." in public and '"@type": "CreativeWork"' in public
    assert practice.title in body(client.get("/practices", {"country": "DE"}))
    assert practice.title in body(ana.get("/practices/mine"))


def test_forms_need_the_csrf_token():
    create_user("ana", "a long enough passphrase")
    strict = Client(enforce_csrf_checks=True)
    strict.login(username="ana", password="a long enough passphrase")
    assert strict.post("/practices/new", FORM).status_code == 403
    assert Practice.objects.count() == 0


def test_bad_filters_are_a_400_naming_the_field(client):
    for params, name in (({"country": "Germany"}, "country"), ({"target": "all"}, "target"),
                         ({"page": "x"}, "page"), ({"year": "1"}, "year")):
        response = client.get("/practices", params)
        assert response.status_code == 400 and f"{name}:" in body(response)
        assert client.get("/api/practices", params).status_code in (400, 422)


def test_hostile_text_is_escaped(client):
    ana = signed_in("ana")
    # Markup is taken out when the record is saved (nh3) and anything left is escaped on the page.
    refused = ana.post("/practices/new", {**FORM, "title": "<script>alert(1)</script>"})
    assert refused.status_code == 400 and "title" in body(refused) and not Practice.objects.exists()
    ana.post("/practices/new", {**FORM, "title": "<script>alert(1)</script>Family &amp; &lt;b&gt;support&lt;/b&gt;",
                                "summary": '<img src=x onerror="alert(2)">Counsellors'})
    practice = Practice.objects.get()
    assert practice.title == "Family & support" and practice.summary == "Counsellors"
    services.submit(practice, practice.submitted_by)
    services.publish(practice, create_user("cora", "a long curator passphrase", curator=True))
    page = body(client.get(f"/practices/{practice.slug}"))
    assert "<script>alert(1)" not in page and "Family &amp; support" in page and "<img src=x" not in page


def test_exports_and_api_show_published_practices_only(client):
    ana = signed_in("ana")
    ana.post("/practices/new", FORM)
    ana.post("/practices/new", {**FORM, "title": "Youth mentoring", "countries": ["FR"], "themes": ["prisons"]})
    first, second = Practice.objects.order_by("id")
    cora = create_user("cora", "a long curator passphrase", curator=True)
    services.submit(first, first.submitted_by)
    services.publish(first, cora)
    rows = list(csv.reader(io.StringIO(body(client.get("/practices.csv")))))
    assert [r[1] for r in rows[1:]] == [first.title]
    listing = client.get("/api/practices").json()
    assert listing["total"] == 1 and listing["items"][0]["slug"] == first.slug
    assert {f["value"] for f in listing["facets"]["country"]} == {"DE"}
    assert client.get(f"/api/practices/{second.slug}").status_code == 404
    services.submit(second, second.submitted_by)
    services.publish(second, cora)
    detail = client.get(f"/api/practices/{first.slug}").json()
    assert [c["slug"] for c in detail["counterparts"]] == [second.slug]
    assert "Prison and probation" in detail["counterparts"][0]["why"]
    assert client.get("/practices.json").json()["total"] == 2
