"""What several areas' views share: the error page, the page number, links to the neighbouring pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def error_page(request: HttpRequest, title: str, message: str, status: int) -> HttpResponse:
    """The one-line explanation of a refused request, with its status."""
    return render(request, "praxhub/error.html", {"title": title, "message": message}, status=status)


def page_number(request: HttpRequest, error: type[Exception]) -> int:
    """The `page` parameter (1 when absent); `error` names the field when it is not a number."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit():
        raise error(f"page: {raw!r} is not a page number")
    return int(raw)


def page_links(request: HttpRequest, page: int, pages: int) -> tuple[str, str]:
    """The previous and next pages' addresses, every other parameter kept ("" at either end)."""
    params = request.GET.copy()

    def link(number: int) -> str:
        params["page"] = str(number)
        return "?" + params.urlencode()

    return (link(page - 1) if page > 1 else "", link(page + 1) if page < pages else "")
