"""The search page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from praxhub.documents import services as documents
from praxhub.ingest.model import KINDS
from praxhub.search.service import SearchError, make_filters, search

PAGE_SIZE = 20


def page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10_000))
    except ValueError:
        return 1


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    query = params.get("q", "")
    number = page_number(params.get("page"))
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
            result = search(query, filters, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
            context["result"] = result
            context["page_number"] = number
            context["pages"] = -(-result.total // PAGE_SIZE)
        except SearchError as exc:
            context["error"] = str(exc)
            status = 400
    template = "praxhub/_results.html" if request.headers.get("HX-Request") else "praxhub/search.html"
    return render(request, template, context, status=status)


urlpatterns = [path("search", search_page, name="search")]
