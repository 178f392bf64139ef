"""The recommendation tracker as plain functions: recommendations by source, issuer, addressee
and theme; follow-ups per actor or country with a dated timeline and evidence; suggested evidence
and near-duplicate recommendations found by text similarity; progress rolled up per source and
per theme; CSV rows.

Progress of a recommendation is the mean progress of its follow-ups (those marked "not
applicable" are left out). A source's progress counts every recommendation in it, an untracked one
as 0 %, so that it says how much of what the source asked for is done. A theme's progress is
over its tracked recommendations only (counting every recommendation of a theme across the
corpus would mean reading all of them)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praxhub import params as params_module
from praxhub.accounts.services import is_curator
from praxhub.documents.models import Document, Status
from praxhub.documents.services import invalidate_counts
from praxhub.encodings import csv_cell
from praxhub.events.models import Event
from praxhub.extract.model import THEMES
from praxhub.organisations.models import Organisation
from praxhub.practices.models import Practice, Workflow
from praxhub.recommendations.models import (
    EvidenceLink,
    FollowUp,
    FollowUpEntry,
    FollowUpStatus,
    LinkStatus,
    Recommendation,
    SameRecommendation,
)
from praxhub.sanitise import plain_text
from praxhub.search.text import TOKEN_RE, fold, stopwords

PAGE_SIZE = 20
MAX_PAGE = 500
COUNT_CAP = 10_000                 # lists count this far ("more than 10,000")
SUGGESTIONS = 5                    # suggested evidence of each kind
DUPLICATE_SCAN = 500               # recommendations compared for near-duplicates (2,000 rows read = 80 ms at 100k)
NAME_ONLY_WINDOW = 20_000         # recommendations searched when the addressee has no directory record
DUPLICATE_MIN_SIMILARITY = 0.5     # Jaccard similarity of the content words
PRACTICE_SCAN = 300
GROUP_LIMIT = 50

STATUS_LABELS = {
    FollowUpStatus.NOT_STARTED: _("not started"), FollowUpStatus.PLANNED: _("planned"),
    FollowUpStatus.IN_PROGRESS: _("in progress"), FollowUpStatus.IMPLEMENTED: _("implemented"),
    FollowUpStatus.NOT_APPLICABLE: _("not applicable"),
}
# Progress a status implies when none is given.
DEFAULT_PROGRESS = {FollowUpStatus.NOT_STARTED: 0, FollowUpStatus.PLANNED: 10, FollowUpStatus.IN_PROGRESS: 50,
                    FollowUpStatus.IMPLEMENTED: 100, FollowUpStatus.NOT_APPLICABLE: 0}
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class TrackerError(ValueError):
    """A request the tracker cannot carry out; the message names the field or the rule."""


# -- words -------------------------------------------------------------------------------------

def content_words(text: str) -> set[str]:
    """Folded words that carry meaning (no stop words, no one- or two-letter words)."""
    stop = stopwords()
    return {w for w in TOKEN_RE.findall(fold(text)) if len(w) > 2 and w not in stop and not w.isdigit()}


def similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# -- lists ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    source: int | None = None   # a document id
    issuer: str = ""            # an organisation slug
    addressee: str = ""
    theme: str = ""
    tracked: str = ""           # "yes": with follow-up, "no": without

    def query(self) -> dict[str, str]:
        return params_module.as_query(self)


def parse_filters(params: Mapping[str, Any]) -> Filters:
    def one(name: str) -> str:
        return params_module.text(params, name)

    source_text = one("source")
    if source_text and not source_text.isdigit():
        raise TrackerError(f"source: {source_text!r} is not a document id")
    theme = one("theme")
    if theme and theme not in THEMES:
        raise TrackerError(f"theme: {theme!r} is not one of the hub's themes")
    tracked = one("tracked")
    if tracked not in ("", "yes", "no"):
        raise TrackerError(f"tracked: {tracked!r} must be yes or no")
    slugs = {}
    for name in ("issuer", "addressee"):
        slug = one(name)
        if slug and not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,119}", slug):
            raise TrackerError(f"{name}: {slug!r} is not an organisation's slug")
        slugs[name] = slug
    return Filters(int(source_text) if source_text else None, slugs["issuer"], slugs["addressee"], theme, tracked)


def listed(filters: Filters) -> QuerySet[Recommendation]:
    recs = Recommendation.objects.exclude(status=Status.REJECTED)
    if filters.source is not None:
        recs = recs.filter(document_id=filters.source)
    if filters.issuer:
        recs = recs.filter(issuer__slug=filters.issuer)
    if filters.addressee:
        recs = recs.filter(addressee__slug=filters.addressee)
    if filters.tracked == "yes":
        recs = recs.filter(pk__in=FollowUp.objects.values("recommendation_id"))
    elif filters.tracked == "no":
        recs = recs.exclude(pk__in=FollowUp.objects.values("recommendation_id"))
    if filters.theme:
        # Themes are a JSON list; matched on its text (the ids are plain words, quoted in the JSON).
        recs = recs.filter(themes__icontains=f'"{filters.theme}"')
    return recs


def _with_follow_ups(recs: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    return recs.select_related("document", "issuer", "addressee").defer("document__text").prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.order_by("country", "actor_name", "id")))


def progress_of(follow_ups: Iterable[Any]) -> float | None:
    """Mean progress of the follow-ups that apply; None when none does (or there is none)."""
    values = [f.progress for f in follow_ups if f.status != FollowUpStatus.NOT_APPLICABLE]
    return sum(values) / len(values) if values else None


@dataclass
class Row:
    recommendation: Recommendation
    follow_ups: list[FollowUp]
    progress: float | None


@dataclass
class RecommendationPage:
    rows: list[Row]
    total: int
    total_is_lower_bound: bool
    page: int
    pages: int


def recommendation_page(filters: Filters, page: int = 1, page_size: int = PAGE_SIZE) -> RecommendationPage:
    if not 1 <= page <= MAX_PAGE:
        raise TrackerError(f"page: must be between 1 and {MAX_PAGE}")
    recs = listed(filters)
    counted = recs.order_by().values("id")[:COUNT_CAP + 1].count()
    # One source: in its own order. Otherwise the most recently added first, which walks the primary
    # key (ordering by source and then position would sort a million rows at 100,000 documents).
    order = ("span_start", "id") if filters.source is not None else ("-id",)
    chosen = list(_with_follow_ups(recs).order_by(*order)[(page - 1) * page_size: page * page_size])
    rows = [Row(r, list(r.follow_ups.all()), progress_of(r.follow_ups.all())) for r in chosen]
    total = min(counted, COUNT_CAP)
    return RecommendationPage(rows, total, counted > COUNT_CAP, page, max(1, -(-total // page_size)))


# -- roll-ups ------------------------------------------------------------------------------------

@dataclass
class Rollup:
    recommendations: int = 0       # in scope (not rejected; for a theme: tracked ones only)
    tracked: int = 0               # with at least one follow-up that applies
    follow_ups: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    progress: float = 0.0          # per cent, see the module's docstring

    def as_json(self) -> dict[str, Any]:
        return {"recommendations": self.recommendations, "tracked": self.tracked, "follow_ups": self.follow_ups,
                "by_status": self.by_status, "progress": round(self.progress, 1)}


class _State(NamedTuple):
    """What a roll-up reads of a follow-up."""

    recommendation_id: int
    status: str
    progress: int


def _rollup(recommendation_ids: list[int], count_untracked: bool,
            follow_ups: Iterable[Any] | None = None) -> Rollup:
    """`follow_ups`: those of these recommendations when already read (else they are read here)."""
    if follow_ups is None:
        follow_ups = FollowUp.objects.filter(recommendation_id__in=recommendation_ids).only(
            "recommendation_id", "status", "progress")
    by_rec: dict[int, list[Any]] = defaultdict(list)
    statuses: Counter[str] = Counter()
    for follow_up in follow_ups:
        by_rec[follow_up.recommendation_id].append(follow_up)
        statuses[follow_up.status] += 1
    progress = {rec_id: progress_of(items) for rec_id, items in by_rec.items()}
    tracked = [p for p in progress.values() if p is not None]
    denominator = (len(recommendation_ids) - sum(1 for p in progress.values() if p is None)
                   if count_untracked else len(tracked))
    return Rollup(len(recommendation_ids) if count_untracked else len(tracked), len(tracked),
                  sum(statuses.values()), dict(statuses), sum(tracked) / denominator if denominator > 0 else 0.0)


def source_rollup(document_id: int) -> Rollup:
    """Progress on what one source (a document) recommends."""
    ids = list(Recommendation.objects.filter(document_id=document_id).exclude(status=Status.REJECTED)
               .values_list("id", flat=True))
    return _rollup(ids, count_untracked=True)


def _kept(name: str, compute: Any) -> Any:
    """A roll-up kept in the shared cache for the current data version (any write moves it on)."""
    from django.core.cache import cache

    from praxhub.documents.services import data_version

    key = f"praxhub:tracker:{name}:{data_version()}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, 3600)
    return found


def theme_rollups() -> list[tuple[str, Rollup]]:
    """Per theme, over the recommendations that have follow-up."""
    return _kept("themes", _theme_rollups)


def _theme_rollups() -> list[tuple[str, Rollup]]:
    """One pass over the follow-ups."""
    rows = (FollowUp.objects.exclude(recommendation__status=Status.REJECTED)
            .values_list("recommendation_id", "status", "progress", "recommendation__themes"))
    by_theme: dict[str, list[Any]] = defaultdict(list)
    for rec_id, status, progress, themes in rows:
        follow_up = _State(rec_id, status, progress)  # a model instance each would cost 20 µs
        for theme in themes or ():
            by_theme[theme].append(follow_up)
    rollups = [(theme, _rollup(sorted({f.recommendation_id for f in items}), False, items))
               for theme, items in by_theme.items()]
    return sorted(rollups, key=lambda tr: (-tr[1].tracked, tr[0]))


def tracked_sources(limit: int = 50) -> list[tuple[Document, Rollup]]:
    """The sources whose recommendations have follow-up, most recently followed up first."""
    return _kept(f"sources-{limit}", lambda: _tracked_sources(limit))


def _tracked_sources(limit: int) -> list[tuple[Document, Rollup]]:
    ids: list[int] = []
    for doc_id in (FollowUp.objects.order_by("-updated_on", "-id")
                   .values_list("recommendation__document_id", flat=True)[:limit * 20]):
        if doc_id not in ids:
            ids.append(doc_id)
        if len(ids) >= limit:
            break
    documents = Document.objects.defer("text").in_bulk(ids)
    return [(documents[i], source_rollup(i)) for i in ids if i in documents]


# -- follow-ups ----------------------------------------------------------------------------------

def _member(user: Any) -> None:
    if not (user and user.is_authenticated and user.is_active):
        raise TrackerError("Sign in to follow a recommendation up.")


def can_change(user: Any, follow_up: FollowUp) -> bool:
    return is_curator(user) or bool(user and user.is_authenticated and follow_up.created_by_id == user.pk)


def _status_and_progress(status: str, progress: int | None) -> tuple[str, int]:
    if status not in FollowUpStatus.values:
        raise TrackerError(f"status: {status!r} is not one of {', '.join(FollowUpStatus.values)}")
    value = DEFAULT_PROGRESS[FollowUpStatus(status)] if progress is None else progress
    if not 0 <= value <= 100:
        raise TrackerError("progress: must be between 0 and 100 (per cent)")
    if status == FollowUpStatus.IMPLEMENTED and value != 100:
        raise TrackerError("progress: an implemented recommendation is 100 % done")
    return status, value


def add_follow_up(recommendation: Recommendation, user: Any, *, status: str, progress: int | None = None,
                  country: str = "", actor_slug: str = "", actor_name: str = "", note: str = "",
                  date: dt.date | None = None) -> FollowUp:
    """A new follow-up by an actor (an organisation of the directory, or a name) or for a country,
    with the first entry of its timeline."""
    _member(user)
    status, value = _status_and_progress(status, progress)
    country = country.strip().upper()
    if country and not _COUNTRY.match(country):
        raise TrackerError(f"country: {country!r} is not a two-letter country code")
    actor = None
    if actor_slug:
        actor = Organisation.objects.filter(slug=actor_slug).first()
        if actor is None:
            raise TrackerError(f"actor: there is no organisation {actor_slug!r}")
    if not (country or actor or actor_name.strip()):
        raise TrackerError("actor: name who follows the recommendation up, or the country")
    day = date or timezone.localdate()
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            recommendation=recommendation, actor=actor,
            actor_name=(actor.name if actor else plain_text(actor_name).strip())[:300],
            country=country, status=status, progress=value, updated_on=day, created_by=user)
        FollowUpEntry.objects.create(follow_up=follow_up, date=day, status=status, progress=value,
                                     note=plain_text(note).strip()[:5000], created_by=user)
        invalidate_counts()
    return follow_up


def update_follow_up(follow_up: FollowUp, user: Any, *, status: str, progress: int | None = None, note: str = "",
                     date: dt.date | None = None) -> FollowUp:
    """A new dated step; the follow-up takes the state of its latest step."""
    _member(user)
    if not can_change(user, follow_up):
        raise TrackerError("Only the follow-up's author or a curator can add to its timeline.")
    status, value = _status_and_progress(status, progress)
    day = date or timezone.localdate()
    with transaction.atomic():
        FollowUpEntry.objects.create(follow_up=follow_up, date=day, status=status, progress=value,
                                     note=plain_text(note).strip()[:5000], created_by=user)
        latest = follow_up.entries.order_by("-date", "-id").first()
        assert latest is not None
        follow_up.status, follow_up.progress, follow_up.updated_on = latest.status, latest.progress, latest.date
        follow_up.save(update_fields=["status", "progress", "updated_on"])
        invalidate_counts()
    return follow_up


# -- evidence -------------------------------------------------------------------------------------

_TARGET_URL = re.compile(r"^(?:https?://[^/]+)?/(documents|events|practices)/([A-Za-z0-9_-]+)/?$")


def _target(kind: str, key: str) -> dict[str, Any]:
    if kind in ("document", "documents"):
        document = Document.objects.defer("text").filter(pk=int(key)).first() if key.isdigit() else None
        if document is None:
            raise TrackerError(f"evidence: there is no document {key}")
        return {"document": document}
    if kind in ("event", "events"):
        event = Event.objects.filter(pk=int(key)).first() if key.isdigit() else None
        if event is None:
            raise TrackerError(f"evidence: there is no event {key}")
        return {"event": event}
    practice = Practice.objects.filter(slug=key, status=Workflow.PUBLISHED).first()
    if practice is None:
        raise TrackerError(f"evidence: there is no published practice {key!r}")
    return {"practice": practice}


def add_evidence(follow_up: FollowUp, user: Any, url: str) -> EvidenceLink:
    """Link a document, an event or a practice of this hub, given by its address."""
    if not can_change(user, follow_up):
        raise TrackerError("Only the follow-up's author or a curator can add evidence.")
    match = _TARGET_URL.match(url.strip())
    if not match:
        raise TrackerError("evidence: give the address of a document, an event or a practice of this hub, "
                           "e.g. /documents/12")
    target = _target(match.group(1), match.group(2))
    link, _created = EvidenceLink.objects.update_or_create(
        follow_up=follow_up, **target, defaults={"status": LinkStatus.CONFIRMED, "created_by": user})
    return link


def accept_suggestion(follow_up: FollowUp, curator: Any, kind: str, key: str, score: float | None = None,
                      accept: bool = True) -> EvidenceLink:
    """A curator accepts (or rejects, so that it is not suggested again) a suggested link."""
    if not is_curator(curator):
        raise TrackerError("Only curators accept suggested evidence.")
    if kind not in ("document", "event", "practice"):
        raise TrackerError(f"kind: {kind!r} must be document, event or practice")
    target = _target(kind, key)
    link, _created = EvidenceLink.objects.update_or_create(
        follow_up=follow_up, **target,
        defaults={"status": LinkStatus.CONFIRMED if accept else LinkStatus.REJECTED, "similarity": score,
                  "created_by": curator})
    return link


@dataclass
class Suggestion:
    kind: str
    key: str
    title: str
    url: str
    score: float


def suggestions(recommendation: Recommendation, follow_up: FollowUp | None = None,
                limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Documents, events and practices whose words are closest to the recommendation's: documents
    ranked by the full-text index (its content words as a query), events and practices by the
    share of content words they have in common. Its own source and links already made (or
    rejected) are left out."""
    from praxhub.search.service import search

    words = content_words(recommendation.text)
    if not words:
        return []
    known: set[tuple[str, str]] = set()
    if follow_up is not None:
        for link in follow_up.links.all():
            if link.document_id:
                known.add(("document", str(link.document_id)))
            elif link.event_id:
                known.add(("event", str(link.event_id)))
            elif link.practice is not None:
                known.add(("practice", link.practice.slug))
    found: list[Suggestion] = []
    query = " OR ".join(sorted(words, key=lambda w: (-len(w), w))[:12])
    page = search(query, limit=limit + 3, snippets=False)
    best = max((hit.score for hit in page.hits), default=0.0) or 1.0
    for hit in page.hits:
        if hit.id == recommendation.document_id or ("document", str(hit.id)) in known:
            continue
        found.append(Suggestion("document", str(hit.id), hit.title, f"/documents/{hit.id}", round(hit.score / best, 3)))
    found = found[:limit]
    longest = sorted(words, key=lambda w: (-len(w), w))[:3]
    narrow = Q()
    for word in longest:
        narrow |= Q(title__icontains=word[:6])
    events = (Event.objects.filter(narrow, merged_into__isnull=True).exclude(status=Status.REJECTED)
              .exclude(document_id=recommendation.document_id).order_by("-id")[:PRACTICE_SCAN])
    scored = [(similarity(words, content_words(e.title)), e) for e in events]
    for score, event in sorted(scored, key=lambda se: (-se[0], -se[1].pk))[:limit]:
        if score > 0 and ("event", str(event.pk)) not in known:
            found.append(Suggestion("event", str(event.pk), event.title, f"/events/{event.pk}", round(score, 3)))
    narrow = Q()
    for word in longest:
        narrow |= Q(title__icontains=word[:6]) | Q(summary__icontains=word[:6])
    practices = Practice.objects.filter(narrow, status=Workflow.PUBLISHED).order_by("-id")[:PRACTICE_SCAN]
    scored_practices = [(similarity(words, content_words(f"{p.title} {p.summary}")), p) for p in practices]
    for score, practice in sorted(scored_practices, key=lambda sp: (-sp[0], sp[1].title))[:limit]:
        if score > 0 and ("practice", practice.slug) not in known:
            found.append(Suggestion("practice", practice.slug, practice.title, f"/practices/{practice.slug}",
                                    round(score, 3)))
    return found


