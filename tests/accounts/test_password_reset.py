"""Password reset by e-mail, end to end: the link in the message sets a new password once; an unknown
address gets exactly the same answer (and no mail); requests are limited per address; the e-mail
settings come from praxhub.config."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from praxhub import config

from .helpers import PASSWORD, without_csrf

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a fresh and different passphrase"


def test_the_reset_link_sets_a_new_password(client, ana, settings):
    settings.DEFAULT_FROM_EMAIL = "hub@example.org"
    form = client.get("/accounts/password-reset/")
    assert form.status_code == 200 and 'name="csrfmiddlewaretoken"' in form.content.decode()
    response = client.post("/accounts/password-reset/", {"email": "ANA@example.org"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"] and message.from_email == "hub@example.org"
    assert "praxhub" in message.subject and "ana" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    page = client.get(link, follow=True)  # Django swaps the token for a session marker first
    assert page.status_code == 200 and "Set a new password" in page.content.decode()
    set_url = page.redirect_chain[-1][0]
    mismatch = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": "something else"})
    assert mismatch.status_code == 200 and 'role="alert"' in mismatch.content.decode()
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/accounts/reset/done/"
    assert client.get("/accounts/reset/done/").status_code == 200
    assert not client.get("/healthz").wsgi_request.user.is_authenticated  # not signed in by the reset

    ana.refresh_from_db()
    assert ana.check_password(NEW_PASSWORD) and ana.password.startswith("argon2$")
    assert "This link is not valid" in Client().get(link, follow=True).content.decode()  # used once
    assert Client().post("/accounts/login/", {"username": "ana", "password": NEW_PASSWORD}).status_code == 302
    assert Client().post("/accounts/login/", {"username": "ana", "password": PASSWORD}).status_code == 200


def test_unknown_and_known_addresses_get_the_same_answer(client, ana):
    known = client.post("/accounts/password-reset/", {"email": "ana@example.org"}, follow=True)
    unknown = client.post("/accounts/password-reset/", {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [("/accounts/password-reset/sent/", 302)]
    assert without_csrf(known.content.decode()) == without_csrf(unknown.content.decode())
    assert len(mail.outbox) == 1


def test_reset_requests_are_limited(client, ana):
    for _ in range(5):
        assert client.post("/accounts/password-reset/", {"email": "ana@example.org"}).status_code == 302
    refused = client.post("/accounts/password-reset/", {"email": "ana@example.org"})
    assert refused.status_code == 429 and "Too many failed attempts" in refused.content.decode()
    assert len(mail.outbox) == 5
    # Per e-mail address, from any client address.
    assert Client(REMOTE_ADDR="10.0.0.8").post("/accounts/password-reset/",
                                               {"email": "ana@example.org"}).status_code == 429


def test_email_settings(monkeypatch):
    assert config.load().email.backend == "console"
    monkeypatch.setenv("PRAXHUB_EMAIL_BACKEND", "smtp://hub%40example.org:s3cret@mail.example.org")
    monkeypatch.setenv("PRAXHUB_EMAIL_FROM", "hub@example.org")
    email = config.load().email
    assert (email.backend, email.host, email.port, email.user, email.password, email.use_tls) == (
        "smtp", "mail.example.org", 587, "hub@example.org", "s3cret", True)
    assert "s3cret" not in repr(config.load())
    monkeypatch.setenv("PRAXHUB_EMAIL_BACKEND", "smtps://mail.example.org")
    assert (config.load().email.port, config.load().email.use_ssl) == (465, True)
    monkeypatch.setenv("PRAXHUB_EMAIL_BACKEND", "sendmail")
    with pytest.raises(config.ConfigError):
        config.load()
    monkeypatch.setenv("PRAXHUB_EMAIL_BACKEND", "console")
    monkeypatch.setenv("PRAXHUB_EMAIL_FROM", "not an address")
    with pytest.raises(config.ConfigError):
        config.load()
