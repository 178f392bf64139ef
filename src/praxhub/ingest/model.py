"""What the ingest stage produces. Plain data: no Django, no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

FORMATS = ("txt", "md", "html", "pdf", "docx")

# Document genres of this field. `kind` on a document is one of these.
KINDS = (
    "conclusions",      # council conclusions, resolutions
    "recommendation",   # formal recommendations (e.g. CM/Rec), declarations
    "guidelines",       # guidelines, handbooks, manuals
    "press_release",
    "newsletter",       # several news or event items in one issue
    "event_notice",     # concept note, agenda, invitation, programme of one event
    "practice",         # description of a practice or project
    "report",           # reports, studies, papers
    "other",
)


class IngestError(Exception):
    """A file that cannot be ingested. str(error) is one line: '<path>: <reason>'."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class ParsedDocument:
    source_path: str            # absolute path of the file as read
    source_name: str            # its base name
    format: str                 # one of FORMATS, detected from the content
    media_type: str
    sha256: str                 # of the original bytes
    size: int                   # bytes of the original
    text: str                   # normalised main text; extraction spans index into this
    title: str | None
    language: str               # ISO 639-1, or "und" when it cannot be told
    published: dt.date | None   # publication date when the document states it
    kind: str                   # one of KINDS
    pages: list[int] = field(default_factory=lambda: [0])  # start offset of each page in `text`
    encoding: str | None = None  # for text formats: the encoding the bytes were decoded from
    warnings: list[str] = field(default_factory=list)

    @property
    def text_sha256(self) -> str:
        import hashlib

        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()
