"""Score extraction against gold files with the extraction contract's matching rules, so an
organisation can measure praxhub on its own annotated documents (`praxhub eval`).

Gold files are NAME.json in the contract's shape, plus "aliases" on organisations and
"addressee_aliases" on recommendations. Matching (greedy, best pairs first):
- events: the same start date (when gold has one), then title token overlap or the same city;
  undated gold events match on title overlap ≥ 0.5;
- recommendations: token Jaccard, or 0.9 × containment, ≥ 0.5;
- organisations: any shared normalised name, acronym or alias;
- countries: set overlap.
Micro-averaged precision, recall and F1 over documents; accuracy of end, city and country on
matched events and of the addressee on matched recommendations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

KINDS = ("events", "recommendations", "organisations", "countries")
# The contract scorer's stop words.
STOP = frozenset(("the", "of", "and", "to", "in", "on", "for", "a", "an", "by", "with", "at", "from", "as", "its",
                  "their", "this", "that", "be", "is", "are"))


def norm(text: str | None) -> str:
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"[^a-z0-9 ]+", " ", folded)
    return " ".join(w for w in folded.split() if w != "the")


def _tokens(text: str | None) -> set[str]:
    return {w for w in norm(text).split() if w not in STOP and len(w) > 1}


def jaccard(a: str | None, b: str | None) -> float:
    x, y = _tokens(a), _tokens(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def containment(a: str | None, b: str | None) -> float:
    x, y = _tokens(a), _tokens(b)
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def greedy(preds: list[dict], golds: list[dict], score: Callable[[dict, dict], float],
           threshold: float) -> list[tuple[dict, dict]]:
    pairs = sorted(((score(p, g), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)), reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    matches = []
    for s, i, j in pairs:
        if s < threshold:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matches.append((preds[i], golds[j]))
    return matches


def event_score(p: dict, g: dict) -> float:
    title = max(jaccard(p.get("title"), g.get("title")), containment(p.get("title"), g.get("title")))
    same_city = bool(g.get("city")) and norm(p.get("city")) == norm(g.get("city"))
    if g.get("start"):
        if p.get("start") != g.get("start"):
            return 0.0
        return 0.5 + 0.5 * max(title, 1.0 if same_city else 0.0)
    return title if title >= 0.5 else 0.0


def recommendation_score(p: dict, g: dict) -> float:
    return max(jaccard(p.get("text"), g.get("text")), 0.9 * containment(p.get("text"), g.get("text")))


def _org_names(o: dict) -> set[str]:
    return {norm(n) for n in [o.get("name"), o.get("acronym"), *(o.get("aliases") or [])] if n}


@dataclass
class Tally:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, tp: int, predicted: int, gold: int) -> None:
        self.tp += tp
        self.predicted += predicted
        self.gold += gold

    def prf(self) -> dict[str, float]:
        p = self.tp / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)
        r = self.tp / self.gold if self.gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


@dataclass
class Report:
    summary: dict[str, Any]
    per_document: dict[str, dict[str, Any]] = field(default_factory=dict)

    def failures(self, minimums: dict[str, float]) -> list[str]:
        out = [f"{kind} F1 {self.summary[kind]['f1']} < {value}" for kind, value in minimums.items()
               if self.summary[kind]["f1"] < value]
        if self.summary["missing_predictions"]:
            out.append(f"no prediction for {self.summary['missing_predictions']}")
        return out


def score(gold: dict[str, dict], predictions: Iterable[dict]) -> Report:
    """gold: name (file stem) → gold object; predictions: contract objects with "source"."""
    from pathlib import PurePath

    preds = {PurePath(p.get("source", "")).stem: p for p in predictions}
    tallies = {k: Tally() for k in KINDS}
    fields = {f: [0, 0] for f in ("end", "city", "country")}
    addressee = [0, 0]
    per_document: dict[str, dict[str, Any]] = {}
    for name, g in sorted(gold.items()):
        p = preds.get(name, {})
        pe, ge = p.get("events") or [], g.get("events") or []
        events = greedy(pe, ge, event_score, 0.5)
        tallies["events"].add(len(events), len(pe), len(ge))
        for pred_event, gold_event in events:
            for f in fields:
                if f in gold_event:
                    fields[f][1] += 1
                    fields[f][0] += norm(str(pred_event.get(f))) == norm(str(gold_event.get(f)))
        pr, gr = p.get("recommendations") or [], g.get("recommendations") or []
        recs = greedy(pr, gr, recommendation_score, 0.5)
        tallies["recommendations"].add(len(recs), len(pr), len(gr))
        for pred_rec, gold_rec in recs:
            accepted = {norm(gold_rec.get("addressee"))} | {norm(a) for a in gold_rec.get("addressee_aliases") or []}
            addressee[1] += 1
            addressee[0] += norm(pred_rec.get("addressee")) in accepted
        po, go = p.get("organisations") or [], g.get("organisations") or []
        orgs = greedy(po, go, lambda a, b: 1.0 if _org_names(a) & _org_names(b) else 0.0, 1.0)
        tallies["organisations"].add(len(orgs), len(po), len(go))
        gc, pc = set(g.get("countries") or []), set(p.get("countries") or [])
        tallies["countries"].add(len(gc & pc), len(pc), len(gc))
        per_document[name] = {
            "events": f"{len(events)}/{len(pe)}/{len(ge)}",
            "recommendations": f"{len(recs)}/{len(pr)}/{len(gr)}",
            "organisations": f"{len(orgs)}/{len(po)}/{len(go)}",
            "countries_missed": sorted(gc - pc),
            "countries_extra": sorted(pc - gc),
        }
    summary: dict[str, Any] = {k: t.prf() for k, t in tallies.items()}
    summary["event_fields_accuracy"] = {f: round(a / n, 3) if n else None for f, (a, n) in fields.items()}
    summary["addressee_accuracy"] = round(addressee[0] / addressee[1], 3) if addressee[1] else None
    summary["documents"] = len(gold)
    summary["missing_predictions"] = sorted(set(gold) - set(preds))
    return Report(summary, per_document)
