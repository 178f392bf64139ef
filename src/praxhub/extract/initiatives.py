"""Initiatives named in a document: programmes, strategies, projects, networks, legal acts, guidelines.

    find_initiatives(text, "en") -> [InitiativeMention, ...]   # one per initiative, first mention

Sources, in order of trust:
1. The registry (data/initiatives.yaml), matched like the organisation registry (one automaton,
   word boundaries, case rules, longest match).
2. Formal acts by their reference: "Recommendation CM/Rec(2018)6 on …", "Resolution 2178 (2014)",
   "Directive (EU) 2017/541", "Council Decision 2005/671/JHA".
3. Quoted names announced by a cue word: "a project entitled “…”", "the “First Line” project",
   "the initiative « … »", "das Bundesprogramm „…“", and quoted titles that begin with
   Guidelines/Strategy/Handbook…
4. Capitalised names ending in a head noun: "the HELP Radicalization Prevention Project",
   "UNODC Regional Programme for South Eastern Europe", "National Action Plan for …",
   and "Guidelines on/for …".
Events are not initiatives: a quote after "conference" or "workshop" is an event title.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from praxhub.extract import organisations as orgs
from praxhub.extract.model import InitiativeMention

DATA_FILE = Path(__file__).with_name("data") / "initiatives.yaml"
KINDS = ("project", "programme", "network", "strategy", "action_plan", "policy", "initiative", "guidelines",
         "publication", "mechanism", "forum", "process")
MAX_CHARS = orgs.MAX_CHARS


# ------------------------------------------------------------------------------------- registry

@dataclass(frozen=True)
class Initiative:
    id: str
    names: dict[str, tuple[str, ...]]
    kind: str
    acronyms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    owner: str | None = None

    @property
    def canonical_name(self) -> str:
        return self.names["en"][0]


def validate(raw: Any) -> list[str]:
    """Problems in a parsed initiatives document (empty when sound)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("initiatives"), list):
        return ["the document must be a mapping with an 'initiatives' list"]
    problems: list[str] = []
    seen: set[str] = set()
    forms: dict[str, str] = {}
    for n, item in enumerate(raw["initiatives"]):
        if not isinstance(item, dict):
            problems.append(f"entry {n}: not a mapping")
            continue
        ident = item.get("id")
        where = f"entry {n} ({ident})"
        if not isinstance(ident, str) or not re.match(r"^[a-z0-9][a-z0-9-]*$", ident):
            problems.append(f"{where}: id must be a lower-case slug")
        elif ident in seen:
            problems.append(f"{where}: duplicate id")
        else:
            seen.add(ident)
        names = item.get("names")
        if not isinstance(names, dict) or not names.get("en"):
            problems.append(f"{where}: names.en is required")
            names = {}
        if item.get("kind") not in KINDS:
            problems.append(f"{where}: kind {item.get('kind')!r} not in {KINDS}")
        owner = item.get("owner")
        if owner is not None and orgs.registry.get(owner) is None:
            problems.append(f"{where}: unknown owner {owner!r}")
        for key in ("acronyms", "aliases"):
            value = item.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                problems.append(f"{where}: {key} must be a list of strings")
        written = [*(f for values in names.values() for f in (values or [])), *(item.get("aliases") or [])]
        for form in written:
            key = orgs._key(str(form))
            if forms.get(key, ident) != ident:
                problems.append(f"{where}: written form {form!r} also belongs to {forms[key]}")
            forms[key] = str(ident)
    return problems


@dataclass
class _Data:
    by_id: dict[str, Initiative]
    automata: orgs._Automata


@functools.cache
def load() -> _Data:
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    problems = validate(raw)
    if problems:
        raise ValueError("; ".join(problems[:10]))
    by_id: dict[str, Initiative] = {}
    forms: list[tuple[str, str, str]] = []
    for item in raw["initiatives"]:
        entry = Initiative(
            id=item["id"],
            names={lang: tuple(v) for lang, v in item["names"].items() if v},
            kind=item["kind"],
            acronyms=tuple(item.get("acronyms") or ()),
            aliases=tuple(item.get("aliases") or ()),
            owner=item.get("owner"),
        )
        by_id[entry.id] = entry
        forms += [(f, "name", entry.id) for values in entry.names.values() for f in values]
        forms += [(f, "alias", entry.id) for f in entry.aliases] + [(f, "acronym", entry.id) for f in entry.acronyms]
    triggers = {head: frozenset({"en"}) for head in _HEADS}
    return _Data(by_id=by_id, automata=orgs._build(forms, triggers))


def get(ident: str) -> Initiative | None:
    return load().by_id.get(ident)


def all_entries() -> list[Initiative]:
    return list(load().by_id.values())


# ------------------------------------------------------------------------------------- patterns

