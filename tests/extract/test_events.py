"""Events announced or reported by a document (praxhub.extract.events), in the project's own words."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

from praxhub.extract.context import DocContext
from praxhub.extract.events import find_events
from praxhub.extract.model import EVENT_KINDS, Event

SHARED = Path(__file__).resolve().parents[3] / "shared"


def ctx(text: str, language: str = "en", published: dt.date | None = None) -> DocContext:
    return DocContext(text=text, language=language, title=None, published=published, kind="other", source="t.txt")


def events(text: str, language: str = "en", published: dt.date | None = None) -> list[Event]:
    """With the real organisations and places extractors, as the pipeline runs them."""
    from praxhub.extract.organisations import find_organisations
    from praxhub.extract.places import find_places

    found = find_events(ctx(text, language, published), find_organisations(text, language),
                        find_places(text, language))
    for event in found:
        assert event.kind in EVENT_KINDS
        assert 0 <= event.span[0] < event.span[1] <= len(text)
        assert event.end is None or event.start is None or event.start <= event.end
    return found


def only(text: str, language: str = "en", published: dt.date | None = None) -> Event:
    found = events(text, language, published)
    assert len(found) == 1, [e.title for e in found]
    return found[0]


# --- a concept note: one event, however many sentences mention it ------------------------------

CONCEPT_NOTE = """Expert meeting on online grooming by violent extremist groups

Bratislava, 9–10 February 2023

Concept note

Organised by the Ministry of Interior of the Slovak Republic in cooperation with the Radicalisation Awareness \
Network.

Background

Recruiters increasingly contact teenagers in gaming chats. The meeting will bring together police, youth workers \
and platform staff.

Objectives

The meeting aims to compare referral procedures and to discuss safeguards for young people online.
"""


def test_concept_note_is_one_event_with_dateline_and_organisers() -> None:
    event = only(CONCEPT_NOTE)
    assert event.title == "Expert meeting on online grooming by violent extremist groups"
    assert event.kind == "meeting"
    assert (event.start, event.end) == ("2023-02-09", "2023-02-10")
    assert (event.city, event.country) == ("Bratislava", "SK")
    assert "Radicalisation Awareness Network" in event.organisers
    assert any("Ministry of Interior" in name for name in event.organisers)
    assert "online grooming by violent extremist groups" in event.topics
    assert event.span[0] == 0


# --- a newsletter: several items, dates without a year ------------------------------------------

NEWSLETTER = """NETWORK BULLETIN – Issue 3, March 2022

Workshop on family support in Zagreb

On 28 March, the Croatian Ministry of Labour and the City of Zagreb are co-hosting a one-day workshop in Zagreb \
on support for families of radicalised young people. The workshop is open to social workers.

Regional conference on school resilience

Between 5-6 April, UNESCO is organising a regional conference in Sarajevo, entitled “Schools as safe spaces”. \
The purpose of the event is to share classroom practice.

Peer review group

The peer review group of local coordinators meets 12 – 13 April in Tallinn to agree its work plan. On the table: \
a study visit to Riga and a training on online propaganda.

Looking ahead: meeting of national coordinators

