"""Saving what extraction found in a document, inside the document's own transaction.

Extracted events and recommendations are reconciled with what an earlier ingest stored: an item
is recognised by its fingerprint (a hash of its extracted key fields), so a curator's decision
and edits survive re-ingesting. Items that disappeared from the document are deleted when nobody
curated them, and kept with `evidence_missing` when somebody did. Mentions, countries and themes
are derived data and are rebuilt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.text import slugify

from praxhub.accounts.audience import copy_audience
from praxhub.documents.models import Document, DocumentCountry, DocumentTheme, Status
from praxhub.events.models import Event
from praxhub.extract import initiatives as initiative_registry
from praxhub.extract import registry
from praxhub.extract.model import Extraction, InitiativeMention, OrganisationMention
from praxhub.organisations.models import Initiative, Mention, Organisation, Origin
from praxhub.recommendations.models import Recommendation


def fingerprint(*parts: str | None) -> str:
    key = "|".join(" ".join(re.findall(r"\w+", (p or "").lower())) for p in parts)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _registry_organisation(ident: str) -> Organisation | None:
    """The stored record of a registry body, created from the registry when no document named it yet."""
    body = registry.get(ident)
    if body is None:
        return None
    org, _ = Organisation.objects.get_or_create(slug=slugify(body.id)[:120], defaults={
        "name": body.canonical_name[:300], "acronym": (body.acronym or "")[:40], "kind": body.kind or "",
        "level": body.level or "", "sector": body.sector or "", "country": body.country or "",
        "names": {lang: forms[0] for lang, forms in body.names.items() if forms},
        "origin": Origin.REGISTRY, "status": Status.CONFIRMED,
    })
    return org


def _organisation(mention: OrganisationMention) -> Organisation:
    slug = slugify(mention.id)[:120] or slugify(mention.name)[:120] or "organisation"
    body = registry.get(mention.id) if mention.known and mention.id else None
    defaults = {
        "name": mention.name[:300],
        "acronym": (mention.acronym or "")[:40],
        "kind": mention.kind or "",
        "level": mention.level or "",
        "country": mention.country or "",
        "origin": Origin.REGISTRY if mention.known else Origin.EXTRACTED,
        "status": Status.CONFIRMED if mention.known else Status.SUGGESTED,
        # Registry facts the mention does not carry.
        "sector": (body.sector or "") if body else "",
        "names": {lang: forms[0] for lang, forms in body.names.items() if forms} if body else {},
    }
    org, _ = Organisation.objects.get_or_create(slug=slug, defaults=defaults)
    if org.merged_into_id is not None:  # a curator merged this record into another
        from praxhub.documents.curation import resolve_organisation

        org = resolve_organisation(org)
    return org


def _initiative(mention: InitiativeMention) -> Initiative:
    slug = slugify(mention.id or mention.name)[:160] or "initiative"
    known = mention.id is not None
    initiative, created = Initiative.objects.get_or_create(slug=slug, defaults={
        "name": mention.name[:400], "kind": mention.kind,
        "origin": Origin.REGISTRY if known else Origin.EXTRACTED,
        "status": Status.CONFIRMED if known else Status.SUGGESTED,
    })
    entry = initiative_registry.get(mention.id) if created and mention.id else None
    if entry is not None and entry.owner:
        # Who runs it, as the registry records (a merged owner resolves to the record it became).
        owner = _registry_organisation(entry.owner)
        if owner is not None:
            from praxhub.documents.curation import resolve_organisation

            initiative.organisations.add(resolve_organisation(owner))
    return initiative


def _reconcile(model: type[Event] | type[Recommendation], document: Document,
               items: Iterable[tuple[str, dict[str, Any], tuple[int, int], list[Organisation]]]) -> None:
    existing = {obj.fingerprint: obj for obj in model.everything.filter(document=document)}
    restricted_to = document.group_ids()
    seen: set[str] = set()
    for fp, fields, span, organisers in items:
        if fp in seen:
            continue
        seen.add(fp)
        obj = existing.get(fp)
        new = obj is None
        if obj is None:
            # An item is seen by those who may see the document it was found in.
            obj = model(document=document, fingerprint=fp, audience=document.audience, **fields)
        elif not obj.edited:
            for name, value in fields.items():
                setattr(obj, name, value)
        obj.span_start, obj.span_end = span
        obj.evidence_missing = False
        obj.save()
        if new and restricted_to:
            obj.audience_groups.set(restricted_to)
        if isinstance(obj, Event) and not obj.edited:
            obj.organisers.set(organisers)
    for fp, obj in existing.items():
        if fp in seen:
            continue
        if obj.is_curated:
            obj.evidence_missing = True
            obj.save(update_fields=["evidence_missing", "updated_at"])
        else:
            obj.delete()


def save_extraction(document: Document, extraction: Extraction) -> None:
    """Store everything extracted from `document`; call inside its transaction."""
    by_name: dict[str, Organisation] = {}
    mentions: list[Mention] = []
    for om in extraction.organisations:
        org = _organisation(om)
        for key in (om.name, om.acronym):
            if key:
                by_name[key.lower()] = org
        for start, end in om.spans or [om.span]:
            mentions.append(Mention(document=document, organisation=org, start=start, end=end,
                                    surface=document.text[start:end][:400]))
    for im in extraction.initiatives:
        initiative = _initiative(im)
        mentions.append(Mention(document=document, initiative=initiative, start=im.span[0], end=im.span[1],
                                surface=document.text[im.span[0]:im.span[1]][:400]))
    Mention.objects.filter(document=document).delete()
    Mention.objects.bulk_create(mentions)

    def lookup(name: str | None) -> Organisation | None:
        return by_name.get((name or "").lower())

    _reconcile(Event, document, (
        (
            fingerprint("event", e.title, e.start),
            {"title": e.title[:500], "kind": e.kind, "start": _date(e.start), "end": _date(e.end),
             "city": (e.city or "")[:120], "country": (e.country or "")[:2], "venue": (e.venue or "")[:300],
             "online": e.online, "topics": e.topics, "organiser_names": e.organisers},
            e.span,
            [found for name in e.organisers if (found := lookup(name)) is not None],
        )
        for e in extraction.events
    ))
    _reconcile(Recommendation, document, (
        (
            fingerprint("recommendation", r.text),
            {"text": r.text, "issuer_name": (r.issuer or "")[:300], "issuer": lookup(r.issuer),
             "addressee_name": (r.addressee or "")[:300], "addressee": lookup(r.addressee),
             "verb": (r.verb or "")[:40], "strength": r.strength or "", "themes": r.themes},
            r.span,
            [],
        )
        for r in extraction.recommendations
    ))
    DocumentCountry.objects.filter(document=document).delete()
    DocumentCountry.objects.bulk_create(
        DocumentCountry(document=document, code=code) for code in sorted(set(extraction.countries)) if len(code) == 2
    )
    DocumentTheme.objects.filter(document=document).delete()
    DocumentTheme.objects.bulk_create(
        DocumentTheme(document=document, theme=t.theme, score=t.score) for t in extraction.themes
    )


def share_audience(document: Document) -> None:
    """Give the items extracted from `document`, and the comments on them, its audience (after the
    document's changed)."""
    from praxhub.discussion.models import Comment

    events = Event.everything.filter(document=document)
    copy_audience(document, events)
    copy_audience(document, Recommendation.everything.filter(document=document))
    copy_audience(document, Comment.everything.filter(event__in=events.values("pk")))


def curated_counts(document: Document) -> dict[str, int]:
    """How many items of a document a curator has decided on (for reports and tests)."""
    out = {}
    for model in (Event, Recommendation):
        out[model.__name__.lower()] = model.objects.filter(document=document).exclude(
            models.Q(status=Status.SUGGESTED) & models.Q(edited=False)).count()
    return out
