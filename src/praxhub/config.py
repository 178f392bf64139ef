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
from urllib.parse import unquote, urlsplit

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
    Setting("PRAXHUB_SECURE_COOKIES", "0", "1 marks the session and CSRF cookies Secure (sent over HTTPS "
            "only). Turn it on whenever the hub is served over HTTPS; the local default is plain HTTP on loopback."),
    Setting("PRAXHUB_REQUIRE_2FA", "0", "1 requires curators and admins to sign in with a one-time code "
            "(TOTP): until they set it up they are sent to the account security page and cannot use the hub."),
    Setting("PRAXHUB_LOGIN_MAX_FAILURES", "5", "Failed sign-ins (or one-time codes, or password-reset "
            "requests) allowed per user name and per client address within PRAXHUB_LOGIN_WINDOW_MINUTES; "
            "further attempts are refused (HTTP 429) until the window has passed."),
    Setting("PRAXHUB_LOGIN_WINDOW_MINUTES", "15", "The window, in minutes, of PRAXHUB_LOGIN_MAX_FAILURES."),
    Setting("PRAXHUB_EMAIL_BACKEND", "console", "How e-mail (password reset) is sent: 'console' writes it to "
            "the server's log; an SMTP URL sends it, e.g. smtp://user:password@mail.example.org:587 "
            "(STARTTLS), smtps://…:465 (TLS) or smtp+plain://localhost:25 (no encryption, local relay only)."),
    Setting("PRAXHUB_EMAIL_FROM", "praxhub@localhost", "The sender address of the e-mail praxhub sends."),
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


def _flag(name: str) -> bool:
    return _env(name).strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class EmailConfig:
    """How praxhub sends e-mail (PRAXHUB_EMAIL_BACKEND, PRAXHUB_EMAIL_FROM)."""

    backend: str = "console"  # "console" or "smtp"
    sender: str = "praxhub@localhost"
    host: str = ""
    port: int = 0
    user: str = ""
    password: str = field(repr=False, default="")
    use_tls: bool = False  # STARTTLS
    use_ssl: bool = False  # TLS from the first byte


def _email() -> EmailConfig:
    raw = _env("PRAXHUB_EMAIL_BACKEND").strip()
    sender = _env("PRAXHUB_EMAIL_FROM").strip()
    if "@" not in sender:
        raise ConfigError(f"PRAXHUB_EMAIL_FROM={sender!r} is not an e-mail address")
    if raw.lower() == "console":
        return EmailConfig(sender=sender)
    url = urlsplit(raw)
    schemes = {"smtp": (587, True, False), "smtps": (465, False, True), "smtp+plain": (25, False, False)}
    if url.scheme not in schemes or not url.hostname:
        raise ConfigError("PRAXHUB_EMAIL_BACKEND must be 'console' or an SMTP URL such as "
                          "smtp://user:password@mail.example.org:587")
    default_port, use_tls, use_ssl = schemes[url.scheme]
    try:
        port = url.port or default_port
    except ValueError:
        raise ConfigError("PRAXHUB_EMAIL_BACKEND has a port that is not a number") from None
    return EmailConfig(backend="smtp", sender=sender, host=url.hostname, port=port,
                       user=unquote(url.username or ""), password=unquote(url.password or ""),
                       use_tls=use_tls, use_ssl=use_ssl)


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
    secure_cookies: bool = False
    require_2fa: bool = False
    login_max_failures: int = 5
    login_window_seconds: int = 15 * 60
    email: EmailConfig = field(repr=False, default_factory=EmailConfig)

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
        debug=_flag("PRAXHUB_DEBUG"),
        allowed_hosts=tuple(h.strip() for h in _env("PRAXHUB_ALLOWED_HOSTS").split(",") if h.strip()),
        log_level=_env("PRAXHUB_LOG_LEVEL").upper(),
        secret_key=_env("PRAXHUB_SECRET_KEY"),
        secure_cookies=_flag("PRAXHUB_SECURE_COOKIES"),
        require_2fa=_flag("PRAXHUB_REQUIRE_2FA"),
        login_max_failures=_positive_int("PRAXHUB_LOGIN_MAX_FAILURES"),
        login_window_seconds=_positive_int("PRAXHUB_LOGIN_WINDOW_MINUTES") * 60,
        email=_email(),
    )


@lru_cache(maxsize=1)
def get() -> Config:
    """The process-wide configuration, read once."""
    return load()
