"""Thin views: read the request, call a service, render. No queries are built here."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from praxhub import config
from praxhub.documents import services as documents
from praxhub.documents.models import Document
from praxhub.ingest.model import KINDS
from praxhub.search.service import SearchError, make_filters, search
from praxhub.store import blobs

PAGE_SIZE = 20


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "praxhub/home.html", {"stats": documents.stats(), "recent": documents.recent(8)})


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10_000))
    except ValueError:
        return 1


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    query = params.get("q", "")
    page_number = _page_number(params.get("page"))
    context: dict = {
        "q": query,
        "kinds": KINDS,
        "selected": {
            "kind": params.get("kind", ""),
            "lang": params.get("lang", ""),
            "country": params.get("country", ""),
            "theme": params.get("theme", ""),
            "from": params.get("from", ""),
            "to": params.get("to", ""),
        },
        "languages": documents.languages(),
    }
    status = 200
    if query.strip() or any(context["selected"].values()):
        try:
            filters = make_filters(
                kinds=[params.get("kind", "")],
                languages=[params.get("lang", "")],
                countries=[params.get("country", "")],
                themes=[params.get("theme", "")],
                date_from=params.get("from"),
                date_to=params.get("to"),
            )
            result = search(query, filters, limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE)
            context["result"] = result
            context["page_number"] = page_number
            context["pages"] = -(-result.total // PAGE_SIZE)
        except SearchError as exc:
            context["error"] = str(exc)
            status = 400
    template = "praxhub/_results.html" if request.headers.get("HX-Request") else "praxhub/search.html"
    return render(request, template, context, status=status)


@require_safe
def document_page(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=document_id)
    return render(request, "praxhub/document.html", documents.detail(document))


@require_safe
def document_original(request: HttpRequest, document_id: int) -> FileResponse:
    document = get_object_or_404(Document, pk=document_id)
    path = blobs.path_for(config.get().originals_dir, document.sha256)
    if not path.exists():
        raise Http404("The original file is not in this data directory.")
    content_type = document.media_type or mimetypes.guess_type(document.source_name)[0] or "application/octet-stream"
    # Served as an attachment: an ingested HTML page must never run in praxhub's origin.
    return FileResponse(path.open("rb"), as_attachment=True, filename=document.source_name,
                        content_type=content_type)


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok", "documents": Document.objects.count()})


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "praxhub/error.html", {"title": "Not found",
                  "message": "There is no page at this address."}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "praxhub/error.html", {"title": "Something went wrong",
                  "message": "The error has been logged. Please try again later."}, status=500)
