"""The directory's read side: organisations, initiatives and experts, shared by the pages, the
JSON API and the exports.

Lists are filtered from the query string (`*_filters` validate it and raise FilterError with a
one-line message naming the parameter), ordered by name and cut with LIMIT/OFFSET. Every section
of a detail page is bounded too: an organisation can be mentioned in thousands of documents, so
its documents are grouped and counted on the (organisation, document) index and fetched one page
at a time. Experts appear only when their owner consented (`ExpertProfile.objects.listed()`);
they are listed by name, never ranked or scored.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from praxhub.accounts.models import ROLES, ExpertProfile
from praxhub.documents.models import Document, Status
from praxhub.encodings import csv_cell, script_json
from praxhub.events import services as event_services
from praxhub.events.models import Event
from praxhub.extract import initiatives as initiative_registry
from praxhub.extract import registry
from praxhub.extract.model import THEMES
from praxhub.organisations.models import Initiative, Mention, Organisation, Origin
from praxhub.recommendations.models import Recommendation

T = TypeVar("T")

PAGE_SIZE = 20
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
MAX_PAGE = 10_000
EXPORT_LIMIT = 5_000            # rows per export file; `offset` fetches the next part
MAX_QUERY_CHARS = 200
RECOMMENDATIONS_COUNTED = 10_000  # "10000 recommendations" on a page means at least that many
SORT_IN_MEMORY = 5_000          # documents of one body sorted directly; more are walked in date order,
WALK_MAX_OFFSET = 5_000         # up to this offset (deeper pages sort: a long walk costs more than a sort)
SECTION_LIMIT = 50              # merged records, initiatives run, experts of one organisation
CO_MENTION_DOCUMENTS = 500      # "mentioned together" looks at this many latest documents
CO_MENTION_TOP = 12
MERGE_CANDIDATES = 10
MERGE_POOL = 200                # names compared per candidate search
SIMILAR_NAMES = 0.8             # difflib ratio above which two names look like one body

LEVELS = registry.LEVELS
LEVEL_LABELS = {"international": _("international"), "eu": _("European Union"), "national": _("national"),
                "regional": _("regional"), "local": _("local")}
ORIGIN_LABELS = {Origin.REGISTRY: _("registry"), Origin.EXTRACTED: _("found in documents"),
                 Origin.CURATED: _("added by a curator")}
STATUS_LABELS = {Status.SUGGESTED: _("suggested"), Status.CONFIRMED: _("confirmed"), Status.REJECTED: _("rejected")}
ROLE_LABELS = {"policy_maker": _("policy maker"), "practitioner": _("practitioner"), "researcher": _("researcher")}
ROLE_CODES = tuple(code for code, _label in ROLES)

_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_SLUG_WORDS = re.compile(r"\w+")
# Words shared by too many bodies to tell two of them apart.
_COMMON_WORDS = frozenset({
    "ministry", "european", "national", "international", "council", "office", "agency", "centre", "center",
    "institute", "network", "association", "union", "federal", "police", "department", "service", "services",
    "committee", "commission", "organisation", "organization", "foundation", "affairs", "interior", "justice",
    "republic", "state", "public", "prevention", "security",
})


class FilterError(ValueError):
    """A query-string parameter the directory cannot use; the message names it."""


# ------------------------------------------------------------------------------ pages and params

@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int
    total_is_lower_bound: bool = False  # counting stopped there: "more than {total}"

    @property
    def number(self) -> int:
        return self.offset // self.limit + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total


def _text(params: Mapping[str, Any], name: str, max_chars: int = 40) -> str:
    value = params.get(name) or ""
    if not isinstance(value, str):
        raise FilterError(f"{name}: must be text")
    value = value.strip()
    if len(value) > max_chars:
        raise FilterError(f"{name}: at most {max_chars} characters")
    if any(ord(c) < 32 for c in value):
        raise FilterError(f"{name}: control characters are not allowed")
    return value


def _choice(params: Mapping[str, Any], name: str, choices: Iterable[str]) -> str:
    value = _text(params, name)
    allowed = tuple(choices)
    if value and value not in allowed:
        raise FilterError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _code(params: Mapping[str, Any], name: str) -> str:
    value = _text(params, name).lower()
    if value and not _CODE.match(value):
        raise FilterError(f"{name}: {value!r} is not a code (lower-case letters, digits and _)")
    return value


def _country(params: Mapping[str, Any], name: str = "country") -> str:
    value = _text(params, name)
    if value and not _COUNTRY.match(value):
        raise FilterError(f"{name}: {value!r} is not a two-letter country code")
    return value.upper()


def _integer(raw: Any, name: str, default: int, low: int, high: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise FilterError(f"{name}: {str(raw)[:40]!r} is not a whole number") from None
    if not low <= value <= high:
        raise FilterError(f"{name}: must be between {low} and {high}")
    return value


def page_offset(params: Mapping[str, Any], name: str = "page", limit: int = PAGE_SIZE) -> int:
    """The offset of the page a page-number parameter (1, 2, …) asks for."""
    return (_integer(params.get(name), name, 1, 1, MAX_PAGE) - 1) * limit


def window(params: Mapping[str, Any], offset_name: str = "offset", max_limit: int = MAX_LIMIT) -> tuple[int, int]:
    """(offset, limit) from the API's `limit` and an offset parameter."""
    limit = _integer(params.get("limit"), "limit", PAGE_SIZE, 1, max_limit)
    offset = _integer(params.get(offset_name), offset_name, 0, 0, MAX_OFFSET)
    return offset, limit


