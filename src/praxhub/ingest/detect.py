"""Which of the supported formats a file is, judged from its content (the name only breaks ties)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import filetype

from praxhub.ingest.decode import BINARY_REASON, decode, looks_binary
from praxhub.ingest.errors import Unreadable

MEDIA_TYPES = {
    "txt": "text/plain",
    "md": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
MARKDOWN_SUFFIXES = (".md", ".markdown")

# The PDF header may follow a little junk; readers accept it within the first kilobyte.
_PDF_HEADER_WINDOW = 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, old Excel/PowerPoint
# Only the beginning is sniffed: enough to judge, and it bounds the work on huge files.
_SNIFF_CHARS = 65536

_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,2000}?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_HTML_SKELETON = re.compile(r"<(?:html|head|body)\b[^<>]{0,500}>", re.I)
_HTML_TAG = re.compile(
    r"</?(?:a|p|div|span|br|hr|li|ul|ol|h[1-6]|table|tr|td|th|section|article|header|footer|nav|main|"
    r"strong|em|b|i|img|meta|link|script|style|title|form|input|button|label)\b[^<>]{0,300}>",
    re.I,
)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)
_MD_EMPHASIS = re.compile(r"\*\*\S[^*\n]{0,300}\*\*|__\S[^_\n]{0,300}__")
_MD_LINK = re.compile(r"\[[^\[\]\n]{1,300}\]\([^()\s]{0,500}\)")
_MD_LIST_ITEM = re.compile(r"^[ \t]{0,3}[-*+][ \t]+\S", re.M)


@dataclass
class Detection:
    format: str
    media_type: str
    text: str | None = None  # the decoded text, for txt, md and html
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


def detect(content: bytes, name: str) -> Detection:
    """Decide the format of `content`; decode it when it is text. Raise Unreadable otherwise."""
    suffix = PurePath(name).suffix.lower()
    if b"%PDF-" in content[:_PDF_HEADER_WINDOW]:
        return _found("pdf", suffix)
    if content.startswith(_ZIP_MAGIC):
        if _is_docx(content, suffix):
            return _found("docx", suffix)
        raise Unreadable(_mismatch(suffix, "a ZIP archive that is not a Word document (no word/document.xml)"))
    if suffix == ".pdf":
        raise Unreadable(f"named .pdf but the content is not a PDF: it is {describe(content)}")
    if suffix == ".docx":
        raise Unreadable(f"named .docx but the content is not a Word document: it is {describe(content)}")
    if content.startswith(_OLE_MAGIC):
        raise Unreadable("an old binary Office file (e.g. Word 97-2003 .doc) is not supported; save it as .docx")
    if content[:64].lstrip().startswith(b"{\\rtf"):
        raise Unreadable("RTF documents are not supported; save it as .docx or PDF")
    try:
        text, encoding = decode(content)
    except Unreadable as error:
        # Name the type when it is a known one; only done on this path because it costs time.
        guess = filetype.guess(content[:8192])
        if guess is not None and error.reason == BINARY_REASON:
            raise Unreadable(f"{BINARY_REASON}: it is {guess.mime}") from None
        raise
    detection = Detection(format=text_format(text, suffix), media_type="", text=text, encoding=encoding)
    detection.media_type = MEDIA_TYPES[detection.format]
    if suffix in (".html", ".htm") and detection.format != "html":
        detection.warnings.append(f"named {suffix} but the content holds no HTML markup; read as text")
    return detection


def text_format(text: str, suffix: str = "") -> str:
    """'html', 'md' or 'txt' for decoded text."""
    head = text[:_SNIFF_CHARS]
    if _looks_like_html(head):
        return "html"
    if suffix in MARKDOWN_SUFFIXES or _looks_like_markdown(head):
        return "md"
    return "txt"


def describe(content: bytes) -> str:
    """A short description of what some content is, for error messages."""
    guess = filetype.guess(content[:8192])
    if guess is not None:
        return f"a {guess.extension} file ({guess.mime})"
    if content.startswith(_ZIP_MAGIC):
        return "a ZIP archive"
    if looks_binary(content[:8192]):
        return "binary data of an unknown type"
    try:
        text, _ = decode(content)
    except Unreadable:
        return "binary data of an unknown type"
    return "an HTML page" if _looks_like_html(text[:_SNIFF_CHARS]) else "plain text"


def _found(fmt: str, suffix: str) -> Detection:
    detection = Detection(format=fmt, media_type=MEDIA_TYPES[fmt])
    if suffix and suffix != f".{fmt}":
        detection.warnings.append(f"named {suffix} but the content is {fmt.upper()}; read as {fmt}")
    return detection


def _mismatch(suffix: str, what: str) -> str:
    if suffix == ".docx":
        return f"named .docx but the content is not a Word document: it is {what}"
    return f"{BINARY_REASON}: it is {what}"


def _is_docx(content: bytes, suffix: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        if suffix == ".docx":
            raise Unreadable(f"damaged or truncated Word document (not a readable ZIP archive: {error})") from None
        raise Unreadable(f"{BINARY_REASON}: it is a damaged ZIP archive") from None


def _looks_like_html(head: str) -> bool:
    if _HTML_START.match(head) or _HTML_SKELETON.search(head):
        return True
    # Fragments without <html>/<body>: judge by the density of real HTML tags.
    tags = enumerate(_HTML_TAG.finditer(head), start=1)
    return any(count >= 10 and count * 200 >= len(head) for count, _ in tags)


def _looks_like_markdown(head: str) -> bool:
    if _MD_HEADING.search(head) or _MD_EMPHASIS.search(head) or _MD_LINK.search(head):
        return True
    # One "- " line is often just a dash in prose; a list has several items.
    return any(items >= 2 for items, _ in enumerate(_MD_LIST_ITEM.finditer(head), start=1))
