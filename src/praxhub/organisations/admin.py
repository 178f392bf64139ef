from django.contrib import admin

from praxhub.organisations.models import Initiative, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "level", "sector", "country", "origin", "status", "merged_into")
    list_filter = ("status", "origin", "level", "sector")
    search_fields = ("name", "acronym", "slug")
    # Merges go through the directory's curation (it repoints mentions, events and recommendations).
    readonly_fields = ("merged_into", "created_at", "updated_at")
    list_select_related = ("merged_into",)


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "origin", "status")
    list_filter = ("status", "origin", "kind")
    search_fields = ("name", "slug")
    autocomplete_fields = ("organisations",)
    readonly_fields = ("created_at",)
