"""The recommendation tracker's rules: follow-ups and their timelines, roll-ups per source and
per theme, evidence (given and suggested), near-duplicates across sources."""

from __future__ import annotations

import datetime as dt

import pytest

from praxhub.accounts.services import create_user
from praxhub.documents.models import Status
from praxhub.organisations.models import Organisation
from praxhub.practices import services as practices
from praxhub.recommendations import services as tracker
from praxhub.recommendations.models import EvidenceLink, LinkStatus, Recommendation
from praxhub.recommendations.services import TrackerError

ASK = ("Member States should set up multi-agency exit programmes for radicalised prisoners "
       "and train prison staff to recognise signs of radicalisation.")


def rec(document_id: int, text: str, n: int = 0, **fields) -> Recommendation:
    return Recommendation.objects.create(document_id=document_id, span_start=n, span_end=n + 10,
                                         fingerprint=f"{document_id}-{n}", text=text, **fields)


@pytest.fixture
def world(make_document):
    states = Organisation.objects.create(slug="member-states", name="Member States")
    council = make_document("Council conclusions on prisons", "The Council calls on Member States ...",
                            kind="conclusions")
    guide = make_document("RAN guidelines on exit work", "Exit programmes for radicalised prisoners need staff "
                          "training in prisons. Multi-agency exit programmes work.", kind="guidelines")
    people = {"ana": create_user("ana", "a long member passphrase"), "ben": create_user("ben", "another passphrase"),
              "cora": create_user("cora", "a long curator passphrase", curator=True)}
    recs = {
        "exit": rec(council, ASK, 0, addressee=states, addressee_name="Member States", themes=["prisons", "exit"]),
        "online": rec(council, "Member States should remove terrorist content online within one hour.", 1,
                      addressee=states, addressee_name="Member States", themes=["online"]),
        "rejected": rec(council, "A recital read as a recommendation.", 2, status=Status.REJECTED),
        "echo": rec(guide, "Member States should set up multi-agency exit programmes for radicalised prisoners "
                    "and train prison staff.", 0, addressee=states, addressee_name="Member States",
                    themes=["prisons"]),
    }
    return {"council": council, "guide": guide, "people": people, "recs": recs, "states": states}


def test_follow_ups_and_their_timeline(world):
    ana, ben = world["people"]["ana"], world["people"]["ben"]
    exit_rec = world["recs"]["exit"]
    with pytest.raises(TrackerError, match="Sign in"):
        tracker.add_follow_up(exit_rec, None, status="planned", country="FR")
    with pytest.raises(TrackerError, match=r"^actor:"):
        tracker.add_follow_up(exit_rec, ana, status="planned")
    with pytest.raises(TrackerError, match=r"^status:"):
        tracker.add_follow_up(exit_rec, ana, status="done", country="FR")
    with pytest.raises(TrackerError, match=r"^progress:"):
        tracker.add_follow_up(exit_rec, ana, status="implemented", progress=60, country="FR")
    with pytest.raises(TrackerError, match=r"^country:"):
        tracker.add_follow_up(exit_rec, ana, status="planned", country="France")
    france = tracker.add_follow_up(exit_rec, ana, status="planned", country="fr", date=dt.date(2024, 1, 10),
                                   note="A national action plan announces it.")
    assert (france.country, france.status, france.progress) == ("FR", "planned", 10)
    with pytest.raises(TrackerError, match="author or a curator"):
        tracker.update_follow_up(france, ben, status="in_progress")
    tracker.update_follow_up(france, ana, status="in_progress", progress=40, date=dt.date(2024, 9, 1))
    tracker.update_follow_up(france, ana, status="planned", progress=20, date=dt.date(2024, 3, 1))  # late news
    france.refresh_from_db()
    assert (france.status, france.progress, france.updated_on) == ("in_progress", 40, dt.date(2024, 9, 1))
    assert [e.date.month for e in france.entries.order_by("date")] == [1, 3, 9]
    tracker.update_follow_up(france, world["people"]["cora"], status="implemented")  # curators may
    france.refresh_from_db()
    assert france.progress == 100


def test_rollups_per_source_and_theme(world):
    ana = world["people"]["ana"]
    recs = world["recs"]
    assert tracker.source_rollup(world["council"]).as_json() == {
        "recommendations": 2, "tracked": 0, "follow_ups": 0, "by_status": {}, "progress": 0.0}
    tracker.add_follow_up(recs["exit"], ana, status="implemented", country="FR")
    tracker.add_follow_up(recs["exit"], ana, status="in_progress", progress=50, country="DE")
    tracker.add_follow_up(recs["online"], ana, status="not_applicable", country="MT")
    council = tracker.source_rollup(world["council"])
    # exit: mean(100, 50) = 75; online: only "not applicable", left out; the rejected one never counts.
    assert (council.recommendations, council.tracked, council.follow_ups) == (2, 1, 3)
    assert council.progress == 75.0
    assert council.by_status == {"implemented": 1, "in_progress": 1, "not_applicable": 1}
    themes = dict(tracker.theme_rollups())
    assert themes["prisons"].progress == 75.0 and themes["exit"].tracked == 1 and "online" in themes
    assert themes["online"].tracked == 0


