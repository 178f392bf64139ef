"""The internal error stages raise; the pipeline turns it into an IngestError naming the file."""

from __future__ import annotations

_MAX_REASON = 300


def one_line(text: str, limit: int = _MAX_REASON) -> str:
    """Collapse all whitespace (newlines included) so a message stays on one line, and cap it."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class Unreadable(Exception):
    """A stage knows why the content cannot be ingested. It does not know the path; the pipeline does."""

    def __init__(self, reason: str) -> None:
        self.reason = one_line(reason)
        super().__init__(self.reason)
