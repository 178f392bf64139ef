"""The contract's `countries`: every country a document names, or implies by a named city, region,
demonym or national body.

Place mentions come from praxhub.extract.places.find_places, which already leaves out what is not
a place (a city naming an agreement or process such as "Stockholm Programme", "Treaty of Lisbon";
a demonym used as a language name). National bodies come from the organisation registry: the
pipeline passes their countries in. "Member States", "third countries" or "Europe" name no country.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from praxhub.extract.places import PlaceMention, find_places

_CODE = re.compile(r"^[A-Z]{2}$")


@dataclass
class CountryEvidence:
    code: str                                              # ISO 3166-1 alpha-2 (XK for Kosovo)
    spans: list[tuple[int, int]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)         # country, demonym, region, city, organisation
    names: list[str] = field(default_factory=list)         # distinct names as written


def _valid(code: str) -> bool:
    if not _CODE.match(code):
        return False
    if code == "XK":
        return True
    import pycountry

    return pycountry.countries.get(alpha_2=code) is not None


def country_evidence(
    text: str,
    places: Sequence[PlaceMention] | None,
    organisation_countries: Iterable[str] = (),
    *,
    language: str = "en",
) -> list[CountryEvidence]:
    """Evidence per country, sorted by code. `places` is find_places' output for `text` (computed
    here when None)."""
    if places is None:
        places = find_places(text or "", language)
    found: dict[str, CountryEvidence] = {}
    for p in places:
        code = (p.country or "").upper()
        if not _valid(code):
            continue
        ev = found.setdefault(code, CountryEvidence(code))
        ev.spans.append((int(p.span[0]), int(p.span[1])))
        if p.kind not in ev.kinds:
            ev.kinds.append(p.kind)
        if p.name not in ev.names:
            ev.names.append(p.name)
    for raw in organisation_countries or ():
        code = str(raw or "").strip().upper()
        if not _valid(code):
            continue
        ev = found.setdefault(code, CountryEvidence(code))
        if "organisation" not in ev.kinds:
            ev.kinds.append("organisation")
    return [found[c] for c in sorted(found)]


def document_countries(
    text: str,
    places: Sequence[PlaceMention] | None,
    organisation_countries: Iterable[str] = (),
    *,
    language: str = "en",
) -> list[str]:
    """Sorted ISO alpha-2 codes of the countries a document names or implies."""
    return [ev.code for ev in country_evidence(text, places, organisation_countries, language=language)]