# -- near-duplicates -----------------------------------------------------------------------------

@dataclass
class NearDuplicate:
    recommendation: Recommendation
    similarity: float
    status: str  # suggested (found now), confirmed or rejected (a curator decided)


def near_duplicates(recommendation: Recommendation, limit: int = 5) -> list[NearDuplicate]:
    """Recommendations from other sources that ask the same thing: same addressee (or addressee
    name), content words shared at DUPLICATE_MIN_SIMILARITY or more, among the DUPLICATE_SCAN most
    recently added; with the decisions curators took on any pair."""
    words = content_words(recommendation.text)
    decided = {}
    for pair in SameRecommendation.objects.filter(Q(first=recommendation) | Q(second=recommendation)):
        decided[pair.second_id if pair.first_id == recommendation.pk else pair.first_id] = pair
    candidates = Recommendation.objects.exclude(document_id=recommendation.document_id).exclude(
        status=Status.REJECTED)
    order = "-document_id"
    if recommendation.addressee_id:
        candidates = candidates.filter(addressee_id=recommendation.addressee_id)  # the (addressee, document) index
    else:
        order = "-id"  # walk the primary key's range, never the whole table
        # An addressee known by its name only has no index to walk: look among the most recently
        # added recommendations (a bounded scan) for the same name.
        newest = Recommendation.objects.order_by("-id").values_list("id", flat=True).first() or 0
        candidates = candidates.filter(pk__gt=newest - NAME_ONLY_WINDOW)
        if recommendation.addressee_name:
            candidates = candidates.filter(addressee_name__iexact=recommendation.addressee_name)
        else:
            candidates = candidates.filter(addressee__isnull=True, addressee_name="")
    rows = candidates.order_by(order).only("id", "text", "document_id")[:DUPLICATE_SCAN]
    # A near-duplicate shares most words, so surely one of the three longest: a cheap test first.
    longest = sorted(words, key=lambda w: (-len(w), w))[:3]
    found = {}
    for other in rows:
        folded = fold(other.text)
        if not any(word in folded for word in longest):
            continue
        score = similarity(words, content_words(other.text))
        if score >= DUPLICATE_MIN_SIMILARITY:
            found[other.pk] = (other, score)
    for other_id, pair in decided.items():
        if other_id not in found:
            decided_other = Recommendation.objects.filter(pk=other_id).only("id", "text", "document_id").first()
            if decided_other is not None:
                found[other_id] = (decided_other, pair.similarity)
    out = [NearDuplicate(other, round(score, 3), decided[pk].status if pk in decided else LinkStatus.SUGGESTED)
           for pk, (other, score) in found.items()]
    out = [d for d in out if d.status != LinkStatus.REJECTED] + [d for d in out if d.status == LinkStatus.REJECTED]
    out.sort(key=lambda d: (d.status == LinkStatus.REJECTED, -d.similarity, d.recommendation.pk))
    ids = [d.recommendation.pk for d in out[:limit]]
    with_docs = Recommendation.objects.select_related("document").defer("document__text").in_bulk(ids)
    for d in out[:limit]:
        d.recommendation = with_docs.get(d.recommendation.pk, d.recommendation)
    return out[:limit]


