"""Web benchmark: the hub's pages under the production server (`praxhub serve`, gunicorn) on a
benchmark corpus of N generated documents (default 100,000) on SQLite → server-side and
client-side p50/p95/p99 per page, sequential and with 20 concurrent clients on loopback,
requests/s, the pages over the 150 ms p95 target, and the slowest SQL statement.

    python benchmarks/web.py [--docs 100000] [--repeat 20] [--clients 20] [--duration 30]
                             [--cache DIR] [--rebuild] [--out FILE]

The corpus: documents bulk-loaded and indexed as benchmarks/search.py does; the first
`--sample` documents (default 2,000) go through the real extraction (`praxhub.extract`, saved by
`save_extraction`); every other document gets a copy of a sampled document's items (events with
shifted dates, countries varied, recommendations, mentions, countries, themes), so the item
tables have the sizes real extraction would give. The built database is cached in `--cache`
(default: <tmp>/praxhub-bench-web-<N>-<version>) and reused by later runs.

Server-side time is the `app` duration of the Server-Timing header every response carries;
client-side time is measured around the request in this process. A page whose first URL answers
404 (not built yet) is skipped and listed. The slowest query is found afterwards, in-process,
by fetching each page with Django's test client and timing every SQL statement.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import http.client
import itertools
import json
import os
import platform
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).parent))
import _harness

# --------------------------------------------------------------------------------------------
# The pages. (name, path, query parameters). `{placeholders}` are filled from the database after
# loading (see choose_parameters); a placeholder with several values (document_id, event_id)
# gives the page several URLs, used in turn. Pages that answer 404 are skipped and reported.
# --------------------------------------------------------------------------------------------
PAGES: list[tuple[str, str, dict[str, str]]] = [
    ("home", "/", {}),
    ("search: common word", "/search", {"q": "prevention"}),
    ("search: rare word", "/search", {"q": "hotline"}),
    ("search: phrase", "/search", {"q": '"local authorities"'}),
    ("search: prefix", "/search", {"q": "radical*"}),
    ("search: country facet", "/search", {"q": "prevention", "country": "FR"}),
    ("search: page 2", "/search", {"q": "prevention", "page": "2"}),
    ("search: type=event", "/search", {"q": "conference", "type": "event"}),
    ("search: type=recommendation", "/search", {"q": "prevention", "type": "recommendation"}),
    ("search: type=organisation", "/search", {"q": "police", "type": "organisation"}),
    ("document", "/documents/{document_id}", {}),
    ("events", "/events", {}),
    ("events: month view", "/events", {"view": "month", "month": "{busiest_month}"}),
    ("events: country", "/events", {"country": "{event_country}"}),
    ("event", "/events/{event_id}", {}),
    ("events.ics: country", "/events.ics", {"country": "{event_country}"}),
    ("organisations", "/organisations", {}),
    ("organisation: most mentioned", "/organisations/{organisation_frequent}", {}),
    ("organisation: rarely mentioned", "/organisations/{organisation_rare}", {}),
    ("initiatives", "/initiatives", {}),
    ("initiative: most mentioned", "/initiatives/{initiative}", {}),
    ("experts", "/experts", {}),
    ("api: search", "/api/search", {"q": "prevention"}),
    ("api: events", "/api/events", {}),
    ("practices", "/practices", {}),
    ("practices: country and theme", "/practices", {"country": "{practice_country}", "theme": "prisons"}),
    ("practice", "/practices/{practice_slug}", {}),
    ("api: practices", "/api/practices", {"target": "young_people"}),
    ("recommendations", "/recommendations", {}),
    ("recommendations: theme", "/recommendations", {"theme": "prisons"}),
    ("recommendation", "/recommendations/{recommendation_id}", {}),
    ("recommendations: source", "/recommendations/sources/{tracked_source}", {}),
    ("api: recommendations", "/api/recommendations", {"tracked": "yes"}),
    ("trends", "/trends", {}),
    ("map", "/map", {}),
    ("map: country and theme", "/map", {"country": "{event_country}", "theme": "prisons", "kind": "events"}),
]
FOLLOW_UPS = 3_000  # follow-ups recorded on recommendations of the corpus
PRACTICES = 5_000  # published practices added to the corpus (a compendium far larger than the RAN Collection)

TARGET_P95_MS = 150.0
# Bump when the way the corpus is built changes, so old caches are not reused.
CORPUS_VERSION = "web2"
SEED = 5
RANDOM_IDS = 20  # distinct documents / events asked for on the id pages
DB_NAME = "praxhub.sqlite3"
META_NAME = "corpus.json"  # written last: a cache directory without it is incomplete

_TIMING = re.compile(r"\bapp;dur=([0-9.]+)")
_ACCESS_LINE = re.compile(r"^\S+ - \S+ \[[^\]]+\] \"")


def log(message: str) -> None:
    print(f"[web] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------------


def schema_fingerprint() -> str:
    """A short hash of praxhub's migration files: a cache from another schema is not reused."""
    import praxhub

    root = Path(praxhub.__file__).parent
    names = sorted(str(p.relative_to(root)) for p in root.glob("*/migrations/[0-9]*.py"))
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:8]


def default_cache(docs: int) -> Path:
    return Path(tempfile.gettempdir()) / f"praxhub-bench-web-{docs}-{CORPUS_VERSION}-{schema_fingerprint()}"


def _copyable(obj: Any, skip: tuple[str, ...] = ("id", "document_id", "created_at", "updated_at")) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in skip}


