"""A batch killed with SIGKILL leaves the database consistent; re-running completes it."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

N = 150


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return f"postgresql://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return f"sqlite:///{tmp_path / 'kill.sqlite3'}"


def _counts(url: str) -> tuple[int, int, int]:
    queries = ("SELECT count(*) FROM documents_document", "SELECT count(*) FROM documents_documentsource")
    if url.startswith("sqlite"):
        con = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            docs, sources = (con.execute(q).fetchone()[0] for q in queries)
            index = con.execute("SELECT count(*) FROM search_fts").fetchone()[0]
        finally:
            con.close()
        return docs, sources, index
    with connection.cursor() as cur:
        out = []
        for q in (*queries, "SELECT count(*) FROM search_index"):
            cur.execute(q)
            out.append(cur.fetchone()[0])
        return out[0], out[1], out[2]


def test_sigkill_mid_batch_then_rerun(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(N):
        (corpus / f"doc-{i:04d}.txt").write_text(
            f"Bulletin {i}\n\nThe local prevention network of city {i} met to discuss exit work, "
            f"youth outreach and co-operation with schools and police. Item {i}. " * 20
        )
    url = _database_url(tmp_path)
    env = {**os.environ, "PRAXHUB_DATABASE_URL": url, "PRAXHUB_DATA_DIR": str(tmp_path / "data")}
    cmd = [sys.executable, "-m", "praxhub", "ingest", str(corpus), "--quiet"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    killed_at = 0
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            docs = _counts(url)[0]
        except Exception:  # noqa: S112 - the child has not created the schema yet
            continue
        if docs >= 10:
            proc.send_signal(signal.SIGKILL)
            killed_at = docs
            break
    proc.wait(timeout=30)
    assert killed_at, "the ingest never got going: " + proc.stderr.read().decode()[-500:]
    docs, sources, index = _counts(url)
    assert docs < N, "killed too late to test anything"
    assert docs == sources == index  # only whole documents: row, source and index entry together

    rerun = subprocess.run(cmd, env=env, capture_output=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr.decode()[-800:]
    assert _counts(url) == (N, N, N)
