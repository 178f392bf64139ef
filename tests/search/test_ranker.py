"""The tantivy ranking index beside SQLite FTS5: same matches as FTS5, follows every change made
to the database however it is made, falls back to FTS5 when it cannot be used."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction

from praxhub import config
from praxhub.search.service import make_filters, search

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the tantivy ranker follows SQLite FTS5")

QUERIES = ["prevention", "prisons", "radical*", '"local authorities"', "prison OR school",
           "prevention NOT school", "Prävention", "extrémisme", "youth AND (online OR internet)"]
FILTERS = [
    {},
    {"countries": ["FR"]},
    {"countries": ["FR", "DE"], "themes": ["prisons"]},
    {"kinds": ["guidelines"]},
    {"languages": ["de"]},
    {"date_from": "2021-01-01", "date_to": "2022-12-31"},
    {"organisations": ["ran"]},
]


@pytest.fixture
def corpus(make_document):
    from praxhub.organisations.models import Mention, Organisation

    ran = Organisation.objects.create(name="Radicalisation Awareness Network", slug="ran", acronym="RAN")
    docs = {
        "prison": make_document("Prison radicalisation", "Prison staff and radicalisation prevention in prisons. "
                                "Local authorities support exit work.", countries=["FR"], themes=["prisons"],
                                kind="guidelines", published=dt.date(2021, 3, 1)),
        "school": make_document("Schools and prevention", "Teachers discuss prevention of extremism with pupils "
                                "in school; youth online.", countries=["DE"], themes=["education"],
                                published=dt.date(2022, 6, 1)),
        "german": make_document("Prävention in Haftanstalten", "Die Prävention von Radikalisierung im Gefängnis "
                                "und Extremismus online.", language="de", countries=["DE"], themes=["prisons"],
                                published=dt.date(2020, 1, 1)),
        "french": make_document("Prévention de l'extrémisme", "Les autorités locales et la prévention de "
                                "l'extrémisme violent en prison.", language="fr", countries=["FR"],
                                published=dt.date(2023, 1, 1)),
        "online": make_document("Online radical content", "Youth and the internet: radical propaganda, local "
                                "authorities and platforms.", countries=["BE"], kind="guidelines"),
    }
    Mention.objects.create(document_id=docs["prison"], organisation=ran, surface="RAN", start=0, end=3)
    Mention.objects.create(document_id=docs["online"], organisation=ran, surface="RAN", start=0, end=3)
    return docs


def _ids(text: str, **filters) -> list[int]:
    return [h.id for h in search(text, make_filters(**filters), limit=100).hits]


def _with_ranker(monkeypatch, name: str) -> None:
    monkeypatch.setenv("PRAXHUB_SEARCH_RANKER", name)
    config.get.cache_clear()


def test_tantivy_finds_what_fts5_finds(corpus, monkeypatch, data_dir):
    found = {}
    for ranker in ("fts5", "tantivy"):
        _with_ranker(monkeypatch, ranker)
        found[ranker] = {(text, i): sorted(_ids(text, **f)) for text in QUERIES for i, f in enumerate(FILTERS)}
    assert (data_dir / "search-index").is_dir()  # tantivy really ranked
    assert found["tantivy"] == found["fts5"]
    assert any(found["tantivy"].values())


def test_most_recent_matches_are_the_same_as_fts5s(corpus, monkeypatch):
    from praxhub.search import query as q
    from praxhub.search.backends import get_backend

    found = {}
    for ranker in ("fts5", "tantivy"):
        _with_ranker(monkeypatch, ranker)
        found[ranker] = {(text, i): get_backend().recent_ids(q.parse(text), make_filters(**f), 3)
                         for text in QUERIES for i, f in enumerate(FILTERS)}
    assert found["tantivy"] == found["fts5"]
    assert max(len(ids) for ids in found["tantivy"].values()) == 3


def test_title_matches_rank_first(corpus):
    assert _ids("prevention")[0] in (corpus["school"], corpus["prison"])
    assert _ids("schools")[0] == corpus["school"]


def test_index_follows_changes_made_anywhere(corpus, make_document):
    from praxhub.documents.models import Document, DocumentCountry
    from praxhub.organisations.models import Organisation

    assert _ids("prevention", countries=["IT"]) == []
    DocumentCountry.objects.create(document_id=corpus["school"], code="IT")  # not through the store
    assert _ids("prevention", countries=["IT"]) == [corpus["school"]]
    DocumentCountry.objects.filter(document_id=corpus["school"], code="IT").delete()
    assert _ids("prevention", countries=["IT"]) == []

    Organisation.objects.filter(slug="ran").update(slug="ran-network")
    assert _ids("radical*", organisations=["ran"]) == []
    assert sorted(_ids("radical*", organisations=["ran-network"])) == sorted([corpus["prison"], corpus["online"]])

    Document.objects.filter(pk=corpus["prison"]).update(kind="newsletter")
    assert corpus["prison"] not in _ids("prevention", kinds=["guidelines"])

    new = make_document("Exit programmes", "An exit programme for prevention.")
    assert new in _ids("exit")
    Document.objects.filter(pk=new).delete()
    assert _ids("exit") == [corpus["prison"]]


def test_a_missing_large_index_falls_back_to_fts5_until_caught_up(corpus, monkeypatch, data_dir):
    from praxhub.search.backends import get_backend, ranker

    monkeypatch.setattr(ranker, "INLINE_BUILD_LIMIT", 2)
    by_fts5 = sorted(_ids("prevention"))
    assert by_fts5 == sorted([corpus["prison"], corpus["school"], corpus["french"]])
    assert not (data_dir / "search-index").exists()
    get_backend().catch_up()  # what the end of an ingest does
    assert (data_dir / "search-index").is_dir()
    assert sorted(_ids("prevention")) == by_fts5


def test_rebuild_recreates_the_index(corpus, data_dir, django_capture_on_commit_callbacks):
    from praxhub.search.backends import get_backend

    _ids("prevention")
    before = (data_dir / "search-index.state").read_text()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert get_backend().rebuild(max_chars=500_000) == 5
    assert len(callbacks) == 1  # the ranking index follows once the transaction commits
    assert (data_dir / "search-index.state").read_text().split()[0] != before.split()[0]  # a new generation
    assert len(_ids("prevention")) == 3


@pytest.mark.django_db(transaction=True)
def test_committed_changes_are_shared_and_rolled_back_ones_never_show(data_dir):
    from praxhub.documents.models import Document
    from praxhub.ingest.model import ParsedDocument
    from praxhub.search.backends.ranker import TantivyRanker, _head
    from praxhub.store.documents import save_parsed

    def add(title: str, text: str) -> int:
        parsed = ParsedDocument(source_path=f"/virtual/{title}.txt", source_name=f"{title}.txt", format="txt",
                                media_type="text/plain", sha256=title.encode().hex().ljust(64, "0")[:64],
                                size=len(text), text=text, title=title, language="en", published=None,
                                kind="other")
        return save_parsed(parsed).document_id

    first = add("Prison work", "Prevention in prison.")
    assert _ids("prevention") == [first]
    state = (data_dir / "search-index.state").read_text().split()
    assert int(state[1]) == _head()  # committed: the watermark moved

    # Another process opening the same directory ranks the same way, and follows later changes.
    other = TantivyRanker(data_dir / "search-index")
    assert other.sync()
    second = add("School work", "Prevention at school.")
    assert other.sync()
    from praxhub.search import query as q
    from praxhub.search.backends.base import Filters

    hits, count = other.rank(q.parse("prevention").root, Filters(), ("en",), 10, 0)
    assert sorted(h[0] for h in hits) == sorted([first, second]) and count == 2

    with transaction.atomic():
        ghost = add("Ghost", "Prevention that never happened.")
        assert ghost in _ids("prevention")  # visible inside its own transaction
        transaction.set_rollback(True)
    assert not Document.objects.filter(pk=ghost).exists()
    assert ghost not in _ids("prevention")
    third = add("Youth work", "Prevention with youth.")
    assert sorted(_ids("prevention")) == sorted([first, second, third])


def test_an_index_from_another_version_is_built_again(corpus, data_dir):
    import shutil

    import tantivy

    _ids("prevention")
    shutil.rmtree(data_dir / "search-index")
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("something_else", stored=True)
    (data_dir / "search-index").mkdir()
    tantivy.Index(builder.build(), path=str(data_dir / "search-index"))  # another schema in its place
    (data_dir / "search-index.state").write_text("another-generation 0\n")
    assert len(_ids("prevention")) == 3


def test_each_database_file_gets_its_own_index(tmp_path):
    from praxhub.search.backends.ranker import index_location

    assert index_location(str(tmp_path / "praxhub.sqlite3"), tmp_path) == tmp_path / "praxhub.sqlite3.search-index"
    assert index_location(str(tmp_path / "demo.sqlite3"), tmp_path) == tmp_path / "demo.sqlite3.search-index"
    assert index_location("file:memorydb_default?mode=memory&cache=shared", tmp_path) == tmp_path / "search-index"
