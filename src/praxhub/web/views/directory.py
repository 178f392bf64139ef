"""The directory: organisations, initiatives and experts, their exports, and curation of
organisations in place (confirm, reject, merge a duplicate record). Views read the request, call
praxhub.organisations.services (or the curation service) and render; every filter and page is in
the query string, so every state has a shareable URL."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from praxhub.accounts.services import is_curator
from praxhub.documents import curation
from praxhub.organisations import services as directory
from praxhub.organisations.models import Initiative, Organisation
from praxhub.organisations.services import FilterError, Page

TEMPLATES = "praxhub/directory/"
MAX_EXPORT_PARTS = 50


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _pager(request: HttpRequest, page: Page[Any], param: str = "page", anchor: str = "") -> dict[str, Any]:
    """Links to the previous and next page of one list, keeping every other parameter."""

    def link(number: int) -> str:
        params = request.GET.copy()
        if number > 1:
            params[param] = str(number)
        else:
            params.pop(param, None)
        query = params.urlencode()
        fragment = f"#{anchor}" if anchor else ""
        return f"?{query}{fragment}" if query else f"{request.path}{fragment}"

    return {
        "page": page,
        "previous": link(page.number - 1) if page.has_previous else "",
        "next": link(page.number + 1) if page.has_next else "",
    }


def _export_links(request: HttpRequest, name: str, total: int = 0) -> dict[str, Any]:
    """The list's exports with its filters; a list longer than one file is offered in parts."""
    params = request.GET.copy()
    params.pop("page", None)

    def links(offset: int) -> dict[str, Any]:
        part = params.copy()
        if offset:
            part["offset"] = str(offset)
        query = f"?{part.urlencode()}" if part else ""
        return {"number": offset // directory.EXPORT_LIMIT + 1, "csv": reverse(f"{name}-csv") + query,
                "json": reverse(f"{name}-json") + query}

    parts = range(0, min(total, directory.EXPORT_LIMIT * MAX_EXPORT_PARTS), directory.EXPORT_LIMIT)
    return {**links(0), "limit": directory.EXPORT_LIMIT,
            "parts": [links(offset) for offset in parts] if total > directory.EXPORT_LIMIT else []}


def _list_page(request: HttpRequest, name: str, parse: Callable[[Mapping[str, Any]], Any],
               fetch: Callable[..., Page[Any]], choices: Callable[[], dict[str, Any]]) -> HttpResponse:
    context: dict[str, Any] = {"selected": dict(request.GET.items())}
    status = 200
    try:
        filters = parse(request.GET)
        page = fetch(filters, offset=directory.page_offset(request.GET))
        context.update(filters=filters, pager=_pager(request, page, anchor="results"),
                       exports=_export_links(request, name, page.total))
    except FilterError as exc:
        context["error"] = str(exc)
        status = 400
    if _is_htmx(request) and request.headers.get("HX-Target") == "results":
        return render(request, f"{TEMPLATES}_{name}.html", context, status=status)
    context["choices"] = choices()
    return render(request, f"{TEMPLATES}{name}.html", context, status=status)


def _export(request: HttpRequest, kind: str, parse: Callable[[Mapping[str, Any]], Any],
            export: Callable[..., Page[dict[str, Any]]], columns: tuple[str, ...]) -> HttpResponse:
    try:
        page = export(parse(request.GET), directory.export_offset(request.GET))
    except FilterError as exc:
        if kind == "json":
            return JsonResponse({"detail": str(exc)}, status=400)
        return HttpResponse(f"{exc}\n", status=400, content_type="text/plain; charset=utf-8")
    if kind == "json":
        response: HttpResponse = JsonResponse(
            {"total": page.total, "offset": page.offset, "limit": page.limit, "items": page.items},
            json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{request.path.rsplit("/", 1)[-1]}"'
        csv.writer(response).writerows(directory.csv_rows(page.items, columns))
    if page.has_next:  # an export holds EXPORT_LIMIT rows; the next part is one link away
        params = request.GET.copy()
        params["offset"] = str(page.offset + page.limit)
        response["Link"] = f'<{request.path}?{params.urlencode()}>; rel="next"'
    response["X-Total-Count"] = str(page.total)
    return response


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "praxhub/error.html", {"title": _("Bad request"), "message": message}, status=400)


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "praxhub/error.html", {
        "title": _("Not allowed"), "message": _("Only curators may change the directory.")}, status=403)


# ------------------------------------------------------------------------------ organisations

