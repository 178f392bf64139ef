"""Read-side services over documents, shared by the pages, the API and the CLI."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Count, Max, Min, Sum

from praxhub.accounts import audience
from praxhub.documents.models import Document, DocumentCountry, DocumentTheme, Status
from praxhub.encodings import script_json
from praxhub.search.backends import get_backend

COUNTS_TTL = 60


def as_json(doc: Document, with_text: bool = False, with_items: bool = False) -> dict:
    data = {
        "id": doc.pk,
        "title": doc.title,
        "kind": doc.kind,
        "format": doc.format,
        "language": doc.language,
        "published": doc.published.isoformat() if doc.published else None,
        "source": doc.source_name,
        "source_path": doc.source_path,
        "size": doc.size,
        "sha256": doc.sha256,
        "pages": len(doc.pages or [0]),
        "countries": sorted(c.code for c in doc.countries.all()),
        "themes": sorted(t.theme for t in doc.themes.all()),
        "created_at": doc.created_at.isoformat(),
        "updated_at": doc.updated_at.isoformat(),
    }
    if with_text:
        data["text"] = doc.text
    if with_items:
        data.update(items_json(doc))
    return data


def items_json(doc: Document) -> dict[str, list[dict]]:
    """Every item extracted from the document, with its character span and curation status."""
    from praxhub.events.models import Event
    from praxhub.organisations.models import Mention
    from praxhub.recommendations.models import Recommendation
    from praxhub.search.hub import item_json

    def provenance(item: Any) -> dict:
        return {"edited": item.edited, "evidence_missing": item.evidence_missing,
                "evidence": doc.text[item.span_start:item.span_end][:1000]}

    events = [{**item_json("event", e), **provenance(e), "merged_into": e.merged_into_id}
              for e in Event.objects.filter(document=doc).order_by("span_start")]
    recommendations = [{**item_json("recommendation", r), **provenance(r)}
                       for r in Recommendation.objects.filter(document=doc).order_by("span_start")]
    mentions = [
        {"type": "organisation" if m.organisation_id else "initiative",
         "slug": (m.organisation or m.initiative).slug,  # type: ignore[union-attr]
         "name": (m.organisation or m.initiative).name,  # type: ignore[union-attr]
         "surface": m.surface, "span": [m.start, m.end]}
        for m in Mention.objects.filter(document=doc).select_related("organisation", "initiative").order_by("start")
    ]
    return {"events": events, "recommendations": recommendations, "mentions": mentions}


def home_json() -> dict:
    from praxhub.events import services as events
    from praxhub.search.hub import item_json

    return {
        "counts": stats_brief(),
        "waiting_for_curation": waiting_for_curation(),
        "upcoming_events": [item_json("event", e) for e in events.upcoming(8)],
        "newest_documents": [as_json(d) for d in recent(8)],
    }


def stats() -> dict:
    agg = Document.objects.aggregate(
        documents=Count("id"), bytes=Sum("size"), first=Min("published"), last=Max("published")
    )

    def counts(field: str) -> dict[str, int]:
        rows = Document.objects.values(field).annotate(n=Count("id")).order_by("-n", field)
        return {row[field]: row["n"] for row in rows}

    return {
        "documents": agg["documents"] or 0,
        "bytes": agg["bytes"] or 0,
        "published_from": agg["first"].isoformat() if agg["first"] else None,
        "published_to": agg["last"].isoformat() if agg["last"] else None,
        "by_kind": counts("kind"),
        "by_language": counts("language"),
        "by_format": counts("format"),
        "countries": DocumentCountry.objects.values("code").distinct().count(),
        "themes": DocumentTheme.objects.values("theme").distinct().count(),
        # The index holds every document: its size would tell a restricted viewer how many they cannot see.
        "indexed": get_backend().indexed_count() if not audience.limits(audience.current(), Document)
        else agg["documents"] or 0,
        "search_backend": get_backend().name,
    }


def _cached(key: str, compute: Callable[[], dict[str, int]]) -> dict[str, int]:
    """Counts over the item tables cost tens of milliseconds each at 100k documents; the home
    page may show them up to COUNTS_TTL seconds old."""
    from django.core.cache import cache

    key = f"{key}:{data_version()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, COUNTS_TTL)
    return value


def invalidate_counts() -> None:
    """Forget the cached counts and move on to a new data version (after a write). The cache is
    shared by every worker process (a file-based cache in the data directory)."""
    import uuid

    from django.core.cache import cache

    cache.set(DATA_VERSION_KEY, uuid.uuid4().hex, None)


DATA_VERSION_KEY = "praxhub:data-version"


def data_version() -> str:
    """A token that changes whenever documents or their items are written (see
    invalidate_counts), and differs between viewers who may see different things
    (accounts.audience): part of the key of anything cached from the data."""
    import uuid

    from django.core.cache import cache


    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(DATA_VERSION_KEY, version, None)
        version = cache.get(DATA_VERSION_KEY, version)
    return f"{version}:{audience.current().key}"


def stats_brief() -> dict[str, int]:
    """The few counts the home page shows."""
    return _cached("praxhub:stats-brief", _stats_brief)


def _stats_brief() -> dict[str, int]:
    from praxhub.events.models import Event
    from praxhub.organisations.models import Organisation
    from praxhub.recommendations.models import Recommendation

    return {
        "documents": Document.objects.count(),
        "events": Event.objects.filter(merged_into__isnull=True).exclude(status=Status.REJECTED).count(),
        "organisations": Organisation.objects.filter(merged_into__isnull=True).exclude(status=Status.REJECTED).count(),
        "recommendations": Recommendation.objects.exclude(status=Status.REJECTED).count(),
    }


def waiting_for_curation() -> dict[str, int]:
    """How many extracted items still wait for a curator's decision."""
    return _cached("praxhub:waiting", _waiting_for_curation)


