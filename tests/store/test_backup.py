"""praxhub backup / praxhub restore, end to end through the CLI: a hub with documents, items,
practices, follow-ups, comments and accounts is backed up, restored into an empty hub, and every
table and original file comes back the same; bad archives and a non-empty target are refused."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "src" / "praxhub" / "demo" / "corpus"
DOCS = ("01-newsletter-south-east-europe-may-2018.txt", "20-coe-recommendation-youth-work.html")
POSTGRES = os.environ.get("PRAXHUB_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")

FILL = """
from praxhub.cli.app import setup_django
setup_django()
from praxhub.accounts.services import create_user
from praxhub.discussion import services as discussion
from praxhub.events.models import Event
from praxhub.practices import services as practices
from praxhub.recommendations import services as tracker
from praxhub.recommendations.models import Recommendation
ana = create_user("ana", "a long member passphrase")
cora = create_user("cora", "a long curator passphrase", curator=True)
practice = practices.save(practices.PracticeInput(title="Mentoring", summary="Mentors meet prisoners.",
    countries=["DE"], themes=["prisons"], target_groups=["prisoners"]), ana)
practices.submit(practice, ana); practices.publish(practice, cora)
tracker.add_follow_up(Recommendation.objects.first(), ana, status="in_progress", progress=40, country="FR")
discussion.post(Event.objects.first(), ana, "Were the slides shared?")
"""

FINGERPRINT = """
import hashlib, json
from praxhub.cli.app import setup_django
setup_django()
from django.db import connection
out = {}
with connection.cursor() as cur:
    for table in sorted(connection.introspection.table_names(cur)):
        if table.startswith("search_fts_"):
            continue
        cur.execute(f'SELECT * FROM "{table}" ORDER BY 1')
        rows = cur.fetchall()
        out[table] = [len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()]
print(json.dumps(out))
"""


def run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "praxhub", *args], env=env, capture_output=True, text=True,
                          timeout=300)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def script(env: dict[str, str], code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def hub(tmp_path: Path, name: str, database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PRAXHUB_DATABASE_URL"}
    env["PRAXHUB_DATA_DIR"] = str(tmp_path / name)
    if database == "postgresql":
        env["PRAXHUB_DATABASE_URL"] = f"{POSTGRES}/praxhub_backup_{name}_{uuid.uuid4().hex[:8]}"
    return env


def _postgres(env: dict[str, str], action: str) -> None:
    import psycopg

    url = env["PRAXHUB_DATABASE_URL"]
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'{action} DATABASE "{name}"' + (" WITH (FORCE)" if action == "DROP" else ""))


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request) -> str:
    if request.param == "postgresql":
        try:
            import psycopg

            psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
        except Exception:
            if os.environ.get("CI") == "true":
                pytest.fail(f"PostgreSQL is not reachable at {POSTGRES}")
            pytest.skip(f"PostgreSQL is not reachable at {POSTGRES}")
    return request.param


@pytest.mark.slow
def test_backup_and_restore_lose_nothing(tmp_path, database):
    source, target = hub(tmp_path, "source", database), hub(tmp_path, "target", database)
    if database == "postgresql":
        _postgres(source, "CREATE")
        _postgres(target, "CREATE")
    try:
        files = tmp_path / "files"
        files.mkdir()
        for name in DOCS:
            (files / name).write_bytes((CORPUS / name).read_bytes())
        run(source, "ingest", str(files))
        script(source, FILL)
        before = json.loads(script(source, FINGERPRINT))
        archive = tmp_path / "backups" / "hub.tar"
        done = run(source, "backup", str(archive))
        assert "backed up" in done.stderr and archive.is_file()

        run(target, "stats")  # an empty hub, its schema made
        assert run(target, "restore", str(archive)).returncode == 0
        after = json.loads(script(target, FINGERPRINT))
        assert after == before  # every table, row for row
        originals = sorted(p.relative_to(Path(source["PRAXHUB_DATA_DIR"]) / "originals")
                           for p in (Path(source["PRAXHUB_DATA_DIR"]) / "originals").rglob("*") if p.is_file())
        assert originals and all(
            (Path(target["PRAXHUB_DATA_DIR"]) / "originals" / p).read_bytes()
            == (Path(source["PRAXHUB_DATA_DIR"]) / "originals" / p).read_bytes() for p in originals)
        assert run(target, "search", "prison", "--json").stdout == run(source, "search", "prison", "--json").stdout

        # A hub that holds documents is only replaced on purpose; a damaged archive changes nothing.
        refused = run(target, "restore", str(archive), check=False)
        assert refused.returncode == 1 and "--force" in refused.stderr
        damaged = tmp_path / "damaged.tar"
        with tarfile.open(archive) as good, tarfile.open(damaged, "w") as bad:
            for member in good.getmembers():
                data = good.extractfile(member)
                content = data.read() if data else b""
                if member.name.startswith("originals/"):
                    content = content[:-1] + b"!"
                member.size = len(content)
                bad.addfile(member, io.BytesIO(content))
        broken = run(target, "restore", str(damaged), "--force", check=False)
        assert broken.returncode == 1 and "damaged" in broken.stderr
        not_a_backup = tmp_path / "notes.tar"
        not_a_backup.write_bytes(b"not a tar file")
        assert "not a praxhub backup" in run(target, "restore", str(not_a_backup), check=False).stderr
        assert json.loads(script(target, FINGERPRINT)) == before
    finally:
        if database == "postgresql":
            _postgres(source, "DROP")
            _postgres(target, "DROP")
