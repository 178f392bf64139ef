"""The contract every search backend honours."""

from __future__ import annotations

import abc
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from praxhub.accounts import audience
from praxhub.documents.models import Document, DocumentCountry, DocumentTheme
from praxhub.organisations.models import Mention, Organisation
from praxhub.search import query as q


@dataclass(frozen=True)
class Filters:
    kinds: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    organisations: tuple[str, ...] = ()  # slugs: documents that mention any of them
    exclude_ids: tuple[int, ...] = ()  # internal: hits already shown by a stricter query


@dataclass
class RawHit:
    document_id: int
    score: float
    marked_snippet: str | None  # with snippets.START/END, or None to let the service make one


# Counting stops here: past it a page says "more than 10,000", and a common word at 100k
# documents is counted in a few milliseconds instead of a hundred.
COUNT_CAP = 10_000


@dataclass
class RawResults:
    hits: list[RawHit]
    total: int
    notices: list[str] = field(default_factory=list)
    total_is_lower_bound: bool = False


def filter_sql(filters: Filters, alias: str = "d") -> tuple[str, list[Any]]:
    """SQL conditions on the documents table shared by both backends (standard SQL), the current
    viewer's audience rule always among them (accounts.audience)."""
    clauses: list[str] = []
    params: list[Any] = []
    viewer = audience.current()
    if audience.limits(viewer, Document):
        clause, audience_params = viewer.sql(Document, alias)
        clauses.append(clause)
        params.extend(audience_params)

    def within(column: str, values: tuple[str, ...]) -> None:
        clauses.append(f"{alias}.{column} IN ({', '.join(['%s'] * len(values))})")
        params.extend(values)

    if filters.kinds:
        within("kind", filters.kinds)
    if filters.languages:
        within("language", filters.languages)
    if filters.date_from:
        clauses.append(f"{alias}.published >= %s")
        params.append(filters.date_from)
    if filters.date_to:
        clauses.append(f"{alias}.published <= %s")
        params.append(filters.date_to)
    if filters.exclude_ids:
        clauses.append(f"{alias}.id NOT IN ({', '.join(['%s'] * len(filters.exclude_ids))})")
        params.extend(filters.exclude_ids)
    for model, column, values in (
        (DocumentCountry, "code", filters.countries),
        (DocumentTheme, "theme", filters.themes),
    ):
        if values:
            table = model._meta.db_table
            marks = ", ".join(["%s"] * len(values))
            clauses.append(
                f"EXISTS (SELECT 1 FROM {table} t WHERE t.document_id = {alias}.id AND t.{column} IN ({marks}))"
            )
            params.extend(values)
    if filters.organisations:
        marks = ", ".join(["%s"] * len(filters.organisations))
        clauses.append(
            f"EXISTS (SELECT 1 FROM {MENTIONS} m JOIN {ORGANISATIONS} o ON o.id = m.organisation_id "
            f"WHERE m.document_id = {alias}.id AND o.slug IN ({marks}))"
        )
        params.extend(filters.organisations)
    return (" AND ".join(clauses) or "1=1"), params


DOCUMENTS = Document._meta.db_table
MENTIONS = Mention._meta.db_table
ORGANISATIONS = Organisation._meta.db_table


class SearchBackend(abc.ABC):
    name: str

    @abc.abstractmethod
    def index(self, document: Document) -> None:
        """Add or replace the document in the index, inside the caller's transaction."""

    @abc.abstractmethod
    def remove(self, document_id: int) -> None:
        """Drop the document from the index."""

    @abc.abstractmethod
    def search(
        self, query: q.ParsedQuery, filters: Filters, limit: int, offset: int, snippets: bool = True
    ) -> RawResults:
        """Ranked hits for a non-empty query, best first."""

    @abc.abstractmethod
    def match_sql(self, query: q.ParsedQuery, filters: Filters) -> tuple[str, list[Any]]:
        """A subquery selecting the ids of every matching document (unranked), for facet counts."""

    def recent_ids(self, query: q.ParsedQuery, filters: Filters, n: int) -> list[int]:
        """The ids of the `n` most recently added matching documents, newest first (unranked, so
        far cheaper than a search when a query matches most of the corpus)."""
        from django.db import connection

        sql, params = self.match_sql(query, filters)
        with connection.cursor() as cur:
            cur.execute(f"SELECT m.id FROM ({sql}) m ORDER BY m.id DESC LIMIT %s", [*params, n])
            return [row[0] for row in cur.fetchall()]

    def rebuild_derived(self) -> None:  # noqa: B027 - most backends keep nothing outside the database
        """Build again every index kept outside the database (after the database was replaced)."""

    def catch_up(self) -> None:  # noqa: B027 - most backends have nothing to catch up with
        """Bring any derived index up to date now (called at the end of an ingest)."""

    @abc.abstractmethod
    def indexed_count(self) -> int:
        """How many documents the index holds (for consistency checks and stats)."""

    def _exclusion_search(
        self, matching_ids_sql: str, match_params: list[Any], filters: Filters, limit: int, offset: int
    ) -> RawResults:
        """A query of exclusions only ("NOT probation"): every document that passes the filters,
        newest first, minus those the backend-specific subquery `matching_ids_sql` returns."""
        from django.db import connection

        where, params = filter_sql(filters)
        base = f"FROM {DOCUMENTS} d WHERE {where} AND d.id NOT IN ({matching_ids_sql})"
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) {base}", [*params, *match_params])
            total = int(cur.fetchone()[0])
            cur.execute(
                f"SELECT d.id {base} ORDER BY d.published DESC NULLS LAST, d.id DESC LIMIT %s OFFSET %s",
                [*params, *match_params, limit, offset],
            )
            return RawResults([RawHit(row[0], 0.0, None) for row in cur.fetchall()], total)

    def rebuild(self, max_chars: int) -> int:
        """Re-index every document; returns the count."""
        count = 0
        for document in Document.objects.order_by("id").iterator(chunk_size=500):
            self.index(document)
            count += 1
        return count
