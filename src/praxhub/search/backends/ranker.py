"""Ranking with tantivy, beside the SQLite FTS5 index.

Why: FTS5 has no top-k pruning. It computes bm25 for every matching row, so a common word or a
prefix that matches most of a 100,000-document corpus costs 60-200 ms to rank. tantivy keeps
block-max scores and skips what cannot reach the top k (a few milliseconds for the same query).

The database stays the source of truth. FTS5 is still written in the document's transaction and
still answers every unranked question (counts, facets, the most recent matches, snippets). The
tantivy index holds the same words as the FTS5 row (title, body, stems), tokenised by the same
Python code, in one field (see TITLE_COPIES), plus the values the search filters test (kind,
language, date, countries, themes, organisations), and is brought up to date from a change log
before each ranking:

* every index() of a document appends its id to `search_changes` in the same transaction, and
  triggers do the same for every other change a filter can see, however it is made: a document
  deleted or its kind, language or date changed; a country, theme or mention added, moved or
  removed; an organisation's slug changed (see migrations/0002);
* before ranking, `sync()` applies the changes after the index's watermark (from the FTS5 rows,
  so nothing is stemmed twice) and moves the watermark. Processes share the index directory and
  serialise writes with a file lock.
* inside a transaction that has not committed (a test, a batch that searches while it writes),
  pending changes are applied but the watermark does not move: if the transaction rolls back,
  the next sync redoes whatever is logged then. A rolled-back document may linger in the index;
  the search service drops hits whose document no longer exists.

When the index cannot be used (missing and too large to build during a request; tantivy
unavailable), ranking falls back to FTS5's bm25: slower, same matches.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import shutil
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection

from praxhub.accounts import audience
from praxhub.documents.models import Document, DocumentCountry, DocumentTheme
from praxhub.search import query as q
from praxhub.search.backends.base import DOCUMENTS, MENTIONS, ORGANISATIONS, Filters
from praxhub.search.backends.sqlite import FTS_TABLE
from praxhub.search.text import TOKEN_RE, fold, query_stems

log = logging.getLogger(__name__)

CHANGES_TABLE = "search_changes"
COUNTRIES = DocumentCountry._meta.db_table
THEMES = DocumentTheme._meta.db_table
AUDIENCE_GROUPS = Document.audience_groups.through._meta.db_table
# One field holds the title twice, the body and the stems, with a separator token no
# query can contain between them (so no phrase spans two parts). One field means one length
# normalisation per document, as FTS5's bm25 does; measured on the retrieval-dev collection
# (benchmarks/retrieval.py): nDCG@10 0.598 with this layout, 0.565 with FTS5's bm25, and
# 0.38-0.51 with title, body and stems as three boosted fields (tantivy sums three BM25s, so a
# title match swamps everything else).
TITLE_COPIES = 2
SEPARATOR = "\u00b6"  # ¶ is not a word character: the query side never produces it
# An index this small (in documents) is built during a request; a larger one by `praxhub reindex`
# or at the end of `praxhub ingest`, and until then FTS5 ranks.
INLINE_BUILD_LIMIT = 5_000
# A prefix ranks by bm25 over its most frequent expansions (plus a match-only clause for the rest).
PREFIX_TERMS = 64
BATCH = 1_000
# Filter fields: exact values, no positions or frequencies needed.
# "audience": "public", "members" or "g<group id>" (accounts.audience.Viewer.tokens)
FILTER_FIELDS = ("kind", "language", "countries", "themes", "organisations", "audience")


def tokens(text: str) -> str:
    """The text as the index sees it: folded tokens, one space apart (positions kept)."""
    return " ".join(TOKEN_RE.findall(fold(text)))


def _import_tantivy() -> Any:
    import tantivy

    return tantivy


class TantivyRanker:
    """One tantivy index per database, shared by the processes that use it: the directory
    `index_dir`, with `<index_dir>.state` (generation and watermark) and `<index_dir>.lock` beside it."""

    def __init__(self, index_dir: Path) -> None:
        self.directory = index_dir.parent
        self.index_dir = index_dir
        self.state_file = index_dir.with_name(f"{index_dir.name}.state")
        self.lock_file = index_dir.with_name(f"{index_dir.name}.lock")
        self._tantivy = _import_tantivy()
        self._schema = self._make_schema()
        self._index: Any = None
        self._generation = ""
        self._seen = -1  # the change id this process last found applied
        self._mutex = threading.Lock()

    # -- schema and index -------------------------------------------------------------------

    def _make_schema(self) -> Any:
        t = self._tantivy
        builder = t.SchemaBuilder()
        builder.add_integer_field("id", stored=True, indexed=True, fast=True)
        builder.add_text_field("text", stored=False, tokenizer_name="praxhub_tokens", index_option="position")
        for name in FILTER_FIELDS:
            builder.add_text_field(name, stored=False, tokenizer_name="raw", index_option="basic")
        builder.add_integer_field("published", stored=False, indexed=True, fast=True)  # YYYYMMDD
        return builder.build()

    def _open(self, path: Path) -> Any:
        t = self._tantivy
        path.mkdir(parents=True, exist_ok=True)
        index = t.Index(self._schema, path=str(path), reuse=True)
        # Text arrives already folded and split by praxhub.search.text: whitespace is the only cut.
        index.register_tokenizer("praxhub_tokens", t.TextAnalyzerBuilder(t.Tokenizer.whitespace()).build())
        return index

    def _read_state(self) -> tuple[str, int] | None:
        try:
            generation, applied = self.state_file.read_text().split()
            return generation, int(applied)
        except (OSError, ValueError):
            return None

    def _write_state(self, generation: str, applied: int) -> None:
        temporary = self.state_file.with_suffix(".tmp")
        temporary.write_text(f"{generation} {applied}\n")
        temporary.replace(self.state_file)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True)
        with self.lock_file.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- keeping up with the database ---------------------------------------------------------

    def sync(self, allow_full_build: bool = False) -> bool:
        """Apply logged changes; True when the index is ready to rank."""
        with self._mutex:
            head = _head()
            in_transaction = connection.in_atomic_block
            if head == self._seen and self._index is not None and not in_transaction:
                return True
            with self._locked():
                state = self._read_state()
                if state is not None and self.index_dir.is_dir() and state[0] != self._generation:
                    try:
                        self._index = self._open(self.index_dir)
                        self._generation = state[0]
                    except ValueError as exc:  # written by another version of praxhub (schema changed)
                        log.warning("the search index in %s cannot be read (%s): building it again",
                                    self.index_dir, exc)
                        state = None
                if state is None or not self.index_dir.is_dir():
                    if not allow_full_build and _document_count() > INLINE_BUILD_LIMIT:
                        log.warning("the search index in %s is missing or outdated: run 'praxhub reindex' "
                                    "(ranking with FTS5 until then)", self.index_dir)
                        self._index = None
                        return False
                    self._build_locked(head, in_transaction)
                    state = self._read_state()
                    assert state is not None
                    self._index = self._open(self.index_dir)
                    self._generation = state[0]
                generation, applied = state
                if head > applied:
                    self._apply(_changed_since(applied, head))
                    if not in_transaction:
                        self._write_state(generation, head)
            self._index.reload()
            if not in_transaction:
                self._seen = head
            return True

    def forget_applied(self) -> None:
        """Drop the log entries the index has applied (not during a request: it writes)."""
        state = self._read_state()
        if state is not None and not connection.in_atomic_block:
            with connection.cursor() as cur:
                cur.execute(f"DELETE FROM {CHANGES_TABLE} WHERE id <= %s", [state[1]])

    def rebuild(self) -> int:
        """Build the whole index again from the FTS5 rows (the database's own index)."""
        with self._mutex, self._locked():
            count = self._build_locked(_head(), connection.in_atomic_block)
            state = self._read_state()
            assert state is not None
            self._index = self._open(self.index_dir)
            self._generation = state[0]
            self._seen = -1
            return count

    def _build_locked(self, head: int, in_transaction: bool) -> int:
        """A new index in a fresh directory, swapped in whole (readers never see half of it)."""
        fresh = self.directory / f"{self.index_dir.name}.new-{uuid.uuid4().hex[:8]}"
        index = self._open(fresh)
        writer = index.writer(heap_size=64_000_000, num_threads=1)
        count = 0
        for batch in _row_batches():
            for row in batch:
                writer.add_document(self._document(row))
                count += 1
        writer.commit()
        writer.wait_merging_threads()
        old = self.directory / f"{self.index_dir.name}.old-{uuid.uuid4().hex[:8]}"
        if self.index_dir.exists():
            self.index_dir.replace(old)
        fresh.replace(self.index_dir)
        shutil.rmtree(old, ignore_errors=True)
        # Inside a transaction the build may include uncommitted rows: mark nothing as applied.
        self._write_state(uuid.uuid4().hex, 0 if in_transaction else head)
        self._index = None
        return count

    def _apply(self, document_ids: list[int]) -> None:
        writer = self._index.writer(heap_size=15_000_000, num_threads=1)
        try:
            for start in range(0, len(document_ids), BATCH):
                chunk = document_ids[start:start + BATCH]
                for doc_id in chunk:
                    writer.delete_documents_by_term("id", doc_id)
                for row in _rows(chunk):
                    writer.add_document(self._document(row))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()

    def _document(self, row: IndexRow) -> Any:
        parts = [tokens(row.title)] * TITLE_COPIES + [tokens(row.body), tokens(row.stems)]
        fields: dict[str, Any] = {
            "id": row.id, "text": f" {SEPARATOR} ".join(p for p in parts if p),
            "kind": row.kind, "language": row.language, "countries": row.countries, "themes": row.themes,
            "organisations": row.organisations, "audience": row.audience,
        }
        if row.published is not None:
            fields["published"] = row.published
        return self._tantivy.Document(**{k: v for k, v in fields.items() if v not in ("", [])})

    # -- ranking ----------------------------------------------------------------------------

    def rank(self, root: q.Node, filters: Filters, languages: tuple[str, ...], limit: int,
             offset: int) -> tuple[list[tuple[int, float]], int]:
        """(document id, score) best first, and how many documents match."""
        searcher = self._index.searcher()
        query = self._query(root, filters, languages, searcher)
        result = searcher.search(query, limit=limit, count=True, offset=offset)
        hits = [(int(searcher.doc(address)["id"][0]), float(score)) for score, address in result.hits]
        return hits, int(result.count)

    def recent(self, root: q.Node, filters: Filters, languages: tuple[str, ...], n: int) -> list[int]:
        """The ids of the n most recently added matching documents, newest first (unscored: a
        walk over the matches ordered by the id column, no bm25)."""
        searcher = self._index.searcher()
        query = self._query(root, filters, languages, searcher)
        result = searcher.search(query, limit=n, count=False, order_by_field="id", order=self._tantivy.Order.Desc)
        return [int(searcher.doc(address)["id"][0]) for _value, address in result.hits]

    def _query(self, root: q.Node, filters: Filters, languages: tuple[str, ...], searcher: Any) -> Any:
        """The query tree and the filters as one tantivy query."""
        t = self._tantivy
        clauses = [(t.Occur.Must, self._compile(root, languages, searcher)), *self._filter_clauses(filters)]
        return clauses[0][1] if len(clauses) == 1 else t.Query.boolean_query(clauses)

    def _filter_clauses(self, filters: Filters) -> list[tuple[Any, Any]]:
        """The same conditions as backends.base.filter_sql, scoring nothing."""
        t = self._tantivy
        schema = self._schema
        clauses = []
        for name, values in (("kind", filters.kinds), ("language", filters.languages),
                             ("countries", filters.countries), ("themes", filters.themes),
                             ("organisations", filters.organisations)):
            if values:
                either = t.Query.boolean_query(
                    [(t.Occur.Should, t.Query.term_query(schema, name, value)) for value in values])
                clauses.append((t.Occur.Must, t.Query.const_score_query(either, 0.0)))
        if filters.date_from or filters.date_to:
            low = _day(filters.date_from) if filters.date_from else 0
            high = _day(filters.date_to) if filters.date_to else 99_999_999
            span = t.Query.range_query(schema, "published", t.FieldType.Integer, low, high)
            clauses.append((t.Occur.Must, t.Query.const_score_query(span, 0.0)))
        if filters.exclude_ids:
            clauses.append((t.Occur.MustNot, t.Query.term_set_query(schema, "id", list(filters.exclude_ids))))
        viewer = audience.current()
        if audience.limits(viewer, Document):
            allowed = t.Query.boolean_query(
                [(t.Occur.Should, t.Query.term_query(schema, "audience", token)) for token in viewer.tokens()])
            clauses.append((t.Occur.Must, t.Query.const_score_query(allowed, 0.0)))
        return clauses

    def _compile(self, node: q.Node, languages: tuple[str, ...], searcher: Any) -> Any:
        """The query tree as a tantivy query that matches what compile_match matches in FTS5."""
        t = self._tantivy
        schema = self._schema
        if isinstance(node, q.Term):
            alternatives = list(dict.fromkeys([fold(node.word), *query_stems(node.word, languages)]))
            if len(alternatives) == 1:
                return t.Query.term_query(schema, "text", alternatives[0])
            return t.Query.boolean_query(
                [(t.Occur.Should, t.Query.term_query(schema, "text", token)) for token in alternatives])
        if isinstance(node, q.Prefix):
            prefix = fold(node.word)
            clauses = [(t.Occur.Should, t.Query.term_query(schema, "text", term))
                       for term, _count in searcher.terms_with_prefix("text", prefix, limit=PREFIX_TERMS)]
            # Every other expansion still matches, with no score of its own.
            pattern = "".join(ch if ch.isalnum() else f"\\{ch}" for ch in prefix) + ".*"
            rest = t.Query.regex_query(schema, "text", pattern)
            clauses.append((t.Occur.Should, t.Query.const_score_query(rest, 0.0)))
            return t.Query.boolean_query(clauses)
        if isinstance(node, q.Phrase):
            words = [w for word in node.words for w in TOKEN_RE.findall(fold(word))]
            if len(words) == 1:
                return self._compile(q.Term(words[0]), (), searcher)
            return t.Query.phrase_query(schema, "text", words)
        if isinstance(node, q.Or):
            return t.Query.boolean_query([(t.Occur.Should, self._compile(x, languages, searcher)) for x in node.items])
        if isinstance(node, q.And):
            positive, negative = q.positive_and_negative(node)
            clauses = [(t.Occur.Must, self._compile(x, languages, searcher)) for x in positive]
            clauses += [(t.Occur.MustNot, self._compile(x, languages, searcher)) for x in negative]
            return t.Query.boolean_query(clauses)
        raise q.QuerySyntaxError("NOT needs a required word before it, e.g. 'prison NOT probation'.")


# -- the database side ------------------------------------------------------------------------

def _head() -> int:
    with connection.cursor() as cur:
        cur.execute(f"SELECT coalesce(max(id), 0) FROM {CHANGES_TABLE}")
        return int(cur.fetchone()[0])


def _document_count() -> int:
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {FTS_TABLE}")
        return int(cur.fetchone()[0])


def _changed_since(applied: int, head: int) -> list[int]:
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT DISTINCT document_id FROM {CHANGES_TABLE} WHERE id > %s AND id <= %s ORDER BY document_id",
            [applied, head],
        )
        return [row[0] for row in cur.fetchall()]


