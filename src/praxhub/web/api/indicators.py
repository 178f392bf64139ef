"""API: aggregate indicators (trends over time; who does what where). Counts only."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from praxhub.indicators import trends, whowhere

router = Router(tags=["indicators"])


class TrendsOut(Schema):
    years: list[int]
    documents_per_year: list[int]
    themes: dict[str, list[int]]
    months: list[str]
    new_items_per_month: dict[str, list[int]]


class MapParams(Schema):
    level: str = Field("", description="Only actors of this level (international, eu, national, regional, local)")
    sector: str = Field("", description="Only actors of this sector, e.g. law_enforcement, civil_society")


class MapOut(Schema):
    themes: list[str]
    computed_at: str
    countries: dict[str, dict]


class ErrorOut(Schema):
    detail: str


@router.get("/trends", response=TrendsOut, url_name="api_trends")
def api_trends(request: HttpRequest):
    """Documents per year and per theme, and new documents, events, recommendations and practices per month."""
    return trends.current().as_json()


@router.get("/map", response={200: MapOut, 400: ErrorOut}, url_name="api_map")
def api_map(request: HttpRequest, params: Query[MapParams]):
    """Per country (and per theme): actors, practices, events and initiatives."""
    if params.level and params.level not in whowhere.LEVELS:
        raise HttpError(400, f"level: {params.level!r} is not one of {', '.join(whowhere.LEVELS)}")
    if params.sector and not params.sector.replace("_", "").isalpha():
        raise HttpError(400, f"sector: {params.sector!r} is not a sector code")
    return whowhere.current(params.level, params.sector).as_json()