def extract_sample(sample: int) -> dict:
    """Real extraction of the first `sample` documents, saved as `praxhub ingest` saves it."""
    from django.db import transaction

    from praxhub.documents.models import Document
    from praxhub.extract.pipeline import extract
    from praxhub.ingest.model import ParsedDocument
    from praxhub.store.extraction import save_extraction

    started = time.perf_counter()
    extract_s = 0.0
    done = 0
    ids = list(Document.objects.order_by("id").values_list("id", flat=True)[:sample])
    for i in range(0, len(ids), 100):
        with transaction.atomic():
            for doc in Document.objects.filter(id__in=ids[i:i + 100]).order_by("id"):
                parsed = ParsedDocument(
                    source_path=doc.source_path, source_name=doc.source_name, format=doc.format,
                    media_type=doc.media_type, sha256=doc.sha256, size=doc.size, text=doc.text,
                    title=doc.title or None, language=doc.language, published=doc.published, kind=doc.kind,
                    pages=list(doc.pages or [0]))
                t0 = time.perf_counter()
                extraction = extract(parsed)
                extract_s += time.perf_counter() - t0
                save_extraction(doc, extraction)
                done += 1
        log(f"extracted {done}/{len(ids)} documents ({time.perf_counter() - started:.0f} s)")
    total = time.perf_counter() - started
    return {"documents": done, "seconds": round(total, 1), "extract_seconds": round(extract_s, 1),
            "save_seconds": round(total - extract_s, 1)}


def item_counts() -> dict[str, int]:
    from praxhub.documents.models import DocumentCountry, DocumentTheme
    from praxhub.events.models import Event
    from praxhub.organisations.models import Initiative, Mention, Organisation
    from praxhub.recommendations.models import Recommendation

    return {"events": Event.objects.count(), "event_organisers": Event.organisers.through.objects.count(),
            "recommendations": Recommendation.objects.count(), "mentions": Mention.objects.count(),
            "document_countries": DocumentCountry.objects.count(), "document_themes": DocumentTheme.objects.count(),
            "organisations": Organisation.objects.count(), "initiatives": Initiative.objects.count()}


def upcoming_events() -> int:
    from praxhub.events.models import Event

    return Event.objects.filter(start__gte=dt.date.today()).count()


