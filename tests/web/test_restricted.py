"""A restricted item never appears, for anyone outside its groups: not in search results, facet
counts, feeds, iCalendar, exports, the API, the directory, indicators, or "similar" suggestions.

One document restricted to the group "platform-mt" is ingested with its event, recommendation
and organisation; a practice and a comment are restricted too. Every piece carries the made-up
word "zebrafinch", so a leak anywhere is one substring test. The same pages answered for a member
of the group (and an admin) must show it: the test fails if the rule is missing, not only if it
is broken.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from praxhub.accounts import audience
from praxhub.accounts.audience import Access, Audience
from praxhub.accounts.services import create_user
from praxhub.discussion import services as discussion
from praxhub.documents.models import Document
from praxhub.events.models import Event
from praxhub.organisations.models import Organisation
from praxhub.practices import services as practices
from praxhub.practices.models import Practice
from praxhub.recommendations.models import Recommendation
from praxhub.store.runner import ingest_paths

pytestmark = pytest.mark.django_db

SECRET = "zebrafinch"
PASSWORD = "a long enough passphrase"
RESTRICTED_TEXT = """Council conclusions on zebrafinch mentoring against radicalisation

Brussels, 14 March 1996

The Council of the European Union calls on the Member States to strengthen zebrafinch exit programmes in prisons
and probation.

The Radicalisation Awareness Network will hold a conference on zebrafinch mentoring on 12 May 2027 in Valletta,
Malta. The Malta Zebrafinch Foundation will co-organise the conference.
"""
PUBLIC_TEXT = """Council conclusions on mentoring against radicalisation in prisons

Brussels, 3 June 2021

The Council of the European Union calls on the Member States to strengthen exit programmes in prisons.

The Radicalisation Awareness Network will hold a conference on mentoring on 20 May 2027 in Vienna, Austria.
"""


def _client(name: str, groups: tuple[Group, ...] = (), curator: bool = False, admin: bool = False) -> Client:
    user = create_user(name, PASSWORD, curator=curator, admin=admin)
    user.groups.add(*groups)
    client = Client()
    assert client.login(username=name, password=PASSWORD)
    return client


@pytest.fixture
def world(tmp_path: Path) -> dict:
    platform, other = Group.objects.create(name="platform-mt"), Group.objects.create(name="other-platform")
    (tmp_path / "restricted").mkdir()
    (tmp_path / "public").mkdir()
    (tmp_path / "restricted" / "secret.txt").write_text(RESTRICTED_TEXT)
    (tmp_path / "public" / "open.txt").write_text(PUBLIC_TEXT)
    assert ingest_paths([tmp_path / "public"]).ok
    assert ingest_paths([tmp_path / "restricted"], access=Access.parse("groups:platform-mt")).ok

    secret_doc = Document.objects.get(title__icontains=SECRET)
    event = Event.objects.get(title__icontains=SECRET)
    recommendation = Recommendation.objects.get(text__icontains=SECRET)
    assert (secret_doc.audience, event.audience, recommendation.audience) == (Audience.GROUPS,) * 3
    assert list(event.audience_groups.all()) == [platform]
    assert Organisation.objects.filter(name__icontains=SECRET).exists()

    author = create_user("author", PASSWORD)
    curator = create_user("the-curator", PASSWORD, curator=True)
    data: dict = {"summary": "Mentors meet young people.", "countries": ["MT"], "themes": ["exit"],
                  "target_groups": ["prisoners"]}
    open_practice = practices.save(practices.PracticeInput(title="Mentoring in prisons", **data), author)
    secret_practice = practices.save(practices.PracticeInput(title="Zebrafinch mentoring", **data), author)
    for practice in (open_practice, secret_practice):
        practices.submit(practice, author)
        practices.publish(practice, curator)
    secret_practice.set_audience(Audience.GROUPS, [platform])
    # A comment on the restricted event takes its audience; one on the public practice is public.
    discussion.post(event, author, "Zebrafinch notes from the working group")
    discussion.post(open_practice, author, "Useful practice")
    return {"doc": secret_doc, "event": event, "recommendation": recommendation, "practice": secret_practice,
            "open_practice": open_practice, "platform": platform, "other": other}


def _addresses(world: dict) -> list[str]:
    """Lists, searches, feeds, exports and API answers (none names the secret word itself: a search
    page shows its own query)."""
    event = world["event"]
    return [
        "/", "/search?q=valletta", "/search?q=valletta&type=event", "/search?q=strengthen&type=recommendation",
        "/search?q=malta&type=organisation", "/search?q=mentoring", "/search?q=mentoring&type=event",
        "/search?q=conference&type=event", "/search?q=foundation&type=organisation",
        "/search.csv?q=valletta", "/search.json?q=valletta", "/search.json?q=mentoring",
        "/events", "/events?country=MT", "/events.ics", "/events.csv", "/events.json",
        "/recommendations", "/recommendations.csv", "/organisations", "/organisations.csv", "/organisations.json",
        "/initiatives", "/practices", "/practices.csv", "/practices.json", f"/practices/{world['open_practice'].slug}",
        "/map", "/map.json", "/map.csv", "/trends.json", "/trends.csv", "/organisations/ran",
        "/api/search?q=valletta", "/api/search?q=valletta&type=event", "/api/search?q=mentoring",
        "/api/search?q=malta&type=organisation",
        "/api/events", "/api/organisations", "/api/practices", "/api/recommendations", "/api/recommendations/themes",
        "/api/home", "/api/stats", "/api/trends", "/api/map", f"/api/comments?event={event.pk}",
        # Autocompletion: the curators' search-as-you-type for merge candidates, and the admin's.
        "/organisations/ran?merge_q=malta", "/organisations/ran?merge_q=foundation",
        "/admin/autocomplete/?app_label=organisations&model_name=initiative&field_name=organisations&term=malta",
    ]


def _details(world: dict) -> list[str]:
    """The restricted items' own addresses: not found, for those who may not see them."""
    doc, event, rec = world["doc"], world["event"], world["recommendation"]
    org = Organisation.objects.get(name__icontains=SECRET)
    return [
        f"/documents/{doc.pk}", f"/documents/{doc.pk}/original", f"/events/{event.pk}", f"/events/{event.pk}.ics",
        f"/recommendations/{rec.pk}", f"/recommendations/sources/{doc.pk}", f"/recommendations/sources/{doc.pk}.json",
        f"/practices/{world['practice'].slug}", f"/organisations/{org.slug}",
        f"/api/documents/{doc.pk}", f"/api/events/{event.pk}", f"/api/recommendations/{rec.pk}",
        f"/api/recommendations/sources/{doc.pk}", f"/api/practices/{world['practice'].slug}",
        f"/api/organisations/{org.slug}",
    ]


