"""Initiatives: registry, legal acts, quoted and capitalised names, what is not an initiative."""

from __future__ import annotations

import copy
import time

import pytest
import yaml

from praxhub.extract import initiatives
from praxhub.extract.initiatives import find_initiatives


def found(text: str, language: str = "en") -> list[tuple[str, str]]:
    return [(i.name, i.kind) for i in find_initiatives(text, language)]


def test_shipped_data_is_valid() -> None:
    raw = yaml.safe_load(initiatives.DATA_FILE.read_text(encoding="utf-8"))
    assert initiatives.validate(raw) == []
    assert len(initiatives.all_entries()) >= 40
    entry = initiatives.get("stockholm-programme")
    assert entry is not None and entry.kind == "programme"


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["initiatives"].append(copy.deepcopy(d["initiatives"][0])), "duplicate id"),
    (lambda d: d["initiatives"][0].update(kind="party"), "kind"),
    (lambda d: d["initiatives"][0].update(owner="nobody"), "unknown owner"),
    (lambda d: d["initiatives"][1].update(aliases=["EU Counter-Terrorism Strategy"]), "also belongs"),
])
def test_validation_reports_problems(change, message: str) -> None:
    raw = yaml.safe_load(initiatives.DATA_FILE.read_text(encoding="utf-8"))
    change(raw)
    assert any(message in p for p in initiatives.validate(raw))


def test_registry_names_with_footnote_marks() -> None:
    text = ("ACKNOWLEDGING the EU Counter-Terrorism Strategy¹ and the EU Action Plan on Radicalisation and "
            "Recruitment² as well as the Stockholm Programme³;")
    result = find_initiatives(text)
    assert [(i.id, i.kind) for i in result] == [("eu-ct-strategy", "strategy"),
                                                ("eu-action-plan-radicalisation", "action_plan"),
                                                ("stockholm-programme", "programme")]
    for i in result:
        assert text[i.span[0]:i.span[1]] in (i.name, "EU Counter-Terrorism Strategy")


def test_acronyms_of_the_registry() -> None:
    text = "Delegates discussed WBCTi and IISG, initiatives of the Brdo Process, under IPA II funding."
    assert [i.id for i in find_initiatives(text)] == ["wbcti", "iisg", "brdo-process", "ipa-ii"]


def test_recommendation_reference_written_loosely() -> None:
    text = ("Taking into account Recommendation CM / Rec. (2018) 6 of the Committee of Ministers of the Council of "
            "Europe on terrorists acting alone, we propose a meeting. Recommendation Rec(2006)2 also applies.")
    assert found(text) == [("Recommendation CM/Rec(2018)6 on terrorists acting alone", "policy"),
                           ("Recommendation Rec(2006)2", "policy")]


def test_other_legal_acts() -> None:
    text = ("States implement Security Council resolution 2178 (2014) and UNSCR 2396, Directive (EU) 2017/541 "
            "and Council Framework Decision 2002/475/JHA.")
    names = [n for n, _ in found(text)]
    assert names == ["UN Security Council Resolution 2178 (2014)", "UN Security Council Resolution 2396",
                     "Directive (EU) 2017/541 on combating terrorism", "Council Framework Decision 2002/475/JHA"]


def test_quoted_names_after_a_cue() -> None:
    text = ("The workshop is part of the wider EU funded project, under the IPA II 2016 umbrella, entitled "
            "“Support to Preventing Violent Extremism in the Region”. The Congress launched an initiative called "
            "\"Cities against hate\". A handbook titled ‘Talking to parents’ is available.")
    assert found(text) == [("IPA II", "programme"),
                           ("Support to Preventing Violent Extremism in the Region", "project"),
                           ("Cities against hate", "initiative"),
                           ("Talking to parents", "publication")]


def test_quote_before_the_cue_and_after_a_multi_country_action() -> None:
    text = ("The Slovenian-led “Second Chance” project ends. Within the Multi-Country Action “Support to "
            "Integrative Internal Security Governance”, a study began.")
    # a cued name keeps the registry name it contains
    assert found(text) == [("Second Chance", "project"),
                           ("Support to Integrative Internal Security Governance", "programme"),
                           ("Integrative Internal Security Governance", "initiative")]


def test_event_titles_are_not_initiatives() -> None:
    text = ("The IOM is organizing a regional conference, entitled “Strengthening the National Committee”. "
            "Slovenia hosts the conference ‘Counter-Terrorism Challenges in the Region’.")
    assert found(text) == []


def test_quoted_guidelines_and_french_and_german_cues() -> None:
    assert found("It adopted the “Guidelines on preventing radicalisation at the grassroots level” today.") == [
        ("Guidelines on preventing radicalisation at the grassroots level", "guidelines")]
    assert found("Organisée dans le cadre du projet européen « Villes unies », la rencontre a eu lieu.", "fr") == [
        ("Villes unies", "project")]
    assert found("Gefördert durch das Bundesprogramm „Starke Nachbarn“ und das Land.", "de") == [
        ("Starke Nachbarn", "programme")]


def test_capitalised_names_ending_in_a_head() -> None:
    text = ("A training tool (HELP Radicalization Prevention Project) was shown. The project was entrusted to "
            "the United Nations Office on Drugs and Crime (UNODC), Regional Programme for South Eastern Europe. "
            "For more on the UNODC Regional Programme for South Eastern Europe, see the website.")
    result = find_initiatives(text)
    assert [(i.name, i.kind) for i in result] == [
        ("HELP Radicalization Prevention Project", "project"),
        ("UNODC Regional Programme for South Eastern Europe", "programme")]


def test_generic_capitalised_phrases_are_not_initiatives() -> None:
    assert found("Action Plan\n\nProject Description\n\nThe Programme will start soon.") == []


def test_guidelines_unquoted() -> None:
    text = "Guidelines for local authorities on multi-agency case management\n\nWorking document of the network."
    assert found(text) == [("Guidelines for local authorities on multi-agency case management", "guidelines")]


def test_networks_are_initiatives_too() -> None:
    text = "the EU Internet Forum and the European Strategic Communications Network, and an EU Cooperation Mechanism"
    assert [(i.id, i.kind) for i in find_initiatives(text)] == [
        ("euif", "forum"), ("escn", "network"), ("eu-cooperation-mechanism", "mechanism")]


@pytest.mark.parametrize("text", ["", "\x00" * 1000, "“" * 100_000, "project entitled " * 20_000,
                                  "Recommendation CM/Rec(" * 10_000, "A" * 300_000])
def test_bad_input_is_harmless(text: str) -> None:
    start = time.perf_counter()
    assert isinstance(find_initiatives(text), list)
    assert time.perf_counter() - start < 10
