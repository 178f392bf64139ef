"""Who may see what: every document, event, recommendation, practice and comment has an audience
(public, members, or named groups), and every query of those models is limited to what the
current viewer may see.

Safe by construction: the models' default managers apply the viewer's rule themselves, so a
list, a count, a facet, an export, a feed or an API answer built with the ORM cannot include a
restricted item by forgetting a filter. The viewer is set once per web request (middleware, from
the session or an API token) and is "everything" for the CLI, ingest and migrations, which act
for the operator. Raw SQL (search, facets, indicators) adds `Viewer.sql()` to its WHERE clause.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import models


class Audience(models.TextChoices):
    PUBLIC = "public", "everyone"
    MEMBERS = "members", "signed-in members"
    GROUPS = "groups", "named groups only"


@dataclass(frozen=True)
class Viewer:
    """The person (or process) a query answers to."""

    everything: bool = False  # the operator (CLI, ingest) and admins
    member: bool = False  # any signed-in, active account
    group_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def key(self) -> str:
        """Names what this viewer may see, for cache keys: two viewers with one key see the same
        (on a hub where nothing is restricted, everyone)."""
        if not any(restricted(model) for model in _restricted_models()):
            return "open"
        if self.everything:
            return "all"
        if not self.member:
            return "public"
        return "members" + "".join(f".{g}" for g in sorted(self.group_ids))

    def tokens(self) -> tuple[str, ...]:
        """The audience tokens this viewer may see (the search index's `audience` field)."""
        if not self.member:
            return (Audience.PUBLIC.value,)
        return (Audience.PUBLIC.value, Audience.MEMBERS.value, *(f"g{g}" for g in sorted(self.group_ids)))

    def q(self, model: type[models.Model], prefix: str = "") -> models.Q:
        """The ORM condition selecting the rows of `model` (reached through `prefix`, e.g.
        "event__") this viewer may see."""
        if self.everything:
            return models.Q()
        if not self.member:
            return models.Q(**{f"{prefix}audience": Audience.PUBLIC})
        condition = models.Q(**{f"{prefix}audience__in": (Audience.PUBLIC, Audience.MEMBERS)})
        if self.group_ids:
            through, own, _ = _through(model)
            allowed = through.objects.filter(group_id__in=self.group_ids).values(own)
            condition |= models.Q(**{f"{prefix}audience": Audience.GROUPS, f"{prefix}pk__in": allowed})
        return condition

    def sql(self, model: type[models.Model], alias: str) -> tuple[str, list[Any]]:
        """The same rule as `q`, as an SQL condition on `alias` (a row of `model`'s table)."""
        if not limits(self, model):
            return "1=1", []
        if not self.member:
            return f"{alias}.audience = %s", [Audience.PUBLIC.value]
        clause = f"{alias}.audience IN (%s, %s)"
        params: list[Any] = [Audience.PUBLIC.value, Audience.MEMBERS.value]
        if self.group_ids:
            through, own, group = _through(model)
            marks = ", ".join(["%s"] * len(self.group_ids))
            # Table and column names come from the models, never from input.
            clause = (f"({clause} OR ({alias}.audience = %s AND EXISTS (SELECT 1 "  # noqa: S608
                      f"FROM {through._meta.db_table} ag WHERE ag.{own} = {alias}.id AND ag.{group} IN ({marks}))))")
            params += [Audience.GROUPS.value, *sorted(self.group_ids)]
        return clause, params


@dataclass(frozen=True)
class Access:
    """Who may see a batch of items (`praxhub ingest --visibility`)."""

    audience: str = Audience.PUBLIC
    group_ids: tuple[int, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Access:
        """'public', 'members' or 'groups:NAME[,NAME...]' (the groups must exist)."""
        from django.contrib.auth.models import Group

        kind, _, names = text.strip().partition(":")
        kind = kind.strip().lower()
        if kind in (Audience.PUBLIC, Audience.MEMBERS) and not names:
            return cls(kind)
        if kind not in ("groups", "group"):
            raise ValueError(f"visibility: {text!r} is not 'public', 'members' or 'groups:NAME[,NAME...]'")
        wanted = [n.strip() for n in names.split(",") if n.strip()]
        if not wanted:
            raise ValueError("visibility: 'groups:' needs at least one group name")
        found = dict(Group.objects.filter(name__in=wanted).values_list("name", "pk"))
        missing = [n for n in wanted if n not in found]
        if missing:
            raise ValueError(f"visibility: there is no group named {missing[0]!r} (create it in /admin/ first)")
        return cls(Audience.GROUPS, tuple(sorted(found[n] for n in wanted)))


SYSTEM = Viewer(everything=True)
VISITOR = Viewer()

_current: contextvars.ContextVar[Viewer] = contextvars.ContextVar("praxhub_viewer", default=SYSTEM)
# Per viewing context: model label → whether any of its rows is not public (asked once per request).
_restricted: contextvars.ContextVar[dict[str, bool] | None] = contextvars.ContextVar("praxhub_restricted",
                                                                                     default=None)


def current() -> Viewer:
    """The viewer queries answer to now (the operator unless a request set someone else)."""
    return _current.get()


@contextmanager
def viewing_as(viewer: Viewer) -> Iterator[Viewer]:
    token, known = _current.set(viewer), _restricted.set({})
    try:
        yield viewer
    finally:
        _restricted.reset(known)
        _current.reset(token)


def restricted(model: type[models.Model]) -> bool:
    """Whether any row of `model` is not public. Most hubs are public through and through: then
    no query pays for the audience rule (one index probe per model and request decides)."""
    known = _restricted.get()
    label = model._meta.label
    if known is not None and label in known:
        return known[label]
    found = model._base_manager.filter(audience__in=(Audience.MEMBERS, Audience.GROUPS)).exists()
    if known is not None:
        known[label] = found
    return found


def limits(viewer: Viewer, model: type[models.Model]) -> bool:
    """Whether `viewer` must be kept from some rows of `model` now."""
    return not viewer.everything and restricted(model)


def for_user(user: Any) -> Viewer:
    """The viewer a (possibly anonymous) account is: admins see everything."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return VISITOR
    if user.is_superuser:
        return SYSTEM
    return Viewer(member=True, group_ids=frozenset(user.groups.values_list("pk", flat=True)))


def _through(model: type[models.Model]) -> tuple[Any, str, str]:
    """The audience groups' link table of `model`, its column for the item and for the group."""
    through = model._meta.get_field("audience_groups").remote_field.through  # type: ignore[union-attr]
    own = next(f.column for f in through._meta.fields
               if f.is_relation and f.related_model is model)
    return through, own, "group_id"


class ViewerManager(models.Manager):
    """Every query through it sees only what the current viewer may see."""

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        viewer = current()
        return queryset.filter(viewer.q(self.model)) if limits(viewer, self.model) else queryset


class BelongsToManager(models.Manager):
    """For rows that belong to restricted items (a document's mentions, a recommendation's
    follow-ups): they are seen only with every item they belong to. `paths` name those items
    ("document", "follow_up__recommendation"); a path ending in "?" may be empty (a link to a
    document, an event or a practice)."""

    paths: tuple[str, ...] = ()  # a class attribute: related managers are subclasses made without arguments

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        viewer = current()
        if viewer.everything:
            return queryset
        for raw in self.paths:
            path, optional = raw.rstrip("?"), raw.endswith("?")
            target = _model_at(self.model, path)
            if not restricted(target):
                continue
            condition = viewer.q(target, prefix=f"{path}__")
            if optional:
                condition |= models.Q(**{f"{path}__isnull": True})
            queryset = queryset.filter(condition)
        return queryset


def belongs_to(*paths: str) -> BelongsToManager:
    """A manager for rows that belong to the restricted items at `paths` (see BelongsToManager)."""
    return type("BelongsToManager", (BelongsToManager,), {"paths": paths, "__module__": __name__})()


def _restricted_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, Restricted)]


