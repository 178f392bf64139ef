"""Full-text index structures; each database gets its own (see backends/)."""

from django.db import migrations

from praxhub.search.backends.postgres import CONFIGS, INDEX_TABLE, SIMPLE
from praxhub.search.backends.sqlite import FTS_TABLE

SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body, stems, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    # Deleting a document anywhere (admin, shell, cascade) also drops it from the index.
    f"CREATE TRIGGER {FTS_TABLE}_document_deleted AFTER DELETE ON documents_document "
    f"BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END",
]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {FTS_TABLE}_document_deleted", f"DROP TABLE IF EXISTS {FTS_TABLE}"]


def _postgres_forward() -> list[str]:
    sql = [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        f"CREATE TEXT SEARCH CONFIGURATION {SIMPLE} (COPY = simple)",
        f"ALTER TEXT SEARCH CONFIGURATION {SIMPLE} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
    ]
    for pg_name in sorted(set(CONFIGS.values())):
        sql += [
            f"CREATE TEXT SEARCH CONFIGURATION praxhub_{pg_name} (COPY = {pg_name})",
            f"ALTER TEXT SEARCH CONFIGURATION praxhub_{pg_name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {pg_name}_stem",
        ]
    sql += [
        f"CREATE TABLE {INDEX_TABLE} (document_id bigint PRIMARY KEY, config regconfig NOT NULL, "
        "vector tsvector NOT NULL)",
        f"CREATE INDEX {INDEX_TABLE}_vector ON {INDEX_TABLE} USING gin (vector)",
        # Triggers rather than a foreign key: TRUNCATE of the documents (Django's flush) must
        # empty the index too, and a deleted document must leave no index row, however deleted.
        f"""CREATE FUNCTION {INDEX_TABLE}_document_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN DELETE FROM {INDEX_TABLE} WHERE document_id = OLD.id; RETURN NULL; END $$""",
        f"""CREATE FUNCTION {INDEX_TABLE}_documents_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN TRUNCATE {INDEX_TABLE}; RETURN NULL; END $$""",
        f"""CREATE TRIGGER {INDEX_TABLE}_document_deleted AFTER DELETE ON documents_document
            FOR EACH ROW EXECUTE FUNCTION {INDEX_TABLE}_document_deleted()""",
        f"""CREATE TRIGGER {INDEX_TABLE}_documents_truncated AFTER TRUNCATE ON documents_document
            FOR EACH STATEMENT EXECUTE FUNCTION {INDEX_TABLE}_documents_truncated()""",
    ]
    return sql


def _postgres_backward() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {INDEX_TABLE}_documents_truncated ON documents_document",
        f"DROP TRIGGER IF EXISTS {INDEX_TABLE}_document_deleted ON documents_document",
        f"DROP FUNCTION IF EXISTS {INDEX_TABLE}_documents_truncated()",
        f"DROP FUNCTION IF EXISTS {INDEX_TABLE}_document_deleted()",
        f"DROP TABLE IF EXISTS {INDEX_TABLE}",
    ] + [
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS praxhub_{n}" for n in sorted(set(CONFIGS.values()))
    ] + [f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SIMPLE}"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True
    dependencies = [("documents", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": _postgres_forward()}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": _postgres_backward()}),
        )
    ]
