from __future__ import annotations

from django.db import models

from praxhub.documents.models import Document, Status


class Origin(models.TextChoices):
    REGISTRY = "registry", "registry"      # shipped with praxhub (extract/data/organisations.yaml)
    EXTRACTED = "extracted", "extracted"   # found in a document, not in the registry
    CURATED = "curated", "curated"         # created by a curator


class Organisation(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=300)
    acronym = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=40, blank=True)
    level = models.CharField(max_length=20, blank=True, db_index=True)
    sector = models.CharField(max_length=40, blank=True)
    country = models.CharField(max_length=2, blank=True, db_index=True)
    names = models.JSONField(default=dict, blank=True, help_text="Names by language code")
    aliases = models.JSONField(default=list, blank=True)
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.EXTRACTED)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUGGESTED, db_index=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Initiative(models.Model):
    slug = models.SlugField(max_length=160, unique=True)
    name = models.CharField(max_length=400)
    kind = models.CharField(max_length=40, blank=True)
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.EXTRACTED)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUGGESTED, db_index=True)
    # Who runs it: the registry's owner (extract/data/initiatives.yaml), or a curator's decision.
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="initiatives")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Mention(models.Model):
    """Where a document names an organisation or an initiative (derived data: rebuilt on re-ingest)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="mentions")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="mentions")
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="mentions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    surface = models.CharField(max_length=400, help_text="The words as written")

    class Meta:
        indexes = [
            models.Index(fields=["document", "start"]),
            # Covering indexes for "documents mentioning X" (grouped, counted, paginated) at 100k documents.
            models.Index(fields=["organisation", "document"], name="mention_org_document"),
            models.Index(fields=["initiative", "document"], name="mention_initiative_document"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(initiative__isnull=False),
                name="mention_has_a_target",
            )
        ]

    def __str__(self) -> str:
        return self.surface
