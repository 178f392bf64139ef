from __future__ import annotations

from django.conf import settings
from django.db import models

from praxhub.organisations.models import Organisation

ROLES = (
    ("policy_maker", "policy maker"),
    ("practitioner", "practitioner"),
    ("researcher", "researcher"),
)


class ExpertProfileQuerySet(models.QuerySet["ExpertProfile"]):
    def listed(self) -> ExpertProfileQuerySet:
        """Profiles whose owner consented to be listed and has not withdrawn it."""
        return self.filter(consent_at__isnull=False, listed=True)


class ExpertProfile(models.Model):
    """A person who offers expertise to the network. Minimal by design: it exists only with the
    owner's recorded consent, holds no sensitive data, and is never scored or ranked."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile")
    display_name = models.CharField(max_length=120)
    role = models.CharField(max_length=20, choices=ROLES)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="experts")
    country = models.CharField(max_length=2, blank=True)
    themes = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True, help_text="ISO 639-1 codes")
    about = models.TextField(max_length=1000, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True, help_text="When the owner consented to be listed")
    listed = models.BooleanField(default=True, help_text="The owner can hide the profile at any time")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExpertProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name


class TOTPDevice(models.Model):
    """A person's optional second factor: the secret an authenticator app shares (RFC 6238 time-based
    one-time codes). It counts only once confirmed with a code; `last_step` remembers the time step
    of the last code accepted, so a code is never accepted twice."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64, help_text="Base32 secret shared with the authenticator app")
    confirmed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(null=True, blank=True, help_text="Time step of the last code accepted")

    class Meta:
        verbose_name = "TOTP device"

    def __str__(self) -> str:
        return f"TOTP for user {self.user_id} ({'confirmed' if self.confirmed else 'not confirmed'})"

# Kept in their own module; imported here so Django finds the model.
from praxhub.accounts.tokens import ApiToken  # noqa: E402,F401
