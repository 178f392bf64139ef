"""What the accounts tests share: the password, the codes an authenticator app shows, page text
without its per-response CSRF token."""

from __future__ import annotations

import re
import time

import pyotp

PASSWORD = "a long enough passphrase"


def code_at(secret: str, offset_steps: int = 0) -> str:
    """The code an authenticator app shows now (or `offset_steps` 30-second steps away)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def without_csrf(html: str) -> str:
    """A page's text without its per-response CSRF tokens, to compare two answers."""
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