def decide_same(first: Recommendation, second: Recommendation, curator: Any, same: bool) -> SameRecommendation:
    if not is_curator(curator):
        raise TrackerError("Only curators group recommendations.")
    if first.pk == second.pk:
        raise TrackerError("other: a recommendation is always the same as itself")
    a, b = sorted((first, second), key=lambda r: r.pk)
    score = similarity(content_words(a.text), content_words(b.text))
    pair, _created = SameRecommendation.objects.update_or_create(
        first=a, second=b, defaults={"similarity": score, "decided_by": curator, "decided_at": timezone.now(),
                                     "status": LinkStatus.CONFIRMED if same else LinkStatus.REJECTED})
    return pair


def group_of(recommendation: Recommendation) -> list[Recommendation]:
    """The recommendations confirmed as the same as this one, directly or through others."""
    seen = {recommendation.pk}
    frontier = [recommendation.pk]
    while frontier and len(seen) < GROUP_LIMIT:
        pairs = SameRecommendation.objects.filter(Q(first_id__in=frontier) | Q(second_id__in=frontier),
                                                  status=LinkStatus.CONFIRMED).values_list("first_id", "second_id")
        frontier = []
        for a, b in pairs:
            for pk in (a, b):
                if pk not in seen:
                    seen.add(pk)
                    frontier.append(pk)
    seen.discard(recommendation.pk)
    return list(Recommendation.objects.filter(pk__in=seen).select_related("document").defer("document__text")
                .order_by("-document_id", "id"))