@require_safe
def organisation_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, "organisations", directory.organisation_filters, directory.organisation_page,
                      directory.organisation_choices)


@require_safe
def organisation_export(request: HttpRequest, kind: str) -> HttpResponse:
    return _export(request, kind, directory.organisation_filters, directory.organisation_export,
                   directory.ORGANISATION_COLUMNS)


def _organisation_or_404(slug: str) -> Organisation:
    org = directory.find_organisation(slug)
    if org is None:
        raise Http404(_("There is no organisation at this address."))
    return org


def _merge_context(request: HttpRequest, org: Organisation) -> dict[str, Any]:
    merge_q = request.GET.get("merge_q", "")
    return {"org": org, "merge_q": merge_q, "candidates": directory.merge_candidates(org, merge_q)}


def _organisation_context(request: HttpRequest, org: Organisation) -> dict[str, Any]:
    detail = directory.organisation_detail(org, directory.detail_offsets(request.GET))
    context: dict[str, Any] = {
        "detail": detail,
        "org": org,
        "json_ld": directory.organisation_json_ld(org, request.build_absolute_uri(directory.organisation_url(org))),
        "documents": _pager(request, detail.documents, "page", "documents"),
        "events": _pager(request, detail.events, "events_page", "events"),
        "received": _pager(request, detail.recommendations_received, "received_page", "received"),
        "issued": _pager(request, detail.recommendations_issued, "issued_page", "issued"),
        "country_name": directory.country_name(org.country),
        "level_label": directory.LEVEL_LABELS.get(org.level, org.level),
        "kind_label": org.kind.replace("_", " "),
        "sector_label": org.sector.replace("_", " "),
        "origin_label": directory.ORIGIN_LABELS.get(org.origin, org.origin),  # type: ignore[call-overload]
        "status_label": directory.STATUS_LABELS.get(org.status, org.status),  # type: ignore[call-overload]
        "curator": is_curator(request.user),
    }
    if context["curator"]:
        context.update(_merge_context(request, org))
    return context


@require_safe
def organisation_page(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation_or_404(slug)
    target = directory.merged_target(org)
    if target is not None:  # a merged record's address leads to the organisation it became
        return HttpResponseRedirect(directory.organisation_url(target))
    try:
        if _is_htmx(request) and request.headers.get("HX-Target") == "merge-candidates" and is_curator(request.user):
            return render(request, f"{TEMPLATES}_merge_candidates.html", _merge_context(request, org))
        context = _organisation_context(request, org)
    except FilterError as exc:
        return _bad_request(request, str(exc))
    return render(request, f"{TEMPLATES}organisation.html", context)


def _after_curation(request: HttpRequest, url: str, note: str) -> HttpResponse:
    messages.success(request, note)
    if _is_htmx(request):  # the whole page changes: let htmx load it
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    response = HttpResponseRedirect(url)
    response.status_code = 303  # see the result with a GET; a reload does not post again
    return response


def _curation_failed(request: HttpRequest, org: Organisation, message: str) -> HttpResponse:
    if _is_htmx(request):
        return render(request, f"{TEMPLATES}_curation_error.html", {"error": message}, status=400)
    context = _organisation_context(request, org)
    context["curation_error"] = message
    return render(request, f"{TEMPLATES}organisation.html", context, status=400)


@require_POST
def organisation_decide(request: HttpRequest, slug: str) -> HttpResponse:
    if not is_curator(request.user):
        return _forbidden(request)
    org = _organisation_or_404(slug)
    decision = request.POST.get("decision", "")
    try:
        curation.decide_entity(Organisation, org.pk, decision)
    except curation.CurationError as exc:
        return _curation_failed(request, org, str(exc))
    notes = {"confirm": _("Confirmed."), "reject": _("Rejected."), "reset": _("Returned to suggested.")}
    return _after_curation(request, directory.organisation_url(org), notes[decision])


@require_POST
def organisation_merge(request: HttpRequest, slug: str) -> HttpResponse:
    if not is_curator(request.user):
        return _forbidden(request)
    org = _organisation_or_404(slug)
    raw = request.POST.get("duplicate", "")
    if not re.fullmatch(r"[0-9]{1,18}", raw):  # not str.isdigit: "²" is a digit to it
        return _curation_failed(request, org, _("duplicate: choose the record to merge into this one."))
    duplicate = directory.organisation_by_id(int(raw))
    try:
        keep = curation.merge_organisations(org.pk, int(raw))
    except curation.CurationError as exc:
        return _curation_failed(request, org, str(exc))
    note = _("“%(duplicate)s” is now recorded as part of this organisation.") % {
        "duplicate": duplicate.name if duplicate else raw}
    return _after_curation(request, directory.organisation_url(keep), note)


# ------------------------------------------------------------------------------ initiatives

@require_safe
def initiative_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, "initiatives", directory.initiative_filters, directory.initiative_page,
                      directory.initiative_choices)


