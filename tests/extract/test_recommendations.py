"""Recommendations: operative headers, inline "calls on X to Y", "X should Y", announced steps, and
everything that is not a recommendation. Sentences are the project's own; the seeds are scored at the end."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from praxhub.extract import recommendations as rec
from praxhub.extract.context import DocContext
from praxhub.extract.model import OrganisationMention, Recommendation
from praxhub.extract.recommendations import canonical_addressee, find_recommendations


def run(text: str, language: str = "en", title: str | None = None,
        organisations: list[OrganisationMention] | None = None) -> list[Recommendation]:
    ctx = DocContext(text=text, language=language, title=title if title is not None else text.split("\n")[0],
                     published=None, kind="other", source="test.txt")
    found = find_recommendations(ctx, organisations or [])
    for r in found:
        assert text[r.span[0]:r.span[1]] == r.text, "text is the evidence span"
    return found


def texts(found: list[Recommendation]) -> list[str]:
    return [r.text for r in found]


def org(name: str, text: str, surface: str, oid: str = "x") -> OrganisationMention:
    start = text.index(surface)
    return OrganisationMention(name=name, acronym=None, id=oid, span=(start, start + len(surface)),
                               spans=[(start, start + len(surface))])


# --- operative headers ------------------------------------------------------------------------------

COUNCIL = """Council conclusions on families and prevention

"THE COUNCIL OF THE EUROPEAN UNION,

RECALLING that families are often the first to notice a change;

BEARING IN MIND that an earlier text calls upon the Member States to support parents;

INVITES THE MEMBER STATES:
• to set up counselling services for parents and siblings of radicalised young people;
• to train social workers in family-centred approaches and to evaluate such services regularly;
¹ OJ C 1, 1.1.2020, p. 1.
• to develop methods aimed at helping families stay in touch with relatives in detention and thereby reducing isolation.

INVITES THE COMMISSION:
• to continue supporting the exchange of practice through European networks.

