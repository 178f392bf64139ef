"""The registry of known bodies (data/organisations.yaml), loaded once per process, lazily.

    from praxhub.extract import registry
    registry.get("coe").canonical_name        # 'Council of Europe'
    registry.all_entries()                    # every body, templates excluded
    registry.national_bodies()                # generic national bodies (templates)

`validate(raw)` checks a parsed YAML document and returns the problems found (an empty list when
the data is sound); `load()` raises RegistryError on the first load if there is any.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DATA_FILE = Path(__file__).with_name("data") / "organisations.yaml"
LEVELS = ("international", "eu", "national", "regional", "local")
NATIONAL_LEVELS = ("national", "regional", "local")
REQUIRED = ("id", "names", "kind", "level", "sector")
KNOWN_KEYS = frozenset(REQUIRED) | {"acronyms", "aliases", "short", "short_context", "country", "parent", "generic"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class RegistryError(ValueError):
    """The registry data is malformed."""


@dataclass(frozen=True)
class Entry:
    id: str
    names: dict[str, tuple[str, ...]]
    kind: str
    level: str
    sector: str
    acronyms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    short: tuple[str, ...] = ()
    short_context: str | None = None
    country: str | None = None
    parent: str | None = None
    generic: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def canonical_name(self) -> str:
        return self.names["en"][0]

    @property
    def acronym(self) -> str | None:
        return self.acronyms[0] if self.acronyms else None

    def all_names(self) -> list[str]:
        """Every full written form: names in every language, then aliases (not acronyms, not short forms)."""
        out: list[str] = []
        for forms in self.names.values():
            out.extend(forms)
        out.extend(self.aliases)
        return out


def _fold(form: str) -> str:
    return " ".join(form.replace("’", "'").replace("–", "-").casefold().split())


def _strings(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return value
    return None


def validate(raw: Any) -> list[str]:
    """Problems in a parsed registry document: missing fields, duplicate ids, unknown parents,
    one written form claimed by two bodies, bad levels or country codes."""
    problems: list[str] = []
    if not isinstance(raw, dict) or not isinstance(raw.get("organisations"), list):
        return ["the document must be a mapping with an 'organisations' list"]
    seen: set[str] = set()
    forms: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    items = raw["organisations"]
    ids = {item.get("id") for item in items if isinstance(item, dict)}
    for n, item in enumerate(items):
        where = f"entry {n}"
        if not isinstance(item, dict):
            problems.append(f"{where}: not a mapping")
            continue
        ident = item.get("id")
        where = f"entry {n} ({ident})"
        for key in REQUIRED:
            if not item.get(key):
                problems.append(f"{where}: missing {key}")
        for key in item:
            if key not in KNOWN_KEYS:
                problems.append(f"{where}: unknown field {key!r}")
        if not isinstance(ident, str) or not _ID.match(ident):
            problems.append(f"{where}: id must be a lower-case slug")
        elif ident in seen:
            problems.append(f"{where}: duplicate id")
        else:
            seen.add(ident)
        names = item.get("names")
        if not isinstance(names, dict) or not _strings(names.get("en")):
            problems.append(f"{where}: names.en must be a non-empty list of names")
            names = {}
        for lang, values in names.items():
            if _strings(values) is None:
                problems.append(f"{where}: names.{lang} must be a list of non-empty strings")
        for key in ("acronyms", "aliases", "short"):
            if _strings(item.get(key)) is None:
                problems.append(f"{where}: {key} must be a list of non-empty strings")
        level = item.get("level")
        if level not in LEVELS:
            problems.append(f"{where}: level {level!r} not in {LEVELS}")
        country = item.get("country")
        if country is not None and not (isinstance(country, str) and _COUNTRY.match(country)):
            problems.append(f"{where}: country must be an ISO alpha-2 code or null")
        generic = bool(item.get("generic"))
        if level in NATIONAL_LEVELS and not generic and country is None:
            problems.append(f"{where}: a {level} body needs a country")
        parent = item.get("parent")
        if parent is not None and parent not in ids:
            problems.append(f"{where}: unknown parent {parent!r}")
        if parent == ident:
            problems.append(f"{where}: is its own parent")
        context = item.get("short_context")
        if context is not None and context != "eu" and context not in ids:
            problems.append(f"{where}: unknown short_context {context!r}")
        if generic:
            continue  # templates may share forms with real bodies: they are never matched
        for lang_values in [*names.values(), item.get("aliases") or []]:
            for form in _strings(lang_values) or []:
                key = _fold(form)
                other = forms.get(key)
                if other is not None and other != ident:
                    problems.append(f"{where}: written form {form!r} also belongs to {other}")
                forms[key] = ident if isinstance(ident, str) else "?"
        for form in _strings(item.get("acronyms")) or []:
            other = acronyms.get(form)
            if other is not None and other != ident:
                problems.append(f"{where}: acronym {form!r} also belongs to {other}")
            acronyms[form] = ident if isinstance(ident, str) else "?"
    return problems


def _entry(item: dict[str, Any]) -> Entry:
    names = {lang: tuple(values) for lang, values in item["names"].items() if values}
    return Entry(
        id=item["id"],
        names=names,
        kind=item["kind"],
        level=item["level"],
        sector=item["sector"],
        acronyms=tuple(item.get("acronyms") or ()),
        aliases=tuple(item.get("aliases") or ()),
        short=tuple(item.get("short") or ()),
        short_context=item.get("short_context"),
        country=item.get("country"),
        parent=item.get("parent"),
        generic=bool(item.get("generic")),
    )


@dataclass(frozen=True)
class Registry:
    entries: tuple[Entry, ...]
    by_id: dict[str, Entry]

    def ancestors(self, ident: str) -> list[str]:
        """The id itself, then its parent, grandparent… (cycles cut)."""
        out: list[str] = []
        current: str | None = ident
        while current and current not in out:
            out.append(current)
            entry = self.by_id.get(current)
            current = entry.parent if entry else None
        return out


def parse(text: str) -> Registry:
    raw = yaml.safe_load(text)
    problems = validate(raw)
    if problems:
        raise RegistryError("; ".join(problems[:10]))
    entries = tuple(_entry(item) for item in raw["organisations"])
    return Registry(entries=entries, by_id={e.id: e for e in entries})


@functools.cache
def load() -> Registry:
    return parse(DATA_FILE.read_text(encoding="utf-8"))


def get(ident: str) -> Entry | None:
    return load().by_id.get(ident)


def all_entries() -> list[Entry]:
    """Every real body (templates excluded), in file order."""
    return [e for e in load().entries if not e.generic]


def national_bodies() -> list[Entry]:
    """The generic national bodies (templates): a ministry of the interior, a criminal police…"""
    return [e for e in load().entries if e.generic]


def ancestors(ident: str) -> list[str]:
    """The id, then its parent, grandparent…"""
    return load().ancestors(ident)
