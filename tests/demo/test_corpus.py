"""The bundled demo corpus: its manifest, its mix of languages, formats and genres."""

from __future__ import annotations

import importlib.resources
import json
import re
from collections import Counter

import pytest

from praxhub.ingest.model import KINDS

CORPUS = importlib.resources.files("praxhub.demo") / "corpus"
NAME = re.compile(r"^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*\.(?:md|txt|html)$")


def manifest() -> list[dict[str, str]]:
    return json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))


def corpus_files() -> list[str]:
    return sorted(entry.name for entry in CORPUS.iterdir() if entry.name != "MANIFEST.json")


def test_manifest_lists_every_file_and_only_existing_files() -> None:
    listed = [entry["file"] for entry in manifest()]
    assert len(listed) == len(set(listed)), "a file is listed twice"
    assert sorted(listed) == corpus_files()


def test_manifest_entries_are_complete() -> None:
    for entry in manifest():
        assert set(entry) == {"file", "language", "kind", "summary"}, entry
        assert entry["language"] in {"en", "fr", "de"}, entry
        assert entry["kind"] in KINDS, entry
        assert len(entry["summary"]) >= 30, entry


def test_mix_of_documents() -> None:
    entries = manifest()
    languages = Counter(entry["language"] for entry in entries)
    kinds = Counter(entry["kind"] for entry in entries)
    html = [entry for entry in entries if entry["file"].endswith(".html")]
    assert len(entries) >= 26
    assert languages["fr"] >= 3
    assert languages["de"] >= 3
    assert len(html) >= 4
    for kind in ("conclusions", "guidelines", "press_release", "newsletter", "event_notice", "practice", "report"):
        assert kinds[kind] >= 1, kind
    assert kinds["practice"] >= 5


@pytest.mark.parametrize("name", corpus_files())
def test_file_name_size_and_contacts(name: str) -> None:
    assert NAME.match(name), name
    data = (CORPUS / name).read_bytes()
    assert 1500 <= len(data) <= 8000, (name, len(data))
    text = data.decode("utf-8")
    # Contacts are generic addresses only: no real person's e-mail in the demo data.
    for address in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text):
        assert address.endswith("@example.org"), (name, address)


@pytest.mark.parametrize("name", [name for name in corpus_files() if name.endswith(".html")])
def test_html_pages_look_like_institutional_websites(name: str) -> None:
    page = (CORPUS / name).read_text(encoding="utf-8").lower()
    assert page.lstrip().startswith("<!doctype html>")
    for tag in ("<nav", "<header", "<footer", "<article"):
        assert tag in page, (name, tag)
    assert "cookie" in page, name