def copy_items(sample_ids: list[int], confirm_share: float, upcoming_share: float, batch_docs: int = 1000) -> dict:
    """Give every document after the sample a copy of a random sampled document's items."""
    from django.db import transaction
    from django.utils import timezone

    from praxhub.documents.models import Document, DocumentCountry, DocumentTheme, Status
    from praxhub.events.models import Event
    from praxhub.organisations.models import Mention
    from praxhub.recommendations.models import Recommendation
    from praxhub.store.extraction import fingerprint

    started = time.perf_counter()
    rng = random.Random(SEED + 6)
    through = Event.organisers.through
    last_sample = max(sample_ids)
    sample_set = set(sample_ids)
    published = dict(Document.objects.filter(id__in=sample_set).values_list("id", "published"))

    events: dict[int, list[tuple[int, dict]]] = defaultdict(list)
    for e in Event.objects.filter(document_id__in=sample_set).order_by("id"):
        events[e.document_id].append((e.pk, _copyable(e)))
    organisers: dict[int, list[int]] = defaultdict(list)
    for event_id, org_id in through.objects.filter(event__document_id__in=sample_set).values_list(
            "event_id", "organisation_id"):
        organisers[event_id].append(org_id)
    recs: dict[int, list[dict]] = defaultdict(list)
    for r in Recommendation.objects.filter(document_id__in=sample_set).order_by("id"):
        recs[r.document_id].append(_copyable(r))
    mentions: dict[int, list[dict]] = defaultdict(list)
    for m in Mention.objects.filter(document_id__in=sample_set).order_by("id"):
        mentions[m.document_id].append(_copyable(m, ("id", "document_id")))
    countries: dict[int, list[str]] = defaultdict(list)
    for doc_id, code in DocumentCountry.objects.filter(document_id__in=sample_set).values_list("document_id", "code"):
        countries[doc_id].append(code)
    themes: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for doc_id, theme, score in DocumentTheme.objects.filter(document_id__in=sample_set).values_list(
            "document_id", "theme", "score"):
        themes[doc_id].append((theme, score))
    # Countries are varied by drawing from the sample's own distribution of document and event countries.
    pool = Counter(c for codes in countries.values() for c in codes)
    pool.update(f["country"] for items in events.values() for _, f in items if f["country"])
    pool_codes, pool_weights = list(pool), list(pool.values())

    now = timezone.now()
    today = now.date()
    totals: Counter[str] = Counter()
    targets = Document.objects.filter(id__gt=last_sample).order_by("id").values_list("id", "published", "size")
    total_targets = targets.count()
    last_id = last_sample
    while True:
        batch = list(targets.filter(id__gt=last_id)[:batch_docs])
        if not batch:
            break
        last_id = batch[-1][0]
        new_events: list[tuple[Event, list[int]]] = []
        new_recs: list[Recommendation] = []
        new_mentions: list[Mention] = []
        new_countries: list[DocumentCountry] = []
        new_themes: list[DocumentTheme] = []
        for doc_id, doc_published, size in batch:
            source = rng.choice(sample_ids)
            mapping: dict[str, str] = {}

            def vary(code: str, mapping: dict[str, str] = mapping) -> str:
                if code and code not in mapping:
                    keep = rng.random() < 0.5 or not pool_codes
                    mapping[code] = code if keep else rng.choices(pool_codes, pool_weights)[0]
                return mapping.get(code, code)

            # Events move with the publication date: the copy keeps the source's distance to it. A
            # share of the documents announce upcoming events: theirs start in the next 12 months.
            source_published = published[source]
            shift = doc_published - source_published if doc_published and source_published else dt.timedelta(0)
            starts = [f["start"] for _, f in events.get(source, ()) if f["start"]]
            if starts and rng.random() < upcoming_share:
                shift = today + dt.timedelta(days=rng.randrange(1, 366)) - min(starts)

            def status() -> dict:
                if rng.random() < confirm_share:
                    return {"status": Status.CONFIRMED, "curated_at": now}
                return {"status": Status.SUGGESTED, "curated_at": None}

            for source_event_id, fields in events.get(source, ()):
                f = {**fields, **status()}
                f["start"] = f["start"] + shift if f["start"] else None
                f["end"] = f["end"] + shift if f["end"] else None
                f["country"] = vary(f["country"])
                f["fingerprint"] = fingerprint("event", f["title"], f["start"].isoformat() if f["start"] else None)
                f["span_start"], f["span_end"] = min(f["span_start"], size), min(f["span_end"], size)
                new_events.append((Event(document_id=doc_id, **f), organisers.get(source_event_id, [])))
            for fields in recs.get(source, ()):
                f = {**fields, **status()}
                f["span_start"], f["span_end"] = min(f["span_start"], size), min(f["span_end"], size)
                new_recs.append(Recommendation(document_id=doc_id, **f))
            for fields in mentions.get(source, ()):
                f = dict(fields)
                f["start"], f["end"] = min(f["start"], size), min(f["end"], size)
                new_mentions.append(Mention(document_id=doc_id, **f))
            for code in sorted({vary(c) for c in countries.get(source, ())}):
                new_countries.append(DocumentCountry(document_id=doc_id, code=code))
            for theme, score in themes.get(source, ()):
                new_themes.append(DocumentTheme(document_id=doc_id, theme=theme, score=score))
        with transaction.atomic():
            created = Event.objects.bulk_create([e for e, _ in new_events])
            links = [through(event_id=e.pk, organisation_id=org) for e, (_, orgs) in zip(created, new_events,
                                                                                      strict=True) for org in orgs]
            through.objects.bulk_create(links)
            Recommendation.objects.bulk_create(new_recs)
            Mention.objects.bulk_create(new_mentions)
            DocumentCountry.objects.bulk_create(new_countries)
            DocumentTheme.objects.bulk_create(new_themes)
        totals.update(documents=len(batch), events=len(created), event_organisers=len(links),
                      recommendations=len(new_recs), mentions=len(new_mentions),
                      document_countries=len(new_countries), document_themes=len(new_themes))
        log(f"copied items to {totals['documents']}/{total_targets} documents "
            f"({time.perf_counter() - started:.0f} s)")
    return {"documents": totals.pop("documents", 0), "rows": dict(totals),
            "seconds": round(time.perf_counter() - started, 1)}


def confirm_sample(sample_ids: list[int], confirm_share: float) -> None:
    """A share of the really extracted items confirmed, as a curated hub would have them."""
    from django.utils import timezone

    from praxhub.documents.models import Status
    from praxhub.events.models import Event
    from praxhub.recommendations.models import Recommendation

    rng = random.Random(SEED + 7)
    for model in (Event, Recommendation):
        ids = list(model.objects.filter(document_id__in=sample_ids).order_by("id").values_list("id", flat=True))
        chosen = [i for i in ids if rng.random() < confirm_share]
        for i in range(0, len(chosen), 500):
            model.objects.filter(id__in=chosen[i:i + 500]).update(status=Status.CONFIRMED, curated_at=timezone.now())


