"""Comments on events and practices: members post, curators hide (with a reason) or show again,
authors delete their own; hidden comments reach curators only; text is never HTML."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from praxhub.accounts.services import create_user
from praxhub.discussion import services as discussion
from praxhub.discussion.models import Comment
from praxhub.events.models import Event
from praxhub.practices import services as practices

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_document):
    doc = make_document("Newsletter", "A workshop on exit work took place in Vienna on 3 May 2024.")
    event = Event.objects.create(document_id=doc, span_start=0, span_end=10, fingerprint="w", title="Exit workshop")
    people = {"ana": create_user("ana", "a long member passphrase"), "ben": create_user("ben", "another passphrase"),
              "cora": create_user("cora", "a long curator passphrase", curator=True)}
    practice = practices.save(practices.PracticeInput(
        title="Prison mentoring", summary="Mentors meet prisoners.", countries=["DE"], themes=["prisons"],
        target_groups=["prisoners"]), people["ana"])
    return {"event": event, "practice": practice, **people}


def client_for(name: str, password: str) -> Client:
    client = Client()
    assert client.login(username=name, password=password)
    return client


def test_rules(world):
    event, practice, ana, ben, cora = (world[k] for k in ("event", "practice", "ana", "ben", "cora"))
    with pytest.raises(discussion.CommentError, match="Sign in"):
        discussion.post(event, AnonymousUser(), "Hello")
    with pytest.raises(discussion.CommentError, match=r"^text:"):
        discussion.post(event, ana, "   ")
    with pytest.raises(discussion.CommentError, match=r"^text:"):
        discussion.post(event, ana, "x" * 5001)
    with pytest.raises(discussion.CommentError, match="published"):
        discussion.post(practice, ana, "Too early")
    first = discussion.post(event, ana, "Were the slides shared?")
    second = discussion.post(event, ben, "Spam spam spam")
    with pytest.raises(discussion.CommentError, match="curators"):
        discussion.moderate(second, ana, hide=True, reason="spam")
    with pytest.raises(discussion.CommentError, match=r"^reason:"):
        discussion.moderate(second, cora, hide=True)
    discussion.moderate(second, cora, hide=True, reason="advertising")
    assert [c.text for c in discussion.thread(event, ana)] == ["Were the slides shared?"]
    assert len(discussion.thread(event, cora)) == 2  # curators still see it, with the reason
    discussion.moderate(second, cora, hide=False)
    assert len(discussion.thread(event, AnonymousUser())) == 2
    with pytest.raises(discussion.CommentError, match="author"):
        discussion.delete_own(first, ben)
    discussion.delete_own(first, ana)
    assert Comment.objects.count() == 1
    ben.delete()  # a deleted account's comments stay, by "former member"
    assert discussion.author_name(Comment.objects.get()) == "former member"


def test_pages(world, client):
    event, practice = world["event"], world["practice"]
    assert client.post(f"/events/{event.pk}/comments", {"text": "Hi"}).status_code == 403
    ana = client_for("ana", "a long member passphrase")
    response = ana.post(f"/events/{event.pk}/comments", {"text": "<script>alert(1)</script>a < b\nSecond line"})
    assert response.status_code == 302
    page = client.get(f"/events/{event.pk}").content.decode()
    # The markup is gone (nh3), the rest is escaped and keeps its lines.
    assert "a &lt; b<br>Second line" in page and "alert(1)" not in page
    assert ana.post(f"/practices/{practice.slug}/comments", {"text": "x"}).status_code == 400  # not published
    practices.submit(practice, world["ana"])
    practices.publish(practice, world["cora"])
    ana.post(f"/practices/{practice.slug}/comments", {"text": "We do this in Hamburg too."})
    assert "We do this in Hamburg too." in client.get(f"/practices/{practice.slug}").content.decode()
    comment = Comment.objects.get(practice=practice)
    assert ana.post(f"/comments/{comment.pk}/moderate", {"action": "hide", "reason": "x"}).status_code == 403
    cora = client_for("cora", "a long curator passphrase")
    assert "We do this in Hamburg too." in cora.get("/comments/moderation").content.decode()
    assert ana.get("/comments/moderation").status_code == 403
    cora.post(f"/comments/{comment.pk}/moderate", {"action": "hide", "reason": "off topic"})
    assert "We do this in Hamburg too." not in client.get(f"/practices/{practice.slug}").content.decode()
    assert "off topic" in cora.get(f"/practices/{practice.slug}").content.decode()
    assert ana.post(f"/comments/{comment.pk}/delete").status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_comments_need_the_csrf_token(world):
    strict = Client(enforce_csrf_checks=True)
    strict.login(username="ana", password="a long member passphrase")
    assert strict.post(f"/events/{world['event'].pk}/comments", {"text": "Hello"}).status_code == 403
    assert Comment.objects.count() == 0


def test_api(world, client):
    event = world["event"]
    discussion.post(event, world["ana"], "Slides?")
    hidden = discussion.post(event, world["ben"], "Spam")
    discussion.moderate(hidden, world["cora"], hide=True, reason="advertising")
    assert [c["text"] for c in client.get("/api/comments", {"event": event.pk}).json()] == ["Slides?"]
    assert client.get("/api/comments").status_code == 400
    assert client.get("/api/comments", {"practice": world["practice"].slug}).status_code == 404  # a draft
    assert client.get("/api/comments", {"event": 999999}).status_code == 404
