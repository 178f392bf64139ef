"""Reading request parameters the same way in every service (plain Python, no Django)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any


def text(params: Mapping[str, Any], name: str) -> str:
    """One parameter as stripped text ("" when absent)."""
    value = params.get(name, "")
    return str(value).strip() if value is not None else ""


def as_query(filters: Any) -> dict[str, str]:
    """A filters dataclass as the query-string parameters that reproduce it (set ones only)."""
    return {k: str(v) for k, v in dataclasses.asdict(filters).items() if v not in ("", None)}
