"""Reading files from disk: which files to ingest, and the size limit."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from praxhub.ingest.model import IngestError, ParsedDocument
from praxhub.ingest.pipeline import parse_bytes

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
_MB = 1024 * 1024


def parse_file(path: str | Path, max_bytes: int) -> tuple[bytes, ParsedDocument]:
    """Read and parse one file; return its original bytes (to be stored) and the parsed document.

    A file over `max_bytes` is refused before it is read.
    """
    source = Path(path).absolute()
    name = str(source)
    try:
        if source.is_dir():
            raise IngestError(name, "is a folder, not a file")
        status = source.stat()
        if not stat.S_ISREG(status.st_mode):
            # A pipe or device would block the read below, or never end.
            raise IngestError(name, "not a regular file")
        size = status.st_size
        if size > max_bytes:
            raise IngestError(name, _too_large(size, max_bytes))
        with source.open("rb") as handle:
            # Read one byte more than allowed: a file that grew since stat() is refused too.
            content = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise IngestError(name, "no such file") from None
    except PermissionError:
        raise IngestError(name, "permission denied") from None
    except OSError as error:
        raise IngestError(name, f"cannot be read ({error.strerror or error})") from None
    if len(content) > max_bytes:
        raise IngestError(name, _too_large(len(content), max_bytes))
    return content, parse_bytes(content, name)


def _too_large(size: int, max_bytes: int) -> str:
    limit = max_bytes / _MB
    limit_text = f"{limit:.0f}" if limit == int(limit) else f"{limit:.1f}"
    return f"file is {size / _MB:.1f} MB, over the limit of {limit_text} MB (PRAXHUB_MAX_FILE_MB)"


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files to ingest from files and folders, in a stable order, each once.

    Folders are walked recursively in sorted order, skipping hidden files and folders and files
    whose suffix is not supported. A path named explicitly is always yielded, whatever it is, so
    that the caller can report why it was not ingested.
    """
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        candidates = _walk(path) if path.is_dir() else iter([path])
        for candidate in candidates:
            key = candidate.absolute()
            if key not in seen:
                seen.add(key)
                yield candidate


def _walk(folder: Path) -> Iterator[Path]:
    found: list[tuple[tuple[str, ...], Path]] = []
    # os.walk does not follow symlinked folders, so a link loop cannot make the walk endless.
    for root, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        root_path = Path(root)
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            path = root_path / name
            found.append((path.relative_to(folder).parts, path))
    found.sort(key=lambda item: item[0])
    for _, path in found:
        yield path
