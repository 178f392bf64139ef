"""Aggregate indicators: trends over time (/trends) and who does what where (/map). Views read
the request, call praxhub.indicators and render; every chart's numbers can be downloaded."""

from __future__ import annotations

import csv

from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from praxhub.documents.models import DocumentTheme, Status
from praxhub.events.models import Event
from praxhub.events.services import THEME_LABELS, country_name
from praxhub.extract.model import THEMES
from praxhub.indicators import charts, trends, whowhere
from praxhub.organisations.models import Initiative, Organisation
from praxhub.practices.models import Practice, PracticeTag, Workflow
from praxhub.web.views.common import error_page

MAX_THEMES = 8
DEFAULT_THEMES = 5


def _error(request: HttpRequest, message: str) -> HttpResponse:
    return error_page(request, _("Bad request"), message, 400)


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


# Sectors of the organisation registry (extract/data), as the map's filter offers them.
SECTOR_LABELS = {code: code.replace("_", " ") for code in (
    "civil_society", "education", "government", "health", "intergovernmental", "justice", "law_enforcement",
    "political", "private", "research", "social")}
SHADES = ("#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08306b")  # light to dark: more is darker
KIND_LABELS = {"actors": _("actors"), "practices": _("practices"), "events": _("events"),
               "initiatives": _("initiatives")}
SELECTION_LIMIT = 25


def _shade(value: int, breaks: list[int]) -> str:
    for i, limit in enumerate(breaks):
        if value <= limit:
            return SHADES[i]
    return SHADES[-1]


@require_safe
def map_page(request: HttpRequest) -> HttpResponse:
    get = request.GET
    level, sector = get.get("level", ""), get.get("sector", "")
    kind, theme, country = get.get("kind", "practices"), get.get("theme", ""), get.get("country", "").upper()
    if level and level not in whowhere.LEVELS:
        return _error(request, f"level: {level!r} is not one of {', '.join(whowhere.LEVELS)}")
    if sector and sector not in SECTOR_LABELS:
        return _error(request, f"sector: {sector!r} is not one of {', '.join(SECTOR_LABELS)}")
    if kind not in whowhere.KINDS:
        return _error(request, f"kind: {kind!r} is not one of {', '.join(whowhere.KINDS)}")
    if theme and theme not in THEMES:
        return _error(request, f"theme: {theme!r} is not one of the hub's themes")
    if country and not (len(country) == 2 and country.isalpha()):
        return _error(request, f"country: {country!r} is not a two-letter country code")
    matrix = whowhere.current(level, sector)
    base = {k: v for k, v in (("level", level), ("sector", sector), ("kind", kind)) if v}

    def url(**extra: str) -> str:
        query = {**base, **{k: v for k, v in extra.items() if v}}
        return "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else request.path

    countries = matrix.countries()
    values = {c: matrix.count(c, theme, kind) for c in countries}
    nonzero = sorted(v for v in values.values() if v)
    # Upper bounds of the shades: quintiles of the countries that have any (fewer when values repeat).
    breaks = sorted({nonzero[min(len(nonzero) - 1, int(len(nonzero) * q))] for q in (0.2, 0.4, 0.6, 0.8, 1.0)}
                    ) if nonzero else []
    theme_label = str(THEME_LABELS.get(theme, "")) if theme else _("all themes")
    shapes = []
    for code, path_data in whowhere.map_paths().items():
        if code in values:
            n = values[code]
            shapes.append({"code": code, "d": path_data, "fill": _shade(n, breaks) if n else "url(#gap)",
                           "gap": n == 0, "href": url(country=code, theme=theme),
                           "title": f"{country_name(code)}: {n} {KIND_LABELS[kind]} ({theme_label})",
                           "selected": code == country})
        else:
            shapes.append({"code": code, "d": path_data, "fill": "#eeeeee", "gap": False, "href": "", "title": "",
                           "selected": False})
    rows = [{"code": c, "name": country_name(c), "total": values[c],
             "cells": [(t, matrix.count(c, t, kind), url(country=c, theme=t)) for t in THEMES],
             "href": url(country=c)} for c in countries]
    context: dict = {
        "shapes": shapes, "view_box": whowhere.map_view_box(), "rows": rows,
        "themes": [(t, THEME_LABELS[t]) for t in THEMES], "kind": kind, "kinds": list(KIND_LABELS.items()),
        "theme": theme, "theme_label": theme_label, "level": level, "sector": sector, "country": country,
        "levels": [(lv, lv) for lv in whowhere.LEVELS], "sectors": list(SECTOR_LABELS.items()),
        "legend": [(SHADES[i], (breaks[i - 1] + 1 if i else 1), limit) for i, limit in enumerate(breaks)],
        "gaps": sum(1 for c in countries if values[c] == 0),
        "computed_at": matrix.computed_at, "kind_label": KIND_LABELS[kind],
    }
    if country:
        context["country_name"] = country_name(country)
        context["country_cells"] = [(t, THEME_LABELS[t], {k: matrix.count(country, t, k) for k in whowhere.KINDS},
                                     url(country=country, theme=t)) for t in THEMES]
        context["country_total"] = {k: matrix.count(country, "", k) for k in whowhere.KINDS}
    if country and theme:
        context["selection"] = _selection(matrix, country, theme)
    return render(request, "praxhub/indicators/map.html", context)


