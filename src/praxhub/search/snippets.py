"""Snippets: a short passage of a hit with the matched words marked.

Backends mark matches with two control characters (START, END) that cannot occur in
normalised text; `Snippet` turns that into HTML, terminal markup or plain text, escaping
everything else.
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass

from praxhub.search import query as q
from praxhub.search.text import QUERY_LANGUAGES, TOKEN_RE, fold, query_stems, stem_words

START, END = "\x02", "\x03"
ELLIPSIS = "…"


@dataclass(frozen=True)
class Snippet:
    marked: str  # text with START/END around matches

    def fragments(self) -> list[tuple[str, bool]]:
        """(text, is_match) pieces in order."""
        out: list[tuple[str, bool]] = []
        rest = self.marked
        while rest:
            i = rest.find(START)
            if i < 0:
                out.append((rest.replace(END, ""), False))
                break
            if i:
                out.append((rest[:i].replace(END, ""), False))
            j = rest.find(END, i + 1)
            j = len(rest) if j < 0 else j
            out.append((rest[i + 1 : j], True))
            rest = rest[j + 1 :]
        return [(t, m) for t, m in out if t]

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.fragments())

    def html(self) -> str:
        return "".join(
            f"<mark>{html.escape(t)}</mark>" if m else html.escape(t) for t, m in self.fragments()
        )

    @property
    def has_match(self) -> bool:
        return START in self.marked


class Matcher:
    """Decides whether a word of a text matches a query, the way the index does."""

    def __init__(self, root: q.Node | None, languages: tuple[str, ...] = QUERY_LANGUAGES) -> None:
        self.exact: set[str] = set()
        self.stems: set[str] = set()
        self.prefixes: list[str] = []
        for leaf in q.leaves(root):
            if isinstance(leaf, q.Term):
                self.exact.add(fold(leaf.word))
                self.stems.update(query_stems(leaf.word, languages))
            elif isinstance(leaf, q.Prefix):
                self.prefixes.append(fold(leaf.word))
            else:
                self.exact.update(fold(w) for w in leaf.words)

    def matches(self, word: str, language: str) -> bool:
        folded = fold(word)
        if folded in self.exact or any(folded.startswith(p) for p in self.prefixes):
            return True
        return bool(self.stems) and _stem(word.lower(), language) in self.stems


@functools.lru_cache(maxsize=65_536)
def _stem(word: str, language: str) -> str:
    # Words repeat across hits and items: stem each one once per process.
    return stem_words([word], language)[0]


def make_snippet(text: str, matcher: Matcher | None, language: str, width: int = 240) -> Snippet:
    """A window of about `width` characters around the first match (or the start of the text)."""
    spans: list[tuple[int, int]] = []
    if matcher is not None:
        limit = 200_000  # look for a match only in the first part of very long texts
        for m in TOKEN_RE.finditer(text, 0, min(len(text), limit)):
            if matcher.matches(m.group(), language):
                spans.append(m.span())
                if len(spans) > 64:
                    break
    start = 0
    if spans:
        start = max(0, spans[0][0] - width // 3)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    end = min(len(text), start + width)
    while end < len(text) and not text[end].isspace() and end - start < width + 30:
        end += 1
    pieces, pos = [], start
    for a, b in spans:
        if a >= start and b <= end:
            pieces.append(text[pos:a] + START + text[a:b] + END)
            pos = b
    pieces.append(text[pos:end])
    body = " ".join("".join(pieces).split())
    return Snippet((ELLIPSIS if start > 0 else "") + body + (ELLIPSIS if end < len(text) else ""))