_KEYWORD_KIND = {
    "project": "project", "projet": "project", "projekt": "project", "modellprojekt": "project",
    "programme": "programme", "program": "programme", "programm": "programme", "bundesprogramm": "programme",
    "action": "programme", "fund": "programme", "fonds": "programme",
    "initiative": "initiative", "campaign": "initiative", "campagne": "initiative", "kampagne": "initiative",
    "strategy": "strategy", "stratégie": "strategy", "strategie": "strategy",
    "action plan": "action_plan", "plan d'action": "action_plan", "aktionsplan": "action_plan",
    "network": "network", "réseau": "network", "netzwerk": "network",
    "handbook": "publication", "manual": "publication", "guide": "publication", "toolkit": "publication",
    "report": "publication", "study": "publication", "publication": "publication", "brochure": "publication",
    "compendium": "publication", "paper": "publication", "handreichung": "publication",
    "guide pratique": "publication", "guidelines": "guidelines", "guidance": "guidelines",
    "lignes directrices": "guidelines", "leitlinien": "guidelines",
    "recommendation": "policy", "resolution": "policy", "declaration": "policy", "convention": "policy",
    "mechanism": "mechanism", "process": "process", "forum": "forum",
}
_KEYWORDS = ("action plan|plan d'action|guide pratique|lignes directrices|project|projet|projekt|modellprojekt|"
             "programme|program|programm|bundesprogramm|action|fund|initiative|campaign|campagne|kampagne|strategy|"
             "stratégie|strategie|aktionsplan|network|réseau|netzwerk|handbook|manual|guide|toolkit|report|study|"
             "publication|brochure|compendium|handreichung|guidelines|guidance|leitlinien")
_EVENT_WORDS = ("conference|workshop|seminar|meeting|event|roundtable|round table|session|webinar|training|course|"
                "summit|panel|symposium|colloque|séminaire|atelier|conférence|tagung|fachtagung|konferenz|"
                "veranstaltung|forum")
_OPEN, _CLOSE = "“\"«„‘‚»", "”\"»“’‘«"
# double quotes, or single typographic quotes whose content may hold apostrophes ("‘People’s …’")
_QUOTED = (r"(?:[“\"«„»]\s?([^”\"»“«\n]{3,200}?)\s?[”\"»“«]"
           r"|[‘‚]((?:[^’‘\n]|’(?=\w)){3,200}?)’(?!\w))")
_ENTITLED = re.compile(
    r"\b(" + _KEYWORDS + r")\b(?:(?!\b(?:" + _EVENT_WORDS + r")\b)[^.;:!?" + _OPEN + _CLOSE + r"\n]){0,80}?"
    r"\b(?:entitled|called|named|titled|intitulée?s?|appelée?s?|dénommée?s?|mit dem Titel|namens)\s*[:,]?\s*"
    + _QUOTED, re.IGNORECASE)
_KEYWORD_QUOTE = re.compile(
    r"\b(" + _KEYWORDS + r")\b(?:[ \t]+[\w-]+){0,2}?[ \t]*" + _QUOTED, re.IGNORECASE)
_QUOTE_KEYWORD = re.compile(_QUOTED + r"[ \t]+(" + _KEYWORDS + r")\b", re.IGNORECASE)
_QUOTED_TITLE = re.compile(
    r"[“\"«„‘‚]\s?((?:Guidelines|Guidance|Handbook|Manual|Toolkit|Strategy|Action Plan|Declaration|"
    r"Recommendations?|Lignes directrices|Stratégie|Plan d'action|Leitlinien|Strategie|Aktionsplan)\b"
    r"[^”\"»“’\n]{3,200}?)\s?[”\"»“’]")
_OPENING = re.compile(r"[“\"«„‘‚»]")

_REC_CODE = re.compile(
    r"\bRecommendation\s+(?:No\.?\s*)?(CM\s*/\s*)?Rec\s*\.?\s*\(\s*(\d{4})\s*\)\s*(\d{1,3})"
    r"(?:\s+of\s+the\s+Committee\s+of\s+Ministers(?:\s+of\s+the\s+Council\s+of\s+Europe)?)?"
    r"(?:(?:\s+to\s+member\s+[Ss]tates)?\s+on\s+([^.;:,()\n“”\"]{3,120}))?")
_RESOLUTION = re.compile(
    r"\b(?:(UN|United Nations)\s+)?(?:Security\s+Council\s+)?[Rr]esolution\s+(?:No\.?\s*)?(\d{2,4})\s*\((\d{4})\)"
    r"|\bUNSCR\s+(\d{3,4})")
_EU_ACT = re.compile(
    r"\b(?:Council\s+)?(Framework\s+Decision|Directive|Regulation|Decision)\s+"
    r"(?:\((?:EU|EC|EU,\s*Euratom)\)\s+(?:No\s+)?(\d{2,4}/\d{1,4})|(\d{4}/\d{1,4}/(?:JHA|CFSP|EU)))")
