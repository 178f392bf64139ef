"""PDF → text page by page with pypdfium2."""

from __future__ import annotations

import re

import pypdfium2 as pdfium

from praxhub.ingest.errors import Unreadable
from praxhub.ingest.readers import Extracted

# A complete PDF ends with %%EOF; readers tolerate a little trailing junk after it. Without it
# the file was cut short, and pdfium would silently "repair" it by dropping what is missing.
_EOF_WINDOW = 4096
# Producer-generated titles ("Microsoft Word - draft3.docx") are not titles.
_JUNK_TITLE = re.compile(r"^(?:microsoft \w+ -|untitled\b)|\.(?:docx?|pdf|rtf|odt|indd|qxd|txt)$", re.I)


def read_pdf(content: bytes) -> Extracted:
    if b"%%EOF" not in content[-_EOF_WINDOW:]:
        raise Unreadable("damaged or truncated PDF (no end-of-file marker: the file is incomplete)")
    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise Unreadable("the PDF is password-protected") from None
        raise Unreadable(f"damaged or truncated PDF ({error})") from None
    try:
        pages = [_page_text(document, index) for index in range(len(document))]
        title = _metadata_title(document)
    except pdfium.PdfiumError as error:
        raise Unreadable(f"damaged or truncated PDF ({error})") from None
    finally:
        document.close()
    if not pages:
        raise Unreadable("damaged PDF (it has no pages)")
    return Extracted(pages=pages, title=title)


def _page_text(document: pdfium.PdfDocument, index: int) -> str:
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            return str(textpage.get_text_range())
        finally:
            textpage.close()
    finally:
        page.close()


def _metadata_title(document: pdfium.PdfDocument) -> str | None:
    title = " ".join(str(document.get_metadata_dict().get("Title", "")).split())
    if len(title.split()) < 3 or _JUNK_TITLE.search(title):
        return None
    return title
