"""API: the practices compendium (published practices; owners and curators also see their own
drafts and submissions, as on the pages)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from praxhub.practices import services as practices
from praxhub.practices.models import Practice

router = Router(tags=["practices"])
MAX_LIMIT = 100


class PracticeParams(Schema):
    q: str = Field("", description="Words in the title, summary or lead organisation")
    country: str = Field("", description="ISO 3166-1 alpha-2 code")
    theme: str = Field("", description="A theme of the hub's taxonomy")
    target: str = Field("", description="A target group, e.g. young_people, prisoners")
    evaluation: str = Field("", description="inspiring, evaluated or peer_reviewed")
    year: str = Field("", description="Active in this year (YYYY)")
    status: str = Field("", description="Curators and owners: draft, submitted, returned; default published")
    page: int = 1


class LeadOut(Schema):
    slug: str | None = None
    name: str
    url: str | None = None


class PracticeOut(Schema):
    slug: str
    title: str
    summary: str
    countries: list[str]
    themes: list[str]
    target_groups: list[str]
    lead_organisation: LeadOut | None
    approach: str
    aims: str
    methods: str
    evaluation: str
    lessons_learned: str
    resources: list[str]
    contact: str
    year_start: int | None
    year_end: int | None
    status: str
    published_at: str | None
    url: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class PracticeListOut(Schema):
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetValueOut]]
    items: list[PracticeOut]


class RelatedOut(Schema):
    slug: str
    title: str
    url: str
    countries: list[str]
    shared_themes: list[str]
    shared_target_groups: list[str]
    shared_countries: list[str]
    why: str


class PracticeDetailOut(PracticeOut):
    similar: list[RelatedOut]
    counterparts: list[RelatedOut]


class ErrorOut(Schema):
    detail: str


@router.get("/practices", response={200: PracticeListOut, 400: ErrorOut}, url_name="api_practices")
def api_practices(request: HttpRequest, params: Query[PracticeParams]):
    """Practices by title, filtered like the /practices page, with facet counts."""
    try:
        filters = practices.parse_filters(params.dict())
        found = practices.practice_list(filters, request.user, params.page)
    except practices.PracticeError as exc:
        raise HttpError(400, str(exc)) from None
    return {"total": found.total, "page": found.page, "pages": found.pages,
            "facets": {name: [vars(v) for v in values] for name, values in found.facets.items()},
            "items": [practices.practice_json(p) for p in found.items]}


@router.get("/practices/{slug}", response={200: PracticeDetailOut, 404: ErrorOut}, url_name="api_practice")
def api_practice(request: HttpRequest, slug: str):
    """One practice, with similar practices and counterparts in other countries (each saying what
    it shares with this one)."""
    practice = Practice.objects.select_related("lead_organisation").filter(slug=slug).first()
    if practice is None or not practices.can_view(request.user, practice):
        raise HttpError(404, "There is no practice at this address.")
    return {**practices.practice_json(practice),
            "similar": practices.related_json(practices.similar(practice, request.user)),
            "counterparts": practices.related_json(practices.counterparts(practice, request.user))}
