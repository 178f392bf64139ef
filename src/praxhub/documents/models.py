from __future__ import annotations

from django.db import models
from django.urls import reverse

from praxhub.ingest.model import FORMATS, KINDS


class Document(models.Model):
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

    def __str__(self) -> str:
        return self.path


class DocumentCountry(models.Model):
    """A country (ISO 3166-1 alpha-2) the document is about or names."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="countries")
    code = models.CharField(max_length=2, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "code"], name="document_country_unique")]

    def __str__(self) -> str:
        return self.code


class DocumentTheme(models.Model):
    """A theme of the taxonomy the document is about, with the strength of the evidence."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(max_length=32, db_index=True)
    score = models.FloatField(default=0.0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "theme"], name="document_theme_unique")]

    def __str__(self) -> str:
        return self.theme
