"""SQLite FTS5 backend: bm25 ranking over exact (accent- and case-folded) tokens plus a
shadow column of Snowball stems, so "prisons" finds "prison" and "Prävention" finds
"Praevention"-less "Prävention"/"prävention" alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from praxhub import config
from praxhub.documents.models import Document
from praxhub.search import query as q
from praxhub.search.backends.base import COUNT_CAP, DOCUMENTS, Filters, RawHit, RawResults, SearchBackend, filter_sql
from praxhub.search.snippets import END, START
from praxhub.search.text import QUERY_LANGUAGES, fold, query_stems, stem_text

if TYPE_CHECKING:
    from praxhub.search.backends.ranker import TantivyRanker

FTS_TABLE = "search_fts"
CHANGES_TABLE = "search_changes"  # followed by the tantivy ranking index (ranker.py, migration 0002)
# Column weights for bm25: title, body, stems. A title match counts far more than a body one;
# a stem-only match counts less than the exact word.
WEIGHTS = (8.0, 1.0, 0.6)


def _quote(token: str) -> str:
    # Tokens are [^\W_]+ runs, so they contain no quote; quoting makes FTS5 read them literally
    # (AND/OR/NOT/NEAR as words, no column filters).
    return f'"{token}"'


def compile_match(node: q.Node, languages: tuple[str, ...]) -> str:
    """The FTS5 MATCH expression for a query tree (NOT only inside AND; see query.py)."""
    if isinstance(node, q.Term):
        alternatives = [_quote(fold(node.word))] + [_quote(s) for s in query_stems(node.word, languages)]
        return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"
    if isinstance(node, q.Prefix):
        return f"{_quote(fold(node.word))} *"
    if isinstance(node, q.Phrase):
        return _quote(" ".join(fold(w) for w in node.words))
    if isinstance(node, q.Or):
        return "(" + " OR ".join(compile_match(x, languages) for x in node.items) + ")"
    if isinstance(node, q.And):
        positive, negative = q.positive_and_negative(node)
        expr = "(" + " AND ".join(compile_match(x, languages) for x in positive) + ")"
        for item in negative:
            expr = f"({expr} NOT {compile_match(item, languages)})"
        return expr
    raise q.QuerySyntaxError("NOT needs a required word before it, e.g. 'prison NOT probation'.")


class SqliteBackend(SearchBackend):
    def __init__(self) -> None:
        # Says which ranking answers (stats, the search page's JSON): the index, or FTS5's bm25.
        self.name = "sqlite-fts5+tantivy" if config.get().search_ranker == "tantivy" else "sqlite-fts5"

    def index(self, document: Document) -> None:
        limit = config.get().search_max_chars
        body = document.text[:limit]
        stems = stem_text(f"{document.title}\n{body}", document.language)
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [document.pk])
            cur.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body, stems) VALUES (%s, %s, %s, %s)",
                [document.pk, document.title, body, stems],
            )
            cur.execute(f"INSERT INTO {CHANGES_TABLE} (document_id) VALUES (%s)", [document.pk])

    def rebuild(self, max_chars: int) -> int:
        """Recreate every row in batches (stems are computed in Python, as at ingest)."""
        count = 0
        insert = f"INSERT INTO {FTS_TABLE} (rowid, title, body, stems) VALUES (%s, %s, %s, %s)"
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {FTS_TABLE}")
            rows = Document.objects.order_by("id").values_list("id", "title", "text", "language")
            batch: list[tuple[int, str, str, str]] = []
            for doc_id, title, text, language in rows.iterator(chunk_size=1000):
                body = text[:max_chars]
                batch.append((doc_id, title, body, stem_text(f"{title}\n{body}", language)))
                if len(batch) >= 1000:
                    cur.executemany(insert, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cur.executemany(insert, batch)
                count += len(batch)
            # Merge the b-tree segments left by many inserts: faster queries afterwards.
            cur.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
        # The ranking index is rebuilt from committed rows: inside a transaction, once it commits.
        transaction.on_commit(self.rebuild_derived)
        return count

    def rebuild_derived(self) -> None:
        ranker = _ranker()
        if ranker is not None:
            ranker.rebuild()
            ranker.forget_applied()

    def catch_up(self) -> None:
        """Bring the ranking index up to date now (after an ingest), building it if need be."""
        ranker = _ranker()
        if ranker is not None and ranker.sync(allow_full_build=True):
            ranker.forget_applied()

    def remove(self, document_id: int) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [document_id])
            cur.execute(f"INSERT INTO {CHANGES_TABLE} (document_id) VALUES (%s)", [document_id])

    def indexed_count(self) -> int:
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {FTS_TABLE}")
            return int(cur.fetchone()[0])

    def match_sql(self, query: q.ParsedQuery, filters: Filters) -> tuple[str, list[Any]]:
        assert query.root is not None
        where, params = filter_sql(filters)
        languages = filters.languages or QUERY_LANGUAGES
        positive, negative = q.positive_and_negative(query.root)
        if not positive:
            exclude = compile_match(q.Or(tuple(negative)) if len(negative) > 1 else negative[0], languages)
            return (f"SELECT d.id FROM {DOCUMENTS} d WHERE {where} AND d.id NOT IN "
                    f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)", [*params, exclude])
        return (f"SELECT d.id FROM {FTS_TABLE} f JOIN {DOCUMENTS} d ON d.id = f.rowid "
                f"WHERE {FTS_TABLE} MATCH %s AND {where}", [compile_match(query.root, languages), *params])

    def recent_ids(self, query: q.ParsedQuery, filters: Filters, n: int) -> list[int]:
        assert query.root is not None
        positive, _ = q.positive_and_negative(query.root)
        if not positive:
            return super().recent_ids(query, filters, n)
        languages = filters.languages or QUERY_LANGUAGES
        ranker = _ranker()
        if ranker is not None and ranker.sync():
            # Far cheaper than FTS5 for a prefix, which FTS5 expands and merges on every call.
            return ranker.recent(query.root, filters, languages, n)
        where, params = filter_sql(filters)
        match = compile_match(query.root, languages)
        # FTS5 walks its matches in rowid order by itself: ORDER BY f.rowid needs no sort.
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT d.id FROM {FTS_TABLE} f JOIN {DOCUMENTS} d ON d.id = f.rowid "
                f"WHERE {FTS_TABLE} MATCH %s AND {where} ORDER BY f.rowid DESC LIMIT %s",
                [match, *params, n],
            )
            return [row[0] for row in cur.fetchall()]

    def search(
        self, query: q.ParsedQuery, filters: Filters, limit: int, offset: int, snippets: bool = True
    ) -> RawResults:
        assert query.root is not None
        languages = filters.languages or QUERY_LANGUAGES
        where, params = filter_sql(filters)
        positive, negative = q.positive_and_negative(query.root)
        with connection.cursor() as cur:
            if not positive:
                exclude = compile_match(q.Or(tuple(negative)) if len(negative) > 1 else negative[0], languages)
                return self._exclusion_search(
                    f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [exclude], filters, limit, offset
                )

            match = compile_match(query.root, languages)
            ranker = _ranker()
            if ranker is not None and ranker.sync():
                ranked, total = ranker.rank(query.root, filters, languages, limit, offset)
            else:
                ranked, total = self._rank_in_fts(cur, match, where, params, limit, offset)
            marked: dict[int, str] = {}
            # A prefix expands to every indexed word it starts, and FTS5 would expand it again for
            # each hit looked up by rowid: the service makes those snippets from the text instead.
            has_prefix = any(isinstance(leaf, q.Prefix) for leaf in q.leaves(query.root))
            if snippets and ranked and not has_prefix:
                # Snippets for the page only: in the ranking query SQLite would make one for every match.
                marks = ", ".join(["%s"] * len(ranked))
                cur.execute(
                    f"SELECT rowid, snippet({FTS_TABLE}, 1, char(2), char(3), '…', 40) FROM {FTS_TABLE} "
                    f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({marks})",
                    [match, *(row[0] for row in ranked)],
                )
                marked = {row[0]: row[1] for row in cur.fetchall()}
        hits = []
        for doc_id, score in ranked:
            snippet = marked.get(doc_id)
            hits.append(RawHit(doc_id, score, snippet if snippet and START in snippet and END in snippet else None))
        return RawResults(hits, min(total, COUNT_CAP), total_is_lower_bound=total > COUNT_CAP)

    def _rank_in_fts(self, cur: Any, match: str, where: str, params: list[Any], limit: int,
                     offset: int) -> tuple[list[tuple[int, float]], int]:
        """bm25 over every match inside SQLite (when the ranking index is not available)."""
        if where == "1=1":
            # No filter on documents: rank inside the index alone (joining every match to the
            # documents table would double the cost of a common word).
            base = f"FROM {FTS_TABLE} f WHERE {FTS_TABLE} MATCH %s"
            params = []
        else:
            base = f"FROM {FTS_TABLE} f JOIN {DOCUMENTS} d ON d.id = f.rowid WHERE {FTS_TABLE} MATCH %s AND {where}"
        weights = ", ".join(str(w) for w in WEIGHTS)
        cur.execute(
            f"SELECT f.rowid, bm25({FTS_TABLE}, {weights}) AS rank {base} ORDER BY rank LIMIT %s OFFSET %s",
            [match, *params, limit, offset],
        )
        ranked = [(row[0], -float(row[1])) for row in cur.fetchall()]
        if offset == 0 and len(ranked) < limit:
            total = len(ranked)
        else:
            cur.execute(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT %s) c", [match, *params, COUNT_CAP + 1])
            total = int(cur.fetchone()[0])
        return ranked, total


def _ranker() -> TantivyRanker | None:
    cfg = config.get()
    if cfg.search_ranker != "tantivy":
        return None
    from praxhub.search.backends.ranker import index_location, ranker_for

    return ranker_for(index_location(str(connection.settings_dict.get("NAME") or ""), cfg.data_dir))
