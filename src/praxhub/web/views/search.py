"""The search page: one box over documents, events, recommendations, organisations and
initiatives, with facets. Every state is in the query string, so every page can be shared."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from praxhub.documents import services as documents
from praxhub.ingest.model import KINDS
from praxhub.search.hub import TYPES, hub_search, parse_statuses, year_filters
from praxhub.search.service import SearchError, make_filters

PAGE_SIZE = 20
FILTER_PARAMS = ("kind", "lang", "country", "theme", "year", "from", "to", "organisation", "status")


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
    type_ = params.get("type", "") or "document"
    selected = {name: params.get(name, "") for name in FILTER_PARAMS}
    context: dict = {"q": query, "type": type_, "types": TYPES, "kinds": KINDS, "selected": selected,
                     "languages": documents.languages()}
    status = 200
    if query.strip() or any(selected.values()) or "type" in params:
        try:
            filters = make_filters(
                kinds=[selected["kind"]], languages=[selected["lang"]], countries=[selected["country"]],
                themes=[selected["theme"]], date_from=selected["from"], date_to=selected["to"],
                organisations=[selected["organisation"]],
            )
            filters = year_filters(filters, selected["year"])
            result = hub_search(query, type_, filters, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE,
                                statuses=parse_statuses([selected["status"]]))
            context.update(result=result, page_number=number, pages=-(-result.total // PAGE_SIZE))
        except SearchError as exc:
            context["error"] = str(exc)
            status = 400
    template = "praxhub/_results.html" if request.headers.get("HX-Request") else "praxhub/search.html"
    return render(request, template, context, status=status)


urlpatterns = [path("search", search_page, name="search")]