def _page(queryset: QuerySet[Any], offset: int, limit: int) -> Page[Any]:
    return Page(items=list(queryset[offset:offset + limit]), total=queryset.count(), offset=offset, limit=limit)


# ------------------------------------------------------------------------------ display helpers

@functools.cache
def country_name(code: str) -> str:
    if not code:
        return ""
    if code == "XK":
        return "Kosovo"
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or getattr(country, "name", None) or code


@functools.cache
def language_name(code: str) -> str:
    import pycountry

    language = pycountry.languages.get(alpha_2=code) if code else None
    return getattr(language, "name", None) or code


def _json_text_variants(q: str) -> list[str]:
    """How `q` can appear inside stored JSON text: PostgreSQL's jsonb prints characters as they
    are, SQLite keeps Python's escaped form ("europ\\u00e9enne")."""
    escaped = json.dumps(q)[1:-1]
    return [q] if escaped == q else [q, escaped]


def _name_match(q: str) -> Q:
    match = Q(name__icontains=q) | Q(acronym__icontains=q)
    if len(q) >= 3:  # shorter strings would match the JSON's own keys and punctuation
        for variant in _json_text_variants(q):
            match |= Q(aliases_text__icontains=variant) | Q(names_text__icontains=variant)
    return match


def _with_name_texts(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return queryset.alias(aliases_text=Cast("aliases", TextField()), names_text=Cast("names", TextField()))


def other_names(org: Organisation) -> list[str]:
    """Every other name the organisation is known by (languages, aliases, merged records)."""
    return _other_names(org.name, org.acronym, org.names, org.aliases)


def _other_names(name: str, acronym: str, names: Any, aliases: Any) -> list[str]:
    out: list[str] = []
    for value in [*(names or {}).values(), *(aliases or [])]:
        for other in value if isinstance(value, list) else [value]:
            if isinstance(other, str) and other and other not in out and other not in (name, acronym):
                out.append(other)
    return out


# ------------------------------------------------------------------------------ organisations

@dataclass(frozen=True)
class OrganisationFilters:
    q: str = ""
    level: str = ""
    sector: str = ""
    country: str = ""
    kind: str = ""
    origin: str = ""
    status: str = ""

    def active(self) -> bool:
        return any(vars(self).values())


def organisation_filters(params: Mapping[str, Any]) -> OrganisationFilters:
    return OrganisationFilters(
        q=_text(params, "q", MAX_QUERY_CHARS),
        level=_choice(params, "level", LEVELS),
        sector=_code(params, "sector"),
        country=_country(params),
        kind=_code(params, "kind"),
        origin=_choice(params, "origin", Origin.values),
        status=_choice(params, "status", Status.values),
    )


def _with_status(queryset: QuerySet[Any], status: str) -> QuerySet[Any]:
    """The asked-for status, or by default everything a curator has not rejected."""
    return queryset.filter(status=status) if status else queryset.exclude(status=Status.REJECTED)


def organisations(filters: OrganisationFilters) -> QuerySet[Organisation]:
    """The directory's organisations: one row per body (merged records are shown through the
    record they were merged into); confirmed and suggested unless a status is asked for."""
    queryset = _with_status(Organisation.objects.filter(merged_into__isnull=True), filters.status)
    for name in ("level", "sector", "country", "kind", "origin"):
        value = getattr(filters, name)
        if value:
            queryset = queryset.filter(**{name: value})
    if filters.q:
        queryset = _with_name_texts(queryset).filter(_name_match(filters.q))
    return queryset.order_by("name", "id")


def _document_counts(field_name: str, ids: list[int]) -> dict[int, int]:
    """How many documents mention each of a page of organisations or initiatives (one grouped
    query on the covering index)."""
    if not ids:
        return {}
    rows = (Mention.objects.filter(**{f"{field_name}_id__in": ids}).values(f"{field_name}_id")
            .annotate(n=Count("document_id", distinct=True)).order_by())
    return {row[f"{field_name}_id"]: row["n"] for row in rows}


def organisation_summary(org: Organisation) -> list[str]:
    """The facts a list shows under an organisation's name, in the reader's language."""
    parts = [str(LEVEL_LABELS.get(org.level, org.level)), org.kind.replace("_", " "), org.sector.replace("_", " "),
             country_name(org.country), str(ORIGIN_LABELS.get(org.origin, org.origin)),  # type: ignore[call-overload]
             str(STATUS_LABELS.get(org.status, org.status))]  # type: ignore[call-overload]
    return [part for part in parts if part]


def organisation_page(filters: OrganisationFilters, offset: int = 0, limit: int = PAGE_SIZE) -> Page[Organisation]:
    page = _page(organisations(filters), offset, limit)
    counts = _document_counts("organisation", [org.pk for org in page.items])
    for org in page.items:
        org.document_count = counts.get(org.pk, 0)
        org.summary = organisation_summary(org)
    return page


def organisation_choices() -> dict[str, list[tuple[str, str]]]:
    """Values the filter form offers (the distinct values of a few thousand rows at most)."""
    listed = Organisation.objects.filter(merged_into__isnull=True)

    def distinct(name: str) -> list[str]:
        return [v for v in listed.values_list(name, flat=True).distinct().order_by(name) if v]

    return {
        "level": [(level, str(LEVEL_LABELS[level])) for level in LEVELS],
        "sector": [(v, v.replace("_", " ")) for v in distinct("sector")],
        "kind": [(v, v.replace("_", " ")) for v in distinct("kind")],
        "country": sorted(((v, f"{country_name(v)} ({v})") for v in distinct("country")), key=lambda c: c[1]),
        "origin": [(str(k), str(v)) for k, v in ORIGIN_LABELS.items()],
        "status": [(str(k), str(v)) for k, v in STATUS_LABELS.items()],
    }


def find_organisation(slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def organisation_by_id(pk: int) -> Organisation | None:
    return Organisation.objects.filter(pk=pk).first()


def merged_target(org: Organisation) -> Organisation | None:
    """The organisation a merged record now stands for (None when it was not merged)."""
    if org.merged_into_id is None:
        return None
    from praxhub.documents.curation import resolve_organisation

    target = resolve_organisation(org)
    return None if target.pk == org.pk else target


@dataclass
class DocumentRow:
    id: int
    title: str
    kind: str
    language: str
    published: Any
    mentions: int

    @property
    def kind_label(self) -> str:
        return self.kind.replace("_", " ")


def _newest_first(queryset: QuerySet[Any], published: str, dated: tuple[str, ...], undated: tuple[str, ...],
                  offset: int, limit: int) -> list[Any]:
    """One page of rows, newest first and undated rows last, as two queries that can each walk an
    index: PostgreSQL cannot read the `published` index for "DESC NULLS LAST" and would sort
    every row instead."""
    dated_rows = queryset.filter(**{f"{published}__isnull": False}).order_by(*dated)
    rows = list(dated_rows[offset:offset + limit])
    if len(rows) == limit:
        return rows
    dated_total = offset + len(rows) if rows else dated_rows.count()
    start = max(0, offset - dated_total)
    undated_rows = queryset.filter(**{f"{published}__isnull": True}).order_by(*undated)
    return rows + list(undated_rows[start:start + limit - len(rows)])


def _documents_mentioning(field_name: str, entity_ids: list[int], offset: int, limit: int) -> Page[DocumentRow]:
    """Documents that mention an organisation (or initiative), newest first, with how often each
    does. A body named in a few documents: sort just those. A body named in thousands: walk the
    documents in date order (the `published` index) and keep those the (entity, document) index
    holds, which stops after one page instead of sorting thousands of rows (deep pages sort)."""
    mentions = Mention.objects.filter(**{f"{field_name}_id__in": entity_ids})
    total = mentions.values("document_id").distinct().count()
    if total <= SORT_IN_MEMORY or offset >= WALK_MAX_OFFSET:
        documents = Document.objects.filter(pk__in=mentions.values("document_id"))
    else:
        documents = Document.objects.filter(Exists(mentions.filter(document_id=OuterRef("pk"))))
    # Ordered on ids alone (a narrow sort), then one page of documents is fetched.
    ids = _newest_first(documents.values_list("id", flat=True), "published", ("-published", "-id"), ("-id",),
                        offset, limit)
    by_id = Document.objects.only("id", "title", "kind", "language", "published", "source_name").in_bulk(ids)
    page = [by_id[pk] for pk in ids if pk in by_id]
    counts = dict(mentions.filter(document_id__in=[d.pk for d in page]).values("document_id")
                  .annotate(n=Count("id")).order_by().values_list("document_id", "n"))
    items = [DocumentRow(d.pk, str(d), d.kind, d.language, d.published, counts.get(d.pk, 0)) for d in page]
    return Page(items=items, total=total, offset=offset, limit=limit)


def _mentioned_together(field_name: str, entity_ids: list[int], other: str) -> list[tuple[int, int]]:
    """[(id of `other`, documents)] mentioned in the same documents as the entity, counted over its
    latest CO_MENTION_DOCUMENTS documents so that the cost stays bounded."""
    latest = (Mention.objects.filter(**{f"{field_name}_id__in": entity_ids}).order_by("-document_id")
              .values("document_id").distinct()[:CO_MENTION_DOCUMENTS])
    rows = (Mention.objects.filter(document_id__in=latest, **{f"{other}__isnull": False})
            .exclude(**{f"{other}__status": Status.REJECTED})
            .values(f"{other}_id").annotate(n=Count("document_id", distinct=True))
            .order_by("-n", f"{other}_id")[:CO_MENTION_TOP])
    return [(row[f"{other}_id"], row["n"]) for row in rows]


def _recommendation_page(queryset: QuerySet[Recommendation], offset: int, limit: int) -> Page[Recommendation]:
    """Recommendations newest first. The order is found on ids alone, then one page is fetched
    with its documents and organisations (sorting whole rows of thousands would be slow). A body
    that received more than SORT_IN_MEMORY is listed most recently added first, walking the
    (addressee or issuer, document) index, and its count stops at RECOMMENDATIONS_COUNTED."""
    queryset = queryset.exclude(status=Status.REJECTED)
    total = queryset.order_by().values("id")[:RECOMMENDATIONS_COUNTED].count()
    if total == 0:
        return Page(items=[], total=0, offset=offset, limit=limit)
    if total > SORT_IN_MEMORY:
        ids = list(queryset.order_by("-document_id", "span_start", "id")
                   .values_list("id", flat=True)[offset:offset + limit])
    else:
        # A few thousand at most: read their keys through the (addressee or issuer, document) index
        # and sort here. Joined to the documents in SQL, SQLite may walk every document by date
        # looking for them (measured: 35 ms at 100k documents for a body that received none).
        keys = list(queryset.order_by().values_list("id", "document_id", "span_start"))
        published = dict(Document.objects.filter(pk__in={k[1] for k in keys}).values_list("id", "published"))

        def newest_first(key: tuple[int, int, int]) -> tuple[bool, int, int, int, int]:
            day = published.get(key[1])
            return (day is None, -day.toordinal() if day else 0, -key[1], key[2], key[0])

        keys.sort(key=newest_first)
        ids = [k[0] for k in keys[offset:offset + limit]]
    rows = (Recommendation.objects.filter(pk__in=ids).select_related("document", "issuer", "addressee")
            .only("id", "text", "verb", "strength", "status", "issuer_name", "addressee_name", "span_start",
                  "document__id", "document__title", "document__published", "document__source_name",
                  "issuer__slug", "issuer__name", "issuer__merged_into", "addressee__slug", "addressee__name",
                  "addressee__merged_into").in_bulk())
    return Page(items=[rows[pk] for pk in ids if pk in rows], total=total, offset=offset, limit=limit,
                total_is_lower_bound=total >= RECOMMENDATIONS_COUNTED)


def _organised_events(org: Organisation, offset: int, limit: int) -> Page[Event]:
    """The events a body organises, latest first. A body behind thousands of events: walk the
    events by date (the `start` index), keeping its own through the (event, organisation) key,
    which stops after one page, and count no further than the event lists do (COUNT_CAP)."""
    fields = ("id", "title", "kind", "start", "end", "city", "country", "status", "online")
    order = (F("start").desc(nulls_last=True), "-id")
    through = Event.organisers.through.objects
    if through.filter(organisation_id=org.pk).count() <= SORT_IN_MEMORY or offset >= WALK_MAX_OFFSET:
        return _page(event_services.listed().filter(organisers=org).only(*fields).order_by(*order), offset, limit)
    theirs = Exists(through.filter(event_id=OuterRef("pk"), organisation_id=org.pk))
    items = list(event_services.listed().filter(theirs).only(*fields).order_by(*order)[offset:offset + limit])
    cap = event_services.COUNT_CAP
    total = event_services.listed().filter(organisers=org).order_by().values("id")[:cap + 1].count()
    return Page(items=items, total=min(total, cap), offset=offset, limit=limit, total_is_lower_bound=total > cap)


@dataclass
class OrganisationDetail:
    organisation: Organisation
    also_recorded_as: list[Organisation]
    events: Page[Event]
    initiatives_run: list[Initiative]
    initiatives_mentioned: list[tuple[Initiative, int]]
    documents: Page[DocumentRow]
    recommendations_received: Page[Recommendation]
    recommendations_issued: Page[Recommendation]
    experts: list[ExpertProfile]
    other_names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DetailOffsets:
    documents: int = 0
    events: int = 0
    received: int = 0
    issued: int = 0
    limit: int = PAGE_SIZE


def detail_offsets(params: Mapping[str, Any], pages: bool = True) -> DetailOffsets:
    """The pages of a detail page's sections: page numbers (`page`, `events_page`, …) on the web,
    offsets (`documents_offset`, …) in the API."""
    names = {"documents": "page", "events": "events_page", "received": "received_page", "issued": "issued_page"}
    if pages:
        return DetailOffsets(**{section: page_offset(params, name) for section, name in names.items()})
    limit = _integer(params.get("limit"), "limit", PAGE_SIZE, 1, MAX_LIMIT)
    return DetailOffsets(limit=limit, **{section: _integer(params.get(f"{section}_offset"), f"{section}_offset",
                                                           0, 0, MAX_OFFSET) for section in names})


def organisation_detail(org: Organisation, offsets: DetailOffsets | None = None) -> OrganisationDetail:
    offsets = offsets or DetailOffsets()
    limit = offsets.limit
    also = list(Organisation.objects.filter(merged_into=org).only("id", "slug", "name", "acronym", "origin")
                .order_by("name")[:SECTION_LIMIT])
    # A merge repoints mentions, events and recommendations, but not the initiatives a record runs.
    records = [org.pk, *(o.pk for o in also)]

    run = list(Initiative.objects.filter(organisations__in=records).exclude(status=Status.REJECTED).distinct()
               .order_by("name")[:SECTION_LIMIT])
    together = _mentioned_together("organisation", [org.pk], "initiative")
    initiatives = Initiative.objects.in_bulk([pk for pk, _n in together])
    return OrganisationDetail(
        organisation=org,
        also_recorded_as=also,
        events=_organised_events(org, offsets.events, limit),
        initiatives_run=run,
        initiatives_mentioned=[(initiatives[pk], n) for pk, n in together if pk in initiatives],
        documents=_documents_mentioning("organisation", [org.pk], offsets.documents, limit),
        recommendations_received=_recommendation_page(Recommendation.objects.filter(addressee=org),
                                                      offsets.received, limit),
        recommendations_issued=_recommendation_page(Recommendation.objects.filter(issuer=org), offsets.issued, limit),
        experts=list(ExpertProfile.objects.listed().filter(organisation=org)
                     .only("id", "display_name", "role", "country").order_by("display_name", "id")[:SECTION_LIMIT]),
        other_names=other_names(org),
    )


def organisation_url(org: Organisation) -> str:
    return f"/organisations/{org.slug}"


_ORGANISATION_FIELDS = ("slug", "name", "acronym", "kind", "level", "sector", "country", "origin", "status")


def _organisation_data(row: Mapping[str, Any]) -> dict[str, Any]:
    data = {name: row[name] for name in _ORGANISATION_FIELDS}
    data["other_names"] = _other_names(row["name"], row["acronym"], row["names"], row["aliases"])
    data["url"] = f"/organisations/{row['slug']}"
    return data


def organisation_json(org: Organisation) -> dict[str, Any]:
    data = _organisation_data(vars(org))
    if hasattr(org, "document_count"):
        data["documents"] = org.document_count
    return data


def _reference(org: Organisation | None) -> dict[str, str] | None:
    return None if org is None else {"slug": org.slug, "name": org.name, "url": organisation_url(org)}


def _page_json(page: Page[Any], item: Any) -> dict[str, Any]:
    return {"total": page.total, "offset": page.offset, "limit": page.limit,
            "total_is_lower_bound": page.total_is_lower_bound, "items": [item(x) for x in page.items]}


def document_row_json(row: DocumentRow) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "kind": row.kind, "language": row.language,
            "published": row.published.isoformat() if row.published else None, "mentions": row.mentions,
            "url": f"/documents/{row.id}"}


def event_json(event: Event) -> dict[str, Any]:
    return {"id": event.pk, "title": event.title, "kind": event.kind,
            "start": event.start.isoformat() if event.start else None,
            "end": event.end.isoformat() if event.end else None,
            "city": event.city, "country": event.country, "online": event.online, "status": event.status,
            "url": f"/events/{event.pk}"}


def recommendation_json(rec: Recommendation) -> dict[str, Any]:
    return {"id": rec.pk, "text": rec.text, "verb": rec.verb, "strength": rec.strength, "status": rec.status,
            "issuer": _reference(rec.issuer), "issuer_name": rec.issuer_name,
            "addressee": _reference(rec.addressee), "addressee_name": rec.addressee_name,
            "document": {"id": rec.document.pk, "title": str(rec.document), "url": f"/documents/{rec.document.pk}"}}


def initiative_reference(initiative: Initiative) -> dict[str, str]:
    return {"slug": initiative.slug, "name": initiative.name, "url": initiative_url(initiative)}


def organisation_detail_json(detail: OrganisationDetail) -> dict[str, Any]:
    return {
        "organisation": organisation_json(detail.organisation),
        "also_recorded_as": [_reference(o) for o in detail.also_recorded_as],
        "events": _page_json(detail.events, event_json),
        "initiatives_run": [initiative_reference(i) for i in detail.initiatives_run],
        "initiatives_mentioned_together": [{**initiative_reference(i), "documents": n}
                                           for i, n in detail.initiatives_mentioned],
        "documents": _page_json(detail.documents, document_row_json),
        "recommendations_received": _page_json(detail.recommendations_received, recommendation_json),
        "recommendations_issued": _page_json(detail.recommendations_issued, recommendation_json),
        "experts": [{"id": e.pk, "display_name": e.display_name, "role": e.role, "url": expert_url(e)}
                    for e in detail.experts],
    }


def organisation_json_ld(org: Organisation, absolute_url: str) -> str:
    """schema.org Organization, serialised for a <script type="application/ld+json"> block."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Organization", "name": org.name,
                            "url": absolute_url}
    alternate = [n for n in [org.acronym, *other_names(org)] if n]
    if alternate:
        data["alternateName"] = alternate
    if org.country:
        data["address"] = {"@type": "PostalAddress", "addressCountry": org.country}
    return script_json(data)


# ------------------------------------------------------------------------------ merge candidates

def _words(name: str) -> list[str]:
    return [w for w in _SLUG_WORDS.findall(name.casefold()) if len(w) >= 4 and w not in _COMMON_WORDS]


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, " ".join(a.casefold().split()), " ".join(b.casefold().split())).ratio()


def merge_candidates(org: Organisation, q: str = "") -> list[Organisation]:
    """Records a curator may merge into `org`: those matching `q`, or without `q` those with the
    same acronym, a name among its names, or a very similar name. Bounded either way."""
    q = _text({"q": q}, "q", MAX_QUERY_CHARS)
    pool = Organisation.objects.filter(merged_into__isnull=True).exclude(pk=org.pk)
    if q:
        return list(_with_name_texts(pool).filter(_name_match(q)).order_by("name", "id")[:MERGE_CANDIDATES])
    names = {n.casefold() for n in [org.name, *other_names(org)]}
    found: dict[int, tuple[float, Organisation]] = {}
    if org.acronym:
        for other in pool.filter(Q(acronym__iexact=org.acronym) | Q(name__iexact=org.acronym))[:MERGE_CANDIDATES]:
            found[other.pk] = (1.0, other)
    words = sorted(_words(org.name), key=len, reverse=True)[:2]
    if words:
        match = Q()
        for word in words:
            match |= Q(name__icontains=word)
        for other in pool.filter(match).order_by("id")[:MERGE_POOL]:
            score = 1.0 if other.name.casefold() in names else max(_similarity(org.name, other.name), *(
                _similarity(n, other.name) for n in other_names(org)[:5]), 0.0)
            if score >= SIMILAR_NAMES:
                found.setdefault(other.pk, (score, other))
    ranked = sorted(found.values(), key=lambda pair: (-pair[0], pair[1].name))
    return [other for _score, other in ranked[:MERGE_CANDIDATES]]


# ------------------------------------------------------------------------------ initiatives

@dataclass(frozen=True)
class InitiativeFilters:
    q: str = ""
    kind: str = ""
    origin: str = ""
    status: str = ""

    def active(self) -> bool:
        return any(vars(self).values())


def initiative_filters(params: Mapping[str, Any]) -> InitiativeFilters:
    return InitiativeFilters(
        q=_text(params, "q", MAX_QUERY_CHARS),
        kind=_code(params, "kind"),
        origin=_choice(params, "origin", Origin.values),
        status=_choice(params, "status", Status.values),
    )


def initiatives(filters: InitiativeFilters) -> QuerySet[Initiative]:
    queryset = _with_status(Initiative.objects.all(), filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.origin:
        queryset = queryset.filter(origin=filters.origin)
    if filters.q:
        queryset = queryset.filter(name__icontains=filters.q)
    return queryset.order_by("name", "id")


def initiative_page(filters: InitiativeFilters, offset: int = 0, limit: int = PAGE_SIZE) -> Page[Initiative]:
    page = _page(initiatives(filters), offset, limit)
    counts = _document_counts("initiative", [i.pk for i in page.items])
    for initiative in page.items:
        initiative.document_count = counts.get(initiative.pk, 0)
        initiative.summary = initiative_summary(initiative)
    return page


def initiative_summary(initiative: Initiative) -> list[str]:
    parts = [initiative.kind.replace("_", " "),
             str(ORIGIN_LABELS.get(initiative.origin, initiative.origin)),  # type: ignore[call-overload]
             str(STATUS_LABELS.get(initiative.status, initiative.status))]  # type: ignore[call-overload]
    return [part for part in parts if part]


def initiative_choices() -> dict[str, list[tuple[str, str]]]:
    kinds = [k for k in Initiative.objects.values_list("kind", flat=True).distinct().order_by("kind") if k]
    return {
        "kind": [(k, k.replace("_", " ")) for k in kinds],
        "origin": [(str(k), str(v)) for k, v in ORIGIN_LABELS.items()],
        "status": [(str(k), str(v)) for k, v in STATUS_LABELS.items()],
    }


def find_initiative(slug: str) -> Initiative | None:
    return Initiative.objects.filter(slug=slug).first()


@dataclass
class InitiativeDetail:
    initiative: Initiative
    run_by: list[Organisation]
    organisations_mentioned: list[tuple[Organisation, int]]
    documents: Page[DocumentRow]


def _root(org: Organisation, roots: dict[int, Organisation]) -> Organisation:
    return roots.get(org.merged_into_id, org) if org.merged_into_id else org


def initiative_detail(initiative: Initiative, offset: int = 0, limit: int = PAGE_SIZE) -> InitiativeDetail:
    owners = list(initiative.organisations.order_by("name")[:SECTION_LIMIT])
    roots = Organisation.objects.in_bulk([o.merged_into_id for o in owners if o.merged_into_id])
    run_by: list[Organisation] = []
    for owner in owners:
        root = _root(owner, roots)
        if root.status != Status.REJECTED and root not in run_by:
            run_by.append(root)
    together = _mentioned_together("initiative", [initiative.pk], "organisation")
    organisations_by_id = Organisation.objects.in_bulk([pk for pk, _n in together])
    return InitiativeDetail(
        initiative=initiative,
        run_by=run_by,
        organisations_mentioned=[(organisations_by_id[pk], n) for pk, n in together if pk in organisations_by_id],
        documents=_documents_mentioning("initiative", [initiative.pk], offset, limit),
    )


def initiative_url(initiative: Initiative) -> str:
    return f"/initiatives/{initiative.slug}"


def initiative_json(initiative: Initiative) -> dict[str, Any]:
    data = {"slug": initiative.slug, "name": initiative.name, "kind": initiative.kind, "origin": initiative.origin,
            "status": initiative.status, "url": initiative_url(initiative)}
    if hasattr(initiative, "document_count"):
        data["documents"] = initiative.document_count
    return data


def initiative_detail_json(detail: InitiativeDetail) -> dict[str, Any]:
    return {
        "initiative": initiative_json(detail.initiative),
        "run_by": [_reference(o) for o in detail.run_by],
        "organisations_mentioned_together": [{**(_reference(o) or {}), "documents": n}
                                             for o, n in detail.organisations_mentioned],
        "documents": _page_json(detail.documents, document_row_json),
    }


# ------------------------------------------------------------------------------ experts

@dataclass(frozen=True)
class ExpertFilters:
    role: str = ""
    theme: str = ""
    language: str = ""
    country: str = ""

    def active(self) -> bool:
        return any(vars(self).values())


def expert_filters(params: Mapping[str, Any]) -> ExpertFilters:
    language = _text(params, "language").lower()
    if language and not _LANGUAGE.match(language):
        raise FilterError(f"language: {language!r} is not a two-letter language code")
    return ExpertFilters(
        role=_choice(params, "role", ROLE_CODES),
        theme=_choice(params, "theme", THEMES),
        language=language,
        country=_country(params),
    )


def experts(filters: ExpertFilters) -> QuerySet[ExpertProfile]:
    """Only profiles whose owner consented to be listed; in alphabetical order, never ranked."""
    queryset = ExpertProfile.objects.listed().select_related("organisation")
    if filters.role:
        queryset = queryset.filter(role=filters.role)
    if filters.country:
        queryset = queryset.filter(country=filters.country)
    # Themes and languages are JSON lists of codes; a code in quotes matches exactly one element.
    if filters.theme:
        queryset = queryset.alias(themes_text=Cast("themes", TextField())).filter(
            themes_text__contains=f'"{filters.theme}"')
    if filters.language:
        queryset = queryset.alias(languages_text=Cast("languages", TextField())).filter(
            languages_text__contains=f'"{filters.language}"')
    return queryset.order_by("display_name", "id")


def expert_summary(profile: ExpertProfile) -> list[str]:
    org = profile.organisation
    parts = [str(ROLE_LABELS.get(profile.role, profile.role)),
             org.name if org is not None and org.merged_into_id is None else "", country_name(profile.country)]
    return [part for part in parts if part]


def expert_page(filters: ExpertFilters, offset: int = 0, limit: int = PAGE_SIZE) -> Page[ExpertProfile]:
    page = _page(experts(filters), offset, limit)
    for profile in page.items:
        profile.summary = expert_summary(profile)
        profile.theme_labels = [str(t).replace("_", " ") for t in profile.themes or []]
        profile.language_names = [language_name(str(code)) for code in profile.languages or []]
    return page


def expert_choices() -> dict[str, list[tuple[str, str]]]:
    listed = ExpertProfile.objects.listed()
    countries = [c for c in listed.values_list("country", flat=True).distinct().order_by("country") if c]
    languages: set[str] = set()
    for values in listed.values_list("languages", flat=True)[:5000]:
        languages.update(v for v in values or [] if isinstance(v, str) and _LANGUAGE.match(v))
    return {
        "role": [(code, str(ROLE_LABELS.get(code, code))) for code in ROLE_CODES],
        "theme": [(t, t.replace("_", " ")) for t in THEMES],
        "language": sorted(((c, f"{language_name(c)} ({c})") for c in languages), key=lambda c: c[1]),
        "country": sorted(((c, f"{country_name(c)} ({c})") for c in countries), key=lambda c: c[1]),
    }


def find_expert(profile_id: int) -> ExpertProfile | None:
    """A listed profile; a profile without consent is as absent as one that never existed."""
    return ExpertProfile.objects.listed().select_related("organisation").filter(pk=profile_id).first()


def expert_url(profile: ExpertProfile) -> str:
    return f"/experts/{profile.pk}"


def expert_json(profile: ExpertProfile) -> dict[str, Any]:
    org = profile.organisation
    return {"id": profile.pk, "display_name": profile.display_name, "role": profile.role,
            "organisation": _reference(org if org is None or org.merged_into_id is None else None),
            "country": profile.country, "themes": list(profile.themes or []),
            "languages": list(profile.languages or []), "about": profile.about, "url": expert_url(profile)}


# ------------------------------------------------------------------------------ exports

ORGANISATION_COLUMNS = ("slug", "name", "acronym", "kind", "level", "sector", "country", "origin", "status",
                        "other_names", "url")
INITIATIVE_COLUMNS = ("slug", "name", "kind", "origin", "status", "url")
EXPERT_COLUMNS = ("id", "display_name", "role", "organisation", "country", "themes", "languages", "about", "url")


def export_offset(params: Mapping[str, Any]) -> int:
    return _integer(params.get("offset"), "offset", 0, 0, MAX_OFFSET)


def organisation_export(filters: OrganisationFilters, offset: int = 0) -> Page[dict[str, Any]]:
    # Plain values, not model instances: twice as fast for a file of thousands of rows.
    page = _page(organisations(filters).values(*_ORGANISATION_FIELDS, "names", "aliases"), offset, EXPORT_LIMIT)
    return Page([_organisation_data(row) for row in page.items], page.total, offset, EXPORT_LIMIT)


def initiative_export(filters: InitiativeFilters, offset: int = 0) -> Page[dict[str, Any]]:
    page = _page(initiatives(filters), offset, EXPORT_LIMIT)
    return Page([initiative_json(i) for i in page.items], page.total, offset, EXPORT_LIMIT)


def expert_export(filters: ExpertFilters, offset: int = 0) -> Page[dict[str, Any]]:
    page = _page(experts(filters), offset, EXPORT_LIMIT)
    return Page([expert_json(e) for e in page.items], page.total, offset, EXPORT_LIMIT)


def csv_rows(items: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> Iterable[list[str]]:
    yield list(columns)
    for item in items:
        yield [csv_cell(item.get(column)) for column in columns]


# ------------------------------------------------------------------------------ registry facts

def sync_registry_facts() -> dict[str, int]:
    """Bring registry facts the ingest does not store onto the database: each registry body's
    sector and names by language, and the organisation that runs each registry initiative (the
    registry's `owner`, created from the registry when no document named it yet). Idempotent;
    touches at most the registry's few hundred entries."""
    from praxhub.documents.curation import resolve_organisation

    filled = linked = 0
    for org in Organisation.objects.filter(origin=Origin.REGISTRY):
        body = registry.get(org.slug)
        if body is None:
            continue
        changed = []
        if not org.sector:
            org.sector = body.sector
            changed.append("sector")
        if not org.names:
            org.names = {lang: forms[0] for lang, forms in body.names.items() if forms}
            changed.append("names")
        if changed:
            org.save(update_fields=[*changed, "updated_at"])
            filled += 1
    for initiative in Initiative.objects.filter(origin=Origin.REGISTRY):
        entry = initiative_registry.get(initiative.slug)
        if entry is None or not entry.owner or initiative.organisations.exists():
            continue
        owner = Organisation.objects.filter(slug=entry.owner).first()
        if owner is None:
            body = registry.get(entry.owner)
            if body is None:
                continue
            owner = Organisation.objects.create(
                slug=body.id, name=body.canonical_name, acronym=body.acronym or "", kind=body.kind,
                level=body.level, sector=body.sector, country=body.country or "",
                names={lang: forms[0] for lang, forms in body.names.items() if forms},
                origin=Origin.REGISTRY, status=Status.CONFIRMED)
        initiative.organisations.add(resolve_organisation(owner))
        linked += 1
    return {"organisations": filled, "initiatives": linked}
