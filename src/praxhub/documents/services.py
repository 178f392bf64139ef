"""Read-side services over documents, shared by the pages, the API and the CLI."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Max, Min, Sum

from praxhub.documents.models import Document, DocumentCountry, DocumentTheme, Status
from praxhub.search.backends import get_backend


def as_json(doc: Document, with_text: bool = False) -> dict:
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
    return data


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
        "indexed": get_backend().indexed_count(),
        "search_backend": get_backend().name,
    }


def stats_brief() -> dict[str, int]:
    """The few counts the home page shows (cheap at any corpus size)."""
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
    from praxhub.events.models import Event
    from praxhub.organisations.models import Organisation
    from praxhub.recommendations.models import Recommendation

    return {
        "events": Event.objects.filter(status=Status.SUGGESTED, merged_into__isnull=True).count(),
        "recommendations": Recommendation.objects.filter(status=Status.SUGGESTED).count(),
        "organisations": Organisation.objects.filter(status=Status.SUGGESTED, merged_into__isnull=True).count(),
    }


def recent(n: int) -> list[Document]:
    return list(Document.objects.defer("text").order_by("-created_at", "-id")[:n])


def languages() -> list[str]:
    return list(Document.objects.values_list("language", flat=True).distinct().order_by("language"))


def detail(doc: Document) -> dict:
    """What the document page shows: metadata and the text split into pages."""
    starts = list(doc.pages or [0])
    pages = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(doc.text)
        pages.append({"number": i + 1, "text": doc.text[start:end]})
    return {
        "document": doc,
        "pages": pages,
        "sources": list(doc.sources.order_by("path")),
        "countries": sorted(c.code for c in doc.countries.all()),
        "themes": sorted(t.theme for t in doc.themes.all()),
    }


def export(with_text: bool = True) -> Iterator[dict]:
    queryset = Document.objects.order_by("id").prefetch_related("countries", "themes")
    for doc in queryset.iterator(chunk_size=200):
        yield as_json(doc, with_text=with_text)
