"""A person's own data: an expert profile only with consent; an export with the profile and
everything they wrote; deleting the account removes every personal value, ends its sessions and
sign-ins, and keeps the contributions, shown as by "former member" on pages and in the API."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from typer.testing import CliRunner

from praxhub.accounts import personal_data, tokens
from praxhub.accounts.models import ExpertProfile
from praxhub.accounts.services import create_user
from praxhub.audit.models import AuditEntry
from praxhub.cli.app import app
from praxhub.discussion import services as discussion
from praxhub.discussion.models import Comment
from praxhub.events.models import Event
from praxhub.practices import services as practices
from praxhub.recommendations import services as tracker
from praxhub.recommendations.models import Recommendation

from .helpers import PASSWORD

pytestmark = pytest.mark.django_db
PROFILE = {"display_name": "Ana Example", "role": "practitioner", "country": "AT", "themes": ["prisons"],
           "languages": "de, en", "about": "Exit work in prisons.", "listed": "on"}


@pytest.fixture
def contributions(ana, make_document):
    doc = make_document("Newsletter", "A workshop on exit work took place in Vienna on 3 May 2024.")
    event = Event.objects.create(document_id=doc, span_start=0, span_end=10, fingerprint="w", title="Exit workshop")
    recommendation = Recommendation.objects.create(document_id=doc, span_start=0, span_end=10, fingerprint="r",
                                                   text="Member States should fund exit work.")
    cora = create_user("cora", "a long curator passphrase", curator=True)
    practice = practices.save(practices.PracticeInput(
        title="Prison mentoring", summary="Mentors meet prisoners.", countries=["DE"], themes=["prisons"],
        target_groups=["prisoners"]), ana)
    practices.submit(practice, ana)
    practices.publish(practice, cora)
    return {
        "event": event, "practice": practice, "recommendation": recommendation,
        "event_comment": discussion.post(event, ana, "Were the slides shared?"),
        "practice_comment": discussion.post(practice, ana, "We do this in Hamburg too."),
        "follow_up": tracker.add_follow_up(recommendation, ana, status="in_progress", progress=40, country="FR"),
    }


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_profile_exists_only_with_consent(ana, client):
    data = personal_data.ProfileInput(display_name="Ana Example", role="practitioner")
    with pytest.raises(personal_data.PersonalDataError, match=r"^consent:"):
        personal_data.set_expert_profile(ana, data, consent=False)
    with pytest.raises(personal_data.PersonalDataError, match=r"^role:"):
        personal_data.set_expert_profile(ana, personal_data.ProfileInput("Ana", "guru"), consent=True)
    assert not ExpertProfile.objects.exists()

    assert client.get("/accounts/me/profile").status_code == 302  # visitors sign in first
    own = signed_in(ana)
    refused = own.post("/accounts/me/profile", PROFILE)
    assert refused.status_code == 400 and "without your consent" in refused.content.decode()
    assert not ExpertProfile.objects.exists()
    assert own.post("/accounts/me/profile", {**PROFILE, "consent": "on"}).status_code == 302
    profile = ExpertProfile.objects.get(user=ana)
    assert profile.consent_at is not None and profile.languages == ["de", "en"]
    assert "Ana Example" in client.get("/experts").content.decode()
    assert "Ana Example" in own.get("/accounts/me/").content.decode()

    assert own.post("/accounts/me/profile/withdraw").status_code == 302
    assert not ExpertProfile.objects.exists()
    assert "Ana Example" not in client.get("/experts").content.decode()


def test_export_holds_the_profile_and_what_the_person_wrote(ana, contributions, tmp_path):
    personal_data.set_expert_profile(ana, personal_data.ProfileInput("Ana Example", "researcher"), consent=True)
    assert Client().get("/accounts/me/export.json").status_code == 302
    response = signed_in(ana).get("/accounts/me/export.json")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "ana" and data["account"]["email"] == "ana@example.org"
    assert data["expert_profile"]["display_name"] == "Ana Example" and data["expert_profile"]["consent_at"]
    assert {c["text"] for c in data["comments"]} == {"Were the slides shared?", "We do this in Hamburg too."}
    assert [p["title"] for p in data["practices"]] == ["Prison mentoring"]
    assert data["follow_ups"][0]["country"] == "FR" and data["follow_up_entries"][0]["progress"] == 40
    assert "password" not in json.dumps(data)

    out = tmp_path / "ana.json"
    result = CliRunner().invoke(app, ["account", "export", "ana", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["comments"] == data["comments"]
    unknown = CliRunner().invoke(app, ["account", "export", "nobody"])
    assert unknown.exit_code == 1 and "username: there is no account 'nobody'" in unknown.output


def test_deleting_the_account_keeps_contributions_by_former_member(ana, contributions, client):
    personal_data.set_expert_profile(ana, personal_data.ProfileInput("Ana Example", "researcher"), consent=True)
    ana.first_name, ana.last_name = "Ana", "Example"
    ana.save()
    token, secret = tokens.issue(ana, "my script")
    own = Client()
    assert own.login(username="ana", password=PASSWORD)
    assert own.get("/accounts/me/delete").status_code == 200
    wrong = own.post("/accounts/me/delete", {"password": "not it"})
    assert wrong.status_code == 400 and get_user_model().objects.get(pk=ana.pk).is_active
    assert own.post("/accounts/me/delete", {"password": PASSWORD}).status_code == 302

    row = get_user_model().objects.get(pk=ana.pk)
    assert row.username.startswith("former-member-") and not row.is_active and not row.has_usable_password()
    assert (row.email, row.first_name, row.last_name, row.last_login) == ("", "", "", None)
    assert not row.groups.exists() and not ExpertProfile.objects.exists()
    assert not tokens.ApiToken.objects.filter(user_id=ana.pk).exists() and tokens.authenticate(secret) is None
    values = json.dumps([str(getattr(row, f.attname)) for f in row._meta.concrete_fields if f.name != "password"])
    assert "ana" not in values.lower().replace("former-member", "") and "Example" not in values
    assert own.get("/accounts/me/").status_code == 302  # the session is gone
    assert not Client().login(username="ana", password=PASSWORD)

    event, practice = contributions["event"], contributions["practice"]
    assert Comment.objects.filter(author=row).count() == 2  # the contributions stay
    for url in (f"/events/{event.pk}", f"/practices/{practice.slug}"):
        page = client.get(url).content.decode()
        assert "former member" in page and ">ana<" not in page and "ana ·" not in page
    api = client.get(f"/api/comments?event={event.pk}").json()
    assert [c["author"] for c in api] == ["former member"]
    assert client.get(f"/api/comments?practice={practice.slug}").json()[0]["author"] == "former member"

    entry = AuditEntry.objects.filter(model="auth.User", object_id=str(ana.pk), action="delete").get()
    assert set(entry.before.values()) == {"[redacted]"}
    assert {"username", "email", "expert_profile", "api_tokens"} <= set(entry.changed)
    assert entry.actor_label == row.username and entry.after["kept"]["comments"] == 2
    later = json.dumps([[e.before, e.after, e.actor_label, e.object_repr]
                        for e in AuditEntry.objects.filter(pk__gte=entry.pk)])
    assert "ana@example.org" not in later and '"ana"' not in later and "Example" not in later
    everything = json.dumps([[e.before, e.after] for e in AuditEntry.objects.all()])
    assert token.token_hash not in everything and secret not in everything


def test_cli_delete_needs_yes_and_an_account(ana, contributions):
    runner = CliRunner()
    refused = runner.invoke(app, ["account", "delete", "ana"])
    assert refused.exit_code == 2 and "yes:" in refused.output
    assert get_user_model().objects.get(pk=ana.pk).is_active
    missing = runner.invoke(app, ["account", "delete", "nobody", "--yes"])
    assert missing.exit_code == 1 and "username:" in missing.output
    result = runner.invoke(app, ["account", "delete", "ana", "--yes"])
    assert result.exit_code == 0, result.output
    row = get_user_model().objects.get(pk=ana.pk)
    assert personal_data.is_former_member(row) and personal_data.member_name(row) == "former member"
    entry = AuditEntry.objects.filter(model="auth.User", object_id=str(ana.pk), action="delete").get()
    assert entry.actor_label.startswith("cli:")
    comment = Comment.objects.select_related("author").get(pk=contributions["event_comment"].pk)
    assert discussion.author_name(comment) == "former member"