@require_safe
def initiative_export(request: HttpRequest, kind: str) -> HttpResponse:
    return _export(request, kind, directory.initiative_filters, directory.initiative_export,
                   directory.INITIATIVE_COLUMNS)


def _initiative_or_404(slug: str) -> Initiative:
    initiative = directory.find_initiative(slug)
    if initiative is None:
        raise Http404(_("There is no initiative at this address."))
    return initiative


@require_safe
def initiative_page(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _initiative_or_404(slug)
    try:
        detail = directory.initiative_detail(initiative, directory.page_offset(request.GET))
    except FilterError as exc:
        return _bad_request(request, str(exc))
    return render(request, f"{TEMPLATES}initiative.html", {
        "detail": detail,
        "initiative": initiative,
        "documents": _pager(request, detail.documents, "page", "documents"),
        "kind_label": initiative.kind.replace("_", " "),
        "origin_label": directory.ORIGIN_LABELS.get(initiative.origin, initiative.origin),  # type: ignore[call-overload]
        "status_label": directory.STATUS_LABELS.get(initiative.status, initiative.status),  # type: ignore[call-overload]
        "curator": is_curator(request.user),
    })


@require_POST
def initiative_decide(request: HttpRequest, slug: str) -> HttpResponse:
    if not is_curator(request.user):
        return _forbidden(request)
    initiative = _initiative_or_404(slug)
    decision = request.POST.get("decision", "")
    try:
        curation.decide_entity(Initiative, initiative.pk, decision)
    except curation.CurationError as exc:
        if _is_htmx(request):
            return render(request, f"{TEMPLATES}_curation_error.html", {"error": str(exc)}, status=400)
        return _bad_request(request, str(exc))
    notes = {"confirm": _("Confirmed."), "reject": _("Rejected."), "reset": _("Returned to suggested.")}
    return _after_curation(request, directory.initiative_url(initiative), notes[decision])


# ------------------------------------------------------------------------------ experts

@require_safe
def expert_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, "experts", directory.expert_filters, directory.expert_page,
                      directory.expert_choices)


@require_safe
def expert_export(request: HttpRequest, kind: str) -> HttpResponse:
    return _export(request, kind, directory.expert_filters, directory.expert_export, directory.EXPERT_COLUMNS)


@require_safe
def expert_page(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = directory.find_expert(profile_id)
    if profile is None:
        raise Http404(_("There is no expert profile at this address."))
    return render(request, f"{TEMPLATES}expert.html", {
        "profile": profile,
        "role_label": directory.ROLE_LABELS.get(profile.role, profile.role),
        "country_name": directory.country_name(profile.country),
        "languages": [directory.language_name(code) for code in profile.languages or []],
        "themes": [str(t).replace("_", " ") for t in profile.themes or []],
        "organisation": profile.organisation if profile.organisation and not profile.organisation.merged_into_id
        else None,
    })


def _exports(name: str, view: Callable[..., HttpResponse]) -> list[Any]:
    return [
        path(f"{name}.csv", view, {"kind": "csv"}, name=f"{name}-csv"),
        path(f"{name}.json", view, {"kind": "json"}, name=f"{name}-json"),
    ]


urlpatterns = [
    path("organisations", organisation_list, name="organisations"),
    *_exports("organisations", organisation_export),
    path("organisations/<slug:slug>", organisation_page, name="organisation"),
    path("organisations/<slug:slug>/decide", organisation_decide, name="organisation-decide"),
    path("organisations/<slug:slug>/merge", organisation_merge, name="organisation-merge"),
    path("initiatives", initiative_list, name="initiatives"),
    *_exports("initiatives", initiative_export),
    path("initiatives/<slug:slug>", initiative_page, name="initiative"),
    path("initiatives/<slug:slug>/decide", initiative_decide, name="initiative-decide"),
    path("experts", expert_list, name="experts"),
    *_exports("experts", expert_export),
    path("experts/<int:profile_id>", expert_page, name="expert"),
]
