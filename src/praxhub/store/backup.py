"""Backups: one archive with the database and the originals, restored whole or not at all.

The archive (a .tar file) holds `manifest.json` (format, praxhub version, database kind, row counts
per table, SHA-256 of every member), the database (SQLite: a consistent copy made with SQLite's
online backup API while the hub keeps running; PostgreSQL: `pg_dump --format=custom`) and
`originals/` (the content-addressed original files). It is written to a temporary file beside the
target and renamed into place, so a failed backup leaves nothing. A restore checks the manifest and
every checksum before it touches anything, refuses to overwrite a hub that holds documents unless
forced, and checks the row counts afterwards. The search indexes derived from the database are
rebuilt."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, connections

from praxhub import __version__, config

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"


class BackupError(RuntimeError):
    """A backup or restore praxhub cannot carry out; the message says which file and why."""


@dataclass
class BackupReport:
    path: Path
    database: str
    tables: dict[str, int]
    originals: int
    bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    """Rows per table of the database in use (every table Django or praxhub's migrations made)."""
    counts = {}
    with connection.cursor() as cur:
        for table in sorted(connection.introspection.table_names(cur)):
            if table.startswith("search_fts_"):  # FTS5's own shadow tables
                continue
            cur.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from the database itself
            counts[table] = int(cur.fetchone()[0])
    return counts


def _postgres_env() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                          ("PGDATABASE", "NAME")):
        if settings.get(key):
            env[variable] = str(settings[key])
    return env


def _run(command: list[str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed: it is needed for PostgreSQL backups (Debian: postgresql-client)")
    done = subprocess.run(command, env=_postgres_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise BackupError(f"{tool}: {message}")


def backup(target: Path) -> BackupReport:
    """Write the archive to `target` (replaced only when the new archive is complete)."""
    target = target.expanduser().resolve()
    if target.is_dir():
        raise BackupError(f"{target}: is a directory; give the archive's file name, e.g. praxhub-backup.tar")
    target.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    counts = row_counts()
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".praxhub-backup-") as work:
        work_dir = Path(work)
        if vendor == "sqlite":
            database = work_dir / SQLITE_MEMBER
            source = sqlite3.connect(str(connection.settings_dict["NAME"]))
            copy = sqlite3.connect(str(database))
            try:
                source.backup(copy)  # consistent even while other processes write
            finally:
                copy.close()
                source.close()
        elif vendor == "postgresql":
            database = work_dir / POSTGRES_MEMBER
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(database)])
        else:
            raise BackupError(f"praxhub cannot back up a {vendor} database")
        originals_dir = config.get().originals_dir
        originals = sorted(p for p in originals_dir.rglob("*") if p.is_file()) if originals_dir.is_dir() else []
        manifest: dict[str, Any] = {
            "format": FORMAT, "praxhub": __version__, "database": vendor,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "tables": counts,
            "files": {database.name: _sha256(database),
                      **{f"originals/{p.relative_to(originals_dir).as_posix()}": _sha256(p) for p in originals}},
        }
        partial = work_dir / "archive.tar"
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(database, arcname=database.name)
            for path in originals:
                archive.add(path, arcname=f"originals/{path.relative_to(originals_dir).as_posix()}")
        partial.replace(target)
    return BackupReport(target, vendor, counts, len(originals), target.stat().st_size)


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        with tarfile.open(source, "r") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, json.JSONDecodeError) as exc:
        raise BackupError(f"{source}: not a praxhub backup ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: backup format {manifest.get('format')!r}, this praxhub reads {FORMAT}")
    return manifest


def restore(source: Path, force: bool = False) -> BackupReport:
    """Replace the database and add the originals from an archive made by `backup`."""
    source = source.expanduser().resolve()
    manifest = read_manifest(source)
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise BackupError(f"{source}: a {manifest['database']} backup cannot be restored into {vendor}")
    from praxhub.documents.models import Document

    if not force and Document.objects.exists():
        raise BackupError("the hub already holds documents: restoring replaces them all (use --force)")
    with tempfile.TemporaryDirectory(prefix="praxhub-restore-") as work:
        work_dir = Path(work)
        with tarfile.open(source, "r") as archive:
            archive.extractall(work_dir, filter="data")  # refuses absolute paths, "..", links out of the tree
        for name, expected in manifest["files"].items():
            path = work_dir / name
            if not path.is_file() or _sha256(path) != expected:
                raise BackupError(f"{source}: {name} is missing or damaged (checksum differs)")
        member = work_dir / (SQLITE_MEMBER if vendor == "sqlite" else POSTGRES_MEMBER)
        connections.close_all()
        if vendor == "sqlite":
            copy = sqlite3.connect(str(member))
            target = sqlite3.connect(str(connection.settings_dict["NAME"]))
            try:
                copy.backup(target)  # replaces the whole database in one step
            finally:
                target.close()
                copy.close()
        else:
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                  "--dbname", str(connection.settings_dict["NAME"]), str(member)])
        originals_dir = config.get().originals_dir
        restored = 0
        for name in manifest["files"]:
            if name.startswith("originals/"):
                destination = originals_dir / name.removeprefix("originals/")
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(work_dir / name, destination)
                restored += 1
    counts = row_counts()
    differ = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if differ:
        table, (expected, found) = next(iter(differ.items()))
        raise BackupError(f"{source}: after the restore, table {table} has {found} rows instead of {expected}")
    _after_restore()
    return BackupReport(source, vendor, counts, restored, source.stat().st_size)


def _after_restore() -> None:
    """Derived state follows the restored database: caches, and the ranking index beside SQLite."""
    from praxhub.documents.services import invalidate_counts
    from praxhub.search.backends import get_backend

    invalidate_counts()
    get_backend().rebuild_derived()
