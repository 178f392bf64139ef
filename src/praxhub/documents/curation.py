"""Curation: a curator confirms, edits or rejects what extraction suggested, and merges
duplicates. Every function is one transaction; decisions are kept across re-ingest (see
praxhub.store.extraction)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.db import transaction
from django.utils import timezone

from praxhub.accounts.audience import same_audience
from praxhub.documents.models import Status
from praxhub.events.models import Event
from praxhub.organisations.models import Initiative, Mention, Organisation
from praxhub.recommendations.models import Recommendation

ITEM_MODELS: dict[str, type[Event] | type[Recommendation]] = {"event": Event, "recommendation": Recommendation}
T = TypeVar("T")
DECISIONS = {"confirm": Status.CONFIRMED, "reject": Status.REJECTED, "reset": Status.SUGGESTED}


class CurationError(ValueError):
    """A curation request that cannot be applied; the message names the field and the reason."""


class ConflictError(CurationError):
    """The item changed since the form was shown: nothing was saved."""


def check_version(item: Any, expected: str | None) -> None:
    """Refuse a change made from a stale form (`expected` is the version the form showed; None
    when the client sent none, e.g. an old script, which then writes unconditionally)."""
    if expected is not None and expected != item.version:
        when = timezone.localtime(item.updated_at).strftime("%Y-%m-%d %H:%M:%S") if item.updated_at else "?"
        raise ConflictError(f"version: someone else changed this item at {when} since you opened it; "
                            "nothing was saved. Reload to see their change, then decide again.")


def _locked_item(kind: str, item_id: int) -> Event | Recommendation:
    """The item, locked for the rest of the transaction (PostgreSQL; SQLite's write transactions
    are serial already), so a version check and the write that follows it are one step."""
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise CurationError(f"kind: {kind!r} is not one of {', '.join(ITEM_MODELS)}")
    try:
        return model.objects.select_for_update(of=("self",)).select_related("document").get(pk=item_id)
    except model.DoesNotExist:
        raise CurationError(f"{kind} {item_id} does not exist") from None


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ("title", "kind", "start", "end", "city", "country", "venue", "online")

    def clean_country(self) -> str:
        return (self.cleaned_data.get("country") or "").upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end date is before the start date.")
        return data


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ("text", "issuer_name", "addressee_name", "verb", "strength")


FORMS: dict[str, type[forms.ModelForm]] = {"event": EventForm, "recommendation": RecommendationForm}


def get_item(kind: str, item_id: int) -> Event | Recommendation:
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise CurationError(f"kind: {kind!r} is not one of {', '.join(ITEM_MODELS)}")
    try:
        return model.objects.select_related("document").get(pk=item_id)
    except model.DoesNotExist:
        raise CurationError(f"{kind} {item_id} does not exist") from None


def _invalidates_counts(func: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        result = func(*args, **kwargs)
        from praxhub.documents.services import invalidate_counts

        invalidate_counts()
        return result

    return wrapper


@_invalidates_counts
def decide(kind: str, item_id: int, decision: str, version: str | None = None) -> Event | Recommendation:
    """Confirm, reject, or return an item to `suggested`."""
    if decision not in DECISIONS:
        raise CurationError(f"decision: {decision!r} is not one of {', '.join(DECISIONS)}")
    with transaction.atomic():
        item = _locked_item(kind, item_id)
        check_version(item, version)
        item.status = DECISIONS[decision]
        item.curated_at = timezone.now() if decision != "reset" else None
        item.save(update_fields=["status", "curated_at", "updated_at"])
    return item


@_invalidates_counts
def edit(kind: str, item_id: int, data: dict[str, Any], version: str | None = None) -> Event | Recommendation:
    """Change an item's fields; an edited item counts as confirmed and re-ingest keeps the edits."""
    with transaction.atomic():
        item = _locked_item(kind, item_id)
        check_version(item, version)
        initial = {name: getattr(item, name) for name in FORMS[kind]._meta.fields or ()}
        form = FORMS[kind]({**initial, **data}, instance=item)
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            raise CurationError(f"{field}: {errors[0]}")
        item = form.save(commit=False)
        item.edited = True
        item.status = Status.CONFIRMED
        item.curated_at = timezone.now()
        item.save()
    return item


M = TypeVar("M", Event, Organisation)


def follow_merges(record: M) -> M:
    """The record a (possibly merged) event or organisation now stands for: the end of its
    merged_into chain (a cycle, which no curation creates, stops where it closes)."""
    seen = {record.pk}
    while record.merged_into_id is not None and record.merged_into_id not in seen:
        seen.add(record.merged_into_id)
        following = type(record).objects.filter(pk=record.merged_into_id).first()
        if following is None:  # not for this viewer's eyes (merges never cross audiences; older data might)
            break
        record = following
    return record


