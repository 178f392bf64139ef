"""Who is writing: the origin of the current request, command or job, kept in a context variable.

Plain Python (no Django), so that the CLI can set it before Django is set up. The web middleware
sets the request (its user is read when an entry is written, so that an API token authenticating
inside the view still counts); the CLI sets "cli:<os user>"; anything else writes as "system".
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any

SOURCES = ("web", "api", "cli", "system")


@dataclass(frozen=True)
class Origin:
    source: str = "system"
    label: str = "system"  # who, when there is no request (the CLI, jobs)
    request: Any = None  # the web request whose user is the actor
    request_id: str = ""


_origin: ContextVar[Origin] = ContextVar("praxhub_audit_origin", default=Origin())  # noqa: B039 - frozen
_quiet: ContextVar[bool] = ContextVar("praxhub_audit_quiet", default=False)


def current() -> Origin:
    return _origin.get()


def set_origin(origin: Origin) -> Token[Origin]:
    return _origin.set(origin)


def reset_origin(token: Token[Origin]) -> None:
    _origin.reset(token)


@contextmanager
def acting(origin: Origin) -> Iterator[Origin]:
    token = _origin.set(origin)
    try:
        yield origin
    finally:
        _origin.reset(token)


def cli_origin() -> Origin:
    """The operating-system user running the command line."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no name for this uid (some containers)
        user = "unknown"
    return Origin(source="cli", label=f"cli:{user}")


def is_quiet() -> bool:
    return _quiet.get()


@contextmanager
def quiet() -> Iterator[None]:
    """Row-by-row entries are not written inside this block: the caller records one summary entry
    (an ingested document, a deleted account)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)
