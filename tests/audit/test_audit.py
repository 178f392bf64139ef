"""The audit log: every write is recorded with who, when, before and after; secrets never are;
entries cannot be changed or deleted (model, admin, database); only superusers read and export
them; an ingested document is one entry."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from typer.testing import CliRunner

from praxhub.accounts.services import create_user
from praxhub.audit import context
from praxhub.audit import services as audit
from praxhub.audit.models import AppendOnlyError, AuditEntry
from praxhub.cli.app import app
from praxhub.discussion import services as discussion
from praxhub.discussion.models import Comment
from praxhub.events.models import Event

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[2] / "src" / "praxhub" / "demo" / "corpus"
PASSWORD = "a long member passphrase"


@pytest.fixture
def world(make_document):
    doc = make_document("Newsletter", "A workshop on exit work took place in Vienna on 3 May 2024.")
    event = Event.objects.create(document_id=doc, span_start=0, span_end=10, fingerprint="w", title="Exit workshop")
    return {"event": event, "ana": create_user("ana", PASSWORD),
            "cora": create_user("cora", "a long curator passphrase", curator=True),
            "root": create_user("root", "a long admin passphrase", admin=True)}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def entries_for(obj) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(model=obj._meta.label, object_id=str(obj.pk)).order_by("id"))


def test_a_web_write_records_who_before_and_after(world):
    event = world["event"]
    response = signed_in(world["ana"]).post(f"/events/{event.pk}/comments", {"text": "Were the slides shared?"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    [created] = entries_for(comment)
    assert (created.action, created.actor_id, created.actor_label, created.source) == ("create", world["ana"].pk,
                                                                                        "ana", "web")
    assert created.before is None and created.after["text"] == "Were the slides shared?"
    assert len(created.request_id) == 32 and "text" in created.changed

    signed_in(world["cora"]).post(f"/comments/{comment.pk}/moderate", {"action": "hide", "reason": "off topic"})
    updated = entries_for(comment)[-1]
    assert (updated.action, updated.actor_label) == ("update", "cora")
    assert updated.before["visibility"] == "visible" and updated.after["visibility"] == "hidden"
    assert {"visibility", "moderation_reason", "moderated_by", "moderated_at"} <= set(updated.changed)
    assert "text" not in updated.changed  # only what changed

    comment_id = comment.pk
    discussion.delete_own(comment, world["ana"])  # no request, no command: the system
    deleted = AuditEntry.objects.filter(model="discussion.Comment", object_id=str(comment_id)).latest("id")
    assert (deleted.action, deleted.actor_label, deleted.source) == ("delete", "system", "system")
    assert deleted.before["text"] == "Were the slides shared?" and deleted.after is None


def test_cli_origin_and_many_to_many(world):
    with context.acting(context.cli_origin()):
        bob = create_user("bob", "another long passphrase", curator=True)
    created, groups = entries_for(bob)
    assert created.actor_label.startswith("cli:") and created.source == "cli"
    assert groups.changed == ["groups"] and groups.before == {"groups": []} and groups.after == {"groups": ["curators"]}


def test_no_password_or_secret_is_ever_recorded(world):
    ana = world["ana"]
    old_hash = ana.password
    ana.set_password("a brand new passphrase")
    ana.email = "ana@example.org"
    ana.save()
    update = entries_for(ana)[-1]
    assert {"password", "email"} <= set(update.changed)
    assert update.before["password"] == update.after["password"] == audit.REDACTED
    assert update.after["email"] == audit.REDACTED  # personal: only that it changed
    signed_in(ana).get("/")  # a sign-in's last_login is not recorded
    dump = json.dumps([[e.before, e.after, e.object_repr] for e in AuditEntry.objects.all()])
    for secret in (old_hash, ana.password, PASSWORD, "a brand new passphrase", "ana@example.org"):
        assert secret not in dump
    assert all(audit.is_secret(name) for name in ("password", "secret", "token_hash", "key", "api_key", "otp_secret"))
    assert not any(audit.is_secret(name) for name in ("title", "text_sha256", "monkey", "keywords"))


def test_database_refuses_update_and_delete(world):
    entry = AuditEntry.objects.filter(actor__isnull=True).first()
    assert entry is not None
    for sql in (f"UPDATE audit_auditentry SET actor_label = 'someone else' WHERE id = {entry.pk}",
                f"UPDATE audit_auditentry SET actor_id = {world['root'].pk} WHERE id = {entry.pk}",
                f"DELETE FROM audit_auditentry WHERE id = {entry.pk}",
                "DELETE FROM audit_auditentry"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    entry.refresh_from_db()
    assert entry.actor_label == "system"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(actor_label="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_a_deleted_actor_leaves_the_label(world):
    ana = world["ana"]
    with context.acting(context.Origin(source="web", request=type("Request", (), {"user": ana})())):
        discussion.post(world["event"], ana, "Hello")
    written = AuditEntry.objects.filter(actor=ana).count()
    assert written == 1
    ana.delete()  # the foreign key is cleared (the one update the database lets through)
    assert AuditEntry.objects.filter(actor_label="ana", actor__isnull=True, model="discussion.Comment").count() == 1


def test_admin_is_read_only_even_for_superusers(world):
    root = signed_in(world["root"])
    entry = AuditEntry.objects.first()
    assert entry is not None
    assert root.get("/admin/audit/auditentry/").status_code == 200
    assert root.get("/admin/audit/auditentry/?action__exact=create&q=ana").status_code == 200
    page = root.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert root.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"actor_label": "x"}).status_code == 403
    assert root.get(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    assert root.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert root.get("/admin/audit/auditentry/add/").status_code == 403
    assert root.post("/admin/audit/auditentry/", {"action": "delete_selected", "_selected_action": [entry.pk],
                                                  "post": "yes"}).status_code in (200, 302)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert signed_in(world["cora"]).get("/admin/audit/auditentry/").status_code in (302, 403)


def test_pages_and_exports_are_for_superusers_only(world, client):
    for url in ("/audit", "/audit/export.csv", "/audit/export.jsonl"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert signed_in(world["ana"]).get(url).status_code == 403
        assert signed_in(world["cora"]).get(url).status_code == 403
    root = signed_in(world["root"])
    page = root.get("/audit?model=auth.User&action=create")
    assert page.status_code == 200
    text = page.content.decode()
    assert "auth.User" in text and "cora" in text
    assert root.get("/audit?since=yesterday").status_code == 400
    assert root.get("/audit?action=erase").status_code == 400
    assert b"Audit log" in root.get("/").content and b"Audit log" not in signed_in(world["ana"]).get("/").content

    rows = list(csv.reader(io.StringIO(b"".join(root.get("/audit/export.csv").streaming_content).decode())))
    assert rows[0][:3] == ["id", "at", "actor"] and len(rows) == AuditEntry.objects.count() + 1
    lines = b"".join(root.get("/audit/export.jsonl?model=auth.User").streaming_content).decode().splitlines()
    exported = [json.loads(line) for line in lines]
    assert exported and {e["model"] for e in exported} == {"auth.User"}
    assert [e["id"] for e in exported] == sorted(e["id"] for e in exported)  # oldest first


def test_cli_export_and_bad_input(world, tmp_path: Path):
    runner = CliRunner()
    out = tmp_path / "audit.csv"
    result = runner.invoke(app, ["audit", "export", "--format", "csv", "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0][0] == "id" and len(rows) == AuditEntry.objects.count() + 1
    result = runner.invoke(app, ["audit", "export", "--since", "2000-01-01"])
    assert result.exit_code == 0
    assert {json.loads(line)["model"] for line in result.stdout.splitlines()} >= {"auth.User", "events.Event"}
    assert runner.invoke(app, ["audit", "export", "--since", "2999-01-01"]).stdout == ""
    for args, message in ((["--since", "last week"], "since: 'last week' is not a date"),
                          (["--format", "xml"], "format: 'xml' is not csv or jsonl")):
        bad = runner.invoke(app, ["audit", "export", *args])
        assert bad.exit_code == 2 and message in bad.output and "Traceback" not in bad.output
        assert len(bad.output.strip().splitlines()) == 1
    assert context.current().source == "system"  # a command's origin ends with it


def test_an_ingested_document_is_one_entry(tmp_path: Path):
    from praxhub.store.runner import ingest_paths

    source = tmp_path / "newsletter.txt"
    source.write_text((CORPUS / "01-newsletter-south-east-europe-may-2018.txt").read_text(encoding="utf-8"),
                      encoding="utf-8")
    report = ingest_paths([source])
    assert report.counts["added"] == 1
    assert Event.objects.exists()  # extraction wrote items, organisations, mentions...
    assert not AuditEntry.objects.filter(model__in=("events.Event", "organisations.Organisation")).exists()
    [entry] = AuditEntry.objects.filter(model="documents.Document")
    assert (entry.action, entry.model, entry.source) == ("create", "documents.Document", "system")
    assert entry.after["source_path"] == str(source.resolve()) and entry.after["extracted"]["events"] >= 1
    assert "text" not in entry.after

    source.write_text(source.read_text(encoding="utf-8") + "\nA late addition.\n", encoding="utf-8")
    with context.acting(context.cli_origin()):
        assert ingest_paths([source]).counts["updated"] == 1
    [update] = AuditEntry.objects.filter(model="documents.Document").exclude(pk=entry.pk)
    assert update.action == "update" and update.actor_label.startswith("cli:")
    assert "sha256" in update.changed and update.before["sha256"] != update.after["sha256"]

