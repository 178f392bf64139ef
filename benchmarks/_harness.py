"""Shared plumbing for the benchmarks: run one part per database in a fresh child process
(Django settings are fixed per process), with a fresh SQLite file or PostgreSQL database."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

PG_SERVER = os.environ.get("PRAXHUB_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


def postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
        return True
    except Exception:
        return False


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as con:
        con.execute(sql)


def run_child(script: str, backend: str, args: list[str]) -> dict[str, Any]:
    """Run `script --backend BACKEND args...` against a fresh database; return its JSON."""
    tmp = Path(tempfile.mkdtemp(prefix=f"praxhub-bench-{backend}-"))
    env = {**os.environ, "PRAXHUB_DATA_DIR": str(tmp)}
    dbname = None
    if backend == "postgresql":
        dbname = f"praxhub_bench_{uuid.uuid4().hex[:8]}"
        _admin(f"CREATE DATABASE {dbname}")
        env["PRAXHUB_DATABASE_URL"] = f"{PG_SERVER}/{dbname}"
    else:
        env["PRAXHUB_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    try:
        proc = subprocess.run([sys.executable, script, "--backend", backend, *args], env=env,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"{backend} part failed:\n{proc.stderr[-3000:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if dbname:
            _admin(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praxhub.web.settings")
    import django

    django.setup()
    from praxhub.documents.database import migrate_if_needed

    migrate_if_needed()


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return {"p50_ms": round(qs[49], 2), "p95_ms": round(qs[94], 2), "p99_ms": round(qs[98], 2),
            "mean_ms": round(statistics.fmean(samples_ms), 2), "samples": len(samples_ms)}