def _leaks(client: Client, addresses: list[str]) -> list[str]:
    found = []
    for address in addresses:
        response = client.get(address)
        assert response.status_code < 500, address
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if SECRET.encode() in content.lower() or b"1996" in content:
            found.append(address)
    return found


def _staff(client: Client, name: str) -> Client:
    """A curator who may also use the admin (and its autocompletion)."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username=name).update(is_staff=True)
    return client


def _found(client: Client, addresses: list[str]) -> list[str]:
    return [address for address in addresses if client.get(address).status_code == 200]


def test_outsiders_never_see_a_restricted_item(world):
    addresses = _addresses(world)
    outsiders = {
        "visitor": Client(),
        "member": _client("member"),
        "member of another group": _client("other-member", (world["other"],)),
        "curator outside the group": _client("outside-curator", curator=True),
        "staff curator outside the group": _staff(_client("outside-staff", curator=True), "outside-staff"),
    }
    for who, client in outsiders.items():
        leaks = _leaks(client, addresses)
        assert not leaks, f"{who}: {leaks}"
        found = _found(client, _details(world))
        assert not found, f"{who}: {found}"


def test_members_of_the_group_and_admins_see_it(world):
    addresses = _addresses(world)
    for who, client in {"group member": _client("insider", (world["platform"],)),
                        "admin": _client("root", admin=True)}.items():
        seen = set(_leaks(client, addresses))
        # Every kind of surface shows the restricted items to those who may see them.
        for address in ("/organisations/ran?merge_q=malta", "/search?q=valletta", "/search?q=valletta&type=event",
                        "/events.ics", "/events.csv",
                        "/recommendations.csv", "/organisations", "/practices.json", "/trends.json",
                        "/api/search?q=valletta", "/api/events", f"/api/comments?event={world['event'].pk}",
                        "/search?q=malta&type=organisation"):
            assert address in seen, (who, address)
        assert _found(client, _details(world)) == _details(world), who
        if who == "admin":  # the admin's autocompletion offers the hidden organisation to those who may see it
            assert "/admin/autocomplete/?app_label=organisations&model_name=initiative&field_name=organisations" \
                   "&term=malta" in seen


def test_facet_counts_and_totals_leave_restricted_documents_out(world):
    def facets(client: Client) -> dict:
        found = client.get("/api/search?q=mentoring").json()
        return {"total": found["total"],
                "country": {v["value"]: v["count"] for f in found["facets"] if f["name"] == "country"
                            for v in f["values"]}}

    insider = facets(_client("insider", (world["platform"],)))
    outsider = facets(Client())
    assert insider["total"] == 2 and outsider["total"] == 1
    assert insider["country"].get("MT") == 1 and "MT" not in outsider["country"]


def test_similar_practices_and_counterparts_leave_restricted_ones_out(world):
    from praxhub.accounts.services import create_user as make

    outsider = make("reader", PASSWORD)
    insider = make("platform-reader", PASSWORD)
    insider.groups.add(world["platform"])
    for user, expected in ((outsider, False), (insider, True)):
        with audience.viewing_as(audience.for_user(user)):
            practice = Practice.objects.get(pk=world["open_practice"].pk)
            similar = [r.practice.pk for r in practices.similar(practice, user)]
            assert (world["practice"].pk in similar) is expected


def test_members_only_items_need_a_signed_in_member(world):
    world["practice"].set_audience(Audience.MEMBERS)
    address = f"/practices/{world['practice'].slug}"
    assert Client().get(address).status_code == 404
    assert _client("any-member").get(address).status_code == 200


def test_changing_a_documents_audience_reaches_its_items_and_the_search_index(world, tmp_path):
    doc = world["doc"]
    assert Client().get("/api/search?q=valletta").json()["total"] == 0
    assert ingest_paths([tmp_path / "restricted"], access=Access.parse("public")).ok
    doc.refresh_from_db()
    assert doc.audience == Audience.PUBLIC and not doc.audience_groups.exists()
    assert Event.everything.get(pk=world["event"].pk).audience == Audience.PUBLIC
    assert Client().get("/api/search?q=valletta").json()["total"] == 1
    assert SECRET in Client().get("/events.ics").content.decode().lower()
    # The comment on the event went with it.
    assert SECRET in Client().get(f"/api/comments?event={world['event'].pk}").content.decode().lower()


def test_ingest_visibility_is_checked(tmp_path):
    with pytest.raises(ValueError, match="no group named 'nobody'"):
        Access.parse("groups:nobody")
    with pytest.raises(ValueError, match="visibility: 'secret'"):
        Access.parse("secret")
    assert Access.parse("members") == Access(Audience.MEMBERS)


def test_audience_rule_in_sql_and_orm_agree(world):
    """The raw-SQL form (search, indicators) selects exactly what the ORM form selects."""
    from django.db import connection

    users = {"visitor": None, "member": create_user("m", PASSWORD), "insider": create_user("i", PASSWORD)}
    users["insider"].groups.add(world["platform"])
    for user in users.values():
        viewer = audience.for_user(user)
        with audience.viewing_as(viewer):
            for model in (Document, Event, Recommendation, Practice):
                clause, params = viewer.sql(model, "x")
                with connection.cursor() as cur:
                    cur.execute(f"SELECT x.id FROM {model._meta.db_table} x WHERE {clause}", params)
                    by_sql = sorted(row[0] for row in cur.fetchall())
                assert by_sql == sorted(model.objects.values_list("pk", flat=True)), (model, viewer)


def test_json_exports_are_valid_and_filtered(world):
    rows = json.loads(Client().get("/practices.json").content)
    titles = json.dumps(rows).lower()
    assert "mentoring in prisons" in titles and SECRET not in titles


def test_a_member_restricts_a_practice_to_their_own_group_only():
    platform, other = Group.objects.create(name="platform-de"), Group.objects.create(name="not-mine")
    owner = create_user("owner", PASSWORD)
    owner.groups.add(platform)
    client = Client()
    client.force_login(owner)
    form = {"title": "Closed peer review", "summary": "Peers review cases.", "countries": ["DE"],
            "themes": ["prisons"], "target_groups": ["prisoners"], "evaluation": "evaluated"}
    page = client.get("/practices/new").content.decode()
    assert "platform-de" in page and "not-mine" not in page  # only the member's own groups are offered
    refused = client.post("/practices/new", {**form, "audience": "groups", "audience_groups": [str(other.pk)]})
    assert refused.status_code == 400 and not Practice.everything.exists()
    assert client.post("/practices/new", {**form, "audience": "groups",
                                           "audience_groups": [str(platform.pk)]}).status_code == 302
    practice = Practice.everything.get()
    assert practice.audience == Audience.GROUPS and list(practice.audience_groups.all()) == [platform]
    with pytest.raises(practices.PracticeError, match="groups you belong to"):
        practices.save(practices.PracticeInput(title="x", summary="y", countries=[], themes=[], target_groups=[],
                                               audience="groups", audience_groups=[other.pk]), owner, practice)
    curator = create_user("publisher", PASSWORD, curator=True)
    curator.groups.add(platform)
    practices.submit(practice, owner)
    practices.publish(practice, curator)
    assert Client().get(practice.get_absolute_url()).status_code == 404
    assert client.get(practice.get_absolute_url()).status_code == 200


def test_events_visible_to_different_people_are_never_merged(world):
    from praxhub.documents import curation

    public_event = Event.objects.exclude(pk=world["event"].pk).get()
    with pytest.raises(curation.CurationError, match="visible to different people"):
        curation.merge_events(world["event"].pk, [public_event.pk])
    public_event.refresh_from_db()
    assert public_event.merged_into_id is None
    # A merge chain made before this rule (or by hand) stops where the viewer's sight does: no 500.
    Event.everything.filter(pk=public_event.pk).update(merged_into=world["event"].pk)
    assert Client().get(f"/events/{public_event.pk}").status_code in (200, 404)


def test_audience_changes_of_items_are_in_the_audit_log(world, tmp_path):
    from praxhub.audit.models import AuditEntry

    assert ingest_paths([tmp_path / "restricted"], access=Access.parse("members")).ok
    entries = [e for e in AuditEntry.objects.filter(model="events.Event", object_id=str(world["event"].pk))
               if "audience" in e.changed]
    assert entries and entries[-1].after["audience"] == "members" and entries[-1].before["audience"] == "groups"
