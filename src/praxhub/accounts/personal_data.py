"""A person's own data: the expert profile (only with recorded consent), an export of everything
the hub holds about an account, and the deletion of an account.

Deleting an account removes its personal data and keeps what the person contributed (comments,
practices, follow-ups), shown as by "former member": the user row stays, as an inactive account
with a neutral name and nothing else, so that contributions keep their author link without
pointing at a person. Every record of the accounts app that belongs to the account (expert
profile, second factor, API tokens...) is deleted with it, and so are its sessions. The audit log
records the deletion once, without the personal values.

Nothing here scores, ranks or profiles anyone: an export lists what the person wrote, as written.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from praxhub.accounts.models import ROLES, ExpertProfile
from praxhub.audit import context as audit_context
from praxhub.audit import services as audit
from praxhub.sanitise import plain_text

FORMER_MEMBER = "former member"
FORMER_PREFIX = "former-member-"
FORMAT = 1
MAX_LANGUAGES = 12
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_ROLE_CODES = tuple(code for code, _ in ROLES)


class PersonalDataError(ValueError):
    """A request praxhub cannot carry out; the message names the field."""


# --------------------------------------------------------------------------- "former member"


def is_former_member(user: Any) -> bool:
    """No account any more: a deleted user, or an account whose personal data was deleted."""
    return user is None or (not user.is_active and user.get_username().startswith(FORMER_PREFIX))


def member_name(user: Any, former: str = FORMER_MEMBER) -> str:
    """How an author is shown on pages and in the API."""
    return former if is_former_member(user) else user.get_username()


# --------------------------------------------------------------------------- expert profile


@dataclasses.dataclass
class ProfileInput:
    display_name: str
    role: str
    organisation: str = ""  # a directory organisation's slug, name or acronym
    country: str = ""
    themes: list[str] = dataclasses.field(default_factory=list)
    languages: list[str] = dataclasses.field(default_factory=list)
    about: str = ""
    listed: bool = True


def _organisation(text: str) -> Any:
    from praxhub.organisations.models import Organisation

    text = text.strip()
    if not text:
        return None
    found = (Organisation.objects.filter(merged_into__isnull=True)
             .filter(Q(slug=text) | Q(name__iexact=text) | Q(acronym__iexact=text)).order_by("id").first())
    if found is None:
        raise PersonalDataError(f"organisation: no organisation of the directory is called {text!r}")
    return found


def _check(data: ProfileInput) -> None:
    from praxhub.extract.model import THEMES

    if not data.display_name.strip():
        raise PersonalDataError("display_name: say how you want to be named")
    if len(data.display_name.strip()) > 120:
        raise PersonalDataError("display_name: at most 120 characters")
    if data.role not in _ROLE_CODES:
        raise PersonalDataError(f"role: {data.role!r} is not one of {', '.join(_ROLE_CODES)}")
    if data.country and not re.fullmatch(r"[A-Z]{2}", data.country):
        raise PersonalDataError(f"country: {data.country!r} is not a two-letter country code")
    for theme in data.themes:
        if theme not in THEMES:
            raise PersonalDataError(f"themes: {theme!r} is not a theme of the taxonomy")
    if len(data.languages) > MAX_LANGUAGES:
        raise PersonalDataError(f"languages: at most {MAX_LANGUAGES}")
    for language in data.languages:
        if not _LANGUAGE.match(language):
            raise PersonalDataError(f"languages: {language!r} is not a two-letter language code")
    if len(data.about) > 1000:
        raise PersonalDataError("about: at most 1000 characters")


def set_expert_profile(user: Any, data: ProfileInput, consent: bool) -> ExpertProfile:
    """Create or change the account's expert profile. Only with consent, recorded each time the
    profile is saved: there is no profile without it."""
    if not (user and user.is_authenticated and user.is_active):
        raise PersonalDataError("Sign in to keep an expert profile.")
    if not consent:
        raise PersonalDataError("consent: tick the box to consent to the hub keeping and showing your profile")
    _check(data)
    organisation = _organisation(data.organisation)
    profile = ExpertProfile.objects.filter(user=user).first() or ExpertProfile(user=user)
    profile.display_name = plain_text(data.display_name).strip()
    profile.role = data.role
    profile.organisation = organisation
    profile.country = data.country
    profile.themes = sorted(set(data.themes))
    profile.languages = list(dict.fromkeys(data.languages))
    profile.about = plain_text(data.about).strip()
    profile.listed = data.listed
    profile.consent_at = timezone.now()
    profile.save()
    return profile


def withdraw_consent(user: Any) -> bool:
    """Consent withdrawn: the profile is deleted. False when there was none."""
    deleted, _ = ExpertProfile.objects.filter(user=user).delete()
    return bool(deleted)


def profile_json(profile: ExpertProfile | None) -> dict[str, Any] | None:
    if profile is None:
        return None
    org = profile.organisation
    return {"display_name": profile.display_name, "role": profile.role,
            "organisation": {"slug": org.slug, "name": org.name} if org is not None else None,
            "country": profile.country, "themes": list(profile.themes or []),
            "languages": list(profile.languages or []), "about": profile.about, "listed": profile.listed,
            "consent_at": _iso(profile.consent_at), "created_at": _iso(profile.created_at),
            "updated_at": _iso(profile.updated_at)}


# --------------------------------------------------------------------------- what a person wrote


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def authored(user: Any) -> dict[str, models.QuerySet[Any]]:
    """What the account contributed, whoever may see it now (its own words, so all of them)."""
    from praxhub.discussion.models import Comment
    from praxhub.practices.models import Practice
    from praxhub.recommendations.models import EvidenceLink, FollowUp, FollowUpEntry

    return {
        "comments": Comment._base_manager.filter(author=user).select_related("practice").order_by("-created_at", "-id"),
        "practices": Practice._base_manager.filter(submitted_by=user).order_by("-updated_at", "-id"),
        "follow_ups": FollowUp._base_manager.filter(created_by=user).order_by("-created_at", "-id"),
        "follow_up_entries": FollowUpEntry._base_manager.filter(created_by=user).order_by("-created_at", "-id"),
        "evidence_links": EvidenceLink._base_manager.filter(created_by=user).order_by("-created_at", "-id"),
    }


def comment_target(comment: Any) -> dict[str, Any]:
    if comment.event_id:
        return {"type": "event", "id": comment.event_id, "url": f"/events/{comment.event_id}"}
    slug = comment.practice.slug if comment.practice is not None else ""
    return {"type": "practice", "slug": slug, "url": f"/practices/{slug}"}


def _authored_json(user: Any) -> dict[str, list[dict[str, Any]]]:
    found = authored(user)
    return {
        "comments": [{"id": c.pk, "text": c.text, "created_at": _iso(c.created_at), "visibility": c.visibility,
                      "on": comment_target(c)} for c in found["comments"]],
        "practices": [{"slug": p.slug, "title": p.title, "summary": p.summary, "status": p.status,
                       "approach": p.approach, "aims": p.aims, "methods": p.methods,
                       "lessons_learned": p.lessons_learned, "resources": p.resources, "contact": p.contact,
                       "created_at": _iso(p.created_at), "updated_at": _iso(p.updated_at),
                       "submitted_at": _iso(p.submitted_at), "published_at": _iso(p.published_at),
                       "url": f"/practices/{p.slug}"} for p in found["practices"]],
        "follow_ups": [{"id": f.pk, "recommendation": f.recommendation_id, "actor_name": f.actor_name,
                        "country": f.country, "status": f.status, "progress": f.progress,
                        "updated_on": _iso(f.updated_on), "created_at": _iso(f.created_at),
                        "url": f"/recommendations/{f.recommendation_id}"} for f in found["follow_ups"]],
        "follow_up_entries": [{"id": e.pk, "follow_up": e.follow_up_id, "date": _iso(e.date), "status": e.status,
                               "progress": e.progress, "note": e.note, "created_at": _iso(e.created_at)}
                              for e in found["follow_up_entries"]],
        "evidence_links": [{"id": link.pk, "follow_up": link.follow_up_id, "document": link.document_id,
                            "event": link.event_id, "practice": link.practice_id, "status": link.status,
                            "created_at": _iso(link.created_at)} for link in found["evidence_links"]],
    }


# --------------------------------------------------------------------------- the account's own records


def _own_relations(user: Any) -> list[Any]:
    """The reverse relations to the account from the accounts app's models (profile, second factor,
    API tokens...): these records are the person's own and go with the account."""
    return [rel for rel in user._meta.related_objects
            if rel.related_model._meta.app_label == "accounts" and not rel.many_to_many]


