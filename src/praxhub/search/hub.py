"""One search box over the whole hub: documents, events, recommendations, organisations and
initiatives, with facet counts.

Documents are ranked by the full-text backend. Events and recommendations are evidence found
in documents, so they are looked for in the best-matching documents (at most ITEM_DOCUMENTS)
and kept when their own text matches the query the way the index would (same folding and
stemming, see snippets.Matcher). Organisations and initiatives are matched on their names.
Facet counts cover every matching document, or the FACET_SAMPLE most recently added of them when there are
more (the page says so).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear

from praxhub import config
from praxhub.documents.models import DocumentCountry, DocumentTheme, Status
from praxhub.events.models import Event
from praxhub.organisations.models import Initiative, Mention, Organisation
from praxhub.recommendations.models import Recommendation
from praxhub.search import query as q
from praxhub.search.backends import get_backend
from praxhub.search.backends.base import COUNT_CAP, DOCUMENTS, Filters, filter_sql
from praxhub.search.service import MAX_QUERY_CHARS, RELAX_BELOW, SearchError, SearchPage, relax, search
from praxhub.search.snippets import Matcher
from praxhub.search.text import QUERY_LANGUAGES, TOKEN_RE, fold, stem_words

TYPES = ("document", "event", "recommendation", "organisation", "initiative")
# Events and recommendations are looked for in this many of the most recently added matching documents.
ITEM_DOCUMENTS = 100
# Facets count every matching document up to this many; beyond, the most recently added this many
# (and the page says so):
# counting countries, themes and organisations of 80,000 matches would take seconds.
FACET_SAMPLE = 500
FACET_SIZE = 12
FACET_NAMES = ("kind", "lang", "year", "country", "theme", "organisation")
STATUSES = ("suggested", "confirmed", "rejected")


@dataclass
class FacetValue:
    value: str
    count: int
    label: str = ""


@dataclass
class Facet:
    name: str  # the query-string parameter it sets
    values: list[FacetValue]


@dataclass
class HubResult:
    query: str
    type: str
    total: int
    limit: int
    offset: int
    documents: SearchPage | None = None
    items: list[Any] = field(default_factory=list)
    type_counts: dict[str, int] = field(default_factory=dict)
    facets: list[Facet] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    capped: bool = False  # item counts cover only the ITEM_DOCUMENTS most recently added matching documents
    documents_lower_bound: bool = False  # more documents match than type_counts["document"] says
    facets_sampled: bool = False  # facet counts cover only the FACET_SAMPLE most recently added matching documents

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total


# -- matching items the way the index matches documents ---------------------------------------

class ItemMatcher:
    """Evaluates a query tree against a short text (an event title, a recommendation)."""

    def __init__(self, root: q.Node, languages: tuple[str, ...]) -> None:
        self.root = root
        self.languages = languages
        self._leaf_matchers: dict[int, Matcher] = {}

    def __call__(self, text: str, language: str) -> bool:
        folded_words = TOKEN_RE.findall(fold(text))  # folding the whole text once is cheaper
        lowered = [w.lower() for w in TOKEN_RE.findall(text)]
        return self._eval(self.root, _Words(folded_words, lowered, language))

    def _leaf(self, node: q.Node) -> Matcher:
        key = id(node)
        if key not in self._leaf_matchers:
            self._leaf_matchers[key] = Matcher(node, self.languages)
        return self._leaf_matchers[key]

    def _eval(self, node: q.Node, words: _Words) -> bool:
        if isinstance(node, q.Phrase):
            return f" {' '.join(fold(w) for w in node.words)} " in f" {words.folded_text} "
        if isinstance(node, (q.Term, q.Prefix)):
            matcher = self._leaf(node)
            if matcher.exact & words.folded_set:
                return True
            if matcher.prefixes and any(w.startswith(p) for p in matcher.prefixes for w in words.folded_set):
                return True
            return bool(matcher.stems) and not matcher.stems.isdisjoint(words.stems())
        if isinstance(node, q.Not):
            return not self._eval(node.item, words)
        if isinstance(node, q.And):
            return all(self._eval(x, words) for x in node.items)
        return any(self._eval(x, words) for x in node.items)


class _Words:
    """The words of one text, folded, and stemmed only when a stem is needed."""

    def __init__(self, folded: list[str], lowered: list[str], language: str) -> None:
        self.folded_text = " ".join(folded)
        self.folded_set = set(folded)
        self._lowered = lowered
        self._language = language
        self._stems: set[str] | None = None

    def stems(self) -> set[str]:
        if self._stems is None:
            self._stems = set(stem_words(self._lowered, self._language))
        return self._stems


def _item_filters(filters: Filters) -> Filters:
    """Document-level filters for finding items: country and dates apply to the items themselves."""
    return dataclasses.replace(filters, countries=(), date_from=None, date_to=None, kinds=())


def _matching_ids_sql(parsed: q.ParsedQuery, filters: Filters) -> tuple[str, list[Any]]:
    if parsed.is_empty:
        where, params = filter_sql(filters)
        return f"SELECT d.id FROM {DOCUMENTS} d WHERE {where}", params
    return get_backend().match_sql(parsed, filters)


def _count_documents(parsed: q.ParsedQuery, filters: Filters) -> int:
    """How many documents the documents tab lists (up to COUNT_CAP + 1), without ranking them
    (relaxed like search())."""
    sql, params = _matching_ids_sql(parsed, filters)
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM ({sql} LIMIT %s) m", [*params, COUNT_CAP + 1])
        total = int(cur.fetchone()[0])
        relaxed = relax(parsed) if not parsed.is_empty and total < RELAX_BELOW else None
        if relaxed is not None:
            sql, params = get_backend().match_sql(q.ParsedQuery(relaxed), filters)
            cur.execute(f"SELECT count(*) FROM ({sql} LIMIT %s) m", [*params, COUNT_CAP + 1])
            total = max(total, int(cur.fetchone()[0]))
    return total


def _recent_documents(parsed: q.ParsedQuery, filters: Filters, n: int) -> list[int]:
    """The ids of the n most recently added matching documents (unranked: cheap at any size)."""
    if parsed.is_empty:
        where, params = filter_sql(filters)
        with connection.cursor() as cur:
            cur.execute(f"SELECT d.id FROM {DOCUMENTS} d WHERE {where} ORDER BY d.id DESC LIMIT %s", [*params, n])
            return [row[0] for row in cur.fetchall()]
    return get_backend().recent_ids(parsed, filters, n)


def _status_filter(queryset: QuerySet, statuses: tuple[str, ...]) -> QuerySet:
    if statuses:
        return queryset.filter(status__in=statuses)
    return queryset.exclude(status=Status.REJECTED)


def _event_queryset(filters: Filters, statuses: tuple[str, ...]) -> QuerySet[Event]:
    events = _status_filter(Event.objects.filter(merged_into__isnull=True), statuses)
    if filters.countries:
        events = events.filter(country__in=filters.countries)
    if filters.date_from:
        events = events.filter(start__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(start__lte=filters.date_to)
    return events


def _recommendation_queryset(filters: Filters, statuses: tuple[str, ...]) -> QuerySet[Recommendation]:
    recommendations = _status_filter(Recommendation.objects.all(), statuses)
    if filters.countries:
        recommendations = recommendations.filter(document__countries__code__in=filters.countries)
    if filters.date_from:
        recommendations = recommendations.filter(document__published__gte=filters.date_from)
    if filters.date_to:
        recommendations = recommendations.filter(document__published__lte=filters.date_to)
    return recommendations


def _with_document_filters(queryset: QuerySet, filters: Filters) -> QuerySet:
    """Theme, language and organisation filters apply to the document an item was found in."""
    document_filters = Filters(languages=filters.languages, themes=filters.themes,
                               organisations=filters.organisations)
    if document_filters == Filters():
        return queryset
    where, params = filter_sql(document_filters)
    return queryset.filter(document_id__in=RawSQL(f"SELECT d.id FROM {DOCUMENTS} d WHERE {where}", params))


EVENT_TEXT_FIELDS = ("title", "city", "venue", "kind", "organiser_names")
RECOMMENDATION_TEXT_FIELDS = ("text", "addressee_name", "issuer_name")


def _stubs(word: str) -> set[str]:
    """Leading letters every inflected, accented or unaccented form of a word shares (stemming
    changes endings only), for a cheap LIKE pre-filter before exact matching."""
    return {w[:4] for w in (word.lower(), fold(word)) if w}


def _prefilter(node: q.Node, fields: tuple[str, ...]) -> Q | None:
    """A necessary condition for `node` to match, as substring tests in SQL; None when there is none."""
    if isinstance(node, (q.Term, q.Prefix, q.Phrase)):
        word = max(node.words, key=len) if isinstance(node, q.Phrase) else node.word
        condition = Q()
        for stub in _stubs(word):
            for name in fields:
                condition |= Q(**{f"{name}__icontains": stub})
        return condition
    if isinstance(node, q.Not):
        return None
    parts = [_prefilter(item, fields) for item in node.items]
    if isinstance(node, q.And):
        known = [p for p in parts if p is not None]
        if not known:
            return None
        combined = known[0]
        for part in known[1:]:
            combined &= part
        return combined
    alternatives = [p for p in parts if p is not None]
    if len(alternatives) < len(parts):
        return None
    either = alternatives[0]
    for part in alternatives[1:]:
        either |= part
    return either


def _evidence_items(kind: str, parsed: q.ParsedQuery, filters: Filters, statuses: tuple[str, ...],
                    best: list[int] | None) -> tuple[list[dict], int, QuerySet | None]:
    """Matching events or recommendations: (rows, count) for a query, or the queryset to page
    through when there is no query. Rows are plain values: the full objects are loaded for the
    page shown only."""
    if kind == "event":
        base: QuerySet = _event_queryset(filters, statuses)
        fields: tuple[str, ...] = EVENT_TEXT_FIELDS
        extra: tuple[str, ...] = ("country", "start")
    else:
        base = _recommendation_queryset(filters, statuses)
        fields = RECOMMENDATION_TEXT_FIELDS
        extra = ("document__published",)
    base = _with_document_filters(base, filters)
    if parsed.is_empty:
        ordered = base.order_by("-start", "-id") if kind == "event" else base.order_by("-document__published", "-id")
        return [], -1, ordered.select_related("document")
    assert parsed.root is not None and best is not None
    candidates = base.filter(document_id__in=best)
    if kind == "recommendation" and filters.countries:
        candidates = candidates.distinct()  # the country join may repeat a row
    narrow = _prefilter(parsed.root, fields)
    if narrow is not None:
        candidates = candidates.filter(narrow)
    rank = {doc_id: i for i, doc_id in enumerate(best)}
    matcher = ItemMatcher(parsed.root, filters.languages or QUERY_LANGUAGES)
    rows = candidates.values("id", "document_id", "span_start", "status", "document__language", *fields, *extra)
    matched = []
    for row in rows:
        text = " ".join(" ".join(v) if isinstance(v, list) else str(v or "") for v in (row[f] for f in fields))
        if matcher(text, row["document__language"]):
            matched.append(row)
    matched.sort(key=lambda r: (rank.get(r["document_id"], len(rank)), r["span_start"]))
    return matched, len(matched), None


def _load_page(kind: str, rows: list[dict]) -> list[Any]:
    model = Event if kind == "event" else Recommendation
    related = ("document",) if kind == "event" else ("document", "addressee", "issuer")
    objects = model.objects.select_related(*related).in_bulk([r["id"] for r in rows])
    return [objects[r["id"]] for r in rows if r["id"] in objects]


def _entity_queryset(model: type[Organisation] | type[Initiative], parsed: q.ParsedQuery, filters: Filters,
                     statuses: tuple[str, ...]) -> tuple[list[Any], int, QuerySet | None]:
    entities: QuerySet = _status_filter(model.objects.all(), statuses)
    if model is Organisation:
        entities = entities.filter(merged_into__isnull=True)
        if filters.countries:
            entities = entities.filter(country__in=filters.countries)
    if parsed.is_empty:
        return [], -1, entities.order_by("name")
    assert parsed.root is not None
    positive = q.leaves(parsed.root)
    # Narrow in SQL on the longest word's first letters in the folded names, then match exactly
    # in Python.
    words = [w for x in positive for w in (x.words if isinstance(x, q.Phrase) else (x.word,))]
    longest = max(words, key=len) if words else ""
    if fold(longest)[:4]:
        entities = entities.filter(search_names__contains=fold(longest)[:4])
    matcher = ItemMatcher(parsed.root, filters.languages or QUERY_LANGUAGES)
    matched = []
    for entity in entities.order_by("name")[:2000]:
        names = [entity.name]
        if isinstance(entity, Organisation):
            names += [entity.acronym, *(entity.aliases or []), *(entity.names or {}).values()]
        if matcher(" ".join(n for n in names if n), "en"):
            matched.append(entity)
    # Registry and confirmed records first: they are the ones people look for.
    matched.sort(key=lambda e: (e.status != Status.CONFIRMED, e.name.lower()))
    return matched, len(matched), None


# -- facets -------------------------------------------------------------------------------------

def _document_facets(parsed: q.ParsedQuery, filters: Filters) -> list[Facet]:
    """Every document facet over the matching documents (at most the FACET_SAMPLE most recently
    added ones)."""
    ids = _recent_documents(parsed, filters, FACET_SAMPLE)
    if not ids:
        return [Facet(name, []) for name in FACET_NAMES]
    marks = ", ".join(["%s"] * len(ids))
    year = "strftime('%%Y', d.published)" if connection.vendor == "sqlite" else "to_char(d.published, 'YYYY')"
    countries, themes = DocumentCountry._meta.db_table, DocumentTheme._meta.db_table
    mentions, organisations = Mention._meta.db_table, Organisation._meta.db_table
    # One statement per facet, each a primary-key or index lookup per id: measured at 100k
    # documents, SQLite runs the six separately in a quarter of the time it takes for their
    # UNION ALL over one materialised id list.
    statements = {
        "kind": f"SELECT d.kind, '', count(*) FROM {DOCUMENTS} d WHERE d.id IN ({marks}) GROUP BY d.kind",
        "lang": f"SELECT d.language, '', count(*) FROM {DOCUMENTS} d WHERE d.id IN ({marks}) GROUP BY d.language",
        "year": f"SELECT {year}, '', count(*) FROM {DOCUMENTS} d WHERE d.id IN ({marks}) "
                f"AND d.published IS NOT NULL GROUP BY {year}",
        "country": f"SELECT c.code, '', count(*) FROM {countries} c WHERE c.document_id IN ({marks}) GROUP BY c.code",
        "theme": f"SELECT t.theme, '', count(*) FROM {themes} t WHERE t.document_id IN ({marks}) GROUP BY t.theme",
        "organisation": f"SELECT o.slug, min(CASE WHEN o.acronym = '' THEN o.name ELSE o.acronym END), "
                        f"count(DISTINCT x.document_id) FROM {mentions} x JOIN {organisations} o "
                        f"ON o.id = x.organisation_id WHERE x.document_id IN ({marks}) GROUP BY o.slug",
    }
    values: dict[str, list[FacetValue]] = {name: [] for name in FACET_NAMES}
    with connection.cursor() as cur:
        for name, sql in statements.items():
            cur.execute(sql, ids)
            for value, label, count in cur.fetchall():
                if value not in (None, ""):
                    values[name].append(FacetValue(str(value), int(count), label or ""))
    facets = []
    for name in FACET_NAMES:
        if name == "year":
            ordered = sorted(values[name], key=lambda v: v.value, reverse=True)
        else:
            ordered = sorted(values[name], key=lambda v: (-v.count, v.value))
        facets.append(Facet(name, ordered[:FACET_SIZE]))
    return facets


def _item_facets(rows: list[dict], kind: str) -> list[Facet]:
    """Facets over the matched events or recommendations (already bounded in number)."""
    countries: dict[str, int] = {}
    years: dict[str, int] = {}
    statuses: dict[str, int] = {}
    for row in rows:
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
        day = row.get("start") if kind == "event" else row.get("document__published")
        if day:
            years[str(day.year)] = years.get(str(day.year), 0) + 1
        if kind == "event" and row.get("country"):
            countries[row["country"]] = countries.get(row["country"], 0) + 1

    def top(counts: dict[str, int], by_value: bool = False) -> list[FacetValue]:
        ordered = sorted(counts.items(), key=(lambda kv: kv[0]) if by_value else (lambda kv: (-kv[1], kv[0])),
                         reverse=by_value)
        return [FacetValue(k, v) for k, v in ordered[:FACET_SIZE]]

    facets = [Facet("status", top(statuses)), Facet("year", top(years, by_value=True))]
    if kind == "event":
        facets.insert(0, Facet("country", top(countries)))
    return facets


def _queryset_facets(queryset: QuerySet, kind: str) -> list[Facet]:
    """Exact facet counts over every listed item (no query typed)."""

    def grouped(qs: QuerySet, column: str) -> list[FacetValue]:
        rows = qs.values(column).annotate(n=Count("id")).order_by("-n", column)[:FACET_SIZE]
        return [FacetValue(str(r[column]), r["n"]) for r in rows if r[column] not in (None, "")]

    unordered = queryset.order_by()
    date_column = "start" if kind == "event" else "document__published"
    years = grouped(unordered.exclude(**{date_column: None}).annotate(year=ExtractYear(date_column)), "year")
    years.sort(key=lambda v: v.value, reverse=True)
    facets = [Facet("status", grouped(unordered, "status")), Facet("year", years)]
    if kind == "event":
        facets.insert(0, Facet("country", grouped(unordered, "country")))
    return facets


# -- the search ---------------------------------------------------------------------------------

def parse_statuses(values: list[str]) -> tuple[str, ...]:
    out = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if part not in STATUSES:
                raise SearchError(f"status: {part!r} is not one of {', '.join(STATUSES)}")
            out.append(part)
    return tuple(dict.fromkeys(out))


def year_filters(filters: Filters, year: str) -> Filters:
    if not year:
        return filters
    if not (year.isdigit() and len(year) == 4):
        raise SearchError(f"year: {year!r} is not a year (YYYY)")
    start, end = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    return dataclasses.replace(filters, date_from=max(filters.date_from or start, start),
                               date_to=min(filters.date_to or end, end))


def hub_search(text: str, type_: str = "document", filters: Filters | None = None, limit: int = 20,
               offset: int = 0, statuses: tuple[str, ...] = (), facets: bool = True) -> HubResult:
    """Search one type of thing and count every type, with facets for the type shown."""
    filters = filters or Filters()
    type_ = type_ or "document"
    if type_ not in TYPES:
        raise SearchError(f"type: {type_!r} is not one of {', '.join(TYPES)}")
    if not 1 <= limit <= config.get().search_max_limit:
        raise SearchError(f"limit: must be between 1 and {config.get().search_max_limit}")
    if offset < 0:
        raise SearchError("offset: must not be negative")
    documents = search(text, filters, limit=limit, offset=offset) if type_ == "document" else None
    try:
        parsed = q.parse(text[:MAX_QUERY_CHARS], max_terms=config.get().search_max_terms)
    except q.QuerySyntaxError as exc:
        raise SearchError(f"query: {exc}") from None
    # Events and recommendations are looked for in the most recently added matching documents.
    best = _recent_documents(parsed, _item_filters(filters), ITEM_DOCUMENTS) if not parsed.is_empty else None
    notices = documents.notices if documents is not None else parsed.notices
    result = HubResult(text, type_, 0, limit, offset, notices=list(notices))
    result.capped = best is not None and len(best) >= ITEM_DOCUMENTS
    if documents is not None:
        result.type_counts["document"] = documents.total
        result.documents_lower_bound = documents.total_is_lower_bound
    else:
        counted = _count_documents(parsed, filters)
        result.type_counts["document"] = min(counted, COUNT_CAP)
        result.documents_lower_bound = counted > COUNT_CAP

    for kind in TYPES[1:]:
        if kind in ("event", "recommendation"):
            matched, count, queryset = _evidence_items(kind, parsed, filters, statuses, best)
        else:
            model = Organisation if kind == "organisation" else Initiative
            matched, count, queryset = _entity_queryset(model, parsed, filters, statuses)
        if queryset is not None:
            count = queryset.count()
        result.type_counts[kind] = count
        if kind != type_:
            continue
        result.total = count
        if queryset is not None:
            result.items = list(queryset[offset:offset + limit])
        elif kind in ("event", "recommendation"):
            result.items = _load_page(kind, matched[offset:offset + limit])
        else:
            result.items = matched[offset:offset + limit]
        if facets and kind in ("event", "recommendation"):
            result.facets = _item_facets(matched, kind) if queryset is None else _queryset_facets(queryset, kind)

    if documents is not None:
        result.documents = documents
        result.total = documents.total
        if facets:
            result.facets = _document_facets(parsed, filters)
            result.facets_sampled = result.total > FACET_SAMPLE
    return result


# -- serialisation (API, exports) ---------------------------------------------------------------

def item_json(kind: str, item: Any) -> dict:
    """One row of a hub result as JSON: the same fields the result list shows."""
    if kind == "event":
        return {"type": kind, "id": item.pk, "title": item.title, "kind": item.kind, "status": item.status,
                "start": item.start.isoformat() if item.start else None,
                "end": item.end.isoformat() if item.end else None, "city": item.city, "country": item.country,
                "document_id": item.document_id, "span": [item.span_start, item.span_end],
                "url": f"/events/{item.pk}"}
    if kind == "recommendation":
        return {"type": kind, "id": item.pk, "text": item.text, "issuer": item.issuer_name,
                "addressee": item.addressee_name, "verb": item.verb, "strength": item.strength,
                "themes": item.themes, "status": item.status, "document_id": item.document_id,
                "span": [item.span_start, item.span_end],
                "url": f"/documents/{item.document_id}#recommendation-{item.pk}"}
    if kind == "organisation":
        return {"type": kind, "id": item.pk, "slug": item.slug, "name": item.name, "acronym": item.acronym,
                "level": item.level, "kind": item.kind, "sector": item.sector, "country": item.country,
                "origin": item.origin, "status": item.status, "url": f"/organisations/{item.slug}"}
    return {"type": kind, "id": item.pk, "slug": item.slug, "name": item.name, "kind": item.kind,
            "origin": item.origin, "status": item.status, "url": f"/initiatives/{item.slug}"}


def result_json(result: HubResult) -> dict:
    return {
        "query": result.query,
        "type": result.type,
        "total": result.total,
        "limit": result.limit,
        "offset": result.offset,
        "notices": result.notices,
        "type_counts": result.type_counts,
        "counts_capped": result.capped,
        "documents_count_is_lower_bound": result.documents_lower_bound,
        "facets_sampled": result.facets_sampled,
        "facets": [{"name": f.name, "values": [{"value": v.value, "count": v.count, "label": v.label or v.value}
                                               for v in f.values]} for f in result.facets],
        "hits": [h.as_json() for h in result.documents.hits] if result.documents and result.type == "document" else [],
        "items": [item_json(result.type, x) for x in result.items],
    }


def export_rows(result: HubResult) -> list[dict]:
    """Flat rows for a CSV export of a result page."""
    if result.type == "document" and result.documents is not None:
        rows = []
        for hit in result.documents.hits:
            row = hit.as_json()
            row["snippet"] = hit.snippet.text
            rows.append(row)
        return rows
    rows = []
    for item in result.items:
        row = item_json(result.type, item)
        row = {k: (";".join(map(str, v)) if isinstance(v, list) else v) for k, v in row.items()}
        rows.append(row)
    return rows