def same_audience(first: Restricted, second: Restricted) -> bool:
    return first.audience == second.audience and first.group_ids() == second.group_ids()


def copy_audience(source: Restricted, items: models.QuerySet) -> None:
    """Give `items` (rows of a Restricted model, any viewer's) the audience of `source`."""
    groups = source.group_ids()
    before = dict(items.values_list("pk", "audience"))
    items.update(audience=source.audience)
    through, own, _group = _through(items.model)
    through.objects.filter(**{f"{own}__in": items.values("pk")}).delete()
    if groups:
        through.objects.bulk_create(through(**{own: pk, "group_id": g})
                                    for pk in items.values_list("pk", flat=True) for g in groups)
    # An update in bulk sends no signals: the audit log gets one entry per item here.
    from praxhub.audit.services import Action, record

    for pk, audience in before.items():
        if audience == source.audience and not groups:
            continue  # nothing changed
        record(Action.UPDATE, items.model._meta.label, pk, f"{items.model._meta.verbose_name} #{pk}",
               before={"audience": audience}, after={"audience": source.audience, "audience_groups": groups},
               changed=["audience", "audience_groups"])


def _model_at(model: type[models.Model], path: str) -> type[models.Model]:
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model  # type: ignore[assignment]
    return model


class Restricted(models.Model):
    """An item with an audience. `objects` applies the current viewer's rule; `everything` does
    not, for the few places that must see all (the store, uniqueness checks, the admin's own
    audit), and says so where it is used."""

    audience = models.CharField("visible to", max_length=8, choices=Audience.choices, default=Audience.PUBLIC,
                                db_index=True)
    audience_groups = models.ManyToManyField("auth.Group", blank=True, related_name="+",
                                             help_text="With 'named groups only': the groups that may see it")

    objects: ClassVar[Any] = ViewerManager()
    everything: ClassVar[Any] = models.Manager()

    class Meta:
        abstract = True

    def group_ids(self) -> list[int]:
        """The groups the item is restricted to, in order (none unless its audience is 'groups')."""
        if self.audience != Audience.GROUPS:
            return []
        return sorted(self.audience_groups.values_list("pk", flat=True))

    def set_audience(self, audience: str, groups: Iterable[Any] = ()) -> None:
        """Set who may see the item (saved); named groups only with 'groups'."""
        groups = list(groups)
        if audience not in Audience.values:
            raise ValueError(f"visibility: {audience!r} is not one of {', '.join(Audience.values)}")
        if audience == Audience.GROUPS and not groups:
            raise ValueError("visibility: 'groups' needs at least one group")
        self.audience = audience
        self.save(update_fields=["audience"])
        self.audience_groups.set(groups if audience == Audience.GROUPS else [])
