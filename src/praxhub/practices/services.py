"""The practices compendium as plain functions: who may see and change a practice, the review
workflow (draft → submitted → published, or returned with comments), the filtered list with its
facet counts, "similar practices" and "counterparts in other countries", and the exports.

Views, the JSON API and tests call these; none of them touches the models' workflow fields."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from praxhub import params as params_module
from praxhub.accounts.audience import Audience, copy_audience
from praxhub.accounts.services import is_curator
from praxhub.encodings import csv_cell
from praxhub.events.services import THEME_LABELS, country_name
from praxhub.extract.model import THEMES
from praxhub.practices.models import TARGET_GROUPS, Evaluation, Practice, PracticeTag, Tag, Workflow
from praxhub.sanitise import plain_text

PAGE_SIZE = 20
MAX_PAGE = 500
RELATED_LIMIT = 5         # similar practices and counterparts shown on a practice's page
FACET_SIZE = 30
EDITABLE_BY_OWNER = (Workflow.DRAFT, Workflow.RETURNED)

TARGET_LABELS = {
    "young_people": _("Young people"), "pupils_students": _("Pupils and students"), "families": _("Families"),
    "prisoners": _("Prisoners"), "probation_clients": _("People on probation"), "returnees": _("Returnees"),
    "former_extremists": _("Former extremists"), "online_audiences": _("Online audiences"),
    "first_line_practitioners": _("First-line practitioners"), "teachers": _("Teachers"), "police": _("Police"),
    "local_communities": _("Local communities"), "victims": _("Victims"), "general_public": _("The general public"),
}
EVALUATION_LABELS = {Evaluation.INSPIRING: _("inspiring (not evaluated)"), Evaluation.EVALUATED: _("evaluated"),
                     Evaluation.PEER_REVIEWED: _("peer reviewed")}
WORKFLOW_LABELS = {Workflow.DRAFT: _("draft"), Workflow.SUBMITTED: _("submitted for review"),
                   Workflow.PUBLISHED: _("published"), Workflow.RETURNED: _("returned with comments")}
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class PracticeError(ValueError):
    """A request the compendium cannot carry out; the message names the field or the rule."""


# -- who may do what ----------------------------------------------------------------------------

def is_owner(user: Any, practice: Practice) -> bool:
    return bool(user and user.is_authenticated and practice.submitted_by_id == user.pk)


def can_view(user: Any, practice: Practice) -> bool:
    """Published practices are public; drafts and submissions only for their owner and curators."""
    return practice.status == Workflow.PUBLISHED or is_owner(user, practice) or is_curator(user)


def can_edit(user: Any, practice: Practice) -> bool:
    """Owners edit their draft or a returned practice; curators edit any practice."""
    return is_curator(user) or (is_owner(user, practice) and practice.status in EDITABLE_BY_OWNER)


def visible(user: Any) -> QuerySet[Practice]:
    """The practices a user may see: published ones, their own, and all for curators."""
    practices = Practice.objects.all()
    if is_curator(user):
        return practices
    if user and user.is_authenticated:
        return practices.filter(Q(status=Workflow.PUBLISHED) | Q(submitted_by=user))
    return practices.filter(status=Workflow.PUBLISHED)


# -- writing ------------------------------------------------------------------------------------

@dataclass
class PracticeInput:
    """What a submission form (or the API) provides; validated by the form layer, checked again here."""

    title: str
    summary: str
    countries: list[str]
    themes: list[str]
    target_groups: list[str]
    lead_organisation_name: str = ""
    lead_organisation_id: int | None = None
    approach: str = ""
    aims: str = ""
    methods: str = ""
    evaluation: str = Evaluation.INSPIRING
    lessons_learned: str = ""
    resources: str = ""
    contact: str = ""
    year_start: int | None = None
    year_end: int | None = None
    audience: str = Audience.PUBLIC
    audience_groups: list[int] = dataclasses.field(default_factory=list)


def _check(data: PracticeInput) -> None:
    if not data.title.strip():
        raise PracticeError("title: a practice needs a title")
    if not data.summary.strip():
        raise PracticeError("summary: say in a few sentences what the practice does")
    for code in data.countries:
        if not _COUNTRY.match(code):
            raise PracticeError(f"countries: {code!r} is not a two-letter country code")
    for theme in data.themes:
        if theme not in THEMES:
            raise PracticeError(f"themes: {theme!r} is not one of the hub's themes")
    for group in data.target_groups:
        if group not in TARGET_GROUPS:
            raise PracticeError(f"target_groups: {group!r} is not a known target group")
    if data.evaluation not in Evaluation.values:
        raise PracticeError(f"evaluation: {data.evaluation!r} is not one of {', '.join(Evaluation.values)}")
    for name in ("year_start", "year_end"):
        year = getattr(data, name)
        if year is not None and not 1950 <= year <= 2100:
            raise PracticeError(f"{name}: {year} is not a plausible year")
    if data.year_start and data.year_end and data.year_end < data.year_start:
        raise PracticeError("year_end: the practice ends before it starts")


RESERVED_SLUGS = frozenset({"new", "review", "mine"})  # pages of the compendium itself


def _unique_slug(title: str, practice_id: int | None) -> str:
    base = slugify(title)[:120] or "practice"
    if base in RESERVED_SLUGS:
        base = f"{base}-practice"
    slug, n = base, 1
    # Slugs are unique among every practice, also those the current viewer may not see.
    while Practice.everything.filter(slug=slug).exclude(pk=practice_id or 0).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _set_audience(practice: Practice, data: PracticeInput, user: Any) -> None:
    """Who may see the record: a member restricts it only to groups they belong to."""
    if data.audience not in Audience.values:
        raise PracticeError(f"audience: {data.audience!r} is not one of {', '.join(Audience.values)}")
    groups = sorted(set(data.audience_groups)) if data.audience == Audience.GROUPS else []
    if data.audience == Audience.GROUPS:
        if not groups:
            raise PracticeError("audience_groups: name at least one group")
        own = set(user.groups.values_list("pk", flat=True)) if not user.is_superuser else set(groups)
        if not set(groups) <= own:
            raise PracticeError("audience_groups: you can only restrict a record to groups you belong to")
    if practice.audience != data.audience or practice.group_ids() != groups:
        practice.set_audience(data.audience, groups)
        from praxhub.discussion.models import Comment

        copy_audience(practice, Comment.everything.filter(practice=practice))


def save(data: PracticeInput, user: Any, practice: Practice | None = None) -> Practice:
    """Create a draft (owned by `user`) or change a practice the user may edit, tags included,
    in one transaction."""
    # Markup goes before the checks: a title that is only a <script> element is no title.
    cleaned: dict[str, Any] = {f.name: plain_text(getattr(data, f.name))
                               for f in dataclasses.fields(data) if isinstance(getattr(data, f.name), str)}
    data = dataclasses.replace(data, **cleaned)
    _check(data)
    if practice is not None and not can_edit(user, practice):
        raise PracticeError("This practice cannot be changed now: it is under review or you do not own it.")
    with transaction.atomic():
        if practice is None:
            practice = Practice(submitted_by=user if user and user.is_authenticated else None)
            practice.slug = _unique_slug(data.title, None)
        fields = dataclasses.asdict(data)
        for name in ("countries", "themes", "target_groups", "audience", "audience_groups"):
            fields.pop(name)
        for name, value in fields.items():
            setattr(practice, name, value.strip() if isinstance(value, str) else value)
        practice.save()
        _set_audience(practice, data, user)
        wanted = {(Tag.COUNTRY, c) for c in data.countries} | {(Tag.THEME, t) for t in data.themes} | {
            (Tag.TARGET, g) for g in data.target_groups}
        have = {(t.kind, t.value): t.pk for t in practice.tags.all()}
        PracticeTag.objects.filter(pk__in=[pk for key, pk in have.items() if key not in wanted]).delete()
        PracticeTag.objects.bulk_create([PracticeTag(practice=practice, kind=k, value=v)
                                         for k, v in sorted(wanted) if (k, v) not in have])
        if set(have) != wanted:  # tags are written in bulk (no signals): the audit log gets them here
            from praxhub.audit.services import record_tags

            record_tags(practice, sorted(f"{k}:{v}" for k, v in have), sorted(f"{k}:{v}" for k, v in wanted))
    _counted_again()
    return practice


def _counted_again() -> None:
    """The map and trends count published practices (by audience): a change moves the data version."""
    from praxhub.documents.services import invalidate_counts

    invalidate_counts()


def submit(practice: Practice, user: Any) -> Practice:
    """The owner asks curators to publish the practice."""
    if not (is_owner(user, practice) or is_curator(user)):
        raise PracticeError("Only the practice's owner can submit it for review.")
    if practice.status not in EDITABLE_BY_OWNER:
        raise PracticeError(f"The practice is {practice.status}: only a draft or a returned practice is submitted.")
    practice.status = Workflow.SUBMITTED
    practice.submitted_at = timezone.now()
    practice.save(update_fields=["status", "submitted_at", "updated_at"])
    return practice


def publish(practice: Practice, curator: Any, comment: str = "") -> Practice:
    if not is_curator(curator):
        raise PracticeError("Only curators publish practices.")
    if practice.status == Workflow.PUBLISHED:
        return practice
    practice.status = Workflow.PUBLISHED
    practice.published_at = timezone.now()
    practice.reviewed_by = curator
    practice.review_comment = plain_text(comment).strip()
    practice.save(update_fields=["status", "published_at", "reviewed_by", "review_comment", "updated_at"])
    _counted_again()
    return practice


def return_for_changes(practice: Practice, curator: Any, comment: str) -> Practice:
    """Send a submission back to its owner, saying what to change."""
    if not is_curator(curator):
        raise PracticeError("Only curators review practices.")
    if not comment.strip():
        raise PracticeError("comment: tell the owner what to change")
    if practice.status != Workflow.SUBMITTED:
        raise PracticeError(f"The practice is {practice.status}: only a submitted practice is returned.")
    practice.status = Workflow.RETURNED
    practice.reviewed_by = curator
    practice.review_comment = plain_text(comment).strip()
    practice.save(update_fields=["status", "reviewed_by", "review_comment", "updated_at"])
    _counted_again()
    return practice


def review_queue() -> QuerySet[Practice]:
    return Practice.objects.filter(status=Workflow.SUBMITTED).order_by("submitted_at", "id")


# -- reading ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    q: str = ""
    country: str = ""
    theme: str = ""
    target: str = ""
    evaluation: str = ""
    year: int | None = None
    status: str = ""      # curators and owners only; everyone else sees published practices

    def query(self) -> dict[str, str]:
        return params_module.as_query(self)


def parse_filters(params: Mapping[str, Any]) -> Filters:
    def one(name: str) -> str:
        return params_module.text(params, name)

    country = one("country").upper()
    if country and not _COUNTRY.match(country):
        raise PracticeError(f"country: {country!r} is not a two-letter country code")
    theme = one("theme")
    if theme and theme not in THEMES:
        raise PracticeError(f"theme: {theme!r} is not one of the hub's themes")
    target = one("target")
    if target and target not in TARGET_GROUPS:
        raise PracticeError(f"target: {target!r} is not a known target group")
    evaluation = one("evaluation")
    if evaluation and evaluation not in Evaluation.values:
        raise PracticeError(f"evaluation: {evaluation!r} is not one of {', '.join(Evaluation.values)}")
    status = one("status")
    if status and status not in Workflow.values:
        raise PracticeError(f"status: {status!r} is not one of {', '.join(Workflow.values)}")
    year_text = one("year")
    year = None
    if year_text:
        if not (year_text.isdigit() and len(year_text) == 4):
            raise PracticeError(f"year: {year_text!r} is not a year (YYYY)")
        year = int(year_text)
    return Filters(q=one("q")[:200], country=country, theme=theme, target=target, evaluation=evaluation,
                   year=year, status=status)


def filtered(filters: Filters, user: Any) -> QuerySet[Practice]:
    practices = visible(user)
    practices = practices.filter(status=filters.status) if filters.status else practices.filter(
        status=Workflow.PUBLISHED)
    for kind, value in ((Tag.COUNTRY, filters.country), (Tag.THEME, filters.theme), (Tag.TARGET, filters.target)):
        if value:
            practices = practices.filter(pk__in=PracticeTag.objects.filter(kind=kind, value=value)
                                         .values("practice_id"))
    if filters.evaluation:
        practices = practices.filter(evaluation=filters.evaluation)
    if filters.year:
        practices = practices.filter(Q(year_start__lte=filters.year) | Q(year_start__isnull=True)).filter(
            Q(year_end__gte=filters.year) | Q(year_end__isnull=True)).exclude(year_start__isnull=True,
                                                                              year_end__isnull=True)
    if filters.q:
        words = filters.q.split()[:8]
        for word in words:
            practices = practices.filter(Q(title__icontains=word) | Q(summary__icontains=word)
                                         | Q(lead_organisation_name__icontains=word)
                                         | Q(lead_organisation__name__icontains=word))
    return practices


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class PracticeList:
    items: list[Practice]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


def tag_label(kind: str, value: str) -> str:
    if kind == Tag.COUNTRY:
        return country_name(value)
    if kind == Tag.THEME:
        return str(THEME_LABELS.get(value, value))
    return str(TARGET_LABELS.get(value, value))


def practice_list(filters: Filters, user: Any, page: int = 1, page_size: int = PAGE_SIZE) -> PracticeList:
    if not 1 <= page <= MAX_PAGE:
        raise PracticeError(f"page: must be between 1 and {MAX_PAGE}")
    practices = filtered(filters, user)
    total = practices.count()
    items = list(practices.select_related("lead_organisation").prefetch_related("tags")
                 .order_by("title", "id")[(page - 1) * page_size: page * page_size])
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    grouped = (PracticeTag.objects.filter(practice__in=practices.values("id")).values("kind", "value")
               .annotate(n=Count("id")).order_by())
    for row in grouped:
        counts[row["kind"]][row["value"]] = row["n"]
    evaluations = Counter({row["evaluation"]: row["n"] for row in
                           practices.order_by().values("evaluation").annotate(n=Count("id"))})
    facets: dict[str, list[FacetValue]] = {
        str(kind): [FacetValue(v, tag_label(kind, v), n) for v, n in sorted(counts[kind].items(),
                                                                       key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]]
        for kind in (Tag.COUNTRY, Tag.THEME, Tag.TARGET)
    }
    facets["evaluation"] = [FacetValue(v, str(EVALUATION_LABELS[Evaluation(v)]), n)
                            for v, n in sorted(evaluations.items(), key=lambda kv: (-kv[1], kv[0]))]
    return PracticeList(items, total, page, max(1, -(-total // page_size)), facets)


def tags_of(practice: Practice) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {Tag.COUNTRY: [], Tag.THEME: [], Tag.TARGET: []}
    for tag in practice.tags.all():
        out[tag.kind].append(tag.value)
    return {kind: sorted(values) for kind, values in out.items()}


@dataclass
class Related:
    practice: Practice
    shared_themes: list[str]
    shared_targets: list[str]
    shared_countries: list[str]
    countries: list[str]

    def explanation(self) -> str:
        """What the two practices share, in words (shown beside the link)."""
        parts = []
        if self.shared_themes:
            parts.append(str(_("theme: {}")).format(", ".join(tag_label(Tag.THEME, t) for t in self.shared_themes)))
        if self.shared_targets:
            parts.append(str(_("target group: {}")).format(
                ", ".join(tag_label(Tag.TARGET, t) for t in self.shared_targets)))
        if self.shared_countries:
            parts.append(str(_("country: {}")).format(
                ", ".join(tag_label(Tag.COUNTRY, c) for c in self.shared_countries)))
        return "; ".join(parts)


def _related(practice: Practice, rows: Iterable[dict[str, Any]], mine: dict[str, list[str]]) -> list[Related]:
    """The ranked rows (practice ids) as Related, with what each shares with `practice`."""
    ranked = [row["practice_id"] for row in rows]
    others = Practice.objects.filter(pk__in=ranked).prefetch_related("tags").in_bulk()
    found = []
    for pk in ranked:
        theirs = tags_of(others[pk])
        found.append(Related(
            others[pk],
            sorted(set(mine[Tag.THEME]) & set(theirs[Tag.THEME])),
            sorted(set(mine[Tag.TARGET]) & set(theirs[Tag.TARGET])),
            sorted(set(mine[Tag.COUNTRY]) & set(theirs[Tag.COUNTRY])),
            theirs[Tag.COUNTRY],
        ))
    return found


def _sharing(practice: Practice, user: Any, kinds: tuple[str, ...], mine: dict[str, list[str]]) -> QuerySet:
    """Tags of other published practices (that the user may see) equal to one of this practice's."""
    keys = Q(pk__in=[])
    for kind in kinds:
        if mine[kind]:
            keys |= Q(kind=kind, value__in=mine[kind])
    return (PracticeTag.objects.filter(keys).exclude(practice=practice)
            .filter(practice__in=visible(user).filter(status=Workflow.PUBLISHED).values("id")))


