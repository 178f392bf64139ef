"""Who does what where: per European country and theme, how many actors, practices, events and
initiatives the hub knows of, so that gaps (a theme nobody works on in a country) show at a glance.

What a cell (country, theme) counts:
* practices: published practices tagged with the country and the theme;
* events: events taking place in the country (not rejected, not merged into another) whose
  reporting document has the theme (an event's own topics are free phrases, not themes);
* actors: the organisations that organise those events or lead those practices;
* initiatives: the initiatives those actors run.
The level and sector filters keep the actors of that level or sector, and the events, practices
and initiatives they are behind.

Counting reads every event and its document's themes (about 8 s at 100,000 documents and 330,000
events on SQLite), so the matrix is kept in the shared cache for the current data version: the
first visit after a change counts it again."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db import connection

from praxhub.accounts import audience
from praxhub.documents.models import DocumentTheme, Status
from praxhub.documents.services import data_version
from praxhub.events.models import Event
from praxhub.extract import registry
from praxhub.organisations.models import Initiative, Organisation
from praxhub.practices.models import Practice, PracticeTag, Workflow

KINDS = ("actors", "practices", "events", "initiatives")
TTL = 6 * 3600
LEVELS = registry.LEVELS
# The countries the matrix always shows (so that a country with nothing is a visible gap): the
# Council of Europe's member states and the EU's candidates and neighbours.
EUROPE = (
    "AL", "AD", "AM", "AT", "AZ", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR",
    "GB", "GE", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MD", "ME", "MK", "MT", "NL",
    "NO", "PL", "PT", "RO", "RS", "SE", "SI", "SK", "SM", "TR", "UA", "XK",
)
MAP_FILE = Path(__file__).with_name("data") / "europe.svg"


@dataclass
class Matrix:
    themes: list[str]
    cells: dict[tuple[str, str], dict[str, int]]       # (country, theme) → kind → count
    totals: dict[str, dict[str, int]]                   # country → kind → count over every theme
    actors: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # organisation ids per cell
    computed_at: str = ""

    def count(self, country: str, theme: str, kind: str) -> int:
        if theme:
            return self.cells.get((country, theme), {}).get(kind, 0)
        return self.totals.get(country, {}).get(kind, 0)

    def countries(self) -> list[str]:
        """Europe, and any other country with something in it."""
        return sorted(set(EUROPE) | set(self.totals))

    def as_json(self) -> dict[str, Any]:
        return {"themes": self.themes, "computed_at": self.computed_at,
                "countries": {c: {"total": self.totals.get(c, dict.fromkeys(KINDS, 0)),
                                  "themes": {t: self.cells[(c, t)] for t in self.themes if (c, t) in self.cells}}
                              for c in self.countries()}}


def _organisation_filter(level: str, sector: str, alias: str) -> tuple[str, list[Any]]:
    clauses, params = [f"{alias}.merged_into_id IS NULL", f"{alias}.status <> %s"], [Status.REJECTED.value]
    if level:
        clauses.append(f"{alias}.level = %s")
        params.append(level)
    if sector:
        clauses.append(f"{alias}.sector = %s")
        params.append(sector)
    return " AND ".join(clauses), params


def compute(level: str = "", sector: str = "") -> Matrix:
    events, themes = Event._meta.db_table, DocumentTheme._meta.db_table
    organisers = Event.organisers.through._meta.db_table
    organisations, tags, practices = Organisation._meta.db_table, PracticeTag._meta.db_table, Practice._meta.db_table
    members = Initiative.organisations.through._meta.db_table
    org_where, org_params = _organisation_filter(level, sector, "o")
    filtered = bool(level or sector)
    viewer = audience.current()  # counts only what the viewer may see (the cache key says whom)
    seen, seen_params = viewer.sql(Event, "e")
    live = f"e.country <> '' AND e.merged_into_id IS NULL AND e.status <> '{Status.REJECTED.value}' AND {seen}"
    practice_seen, practice_seen_params = viewer.sql(Practice, "p")
    cells: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(KINDS, 0))
    totals: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(KINDS, 0))
    cell_actors: dict[tuple[str, str], set[int]] = defaultdict(set)
    country_actors: dict[str, set[int]] = defaultdict(set)
    with connection.cursor() as cur:
        behind = (f" AND EXISTS (SELECT 1 FROM {organisers} eo JOIN {organisations} o ON o.id = eo.organisation_id "
                  f"WHERE eo.event_id = e.id AND {org_where})") if filtered else ""
        params = [*seen_params, *(org_params if filtered else [])]
        cur.execute(f"SELECT e.country, t.theme, count(*) FROM {events} e JOIN {themes} t "
                    f"ON t.document_id = e.document_id WHERE {live}{behind} GROUP BY e.country, t.theme", params)
        for country, theme, n in cur.fetchall():
            cells[(country, theme)]["events"] = n
        cur.execute(f"SELECT e.country, count(*) FROM {events} e WHERE {live}{behind} GROUP BY e.country", params)
        for country, n in cur.fetchall():
            totals[country]["events"] = n
        cur.execute(f"SELECT DISTINCT e.country, t.theme, o.id FROM {events} e JOIN {organisers} eo "
                    f"ON eo.event_id = e.id JOIN {organisations} o ON o.id = eo.organisation_id JOIN {themes} t "
                    f"ON t.document_id = e.document_id WHERE {live} AND {org_where}", [*seen_params, *org_params])
        for country, theme, org_id in cur.fetchall():
            cell_actors[(country, theme)].add(org_id)
            country_actors[country].add(org_id)
        lead = (f" AND p.lead_organisation_id IN (SELECT o.id FROM {organisations} o WHERE {org_where})"
                if filtered else "")
        cur.execute(f"SELECT c.value, t.value, p.id, p.lead_organisation_id FROM {tags} c JOIN {tags} t "
                    f"ON t.practice_id = c.practice_id AND t.kind = 'theme' JOIN {practices} p ON p.id = c.practice_id "
                    f"WHERE c.kind = 'country' AND p.status = %s{lead} AND {practice_seen}",
                    [Workflow.PUBLISHED.value, *(org_params if filtered else []), *practice_seen_params])
        practice_countries: dict[str, set[int]] = defaultdict(set)
        for country, theme, practice_id, lead_id in cur.fetchall():
            cells[(country, theme)]["practices"] += 1
            practice_countries[country].add(practice_id)
            if lead_id:
                cell_actors[(country, theme)].add(lead_id)
                country_actors[country].add(lead_id)
        for country, ids in practice_countries.items():
            totals[country]["practices"] = len(ids)
        cur.execute(f"SELECT m.organisation_id, m.initiative_id FROM {members} m JOIN {Initiative._meta.db_table} i "
                    f"ON i.id = m.initiative_id WHERE i.status <> %s", [Status.REJECTED.value])
        runs: dict[int, set[int]] = defaultdict(set)
        for org_id, initiative_id in cur.fetchall():
            runs[org_id].add(initiative_id)
    for key, orgs in cell_actors.items():
        cells[key]["actors"] = len(orgs)
        cells[key]["initiatives"] = len(set().union(*(runs.get(o, set()) for o in orgs)))
    for country, orgs in country_actors.items():
        totals[country]["actors"] = len(orgs)
        totals[country]["initiatives"] = len(set().union(*(runs.get(o, set()) for o in orgs)))
    theme_ids = sorted({theme for _country, theme in cells})
    return Matrix(theme_ids, dict(cells), dict(totals), {k: sorted(v) for k, v in cell_actors.items()},
                  dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))


def _key(level: str, sector: str) -> str:
    return f"praxhub:whowhere:{data_version()}:{level}:{sector}"


def current(level: str = "", sector: str = "") -> Matrix:
    found = cache.get(_key(level, sector))
    if found is None:
        found = compute(level, sector)
        cache.set(_key(level, sector), found, TTL)
    return found


@functools.cache
def map_paths() -> dict[str, str]:
    """Country code → the SVG path data of its outline (vendored, see data/NOTICE); read once."""
    text = MAP_FILE.read_text(encoding="utf-8")
    out = {}
    for code, inner in re.findall(r'<g data-code="([A-Z]{2})">(.*?)</g>', text):
        # Each outline starts with a relative "m", which SVG reads as absolute only at the start of a
        # path: joined into one path, every outline after the first needs an absolute "M".
        out[code] = " ".join("M" + d[1:] if d.startswith("m") else d
                             for d in re.findall(r'<path d="([^"]+)"/>', inner))
    return out


@functools.cache
def map_view_box() -> str:
    match = re.search(r'viewBox="([^"]+)"', MAP_FILE.read_text(encoding="utf-8"))
    return match.group(1) if match else "0 0 100 100"
