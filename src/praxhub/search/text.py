"""Tokens and stems, the same way for documents and queries (plain Python, no Django).

Tokens follow SQLite's unicode61 tokenizer: runs of letters and digits, lower-cased, with
diacritics removed, so that what Python computes matches what FTS5 indexes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import regex
import Stemmer

TOKEN_RE = re.compile(r"[^\W_]+")

# ISO 639-1 → Snowball algorithm. Languages without a stemmer are matched on exact tokens.
SNOWBALL = {
    "en": "english", "fr": "french", "de": "german", "nl": "dutch", "it": "italian",
    "es": "spanish", "pt": "portuguese", "sv": "swedish", "da": "danish", "fi": "finnish",
    "no": "norwegian", "hu": "hungarian", "ro": "romanian", "ru": "russian", "tr": "turkish",
    "el": "greek", "lt": "lithuanian", "sr": "serbian", "ga": "irish",
}
# A query's language is unknown, so its words are stemmed in each of these.
QUERY_LANGUAGES = ("en", "fr", "de", "nl", "it", "es")


_MARKS = regex.compile(r"\p{Mn}+")


def fold(text: str) -> str:
    """Lower-case and strip diacritics (é → e, ß stays ß as in unicode61)."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return _MARKS.sub("", unicodedata.normalize("NFKD", lowered))


def words(text: str) -> list[str]:
    """Lower-cased word tokens, diacritics kept (stemmers work better with them)."""
    return TOKEN_RE.findall(text.lower())


def tokens(text: str) -> list[str]:
    """Folded tokens as FTS5's unicode61 remove_diacritics tokenizer produces them."""
    return [fold(w) for w in words(text)]


@cache
def stopwords(languages: tuple[str, ...] = QUERY_LANGUAGES) -> frozenset[str]:
    """Function words of these languages (Snowball-sized lists), folded."""
    import stopwords as lists

    found: set[str] = set()
    for lang in languages:
        try:
            found.update(fold(w) for w in lists.get_stopwords(lang))
        except lists.LanguageNotAvailable:
            continue
    return frozenset(found)


@cache
def stemmer(language: str) -> Stemmer.Stemmer | None:
    algorithm = SNOWBALL.get(language)
    return Stemmer.Stemmer(algorithm) if algorithm else None


def stem_words(items: list[str], language: str) -> list[str]:
    s = stemmer(language)
    stems = s.stemWords(items) if s else items
    return [fold(x) for x in stems]


def stem_text(text: str, language: str) -> str:
    """The stemmed, folded tokens of a text joined by spaces: the content of the stem column.

    Stems are computed with diacritics (Snowball needs them) and folded in one pass."""
    items = words(text)
    s = stemmer(language)
    return fold(" ".join(s.stemWords(items) if s else items))


def query_stems(word: str, languages: Iterable[str]) -> list[str]:
    """Distinct stems of one query word across languages, excluding the folded word itself."""
    folded = fold(word)
    out: list[str] = []
    for lang in languages:
        for stem in stem_words([word.lower()], lang):
            if stem != folded and stem not in out and stem:
                out.append(stem)
    return out
