"""The search page: one box over documents, events, recommendations, organisations and
initiatives, with facets. Every state is in the query string, so every page can be shared."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from praxhub.documents import services as documents
from praxhub.encodings import csv_cell
from praxhub.ingest.model import KINDS
from praxhub.search.hub import TYPES, HubResult, export_rows, hub_search, parse_statuses, result_json, year_filters
from praxhub.search.service import SearchError, make_filters

PAGE_SIZE = 20
EXPORT_LIMIT = 500  # rows per export request; page through with &page=N for more
FILTER_PARAMS = ("kind", "lang", "country", "theme", "year", "from", "to", "organisation", "status")


def page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10_000))
    except ValueError:
        return 1


def _run(request: HttpRequest, limit: int, facets: bool = True) -> tuple[HubResult, int]:
    params = request.GET
    selected = {name: params.get(name, "") for name in FILTER_PARAMS}
    filters = make_filters(
        kinds=[selected["kind"]], languages=[selected["lang"]], countries=[selected["country"]],
        themes=[selected["theme"]], date_from=selected["from"], date_to=selected["to"],
        organisations=[selected["organisation"]],
    )
    filters = year_filters(filters, selected["year"])
    number = page_number(params.get("page"))
    result = hub_search(params.get("q", ""), params.get("type", "") or "document", filters, limit=limit,
                        offset=(number - 1) * limit, statuses=parse_statuses([selected["status"]]), facets=facets)
    return result, number


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    selected = {name: params.get(name, "") for name in FILTER_PARAMS}
    context: dict = {"q": params.get("q", ""), "type": params.get("type", "") or "document", "types": TYPES,
                     "kinds": KINDS, "selected": selected, "languages": documents.languages()}
    status = 200
    if context["q"].strip() or any(selected.values()) or "type" in params:
        try:
            result, number = _run(request, PAGE_SIZE)
            context.update(result=result, page_number=number, pages=-(-result.total // PAGE_SIZE))
        except SearchError as exc:
            context["error"] = str(exc)
            status = 400
    template = "praxhub/_results.html" if request.headers.get("HX-Request") else "praxhub/search.html"
    return render(request, template, context, status=status)


@require_safe
def search_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The current search as CSV or JSON: up to EXPORT_LIMIT rows of the chosen type and page."""
    try:
        result, _ = _run(request, EXPORT_LIMIT, facets=fmt == "json")
    except SearchError as exc:
        return JsonResponse({"detail": str(exc)}, status=400)
    if fmt == "json":
        return JsonResponse(result_json(result), json_dumps_params={"ensure_ascii": False})
    rows = export_rows(result)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="praxhub-search-{result.type}.csv"'
    if rows:
        writer = csv.writer(response)
        writer.writerow(list(rows[0]))
        writer.writerows([csv_cell(value) for value in row.values()] for row in rows)
    return response


urlpatterns = [
    path("search", search_page, name="search"),
    path("search.csv", search_export, {"fmt": "csv"}, name="search-csv"),
    path("search.json", search_export, {"fmt": "json"}, name="search-json"),
]
