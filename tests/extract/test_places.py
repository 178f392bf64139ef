"""The gazetteer: countries, demonyms, regions and cities in English, French and German."""

from __future__ import annotations

import random
import time

import pytest

from praxhub.extract.places import (
    PlaceMention,
    canonical_city,
    country_name,
    country_of_city,
    find_places,
)


def found(text: str, language: str = "en") -> list[tuple[str, str, str]]:
    return [(m.name, m.kind, m.country) for m in find_places(text, language)]


def codes(text: str, language: str = "en") -> set[str]:
    return {m.country for m in find_places(text, language)}


# --- countries ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Delegations from Slovenia and Croatia met the Albanian minister.", "en", {"SI", "HR", "AL"}),
        ("Experts from the Netherlands, Türkiye and the United Kingdom took part.", "en", {"NL", "TR", "GB"}),
        ("A pilot in Turkey and another in the UK.", "en", {"TR", "GB"}),
        ("Partners in North Macedonia, Kosovo and Bosnia and Herzegovina.", "en", {"MK", "XK", "BA"}),
        ("the former Yugoslav Republic of Macedonia and FYROM", "en", {"MK"}),
        ("Un atelier en Tunisie, au Maroc et en Algérie.", "fr", {"TN", "MA", "DZ"}),
        ("Fachleute aus Österreich, Deutschland und der Schweiz.", "de", {"AT", "DE", "CH"}),
        ("Die Lage Deutschlands und Österreichs.", "de", {"DE", "AT"}),
        ("Coopération avec les États-Unis et le Royaume-Uni.", "fr", {"US", "GB"}),
        ("Kosovo* and BiH signed the plan.", "en", {"XK", "BA"}),
    ],
)
def test_country_names(text: str, language: str, expected: set[str]) -> None:
    assert codes(text, language) == expected


def test_country_mentions_carry_spans_in_text_order() -> None:
    text = "The project ran in Estonia, then Latvia."
    mentions = find_places(text)
    assert [m.name for m in mentions] == ["Estonia", "Latvia"]
    for m in mentions:
        assert isinstance(m, PlaceMention)
        assert text[m.span[0]:m.span[1]] == m.name
        assert m.kind == "country"


def test_us_only_in_safe_contexts() -> None:
    assert codes("Trainers from the US Joint Staff College and the U.S. Department of State.") == {"US"}
    assert codes("CONTACT US | ABOUT US") == set()
    assert codes("a grant of US$ 2 million") == set()
    assert codes("Please let us know.") == set()


def test_german_name_of_iceland_is_not_read_in_english() -> None:
    assert codes("A workshop on an island off the coast; Island of Ireland.") == {"IE"}
    assert codes("Eine Tagung in Island.", "de") == {"IS"}


# --- demonyms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("A French delegation visited the Danish programme.", "en", {"FR", "DK"}),
        ("Slovenian-led projects and Estonian teenagers.", "en", {"SI", "EE"}),
        ("The Romanian Presidency informed the Board.", "en", {"RO"}),
        ("Les autorités slovènes et une délégation française.", "fr", {"SI", "FR"}),
        ("Des collectivités marocaines et tunisiennes.", "fr", {"MA", "TN"}),
        ("Die slowenische Polizei und österreichische Behörden.", "de", {"SI", "AT"}),
        ("Die Slowenen und die Österreicherinnen.", "de", {"SI", "AT"}),
        ("Jean Dupont (France, SOC) and Anna Berg (Sweden, EPP).", "en", {"FR", "SE"}),
    ],
)
def test_demonyms(text: str, language: str, expected: set[str]) -> None:
    assert codes(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Leaflets are available in Estonian and Russian.", "en"),
        ("We reach Russian-speaking parents.", "en"),
        ("Fill in the form in English, French or German.", "en"),
        ("Working languages: English and Greek, with interpretation.", "en"),
        ("Langues de travail : arabe et français.", "fr"),
        ("Beratung auf Deutsch, Türkisch und Arabisch.", "de"),
        ("Die Beratung ist auch auf deutsch möglich.", "de"),
        ("Experts from Latin American and North American cities.", "en"),
    ],
)
def test_languages_and_continents_are_not_countries(text: str, language: str) -> None:
    assert codes(text, language) == set()


# --- cities -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The conference in Vienna was well attended.", "en", ("Vienna", "AT")),
        ("Die Tagung in Wien war gut besucht.", "de", ("Vienna", "AT")),
        ("Une rencontre à Lyon a réuni les villes.", "fr", ("Lyon", "FR")),
        ("A Ljubljana-based NGO runs the helpline.", "en", ("Ljubljana", "SI")),
        ("The next meeting will be held in Skopje.", "en", ("Skopje", "MK")),
        ("Police officers met in Prishtina.", "en", ("Pristina", "XK")),
        ("A summer school in Sarajevo.", "en", ("Sarajevo", "BA")),
        ("Judges gathered in the Hague.", "en", ("The Hague", "NL")),
        ("Réunion à La Haye puis à Bruxelles.", "fr", ("The Hague", "NL")),
        ("Treffen in Den Haag.", "de", ("The Hague", "NL")),
        ("Hosted by the Mayor of Århus.", "en", ("Aarhus", "DK")),
        ("The castle of Brdo pri Kranju hosted the ministers.", "en", ("Brdo pri Kranju", "SI")),
        ("CHISINAU, 17 September 2019 – Officers completed the course.", "en", ("Chisinau", "MD")),
    ],
)
def test_cities_imply_their_country(text: str, language: str, expected: tuple[str, str]) -> None:
    cities = [(m.city, m.country) for m in find_places(text, language) if m.kind == "city"]
    assert cities[:1] == [expected]