_GUIDELINES = re.compile(
    r"\b((?:Guidelines|Guiding Principles|Principles)\s+(?:on|for)\s+[^.;:()\n“”\"«»]{5,160}?)"
    r"(?=\s*[.;:()\n“”\"«»,]|\s+(?:adopted|were|was|is|are|has|have|will|which|that|by|from|in\s+\d{4})\b|$)")

_HEADS = frozenset({"project", "programme", "program", "initiative", "strategy", "plan", "fund", "mechanism",
                    "process", "campaign", "agenda", "framework", "roadmap", "pact", "convention", "protocol",
                    "memorandum", "principles", "declaration", "charter", "compact", "partnership"})
_HEAD_KIND = {"project": "project", "programme": "programme", "program": "programme", "fund": "programme",
              "initiative": "initiative", "campaign": "initiative", "partnership": "initiative",
              "strategy": "strategy", "agenda": "strategy", "framework": "policy", "roadmap": "action_plan",
              "plan": "action_plan", "mechanism": "mechanism", "process": "process", "pact": "policy",
              "convention": "policy", "protocol": "policy", "memorandum": "guidelines", "principles": "guidelines",
              "declaration": "policy", "charter": "policy", "compact": "policy"}
_GENERIC = orgs.GENERIC_MODS | frozenset({"action", "pilot", "research", "prevention", "eu", "un"})


@dataclass
class _Found:
    start: int
    end: int
    name: str
    kind: str
    id: str | None = None
    priority: int = 0
    cued: bool = False          # a quoted name announced by a cue word: may contain registry names


def _kind_of(keyword: str, name: str) -> str:
    first = name.split(" ", 1)[0].lower()
    if first in ("guidelines", "guidance", "leitlinien") or name.lower().startswith("lignes directrices"):
        return "guidelines"
    if first in ("strategy", "stratégie", "strategie"):
        return "strategy"
    return _KEYWORD_KIND.get(" ".join(keyword.lower().split()), "initiative")


def _registry_found(text: str, language: str) -> tuple[list[_Found], list[tuple[int, int]]]:
    data = load()
    found, points = orgs._scan(data.automata, text, language)
    out: list[_Found] = []
    for start, end, valid in found:
        entry = data.by_id[valid[0].entry]
        out.append(_Found(start, end, entry.canonical_name, entry.kind, entry.id, priority=3))
    return out, points


def _acts(text: str) -> list[_Found]:
    out: list[_Found] = []
    if "Rec" not in text and "esolution" not in text and "UNSCR" not in text and "Directive" not in text \
            and "Regulation" not in text and "Decision" not in text:
        return out
    for m in _REC_CODE.finditer(text):
        name = f"Recommendation {'CM/' if m.group(1) else ''}Rec({m.group(2)}){m.group(3)}"
        if m.group(4):
            name += " on " + " ".join(m.group(4).split())
        out.append(_Found(m.start(), m.end(), name, "policy", priority=2))
    for m in _RESOLUTION.finditer(text):
        if m.group(4):
            name = f"UN Security Council Resolution {m.group(4)}"
        else:
            security = "Security Council" in m.group(0) or m.group(1)
            name = f"{'UN Security Council ' if security else ''}Resolution {m.group(2)} ({m.group(3)})"
        out.append(_Found(m.start(), m.end(), name, "policy", priority=2))
    for m in _EU_ACT.finditer(text):
        act = " ".join(m.group(1).split())
        number = m.group(2) or m.group(3)
        name = f"{act} (EU) {number}" if m.group(2) else f"Council {act} {number}"
        out.append(_Found(m.start(), m.end(), name, "policy", priority=2))
    return out


