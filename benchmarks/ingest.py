"""Ingest benchmark: N generated documents through `praxhub ingest`'s runner on SQLite and on
PostgreSQL → documents/s and MB/s, with 1 and 2 parse processes.

    python benchmarks/ingest.py [--n 2000] [--size 5000]
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import _harness


def child(corpus: Path, jobs: list[int]) -> dict:
    _harness.setup_django()
    from praxhub.documents.models import Document
    from praxhub.store.runner import ingest_paths

    files = sorted(corpus.glob("*.txt"))
    size = sum(f.stat().st_size for f in files)
    out = {}
    for j in jobs:
        Document.objects.all().delete()
        started = time.perf_counter()
        report = ingest_paths([corpus], jobs=j, extract=False)
        seconds = time.perf_counter() - started
        assert report.counts["added"] == len(files), report.counts
        out[f"jobs_{j}"] = {
            "documents": len(files),
            "seconds": round(seconds, 2),
            "documents_per_s": round(len(files) / seconds, 1),
            "mb_per_s": round(size / 1e6 / seconds, 2),
        }
    # Re-running on unchanged files: the no-op path.
    started = time.perf_counter()
    report = ingest_paths([corpus])
    seconds = time.perf_counter() - started
    out["unchanged_rerun"] = {"documents_per_s": round(len(files) / seconds, 1),
                              "unchanged": report.counts["unchanged"]}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--size", type=int, default=5000, help="target characters per document")
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--backend", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    args = ap.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    if args.backend:
        print(json.dumps(child(Path(args.corpus), jobs)))
        return

    from praxhub.demo.generator import write_documents

    corpus = Path(tempfile.mkdtemp(prefix="praxhub-bench-corpus-"))
    try:
        write_documents(corpus, args.n, seed=1, target_chars=args.size)
        total = sum(f.stat().st_size for f in corpus.glob("*.txt"))
        result = {
            "benchmark": "ingest",
            "documents": args.n,
            "mb": round(total / 1e6, 2),
            "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version()},
            "note": "text documents through the full runner: hash, parse, normalise, language, metadata, "
                    "store, index; no extraction",
            "sqlite": _harness.run_child(__file__, "sqlite", ["--corpus", str(corpus), "--jobs", args.jobs]),
        }
        if _harness.postgres_available():
            result["postgresql"] = _harness.run_child(
                __file__, "postgresql", ["--corpus", str(corpus), "--jobs", args.jobs])
        else:
            result["postgresql"] = "not reachable"
        print(json.dumps(result, indent=2))
    finally:
        shutil.rmtree(corpus, ignore_errors=True)


if __name__ == "__main__":
    main()
