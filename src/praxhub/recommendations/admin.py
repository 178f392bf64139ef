"""Django admin for recommendations: a fast list and the curators' decisions as actions that go
through the curation service (so they are kept on re-ingest, like decisions taken in the pages)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from praxhub.documents.admin import CurationActions
from praxhub.recommendations.models import Recommendation


@admin.register(Recommendation)
class RecommendationAdmin(CurationActions, admin.ModelAdmin):
    curation_kind = "recommendation"
    actions = ("confirm", "reject")
    list_display = ("id", "short_text", "issuer_name", "addressee_name", "verb", "strength", "status", "document")
    list_filter = ("status", "strength", "edited", "evidence_missing")
    search_fields = ("text", "issuer_name", "addressee_name")
    ordering = ("-id",)
    list_per_page = 50
    show_full_result_count = False  # counting the whole table on every page is slow at 100k documents
    raw_id_fields = ("document", "issuer", "addressee")
    # An item is seen by those who may see its document: its audience changes with the document's.
    readonly_fields = ("fingerprint", "span_start", "span_end", "evidence_missing", "curated_at", "created_at",
                       "updated_at", "audience", "audience_groups")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Recommendation]:
        return super().get_queryset(request).select_related("document").defer("document__text", "document__pages")

    @admin.display(description="text")
    def short_text(self, obj: Recommendation) -> str:
        return obj.text[:120]
