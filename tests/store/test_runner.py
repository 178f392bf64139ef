"""Batch ingest through the real parsers, database and index."""

import shutil
from pathlib import Path

import pytest

from praxhub.documents.models import Document, DocumentSource
from praxhub.search.backends import get_backend
from praxhub.search.service import search
from praxhub.store import blobs
from praxhub.store.runner import ingest_paths

pytestmark = pytest.mark.django_db


def make_pdf(path: Path, pages: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    data = bytes(pdf.output())
    path.write_bytes(data)
    return data


@pytest.fixture
def mixed_batch(tmp_path: Path, seeds: Path) -> Path:
    batch = tmp_path / "batch"
    batch.mkdir()
    for seed in sorted(seeds.glob("*.txt"))[:3]:
        shutil.copy(seed, batch / seed.name)
    (batch / "latin1.txt").write_bytes(
        "Prévention de la radicalisation à l'école: les enseignants et les éducateurs coopèrent.".encode("latin-1")
    )
    make_pdf(batch / "report.pdf", ["Prison and probation practitioners met in Ljubljana.",
                                    "Second page about exit programmes."])
    # bad inputs
    (batch / "empty.txt").write_bytes(b"")
    (batch / "random.pdf").write_bytes(bytes(range(256)) * 40)
    good_pdf = make_pdf(tmp_path / "whole.pdf", ["A complete document that is cut in half."])
    (batch / "truncated.pdf").write_bytes(good_pdf[: len(good_pdf) // 2])
    (batch / "zero.docx").write_bytes(b"")
    (batch / "nav.html").write_text(
        "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
        "<li><a href='/about'>About us</a></li></ul></nav></body></html>"
    )
    return batch


BAD = {"empty.txt", "random.pdf", "truncated.pdf", "zero.docx", "nav.html"}


def test_mixed_batch_ingests_the_good_and_names_the_bad(mixed_batch: Path, data_dir: Path):
    report = ingest_paths([mixed_batch])
    assert report.counts["added"] == 5
    assert report.counts["failed"] == len(BAD)
    assert not report.ok
    failed_names = {line.split(": ", 1)[0].rsplit("/", 1)[-1] for line in report.errors}
    assert failed_names == BAD
    for line in report.errors:
        assert "\n" not in line and ": " in line
    # nothing half-written: every document is whole, indexed, with its source and original
    assert Document.objects.count() == 5 == get_backend().indexed_count()
    assert DocumentSource.objects.count() == 5
    for doc in Document.objects.all():
        assert doc.text.strip() and doc.sha256
        assert blobs.exists(data_dir / "originals", doc.sha256)
    latin = Document.objects.get(source_name="latin1.txt")
    assert "Prévention" in latin.text and latin.language == "fr"
    pdf = Document.objects.get(source_name="report.pdf")
    assert len(pdf.pages) == 2 and pdf.text[pdf.pages[1]:].lstrip().startswith("Second page")


def test_reingest_is_unchanged_and_changes_update(mixed_batch: Path):
    ingest_paths([mixed_batch])
    again = ingest_paths([mixed_batch])
    assert again.counts["unchanged"] == 5 and again.counts["added"] == 0
    target = mixed_batch / "latin1.txt"
    doc_id = Document.objects.get(source_name="latin1.txt").pk
    target.write_text("Les villes européennes créent des plateformes locales de prévention et de médiation.")
    third = ingest_paths([mixed_batch])
    assert third.counts["updated"] == 1 and third.counts["unchanged"] == 4
    assert Document.objects.get(pk=doc_id).text.startswith("Les villes")
    assert [h.id for h in search("médiation").hits] == [doc_id]
    assert search("enseignants").hits == []


def test_same_content_elsewhere_is_one_document(tmp_path: Path, seeds: Path):
    seed = sorted(seeds.glob("*.txt"))[0]
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    shutil.copy(seed, a / "one.txt")
    shutil.copy(seed, b / "copy.txt")
    report = ingest_paths([a, b])
    assert report.counts["added"] == 1 and report.counts["unchanged"] == 1
    assert Document.objects.count() == 1
    assert DocumentSource.objects.count() == 2


def test_parallel_parse_gives_the_same_result(mixed_batch: Path):
    report = ingest_paths([mixed_batch], jobs=2)
    assert report.counts["added"] == 5 and report.counts["failed"] == len(BAD)
    assert Document.objects.count() == 5 == get_backend().indexed_count()


def test_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from praxhub import config

    monkeypatch.setenv("PRAXHUB_MAX_FILE_MB", "1")
    config.get.cache_clear()
    big = tmp_path / "big.txt"
    big.write_text("prevention " * 200_000)  # 2.2 MB
    report = ingest_paths([big])
    assert report.counts["failed"] == 1
    assert "big.txt" in report.errors[0] and "MB" in report.errors[0]
    assert Document.objects.count() == 0


def test_missing_path_is_reported(tmp_path: Path):
    report = ingest_paths([tmp_path / "nowhere"])
    assert report.counts["failed"] == 1 and "no such file" in report.errors[0]


def test_a_failing_index_write_leaves_no_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeds: Path):
    from praxhub.search.backends import base

    def broken_index(self, document):
        raise RuntimeError("disk full")

    for cls in base.SearchBackend.__subclasses__():
        monkeypatch.setattr(cls, "index", broken_index)
    with pytest.raises(RuntimeError):
        ingest_paths([sorted(seeds.glob("*.txt"))[0]])
    assert Document.objects.count() == 0 and DocumentSource.objects.count() == 0
