"""A comment on an event or a practice. Its text is kept as written and always shown escaped
(never as HTML). A hidden comment stays in the database, with who hid it and why, and is shown to
nobody but curators."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from praxhub.accounts.audience import Restricted


class Visibility(models.TextChoices):
    VISIBLE = "visible", "visible"
    HIDDEN = "hidden", "hidden"


class Comment(Restricted):
    event = models.ForeignKey("events.Event", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="comments")
    practice = models.ForeignKey("practices.Practice", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="comments")
    # A deleted account leaves its comments, attributed to "former member".
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="comments")
    text = models.TextField()
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    moderation_reason = models.CharField(max_length=300, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["event", "created_at"], name="comment_event"),
                   models.Index(fields=["practice", "created_at"], name="comment_practice"),
                   models.Index(fields=["visibility", "created_at"], name="comment_moderation")]
        constraints = [models.CheckConstraint(
            condition=(models.Q(event__isnull=False, practice__isnull=True)
                       | models.Q(event__isnull=True, practice__isnull=False)),
            name="comment_one_target")]

    def __str__(self) -> str:
        return self.text[:60]
