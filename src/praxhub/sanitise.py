"""User-written text (comments, practice records, follow-up notes, expert profiles) is kept as
plain text: nh3 removes any markup on the way in (a <script> element with its content), and the
templates escape it on the way out. Two layers, so neither alone has to be perfect."""

from __future__ import annotations

import html
import re

import nh3

# C0 controls other than tab and newline, DEL, and the C1 block: invisible, and a way to smuggle.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def plain_text(value: str) -> str:
    """`value` without markup or control characters; what a person typed otherwise unchanged
    ("a < b" stays "a < b": the page escapes it)."""
    if not value:
        return ""
    text = value.replace("\r\n", "\n")
    for _round in range(5):  # markup written as entities ("&lt;script&gt;") is markup too, once unescaped
        cleaned = html.unescape(nh3.clean(text, tags=set(), attributes={}, strip_comments=True))
        if cleaned == text:
            break
        text = cleaned
    return _CONTROLS.sub("", text)
