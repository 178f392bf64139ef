"""Search backends. Both implement `SearchBackend` and pass the same tests."""

from __future__ import annotations

from django.db import connection

from praxhub.search.backends.base import SearchBackend


def get_backend() -> SearchBackend:
    """The backend for the database in use."""
    if connection.vendor == "postgresql":
        from praxhub.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from praxhub.search.backends.sqlite import SqliteBackend

        return SqliteBackend()
    raise RuntimeError(f"praxhub does not support the {connection.vendor} database")
