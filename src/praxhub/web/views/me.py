"""A signed-in person's own data: what the hub holds about them, their expert profile (only with
consent), an export of all of it, and the deletion of their account. The rules are in
praxhub.accounts.personal_data; these views only ask and show."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from praxhub.accounts import personal_data
from praxhub.accounts.models import ROLES, ExpertProfile

TEMPLATES = "praxhub/accounts/"
LISTED = 200  # items of each kind shown on the page (the export has all of them)


def _theme_choices() -> list[tuple[str, str]]:
    from praxhub.events.services import THEME_LABELS
    from praxhub.extract.model import THEMES

    return [(t, str(THEME_LABELS[t])) for t in THEMES]


def _country_choices() -> list[tuple[str, str]]:
    from praxhub.practices.forms import COUNTRY_CHOICES

    return [("", "—"), *COUNTRY_CHOICES]


class ExpertProfileForm(forms.Form):
    display_name = forms.CharField(label=gettext_lazy("Name shown"), max_length=120)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=ROLES)
    organisation = forms.CharField(label=gettext_lazy("Organisation"), max_length=300, required=False,
                                   help_text=gettext_lazy("The name, acronym or address name (slug) of an "
                                                          "organisation in the directory."))
    country = forms.ChoiceField(label=gettext_lazy("Country"), choices=_country_choices, required=False)
    themes = forms.MultipleChoiceField(label=gettext_lazy("Themes"), choices=_theme_choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    languages = forms.CharField(label=gettext_lazy("Languages"), max_length=60, required=False,
                                help_text=gettext_lazy("Two-letter codes separated by commas, e.g. en, fr."))
    about = forms.CharField(label=gettext_lazy("About your expertise"), max_length=1000, required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))
    listed = forms.BooleanField(label=gettext_lazy("Show my profile in the experts directory"), required=False,
                                initial=True)
    consent = forms.BooleanField(
        label=gettext_lazy("I consent to praxhub keeping this profile and, while it is listed, showing it to "
                           "everyone. I can change or delete it at any time."),
        error_messages={"required": gettext_lazy("Tick this box: there is no expert profile without your "
                                                 "consent.")})

    @classmethod
    def initial_from(cls, profile: ExpertProfile | None) -> dict[str, Any]:
        if profile is None:
            return {"listed": True}
        org = profile.organisation
        return {"display_name": profile.display_name, "role": profile.role, "organisation": org.name if org else "",
                "country": profile.country, "themes": list(profile.themes or []),
                "languages": ", ".join(profile.languages or []), "about": profile.about, "listed": profile.listed}

    def to_input(self) -> personal_data.ProfileInput:
        d = self.cleaned_data
        languages = [code.strip().lower() for code in d["languages"].replace(";", ",").split(",") if code.strip()]
        return personal_data.ProfileInput(
            display_name=d["display_name"], role=d["role"], organisation=d["organisation"], country=d["country"],
            themes=list(d["themes"]), languages=languages, about=d["about"], listed=d["listed"])


def _profile(user: Any) -> ExpertProfile | None:
    return ExpertProfile.objects.select_related("organisation").filter(user=user).first()


@require_safe
def me(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = personal_data.authored(request.user)
    return render(request, TEMPLATES + "me.html", {
        "groups": sorted(request.user.groups.values_list("name", flat=True)),
        "profile": _profile(request.user),
        "authored": {name: list(queryset[:LISTED]) for name, queryset in found.items()},
        "counts": {name: queryset.count() for name, queryset in found.items()},
    })


@require_http_methods(["GET", "HEAD", "POST"])
def me_profile(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    profile = _profile(request.user)
    form = ExpertProfileForm(request.POST or None, initial=ExpertProfileForm.initial_from(profile))
    if request.method == "POST" and form.is_valid():
        try:
            personal_data.set_expert_profile(request.user, form.to_input(), consent=form.cleaned_data["consent"])
        except personal_data.PersonalDataError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your expert profile is saved."))
            return redirect("me")
    return render(request, TEMPLATES + "profile_form.html", {"form": form, "profile": profile},
                  status=400 if request.method == "POST" else 200)


@require_POST
def me_profile_withdraw(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login("/accounts/me/")
    if personal_data.withdraw_consent(request.user):
        messages.success(request, _("Your consent is withdrawn and your expert profile is deleted."))
    return redirect("me")


@require_safe
def me_export(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    data = personal_data.export_user_data(request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="praxhub-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def me_delete(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    error = ""
    if request.method == "POST":
        if request.user.check_password(request.POST.get("password", "")):
            personal_data.delete_account(request.user)
            logout(request)
            messages.success(request, _("Your account is deleted. What you wrote stays, by \u201cformer member\u201d."))
            return redirect("home")
        error = _("password: this is not your password")
    return render(request, TEMPLATES + "delete.html", {"error": error}, status=400 if error else 200)


urlpatterns = [
    path("accounts/me/", me, name="me"),
    path("accounts/me/profile", me_profile, name="me-profile"),
    path("accounts/me/profile/withdraw", me_profile_withdraw, name="me-profile-withdraw"),
    path("accounts/me/export.json", me_export, name="me-export"),
    path("accounts/me/delete", me_delete, name="me-delete"),
]