def build_corpus(docs: int, size: int, sample: int, confirm_share: float, upcoming_share: float) -> dict:
    from django.db import connection

    from search import load as load_documents  # benchmarks/search.py

    started = time.perf_counter()
    log(f"loading and indexing {docs} generated documents ...")
    loaded = load_documents(docs, size)
    log(f"loaded in {loaded['load_s']} s, indexed in {loaded['index_s']} s")
    from praxhub.documents.models import Document

    sample_ids = list(Document.objects.order_by("id").values_list("id", flat=True)[:min(sample, docs)])
    extracted = extract_sample(len(sample_ids))
    confirm_sample(sample_ids, confirm_share)
    real = item_counts()
    per_doc = {k: round(real[k] / len(sample_ids), 2)
               for k in ("events", "event_organisers", "recommendations", "mentions", "document_countries",
                         "document_themes")}
    log(f"per document in the extracted sample: {per_doc}")
    copied: dict[str, Any] = {"documents": 0, "seconds": 0.0}
    if docs > len(sample_ids):
        copied = copy_items(sample_ids, confirm_share, upcoming_share)
    t0 = time.perf_counter()
    from praxhub.search.backends import get_backend

    # As at the end of `praxhub ingest`: the ranking index takes in the items copied above.
    get_backend().catch_up()
    log(f"search index caught up in {time.perf_counter() - t0:.1f} s")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    analyze_s = time.perf_counter() - t0
    seconds = time.perf_counter() - started
    rates = {"load_and_index": (loaded["load_s"] + loaded["index_s"]) / docs * 1000,
             "real_extraction_of_the_sample": extracted["seconds"] / len(sample_ids) * 1000,
             "copying_items": copied["seconds"] / copied["documents"] * 1000 if copied["documents"] else None}
    estimate = (rates["load_and_index"] * 100 + rates["real_extraction_of_the_sample"] * len(sample_ids) / 1000
                + (rates["copying_items"] or 0) * (100_000 - len(sample_ids)) / 1000 + analyze_s)
    return {
        "how": (f"{docs} documents from praxhub.demo.generator (seed 3, ~{size} chars) bulk-loaded and indexed "
                f"by benchmarks/search.py load(); the first {len(sample_ids)} went through the real extraction "
                f"(praxhub.extract.pipeline.extract + store.extraction.save_extraction); each of the other "
                f"{copied['documents']} documents got bulk_create copies of one random sampled document's "
                "items: events (dates shifted by the difference of the two documents' publication dates or, "
                f"for {upcoming_share:.0%} of the documents, so that their events start in the 12 months after "
                "the build date; organiser links kept), recommendations, organisation/initiative mentions "
                "(spans clipped to the copy's length), document countries and themes; each country of the "
                "source is kept or, with probability 0.5, replaced by one drawn from the sample's country "
                "distribution (consistently "
                f"for the document and its events); {confirm_share:.0%} of events and recommendations are "
                "confirmed, the rest suggested. Organisations and initiatives are only those the sample found."),
        "documents": docs, "chars_per_document": size, "seed": SEED, "version": CORPUS_VERSION,
        "schema": schema_fingerprint(), "load": loaded, "extracted_sample": extracted,
        "sample_items_per_document": per_doc, "copied": copied, "analyze_s": round(analyze_s, 1),
        "items": item_counts(), "upcoming_events": upcoming_events(),
        "build_seconds": round(seconds, 1),
        "build_seconds_per_1000_documents": round(seconds / docs * 1000, 2),
        "seconds_per_1000_documents_by_phase": {k: round(v, 2) if v is not None else None for k, v in rates.items()},
        "estimated_build_seconds_for_100000": round(estimate) if rates["copying_items"] else None,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def prepare_corpus(cache: Path, docs: int, size: int, sample: int, confirm_share: float, upcoming_share: float,
                   rebuild: bool) -> dict:
    """Point praxhub at the cache directory, set Django up, and build the corpus unless cached."""
    cache.mkdir(parents=True, exist_ok=True)
    meta_path, db_path = cache / META_NAME, cache / DB_NAME
    options = {"documents": docs, "size": size, "sample": sample, "confirm_share": confirm_share,
               "upcoming_share": upcoming_share, "version": CORPUS_VERSION}
    meta = None
    if meta_path.exists() and not rebuild:
        meta = json.loads(meta_path.read_text())
        if meta.get("options") != options:
            raise SystemExit(f"{cache}: holds a corpus built with {meta.get('options')}, not {options}; "
                             "use another --cache or --rebuild")
    if meta is None:  # new, forced, or left incomplete by an interrupted build: remove only our files
        meta_path.unlink(missing_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.environ["PRAXHUB_DATA_DIR"] = str(cache)
    os.environ["PRAXHUB_DATABASE_URL"] = f"sqlite:///{db_path}"
    _harness.setup_django()
    if meta is not None:
        log(f"reusing the corpus in {cache} (built {meta.get('built_at')}, {meta.get('build_seconds')} s)")
        from praxhub.search.backends import get_backend

        get_backend().catch_up()  # builds the ranking index if this version of praxhub keeps it elsewhere
        reused: dict[str, Any] = {**meta, "cache": str(cache), "reused": True}
        if meta.get("schema") != schema_fingerprint():
            log("warning: praxhub's migrations changed since this corpus was built (they were applied to it); "
                "tables added since are empty: use --rebuild for a corpus built on the current schema")
            reused["schema_changed_since_build"] = True
        return reused
    log(f"building the corpus in {cache}")
    meta = {**build_corpus(docs, size, sample, confirm_share, upcoming_share), "options": options}
    meta_path.write_text(json.dumps(meta, indent=2))
    return {**meta, "cache": str(cache), "reused": False}


# --------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------


def choose_parameters() -> dict[str, list[str]]:
    """Ids, slugs, a month and a country from the database, with a fixed seed."""
    from django.db.models import Count

    from praxhub.documents.models import Document
    from praxhub.events.models import Event
    from praxhub.organisations.models import Initiative, Organisation, Origin

    rng = random.Random(SEED)
    out: dict[str, list[str]] = {}
    ids = list(Document.objects.order_by("id").values_list("id", flat=True))
    out["document_id"] = [str(i) for i in rng.sample(ids, min(RANDOM_IDS, len(ids)))]
    ids = list(Event.objects.order_by("id").values_list("id", flat=True))
    if ids:
        out["event_id"] = [str(i) for i in rng.sample(ids, min(RANDOM_IDS, len(ids)))]
    months = Counter(f"{d:%Y-%m}" for d in Event.objects.exclude(start=None).values_list("start", flat=True))
    if months:
        out["busiest_month"] = [months.most_common(1)[0][0]]
    countries = Counter(Event.objects.exclude(country="").values_list("country", flat=True))
    if countries:
        out["event_country"] = [countries.most_common(1)[0][0]]
    orgs = list(Organisation.objects.filter(origin=Origin.REGISTRY).annotate(n=Count("mentions"))
                .filter(n__gt=0).order_by("-n", "slug").values_list("slug", "n"))
    if orgs:
        out["organisation_frequent"] = [orgs[0][0]]
        out["organisation_rare"] = [orgs[-1][0]]
    initiatives = list(Initiative.objects.annotate(n=Count("mentions")).filter(n__gt=0)
                       .order_by("-n", "slug").values_list("slug", flat=True)[:1])
    if initiatives:
        out["initiative"] = initiatives
    from praxhub.recommendations.models import FollowUp, Recommendation

    rec_ids = list(Recommendation.objects.order_by("-id").values_list("id", flat=True)[:5000])
    if rec_ids:
        out["recommendation_id"] = [str(i) for i in rng.sample(rec_ids, min(RANDOM_IDS, len(rec_ids)))]
    sources = list(FollowUp.objects.order_by("id").values_list("recommendation__document_id", flat=True)[:200])
    if sources:
        out["tracked_source"] = [str(i) for i in sorted(set(sources))[:RANDOM_IDS]]
    from praxhub.practices.models import Practice, PracticeTag

    slugs = list(Practice.objects.order_by("id").values_list("slug", flat=True))
    if slugs:
        out["practice_slug"] = rng.sample(slugs, min(RANDOM_IDS, len(slugs)))
        codes = Counter(PracticeTag.objects.filter(kind="country").values_list("value", flat=True))
        out["practice_country"] = [codes.most_common(1)[0][0]]
    return out


def add_follow_ups(n: int) -> None:
    """Follow-ups with a two-step timeline on randomly chosen recommendations (once per corpus)."""
    from django.db import transaction

    from praxhub.recommendations.models import FollowUp, FollowUpEntry, FollowUpStatus, Recommendation

    if FollowUp.objects.exists():
        return
    rng = random.Random(SEED + 6)
    started = time.perf_counter()
    ids = list(Recommendation.objects.exclude(status="rejected").order_by("id").values_list("id", flat=True))
    statuses = list(FollowUpStatus.values)
    countries = ["FR", "DE", "BE", "NL", "AT", "IT", "ES", "SE", "DK", "FI", "PL", "PT"]
    with transaction.atomic():
        follow_ups = []
        for rec_id in rng.sample(ids, min(n, len(ids))):
            status = rng.choice(statuses)
            progress = {"not_started": 0, "planned": 10, "in_progress": rng.randrange(20, 90), "implemented": 100,
                        "not_applicable": 0}[status]
            follow_ups.append(FollowUp(recommendation_id=rec_id, country=rng.choice(countries), status=status,
                                       progress=progress, updated_on=dt.date(2025, rng.randint(1, 12), 1)))
        FollowUp.objects.bulk_create(follow_ups, batch_size=1000)
        FollowUpEntry.objects.bulk_create([FollowUpEntry(
            follow_up=f, date=f.updated_on, status=f.status, progress=f.progress, note="Recorded for the benchmark.")
            for f in FollowUp.objects.all()], batch_size=1000)
    log(f"added {len(follow_ups)} follow-ups in {time.perf_counter() - started:.1f} s")


def add_practices(n: int) -> None:
    """Published practices with generated tags (once per corpus): the compendium's pages are
    measured on a compendium of this size."""
    from django.db import transaction
    from django.utils import timezone

    from praxhub.extract.model import THEMES
    from praxhub.organisations.models import Organisation
    from praxhub.practices.models import TARGET_GROUPS, Evaluation, Practice, PracticeTag, Workflow

    if Practice.objects.exists():
        return
    rng = random.Random(SEED + 5)
    countries = ["FR", "DE", "BE", "NL", "AT", "IT", "ES", "SE", "DK", "FI", "PL", "PT", "IE", "GR", "CZ", "HU",
                 "RO", "BG", "HR", "SI", "SK", "LT", "LV", "EE", "LU", "MT", "CY", "NO", "BA", "RS", "AL", "MK"]
    weights = [1 / (i + 1) for i in range(len(countries))]  # a few countries describe most practices
    orgs = list(Organisation.objects.order_by("id").values_list("id", flat=True)[:2000])
    words = ("mentoring", "exit", "dialogue", "training", "coaching", "family", "school", "online", "prison",
             "community", "youth", "sport", "theatre", "counselling", "peer", "network", "hotline", "workshop")
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        practices = []
        for i in range(n):
            title = f"{rng.choice(words).capitalize()} {rng.choice(words)} programme {i + 1}"
            start = rng.randrange(2005, 2025)
            practices.append(Practice(
                slug=f"practice-{i + 1}", title=title, summary=f"{title}: " + " ".join(rng.choices(words, k=40)),
                lead_organisation_id=rng.choice(orgs) if orgs and rng.random() < 0.7 else None,
                approach=" ".join(rng.choices(words, k=60)), methods=" ".join(rng.choices(words, k=60)),
                evaluation=rng.choice(list(Evaluation.values)), lessons_learned=" ".join(rng.choices(words, k=80)),
                year_start=start, year_end=start + rng.randrange(0, 8) if rng.random() < 0.5 else None,
                status=Workflow.PUBLISHED, published_at=now))
        Practice.objects.bulk_create(practices, batch_size=1000)
        tags = []
        for practice in Practice.objects.order_by("id"):
            for code in set(rng.choices(countries, weights=weights, k=rng.randint(1, 2))):
                tags.append(PracticeTag(practice=practice, kind="country", value=code))
            for theme in rng.sample(THEMES, rng.randint(1, 3)):
                tags.append(PracticeTag(practice=practice, kind="theme", value=theme))
            for group in rng.sample(TARGET_GROUPS, rng.randint(1, 2)):
                tags.append(PracticeTag(practice=practice, kind="target", value=group))
        PracticeTag.objects.bulk_create(tags, batch_size=5000)
    log(f"added {n} published practices ({len(tags)} tags) in {time.perf_counter() - started:.1f} s")


def expand_pages(params: dict[str, list[str]]) -> tuple[list[dict], list[dict]]:
    """The pages with their concrete URLs, and the pages whose parameters the database cannot give."""
    pages, skipped = [], []
    for name, path, query in PAGES:
        template = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
        wanted = re.findall(r"\{(\w+)\}", path + " ".join(query.values()))
        missing = [w for w in wanted if not params.get(w)]
        if missing:
            skipped.append({"page": name, "reason": f"no {', '.join(missing)} in the database"})
            continue
        n = max([len(params[w]) for w in wanted], default=1)
        urls = []
        for i in range(n):
            values = {w: params[w][i % len(params[w])] for w in wanted}
            p = path.format(**values)
            q = {k: v.format(**values) for k, v in query.items()}
            urls.append(p + ("?" + urlencode(q) if q else ""))
        pages.append({"page": name, "template": template, "urls": urls})
    return pages, skipped


# --------------------------------------------------------------------------------------------
# Server and clients
# --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_defaults() -> dict[str, Any]:
    import inspect

    from praxhub.cli.app import serve

    sig = inspect.signature(serve).parameters
    return {"workers": sig["workers"].default, "threads": sig["threads"].default}


class Server:
    """`praxhub serve` as a subprocess in its own process group, stopped on exit."""

    def __init__(self, port: int, workers: int | None, threads: int | None, log_path: Path) -> None:
        self.port = port
        self.cmd = [sys.executable, "-m", "praxhub", "serve", "--host", "127.0.0.1", "--port", str(port)]
        if workers:
            self.cmd += ["--workers", str(workers)]
        if threads:
            self.cmd += ["--threads", str(threads)]
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 120.0) -> None:
        log(f"starting {' '.join(self.cmd[1:])}")
        with self.log_path.open("wb") as out:
            self.proc = subprocess.Popen(self.cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True, env=os.environ.copy())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"praxhub serve exited with {self.proc.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                resp = conn.getresponse()
                resp.read()
                conn.close()
                if resp.status == 200:
                    return
            time.sleep(0.2)
        raise SystemExit(f"praxhub serve did not answer /healthz within {timeout:.0f} s:\n{self.log_tail()}")

    def worker_processes(self) -> int:
        """Gunicorn workers: the children of the master process."""
        assert self.proc is not None
        count = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                    count += 1
        return count

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's output without its access-log lines (errors, tracebacks)."""
        with contextlib.suppress(OSError):
            kept = [line for line in self.log_path.read_text(errors="replace").splitlines()
                    if not _ACCESS_LINE.match(line)]
            return "\n".join(kept[-lines:])
        return ""

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        log("stopping the server")
        self.proc.send_signal(signal.SIGTERM)  # gunicorn stops its workers gracefully
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)  # the group this script started
            self.proc.wait(timeout=5)