def test_filters(world):
    ana = world["people"]["ana"]
    tracker.add_follow_up(world["recs"]["exit"], ana, status="planned", country="FR")
    texts = lambda **f: [r.recommendation.text[:20] for r in  # noqa: E731
                         tracker.recommendation_page(tracker.parse_filters(f)).rows]
    assert len(texts()) == 3  # the rejected one is not listed
    assert texts(source=str(world["council"])) == [ASK[:20], "Member States should"]
    assert texts(theme="online") == ["Member States should"]
    assert texts(tracked="yes") == [ASK[:20]]
    assert len(texts(tracked="no")) == 2
    assert len(texts(addressee="member-states")) == 3 and texts(issuer="member-states") == []
    for bad in ({"source": "x"}, {"theme": "x"}, {"tracked": "maybe"}, {"issuer": "Not A Slug"}):
        with pytest.raises(TrackerError, match=f"^{next(iter(bad))}:"):
            tracker.parse_filters(bad)


def test_evidence_given_and_suggested(world):
    ana, ben, cora = (world["people"][n] for n in ("ana", "ben", "cora"))
    owner = world["people"]["ana"]
    practice = practices.save(practices.PracticeInput(
        title="Exit programmes for radicalised prisoners", summary="Multi-agency exit programmes in prisons, with "
        "prison staff training.", countries=["DE"], themes=["exit"], target_groups=["prisoners"]), owner)
    practices.submit(practice, owner)
    practices.publish(practice, cora)
    follow_up = tracker.add_follow_up(world["recs"]["exit"], ana, status="in_progress", country="DE")
    found = tracker.suggestions(world["recs"]["exit"], follow_up)
    kinds = {(s.kind, s.key) for s in found}
    assert ("document", str(world["guide"])) in kinds  # the guidelines share its words
    assert ("document", str(world["council"])) not in kinds  # never its own source
    assert ("practice", practice.slug) in kinds
    with pytest.raises(TrackerError, match="curators"):
        tracker.accept_suggestion(follow_up, ana, "practice", practice.slug)
    tracker.accept_suggestion(follow_up, cora, "practice", practice.slug, 0.4)
    tracker.accept_suggestion(follow_up, cora, "document", str(world["guide"]), accept=False)
    follow_up = type(follow_up).objects.get(pk=follow_up.pk)
    assert {(s.kind, s.key) for s in tracker.suggestions(world["recs"]["exit"], follow_up)}.isdisjoint(
        {("practice", practice.slug), ("document", str(world["guide"]))})  # decided: not suggested again
    tracker.add_evidence(follow_up, ana, f"http://hub.example/documents/{world['guide']}")
    assert EvidenceLink.objects.get(follow_up=follow_up, document_id=world["guide"]).status == LinkStatus.CONFIRMED
    with pytest.raises(TrackerError, match="author or a curator"):
        tracker.add_evidence(follow_up, ben, "/documents/1")
    for bad in ("https://elsewhere.example/page", "/documents/999999", "/practices/no-such-practice"):
        with pytest.raises(TrackerError, match=r"^evidence:"):
            tracker.add_evidence(follow_up, ana, bad)


def test_near_duplicates_across_sources_are_grouped_by_curators(world):
    recs, cora = world["recs"], world["people"]["cora"]
    found = tracker.near_duplicates(recs["exit"])
    assert [d.recommendation for d in found] == [recs["echo"]] and found[0].status == "suggested"
    assert found[0].similarity >= tracker.DUPLICATE_MIN_SIMILARITY
    assert tracker.near_duplicates(recs["online"]) == []  # same addressee, another ask
    with pytest.raises(TrackerError, match="curators"):
        tracker.decide_same(recs["exit"], recs["echo"], world["people"]["ana"], True)
    tracker.decide_same(recs["exit"], recs["echo"], cora, True)
    assert tracker.group_of(recs["echo"]) == [recs["exit"]]
    assert tracker.near_duplicates(recs["exit"])[0].status == "confirmed"
    tracker.decide_same(recs["echo"], recs["exit"], cora, False)
    assert tracker.group_of(recs["exit"]) == []


def test_csv_rows(world):
    tracker.add_follow_up(world["recs"]["exit"], world["people"]["ana"], status="planned", country="FR")
    rows = list(tracker.csv_rows(tracker.recommendation_page(tracker.Filters(tracked="yes")).rows))
    header, row = rows
    assert row[header.index("follow_ups")] == "FR: planned 10%" and row[header.index("progress")] == "10.0"
