"""API tokens: hashed at rest, scoped, revocable, and the API answers a token exactly as the pages
answer its owner."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from praxhub.accounts import tokens
from praxhub.accounts.audience import Audience
from praxhub.accounts.services import create_user
from praxhub.accounts.tokens import ApiToken
from praxhub.documents.models import Document
from praxhub.events.models import Event

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase"


def _bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def restricted_event(make_document) -> Event:
    doc = Document.objects.get(pk=make_document("Working group notes", "Closed meeting."))
    group = Group.objects.create(name="wg")
    doc.set_audience(Audience.GROUPS, [group])
    event = Event.objects.create(document=doc, span_start=0, span_end=5, fingerprint="x", title="Closed meeting")
    event.set_audience(Audience.GROUPS, [group])
    return event


def test_only_a_digest_is_kept():
    user = create_user("ana", PASSWORD)
    token, secret = tokens.issue(user, "my script")
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith(tokens.PREFIX) and secret not in stored.token_hash
    assert stored.token_hash == tokens.digest(secret) and len(stored.token_hash) == 64
    assert tokens.authenticate(secret) == stored
    assert tokens.authenticate(secret + "x") is None and tokens.authenticate("") is None


def test_a_token_sees_what_its_owner_sees(restricted_event):
    insider, outsider = create_user("insider", PASSWORD), create_user("outsider", PASSWORD)
    insider.groups.add(Group.objects.get(name="wg"))
    _t, inside = tokens.issue(insider, "reader")
    _t, outside = tokens.issue(outsider, "reader")
    address = f"/api/events/{restricted_event.pk}"
    assert Client().get(address, **_bearer(inside)).status_code == 200
    assert Client().get(address, **_bearer(outside)).status_code == 404
    assert Client().get(address).status_code == 404
    # The pages apply the same rule to the same people.
    page = Client()
    page.login(username="insider", password=PASSWORD)
    assert page.get(f"/events/{restricted_event.pk}").status_code == 200


def test_bad_tokens_are_refused_with_401():
    for header in ("Bearer nonsense", "Bearer phx_unknown", "Bearer "):
        response = Client().get("/api/events", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header
        assert "Authorization" in response.json()["detail"]
    # Other schemes are not praxhub's (e.g. a proxy's Basic auth): they pass through.
    assert Client().get("/api/events", HTTP_AUTHORIZATION="Basic abc").status_code == 200


def test_tokens_act_on_the_api_only():
    """A token cannot use the pages: there it could make more tokens, or use the admin."""
    user = create_user("holder", PASSWORD, admin=True)
    _t, secret = tokens.issue(user, "leaked", "write")
    made = Client().post("/accounts/tokens/", {"name": "more", "scope": "write"}, **_bearer(secret))
    assert made.status_code in (302, 403) and ApiToken.objects.count() == 1
    assert Client().get("/admin/", **_bearer(secret)).status_code == 302  # to the sign-in page


def test_scopes_and_revocation(restricted_event):
    user = create_user("writer", PASSWORD)
    user.groups.add(Group.objects.get(name="wg"))
    _t, reader = tokens.issue(user, "reader", "read")
    token, writer = tokens.issue(user, "writer", "write")
    body = json.dumps({"event": restricted_event.pk, "text": "Notes <script>alert(1)</script>"})
    refused = Client().post("/api/comments", body, content_type="application/json", **_bearer(reader))
    assert refused.status_code == 403 and "only read" in refused.json()["detail"]
    posted = Client().post("/api/comments", body, content_type="application/json", **_bearer(writer))
    assert posted.status_code == 201, posted.content
    assert posted.json()["author"] == "writer"
    # The comment takes the event's audience.
    assert restricted_event.comments.get().audience == Audience.GROUPS
    tokens.revoke(token)
    again = Client().post("/api/comments", body, content_type="application/json", **_bearer(writer))
    assert again.status_code == 401


def test_api_writes_need_a_token_not_a_session(restricted_event):
    user = create_user("session-user", PASSWORD)
    user.groups.add(Group.objects.get(name="wg"))
    client = Client(enforce_csrf_checks=True)
    client.login(username="session-user", password=PASSWORD)
    response = client.post("/api/comments", json.dumps({"event": restricted_event.pk, "text": "hi"}),
                           content_type="application/json")
    assert response.status_code == 401
    assert not restricted_event.comments.exists()


def test_the_token_page_shows_the_secret_once_and_revokes():
    create_user("page-user", PASSWORD)
    client = Client()
    client.login(username="page-user", password=PASSWORD)
    created = client.post("/accounts/tokens/", {"name": "nightly export", "scope": "read"})
    assert created.status_code == 200 and created["Cache-Control"] == "no-store"
    secret = created.content.decode().split('id="new-token" class="wrap">')[1].split("<")[0]
    assert Client().get("/api/events", **_bearer(secret)).status_code == 200
    listed = client.get("/accounts/tokens/").content.decode()
    assert "nightly export" in listed and secret not in listed
    token = ApiToken.objects.get()
    # Someone else cannot revoke it.
    create_user("intruder", PASSWORD)
    intruder = Client()
    intruder.login(username="intruder", password=PASSWORD)
    assert intruder.post(f"/accounts/tokens/{token.pk}/revoke").status_code == 404
    assert client.post(f"/accounts/tokens/{token.pk}/revoke").status_code == 302
    assert Client().get("/api/events", **_bearer(secret)).status_code == 401
    assert Client().get("/accounts/tokens/").status_code == 302  # visitors are sent to sign in


def test_cli_creates_lists_and_revokes(tmp_path, data_dir):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the CLI runs against the data directory's SQLite database")
    env = {"PRAXHUB_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    run = lambda *args, **kw: subprocess.run([sys.executable, "-m", "praxhub", *args], capture_output=True,  # noqa: E731
                                             text=True, env=env, **kw)
    added = run("user", "add", "cli-user", "--group", "platform-fr", "--password-stdin", input=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    made = run("token", "create", "cli-user", "--name", "sync", "--scope", "write")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip().startswith(tokens.PREFIX)
    listed = run("token", "list", "cli-user")
    assert "sync" in listed.stdout and made.stdout.strip() not in listed.stdout
    bad = run("token", "create", "cli-user", "--name", "x", "--scope", "admin")
    assert bad.returncode == 2 and "scope: 'admin'" in bad.stderr
    assert run("token", "revoke", "999").returncode == 2