def _quote_windows(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _OPENING.finditer(text):
        a, b = max(0, m.start() - 130), min(len(text), m.start() + 240)
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


def _quoted(text: str) -> list[_Found]:
    out: list[_Found] = []
    windows = _quote_windows(text)
    for a, b in windows:
        for pattern, keyword_first in ((_ENTITLED, True), (_KEYWORD_QUOTE, True), (_QUOTE_KEYWORD, False)):
            for m in pattern.finditer(text, a, b):
                kw_group, name_groups = (1, (2, 3)) if keyword_first else (3, (1, 2))
                group = next(g for g in name_groups if m.group(g) is not None)
                raw = m.group(group)
                name = " ".join(raw.split()).strip(" ,")
                if len(name) < 3 or not any(c.isalpha() for c in name):
                    continue
                keyword = m.group(kw_group)
                if not keyword_first and keyword.lower() in ("report", "study", "paper", "publication"):
                    continue
                start = m.start(group)
                out.append(_Found(start, start + len(raw.rstrip()), name, _kind_of(keyword, name), priority=2,
                                  cued=True))
        for m in _QUOTED_TITLE.finditer(text, a, b):
            name = " ".join(m.group(1).split())
            out.append(_Found(m.start(1), m.end(1), name, _kind_of("", name), priority=2))
    if "Guidelines" in text or "Principles" in text:
        for m in _GUIDELINES.finditer(text):
            name = " ".join(m.group(1).split())
            if len(name.split()) < 3:
                continue
            out.append(_Found(m.start(1), m.end(1), name, "guidelines", priority=1))
    return out


def _capitalised(text: str, toks: tuple[orgs._Tok, ...]) -> list[_Found]:
    out: list[_Found] = []
    n = len(toks)
    for h in range(n):
        t = toks[h]
        lemma = orgs._bare(t.text).lower()
        if lemma not in _HEADS or not orgs._run_word(t):
            continue
        if h + 1 < n and orgs._run_word(toks[h + 1]) and not toks[h + 1].nl_before:
            continue
        compound = lemma == "plan" and h > 0 and toks[h - 1].lower == "action"
        if lemma == "plan" and not compound:
            continue
        k = h - 1 if compound else h
        while k - 1 >= 0 and h - k < 8 and not toks[k].nl_before and orgs._run_word(toks[k - 1]):
            k -= 1
        end = h
        p = h + 1
        groups = 0
        while p + 1 < n and groups < 4 and not toks[p].nl_before:
            q = p
            conn: list[str] = []
            while q < n and len(conn) < 2 and toks[q].lower in ("on", "for", "of", "against", "to", "the", "and"):
                conn.append(toks[q].lower)
                q += 1
            if not conn or q >= n or toks[q].nl_before or not orgs._run_word(toks[q]):
                break
            if conn[0] in ("the", "and") or conn == ["to"]:
                break
            r = q
            while r + 1 < n and orgs._run_word(toks[r + 1]) and not toks[r + 1].nl_before:
                r += 1
            end, p = r, r + 1
            groups += 1
        mods = toks[k:(h - 1 if compound else h)]
        if not mods and end == h:
            continue
        sentence_start = k == 0 or toks[k].nl_before or toks[k - 1].text in orgs.SENTENCE_PUNCT
        if end == h and all(m.lower in _GENERIC for m in mods) and (sentence_start or not mods):
            continue
        start, stop = toks[k].start, toks[end].end
        if orgs.POSSESSIVE.search(toks[end].text):
            stop -= 2
        name = " ".join(text[start:stop].split())
        kind = "action_plan" if compound else _HEAD_KIND.get(lemma, "initiative")
        out.append(_Found(start, stop, name, kind, priority=1))
    return out


def _contains_all(intervals: orgs._Intervals, start: int, end: int) -> bool:
    """Every interval that overlaps [start, end) lies strictly inside it."""
    return all(start <= a and b <= end and b - a < end - start
               for a, b in zip(intervals.starts, intervals.ends, strict=True) if a < end and b > start)


def _norm(name: str) -> str:
    return " ".join(orgs._norm_tokens(name))


def find_initiatives(text: str, language: str = "en") -> list[InitiativeMention]:
    """Every initiative named in `text`, one mention per initiative, in order of first mention."""
    if not text or not text.strip():
        return []
    text = text[:MAX_CHARS]
    found, points = _registry_found(text, language)
    found += _acts(text) + _quoted(text) + _capitalised(text, orgs._window_tokens(text, points))
    # the most trusted source first, then the longest: overlapping lesser finds are dropped
    found.sort(key=lambda f: (-f.priority, -(f.end - f.start), f.start))
    registry_taken, taken = orgs._Intervals(), orgs._Intervals()
    kept: list[_Found] = []
    for f in found:
        if taken.overlaps(f.start, f.end) or (f.id and registry_taken.overlaps(f.start, f.end)):
            continue
        if f.id is None and registry_taken.overlaps(f.start, f.end) and not (
                f.cued and _contains_all(registry_taken, f.start, f.end)):
            continue
        (registry_taken if f.id else taken).add(f.start, f.end)
        kept.append(f)
    kept.sort(key=lambda f: f.start)
    out: list[InitiativeMention] = []
    seen: dict[str, InitiativeMention] = {}
    for f in kept:
        key = f.id or _norm(f.name)
        if not key or key in seen:
            continue
        if f.id is None:
            # "Regional Programme for X" and "UNODC Regional Programme for X" are one programme
            same = next((m for k, m in seen.items()
                         if m.id is None and (k.endswith(" " + key) or key.endswith(" " + k))), None)
            if same is not None:
                if len(f.name) > len(same.name):
                    same.name = f.name
                seen[key] = same
                continue
        mention = InitiativeMention(name=f.name, kind=f.kind, span=(f.start, f.end), id=f.id)
        seen[key] = mention
        out.append(mention)
    return out
