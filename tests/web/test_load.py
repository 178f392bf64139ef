"""Load on loopback, bounded in count and time: 50 concurrent clients for 60 seconds on search,
pages and the API of a real `praxhub serve`, with no errors (benchmarks/load.py does the work).

On the PostgreSQL run the server uses a fresh database on the same PostgreSQL server. The figures
(throughput, p95) are printed and written to artifacts/load-<database>.json.
PRAXHUB_LOAD_SECONDS shortens the run on a developer's machine; CI runs the full 60 s."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CLIENTS = 50


@pytest.mark.load
def test_fifty_clients_for_a_minute_without_errors():
    import importlib.util

    spec = importlib.util.spec_from_file_location("praxhub_benchmark_load", ROOT / "benchmarks" / "load.py")
    assert spec is not None and spec.loader is not None
    load = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(load)

    seconds = float(os.environ.get("PRAXHUB_LOAD_SECONDS", "60"))
    url = os.environ.get("PRAXHUB_DATABASE_URL", "")
    server_url = url.rsplit("/", 1)[0] + "/postgres" if url.startswith("postgres") else None
    figures = load.load(CLIENTS, seconds, server_url)
    out = ROOT / "artifacts" / f"load-{figures['database']}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures))
    assert figures["errors"] == 0, figures["failures"]
    assert figures["clients"] == CLIENTS and figures["seconds"] >= seconds
    assert figures["requests"] > CLIENTS  # every client got answers, not one each
