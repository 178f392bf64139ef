"""Recording, listing and exporting audit entries.

What is recorded, generically through Django's signals (one entry per saved or deleted row, and
one per change of a many-to-many relation, in the same transaction as the write):

* every model of the praxhub apps, and django.contrib.auth's users and groups;
* except the audit app itself, the search app (its tables are indexes kept by triggers) and
  DERIVED models, which are rebuilt from the documents on every ingest;
* an update records only the fields that changed (before and after); a save that changes nothing
  but automatic fields (OMITTED, or not editable: timestamps, folded names) records nothing;
* SECRET fields (passwords, TOTP secrets, token hashes, keys...) and PERSONAL fields (a person's
  e-mail and names, an expert profile's contents) are never stored: the entry names the field
  and says "[redacted]".

Bulk writes record one summary entry instead of one per row: an ingested document (with the
counts of what was extracted from it) and a deleted account. They run their rows inside
`context.quiet()` and call `record(...)` themselves. QuerySet.update() and bulk_create() send no
signals; the services that use them on audited data record what they did explicitly.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import decimal
import io
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from praxhub.audit import context
from praxhub.audit.models import Action, AuditEntry
from praxhub.encodings import csv_cell

# --------------------------------------------------------------------------- what is recorded

ALSO_AUDITED = (settings.AUTH_USER_MODEL, "auth.Group")
SKIPPED_APPS = frozenset({"audit", "search"})
# Rebuilt from the documents' text on every ingest (or bookkeeping of the ingest itself); a
# practice's tags are recorded with the practice (practices.services.save).
DERIVED = frozenset({
    "documents.DocumentSource", "documents.DocumentCountry", "documents.DocumentTheme", "organisations.Mention",
    "practices.PracticeTag",
})
# Too bulky to copy into every entry (text_sha256 records a change of text), or written on every
# sign-in or use (a record of each person's sign-ins would be a profile of them).
OMITTED = {
    "documents.Document": frozenset({"text", "pages"}),
    "auth.User": frozenset({"last_login"}),
    "accounts.TOTPDevice": frozenset({"last_step"}),
    "accounts.ApiToken": frozenset({"last_used_at"}),
}
PERSONAL = {
    "auth.User": frozenset({"email", "first_name", "last_name"}),
    "accounts.ExpertProfile": frozenset({"display_name", "about", "role", "organisation", "country", "themes",
                                         "languages"}),
}
# A field whose name has one of these words (between underscores) is a secret, in every model.
SECRET_WORDS = frozenset({"password", "secret", "token", "hash", "key", "otp", "totp", "salt", "seed", "nonce",
                          "credential", "credentials", "recovery"})
SECRET_NAMES = frozenset({"backup_codes", "recovery_codes"})
REDACTED = "[redacted]"
MAX_REPR = 200
MAX_RELATED_NAMES = 200  # many-to-many members named in one entry


def is_secret(field_name: str) -> bool:
    name = field_name.lower()
    return name in SECRET_NAMES or bool(SECRET_WORDS & set(name.split("_")))


def is_redacted(label: str, field_name: str) -> bool:
    return is_secret(field_name) or field_name in PERSONAL.get(label, ())


def is_audited(model: type[models.Model]) -> bool:
    meta = model._meta
    if meta.label in ALSO_AUDITED:
        return True
    return (meta.app_config is not None and meta.app_config.name.startswith("praxhub.")
            and meta.app_label not in SKIPPED_APPS and meta.label not in DERIVED
            and not meta.abstract and not meta.proxy)


def audited_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if is_audited(model)]


_FIELDS: dict[type[models.Model], list[models.Field]] = {}


def _fields(model: type[models.Model]) -> list[models.Field]:
    """The fields an entry shows: concrete, editable, not omitted (primary key aside)."""
    found = _FIELDS.get(model)
    if found is None:
        omitted = OMITTED.get(model._meta.label, frozenset())
        found = [f for f in model._meta.concrete_fields
                 if not f.primary_key and f.editable and f.name not in omitted]
        _FIELDS[model] = found
    return found


# --------------------------------------------------------------------------- values


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | dt.timedelta):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return f"[{len(value)} bytes]"
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return str(value)


def field_value(instance: models.Model, field: models.Field) -> Any:
    return _jsonable(field.value_from_object(instance))


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The instance's shown fields, as JSON values (not yet redacted); fields it was loaded
    without are left out rather than read one query each."""
    deferred = instance.get_deferred_fields()
    return {f.name: _jsonable(f.value_from_object(instance)) for f in _fields(type(instance))
            if f.attname not in deferred}


