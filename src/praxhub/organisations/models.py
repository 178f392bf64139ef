from __future__ import annotations

from typing import Any

from django.db import models

from praxhub.accounts import audience
from praxhub.accounts.audience import belongs_to
from praxhub.documents.models import Document, Status


def folded_names(*names: str) -> str:
    """Names lower-cased and stripped of accents, one per line, for accent-blind matching."""
    from praxhub.search.text import fold

    return "\n".join(dict.fromkeys(fold(n) for n in names if n))


class Origin(models.TextChoices):
    REGISTRY = "registry", "registry"      # shipped with praxhub (extract/data/organisations.yaml)
    EXTRACTED = "extracted", "extracted"   # found in a document, not in the registry
    CURATED = "curated", "curated"         # created by a curator


class DirectoryManager(models.Manager):
    """A directory entry that only restricted documents name is shown only to those who may see
    one of them: its very name can be what a working group keeps to itself. Entries from the
    registry or made by curators are public knowledge."""

    mention_field = ""

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        if not audience.limits(audience.current(), Document):
            return queryset
        # Mention.objects answers to the viewer too: these are the mentions in documents they may see.
        named = models.Exists(Mention.objects.filter(**{self.mention_field: models.OuterRef("pk")}))
        return queryset.filter(models.Q(origin__in=(Origin.REGISTRY, Origin.CURATED)) | named)


class OrganisationManager(DirectoryManager):
    mention_field = "organisation"


class InitiativeManager(DirectoryManager):
    mention_field = "initiative"


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
    # Every name, acronym and alias, lower-cased without accents, so that a search for "liege"
    # finds "Université de Liège" on SQLite too (its LIKE folds ASCII letters only).
    search_names = models.TextField(blank=True, editable=False)
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.EXTRACTED)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUGGESTED, db_index=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_names = folded_names(self.name, self.acronym, *(self.aliases or []), *(self.names or {}).values())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "acronym", "aliases", "names"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_names"}
        super().save(*args, **kwargs)


class Initiative(models.Model):
    slug = models.SlugField(max_length=160, unique=True)
    name = models.CharField(max_length=400)
    kind = models.CharField(max_length=40, blank=True)
    search_names = models.TextField(blank=True, editable=False)  # the name, folded (see Organisation)
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.EXTRACTED)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUGGESTED, db_index=True)
    # Who runs it: the registry's owner (extract/data/initiatives.yaml), or a curator's decision.
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="initiatives")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InitiativeManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_names = folded_names(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_names"}
        super().save(*args, **kwargs)


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

    objects = belongs_to("document")

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
