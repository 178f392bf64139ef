"""Which files an ingest run reads, in which order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from praxhub.ingest import SUPPORTED_SUFFIXES, iter_files


def test_folders_are_walked_sorted_skipping_hidden_and_unsupported(
    tmp_path: Path, write: Callable[[str, bytes | str], Path]
) -> None:
    for name in (
        "b/report.PDF", "b/a.docx", "a.txt", "c/d/e.md", "notes.markdown", "page.htm", "x.html",
        ".hidden.txt", ".git/config.txt", "c/.cache/x.txt", "image.png", "archive.zip", "README",
    ):
        write(name, "x")
    found = [path.relative_to(tmp_path).as_posix() for path in iter_files([tmp_path])]
    assert found == ["a.txt", "b/a.docx", "b/report.PDF", "c/d/e.md", "notes.markdown", "page.htm", "x.html"]


def test_named_files_are_always_yielded_once(tmp_path: Path, write: Callable[[str, bytes | str], Path]) -> None:
    image = write("image.png", "x")
    hidden = write(".secret.txt", "x")
    text = write("docs/a.txt", "x")
    missing = tmp_path / "missing.pdf"
    found = list(iter_files([image, str(hidden), missing, tmp_path / "docs", text]))
    assert found == [image, hidden, missing, text]


def test_supported_suffixes() -> None:
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"}