def similar(practice: Practice, user: Any, limit: int = RELATED_LIMIT) -> list[Related]:
    """Published practices that share most with this one, scored in SQL: a shared theme or target
    group counts twice, a shared country once (a practice next door is worth knowing, but what it
    does matters more). At least a theme or a target group must be shared."""
    mine = tags_of(practice)
    weight = Sum(Case(When(kind=Tag.COUNTRY, then=Value(1)), default=Value(2)))
    rows = (_sharing(practice, user, (Tag.THEME, Tag.TARGET, Tag.COUNTRY), mine)
            .values("practice_id").annotate(score=weight, topical=Count("id", filter=~Q(kind=Tag.COUNTRY)))
            .filter(topical__gt=0).order_by("-score", "practice__title", "practice_id")[:limit])
    return _related(practice, rows, mine)


def counterparts(practice: Practice, user: Any, limit: int = RELATED_LIMIT) -> list[Related]:
    """Published practices on the same theme or with the same target group in other countries:
    they name a country, and none of theirs is one of this practice's."""
    mine = tags_of(practice)
    elsewhere = PracticeTag.objects.filter(kind=Tag.COUNTRY).exclude(
        practice__in=PracticeTag.objects.filter(kind=Tag.COUNTRY, value__in=mine[Tag.COUNTRY]).values("practice_id"))
    rows = (_sharing(practice, user, (Tag.THEME, Tag.TARGET), mine)
            .filter(practice__in=elsewhere.values("practice_id"))
            .values("practice_id").annotate(score=Count("id")).order_by("-score", "practice__title", "practice_id")
            [:limit])
    return _related(practice, rows, mine)


