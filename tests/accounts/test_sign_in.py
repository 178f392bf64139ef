"""Signing in and out: Argon2 password hashes (older hashes upgraded at sign-in), the same answer for
an unknown name and a wrong password, sign-out by POST only, and the limit on failed attempts per
user name and per client address (429, even with the right password, until the window passes)."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client

from praxhub.accounts import ratelimit
from praxhub.accounts.services import create_user

from .helpers import PASSWORD, without_csrf

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password, "next": "/events"}, **extra)


def test_new_passwords_are_hashed_with_argon2(ana):
    assert ana.password.startswith("argon2$")


def test_an_older_hash_is_upgraded_to_argon2_at_sign_in(client, ana):
    ana.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    ana.save()
    assert sign_in(client, "ana", PASSWORD).status_code == 302
    ana.refresh_from_db()
    assert ana.password.startswith("argon2$")


def test_sign_in_and_sign_out(client, ana):
    page = client.get("/accounts/login/")
    assert page.status_code == 200 and 'name="csrfmiddlewaretoken"' in page.content.decode()
    assert "Forgotten your password?" in page.content.decode()
    response = sign_in(client, "ana", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/events"
    home = client.get("/").content.decode()
    assert "Sign out" in home and 'href="/accounts/security/"' in home and "ana" in home
    assert client.get("/accounts/logout/").status_code == 405  # a link cannot sign anyone out
    assert client.post("/accounts/logout/").status_code == 302
    home = client.get("/").content.decode()
    assert "Sign out" not in home and 'href="/accounts/login/?next=/"' in home


def test_sign_out_needs_the_csrf_token(ana):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    assert client.post("/accounts/logout/").status_code == 403
    assert client.get("/").wsgi_request.user.is_authenticated


def test_unknown_name_and_wrong_password_get_the_same_answer(client, ana):
    unknown = sign_in(client, "nobody", PASSWORD)
    wrong = sign_in(client, "ana", "not the password")
    inactive_user = create_user("ina", PASSWORD)
    inactive_user.is_active = False
    inactive_user.save()
    inactive = sign_in(client, "ina", PASSWORD)
    assert unknown.status_code == wrong.status_code == inactive.status_code == 200
    texts = {without_csrf(r.content.decode()).replace("nobody", "X").replace("ana", "X").replace("ina", "X")
             for r in (unknown, wrong, inactive)}
    assert len(texts) == 1
    assert "The user name and password do not match an active account." in texts.pop()


def test_the_sixth_failure_is_refused_even_with_the_right_password(client, ana):
    for _ in range(5):
        assert sign_in(client, "ana", "wrong").status_code == 200
    refused = sign_in(client, "ana", PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed attempts" in refused.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated
    # From another address too: the user name itself is locked.
    assert sign_in(Client(), "ana", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 429


def test_the_limit_counts_per_client_address(client, ana):
    create_user("bo", PASSWORD)
    for name in ("x1", "x2", "x3", "x4", "x5"):
        sign_in(client, name, "wrong")
    assert sign_in(client, "bo", PASSWORD).status_code == 429  # same address, another name
    assert sign_in(Client(), "bo", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302  # elsewhere


def test_the_limit_ends_with_its_window(client, ana, monkeypatch):
    for _ in range(5):
        sign_in(client, "ana", "wrong")
    assert sign_in(client, "ana", PASSWORD).status_code == 429
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr(ratelimit.time, "time", lambda: later)
    assert sign_in(client, "ana", PASSWORD).status_code == 302


def test_a_shorter_window_and_limit_through_settings(client, ana, settings, monkeypatch):
    settings.PRAXHUB_LOGIN_MAX_FAILURES = 2
    settings.PRAXHUB_LOGIN_WINDOW_SECONDS = 60
    sign_in(client, "ana", "wrong")
    sign_in(client, "ana", "wrong")
    refused = sign_in(client, "ana", PASSWORD)
    assert refused.status_code == 429 and "wait 1 minutes" in refused.content.decode()
    later = time.time() + 61
    monkeypatch.setattr(ratelimit.time, "time", lambda: later)
    assert sign_in(client, "ana", PASSWORD).status_code == 302


def test_a_successful_sign_in_forgets_the_names_failures(client, ana):
    for _ in range(4):
        sign_in(client, "ana", "wrong")
    assert sign_in(client, "ana", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    other = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(4):
        assert sign_in(other, "ana", "wrong").status_code == 200  # the name starts again from zero


def test_the_admin_signs_in_through_the_hubs_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 405
    assert client.get("/admin/").status_code == 302
