"""The audit log in the admin: a read-only list, for everybody (superusers included)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html

from praxhub.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "action", "model", "object_id", "object_repr", "source")
    list_filter = ("action", "model", "source", ("at", admin.DateFieldListFilter), "actor_label")
    search_fields = ("actor_label", "object_repr", "object_id", "model", "request_id")
    list_select_related = False
    show_full_result_count = False  # no count of a table that only grows
    fields = ("at", "actor_label", "actor", "action", "model", "object_id", "object_repr", "changed",
              "before_json", "after_json", "source", "request_id")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    @admin.display(description="before")
    def before_json(self, entry: AuditEntry) -> str:
        return format_html("<pre>{}</pre>", json.dumps(entry.before, ensure_ascii=False, indent=1))

    @admin.display(description="after")
    def after_json(self, entry: AuditEntry) -> str:
        return format_html("<pre>{}</pre>", json.dumps(entry.after, ensure_ascii=False, indent=1))
