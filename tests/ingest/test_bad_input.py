"""Every bad input ends in one IngestError whose one-line message names the file and the reason."""

from __future__ import annotations

import io
import os
import random
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from praxhub.ingest import IngestError, parse_bytes, parse_file

from .builders import NAV_ONLY_HTML, docx_bytes, pdf_bytes

Write = Callable[[str, bytes | str], Path]
MAX = 10 * 1024 * 1024


def _refused(path: Path, max_bytes: int = MAX) -> str:
    with pytest.raises(IngestError) as caught:
        parse_file(path, max_bytes)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path.absolute()}: ")
    assert caught.value.path == str(path.absolute())
    assert caught.value.reason
    return caught.value.reason


def test_empty_file(write: Write) -> None:
    assert _refused(write("empty.txt", b"")) == "empty file"


def test_zero_byte_docx(write: Write) -> None:
    assert _refused(write("empty.docx", b"")) == "empty file"


def test_random_bytes_named_pdf(write: Write) -> None:
    content = random.Random(1).randbytes(4096)
    assert _refused(write("report.pdf", content)) == (
        "named .pdf but the content is not a PDF: it is binary data of an unknown type"
    )


def test_random_bytes_named_txt(write: Write) -> None:
    reason = _refused(write("notes.txt", random.Random(2).randbytes(4096)))
    assert reason.startswith("unsupported binary content (not txt, md, html, pdf or docx)")


def test_truncated_pdf(write: Write) -> None:
    whole = pdf_bytes(["First page of a real report.", "Second page of it."])
    reason = _refused(write("cut.pdf", whole[: len(whole) // 2]))
    assert reason.startswith("damaged or truncated PDF (")


def test_pdf_with_a_damaged_body(write: Write) -> None:
    whole = pdf_bytes(["Some text."])
    broken = whole[:200] + b"\x00garbage\x00" * 20 + whole[-60:]
    assert _refused(write("broken.pdf", broken)).startswith("damaged or truncated PDF (")


def test_pdf_without_text_layer(write: Write) -> None:
    assert _refused(write("scan.pdf", pdf_bytes(["", ""]))) == (
        "the PDF has no text layer (scanned images need OCR, which praxhub does not do yet)"
    )


def test_broken_docx(write: Write) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>not closed")
    assert _refused(write("broken.docx", buffer.getvalue())).startswith("damaged Word document")


def test_truncated_docx(write: Write) -> None:
    whole = docx_bytes()
    assert "Word document" in _refused(write("cut.docx", whole[: len(whole) // 2]))


def test_html_with_only_navigation(write: Write) -> None:
    assert _refused(write("menu.html", NAV_ONLY_HTML)) == (
        "no main text found (the page holds only navigation or boilerplate)"
    )


def test_text_that_normalises_to_nothing(write: Write) -> None:
    assert _refused(write("blank.txt", "  \n\t\n Share\nPrint\n\u00a0\n")) == "no text after extraction"


def test_file_over_the_size_limit_is_refused_before_reading(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("big.txt", b"x")
    with path.open("r+b") as handle:
        handle.truncate(int(1.5 * 1024 * 1024))  # sparse: big on paper, nothing to write

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file must not be opened")

    monkeypatch.setattr(Path, "open", no_reading)
    assert _refused(path, max_bytes=1024 * 1024) == (
        "file is 1.5 MB, over the limit of 1 MB (PRAXHUB_MAX_FILE_MB)"
    )


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert _refused(tmp_path / "nowhere.pdf") == "no such file"
    assert _refused(tmp_path) == "is a folder, not a file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    assert _refused(pipe) == "not a regular file"


def test_five_megabyte_single_line_is_fast(write: Write) -> None:
    words = ["the", "work", "of", "schools", "and", "families", "is", "what", "prevents", "radicalisation"]
    line = " ".join(words[i % len(words)] for i in range(700_000))[: 5 * 1024 * 1024]
    path = write("one-line.txt", line)
    started = time.perf_counter()
    _, document = parse_file(path, MAX)
    assert time.perf_counter() - started < 3
    assert document.language == "en"
    assert document.title is not None and len(document.title) <= 201


def test_unexpected_library_errors_become_ingest_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(text: str) -> None:
        raise RuntimeError("boom\nwith a second line")

    monkeypatch.setattr("praxhub.ingest.pipeline.read_text", explode)
    with pytest.raises(IngestError) as caught:
        parse_bytes(b"Some text about prevention.", "/tmp/x.txt")
    assert str(caught.value) == "/tmp/x.txt: could not be parsed (RuntimeError: boom with a second line)"


@pytest.mark.parametrize("seed", range(12))
def test_mangled_documents_never_raise_anything_else(seed: int) -> None:
    rng = random.Random(seed)
    originals = [pdf_bytes(["Page one text.", "Page two text."]), docx_bytes(), NAV_ONLY_HTML.encode()]
    content = bytearray(originals[seed % len(originals)])
    for _ in range(rng.randint(1, 40)):
        content[rng.randrange(len(content))] = rng.randrange(256)
    try:
        parse_bytes(bytes(content), f"/tmp/mangled-{seed}{['.pdf', '.docx', '.html'][seed % 3]}")
    except IngestError as error:
        assert "\n" not in str(error)


def test_utf8_text_with_nul_bytes_is_binary() -> None:
    with pytest.raises(IngestError, match="unsupported binary content"):
        parse_bytes(b"text\x00with\x00nuls" * 10, "/tmp/x.txt")


def test_os_error_while_reading(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("a.txt", "text")

    def failing_open(*args: object, **kwargs: object) -> None:
        raise OSError(5, os.strerror(5))

    monkeypatch.setattr(Path, "open", failing_open)
    assert _refused(path) == f"cannot be read ({os.strerror(5)})"
