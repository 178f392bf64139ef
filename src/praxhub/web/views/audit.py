"""The audit log for administrators (superusers): the latest entries with filters, and exports."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from praxhub.audit import services as audit
from praxhub.audit.models import Action, Source
from praxhub.params import as_query
from praxhub.web.views.common import error_page, page_number

PAGE_SIZE = 50


def _refused(request: HttpRequest) -> HttpResponse | None:
    user = request.user
    if user.is_authenticated and user.is_active and user.is_superuser:
        return None
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return error_page(request, _("Not allowed"), _("Only administrators read the audit log."), 403)


@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    refused = _refused(request)
    if refused is not None:
        return refused
    try:
        filters = audit.parse_filters(request.GET)
        number = page_number(request, audit.AuditError)
    except audit.AuditError as exc:
        return error_page(request, _("Bad request"), str(exc), 400)
    rows, more = audit.page(filters, number, PAGE_SIZE)
    params = request.GET.copy()

    def link(page: int) -> str:
        params["page"] = str(page)
        return "?" + params.urlencode()

    query = as_query(filters)
    return render(request, "praxhub/audit/list.html", {
        "rows": rows, "filters": filters, "number": number,
        "previous": link(number - 1) if number > 1 else "", "next": link(number + 1) if more else "",
        "actions": Action.choices, "sources": Source.choices, "models": audit.model_choices(),
        "export_query": "?" + urlencode(query) if query else "",
    })


@require_safe
def audit_export(request: HttpRequest, kind: str) -> HttpResponseBase:
    refused = _refused(request)
    if refused is not None:
        return refused
    try:
        filters = audit.parse_filters(request.GET)
    except audit.AuditError as exc:
        return error_page(request, _("Bad request"), str(exc), 400)
    rows = audit.export(filters)
    response: StreamingHttpResponse
    if kind == "csv":
        response = StreamingHttpResponse(audit.csv_lines(rows), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(audit.jsonl_lines(rows), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="praxhub-audit.{kind}"'
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("audit", audit_log, name="audit"),
    path("audit/export.csv", audit_export, {"kind": "csv"}, name="audit-csv"),
    path("audit/export.jsonl", audit_export, {"kind": "jsonl"}, name="audit-jsonl"),
]
