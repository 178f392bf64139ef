"""Who may do what (the full roles and visibility rules come with the accounts issue)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from praxhub.accounts.apps import CURATORS, ensure_curators_group


def is_curator(user: Any) -> bool:
    """Curators confirm, edit, reject and merge extracted items."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("events.change_event"))


def create_user(username: str, password: str, email: str = "", curator: bool = False, admin: bool = False) -> Any:
    user_model = get_user_model()
    if admin:
        user = user_model.objects.create_superuser(username=username, email=email, password=password)
    else:
        user = user_model.objects.create_user(username=username, email=email, password=password)
    if curator:
        ensure_curators_group()
        user.groups.add(Group.objects.get(name=CURATORS))
    return user


def is_privileged(user: Any) -> bool:
    """Curators and admins (staff, superusers): the accounts PRAXHUB_REQUIRE_2FA applies to."""
    return is_curator(user) or bool(user and user.is_authenticated and user.is_active
                                    and (user.is_staff or user.is_superuser))