def _own_records(user: Any) -> dict[str, list[dict[str, Any]]]:
    """The accounts app's other records of the account (second factor, API tokens), without secrets."""
    out: dict[str, list[dict[str, Any]]] = {}
    for rel in _own_relations(user):
        model = rel.related_model
        if model is ExpertProfile:
            continue
        rows = []
        for obj in model._base_manager.filter(**{rel.field.name: user.pk}).order_by("pk"):
            rows.append({f.name: audit.field_value(obj, f) for f in model._meta.concrete_fields
                         if not audit.is_secret(f.name) and f.name != rel.field.name})
        out[model._meta.label] = rows
    return out


def export_user_data(user: Any) -> dict[str, Any]:
    """Everything the hub holds about the account, as JSON values."""
    profile = ExpertProfile.objects.select_related("organisation").filter(user=user).first()
    return {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "account": {
            "id": user.pk, "username": user.get_username(), "email": user.email, "first_name": user.first_name,
            "last_name": user.last_name, "date_joined": _iso(user.date_joined), "last_login": _iso(user.last_login),
            "is_active": user.is_active, "is_staff": user.is_staff, "is_superuser": user.is_superuser,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "expert_profile": profile_json(profile),
        "account_records": _own_records(user),
        **_authored_json(user),
    }


# --------------------------------------------------------------------------- deletion


def _neutral_username(model: type[models.Model]) -> str:
    while True:
        name = f"{FORMER_PREFIX}{secrets.token_hex(6)}"
        if not model._base_manager.filter(username=name).exists():
            return name


def _delete_sessions(user_id: Any) -> int:
    if "django.contrib.sessions" not in settings.INSTALLED_APPS or settings.SESSION_ENGINE not in (
            "django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"):
        return 0  # sessions elsewhere end anyway: the account can no longer sign in
    from django.contrib.sessions.models import Session

    ids = [s.pk for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=1000)
           if s.get_decoded().get("_auth_user_id") == str(user_id)]
    Session.objects.filter(pk__in=ids).delete()
    return len(ids)