def _waiting_for_curation() -> dict[str, int]:
    from praxhub.events.models import Event
    from praxhub.organisations.models import Organisation
    from praxhub.recommendations.models import Recommendation

    return {
        "events": Event.objects.filter(status=Status.SUGGESTED, merged_into__isnull=True).count(),
        "recommendations": Recommendation.objects.filter(status=Status.SUGGESTED).count(),
        "organisations": Organisation.objects.filter(status=Status.SUGGESTED, merged_into__isnull=True).count(),
    }


def recent(n: int) -> list[Document]:
    # Ids grow with each new document: the primary key orders them without a scan.
    return list(Document.objects.defer("text").order_by("-id")[:n])


def languages() -> list[str]:
    return list(Document.objects.values_list("language", flat=True).distinct().order_by("language"))


def facts(doc: Document) -> dict:
    """The document's sources, countries and themes, as its page lists them."""
    return {
        "document": doc,
        "sources": list(doc.sources.order_by("path")),
        "countries": sorted(c.code for c in doc.countries.all()),
        "themes": sorted(t.theme for t in doc.themes.all()),
    }


def export(with_text: bool = True) -> Iterator[dict]:
    queryset = Document.objects.order_by("id").prefetch_related("countries", "themes")
    for doc in queryset.iterator(chunk_size=200):
        yield as_json(doc, with_text=with_text)


# -- the document page: the text with every extracted item marked where it was found ----------

ITEM_CLASSES = {"event": "ev", "recommendation": "rec", "organisation": "org", "initiative": "ini"}


