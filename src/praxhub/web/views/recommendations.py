"""The recommendation tracker: recommendations by source, issuer, addressee and theme; a
recommendation's follow-ups with their timelines and evidence; suggested evidence and
near-duplicates for curators; progress rolled up per source and per theme. Views read the
request, call praxhub.recommendations.services and render."""

from __future__ import annotations

import csv
import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from praxhub.accounts.services import is_curator
from praxhub.documents.models import Document, Status
from praxhub.events.services import THEME_LABELS
from praxhub.extract.model import THEMES
from praxhub.recommendations import services as tracker
from praxhub.recommendations.models import FollowUp, FollowUpStatus, LinkStatus, Recommendation
from praxhub.web.views.common import error_page, page_links, page_number

TEMPLATES = "praxhub/recommendations/"
EXPORT_LIMIT = 5000


def _statuses() -> list[tuple[str, str]]:
    return [(s.value, str(tracker.STATUS_LABELS[s])) for s in FollowUpStatus]


@require_safe
def recommendation_list(request: HttpRequest) -> HttpResponse:
    try:
        filters = tracker.parse_filters(request.GET)
        found = tracker.recommendation_page(filters, page_number(request, tracker.TrackerError))
    except tracker.TrackerError as exc:
        return error_page(request, _("Bad request"), str(exc), 400)
    previous, following = page_links(request, found.page, found.pages)
    query = filters.query()
    return render(request, TEMPLATES + "list.html", {
        "found": found, "selected": query,
        "themes": [(t, THEME_LABELS[t]) for t in THEMES],
        "theme_rollups": [(t, THEME_LABELS.get(t, t), r) for t, r in tracker.theme_rollups()],
        "sources": tracker.tracked_sources(10),
        "previous": previous, "next": following,
        "export_query": ("?" + "&".join(f"{k}={quote(v)}" for k, v in query.items())) if query else "",
        "status_labels": dict(_statuses()),
    })


def _recommendation_or_404(rec_id: int) -> Recommendation:
    rec = (Recommendation.objects.select_related("document", "issuer", "addressee").defer("document__text")
           .filter(pk=rec_id).first())
    if rec is None or rec.status == Status.REJECTED:
        raise Http404(_("There is no recommendation at this address."))
    return rec


@require_safe
def recommendation_page(request: HttpRequest, rec_id: int) -> HttpResponse:
    rec = _recommendation_or_404(rec_id)
    follow_ups = list(rec.follow_ups.select_related("actor").prefetch_related(
        "entries", "links__document", "links__event", "links__practice"))
    curator = is_curator(request.user)
    panels = []
    for follow_up in follow_ups:
        panels.append({
            "follow_up": follow_up,
            "entries": list(follow_up.entries.all()),
            "links": [link for link in follow_up.links.all() if link.status == LinkStatus.CONFIRMED],
            "can_change": tracker.can_change(request.user, follow_up),
            "suggestions": tracker.suggestions(rec, follow_up) if curator else [],
        })
    return render(request, TEMPLATES + "detail.html", {
        "rec": rec, "panels": panels, "progress": tracker.progress_of(follow_ups),
        "source": tracker.source_rollup(rec.document_id),
        "duplicates": tracker.near_duplicates(rec), "group": tracker.group_of(rec),
        "curator": curator, "statuses": _statuses(), "today": dt.date.today().isoformat(),
        "status_labels": dict(_statuses()),
    })


