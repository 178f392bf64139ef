"""Search benchmark: N generated documents (default 100,000), 50 queries of mixed kinds →
p50/p95/p99 latency on SQLite FTS5 and PostgreSQL, and the same queries on tantivy (the
PyPI package) as a reference engine, with the ratio to it.

    python benchmarks/search.py [--n 100000] [--repeat 5]

Latency is measured around praxhub's search service (parse, rank, count, fetch the hits,
snippets), as the web app and the CLI call it; `ranking_only` times the backend query alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import _harness

# 50 queries: common and rare words, conjunctions, phrases, prefixes, OR, NOT, and filters.
QUERIES: list[tuple[str, dict]] = [
    *[(w, {}) for w in ("radicalisation", "prevention", "prison", "schools", "police", "youth",
                        "online", "cooperation", "local", "families", "exit", "training",
                        "conference")],
    *[(w, {}) for w in ("Tallinn", "Sarajevo", "mentoring", "hotline", "disengagement", "Europol",
                        "returnees", "financing")],
    *[(w, {}) for w in ("prison radicalisation", "local authorities prevention", "youth online",
                        "exit programme evaluation", "police schools cooperation", "teachers training",
                        "member states invited")],
    *[(w, {}) for w in ('"local authorities"', '"member states"', '"exit programme"',
                        '"civil society"', '"social media"', '"national platform"')],
    *[(w, {}) for w in ("radical*", "prev*", "educat*", "extrem*")],
    *[(w, {}) for w in ("prison OR probation", "teachers OR schools", "online OR internet",
                        "victims OR survivors")],
    *[(w, {}) for w in ("radicalisation NOT prison", "prevention -online", "youth NOT police")],
    ("radicalisation", {"languages": ["en"]}),
    ("prévention", {"languages": ["fr"]}),
    ("Prävention", {"languages": ["de"]}),
    ("prison", {"kinds": ["conclusions"]}),
    ("cooperation", {"date_from": "2019-01-01"}),
]
assert len(QUERIES) == 50, len(QUERIES)


def load(n: int, size: int) -> dict:
    """Bulk-load generated documents, then build the index set-based (as `praxhub reindex`)."""
    import datetime as dt
    import hashlib
    import random

    from django.db import connection, transaction

    from praxhub import config
    from praxhub.demo.generator import generate_documents
    from praxhub.documents.models import Document
    from praxhub.ingest.model import KINDS
    from praxhub.search.backends import get_backend

    rng = random.Random(7)
    started = time.perf_counter()
    batch: list[Document] = []
    chars = 0
    for gen in generate_documents(n, seed=3, target_chars=size):
        title = gen.text.split("\n", 1)[0][:300]
        sha = hashlib.sha256(gen.text.encode()).hexdigest()
        chars += len(gen.text)
        batch.append(Document(
            title=title, kind=rng.choice(KINDS), format="txt", media_type="text/plain", language=gen.language,
            published=dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(5000)), source_name=gen.name,
            source_path=f"/bench/{gen.name}", sha256=sha, size=len(gen.text), text=gen.text,
            text_sha256=sha, pages=[0]))
        if len(batch) == 2000:
            Document.objects.bulk_create(batch)
            batch = []
    if batch:
        Document.objects.bulk_create(batch)
    loaded = time.perf_counter()
    with transaction.atomic():
        indexed = get_backend().rebuild(config.get().search_max_chars)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    done = time.perf_counter()
    return {"documents": n, "mb_text": round(chars / 1e6, 1), "load_s": round(loaded - started, 1),
            "index_s": round(done - loaded, 1), "indexed": indexed}


def child(n: int, size: int, repeat: int) -> dict:
    _harness.setup_django()
    from praxhub.search import query as q
    from praxhub.search.backends import get_backend
    from praxhub.search.service import make_filters, search

    info = load(n, size)
    backend = get_backend()
    full, ranking, per_query = [], [], {}
    for text, filt in QUERIES:
        filters = make_filters(**filt)
        search(text, filters, limit=10)  # warm-up
        parsed = q.parse(text)
        samples = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            page = search(text, filters, limit=10)
            t1 = time.perf_counter()
            backend.search(parsed, filters, 10, 0, snippets=False)
            t2 = time.perf_counter()
            samples.append((t1 - t0) * 1000)
            ranking.append((t2 - t1) * 1000)
        full.extend(samples)
        per_query[text + (f" {filt}" if filt else "")] = {"total": page.total,
                                                           "median_ms": round(sorted(samples)[len(samples) // 2], 2)}
    slowest = sorted(per_query.items(), key=lambda kv: -kv[1]["median_ms"])[:5]
    return {"backend": backend.name, "corpus": info, "search_service": _harness.percentiles(full),
            "ranking_only": _harness.percentiles(ranking), "slowest_queries": dict(slowest)}


def tantivy_reference(n: int, size: int, repeat: int) -> dict:
    import tantivy

    from praxhub.demo.generator import generate_documents

    analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase())
                .filter(tantivy.Filter.ascii_fold()).filter(tantivy.Filter.stemmer("english")).build())
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("title", stored=True, tokenizer_name="praxhub")
    sb.add_text_field("body", stored=True, tokenizer_name="praxhub")
    sb.add_text_field("lang", stored=True, tokenizer_name="raw")
    schema = sb.build()
    path = tempfile.mkdtemp(prefix="praxhub-tantivy-")
    index = tantivy.Index(schema, path=path)
    index.register_tokenizer("praxhub", analyzer)
    started = time.perf_counter()
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    for gen in generate_documents(n, seed=3, target_chars=size):
        title, _, body = gen.text.partition("\n")
        writer.add_document(tantivy.Document(title=title, body=body, lang=gen.language))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    built = time.perf_counter() - started
    searcher = index.searcher()
    import atexit
    import shutil

    atexit.register(shutil.rmtree, path, True)
    samples = []
    for text, filt in QUERIES:
        qtext = text.replace(" NOT ", " -")
        if filt.get("languages"):
            qtext = f"({qtext}) AND lang:{filt['languages'][0]}"
        try:
            query = index.parse_query(qtext, ["title", "body"], field_boosts={"title": 8.0},
                                      conjunction_by_default=True)
        except ValueError:
            query = index.parse_query(qtext.rstrip("*"), ["title", "body"], conjunction_by_default=True)
        snippets = tantivy.SnippetGenerator.create(searcher, query, schema, "body")
        for i in range(repeat + 1):
            t0 = time.perf_counter()
            result = searcher.search(query, 10, count=True)
            for _, address in result.hits:
                doc = searcher.doc(address)
                snippets.snippet_from_doc(doc).to_html()
            if i:  # the first run warms up
                samples.append((time.perf_counter() - t0) * 1000)
    return {"engine": f"tantivy {getattr(tantivy, '__version__', '')}".strip(), "index_s": round(built, 1),
            "search": _harness.percentiles(samples)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--size", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--backends", default="tantivy,sqlite,postgresql",
                    help="comma-separated parts to run: tantivy, sqlite, postgresql")
    ap.add_argument("--out", type=Path, help="also write the JSON here after each part (partial results survive)")
    ap.add_argument("--backend", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.backend:
        print(json.dumps(child(args.n, args.size, args.repeat)))
        return
    common = ["--n", str(args.n), "--size", str(args.size), "--repeat", str(args.repeat)]
    wanted = [b.strip() for b in args.backends.split(",") if b.strip()]
    result: dict = {"benchmark": "search", "documents": args.n, "queries": len(QUERIES),
                    "repeat": args.repeat,
                    "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}}

    def save() -> None:
        if args.out:
            args.out.write_text(json.dumps(result, indent=2))

    ref = None
    if "tantivy" in wanted:
        result["tantivy"] = tantivy_reference(args.n, args.size, args.repeat)
        ref = result["tantivy"]["search"]["p95_ms"]
        save()
    for backend in ("sqlite", "postgresql"):
        if backend not in wanted:
            continue
        if backend == "postgresql" and not _harness.postgres_available():
            result[backend] = "not reachable"
            continue
        part = _harness.run_child(__file__, backend, common)
        part["p95_ratio_to_tantivy"] = round(part["search_service"]["p95_ms"] / ref, 1) if ref else None
        result[backend] = part
        save()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
