from django.contrib import admin

from praxhub.accounts.models import ExpertProfile


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ("display_name", "role", "country", "listed", "consent_at")
    list_filter = ("role", "listed")
    search_fields = ("display_name",)
