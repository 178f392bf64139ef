"""PostgreSQL backend: per-language tsvector (unaccented Snowball stems plus unaccented exact
tokens) in a GIN-indexed table, ranked with ts_rank_cd, snippets from ts_headline."""

from __future__ import annotations

import math
from typing import Any

from django.db import connection

from praxhub import config
from praxhub.documents.models import Document
from praxhub.search import query as q
from praxhub.search.backends.base import COUNT_CAP, DOCUMENTS, Filters, RawHit, RawResults, SearchBackend, filter_sql
from praxhub.search.text import QUERY_LANGUAGES, fold

INDEX_TABLE = "search_index"
SIMPLE = "praxhub_simple"
# ISO 639-1 → PostgreSQL text search configuration (each a copy with unaccent; see migrations).
CONFIGS = {
    "en": "english", "fr": "french", "de": "german", "nl": "dutch", "it": "italian", "es": "spanish",
    "pt": "portuguese", "sv": "swedish", "da": "danish", "fi": "finnish", "no": "norwegian",
    "hu": "hungarian", "ro": "romanian", "ru": "russian", "tr": "turkish", "lt": "lithuanian",
    "sr": "serbian", "el": "greek", "ga": "irish",
}
DF_CAP = 20_000
HEADLINE_OPTIONS = "StartSel=\x02, StopSel=\x03, MaxWords=40, MinWords=20, MaxFragments=2, FragmentDelimiter=\" … \""


def config_for(language: str) -> str:
    return f"praxhub_{CONFIGS[language]}" if language in CONFIGS else SIMPLE


def compile_tsquery(node: q.Node, languages: tuple[str, ...]) -> tuple[str, list[Any]]:
    """A SQL expression of type tsquery for a query tree, with its parameters."""
    if isinstance(node, q.Term):
        configs = [SIMPLE] + [config_for(lang) for lang in languages if lang in CONFIGS]
        parts = [f"plainto_tsquery('{cfg}', %s)" for cfg in dict.fromkeys(configs)]
        return "(" + " || ".join(parts) + ")", [node.word] * len(parts)
    if isinstance(node, q.Prefix):
        # The folded word is a [^\W_]+ run, so it cannot break out of the quoted lexeme.
        return f"to_tsquery('{SIMPLE}', %s)", [f"'{fold(node.word)}':*"]
    if isinstance(node, q.Phrase):
        return f"phraseto_tsquery('{SIMPLE}', %s)", [" ".join(node.words)]
    if isinstance(node, q.Not):
        sql, params = compile_tsquery(node.item, languages)
        return f"(!! {sql})", params
    joiner = " && " if isinstance(node, q.And) else " || "
    sqls, params = [], []
    for item in node.items:
        sql, p = compile_tsquery(item, languages)
        sqls.append(sql)
        params.extend(p)
    return "(" + joiner.join(sqls) + ")", params


