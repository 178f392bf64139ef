"""Format detection looks at the content; decoding handles BOMs and legacy encodings."""

from __future__ import annotations

import io
import zipfile

import pytest

from praxhub.ingest.decode import decode
from praxhub.ingest.detect import detect, text_format
from praxhub.ingest.errors import Unreadable

from .builders import ARTICLE_HTML, docx_bytes, pdf_bytes


def test_pdf_is_recognised_by_its_header_whatever_the_name() -> None:
    content = pdf_bytes(["Hello"])
    assert detect(content, "report.pdf").format == "pdf"
    renamed = detect(content, "report.txt")
    assert renamed.format == "pdf"
    assert renamed.media_type == "application/pdf"
    assert renamed.warnings == ["named .txt but the content is PDF; read as pdf"]


def test_docx_is_a_zip_with_word_document_xml() -> None:
    assert detect(docx_bytes(), "guide.docx").format == "docx"
    assert detect(docx_bytes(), "guide.bin").format == "docx"


def test_zip_without_word_document_named_docx_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office/>")
    with pytest.raises(Unreadable, match=r"named \.docx but the content is not a Word document"):
        detect(buffer.getvalue(), "notes.docx")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ARTICLE_HTML, "html"),
        ("<html><body><p>Short page</p></body></html>", "html"),
        ("".join(f"<p>Paragraph {i} <a href='/x'>link</a></p>" for i in range(12)), "html"),
        ("# Prevention\n\nSome text.", "md"),
        ("Intro with **bold** words.", "md"),
        ("See [the handbook](https://example.org/handbook).", "md"),
        ("Items:\n- first\n- second\n", "md"),
        ("A text with a dash - in a sentence.\nAnd 3 < 4 > 2 in maths.", "txt"),
        ("Plain text about prevention.\n\nSecond paragraph.", "txt"),
    ],
)
def test_text_formats(text: str, expected: str) -> None:
    assert text_format(text) == expected


def test_markdown_suffix_alone_makes_markdown() -> None:
    assert text_format("Just words.", ".md") == "md"
    assert detect(b"Just words.", "notes.markdown").format == "md"


def test_binary_content_is_refused_with_the_reason() -> None:
    with pytest.raises(Unreadable, match=r"^unsupported binary content \(not txt, md, html, pdf or docx\)$"):
        detect(bytes(range(256)) * 8, "data.txt")


def test_known_binary_type_is_named() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    with pytest.raises(Unreadable, match="image/png"):
        detect(png, "picture.txt")


def test_pdf_name_with_other_content_says_so() -> None:
    with pytest.raises(Unreadable, match=r"named \.pdf but the content is not a PDF: it is an HTML page"):
        detect(ARTICLE_HTML.encode(), "login.pdf")


def test_old_word_format_is_refused_with_advice() -> None:
    with pytest.raises(Unreadable, match=r"save it as \.docx"):
        detect(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old.doc")


def test_latin1_text_decodes_correctly() -> None:
    text = "Préventión de la radicalisation violente : le rôle des écoles et des familles."
    decoded, encoding = decode(text.encode("latin-1"))
    assert decoded == text
    assert encoding == "cp1252"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Prävention von Radikalisierung: Die Rolle der Schulen und Familien ist groß.", "cp1252"),
        ("Prevence radikalizace: role škol a rodin při předcházení násilnému extremismu je klíčová.", "cp1250"),
        ("Zapobieganie radykalizacji: rola szkół i rodzin w przeciwdziałaniu ekstremizmowi.", "cp1250"),
        ("A radikalizálódás megelőzése: az iskolák és a családok szerepe kulcsfontosságú.", "cp1250"),
        ("Профилактика радикализации и насильственного экстремизма в школах и семьях.", "cp1251"),
        ("Πρόληψη της ριζοσπαστικοποίησης και του βίαιου εξτρεμισμού στα σχολεία.", "cp1253"),
    ],
)
def test_legacy_code_pages_of_european_languages(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)) == (text, encoding)


def test_cp1252_quotes_decode() -> None:
    text = "“Prevention” – the Council’s work on radicalisation, déjà vu."
    assert decode(text.encode("cp1252"))[0] == text


def test_utf8_is_tried_first_and_bom_is_removed() -> None:
    assert decode("Préventión".encode()) == ("Préventión", "utf-8")
    assert decode(b"\xef\xbb\xbfPr\xc3\xa9vention") == ("Prévention", "utf-8-sig")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(encoding: str) -> None:
    text = "Prévention de la radicalisation dans les écoles."
    decoded, _ = decode(text.encode(encoding))
    assert decoded == text


@pytest.mark.parametrize(
    ("declaration", "body", "encoding", "expected"),
    [
        ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2">', "Świadomość", "iso8859_2",
         "iso8859-2"),
        ('<meta charset="iso-8859-1">', "“Prévention” déjà", "cp1252", "cp1252"),
        ('<meta charset="utf-16">', "“Prévention” déjà", "cp1252", "cp1252"),  # impossible here: ignored
    ],
)
def test_html_declared_charset(declaration: str, body: str, encoding: str, expected: str) -> None:
    page = f"<html><head>{declaration}</head><body><p>{body}</p></body></html>"
    assert decode(page.encode(encoding)) == (page, expected)


def test_detect_returns_decoded_text_and_encoding() -> None:
    detection = detect("Préventión et intégration".encode("cp1252"), "note.txt")
    assert detection.format == "txt"
    assert detection.text == "Préventión et intégration"
    assert detection.encoding
