"""What a parse worker process runs. It imports no Django: workers read, parse, extract and keep
the original; the parent process alone writes to the database."""

from __future__ import annotations

from pathlib import Path

from praxhub import ingest
from praxhub.extract.model import Extraction
from praxhub.extract.pipeline import extract as run_extraction
from praxhub.ingest.model import IngestError, ParsedDocument
from praxhub.store import blobs


def parse_and_keep(
    path: str, max_bytes: int, originals: str, extract: bool = True
) -> tuple[str, tuple[ParsedDocument, Extraction | None] | str]:
    """Parse one file, keep its original and (if asked) extract from it.
    Returns ("ok", (doc, extraction)) or ("error", one-line reason).

    Errors come back as values because exceptions with custom constructors do not survive
    pickling between processes."""
    try:
        content, parsed = ingest.parse_file(path, max_bytes)
        blobs.put(Path(originals), content, parsed.sha256)
        return "ok", (parsed, run_extraction(parsed) if extract else None)
    except IngestError as exc:
        return "error", str(exc)
    except OSError as exc:
        return "error", f"{path}: cannot read the file ({exc.strerror or exc})"
