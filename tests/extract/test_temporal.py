"""Dates, ranges, months and years in English, French and German (praxhub.extract.temporal)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from praxhub.extract.temporal import DateMention, find_dates

D = dt.date


def one(text: str, language: str = "en", reference: dt.date | None = None) -> DateMention:
    found = find_dates(text, language, reference)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "start", "end"), [
    # single days
    ("The panel met on 18 November 2015 in Aarhus.", D(2015, 11, 18), D(2015, 11, 18)),
    ("Deadline: Wednesday, 13 June, 2018.", D(2018, 6, 13), D(2018, 6, 13)),
    ("Webinar on March 3, 2021, 15:00–16:30 CET", D(2021, 3, 3), D(2021, 3, 3)),
    ("Strasbourg, 20.10.2015 – The Congress adopted", D(2015, 10, 20), D(2015, 10, 20)),
    ("Released 2019-02-07 by the secretariat", D(2019, 2, 7), D(2019, 2, 7)),
    ("Doctoral workshop, Wednesday 16th June 2021, Oslo", D(2021, 6, 16), D(2021, 6, 16)),
    ("the 12th of June 2018 was chosen", D(2018, 6, 12), D(2018, 6, 12)),
    # ranges within a month
    ("Strasbourg 12-13 June 2018", D(2018, 6, 12), D(2018, 6, 13)),
    ("Helsinki, 7–8 November 2019", D(2019, 11, 7), D(2019, 11, 8)),
    ("From 22 to 24 of May 2018, the ministry hosts", D(2018, 5, 22), D(2018, 5, 24)),
    ("Luxembourg, 26 and 27 April 2012", D(2012, 4, 26), D(2012, 4, 27)),
    ("from 10 to 11 May 2018 in Rome", D(2018, 5, 10), D(2018, 5, 11)),
    ("will meet in Rotterdam on 3/4 December 2019.", D(2019, 12, 3), D(2019, 12, 4)),
    ("between 23 – 24 May 2017 in Strasbourg", D(2017, 5, 23), D(2017, 5, 24)),
    ("May 10-11, 2018 at the OSCE", D(2018, 5, 10), D(2018, 5, 11)),
    # ranges across months and years
    ("29 November – 1 December 2019, Vienna", D(2019, 11, 29), D(2019, 12, 1)),
    ("31 December 2019 – 2 January 2020", D(2019, 12, 31), D(2020, 1, 2)),
    ("Monday 21 October – Tuesday 22 October 2019 · Athens", D(2019, 10, 21), D(2019, 10, 22)),
    ("between 30 June and 2 July 2020 in Riga", D(2020, 6, 30), D(2020, 7, 2)),
    ("June 29 – July 1, 2019", D(2019, 6, 29), D(2019, 7, 1)),
])
def test_english_forms(text: str, start: dt.date, end: dt.date) -> None:
    mention = one(text)
    assert (mention.start, mention.end) == (start, end)
    assert mention.precision == "day" and mention.year_explicit and not mention.before
    assert text[mention.span[0]:mention.span[1]] == mention.text


@pytest.mark.parametrize(("text", "language", "start", "end"), [
    ("Lyon, le 12 juin 2018 – Plus de deux cents élus", "fr", D(2018, 6, 12), D(2018, 6, 12)),
    ("Tunis, du 4 au 6 octobre 2021", "fr", D(2021, 10, 4), D(2021, 10, 6)),
    ("Les 5 et 6 avril 2022, le réseau réunit", "fr", D(2022, 4, 5), D(2022, 4, 6)),
    ("la réunion du 1er février 2020 à Paris", "fr", D(2020, 2, 1), D(2020, 2, 1)),
    ("Mardi 24 mai 2022, de 14 h à 16 h", "fr", D(2022, 5, 24), D(2022, 5, 24)),
    ("Fachtagung vom 3. bis 5. März 2019 in Wien", "de", D(2019, 3, 3), D(2019, 3, 5)),
    ("Die Bundeszentrale lädt am 14. November 2020 ein", "de", D(2020, 11, 14), D(2020, 11, 14)),
    ("Tagung 3.–5. März 2019, Graz", "de", D(2019, 3, 3), D(2019, 3, 5)),
    ("Sonntag, 3. März 2019: Anreise", "de", D(2019, 3, 3), D(2019, 3, 3)),
    ("im Jänner: Sitzung am 20. Jänner 2020", "de", D(2020, 1, 20), D(2020, 1, 20)),
])
def test_french_and_german_forms(text: str, language: str, start: dt.date, end: dt.date) -> None:
    mention = one(text, language)
    assert (mention.start, mention.end) == (start, end)


def test_missing_year_takes_the_nearest_explicit_date_before() -> None:
    text = ("Issue 7, May 2018. The conference runs from 22 to 24 of May 2018. Between 21-22 May a roundtable "
            "takes place; on 30th May a training follows and the group meets 23 – 24 May.")
    found = find_dates(text, "en")
    inferred = [m for m in found if not m.year_explicit]
    assert [(m.start, m.end) for m in inferred] == [
        (D(2018, 5, 21), D(2018, 5, 22)), (D(2018, 5, 30), D(2018, 5, 30)), (D(2018, 5, 23), D(2018, 5, 24))]


def test_missing_year_chooses_the_year_closest_to_the_anchor() -> None:
    # written in late December: "15 January" is next January, not last January
    found = find_dates("Brussels, 20 December 2021 – The next meeting is on 15 January.", "en")
    assert found[-1].start == D(2022, 1, 15)
    found = find_dates("Report of 5 January 2020. The seminar was held on 28 December.", "en")
    assert found[-1].start == D(2019, 12, 28)


def test_missing_year_uses_reference_when_no_explicit_date_precedes() -> None:
    assert one("On 30th May, the council is organising a workshop.", reference=D(2018, 5, 2)).start == D(2018, 5, 30)
    # without a reference, the first explicit date after the mention anchors it
    found = find_dates("On 30th May a workshop. From 22 to 24 of May 2018 a conference.", "en")
    assert found[0].start == D(2018, 5, 30) and not found[0].year_explicit


def test_weekday_picks_the_year() -> None:
    # 27 September was a Tuesday in 2022, not in 2021 or 2023
    assert one("Tuesday 27 September: arrival", reference=D(2021, 11, 1)).start == D(2022, 9, 27)


def test_range_without_year_crossing_new_year() -> None:
    found = find_dates("Published 1 December 2019. The course runs 29 December – 2 January.", "en")
    assert (found[-1].start, found[-1].end) == (D(2019, 12, 29), D(2020, 1, 2))
    found = find_dates("29 December – 2 January 2020", "en")
    assert (found[0].start, found[0].end) == (D(2019, 12, 29), D(2020, 1, 2))


def test_without_any_anchor_the_year_stays_unknown() -> None:
    mention = one("Lundi 4 octobre : ouverture officielle", "fr")
    assert mention.start is None and not mention.year_explicit and mention.precision == "day"


@pytest.mark.parametrize(("text", "end", "precision"), [
    ("convening a meeting before October 2018 to discuss", D(2018, 10, 1), "month"),
    ("Registration before 11 October 2019 via the secretariat", D(2019, 10, 11), "day"),
    ("Anmeldung bis 15. Februar 2019 unter", D(2019, 2, 15), "day"),
    ("Inscription avant le 15 septembre 2021.", D(2021, 9, 15), "day"),
    ("circulate them before the end of February 2019", D(2019, 2, 1), "month"),
    ("will hold a workshop before summer 2019", D(2019, 6, 1), "month"),
])
def test_before_exposes_the_bound(text: str, end: dt.date, precision: str) -> None:
    mention = one(text)
    assert mention.before and mention.start is None
    assert mention.end == end and mention.precision == precision


def test_months_seasons_and_years() -> None:
    month = one("the Council conclusions of December 2010 on the role of the police")
    assert (month.start, month.end, month.precision) == (D(2010, 12, 1), D(2010, 12, 31), "month")
    spring = one("La prochaine rencontre aura lieu au printemps 2019.", "fr")
    assert (spring.start, spring.end, spring.precision) == (D(2019, 3, 1), D(2019, 5, 31), "month")
    year = one("running since 2016 in Malmö")
    assert (year.start, year.end, year.precision) == (D(2016, 1, 1), D(2016, 12, 31), "year")


@pytest.mark.parametrize("text", [
    "15:00–16:30 CET, room 12",
    "Article 3 may apply to 5 persons",
    "you may 3 times",
    "14469/4/05 REV 4",
    "Issue 7, Ausgabe 4/2020",
    "31 June 2019",                     # no such day
    "In May 18 delegates met",          # a number, not a day
    "Workshop 2 – 3 rooms",
    "2.4 million impressions in 18 months",
])
def test_things_that_are_not_dates(text: str) -> None:
    assert [m for m in find_dates(text, "en") if m.precision == "day"] == []


def test_label_numbers_are_not_range_starts() -> None:
    mention = one("Day 1 – Monday 21 October 2019")
    assert (mention.start, mention.end) == (D(2019, 10, 21), D(2019, 10, 21))


def test_spans_index_the_original_text() -> None:
    text = "Fachtagung „Jugend“ – vom 3. bis 5. März 2019 in Wien; Anmeldung bis 15. Februar 2019."
    for mention in find_dates(text, "de"):
        assert text[mention.span[0]:mention.span[1]] == mention.text


@pytest.mark.parametrize("text", ["", "x" * 300_000, "\x00\x01\x02 ÿ" * 10_000, "12 " * 100_000,
                                  "Конференция 3 травня 2019 会议 2019年5月3日 " * 2_000])
def test_bad_input_is_harmless_and_fast(text: str) -> None:
    started = time.perf_counter()
    assert isinstance(find_dates(text, "und"), list)
    assert time.perf_counter() - started < 5


def test_speed_on_an_ordinary_document() -> None:
    text = ("The Regional Cooperation Council is organising a regional workshop on 30th May in Tirana. "
            "From 22 to 24 of May 2018, Slovenia will host the eighth regional conference. ") * 30
    find_dates(text, "en")
    started = time.process_time()
    for _ in range(20):
        find_dates(text[:5000], "en")
    assert (time.process_time() - started) / 20 < 0.02
