"""Batch ingest: find files, skip what is already stored, parse (in parallel if asked),
save each document in its own transaction, and report every step as an event.

Parsing runs in worker processes that import no Django; the main process alone writes to
the database, so a batch killed at any point leaves only whole documents behind and a
re-run completes it.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from praxhub import config, ingest
from praxhub.accounts.audience import Access
from praxhub.search.backends import get_backend
from praxhub.store.documents import ADDED, FAILED, UNCHANGED, UPDATED, save_parsed, stored_digests
from praxhub.store.worker import parse_and_keep

OUTCOMES = (ADDED, UPDATED, UNCHANGED, FAILED)
LOOKUP_CHUNK = 500  # paths looked up per query when skipping unchanged files


@dataclass(frozen=True)
class IngestEvent:
    path: str
    outcome: str
    size: int
    document_id: int | None = None
    error: str | None = None


@dataclass
class IngestReport:
    counts: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    bytes: int = 0
    seconds: float = 0.0

    @property
    def files(self) -> int:
        return sum(self.counts.values())

    @property
    def ok(self) -> bool:
        return not self.counts[FAILED]


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Files to ingest and error lines for paths that do not exist."""
    files: list[Path] = []
    errors: list[str] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            errors.append(f"{raw}: no such file or directory")
            continue
        files.extend(ingest.iter_files([p]))
    return files, errors


def ingest_paths(
    paths: Iterable[str | Path],
    jobs: int = 1,
    force: bool = False,
    on_event: Callable[[IngestEvent], None] | None = None,
    files: list[Path] | None = None,
    extract: bool = True,
    access: Access | None = None,
) -> IngestReport:
    cfg = config.get()
    report = IngestReport()
    started = time.perf_counter()

    def emit(event: IngestEvent) -> None:
        report.counts[event.outcome] += 1
        report.bytes += event.size
        if event.error:
            report.errors.append(event.error)
        if on_event:
            on_event(event)

    if files is None:
        files, missing = collect(paths)
        for line in missing:
            emit(IngestEvent(line.split(": ", 1)[0], FAILED, 0, error=line))

    todo: list[tuple[str, int]] = []
    for chunk_start in range(0, len(files), LOOKUP_CHUNK):
        chunk = files[chunk_start : chunk_start + LOOKUP_CHUNK]
        resolved = [str(p.resolve()) for p in chunk]
        stored = {} if force else stored_digests(resolved)
        for path, path_str in zip(chunk, resolved, strict=True):
            try:
                size = path.stat().st_size
                if path_str in stored and 0 < size <= cfg.max_file_bytes and access is None:
                    doc_id, sha = stored[path_str]
                    if _file_digest(path) == sha:
                        emit(IngestEvent(path_str, UNCHANGED, size, doc_id))
                        continue
            except OSError as exc:
                emit(IngestEvent(path_str, FAILED, 0, error=f"{path}: cannot read the file ({exc.strerror or exc})"))
                continue
            todo.append((path_str, size))

    for (path_str, size), (status, value) in zip(todo, _parse_all(todo, jobs, cfg, extract), strict=True):
        if status == "error":
            assert isinstance(value, str)
            emit(IngestEvent(path_str, FAILED, size, error=value))
            continue
        assert isinstance(value, tuple)
        parsed, extraction = value
        result = save_parsed(parsed, force=force, extraction=extraction, access=access)
        emit(IngestEvent(path_str, result.outcome, size, result.document_id))

    if report.counts[ADDED] or report.counts[UPDATED]:
        # The first search after a batch should not have to catch up with all of it.
        get_backend().catch_up()
    report.seconds = time.perf_counter() - started
    return report


def _parse_all(
    todo: list[tuple[str, int]], jobs: int, cfg: config.Config, extract: bool
) -> Iterator[tuple[str, object]]:
    originals = str(cfg.originals_dir)
    if jobs <= 1 or len(todo) < 2:
        for path, _ in todo:
            yield parse_and_keep(path, cfg.max_file_bytes, originals, extract)
        return
    # spawn: workers start clean, without the parent's database connections.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield from pool.map(
            parse_and_keep,
            [p for p, _ in todo],
            [cfg.max_file_bytes] * len(todo),
            [originals] * len(todo),
            [extract] * len(todo),
            chunksize=max(1, min(16, len(todo) // (jobs * 8) or 1)),
        )
