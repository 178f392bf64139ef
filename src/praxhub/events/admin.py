"""Django admin for events: a fast list (no inlines, no full count, documents' texts never
loaded) and the curators' decisions as actions that go through the curation service."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.db.models.lookups import Exact
from django.http import HttpRequest

from praxhub.documents.admin import CurationActions
from praxhub.documents.models import Status
from praxhub.events.models import Event
from praxhub.events.services import Unindexed


class StatusFilter(admin.SimpleListFilter):
    """Status without its index: most events share a status, and a filter through that index
    would make SQLite sort all of them instead of walking the dates to the first page."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [(status.value, status.label) for status in Status]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Event]) -> QuerySet[Event]:
        value = self.value()
        return queryset.filter(Exact(Unindexed("status"), value)) if value else queryset


@admin.register(Event)
class EventAdmin(CurationActions, admin.ModelAdmin):
    curation_kind = "event"
    actions = ("confirm", "reject")
    list_display = ("id", "title", "kind", "start", "end", "city", "country", "status", "merged_into", "document")
    list_display_links = ("id", "title")
    list_filter = (StatusFilter, "kind", "online", "edited", "evidence_missing")
    search_fields = ("title", "city", "venue")
    ordering = ("-start", "-id")
    list_per_page = 50
    show_full_result_count = False  # counting the whole table on every page is slow at 100k rows
    raw_id_fields = ("document", "merged_into", "organisers")
    # An item is seen by those who may see its document: its audience changes with the document's.
    readonly_fields = ("fingerprint", "span_start", "span_end", "evidence_missing", "curated_at", "created_at",
                       "updated_at", "audience", "audience_groups")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return (super().get_queryset(request)
                .select_related("document", "merged_into")
                .defer("document__text", "document__pages", "topics", "organiser_names"))
