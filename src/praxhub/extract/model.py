"""What extraction produces: the objects of ../shared/spec/extraction.md, with provenance.

Plain data, no Django. Every item carries `span`: [start, end) character offsets into the
document's normalised text (ParsedDocument.text), so a curator can always see the evidence.
`to_contract()` gives the JSON shape of the contract; fields may be added, never renamed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Span = tuple[int, int]

EVENT_KINDS = ("conference", "workshop", "meeting", "roundtable", "training", "session", "other")
THEMES = (
    "prisons", "online", "communication", "education", "youth_families", "local", "exit", "police",
    "justice", "health_social", "returnees", "polarisation", "victims", "financing", "lone_actors",
    "human_rights", "cooperation", "training", "research",
)
# How strongly an issuer asks: calls on / urges > invites / encourages > should.
STRENGTHS = ("strong", "moderate", "weak")
LEVELS = ("international", "eu", "national", "regional", "local")


@dataclass
class OrganisationMention:
    name: str                  # canonical name (registry) or the name as written (new body)
    acronym: str | None
    id: str                    # registry id, or a slug for a body not in the registry
    span: Span                 # first mention
    known: bool = True         # False: detected by pattern, not in the registry (a suggestion)
    spans: list[Span] = field(default_factory=list)  # every mention
    kind: str | None = None
    level: str | None = None
    country: str | None = None


@dataclass
class InitiativeMention:
    name: str
    kind: str                  # project|programme|network|strategy|action_plan|policy|initiative|...
    span: Span
    id: str | None = None      # registry id when known


@dataclass
class Event:
    title: str
    kind: str                  # one of EVENT_KINDS
    start: str | None          # ISO date
    end: str | None            # = start for a one-day event; None if unknown
    city: str | None
    country: str | None        # ISO 3166-1 alpha-2
    organisers: list[str]
    topics: list[str]
    span: Span
    venue: str | None = None
    online: bool = False


@dataclass
class Recommendation:
    issuer: str | None
    addressee: str | None
    text: str
    themes: list[str]
    span: Span
    verb: str | None = None        # the operative verb as written ("invites", "should", ...)
    strength: str | None = None    # one of STRENGTHS


@dataclass
class ThemeScore:
    theme: str
    score: float
    terms: list[str]               # the terms that fired, for a curator to see why


@dataclass
class Extraction:
    source: str
    language: str
    title: str | None
    published: str | None
    events: list[Event] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    organisations: list[OrganisationMention] = field(default_factory=list)
    initiatives: list[InitiativeMention] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    themes: list[ThemeScore] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        def listify(obj: Any) -> Any:
            if isinstance(obj, tuple):
                return list(obj)
            return obj

        return {
            "source": self.source,
            "language": self.language,
            "title": self.title,
            "published": self.published,
            "events": [{k: listify(v) for k, v in asdict(e).items()} for e in self.events],
            "recommendations": [{k: listify(v) for k, v in asdict(r).items()} for r in self.recommendations],
            "organisations": [
                {"name": o.name, "acronym": o.acronym, "id": o.id, "span": list(o.span), "known": o.known,
                 "kind": o.kind, "level": o.level, "country": o.country}
                for o in self.organisations
            ],
            "initiatives": [
                {"name": i.name, "kind": i.kind, "id": i.id, "span": list(i.span)} for i in self.initiatives
            ],
            "countries": sorted(set(self.countries)),
            "themes": [t.theme for t in sorted(self.themes, key=lambda t: -t.score)],
            "theme_scores": [asdict(t) for t in sorted(self.themes, key=lambda t: -t.score)],
        }
