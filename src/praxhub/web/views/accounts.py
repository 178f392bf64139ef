"""Accounts: sign in (password, then a one-time code for people who set one up), sign out, password
reset by e-mail, and the account security page where a person sets up or turns off the second factor.

Guessing is limited (praxhub.accounts.ratelimit): failed passwords, failed codes and reset requests
are counted per user name (or e-mail address) and per client address, and refused with 429 beyond
the limit. Answers never tell whether an account exists: a wrong password and an unknown name get
the same message, and a reset request always gets the same "sent if it exists" page.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from praxhub.accounts import ratelimit, totp
from praxhub.accounts.services import is_privileged

TEMPLATES = "praxhub/accounts/"
# The session key of a sign-in waiting for its one-time code: the user's id, the backend that checked
# the password, where to go next, and until when the password step counts.
PENDING = "praxhub_pending_sign_in"
PENDING_SECONDS = 5 * 60


def _too_many(request: HttpRequest, template: str, context: dict[str, Any] | None = None) -> HttpResponse:
    minutes = max(1, settings.PRAXHUB_LOGIN_WINDOW_SECONDS // 60)
    return render(request, TEMPLATES + template, {
        **(context or {}),
        "locked": _("Too many failed attempts. Please wait %(minutes)d minutes and try again.") % {"minutes": minutes},
    }, status=429)


class SignInView(auth_views.LoginView):
    template_name = TEMPLATES + "login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if ratelimit.PASSWORD.blocked(request, request.POST.get("username", "")):
            return _too_many(request, "login.html", self.get_context_data(form=self.get_form()))
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        ratelimit.PASSWORD.record(self.request, self.request.POST.get("username", ""))
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        ratelimit.PASSWORD.clear(self.request, self.request.POST.get("username", ""))
        if totp.has_confirmed_device(user):
            # Not signed in yet: only the code step can finish this sign-in.
            self.request.session[PENDING] = {
                "user": str(user.pk), "backend": user.backend, "next": self.get_success_url(),
                "until": time.time() + PENDING_SECONDS,
            }
            return redirect("login-code")
        return super().form_valid(form)


def _pending(request: HttpRequest) -> tuple[Any, dict[str, Any]] | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or pending.get("until", 0) < time.time():
        request.session.pop(PENDING, None)
        return None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        return None
    return user, pending


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The second step of a sign-in: a current code from the person's authenticator app."""
    found = _pending(request)
    if found is None:
        messages.error(request, _("Please sign in again."))
        return redirect("login")
    user, pending = found
    if request.method != "POST":
        return render(request, TEMPLATES + "login_code.html")
    if ratelimit.ONE_TIME_CODE.blocked(request, user.get_username()):
        return _too_many(request, "login_code.html")
    device = totp.device_for(user)
    if device is not None and device.confirmed and not totp.verify(device, request.POST.get("code", "")):
        ratelimit.ONE_TIME_CODE.record(request, user.get_username())
        return render(request, TEMPLATES + "login_code.html",
                      {"error": _("That code is not valid. Please enter the current code from your app.")})
    # The code is right (or an admin removed the device meanwhile: the password was checked).
    request.session.pop(PENDING, None)
    ratelimit.ONE_TIME_CODE.clear(request, user.get_username())
    login(request, user, backend=pending["backend"])
    return redirect(pending["next"])


def _safe_next(request: HttpRequest, raw: str) -> str:
    if raw and url_has_allowed_host_and_scheme(raw, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return raw
    return ""


def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def security(request: HttpRequest) -> HttpResponseBase:
    """Set up, confirm or turn off the second factor."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request.user
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    required = settings.PRAXHUB_REQUIRE_2FA and is_privileged(user)
    device = totp.start(user)
    context: dict[str, Any] = {"required": required, "next": next_url}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        code = request.POST.get("code", "")
        if ratelimit.ONE_TIME_CODE.blocked(request, user.get_username()):
            return _too_many(request, "security.html", {**context, **_device_context(device)})
        if action == "restart" and not device.confirmed:
            totp.turn_off(device)
            return redirect(_security_url(next_url))
        if action == "confirm" and not device.confirmed:
            if totp.confirm(device, code):
                messages.success(request, _("Two-step sign-in is on. You will be asked for a code when you sign in."))
                return redirect(next_url or "account-security")
            ratelimit.ONE_TIME_CODE.record(request, user.get_username())
            context["error"] = _("That code is not valid. Please enter the current code from your app.")
            status = 400
        elif action == "disable" and device.confirmed:
            if required:
                context["error"] = _("Two-step sign-in is required for curators and administrators.")
                status = 400
            elif totp.verify(device, code):
                totp.turn_off(device)
                messages.success(request, _("Two-step sign-in is off."))
                return redirect("account-security")
            else:
                ratelimit.ONE_TIME_CODE.record(request, user.get_username())
                context["error"] = _("That code is not valid. Please enter the current code from your app.")
                status = 400
        else:
            return redirect("account-security")
    return render(request, TEMPLATES + "security.html", {**context, **_device_context(device)}, status=status)


def _security_url(next_url: str = "") -> str:
    return f"{reverse('account-security')}?{urlencode({'next': next_url})}" if next_url else reverse("account-security")


def _device_context(device: Any) -> dict[str, Any]:
    context: dict[str, Any] = {"device": device}
    if not device.confirmed:
        context["secret"] = _grouped(device.secret)
        context["uri"] = totp.provisioning_uri(device)
    return context


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset (the same answer whether or not the address has an account), with a limit on
    requests per address and per e-mail address, so it cannot be used to flood an inbox."""

    template_name = TEMPLATES + "password_reset_form.html"
    email_template_name = TEMPLATES + "password_reset_email.txt"
    subject_template_name = TEMPLATES + "password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        email = request.POST.get("email", "")
        if ratelimit.PASSWORD_RESET.blocked(request, email):
            return _too_many(request, "password_reset_form.html", self.get_context_data(form=self.get_form()))
        ratelimit.PASSWORD_RESET.record(request, email)
        return super().post(request, *args, **kwargs)


@require_safe
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin site signs in through the hub's own sign-in (rate limit and second factor), never
    through its own form."""
    target = reverse("login")
    next_url = _safe_next(request, request.GET.get("next", "")) or reverse("admin:index")
    return redirect(f"{target}?{urlencode({'next': next_url})}")


urlpatterns = [
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/login/code/", sign_in_code, name="login-code"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/security/", security, name="account-security"),
    path("accounts/password-reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/",
         auth_views.PasswordResetDoneView.as_view(template_name=TEMPLATES + "password_reset_done.html"),
         name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/",
         auth_views.PasswordResetConfirmView.as_view(template_name=TEMPLATES + "password_reset_confirm.html",
                                                     success_url=reverse_lazy("password_reset_complete")),
         name="password_reset_confirm"),
    path("accounts/reset/done/",
         auth_views.PasswordResetCompleteView.as_view(template_name=TEMPLATES + "password_reset_complete.html"),
         name="password_reset_complete"),
]
