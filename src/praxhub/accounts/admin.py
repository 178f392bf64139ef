from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from praxhub.accounts.models import ExpertProfile, TOTPDevice


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ("display_name", "role", "country", "listed", "consent_at")
    list_filter = ("role", "listed")
    search_fields = ("display_name",)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    """Seen and removed only (a person who lost their authenticator signs in with the password again
    once an admin deletes the device); the secret is never shown or edited here."""

    list_display = ("user", "confirmed", "created_at", "confirmed_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username",)
    fields = ("user", "confirmed", "created_at", "confirmed_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
