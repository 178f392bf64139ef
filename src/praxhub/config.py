"""The one place where praxhub reads its configuration.

Every setting comes from an environment variable with a documented default. `praxhub settings`
prints them; README.md lists them. Nothing else in the code base reads os.environ for
configuration.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import platformdirs


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("PRAXHUB_DATA_DIR", "", "Where the database, the originals and the logs live "
            "(default: the platform's user data directory, e.g. ~/.local/share/praxhub)."),
    Setting("PRAXHUB_DATABASE_URL", "", "Database URL, e.g. postgresql://user@host:5432/praxhub "
            "(default: sqlite:///<PRAXHUB_DATA_DIR>/praxhub.sqlite3)."),
    Setting("PRAXHUB_MAX_FILE_MB", "100", "Files larger than this many megabytes are refused at ingest."),
    Setting("PRAXHUB_SEARCH_MAX_CHARS", "500000", "Only the first N characters of a document's text "
            "are indexed for full-text search (PostgreSQL's tsvector has a hard size limit)."),
    Setting("PRAXHUB_SEARCH_MAX_TERMS", "64", "Longer queries are cut to this many terms, with a notice."),
    Setting("PRAXHUB_SEARCH_RANKER", "tantivy", "On SQLite: 'tantivy' ranks search results with a tantivy "
            "index kept beside the database file (<file>.search-index) (milliseconds at 100k documents), 'fts5' "
            "with SQLite's own bm25 (no extra files, 50-200 ms for a common word at 100k documents)."),
    Setting("PRAXHUB_SEARCH_MAX_LIMIT", "1000", "The most hits one search request may return."),
    Setting("PRAXHUB_SECRET_KEY", "", "Django secret key. Required when PRAXHUB_DEBUG is off and the "
            "server is not bound to loopback; a random per-data-dir key is created otherwise."),
    Setting("PRAXHUB_DEBUG", "0", "1 turns on Django's debug mode (never in production)."),
    Setting("PRAXHUB_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]", "Comma-separated host names the web app answers to."),
    Setting("PRAXHUB_LOG_LEVEL", "WARNING", "Log level for praxhub's own loggers."),
)


def _env(name: str) -> str:
    for setting in SETTINGS:
        if setting.name == name:
            return os.environ.get(name, setting.default)
    raise KeyError(name)


def _positive_int(name: str) -> int:
    raw = _env(name)
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} must be greater than zero")
    return value


def _choice(name: str, choices: tuple[str, ...]) -> str:
    value = _env(name).strip().lower()
    if value not in choices:
        raise ConfigError(f"{name}={value!r} must be one of {', '.join(choices)}")
    return value


class ConfigError(ValueError):
    """A setting has a value praxhub cannot use."""


@dataclass(frozen=True)
class Config:
    data_dir: Path
    database_url: str
    max_file_bytes: int
    search_max_chars: int
    search_max_terms: int
    search_max_limit: int
    search_ranker: str
    debug: bool
    allowed_hosts: tuple[str, ...]
    log_level: str
    secret_key: str = field(repr=False, default="")

    @property
    def originals_dir(self) -> Path:
        return self.data_dir / "originals"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")


def load() -> Config:
    """Read the configuration from the environment (uncached; see `get`)."""
    data_dir = Path(_env("PRAXHUB_DATA_DIR") or platformdirs.user_data_dir("praxhub", appauthor=False))
    data_dir = data_dir.expanduser().resolve()
    database_url = _env("PRAXHUB_DATABASE_URL") or f"sqlite:///{data_dir / 'praxhub.sqlite3'}"
    return Config(
        data_dir=data_dir,
        database_url=database_url,
        max_file_bytes=_positive_int("PRAXHUB_MAX_FILE_MB") * 1024 * 1024,
        search_max_chars=_positive_int("PRAXHUB_SEARCH_MAX_CHARS"),
        search_max_terms=_positive_int("PRAXHUB_SEARCH_MAX_TERMS"),
        search_max_limit=_positive_int("PRAXHUB_SEARCH_MAX_LIMIT"),
        search_ranker=_choice("PRAXHUB_SEARCH_RANKER", ("tantivy", "fts5")),
        debug=_env("PRAXHUB_DEBUG").strip().lower() in {"1", "true", "yes", "on"},
        allowed_hosts=tuple(h.strip() for h in _env("PRAXHUB_ALLOWED_HOSTS").split(",") if h.strip()),
        log_level=_env("PRAXHUB_LOG_LEVEL").upper(),
        secret_key=_env("PRAXHUB_SECRET_KEY"),
    )


@lru_cache(maxsize=1)
def get() -> Config:
    """The process-wide configuration, read once."""
    return load()
