"""Trend indicators over the corpus: how often each theme appears per year, and how many
documents, events, recommendations and practices appear per month.

Aggregates only: counts of documents and items, never anything about a person. They are computed
in SQL (a few GROUP BY statements) and kept in the shared cache for the current data version, so
any write to documents or their items makes them be counted again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection

from praxhub.accounts import audience
from praxhub.documents.models import Document, DocumentTheme, Status
from praxhub.documents.services import data_version
from praxhub.events.models import Event
from praxhub.practices.models import Practice, Workflow
from praxhub.recommendations.models import Recommendation

TTL = 3600
MONTHS = 36            # the "new items per month" chart covers this many months up to the latest
FIRST_YEAR = 1990      # earlier dates are treated as errors of extraction
SERIES = ("documents", "events", "recommendations", "practices")


@dataclass
class Trends:
    years: list[int]
    themes: dict[str, list[int]]        # theme → documents with it, per year (aligned with years)
    documents_per_year: list[int]       # every dated document, per year: the base for shares
    months: list[str]                   # YYYY-MM
    items: dict[str, list[int]]         # series → new items per month (aligned with months)

    def theme_share(self, theme: str) -> list[float]:
        """Per year, the share (%) of dated documents that have the theme."""
        return [round(100 * n / total, 1) if total else 0.0
                for n, total in zip(self.themes.get(theme, []), self.documents_per_year, strict=True)]

    def as_json(self) -> dict[str, Any]:
        return {"years": self.years, "documents_per_year": self.documents_per_year, "themes": self.themes,
                "months": self.months, "new_items_per_month": self.items}


def _year(column: str) -> str:
    return f"CAST(strftime('%%Y', {column}) AS INTEGER)" if connection.vendor == "sqlite" else \
        f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"


def _month(column: str) -> str:
    return f"strftime('%%Y-%%m', {column})" if connection.vendor == "sqlite" else f"to_char({column}, 'YYYY-MM')"


def _rows(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def compute(today: dt.date | None = None) -> Trends:
    today = today or dt.date.today()
    documents, themes = Document._meta.db_table, DocumentTheme._meta.db_table
    first, last = dt.date(FIRST_YEAR, 1, 1), dt.date(today.year, 12, 31)
    # Aggregates of what the viewer may see (the cache key says whom: documents.services.data_version).
    viewer = audience.current()
    seen_d, seen_d_params = viewer.sql(Document, "d")
    per_year = dict(_rows(
        f"SELECT {_year('d.published')} AS y, count(*) FROM {documents} d WHERE d.published BETWEEN %s AND %s "
        f"AND {seen_d} GROUP BY y", [first, last, *seen_d_params]))
    by_theme: dict[str, dict[int, int]] = {}
    for theme, year, n in _rows(
            f"SELECT t.theme, {_year('d.published')} AS y, count(*) FROM {themes} t JOIN {documents} d "
            f"ON d.id = t.document_id WHERE d.published BETWEEN %s AND %s AND {seen_d} GROUP BY t.theme, y",
            [first, last, *seen_d_params]):
        by_theme.setdefault(theme, {})[int(year)] = n
    years = list(range(min(per_year), max(per_year) + 1)) if per_year else []

    month_first = dt.date(today.year, today.month, 1)
    for _ in range(MONTHS - 1):
        month_first = (month_first - dt.timedelta(days=1)).replace(day=1)
    months = []
    cursor = month_first
    while cursor <= today:
        months.append(f"{cursor:%Y-%m}")
        cursor = (cursor + dt.timedelta(days=32)).replace(day=1)
    events, recs, practices = Event._meta.db_table, Recommendation._meta.db_table, Practice._meta.db_table
    seen_e, seen_e_params = viewer.sql(Event, "e")
    seen_r, seen_r_params = viewer.sql(Recommendation, "r")
    seen_p, seen_p_params = viewer.sql(Practice, "p")
    counted = {
        "documents": _rows(f"SELECT {_month('d.published')} AS m, count(*) FROM {documents} d "
                           f"WHERE d.published BETWEEN %s AND %s AND {seen_d} GROUP BY m",
                           [month_first, today, *seen_d_params]),
        "events": _rows(f"SELECT {_month('e.start')} AS m, count(*) FROM {events} e WHERE e.start BETWEEN %s AND %s "
                        f"AND e.merged_into_id IS NULL AND e.status <> %s AND {seen_e} GROUP BY m",
                        [month_first, today, Status.REJECTED.value, *seen_e_params]),
        "recommendations": _rows(
            f"SELECT {_month('d.published')} AS m, count(*) FROM {recs} r JOIN {documents} d ON d.id = r.document_id "
            f"WHERE d.published BETWEEN %s AND %s AND r.status <> %s AND {seen_r} GROUP BY m",
            [month_first, today, Status.REJECTED.value, *seen_r_params]),
        "practices": _rows(f"SELECT {_month('p.published_at')} AS m, count(*) FROM {practices} p "
                           f"WHERE p.status = %s AND p.published_at >= %s AND {seen_p} GROUP BY m",
                           [Workflow.PUBLISHED.value, month_first, *seen_p_params]),
    }
    items = {name: [dict(rows).get(m, 0) for m in months] for name, rows in counted.items()}
    return Trends(
        years=years,
        themes={theme: [counts.get(y, 0) for y in years] for theme, counts in sorted(by_theme.items())},
        documents_per_year=[per_year.get(y, 0) for y in years],
        months=months, items=items,
    )


def current() -> Trends:
    """The trends for the current data version (counted at most once per version and hour)."""
    key = f"praxhub:trends:{data_version()}:{dt.date.today():%Y-%m}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TTL)
    return found


def csv_rows(trends: Trends, series: str) -> list[list[Any]]:
    """The numbers behind a chart: `themes` (theme × year) or `items` (series × month)."""
    if series == "themes":
        rows: list[list[Any]] = [["theme", *trends.years]]
        rows.append(["(all dated documents)", *trends.documents_per_year])
        rows.extend([theme, *counts] for theme, counts in trends.themes.items())
        return rows
    rows = [["month", *SERIES]]
    rows.extend([month, *(trends.items[name][i] for name in SERIES)] for i, month in enumerate(trends.months))
    return rows
