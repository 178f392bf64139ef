"""Encodings of the hub's data for places where text from documents could do harm: inside an
HTML <script> element (JSON-LD) and in a spreadsheet cell (CSV exports). Plain Python, shared
by every domain's exports."""

from __future__ import annotations

import json
from typing import Any

# A cell starting like this is run as a formula by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: <, > and & cannot end the element or open a
    comment, and the two Unicode line separators cannot break a JavaScript string."""
    text = json.dumps(data, ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def csv_cell(value: Any) -> str:
    """A value as one CSV cell: lists joined with "; ", references by name, and text that a
    spreadsheet would run as a formula quoted with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("name", "")
    elif isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