def _day(value: dt.date) -> int:
    return value.year * 10_000 + value.month * 100 + value.day


@dataclass
class IndexRow:
    id: int
    title: str
    body: str
    stems: str
    kind: str = ""
    language: str = ""
    published: int | None = None
    countries: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)


def _rows(document_ids: list[int]) -> list[IndexRow]:
    """What the index holds for these documents, read from FTS5 (text) and the tables the
    filters test; documents no longer in the index are left out."""
    if not document_ids:
        return []
    marks = ", ".join(["%s"] * len(document_ids))
    rows: dict[int, IndexRow] = {}
    with connection.cursor() as cur:
        cur.execute(f"SELECT rowid, title, body, stems FROM {FTS_TABLE} WHERE rowid IN ({marks})", document_ids)
        for doc_id, title, body, stems in cur.fetchall():
            rows[doc_id] = IndexRow(doc_id, title or "", body or "", stems or "")
        cur.execute(f"SELECT id, kind, language, published, audience FROM {DOCUMENTS} WHERE id IN ({marks})",
                    document_ids)
        for doc_id, kind, language, published, who in cur.fetchall():
            if doc_id in rows:
                row = rows[doc_id]
                row.kind, row.language = kind or "", language or ""
                if who != audience.Audience.GROUPS:
                    row.audience.append(who)
                if published:
                    day = published if isinstance(published, dt.date) else dt.date.fromisoformat(str(published)[:10])
                    row.published = _day(day)
        for sql, attribute in (
            (f"SELECT document_id, code FROM {COUNTRIES} WHERE document_id IN ({marks})", "countries"),
            (f"SELECT document_id, theme FROM {THEMES} WHERE document_id IN ({marks})", "themes"),
            (f"SELECT DISTINCT m.document_id, o.slug FROM {MENTIONS} m JOIN {ORGANISATIONS} o "
             f"ON o.id = m.organisation_id WHERE m.document_id IN ({marks})", "organisations"),
            # Read for every document, used only for those restricted to groups (see accounts.audience).
            (f"SELECT a.document_id, 'g' || a.group_id FROM {AUDIENCE_GROUPS} a JOIN {DOCUMENTS} d "
             f"ON d.id = a.document_id WHERE d.audience = 'groups' AND a.document_id IN ({marks})", "audience"),
        ):
            cur.execute(sql, document_ids)
            for doc_id, value in cur.fetchall():
                if doc_id in rows and value:
                    getattr(rows[doc_id], attribute).append(value)
    return [rows[i] for i in sorted(rows)]


