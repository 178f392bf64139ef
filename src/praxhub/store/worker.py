"""What a parse worker process runs. It imports no Django: workers only read, parse and keep
the original; the parent process alone writes to the database."""

from __future__ import annotations

from pathlib import Path

from praxhub import ingest
from praxhub.ingest.model import IngestError, ParsedDocument
from praxhub.store import blobs


def parse_and_keep(path: str, max_bytes: int, originals: str) -> tuple[str, ParsedDocument | str]:
    """Parse one file and keep its original. Returns ("ok", doc) or ("error", one-line reason).

    Errors come back as values because exceptions with custom constructors do not survive
    pickling between processes."""
    try:
        content, parsed = ingest.parse_file(path, max_bytes)
        blobs.put(Path(originals), content, parsed.sha256)
        return "ok", parsed
    except IngestError as exc:
        return "error", str(exc)
    except OSError as exc:
        return "error", f"{path}: cannot read the file ({exc.strerror or exc})"
