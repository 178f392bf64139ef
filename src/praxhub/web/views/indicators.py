"""Aggregate indicators: trends over time (/trends) and who does what where (/map). Views read
the request, call praxhub.indicators and render; every chart's numbers can be downloaded."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from praxhub.events.services import THEME_LABELS
from praxhub.extract.model import THEMES
from praxhub.indicators import charts, trends

MAX_THEMES = 8
DEFAULT_THEMES = 5


def _error(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "praxhub/error.html", {"title": _("Bad request"), "message": message}, status=400)


@require_safe
def trends_page(request: HttpRequest) -> HttpResponse:
    chosen = [t for t in request.GET.getlist("theme") if t]
    unknown = [t for t in chosen if t not in THEMES]
    if unknown:
        return _error(request, f"theme: {unknown[0]!r} is not one of the hub's themes")
    if len(chosen) > MAX_THEMES:
        return _error(request, f"theme: choose at most {MAX_THEMES} themes")
    found = trends.current()
    if not chosen:
        totals = sorted(found.themes.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
        chosen = [theme for theme, _counts in totals[:DEFAULT_THEMES]]
    labels = [str(y) for y in found.years]
    shares = {str(THEME_LABELS.get(t, t)): found.theme_share(t) for t in chosen}
    series_names = {"documents": _("Documents (by publication date)"), "events": _("Events (by start date)"),
                    "recommendations": _("Recommendations (by their document's date)"),
                    "practices": _("Practices (by publication in the compendium)")}
    return render(request, "praxhub/indicators/trends.html", {
        "themes": [(t, THEME_LABELS[t], t in chosen) for t in THEMES],
        "theme_chart": charts.line_chart(_("Share of documents with each theme, per year"), labels, shares, "%"),
        "theme_table": [(name, list(zip(labels, values, strict=True))) for name, values in shares.items()],
        "years": labels,
        "documents_per_year": found.documents_per_year,
        "item_charts": [(series_names[name], charts.bar_chart(str(series_names[name]), found.months,
                                                             found.items[name]), found.items[name])
                        for name in trends.SERIES],
        "items_table": [(month, [found.items[name][i] for name in trends.SERIES])
                        for i, month in enumerate(found.months)],
    })


@require_safe
def trends_export(request: HttpRequest, kind: str) -> HttpResponse:
    found = trends.current()
    if kind == "json":
        return JsonResponse(found.as_json())
    series = request.GET.get("series", "themes")
    if series not in ("themes", "items"):
        return _error(request, f"series: {series!r} must be themes or items")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="praxhub-trends-{series}.csv"'
    csv.writer(response).writerows(trends.csv_rows(found, series))
    return response


urlpatterns = [
    path("trends", trends_page, name="trends"),
    path("trends.csv", trends_export, {"kind": "csv"}, name="trends-csv"),
    path("trends.json", trends_export, {"kind": "json"}, name="trends-json"),
]