def _int_or_none(value: str, name: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.lstrip("-").isdigit():
        raise tracker.TrackerError(f"{name}: {value!r} is not a whole number")
    return int(value)


def _date(value: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise tracker.TrackerError(f"date: {value!r} is not a date (YYYY-MM-DD)") from None


@require_POST
def follow_up_add(request: HttpRequest, rec_id: int) -> HttpResponse:
    rec = _recommendation_or_404(rec_id)
    data = request.POST
    try:
        tracker.add_follow_up(rec, request.user, status=data.get("status", ""),
                              progress=_int_or_none(data.get("progress", ""), "progress"),
                              country=data.get("country", ""), actor_slug=data.get("actor_slug", ""),
                              actor_name=data.get("actor_name", "")[:300], note=data.get("note", ""),
                              date=_date(data.get("date", "")))
    except tracker.TrackerError as exc:
        status = 403 if not request.user.is_authenticated else 400
        return error_page(request, _("Not allowed") if status == 403 else _("Bad request"), str(exc), status)
    messages.success(request, _("The follow-up is recorded."))
    return redirect(f"/recommendations/{rec.pk}#follow-ups")


def _follow_up_or_404(follow_up_id: int) -> FollowUp:
    follow_up = get_object_or_404(FollowUp.objects.select_related("recommendation"), pk=follow_up_id)
    if follow_up.recommendation.status == Status.REJECTED:
        raise Http404(_("There is no follow-up at this address."))
    return follow_up


@require_POST
def follow_up_update(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = _follow_up_or_404(follow_up_id)
    data = request.POST
    try:
        tracker.update_follow_up(follow_up, request.user, status=data.get("status", ""),
                                 progress=_int_or_none(data.get("progress", ""), "progress"),
                                 note=data.get("note", ""), date=_date(data.get("date", "")))
    except tracker.TrackerError as exc:
        status = 403 if not tracker.can_change(request.user, follow_up) else 400
        return error_page(request, _("Not allowed") if status == 403 else _("Bad request"), str(exc), status)
    messages.success(request, _("The timeline has a new step."))
    return redirect(f"/recommendations/{follow_up.recommendation_id}#follow-up-{follow_up.pk}")


@require_POST
def follow_up_evidence(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = _follow_up_or_404(follow_up_id)
    data = request.POST
    try:
        if data.get("kind"):
            score = data.get("score", "")
            tracker.accept_suggestion(follow_up, request.user, data["kind"], data.get("key", ""),
                                      float(score) if score.replace(".", "", 1).isdigit() else None,
                                      accept=data.get("decision", "accept") == "accept")
        else:
            tracker.add_evidence(follow_up, request.user, data.get("url", ""))
    except tracker.TrackerError as exc:
        allowed = tracker.can_change(request.user, follow_up) or is_curator(request.user)
        return error_page(request, _("Bad request") if allowed else _("Not allowed"), str(exc), 400 if allowed else 403)
    messages.success(request, _("The evidence is recorded."))
    return redirect(f"/recommendations/{follow_up.recommendation_id}#follow-up-{follow_up.pk}")


@require_POST
def same_decide(request: HttpRequest, rec_id: int) -> HttpResponse:
    rec = _recommendation_or_404(rec_id)
    if not is_curator(request.user):  # before reading the form: a refusal says nothing about its fields
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return error_page(request, _("Not allowed"), _("Only curators group recommendations."), 403)
    other_id = request.POST.get("other", "")
    if not other_id.isdigit():
        return error_page(request, _("Bad request"), _("other: must be a recommendation id"), 400)
    other = _recommendation_or_404(int(other_id))
    try:
        tracker.decide_same(rec, other, request.user, request.POST.get("decision") == "same")
    except tracker.TrackerError as exc:
        return error_page(request, _("Not allowed"), str(exc), 403 if not is_curator(request.user) else 400)
    messages.success(request, _("The decision is recorded."))
    return redirect(f"/recommendations/{rec.pk}#duplicates")


@require_safe
def source_page(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.defer("text"), pk=document_id)
    found = tracker.recommendation_page(tracker.Filters(source=document.pk), 1, page_size=200)
    return render(request, TEMPLATES + "source.html", {
        "document": document, "found": found, "rollup": tracker.source_rollup(document.pk),
        "status_labels": dict(_statuses())})


@require_safe
def recommendation_export(request: HttpRequest) -> HttpResponse:
    try:
        filters = tracker.parse_filters(request.GET)
    except tracker.TrackerError as exc:
        return error_page(request, _("Bad request"), str(exc), 400)
    found = tracker.recommendation_page(filters, 1, page_size=EXPORT_LIMIT)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="praxhub-recommendations.csv"'
    csv.writer(response).writerows(tracker.csv_rows(found.rows))
    return response


@require_safe
def source_json(request: HttpRequest, document_id: int) -> JsonResponse:
    document = get_object_or_404(Document.objects.defer("text"), pk=document_id)
    return JsonResponse({"source": {"id": document.pk, "title": str(document)},
                         "rollup": tracker.source_rollup(document.pk).as_json()})


urlpatterns = [
    path("recommendations", recommendation_list, name="recommendations"),
    path("recommendations.csv", recommendation_export, name="recommendations-csv"),
    path("recommendations/<int:rec_id>", recommendation_page, name="recommendation"),
    path("recommendations/<int:rec_id>/follow-ups", follow_up_add, name="follow-up-add"),
    path("recommendations/<int:rec_id>/same", same_decide, name="recommendation-same"),
    path("recommendations/sources/<int:document_id>", source_page, name="recommendation-source"),
    path("recommendations/sources/<int:document_id>.json", source_json, name="recommendation-source-json"),
    path("follow-ups/<int:follow_up_id>", follow_up_update, name="follow-up-update"),
    path("follow-ups/<int:follow_up_id>/evidence", follow_up_evidence, name="follow-up-evidence"),
]
