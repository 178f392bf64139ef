"""Comments as plain functions: who may post, who may see, moderation."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from praxhub.accounts.audience import copy_audience
from praxhub.accounts.services import is_curator
from praxhub.discussion.models import Comment, Visibility
from praxhub.events.models import Event
from praxhub.practices.models import Practice
from praxhub.sanitise import plain_text

MAX_CHARS = 5_000
MAX_LISTED = 200  # comments shown under one event or practice


class CommentError(ValueError):
    """A comment praxhub cannot take; the message names the field or the rule."""


def _target(target: Event | Practice) -> dict[str, Any]:
    return {"event": target} if isinstance(target, Event) else {"practice": target}


def thread(target: Event | Practice, user: Any) -> list[Comment]:
    """The comments under an event or a practice, oldest first; hidden ones for curators only."""
    comments: QuerySet[Comment] = Comment.objects.filter(**_target(target)).select_related("author", "moderated_by")
    if not is_curator(user):
        comments = comments.filter(visibility=Visibility.VISIBLE)
    return list(comments.order_by("created_at", "id")[:MAX_LISTED])


def post(target: Event | Practice, user: Any, text: str) -> Comment:
    if not (user and user.is_authenticated and user.is_active):
        raise CommentError("Sign in to comment.")
    if isinstance(target, Practice) and target.status != "published":
        raise CommentError("Comments open when the practice is published.")
    text = plain_text(text).strip()
    if not text:
        raise CommentError("text: write something")
    if len(text) > MAX_CHARS:
        raise CommentError(f"text: at most {MAX_CHARS} characters")
    with transaction.atomic():
        # A comment is seen by those who may see what it is about, never by more.
        comment = Comment.objects.create(author=user, text=text, audience=target.audience, **_target(target))
        copy_audience(target, Comment.everything.filter(pk=comment.pk))
    return comment


def moderate(comment: Comment, curator: Any, hide: bool, reason: str = "") -> Comment:
    if not is_curator(curator):
        raise CommentError("Only curators moderate comments.")
    if hide and not reason.strip():
        raise CommentError("reason: say why the comment is hidden")
    comment.visibility = Visibility.HIDDEN if hide else Visibility.VISIBLE
    comment.moderation_reason = reason.strip()[:300] if hide else ""
    comment.moderated_by = curator
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["visibility", "moderation_reason", "moderated_by", "moderated_at"])
    return comment


def delete_own(comment: Comment, user: Any) -> None:
    """Authors may take their comment back."""
    if not (user and user.is_authenticated and comment.author_id == user.pk):
        raise CommentError("Only its author can delete a comment.")
    comment.delete()


def recent(limit: int = 100) -> list[Comment]:
    """The newest comments, for the curators' moderation page."""
    return list(Comment.objects.select_related("author", "event", "practice").order_by("-created_at", "-id")[:limit])


def author_name(comment: Comment) -> str:
    from praxhub.accounts.personal_data import member_name

    return member_name(comment.author)


def comment_json(comment: Comment) -> dict[str, Any]:
    return {"id": comment.pk, "author": author_name(comment), "text": comment.text,
            "created_at": comment.created_at.isoformat(), "visibility": comment.visibility}
