"""API: the directory (organisations, initiatives, experts), the data of the directory's pages.

Filters are the pages' query-string parameters; lists take `limit` (1-100) and `offset`; a
parameter the directory cannot use is a 400 with `{"detail": "<parameter>: <reason>"}`. Experts
appear only when their owner consented to be listed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from praxhub.organisations import services as directory
from praxhub.organisations.services import FilterError

router = Router()


class ErrorOut(Schema):
    detail: str


class Reference(Schema):
    slug: str
    name: str
    url: str


class OrganisationOut(Schema):
    slug: str
    name: str
    acronym: str
    kind: str
    level: str
    sector: str
    country: str
    origin: str
    status: str
    other_names: list[str]
    url: str
    documents: int | None = None


class OrganisationListOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[OrganisationOut]


class DocumentRowOut(Schema):
    id: int
    title: str
    kind: str
    language: str
    published: dt.date | None
    mentions: int
    url: str


class DocumentPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[DocumentRowOut]


class EventOut(Schema):
    id: int
    title: str
    kind: str
    start: dt.date | None
    end: dt.date | None
    city: str
    country: str
    online: bool
    status: str
    url: str


class EventPageOut(Schema):
    total: int
    limit: int
    offset: int
    total_is_lower_bound: bool = False  # counting stopped at `total`: "more than"
    items: list[EventOut]


class DocumentReference(Schema):
    id: int
    title: str
    url: str


class RecommendationOut(Schema):
    id: int
    text: str
    verb: str
    strength: str
    status: str
    issuer: Reference | None
    issuer_name: str
    addressee: Reference | None
    addressee_name: str
    document: DocumentReference


class RecommendationPageOut(Schema):
    total: int
    limit: int
    offset: int
    total_is_lower_bound: bool = False  # counting stopped at `total`: "more than"
    items: list[RecommendationOut]


class CoMentionOut(Schema):
    slug: str
    name: str
    url: str
    documents: int


class ExpertReference(Schema):
    id: int
    display_name: str
    role: str
    url: str


class OrganisationDetailOut(Schema):
    organisation: OrganisationOut
    also_recorded_as: list[Reference]
    events: EventPageOut
    initiatives_run: list[Reference]
    initiatives_mentioned_together: list[CoMentionOut]
    documents: DocumentPageOut
    recommendations_received: RecommendationPageOut
    recommendations_issued: RecommendationPageOut
    experts: list[ExpertReference]


class InitiativeOut(Schema):
    slug: str
    name: str
    kind: str
    origin: str
    status: str
    url: str
    documents: int | None = None


class InitiativeListOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[InitiativeOut]


class InitiativeDetailOut(Schema):
    initiative: InitiativeOut
    run_by: list[Reference]
    organisations_mentioned_together: list[CoMentionOut]
    documents: DocumentPageOut


class ExpertOut(Schema):
    id: int
    display_name: str
    role: str
    organisation: Reference | None
    country: str
    themes: list[str]
    languages: list[str]
    about: str
    url: str


class ExpertListOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[ExpertOut]


# Parameters arrive as text and are checked by the same service as the pages', so that a bad
# value is a 400 naming the parameter (not a validation error of another shape).
class OrganisationParams(Schema):
    q: str = ""
    level: str = ""
    sector: str = ""
    country: str = ""
    kind: str = ""
    origin: str = ""
    status: str = ""
    limit: str = ""
    offset: str = ""


class DetailParams(Schema):
    limit: str = ""
    documents_offset: str = ""
    events_offset: str = ""
    received_offset: str = ""
    issued_offset: str = ""


class InitiativeParams(Schema):
    q: str = ""
    kind: str = ""
    origin: str = ""
    status: str = ""
    limit: str = ""
    offset: str = ""


class InitiativeDetailParams(Schema):
    limit: str = ""
    documents_offset: str = ""


class ExpertParams(Schema):
    role: str = ""
    theme: str = ""
    language: str = ""
    country: str = ""
    limit: str = ""
    offset: str = ""


def _page_json(page: directory.Page[Any], item: Any) -> dict[str, Any]:
    return {"total": page.total, "limit": page.limit, "offset": page.offset,
            "total_is_lower_bound": page.total_is_lower_bound, "items": [item(x) for x in page.items]}


@router.get("/organisations", response={200: OrganisationListOut, 400: ErrorOut}, tags=["directory"],
            url_name="api_organisations")
def api_organisations(request: HttpRequest, params: Query[OrganisationParams]):
    """Organisations (confirmed and suggested unless `status` says otherwise), by name."""
    try:
        filters = directory.organisation_filters(params.dict())
        offset, limit = directory.window(params.dict())
    except FilterError as exc:
        raise HttpError(400, str(exc)) from None
    return _page_json(directory.organisation_page(filters, offset, limit), directory.organisation_json)


@router.get("/organisations/{slug}", response={200: OrganisationDetailOut, 400: ErrorOut, 404: ErrorOut},
            tags=["directory"], url_name="api_organisation")
def api_organisation(request: HttpRequest, slug: str, params: Query[DetailParams]):
    """One organisation with its other names, merged records, events, initiatives, documents and
    recommendations. A record a curator merged answers with the organisation it was merged into."""
    org = directory.find_organisation(slug)
    if org is None:
        raise HttpError(404, f"organisation {slug!r} does not exist")
    org = directory.merged_target(org) or org
    try:
        offsets = directory.detail_offsets(params.dict(), pages=False)
    except FilterError as exc:
        raise HttpError(400, str(exc)) from None
    return directory.organisation_detail_json(directory.organisation_detail(org, offsets))


@router.get("/initiatives", response={200: InitiativeListOut, 400: ErrorOut}, tags=["directory"],
            url_name="api_initiatives")
def api_initiatives(request: HttpRequest, params: Query[InitiativeParams]):
    try:
        filters = directory.initiative_filters(params.dict())
        offset, limit = directory.window(params.dict())
    except FilterError as exc:
        raise HttpError(400, str(exc)) from None
    return _page_json(directory.initiative_page(filters, offset, limit), directory.initiative_json)


@router.get("/initiatives/{slug}", response={200: InitiativeDetailOut, 400: ErrorOut, 404: ErrorOut},
            tags=["directory"], url_name="api_initiative")
def api_initiative(request: HttpRequest, slug: str, params: Query[InitiativeDetailParams]):
    initiative = directory.find_initiative(slug)
    if initiative is None:
        raise HttpError(404, f"initiative {slug!r} does not exist")
    try:
        offset, limit = directory.window(params.dict(), "documents_offset")
    except FilterError as exc:
        raise HttpError(400, str(exc)) from None
    return directory.initiative_detail_json(directory.initiative_detail(initiative, offset, limit))


@router.get("/experts", response={200: ExpertListOut, 400: ErrorOut}, tags=["directory"], url_name="api_experts")
def api_experts(request: HttpRequest, params: Query[ExpertParams]):
    """Experts who consented to be listed, by name (never ranked)."""
    try:
        filters = directory.expert_filters(params.dict())
        offset, limit = directory.window(params.dict())
    except FilterError as exc:
        raise HttpError(400, str(exc)) from None
    return _page_json(directory.expert_page(filters, offset, limit), directory.expert_json)


@router.get("/experts/{profile_id}", response={200: ExpertOut, 404: ErrorOut}, tags=["directory"],
            url_name="api_expert")
def api_expert(request: HttpRequest, profile_id: int):
    profile = directory.find_expert(profile_id)
    if profile is None:
        raise HttpError(404, f"expert {profile_id} does not exist")
    return directory.expert_json(profile)
