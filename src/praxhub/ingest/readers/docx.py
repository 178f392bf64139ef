"""Word .docx → text with python-docx: body paragraphs and tables in document order."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from praxhub.ingest.errors import Unreadable
from praxhub.ingest.readers import Extracted

# Templates put placeholders in the core title; they are not the document's title.
_PLACEHOLDER_TITLES = frozenset({"title", "document", "untitled", "document title", "titre", "titel"})


def read_docx(content: bytes) -> Extracted:
    try:
        document = docx.Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError, LxmlError) as error:
        raise Unreadable(f"damaged Word document ({type(error).__name__}: {error})") from None
    blocks: list[str] = []
    style_title: str | None = None
    first_heading: str | None = None
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if not text:
                continue
            style = _style_name(item)
            if style == "title" and style_title is None:
                style_title = text
            elif style.startswith("heading") and first_heading is None:
                first_heading = text
            blocks.append(text)
        else:
            rows = "\n".join(_table_rows(item))  # a table is one block, a row per line
            if rows:
                blocks.append(rows)
    core_title = (document.core_properties.title or "").strip()
    if core_title.lower() in _PLACEHOLDER_TITLES:
        core_title = ""
    title = core_title or style_title or first_heading
    return Extracted(
        pages=["\n\n".join(blocks)],
        title=" ".join(title.split()) if title else None,
        title_is_marked=bool(core_title or style_title),
    )


def _style_name(paragraph: Paragraph) -> str:
    # A paragraph can reference a style the document does not define; python-docx then gives None.
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return ""
    return (style.name or "").lower() if style is not None else ""


def _table_rows(table: Table) -> Iterator[str]:
    """One line per row, cells separated by ' | '; a merged cell is reported once."""
    # python-docx returns a merged cell once per grid position it covers, in every row it spans.
    # Holding the elements keeps their ids from being reused while the table is read.
    seen: dict[int, object] = {}
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen[id(cell._tc)] = cell._tc
            text = _cell_text(cell)
            if text:
                cells.append(text)
        if cells:
            yield " | ".join(cells)


def _cell_text(cell: _Cell) -> str:
    pieces: list[str] = []
    for item in cell.iter_inner_content():
        if isinstance(item, Paragraph):
            pieces.append(item.text)
        else:
            pieces.extend(_table_rows(item))
    return " ".join(" ".join(pieces).split())
