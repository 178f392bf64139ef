"""Saving parsed documents. Every write is one transaction covering the document, its
source path and its search-index entry."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

from praxhub.accounts.audience import Access
from praxhub.audit import context as audit_context
from praxhub.audit import ingest as ingest_entry
from praxhub.documents.models import Document, DocumentSource
from praxhub.extract.model import Extraction
from praxhub.ingest.model import ParsedDocument
from praxhub.search.backends import get_backend
from praxhub.store.extraction import save_extraction, share_audience

ADDED, UPDATED, UNCHANGED, FAILED = "added", "updated", "unchanged", "failed"


@dataclass(frozen=True)
class SaveResult:
    outcome: str
    document_id: int


def _fill(doc: Document, parsed: ParsedDocument) -> None:
    doc.title = (parsed.title or "")[:500]
    doc.kind = parsed.kind
    doc.format = parsed.format
    doc.media_type = parsed.media_type
    doc.language = parsed.language
    doc.published = parsed.published
    doc.source_name = parsed.source_name[:255]
    doc.source_path = parsed.source_path[:1024]
    doc.sha256 = parsed.sha256
    doc.size = parsed.size
    doc.text = parsed.text
    doc.text_sha256 = parsed.text_sha256
    doc.pages = parsed.pages
    doc.encoding = parsed.encoding or ""


def _remember_source(path: str, doc: Document, new: bool = False) -> None:
    if new:  # a new document's path may still be known from a document it no longer matches
        if DocumentSource.objects.filter(path=path[:1024]).update(document=doc) == 0:
            DocumentSource.objects.create(path=path[:1024], document=doc)
        return
    DocumentSource.objects.update_or_create(path=path[:1024], defaults={"document": doc})


def save_parsed(parsed: ParsedDocument, force: bool = False, extraction: Extraction | None = None,
                access: Access | None = None) -> SaveResult:
    """Add, update or confirm one document. Identical content is one document whatever its
    path; new content at a known path updates the document that path held. With `access`, the
    document and its items get that audience (even when unchanged); without it a new document
    is public and a known one keeps its audience."""
    result = _save(parsed, force, extraction, access)
    if result.outcome != UNCHANGED:
        from praxhub.documents.services import invalidate_counts

        invalidate_counts()
    return result


def _save(parsed: ParsedDocument, force: bool, extraction: Extraction | None, access: Access | None) -> SaveResult:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Don't wait for the WAL flush of each document: a server crash can then lose the
            # last few hundred milliseconds of a batch (never half a document), which re-running
            # the ingest restores. Cuts PostgreSQL ingest time by a third.
            with connection.cursor() as cur:
                cur.execute("SET LOCAL synchronous_commit TO OFF")
        # The store sees every document, whoever runs it (the sha256 is unique across all of them).
        same_id = Document.everything.filter(sha256=parsed.sha256).values_list("id", flat=True).first()
        if same_id is not None:
            same = Document.everything.get(pk=same_id)
            _remember_source(parsed.source_path, same)
            if not force:
                if access is not None and _set_access(same, access):
                    return SaveResult(UPDATED, same.pk)
                return SaveResult(UNCHANGED, same.pk)
            return SaveResult(UPDATED, _write(same, parsed, extraction, access))
        source = DocumentSource.objects.select_related("document").filter(path=parsed.source_path[:1024]).first()
        if source is not None:
            return SaveResult(UPDATED, _write(source.document, parsed, extraction, access))
        doc_id = _write(Document(), parsed, extraction, access)
        return SaveResult(ADDED, doc_id)


def _set_access(doc: Document, access: Access) -> bool:
    """Give the document and its items this audience; False when they had it already."""
    groups = sorted(access.group_ids) if access.audience == "groups" else []
    if doc.audience == access.audience and doc.group_ids() == groups:
        return False
    doc.audience = access.audience
    doc.save(update_fields=["audience", "updated_at"])
    doc.audience_groups.set(groups)
    share_audience(doc)
    return True


def _write(doc: Document, parsed: ParsedDocument, extraction: Extraction | None, access: Access | None) -> int:
    """Save the document's fields, its path, its index entry and what was extracted from it."""
    new = doc.pk is None
    before = None if new else ingest_entry.summary(doc)
    with audit_context.quiet():  # one audit entry for the document and its items (below), not one a row
        _fill(doc, parsed)
        doc.save()
        if new:
            _remember_source(parsed.source_path, doc, new=True)
        if access is not None:
            _set_access(doc, access)
        get_backend().index(doc)
        if extraction is not None:
            save_extraction(doc, extraction)
    ingest_entry.record(doc, before, extraction)
    return doc.pk


def stored_digests(paths: list[str]) -> dict[str, tuple[int, str]]:
    """For paths already ingested: path → (document id, SHA-256 of its stored content)."""
    rows = DocumentSource.objects.filter(path__in=[p[:1024] for p in paths]).values_list(
        "path", "document_id", "document__sha256"
    )
    return {path: (doc_id, sha) for path, doc_id, sha in rows}


def delete_document(document_id: int) -> bool:
    with transaction.atomic():
        get_backend().remove(document_id)
        deleted, _ = Document.everything.filter(pk=document_id).delete()
    return bool(deleted)