class Client:
    """One keep-alive HTTP connection; reconnects after errors or `Connection: close`."""

    def __init__(self, port: int, headers: dict[str, str] | None = None) -> None:
        self.port = port
        self.headers = headers or {}  # sent with every request (e.g. an API token)
        self.conn: http.client.HTTPConnection | None = None

    def get(self, url: str) -> tuple[int, float, float | None]:
        """(status, client ms, server ms); status 0 when the request failed."""
        started = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.conn.request("GET", url, headers=self.headers)
            resp = self.conn.getresponse()
            resp.read()
            client_ms = (time.perf_counter() - started) * 1000
            match = _TIMING.search(resp.getheader("Server-Timing") or "")
            if resp.will_close:
                self.close()
            return resp.status, client_ms, float(match.group(1)) if match else None
        except (OSError, http.client.HTTPException):
            self.close()
            return 0, (time.perf_counter() - started) * 1000, None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Samples:
    def __init__(self) -> None:
        self.client: list[float] = []
        self.server: list[float] = []
        self.statuses: Counter[int] = Counter()

    def add(self, status: int, client_ms: float, server_ms: float | None) -> None:
        self.statuses[status] += 1
        self.client.append(client_ms)
        if server_ms is not None:
            self.server.append(server_ms)

    def summary(self) -> dict:
        def pct(values: list[float]) -> dict | None:
            if not values:
                return None
            return _harness.percentiles(values * 2 if len(values) == 1 else values)

        return {"server": pct(self.server), "client": pct(self.client),
                "errors": sum(n for s, n in self.statuses.items() if not 200 <= s < 300),
                "statuses": {str(s): n for s, n in sorted(self.statuses.items())}}


