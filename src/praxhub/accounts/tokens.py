"""API tokens: a secret shown once to its owner, kept only as a SHA-256 digest, scoped to reading or
to reading and writing, revocable. A request carrying one acts as its owner and sees exactly what
the owner would see on the pages (accounts.audience)."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "phx_"  # recognisable in logs and secret scanners


class Scope(models.TextChoices):
    READ = "read", "read"
    WRITE = "write", "read and write"


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the owner uses it for")
    # A random 256-bit secret needs no slow hash: a digest cannot be reversed, and lookups stay one index probe.
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.scope})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(user: Any, name: str, scope: str = Scope.READ) -> tuple[ApiToken, str]:
    """A new token for `user`; the secret is returned once and never stored."""
    if scope not in Scope.values:
        raise ValueError(f"scope: {scope!r} is not one of {', '.join(Scope.values)}")
    name = name.strip()
    if not name:
        raise ValueError("name: a token needs a name saying what it is for")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], token_hash=digest(secret), scope=scope)
    return token, secret


def authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret whose owner may still sign in, or None."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=digest(secret), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # At most one write a minute per token: reading through the API stays a read.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def revoke(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
