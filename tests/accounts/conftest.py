"""Accounts' fixtures: a member with and without a second factor."""

from __future__ import annotations

import pyotp
import pytest

from .helpers import PASSWORD


@pytest.fixture
def ana(db):
    from praxhub.accounts.services import create_user

    return create_user("ana", PASSWORD, email="ana@example.org")


@pytest.fixture
def ana_with_totp(ana):
    """Ana with a confirmed second factor; returns her secret."""
    from praxhub.accounts.models import TOTPDevice

    secret = pyotp.random_base32()
    TOTPDevice.objects.create(user=ana, secret=secret, confirmed=True)
    return secret
