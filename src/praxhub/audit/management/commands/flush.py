"""Django's flush, able to empty the audit log too.

A flush wipes the whole database on purpose (the test runner does it after each transactional
test): on PostgreSQL it is a TRUNCATE, which the row triggers let through; on SQLite it is a
DELETE of every row, which they refuse, so they are lifted for the flush and put back after it."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections

from praxhub.audit.triggers import lifted


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with lifted(connections[options["database"]]):
            super().handle(**options)
