"""Who is asking: the session's account, or the owner of an API token, becomes the viewer every
query of the request answers to (accounts.audience)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse

from praxhub.accounts import audience, tokens

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AccessMiddleware:
    """After Django's AuthenticationMiddleware. A request with `Authorization: Bearer <token>` acts
    as the token's owner (no session, no cookie, so no CSRF token either); a write through a
    read-only token is refused here, before any view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.api_token = None  # type: ignore[attr-defined]
        scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
        # Only Bearer tokens are praxhub's (a proxy's Basic auth passes through), and only for the
        # API: a token cannot act on the pages, where it could make more tokens or use the admin.
        if scheme.lower() == "bearer" and request.path_info.startswith("/api/"):
            token = tokens.authenticate(secret.strip())
            if token is None:
                return JsonResponse({"detail": "Authorization: the token is unknown, revoked or malformed"},
                                    status=401, headers={"WWW-Authenticate": 'Bearer realm="praxhub"'})
            if request.method not in SAFE_METHODS and token.scope != tokens.Scope.WRITE:
                return JsonResponse({"detail": "Authorization: this token may only read"}, status=403)
            request.user = token.user
            request.api_token = token  # type: ignore[attr-defined]
            # Token requests carry no cookie a third-party page could ride on: CSRF does not apply.
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        viewer = audience.for_user(getattr(request, "user", None))
        with audience.viewing_as(viewer):
            response = self.get_response(request)
        if response.streaming and not isinstance(response, FileResponse):
            # A streamed body is produced after this returns: produce it as the same viewer (a file
            # needs no queries, and keeps its sendfile).
            response.streaming_content = _as_viewer(viewer, response.streaming_content)  # type: ignore[attr-defined]
        return response


def _as_viewer(viewer: audience.Viewer, chunks: Iterable[Any]) -> Iterator[Any]:
    with audience.viewing_as(viewer):
        yield from chunks
