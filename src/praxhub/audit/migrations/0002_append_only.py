"""The database refuses to change or delete audit entries (triggers; see audit/triggers.py)."""

from django.db import migrations

from praxhub.audit import triggers


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(triggers.forward, triggers.backward)]
