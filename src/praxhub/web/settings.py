"""Django settings, derived from praxhub.config (the one place configuration is read)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from praxhub import config

CONFIG = config.get()
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _secret_key() -> str:
    if CONFIG.secret_key:
        return CONFIG.secret_key
    # A random key kept beside the data, so sessions survive restarts of a local install.
    key_file = CONFIG.data_dir / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        CONFIG.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        key_file.touch(mode=0o600)
        key_file.write_text(key)
        return key


SECRET_KEY = _secret_key()
DEBUG = CONFIG.debug
ALLOWED_HOSTS = list(CONFIG.allowed_hosts)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Only for its templates and static files: /api/docs then serves Swagger UI from the hub itself
    # (no CDN, no inline script), which the Content-Security-Policy allows.
    "ninja",
    "praxhub.documents",
    "praxhub.organisations",
    "praxhub.events",
    "praxhub.recommendations",
    "praxhub.practices",
    "praxhub.discussion",
    "praxhub.accounts",
    "praxhub.search",
    "praxhub.audit",
    "praxhub.web",
]

MIDDLEWARE = [
    "praxhub.web.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "praxhub.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "praxhub.audit.middleware.AuditContextMiddleware",
    "praxhub.web.access.AccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "praxhub.web.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "praxhub.web.urls"
WSGI_APPLICATION = "praxhub.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    db: dict[str, Any] = dict(dj_database_url.parse(CONFIG.database_url, conn_max_age=60))
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web app read while an ingest writes; IMMEDIATE avoids lock upgrades
        # failing mid-transaction; synchronous=NORMAL is durable in WAL mode at commit.
        db["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
        db["CONN_MAX_AGE"] = 0
    else:
        db.setdefault("TEST", {})
    return db


DATABASES = {"default": _database()}

# One cache for every worker process (counts shown on the home page; see documents.services),
# kept beside the data so a restart does not recompute everything at once.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CONFIG.data_dir / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 for every new or changed password; the others stay so older hashes still verify and are
# upgraded to Argon2 at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("de", "Deutsch")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# No STATIC_ROOT: whitenoise serves straight from the package through the finders, so
# there is no collectstatic step to forget.
STATICFILES_DIRS = [PACKAGE_DIR / "web" / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Explicit limits on what a request may carry (Django's defaults, written down): a larger form or
# JSON body is refused with 400 before any view reads it. No page takes file uploads.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Secure cookies only when the hub is served over HTTPS (PRAXHUB_SECURE_COOKIES); a local install
# answers plain HTTP on loopback, where a Secure cookie would never come back.
SESSION_COOKIE_SECURE = CONFIG.secure_cookies
CSRF_COOKIE_SECURE = CONFIG.secure_cookies

# Sign-in: failed attempts per user name and per client address (praxhub.accounts.ratelimit), and
# whether curators and admins must use a second factor (praxhub.web.middleware).
PRAXHUB_LOGIN_MAX_FAILURES = CONFIG.login_max_failures
PRAXHUB_LOGIN_WINDOW_SECONDS = CONFIG.login_window_seconds
PRAXHUB_REQUIRE_2FA = CONFIG.require_2fa

DEFAULT_FROM_EMAIL = CONFIG.email.sender
SERVER_EMAIL = CONFIG.email.sender
if CONFIG.email.backend == "smtp":
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = CONFIG.email.host
    EMAIL_PORT = CONFIG.email.port
    EMAIL_HOST_USER = CONFIG.email.user
    EMAIL_HOST_PASSWORD = CONFIG.email.password
    EMAIL_USE_TLS = CONFIG.email.use_tls
    EMAIL_USE_SSL = CONFIG.email.use_ssl
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "praxhub": {"handlers": ["console"], "level": CONFIG.log_level},
        "django": {"handlers": ["console"], "level": "WARNING"},
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
