"""Themes of the contract's taxonomy, scored from explainable term lists (data/themes.yaml).

Each theme has terms in English, French and German with a weight: strong (1.0), weak (0.5) or hint
(0.25). Words and phrases are matched on Snowball stems (PyStemmer), "=..." terms on exact words,
"*...*" terms on parts of words (German compounds). Per theme, each distinct term contributes its
weight times BM25's saturating term frequency (1, 1.38, 1.57, ... → 2.2 in a short document); past
1 500 words a document needs proportionally more occurrences for the same value, so that one
passing mention in a long report counts less than in a two-page note. `score_themes` keeps themes
scoring at least THRESHOLD (one strong term, or two weak ones, in a short document); `terms` says
why.

No model, no network: a curator can read every decision off the term list.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick
import Stemmer
import yaml

from praxhub.extract.model import THEMES, ThemeScore

DATA = Path(__file__).parent / "data"
WEIGHTS = {"strong": 1.0, "weak": 0.5, "hint": 0.25}
THRESHOLD = 1.0            # document themes: minimum length-normalised score
ITEM_THRESHOLD = 0.5       # items: at least one weak term, or a strong one
K1 = 1.2                   # BM25 frequency saturation
B = 0.75                   # BM25 length normalisation
FREE_WORDS = 1500          # documents up to this many words are not length-penalised
MAX_TOKENS = 100_000       # work cap for huge inputs
SNOWBALL = {"en": "english", "fr": "french", "de": "german"}

_TOKEN = re.compile(r"[^\W_]+")
_MARKS = re.compile(r"[\u0300-\u036f]")


def _fold(word: str) -> str:
    if word.isascii():
        return word.lower()
    return _MARKS.sub("", unicodedata.normalize("NFKD", word.lower()))


@dataclass(frozen=True)
class _Term:
    theme: str
    label: str          # as written in themes.yaml
    weight: float


@dataclass
class _Lexicon:
    stemmer: Any
    terms: list[_Term]
    by_key: dict[tuple[str, str, tuple[str, ...]], int]        # (theme, kind, keys) → term id
    phrases: dict[str, list[tuple[tuple[str, ...], int]]]      # first stem → (stems, term id)
    exact: dict[str, list[tuple[tuple[str, ...], int]]]        # first folded word → (words, term id)
    stops: dict[str, list[tuple[tuple[str, ...], bool]]]       # first key → (keys, exact?)
    wild: Any                                                   # Aho-Corasick over word parts, or None
    wild_terms: dict[str, list[tuple[str, int]]]               # part → (mode, term id)


def _expand(term: str) -> list[str]:
    """"exchange of (good|best) practice" → both phrases."""
    parts = re.split(r"\(([^()]*\|[^()]*)\)", term)
    options = [p.split("|") if i % 2 else [p] for i, p in enumerate(parts)]
    return [" ".join("".join(choice).split()) for choice in itertools.product(*options)]


def _stems(stemmer: Any, text: str) -> tuple[str, ...]:
    words = [w.lower() for w in _TOKEN.findall(text)]
    return tuple(_fold(s) for s in stemmer.stemWords(words))


@cache
def _data() -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (DATA / "themes.yaml").open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=loader) or {}  # noqa: S506 - a safe loader
    return data if isinstance(data, dict) else {}


@cache
def _lexicon(language: str) -> _Lexicon:
    stemmer = Stemmer.Stemmer(SNOWBALL[language])
    data = _data()
    lex = _Lexicon(stemmer, [], {}, {}, {}, {}, None, {})
    seen: set[tuple[str, str]] = set()
    for theme, by_lang in (data.get("themes") or {}).items():
        if theme not in THEMES:
            continue
        for strength, items in ((by_lang or {}).get(language) or {}).items():
            weight = WEIGHTS.get(strength)
            if weight is None:
                continue
            for raw in items or []:
                for term in _expand(str(raw)):
                    if (theme, term.lower()) in seen:
                        continue
                    seen.add((theme, term.lower()))
                    _add_term(lex, _Term(theme, term.lstrip("="), weight), term)
    for raw in (data.get("stop") or {}).get(language) or []:
        for term in _expand(str(raw)):
            if term.startswith("="):
                keys = tuple(_fold(w) for w in _TOKEN.findall(term[1:]))
                exact = True
            else:
                keys = _stems(stemmer, term)
                exact = False
            if keys:
                lex.stops.setdefault(keys[0], []).append((keys, exact))
    if lex.wild_terms:
        automaton = ahocorasick.Automaton()
        for part in lex.wild_terms:
            automaton.add_word(part, part)
        automaton.make_automaton()
        lex.wild = automaton
    return lex


def _add_term(lex: _Lexicon, term: _Term, raw: str) -> None:
    """Index one term; terms of a theme that reduce to the same stems are one term (the first
    label, the highest weight), so that "cooperate" and "cooperation" do not count twice."""
    if "*" in raw:
        body = _fold(raw.strip("*"))
        if not body or " " in body:
            return
        mode = "infix" if raw.startswith("*") and raw.endswith("*") else "prefix" if raw.endswith("*") else "suffix"
        keys: tuple[str, ...] = (mode, body)
        kind = "wild"
    elif raw.startswith("="):
        keys = tuple(_fold(w) for w in _TOKEN.findall(raw[1:]))
        kind = "exact"
    else:
        keys = _stems(lex.stemmer, raw)
        kind = "stem"
    if not keys:
        return
    existing = lex.by_key.get((term.theme, kind, keys))
    if existing is not None:
        old = lex.terms[existing]
        if term.weight > old.weight:
            lex.terms[existing] = _Term(old.theme, old.label, term.weight)
        return
    index = len(lex.terms)
    lex.terms.append(term)
    lex.by_key[(term.theme, kind, keys)] = index
    if kind == "wild":
        lex.wild_terms.setdefault(keys[1], []).append((keys[0], index))
    elif kind == "exact":
        lex.exact.setdefault(keys[0], []).append((keys, index))
    else:
        lex.phrases.setdefault(keys[0], []).append((keys, index))


def _language(language: str | None) -> str:
    code = (language or "en").lower()[:2]
    return code if code in SNOWBALL else "en"


_URL_ANCHOR = re.compile(r"@|://|www\.", re.IGNORECASE)
_NON_SPACE_BEFORE = re.compile(r"\S*$")
_NON_SPACE_AFTER = re.compile(r"\S*")


def _blank_addresses(text: str) -> str:
    """Replace e-mail and web addresses by spaces (their words are no terms)."""
    parts: list[str] = []
    last = 0
    for m in _URL_ANCHOR.finditer(text):
        if m.start() < last:
            continue
        window_start = max(last, m.start() - 200)
        left = _NON_SPACE_BEFORE.search(text[window_start:m.start()])
        start = window_start + (left.start() if left else m.start() - window_start)
        right = _NON_SPACE_AFTER.match(text, m.end(), m.end() + 200)
        end = right.end() if right else m.end()
        parts.append(text[last:start])
        parts.append(" ")
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _fold_table() -> dict[int, str]:
    """str.translate table: lower-case Latin letters with diacritics → base letters."""
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x0250):
        ch = chr(code)
        if not ch.isalpha():
            continue
        base = _MARKS.sub("", unicodedata.normalize("NFKD", ch.lower()))
        if base != ch and base.isalpha():
            table[code] = base
    table[ord("ß")] = "ss"
    return table


_FOLD = _fold_table()


def _fold_all(words: list[str]) -> list[str]:
    """Fold many words: ASCII words as they are, the others through one translate table."""
    return [w if w.isascii() else w.translate(_FOLD) for w in words]


_STEM_CACHE: dict[str, dict[str, str]] = {}
_STEM_CACHE_MAX = 200_000


def _stem_all(lex: _Lexicon, language: str, words: list[str]) -> list[str]:
    """Folded stems of words, through a per-language cache (documents repeat their words)."""
    cache = _STEM_CACHE.setdefault(language, {})
    missing = [w for w in set(words) if w not in cache]
    if missing:
        if len(cache) + len(missing) > _STEM_CACHE_MAX:
            cache.clear()
        for w, stem in zip(missing, lex.stemmer.stemWords(missing), strict=True):
            cache[w] = stem if stem.isascii() else stem.translate(_FOLD)
    return [cache[w] for w in words]


def _term_counts(text: str, language: str) -> tuple[Counter[int], int, _Lexicon]:
    """How often each term occurs. A phrase hides the single words inside it from other themes
    ("social media" is not the communication theme's "media"), unless that theme lists the phrase
    too; stop phrases hide their words from every theme; e-mail and web addresses are skipped."""
    language = _language(language)
    lex = _lexicon(language)
    if not text or not isinstance(text, str):
        return Counter(), 0, lex
    text = text[: MAX_TOKENS * 12]
    if "@" in text or "www." in text or "://" in text:
        text = _blank_addresses(text)
    words = _TOKEN.findall(text.lower())[:MAX_TOKENS]
    n = len(words)
    folded = _fold_all(words)
    stems = _stem_all(lex, language, words)
    blocked: set[int] = set()
    stops = lex.stops
    for i in [i for i in range(n) if stems[i] in stops or folded[i] in stops]:
        candidates = stops.get(stems[i], [])
        if folded[i] != stems[i]:
            candidates = candidates + stops.get(folded[i], [])
        for keys, exact in candidates:
            seq = folded if exact else stems
            if tuple(seq[i:i + len(keys)]) == keys:
                blocked.update(range(i, min(n, i + len(keys))))
    # Matches: (start, length, term id).
    found: list[tuple[int, int, int]] = []
    phrases, exact_terms = lex.phrases, lex.exact
    for i in [i for i in range(n) if stems[i] in phrases or folded[i] in exact_terms]:
        if i in blocked:
            continue
        for seq_stems, tid in phrases.get(stems[i], ()):
            size = len(seq_stems)
            if size == 1 or tuple(stems[i:i + size]) == seq_stems:
                found.append((i, size, tid))
        for seq_words, tid in exact_terms.get(folded[i], ()):
            size = len(seq_words)
            if size == 1 or tuple(folded[i:i + size]) == seq_words:
                found.append((i, size, tid))
    if lex.wild is not None and n:
        joined = " ".join(folded)
        starts: list[int] = []
        pos = 0
        for w in folded:
            starts.append(pos)
            pos += len(w) + 1
        fired: set[tuple[int, int]] = set()
        for end, part in lex.wild.iter(joined):
            start = end - len(part) + 1
            i = bisect_right(starts, start) - 1
            if i in blocked:
                continue
            token_start, token_end = starts[i], starts[i] + len(folded[i]) - 1
            for mode, tid in lex.wild_terms[part]:
                if (i, tid) in fired:
                    continue
                if mode == "infix" or (mode == "prefix" and start == token_start) or (
                        mode == "suffix" and end == token_end):
                    fired.add((i, tid))
                    found.append((i, 1, tid))
    covered: dict[int, set[str]] = {}
    for i, size, tid in found:
        if size > 1:
            theme = lex.terms[tid].theme
            for j in range(i, min(n, i + size)):
                covered.setdefault(j, set()).add(theme)
    # Each word counts once per theme: stronger, then longer terms first ("local level" takes the
    # "local" inside it; "Schule" matches "schule*" and "*schule" but counts once).
    counts: Counter[int] = Counter()
    used: set[tuple[str, int]] = set()
    terms = lex.terms
    for i, size, tid in sorted(found, key=lambda f: (-terms[f[2]].weight, -f[1], f[0])):
        theme = terms[tid].theme
        if size == 1 and i in covered and theme not in covered[i]:
            continue
        span = range(i, min(n, i + size))
        if any((theme, j) in used for j in span):
            continue
        used.update((theme, j) for j in span)
        counts[tid] += 1
    return counts, n, lex


def _theme_parts(counts: Counter[int], n: int, lex: _Lexicon) -> dict[str, list[tuple[float, str]]]:
    """Per theme, each term's contribution: its weight times BM25's saturating term frequency,
    where documents longer than FREE_WORDS need more occurrences to reach the same value."""
    relative = max(1.0, n / FREE_WORDS)
    norm = K1 * (1 - B + B * relative)
    by_theme: dict[str, list[tuple[float, str]]] = {}
    for tid, tf in counts.items():
        term = lex.terms[tid]
        contribution = term.weight * tf * (K1 + 1) / (tf + norm)
        by_theme.setdefault(term.theme, []).append((contribution, term.label))
    return by_theme


def _scores(text: str, language: str) -> tuple[list[ThemeScore], dict[str, float]]:
    """Theme scores (unrounded) and each theme's strongest term weight."""
    counts, n, lex = _term_counts(text, language)
    out: list[ThemeScore] = []
    strongest: dict[str, float] = {}
    for tid in counts:
        term = lex.terms[tid]
        strongest[term.theme] = max(strongest.get(term.theme, 0.0), term.weight)
    for theme, parts in _theme_parts(counts, n, lex).items():
        score = sum(c for c, _ in parts)
        labels: dict[str, float] = {}
        for c, label in sorted(parts, reverse=True):
            labels[label] = labels.get(label, 0.0) + c
        out.append(ThemeScore(theme, score, list(labels)))
    order = {t: i for i, t in enumerate(THEMES)}
    out.sort(key=lambda t: (-t.score, order.get(t.theme, 99)))
    return out, strongest


def score_themes(text: str, language: str = "en") -> list[ThemeScore]:
    """Themes of a document scoring at least THRESHOLD, best first, each with the terms that fired."""
    scores, _ = _scores(text, language)
    return [ThemeScore(t.theme, round(t.score, 3), t.terms) for t in scores if t.score >= THRESHOLD]


def item_themes(text: str, language: str = "en") -> list[str]:
    """Themes of a short item (a recommendation, an event): each theme with at least one weak or
    strong term in it, best first."""
    scores, strongest = _scores(text, language)
    return [t.theme for t in scores if t.score >= ITEM_THRESHOLD and strongest.get(t.theme, 0.0) >= 0.5]


def theme_terms(theme: str, language: str = "en") -> list[str]:
    """The terms of one theme in one language, as listed in themes.yaml (for documentation)."""
    lex = _lexicon(_language(language))
    return [t.label for t in lex.terms if t.theme == theme]
