"""Web requests write as their user: the request is kept in the audit context for the time of
the request (its user is read when an entry is written, after any authentication in the view)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from praxhub.audit import context


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = "api" if request.path_info.startswith("/api/") else "web"
        with context.acting(context.Origin(source=source, label=source, request=request,
                                           request_id=uuid.uuid4().hex)):
            return self.get_response(request)