def test_a_name_that_is_both_country_and_city() -> None:
    (m,) = find_places("Luxembourg, 26 and 27 April 2012")
    assert (m.kind, m.country, m.city) == ("country", "LU", "Luxembourg")


def test_city_names_that_are_ordinary_words_need_evidence() -> None:
    assert codes("Nice to meet you. Split the group in two. Reading the report helps.") == set()
    assert codes("Most participants were young. Male and female staff.") == set()
    assert codes("The seminar took place in Split, Croatia, and in Nice.") == {"HR", "FR"}
    assert codes("Nice, 14 July – The city council met.") == {"FR"}
    assert codes("Das Essen war gut und die Halle war voll.", "de") == set()
    assert codes("Wir treffen uns in Essen und in Halle.", "de") == {"DE"}


def test_first_names_and_surnames_are_not_cities() -> None:
    assert codes("Florence Hartmann chaired the panel.") == set()
    assert codes("Sofia Lindqvist presented the findings.") == set()
    assert codes("A statement by Mr Preston.") == set()
    assert codes("Guy Bedford wrote the tool.") == set()
    assert codes("The panel met in Florence and in Sofia.") == {"IT", "BG"}


def test_peoples_are_not_places() -> None:
    assert codes("Roma communities and Roman Catholic schools.") == set()


def test_agreements_processes_and_models_named_after_cities_are_not_places() -> None:
    for text, language in [
        ("The Stockholm Programme calls upon Member States.", "en"),
        ("Under the Paris Agreement and the Christchurch Call.", "en"),
        ("The Rabat Memorandum and the Istanbul Convention apply.", "en"),
        ("Since the Treaty of Lisbon entered into force.", "en"),
        ("The Dublin III Regulation and the Hague-Marrakech Memorandum.", "en"),
        ("Chatham House Rule applies; the Schengen area.", "en"),
        ("The Aarhus model and the Rotterdam approach.", "en"),
        ("Le Processus de Rabat et l'Appel de Christchurch.", "fr"),
        ("Der Vertrag von Lissabon und die Istanbul-Konvention.", "de"),
    ]:
        assert codes(text, language) == set(), text
    # the country of a "Slovenian-led" process still counts
    assert codes("initiatives originating from the Slovenian-led Brdo Process") == {"SI"}


def test_ambiguous_city_names_follow_the_document() -> None:
    assert codes("A meeting in Tripoli, Lebanon.") == {"LB"}
    assert codes("A meeting in Tripoli.") == {"LY"}


def test_regions_imply_their_country() -> None:
    assert found("Funded by the Land Nordrhein-Westfalen.", "de") == [("Nordrhein-Westfalen", "region", "DE")]
    assert codes("Youth workers from Flanders and Scotland.") == {"BE", "GB"}
    assert codes("Latin American experts visited New South Wales.") == set()


def test_addresses_are_not_mentions() -> None:
    assert codes("Write to vienna@example.org or see www.example.org/Paris/programme.") == set()


# --- lookups used by the events extractor ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "canonical", "country"),
    [
        ("Wien", "Vienna", "AT"),
        ("Vienne", "Vienna", "AT"),
        ("Århus", "Aarhus", "DK"),
        ("Aarhus", "Aarhus", "DK"),
        ("the Hague", "The Hague", "NL"),
        ("Den Haag", "The Hague", "NL"),
        ("LA HAYE", "The Hague", "NL"),
        ("Prishtina", "Pristina", "XK"),
        ("Brdo pri Kranju", "Brdo pri Kranju", "SI"),
        ("Tampa", "Tampa", "US"),
        ("Bruxelles", "Brussels", "BE"),
        ("Tallinn, Estonia", "Tallinn", "EE"),
        ("Strasbourg", "Strasbourg", "FR"),
    ],
)
def test_canonical_city(name: str, canonical: str, country: str) -> None:
    assert canonical_city(name) == canonical
    assert country_of_city(name) == country


def test_unknown_city() -> None:
    assert canonical_city("Nowhereville") is None
    assert country_of_city("") is None


def test_country_name() -> None:
    assert country_name("XK") == "Kosovo"
    assert country_name("SI") == "Slovenia"
    assert country_name("ZZ") is None


# --- robustness and speed -----------------------------------------------------------------------------


def test_bad_input_never_raises() -> None:
    assert find_places("") == []
    assert find_places(None) == []  # type: ignore[arg-type]
    rng = random.Random(7)
    noise = "".join(chr(rng.randrange(1, 0x3000)) for _ in range(50_000))
    find_places(noise, "de")
    mixed = "Σύνοδος στην Αθήνα; конференция в Москве; Vienna 会议 in Wien."
    assert {"AT"} <= codes(mixed)


def test_huge_single_line_is_capped_and_fast() -> None:
    text = "Vienna Slovenia police " * 200_000       # 4.6 MB, one line
    start = time.perf_counter()
    mentions = find_places(text)
    assert time.perf_counter() - start < 20
    assert 0 < len(mentions) <= 5_000


def test_speed_on_a_typical_document() -> None:
    text = (
        "The regional conference on community policing took place in Prishtina from 22 to 24 May 2018. "
        "Police officers from Albania, Montenegro, North Macedonia and Serbia attended, with Slovenian and "
        "Austrian trainers. The next meeting will be held in Ljubljana before October; a study visit to "
        "Vienna is planned. "
    ) * 15
    find_places(text)
    start = time.perf_counter()
    for _ in range(20):
        find_places(text)
    assert (time.perf_counter() - start) / 20 < 0.05
