"""The audit entry of an ingested document: one per document added or updated, with what was
extracted from it counted (its rows are written without entries of their own: see
store.documents._write)."""

from __future__ import annotations

from typing import Any

from praxhub.audit import services
from praxhub.audit.models import Action, AuditEntry

FIELDS = ("title", "kind", "language", "published", "source_path", "sha256", "text_sha256", "size")


def summary(doc: Any) -> dict[str, Any]:
    return {name: getattr(doc, name) for name in FIELDS}


def record(doc: Any, before: dict[str, Any] | None, extraction: Any = None) -> AuditEntry:
    after = summary(doc)
    changed = sorted(after) if before is None else [n for n in FIELDS if before.get(n) != after[n]]
    if extraction is not None:
        after["extracted"] = {name: len(getattr(extraction, name, ()) or ())
                              for name in ("events", "recommendations", "organisations", "initiatives", "countries",
                                           "themes")}
    action = Action.CREATE if before is None else Action.UPDATE
    return services.record(action, doc, before=None if before is None else {n: before[n] for n in changed},
                           after=after, changed=changed)
