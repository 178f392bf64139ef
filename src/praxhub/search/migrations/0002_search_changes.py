"""The change log the tantivy ranking index follows (SQLite; see backends/ranker.py).

Triggers log every change a search filter can see, however it is made (the store, curation, the
admin, a shell), so the ranking index never needs the code paths to remember it."""

from django.db import migrations

from praxhub.search.backends.ranker import CHANGES_TABLE as LOG

LOGGED_BY_DOCUMENT = ("documents_documentcountry", "documents_documenttheme", "organisations_mention")

FORWARD = [
    f"CREATE TABLE {LOG} (id INTEGER PRIMARY KEY AUTOINCREMENT, document_id INTEGER NOT NULL)",
    f"CREATE TRIGGER {LOG}_document_deleted AFTER DELETE ON documents_document "
    f"BEGIN INSERT INTO {LOG} (document_id) VALUES (old.id); END",
    f"CREATE TRIGGER {LOG}_document_updated AFTER UPDATE OF kind, language, published ON documents_document "
    f"BEGIN INSERT INTO {LOG} (document_id) VALUES (new.id); END",
    f"CREATE TRIGGER {LOG}_organisation_renamed AFTER UPDATE OF slug ON organisations_organisation "
    f"BEGIN INSERT INTO {LOG} (document_id) SELECT DISTINCT document_id FROM organisations_mention "
    f"WHERE organisation_id = new.id; END",
]
for table in LOGGED_BY_DOCUMENT:
    FORWARD += [
        f"CREATE TRIGGER {LOG}_{table}_inserted AFTER INSERT ON {table} "
        f"BEGIN INSERT INTO {LOG} (document_id) VALUES (new.document_id); END",
        f"CREATE TRIGGER {LOG}_{table}_deleted AFTER DELETE ON {table} "
        f"BEGIN INSERT INTO {LOG} (document_id) VALUES (old.document_id); END",
        f"CREATE TRIGGER {LOG}_{table}_updated AFTER UPDATE ON {table} "
        f"BEGIN INSERT INTO {LOG} (document_id) VALUES (old.document_id); "
        f"INSERT INTO {LOG} (document_id) VALUES (new.document_id); END",
    ]
BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {LOG}_{table}_{event}" for table in LOGGED_BY_DOCUMENT
      for event in ("inserted", "deleted", "updated")),
    f"DROP TRIGGER IF EXISTS {LOG}_organisation_renamed",
    f"DROP TRIGGER IF EXISTS {LOG}_document_updated",
    f"DROP TRIGGER IF EXISTS {LOG}_document_deleted",
    f"DROP TABLE IF EXISTS {LOG}",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("documents", "0001_initial"),
        ("organisations", "0003_search_names"),
    ]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
