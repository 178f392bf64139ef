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
        # An organisation's page lists what was addressed to it or issued by it, most recent first:
        # at 100k documents a body like "the Member States" is the addressee of 100,000s of them.
        indexes = [
            models.Index(fields=["addressee", "document"], name="recommendation_addressee_doc"),
            models.Index(fields=["issuer", "document"], name="recommendation_issuer_doc"),
        ]

    def __str__(self) -> str:
        return self.text[:80]