def warm_up(port: int, pages: list[dict]) -> tuple[list[dict], list[dict]]:
    """Fetch every URL once; a page whose first URL answers 404 is not built (yet): skip it."""
    client = Client(port)
    kept, skipped = [], []
    for page in pages:
        statuses = [client.get(url)[0] for url in page["urls"]]
        if statuses[0] == 404:
            skipped.append({"page": page["page"], "reason": "404 (not built yet?)", "url": page["urls"][0]})
        else:
            kept.append({**page, "warm_up_statuses": dict(Counter(str(s) for s in statuses))})
    client.close()
    return kept, skipped


def run_sequential(port: int, pages: list[dict], repeat: int, budget: float) -> tuple[dict[str, Samples], dict]:
    """Each page `repeat` times in turn; a page stops early (after 3 requests at least) once it has
    taken `budget` seconds, so one very slow page cannot hold the run for hours."""
    client = Client(port)
    samples: dict[str, Samples] = {p["page"]: Samples() for p in pages}
    cut: list[str] = []
    started = time.perf_counter()
    for page in pages:
        page_started = time.perf_counter()
        for i in range(repeat):
            samples[page["page"]].add(*client.get(page["urls"][i % len(page["urls"])]))
            if i + 1 >= 3 and i + 1 < repeat and time.perf_counter() - page_started > budget:
                cut.append(page["page"])
                break
    seconds = time.perf_counter() - started
    client.close()
    requests = sum(len(s.client) for s in samples.values())
    return samples, {"requests": requests, "seconds": round(seconds, 1),
                     "req_per_s": round(requests / seconds, 1) if seconds else None,
                     "pages_cut_short_by_budget": cut}


