"""One audit entry per write. Entries are only ever added: the model refuses to change or delete
one, the admin is read-only, and the database refuses UPDATE and DELETE on the table (triggers,
see migrations/0002_append_only.py)."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(RuntimeError):
    """An attempt to change or delete an audit entry."""


class Action(models.TextChoices):
    CREATE = "create", "create"
    UPDATE = "update", "update"
    DELETE = "delete", "delete"


class Source(models.TextChoices):
    WEB = "web", "web"
    API = "api", "API"
    CLI = "cli", "command line"
    SYSTEM = "system", "system"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries are never changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit entries are never deleted")


class AuditEntry(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # The account, while it exists; the label stays when it is deleted.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_id: int | None
    actor_label = models.CharField(max_length=150, help_text='A user name, "cli:<os user>" or "system"')
    action = models.CharField(max_length=10, choices=Action.choices)
    model = models.CharField(max_length=100, help_text="app_label.ModelName")
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    changed = models.JSONField(default=list, blank=True, help_text="Names of the fields that changed")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SYSTEM)
    request_id = models.CharField(max_length=32, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["model", "at"], name="audit_model_at"),
            models.Index(fields=["actor_label", "at"], name="audit_actor_at"),
            models.Index(fields=["action", "at"], name="audit_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.model} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries are never deleted")
