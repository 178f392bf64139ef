"""API: search and documents."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from praxhub.documents import services as documents
from praxhub.documents.models import Document
from praxhub.search.service import SearchError, make_filters, search

router = Router()


class SearchParams(Schema):
    q: str = ""
    kind: str = ""
    lang: str = ""
    country: str = ""
    theme: str = ""
    date_from: str = ""
    date_to: str = ""
    limit: int = 20
    offset: int = 0


class HitOut(Schema):
    id: int
    title: str
    source: str
    kind: str
    language: str
    published: dt.date | None
    score: float
    snippet: str
    url: str


class SearchOut(Schema):
    query: str
    total: int
    limit: int
    offset: int
    notices: list[str]
    hits: list[HitOut]


class DocumentOut(Schema):
    id: int
    title: str
    kind: str
    format: str
    language: str
    published: dt.date | None
    source: str
    size: int
    sha256: str
    pages: int
    text: str
    created_at: dt.datetime
    updated_at: dt.datetime


class ErrorOut(Schema):
    detail: str


@router.get("/search", response={200: SearchOut, 400: ErrorOut}, tags=["search"])
def api_search(request: HttpRequest, params: Query[SearchParams]):
    """Ranked full-text search over documents. `q` supports "phrases", prefix*, AND/OR/NOT."""
    try:
        filters = make_filters([params.kind], [params.lang], [params.country], [params.theme],
                               params.date_from or None, params.date_to or None)
        page = search(params.q, filters, limit=params.limit, offset=params.offset)
    except SearchError as exc:
        raise HttpError(400, str(exc)) from None
    return {"query": page.query, "total": page.total, "limit": page.limit, "offset": page.offset,
            "notices": page.notices, "hits": [h.as_json() for h in page.hits]}


@router.get("/documents/{document_id}", response={200: DocumentOut, 404: ErrorOut}, tags=["documents"])
def api_document(request: HttpRequest, document_id: int):
    document = get_object_or_404(Document, pk=document_id)
    return documents.as_json(document, with_text=True)


@router.get("/stats", tags=["documents"])
def api_stats(request: HttpRequest) -> dict:
    return documents.stats()