# -- exports ------------------------------------------------------------------------------------

EXPORT_FIELDS = ("slug", "title", "summary", "countries", "themes", "target_groups", "lead_organisation",
                 "approach", "aims", "methods", "evaluation", "lessons_learned", "resources", "contact",
                 "year_start", "year_end", "status", "published_at", "url")


def practice_json(practice: Practice) -> dict[str, Any]:
    tags = tags_of(practice)
    lead = practice.lead_organisation
    return {
        "slug": practice.slug,
        "title": practice.title,
        "summary": practice.summary,
        "countries": tags[Tag.COUNTRY],
        "themes": tags[Tag.THEME],
        "target_groups": tags[Tag.TARGET],
        "lead_organisation": ({"slug": lead.slug, "name": lead.name, "url": f"/organisations/{lead.slug}"}
                              if lead else ({"name": practice.lead_organisation_name}
                                            if practice.lead_organisation_name else None)),
        "approach": practice.approach,
        "aims": practice.aims,
        "methods": practice.methods,
        "evaluation": practice.evaluation,
        "lessons_learned": practice.lessons_learned,
        "resources": [line.strip() for line in practice.resources.splitlines() if line.strip()],
        "contact": practice.contact,
        "year_start": practice.year_start,
        "year_end": practice.year_end,
        "status": practice.status,
        "published_at": practice.published_at.isoformat() if practice.published_at else None,
        "url": f"/practices/{practice.slug}",
    }


def related_json(related: Iterable[Related]) -> list[dict[str, Any]]:
    return [{"slug": r.practice.slug, "title": r.practice.title, "url": f"/practices/{r.practice.slug}",
             "countries": r.countries, "shared_themes": r.shared_themes, "shared_target_groups": r.shared_targets,
             "shared_countries": r.shared_countries, "why": r.explanation()} for r in related]


def csv_rows(practices: Iterable[Practice]) -> Iterable[list[str]]:
    yield list(EXPORT_FIELDS)
    for practice in practices:
        data = practice_json(practice)
        yield [csv_cell(data[name]) for name in EXPORT_FIELDS]
