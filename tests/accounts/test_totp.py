"""The optional second factor: set up (key and otpauth address shown), confirmed with a code, asked
for after the password (the person is not signed in until the code is right; the pending step
expires; a code works once; failed codes are limited), turned off with a current code; and
PRAXHUB_REQUIRE_2FA, which holds curators and admins on the set-up page until they have one."""

from __future__ import annotations

import time
from urllib.parse import quote

import pyotp
import pytest
from django.test import Client

from praxhub.accounts import totp
from praxhub.accounts.models import TOTPDevice
from praxhub.accounts.services import create_user
from praxhub.web.views import accounts as account_views

from .helpers import PASSWORD, code_at

pytestmark = pytest.mark.django_db


def password_step(client: Client, username: str = "ana", next_path: str = "/events"):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD, "next": next_path})


def signed_in(client: Client) -> bool:
    return client.get("/healthz").wsgi_request.user.is_authenticated


def test_set_up_confirm_and_turn_off(client, ana):
    client.force_login(ana)
    page = client.get("/accounts/security/")
    text = page.content.decode()
    device = TOTPDevice.objects.get(user=ana)
    assert page.status_code == 200 and not device.confirmed
    assert " ".join(device.secret[i:i + 4] for i in range(0, len(device.secret), 4)) in text
    assert f"otpauth://totp/praxhub:ana?secret={device.secret}" in text and "issuer=praxhub" in text
    assert client.get("/accounts/security/").content.decode().count(device.secret[:4]) >= 1
    assert TOTPDevice.objects.get(user=ana).secret == device.secret  # reloading keeps the key

    wrong = client.post("/accounts/security/", {"action": "confirm", "code": "000000"})
    assert wrong.status_code == 400 and "That code is not valid" in wrong.content.decode()
    assert not TOTPDevice.objects.get(user=ana).confirmed

    confirmed = client.post("/accounts/security/", {"action": "confirm", "code": code_at(device.secret)})
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed and device.confirmed_at is not None
    page = client.get("/accounts/security/").content.decode()
    assert "Two-step sign-in is on" in page and device.secret[:8] not in page  # the key is not shown again

    refused = client.post("/accounts/security/", {"action": "disable", "code": "123456"})
    assert refused.status_code == 400 and TOTPDevice.objects.filter(user=ana, confirmed=True).exists()
    off = client.post("/accounts/security/", {"action": "disable", "code": code_at(device.secret, 1)})
    assert off.status_code == 302 and not TOTPDevice.objects.filter(user=ana).exists()


def test_a_new_key_before_confirming(client, ana):
    client.force_login(ana)
    client.get("/accounts/security/")
    first = TOTPDevice.objects.get(user=ana).secret
    assert client.post("/accounts/security/", {"action": "restart"}).status_code == 302
    client.get("/accounts/security/")
    assert TOTPDevice.objects.get(user=ana).secret != first


