"""The search query language, parsed once into a small tree that each backend compiles.

    radicalisation prison          both words (AND is implicit)
    prison OR probation            either
    prison NOT probation           also: prison -probation
    "exit programme"               a phrase
    radical*                       a prefix
    (prison OR probation) exit     grouping

Operators are recognised only in capitals, so "and"/"or"/"not" are ordinary words. Anything
else is read as words: user input never reaches a database query language unescaped. Malformed
input (an unbalanced quote or parenthesis, a dangling operator, a huge query) is repaired and a
notice says how, rather than failing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from praxhub.search.text import TOKEN_RE

MAX_DEPTH = 16


class QuerySyntaxError(ValueError):
    """A query that cannot be run as written; the message says what to change."""


@dataclass(frozen=True)
class Term:
    word: str  # one token, lower-cased, diacritics kept


@dataclass(frozen=True)
class Prefix:
    word: str


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Term | Prefix | Phrase | And | Or | Not


@dataclass
class ParsedQuery:
    root: Node | None
    notices: list[str] = field(default_factory=list)
    explicit: bool = False  # the user typed operators or groups (AND OR NOT - ( ))

    @property
    def is_empty(self) -> bool:
        return self.root is None


@dataclass(frozen=True)
class _Tok:
    kind: str  # WORD PHRASE LPAREN RPAREN AND OR NOT
    text: str = ""
    prefix: bool = False


def _lex(query: str, notices: list[str]) -> list[_Tok]:
    out: list[_Tok] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c == '"':
            end = query.find('"', i + 1)
            if end < 0:
                notices.append("A closing quote was missing; the phrase runs to the end of the query.")
                end = n
            body = query[i + 1 : end]
            prefix = body.rstrip().endswith("*")
            out.append(_Tok("PHRASE", body, prefix))
            i = end + 1
        elif c in "()":
            out.append(_Tok("LPAREN" if c == "(" else "RPAREN"))
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '"()':
                j += 1
            chunk = query[i:j]
            i = j
            if chunk in ("AND", "&&"):
                out.append(_Tok("AND"))
            elif chunk in ("OR", "||"):
                out.append(_Tok("OR"))
            elif chunk == "NOT":
                out.append(_Tok("NOT"))
            elif chunk.startswith("-") and len(chunk) > 1 and TOKEN_RE.search(chunk):
                out.append(_Tok("NOT"))
                out.append(_Tok("WORD", chunk[1:], chunk.endswith("*")))
            else:
                out.append(_Tok("WORD", chunk, chunk.endswith("*")))
    return out


class _Parser:
    def __init__(self, toks: list[_Tok], max_terms: int, notices: list[str]) -> None:
        self.toks = toks
        self.pos = 0
        self.max_terms = max_terms
        self.terms = 0
        self.cut = False
        self.notices = notices

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> Node | None:
        node = self.or_expr(0)
        while self.peek() is not None:  # a stray ')' ends or_expr early: skip it and go on
            tok = self.take()
            if tok.kind == "RPAREN":
                self.notice("An unmatched ')' was ignored.")
            rest = self.or_expr(0)
            node = _and([node, rest])
        if self.cut:
            self.notices.append(f"The query was cut to its first {self.max_terms} terms.")
        return node

    def notice(self, text: str) -> None:
        if text not in self.notices:
            self.notices.append(text)

    def or_expr(self, depth: int) -> Node | None:
        items = [self.and_expr(depth)]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.take()
            items.append(self.and_expr(depth))
        present = [x for x in items if x is not None]
        if len(present) < len(items):
            self.notice("An OR without a term on both sides was ignored.")
        if not present:
            return None
        return present[0] if len(present) == 1 else Or(tuple(present))

    def and_expr(self, depth: int) -> Node | None:
        items: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "RPAREN"):
            if tok.kind == "AND":
                self.take()
                continue
            node = self.unary(depth)
            if node is not None:
                items.append(node)
        return _and(items)

    def unary(self, depth: int) -> Node | None:
        tok = self.peek()
        if tok is not None and tok.kind == "NOT":
            self.take()
            nxt = self.peek()
            if nxt is None or nxt.kind in ("OR", "RPAREN", "AND"):
                self.notice("A NOT without a term after it was ignored.")
                return None
            inner = self.unary(depth)
            if inner is None:
                return None
            return inner.item if isinstance(inner, Not) else Not(inner)
        return self.primary(depth)

    def primary(self, depth: int) -> Node | None:
        tok = self.take()
        if tok.kind == "LPAREN":
            if depth >= MAX_DEPTH:
                self.notice("Parentheses nested too deeply were ignored.")
                return None
            node = self.or_expr(depth + 1)
            if (nxt := self.peek()) is not None and nxt.kind == "RPAREN":
                self.take()
            else:
                self.notice("A missing ')' was added at the end of the query.")
            return node
        if tok.kind == "RPAREN":  # only reachable at top level through parse()
            return None
        return self.leaf(tok)

    def leaf(self, tok: _Tok) -> Node | None:
        found = TOKEN_RE.findall(tok.text.lower())
        if not found:
            return None
        if self.terms >= self.max_terms:
            self.cut = True
            return None
        room = self.max_terms - self.terms
        if len(found) > room:
            found, self.cut = found[:room], True
        self.terms += len(found)
        if tok.kind == "PHRASE" or len(found) > 1:
            if len(found) == 1:
                return Prefix(found[0]) if tok.prefix else Term(found[0])
            return Phrase(tuple(found))
        return Prefix(found[0]) if tok.prefix else Term(found[0])


def _and(items: Sequence[Node | None]) -> Node | None:
    flat: list[Node] = []
    for item in items:
        if isinstance(item, And):
            flat.extend(item.items)
        elif item is not None:
            flat.append(item)
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def _check_negations(node: Node, allowed: bool) -> None:
    """A NOT must exclude from something required (FTS5 has only binary NOT)."""
    if isinstance(node, Not):
        if not allowed:
            raise QuerySyntaxError(
                "NOT can only exclude words from required ones, e.g. 'prison NOT probation'; "
                "it cannot stand inside OR."
            )
        _check_negations(node.item, allowed=False)
    elif isinstance(node, And):
        for item in node.items:
            _check_negations(item, allowed=True)
    elif isinstance(node, Or):
        for item in node.items:
            _check_negations(item, allowed=False)


def parse(query: str, max_terms: int = 64) -> ParsedQuery:
    notices: list[str] = []
    tokens = _lex(query, notices)
    root = _Parser(tokens, max_terms, notices).parse()
    if root is not None:
        _check_negations(root, allowed=True)
    explicit = any(t.kind in ("AND", "OR", "NOT", "LPAREN") for t in tokens)
    return ParsedQuery(root, notices, explicit)


def positive_and_negative(node: Node) -> tuple[list[Node], list[Node]]:
    """Split a node into the parts that must match and the parts that must not."""
    items = node.items if isinstance(node, And) else (node,)
    positive: list[Node] = [x for x in items if not isinstance(x, Not)]
    negative = [x.item for x in items if isinstance(x, Not)]
    return positive, negative


def leaves(node: Node | None) -> list[Term | Prefix | Phrase]:
    """The positive words of a query, for highlighting."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, (Term, Prefix, Phrase)):
        return [node]
    out: list[Term | Prefix | Phrase] = []
    for item in node.items:
        out.extend(leaves(item))
    return out
