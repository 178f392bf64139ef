"""Load on loopback: N concurrent clients for S seconds on search, pages and the API of a real
`praxhub serve` (gunicorn), over the bundled demo corpus. Prints one JSON object: throughput,
latency percentiles (client-side and server-side), status counts and errors.

    python benchmarks/load.py                       # 50 clients, 60 s, SQLite in a temp dir
    python benchmarks/load.py --clients 50 --seconds 60 --database-url postgresql://postgres@127.0.0.1:5432/postgres

With --database-url a fresh database is created beside the one named (and dropped afterwards).
Bounded in count and time: the clients stop at the deadline, each finishing its request in flight.
A third of the clients act as a signed-in member through an API token, the rest are visitors.
tests/web/test_load.py runs this with the issue's figures and asserts that nothing failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _harness


def _benchmark_module(name: str) -> Any:
    """benchmarks/<name>.py under a name of its own (a test package may be called `web` too)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"praxhub_benchmark_{name}", Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_web = _benchmark_module("web")
Client, Server, free_port = _web.Client, _web.Server, _web.free_port

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "src" / "praxhub" / "demo" / "corpus"
PAGES = (
    "/", "/search?q=radicalisation", "/search?q=prevention+prison*", '/search?q="exit+programme"',
    "/search?q=youth&type=event", "/search?q=council&type=recommendation", "/search?q=network&type=organisation",
    "/events", "/events?view=month", "/events.ics", "/practices", "/recommendations", "/organisations",
    "/initiatives", "/map", "/trends", "/documents/1", "/documents/2", "/documents/3",
    "/api/search?q=extremism", "/api/events", "/api/recommendations", "/api/stats",
)


def _run(args: list[str], env: dict[str, str], stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "praxhub", *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=900)
    if done.returncode != 0:
        raise SystemExit(f"praxhub {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


@contextlib.contextmanager
def hub(database_url: str | None):
    """A data directory (and, for PostgreSQL, a fresh database) holding the demo corpus, a member in
    a group and the member's read token; yields (environment, token)."""
    data_dir = Path(tempfile.mkdtemp(prefix="praxhub-load-"))
    env = {k: v for k, v in os.environ.items() if k != "PRAXHUB_DATABASE_URL"}
    env["PRAXHUB_DATA_DIR"] = str(data_dir)
    created = None
    if database_url:
        import psycopg

        created = f"praxhub_load_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{created}"')
        env["PRAXHUB_DATABASE_URL"] = database_url.rsplit("/", 1)[0] + "/" + created
    try:
        _run(["ingest", "--quiet", str(CORPUS)], env)
        _run(["user", "add", "load-member", "--group", "load-platform", "--password-stdin"], env,
             "a long enough passphrase\n")
        token = _run(["token", "create", "load-member", "--name", "load"], env).strip()
        yield env, token
    finally:
        if created:
            import psycopg

            with psycopg.connect(database_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')
        subprocess.run(["rm", "-rf", str(data_dir)], check=False)


def load(clients: int, seconds: float, database_url: str | None = None, workers: int | None = None) -> dict:
    with hub(database_url) as (env, token):
        port = free_port()
        log = Path(env["PRAXHUB_DATA_DIR"]) / "server.log"
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(env)
        server = Server(port, workers, None, log)
        try:
            server.start()
            return _drive(port, token, clients, seconds) | {
                "database": "postgresql" if database_url else "sqlite",
                "server": {"workers": server.worker_processes()}, "pages": len(PAGES)}
        finally:
            server.stop()
            os.environ.clear()
            os.environ.update(saved)


def _drive(port: int, token: str, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    server_ms: list[float] = []
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    barrier = threading.Barrier(clients + 1)

    def work(k: int) -> None:
        client = Client(port, {"Authorization": f"Bearer {token}"} if k % 3 == 0 else None)
        barrier.wait()
        i = k
        while not stop.is_set():
            url = PAGES[i % len(PAGES)]
            status, ms, on_server = client.get(url)
            with lock:
                statuses[status] += 1
                latencies.append(ms)
                if on_server is not None:
                    server_ms.append(on_server)
                if not 200 <= status < 400 and len(failures) < 20:
                    failures.append(f"{status} {url}")
            i += 1
        client.close()

    threads = [threading.Thread(target=work, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    stop.wait(seconds)
    stop.set()
    for t in threads:
        t.join(timeout=130)
    elapsed = time.perf_counter() - started
    errors = sum(n for s, n in statuses.items() if not 200 <= s < 400)
    return {"clients": clients, "seconds": round(elapsed, 1), "requests": len(latencies),
            "req_per_s": round(len(latencies) / elapsed, 1), "errors": errors,
            "statuses": {str(s): n for s, n in sorted(statuses.items())}, "failures": failures,
            "client": _harness.percentiles(latencies) if len(latencies) > 1 else None,
            "server_side": _harness.percentiles(server_ms) if len(server_ms) > 1 else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--database-url", help="a PostgreSQL server (a fresh database is made on it)")
    ap.add_argument("--workers", type=int, help="server worker processes (default: praxhub serve's)")
    args = ap.parse_args()
    print(json.dumps(load(args.clients, args.seconds, args.database_url, args.workers), indent=2))


if __name__ == "__main__":
    main()
