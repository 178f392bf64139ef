"""The ranking index filters on each document's audience (accounts.audience): log its changes."""

from django.db import migrations

from praxhub.search.backends.ranker import CHANGES_TABLE as LOG

GROUPS = "documents_document_audience_groups"
FORWARD = [
    f"CREATE TRIGGER {LOG}_document_audience AFTER UPDATE OF audience ON documents_document "
    f"BEGIN INSERT INTO {LOG} (document_id) VALUES (new.id); END",
    f"CREATE TRIGGER {LOG}_audience_group_added AFTER INSERT ON {GROUPS} "
    f"BEGIN INSERT INTO {LOG} (document_id) VALUES (new.document_id); END",
    f"CREATE TRIGGER {LOG}_audience_group_removed AFTER DELETE ON {GROUPS} "
    f"BEGIN INSERT INTO {LOG} (document_id) VALUES (old.document_id); END",
]
BACKWARD = [
    f"DROP TRIGGER IF EXISTS {LOG}_audience_group_removed",
    f"DROP TRIGGER IF EXISTS {LOG}_audience_group_added",
    f"DROP TRIGGER IF EXISTS {LOG}_document_audience",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_changes"), ("documents", "0002_audience")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
