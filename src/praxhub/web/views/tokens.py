"""A signed-in member's API tokens: create one (its secret is shown once), see when each was last
used, revoke one. The rules are in praxhub.accounts.tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from praxhub.accounts import tokens
from praxhub.accounts.tokens import ApiToken, Scope

MAX_ACTIVE = 20  # tokens one person may hold at once


def _owner(request: HttpRequest) -> int:
    return int(request.user.pk or 0)  # login_required: always a signed-in account here


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    secret, error = "", ""
    if request.method == "POST":
        if ApiToken.objects.filter(user_id=_owner(request), revoked_at__isnull=True).count() >= MAX_ACTIVE:
            error = _("You hold %(n)d active tokens already: revoke one first.") % {"n": MAX_ACTIVE}
        else:
            try:
                _token, secret = tokens.issue(request.user, request.POST.get("name", ""),
                                              request.POST.get("scope", Scope.READ))
            except ValueError as exc:
                error = str(exc)
    context = {"tokens": ApiToken.objects.filter(user_id=_owner(request)), "secret": secret, "error": error,
               "scopes": Scope.choices}
    # The secret is in this response only: never cached, never shown again.
    response = render(request, "praxhub/accounts/tokens.html", context, status=400 if error else 200)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=token_id, user_id=_owner(request)).first()
    if token is None:  # someone else's token is as unknown as a missing one
        raise Http404(_("No such token."))
    tokens.revoke(token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api-tokens")


urlpatterns = [
    path("accounts/tokens/", token_list, name="api-tokens"),
    path("accounts/tokens/<int:token_id>/revoke", token_revoke, name="api-token-revoke"),
]
