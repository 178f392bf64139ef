"""Limits on guessing: after PRAXHUB_LOGIN_MAX_FAILURES failed attempts within
PRAXHUB_LOGIN_WINDOW_MINUTES, per user name and per client address, further attempts are refused
until the window has passed, even with the right password.

Counted in Django's cache (shared by the web server's worker processes). The window is fixed: it
starts at the first failure and the count ends with it. Keys hold a hash of the user name, never the
name itself. The client address is REMOTE_ADDR: behind a reverse proxy every client shares the
proxy's address, so the per-address limit then applies to all of them together.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    """One kind of attempt (password, one-time code, password reset), counted per key."""

    scope: str

    def _key(self, kind: str, value: str) -> str:
        digest = hashlib.sha256(value.strip().casefold().encode()).hexdigest()[:32]
        return f"praxhub:ratelimit:{self.scope}:{kind}:{digest}"

    def keys(self, request: HttpRequest, subject: str = "") -> list[str]:
        keys = [self._key("address", client_address(request))]
        if subject:
            keys.append(self._key("subject", subject))
        return keys

    def blocked(self, request: HttpRequest, subject: str = "") -> bool:
        """Whether the address or the subject (a user name, an e-mail address) has used its attempts."""
        maximum = settings.PRAXHUB_LOGIN_MAX_FAILURES
        now = time.time()
        for key in self.keys(request, subject):
            entry = cache.get(key)
            if entry and entry[0] >= maximum and entry[1] > now:
                return True
        return False

    def record(self, request: HttpRequest, subject: str = "") -> None:
        """Counts one attempt against the address and the subject."""
        window = settings.PRAXHUB_LOGIN_WINDOW_SECONDS
        now = time.time()
        for key in self.keys(request, subject):
            entry = cache.get(key)
            if not entry or entry[1] <= now:
                entry = (0, now + window)
            count, until = entry[0] + 1, entry[1]
            cache.set(key, (count, until), timeout=max(1, int(until - now) + 1))

    def clear(self, request: HttpRequest, subject: str) -> None:
        """Forgets the subject's failures (after a successful sign-in); the address keeps its count,
        so one known password does not reset the guessing of others."""
        cache.delete(self._key("subject", subject))


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


PASSWORD = Limit("password")
ONE_TIME_CODE = Limit("totp")
PASSWORD_RESET = Limit("reset")
