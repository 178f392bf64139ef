"""API: the events calendar (the same filters and services as the /events pages)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from praxhub.accounts.services import is_curator
from praxhub.events import services as events
from praxhub.events.models import Event

router = Router(tags=["events"])


class EventFilterParams(Schema):
    q: str = Field("", description="Words the title contains")
    country: str = Field("", description="ISO 3166-1 alpha-2 code of the event's country")
    theme: str = Field("", description="A theme of the taxonomy: the document's themes or the event's topics")
    organiser: str = Field("", description="An organisation's slug (or its name or acronym)")
    date_from: str = Field("", alias="from", description="Events on or after this day (YYYY-MM-DD)")
    date_to: str = Field("", alias="to", description="Events on or before this day (YYYY-MM-DD)")
    status: str = Field("", description="suggested or confirmed (curators: also rejected); default both")
    limit: int = 20
    offset: int = 0


class OrganisationRef(Schema):
    slug: str
    name: str


class DocumentRef(Schema):
    id: int
    title: str
    url: str


class EventOut(Schema):
    id: int
    url: str
    title: str
    kind: str
    start: dt.date | None
    end: dt.date | None
    city: str
    country: str
    venue: str
    online: bool
    topics: list[str]
    organisers: list[OrganisationRef]
    organiser_names: list[str]
    status: str
    edited: bool
    merged_into: int | None
    document: DocumentRef


class EventListOut(Schema):
    total: int = Field(description=f"Events the filters select, counted up to {events.COUNT_CAP}")
    total_exact: bool = Field(description=f"False when more than {events.COUNT_CAP} events match: narrow the dates")
    limit: int
    offset: int
    events: list[EventOut]


class ReportOut(Schema):
    event_id: int
    document: DocumentRef
    span: tuple[int, int]
    before: str
    text: str
    after: str
    merged: bool
    evidence_missing: bool


class EventDetailOut(EventOut):
    reports: list[ReportOut]


class CandidateOut(Schema):
    id: int
    url: str
    title: str
    start: dt.date | None
    city: str
    country: str
    similarity: float
    reason: str


class ErrorOut(Schema):
    detail: str


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _event(event_id: int) -> Event:
    return get_object_or_404(
        Event.objects.select_related("document").defer("document__text").prefetch_related("organisers"), pk=event_id
    )


@router.get("/events", response={200: EventListOut, 400: ErrorOut}, url_name="events")
def api_events(request: HttpRequest, params: Query[EventFilterParams]):
    """Events in date order (undated ones last), filtered like the /events page."""
    raw = {"q": params.q, "country": params.country, "theme": params.theme, "organiser": params.organiser,
           "from": params.date_from, "to": params.date_to, "status": params.status}
    try:
        filters = events.parse_filters(raw, curator=is_curator(request.user))
        limit, offset = events.parse_limit(params.limit, params.offset)
    except events.FilterError as exc:
        raise HttpError(400, str(exc)) from None
    found = events.window(filters, limit, offset)
    base = _base_url(request)
    return {"total": found.total, "total_exact": found.total_exact, "limit": limit, "offset": offset,
            "events": events.as_json(found.events, base)}


@router.get("/events/{event_id}", response={200: EventDetailOut, 404: ErrorOut}, url_name="event")
def api_event(request: HttpRequest, event_id: int):
    """One event with its evidence: the span of each document that reports it (its own and
    those of the duplicates merged into it). A merged duplicate names the event in `merged_into`."""
    event = _event(event_id)
    base = _base_url(request)
    reports = [{
        "event_id": r.event_id, "document": {"id": r.document_id, "title": r.document_title,
                                             "url": base + r.document_url},
        "span": r.span, "before": r.before, "text": r.text, "after": r.after, "merged": r.merged,
        "evidence_missing": r.evidence_missing,
    } for r in events.reports(event)]
    return {**events.as_json([event], base)[0], "reports": reports}


@router.get("/events/{event_id}/duplicates", response={200: list[CandidateOut], 404: ErrorOut},
            url_name="event_duplicates")
def api_event_duplicates(request: HttpRequest, event_id: int):
    """Other events that may report the same gathering (start within a day and a similar title,
    or the same day and city): merge suggestions for curators."""
    event = _event(event_id)
    base = _base_url(request)
    return [{"id": c.event.pk, "url": base + c.event.get_absolute_url(), "title": c.event.title,
             "start": c.event.start, "city": c.event.city, "country": c.event.country,
             "similarity": round(c.similarity, 3), "reason": c.reason}
            for c in events.duplicate_candidates(event)]
