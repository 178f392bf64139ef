"""API: the recommendation tracker (the same filters, roll-ups and follow-ups as the pages)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from praxhub.documents.models import Document, Status
from praxhub.recommendations import services as tracker
from praxhub.recommendations.models import Recommendation

router = Router(tags=["recommendations"])


class TrackerParams(Schema):
    source: str = Field("", description="A document id: the recommendations it makes")
    issuer: str = Field("", description="An organisation's slug")
    addressee: str = Field("", description="An organisation's slug")
    theme: str = Field("", description="A theme of the hub's taxonomy")
    tracked: str = Field("", description="yes: with follow-up; no: without")
    page: int = 1


class FollowUpOut(Schema):
    id: int
    actor: str
    actor_slug: str | None
    country: str
    status: str
    progress: int
    updated_on: str


class TrackedOut(Schema):
    id: int
    text: str
    issuer: str
    addressee: str
    verb: str
    strength: str
    themes: list[str]
    status: str
    source: int
    source_title: str
    follow_ups: list[FollowUpOut]
    progress: float | None
    url: str


class RollupOut(Schema):
    recommendations: int
    tracked: int
    follow_ups: int
    by_status: dict[str, int]
    progress: float


class TrackedListOut(Schema):
    total: int
    total_is_lower_bound: bool
    page: int
    pages: int
    items: list[TrackedOut]


class EntryOut(Schema):
    date: str
    status: str
    progress: int
    note: str


class FollowUpDetailOut(FollowUpOut):
    timeline: list[EntryOut]
    evidence: list[str]


class TrackedDetailOut(TrackedOut):
    timelines: list[FollowUpDetailOut]
    source_rollup: RollupOut
    same_as: list[int]


class ThemeRollupOut(Schema):
    theme: str
    rollup: RollupOut


class ErrorOut(Schema):
    detail: str


@router.get("/recommendations", response={200: TrackedListOut, 400: ErrorOut}, url_name="api_recommendations")
def api_recommendations(request: HttpRequest, params: Query[TrackerParams]):
    """Recommendations (newest sources first) with their follow-ups and progress."""
    try:
        found = tracker.recommendation_page(tracker.parse_filters(params.dict()), params.page)
    except tracker.TrackerError as exc:
        raise HttpError(400, str(exc)) from None
    return {"total": found.total, "total_is_lower_bound": found.total_is_lower_bound, "page": found.page,
            "pages": found.pages, "items": [tracker.row_json(row) for row in found.rows]}


@router.get("/recommendations/themes", response=list[ThemeRollupOut], url_name="api_recommendation_themes")
def api_theme_rollups(request: HttpRequest):
    """Progress per theme, over the recommendations that have follow-up."""
    return [{"theme": theme, "rollup": rollup.as_json()} for theme, rollup in tracker.theme_rollups()]


@router.get("/recommendations/sources/{document_id}", response={200: RollupOut, 404: ErrorOut},
            url_name="api_recommendation_source")
def api_source_rollup(request: HttpRequest, document_id: int):
    """Progress on what one source (a document) recommends; untracked recommendations count as 0 %."""
    if not Document.objects.filter(pk=document_id).exists():
        raise HttpError(404, "There is no document at this address.")
    return tracker.source_rollup(document_id).as_json()


@router.get("/recommendations/{rec_id}", response={200: TrackedDetailOut, 404: ErrorOut},
            url_name="api_recommendation")
def api_recommendation(request: HttpRequest, rec_id: int):
    """One recommendation with each follow-up's dated timeline and evidence, its source's roll-up and
    the recommendations curators confirmed as the same."""
    rec = (Recommendation.objects.select_related("document", "issuer", "addressee").defer("document__text")
           .filter(pk=rec_id).exclude(status=Status.REJECTED).first())
    if rec is None:
        raise HttpError(404, "There is no recommendation at this address.")
    follow_ups = list(rec.follow_ups.select_related("actor").prefetch_related(
        "entries", "links__document", "links__event", "links__practice"))
    row = tracker.Row(rec, follow_ups, tracker.progress_of(follow_ups))
    timelines = []
    for follow_up in follow_ups:
        evidence = []
        for link in follow_up.links.all():
            if link.status != "confirmed":
                continue
            if link.document_id:
                evidence.append(f"/documents/{link.document_id}")
            elif link.event_id:
                evidence.append(f"/events/{link.event_id}")
            elif link.practice is not None:
                evidence.append(f"/practices/{link.practice.slug}")
        timelines.append({**tracker.follow_up_json(follow_up), "evidence": evidence, "timeline": [
            {"date": e.date.isoformat(), "status": e.status, "progress": e.progress, "note": e.note}
            for e in follow_up.entries.all()]})
    return {**tracker.row_json(row), "timelines": timelines,
            "source_rollup": tracker.source_rollup(rec.document_id).as_json(),
            "same_as": [r.pk for r in tracker.group_of(rec)]}