# -- exports -------------------------------------------------------------------------------------

CSV_FIELDS = ("id", "text", "issuer", "addressee", "verb", "strength", "themes", "status", "source",
              "source_title", "follow_ups", "progress", "url")


def follow_up_json(follow_up: FollowUp) -> dict[str, Any]:
    return {"id": follow_up.pk, "actor": follow_up.actor_name, "actor_slug": follow_up.actor.slug if follow_up.actor
            else None, "country": follow_up.country, "status": follow_up.status, "progress": follow_up.progress,
            "updated_on": follow_up.updated_on.isoformat()}


def row_json(row: Row) -> dict[str, Any]:
    rec = row.recommendation
    return {"id": rec.pk, "text": rec.text, "issuer": rec.issuer_name, "addressee": rec.addressee_name,
            "verb": rec.verb, "strength": rec.strength, "themes": rec.themes or [], "status": rec.status,
            "source": rec.document_id, "source_title": str(rec.document),
            "follow_ups": [follow_up_json(f) for f in row.follow_ups],
            "progress": None if row.progress is None else round(row.progress, 1),
            "url": f"/recommendations/{rec.pk}"}


def csv_rows(rows: Iterable[Row]) -> Iterable[list[str]]:
    yield list(CSV_FIELDS)
    for row in rows:
        data = row_json(row)
        data["follow_ups"] = "; ".join(f"{f['actor'] or f['country']}: {f['status']} {f['progress']}%"
                                       for f in data["follow_ups"])
        yield [csv_cell(data[name]) for name in CSV_FIELDS]
