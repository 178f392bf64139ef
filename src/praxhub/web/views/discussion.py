"""Comments on events and practices, and their moderation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from praxhub.accounts.services import is_curator
from praxhub.discussion import services as discussion
from praxhub.discussion.models import Comment
from praxhub.events.models import Event
from praxhub.practices import services as practices
from praxhub.practices.models import Practice
from praxhub.web.views.common import error_page


def _post(request: HttpRequest, target: Event | Practice, back: str) -> HttpResponse:
    try:
        comment = discussion.post(target, request.user, request.POST.get("text", ""))
    except discussion.CommentError as exc:
        if not request.user.is_authenticated:
            return error_page(request, _("Not allowed"), str(exc), 403)
        return error_page(request, _("Bad request"), str(exc), 400)
    messages.success(request, _("Your comment is posted."))
    return redirect(f"{back}#comment-{comment.pk}")


@require_POST
def event_comment(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=event_id, merged_into__isnull=True)
    if event.status == "rejected":
        raise Http404(_("There is no event at this address."))
    return _post(request, event, f"/events/{event.pk}")


@require_POST
def practice_comment(request: HttpRequest, slug: str) -> HttpResponse:
    practice = Practice.objects.filter(slug=slug).first()
    if practice is None or not practices.can_view(request.user, practice):
        raise Http404(_("There is no practice at this address."))
    return _post(request, practice, f"/practices/{practice.slug}")


def _back(comment: Comment) -> str:
    if comment.event_id:
        return f"/events/{comment.event_id}"
    assert comment.practice is not None
    return f"/practices/{comment.practice.slug}"


@require_POST
def comment_moderate(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("practice"), pk=comment_id)
    try:
        discussion.moderate(comment, request.user, request.POST.get("action") == "hide",
                            request.POST.get("reason", ""))
    except discussion.CommentError as exc:
        return error_page(request, _("Not allowed") if not is_curator(request.user) else _("Bad request"), str(exc),
                      403 if not is_curator(request.user) else 400)
    messages.success(request, _("The comment is hidden.") if comment.visibility == "hidden"
                     else _("The comment is shown again."))
    if request.POST.get("next") == "moderation":
        return redirect("comment-moderation")
    return redirect(f"{_back(comment)}#comment-{comment.pk}")


@require_POST
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("practice"), pk=comment_id)
    back = _back(comment)
    try:
        discussion.delete_own(comment, request.user)
    except discussion.CommentError as exc:
        return error_page(request, _("Not allowed"), str(exc), 403)
    messages.success(request, _("Your comment is deleted."))
    return redirect(f"{back}#comments")


@require_safe
def moderation(request: HttpRequest) -> HttpResponse:
    if not is_curator(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return error_page(request, _("Not allowed"), _("Only curators moderate comments."), 403)
    rows = [(c, _back(c)) for c in discussion.recent()]
    return render(request, "praxhub/discussion/moderation.html", {"rows": rows})


urlpatterns = [
    path("events/<int:event_id>/comments", event_comment, name="event-comment"),
    path("practices/<slug:slug>/comments", practice_comment, name="practice-comment"),
    path("comments/<int:comment_id>/moderate", comment_moderate, name="comment-moderate"),
    path("comments/<int:comment_id>/delete", comment_delete, name="comment-delete"),
    path("comments/moderation", moderation, name="comment-moderation"),
]
