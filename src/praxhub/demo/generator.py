"""Deterministic generator of realistic documents for benchmarks.

Documents are composed from two sources:

* sentence, bullet and heading pools read at import from the bundled demo corpus
  (``praxhub/demo/corpus``), with cities, years, some counts and organisations turned into slots;
* templates for the genres of the field (newsletters with event items, council conclusions,
  guidelines, press releases, event notices, practice descriptions, report summaries) with
  slots for dates in many notations, cities, organisations, topics and invented project names.

Text is made of whole natural sentences, so word frequencies follow the corpus's own Zipf-like
distribution (a rank-frequency slope of about -1.1); topics, cities and invented project and
organisation names (40,000 of them) are drawn with Zipf weights, which gives a long tail of rare
words that keeps growing with the collection, as in real collections.

Speed: about 5,500-6,000 documents of 5 kB per second on one core (`python -m praxhub.demo.generator
- 100000` prints the rate): slot-filled variants of the template sentences are made once per call of
generate_documents, so most sentences cost one random index.

Output depends only on ``seed``, ``target_chars`` and the document's position: the same call
always yields the same texts, and the first k documents of ``generate_documents(n)`` are the
documents of ``generate_documents(k)``. Nothing here is random in the cryptographic sense.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import importlib.resources
import itertools
import json
import os
import random
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

_T = TypeVar("_T")

__all__ = ["GeneratedDocument", "generate_documents", "write_documents"]

LANGUAGES = ("en", "fr", "de")
LANGUAGE_WEIGHTS = (0.7, 0.15, 0.15)
KINDS = ("newsletter", "conclusions", "guidelines", "press_release", "event_notice", "practice", "report")
KIND_WEIGHTS = (0.18, 0.12, 0.12, 0.16, 0.16, 0.18, 0.08)
_LANGUAGE_CW = list(itertools.accumulate(LANGUAGE_WEIGHTS))
_KIND_CW = list(itertools.accumulate(KIND_WEIGHTS))


@dataclass(frozen=True)
class GeneratedDocument:
    name: str        # e.g. "gen-000123.txt"
    text: str
    language: str    # ISO 639-1
    kind: str = "other"   # one of praxhub.ingest.model.KINDS
    title: str = ""       # the document's title, one of the first lines of `text`


# --------------------------------------------------------------------------------------------
# Vocabulary that is not taken from the corpus
# --------------------------------------------------------------------------------------------

# (English, French, German, ISO country)
CITIES: tuple[tuple[str, str, str, str], ...] = (
    ("Vienna", "Vienne", "Wien", "AT"), ("Graz", "Graz", "Graz", "AT"),
    ("Salzburg", "Salzbourg", "Salzburg", "AT"), ("Lisbon", "Lisbonne", "Lissabon", "PT"),
    ("Porto", "Porto", "Porto", "PT"), ("Sarajevo", "Sarajevo", "Sarajevo", "BA"),
    ("Tallinn", "Tallinn", "Tallinn", "EE"), ("Malmö", "Malmö", "Malmö", "SE"),
    ("Stockholm", "Stockholm", "Stockholm", "SE"), ("Gothenburg", "Göteborg", "Göteborg", "SE"),
    ("Lyon", "Lyon", "Lyon", "FR"), ("Marseille", "Marseille", "Marseille", "FR"),
    ("Bordeaux", "Bordeaux", "Bordeaux", "FR"), ("Strasbourg", "Strasbourg", "Straßburg", "FR"),
    ("Lille", "Lille", "Lille", "FR"), ("Nice", "Nice", "Nizza", "FR"),
    ("Rotterdam", "Rotterdam", "Rotterdam", "NL"), ("The Hague", "La Haye", "Den Haag", "NL"),
    ("Amsterdam", "Amsterdam", "Amsterdam", "NL"), ("Utrecht", "Utrecht", "Utrecht", "NL"),
    ("Prishtina", "Pristina", "Priština", "XK"), ("Tunis", "Tunis", "Tunis", "TN"),
    ("Brussels", "Bruxelles", "Brüssel", "BE"), ("Antwerp", "Anvers", "Antwerpen", "BE"),
    ("Liège", "Liège", "Lüttich", "BE"), ("Mechelen", "Malines", "Mecheln", "BE"),
    ("Berlin", "Berlin", "Berlin", "DE"), ("Hamburg", "Hambourg", "Hamburg", "DE"),
    ("Munich", "Munich", "München", "DE"), ("Cologne", "Cologne", "Köln", "DE"),
    ("Frankfurt", "Francfort", "Frankfurt am Main", "DE"), ("Bielefeld", "Bielefeld", "Bielefeld", "DE"),
    ("Dresden", "Dresde", "Dresden", "DE"), ("Zurich", "Zurich", "Zürich", "CH"),
    ("Geneva", "Genève", "Genf", "CH"), ("Bern", "Berne", "Bern", "CH"),
    ("Lausanne", "Lausanne", "Lausanne", "CH"), ("Copenhagen", "Copenhague", "Kopenhagen", "DK"),
    ("Aarhus", "Aarhus", "Aarhus", "DK"), ("Oslo", "Oslo", "Oslo", "NO"), ("Bergen", "Bergen", "Bergen", "NO"),
    ("Helsinki", "Helsinki", "Helsinki", "FI"), ("Tampere", "Tampere", "Tampere", "FI"),
    ("Riga", "Riga", "Riga", "LV"), ("Vilnius", "Vilnius", "Vilnius", "LT"),
    ("Warsaw", "Varsovie", "Warschau", "PL"), ("Gdańsk", "Gdańsk", "Danzig", "PL"),
    ("Prague", "Prague", "Prag", "CZ"), ("Bratislava", "Bratislava", "Bratislava", "SK"),
    ("Budapest", "Budapest", "Budapest", "HU"), ("Ljubljana", "Ljubljana", "Ljubljana", "SI"),
    ("Zagreb", "Zagreb", "Zagreb", "HR"), ("Belgrade", "Belgrade", "Belgrad", "RS"),
    ("Novi Sad", "Novi Sad", "Novi Sad", "RS"), ("Skopje", "Skopje", "Skopje", "MK"),
    ("Tirana", "Tirana", "Tirana", "AL"), ("Podgorica", "Podgorica", "Podgorica", "ME"),
    ("Athens", "Athènes", "Athen", "GR"), ("Thessaloniki", "Thessalonique", "Thessaloniki", "GR"),
    ("Nicosia", "Nicosie", "Nikosia", "CY"), ("Rome", "Rome", "Rom", "IT"),
    ("Naples", "Naples", "Neapel", "IT"), ("Turin", "Turin", "Turin", "IT"),
    ("Milan", "Milan", "Mailand", "IT"), ("Madrid", "Madrid", "Madrid", "ES"),
    ("Barcelona", "Barcelone", "Barcelona", "ES"), ("Seville", "Séville", "Sevilla", "ES"),
    ("Dublin", "Dublin", "Dublin", "IE"), ("Luxembourg", "Luxembourg", "Luxemburg", "LU"),
    ("Bucharest", "Bucarest", "Bukarest", "RO"), ("Sofia", "Sofia", "Sofia", "BG"),
    ("Chisinau", "Chisinau", "Chișinău", "MD"), ("Kyiv", "Kiev", "Kyjiw", "UA"),
    ("Tbilisi", "Tbilissi", "Tiflis", "GE"), ("Rabat", "Rabat", "Rabat", "MA"),
    ("Amman", "Amman", "Amman", "JO"), ("Beirut", "Beyrouth", "Beirut", "LB"),
    ("Algiers", "Alger", "Algier", "DZ"), ("Valletta", "La Valette", "Valletta", "MT"),
)

COUNTRIES: dict[str, tuple[str, str, str]] = {
    "AT": ("Austria", "Autriche", "Österreich"), "PT": ("Portugal", "Portugal", "Portugal"),
    "BA": ("Bosnia and Herzegovina", "Bosnie-Herzégovine", "Bosnien und Herzegowina"),
    "EE": ("Estonia", "Estonie", "Estland"), "SE": ("Sweden", "Suède", "Schweden"),
    "FR": ("France", "France", "Frankreich"), "NL": ("the Netherlands", "Pays-Bas", "den Niederlanden"),
    "XK": ("Kosovo", "Kosovo", "Kosovo"), "TN": ("Tunisia", "Tunisie", "Tunesien"),
    "BE": ("Belgium", "Belgique", "Belgien"), "DE": ("Germany", "Allemagne", "Deutschland"),
    "CH": ("Switzerland", "Suisse", "der Schweiz"), "DK": ("Denmark", "Danemark", "Dänemark"),
    "NO": ("Norway", "Norvège", "Norwegen"), "FI": ("Finland", "Finlande", "Finnland"),
    "LV": ("Latvia", "Lettonie", "Lettland"), "LT": ("Lithuania", "Lituanie", "Litauen"),
    "PL": ("Poland", "Pologne", "Polen"), "CZ": ("Czechia", "Tchéquie", "Tschechien"),
    "SK": ("Slovakia", "Slovaquie", "der Slowakei"), "HU": ("Hungary", "Hongrie", "Ungarn"),
    "SI": ("Slovenia", "Slovénie", "Slowenien"), "HR": ("Croatia", "Croatie", "Kroatien"),
    "RS": ("Serbia", "Serbie", "Serbien"), "MK": ("North Macedonia", "Macédoine du Nord", "Nordmazedonien"),
    "AL": ("Albania", "Albanie", "Albanien"), "ME": ("Montenegro", "Monténégro", "Montenegro"),
    "GR": ("Greece", "Grèce", "Griechenland"), "CY": ("Cyprus", "Chypre", "Zypern"),
    "IT": ("Italy", "Italie", "Italien"), "ES": ("Spain", "Espagne", "Spanien"),
    "IE": ("Ireland", "Irlande", "Irland"), "LU": ("Luxembourg", "Luxembourg", "Luxemburg"),
    "RO": ("Romania", "Roumanie", "Rumänien"), "BG": ("Bulgaria", "Bulgarie", "Bulgarien"),
    "MD": ("Moldova", "Moldavie", "Moldau"), "UA": ("Ukraine", "Ukraine", "der Ukraine"),
    "GE": ("Georgia", "Géorgie", "Georgien"), "MA": ("Morocco", "Maroc", "Marokko"),
    "JO": ("Jordan", "Jordanie", "Jordanien"), "LB": ("Lebanon", "Liban", "dem Libanon"),
    "DZ": ("Algeria", "Algérie", "Algerien"), "MT": ("Malta", "Malte", "Malta"),
}

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"),
}
WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
}

ORGANISATIONS = {
    "en": (
        "the Radicalisation Awareness Network (RAN)", "the European Forum for Urban Security (Efus)",
        "the Strong Cities Network", "the OSCE", "the OSCE Transnational Threats Department",
        "the United Nations Office on Drugs and Crime (UNODC)", "the Council of Europe", "Europol",
        "the European Commission", "the Regional Cooperation Council", "the International Organization "
        "for Migration (IOM)", "the European Organisation of Prison and Correctional Services (EuroPris)",
        "the Confederation of European Probation (CEP)", "the EU Counter-Terrorism Coordinator",
        "the Congress of Local and Regional Authorities", "the European Union Agency for Fundamental Rights",
        "the Global Counterterrorism Forum", "the Hedayah Center", "the Institute for Strategic Dialogue",
        "UNICEF", "the United Nations Development Programme (UNDP)", "the EU Centre of Expertise for "
        "Victims of Terrorism", "CEPOL", "Eurojust", "the Geneva Centre for Security Sector Governance (DCAF)",
    ),
    "fr": (
        "le Réseau de sensibilisation à la radicalisation (RAN)", "le Forum européen pour la sécurité "
        "urbaine (Efus)", "le Forum français pour la sécurité urbaine", "l'OSCE", "l'Office des Nations Unies "
        "contre la drogue et le crime (ONUDC)", "le Conseil de l'Europe", "Europol", "la Commission européenne",
        "le Comité interministériel de prévention de la délinquance et de la radicalisation",
        "le Congrès des pouvoirs locaux et régionaux", "l'Organisation internationale pour les migrations",
        "le réseau des villes fortes (Strong Cities Network)", "l'Agence des droits fondamentaux de l'UE",
        "l'Unicef", "le Programme des Nations Unies pour le développement",
    ),
    "de": (
        "das Radicalisation Awareness Network (RAN)", "das Europäische Forum für urbane Sicherheit (Efus)",
        "die OSZE", "das Büro der Vereinten Nationen für Drogen- und Verbrechensbekämpfung (UNODC)",
        "der Europarat", "Europol", "die Europäische Kommission", "die Bundeszentrale für politische Bildung",
        "das Bundesamt für Migration und Flüchtlinge", "das Bundeskriminalamt", "der Sicherheitsverbund Schweiz",
        "das Bundesweite Netzwerk Extremismusprävention und Deradikalisierung", "die Bundesarbeitsgemeinschaft "
        "religiös begründeter Extremismus", "das Landeskriminalamt", "der Verein Neustart",
        "die Deutsche Hochschule der Polizei",
    ),
}

# Ministries are built for the event's country.
MINISTRIES = {
    "en": ("the Ministry of the Interior of {country}", "the Ministry of Justice of {country}",
           "the Ministry of Education of {country}", "the Ministry of Social Affairs of {country}",
           "the National Police of {country}", "the Prison Service of {country}",
           "the National Coordinator for Countering Violent Extremism of {country}"),
    "fr": ("le ministère de l'Intérieur ({country})", "le ministère de la Justice ({country})",
           "le ministère de l'Éducation ({country})", "la police nationale ({country})",
           "l'administration pénitentiaire ({country})"),
    "de": ("das Innenministerium ({country})", "das Justizministerium ({country})",
           "das Bildungsministerium ({country})", "die Polizei ({country})", "der Justizvollzug ({country})"),
}

NGO_PATTERNS = {
    "en": ("the {name} Foundation", "the {name} Institute for Social Cohesion", "the {name} Centre for Civic "
           "Education", "{name}, a non-profit organisation", "the {name} Youth Network", "the {name} Initiative",
           "the {name} Association of Families", "the {name} Research Centre"),
    "fr": ("l'association {name}", "la fondation {name}", "le centre {name} pour la citoyenneté",
           "le collectif {name}", "l'institut {name}"),
    "de": ("der Verein {name} e.V.", "die Stiftung {name}", "das Institut {name}", "die Fachstelle {name}",
           "das Netzwerk {name}"),
}

PROJECT_PATTERNS = {
    "en": ("{name}", "Project {name}", "{name} Pathways", "{name} Mentoring", "Bridges {name}", "{name} Voices"),
    "fr": ("{name}", "projet {name}", "dispositif {name}", "programme {name}"),
    "de": ("{name}", "Projekt {name}", "Programm {name}", "{name}-Netzwerk"),
}

# (bare noun, with indefinite article, with definite article, German dative indefinite)
EVENT_KINDS = {
    "en": (("conference", "a conference", "the conference", ""), ("workshop", "a workshop", "the workshop", ""),
           ("seminar", "a seminar", "the seminar", ""), ("roundtable", "a roundtable", "the roundtable", ""),
           ("training course", "a training course", "the training course", ""),
           ("expert meeting", "an expert meeting", "the expert meeting", ""),
           ("study visit", "a study visit", "the study visit", ""), ("webinar", "a webinar", "the webinar", ""),
           ("summer school", "a summer school", "the summer school", ""),
           ("working group meeting", "a working group meeting", "the working group meeting", ""),
           ("regional meeting", "a regional meeting", "the regional meeting", ""),
           ("high-level conference", "a high-level conference", "the high-level conference", "")),
    "fr": (("conférence", "une conférence", "la conférence", ""), ("atelier", "un atelier", "l'atelier", ""),
           ("séminaire", "un séminaire", "le séminaire", ""), ("table ronde", "une table ronde", "la table ronde", ""),
           ("formation", "une formation", "la formation", ""),
           ("réunion d'experts", "une réunion d'experts", "la réunion d'experts", ""),
           ("visite d'étude", "une visite d'étude", "la visite d'étude", ""),
           ("webinaire", "un webinaire", "le webinaire", ""), ("journée d'étude", "une journée d'étude",
                                                                  "la journée d'étude", "")),
    "de": (("Konferenz", "eine Konferenz", "die Konferenz", "einer Konferenz"),
           ("Workshop", "einen Workshop", "der Workshop", "einem Workshop"),
           ("Fachtag", "einen Fachtag", "der Fachtag", "einem Fachtag"),
           ("Fachtagung", "eine Fachtagung", "die Fachtagung", "einer Fachtagung"),
           ("Seminar", "ein Seminar", "das Seminar", "einem Seminar"),
           ("Runder Tisch", "einen Runden Tisch", "der Runde Tisch", "einem Runden Tisch"),
           ("Fortbildung", "eine Fortbildung", "die Fortbildung", "einer Fortbildung"),
           ("Expertentreffen", "ein Expertentreffen", "das Expertentreffen", "einem Expertentreffen"),
           ("Online-Seminar", "ein Online-Seminar", "das Online-Seminar", "einem Online-Seminar"),
           ("Netzwerktreffen", "ein Netzwerktreffen", "das Netzwerktreffen", "einem Netzwerktreffen")),
}

TOPICS = {
    "en": (
        "radicalisation in prisons and during probation", "the reintegration of violent extremist offenders",
        "online propaganda and terrorist content", "alternative and counter-narratives",
        "strategic communication after attacks", "resilience education in schools", "support for families",
        "youth work and the prevention of violent extremism", "multi-agency cooperation at local level",
        "exit and disengagement programmes", "community policing and trust", "the early detection of "
        "radicalisation", "the prosecution of terrorist offences", "mental health and violent extremism",
        "the return of foreign terrorist fighters and their families", "children returning from conflict zones",
        "polarisation and hate speech", "right-wing extremism", "conspiracy narratives", "support for victims "
        "of terrorism", "countering the financing of terrorism", "lone actors and mixed ideologies",
        "human rights in counter-terrorism", "cross-border cooperation", "the training of first-line "
        "practitioners", "the evaluation of prevention programmes", "gaming platforms and extremism",
        "gender and violent extremism", "radicalisation among minors", "the role of religious communities",
        "local prevention plans", "risk assessment tools", "information sharing between agencies",
        "the protection of public spaces", "disinformation and polarisation", "sport and prevention",
        "anti-government extremism", "the role of mayors in prevention", "peer mentoring",
        "media literacy for young people",
    ),
    "fr": (
        "la radicalisation en milieu carcéral", "la réinsertion des personnes radicalisées",
        "la propagande en ligne", "les contre-discours et les discours alternatifs", "l'éducation à l'esprit "
        "critique", "le soutien aux familles", "la prévention au niveau local", "le désengagement de la violence",
        "la police de proximité", "la santé mentale et la radicalisation", "le retour des enfants des zones "
        "de conflit", "la polarisation et les discours de haine", "l'extrême droite violente", "les théories "
        "du complot", "l'aide aux victimes du terrorisme", "le financement du terrorisme", "les acteurs isolés",
        "les droits humains dans la lutte contre le terrorisme", "la coopération transfrontalière",
        "la formation des professionnels de première ligne", "l'évaluation des actions de prévention",
        "le rôle des maires", "la médiation sociale", "l'éducation aux médias",
    ),
    "de": (
        "Radikalisierung im Justizvollzug", "Wiedereingliederung extremistischer Straftäter",
        "Online-Propaganda", "Gegen-Narrative und alternative Narrative", "Demokratiebildung in der Schule",
        "Angehörigenberatung", "kommunale Prävention", "Ausstiegsarbeit", "bürgernahe Polizeiarbeit",
        "psychische Gesundheit und Extremismus", "Rückkehrerinnen und Rückkehrer aus Syrien und dem Irak",
        "Kinder aus Konfliktgebieten", "Polarisierung und Hassrede", "Rechtsextremismus",
        "Verschwörungserzählungen", "Opferschutz", "Terrorismusfinanzierung", "Einzeltäter",
        "Menschenrechte in der Terrorismusbekämpfung", "grenzüberschreitende Zusammenarbeit",
        "Fortbildung von Fachkräften", "Evaluation von Präventionsprojekten", "Medienkompetenz",
        "islamistischer Extremismus", "digitale Jugendarbeit",
    ),
}

ACTORS = {
    "en": ("Member States", "local authorities", "municipalities", "schools", "teachers",
           "prison administrations", "probation services", "police services", "online platforms",
           "civil society organisations", "youth workers", "social services", "health professionals",
           "national coordinators", "cities", "prosecutors", "funders", "researchers"),
    "fr": ("les États membres", "les collectivités locales", "les établissements scolaires", "les enseignants",
           "les administrations pénitentiaires", "les services de probation", "les services de police",
           "les plateformes en ligne", "les associations", "les travailleurs sociaux", "les professionnels de "
           "santé", "les villes", "les magistrats"),
    "de": ("die Mitgliedstaaten", "die Kommunen", "Schulen", "Lehrkräfte", "die Justizvollzugsanstalten",
           "die Bewährungshelferinnen und Bewährungshelfer", "die Polizeibehörden", "Online-Plattformen",
           "zivilgesellschaftliche Träger", "Fachkräfte der Jugendarbeit", "die Sozialen Dienste",
           "Beratungsstellen", "die Länder"),
}

# Complete action phrases: "to <action>" (en), "à <action>" (fr), "<action>" (de, used with "sollten").
ACTIONS = {
    "en": (
        "strengthen multi-agency cooperation between schools, social services, health services and police",
        "set up local panels to discuss individual cases of concern", "train first-line practitioners to "
        "recognise signs of radicalisation", "support families of young people at risk",
        "invest in long-term funding for civil society partners", "develop exit programmes that address "
        "housing, employment and identity", "ensure continuity of support between prison and probation",
        "evaluate prevention programmes and publish the results", "share good practices through European "
        "networks", "involve young people in the design of prevention policies", "promote media literacy "
        "and critical thinking in schools", "respond quickly to hate crimes and support the victims",
        "designate a single contact point for victims of terrorism", "remove terrorist content within one "
        "hour of a referral", "publish transparency reports on content moderation", "support credible "
        "alternative narratives produced by civil society", "carry out individual risk and needs assessments "
        "of terrorist offenders", "prepare the release of offenders through multi-agency case conferences",
        "protect the non-profit sector from abuse without hampering its work", "apply a risk-based approach "
        "to the financing of terrorism", "give special attention to children returning from conflict zones",
        "appoint a lead agency and a case manager for every returning child", "guarantee that preventive "
        "measures respect fundamental rights", "establish a clear legal basis for information sharing",
        "provide mental health expertise to multi-agency panels", "build trust between the police and "
        "communities", "address all forms of violent extremism, including right-wing extremism",
        "map existing research and translate it into practical guidance", "develop indicators for the "
        "evaluation of local prevention work", "encourage peer reviews between cities",
        "involve survivors of terrorism in school programmes", "offer counselling to relatives in their own "
        "language", "integrate prevention into youth, education and social cohesion policies",
        "maintain a shared situational picture of local risks", "train prison staff, chaplains and "
        "healthcare personnel", "increase cooperation with countries of the Western Balkans",
        "support research on lone actors and mixed ideologies", "develop a crisis protocol for viral "
        "terrorist content", "ensure that youth work keeps its independence", "strengthen judicial "
        "cooperation in terrorism cases",
    ),
    "fr": (
        "renforcer la coopération entre l'école, les services sociaux, la santé et la police",
        "mettre en place des cellules locales de suivi", "former les professionnels de première ligne",
        "soutenir les familles des jeunes en voie de radicalisation", "garantir un financement stable aux "
        "associations", "développer des programmes de désengagement", "assurer la continuité du suivi entre "
        "la détention et la probation", "évaluer les actions de prévention et en publier les résultats",
        "partager les bonnes pratiques au sein des réseaux européens", "associer les jeunes à la conception "
        "des politiques de prévention", "promouvoir l'éducation aux médias et à l'esprit critique",
        "réagir rapidement aux crimes de haine", "désigner un interlocuteur unique pour les victimes",
        "respecter les droits fondamentaux dans toute mesure de prévention", "clarifier le cadre juridique "
        "de l'échange d'informations", "associer les collectivités locales aux stratégies nationales",
        "soutenir les contre-discours produits par la société civile", "prendre en charge les enfants de "
        "retour des zones de conflit", "lutter contre toutes les formes d'extrémisme violent",
        "développer des indicateurs d'évaluation",
    ),
    "de": (
        "die Zusammenarbeit von Schule, Jugendhilfe, Gesundheitswesen und Polizei stärken",
        "kommunale Fallkonferenzen einrichten", "Fachkräfte regelmäßig fortbilden", "Angehörige frühzeitig "
        "beraten und entlasten", "zivilgesellschaftliche Träger langfristig finanzieren",
        "Ausstiegsangebote ausbauen", "die Übergänge zwischen Haft und Bewährungshilfe sichern",
        "Präventionsprojekte evaluieren und die Ergebnisse veröffentlichen", "gute Praxis europaweit "
        "austauschen", "junge Menschen an der Gestaltung von Präventionsangeboten beteiligen",
        "Medienkompetenz und kritisches Denken fördern", "schnell auf Hasskriminalität reagieren",
        "klare Regeln für den Informationsaustausch festlegen", "die Grundrechte bei allen Maßnahmen "
        "achten", "alle Formen des Extremismus in den Blick nehmen", "digitale Beratungsangebote ausbauen",
        "Kinder aus Konfliktgebieten kindgerecht begleiten", "die Opfer von Terroranschlägen dauerhaft "
        "unterstützen",
    ),
}

MODIFIERS = {
    "en": ("", "", "", " in full respect of fundamental rights", " in cooperation with civil society",
           " at national, regional and local level", ", where appropriate", " on a long-term basis",
           " with particular attention to young people", " in line with data protection law",
           " through the Radicalisation Awareness Network", " across all relevant policy areas"),
    "fr": ("", "", "", " dans le respect des droits fondamentaux", " en lien avec la société civile",
           " aux niveaux national, régional et local", ", le cas échéant", " dans la durée"),
    "de": ("", "", "", " unter Wahrung der Grundrechte", " gemeinsam mit der Zivilgesellschaft",
           " auf allen staatlichen Ebenen", " nachhaltig", " im Rahmen des Datenschutzes"),
}

ROLES = {
    "en": ("the rapporteur", "the project coordinator", "the Executive Director", "the Mayor",
           "the chair of the working group", "the Head of Mission", "the Commissioner for Home Affairs",
           "the Secretary General", "a spokesperson for the network", "the Minister of the Interior"),
    "fr": ("le rapporteur", "la coordinatrice du projet", "le directeur exécutif", "la maire",
           "le président du groupe de travail", "la secrétaire générale", "une porte-parole du réseau"),
    "de": ("die Projektkoordinatorin", "der Geschäftsführer", "die Bürgermeisterin", "der Vorsitzende des "
           "Netzwerks", "die Staatssekretärin", "ein Sprecher des Ministeriums"),
}

OPERATIVE_HEADS = {
    "en": ("INVITES THE MEMBER STATES:", "INVITES THE COMMISSION:", "CALLS ON THE MEMBER STATES:",
           "URGES LOCAL AND REGIONAL AUTHORITIES:", "ENCOURAGES CIVIL SOCIETY ORGANISATIONS:",
           "CALLS ON ONLINE SERVICE PROVIDERS:", "INVITES PRISON AND PROBATION ADMINISTRATIONS:",
           "ENCOURAGES THE MEMBER STATES AND THE COMMISSION:", "INVITES EUROPOL AND EUROJUST:"),
    "fr": ("INVITE LES ÉTATS MEMBRES :", "INVITE LA COMMISSION :", "APPELLE LES COLLECTIVITÉS LOCALES :",
           "ENCOURAGE LA SOCIÉTÉ CIVILE :", "DEMANDE INSTAMMENT AUX PLATEFORMES EN LIGNE :"),
    "de": ("ERSUCHT DIE MITGLIEDSTAATEN,", "ERSUCHT DIE KOMMISSION,", "FORDERT DIE KOMMUNEN AUF,",
           "ERMUTIGT DIE ZIVILGESELLSCHAFT,"),
}
RECITALS = {
    "en": ("RECALLING that", "UNDERLINING that", "BEARING IN MIND that", "RECOGNISING that",
           "ACKNOWLEDGING that", "NOTING WITH CONCERN that", "CONSCIOUS that", "STRESSING that",
           "CONVINCED that", "WELCOMING the fact that"),
    "fr": ("RAPPELANT que", "SOULIGNANT que", "CONSCIENT que", "RECONNAISSANT que", "PRENANT NOTE de ce que",
           "AYANT À L'ESPRIT que", "CONVAINCU que"),
    # German recitals are followed by a whole sentence (verb-second order does not fit after "dass").
    "de": ("UNTER HINWEIS AUF FOLGENDE FESTSTELLUNG:", "IN DEM BEWUSSTSEIN:", "IN ANERKENNUNG FOLGENDER "
           "TATSACHE:", "UNTER BETONUNG FOLGENDEN PUNKTES:", "IN DER ÜBERZEUGUNG:"),
}

SECTION_HEADS = {
    "en": {"target": "Target groups", "aims": "Aims", "methods": "Methods", "evaluation": "Evaluation",
           "lessons": "Lessons learned", "background": "Background", "objectives": "Objectives",
           "format": "Format", "practical": "Practical information", "findings": "Main findings",
           "recommendations": "Recommendations", "context": "Context", "news": "News in brief"},
    "fr": {"target": "Publics cibles", "aims": "Objectifs", "methods": "Méthodes", "evaluation": "Évaluation",
           "lessons": "Enseignements", "background": "Contexte", "objectives": "Objectifs",
           "format": "Déroulement", "practical": "Informations pratiques", "findings": "Principaux constats",
           "recommendations": "Recommandations", "context": "Contexte", "news": "En bref"},
    "de": {"target": "Zielgruppen", "aims": "Ziele", "methods": "Methoden", "evaluation": "Evaluation",
           "lessons": "Erkenntnisse", "background": "Hintergrund", "objectives": "Ziele der Veranstaltung",
           "format": "Ablauf", "practical": "Organisatorisches", "findings": "Zentrale Ergebnisse",
           "recommendations": "Empfehlungen", "context": "Ausgangslage", "news": "Kurz notiert"},
}

TARGET_GROUPS = {
    "en": ("young people aged 14 to 25", "pupils in lower secondary schools", "parents and relatives",
           "detainees convicted of terrorist offences", "persons on probation", "returning women and children",
           "teachers and school psychologists", "youth workers", "police officers", "social workers",
           "local policy makers", "religious and community leaders", "online audiences aged 13 to 19",
           "victims and survivors of attacks", "prison officers and chaplains"),
    "fr": ("les jeunes de 14 à 25 ans", "les collégiens", "les parents et les proches", "les personnes "
           "détenues pour terrorisme", "les personnes placées sous main de justice", "les enseignants",
           "les animateurs et éducateurs", "les travailleurs sociaux", "les élus locaux", "les victimes"),
    "de": ("Jugendliche zwischen 14 und 25 Jahren", "Schülerinnen und Schüler", "Eltern und Angehörige",
           "Inhaftierte mit extremistischem Hintergrund", "Fachkräfte der Jugendhilfe", "Lehrkräfte",
           "Bewährungshelferinnen und Bewährungshelfer", "Polizeibeamtinnen und Polizeibeamte",
           "kommunale Verantwortliche", "Betroffene von Hasskriminalität"),
}

NEWSLETTER_NAMES = {
    "en": ("P/CVE Regional Bulletin", "Prevention Practice Update", "Local Prevention Newsletter",
           "Research & Practice Digest", "Network News", "First-Line Monitor", "Cities Against Hate Update"),
    "fr": ("Lettre d'information du réseau", "La lettre de la prévention", "Bulletin des villes",
           "L'actualité de la prévention"),
    "de": ("Präventionsbrief", "Newsletter Extremismusprävention", "Netzwerk-Info", "Praxisbrief"),
}

FILLERS = {
    "en": ("For more information, please visit the organisers' website.", "Participation is by invitation "
           "only.", "Registration is free of charge but mandatory.", "The working language will be English.",
           "Interpretation will be provided.", "The event will be held under the Chatham House Rule.",
           "A report of the discussions will be published afterwards."),
    "fr": ("Pour plus d'informations, consultez le site des organisateurs.", "Participation sur invitation.",
           "Inscription gratuite mais obligatoire.", "Une interprétation simultanée sera assurée.",
           "Un compte rendu sera publié à l'issue de la rencontre."),
    "de": ("Weitere Informationen finden Sie auf der Website der Veranstalter.", "Die Teilnahme ist "
           "kostenlos, eine Anmeldung ist erforderlich.", "Die Veranstaltung wird als Fortbildung anerkannt.",
           "Eine Dokumentation erscheint im Anschluss."),
}

# Event announcements. Slots are filled per event item from a lazily populated context.
EVENT_SENTENCES = {
    "en": (
        "{Date_lead}, {org} will hold {kind_a} in {city} on {topic}.",
        "{Date_lead}, {org} is organising {kind_a} on {topic} in {city}, {country}.",
        "{Org} and {org2} are co-hosting {kind_a} on {topic} {date_mid} in {city}.",
        "{City} will host {kind_a} on {topic} {date_mid}, jointly organised by {org} and {ministry}.",
        "{Org} invites practitioners to {kind_a} on {topic}, to be held in {city} {date_mid}.",
        "{Kind_the} on {topic} will take place {date_mid} in {city}, at the invitation of {ministry}.",
        "{Date_lead}, {ngo} and {org} bring together practitioners from {n} countries in {city} for "
        "{kind_a} on {topic}.",
        "{Org} will convene {kind_a} {date_mid}, online, to discuss {topic}.",
        "{Ministry} and {ngo} will run {kind_a} in {city} {date_mid} for practitioners working on {topic}.",
        "A follow-up {kind} on {topic} will be convened by {org} {date_planned}, venue to be confirmed.",
    ),
    "fr": (
        "{Date_lead}, {org} organise à {city} {kind_a} sur {topic}.",
        "{Org} et {org2} réunissent {date_mid} à {city} ({country}) une centaine de praticiens pour "
        "{kind_a} sur {topic}.",
        "{Kind_the} sur {topic} se tiendra {date_mid} à {city}, à l'invitation de {ministry}.",
        "{Date_lead}, {ngo} propose à {city} {kind_a} destiné aux professionnels travaillant sur {topic}.",
        "{Org} organisera {date_mid} {kind_a} en ligne sur {topic}.",
    ),
    "de": (
        "{Date_lead} veranstaltet {org} in {city} {kind_a} zum Thema {topic}.",
        "{Org} lädt {date_mid} zu {kind_dat} nach {city} ein; im Mittelpunkt steht {topic}.",
        "{Kind_the} zum Thema {topic} findet {date_mid} in {city} ({country}) statt.",
        "{Org} und {ngo} laden {date_mid} zu {kind_dat} über {topic} ein, diesmal online.",
        "{Date_lead} bietet {ministry} in {city} {kind_a} für Fachkräfte an, die zum Thema {topic} arbeiten.",
    ),
}

CONCLUSIONS_TITLES = (
    "Council conclusions on {topic}", "Council conclusions on {topic} and {topic2}",
    "Council conclusions on the role of {actor} in {topic}", "Council conclusions on {topic} – {year} review",
    "Declaration of {city} on {topic}", "Conclusions of the {Nth} ministerial meeting on {topic}",
    "Resolution on {topic} adopted by {org_short} in {year}",
)

AMOUNTS = {
    "en": ("EUR 250 000", "EUR 1.2 million", "EUR 600 000", "EUR 3 million", "EUR 80 000", "EUR 4.5 million"),
    "fr": ("250 000", "1,2 million d'", "600 000", "3 millions d'", "80 000"),
    "de": ("250 000", "1,2 Millionen", "600 000", "3 Millionen", "80 000"),
}

# Sentences written for the generator; mixed with the corpus's own sentences.
GENERIC_SENTENCES = {
    "en": (
        "{Org} presented the results of {project}, which has worked with {target} in {city} since {year}.",
        "In {country}, {n} municipalities have adopted a local plan on {topic}.",
        "{Actor} reported that {topic} remains a priority, but that funding is often limited to short projects.",
        "According to {ngo}, {nn} % of the young people surveyed had come across extremist content online in "
        "the past year.",
        "Participants stressed that {actor} should {action}.",
        "A pilot of {project} in {city} showed that early contact with {target} reduces the need for security "
        "measures.",
        "The network now counts members in {n} countries, from {city} to {city2}.",
        "{Org} announced a new call for projects on {topic}, with a budget of {amount}.",
        "The evaluation of {project} was carried out by a university team in {city} between {year} and {year2}.",
        "Representatives of {org} and {org2} discussed how to improve {topic} in the region.",
        "{Role} underlined that prevention must respect fundamental rights and must not stigmatise any "
        "community.",
        "Experience from {city} shows that trust between the police and {target} is built over years, not weeks.",
        "The handbook published by {ngo} in {year} offers practical exercises on {topic}.",
        "Several speakers warned that {topic} is too often addressed as a security issue alone.",
        "{Num} cases were discussed by the local panel in {city} in {year}, most of them referred by schools and "
        "youth services.",
        "The team behind {project} will present its findings at {kind_a} in {city2}.",
        "Since {year}, {ngo} has trained more than {nnn} practitioners in {country}.",
        "A working group on {topic} was set up under {org} in {year}.",
        "The study, covering {n} countries, found wide differences in how {actor} approach {topic}.",
        "Further information on {project} is available from {ngo}.",
        "{Ministry} has committed to {action} by {year2}.",
        "Practitioners from {city} and {city2} described how {target} can be reached through sport, music and "
        "neighbourhood activities.",
        "The discussion on {topic} showed that {actor} and {actor2} still rarely share information.",
        "An online survey among {nnn} {target} in {country} was launched in {year}.",
    ),
    "fr": (
        "{Org} a présenté les résultats de l'initiative {name}, menée à {city} depuis {year}.",
        "À {city}, {n} associations ont adopté une charte commune consacrée à {topic}.",
        "Les participants ont souligné que {actor} devraient {action}.",
        "Selon {ngo}, {nn} % des jeunes interrogés disent avoir déjà vu des contenus extrémistes en ligne.",
        "{Role} a rappelé que la prévention doit respecter les droits fondamentaux et ne stigmatiser aucune "
        "communauté.",
        "L'évaluation de l'initiative {name} a été confiée à une équipe universitaire de {city}.",
        "Depuis {year}, {ngo} a formé plus de {nnn} professionnels à {topic}.",
        "Un groupe de travail consacré à {topic} a été créé en {year}.",
        "{Org} lance un appel à projets sur {topic}, doté de {amount} euros.",
        "Plusieurs intervenants ont regretté que la question de {topic} soit trop souvent abordée sous le seul "
        "angle sécuritaire.",
        "Des praticiens venus de {city} et de {city2} ont décrit leur travail auprès de {target}.",
        "Le réseau compte désormais des membres dans {n} pays.",
    ),
    "de": (
        "{Org} stellte die Ergebnisse des Projekts {name} vor, das seit {year} in {city} arbeitet.",
        "In {city} haben sich {n} Träger zu einem Netzwerk zum Thema {topic} zusammengeschlossen.",
        "Die Teilnehmenden betonten, dass {actor} {action} sollten.",
        "Eine Befragung zeigt, dass {nn} Prozent der Jugendlichen bereits extremistische Inhalte im Netz gesehen "
        "haben.",
        "{Role} betonte, dass Prävention die Grundrechte achten und niemanden stigmatisieren dürfe.",
        "Seit {year} wurden im Rahmen des Programms {name} mehr als {nnn} Fachkräfte fortgebildet.",
        "Die Evaluation des Projekts {name} übernahm ein Team einer Hochschule in {city}.",
        "{Org} kündigte einen neuen Förderaufruf zum Thema {topic} mit einem Volumen von {amount} Euro an.",
        "Mehrere Fachleute kritisierten, dass {topic} zu oft allein als Sicherheitsfrage behandelt werde.",
        "Im Jahr {year} wurden in {city} {num} Fälle in der kommunalen Fallkonferenz besprochen.",
        "Fachkräfte aus {city} und {city2} berichteten über ihre Arbeit mit {target_dat}.",
        "Das Netzwerk hat inzwischen Mitglieder in {n} Ländern.",
    ),
}

EVENT_TITLES = {
    "en": ("{Nth} {kind_cap} on {topic}", "{Kind_cap} on {topic} ({city}, {year})",
           "{City} {kind_cap}: {topic_cap}", "{Topic_cap} – {kind} of {org_short}, {year}",
           "{Year} {org_short} {kind_cap} on {topic}", "Regional {kind} on {topic} in {city}",
           "{Kind_cap} of the {name} network on {topic}"),
    "fr": ("{Kind_cap} sur {topic} ({city}, {year})", "{Nth_fr} {kind} sur {topic}",
           "{City} : {kind} sur {topic}, {month_year}", "{Topic_cap} – {kind} du réseau {name}"),
    "de": ("{Kind_cap} „{topic_cap}“ in {city}", "{Nth_de} {kind_cap} zu {topic}",
           "{Kind_cap} in {city}: {topic_cap}", "{Topic_cap} – {kind_cap} {year}",
           "{Kind_cap} des Netzwerks {name}: {topic_cap}"),
}


# --------------------------------------------------------------------------------------------
# Reading the bundled corpus
# --------------------------------------------------------------------------------------------

_BULLET = re.compile(r"^(?:[-–•*]|\d+(?:\.\d+)*[.)]?|[A-Z]\.\d+)\s+(.+)$")
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\b\d\.)(?<!\b\d\d\.)[\"”»]?\s+(?=[\"“«„]?[A-ZÀ-ÝÄÖÜ0-9])")
_TAG = re.compile(r"<[^>]+>")
_YEAR = re.compile(r"\b(?:19[89]\d|20[0-3]\d)\b")


@dataclass
class _Pools:
    sentences: list[str]       # corpus sentences; those with "{" are format templates
    bullets: list[str]         # corpus list items
    actions: list[str]         # corpus list items that are actions ("to develop ...", "à développer ...")
    shoulds: list[str]         # corpus sentences that recommend ("should", "devraient", "sollten")
    headings: list[str]


def _html_to_text(markup: str) -> str:
    match = re.search(r"<article[^>]*>(.*?)</article>", markup, re.S | re.I)
    body = match.group(1) if match else markup
    body = re.sub(r"<li[^>]*>", "\n- ", body, flags=re.I)
    body = re.sub(r"</(?:p|h\d|li|div|tr|ul|ol)>|<br\s*/?>", "\n", body, flags=re.I)
    return html.unescape(_TAG.sub("", body))


def _markdown_to_text(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if re.match(r"^\s*(\|?\s*:?-{3,}|-{3,}\s*$)", line):
            continue
        line = re.sub(r"^#+\s*", "", line)
        line = line.replace("**", "").replace("|", " ").strip()
        if line.startswith("*") and line.endswith("*") and len(line) > 2:
            line = line.strip("*")
        lines.append(line)
    return "\n".join(lines)


def _zipf_cum_weights(n: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank ** exponent) for rank in range(1, n + 1)))


_MONTH_WORDS = "|".join(m.lower() for months in MONTHS.values() for m in months)
_NUMBER = re.compile(r"(?<!\d\s)\b\d{2,3}\b(?= [a-zà-ÿ])(?! (?:" + _MONTH_WORDS + r"|und|bis|au|et|to|and|of)\b)")
_ARTICLE = re.compile(r"^(the |le |la |l')(.*)$")


def _org_patterns(lang: str) -> list[re.Pattern[str]]:
    """Patterns for the organisations of ORGANISATIONS[lang] as the corpus writes them."""
    patterns = []
    for org in sorted(ORGANISATIONS[lang], key=len, reverse=True):
        article, core = "", org
        match = _ARTICLE.match(org)
        if match:
            article, core = match.groups()
        acronym = re.search(r" \(([^)]+)\)$", core)
        if acronym:
            core = core[: acronym.start()]
        art = ""
        if article:
            art = f"(?P<art>{re.escape(_cap(article))}|{re.escape(article)})"
        tail = rf"(?: \({re.escape(acronym.group(1))}\))?" if acronym else ""
        patterns.append(re.compile(rf"(?<![\w-]){art}{re.escape(core)}{tail}(?![\w-]| [A-Z]| \()"))
    return patterns


class _Slotter:
    """Turns a corpus sentence into a format template: cities, years, some numbers and organisations vary."""

    def __init__(self, lang: str) -> None:
        names = sorted({c[i] for c in CITIES for i in range(3)}, key=len, reverse=True)
        self.city = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b(?! [A-Z])")
        self.orgs = _org_patterns(lang) if lang in ("en", "fr") else []

    def __call__(self, sentence: str) -> str:
        sentence = self.city.sub("{city}", sentence)
        sentence = _YEAR.sub("{year}", sentence)
        if sentence.count("{year}") > 1:   # "between 2017 and 2021": the later years become year2
            first, rest = sentence.split("{year}", 1)
            sentence = first + "{year}" + rest.replace("{year}", "{year2}")
        sentence = _NUMBER.sub("{num}", sentence)
        count = 0

        def org_slot(match: re.Match[str]) -> str:
            nonlocal count
            count += 1
            slot = "org" if count == 1 else "org2" if count == 2 else "org3"
            art = match.groupdict().get("art")
            return "{" + (slot.capitalize() if art and art[0].isupper() else slot) + "}"

        for pattern in self.orgs:
            sentence = pattern.sub(org_slot, sentence)
        return sentence


def _balanced(text: str) -> bool:
    return (text.count('"') % 2 == 0 and text.count("“") == text.count("”")
            and text.count("«") == text.count("»") and text.count("„") == text.count("“")
            and text.count("(") == text.count(")"))


def _read_corpus() -> dict[str, _Pools]:
    root = importlib.resources.files("praxhub.demo") / "corpus"
    manifest = json.loads((root / "MANIFEST.json").read_text(encoding="utf-8"))
    raw: dict[str, dict[str, list[str]]] = {
        lang: {"sentences": [], "bullets": [], "actions": [], "shoulds": [], "headings": []} for lang in LANGUAGES
    }
    slotters = {lang: _Slotter(lang) for lang in LANGUAGES}
    action_start = {"en": re.compile(r"^to\s+"), "fr": re.compile(r"^à\s+"), "de": re.compile(r"^$")}
    for entry in manifest:
        lang = entry["language"]
        if lang not in raw:
            continue
        text = (root / entry["file"]).read_text(encoding="utf-8")
        if entry["file"].endswith(".html"):
            text = _html_to_text(text)
        elif entry["file"].endswith(".md"):
            text = _markdown_to_text(text)
        pools = raw[lang]
        slot = slotters[lang]
        for line in text.splitlines():
            line = line.strip()
            if "@" in line or "http" in line or "{" in line or "}" in line:
                continue
            bullet = _BULLET.match(line)
            if bullet:
                item = bullet.group(1).strip().rstrip(";.,")
                item = re.sub(r"^(?:[A-ZÄÖÜ]{2,}\s)+", "", item)  # "CALLS ON larger platforms ..."
                if len(item) >= 25 and _balanced(item) and not re.match(r"^\d+[:.]\d", item):
                    pools["bullets"].append(slot(item))
                    if action_start[lang].match(item):
                        pools["actions"].append(slot(action_start[lang].sub("", item)))
                continue
            if len(line) >= 60 and line[-1] in ".!?;:»”\"":
                for sentence in _SENTENCE_END.split(line):
                    sentence = sentence.strip()
                    if (40 <= len(sentence) <= 420 and sentence[-1] in ".!?»”\"" and _balanced(sentence)
                            and not sentence[0].islower()):
                        slotted = slot(sentence)
                        pools["sentences"].append(slotted)
                        if re.search(r"\b(should|devrai(?:en)?t|sollte[n]?)\b", sentence):
                            pools["shoulds"].append(slotted)
            elif 8 <= len(line) <= 70 and not re.search(r"[\d:;.,()]", line) and not line.isupper():
                pools["headings"].append(line)
    result: dict[str, _Pools] = {}
    for lang, pools in raw.items():
        lists = {key: list(dict.fromkeys(items)) for key, items in pools.items()}
        if not lists["sentences"] or not lists["bullets"]:
            raise RuntimeError(f"the demo corpus has no usable text in language {lang!r}")
        result[lang] = _Pools(
            sentences=lists["sentences"], bullets=lists["bullets"], actions=lists["actions"],
            shoulds=lists["shoulds"] or lists["sentences"], headings=lists["headings"] or ["Introduction"],
        )
    return result


def _invented_names(count: int) -> list[str]:
    """Pronounceable invented names for projects, NGOs and newsletters: the collection's long tail."""
    rng = _Random(20240611)
    onsets = ("b", "br", "c", "d", "dr", "f", "g", "gr", "h", "k", "kr", "l", "m", "n", "p", "r", "s", "st",
              "t", "tr", "v", "w", "z", "sk", "al", "el", "or", "an", "ve", "mi")
    vowels = ("a", "e", "i", "o", "u", "ae", "ei", "io", "ou", "ya")
    codas = ("", "", "n", "r", "l", "s", "nd", "rk", "st", "m", "th", "ra", "na", "via", "dal", "sund", "berg",
             "polis", "mar", "ton", "ika", "ora")
    syllables = [o + v for o in onsets for v in vowels]
    n_syl, n_coda = len(syllables), len(codas)
    one = n_syl * n_coda                       # names of one syllable and a coda
    space = one + n_syl * n_syl * n_coda       # ... and of two syllables
    names: dict[str, None] = {}
    for index in rng.sample(range(space), k=min(space, count + count // 4)):
        if index < one:
            word = syllables[index // n_coda] + codas[index % n_coda]
        else:
            index -= one
            word = syllables[index // (n_syl * n_coda)] + syllables[index // n_coda % n_syl] + codas[index % n_coda]
        if 4 <= len(word) <= 12:
            names[word.capitalize()] = None
            if len(names) == count:
                break
    return list(names)


# --------------------------------------------------------------------------------------------
# Dates in many notations
# --------------------------------------------------------------------------------------------

def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


# Templates per language and form; fields: d, e (first and last day), dd, ee, mm (two digits), m (month
# name), y, w (weekday), o (English ordinal day), f (French first day, "1er"), later (a later month), y1.
DATE_TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "lead1": ("On {d} {m} {y}", "On {o} {m}", "On {m} {d}, {y}", "On {w} {d} {m} {y}", "On {w}, {d} {m}"),
        "lead2": ("From {d} to {e} of {m} {y}", "From {d} to {e} {m} {y}", "Between {d}-{e} {m}",
                  "On {d}-{e} {m} {y}", "On {d}/{e} {m} {y}", "On {d} and {e} {m} {y}"),
        "mid1": ("on {d} {m} {y}", "on {o} {m}", "on {m} {d}, {y}", "on {w} {d} {m} {y}", "on {dd}.{mm}.{y}",
                 "on {y}-{mm}-{dd}"),
        "mid2": ("from {d} to {e} {m} {y}", "on {d}-{e} {m} {y}", "between {d} – {e} {m}",
                 "on {d} and {e} {m} {y}", "on {d}/{e} {m} {y}", "from {dd}.{mm}. to {ee}.{mm}.{y}"),
        "line1": ("{d} {m} {y}", "{w}, {d} {m} {y}", "{m} {d}, {y}", "{d}.{mm}.{y}"),
        "line2": ("{d}-{e} {m} {y}", "{d}–{e} {m} {y}", "{d}/{e} {m} {y}", "{m} {d}–{e}, {y}"),
        "planned": ("before {later} {y}", "in the autumn of {y}", "in early {y1}", "later in {y}",
                    "by the end of {later}"),
    },
    "fr": {
        "lead1": ("Le {f} {m} {y}", "Le {w} {f} {m}", "{W} {f} {m} {y}"),
        "lead2": ("Du {f} au {e} {m} {y}", "Les {f} et {e} {m} {y}"),
        "mid1": ("le {f} {m} {y}", "le {w} {f} {m} {y}", "le {dd}/{mm}/{y}"),
        "mid2": ("du {f} au {e} {m} {y}", "les {f} et {e} {m} {y}", "du {dd}/{mm} au {ee}/{mm}/{y}"),
        "line1": ("le {f} {m} {y}", "{w} {f} {m} {y}"),
        "line2": ("du {f} au {e} {m} {y}", "{f}-{e} {m} {y}"),
        "planned": ("avant {later} {y}", "à l'automne {y}", "au printemps {y1}"),
    },
    "de": {
        "lead1": ("Am {d}. {m} {y}", "Am {w}, {d}. {m}", "Am {dd}.{mm}.{y}"),
        "lead2": ("Vom {d}. bis {e}. {m} {y}", "Am {d}. und {e}. {m} {y}"),
        "mid1": ("am {d}. {m} {y}", "am {w}, dem {d}. {m} {y}", "am {dd}.{mm}.{y}"),
        "mid2": ("vom {d}. bis {e}. {m} {y}", "vom {d}.–{e}. {m} {y}", "am {d}. und {e}. {m}",
                 "vom {dd}.{mm}. bis {ee}.{mm}.{y}"),
        "line1": ("{w}, {d}. {m} {y}", "{d}. {m} {y}", "{dd}.{mm}.{y}"),
        "line2": ("{d}.–{e}. {m} {y}", "vom {d}. bis {e}. {m} {y}"),
        "planned": ("noch vor {later} {y}", "im Herbst {y}", "Anfang {y1}"),
    },
}
_DATE_FORM_OF_KEY = {"Date_lead": "lead", "date_mid": "mid", "date_line": "line", "date_planned": "planned"}
_SPANS = (0, 0, 0, 1, 1, 2)


def _date_fields(g: _Generator, year: int) -> dict[str, str | int]:
    """One event date (one to three days within a month) as the fields DATE_TEMPLATES use."""
    month = g.between(1, 12)
    day = g.between(1, 25)
    span = g.pick(_SPANS)
    lang = g.lang
    weekday = WEEKDAYS[lang][dt.date(year, month, day).weekday()]
    return {"d": day, "e": day + span, "dd": f"{day:02d}", "ee": f"{day + span:02d}", "mm": f"{month:02d}",
            "m": MONTHS[lang][month - 1], "y": year, "y1": year + 1, "w": weekday, "W": _cap(weekday),
            "o": _ordinal(day), "f": "1er" if day == 1 else day, "span": span,
            "later": MONTHS[lang][(month + g.between(1, 4) - 1) % 12]}


# --------------------------------------------------------------------------------------------
# Slot filling
# --------------------------------------------------------------------------------------------

_FUNCTION_WORDS = frozenset({
    "The", "A", "An", "This", "These", "Their", "Its", "It", "In", "Each", "Most", "Several", "Many", "Some",
    "Both", "All", "Participants", "Practitioners", "Le", "La", "Les", "L", "Un", "Une", "Des", "Il", "Elle",
    "Ils", "Ces", "Cette", "Ce", "Plusieurs", "Chaque",
})


def _lower_first(sentence: str) -> str:
    """Lower-case the first letter when the sentence starts with a function word (not with a name)."""
    first = re.split(r"[ ']", sentence, maxsplit=1)[0]
    return sentence[:1].lower() + sentence[1:] if first in _FUNCTION_WORDS else sentence


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Context(dict[str, str]):
    """A format_map mapping that draws a value the first time a slot is used.

    Values stay fixed within one context, so one event item names one city, one date, one organiser.
    A capitalised key ("Org") gives the value of the lower-case key with a capital first letter.
    """

    def __init__(self, gen: _Generator) -> None:
        super().__init__()
        self.gen = gen
        self.fields: dict[str, str | int] | None = None

    def __missing__(self, key: str) -> str:
        slot = self.gen.slots.get(key)
        if slot is not None:
            value = slot()
            self[key] = value
            return value
        if key in _DATE_KEYS:
            return self._date(key)
        if key in _PLACE_KEYS:
            self._place()
            return self[key]
        if key in _KIND_KEYS:
            self._kind()
            return self[key]
        if key.endswith("_cap"):
            value = _cap(self[key[:-4]])
        elif key[0].isupper():
            value = _cap(self[key[0].lower() + key[1:]])
        else:
            raise KeyError(key)
        self[key] = value
        return value

    def _date(self, key: str) -> str:
        gen = self.gen
        if key in ("year", "Year", "year2"):
            year = gen.between(2012, 2024)
            self["year"] = self["Year"] = str(year)
            self["year2"] = str(year + gen.between(1, 3))
            return self[key]
        fields = self.fields
        if fields is None:
            fields = self.fields = _date_fields(gen, int(self["year"]))
        if key == "month_year":
            value = f"{fields['m']} {fields['y']}"
        else:
            form = _DATE_FORM_OF_KEY[key]
            if form != "planned":
                form += "2" if fields["span"] else "1"
            value = gen.pick(DATE_TEMPLATES[gen.lang][form]).format_map(fields)
        self[key] = value
        return value

    def _place(self) -> None:
        gen = self.gen
        city = gen.rng.zipf(CITIES, CITY_CW)
        i = _LANG_INDEX[gen.lang]
        self["city"] = city[i]
        self["country_code"] = city[3]
        self["country"] = COUNTRIES[city[3]][i]

    def _kind(self) -> None:
        bare, indef, definite, dative = self.gen.rng.choice(EVENT_KINDS[self.gen.lang])
        self["kind"] = bare
        self["kind_a"] = indef
        self["kind_the"] = definite
        self["kind_dat"] = dative or indef


_DATE_KEYS = frozenset({"Date_lead", "date_mid", "date_line", "date_planned", "year", "Year", "year2",
                        "month_year"})
_PLACE_KEYS = frozenset({"city", "country", "country_code"})
_KIND_KEYS = frozenset({"kind", "kind_a", "kind_the", "kind_dat"})


class _Random(random.Random):
    """random.Random with cheaper choice() and randint(): one call to random() each.

    The results differ from the standard methods' but are just as deterministic for a given seed.
    """

    def choice(self, seq: SupportsLenAndGetItem[_T]) -> _T:
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def zipf(self, seq: SupportsLenAndGetItem[_T], cum_weights: Sequence[float]) -> _T:
        """An item of seq drawn with the given cumulative weights (like choices(...)[0], cheaper)."""
        return seq[bisect.bisect_right(cum_weights, self.random() * cum_weights[-1])]


class _Generator:
    def __init__(self, rng: _Random, lang: str) -> None:
        self.rng = rng
        self.pick = rng.choice
        self.between = rng.randint
        self.lang = lang
        self.pools = POOLS[lang]
        self.generic = GENERIC_SENTENCES[lang]
        choice = rng.choice
        self.slots: dict[str, Callable[[], str]] = {
            "org": lambda: choice(ORGANISATIONS[lang]),
            "org2": lambda: choice(ORGANISATIONS[lang]),
            "org3": lambda: choice(ORGANISATIONS[lang]),
            "num": lambda: str(rng.randint(12, 480)),
            "nn": lambda: str(rng.randint(5, 85)),
            "nnn": lambda: str(rng.randint(60, 2400)),
            "amount": lambda: choice(AMOUNTS[lang]),
            "city2": lambda: rng.zipf(CITIES, CITY_CW)[_LANG_INDEX[lang]],
            "target": lambda: choice(TARGET_GROUPS[lang]),
            "target_dat": lambda: choice(("Jugendlichen", "Eltern", "Inhaftierten", "Schulklassen",
                                          "Familien", "jungen Erwachsenen")),
            "actor2": lambda: choice(ACTORS[lang]),
            "topic2": lambda: rng.zipf(TOPICS[lang], TOPIC_CW[lang]),
            "action": self.action,
            "org_short": lambda: _short(choice(ORGANISATIONS[lang])),
            "ngo": self.ngo,
            "ministry": self.ministry,
            "topic": lambda: rng.zipf(TOPICS[lang], TOPIC_CW[lang]),
            "n": lambda: str(rng.randint(3, 40)),
            "Nth": lambda: _ordinal(rng.randint(2, 14)),
            "Nth_fr": lambda: f"{rng.randint(2, 14)}e",
            "Nth_de": lambda: f"{rng.randint(2, 14)}.",
            "actor": lambda: choice(ACTORS[lang]),
            "role": lambda: choice(ROLES[lang]),
            "project": self.project,
            "name": self.name,
        }
        # One flat list of ready sentences, made once per run: every corpus sentence takes
        # CORPUS_VARIANTS places (slot-filled variants, or copies when it has no slots) and the
        # generic sentences share GENERIC_SHARE of the list. Drawing from it is a single index,
        # several times cheaper than filling a template, and the variants keep the text varied.
        flat: list[str] = []
        for sentence in self.pools.sentences:
            if "{" in sentence:
                flat += [sentence.format_map(_Context(self)) for _ in range(CORPUS_VARIANTS)]
            else:
                flat += [sentence] * CORPUS_VARIANTS
        per_generic = round(len(flat) * GENERIC_SHARE / (1 - GENERIC_SHARE) / len(self.generic))
        for template in self.generic:
            flat += [template.format_map(_Context(self)) for _ in range(per_generic)]
        if lang == "fr":
            flat = [_french_contractions(sentence) for sentence in flat]
        self.flat = flat

    # -- small pickers ------------------------------------------------------------------------
    def name(self) -> str:
        return self.rng.zipf(NAMES, NAME_CW)

    def ngo(self) -> str:
        return self.rng.choice(NGO_PATTERNS[self.lang]).format(name=self.name())

    def project(self) -> str:
        return self.rng.choice(PROJECT_PATTERNS[self.lang]).format(name=self.name())

    def ministry(self, country: str | None = None) -> str:
        if country is None:
            code = self.rng.zipf(CITIES, CITY_CW)[3]
            country = COUNTRIES[code][_LANG_INDEX[self.lang]]
        return self.rng.choice(MINISTRIES[self.lang]).format(country=country)

    def sentences(self, k: int, ctx: _Context | None = None) -> str:
        """k sentences: about two thirds from the corpus, the rest from GENERIC_SENTENCES.

        With a context, slots are filled from it (so they agree with the rest of the item);
        without one, ready-made variants are used.
        """
        if ctx is None:
            return " ".join(self.rng.choices(self.flat, k=k))
        random_ = self.rng.random
        choice = self.rng.choice
        corpus = self.pools.sentences
        generic = self.generic
        out = []
        for _ in range(k):
            s = choice(generic) if random_() < GENERIC_SHARE else choice(corpus)
            out.append(s.format_map(ctx) if "{" in s else s)
        return " ".join(out)

    def bullets(self, k: int, marker: str = "- ", end: str = ";") -> list[str]:
        ctx = _Context(self)
        picked = self.rng.sample(self.pools.bullets, k=min(k, len(self.pools.bullets)))
        return [marker + _cap(b.format_map(ctx) if "{" in b else b) + end for b in picked]

    def actions(self, k: int, prefix: str) -> list[str]:
        """k actions in the infinitive, from ACTIONS with a modifier or from the corpus's own action items."""
        rng = self.rng
        corpus = self.pools.actions
        out = []
        for _ in range(k):
            if corpus and rng.random() < 0.35:
                item = rng.choice(corpus)
                if "{" in item:
                    item = item.format_map(_Context(self))
            else:
                item = self.action()
            out.append(prefix + item)
        return out

    def action(self) -> str:
        """An action phrase with an optional modifier; in German the modifier goes before the verb."""
        act = self.pick(ACTIONS[self.lang])
        mod = self.pick(MODIFIERS[self.lang])
        if not mod:
            return act
        if self.lang == "de":
            head, _, verb = act.rpartition(" ")
            return f"{head}{mod} {verb}"
        return act + mod

    def event_item(self, with_heading: bool = True) -> str:
        ctx = _Context(self)
        rng = self.rng
        lines = []
        if with_heading:
            lines.append(rng.choice(EVENT_TITLES[self.lang]).format_map(ctx))
            lines.append("")
        body = rng.choice(EVENT_SENTENCES[self.lang]).format_map(ctx)
        body += " " + self.sentences(rng.randint(1, 3))
        if rng.random() < 0.4:
            body += " " + rng.choice(FILLERS[self.lang])
        lines.append(body)
        return "\n".join(lines)


_SEPARABLE = ("zusammen", "fest", "fort", "aus", "ein", "auf", "an", "vor", "mit")


def _zu_infinitive(phrase: str) -> str:
    """'Fachkräfte fortbilden' -> 'Fachkräfte fortzubilden' (German infinitive with zu)."""
    head, _, verb = phrase.rpartition(" ")
    for prefix in _SEPARABLE:
        if verb.startswith(prefix) and len(verb) > len(prefix) + 3:
            return f"{head} {prefix}zu{verb[len(prefix):]}"
    return f"{head} zu {verb}"


_FR_CONTRACTIONS = (
    (" de le ", " du "), (" de les ", " des "), (" à le ", " au "), (" à les ", " aux "),
    ("De le ", "Du "), ("De les ", "Des "), ("À le ", "Au "), ("À les ", "Aux "),
    (" de Europol", " d'Europol"), (" de une ", " d'une "), (" de un ", " d'un "), (" que il", " qu'il"),
)


def _french_contractions(text: str) -> str:
    """Fix what slot filling breaks in French: 'de le' -> 'du', 'à les' -> 'aux', 'de Europol' -> 'd'Europol'."""
    for old, new in _FR_CONTRACTIONS:
        if old in text:
            text = text.replace(old, new)
    return text


def _short(org: str) -> str:
    match = re.search(r"\(([^)]+)\)$", org)
    if match:
        return match.group(1)
    return re.sub(r"^(?:the|le|la|l'|les|der|die|das)\s*", "", org)


# --------------------------------------------------------------------------------------------
# Genres
# --------------------------------------------------------------------------------------------

def _newsletter(g: _Generator, budget: int) -> tuple[str, list[str]]:
    rng = g.rng
    ctx = _Context(g)
    name = rng.choice(NEWSLETTER_NAMES[g.lang])
    issue = {"en": "Issue", "fr": "n°", "de": "Ausgabe"}[g.lang]
    title = f"{name} {g.name()} – {issue} {rng.randint(1, 60)}, {ctx['month_year']}"
    parts = [title, "", g.sentences(rng.randint(1, 2))]
    size = sum(map(len, parts))
    while size < budget:
        part = g.event_item() if rng.random() < 0.8 else (
            SECTION_HEADS[g.lang]["news"] + "\n\n" + g.sentences(rng.randint(2, 4)))
        parts += ["", "", part]
        size += len(part) + 2
    return title, parts


def _conclusions(g: _Generator, budget: int) -> tuple[str, list[str]]:
    rng = g.rng
    ctx = _Context(g)
    lang = g.lang
    topic = ctx["topic"]
    if lang == "en":
        title = rng.choice(CONCLUSIONS_TITLES).format_map(ctx)
        configuration = rng.choice(("JUSTICE and HOME AFFAIRS", "GENERAL AFFAIRS",
                                    "EDUCATION, YOUTH, CULTURE and SPORT"))
        meeting = (f"{_ordinal(rng.randint(2900, 3990))} {configuration} Council meeting\n"
                   f"{ctx['city']}, {ctx['date_line']}")
        intro = 'The Council adopted the following conclusions:\n\n"THE COUNCIL OF THE EUROPEAN UNION,'
        prefix = "- to "
    elif lang == "fr":
        title = rng.choice((f"Conclusions du Conseil sur {topic}, {ctx['year']}",
                            f"Conclusions du Conseil sur {topic} et {ctx['topic2']}",
                            f"Conclusions sur le rôle des {ctx['actor'].removeprefix('les ')} dans {topic}"))
        meeting = f"Session du Conseil « Justice et affaires intérieures »\n{ctx['city']}, {ctx['date_line']}"
        intro = "Le Conseil a adopté les conclusions suivantes :\n\n« LE CONSEIL DE L'UNION EUROPÉENNE,"
        prefix = "– à "
    else:
        title = rng.choice((f"Schlussfolgerungen des Rates zum Thema {_cap(topic)} ({ctx['year']})",
                            f"Schlussfolgerungen des Rates zu {topic} und {ctx['topic2']}"))
        meeting = f"Tagung des Rates (Justiz und Inneres)\n{ctx['city']}, {ctx['date_line']}"
        intro = "Der Rat hat folgende Schlussfolgerungen angenommen:\n\n„DER RAT DER EUROPÄISCHEN UNION –"
        prefix = "- "
    parts = [title, "", meeting, "", intro, ""]
    for _ in range(rng.randint(3, 7)):
        sentence = g.sentences(1)
        if lang != "de":
            sentence = _lower_first(sentence)
        parts += [f"{rng.choice(RECITALS[lang])} {sentence}".rstrip(".") + ";", ""]
    size = sum(map(len, parts))
    heads = OPERATIVE_HEADS[lang]
    while size < budget:
        items = g.actions(rng.randint(3, 6), prefix)
        items = [f"{_zu_infinitive(item) if lang == 'de' else item};" for item in items]
        items[-1] = items[-1][:-1] + "."
        block = rng.choice(heads) + "\n\n" + "\n".join(items)
        parts += [block, ""]
        size += len(block) + 1
    return title, parts


def _guidelines(g: _Generator, budget: int) -> tuple[str, list[str]]:
    rng = g.rng
    ctx = _Context(g)
    lang = g.lang
    actor = ctx["actor"]
    if lang == "en":
        title = rng.choice((f"Guidelines for {actor} on {ctx['topic']}",
                            f"Practical guidance on {ctx['topic']} ({g.name()} handbook, {ctx['year']})",
                            f"Handbook on {ctx['topic']} for {actor} and {ctx['actor2']}",
                            f"{ctx['Topic']}: recommendations for {actor} in {ctx['city']}"))
        should = "should"
        sub = f"Prepared by {ctx['org']} with {ctx['ngo']} – {ctx['city']}, {ctx['year']}"
    elif lang == "fr":
        title = rng.choice((f"Lignes directrices sur {ctx['topic']} à l'intention des acteurs locaux ({ctx['year']})",
                            f"Guide pratique {g.name()} : {ctx['topic']}",
                            f"Recommandations aux {actor.removeprefix('les ')} sur {ctx['topic']}"))
        should = "devraient"
        sub = f"Document de travail préparé par {ctx['org']} – {ctx['city']}, {ctx['year']}"
    else:
        title = rng.choice((f"Handlungsempfehlungen zum Thema {_cap(ctx['topic'])} ({ctx['year']})",
                            f"Leitfaden {g.name()}: {_cap(ctx['topic'])}",
                            f"Empfehlungen für {actor} zu {ctx['topic']}"))
        should = "sollten"
        sub = f"Herausgeber: {_cap(ctx['ngo'])}, {ctx['city']}, Stand {ctx['year']}"
    parts = [title, "", sub, "", g.sentences(rng.randint(2, 4)), ""]
    size = sum(map(len, parts))
    section = 0
    should_share = min(0.5, len(g.pools.shoulds) / 40)
    while size < budget:
        section += 1
        heading = f"{section}. {rng.choice(g.pools.headings)}"
        lines = [heading, ""]
        for item in range(1, rng.randint(3, 5)):
            if rng.random() < should_share:
                text = rng.choice(g.pools.shoulds)
                if "{" in text:
                    text = text.format_map(_Context(g))
            else:
                subject = _cap(rng.choice(ACTORS[lang]))
                action = g.action()
                text = f"{subject} {should} {action}."
            lines.append(f"{section}.{item} {text}")
        block = "\n".join(lines)
        parts += [block, ""]
        size += len(block) + 1
    return title, parts


def _press_release(g: _Generator, budget: int) -> tuple[str, list[str]]:
    rng = g.rng
    ctx = _Context(g)
    lang = g.lang
    head = {"en": "PRESS RELEASE", "fr": "COMMUNIQUÉ DE PRESSE", "de": "PRESSEMITTEILUNG"}[lang]
    if lang == "en":
        title = rng.choice((f"{_cap(_short(ctx['org']))} and {g.ngo().removeprefix('the ')} launch {g.project()} "
                            f"on {ctx['topic']}", f"{ctx['city']} hosts {ctx['kind_a']} on {ctx['topic']}",
                            f"New report on {ctx['topic']} presented in {ctx['city']}"))
        said = "said"
    elif lang == "fr":
        title = f"{ctx['City']} accueille {ctx['kind_a']} sur {ctx['topic']}"
        said = "a déclaré"
    else:
        title = f"{ctx['Kind_cap']} in {ctx['city']}: {_cap(ctx['topic'])} im Fokus"
        said = "sagte"
    dateline = rng.choice((f"{ctx['city']}, {ctx['date_line']} – ", f"{ctx['city'].upper()}, {ctx['date_line']} — ",
                           f"{ctx['city']} ({ctx['date_line']}) – "))
    parts = [head, "", title, "", dateline + g.sentences(rng.randint(2, 3), ctx), ""]
    size = sum(map(len, parts))
    while size < budget:
        r = rng.random()
        if r < 0.2:
            block = f"“{g.sentences(rng.randint(1, 2))}”, {said} {rng.choice(ROLES[lang])}."
        elif r < 0.4:
            block = "\n".join(f"• {item};" for item in g.actions(rng.randint(3, 5), ""))
        else:
            block = g.sentences(rng.randint(2, 4))
        parts += [block, ""]
        size += len(block) + 1
    return title, parts


def _event_notice(g: _Generator, budget: int) -> tuple[str, list[str]]:
    rng = g.rng
    ctx = _Context(g)
    lang = g.lang
    heads = SECTION_HEADS[lang]
    title = rng.choice(EVENT_TITLES[lang]).format_map(ctx)
    note = {"en": rng.choice(("CONCEPT NOTE", "Invitation and programme", "Agenda")),
            "fr": rng.choice(("NOTE CONCEPTUELLE", "Invitation et programme")),
            "de": rng.choice(("Einladung und Programm", "Konzeptpapier"))}[lang]
    parts = [title, "", f"{ctx['city']}, {ctx['date_line']}", "", note, "",
             rng.choice(EVENT_SENTENCES[lang]).format_map(ctx), ""]
    sections = ("background", "objectives", "format", "practical")
    size = sum(map(len, parts))
    i = 0
    while size < budget:
        key = sections[i % len(sections)]
        i += 1
        if key == "objectives":
            body = "\n".join(f"{n}. {item};" for n, item in enumerate(g.actions(rng.randint(3, 5), ""), 1))
        elif key == "practical":
            body = " ".join(rng.sample(FILLERS[lang], k=min(3, len(FILLERS[lang])))) + " " + g.sentences(1)
        else:
            body = g.sentences(rng.randint(2, 5))
        block = f"{heads[key]}\n\n{body}"
        parts += [block, ""]
        size += len(block) + 1
    return title, parts


def _practice(g: _Generator, budget: int) -> tuple[str, list[str]]:
    rng = g.rng
    ctx = _Context(g)
    lang = g.lang
    heads = SECTION_HEADS[lang]
    project = g.project()
    labels = {"en": ("Country", "Lead organisation", "Period", "Themes"),
              "fr": ("Pays", "Organisation responsable", "Période", "Thèmes"),
              "de": ("Land", "Träger", "Laufzeit", "Themen")}[lang]
    title = f"{_cap(project)} – {ctx['topic']}"
    year = int(ctx["year"])
    parts = [title, "",
             f"{labels[0]}: {_cap(ctx['country'])}",
             f"{labels[1]}: {_cap(g.ngo())}, {ctx['city']}",
             f"{labels[2]}: {year}–{year + rng.randint(1, 5)}",
             f"{labels[3]}: {', '.join(rng.sample(TOPICS[lang], k=3))}", ""]
    sections = ("context", "target", "aims", "methods", "evaluation", "lessons")
    size = sum(map(len, parts))
    i = 0
    while size < budget:
        key = sections[i % len(sections)]
        i += 1
        if key == "target":
            body = "\n".join(f"- {t};" for t in rng.sample(TARGET_GROUPS[lang], k=3))
        elif key in ("aims", "lessons"):
            body = "\n".join(g.bullets(rng.randint(3, 5)))
        elif key == "evaluation":
            n = rng.randint(20, 1500)
            evaluation = {"en": f"An external evaluation in {year + 2} followed {n} participants.",
                          "fr": f"Une évaluation externe menée en {year + 2} a porté sur {n} participants.",
                          "de": f"Eine externe Evaluation im Jahr {year + 2} begleitete {n} Teilnehmende."}[lang]
            body = evaluation + " " + g.sentences(rng.randint(2, 3))
        else:
            body = g.sentences(rng.randint(2, 5))
        block = f"{heads[key]}\n\n{body}"
        parts += [block, ""]
        size += len(block) + 1
    return title, parts


def _report(g: _Generator, budget: int) -> tuple[str, list[str]]:
    rng = g.rng
    ctx = _Context(g)
    lang = g.lang
    heads = SECTION_HEADS[lang]
    n = rng.randint(3, 12)
    title = {"en": f"{_cap(ctx['topic'])}: a comparative study of {n} countries – summary ({g.name()} report)",
             "fr": f"{_cap(ctx['topic'])} : étude comparative dans {n} pays – synthèse du rapport {g.name()}",
             "de": f"{_cap(ctx['topic'])}: Vergleichsstudie in {n} Ländern – Zusammenfassung ({g.name()})"}[lang]
    parts = [title, "", g.sentences(rng.randint(2, 3)), ""]
    sections = ("background", "findings", "recommendations")
    size = sum(map(len, parts))
    i = 0
    while size < budget:
        key = sections[i % len(sections)]
        i += 1
        if key == "findings":
            body = "\n".join(f"{k}. {s}" for k, s in enumerate(
                (g.sentences(1) for _ in range(rng.randint(3, 5))), 1))
        elif key == "recommendations":
            body = "\n".join(f"- {_cap(rng.choice(ACTORS[lang]))}: {a}." for a in g.actions(rng.randint(2, 4), ""))
        else:
            body = g.sentences(rng.randint(2, 4))
        block = f"{heads[key]}\n\n{body}"
        parts += [block, ""]
        size += len(block) + 1
    return title, parts


_BUILDERS: dict[str, Callable[[_Generator, int], tuple[str, list[str]]]] = {
    "newsletter": _newsletter, "conclusions": _conclusions, "guidelines": _guidelines,
    "press_release": _press_release, "event_notice": _event_notice, "practice": _practice, "report": _report,
}


# --------------------------------------------------------------------------------------------
# Read at import
# --------------------------------------------------------------------------------------------

POOLS = _read_corpus()
NAMES = _invented_names(40_000)
NAME_CW = _zipf_cum_weights(len(NAMES), 0.8)
TOPIC_CW = {lang: _zipf_cum_weights(len(TOPICS[lang]), 0.8) for lang in LANGUAGES}
CITY_CW = _zipf_cum_weights(len(CITIES), 0.6)
_LANG_INDEX = {"en": 0, "fr": 1, "de": 2}
GENERIC_SHARE = 0.35      # share of generated sentences that come from GENERIC_SENTENCES
CORPUS_VARIANTS = 64      # places of each corpus sentence in a generator's flat sentence list


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

def _cut(text: str, limit: int) -> str:
    """`text`, or if longer than `limit`, its longest head that ends a sentence or a line (at least half)."""
    if len(text) <= limit:
        return text
    end = max(text.rfind(". ", 0, limit) + 1, text.rfind("\n", 0, limit), text.rfind(";\n", 0, limit) + 1)
    return text[:end] if end > limit // 2 else text[:limit]


def generate_documents(n: int, seed: int = 0, target_chars: int = 5000) -> Iterator[GeneratedDocument]:
    """Yield `n` generated documents of about `target_chars` characters each, deterministically."""
    if n < 0:
        raise ValueError("n must not be negative")
    if target_chars < 200:
        raise ValueError("target_chars must be at least 200")
    rng = _Random(seed)
    generators = {lang: _Generator(rng, lang) for lang in LANGUAGES}
    for index in range(n):
        lang = rng.zipf(LANGUAGES, _LANGUAGE_CW)
        kind = rng.zipf(KINDS, _KIND_CW)
        # Sizes spread over +-10 % of the target: blocks are added up to a little below the size
        # drawn, and a text that overshoots by more than a little is cut at a sentence or line end.
        size = target_chars * (0.9 + 0.2 * rng.random())
        title, parts = _BUILDERS[kind](generators[lang], max(100, int(size - 200)))
        text = _cut("\n".join(parts), int(size + 250)).rstrip() + "\n"
        if lang == "fr":
            text = _french_contractions(text)
        yield GeneratedDocument(name=f"gen-{index:06d}.txt", text=text, language=lang, kind=kind, title=title)


def write_documents(directory: str | Path, n: int, seed: int = 0, target_chars: int = 5000) -> list[Path]:
    """Write `n` generated documents as UTF-8 .txt files into `directory` (created if missing)."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    for doc in generate_documents(n, seed=seed, target_chars=target_chars):
        path = out / doc.name
        # os.open/os.write: a third of the cost of Path.write_text, which matters for 100,000 files.
        fd = os.open(path, flags, 0o644)
        try:
            data = memoryview(doc.text.encode("utf-8"))
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """`python -m praxhub.demo.generator DIRECTORY N [SEED] [TARGET_CHARS]`; DIRECTORY '-' only times it."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print(main.__doc__, file=sys.stderr)
        return 2
    n = int(args[1])
    seed = int(args[2]) if len(args) > 2 else 0
    target = int(args[3]) if len(args) > 3 else 5000
    start = time.perf_counter()
    if args[0] == "-":
        total = sum(len(doc.text) for doc in generate_documents(n, seed, target))
        elapsed = time.perf_counter() - start
    else:
        paths = write_documents(args[0], n, seed, target)
        elapsed = time.perf_counter() - start
        total = sum(p.stat().st_size for p in paths)
    print(f"{n} documents, {total / max(n, 1):.0f} chars on average, {elapsed:.1f} s, "
          f"{n / elapsed if elapsed else 0:.0f} docs/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