CALLS ON local authorities to involve family associations in their prevention plans.\""""


def test_bullets_under_operative_headers() -> None:
    found = run(COUNCIL)
    assert texts(found) == [
        "set up counselling services for parents and siblings of radicalised young people",
        "train social workers in family-centred approaches",
        "evaluate such services regularly",
        "develop methods aimed at helping families stay in touch with relatives in detention and thereby "
        "reducing isolation",
        "continue supporting the exchange of practice through European networks",
        "involve family associations in their prevention plans",
    ]
    assert [r.addressee for r in found] == ["Member States"] * 4 + ["European Commission", "local authorities"]
    assert {r.issuer for r in found} == {"Council of the European Union"}
    assert [r.verb for r in found][-2:] == ["invites", "calls on"]
    assert found[0].strength == "moderate" and found[-1].strength == "strong"


def test_recitals_are_not_recommendations() -> None:
    assert not any("support parents" in t for t in texts(run(COUNCIL)))
    assert run("RECALLING that Member States should exchange information;\n\nNOTING that cities "
               "should be involved;") == []
    text = ("The Committee of Ministers,\nConsidering that youth work matters;\nStressing that young people "
            "should not be treated as a risk,\nRecommends that governments of member States:\n"
            "- recognise youth work as a partner in prevention;\n- ensure stable funding for youth centres.")
    found = run(text)
    assert texts(found) == ["recognise youth work as a partner in prevention",
                            "ensure stable funding for youth centres"]
    assert {r.addressee for r in found} == {"Member States"}
    assert {r.issuer for r in found} == {"Committee of Ministers"}


def test_numbered_operative_paragraphs_and_that_clauses() -> None:
    text = ("The participants –\nNoting that small platforms lack resources;\nadopted the following.\n"
            "1. URGES hosting services to state clearly in their terms that terrorist content is banned, and to "
            "enforce these terms.\n"
            "2. RECOMMENDS that providers designate a point of contact and publish transparency reports.\n"
            "3. ENCOURAGES researchers, where appropriate, to share findings with practitioners.")
    found = run(text)
    assert texts(found) == [
        "state clearly in their terms that terrorist content is banned", "enforce these terms",
        "designate a point of contact", "publish transparency reports", "share findings with practitioners"]
    assert [r.addressee for r in found] == ["hosting services", "hosting services", "online platforms",
                                            "online platforms", "researchers"]


def test_header_with_two_addressees_and_trailing_to() -> None:
    found = run("THE COUNCIL,\n\nRECALLING the strategy;\n\nINVITES THE MEMBER STATES AND THE COMMISSION TO:\n"
                "- strengthen the exchange of practice on exit work;\n- evaluate prevention programmes regularly.")
    assert [r.addressee for r in found] == ["Member States and European Commission"] * 2


def test_french_headers() -> None:
    text = ("« LE CONSEIL DE L'UNION EUROPÉENNE,\n\nRAPPELANT que la prévention relève des États membres ;\n\n"
            "INVITE LES ÉTATS MEMBRES :\n\n– à associer les communes à leurs stratégies nationales ;\n"
            "– à soutenir les réseaux locaux et à garantir un financement stable.\n\n"
            "ENCOURAGE les collectivités locales et régionales à former leurs agents de terrain.\n\n"
            "DEMANDE à la Commission de publier un recueil de pratiques. »")
    found = run(text, "fr")
    assert texts(found) == ["associer les communes à leurs stratégies nationales", "soutenir les réseaux locaux",
                            "garantir un financement stable", "former leurs agents de terrain",
                            "publier un recueil de pratiques"]
    assert [r.addressee for r in found] == ["Member States"] * 3 + ["local and regional authorities",
                                                                    "European Commission"]
    assert found[0].issuer == "Council of the European Union"


def test_german_headers_and_inline() -> None:
    text = ("DER RAT DER EUROPÄISCHEN UNION,\n\nUNTER HINWEIS auf die Strategie;\n\nFORDERT DIE MITGLIEDSTAATEN AUF,\n"
            "– die Zusammenarbeit der Behörden zu stärken;\n– Ausstiegsprogramme langfristig zu fördern.\n\n"
            "ERSUCHT die Kommission, einen Bericht über die Umsetzung vorzulegen.")
    found = run(text, "de")
    assert texts(found) == ["die Zusammenarbeit der Behörden zu stärken", "Ausstiegsprogramme langfristig zu fördern",
                            "einen Bericht über die Umsetzung vorzulegen"]
    assert [r.addressee for r in found] == ["Member States", "Member States", "European Commission"]
    found = run("Der Beirat fordert die Länder auf, Fachstellen einzurichten und die Fortbildung zu fördern.", "de")
    assert texts(found) == ["Fachstellen einzurichten", "die Fortbildung zu fördern"]
    assert found[0].verb == "fordert" and found[0].strength == "strong"


# --- inline requests ---------------------------------------------------------------------------------


def test_inline_calls_on_resolves_the_adopting_body() -> None:
    text = ("Assembly adopts a resolution on hate speech\n\nThe resolution was adopted by the Regional Assembly "
            "of Northland on 3 May. The text adopted calls in particular on municipalities to appoint "
            "prevention coordinators.")
    found = run(text, organisations=[org("Regional Assembly of Northland", text, "Regional Assembly of Northland")])
    assert texts(found) == ["appoint prevention coordinators"]
    assert found[0].issuer == "Regional Assembly of Northland"
    assert found[0].addressee == "municipalities" and found[0].verb == "calls on"


@pytest.mark.parametrize(("sentence", "action", "addressee", "verb"), [
    ("At the meeting in Brussels, the ministers called on online platforms to remove terrorist content quickly.",
     "remove terrorist content quickly", "online platforms", "called on"),
    ("The forum urges governments to fund alternative narratives.", "fund alternative narratives", "governments",
     "urges"),
    ("Member States are encouraged to share good practice on exit work.", "share good practice on exit work",
     "Member States", "encouraged"),
    ("It is recommended that schools appoint a contact person for radicalisation concerns.",
     "appoint a contact person for radicalisation concerns", "schools", "recommended"),
    ("The mayors asked the government to give cities access to information on returnees.",
     "give cities access to information on returnees", "government", "asked"),
    ("The Board invited the Commission to map research on radicalisation.", "map research on radicalisation",
     "European Commission", "invited"),
    ("Les États sont, quant à eux, appelés à reconnaître le rôle des villes.", "reconnaître le rôle des villes",
     "States", "appelés"),
])
def test_inline_patterns(sentence: str, action: str, addressee: str, verb: str) -> None:
    language = "fr" if "États" in sentence else "en"
    found = run("News\n\n" + sentence, language)
    assert texts(found) == [action]
    assert found[0].addressee == addressee and found[0].verb == verb


def test_list_after_inline_call_with_addressee_per_item() -> None:
    found = run("Key demands\n\nThe associations call on:\n• Member States to set up a contact point for victims and "
                "to ensure psychological care;\n• the media to respect the dignity of victims and avoid "
                "publishing images of perpetrators.")
    assert texts(found) == ["set up a contact point for victims", "ensure psychological care",
                            "respect the dignity of victims", "avoid publishing images of perpetrators"]
    assert [r.addressee for r in found] == ["Member States", "Member States", "media", "media"]


def test_that_clauses_split_per_subject() -> None:
    found = run("News\n\nThe report recommends that Member States set up exit programmes and that the Commission "
                "fund independent research.")
    assert [(r.addressee, r.text) for r in found] == [("Member States", "set up exit programmes"),
                                                      ("European Commission", "fund independent research")]


# --- "X should Y" ----------------------------------------------------------------------------------


def test_should_with_actor_subject_splits_coordinated_actions() -> None:
    text = ("Congress adopts guidelines\n\nThe text adopted calls on European cities and regions to design "
            "multi-agency strategies. Local and regional authorities should also involve youth organisations and "
            "support exit programmes by allocating funds to relevant NGOs. This should become a regular budget line.")
    found = run(text)
    assert texts(found) == ["design multi-agency strategies", "involve youth organisations",
                            "support exit programmes by allocating funds to relevant NGOs",
                            "This should become a regular budget line"]
    assert [r.addressee for r in found] == ["European cities and regions", "local and regional authorities",
                                            "local and regional authorities", "local and regional authorities"]
    assert [r.strength for r in found] == ["strong", "weak", "weak", "weak"]


def test_purpose_and_participle_clauses_are_not_split() -> None:
    found = run("Aims\n\nCities should set up a support structure to connect services and to provide guidance. "
                "Schools should develop methods helping pupils resist propaganda and thereby reducing risk. "
                "Youth centres should run projects that counter hate and promote dialogue.")
    assert texts(found) == ["set up a support structure to connect services and to provide guidance",
                            "develop methods helping pupils resist propaganda and thereby reducing risk",
                            "run projects that counter hate and promote dialogue"]


def test_passive_conclusions_of_a_national_roundtable() -> None:
    text = ("Roundtable of the Maltese Platform against Extremism\n\nThe second roundtable was held in Valletta. "
            "The topic should not be reduced to religious extremism in order not to neglect other forms. The "
            "roundtable concluded that the awareness of schools should be further strengthened, the results of "
            "which are still limited to a few towns.")
    found = run(text)
    assert texts(found) == [
        "The topic should not be reduced to religious extremism in order not to neglect other forms",
        "the awareness of schools should be further strengthened"]
    assert {r.addressee for r in found} == {"Maltese authorities"}


def test_guideline_audience_is_the_default_addressee() -> None:
    found = run("Guidelines for youth workers on online extremism\n\n1. Concerns should be documented carefully.\n"
                "2. Youth workers should consult a supervisor before contacting the police.")
    assert [(r.addressee, r.text) for r in found] == [
        ("youth workers", "Concerns should be documented carefully"),
        ("Youth workers", "consult a supervisor before contacting the police")]


def test_should_in_french_and_german() -> None:
    found = run("Conclusions\n\nLes villes devraient associer les habitants à leur stratégie et évaluer leurs "
                "actions.", "fr")
    assert texts(found) == ["associer les habitants à leur stratégie", "évaluer leurs actions"]
    assert found[0].addressee == "cities" and found[0].verb == "devraient"
    found = run("Empfehlungen für Schulen\n\n1.1 Jede Schule sollte eine Ansprechperson benennen.\n"
                "1.2 Kontroverse Themen sollten im Unterricht nicht vermieden werden.", "de")
    assert [(r.addressee, r.text) for r in found] == [
        ("schools", "eine Ansprechperson benennen"),
        ("schools", "Kontroverse Themen sollten im Unterricht nicht vermieden werden")]


def test_reported_should_with_and_that() -> None:
    found = run("News in brief\n\nThe Estonian centre published its annual report. The report concludes that "
                "referral mechanisms should be extended to all regions and that funding should be planned over "
                "several years.")
    assert texts(found) == ["referral mechanisms should be extended to all regions",
                            "funding should be planned over several years"]
    assert {r.addressee for r in found} == {"Estonian authorities"}


# --- announced follow-up steps and nominal recommendations ---------------------------------------------


def test_announced_steps_and_nominal_recommendation() -> None:
    text = ("Expert panel completes its work\n\nIn 2019 the Commission set up the Expert Panel on Polarisation. "
            "Its final report presents recommendations to the Commission.\n\n"
            "The Commission welcomes the report and will follow up — in particular the recommendation to create "
            "a knowledge hub for practitioners — with these steps:\n"
            "• First, by setting up a coordination and support unit to connect projects and to share results.\n"
            "• Second, by convening a meeting of national coordinators before June.")
    orgs = [org("European Commission", text, "Commission"), org("Expert Panel on Polarisation", text,
                                                                  "Expert Panel on Polarisation")]
    found = run(text, organisations=orgs)
    assert texts(found) == ["create a knowledge hub for practitioners",
                            "setting up a coordination and support unit to connect projects and to share results",
                            "convening a meeting of national coordinators before June"]
    assert found[0].issuer == "Expert Panel on Polarisation" and found[0].addressee == "European Commission"
    assert [(r.issuer, r.addressee, r.verb) for r in found[1:]] == [
        ("European Commission", "European Commission", "will follow up")] * 2


def test_steps_stop_at_the_next_heading() -> None:
    found = run("Summary record\n\nThe Board agreed on the following follow-up steps:\n"
                "• First, the Commission will revise the work plan.\n"
                "• Second, the network of coordinators will hold a workshop on evaluation.\n"
                "3. Research and knowledge\n\nThe Commission presented research projects.")
    assert texts(found) == ["revise the work plan", "hold a workshop on evaluation"]
    assert found[0].addressee == "European Commission"


def test_wrapped_lines_and_addressee_asides() -> None:
    found = run("THE COUNCIL,\n\nNOTING the report;\n\n3. CALLS ON the Member States and the Commission, within "
                "their respective competences, to:\n(a) strengthen cooperation with civil society organisations "
                "working at\nlocal level;\n(b) support research on online radicalisation.")
    assert texts(found) == ["strengthen cooperation with civil society organisations working at\nlocal level",
                            "support research on online radicalisation"]
    assert {r.addressee for r in found} == {"Member States and European Commission"}
    found = run("Recommendations\n\nLocal authorities should\nset up multi-agency panels and involve schools.")
    assert texts(found) == ["set up multi-agency panels", "involve schools"]


# --- not recommendations -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Should you have any questions, please contact the secretariat.",
    "What should practitioners do when a pupil expresses extremist views?",
    "The project should have ended in 2019 but was extended.",
    "It should be noted that the figures are provisional.",
    "Participants should register before 1 May via the online form.",
    "Nominations should be sent to training@example.org before 1 August.",
    "The concept note describes how the guidelines should be applied by police.",
    "For schools, the question is when a concern should be shared and with whom.",
    "Participants discussed whether national action plans should include a gender perspective.",
    "This meeting will address the guidelines on how to prevent this form of attack and to share good practices.",
    "The seminar aims to:\n1. take stock of research on lone actors;\n2. identify safeguards.",
    "The foundation invites civil society organisations to apply for small grants.",
    "We invite you to join us in Vienna for the annual conference.",
    "The evaluation found that staff should have been trained earlier.",
    'The minister said: "We should all do more to protect young people online."',
    "The report presents a number of recommendations to the Commission, to address challenges such as:\n"
    "• radicalisation in prisons\n• online propaganda",
    "Aims\n• to encourage young people to take a second look before sharing content;",
    "Prison staff asked for support from outside the prison.",
    "A short paper with recommendations for Member States will be drafted after the seminar.",
    "Participants will be invited to present their projects and to share experiences.",
])
def test_not_recommendations(text: str) -> None:
    assert run("Notice\n\n" + text) == []


def test_headline_is_not_counted_twice() -> None:
    found = run("Council urges Member States to step up prevention\n\nBrussels, 3 May 2021 – The Council today "
                "urged Member States to step up prevention work in schools.")
    assert texts(found) == ["step up prevention work in schools"]
    assert found[0].issuer == "Council of the European Union"


# --- addressee normalisation, themes, robustness ------------------------------------------------------


@pytest.mark.parametrize(("raw", "language", "expected"), [
    ("THE MEMBER STATES", "en", "Member States"),
    ("EU Member States", "en", "Member States"),
    ("the governments of member States", "en", "Member States"),
    ("les États membres", "fr", "Member States"),
    ("die Mitgliedstaaten", "de", "Member States"),
    ("THE COMMISSION", "en", "European Commission"),
    ("la Commission", "fr", "European Commission"),
    ("Local and regional authorities", "en", "local and regional authorities"),
    ("civil society organisations", "en", "civil society"),
    ("online service providers", "en", "online platforms"),
    ("jede Schule", "de", "schools"),
    ("Prison administrations that wish to set up a scheme", "en", "Prison administrations"),
    ("the Member States, where appropriate", "en", "Member States"),
    ("prison and probation administrations", "en", "prison and probation administrations"),
    ("Officers assigned to community policing", "en", "Officers"),
    ("trained staff", "en", "trained staff"),
])
def test_canonical_addressee(raw: str, language: str, expected: str) -> None:
    assert canonical_addressee(raw, language) == expected


def test_themes_come_from_the_themes_module_when_present(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rec, "_ITEM_THEMES", [lambda text, language: ["exit"] if "exit" in text else []])
    found = run("News\n\nThe forum urges governments to fund exit programmes.")
    assert found[0].themes == ["exit"]
    monkeypatch.setattr(rec, "_ITEM_THEMES", [None])
    assert run("News\n\nThe forum urges governments to fund exit programmes.")[0].themes == []


@pytest.mark.parametrize("text", [
    "",
    "   \n\n  ",
    "word " * 100_000,
    "Member States should act now and support victims " * 5_000,
    "\x00\xff\x01binary\x02" * 20_000,
    "Государства-члены должны 各国应该 invites THE MEMBER STATES:\n• to act now;\n" * 500,
    "INVITES THE MEMBER STATES:\n" + "• to develop and support and ensure, and to share, the practice;\n" * 2000,
    ". " * 100_000,
    '"' * 100_000,
    "Cities should act. " * 5_000,
], ids=["empty", "blank", "one-long-line", "one-long-should-line", "binary", "mixed-scripts", "long-list", "dots",
        "quotes", "many-should"])
def test_bad_input_is_fast_and_never_raises(text: str) -> None:
    start = time.perf_counter()
    found = run(text, title="")
    assert time.perf_counter() - start < 5
    assert len(found) <= rec.MAX_RECOMMENDATIONS


# --- the seeds -----------------------------------------------------------------------------------------


def test_seeds_reach_the_targets(seeds: Path) -> None:
    from praxhub.extract.evaluation import containment, greedy, jaccard, norm
    from praxhub.ingest import parse_file

    gold_dir = seeds.parent.parent / "eval" / "dev"
    tp = n_pred = n_gold = ok = matched = 0
    for path in sorted(seeds.glob("*.txt")):
        gold_path = gold_dir / (path.stem + ".json")
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text())["recommendations"]
        parsed = parse_file(path, 10**8)[1]
        ctx = DocContext(text=parsed.text, language=parsed.language, title=parsed.title, published=parsed.published,
                         kind=parsed.kind, source=parsed.source_name)
        pred = [{"text": r.text, "addressee": r.addressee} for r in find_recommendations(ctx)]
        pairs = greedy(pred, gold, lambda p, g: max(jaccard(p["text"], g["text"]),
                                                     0.9 * containment(p["text"], g["text"])), 0.5)
        tp, n_pred, n_gold = tp + len(pairs), n_pred + len(pred), n_gold + len(gold)
        for p, g in pairs:
            matched += 1
            ok += norm(p["addressee"]) in {norm(g["addressee"])} | {norm(a) for a in g.get("addressee_aliases", [])}
    precision, recall = tp / n_pred, tp / n_gold
    assert 2 * precision * recall / (precision + recall) >= 0.9
    assert ok / matched >= 0.9
