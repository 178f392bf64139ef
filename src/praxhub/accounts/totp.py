"""The optional second factor: time-based one-time codes (RFC 6238, 6 digits, 30 seconds), as made by
any authenticator app. A person sets it up from the account security page, confirms it with a code,
and from then on signs in with the password and a current code."""

from __future__ import annotations

import time
from typing import Any

import pyotp
from django.utils import timezone

from praxhub.accounts.models import TOTPDevice

ISSUER = "praxhub"
PERIOD = 30
# A code from the step before or after the current one is accepted too (clocks drift, people type
# slowly); never a code already used.
VALID_WINDOW = 1


def device_for(user: Any) -> TOTPDevice | None:
    if not (user and user.is_authenticated):
        return None
    return TOTPDevice.objects.filter(user=user).first()


def has_confirmed_device(user: Any) -> bool:
    return bool(user and user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def start(user: Any) -> TOTPDevice:
    """The person's unconfirmed device, with a new secret when there is none yet (a confirmed device
    is returned unchanged: it is turned off before it can be replaced)."""
    device, _created = TOTPDevice.objects.get_or_create(user=user, defaults={"secret": pyotp.random_base32()})
    return device


def provisioning_uri(device: TOTPDevice) -> str:
    """The otpauth:// address an authenticator app reads (typed in, or from a QR code)."""
    return pyotp.TOTP(device.secret, interval=PERIOD).provisioning_uri(name=device.user.get_username(),
                                                                       issuer_name=ISSUER)


def _normalise(code: str) -> str:
    return "".join(code.split())


def verify(device: TOTPDevice, code: str, now: float | None = None) -> bool:
    """Whether `code` is a current code of the device not used before; an accepted code's time step
    is recorded so it cannot be replayed."""
    code = _normalise(code)
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(device.secret, interval=PERIOD)
    now = time.time() if now is None else now
    current = int(now // PERIOD)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if device.last_step is not None and step <= device.last_step:
            continue
        if pyotp.utils.strings_equal(totp.at(step * PERIOD), code):
            # Conditional update: of two requests with one code, only one wins.
            updated = TOTPDevice.objects.filter(pk=device.pk, secret=device.secret).exclude(
                last_step__gte=step).update(last_step=step)
            if updated:
                device.last_step = step
                return True
            return False
    return False


def confirm(device: TOTPDevice, code: str) -> bool:
    if not verify(device, code):
        return False
    device.confirmed = True
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed", "confirmed_at"])
    return True


def turn_off(device: TOTPDevice) -> None:
    device.delete()
