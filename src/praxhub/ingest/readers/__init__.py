"""One reader per format. Each turns content into raw text (normalised later by the pipeline)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Extracted:
    """What a reader found. `pages` holds one raw text per page (a single entry for paged-less formats)."""

    pages: list[str]
    title: str | None = None  # from the format's own structure: <title>/h1, a heading, Word title
    # True when the format marks `title` as the title (HTML <title>, Word's Title); False when it is
    # only the first heading, which may be a label such as "CONCEPT NOTE" and is checked like a line.
    title_is_marked: bool = True
    published: dt.date | None = None  # from the format's own metadata (HTML meta tags)
    warnings: list[str] = field(default_factory=list)