def _stored(model: type[models.Model], pk: Any, using: str) -> dict[str, Any] | None:
    fields = _fields(model)
    row = model._base_manager.using(using).filter(pk=pk).values(*(f.attname for f in fields)).first()
    if row is None:
        return None
    return {f.name: _jsonable(row[f.attname]) for f in fields}


def redact(label: str, values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {name: REDACTED if is_redacted(label, name) else value for name, value in values.items()}


def object_repr(instance: models.Model) -> str:
    label = instance._meta.label
    if label in PERSONAL and label not in ALSO_AUDITED:
        return f"{instance._meta.verbose_name} #{instance.pk}"
    try:
        return str(instance)[:MAX_REPR]
    except Exception:  # a __str__ that needs a related row already gone
        return f"{instance._meta.verbose_name} #{instance.pk}"


# --------------------------------------------------------------------------- recording


def _actor(origin: context.Origin) -> tuple[int | None, str]:
    if origin.request is not None:
        user = getattr(origin.request, "user", None)
        if user is not None and user.is_authenticated:
            return user.pk, user.get_username()
        return None, "anonymous"
    return None, origin.label


def record(action: str, target: models.Model | str, object_id: Any = None, object_repr_: str = "",
           before: Mapping[str, Any] | None = None, after: Mapping[str, Any] | None = None,
           changed: Iterable[str] | None = None) -> AuditEntry:
    """Write one entry, attributed to the current origin (see context). `target` is the written
    instance or a model label; values of secret and personal fields are redacted here."""
    if action not in Action.values:
        raise ValueError(f"action: {action!r} is not one of {', '.join(Action.values)}")
    if isinstance(target, models.Model):
        label = target._meta.label
        object_id = target.pk if object_id is None else object_id
        object_repr_ = object_repr_ or object_repr(target)
    else:
        label = target
    origin = context.current()
    actor_id, actor_label = _actor(origin)
    if changed is None:
        changed = sorted({*(before or {}), *(after or {})})
    return AuditEntry.objects.create(
        actor_id=actor_id, actor_label=actor_label[:150], action=action, model=label,
        object_id="" if object_id is None else str(object_id)[:64], object_repr=object_repr_[:MAX_REPR],
        before=_jsonable(redact(label, before)), after=_jsonable(redact(label, after)), changed=list(changed),
        source=origin.source, request_id=origin.request_id[:32],
    )


def record_tags(instance: models.Model, before: list[str], after: list[str]) -> AuditEntry | None:
    """A change of the tags kept in their own rows (written in bulk, so without signals)."""
    if context.is_quiet() or before == after:
        return None
    return record(Action.UPDATE, instance, before={"tags": before}, after={"tags": after}, changed=["tags"])


def _pre_save(sender: type[models.Model], instance: models.Model, raw: bool = False, using: str = "default",
              **kwargs: Any) -> None:
    if raw or context.is_quiet():
        return
    previous = None if instance._state.adding or instance.pk is None else _stored(sender, instance.pk, using)
    instance.__dict__["_audit_before"] = previous


def _post_save(sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False,
               **kwargs: Any) -> None:
    if raw or context.is_quiet():
        return
    before = instance.__dict__.pop("_audit_before", None)
    after = snapshot(instance)
    if created:
        record(Action.CREATE, instance, after=after, changed=sorted(after))
        return
    if before is None:  # the previous state is unknown (the row appeared meanwhile)
        record(Action.UPDATE, instance, after=after, changed=sorted(after))
        return
    changed = [name for name, value in after.items() if before.get(name) != value]
    if changed:
        record(Action.UPDATE, instance, before={n: before.get(n) for n in changed},
               after={n: after[n] for n in changed}, changed=changed)


def _post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if context.is_quiet():
        return
    before = snapshot(instance)
    record(Action.DELETE, instance, before=before, changed=[])


_THROUGH: dict[type[models.Model], models.ManyToManyField] = {}


def _m2m_changed(sender: type[models.Model], instance: models.Model, action: str, reverse: bool,
                 model: type[models.Model], pk_set: set[Any] | None, **kwargs: Any) -> None:
    if context.is_quiet() or instance.pk is None:
        return
    field = _THROUGH.get(sender)
    if field is None:
        return
    name = field.remote_field.get_accessor_name() if reverse else field.name
    if name is None:
        return
    pending = instance.__dict__.setdefault("_audit_m2m", {})
    if action.startswith("pre_"):
        pending[name] = set(getattr(instance, name).values_list("pk", flat=True))
        return
    old = pending.pop(name, None)
    if old is None:
        return
    pks = set(pk_set or ())
    new = old | pks if action == "post_add" else old - pks if action == "post_remove" else set()
    if new == old:
        return
    members = old | new
    names = ({obj.pk: str(obj) for obj in model._base_manager.filter(pk__in=members)}
             if len(members) <= MAX_RELATED_NAMES else {})

    def shown(pks: set[Any]) -> list[Any]:
        return sorted((names.get(pk, pk) for pk in pks), key=str)

    record(Action.UPDATE, instance, before={name: shown(old)}, after={name: shown(new)}, changed=[name])


def connect() -> None:
    """Connect the receivers to each audited model (never to every sender: a receiver for all
    models would stop Django's fast deletes of derived rows)."""
    for model in audited_models():
        uid = f"praxhub.audit:{model._meta.label}"
        pre_save.connect(_pre_save, sender=model, dispatch_uid=uid)
        post_save.connect(_post_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_post_delete, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if isinstance(through, type):
                _THROUGH[through] = field
                m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"{uid}.{field.name}")


# --------------------------------------------------------------------------- listing and export


class AuditError(ValueError):
    """A bad filter; the message names the field."""


@dataclasses.dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    model: str = ""
    actor: str = ""
    object_id: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def parse_date(value: str, name: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise AuditError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_filters(params: Mapping[str, Any]) -> AuditFilters:
    def text(name: str, limit: int) -> str:
        value = str(params.get(name) or "").strip()
        if len(value) > limit:
            raise AuditError(f"{name}: at most {limit} characters")
        return value

    action = text("action", 10)
    if action and action not in Action.values:
        raise AuditError(f"action: {action!r} is not one of {', '.join(Action.values)}")
    filters = AuditFilters(action=action, model=text("model", 100), actor=text("actor", 150),
                           object_id=text("object_id", 64), since=parse_date(text("since", 10), "since"),
                           until=parse_date(text("until", 10), "until"))
    if filters.since and filters.until and filters.until < filters.since:
        raise AuditError("until: before since")
    return filters


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def entries(filters: AuditFilters) -> models.QuerySet[AuditEntry]:
    queryset = AuditEntry.objects.all()
    if filters.action:
        queryset = queryset.filter(action=filters.action)
    if filters.model:
        queryset = queryset.filter(model=filters.model)
    if filters.actor:
        queryset = queryset.filter(actor_label=filters.actor)
    if filters.object_id:
        queryset = queryset.filter(object_id=filters.object_id)
    if filters.since:
        queryset = queryset.filter(at__gte=_start_of(filters.since))
    if filters.until:
        queryset = queryset.filter(at__lt=_start_of(filters.until + dt.timedelta(days=1)))
    return queryset.order_by("-at", "-id")


def page(filters: AuditFilters, number: int, size: int = 50) -> tuple[list[AuditEntry], bool]:
    """One page of entries, newest first, and whether there is a next one (no count of a table
    that only grows)."""
    offset = (max(number, 1) - 1) * size
    rows = list(entries(filters)[offset:offset + size + 1])
    return rows[:size], len(rows) > size


def model_choices() -> list[str]:
    return sorted({m._meta.label for m in audited_models()})


EXPORT_COLUMNS = ("id", "at", "actor", "actor_id", "action", "model", "object_id", "object_repr", "changed",
                  "before", "after", "source", "request_id")


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    return {"id": entry.pk, "at": entry.at.isoformat(), "actor": entry.actor_label, "actor_id": entry.actor_id,
            "action": entry.action, "model": entry.model, "object_id": entry.object_id,
            "object_repr": entry.object_repr, "changed": entry.changed, "before": entry.before,
            "after": entry.after, "source": entry.source, "request_id": entry.request_id}


def export(filters: AuditFilters) -> Iterator[dict[str, Any]]:
    """Every matching entry, oldest first (streamed from the database in chunks)."""
    for entry in entries(filters).order_by("at", "id").iterator(chunk_size=2000):
        yield entry_json(entry)


def jsonl_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def csv_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(EXPORT_COLUMNS)
    yield flush()
    for row in rows:
        cells = []
        for name in EXPORT_COLUMNS:
            value = row[name]
            if name == "changed":
                value = " ".join(value or [])
            elif name in ("before", "after"):
                value = "" if value is None else json.dumps(value, ensure_ascii=False)
            cells.append(csv_cell(value))
        writer.writerow(cells)
        yield flush()
