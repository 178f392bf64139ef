"""Ingest: turn a document file into a ParsedDocument (plain data; no Django, no database).

    content, document = parse_file("report.pdf", max_bytes=config.max_file_bytes)

Every failure is an IngestError whose message is one line: "<path>: <reason>".
"""

from __future__ import annotations

from praxhub.ingest.files import SUPPORTED_SUFFIXES, iter_files, parse_file
from praxhub.ingest.model import FORMATS, KINDS, IngestError, ParsedDocument
from praxhub.ingest.pipeline import parse_bytes

__all__ = [
    "FORMATS",
    "KINDS",
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "ParsedDocument",
    "iter_files",
    "parse_bytes",
    "parse_file",
]
