"""Plain text needs no reading beyond decoding."""

from __future__ import annotations

from praxhub.ingest.readers import Extracted


def read_text(text: str) -> Extracted:
    return Extracted(pages=[text])
