"""`praxhub serve` and `praxhub demo` start a real gunicorn server with static files."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_demo_builds_the_bundled_corpus_and_serves_it(tmp_path: Path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PRAXHUB_DATABASE_URL"}
    env["PRAXHUB_DATA_DIR"] = str(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "praxhub", "demo", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        health = wait_for(f"http://127.0.0.1:{port}/healthz", timeout=120)
        assert b'"documents": ' in health
        documents = int(health.split(b'"documents": ')[1].split(b"}")[0])
        assert documents >= 20
        page = wait_for(f"http://127.0.0.1:{port}/search?q=prison+OR+Gef%C3%A4ngnis").decode()
        assert "<mark>" in page
        css = wait_for(f"http://127.0.0.1:{port}/static/praxhub/app.css")
        assert b"--accent" in css
        htmx = wait_for(f"http://127.0.0.1:{port}/static/praxhub/vendor/htmx.min.js")
        assert len(htmx) > 10_000
        events = wait_for(f"http://127.0.0.1:{port}/search?type=event").decode()
        assert "/events/" in events
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0].decode()
    assert "documents added" in output
    password = re.search(r"sign in as curator with password (\S+)", output).group(1)
    assert len(password) >= 12
    assert (tmp_path / "demo.sqlite3").exists()


@pytest.mark.parametrize("options", [[], ["--workers", "1", "--threads", "2"]])
def test_serve_starts_gunicorn_with_its_worker_processes(tmp_path: Path, options: list[str]):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PRAXHUB_DATABASE_URL"}
    env["PRAXHUB_DATA_DIR"] = str(tmp_path)
    subprocess.run([sys.executable, "-m", "praxhub", "stats"], env=env, check=True, capture_output=True)
    proc = subprocess.Popen([sys.executable, "-m", "praxhub", "serve", "--port", str(port), *options], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert b'"status": "ok"' in wait_for(f"http://127.0.0.1:{port}/healthz", timeout=60)
        expected = 1 if options else 2 * (os.cpu_count() or 1)
        deadline = time.monotonic() + 20  # the first worker may answer before the master forked the last
        while True:
            children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
            if len(children) >= expected or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        time.sleep(0.5)  # and no more than that appear
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == expected
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