def _row_batches() -> Iterator[list[IndexRow]]:
    last = 0
    while True:
        with connection.cursor() as cur:
            cur.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE rowid > %s ORDER BY rowid LIMIT %s", [last, BATCH])
            ids = [row[0] for row in cur.fetchall()]
        if not ids:
            return
        yield _rows(ids)
        last = ids[-1]


_rankers: dict[Path, TantivyRanker] = {}
_rankers_lock = threading.Lock()


def index_location(database_name: str, data_dir: Path) -> Path:
    """Beside the SQLite file (`praxhub.sqlite3.search-index`), so that two databases in one data
    directory (the demo's and one's own) never share an index; in the data directory for a
    database without a file (tests' in-memory databases)."""
    path = Path(database_name) if database_name else None
    if path is not None and not database_name.startswith("file:") and database_name != ":memory:":
        return path.with_name(f"{path.name}.search-index")
    return data_dir / "search-index"


def ranker_for(index_dir: Path) -> TantivyRanker | None:
    """The process's ranker for an index directory, or None when tantivy cannot be loaded."""
    with _rankers_lock:
        if index_dir not in _rankers:
            try:
                _rankers[index_dir] = TantivyRanker(index_dir)
            except ImportError:
                log.warning("tantivy is not installed: ranking with FTS5")
                return None
        return _rankers[index_dir]
