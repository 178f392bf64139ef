from __future__ import annotations

from django.db import models
from django.urls import reverse

from praxhub.accounts.audience import Restricted, belongs_to
from praxhub.ingest.model import FORMATS, KINDS


class Document(Restricted):
    """One ingested document: its normalised text and metadata. The original file is kept
    content-addressed under the data directory (see praxhub.store.blobs)."""

    title = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=32, choices=[(k, k.replace("_", " ")) for k in KINDS], db_index=True)
    format = models.CharField(max_length=8, choices=[(f, f) for f in FORMATS])
    media_type = models.CharField(max_length=100)
    language = models.CharField(max_length=8, db_index=True)
    published = models.DateField(null=True, blank=True, db_index=True)
    source_name = models.CharField(max_length=255, help_text="File name of the original")
    source_path = models.CharField(max_length=1024, help_text="Path the latest version was ingested from")
    sha256 = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the original file")
    size = models.BigIntegerField(help_text="Size of the original in bytes")
    text = models.TextField()
    text_sha256 = models.CharField(max_length=64)
    pages = models.JSONField(default=list, help_text="Start offset of each page in the text")
    encoding = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published", "-id"]

    def __str__(self) -> str:
        return self.title or self.source_name

    def get_absolute_url(self) -> str:
        return reverse("document", args=[self.pk])


class DocumentSource(models.Model):
    """A path a document was ingested from. One document may come from several identical files."""

    path = models.CharField(max_length=1024, unique=True)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sources")
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now=True)

    objects = belongs_to("document")

    def __str__(self) -> str:
        return self.path


class DocumentCountry(models.Model):
    """A country (ISO 3166-1 alpha-2) the document is about or names."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="countries")
    code = models.CharField(max_length=2, db_index=True)

    objects = belongs_to("document")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "code"], name="document_country_unique")]

    def __str__(self) -> str:
        return self.code


class DocumentTheme(models.Model):
    """A theme of the taxonomy the document is about, with the strength of the evidence."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(max_length=32, db_index=True)
    score = models.FloatField(default=0.0)

    objects = belongs_to("document")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "theme"], name="document_theme_unique")]

    def __str__(self) -> str:
        return self.theme


class Status(models.TextChoices):
    SUGGESTED = "suggested", "suggested"
    CONFIRMED = "confirmed", "confirmed"
    REJECTED = "rejected", "rejected"


class Evidence(Restricted):
    """An extracted item with its provenance (document + character span of the normalised text)
    and its curation state. Extraction proposes (`suggested`); a curator confirms, edits or
    rejects. `fingerprint` identifies the item as extracted, so re-ingesting a document
    recognises it and keeps the curator's decision and edits."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    span_start = models.PositiveIntegerField()
    span_end = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUGGESTED, db_index=True)
    fingerprint = models.CharField(max_length=64)
    edited = models.BooleanField(default=False, help_text="A curator changed extracted fields")
    evidence_missing = models.BooleanField(
        default=False, help_text="The latest version of the document no longer contains this item"
    )
    curated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_curated(self) -> bool:
        return self.status != Status.SUGGESTED or self.edited

    @property
    def version(self) -> str:
        """Changes with every save: a form sends back the version it showed, so that a second
        curator's change is refused instead of silently overwriting the first's."""
        return self.updated_at.isoformat(timespec="microseconds") if self.updated_at else ""

    @property
    def evidence(self) -> str:
        return self.document.text[self.span_start : self.span_end]
