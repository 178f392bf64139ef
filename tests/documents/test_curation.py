"""Curation services: decisions, edits and merges, and how they survive re-ingest."""

import shutil
from pathlib import Path

import pytest

from praxhub.documents import curation
from praxhub.documents.models import Status
from praxhub.events import services as events
from praxhub.events.models import Event
from praxhub.organisations.models import Mention, Organisation
from praxhub.recommendations.models import Recommendation
from praxhub.store.runner import ingest_paths

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[2] / "src" / "praxhub" / "demo" / "corpus"
NEWSLETTER = "01-newsletter-south-east-europe-may-2018.txt"


@pytest.fixture
def newsletter(tmp_path):
    path = tmp_path / NEWSLETTER
    shutil.copy(CORPUS / NEWSLETTER, path)
    assert ingest_paths([path]).ok
    return path


def test_confirm_reject_and_undo(newsletter):
    first, second = Event.objects.order_by("span_start")[:2]
    curation.decide("event", first.pk, "confirm")
    curation.decide("event", second.pk, "reject")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.CONFIRMED, Status.REJECTED)
    assert first.curated_at is not None
    assert second not in events.listed()
    curation.decide("event", second.pk, "reset")
    second.refresh_from_db()
    assert second.status == Status.SUGGESTED and second.curated_at is None


@pytest.mark.parametrize(
    ("kind", "decision", "message"),
    [("event", "approve", "decision: 'approve'"), ("meeting", "confirm", "kind: 'meeting'")],
)
def test_bad_curation_requests_name_the_field(newsletter, kind, decision, message):
    event = Event.objects.first()
    with pytest.raises(curation.CurationError, match=message):
        curation.decide(kind, event.pk, decision)


def test_unknown_item_is_a_clear_error(db):
    with pytest.raises(curation.CurationError, match="event 999999 does not exist"):
        curation.decide("event", 999999, "confirm")


def test_edit_validates_and_keeps_other_fields(newsletter):
    event = Event.objects.order_by("span_start").first()
    with pytest.raises(curation.CurationError, match="end: The end date is before the start date"):
        curation.edit("event", event.pk, {"start": "2018-06-10", "end": "2018-06-01"})
    with pytest.raises(curation.CurationError, match="start"):
        curation.edit("event", event.pk, {"start": "next Tuesday"})
    edited = curation.edit("event", event.pk, {"city": "Skopje", "country": "mk"})
    assert edited.city == "Skopje" and edited.country == "MK"
    assert edited.title == event.title and edited.start == event.start
    assert edited.edited and edited.status == Status.CONFIRMED


def test_decisions_edits_and_merges_survive_forced_reingest(newsletter):
    ev = list(Event.objects.order_by("span_start"))
    curation.edit("event", ev[0].pk, {"title": "Regional conference (curated title)"})
    curation.decide("event", ev[1].pk, "reject")
    curation.merge_events(ev[2].pk, [ev[3].pk])
    rec = Recommendation.objects.order_by("span_start").first()
    if rec is not None:
        curation.decide("recommendation", rec.pk, "confirm")

    assert ingest_paths([newsletter], force=True).ok

    assert Event.objects.get(pk=ev[0].pk).title == "Regional conference (curated title)"
    assert Event.objects.get(pk=ev[1].pk).status == Status.REJECTED
    assert Event.objects.get(pk=ev[3].pk).merged_into_id == ev[2].pk
    if rec is not None:
        assert Recommendation.objects.get(pk=rec.pk).status == Status.CONFIRMED


def test_merging_events_shows_one_event_and_combines_organisers(newsletter):
    keep, duplicate = Event.objects.order_by("span_start")[:2]
    organisation = Organisation.objects.first()
    duplicate.organisers.add(organisation)
    before = events.listed().count()
    merged = curation.merge_events(keep.pk, [duplicate.pk])
    assert events.listed().count() == before - 1
    assert organisation in merged.organisers.all()
    assert merged.status == Status.CONFIRMED
    # Merging into a duplicate lands on the event it was merged into.
    third = Event.objects.exclude(pk__in=[keep.pk, duplicate.pk]).first()
    assert curation.merge_events(duplicate.pk, [third.pk]).pk == keep.pk
    assert Event.objects.get(pk=third.pk).merged_into_id == keep.pk
    curation.unmerge_event(third.pk)
    assert Event.objects.get(pk=third.pk).merged_into_id is None


def test_merging_organisations_moves_everything_and_later_ingests_follow(newsletter, tmp_path):
    keep = Organisation.objects.create(slug="south-east-europe-network", name="South East Europe Network",
                                       status=Status.SUGGESTED)
    mentioned = Mention.objects.filter(organisation__isnull=False).values_list("organisation", flat=True)
    duplicate = Organisation.objects.filter(pk__in=mentioned).first()
    mentions = Mention.objects.filter(organisation=duplicate).count()
    assert mentions > 0

    merged = curation.merge_organisations(keep.pk, duplicate.pk)

    assert Mention.objects.filter(organisation=duplicate).count() == 0
    assert Mention.objects.filter(organisation=keep).count() == mentions
    assert duplicate.name in merged.aliases
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == keep.pk and duplicate.status == Status.REJECTED
    with pytest.raises(curation.CurationError, match="already one organisation"):
        curation.merge_organisations(keep.pk, duplicate.pk)

    assert ingest_paths([newsletter], force=True).ok
    assert Mention.objects.filter(organisation=duplicate).count() == 0
    assert Mention.objects.filter(organisation=keep).count() == mentions


def test_ingest_links_registry_initiatives_to_who_runs_them_and_merges_move_them(seeds, tmp_path):
    from praxhub.organisations.models import Initiative, Origin

    assert ingest_paths([seeds]).ok
    linked = [i for i in Initiative.objects.filter(origin=Origin.REGISTRY) if i.organisations.exists()]
    assert linked, "registry initiatives with an owner are linked to it at ingest"
    initiative = linked[0]
    owner = initiative.organisations.get()
    assert owner.origin == Origin.REGISTRY and owner.sector
    keep = Organisation.objects.create(slug="keeper", name="Keeper", status=Status.CONFIRMED)
    curation.merge_organisations(keep.pk, owner.pk)
    assert list(initiative.organisations.all()) == [keep]
