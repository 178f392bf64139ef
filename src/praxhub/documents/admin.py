from django.contrib import admin

from praxhub.documents.models import Document, DocumentSource


class DocumentSourceInline(admin.TabularInline):
    model = DocumentSource
    extra = 0
    readonly_fields = ("path", "first_seen", "last_seen")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "kind", "language", "published", "source_name", "updated_at")
    list_filter = ("kind", "language", "format")
    search_fields = ("title", "source_name")
    readonly_fields = ("sha256", "text_sha256", "size", "media_type", "format", "created_at", "updated_at")
    inlines = [DocumentSourceInline]
