"""Test configuration shared by every test module.

The suite runs unchanged on SQLite (the default) and on PostgreSQL: set
PRAXHUB_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/praxhub_ci and pytest-django
creates a fresh test database from it (pass --create-db).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own data directory (originals, exports)."""
    from praxhub import config

    directory = tmp_path / "data"
    directory.mkdir()
    monkeypatch.setenv("PRAXHUB_DATA_DIR", str(directory))
    config.get.cache_clear()
    yield directory
    config.get.cache_clear()


@pytest.fixture(autouse=True)
def empty_cache(settings) -> Iterator[None]:
    """Each test process keeps its own empty cache: the file-based cache the app shares between its
    worker processes would be shared between parallel test processes too, and one test's write
    (a new data version) would change what another test reads."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"praxhub-tests-{os.getpid()}"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("the shared seed corpus is not beside this checkout")
    return SEEDS


@pytest.fixture
def make_document(db: None) -> Callable[..., int]:
    """Store a document through the real store service (index included); returns its id."""
    from praxhub.documents.models import Document, DocumentCountry, DocumentTheme
    from praxhub.ingest.model import ParsedDocument
    from praxhub.store.documents import save_parsed

    def make(
        title: str,
        text: str,
        language: str = "en",
        kind: str = "other",
        published: dt.date | None = None,
        countries: tuple[str, ...] = (),
        themes: tuple[str, ...] = (),
        name: str | None = None,
    ) -> int:
        content = f"{title}\n\n{text}".encode()
        sha = hashlib.sha256(content).hexdigest()
        name = name or f"{sha[:8]}.txt"
        parsed = ParsedDocument(
            source_path=f"/fixtures/{name}", source_name=name, format="txt", media_type="text/plain",
            sha256=sha, size=len(content), text=f"{title}\n\n{text}", title=title, language=language,
            published=published, kind=kind,
        )
        doc_id = save_parsed(parsed).document_id
        doc = Document.objects.get(pk=doc_id)
        for code in countries:
            DocumentCountry.objects.create(document=doc, code=code)
        for theme in themes:
            DocumentTheme.objects.create(document=doc, theme=theme, score=1.0)
        return doc_id

    return make
