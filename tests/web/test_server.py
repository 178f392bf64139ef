"""The gunicorn runner's warm-up, run as the master process runs it (in a process of its own)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
from praxhub.cli.app import setup_django
setup_django()
from django.db import connection, connections
from django.urls import get_resolver
connection.ensure_connection()
from praxhub.web.server import warm_up
warm_up()
assert "url_patterns" in get_resolver().__dict__, "the URL configuration was not imported"
assert all(c.connection is None for c in connections.all()), "a database connection would cross the fork"
print("warm")
"""


def test_warm_up_loads_the_urls_and_leaves_no_connection_open(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PRAXHUB_DATABASE_URL"}
    env["PRAXHUB_DATA_DIR"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "warm"