def _selection(matrix: whowhere.Matrix, country: str, theme: str) -> dict:
    """The actors, practices, events and initiatives of one cell (the first of each)."""
    practices = (Practice.objects.filter(status=Workflow.PUBLISHED)
                 .filter(pk__in=PracticeTag.objects.filter(kind="country", value=country).values("practice_id"))
                 .filter(pk__in=PracticeTag.objects.filter(kind="theme", value=theme).values("practice_id"))
                 .order_by("title")[:SELECTION_LIMIT])
    # Walk the country's events by date and test each document's theme on its (document, theme) key:
    # stops after one list instead of reading every document with the theme.
    themed = Exists(DocumentTheme.objects.filter(document_id=OuterRef("document_id"), theme=theme))
    events = (Event.objects.filter(themed, country=country, merged_into__isnull=True).exclude(status=Status.REJECTED)
              .order_by("-start", "-id").only("id", "title", "start", "city")[:SELECTION_LIMIT])
    actor_ids = matrix.actors.get((country, theme), [])
    actors = list(Organisation.objects.filter(pk__in=actor_ids[:2000]).order_by("name")[:SELECTION_LIMIT])
    initiatives = list(Initiative.objects.filter(organisations__in=actor_ids[:2000]).exclude(status=Status.REJECTED)
                       .distinct().order_by("name")[:SELECTION_LIMIT])
    counts = {k: matrix.count(country, theme, k) for k in whowhere.KINDS}
    return {"practices": list(practices), "events": list(events), "actors": actors, "initiatives": initiatives,
            "counts": counts, "limit": SELECTION_LIMIT}


@require_safe
def map_export(request: HttpRequest, kind: str) -> HttpResponse:
    level, sector = request.GET.get("level", ""), request.GET.get("sector", "")
    if level and level not in whowhere.LEVELS:
        return _error(request, f"level: {level!r} is not one of {', '.join(whowhere.LEVELS)}")
    if sector and sector not in SECTOR_LABELS:
        return _error(request, f"sector: {sector!r} is not one of {', '.join(SECTOR_LABELS)}")
    matrix = whowhere.current(level, sector)
    if kind == "json":
        return JsonResponse(matrix.as_json())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="praxhub-who-does-what-where.csv"'
    writer = csv.writer(response)
    writer.writerow(["country", "theme", *whowhere.KINDS])
    for country in matrix.countries():
        writer.writerow([country, "(all themes)", *(matrix.count(country, "", k) for k in whowhere.KINDS)])
        for theme in THEMES:
            writer.writerow([country, theme, *(matrix.count(country, theme, k) for k in whowhere.KINDS)])
    return response


urlpatterns = [
    path("map", map_page, name="map"),
    path("map.csv", map_export, {"kind": "csv"}, name="map-csv"),
    path("map.json", map_export, {"kind": "json"}, name="map-json"),
    path("trends", trends_page, name="trends"),
    path("trends.csv", trends_export, {"kind": "csv"}, name="trends-csv"),
    path("trends.json", trends_export, {"kind": "json"}, name="trends-json"),
]
