"""One search box over documents, events, recommendations, organisations and initiatives."""

import contextlib
import shutil
from pathlib import Path

import pytest

from praxhub.documents import curation
from praxhub.events.models import Event
from praxhub.search import query as q
from praxhub.search.backends.base import Filters
from praxhub.search.hub import ItemMatcher, hub_search, parse_statuses, year_filters
from praxhub.search.service import SearchError, make_filters
from praxhub.store.runner import ingest_paths

CORPUS = Path(__file__).resolve().parents[2] / "src" / "praxhub" / "demo" / "corpus"


@pytest.fixture
def hub(db, tmp_path):
    for name in ("01-newsletter-south-east-europe-may-2018.txt", "21-lettre-information-villes.html",
                 "13-praeventionsbrief-november-2020.txt", "20-coe-recommendation-youth-work.html"):
        shutil.copy(CORPUS / name, tmp_path / name)
    assert ingest_paths([tmp_path]).ok


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("prisons", "Workshop on prison radicalisation", True),        # stemming
        ("prevention", "Séminaire sur la prévention", True),           # accents folded
        ("radical*", "Conference on radicalisation", True),
        ('"local coordinators"', "Meeting of local coordinators", True),
        ('"coordinators local"', "Meeting of local coordinators", False),
        ("prison NOT probation", "prison and probation staff", False),
        ("prison OR schools", "schools conference", True),
        ("prison schools", "schools conference", False),
    ],
)
def test_item_matcher_agrees_with_the_index(query, text, expected):
    parsed = q.parse(query)
    assert ItemMatcher(parsed.root, ("en", "fr")).__call__(text, "en") is expected


def test_counts_every_type_and_lists_the_chosen_one(hub):
    result = hub_search("workshop", "document")
    assert result.type_counts["document"] >= 1
    assert result.type_counts["event"] >= 1
    assert result.documents is not None and result.total == result.documents.total
    events = hub_search("workshop", "event")
    assert events.total == events.type_counts["event"]
    assert all("workshop" in e.title.lower() or "workshop" in e.kind for e in events.items)


def test_rejected_and_merged_events_are_not_listed(hub):
    found = hub_search("", "event").items
    assert len(found) >= 3
    curation.decide("event", found[0].pk, "reject")
    curation.merge_events(found[1].pk, [found[2].pk])
    ids = {e.pk for e in hub_search("", "event", limit=100).items}
    assert found[0].pk not in ids and found[2].pk not in ids and found[1].pk in ids
    suggested = hub_search("", "event", statuses=("rejected",)).items
    assert [e.pk for e in suggested] == [found[0].pk]


def test_event_filters_apply_to_the_event(hub):
    france = hub_search("", "event", make_filters(countries=["FR"]), limit=100)
    assert france.items and all(e.country == "FR" for e in france.items)
    all_events = Event.objects.filter(merged_into__isnull=True).count()
    assert hub_search("", "event", limit=100).total == all_events


def test_organisations_are_found_by_name_and_acronym(hub):
    by_acronym = hub_search("RCC", "organisation")
    assert [o.name for o in by_acronym.items] == ["Regional Cooperation Council"]
    by_words = hub_search("cooperation council", "organisation")
    assert "Regional Cooperation Council" in [o.name for o in by_words.items]
    accented = hub_search("prevention geneve", "organisation")  # folded: "Centre genevois de prévention"
    assert accented.total == 0 or all("pr" in o.name.lower() for o in accented.items)
    assert hub_search("Liège", "organisation").items[0].name == "Université de Liège"
    assert hub_search("liege", "organisation").items[0].name == "Université de Liège"
    assert hub_search("UNIVERSITE", "organisation").items[0].name == "Université de Liège"



def test_document_facets_count_the_matching_documents(hub):
    result = hub_search("prévention", "document")
    facets = {f.name: f for f in result.facets}
    assert set(facets) == {"kind", "lang", "year", "country", "theme", "organisation"}
    languages = {v.value: v.count for v in facets["lang"].values}
    assert sum(languages.values()) == result.total
    fr_only = hub_search("prévention", "document", make_filters(languages=["fr"]))
    assert fr_only.total == languages.get("fr", 0)
    organisation = facets["organisation"].values[0]
    narrowed = hub_search("prévention", "document", make_filters(organisations=[organisation.value]))
    assert narrowed.total == organisation.count


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: hub_search("x", "people"), "type: 'people'"),
        (lambda: parse_statuses(["approved"]), "status: 'approved'"),
        (lambda: year_filters(Filters(), "20x1"), "year: '20x1'"),
        (lambda: make_filters(organisations=["../etc"]), "organisation: '../etc'"),
        (lambda: hub_search('"unbalanced', "event", limit=0), "limit"),
    ],
)
def test_bad_parameters_are_clear_errors(db, call, message):
    with pytest.raises(SearchError, match=message):
        call()


@pytest.mark.parametrize("text", ["", '"', "((", "NOT", "' OR 1=1 --", "x" * 20_000, "*", "a:b"])
def test_hostile_queries_never_raise_anything_but_search_errors(hub, text):
    for type_ in ("document", "event", "recommendation", "organisation", "initiative"):
        with contextlib.suppress(SearchError):
            hub_search(text, type_)


def test_browsing_without_a_query_has_exact_facets(hub):
    result = hub_search("", "document", make_filters(languages=["fr"]))
    facets = {f.name: f for f in result.facets}
    assert [v.value for v in facets["lang"].values] == ["fr"]
    assert facets["lang"].values[0].count == result.total >= 1
    years = [v.value for v in facets["year"].values]
    assert years == sorted(years, reverse=True)


def test_counting_stops_at_the_cap_and_says_so(hub, monkeypatch, client):
    from praxhub.search import hub as hub_module
    from praxhub.search.backends import postgres, sqlite

    for module in (hub_module, sqlite, postgres):
        monkeypatch.setattr(module, "COUNT_CAP", 1)
    documents = hub_search("the", "document", limit=1)
    assert documents.total == 1 and documents.documents_lower_bound
    events = hub_search("the", "event")
    assert events.type_counts["document"] == 1 and events.documents_lower_bound
    page = client.get("/search", {"q": "the", "page": "2"}).content.decode()
    assert "More than 1 results" in page or "More than 1 result" in page
    data = client.get("/api/search", {"q": "the", "limit": 1}).json()
    assert data["total"] == 1 and data["documents_count_is_lower_bound"] is True
