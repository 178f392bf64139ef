"""The directory's services: filters, pages, detail sections, merges, experts' consent, exports,
JSON-LD and registry facts, on a small hub built through the real models."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from praxhub.accounts.models import ExpertProfile
from praxhub.documents import curation
from praxhub.documents.models import Document, Status
from praxhub.events.models import Event
from praxhub.organisations import services
from praxhub.organisations.models import Initiative, Mention, Organisation, Origin
from praxhub.organisations.services import FilterError
from praxhub.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


@dataclass
class World:
    ran: Organisation
    ran_copy: Organisation
    efus: Organisation
    rejected: Organisation
    strategy: Initiative
    exit_programme: Initiative
    docs: dict[str, int]
    event: Event
    experts: dict[str, ExpertProfile]


def mention(doc_id: int, target: Organisation | Initiative, times: int = 1) -> None:
    field = "organisation" if isinstance(target, Organisation) else "initiative"
    for n in range(times):
        Mention.objects.create(document_id=doc_id, start=n * 10, end=n * 10 + 3, surface=target.name[:40],
                               **{field: target})


def make_world(make_document: Any) -> World:
    """A small hub: RAN recorded twice (registry + a copy found in a document), Efus with a French
    alias, a rejected body, two initiatives, four documents, events, recommendations, experts."""
    docs = {
        "old": make_document("Prison conclusions", "RAN and prisons.", published=dt.date(2019, 1, 1)),
        "new": make_document("Local prevention newsletter", "RAN, Efus and the strategy.",
                             published=dt.date(2021, 5, 1)),
        "undated": make_document("Undated note", "The Radicalisation Awareness Network (RAN) met."),
        "other": make_document("Unrelated", "Nothing about anyone.", published=dt.date(2020, 1, 1)),
    }
    ran = Organisation.objects.create(slug="ran", name="Radicalisation Awareness Network", acronym="RAN",
                                      kind="network", level="eu", origin=Origin.REGISTRY, status=Status.CONFIRMED)
    ran_copy = Organisation.objects.create(slug="radicalisation-awareness-network-ran",
                                           name="Radicalisation Awareness Network (RAN)", acronym="RAN",
                                           origin=Origin.EXTRACTED, status=Status.SUGGESTED)
    efus = Organisation.objects.create(slug="efus", name="European Forum for Urban Security", acronym="Efus",
                                       kind="network", level="international", sector="civil_society",
                                       country="FR", aliases=["Forum européen pour la sécurité urbaine"],
                                       origin=Origin.REGISTRY, status=Status.CONFIRMED)
    rejected = Organisation.objects.create(slug="not-a-body", name="Dear Colleagues Network",
                                           origin=Origin.EXTRACTED, status=Status.REJECTED)
    strategy = Initiative.objects.create(slug="eu-ct-strategy", name="EU Counter-Terrorism Strategy",
                                         kind="strategy", origin=Origin.REGISTRY, status=Status.CONFIRMED)
    exit_programme = Initiative.objects.create(slug="exit-programme", name="Exit Programme", kind="programme")
    mention(docs["old"], ran, 2)
    mention(docs["new"], ran)
    mention(docs["undated"], ran_copy)
    mention(docs["new"], efus)
    mention(docs["new"], strategy)
    mention(docs["old"], strategy)
    mention(docs["undated"], exit_programme)
    mention(docs["other"], rejected)

    def event(title: str, **fields: Any) -> Event:
        made = Event.objects.create(document_id=docs["new"], span_start=0, span_end=5, fingerprint=title,
                                    title=title, **fields)
        made.organisers.add(ran)
        return made

    kept = event("Working group on prisons", start=dt.date(2021, 6, 1), city="Vienna", country="AT")
    event("Working group on prisons (second report)", merged_into=kept)
    event("Rejected event", status=Status.REJECTED)

    def recommendation(text: str, **fields: Any) -> Recommendation:
        return Recommendation.objects.create(document_id=docs["old"], span_start=len(text), span_end=len(text) + 5,
                                             fingerprint=text, text=text, **fields)

    recommendation("Member States should exchange practice through RAN.", issuer=efus, addressee=ran,
                   verb="calls on", status=Status.CONFIRMED)
    recommendation("A rejected reading of a recital.", issuer=efus, addressee=ran, status=Status.REJECTED)
    recommendation("RAN invites cities to set up local networks.", issuer=ran, addressee=efus, verb="invites")

    def expert(name: str, consent: bool, listed: bool, **fields: Any) -> ExpertProfile:
        user = get_user_model().objects.create_user(name.lower().replace(" ", "-"))  # no password: fast
        return ExpertProfile.objects.create(user=user, display_name=name, listed=listed,
                                            consent_at=timezone.now() if consent else None, **fields)

    experts = {
        "listed": expert("Ana Listed", True, True, role="practitioner", organisation=ran, country="PT",
                         themes=["prisons", "exit"], languages=["pt", "en"], about="Prison mentoring."),
        "researcher": expert("Bo Researcher", True, True, role="researcher", country="SE", themes=["online"],
                             languages=["sv"]),
        "hidden": expert("Cy Hidden", True, False, role="practitioner", organisation=ran, themes=["prisons"],
                         languages=["en"]),
        "no_consent": expert("Di Noconsent", False, True, role="practitioner", organisation=ran,
                             themes=["prisons"], languages=["en"]),
    }
    return World(ran, ran_copy, efus, rejected, strategy, exit_programme, docs, kept, experts)


@pytest.fixture
def world(make_document: Any) -> World:
    return make_world(make_document)


# ------------------------------------------------------------------------------ filters

@pytest.mark.parametrize(("params", "named"), [
    ({"level": "planetary"}, "level"),
    ({"country": "France"}, "country"),
    ({"country": "1x"}, "country"),
    ({"sector": "Civil Society!"}, "sector"),
    ({"status": "deleted"}, "status"),
    ({"origin": "guess"}, "origin"),
    ({"q": "x" * 201}, "q"),
    ({"q": "nul\x00byte"}, "q"),
    ({"page": "two"}, "page"),
    ({"page": "0"}, "page"),
])
def test_a_bad_filter_names_its_parameter(params: dict[str, str], named: str) -> None:
    with pytest.raises(FilterError, match=rf"^{named}:"):
        services.organisation_filters(params)
        services.page_offset(params)


def test_filters_normalise_codes() -> None:
    filters = services.organisation_filters({"country": "fr", "level": "eu", "q": "  efus "})
    assert (filters.country, filters.level, filters.q) == ("FR", "eu", "efus")
    with pytest.raises(FilterError, match=r"^limit:"):
        services.window({"limit": "1000"})
    assert services.window({"limit": "5", "offset": "10"}) == (10, 5)


def test_default_list_hides_rejected_and_merged_records(world: World) -> None:
    names = [o.name for o in services.organisations(services.OrganisationFilters())]
    assert world.rejected.name not in names
    curation.merge_organisations(world.ran.pk, world.ran_copy.pk)
    names = [o.name for o in services.organisations(services.OrganisationFilters())]
    assert names == ["European Forum for Urban Security", "Radicalisation Awareness Network"]
    rejected = services.organisations(services.organisation_filters({"status": "rejected"}))
    assert [o.slug for o in rejected] == ["not-a-body"]  # the merged record is shown through RAN, not here


@pytest.mark.parametrize(("q", "slugs"), [
    ("awareness", ["ran", "radicalisation-awareness-network-ran"]),
    ("efus", ["efus"]),                          # acronym, any case
    ("sécurité urbaine", ["efus"]),              # an alias with accents, stored as JSON
    ("FORUM EUROP", ["efus"]),
    ("100%", []),                                # LIKE wildcards are literal
])
def test_q_matches_names_acronyms_and_aliases(world: World, q: str, slugs: list[str]) -> None:
    found = services.organisations(services.organisation_filters({"q": q}))
    assert sorted(o.slug for o in found) == sorted(slugs)


def test_filters_by_level_sector_country_kind_origin(world: World) -> None:
    def slugs(**params: str) -> list[str]:
        return [o.slug for o in services.organisations(services.organisation_filters(params))]

    assert slugs(level="eu") == ["ran"]
    assert slugs(sector="civil_society", country="fr") == ["efus"]
    assert slugs(kind="network", origin="registry") == ["efus", "ran"]
    assert slugs(status="suggested") == ["radicalisation-awareness-network-ran"]


def test_list_pages_count_documents_and_stay_bounded(world: World) -> None:
    page = services.organisation_page(services.OrganisationFilters(), offset=0, limit=2)
    assert page.total == 3 and len(page.items) == 2 and page.has_next and page.pages == 2
    counts = {o.slug: o.document_count for o in page.items}
    assert counts == {"efus": 1, "ran": 2}
    last = services.organisation_page(services.OrganisationFilters(), offset=2, limit=2)
    assert [o.slug for o in last.items] == ["radicalisation-awareness-network-ran"] and not last.has_next


# ------------------------------------------------------------------------------ organisation detail

def test_detail_documents_newest_first_with_mention_counts(world: World) -> None:
    detail = services.organisation_detail(world.ran)
    rows = [(row.title, row.mentions) for row in detail.documents.items]
    assert rows == [("Local prevention newsletter", 1), ("Prison conclusions", 2)]
    assert detail.documents.total == 2


@pytest.mark.parametrize(("sort_in_memory", "walk_max_offset"), [(0, 5_000), (5_000, 5_000), (0, 1)])
@pytest.mark.parametrize("limit", [1, 2, 3])
def test_every_way_of_paging_documents_agrees(world: World, monkeypatch: pytest.MonkeyPatch,
                                              sort_in_memory: int, walk_max_offset: int, limit: int) -> None:
    curation.merge_organisations(world.ran.pk, world.ran_copy.pk)
    monkeypatch.setattr(services, "SORT_IN_MEMORY", sort_in_memory)
    monkeypatch.setattr(services, "WALK_MAX_OFFSET", walk_max_offset)
    titles = []
    for offset in range(0, 4, limit):
        page = services.organisation_detail(world.ran, services.DetailOffsets(documents=offset, limit=limit)).documents
        assert page.total == 3
        titles += [row.title for row in page.items]
    assert titles == ["Local prevention newsletter", "Prison conclusions", "Undated note"]  # undated last


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_recommendations_page_newest_first_undated_last(world: World, limit: int) -> None:
    for key, text in (("undated", "An undated call on RAN."), ("new", "A recent call on RAN.")):
        Recommendation.objects.create(document_id=world.docs[key], span_start=1, span_end=5, fingerprint=text,
                                      text=text, addressee=world.ran)
    texts = []
    for offset in range(0, 4, limit):
        page = services.organisation_detail(world.ran, services.DetailOffsets(received=offset, limit=limit))
        texts += [r.text for r in page.recommendations_received.items]
        assert page.recommendations_received.total == 3
    assert texts == ["A recent call on RAN.", "Member States should exchange practice through RAN.",
                     "An undated call on RAN."]


def test_detail_lists_listed_events_and_unrejected_recommendations(world: World) -> None:
    detail = services.organisation_detail(world.ran)
    assert [e.title for e in detail.events.items] == ["Working group on prisons"]
    assert [r.text for r in detail.recommendations_received.items] == [
        "Member States should exchange practice through RAN."]
    assert [r.text for r in detail.recommendations_issued.items] == ["RAN invites cities to set up local networks."]
    assert [e.display_name for e in detail.experts] == ["Ana Listed"]  # consented and listed only


def test_a_body_behind_many_events_is_walked_in_date_order(world: World, monkeypatch) -> None:
    from praxhub.events import services as event_services

    for day in (3, 1, 4, 2):
        made = Event.objects.create(document_id=world.docs["new"], span_start=day, span_end=day + 5,
                                    fingerprint=f"e{day}", title=f"Meeting {day}", start=dt.date(2024, 1, day))
        made.organisers.add(world.ran)
    undated = Event.objects.create(document_id=world.docs["new"], span_start=9, span_end=14, fingerprint="u",
                                   title="Undated meeting")
    undated.organisers.add(world.ran)
    sorted_page = services.organisation_detail(world.ran).events
    monkeypatch.setattr(services, "SORT_IN_MEMORY", 2)  # walk the dates instead of sorting
    walked = services.organisation_detail(world.ran).events
    expected = ["Meeting 4", "Meeting 3", "Meeting 2", "Meeting 1", "Working group on prisons", "Undated meeting"]
    assert [e.title for e in walked.items] == [e.title for e in sorted_page.items] == expected
    assert walked.total == sorted_page.total == 6 and not walked.total_is_lower_bound
    monkeypatch.setattr(event_services, "COUNT_CAP", 4)
    capped = services.organisation_detail(world.ran).events
    assert (capped.total, capped.total_is_lower_bound) == (4, True)
    assert services.organisation_detail_json(services.organisation_detail(world.ran))["events"][
        "total_is_lower_bound"] is True


def test_merged_records_combine_on_the_kept_page(world: World) -> None:
    curation.merge_organisations(world.ran.pk, world.ran_copy.pk)
    world.ran.refresh_from_db()
    detail = services.organisation_detail(world.ran)
    assert [o.slug for o in detail.also_recorded_as] == ["radicalisation-awareness-network-ran"]
    assert "Radicalisation Awareness Network (RAN)" in detail.other_names
    assert "Undated note" in [row.title for row in detail.documents.items]
    copy = Organisation.objects.get(pk=world.ran_copy.pk)
    assert services.merged_target(copy) == world.ran
    assert services.merged_target(world.ran) is None


def test_initiatives_run_and_mentioned_together(world: World) -> None:
    world.strategy.organisations.add(world.ran_copy)
    curation.merge_organisations(world.ran.pk, world.ran_copy.pk)
    detail = services.organisation_detail(world.ran)
    assert [i.name for i in detail.initiatives_run] == ["EU Counter-Terrorism Strategy"]  # through the merged record
    together = {i.slug: n for i, n in detail.initiatives_mentioned}
    assert together == {"eu-ct-strategy": 2, "exit-programme": 1}


def test_detail_json_is_the_page_data(world: World) -> None:
    data = services.organisation_detail_json(services.organisation_detail(world.ran))
    assert data["organisation"]["slug"] == "ran"
    assert data["documents"]["total"] == 2 and data["documents"]["items"][0]["url"].startswith("/documents/")
    assert data["recommendations_received"]["items"][0]["issuer"]["slug"] == "efus"
    assert data["events"]["items"][0]["title"] == "Working group on prisons"
    json.dumps(data)


def test_json_ld_is_schema_org_and_cannot_close_its_script(world: World) -> None:
    world.efus.name = "Efus </script><script>alert(1)</script> & co"
    text = services.organisation_json_ld(world.efus, "https://hub.example/organisations/efus")
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert data["@type"] == "Organization" and data["@context"] == "https://schema.org"
    assert data["name"] == world.efus.name
    assert data["alternateName"] == ["Efus", "Forum européen pour la sécurité urbaine"]
    assert data["address"] == {"@type": "PostalAddress", "addressCountry": "FR"}
    assert data["url"] == "https://hub.example/organisations/efus"
    assert "sameAs" not in data


# ------------------------------------------------------------------------------ merge candidates

def test_merge_candidates_by_acronym_and_similar_name(world: World) -> None:
    Organisation.objects.create(slug="radicalisation-awareness-net", name="Radicalisation Awareness Netwrk")
    Organisation.objects.create(slug="ran-ps", name="RAN Policy Support", acronym="RAN PS")
    found = [o.slug for o in services.merge_candidates(world.ran)]
    assert found[0] == "radicalisation-awareness-network-ran"
    assert "radicalisation-awareness-net" in found
    assert "ran" not in found and "ran-ps" not in found and "efus" not in found


def test_merge_candidates_by_search_exclude_itself_and_merged(world: World) -> None:
    assert [o.slug for o in services.merge_candidates(world.efus, "awareness")] == [
        "ran", "radicalisation-awareness-network-ran"]
    curation.merge_organisations(world.ran.pk, world.ran_copy.pk)
    assert [o.slug for o in services.merge_candidates(world.efus, "awareness")] == ["ran"]
    assert services.merge_candidates(world.ran, "awareness") == []
    with pytest.raises(FilterError):
        services.merge_candidates(world.ran, "x" * 500)


# ------------------------------------------------------------------------------ initiatives

def test_initiative_list_and_detail(world: World) -> None:
    page = services.initiative_page(services.initiative_filters({"q": "strategy"}))
    assert [(i.slug, i.document_count) for i in page.items] == [("eu-ct-strategy", 2)]
    assert [i.slug for i in services.initiatives(services.initiative_filters({"kind": "programme"}))] == [
        "exit-programme"]
    world.strategy.organisations.add(world.ran_copy)
    curation.merge_organisations(world.ran.pk, world.ran_copy.pk)
    detail = services.initiative_detail(world.strategy)
    assert [o.slug for o in detail.run_by] == ["ran"]  # the merged owner is shown as what it became
    assert {o.slug: n for o, n in detail.organisations_mentioned} == {"ran": 2, "efus": 1}
    assert [row.title for row in detail.documents.items] == ["Local prevention newsletter", "Prison conclusions"]
    assert services.initiative_detail_json(detail)["run_by"][0]["slug"] == "ran"


def test_sync_registry_facts_links_owners_and_fills_facts(world: World) -> None:
    world.ran.sector = ""
    world.ran.save()
    Organisation.objects.filter(slug="council-eu").delete()
    assert services.sync_registry_facts()["initiatives"] == 1
    world.ran.refresh_from_db()
    assert world.ran.sector  # from the registry
    assert world.ran.names.get("fr")
    owner = world.strategy.organisations.get()
    assert owner.slug == "council-eu" and owner.origin == Origin.REGISTRY  # created from the registry
    assert services.sync_registry_facts() == {"organisations": 0, "initiatives": 0}  # idempotent


# ------------------------------------------------------------------------------ experts

def test_only_consented_listed_experts_appear(world: World) -> None:
    names = [p.display_name for p in services.experts(services.ExpertFilters())]
    assert names == ["Ana Listed", "Bo Researcher"]
    for key in ("hidden", "no_consent"):
        assert services.find_expert(world.experts[key].pk) is None
    assert services.find_expert(world.experts["listed"].pk) is not None
    rows = services.expert_export(services.ExpertFilters()).items
    assert {r["display_name"] for r in rows} == {"Ana Listed", "Bo Researcher"}
    assert all("user" not in r and "email" not in r for r in rows)


@pytest.mark.parametrize(("params", "names"), [
    ({"role": "researcher"}, ["Bo Researcher"]),
    ({"theme": "prisons"}, ["Ana Listed"]),
    ({"language": "pt"}, ["Ana Listed"]),
    ({"language": "p"}, None),
    ({"country": "se"}, ["Bo Researcher"]),
    ({"theme": "exi"}, None),
    ({"role": "guru"}, None),
])
def test_expert_filters(world: World, params: dict[str, str], names: list[str] | None) -> None:
    if names is None:
        with pytest.raises(FilterError, match=rf"^{next(iter(params))}:"):
            services.expert_filters(params)
        return
    assert [p.display_name for p in services.experts(services.expert_filters(params))] == names


# ------------------------------------------------------------------------------ exports

def test_exports_are_bounded_with_a_total(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "EXPORT_LIMIT", 2)
    first = services.organisation_export(services.OrganisationFilters())
    assert first.total == 3 and len(first.items) == 2 and first.has_next
    rest = services.organisation_export(services.OrganisationFilters(), offset=2)
    assert len(rest.items) == 1 and not rest.has_next


def test_csv_rows_quote_formulas_and_join_lists() -> None:
    rows = list(services.csv_rows([{"name": "=HYPERLINK(\"x\")", "other_names": ["a", "b"],
                                    "organisation": {"name": "RAN"}}], ("name", "other_names", "organisation")))
    assert rows == [["name", "other_names", "organisation"], ["'=HYPERLINK(\"x\")", "a; b", "RAN"]]


def test_every_list_row_is_plain_json(world: World) -> None:
    for row in services.organisation_export(services.OrganisationFilters()).items:
        assert set(services.ORGANISATION_COLUMNS) <= set(row)
    for row in services.initiative_export(services.InitiativeFilters()).items:
        assert set(services.INITIATIVE_COLUMNS) <= set(row)
    for row in services.expert_export(services.ExpertFilters()).items:
        assert set(services.EXPERT_COLUMNS) <= set(row)
    assert Document.objects.count() == 4


def test_folded_names_follow_every_save(db):
    from praxhub.organisations.models import Initiative, Organisation

    org = Organisation.objects.create(slug="zurich-office", name="Büro Zürich", acronym="BZ",
                                      aliases=["Zürcher Büro"], names={"fr": "Bureau de Zurich"})
    assert org.search_names.split("\n") == ["buro zurich", "bz", "zurcher buro", "bureau de zurich"]
    org.aliases = ["Präventionsstelle"]
    org.save(update_fields=["aliases"])
    org.refresh_from_db()
    assert "praventionsstelle" in org.search_names
    initiative = Initiative.objects.create(slug="plan-genève", name="Plan Genève")
    assert initiative.search_names == "plan geneve"
