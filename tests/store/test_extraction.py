"""Saving extractions: provenance, suggested status, and curated decisions surviving re-ingest."""

import hashlib

import pytest

from praxhub.documents.models import Document, DocumentCountry, DocumentTheme, Status
from praxhub.events.models import Event
from praxhub.extract.model import Event as ExtractedEvent
from praxhub.extract.model import Extraction, OrganisationMention, ThemeScore
from praxhub.extract.model import Recommendation as ExtractedRecommendation
from praxhub.ingest.model import ParsedDocument
from praxhub.organisations.models import Mention, Organisation
from praxhub.recommendations.models import Recommendation
from praxhub.store.documents import save_parsed

pytestmark = pytest.mark.django_db

TEXT = (
    "Workshop on prison radicalisation\n\n"
    "The Regional Cooperation Council is organising a workshop in Tirana on 30 May 2018.\n"
    "INVITES THE MEMBER STATES:\n- to strengthen exit work in prisons;\n- to train probation staff."
)


def parsed(text: str = TEXT, path: str = "/docs/newsletter.txt") -> ParsedDocument:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return ParsedDocument(source_path=path, source_name=path.rsplit("/", 1)[-1], format="txt",
                          media_type="text/plain", sha256=sha, size=len(text), text=text, title="Workshop",
                          language="en", published=None, kind="newsletter")


def extraction(text: str = TEXT, second_rec: bool = True) -> Extraction:
    rcc = text.index("Regional Cooperation Council")
    recs = [ExtractedRecommendation("Council of the European Union", "Member States",
                                    "strengthen exit work in prisons", ["exit", "prisons"],
                                    (text.index("to strengthen"), text.index(";")), "invites", "moderate")]
    if second_rec:
        recs.append(ExtractedRecommendation("Council of the European Union", "Member States",
                                            "train probation staff", ["training"],
                                            (text.index("to train"), len(text)), "invites", "moderate"))
    return Extraction(
        source="newsletter.txt", language="en", title="Workshop", published=None,
        events=[ExtractedEvent("Workshop on prison radicalisation", "workshop", "2018-05-30", "2018-05-30",
                               "Tirana", "AL", ["Regional Cooperation Council"], ["prisons"],
                               (0, text.index("INVITES")))],
        recommendations=recs,
        organisations=[OrganisationMention("Regional Cooperation Council", "RCC", "rcc", (rcc, rcc + 28),
                                           spans=[(rcc, rcc + 28)], kind="international_organisation",
                                           level="international")],
        countries=["AL"],
        themes=[ThemeScore("prisons", 2.0, ["prison"]), ThemeScore("exit", 1.0, ["exit"])],
    )


def test_items_are_stored_as_suggestions_with_provenance():
    doc_id = save_parsed(parsed(), extraction=extraction()).document_id
    doc = Document.objects.get(pk=doc_id)
    event = Event.objects.get(document=doc)
    assert event.status == Status.SUGGESTED
    assert event.evidence.startswith("Workshop on prison radicalisation")
    assert [o.slug for o in event.organisers.all()] == ["rcc"]
    recs = Recommendation.objects.filter(document=doc).order_by("span_start")
    assert [r.text for r in recs] == ["strengthen exit work in prisons", "train probation staff"]
    assert recs[0].evidence.startswith("to strengthen") and recs[0].addressee_name == "Member States"
    mention = Mention.objects.get(document=doc)
    assert mention.surface == "Regional Cooperation Council" and mention.organisation.status == Status.CONFIRMED
    assert list(DocumentCountry.objects.filter(document=doc).values_list("code", flat=True)) == ["AL"]
    assert set(DocumentTheme.objects.filter(document=doc).values_list("theme", flat=True)) == {"prisons", "exit"}


def test_curated_decisions_survive_reingest():
    doc_id = save_parsed(parsed(), extraction=extraction()).document_id
    event = Event.objects.get(document_id=doc_id)
    event.status = Status.CONFIRMED
    event.title = "Regional workshop on prisons (edited)"
    event.edited = True
    event.save()
    rejected = Recommendation.objects.get(document_id=doc_id, text="train probation staff")
    rejected.status = Status.REJECTED
    rejected.save()

    # the same file re-ingested with --force, and then a new version of it
    save_parsed(parsed(), force=True, extraction=extraction())
    changed = TEXT.replace("in Tirana", "in Tirana, Albania,")
    result = save_parsed(parsed(changed), extraction=extraction(changed))
    assert result.outcome == "updated" and result.document_id == doc_id
    event = Event.objects.get(document_id=doc_id)
    assert event.status == Status.CONFIRMED and event.title == "Regional workshop on prisons (edited)"
    assert event.evidence.startswith("Workshop on prison")  # span follows the new text
    assert Recommendation.objects.get(document_id=doc_id, text="train probation staff").status == Status.REJECTED
    assert Recommendation.objects.filter(document_id=doc_id).count() == 2
    assert Organisation.objects.filter(slug="rcc").count() == 1


def test_vanished_items_are_dropped_unless_curated():
    doc_id = save_parsed(parsed(), extraction=extraction()).document_id
    kept = Recommendation.objects.get(document_id=doc_id, text="train probation staff")
    kept.status = Status.CONFIRMED
    kept.save()
    first = Recommendation.objects.get(document_id=doc_id, text="strengthen exit work in prisons")
    shorter = TEXT.replace("- to train probation staff.", "")
    ex = extraction(shorter, second_rec=False)
    ex.recommendations = []
    save_parsed(parsed(shorter), extraction=ex)
    assert not Recommendation.objects.filter(pk=first.pk).exists()  # uncurated: gone
    kept.refresh_from_db()
    assert kept.evidence_missing and kept.status == Status.CONFIRMED  # curated: kept, flagged


def test_ingest_extracts_and_reingest_keeps_curation(seeds):
    from praxhub.store.runner import ingest_paths

    assert ingest_paths([seeds]).ok
    newsletter = Document.objects.get(source_name="003_a1779dfe0ce0d83c.txt")
    events = Event.objects.filter(document=newsletter)
    assert events.count() >= 4
    assert all(e.status == Status.SUGGESTED for e in events)
    tirana = events.get(city="Tirana")
    assert tirana.country == "AL" and "Tirana" in tirana.evidence
    conclusions = Document.objects.get(source_name="001_ae35dac7a2c02df2.txt")
    recs = Recommendation.objects.filter(document=conclusions)
    assert recs.count() >= 6 and {r.addressee_name for r in recs} >= {"Member States"}
    assert Organisation.objects.filter(slug="ran", status=Status.CONFIRMED).exists()
    assert Organisation.objects.filter(origin="extracted", status=Status.SUGGESTED).exists()
    assert set(DocumentCountry.objects.filter(document=newsletter).values_list("code", flat=True)) >= {"AL", "SI"}

    tirana.status = Status.REJECTED
    tirana.save()
    first_rec = recs.order_by("span_start").first()
    first_rec.status = Status.CONFIRMED
    first_rec.save()
    report = ingest_paths([seeds], force=True)
    assert report.counts["updated"] == 5
    assert Event.objects.get(pk=tirana.pk).status == Status.REJECTED
    assert Recommendation.objects.get(pk=first_rec.pk).status == Status.CONFIRMED
    assert Event.objects.filter(document=newsletter).count() == events.count()
