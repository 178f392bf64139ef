"""Server-Timing: every response says how long the server spent on it (and on SQL), so
benchmarks and browsers' developer tools see server-side time without the network."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse


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
