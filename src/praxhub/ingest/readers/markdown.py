"""Markdown → plain text with markdown-it-py: the syntax goes, the words stay."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from praxhub.ingest.readers import Extracted

# A heading further down is a section heading, not the document's title.
_TITLE_WITHIN_BLOCKS = 8
_BULLET = "• "


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Raw HTML is parsed (and then dropped) rather than shown as literal tags.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def read_markdown(text: str) -> Extracted:
    tokens = _parser().parse(text)
    blocks: list[tuple[str, str]] = []  # (separator before, text)
    title: str | None = None
    lists: list[int | None] = []  # per open list: the next number, or None for bullets
    marker = ""
    in_heading = False
    row: list[str] | None = None
    for token in tokens:
        kind = token.type
        if kind == "bullet_list_open":
            lists.append(None)
        elif kind == "ordered_list_open":
            lists.append(int(token.attrGet("start") or 1))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open" and lists:
            number = lists[-1]
            if number is None:
                marker = _BULLET
            else:
                marker = f"{number}. "
                lists[-1] = number + 1
        elif kind == "heading_open":
            in_heading = True
        elif kind == "heading_close":
            in_heading = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            blocks.append(("\n", " | ".join(cell for cell in row if cell)))
            row = None
        elif kind in ("fence", "code_block"):
            blocks.append(("\n\n", token.content.rstrip("\n")))
        elif kind == "inline":
            children = token.children or []
            if _only_links_to_anchors(children):
                marker = ""
                continue
            line = _inline_text(children).strip()
            if row is not None:
                row.append(line.replace("\n", " "))
                continue
            if not line:
                continue
            if in_heading and title is None and len(blocks) < _TITLE_WITHIN_BLOCKS:
                title = " ".join(line.split())
            separator = "\n" if lists and not in_heading else "\n\n"
            blocks.append((separator, marker + line))
            marker = ""
    parts: list[str] = []
    for separator, block in blocks:
        if parts:
            parts.append(separator)
        parts.append(block)
    return Extracted(pages=["".join(parts)], title=title, title_is_marked=False)


def _inline_text(children: Sequence[Token]) -> str:
    pieces: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            pieces.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            pieces.append("\n")
        elif kind == "image":
            # The alt text is the image's words; markdown-it keeps it in the children.
            pieces.append(_inline_text(child.children or []))
    return "".join(pieces)


def _only_links_to_anchors(children: Sequence[Token]) -> bool:
    """A paragraph that is nothing but links to '#' is a dead navigation widget ('[29th session file](#)')."""
    found = False
    depth = 0
    for child in children:
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            if href not in ("", "#"):
                return False
            found = True
            depth += 1
        elif child.type == "link_close":
            depth -= 1
        elif depth == 0 and child.type not in ("softbreak", "hardbreak") and child.content.strip():
            return False
    return found
