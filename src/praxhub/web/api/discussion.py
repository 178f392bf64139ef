"""API: the discussion under an event or a practice (visible comments; curators also hidden ones)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer

from praxhub.discussion import services as discussion
from praxhub.events.models import Event
from praxhub.practices import services as practices
from praxhub.practices.models import Practice

router = Router(tags=["discussion"])


class ApiTokenAuth(HttpBearer):
    """The token the access middleware (web/access.py) already checked; here for the schema and so
    that a request without one is refused with 401."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return getattr(request, "api_token", None)


class CommentParams(Schema):
    event: int | None = Field(None, description="An event's id")
    practice: str = Field("", description="A practice's slug")


class CommentOut(Schema):
    id: int
    author: str
    text: str
    created_at: str
    visibility: str


class ErrorOut(Schema):
    detail: str


def _target(request: HttpRequest, event_id: int | None, practice_slug: str) -> Event | Practice:
    """The event or the practice a comment is about, as the asker may see it (else 404)."""
    if (event_id is None) == (not practice_slug):
        raise HttpError(400, "event or practice: give exactly one of them")
    target: Event | Practice | None
    if event_id is not None:
        target = Event.objects.filter(pk=event_id, merged_into__isnull=True).exclude(status="rejected").first()
    else:
        practice: Practice | None = Practice.objects.filter(slug=practice_slug).first()
        target = practice if practice is not None and practices.can_view(request.user, practice) else None
    if target is None:
        raise HttpError(404, "There is nothing to comment at this address.")
    return target


@router.get("/comments", response={200: list[CommentOut], 400: ErrorOut, 404: ErrorOut}, url_name="api_comments")
def api_comments(request: HttpRequest, params: Query[CommentParams]):
    """The comments under one event or one practice, oldest first."""
    target = _target(request, params.event, params.practice)
    return [discussion.comment_json(c) for c in discussion.thread(target, request.user)]


class CommentIn(Schema):
    event: int | None = Field(None, description="An event's id")
    practice: str = Field("", description="A practice's slug")
    text: str = Field(..., max_length=discussion.MAX_CHARS, description="Plain text; shown escaped, never as HTML")


@router.post("/comments", response={201: CommentOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             url_name="api_comment_post", auth=ApiTokenAuth())
def api_comment_post(request: HttpRequest, payload: CommentIn):
    """Post a comment as the token's owner (needs a read-and-write API token: `Authorization: Bearer …`).
    Writes through the API take a token, never the session cookie: no other site can make a
    signed-in browser write here."""
    target = _target(request, payload.event, payload.practice)
    try:
        comment = discussion.post(target, request.user, payload.text)
    except discussion.CommentError as exc:
        raise HttpError(400, str(exc)) from None
    return Status(201, discussion.comment_json(comment))
