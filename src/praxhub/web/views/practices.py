"""The practices compendium: browse and filter, a practice's page with similar practices and
counterparts in other countries, the submission form for members, the curators' review. Views
read the request, call praxhub.practices.services and render."""

from __future__ import annotations

import csv
import json
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from praxhub.accounts.services import is_curator
from praxhub.discussion import services as discussion
from praxhub.encodings import script_json
from praxhub.events.services import THEME_LABELS
from praxhub.extract.model import THEMES
from praxhub.practices import services as practices
from praxhub.practices.forms import COUNTRY_CHOICES, PracticeForm
from praxhub.practices.models import TARGET_GROUPS, Evaluation, Practice, Workflow
from praxhub.web.views.common import error_page, page_links, page_number

TEMPLATES = "praxhub/practices/"


def _choices() -> dict:
    return {
        "country": COUNTRY_CHOICES,
        "theme": [(t, THEME_LABELS[t]) for t in THEMES],
        "target": [(g, practices.TARGET_LABELS[g]) for g in TARGET_GROUPS],
        "evaluation": [(e.value, practices.EVALUATION_LABELS[e]) for e in Evaluation],
        "status": [(w.value, practices.WORKFLOW_LABELS[w]) for w in Workflow],
    }


@require_safe
def practice_list(request: HttpRequest) -> HttpResponse:
    try:
        filters = practices.parse_filters(request.GET)
        found = practices.practice_list(filters, request.user, page_number(request, practices.PracticeError))
    except practices.PracticeError as exc:
        return error_page(request, _("Bad request"), str(exc), 400)
    previous, following = page_links(request, found.page, found.pages)

    def narrowed(name: str, value: str) -> str:
        query = {**filters.query(), name: value}
        return "?" + "&".join(f"{k}={quote(str(v))}" for k, v in query.items())

    facets = [(name, [(v, narrowed(name, v.value)) for v in values]) for name, values in found.facets.items()]
    context = {
        "found": found, "facets": facets, "selected": filters.query(), "choices": _choices(),
        "previous": previous, "next": following,
        "export_query": ("?" + "&".join(f"{k}={quote(v)}" for k, v in filters.query().items())
                         if filters.query() else ""),
        "curator": is_curator(request.user),
        "queue": practices.review_queue().count() if is_curator(request.user) else 0,
    }
    template = "_list.html" if request.headers.get("HX-Request") == "true" else "list.html"
    return render(request, TEMPLATES + template, context)


def _visible_or_404(request: HttpRequest, slug: str) -> Practice:
    practice = Practice.objects.select_related("lead_organisation", "submitted_by", "reviewed_by").filter(
        slug=slug).first()
    if practice is None or not practices.can_view(request.user, practice):
        raise Http404(_("There is no practice at this address."))
    return practice


