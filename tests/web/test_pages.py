"""Pages and API through Django's test client."""

import pytest

from praxhub.store.runner import ingest_paths

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(seeds):
    report = ingest_paths([seeds])
    assert report.counts["added"] == 5


def test_search_page_shows_ranked_highlighted_hits(client, hub):
    response = client.get("/search", {"q": "CODEXTER"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<mark>CODEXTER</mark>" in body
    assert "1 result" in body


def test_search_page_filters_are_in_the_url(client, hub):
    response = client.get("/search", {"q": "radicalisation", "lang": "fr"})
    assert response.status_code == 200
    assert "0 results" in response.content.decode()


@pytest.mark.parametrize(
    "q", ['"unbalanced', "((((", "' OR 1=1; --", "x" * 10_000, "NEAR(a b)", "\x00", "*", "AND OR NOT"]
)
def test_hostile_queries_never_500(client, hub, q):
    response = client.get("/search", {"q": q})
    assert response.status_code in (200, 400)
    assert b"Traceback" not in response.content


def test_bad_filter_is_a_400_with_a_message(client, hub):
    response = client.get("/search", {"q": "x", "from": "not-a-date"})
    assert response.status_code == 400
    assert "from:" in response.content.decode()


def test_document_page_and_original(client, hub):
    from praxhub.documents.models import Document

    doc = Document.objects.get(source_name="001_ae35dac7a2c02df2.txt")
    page = client.get(f"/documents/{doc.pk}")
    assert page.status_code == 200
    assert "Council conclusions on de-radicalisation" in page.content.decode()
    original = client.get(f"/documents/{doc.pk}/original")
    assert original.status_code == 200
    assert original["Content-Disposition"].startswith("attachment")
    assert b"".join(original.streaming_content).startswith(b"\n")
    assert client.get("/documents/999999").status_code == 404


def test_api_search_and_document(client, hub):
    data = client.get("/api/search", {"q": "exit"}).json()
    assert data["total"] >= 1 and {"id", "title", "source", "score", "snippet"} <= data["hits"][0].keys()
    doc = client.get(f"/api/documents/{data['hits'][0]['id']}").json()
    assert doc["text"]
    assert client.get("/api/search", {"q": "x", "kind": "poem"}).status_code == 400
    assert client.get("/api/docs").status_code == 200
    assert client.get("/api/openapi.json").json()["info"]["title"] == "praxhub API"


def test_home_lists_documents(client, hub):
    response = client.get("/")
    assert response.status_code == 200
    assert "5 documents" in response.content.decode()
