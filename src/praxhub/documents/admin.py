from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from praxhub.documents import curation
from praxhub.documents.models import Document, DocumentSource


class DocumentSourceInline(admin.TabularInline):
    model = DocumentSource
    extra = 0
    readonly_fields = ("path", "first_seen", "last_seen")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "kind", "language", "published", "source_name", "updated_at")
    list_filter = ("kind", "language", "format", "audience")
    search_fields = ("title", "source_name")
    readonly_fields = ("sha256", "text_sha256", "size", "media_type", "format", "created_at", "updated_at")
    inlines = [DocumentSourceInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """After the audience groups are saved: the document's items get its audience too."""
        super().save_related(request, form, formsets, change)
        from praxhub.documents.services import invalidate_counts
        from praxhub.store.extraction import share_audience

        share_audience(form.instance)
        invalidate_counts()


class CurationActions:
    """Confirm and reject as admin actions that go through the curation service, so decisions
    taken in the admin are kept on re-ingest like those taken in the pages."""

    curation_kind: str  # "event" or "recommendation"; the admin lists actions = ("confirm", "reject")

    def _decide(self, request: HttpRequest, queryset: QuerySet, decision: str) -> None:
        ids = list(queryset.values_list("id", flat=True)[:1000])
        for item_id in ids:
            curation.decide(self.curation_kind, item_id, decision)
        self.message_user(request, f"{len(ids)} {self.curation_kind}s: {decision}ed.",  # type: ignore[attr-defined]
                          messages.SUCCESS)

    @admin.action(description="Confirm the selected items", permissions=["change"])
    def confirm(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, "confirm")

    @admin.action(description="Reject the selected items", permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, "reject")
