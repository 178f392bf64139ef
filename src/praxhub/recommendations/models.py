from __future__ import annotations

from django.conf import settings
from django.db import models

from praxhub.accounts.audience import belongs_to
from praxhub.documents.models import Evidence
from praxhub.organisations.models import Organisation

STRENGTHS = ("strong", "moderate", "weak")


class Recommendation(Evidence):
    text = models.TextField()
    issuer_name = models.CharField(max_length=300, blank=True)
    issuer = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="recommendations_issued")
    addressee_name = models.CharField(max_length=300, blank=True)
    addressee = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="recommendations_received")
    verb = models.CharField(max_length=40, blank=True)
    strength = models.CharField(max_length=10, blank=True, choices=[(s, s) for s in STRENGTHS])
    themes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["document", "span_start"]
        constraints = [
            models.UniqueConstraint(fields=["document", "fingerprint"], name="recommendation_fingerprint_unique")
        ]
        # An organisation's page lists what was addressed to it or issued by it, most recent first:
        # at 100k documents a body like "the Member States" is the addressee of 100,000s of them.
        indexes = [
            models.Index(fields=["addressee", "document"], name="recommendation_addressee_doc"),
            models.Index(fields=["issuer", "document"], name="recommendation_issuer_doc"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


# -- follow-up (the tracker) ---------------------------------------------------------------------

class FollowUpStatus(models.TextChoices):
    NOT_STARTED = "not_started", "not started"
    PLANNED = "planned", "planned"
    IN_PROGRESS = "in_progress", "in progress"
    IMPLEMENTED = "implemented", "implemented"
    NOT_APPLICABLE = "not_applicable", "not applicable"  # left out of every roll-up


class FollowUp(models.Model):
    """How one actor, or one country, follows a recommendation up. Its current state is the latest
    entry of its timeline (FollowUpEntry), copied here so that lists and roll-ups read one row."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="follow_ups")
    actor = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="follow_ups")
    actor_name = models.CharField(max_length=300, blank=True)
    country = models.CharField(max_length=2, blank=True, db_index=True)
    status = models.CharField(max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent
    updated_on = models.DateField()  # the date of the latest entry
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = belongs_to("recommendation")

    class Meta:
        ordering = ["recommendation", "country", "actor_name", "id"]

    def __str__(self) -> str:
        return f"{self.actor_name or self.country}: {self.status} ({self.progress} %)"


class FollowUpEntry(models.Model):
    """One dated step of a follow-up's timeline."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="entries")
    date = models.DateField()
    status = models.CharField(max_length=20, choices=FollowUpStatus.choices)
    progress = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = belongs_to("follow_up__recommendation")

    class Meta:
        ordering = ["follow_up", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date}: {self.status} ({self.progress} %)"


class LinkStatus(models.TextChoices):
    SUGGESTED = "suggested", "suggested"
    CONFIRMED = "confirmed", "confirmed"
    REJECTED = "rejected", "rejected"


class EvidenceLink(models.Model):
    """What shows a follow-up's progress: a document, an event or a practice. Links found by text
    similarity stay suggested until a curator accepts them."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="links")
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")
    event = models.ForeignKey("events.Event", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    practice = models.ForeignKey("practices.Practice", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")
    status = models.CharField(max_length=10, choices=LinkStatus.choices, default=LinkStatus.CONFIRMED)
    similarity = models.FloatField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = belongs_to("follow_up__recommendation", "document?", "event?", "practice?")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(document__isnull=False, event__isnull=True, practice__isnull=True)
                           | models.Q(document__isnull=True, event__isnull=False, practice__isnull=True)
                           | models.Q(document__isnull=True, event__isnull=True, practice__isnull=False)),
                name="evidence_link_one_target"),
        ]

    def __str__(self) -> str:
        target = self.document_id or self.event_id or self.practice_id
        return f"{self.status} evidence {target} for follow-up {self.follow_up_id}"


class SameRecommendation(models.Model):
    """Two recommendations from different sources that ask the same thing (found by text
    similarity; a curator confirms or rejects). Confirmed pairs join their groups."""

    first = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField()
    status = models.CharField(max_length=10, choices=LinkStatus.choices, default=LinkStatus.SUGGESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = belongs_to("first", "second")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="same_recommendation_pair")]

    def __str__(self) -> str:
        return f"{self.first_id} = {self.second_id} ({self.status})"