@require_safe
def practice_page(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _visible_or_404(request, slug)
    tags = practices.tags_of(practice)
    context = {
        "practice": practice,
        "countries": [(c, practices.tag_label("country", c)) for c in tags["country"]],
        "themes": [(t, practices.tag_label("theme", t)) for t in tags["theme"]],
        "targets": [(g, practices.tag_label("target", g)) for g in tags["target"]],
        "evaluation_label": practices.EVALUATION_LABELS[Evaluation(practice.evaluation)],
        "status_label": practices.WORKFLOW_LABELS[Workflow(practice.status)],
        "resources": [line for line in practice.resources.splitlines() if line.strip()],
        "similar": practices.similar(practice, request.user),
        "counterparts": practices.counterparts(practice, request.user),
        "comments": discussion.thread(practice, request.user),
        "curator": is_curator(request.user),
        "can_edit": practices.can_edit(request.user, practice),
        "can_submit": practices.is_owner(request.user, practice) and practice.status in practices.EDITABLE_BY_OWNER,
        "can_review": is_curator(request.user) and practice.status == Workflow.SUBMITTED,
        "jsonld": script_json({"@context": "https://schema.org", "@type": "CreativeWork", "name": practice.title,
                               "abstract": practice.summary, "url": request.build_absolute_uri()}),
    }
    return render(request, TEMPLATES + "detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def practice_new(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = PracticeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            practice = practices.save(form.to_input(), request.user)
        except practices.PracticeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your practice is saved as a draft. Submit it for review when it is ready."))
            return redirect(practice.get_absolute_url())
    return render(request, TEMPLATES + "form.html", {"form": form, "practice": None},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def practice_edit(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    practice = _visible_or_404(request, slug)
    if not practices.can_edit(request.user, practice):
        return error_page(request, _("Not allowed"), _("This practice cannot be changed now: it is under review, "
                                                   "published, or not yours."), 403)
    form = PracticeForm(request.POST or None, user=request.user,
                        initial=PracticeForm.initial_from(practice, practices.tags_of(practice)))
    if request.method == "POST" and form.is_valid():
        try:
            practices.save(form.to_input(), request.user, practice)
        except practices.PracticeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The practice is saved."))
            return redirect(practice.get_absolute_url())
    return render(request, TEMPLATES + "form.html", {"form": form, "practice": practice},
                  status=400 if request.method == "POST" else 200)


@require_POST
def practice_submit(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _visible_or_404(request, slug)
    try:
        practices.submit(practice, request.user)
    except practices.PracticeError as exc:
        return error_page(request, _("Not allowed"), str(exc), 403)
    messages.success(request, _("Submitted: a curator will review the practice."))
    return redirect(practice.get_absolute_url())


@require_POST
def practice_review(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _visible_or_404(request, slug)
    if not is_curator(request.user):  # before reading the form: a refusal says nothing about its fields
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return error_page(request, _("Not allowed"), _("Only curators review practices."), 403)
    decision = request.POST.get("decision", "")
    comment = request.POST.get("comment", "")[:5000]
    try:
        if decision == "publish":
            practices.publish(practice, request.user, comment)
            messages.success(request, _("The practice is published."))
        elif decision == "return":
            practices.return_for_changes(practice, request.user, comment)
            messages.success(request, _("The practice is returned to its owner with your comments."))
        else:
            return error_page(request, _("Bad request"), _("decision: must be publish or return"), 400)
    except practices.PracticeError as exc:
        status = 403 if not is_curator(request.user) else 400
        return error_page(request, _("Not allowed") if status == 403 else _("Bad request"), str(exc), status)
    return redirect(practice.get_absolute_url())


@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    if not is_curator(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return error_page(request, _("Not allowed"), _("Only curators review practices."), 403)
    return render(request, TEMPLATES + "review.html", {"queue": list(practices.review_queue()[:200])})


@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    own = Practice.objects.filter(submitted_by=request.user).order_by("-updated_at")[:200]
    return render(request, TEMPLATES + "mine.html", {
        "own": [(p, practices.WORKFLOW_LABELS[Workflow(p.status)]) for p in own]})


EXPORT_LIMIT = 5000


@require_safe
def practice_export(request: HttpRequest, kind: str) -> HttpResponse:
    try:
        filters = practices.parse_filters(request.GET)
    except practices.PracticeError as exc:
        return error_page(request, _("Bad request"), str(exc), 400)
    rows = list(practices.filtered(filters, request.user).select_related("lead_organisation")
                .prefetch_related("tags").order_by("title", "id")[:EXPORT_LIMIT])
    if kind == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="praxhub-practices.csv"'
        csv.writer(response).writerows(practices.csv_rows(rows))
        return response
    response = HttpResponse(json.dumps({"total": len(rows), "items": [practices.practice_json(p) for p in rows]},
                                       ensure_ascii=False, indent=1), content_type="application/json")
    return response


urlpatterns = [
    path("practices", practice_list, name="practices"),
    path("practices.csv", practice_export, {"kind": "csv"}, name="practices-csv"),
    path("practices.json", practice_export, {"kind": "json"}, name="practices-json"),
    path("practices/new", practice_new, name="practice-new"),
    path("practices/review", review_queue, name="practice-review-queue"),
    path("practices/mine", mine, name="practices-mine"),
    path("practices/<slug:slug>", practice_page, name="practice"),
    path("practices/<slug:slug>/edit", practice_edit, name="practice-edit"),
    path("practices/<slug:slug>/submit", practice_submit, name="practice-submit"),
    path("practices/<slug:slug>/review", practice_review, name="practice-review"),
]