A meeting of the national coordinators will be convened before June 2022, venue to be confirmed.
"""


def test_newsletter_items_are_separate_events() -> None:
    found = events(NEWSLETTER)
    by_start = {e.start: e for e in found}
    assert set(by_start) == {"2022-03-28", "2022-04-05", "2022-04-12", None}, [(e.title, e.start) for e in found]

    workshop = by_start["2022-03-28"]
    assert workshop.title == "Workshop on family support in Zagreb" and workshop.kind == "workshop"
    assert (workshop.end, workshop.city, workshop.country) == ("2022-03-28", "Zagreb", "HR")
    assert "City of Zagreb" in workshop.organisers

    conference = by_start["2022-04-05"]
    assert conference.title == "Schools as safe spaces"          # the quoted name
    assert (conference.end, conference.city, conference.country) == ("2022-04-06", "Sarajevo", "BA")

    group = by_start["2022-04-12"]                                 # "meets": a gathering without an event noun
    assert group.kind == "meeting" and (group.end, group.city) == ("2022-04-13", "Tallinn")
    assert group.title == "Peer review group"

    planned = by_start[None]                                       # planned, no date: still an event
    assert planned.title == "Meeting of national coordinators" and planned.end is None


def test_a_teaser_line_and_its_item_are_one_event() -> None:
    text = ("In this issue: exit work in Lille, a police conference in Pristina, and the next meeting of "
            "coordinators.\n\nConference on community policing\n\nFrom 22 to 24 of May 2018, the Kosovo Police "
            "will host a regional conference in Pristina on the role of community policing.\n")
    found = events(text)
    assert len(found) == 1
    assert (found[0].start, found[0].city, found[0].country) == ("2018-05-22", "Pristina", "XK")
    assert found[0].title == "Conference on community policing"
    assert found[0].organisers == ["Kosovo Police"]


# --- headers of council documents and press releases ---------------------------------------------

def test_council_meeting_header() -> None:
    text = ("Council conclusions on the role of youth work in prevention\n\n"
            "3401st EDUCATION, YOUTH, CULTURE and SPORT Council meeting\nBrussels, 19 and 20 May 2020\n\n"
            "The Council adopted the following conclusions:\n\nRECALLING the conclusions of the Justice and "
            "Home Affairs Council meeting of 8 and 9 October 2015;\n")
    event = only(text)
    assert event.title == "3401st EDUCATION, YOUTH, CULTURE and SPORT Council meeting"
    assert (event.kind, event.start, event.end) == ("meeting", "2020-05-19", "2020-05-20")
    assert (event.city, event.country) == ("Brussels", "BE")


def test_session_that_adopted_a_text_is_named_after_its_body() -> None:
    text = ("Strasbourg, 24.03.2021 – The recommendation adopted by the Congress of Local and Regional "
            "Authorities at its 40th session in Strasbourg, France, on 24 March 2021 asks cities to act.")
    event = only(text)
    assert event.title == "40th session of the Congress of Local and Regional Authorities"
    assert (event.kind, event.start, event.end, event.city) == ("session", "2021-03-24", "2021-03-24", "Strasbourg")
    assert event.organisers == ["Congress of Local and Regional Authorities"]


def test_hosted_by_mayors_of_two_cities() -> None:
    text = ("The second event of the alliance, which is conducted jointly with the European Forum for Urban "
            "Security, will be a conference of mayors on hate crime, hosted by the Mayors of Ghent and Malmö, "
            "which will take place in Ghent, Belgium, on 2 December 2016.")
    event = only(text)
    assert event.title == "Conference of mayors on hate crime"
    assert (event.start, event.city, event.country) == ("2016-12-02", "Ghent", "BE")
    assert event.organisers == ["European Forum for Urban Security", "Mayor of Ghent", "Mayor of Malmö"]


def test_today_in_a_press_release_dateline() -> None:
    text = ("VILNIUS, 4 May 2021 – Thirty probation officers completed today a two-day training course on "
            "risk assessment, organised by the Ministry of Justice of Lithuania.")
    event = only(text)
    assert (event.kind, event.start, event.city, event.country) == ("training", "2021-05-04", "Vilnius", "LT")
    assert event.organisers == ["Ministry of Justice of Lithuania"]


def test_host_country_without_city() -> None:
    text = ("From 3 to 5 June 2019, Croatia will host the fourth regional conference ‘Borders and Returnees’. "
            "The conference will be jointly organised by the Ministry of the Interior of Croatia and the "
            "Embassy of France.")
    event = only(text)
    assert event.title == "Borders and Returnees"
    assert (event.start, event.end, event.city, event.country) == ("2019-06-03", "2019-06-05", None, "HR")
    assert len(event.organisers) == 2


def test_quoted_subject_after_on() -> None:
    text = ("The 2019 OSCE-wide Conference on “Youth and Security: Prevention at Home” will be held from "
            "14 to 15 October 2019 in Bratislava.")
    event = only(text)
    assert event.title == "2019 OSCE-wide Conference: Youth and Security: Prevention at Home"
    assert (event.start, event.end, event.city) == ("2019-10-14", "2019-10-15", "Bratislava")


def test_topics_from_a_list_and_from_to_discuss() -> None:
    text = ("The expert seminar will be held on 8 May 2020 in Prague.\nThe seminar will focus on the following "
            "topics:\n– Assessing risk in prisons\n– Working with families\n\nParticipants will also meet to "
            "discuss funding.")
    event = only(text)
    assert event.topics[:2] == ["Assessing risk in prisons", "Working with families"]


def test_next_meeting_is_a_different_event() -> None:
    text = ("Summary record\n\nMonitoring group on prison radicalisation\nSecond meeting – Brussels, 12 March 2019\n\n"
            "The agenda was adopted. The next meeting of the group will take place in Vienna in June 2019.")
    found = events(text)
    assert [(e.title, e.start, e.city) for e in found] == [
        ("Second meeting of the Monitoring group on prison radicalisation", "2019-03-12", "Brussels"),
        ("Next meeting of the group", None, "Vienna")]


def test_online_event() -> None:
    event = only("The information session will take place online on 2 February 2021 via Zoom.")
    assert event.online and event.kind == "session" and event.city is None


# --- French and German ---------------------------------------------------------------------------

def test_french_event() -> None:
    text = ("Séminaire sur les discours de haine à Nantes\n\nLa Ville de Nantes et l'Université de Nantes "
            "organisent le 9 novembre 2022 un séminaire consacré aux discours de haine en ligne. "
            "La rencontre est accueillie par la Métropole de Nantes.")
    event = only(text, "fr")
    assert event.title == "Séminaire sur les discours de haine à Nantes"
    assert (event.start, event.city, event.country) == ("2022-11-09", "Nantes", "FR")
    assert "Ville de Nantes" in event.organisers
    assert any("discours de haine" in t for t in event.topics)


def test_french_range_and_invitation() -> None:
    text = ("Les élus se retrouvent aujourd'hui et demain à Lille, à l'invitation du Forum européen pour la "
            "sécurité urbaine, pour une conférence consacrée à la prévention locale.")
    event = only(text, "fr", published=dt.date(2019, 4, 2))
    assert (event.start, event.end, event.city) == ("2019-04-02", "2019-04-03", "Lille")
    assert event.organisers == ["European Forum for Urban Security"]      # snapped to the known body


def test_german_compound_nouns_and_organisers() -> None:
    text = ("Präventionstagung in Linz\n\nDas Land Oberösterreich veranstaltet vom 6. bis 7. Oktober 2021 in "
            "Linz eine Präventionstagung für Lehrkräfte. Themen sind Verschwörungserzählungen und Hass im Netz.")
    event = only(text, "de")
    assert event.kind == "conference" and event.title == "Präventionstagung in Linz"
    assert (event.start, event.end, event.city, event.country) == ("2021-10-06", "2021-10-07", "Linz", "AT")
    assert event.organisers == ["Land Oberösterreich"]
    assert event.topics == ["Verschwörungserzählungen und Hass im Netz"]


def test_german_invitation() -> None:
    text = "Die Landeszentrale für politische Bildung lädt am 12. Mai 2022 zu einem Online-Fachgespräch ein."
    event = only(text, "de")
    assert (event.kind, event.start, event.online) == ("meeting", "2022-05-12", True)
    assert event.organisers == ["Landeszentrale für politische Bildung"]


# --- what is not an event ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "language"), [
    ("The conference centre in Lyon will be renovated in 2023.", "en"),
    ("A training tool developed by the Council of Europe will be presented.", "en"),
    ("Member States should organise regular training for prison staff in every region.", "en"),
    ("Chatham House Rule applies to all sessions. Workshops are held in parallel.", "en"),
    ("The EU Internet Forum published its annual report on 3 May 2021.", "en"),
    ("RECALLING the conclusions of the Council meeting of 8 and 9 October 2015;", "en"),
    ("10:30 Workshop 2: Conspiracy narratives in the classroom", "en"),
    ("Inscription : atelier@example.org avant le 15 septembre 2021.", "fr"),
    ("Der Bericht wurde per Videokonferenz am 3. Mai 2021 vorgestellt.", "de"),
    ("Each mentor follows a 40-hour training before meeting the participants.", "en"),
    ("The minister spoke at a press conference in Rome on 4 May 2021.", "en"),
])
def test_not_events(text: str, language: str) -> None:
    assert events(text, language) == [], [e.title for e in events(text, language)]


# --- the places and organisations parameters ----------------------------------------------------

@dataclass
class FakePlace:
    name: str
    kind: str
    country: str
    span: tuple[int, int]
    city: str | None = None


def test_works_with_given_places_and_no_organisations() -> None:
    text = "The Town Council of Kleinstadt will hold a roundtable in Kleinstadt on 2 March 2020."
    start = text.index("in Kleinstadt") + 3
    place = FakePlace("Kleinstadt", "city", "DE", (start, start + len("Kleinstadt")), "Kleinstadt")
    found = find_events(ctx(text), [], [place])
    assert len(found) == 1
    event = found[0]
    assert (event.kind, event.start, event.city, event.country) == ("roundtable", "2020-03-02", "Kleinstadt", "DE")
    assert event.organisers == ["Town Council of Kleinstadt"]


def test_organisations_snap_organiser_names() -> None:
    from praxhub.extract.model import OrganisationMention

    text = "The Commission will convene a meeting of prevent policy makers in Brussels on 5 June 2024."
    start = text.index("Commission")
    commission = OrganisationMention("European Commission", None, "ec", (start, start + 10),
                                     spans=[(start, start + 10)])
    event = find_events(ctx(text), [commission], [])[0]
    assert event.organisers == ["European Commission"]
    assert event.title == "Meeting of prevent policy makers"


# --- robustness and speed ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "", "   \n\n ", "x" * 500_000, "Workshop\n" * 50_000,
    "The conference will take place in Paris on 3 May 2019 and " * 20_000,
    "Конференция 会议 conference in Київ, 3 травня 2019 — Tagung am 3. März 2019 in Wien. " * 2_000,
    "".join(chr(c) for c in range(1, 20_000)),
])
def test_bad_input_is_harmless(text: str) -> None:
    started = time.perf_counter()
    found = find_events(ctx(text, "und"), [], [])
    assert isinstance(found, list)
    assert time.perf_counter() - started < 20


def test_speed() -> None:
    from praxhub.extract.places import find_places

    text = NEWSLETTER + CONCEPT_NOTE + NEWSLETTER
    places = find_places(text, "en")
    find_events(ctx(text), [], places)
    started = time.process_time()
    for _ in range(10):
        find_events(ctx(text), [], places)
    per_5kb = (time.process_time() - started) / 10 / (len(text) / 5000)
    assert per_5kb < 0.03


# --- the seed documents (when the shared evaluation data is present) -----------------------------

@pytest.mark.skipif(not (SHARED / "eval" / "dev").is_dir(), reason="shared evaluation data not present")
def test_seed_documents() -> None:
    from praxhub.extract.evaluation import score
    from praxhub.extract.organisations import find_organisations
    from praxhub.extract.places import find_places
    from praxhub.ingest import parse_file

    gold = {p.stem: json.loads(p.read_text()) for p in (SHARED / "eval" / "dev").glob("*.json")}
    predictions = []
    for path in sorted((SHARED / "corpus" / "seeds").glob("*.txt")):
        parsed = parse_file(path, 10**8)[1]
        context = DocContext(parsed.text, parsed.language, parsed.title, parsed.published, parsed.kind, path.name)
        found = find_events(context, find_organisations(parsed.text, parsed.language),
                            find_places(parsed.text, parsed.language))
        predictions.append({"source": path.name, "events": [asdict(e) for e in found]})
    summary = score(gold, predictions).summary
    assert summary["events"]["f1"] >= 0.9
    assert all(value is None or value >= 0.9 for value in summary["event_fields_accuracy"].values())
