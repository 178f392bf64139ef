"""Theme scoring from the explainable term lists."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from praxhub.extract.model import THEMES, ThemeScore
from praxhub.extract.themes import item_themes, score_themes, theme_terms


def themes_of(text: str, language: str = "en") -> list[str]:
    return [t.theme for t in score_themes(text, language)]


def test_every_theme_has_terms_in_three_languages() -> None:
    for theme in THEMES:
        for language in ("en", "fr", "de"):
            assert theme_terms(theme, language), (theme, language)


@pytest.mark.parametrize(
    ("text", "language", "theme"),
    [
        ("Radicalisation in prisons and during probation: inmates need mentors.", "en", "prisons"),
        ("Les détenus et la détention en milieu carcéral.", "fr", "prisons"),
        ("Radikalisierung im Justizvollzug und in Justizvollzugsanstalten.", "de", "prisons"),
        ("Propaganda spreads on social media and the internet.", "en", "online"),
        ("Campaigns with counter-narratives and alternative narratives.", "en", "communication"),
        ("Teachers discuss controversial issues with pupils in schools.", "en", "education"),
        ("Support for parents and families of young people.", "en", "youth_families"),
        ("Local authorities and mayors set up multi-agency panels.", "en", "local"),
        ("Programmes for de-radicalisation, disengagement and reintegration.", "en", "exit"),
        ("Law enforcement and community policing.", "en", "police"),
        ("Prosecutors and judges discussed judicial co-operation.", "en", "justice"),
        ("Mental health services and social workers.", "en", "health_social"),
        ("Children returning from conflict zones and foreign terrorist fighters.", "en", "returnees"),
        ("Hate speech, polarisation and extremist ideology.", "en", "polarisation"),
        ("Victims and survivors of terrorism.", "en", "victims"),
        ("Terrorist financing and money laundering.", "en", "financing"),
        ("Terrorists acting alone, so-called lone actors.", "en", "lone_actors"),
        ("Respect for human rights and fundamental rights.", "en", "human_rights"),
        ("Cross-border co-operation and the exchange of best practices.", "en", "cooperation"),
        ("Training of first-line practitioners by trainers.", "en", "training"),
        ("Evaluation research with indicators.", "en", "research"),
        ("Einzeltäter und allein handelnde Personen.", "de", "lone_actors"),
        ("Le financement du terrorisme et le blanchiment d'argent.", "fr", "financing"),
    ],
)
def test_each_theme_fires_on_its_terms(text: str, language: str, theme: str) -> None:
    scores = score_themes(text, language)
    assert theme in [t.theme for t in scores]
    fired = next(t for t in scores if t.theme == theme)
    assert isinstance(fired, ThemeScore) and fired.terms and fired.score >= 1.0


def test_ordinary_words_do_not_fire() -> None:
    # budget financing is not terrorist financing; a Council configuration is not the justice theme;
    # a website is not the online theme; a study visit is not research.
    text = ("The Justice and Home Affairs Council agreed on stable long-term financing. For more "
            "information visit the website. A study visit is planned.")
    assert themes_of(text) == []


def test_phrase_hides_its_words_from_other_themes() -> None:
    assert "communication" not in themes_of("Young people use social media and social media platforms.")
    assert "education" in themes_of("A human rights education for police officers.")


def test_results_are_ranked_and_explained() -> None:
    text = ("Prisons and probation services: prison staff, prison governors and probation officers "
            "work with inmates. One school took part.")
    scores = score_themes(text)
    assert scores[0].theme == "prisons"
    assert scores == sorted(scores, key=lambda t: -t.score)
    assert "prison" in scores[0].terms[0] or "probation" in scores[0].terms[0]


def test_long_documents_need_more_than_a_passing_mention() -> None:
    filler = "The participants discussed the agenda and agreed on the next steps. " * 400
    assert "victims" in themes_of("Support for victims. " + filler[:2000])
    assert "victims" not in themes_of("Support for victims. " + filler)


def test_item_themes() -> None:
    assert item_themes("to design multi-agency strategies involving local stakeholders") == ["local", "cooperation"]
    assert item_themes("to publish a compendium of knowledge on disengagement")[:1] == ["exit"]
    assert item_themes("to ensure that prison staff are trained", "en") == ["prisons", "training"]
    assert item_themes("que les enseignants soient formés", "fr") == ["education", "training"]
    assert item_themes("") == []
    assert item_themes("the weather was pleasant") == []


def test_unknown_language_falls_back_to_english() -> None:
    assert "prisons" in themes_of("Radicalisation in prisons.", "und")
    assert "prisons" in themes_of("Radicalisation in prisons.", "nl")


def test_bad_input_never_raises() -> None:
    assert score_themes("") == []
    assert score_themes(None) == []  # type: ignore[arg-type]
    assert item_themes("\x00\x01\x02 ÿþ 中文 Ελληνικά") == []
    start = time.perf_counter()
    score_themes("prison training online " * 300_000, "de")   # 6.9 MB, one line
    assert time.perf_counter() - start < 20


def test_speed_on_a_typical_document() -> None:
    text = ("The Council invites the Member States to strengthen multi-agency co-operation at local level, "
            "to train prison and probation staff, to support families of returning foreign terrorist "
            "fighters and to evaluate exit programmes. ") * 25
    score_themes(text)
    start = time.perf_counter()
    for _ in range(20):
        score_themes(text)
    assert (time.perf_counter() - start) / 20 < 0.05


def test_seed_documents_against_the_gold(seeds: Path) -> None:
    from praxhub.ingest import parse_file

    gold_dir = seeds.parents[1] / "eval" / "dev"
    tp = fp = fn = 0
    for path in sorted(seeds.glob("*.txt")):
        gold_file = gold_dir / (path.stem + ".json")
        if not gold_file.exists():
            continue
        doc = parse_file(path, 10**8)[1]
        gold = set(json.loads(gold_file.read_text())["themes"])
        got = set(themes_of(doc.text, doc.language))
        tp, fp, fn = tp + len(gold & got), fp + len(got - gold), fn + len(gold - got)
    assert tp + fn
    precision, recall = tp / max(1, tp + fp), tp / (tp + fn)
    assert precision >= 0.85 and recall >= 0.85, (precision, recall)