def delete_account(user: Any) -> str:
    """Remove the account's personal data; returns its new, neutral name. `user` is changed in place
    (a view's request.user then shows the neutral name too)."""
    from django.contrib.auth import get_user_model

    fields = ["username", "first_name", "last_name", "email", "password", "is_active", "is_staff", "is_superuser"]
    with transaction.atomic():
        with audit_context.quiet():  # one entry below, without the personal values
            removed: list[str] = []
            for rel in _own_relations(user):
                deleted, _ = rel.related_model._base_manager.filter(**{rel.field.name: user.pk}).delete()
                if deleted:
                    removed.append(rel.get_accessor_name() or rel.related_model._meta.model_name)
            for name in ("groups", "user_permissions"):
                if getattr(user, name).exists():
                    removed.append(name)
                    getattr(user, name).clear()
            neutral = _neutral_username(get_user_model())
            user.username = neutral
            user.first_name = user.last_name = user.email = ""
            user.set_unusable_password()
            user.is_active = user.is_staff = user.is_superuser = False
            user.last_login = None
            user.save()
            sessions = _delete_sessions(user.pk)
            kept = {name: queryset.count() for name, queryset in authored(user).items()}
        audit.record(audit.Action.DELETE, get_user_model()(pk=user.pk, username=neutral), object_repr_=neutral,
                     before=dict.fromkeys([*fields, *removed], audit.REDACTED),
                     after={"username": neutral, "is_active": False, "sessions_ended": sessions, "kept": kept},
                     changed=[*fields, *removed])
    return neutral
