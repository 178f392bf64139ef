"""A practice record, in the shape of the RAN Collection of inspiring practices: what it does,
for whom, where, how, how well we know it works, and what its people learned.

Countries, themes and target groups are kept as tags (one row each), so that lists filter on an
index and "similar practices" and "counterparts in other countries" are a join, not a scan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from praxhub.accounts.audience import Restricted, belongs_to
from praxhub.organisations.models import Organisation


class Evaluation(models.TextChoices):
    INSPIRING = "inspiring", "inspiring"            # described by its owners, not evaluated
    EVALUATED = "evaluated", "evaluated"            # an evaluation (internal or external) exists
    PEER_REVIEWED = "peer_reviewed", "peer reviewed"  # reviewed by peers (e.g. a RAN working group)


class Workflow(models.TextChoices):
    DRAFT = "draft", "draft"
    SUBMITTED = "submitted", "submitted"
    PUBLISHED = "published", "published"
    RETURNED = "returned", "returned"               # sent back to its owner with comments


# Who a practice works with (a fixed vocabulary, so that practices can be compared across languages).
TARGET_GROUPS = (
    "young_people", "pupils_students", "families", "prisoners", "probation_clients", "returnees",
    "former_extremists", "online_audiences", "first_line_practitioners", "teachers", "police",
    "local_communities", "victims", "general_public",
)


class Practice(Restricted):
    slug = models.SlugField(max_length=140, unique=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(help_text="What the practice does, in a few sentences")
    lead_organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="practices_led")
    lead_organisation_name = models.CharField(max_length=300, blank=True,
                                              help_text="As written, when the body is not in the directory")
    approach = models.TextField(blank=True)
    aims = models.TextField(blank=True)
    methods = models.TextField(blank=True)
    evaluation = models.CharField(max_length=20, choices=Evaluation.choices, default=Evaluation.INSPIRING)
    lessons_learned = models.TextField(blank=True)
    resources = models.TextField(blank=True, help_text="Links or references, one per line")
    contact = models.CharField(max_length=300, blank=True,
                               help_text="An organisational contact (a shared mailbox or web form), not a person")
    year_start = models.PositiveSmallIntegerField(null=True, blank=True)
    year_end = models.PositiveSmallIntegerField(null=True, blank=True)

    status = models.CharField(max_length=12, choices=Workflow.choices, default=Workflow.DRAFT, db_index=True)
    review_comment = models.TextField(blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="practices")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "title"], name="practice_status_title")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practice", args=[self.slug])


class Tag(models.TextChoices):
    COUNTRY = "country", "country"
    THEME = "theme", "theme"
    TARGET = "target", "target group"


class PracticeTag(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=10, choices=Tag.choices)
    value = models.CharField(max_length=40)

    objects = belongs_to("practice")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["practice", "kind", "value"], name="practice_tag_unique")]
        indexes = [models.Index(fields=["kind", "value", "practice"], name="practice_tag_lookup")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"
