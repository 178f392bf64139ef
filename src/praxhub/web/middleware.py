"""Server-Timing: every response says how long the server spent on it (and on SQL), so
benchmarks and browsers' developer tools see server-side time without the network. Security headers
on every response, and the PRAXHUB_REQUIRE_2FA rule for curators and admins."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


class ServerTimingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sql = {"count": 0, "seconds": 0.0}

        def timed(execute: Callable[..., Any], query: str, params: Any, many: bool, context: Any) -> Any:
            started = time.perf_counter()
            try:
                return execute(query, params, many, context)
            finally:
                sql["count"] += 1
                sql["seconds"] += time.perf_counter() - started

        started = time.perf_counter()
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        total_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = (
            f'app;dur={total_ms:.1f}, sql;dur={sql["seconds"] * 1000:.1f};desc="{sql["count"]} queries"'
        )
        return response


# Everything the pages load comes from the hub itself: no inline script (JSON-LD data blocks are not
# executed), no inline style, no plug-ins, no framing. Inline SVG needs nothing; data: images are
# what Swagger UI's stylesheet uses for its icons.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
))
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb",
))
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeadersMiddleware:
    """The security headers on every response: pages, the API, static files and error pages. A view
    that sets one of them itself keeps its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


# Where a curator or admin without a second factor may still go under PRAXHUB_REQUIRE_2FA.
SET_UP_ALLOWED = frozenset({"account-security", "logout", "login", "login-code", "set_language", "healthz"})


class RequireTwoFactorMiddleware:
    """With PRAXHUB_REQUIRE_2FA on, a signed-in curator or admin who has not set up a second factor
    is sent to the account security page from every page (the curator pages, /admin/ and the API
    included) until they have; members are not affected."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        if not settings.PRAXHUB_REQUIRE_2FA or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SET_UP_ALLOWED:
            return None
        from praxhub.accounts import totp
        from praxhub.accounts.services import is_privileged

        if not is_privileged(request.user) or totp.has_confirmed_device(request.user):
            return None
        message = "Set up two-step sign-in first: curators and admins must use it."
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        target = f"{reverse('account-security')}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
