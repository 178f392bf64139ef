"""API: search and documents."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from praxhub.documents import services as documents
from praxhub.documents.models import Document
from praxhub.search.hub import hub_search, parse_statuses, result_json, year_filters
from praxhub.search.service import SearchError, make_filters

router = Router()


class SearchParams(Schema):
    q: str = ""
    type: str = "document"
    kind: str = ""
    lang: str = ""
    country: str = ""
    theme: str = ""
    date_from: str = ""
    date_to: str = ""
    year: str = ""
    organisation: str = ""
    status: str = ""
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


class FacetValueOut(Schema):
    value: str
    count: int
    label: str


class FacetOut(Schema):
    name: str
    values: list[FacetValueOut]


class SearchOut(Schema):
    query: str
    type: str
    total: int
    limit: int
    offset: int
    notices: list[str]
    type_counts: dict[str, int]
    counts_capped: bool
    documents_count_is_lower_bound: bool
    facets_sampled: bool
    facets: list[FacetOut]
    hits: list[HitOut]
    items: list[dict]


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
    countries: list[str]
    themes: list[str]
    events: list[dict]
    recommendations: list[dict]
    mentions: list[dict]


class ErrorOut(Schema):
    detail: str


@router.get("/search", response={200: SearchOut, 400: ErrorOut}, tags=["search"])
def api_search(request: HttpRequest, params: Query[SearchParams]):
    """One search over the hub. `q` supports "phrases", prefix*, AND/OR/NOT. `type` chooses what is
    listed (document, event, recommendation, organisation, initiative); `type_counts` counts all
    of them and `facets` refine the list. Documents are in `hits`, other types in `items`."""
    try:
        filters = make_filters([params.kind], [params.lang], [params.country], [params.theme],
                               params.date_from or None, params.date_to or None, [params.organisation])
        filters = year_filters(filters, params.year)
        result = hub_search(params.q, params.type, filters, limit=params.limit, offset=params.offset,
                            statuses=parse_statuses([params.status]))
    except SearchError as exc:
        raise HttpError(400, str(exc)) from None
    return result_json(result)


@router.get("/documents/{document_id}", response={200: DocumentOut, 404: ErrorOut}, tags=["documents"])
def api_document(request: HttpRequest, document_id: int):
    """A document with its text and every extracted item, its character span and curation status."""
    document = get_object_or_404(Document, pk=document_id)
    return documents.as_json(document, with_text=True, with_items=True)


@router.get("/home", tags=["documents"])
def api_home(request: HttpRequest) -> dict:
    """What the home page shows: counts, upcoming events, newest documents, curation backlog."""
    return documents.home_json()


@router.get("/stats", tags=["documents"])
def api_stats(request: HttpRequest) -> dict:
    return documents.stats()