def test_the_security_page_needs_a_signed_in_person(client):
    response = client.get("/accounts/security/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_sign_in_asks_for_the_code_after_the_password(client, ana_with_totp):
    response = password_step(client)
    assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
    assert not signed_in(client)  # the password alone signs nobody in
    page = client.get("/accounts/login/code/")
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.content.decode()

    wrong = client.post("/accounts/login/code/", {"code": "000000"})
    assert wrong.status_code == 200 and "That code is not valid" in wrong.content.decode()
    assert not signed_in(client)
    assert client.get("/accounts/security/").status_code == 302  # still a visitor

    right = client.post("/accounts/login/code/", {"code": code_at(ana_with_totp)})
    assert right.status_code == 302 and right["Location"] == "/events"
    assert signed_in(client)
    assert client.get("/accounts/login/code/").status_code == 302  # the pending step is gone


def test_a_code_works_once(client, ana_with_totp):
    code = code_at(ana_with_totp)
    password_step(client)
    assert client.post("/accounts/login/code/", {"code": code}).status_code == 302
    other = Client()
    password_step(other)
    replay = other.post("/accounts/login/code/", {"code": code})
    assert replay.status_code == 200 and not signed_in(other)


def test_the_code_step_without_a_password_step(client, ana_with_totp):
    response = client.post("/accounts/login/code/", {"code": code_at(ana_with_totp)})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert not signed_in(client)


def test_the_pending_step_expires(client, ana_with_totp, monkeypatch):
    password_step(client)
    later = time.time() + account_views.PENDING_SECONDS + 1
    monkeypatch.setattr(account_views.time, "time", lambda: later)
    response = client.post("/accounts/login/code/", {"code": code_at(ana_with_totp)})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert not signed_in(client)


def test_failed_codes_are_limited(client, ana_with_totp):
    password_step(client)
    for _ in range(5):
        assert client.post("/accounts/login/code/", {"code": "000000"}).status_code == 200
    refused = client.post("/accounts/login/code/", {"code": code_at(ana_with_totp)})
    assert refused.status_code == 429 and "Too many failed attempts" in refused.content.decode()
    assert not signed_in(client)


def test_verify_accepts_the_neighbouring_steps_only(ana):
    device = TOTPDevice.objects.create(user=ana, secret=pyotp.random_base32(), confirmed=True)
    now = time.time()
    generator = pyotp.TOTP(device.secret)
    assert not totp.verify(device, generator.at(now - 90), now)
    assert not totp.verify(device, "12345", now) and not totp.verify(device, "abcdef", now)
    assert totp.verify(device, generator.at(now - 30), now)
    assert not totp.verify(device, generator.at(now - 30), now)  # used
    assert totp.verify(device, " ".join([generator.at(now)[:3], generator.at(now)[3:]]), now)  # spaces ignored
    assert not totp.verify(device, generator.at(now - 30), now)  # older than the last accepted


# --------------------------------------------------------------------------- PRAXHUB_REQUIRE_2FA


@pytest.fixture
def require_2fa(settings):
    settings.PRAXHUB_REQUIRE_2FA = True


def test_curators_set_up_before_curator_pages_work(client, require_2fa):
    create_user("cora", PASSWORD, curator=True)
    response = password_step(client, "cora", "/practices/review")
    assert response.status_code == 302 and response["Location"] == "/practices/review"
    held = client.get("/practices/review")
    assert held.status_code == 302
    assert held["Location"] == f"/accounts/security/?next={quote('/practices/review', safe='')}"
    assert client.get("/comments/moderation").status_code == 302
    assert client.post("/practices/x/review", {"decision": "publish"}).status_code == 302
    assert client.get("/api/events", HTTP_ACCEPT="application/json").status_code == 403
    htmx = client.get("/events", HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"].startswith("/accounts/security/")
    page = client.get(held["Location"])
    assert page.status_code == 200 and "must use two-step sign-in" in page.content.decode()

    secret = TOTPDevice.objects.get(user__username="cora").secret
    done = client.post("/accounts/security/", {"action": "confirm", "code": code_at(secret),
                                               "next": "/practices/review"})
    assert done.status_code == 302 and done["Location"] == "/practices/review"
    assert client.get("/practices/review").status_code == 200
    # Required: it cannot be turned off.
    refused = client.post("/accounts/security/", {"action": "disable", "code": code_at(secret, 1)})
    assert refused.status_code == 400 and TOTPDevice.objects.filter(user__username="cora").exists()


def test_admins_cannot_use_the_admin_site_before_setting_up(client, require_2fa):
    admin = create_user("root", PASSWORD, admin=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/security/")
    staff = create_user("stef", PASSWORD)
    staff.is_staff = True
    staff.save()
    other = Client()
    other.force_login(staff)
    assert other.get("/admin/")["Location"].startswith("/accounts/security/")
    # Signing out still works.
    assert client.post("/accounts/logout/").status_code == 302


def test_members_are_not_affected(client, ana, require_2fa):
    assert password_step(client).status_code == 302
    assert client.get("/events").status_code == 200
    assert client.get("/practices/new").status_code == 200


def test_without_the_setting_curators_need_no_second_factor(client):
    create_user("cora", PASSWORD, curator=True)
    password_step(client, "cora", "/practices/review")
    assert client.get("/practices/review").status_code == 200
