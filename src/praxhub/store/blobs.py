"""Content-addressed storage of original files: <data_dir>/originals/ab/cd/<sha256>.

Plain Python (no Django) so ingest workers can write originals themselves. Writes are atomic
(temporary file + rename), so a killed process never leaves a partial original under its final
name. There is no fsync per file (it cost more than parsing); after a power loss an original
may be short, so a stored original whose size does not match is written again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def path_for(root: Path, sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return root / sha256[:2] / sha256[2:4] / sha256


def put(root: Path, content: bytes, sha256: str | None = None) -> str:
    digest = sha256 or hashlib.sha256(content).hexdigest()
    target = path_for(root, digest)
    try:
        if target.stat().st_size == len(content):
            return digest
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest


def read(root: Path, sha256: str) -> bytes:
    return path_for(root, sha256).read_bytes()


def exists(root: Path, sha256: str) -> bool:
    return path_for(root, sha256).exists()