def _marked_html(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """The text as HTML with each span (start, end, kind, anchor id) marked. Spans may overlap
    (an organisation named inside a recommendation), so the text is cut at every boundary and
    each piece is marked with every item covering it; an anchor opens where an item starts."""
    import html

    opening: dict[int, list[int]] = {}
    closing: dict[int, list[int]] = {}
    for i, (start, end, _, _) in enumerate(spans):
        opening.setdefault(start, []).append(i)
        closing.setdefault(end, []).append(i)
    bounds = sorted({0, len(text), *opening, *closing})
    active: set[int] = set()  # a sweep over the boundaries: linear in text and spans
    out: list[str] = []
    for a, b in itertools.pairwise(bounds):
        active.difference_update(closing.get(a, ()))
        for i in opening.get(a, ()):
            active.add(i)
            out.append(f'<span class="anchor" id="at-{spans[i][3]}"></span>')
        piece = html.escape(text[a:b])
        if active:
            classes = " ".join(sorted({f"x-{ITEM_CLASSES[spans[i][2]]}" for i in active}))
            refs = " ".join(sorted(spans[i][3] for i in active))
            piece = f'<mark class="{classes}" data-items="{refs}">{piece}</mark>'
        out.append(piece)
    return "".join(out)


def annotated(doc: Document) -> dict:
    """What the document page shows: metadata, the extracted items with their curation state,
    and the text of each page with every item marked where it was found."""
    from praxhub.events.models import Event
    from praxhub.organisations.models import Mention
    from praxhub.recommendations.models import Recommendation

    events = list(Event.objects.filter(document=doc).select_related("merged_into").prefetch_related("organisers")
                  .order_by("span_start"))
    recommendations = list(Recommendation.objects.filter(document=doc).select_related("addressee", "issuer")
                           .order_by("span_start"))
    mentions = list(Mention.objects.filter(document=doc).select_related("organisation", "initiative")
                    .order_by("start"))
    spans: list[tuple[int, int, str, str]] = []
    spans += [(e.span_start, e.span_end, "event", f"event-{e.pk}") for e in events]
    spans += [(r.span_start, r.span_end, "recommendation", f"recommendation-{r.pk}") for r in recommendations]
    organisations: dict[int, dict] = {}
    initiatives: dict[int, dict] = {}
    for m in mentions:
        if m.organisation_id is not None:
            entry = organisations.setdefault(m.organisation_id, {"organisation": m.organisation, "count": 0})
            entry["count"] += 1
            spans.append((m.start, m.end, "organisation", f"organisation-{m.organisation_id}"))
        elif m.initiative_id is not None:
            entry = initiatives.setdefault(m.initiative_id, {"initiative": m.initiative, "count": 0})
            entry["count"] += 1
            spans.append((m.start, m.end, "initiative", f"initiative-{m.initiative_id}"))
    spans = [s for s in spans if 0 <= s[0] < s[1] <= len(doc.text)]

    page_starts = list(doc.pages or [0])
    pages = []
    for i, start in enumerate(page_starts):
        end = page_starts[i + 1] if i + 1 < len(page_starts) else len(doc.text)
        local = [(max(s, start) - start, min(e, end) - start, k, a) for s, e, k, a in spans if s < end and e > start]
        pages.append({"number": i + 1, "html": _marked_html(doc.text[start:end], local)})
    return {
        **facts(doc),
        "pages": pages,
        "events": events,
        "recommendations": recommendations,
        "organisations": sorted(organisations.values(), key=lambda x: (-x["count"], x["organisation"].name)),
        "initiatives": sorted(initiatives.values(), key=lambda x: (-x["count"], x["initiative"].name)),
    }


def json_ld(doc: Document, url: str, countries: list[str], themes: list[str]) -> str:
    """schema.org CreativeWork for the document page (search engines, linked-data harvesters)."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": doc.title or doc.source_name,
        "url": url,
        "inLanguage": doc.language,
        "encodingFormat": doc.media_type,
        "genre": doc.kind,
    }
    if doc.published:
        data["datePublished"] = doc.published.isoformat()
    if themes:
        data["keywords"] = themes
    if countries:
        data["spatialCoverage"] = [{"@type": "Country", "identifier": c} for c in countries]
    return script_json(data)
