"""A flush (the test runner's wipe after each transactional test) still empties the audit log,
and the append-only triggers are back after it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from praxhub.accounts.services import create_user
from praxhub.audit.models import AuditEntry


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_keeps_it_append_only():
    create_user("ana", "a long member passphrase")
    assert AuditEntry.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.filter(actor_label="ana").exists()
    create_user("ben", "another long passphrase")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditentry")
