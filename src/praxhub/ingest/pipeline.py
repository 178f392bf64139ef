"""parse_bytes: detect → read → normalise → language → metadata → ParsedDocument."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from praxhub.ingest.detect import Detection, detect
from praxhub.ingest.errors import Unreadable, one_line
from praxhub.ingest.language import detect_language
from praxhub.ingest.metadata import choose_title, classify_kind, find_published
from praxhub.ingest.model import IngestError, ParsedDocument
from praxhub.ingest.normalise import normalise
from praxhub.ingest.readers import Extracted
from praxhub.ingest.readers.markdown import read_markdown
from praxhub.ingest.readers.text import read_text

PAGE_SEPARATOR = "\n\n"
NO_TEXT_LAYER = "the PDF has no text layer (scanned images need OCR, which praxhub does not do yet)"


def parse_bytes(content: bytes, source_path: str) -> ParsedDocument:
    """Parse one document. Raise IngestError (and nothing else) when it cannot be ingested."""
    try:
        return _parse(content, source_path)
    except Unreadable as error:
        raise IngestError(source_path, error.reason) from None
    except IngestError:
        raise
    except Exception as error:
        # A library failing on odd input must not take the whole ingest run down with it.
        detail = one_line(str(error), 160) or "no details"
        raise IngestError(source_path, f"could not be parsed ({type(error).__name__}: {detail})") from error


def _parse(content: bytes, source_path: str) -> ParsedDocument:
    if not content:
        raise Unreadable("empty file")
    name = PurePath(source_path).name
    detection = detect(content, name)
    extracted = _read(detection, content)
    pages = [normalise(page, pdf=detection.format == "pdf") for page in extracted.pages]
    text, offsets = join_pages(pages)
    if not text:
        raise Unreadable(NO_TEXT_LAYER if detection.format == "pdf" else "no text after extraction")
    warnings = [*detection.warnings, *extracted.warnings]
    blank_pages = sum(1 for page in pages if not page)
    if detection.format == "pdf" and blank_pages:
        # Often a partly scanned document: the scanned pages are missing from the text.
        warnings.append(f"{blank_pages} of {len(pages)} pages have no text layer (not read)")
    title = choose_title(text, extracted.title, marked=extracted.title_is_marked)
    kind = classify_kind(title, text)
    return ParsedDocument(
        source_path=source_path,
        source_name=name,
        format=detection.format,
        media_type=detection.media_type,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        text=text,
        title=title,
        language=detect_language(text),
        published=extracted.published or find_published(text, kind),
        kind=kind,
        pages=offsets,
        encoding=detection.encoding,
        warnings=warnings,
    )


def _read(detection: Detection, content: bytes) -> Extracted:
    # The PDF, Word and HTML libraries take a third of a second to import; load them when needed.
    if detection.format == "pdf":
        from praxhub.ingest.readers.pdf import read_pdf

        return read_pdf(content)
    if detection.format == "docx":
        from praxhub.ingest.readers.docx import read_docx

        return read_docx(content)
    text = detection.text or ""
    if detection.format == "html":
        from praxhub.ingest.readers.html import read_html

        return read_html(text)
    if detection.format == "md":
        return read_markdown(text)
    return read_text(text)


def join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """Join normalised pages with a blank line; return the text and each page's start offset.

    A page without text starts where the next page with text starts (or at the end of the text),
    so that the offsets stay ascending and there is one per page.
    """
    parts: list[str] = []
    starts: list[int | None] = []
    position = 0
    for page in pages:
        if not page:
            starts.append(None)
            continue
        if parts:
            parts.append(PAGE_SEPARATOR)
            position += len(PAGE_SEPARATOR)
        starts.append(position)
        parts.append(page)
        position += len(page)
    offsets: list[int] = []
    following = position
    for start in reversed(starts):
        following = start if start is not None else following
        offsets.append(following)
    offsets.reverse()
    return "".join(parts), offsets or [0]
