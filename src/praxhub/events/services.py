"""Read-side services over events, shared by the pages, the API, the exports and the CLI."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from praxhub.documents.models import Status
from praxhub.events.models import Event


def listed() -> QuerySet[Event]:
    """Events as the hub shows them: not rejected, and one row per event (duplicates that a
    curator merged are shown through the event they were merged into)."""
    return Event.objects.filter(merged_into__isnull=True).exclude(status=Status.REJECTED)


def upcoming(n: int, today: dt.date | None = None) -> list[Event]:
    today = today or dt.date.today()
    return list(listed().filter(start__gte=today).select_related("document").order_by("start", "title")[:n])
