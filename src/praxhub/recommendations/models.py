from __future__ import annotations

from django.db import models

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

    def __str__(self) -> str:
        return self.text[:80]
