from django.apps import AppConfig
from django.db.models.signals import post_migrate

CURATORS = "curators"
# What a curator may change: the extracted knowledge, never people's accounts.
CURATOR_PERMISSIONS = (
    ("events", "change_event"), ("events", "view_event"),
    ("recommendations", "change_recommendation"), ("recommendations", "view_recommendation"),
    ("organisations", "change_organisation"), ("organisations", "view_organisation"),
    ("organisations", "change_initiative"), ("organisations", "view_initiative"),
    ("documents", "view_document"),
)


def ensure_curators_group(**kwargs: object) -> None:
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=CURATORS)
    for app_label, codename in CURATOR_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            group.permissions.add(permission)


class AccountsConfig(AppConfig):
    name = "praxhub.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # After every migrate (permissions exist only then), so the group is always complete.
        post_migrate.connect(ensure_curators_group, sender=self)