def run_concurrent(port: int, pages: list[dict], clients: int, duration: float,
                   rounds: int | None) -> tuple[dict[str, Samples], dict]:
    """`clients` threads, each looping over all pages (each from its own starting page): for
    `duration` seconds, or for `rounds` passes over the list when given (every page then gets
    clients x rounds samples)."""
    samples: dict[str, Samples] = {p["page"]: Samples() for p in pages}
    lock = threading.Lock()
    stop = threading.Event()
    barrier = threading.Barrier(clients + 1)
    in_window = [0]
    limit = rounds * len(pages) if rounds else None

    def work(k: int) -> None:
        client = Client(port)
        barrier.wait()
        for i in itertools.count():
            if stop.is_set() or (limit is not None and i >= limit):
                break
            page = pages[(k + i) % len(pages)]
            result = client.get(page["urls"][((k + i) // len(pages)) % len(page["urls"])])
            with lock:
                samples[page["page"]].add(*result)
                if not stop.is_set():
                    in_window[0] += 1
        client.close()

    threads = [threading.Thread(target=work, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    try:
        if rounds:
            for t in threads:
                t.join()
        else:
            stop.wait(duration)
        window = time.perf_counter() - started
    finally:
        stop.set()  # also on Ctrl+C: the clients finish their current request and end
        for t in threads:
            t.join(timeout=130)
    seconds = time.perf_counter() - started
    requests = sum(len(s.client) for s in samples.values())
    errors = sum(s.summary()["errors"] for s in samples.values())
    mode = f"{rounds} round(s) over the pages per client" if rounds else f"{duration:g} s"
    return samples, {"clients": clients, "mode": mode, "req_per_s": round(in_window[0] / window, 1),
                     "requests_in_window": in_window[0], "requests_total": requests, "errors": errors,
                     "window_s": round(window, 1), "seconds_with_drain": round(seconds, 1)}


# --------------------------------------------------------------------------------------------
# Slowest query (in-process)
# --------------------------------------------------------------------------------------------


def slowest_queries(pages: list[dict]) -> tuple[dict[str, dict], dict | None]:
    """Fetch each page (its first URL) with Django's test client, after one unmeasured fetch,
    timing every SQL statement; per page the query count, SQL time and slowest statement."""
    from django.db import connection
    from django.test import Client as DjangoClient

    client = DjangoClient(SERVER_NAME="127.0.0.1", raise_request_exception=False)
    per_page: dict[str, dict] = {}
    overall: dict | None = None
    for page in pages:
        url = page["urls"][0]
        client.get(url)
        timings: list[tuple[float, str]] = []

        def timed(execute: Any, sql: str, params: Any, many: bool, context: Any,
                  timings: list[tuple[float, str]] = timings) -> Any:
            t0 = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timings.append(((time.perf_counter() - t0) * 1000, sql))

        t0 = time.perf_counter()
        with connection.execute_wrapper(timed):
            response = client.get(url)
        total_ms = (time.perf_counter() - t0) * 1000
        entry: dict[str, Any] = {"url": url, "status": response.status_code, "ms": round(total_ms, 1),
                                 "queries": len(timings), "sql_ms": round(sum(t for t, _ in timings), 1)}
        if timings:
            ms, sql = max(timings, key=lambda t: t[0])
            entry["slowest_query_ms"] = round(ms, 2)
            entry["slowest_query"] = sql[:300]
            if overall is None or ms > overall["ms"]:
                overall = {"page": page["page"], "url": url, "ms": round(ms, 2), "sql": sql[:300]}
        per_page[page["page"]] = entry
    return per_page, overall


# --------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000, help="documents in the corpus (default 100000)")
    ap.add_argument("--size", type=int, default=5000, help="characters per generated document")
    ap.add_argument("--sample", type=int, default=2000, help="documents that go through the real extraction")
    ap.add_argument("--confirm-share", type=float, default=0.3,
                    help="share of events and recommendations marked confirmed (default 0.3)")
    ap.add_argument("--upcoming-share", type=float, default=0.1,
                    help="share of copied documents whose events are moved into the next 12 months (default 0.1)")
    ap.add_argument("--repeat", type=int, default=20, help="sequential requests per page (default 20)")
    ap.add_argument("--page-budget", type=float, default=120.0,
                    help="seconds after which the sequential run stops repeating one page (default 120)")
    ap.add_argument("--clients", type=int, default=20, help="concurrent client threads (default 20)")
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of the concurrent run (default 30)")
    ap.add_argument("--rounds", type=int,
                    help="instead of --duration: each concurrent client makes this many passes over the pages")
    ap.add_argument("--workers", type=int, help="server worker processes (default: praxhub serve's)")
    ap.add_argument("--threads", type=int, help="threads per worker (default: praxhub serve's)")
    ap.add_argument("--cache", type=Path, help="directory of the cached corpus (default: under the temp dir)")
    ap.add_argument("--rebuild", action="store_true", help="build the corpus even when the cache holds it")
    ap.add_argument("--out", type=Path, help="also write the JSON here")
    args = ap.parse_args()
    if min(args.docs, args.sample, args.repeat, args.clients, args.rounds or 1) < 1 or args.duration <= 0:
        ap.error("--docs, --sample, --repeat, --clients, --rounds and --duration must be positive")

    # SIGTERM ends the run like Ctrl+C does, so the server is stopped in `finally`.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background
    cache = (args.cache or default_cache(args.docs)).resolve()
    corpus = prepare_corpus(cache, args.docs, args.size, args.sample, args.confirm_share, args.upcoming_share,
                            args.rebuild)
    add_practices(PRACTICES)
    add_follow_ups(FOLLOW_UPS)
    params = choose_parameters()
    pages, skipped = expand_pages(params)
    from django.db import connection

    connection.close()  # the server has the database to itself during the HTTP runs

    defaults = server_defaults()
    port = free_port()
    log_file = Path(tempfile.mkstemp(prefix="praxhub-bench-web-server-", suffix=".log")[1])
    server = Server(port, args.workers, args.threads, log_file)
    try:
        server.start()
        server_info = {
            "command": "praxhub " + " ".join(server.cmd[3:]),
            "workers": args.workers or defaults["workers"], "threads_per_worker": args.threads or defaults["threads"],
            "worker_class": "gthread (gunicorn, praxhub.web.server)",
        }
        log(f"warming up {sum(len(p['urls']) for p in pages)} URLs of {len(pages)} pages")
        pages, not_built = warm_up(port, pages)
        skipped += not_built
        server_info["worker_processes_seen"] = server.worker_processes()
        if not pages:
            raise SystemExit("every page was skipped:\n" + json.dumps(skipped, indent=2))
        log(f"sequential: {len(pages)} pages x {args.repeat}")
        seq, seq_total = run_sequential(port, pages, args.repeat, args.page_budget)
        log(f"concurrent: {args.clients} clients, "
            + (f"{args.rounds} round(s) each" if args.rounds else f"{args.duration:g} s"))
        conc, conc_total = run_concurrent(port, pages, args.clients, args.duration, args.rounds)
    finally:
        server.stop()
        server_log = server.log_tail()
        log_file.unlink(missing_ok=True)
    log("timing SQL in-process")
    per_page_sql, slowest = slowest_queries(pages)

    report_pages: dict[str, dict] = {}
    over: dict[str, list[str]] = {"sequential": [], "concurrent": []}
    for page in pages:
        name = page["page"]
        entry = {"url": page["template"], "distinct_urls": len(page["urls"]),
                 "sequential": seq[name].summary(), "concurrent": conc[name].summary(), "sql": per_page_sql[name]}
        for run in ("sequential", "concurrent"):
            server_pct = entry[run]["server"]
            if server_pct is None or server_pct["p95_ms"] > TARGET_P95_MS:
                over[run].append(name)
        report_pages[name] = entry
    notes = [
        "server = the `app` duration of the Server-Timing header (middleware around the whole Django request, "
        "so under concurrency it includes waiting for the GIL behind the other threads of the same worker); "
        "client = around the request in this script (loopback, keep-alive connections, one Python process "
        "for all client threads, on the same machine as the server).",
        "slowest_query: each page fetched twice in-process with django.test.Client; the second fetch is "
        "timed statement by statement.",
        "machine.load_average is taken at the end: figures from a machine busy with other work are inflated.",
    ]
    few = [p["page"] for p in pages if len(conc[p["page"]].server) < 10]
    if few:
        notes.append(f"fewer than 10 concurrent samples for: {', '.join(few)}; their percentiles are rough "
                     "(use a longer --duration, or --rounds)")
    total_errors = sum(e[r]["errors"] for e in report_pages.values() for r in ("sequential", "concurrent"))
    result = {
        "benchmark": "web",
        "documents": args.docs,
        "target": f"server-side p95 <= {TARGET_P95_MS:.0f} ms per page, sequential and with "
                  f"{args.clients} concurrent clients",
        "meets_target": not over["sequential"] and not over["concurrent"] and total_errors == 0,
        "over_target_p95": over,
        "errors": total_errors,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average": [round(x, 2) for x in os.getloadavg()]},
        "server": server_info,
        "sequential": {**seq_total, "repeat_per_page": args.repeat},
        "concurrent": conc_total,
        "slowest_query": slowest,
        "skipped": skipped,
        "parameters": params,
        "pages": report_pages,
        "corpus": corpus,
        "notes": notes,
    }
    if total_errors:
        result["server_log_tail"] = server_log
    text = json.dumps(result, indent=2, default=str)
    if args.out:
        args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        log("interrupted")
        sys.exit(130)