class PostgresBackend(SearchBackend):
    name = "postgresql-fts"

    def index(self, document: Document) -> None:
        limit = config.get().search_max_chars
        cfg = config_for(document.language)
        with connection.cursor() as cur:
            cur.execute(
                f"""
                INSERT INTO {INDEX_TABLE} (document_id, config, vector)
                SELECT %s, s.c,
                    setweight(to_tsvector(s.c, s.t), 'A') || setweight(to_tsvector(s.c, s.b), 'B')
                    || setweight(to_tsvector('{SIMPLE}', s.t), 'A') || setweight(to_tsvector('{SIMPLE}', s.b), 'B')
                FROM (SELECT %s::regconfig AS c, %s::text AS t, %s::text AS b) s
                ON CONFLICT (document_id) DO UPDATE SET config = EXCLUDED.config, vector = EXCLUDED.vector
                """,
                [document.pk, cfg, document.title, document.text[:limit]],
            )

    def rebuild(self, max_chars: int) -> int:
        """One set-based statement: PostgreSQL computes every vector itself."""
        cases = " ".join(f"WHEN '{lang}' THEN '{config_for(lang)}'" for lang in CONFIGS)
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {INDEX_TABLE}")
            cur.execute(
                f"""
                INSERT INTO {INDEX_TABLE} (document_id, config, vector)
                SELECT s.id, s.c,
                    setweight(to_tsvector(s.c, s.t), 'A') || setweight(to_tsvector(s.c, s.b), 'B')
                    || setweight(to_tsvector('{SIMPLE}', s.t), 'A') || setweight(to_tsvector('{SIMPLE}', s.b), 'B')
                FROM (SELECT id, (CASE language {cases} ELSE '{SIMPLE}' END)::regconfig AS c,
                             title AS t, left(text, %s) AS b FROM {DOCUMENTS}) s
                """,
                [max_chars],
            )
            return int(cur.rowcount)

    def _rank_expression(
        self, cur: Any, root: q.Node, languages: tuple[str, ...], tsq: str, qparams: list[Any]
    ) -> tuple[str, list[Any]]:
        """ts_rank_cd knows no inverse document frequency, so for an OR of words (a relaxed
        question, typically) every word's rank is weighted by its IDF, as bm25 would."""
        if not (isinstance(root, q.Or) and all(isinstance(x, (q.Term, q.Prefix, q.Phrase)) for x in root.items)):
            return "ts_rank_cd(s.vector, x.query)", []
        # The planner's row estimate is free; a table never analysed (-1) is counted instead.
        cur.execute(f"SELECT reltuples::bigint FROM pg_class WHERE relname = '{INDEX_TABLE}'")
        row = cur.fetchone()
        total = int(row[0]) if row else 0
        if total <= 0:
            cur.execute(f"SELECT count(*) FROM {INDEX_TABLE}")
            total = max(int(cur.fetchone()[0]), 1)
        parts: list[str] = []
        params: list[Any] = []
        for item in root.items:
            sql, p = compile_tsquery(item, languages)
            # Counting stops at DF_CAP matches: a word that common weighs next to nothing anyway.
            cur.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {INDEX_TABLE} WHERE vector @@ {sql} LIMIT {DF_CAP}) t", p
            )
            df = int(cur.fetchone()[0])
            idf = math.log(1 + (max(total, df) - df + 0.5) / (df + 0.5))
            parts.append(f"{idf:.6f} * ts_rank_cd(s.vector, {sql}, 1)")
            params.extend(p)
        return "(" + " + ".join(parts) + ")", params

    def remove(self, document_id: int) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {INDEX_TABLE} WHERE document_id = %s", [document_id])

    def indexed_count(self) -> int:
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {INDEX_TABLE}")
            return int(cur.fetchone()[0])

    def match_sql(self, query: q.ParsedQuery, filters: Filters) -> tuple[str, list[Any]]:
        assert query.root is not None
        where, fparams = filter_sql(filters)
        languages = filters.languages or QUERY_LANGUAGES
        positive, negative = q.positive_and_negative(query.root)
        if not positive:
            tsq, qparams = compile_tsquery(q.Or(tuple(negative)) if len(negative) > 1 else negative[0], languages)
            return (f"SELECT d.id FROM {DOCUMENTS} d WHERE {where} AND d.id NOT IN "
                    f"(SELECT document_id FROM {INDEX_TABLE} WHERE vector @@ {tsq})", [*fparams, *qparams])
        tsq, qparams = compile_tsquery(query.root, languages)
        return (f"SELECT d.id FROM {INDEX_TABLE} s JOIN {DOCUMENTS} d ON d.id = s.document_id "
                f"WHERE s.vector @@ {tsq} AND {where}", [*qparams, *fparams])

    def search(
        self, query: q.ParsedQuery, filters: Filters, limit: int, offset: int, snippets: bool = True
    ) -> RawResults:
        assert query.root is not None
        languages = filters.languages or QUERY_LANGUAGES
        where, fparams = filter_sql(filters)
        positive, negative = q.positive_and_negative(query.root)
        with connection.cursor() as cur:
            if not positive:
                tsq, qparams = compile_tsquery(q.Or(tuple(negative)) if len(negative) > 1 else negative[0], languages)
                return self._exclusion_search(
                    f"SELECT document_id FROM {INDEX_TABLE} WHERE vector @@ {tsq}", qparams, filters, limit, offset
                )

            tsq, qparams = compile_tsquery(query.root, languages)
            rank_sql, rank_params = self._rank_expression(cur, query.root, languages, tsq, qparams)
            base = (
                f"FROM {INDEX_TABLE} s JOIN {DOCUMENTS} d ON d.id = s.document_id, (SELECT {tsq} AS query) x "
                f"WHERE s.vector @@ x.query AND {where}"
            )
            cur.execute(
                f"SELECT d.id, {rank_sql} AS rank {base} ORDER BY rank DESC, d.id DESC LIMIT %s OFFSET %s",
                [*rank_params, *qparams, *fparams, limit, offset],
            )
            rows = cur.fetchall()
            if offset == 0 and len(rows) < limit:
                total = len(rows)
            else:
                cur.execute(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT %s) c", [*qparams, *fparams, COUNT_CAP + 1])
                total = int(cur.fetchone()[0])
            heads: dict[int, str] = {}
            if snippets and rows:
                limit_chars = min(config.get().search_max_chars, 100_000)
                cur.execute(
                    f"SELECT d.id, ts_headline(s.config, left(d.text, %s), x.query, %s) "
                    f"FROM {INDEX_TABLE} s JOIN {DOCUMENTS} d ON d.id = s.document_id, (SELECT {tsq} AS query) x "
                    "WHERE d.id = ANY(%s)",
                    [limit_chars, HEADLINE_OPTIONS, *qparams, [r[0] for r in rows]],
                )
                heads = {row[0]: row[1] for row in cur.fetchall()}
        hits = []
        for doc_id, rank in rows:
            head = heads.get(doc_id)
            hits.append(RawHit(doc_id, float(rank), head if head and "\x02" in head else None))
        return RawResults(hits, min(total, COUNT_CAP), total_is_lower_bound=total > COUNT_CAP)
