"""What every extractor knows about the document it reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DocContext:
    text: str                   # normalised text; all spans index into it
    language: str               # ISO 639-1 or "und"
    title: str | None
    published: dt.date | None
    kind: str                   # document genre, one of praxhub.ingest.model.KINDS
    source: str                 # file name
