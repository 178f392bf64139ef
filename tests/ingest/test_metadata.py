"""Title, publication date and kind: the seed documents and the general rules behind them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from praxhub.ingest import KINDS, parse_file
from praxhub.ingest.metadata import choose_title, classify_kind, find_published

from .builders import SEEDS

SEED_EXPECTATIONS = {
    "000": (
        "Conference of high-ranking representatives of Ministers of Internal Affairs on dealing with "
        "radicalisation and terrorists acting alone",
        None,
        "event_notice",
    ),
    "001": (
        "Council conclusions on de-radicalisation and disengagement from terrorist activities",
        dt.date(2012, 4, 26),
        "conclusions",
    ),
    "002": ("High-Level Expert Group on Radicalisation completes its work", dt.date(2018, 6, 13), "press_release"),
    "003": (
        "Regional workshop on law enforcement/judicial services and state attorneys/prosecutors on Dealing "
        "with terrorism and violent extremism –connected crimes",
        None,
        "newsletter",
    ),
    "004": (
        "Congress adopts guidelines on preventing radicalisation and manifestations of hate at the grassroots level",
        dt.date(2015, 10, 20),
        "press_release",
    ),
}


def _seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("the shared seed corpus is not beside this checkout")
    matches = sorted(SEEDS.glob(f"{prefix}_*"))
    if not matches:
        pytest.skip(f"seed {prefix} is missing")
    return matches[0]


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTATIONS))
def test_seed_documents(prefix: str) -> None:
    title, published, kind = SEED_EXPECTATIONS[prefix]
    _, document = parse_file(_seed(prefix), 10 * 1024 * 1024)
    assert document.title == title
    assert document.published == published
    assert document.kind == kind
    assert document.language == "en"
    assert "**" not in (document.title or "")


def test_seed_markdown_links_to_nowhere_are_dropped() -> None:
    _, document = parse_file(_seed("004"), 10 * 1024 * 1024)
    assert document.format == "md"
    assert "29th session file" not in document.text
    assert "(#)" not in document.text


# --- title ------------------------------------------------------------------------------------


def test_structural_title_wins() -> None:
    assert choose_title("Some first line of text\n\nBody.", "**Guidelines** on exit work") == "Guidelines on exit work"


def test_contact_reference_and_letterhead_lines_are_skipped() -> None:
    text = (
        "Tel. +32 2 123 45 67\nhttps://example.org/press\npress@example.org\nRef. DC 048(2019)\n"
        "EUROPEAN COMMISSION\nMinisters launch a network of prevention practitioners\n\nBody text."
    )
    assert choose_title(text) == "Ministers launch a network of prevention practitioners"


def test_a_short_section_label_yields_to_the_headline_below_it() -> None:
    text = "Home Affairs\nCommission proposes new measures to counter radicalisation online\n\nBody."
    assert choose_title(text) == "Commission proposes new measures to counter radicalisation online"


def test_a_short_title_above_running_text_is_kept() -> None:
    text = "Exit work in prisons\n\nThis paper describes how exit work is organised in several prisons."
    assert choose_title(text) == "Exit work in prisons"


def test_sentences_and_dates_are_not_titles() -> None:
    text = (
        "3 March 2021\nThe Council adopted these conclusions at its meeting in Brussels today.\n"
        "Preventing radicalisation in European prisons\n"
    )
    assert choose_title(text) == "Preventing radicalisation in European prisons"


def test_table_rows_are_not_titles() -> None:
    text = "Target group | Young people aged 12 to 18\nPrevention work with young people in Aarhus\n"
    assert choose_title(text) == "Prevention work with young people in Aarhus"


def test_a_marked_title_is_trusted_but_a_first_heading_is_checked() -> None:
    text = "Prevention work with young people in Aarhus\n\nBody."
    assert choose_title(text, "CONCEPT NOTE", marked=True) == "CONCEPT NOTE"
    assert choose_title(text, "CONCEPT NOTE", marked=False) == "Prevention work with young people in Aarhus"


def test_a_title_wrapped_over_two_lines_is_joined() -> None:
    text = "Recommendation CM/Rec(2018)6\nof the Committee of Ministers to member States on terrorists acting alone\n"
    assert choose_title(text) == (
        "Recommendation CM/Rec(2018)6 of the Committee of Ministers to member States on terrorists acting alone"
    )


def test_section_labels_are_not_titles() -> None:
    text = "Mothers for Life\n\nDescription of the practice\nThe network supports mothers.\n\nTarget groups\n"
    assert choose_title(text) == "Mothers for Life"


def test_markdown_emphasis_never_leaks_into_titles() -> None:
    assert choose_title("**Guidelines on *preventing* radicalisation at school**\n\nBody.") == (
        "Guidelines on preventing radicalisation at school"
    )


def test_fallback_is_the_first_line_cut_at_200_characters() -> None:
    line = "word " * 300
    title = choose_title(line)
    assert title is not None
    assert len(title) <= 201
    assert title.startswith("word word")


# --- publication date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title\n\nBrussels, 3 March 2021 - The Commission today adopted ...", dt.date(2021, 3, 3)),
        ("Title\n\nStrasbourg, 20.10.2015 – Prevention and ...", dt.date(2015, 10, 20)),
        ("Title\n\nThe Hague, June 5, 2019 — Europol said ...", dt.date(2019, 6, 5)),
        ("Titre\n\nParis, le 3 mars 2021 – Le ministère ...", None),  # "le" before the date: not a dateline
        ("Titre\n\nStrasbourg, 12 mars 2021 – Le Conseil de l'Europe ...", dt.date(2021, 3, 12)),
        ("Titel\n\nBerlin, 3. März 2021 – Die Bundesregierung ...", dt.date(2021, 3, 3)),
        ("Title\nPublished: 12 January 2020\n\nBody text.", dt.date(2020, 1, 12)),
        ("Title\nDate: June 2018\n\nBody text.", dt.date(2018, 6, 1)),
        ("Title\n\nBody text.\n\nWednesday, 13 June, 2018", dt.date(2018, 6, 13)),
        ("Title\n\n5 May 2017\n\nBody text.", dt.date(2017, 5, 5)),
        ("Title\n\nOn 30 May 2018 the workshop took place in Tirana.", None),
        ("Title\n\n(Adopted by the Committee of Ministers on 4 July 2018 at the 1321st meeting)", dt.date(2018, 7, 4)),
        ("Title\n\nSince 3 March 2021 – the Council has worked on it.", None),
        ("Title\n\nDate: 31.02.2020", None),
        ("Title\n\nParis, 1er mars 2021 – Le ministère ...", dt.date(2021, 3, 1)),
        ("Title\n\nPublished: today", None),
        ("Title\n\nDate: 45 Smarch 2018", None),
    ],
)
def test_published_date_rules(text: str, expected: dt.date | None) -> None:
    assert find_published(text, "other") == expected


def test_meeting_dates_count_only_for_council_conclusions() -> None:
    text = "Council conclusions on exit work\n\nLuxembourg, 26 and 27 April 2012\n\nThe Council ..."
    assert find_published(text, "conclusions") == dt.date(2012, 4, 26)
    assert find_published(text.replace("Council conclusions", "Conference"), "event_notice") is None


# --- kind -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text", "kind"),
    [
        ("Council conclusions on the role of the police", "", "conclusions"),
        ("Conclusions du Conseil sur la prévention de la radicalisation", "", "conclusions"),
        ("Schlussfolgerungen des Rates zur Prävention", "", "conclusions"),
        ("Recommendation CM/Rec(2018)6 on terrorists acting alone", "", "recommendation"),
        ("Recommendation of the Committee of Ministers to member States on terrorists acting alone", "",
         "recommendation"),
        ("Guidelines for prison and probation services", "", "guidelines"),
        ("Lignes directrices pour les services pénitentiaires", "", "guidelines"),
        ("Leitlinien für die Präventionsarbeit", "", "guidelines"),
        ("Handbook on the management of violent extremist prisoners", "", "guidelines"),
        ("Commission launches new prevention network", "", "press_release"),
        ("Prevention news", "Communiqué de presse\nParis ...", "press_release"),
        ("Präventionsnetz", "Pressemitteilung\nBerlin ...", "press_release"),
        ("Ministers meet", "Brussels, 3 March 2021 – Ministers met ...", "press_release"),
        ("Radicalisation in prisons", "Executive summary\nThis report looks at ...", "report"),
        ("Bericht über Radikalisierung im Internet", "", "report"),
        ("RAN Study visit to Oslo on exit work", "", "event_notice"),
        ("Seminar on online radicalisation", "Seminar on online radicalisation\nAgenda\n09:00 Opening", "event_notice"),
        ("Exit work in Oslo", "Exit work in Oslo\n\nCONCEPT NOTE\n\nThe meeting ...", "event_notice"),
        ("Mothers School", "Target groups: mothers\nLessons learned: trust matters", "practice"),
        ("Good practice: youth mentoring in Aarhus", "", "practice"),
        ("About us", "The network connects practitioners.", "other"),
    ],
)
def test_kind_rules(title: str, text: str, kind: str) -> None:
    assert kind in KINDS
    assert classify_kind(title, text) == kind


def test_newsletter_needs_several_sections_announcing_events() -> None:
    section = "{name}\n\nThe Council of Europe is organising a meeting in {city} on 3 May 2019.\n\n"
    text = "".join(section.format(name=f"Regional workshop number {i}", city="Rome") for i in range(3))
    assert classify_kind("Regional workshop number 0", text) == "newsletter"
    assert classify_kind("Regional workshop number 0", section.format(name="One workshop", city="Rome")) == (
        "event_notice"
    )
