"""API: the discussion under an event or a practice (visible comments; curators also hidden ones)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from praxhub.discussion import services as discussion
from praxhub.events.models import Event
from praxhub.practices import services as practices
from praxhub.practices.models import Practice

router = Router(tags=["discussion"])


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


@router.get("/comments", response={200: list[CommentOut], 400: ErrorOut, 404: ErrorOut}, url_name="api_comments")
def api_comments(request: HttpRequest, params: Query[CommentParams]):
    """The comments under one event or one practice, oldest first."""
    if (params.event is None) == (not params.practice):
        raise HttpError(400, "event or practice: give exactly one of them")
    target: Event | Practice | None
    if params.event is not None:
        target = Event.objects.filter(pk=params.event, merged_into__isnull=True).exclude(status="rejected").first()
    else:
        target = Practice.objects.filter(slug=params.practice).first()
        if target is not None and not practices.can_view(request.user, target):
            target = None
    if target is None:
        raise HttpError(404, "There is nothing to comment at this address.")
    return [discussion.comment_json(c) for c in discussion.thread(target, request.user)]
