"""The database's own refusal to change or delete audit entries (SQLite and PostgreSQL).

One update is let through: clearing `actor_id` when the actor's account is deleted (Django sets
the foreign key to NULL; `actor_label` keeps who it was). TRUNCATE, which only a deliberate wipe
of the whole database uses (PostgreSQL's flush, pg_restore --clean drops the table), is not a
row operation and is not refused."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TABLE = "audit_auditentry"
MESSAGE = "audit entries are append-only"
# Every column but actor_id (add new columns here and in a migration that recreates the trigger).
COLUMNS = ("id", "at", "actor_label", "action", "model", "object_id", "object_repr", "before", "after", "changed",
           "source", "request_id")

_QUOTED = ", ".join('"' + column + '"' for column in COLUMNS)  # before and after are SQL keywords
SQLITE = {
    f"{TABLE}_no_update": (
        f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE OF {_QUOTED} ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    ),
    f"{TABLE}_no_reassign": (
        f"CREATE TRIGGER {TABLE}_no_reassign BEFORE UPDATE ON {TABLE} "
        f"WHEN new.actor_id IS NOT NULL OR old.actor_id IS NULL "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    ),
    f"{TABLE}_no_delete": (
        f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    ),
}

POSTGRES_FORWARD = [
    f"""CREATE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
               AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION USING MESSAGE = '{MESSAGE}: ' || TG_OP || ' refused';
        END $$""",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only()",
]


def forward(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    statements = list(SQLITE.values()) if vendor == "sqlite" else POSTGRES_FORWARD if vendor == "postgresql" else []
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    statements = ([f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE] if vendor == "sqlite"
                  else POSTGRES_BACKWARD if vendor == "postgresql" else [])
    for statement in statements:
        schema_editor.execute(statement)


@contextmanager
def lifted(connection: Any) -> Iterator[None]:
    """SQLite's triggers dropped for the block and put back after it (for a flush of the whole
    database); nothing to do on PostgreSQL, whose flush is a TRUNCATE."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cur:
        cur.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
        present = [name for (name,) in cur.fetchall() if name in SQLITE]
        for name in present:
            cur.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            for name in present:
                cur.execute(SQLITE[name])