def _root_event(event: Event) -> Event:
    return follow_merges(event)


@_invalidates_counts
def merge_events(keep_id: int, duplicate_ids: list[int]) -> Event:
    """Record that several reports describe one event: the duplicates point to `keep`, whose page
    shows the evidence of all of them. Organisers are combined."""
    with transaction.atomic():
        keep = _root_event(get_item("event", keep_id))  # type: ignore[arg-type]
        for duplicate_id in duplicate_ids:
            duplicate = get_item("event", duplicate_id)
            assert isinstance(duplicate, Event)
            if _root_event(duplicate).pk == keep.pk:
                continue
            if not same_audience(keep, duplicate):
                # The merged event would show one report's evidence to the other's readers.
                raise CurationError("into: these two reports are visible to different people; "
                                    "they cannot be shown as one event")
            Event.objects.filter(merged_into=duplicate).update(merged_into=keep)
            duplicate.merged_into = keep
            duplicate.curated_at = timezone.now()
            duplicate.save(update_fields=["merged_into", "curated_at", "updated_at"])
            keep.organisers.add(*duplicate.organisers.all())
        if keep.status == Status.SUGGESTED:
            keep.status = Status.CONFIRMED
            keep.curated_at = timezone.now()
            keep.save(update_fields=["status", "curated_at", "updated_at"])
    return keep


@_invalidates_counts
def unmerge_event(event_id: int) -> Event:
    with transaction.atomic():
        event = get_item("event", event_id)
        assert isinstance(event, Event)
        event.merged_into = None
        event.save(update_fields=["merged_into", "updated_at"])
    return event


def resolve_organisation(org: Organisation) -> Organisation:
    """The organisation a (possibly merged) record now stands for."""
    return follow_merges(org)


@_invalidates_counts
def merge_organisations(keep_id: int, duplicate_id: int) -> Organisation:
    """Two records are one organisation: everything that referred to the duplicate now refers
    to `keep`, the duplicate's names become aliases, and later ingests resolve to `keep`."""
    from praxhub.accounts.models import ExpertProfile

    with transaction.atomic():
        try:
            keep = resolve_organisation(Organisation.objects.select_for_update().get(pk=keep_id))
            duplicate = Organisation.objects.select_for_update().get(pk=duplicate_id)
        except Organisation.DoesNotExist:
            raise CurationError(f"organisation: {keep_id} or {duplicate_id} does not exist") from None
        if resolve_organisation(duplicate).pk == keep.pk:
            raise CurationError("organisation: these records are already one organisation")
        Mention.objects.filter(organisation=duplicate).update(organisation=keep)
        for event in Event.objects.filter(organisers=duplicate):
            event.organisers.remove(duplicate)
            event.organisers.add(keep)
        Recommendation.objects.filter(issuer=duplicate).update(issuer=keep)
        Recommendation.objects.filter(addressee=duplicate).update(addressee=keep)
        ExpertProfile.objects.filter(organisation=duplicate).update(organisation=keep)
        for initiative in Initiative.objects.filter(organisations=duplicate):
            initiative.organisations.remove(duplicate)
            initiative.organisations.add(keep)
        Organisation.objects.filter(merged_into=duplicate).update(merged_into=keep)
        aliases = list(keep.aliases or [])
        for name in (duplicate.name, duplicate.acronym, *(duplicate.aliases or []), *duplicate.names.values()):
            if name and name not in aliases and name not in (keep.name, keep.acronym):
                aliases.append(name)
        keep.aliases = aliases
        for field in ("acronym", "kind", "level", "sector", "country"):
            if not getattr(keep, field) and getattr(duplicate, field):
                setattr(keep, field, getattr(duplicate, field))
        keep.status = Status.CONFIRMED
        keep.save()
        duplicate.merged_into = keep
        duplicate.status = Status.REJECTED  # no longer listed on its own
        duplicate.save(update_fields=["merged_into", "status", "updated_at"])
    return keep


@_invalidates_counts
def decide_entity(model: type[Organisation] | type[Initiative], pk: int, decision: str) -> Organisation | Initiative:
    """Confirm or reject a suggested organisation or initiative."""
    if decision not in DECISIONS:
        raise CurationError(f"decision: {decision!r} is not one of {', '.join(DECISIONS)}")
    with transaction.atomic():
        try:
            entity = model.objects.get(pk=pk)
        except model.DoesNotExist:
            raise CurationError(f"{model.__name__.lower()} {pk} does not exist") from None
        entity.status = DECISIONS[decision]
        entity.save(update_fields=["status"])
    return entity
