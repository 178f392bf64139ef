"""Search as a service: validate the request, run it on the right backend, shape the hits.

Views, the JSON API and the CLI all call `search()`; none of them builds queries itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from praxhub import config
from praxhub.documents.models import Document
from praxhub.ingest.model import KINDS
from praxhub.search import query as q
from praxhub.search.backends import get_backend
from praxhub.search.backends.base import Filters
from praxhub.search.snippets import Matcher, Snippet, make_snippet
from praxhub.search.text import QUERY_LANGUAGES, fold, stopwords

MAX_QUERY_CHARS = 10_000
# A strict (all words) search with fewer hits than this is followed by a relaxed one.
RELAX_BELOW = 20


class SearchError(ValueError):
    """A search request praxhub cannot run; the message says which field and why."""


@dataclass
class SearchHit:
    id: int
    title: str
    source: str
    kind: str
    language: str
    published: dt.date | None
    score: float
    snippet: Snippet

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "kind": self.kind,
            "language": self.language,
            "published": self.published.isoformat() if self.published else None,
            "score": round(self.score, 6),
            "snippet": self.snippet.html(),
            "url": f"/documents/{self.id}",
        }


@dataclass
class SearchPage:
    query: str
    hits: list[SearchHit]
    total: int
    limit: int
    offset: int
    notices: list[str] = field(default_factory=list)
    backend: str = ""
    total_is_lower_bound: bool = False  # counting stopped at backends.base.COUNT_CAP

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.hits) < self.total


def _codes(values: Iterable[str], field_name: str, pattern: str, transform=str.lower) -> tuple[str, ...]:
    out = []
    for raw in values:
        for value in str(raw).split(","):
            value = value.strip()
            if not value:
                continue
            if not re.fullmatch(pattern, value):
                raise SearchError(f"{field_name}: {value!r} is not a valid value")
            out.append(transform(value))
    return tuple(dict.fromkeys(out))


def parse_date(value: str | dt.date | None, field_name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            year = int(text)
            return dt.date(year, 1, 1) if field_name.endswith("from") else dt.date(year, 12, 31)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise SearchError(f"{field_name}: {value!r} is not a date (use YYYY-MM-DD or YYYY)") from None


def make_filters(
    kinds: Iterable[str] = (),
    languages: Iterable[str] = (),
    countries: Iterable[str] = (),
    themes: Iterable[str] = (),
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    organisations: Iterable[str] = (),
) -> Filters:
    kind_values = _codes(kinds, "kind", r"[a-z_]{2,32}")
    unknown = [k for k in kind_values if k not in KINDS]
    if unknown:
        raise SearchError(f"kind: {unknown[0]!r} is not one of {', '.join(KINDS)}")
    filters = Filters(
        kinds=kind_values,
        languages=_codes(languages, "lang", r"[A-Za-z]{2,3}"),
        countries=_codes(countries, "country", r"[A-Za-z]{2}", str.upper),
        themes=_codes(themes, "theme", r"[a-z_]{2,32}"),
        date_from=parse_date(date_from, "from"),
        date_to=parse_date(date_to, "to"),
        organisations=_codes(organisations, "organisation", r"[a-z0-9][a-z0-9_-]{0,119}"),
    )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise SearchError("from: the start date is after the end date")
    return filters


def search(
    text: str,
    filters: Filters | None = None,
    limit: int = 20,
    offset: int = 0,
    snippets: bool = True,
) -> SearchPage:
    """Run a search. An empty query lists the documents that pass the filters, newest first."""
    cfg = config.get()
    filters = filters or Filters()
    if not 1 <= limit <= cfg.search_max_limit:
        raise SearchError(f"limit: must be between 1 and {cfg.search_max_limit}")
    if offset < 0:
        raise SearchError("offset: must not be negative")
    notices: list[str] = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(f"The query was cut to its first {MAX_QUERY_CHARS:,} characters.")
    try:
        parsed = q.parse(text, max_terms=cfg.search_max_terms)
    except q.QuerySyntaxError as exc:
        raise SearchError(f"query: {exc}") from None
    notices.extend(parsed.notices)
    backend = get_backend()

    if parsed.is_empty:
        if text.strip():
            notices.append("The query has no searchable words; showing all documents instead.")
        ids, total = _browse(filters, limit, offset)
        lower_bound = False
        raw_hits: list[tuple[int, float, str | None]] = [(doc_id, 0.0, None) for doc_id in ids]
    else:
        raw = backend.search(parsed, filters, limit, offset, snippets=snippets)
        total = raw.total
        lower_bound = raw.total_is_lower_bound
        notices.extend(raw.notices)
        raw_hits = [(h.document_id, h.score, h.marked_snippet) for h in raw.hits]
        relaxed = relax(parsed) if raw.total < RELAX_BELOW else None
        if relaxed is not None:
            # Few documents hold every word: rank those first, then the ones holding some.
            complete = offset == 0 and len(raw.hits) == raw.total
            strict = raw.hits if complete else backend.search(parsed, filters, RELAX_BELOW, 0, False).hits
            exclude = tuple(h.document_id for h in strict)
            more_filters = dataclasses.replace(filters, exclude_ids=exclude)
            more_offset = max(0, offset - raw.total)
            more_limit = limit - len(raw_hits)
            more = backend.search(q.ParsedQuery(relaxed), more_filters, max(more_limit, 1), more_offset,
                                  snippets=snippets)
            if more_limit > 0:
                raw_hits += [(h.document_id, h.score, h.marked_snippet) for h in more.hits]
            total += more.total
            lower_bound = lower_bound or more.total_is_lower_bound
            if more.total:
                notices.append(
                    "No document contains every word; showing documents with some of them."
                    if not raw.total else
                    f"Only {raw.total} document(s) contain every word; documents with some of them follow."
                )

    docs = Document.objects.in_bulk([h[0] for h in raw_hits])
    matcher = Matcher(parsed.root, filters.languages or QUERY_LANGUAGES) if not parsed.is_empty else None
    hits = []
    for doc_id, score, marked in raw_hits:
        doc = docs.get(doc_id)
        if doc is None:  # deleted between the two queries
            continue
        if marked is not None:
            snippet = Snippet(" ".join(marked.split()))  # one line, like make_snippet's
        elif snippets:
            snippet = make_snippet(doc.text, matcher, doc.language)
        else:
            snippet = Snippet("")
        hits.append(
            SearchHit(doc.pk, doc.title or doc.source_name, doc.source_name, doc.kind, doc.language,
                      doc.published, score, snippet)
        )
    return SearchPage(text, hits, total, limit, offset, notices, backend.name, total_is_lower_bound=lower_bound)


def relax(parsed: q.ParsedQuery) -> q.Node | None:
    """For a plain list of words (no operators typed), an OR of its content words; else None.

    People type questions and descriptions, not Boolean expressions: requiring every word of
    "how do terror groups raise cash through donation drives" finds nothing."""
    root = parsed.root
    if parsed.explicit or not isinstance(root, q.And):
        return None
    stop = stopwords()
    content = [x for x in root.items if not (isinstance(x, q.Term) and fold(x.word) in stop)]
    if not content:
        return None
    return q.Or(tuple(content)) if len(content) > 1 else content[0]


def _browse(filters: Filters, limit: int, offset: int) -> tuple[list[int], int]:
    from django.db import connection

    from praxhub.search.backends.base import DOCUMENTS, filter_sql

    where, params = filter_sql(filters)
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {DOCUMENTS} d WHERE {where}", params)
        total = int(cur.fetchone()[0])
        cur.execute(
            f"SELECT d.id FROM {DOCUMENTS} d WHERE {where} "
            "ORDER BY d.published DESC NULLS LAST, d.id DESC LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return [row[0] for row in cur.fetchall()], total
