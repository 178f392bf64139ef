"""Organisations named in a document: bodies of the registry, and new bodies found by pattern.

    find_organisations(text, "en") -> [OrganisationMention, ...]   # one per body, first mention first

1. The registry (data/organisations.yaml). Names, aliases and short forms are matched by one
   Aho-Corasick automaton over a lower-cased, length-preserving copy of the text (typographic quotes,
   dashes, line breaks and footnote marks unified); acronyms by a second, case-sensitive automaton.
   A hit counts when it stands between word boundaries (not inside a web or mail address) and its
   case fits (capitalised words of a name stay capitalised: "council of europe" is not the body);
   the longest hit wins ("Committee of Ministers of the Council of Europe" is one body, "CoE’s
   CODEXTER Committee of Experts on Terrorism" two). Short forms ("Commission", "Council",
   "Congress", "Steering Board") count only when they stand alone and the document names a body
   owning the form in full (the nearest one before wins), or when the form's `short_context` is
   met: any EU body, or EU style ("Member States", "Council conclusions"), for the EU institutions.
   "the Board", "the Committee" then link to the nearest body of the document with that head noun.
2. Patterns, for bodies the registry does not know (known=False). The same automaton marks
   capitalised head nouns (Ministry, Committee, Police, Institute, Embassy, Network, Platform…);
   only the lines around them are tokenised. A body is a run of capitalised words ending in a head
   noun, extended by "of / for / on / against / and / to" + capitalised words ("Ministry of Labour
   and Social Welfare of Montenegro"), by lists ("Ministry of Education, Science and Technological
   Development"), by " – " + a sub-unit ("Embassy of the United States of America – Defense
   Cooperation Office"); a parenthesised acronym after it becomes its acronym and later bare uses
   link to it (and override a registry acronym: the document's own definition wins). French
   ("Ministère de l'Intérieur", "Commission nationale de lutte contre le terrorisme (Tunisie)"),
   German ("Bundesministerium für Justiz der Republik Österreich", "Landeskriminalamt
   Niedersachsen", "Brückenschlag e.V.", "Verein …", "Stiftung …") and appositions ("Brugwerk,
   a non-profit organisation") are found too.
3. One entity per body: a new body is typed by the registry's generic national templates and keyed
   by template and country ("Slovenian Ministry of Foreign Affairs" == "Ministry of Foreign Affairs
   of the Republic of Slovenia" -> si-ministry-foreign-affairs; Defence/Defense unified); a mention
   without the country joins the only body of that template with one; a shorter form ("Criminal
   Police") links to the fuller one ("Slovenian Criminal Police"). A generic capitalised phrase
   ("the Press Office", "Local Police") counts only when it joins a body named in full.

Not bodies: roles ("the Mayor of Aarhus", "Minister of the Interior"), programmes, strategies,
projects and events (their head nouns are not heads; "Summer Academy" is an event), headings in
capitals, social-media links ("Follow us on Twitter"). Work is linear in the text, capped at
MAX_CHARS; the data is loaded once per process, on first use.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

from praxhub.extract import registry
from praxhub.extract.model import OrganisationMention, Span

MAX_CHARS = 500_000
MAX_CANDIDATE_TOKENS = 24

# --------------------------------------------------------------------------------------- folding

_REPLACEMENTS = (
    ("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u2032", "'"), ("\u00b4", "'"),
    ("\u2013", "-"), ("\u2014", "-"), ("\u2012", "-"), ("\u2010", "-"), ("\u2011", "-"), ("\u2212", "-"),
    ("\u201c", '"'), ("\u201d", '"'), ("\u201e", '"'), ("\u00ab", '"'), ("\u00bb", '"'), ("\u201f", '"'),
    ("\u00a0", " "), ("\u202f", " "), ("\u2009", " "), ("\u2007", " "), ("\u2002", " "), ("\u2003", " "),
    ("\n", " "), ("\t", " "), ("\r", " "), ("\f", " "), ("\v", " "),
    # footnote marks ("Strategy¹") are not part of words
    ("\u00b9", " "), ("\u00b2", " "), ("\u00b3", " "), ("\u2070", " "), ("\u2074", " "), ("\u2075", " "),
    ("\u2076", " "), ("\u2077", " "), ("\u2078", " "), ("\u2079", " "),
)


def _typography(text: str) -> str:
    """Typographic quotes, dashes and spaces unified, line breaks made spaces; same length as `text`."""
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


@functools.lru_cache(maxsize=4)
def _plain(text: str) -> str:
    return _typography(text)


def _lower(text: str) -> str:
    out = text.lower()
    if len(out) != len(text):
        out = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return out


@functools.lru_cache(maxsize=4)
def _fold(text: str) -> str:
    """Lower case with typography unified; always the same length as `text`."""
    return _lower(_plain(text))


def _key(form: str) -> str:
    return " ".join(_lower(_typography(form)).split())


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


_SPELLING = {"defence": "defense", "organisation": "organization", "centre": "center", "labour": "labor",
             "programme": "program", "cooperation": "cooperation", "co-operation": "cooperation",
             "radicalization": "radicalisation", "counterterrorism": "counter-terrorism"}
_NORM_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _norm_tokens(text: str) -> tuple[str, ...]:
    words = _NORM_WORD.findall(_ascii(_typography(text)))
    return tuple(_SPELLING.get(w, w) for w in words if w not in ("the", "s"))


# ------------------------------------------------------------------------------------ countries

# code | English names | English demonyms | French names and adjectives | German names and adjectives
_COUNTRY_TABLE = """
AL|Albania|Albanian|Albanie;albanais;albanaise|Albanien
AD|Andorra|Andorran|Andorre|Andorra
AM|Armenia|Armenian|Arménie;arménien;arménienne|Armenien
AT|Austria|Austrian|Autriche;autrichien;autrichienne|Österreich
AZ|Azerbaijan|Azerbaijani|Azerbaïdjan|Aserbaidschan
BY|Belarus|Belarusian|Biélorussie;Bélarus|Belarus
BE|Belgium|Belgian|Belgique;belge|Belgien
BA|Bosnia and Herzegovina;Bosnia-Herzegovina;Bosnia|Bosnian|Bosnie-Herzégovine|Bosnien und Herzegowina
BG|Bulgaria|Bulgarian|Bulgarie;bulgare|Bulgarien
HR|Croatia|Croatian|Croatie;croate|Kroatien
CY|Cyprus|Cypriot|Chypre;chypriote|Zypern
CZ|Czech Republic;Czechia|Czech|République tchèque;tchèque|Tschechien
DK|Denmark|Danish|Danemark;danois;danoise|Dänemark
EE|Estonia|Estonian|Estonie;estonien;estonienne|Estland
FI|Finland|Finnish|Finlande;finlandais;finlandaise|Finnland
FR|France|French|France;français;française|Frankreich
GE|Georgia|Georgian|Géorgie|Georgien
DE|Germany|German|Allemagne;allemand;allemande|Deutschland
GR|Greece|Greek;Hellenic|Grèce;grec;grecque|Griechenland
HU|Hungary|Hungarian|Hongrie;hongrois;hongroise|Ungarn
IS|Iceland|Icelandic|Islande|Island
IE|Ireland|Irish|Irlande;irlandais;irlandaise|Irland
IT|Italy|Italian|Italie;italien;italienne|Italien
XK|Kosovo|Kosovar;Kosovan|Kosovo|Kosovo
LV|Latvia|Latvian|Lettonie;letton;lettonne|Lettland
LI|Liechtenstein|Liechtenstein|Liechtenstein|Liechtenstein
LT|Lithuania|Lithuanian|Lituanie;lituanien;lituanienne|Litauen
LU|Luxembourg|Luxembourgish|Luxembourg;luxembourgeois;luxembourgeoise|Luxemburg
MT|Malta|Maltese|Malte;maltais;maltaise|Malta
MD|Moldova;Republic of Moldova|Moldovan|Moldavie;Moldova;moldave|Moldau;Republik Moldau
MC|Monaco|Monegasque|Monaco;monégasque|Monaco
ME|Montenegro|Montenegrin|Monténégro;monténégrin;monténégrine|Montenegro
NL|Netherlands;The Netherlands;Holland|Dutch|Pays-Bas;néerlandais;néerlandaise|Niederlande
MK|North Macedonia;Macedonia|Macedonian|Macédoine du Nord;Macédoine;macédonien;macédonienne|Nordmazedonien
NO|Norway|Norwegian|Norvège;norvégien;norvégienne|Norwegen
PL|Poland|Polish|Pologne;polonais;polonaise|Polen
PT|Portugal|Portuguese|Portugal;portugais;portugaise|Portugal
RO|Romania|Romanian|Roumanie;roumain;roumaine|Rumänien
RU|Russia;Russian Federation|Russian|Russie;russe|Russland
SM|San Marino|Sammarinese|Saint-Marin|San Marino
RS|Serbia|Serbian|Serbie;serbe|Serbien
SK|Slovakia;Slovak Republic|Slovak|Slovaquie;slovaque|Slowakei
SI|Slovenia|Slovenian;Slovene|Slovénie;slovène|Slowenien
ES|Spain|Spanish|Espagne;espagnol;espagnole|Spanien
SE|Sweden|Swedish|Suède;suédois;suédoise|Schweden
CH|Switzerland|Swiss|Suisse;suisse|Schweiz;Schweizer;Schweizerische
TR|Turkey;Türkiye|Turkish|Turquie;turc;turque|Türkei
UA|Ukraine|Ukrainian|Ukraine;ukrainien;ukrainienne|Ukraine
GB|United Kingdom;UK;Great Britain;Britain|British|Royaume-Uni;britannique|Vereinigtes Königreich;Großbritannien
US|United States of America;United States;USA;US;U.S.;U.S.A.|American|États-Unis;américain;américaine|USA
US||||Vereinigte Staaten
CA|Canada|Canadian|Canada;canadien;canadienne|Kanada
AU|Australia|Australian|Australie;australien;australienne|Australien
MA|Morocco|Moroccan|Maroc;marocain;marocaine|Marokko
TN|Tunisia|Tunisian|Tunisie;tunisien;tunisienne|Tunesien
DZ|Algeria|Algerian|Algérie;algérien;algérienne|Algerien
LY|Libya|Libyan|Libye;libyen;libyenne|Libyen
EG|Egypt|Egyptian|Égypte;égyptien;égyptienne|Ägypten
MR|Mauritania|Mauritanian|Mauritanie;mauritanien;mauritanienne|Mauretanien
JO|Jordan|Jordanian|Jordanie;jordanien;jordanienne|Jordanien
LB|Lebanon|Lebanese|Liban;libanais;libanaise|Libanon
SY|Syria|Syrian|Syrie;syrien;syrienne|Syrien
IQ|Iraq|Iraqi|Irak;irakien;irakienne|Irak
IL|Israel|Israeli|Israël;israélien;israélienne|Israel
PS|Palestine|Palestinian|Palestine;palestinien;palestinienne|Palästina
SA|Saudi Arabia|Saudi|Arabie saoudite;saoudien;saoudienne|Saudi-Arabien
AE|United Arab Emirates;UAE|Emirati|Émirats arabes unis|Vereinigte Arabische Emirate
QA|Qatar|Qatari|Qatar;qatari|Katar
AF|Afghanistan|Afghan|Afghanistan;afghan;afghane|Afghanistan
PK|Pakistan|Pakistani|Pakistan;pakistanais;pakistanaise|Pakistan
IN|India|Indian|Inde;indien;indienne|Indien
ID|Indonesia|Indonesian|Indonésie;indonésien;indonésienne|Indonesien
NG|Nigeria|Nigerian|Nigeria;nigérian;nigériane|Nigeria
KE|Kenya|Kenyan|Kenya;kényan;kényane|Kenia
ML|Mali|Malian|Mali;malien;malienne|Mali
NE|Niger|Nigerien|Niger;nigérien;nigérienne|Niger
SO|Somalia|Somali|Somalie;somalien;somalienne|Somalia
"""


@dataclass(frozen=True)
class _Countries:
    pattern: re.Pattern[str]
    codes: dict[str, str]


@functools.cache
def _countries() -> _Countries:
    codes: dict[str, str] = {}
    for line in _COUNTRY_TABLE.strip().splitlines():
        code, *columns = line.split("|")
        for column in columns:
            for form in column.split(";"):
                form = form.strip()
                if form:
                    codes.setdefault(form, code)
    forms = sorted(codes, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w])")
    return _Countries(pattern=pattern, codes=codes)


def _country_in(surface: str) -> tuple[str | None, list[tuple[int, int]]]:
    """The first country named in `surface` (name or demonym) and the spans of every such word."""
    found = _countries()
    spans: list[tuple[int, int]] = []
    code = None
    if surface.isupper():       # "MINISTRY OF JUSTICE OF THE REPUBLIC OF ALBANIA"
        surface = " ".join(w if len(w) <= 3 else w.capitalize() for w in surface.split(" "))
    for m in found.pattern.finditer(surface):
        spans.append(m.span())
        if code is None:
            code = found.codes.get(m.group(0))
    return code, spans


def _is_country_word(word: str) -> bool:
    return word in _countries().codes


# ------------------------------------------------------------------------------ registry matcher

@dataclass(frozen=True)
class _Form:
    entry: str
    type: str           # name | alias | acronym | short
    text: str           # the registry's form, typography unified, whitespace collapsed


@dataclass
class _Automata:
    """Names, aliases and short forms (matched on lower-cased text, with head-noun triggers) and
    acronyms (matched case-sensitively)."""
    lower: ahocorasick.Automaton | None
    case: ahocorasick.Automaton | None


def _build(forms: Iterable[tuple[str, str, str]], triggers: dict[str, frozenset[str]]) -> _Automata:
    lower_table: dict[str, list[_Form]] = {}
    case_table: dict[str, list[_Form]] = {}
    for form, kind, entry in forms:
        written = " ".join(_typography(form).split())
        if not written:
            continue
        table, key = (case_table, written) if kind == "acronym" else (lower_table, _key(written))
        found = table.setdefault(key, [])
        item = _Form(entry, kind, written)
        if item not in found:
            found.append(item)
    lower = ahocorasick.Automaton()
    for key in set(lower_table) | set(triggers):
        lower.add_word(key, (len(key), tuple(lower_table.get(key, ())), triggers.get(key)))
    case = ahocorasick.Automaton()
    for key, items in case_table.items():
        case.add_word(key, (len(key), tuple(items), None))
    for automaton in (lower, case):
        if len(automaton):
            automaton.make_automaton()
    return _Automata(lower=lower if len(lower) else None, case=case if len(case) else None)


def _scan(automata: _Automata, text: str, language: str) -> tuple[list[tuple[int, int, list[_Form]]], list[Span]]:
    """Registry hits (start, end, forms whose case fits) and head-noun trigger points."""
    plain, folded = _plain(text), _fold(text)
    found: list[tuple[int, int, list[_Form]]] = []
    points: list[Span] = []
    passes = ((automata.lower, folded), (automata.case, plain))
    for automaton, haystack in passes:
        if automaton is None:
            continue
        for end_index, (length, forms, trigger) in automaton.iter(haystack):
            start, end = end_index - length + 1, end_index + 1
            if trigger and ("en" in trigger or language in trigger):
                inside_word = language in trigger and "suffix" in trigger     # German compounds
                if inside_word or (text[start].isupper() and (start == 0 or not _wordy(text[start - 1]))
                                   and (end == len(text) or not _wordy(text[end]))):
                    points.append((start, end))
            if not forms or not _boundary_ok(text, start, end):
                continue
            surface = " ".join(plain[start:end].split())
            valid = [f for f in forms if _case_ok(f, surface)]
            if valid:
                found.append((start, end, valid))
    return found, points


@dataclass
class _Matcher:
    automata: _Automata
    templates: dict[tuple[str, ...], str]
    heads: dict[str, str]       # registry id -> head noun of its canonical name (lower case)


@functools.cache
def _matcher() -> _Matcher:
    reg = registry.load()
    forms: list[tuple[str, str, str]] = []
    templates: dict[tuple[str, ...], str] = {}
    heads: dict[str, str] = {}
    for e in reg.entries:
        if e.generic:
            for name in e.all_names():
                templates.setdefault(_norm_tokens(name), e.id)
            continue
        forms += [(name, "name", e.id) for names in e.names.values() for name in names]
        forms += [(alias, "alias", e.id) for alias in e.aliases]
        forms += [(acronym, "acronym", e.id) for acronym in e.acronyms]
        forms += [(short, "short", e.id) for short in e.short]
        head = _head_of_name(e.canonical_name)
        if head:
            heads[e.id] = head
    triggers: dict[str, set[str]] = {}
    for word in HEADS_EN | {"forum", "union", "congress", "ngo"}:
        triggers.setdefault(word, set()).add("en")
    for word in HEADS_FR:
        triggers.setdefault(word, set()).add("fr")
    for suffix in (*HEAD_SUFFIXES_DE, "stadt", "gemeinde"):
        triggers.setdefault(suffix, set()).update({"de", "suffix"})
    automata = _build(forms, {k: frozenset(v) for k, v in triggers.items()})
    return _Matcher(automata=automata, templates=templates, heads=heads)


def _head_of_name(name: str) -> str | None:
    """The head noun of a canonical name: the last capitalised word before the first connector."""
    last = None
    for word in re.findall(r"[\w'’-]+", name):
        if word[0].islower():
            break
        last = word
    if last and last.lower() in ANAPHOR_HEADS:
        return last.lower()
    return None


# ------------------------------------------------------------------------------------ word lists

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


HEADS_EN = _words("""
ministry department agency office institute institution centre center committee commission council directorate
directorate-general authority service embassy foundation association network platform board unit university
academy inspectorate secretariat federation bureau observatory police gendarmerie mission delegation consortium
coalition court parliament assembly lab laboratory college municipality city chamber tribunal ombudsman
administration alliance organisation organization group party force presence representation
""")
CITY_HEADS = frozenset({"city", "municipality"})
RESTRICTED_HEADS = {
    "group": frozenset({"working", "expert", "steering", "contact", "advisory", "coordination", "liaison",
                        "reference", "task", "consultative", "parliamentary", "political"}),
    "party": frozenset({"working"}),
    "force": frozenset({"task", "police", "border", "defence", "defense", "security"}),
    "presence": frozenset(),
    "representation": frozenset({"permanent"}),
    "institution": frozenset({"penitentiary", "correctional", "national", "ombudsman"}),
}
TO_HEADS = frozenset({"mission", "embassy", "delegation", "representation", "office", "presence"})
ANAPHOR_HEADS = HEADS_EN | frozenset({"forum", "union", "congress"})
BREAK_WORDS = _words("""
the a an this that these those its their our his her your my each every any all both some several many few
in on at for from by with as to of and or but if when while after before during since under between within
through into via per about against among upon over without across towards toward than
is are was were be been will would shall should can could may might must has have had do does did
also not no nor other such more most only further new first second third next last
""")
ROLE_WORDS = _words("""
Mr Ms Mrs Dr Prof Sir Dame Madam Mme Herr Frau President Vice-President Head Director Deputy Minister Mayor
Commissioner Secretary Chair Chairman Chairperson Ambassador Rapporteur Spokesperson Spokesman Coordinator
Governor Prime Judge Prosecutor Officer Advisor Adviser Representative Member Members Commander Chief
""")
GENERIC_MODS = _words("""
national federal regional local municipal state public general central international european joint criminal
police prison probation social youth security steering working advisory expert coordination executive special
main supreme high higher independent permanent technical scientific judicial border financial intelligence health
education civil interior foreign internal home city town district county provincial global new annual press
prevention services service research media information communication communications training support family
families victims case management crisis emergency human rights resources legal affairs policy planning strategic
operational analysis data protection child children women integration migration welfare liaison project
""")
HONORIFICS = frozenset({"Mr", "Ms", "Mrs", "Dr", "Prof", "Sir", "Dame", "Madam", "Mme", "Herr", "Frau"})
EVENT_MODS = frozenset({"summer", "winter", "spring", "autumn", "annual", "conference", "workshop", "seminar"})
SENTENCE_PUNCT = frozenset(".!?:;•·*–—-\"“”„«»()[]|")
POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")

# kind of a new body from its head noun
HEAD_KIND = {
    "ministry": "ministry", "police": "police", "gendarmerie": "police", "embassy": "embassy",
    "delegation": "embassy", "representation": "embassy", "mission": "mission", "presence": "mission",
    "university": "research", "institute": "research", "academy": "research", "observatory": "research",
    "lab": "research", "laboratory": "research", "college": "research",
    "foundation": "ngo", "association": "ngo", "verein": "ngo", "ngo": "ngo", "stiftung": "ngo",
    "network": "network", "platform": "network",
    "federation": "network", "coalition": "network", "alliance": "network", "consortium": "network",
    "committee": "committee", "commission": "committee", "council": "committee", "board": "committee",
    "group": "committee", "party": "committee", "chamber": "committee", "assembly": "institution",
    "parliament": "institution", "court": "court", "tribunal": "court", "municipality": "city", "city": "city",
    "stadt": "city", "gemeinde": "city",
}
LOCAL_WORDS = frozenset({"city", "municipality", "municipal", "town", "county", "district", "ville", "mairie",
                         "métropole", "commune", "stadt", "gemeinde", "région", "region"})

# French
HEADS_FR = _words("""
ministère commission office agence centre conseil comité direction institut observatoire fondation association
forum réseau ville métropole région université préfecture délégation secrétariat service unité mission cellule
haut-commissariat fédération mairie commune tribunal cour parquet assemblée organisation organe bureau police
gendarmerie collectif plateforme
""")
PREP_FR = frozenset({"de", "du", "des", "pour", "contre", "sur", "à", "en", "auprès"})
FIRST_PREP_FR = frozenset({"de", "du", "des", "pour", "contre"})
DET_FR = frozenset({"la", "le", "les"})
ADJ_FR = re.compile(r"(?:al|ale|aux|ales|el|elle|elles|ique|iques|ien|ienne|iens|ais|aise|ois|oise|ain|aine|aire|"
                    r"aires|if|ive|é|ée|és|ées|eur|eure|euse|ier|ière|iste|ine|ieur|ieure|al[e]?s|ant|ante|ent|ente)$")
STOP_FR = _words("""
a est sont été être ont avait sera seront qui que dont où et ou mais le la les un une des du de au aux ce cette
ces son sa ses leur leurs il elle ils elles on se ne pas plus avec par dans lors afin ainsi
""")

# German
HEAD_SUFFIXES_DE = ("ministerium", "amt", "zentrale", "institut", "stelle", "verbund", "netzwerk", "polizei",
                    "behörde", "kommission", "ausschuss", "stiftung", "verein", "verband", "gericht", "direktion",
                    "präsidium", "akademie", "universität", "hochschule", "agentur", "büro", "zentrum", "bündnis",
                    "forum", "dienst", "anwaltschaft")
NAME_FOLLOWS_DE = frozenset({"netzwerk", "verein", "stiftung", "bündnis", "stadt", "gemeinde", "forum"})
PREP_DE = frozenset({"für", "gegen", "des", "der", "zur", "zum", "von", "vom"})
ART_DE = frozenset({"die", "der", "das", "den", "dem", "des"})
INDEF = frozenset({"a", "an", "ein", "eine", "einem", "einer", "eines", "einen", "un", "une", "another",
                   "any", "each", "every"})
STOP_DE = _words("""
der die das den dem des ein eine einem einer eines einen und oder mit von für zu zur zum im am vom beim in auf
bei aus nach über durch gegen wie als auch sich ist sind wird werden wurde hat haben so sie er es wir ihr
""")

ARTICLES = frozenset({"la", "le", "les", "du", "des", "au", "aux", "der", "die", "das", "dem", "den"})
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&./-]{0,11}$")
# tokens are read from the typography-folded text (apostrophes unified, footnote marks blanked)
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:[-'.&/]\w+)*|\S")


# ------------------------------------------------------------------------------------------ text

@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    lower: str
    cap: bool
    nl_before: bool
    run: bool           # may be part of a capitalised name: capitalised, alphabetic, not a function word


_DIGIT = re.compile(r"\d")


def _tokenise(text: str, start: int = 0, end: int | None = None) -> list[_Tok]:
    """Tokens of text[start:end] with offsets into `text`; the first token starts a line."""
    out: list[_Tok] = []
    prev_end = start
    find = text.find
    first_token = True
    for m in _TOKEN.finditer(_plain(text), start, len(text) if end is None else end):
        word = m.group()
        a, b = m.span()
        lower = word.lower()
        first = word[0]
        cap = first.isupper()
        run = (cap and first.isalpha() and len(word) > 1 and lower not in BREAK_WORDS and word not in ROLE_WORDS
               and (word.isalpha() or _DIGIT.search(word) is None))
        out.append(_Tok(word, a, b, lower, cap, first_token or find("\n", prev_end, a) >= 0, run))
        prev_end = b
        first_token = False
    return out


WINDOW_BEFORE, WINDOW_AFTER = 200, 360


def _windows(text: str, points: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Disjoint stretches of text around the given (start, end) points, cut at line ends and spaces.

    Names never cross a line break, so reading the lines around head nouns is as good as reading the
    whole text, and much cheaper."""
    spans: list[tuple[int, int]] = []
    size = len(text)
    for a, b in sorted(points):
        lo = max(0, a - WINDOW_BEFORE)
        i = text.rfind("\n", lo, a)
        if i >= 0:
            start = i + 1
        elif lo == 0:
            start = 0
        else:
            j = text.find(" ", lo, a)
            start = j + 1 if j >= 0 else a
        hi = min(size, b + WINDOW_AFTER)
        i = text.find("\n", b, hi)
        if i >= 0:
            stop = i
        elif hi == size:
            stop = size
        else:
            j = text.rfind(" ", b, hi)
            stop = j if j >= 0 else hi
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], stop))
        else:
            spans.append((start, stop))
    return spans


def _window_tokens(text: str, points: Iterable[tuple[int, int]]) -> tuple[_Tok, ...]:
    out: list[_Tok] = []
    for start, stop in _windows(text, points):
        out.extend(_tokenise(text, start, stop))
    return tuple(out)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))



def _run_word(t: _Tok) -> bool:
    return t.run


def _object_word(t: _Tok) -> bool:
    """A word of the object of a name: "Office of the Prosecutor General", "Office of the President"."""
    return t.run or (t.text in ROLE_WORDS and t.text not in HONORIFICS)


def _bare(word: str) -> str:
    return POSSESSIVE.sub("", word)


# ---------------------------------------------------------------------------------- data records

@dataclass
class _Hit:
    start: int
    end: int
    entries: tuple[str, ...]
    short: bool
    acronym: str | None = None


@dataclass
class _Cand:
    start: int
    end: int
    surface: str
    head: str
    acronym: str | None = None
    country: str | None = None
    template: str | None = None
    core: tuple[str, ...] = ()
    acronym_span: Span | None = None
    place: str | None = None        # a trailing place name ("Landeskriminalamt Niedersachsen")
    strong: bool = False            # chain, acronym or apposition: a name, not a capitalised phrase


@dataclass
class _Entity:
    key: str
    known: bool
    spans: list[Span] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)
    acronym: str | None = None
    country: str | None = None
    template: str | None = None
    core: tuple[str, ...] = ()
    head: str | None = None
    strong: bool = True


class _Intervals:
    """Sorted, non-overlapping [start, end) intervals with O(log n) queries."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        if i > 0 and self.ends[i - 1] > start:
            return True
        return i < len(self.starts) and self.starts[i] < end

    def covering(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.ends[i] > pos:
            return i
        return None

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


# ------------------------------------------------------------------------------ registry matching

_CAPS_COLLISIONS = frozenset({"un", "au", "ue", "pet", "start", "hayat", "onu"})


def _wordy(c: str) -> bool:
    """A character that continues a word (letters, decimal digits); footnote marks do not."""
    return c.isalpha() or c.isdecimal() or c == "_"


def _boundary_ok(text: str, start: int, end: int) -> bool:
    if start > 0:
        c = text[start - 1]
        if _wordy(c) or c in "@/\\#":
            return False
        if c == "." and start > 1 and _wordy(text[start - 2]):
            return False
        if c == "-" and start > 1 and text[start - 2].isalpha() and text[start].islower():
            return False
    if end < len(text):
        c = text[end]
        if _wordy(c) or c in "@/\\":
            return False
        if c == "." and end + 1 < len(text) and _wordy(text[end + 1]):
            return False
    return True


_WORD = re.compile(r"\w+")


def _case_ok(form: _Form, surface: str) -> bool:
    if form.type == "acronym":
        return surface == form.text
    fw = _WORD.findall(form.text)
    sw = _WORD.findall(surface)
    if len(fw) != len(sw):
        return False
    for f, s in zip(fw, sw, strict=True):
        if f[0].isupper():
            if not s[0].isupper():
                return False
            if len(f) >= 2 and f.isupper() and not s.isupper():
                return False
        elif form.type == "short" and not s[0].isupper():
            return False
    return True


def _caps_context(text: str, start: int, end: int) -> bool:
    """True when the words around [start, end) are written in capitals (a heading)."""
    before = re.findall(r"[^\W\d_]+", text[max(0, start - 24):start])
    after = re.findall(r"[^\W\d_]+", text[end:end + 24])
    neighbours = before[-1:] + after[:1]
    return bool(neighbours) and all(len(w) >= 2 and w.isupper() for w in neighbours)


@functools.cache
def _companies() -> frozenset[str]:
    return frozenset(e.id for e in registry.all_entries() if e.kind == "company")


_LINK_BEFORE = re.compile(r"(?:\b(?:on|via|at|to|us|share|follow)|[|•·/:])\s*$", re.IGNORECASE)
_LINK_AFTER = re.compile(r"^\W{0,3}(?:page|account|accounts|channel|post|posts|feed|profile|video|videos|"
                         r"handle|@|\||•|·|/|$)", re.IGNORECASE)


def _link_context(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if line_end - line_start < 40:
        return True     # a line of links ("Facebook | Twitter | LinkedIn")
    return bool(_LINK_BEFORE.search(text[max(line_start, start - 12):start])
                or _LINK_AFTER.search(text[end:min(line_end, end + 12)]))


def _registry_hits(text: str, language: str = "en") -> tuple[list[_Hit], list[Span]]:
    found, points = _scan(_matcher().automata, text, language)
    raw: list[_Hit] = []
    for start, end, valid in found:
        full = [f for f in valid if f.type != "short"]
        if full:
            acronym = next((f.text for f in full if f.type == "acronym"), None)
            if acronym and acronym.lower() in _CAPS_COLLISIONS and _caps_context(text, start, end):
                continue        # "UN" in "UN ATELIER", "AU" in "AU SERVICE DE"
            if full[0].entry in _companies() and _link_context(text, start, end):
                continue        # "Follow us on Twitter", "our Facebook page": a link, not the company
            raw.append(_Hit(start, end, (full[0].entry,), short=False, acronym=acronym))
        else:
            raw.append(_Hit(start, end, tuple(dict.fromkeys(f.entry for f in valid)), short=True))
    # longest wins; among equals, a full form beats a short one, then the leftmost
    raw.sort(key=lambda h: (-(h.end - h.start), h.short, h.start))
    taken = _Intervals()
    out: list[_Hit] = []
    for hit in raw:
        if not taken.overlaps(hit.start, hit.end):
            taken.add(hit.start, hit.end)
            out.append(hit)
    out.sort(key=lambda h: h.start)
    return out, points


# ------------------------------------------------------------------------------ pattern matching

class _Finder:
    def __init__(self, text: str, toks: tuple[_Tok, ...], registry_cover: _Intervals) -> None:
        self.text = text
        self.toks = toks
        self.n = len(toks)
        self.cover = registry_cover

    # ----------------------------------------------------------------- helpers
    def covered(self, t: _Tok) -> bool:
        return self.cover.covering(t.start) is not None

    def sentence_start(self, i: int) -> bool:
        if i == 0 or self.toks[i].nl_before:
            return True
        return self.toks[i - 1].text in SENTENCE_PUNCT

    def head_ok(self, i: int) -> str | None:
        t = self.toks[i]
        if not t.run:
            return None
        lemma = t.lower if t.lower in HEADS_EN else _bare(t.text).lower()
        if lemma not in HEADS_EN:
            return None
        allowed = RESTRICTED_HEADS.get(lemma)
        if allowed is not None:
            prev = self.toks[i - 1].lower if i > 0 else ""
            nxt = self.toks[i + 1].lower if i + 1 < self.n else ""
            named_by_object = lemma in ("group", "presence", "institution") and nxt in ("on", "in", "for")
            if prev not in allowed and not named_by_object:
                return None
        return lemma

    def _acronym_after(self, j: int) -> tuple[str | None, str | None, int, Span | None]:
        """A parenthesised acronym or country right after token j: (acronym, country, last index, span)."""
        toks = self.toks
        if j + 3 < self.n + 1 and j + 1 < self.n and toks[j + 1].text == "(" and not toks[j + 1].nl_before:
            k = j + 2
            inner: list[_Tok] = []
            while k < self.n and toks[k].text != ")" and len(inner) < 4:
                inner.append(toks[k])
                k += 1
            if k < self.n and toks[k].text == ")" and inner:
                word = self.text[inner[0].start:inner[-1].end]
                if len(inner) == 1 and _ACRONYM.match(word) and sum(c.isupper() for c in word) >= 2:
                    return word, None, k, (inner[0].start, inner[-1].end)
                if _is_country_word(word):
                    return None, _countries().codes[word], k, None
        return None, None, j, None

    # ----------------------------------------------------------------- English
    def english(self) -> list[_Cand]:
        out: list[_Cand] = []
        toks = self.toks
        for h in range(self.n):
            lemma = self.head_ok(h)
            if lemma is None:
                continue
            if h + 1 < self.n and _run_word(toks[h + 1]) and not toks[h + 1].nl_before \
                    and not POSSESSIVE.search(toks[h].text):
                continue    # the head is inside a longer capitalised phrase ("Police Conference")
            cand = self._english_from(h, lemma)
            if cand is not None:
                out.append(cand)
        return out

    def _english_from(self, h: int, lemma: str) -> _Cand | None:
        toks = self.toks
        k = h
        owner = False
        while k - 1 >= 0 and h - k < 6 and not toks[k].nl_before and _run_word(toks[k - 1]):
            prev = toks[k - 1]
            index = self.cover.covering(prev.start)
            if index is not None:
                # a registry name owns this body: "Council of Europe Office in Belgrade", "OSCE Mission to X"
                if POSSESSIVE.search(prev.text):
                    break
                first = _find_tok(toks, self.cover.starts[index])
                k = first if first < k and not any(t.nl_before for t in toks[first + 1:k]) else k - 1
                owner = True
                break
            k -= 1
        # "Prison and Probation Service": a conjunct of modifiers on the left
        if (not owner and k >= 2 and k < h and toks[k - 1].lower in ("and", "&") and not toks[k].nl_before
                and not toks[k - 1].nl_before and _run_word(toks[k - 2])
                and _bare(toks[k - 2].text).lower() not in HEADS_EN and not _is_country_word(toks[k - 2].text)):
            j = k - 2
            while j - 1 >= 0 and h - j < 8 and not toks[j].nl_before and _run_word(toks[j - 1]):
                j -= 1
            if j == 0 or toks[j - 1].lower not in ("of", "for", "on", "against", "to", "in", "and"):
                k = j       # not when the left conjunct is the object of another name ("Ministry of Justice and …")
        end = h if POSSESSIVE.search(toks[h].text) else self._chain(h, lemma)
        # " – Defense Cooperation Office": a sub-unit joined by a dash
        if (end + 2 < self.n and toks[end + 1].text in ("–", "-", "—") and not toks[end + 1].nl_before
                and not toks[end + 2].nl_before and _run_word(toks[end + 2])):
            j = end + 2
            while j + 1 < self.n and _run_word(toks[j + 1]) and not toks[j + 1].nl_before and j - end < 6:
                j += 1
            sub = self.head_ok(j)
            if sub is not None:
                end = self._chain(j, sub)
        if end - k + 1 > MAX_CANDIDATE_TOKENS:
            return None
        mods = toks[k:h]
        chained = end > h
        acronym, country, _, acro_span = self._acronym_after(end)
        if not mods and not chained:
            return None
        if lemma in CITY_HEADS and not chained:
            return None
        words = [m for m in mods if m.lower not in ("and", "&")]
        if any(m.lower in EVENT_MODS for m in words):
            return None     # "Summer Academy on …" is an event
        named_by_object = any(t.lower in ("of", "for", "on", "against", "to", "in") for t in toks[h + 1:end])
        generic = (not named_by_object and acronym is None and all(m.lower in GENERIC_MODS for m in words)
                   and not any(_is_country_word(m.text) for m in words))
        if generic and self.sentence_start(k):
            return None     # "Local Police officers …", "Social Services Department staff …"
        if self.covered(toks[h]):
            return None
        if not chained and acronym is None and all(t.text.isupper() for t in toks[k:h + 1]):
            return None     # a heading in capitals ("LEADERSHIP AND ORGANISATION")
        start, stop = toks[k].start, toks[end].end
        if POSSESSIVE.search(toks[end].text):
            stop -= 2
        # a generic phrase ("the Press Office", "the Criminal Police") is kept only when it names a
        # body that the document also names in full
        return _Cand(start, stop, self.text[start:stop], lemma, acronym=acronym, country=country,
                     acronym_span=acro_span, strong=not generic)

    def _chain(self, h: int, lemma: str) -> int:
        toks = self.toks
        end, p, groups = h, h + 1, 0
        comma_end: int | None = None
        and_after_comma = False
        while p < self.n and groups < 8:
            q, conn = p, list[str]()
            while q < self.n and len(conn) < 2 and not toks[q].nl_before and toks[q].lower in (
                    "of", "for", "on", "against", "the", "and", "&", "to", ",", "in"):
                conn.append(toks[q].lower)
                q += 1
            if not conn or q >= self.n or toks[q].nl_before or not _object_word(toks[q]):
                break
            pattern = tuple(conn)
            if pattern not in _CHAIN_PATTERNS:
                break
            if pattern[0] in ("to", "in") and lemma not in TO_HEADS:
                break
            if pattern[0] in ("and", "&", ",") and not _run_word(toks[q]):
                break
            r = q
            while (r + 1 < self.n and _object_word(toks[r + 1]) and not toks[r + 1].nl_before
                   and not POSSESSIVE.search(toks[r].text)):
                r += 1
            # another body begins: "… and Ministry of …", "… and Europol"
            if pattern[0] in ("and", "&", ",") and (self.covered(toks[q]) or self.head_ok(q) or (
                    r + 1 < self.n and toks[r + 1].lower in ("of", "for") and self.head_ok(r))):
                break
            if pattern == (",",):
                if comma_end is None:
                    comma_end = end
            elif pattern[0] in ("and", "&") and comma_end is not None:
                and_after_comma = True
            end, p = r, r + 1
            groups += 1
            if POSSESSIVE.search(toks[r].text):
                break
        if comma_end is not None and not and_after_comma:
            end = comma_end
        return end

    # ----------------------------------------------------------------- appositions
    _APPOSITION = re.compile(
        r"(?<![\w'’&.-])((?:[A-Z][\w'’&.-]{0,40})(?: (?:[A-Z][\w'’&.-]{0,40}|of|for|and|the|on|&)){0,7}),\s+"
        r"(?:a|an)\s+"
        r"(?:(?!of\b|the\b|in\b|with\b|and\b)[\w-]+\s+){0,3}?"
        r"(NGO|non-governmental organi[sz]ation|non-profit(?: organi[sz]ation)?|not-for-profit organi[sz]ation|"
        r"civil society organi[sz]ation|charity|think[ -]tank|association|foundation|network of [\w-]+)\b")

    def appositions(self) -> list[_Cand]:
        out: list[_Cand] = []
        if _APPOSITION_GATE.search(self.text) is None:
            return out
        for m in self._APPOSITION.finditer(self.text):
            name = m.group(1)
            words = name.split(" ")
            while words and (words[0].lower() in BREAK_WORDS or words[0] in ROLE_WORDS):
                words.pop(0)
            while words and words[-1].lower() in BREAK_WORDS:
                words.pop()
            if not words:
                continue
            name = " ".join(words)
            offset = m.start(1) + m.group(1).find(name)
            if _is_country_word(name) or name.lower() in BREAK_WORDS or "\n" in name:
                continue
            head = words[-1].lower()
            out.append(_Cand(offset, offset + len(name), name, head if head in HEADS_EN else "ngo", strong=True))
        return out

    # ----------------------------------------------------------------- French
    def french(self) -> list[_Cand]:
        out = []
        toks = self.toks
        for h in range(self.n):
            t = toks[h]
            word, shift = _elided(t.text)
            if not word or not word[0].isupper() or word.lower() not in HEADS_FR:
                continue
            if self.covered(t):
                continue
            end = self._french_chain(h)
            if end == h:
                continue
            acronym, country, _, acro_span = self._acronym_after(end)
            start = t.start + shift
            out.append(_Cand(start, toks[end].end, self.text[start:toks[end].end], word.lower(), acronym=acronym,
                             country=country, acronym_span=acro_span, strong=True))
        return out

    def _french_chain(self, h: int) -> int:
        toks = self.toks
        p, end, groups = h + 1, h, 0
        adjective = False
        if p < self.n and not toks[p].nl_before and toks[p].text.isalpha() and toks[p].text.islower() \
                and toks[p].lower not in PREP_FR and toks[p].lower not in STOP_FR:
            p += 1      # one adjective: "Commission nationale", "Centre genevois"
            adjective = True
        while p < self.n and groups < 5 and not toks[p].nl_before:
            t = toks[p]
            word, shift = _elided(t.text)
            if groups == 0 and not adjective and t.lower in PREP_FR and t.lower not in FIRST_PREP_FR:
                break       # "Conclusions du Conseil sur le rôle …" is not a body's name
            if t.lower in PREP_FR or t.lower == "et":
                if t.lower == "et" and p + 2 < self.n and toks[p + 1].lower in DET_FR \
                        and _elided(toks[p + 2].text)[0][:1].isupper():
                    break           # "… et le Forum …": another body begins
                p += 1
                if p < self.n and toks[p].lower in DET_FR:
                    p += 1
                if p >= self.n or toks[p].nl_before:
                    break
                t = toks[p]
                word, shift = _elided(t.text)
                if shift and t.text[:1].lower() == "d":
                    break
            elif shift and t.text[:1].lower() == "d":
                pass                # "d'experts": preposition and noun in one token
            else:
                break
            if shift and t.text[:1].lower() == "l" and not word:
                break
            if word[:1].isupper():
                r = p
                while r + 1 < self.n and not toks[r + 1].nl_before and toks[r + 1].text[:1].isupper() \
                        and toks[r + 1].text[:1].isalpha():
                    r += 1
                end, p = r, r + 1
            elif word.isalpha() and word.lower() not in STOP_FR:
                end, p = p, p + 1
                if p < self.n and not toks[p].nl_before and toks[p].text.isalpha() and toks[p].text.islower() \
                        and ADJ_FR.search(toks[p].text) and toks[p].lower not in STOP_FR:
                    end, p = p, p + 1
            else:
                break
            groups += 1
        return end

    # ----------------------------------------------------------------- German
    def german(self) -> list[_Cand]:
        out = []
        toks = self.toks
        for h in range(self.n):
            t = toks[h]
            lemma = _german_head(t.text)
            if lemma is None or self.covered(t):
                continue
            k = h
            if h > 0 and not t.nl_before and toks[h - 1].cap and toks[h - 1].lower not in STOP_DE \
                    and toks[h - 1].text.isalpha() and re.search(r"(?:e|es|er|en|em)$", toks[h - 1].text):
                k = h - 1
            if k > 0 and toks[k - 1].lower in INDEF:
                continue
            end = self._german_chain(h)
            follows = 0
            if end == h and lemma in NAME_FOLLOWS_DE:
                j = h
                while (j + 1 < self.n and follows < 4 and not toks[j + 1].nl_before and toks[j + 1].cap
                       and toks[j + 1].text.isalpha() and toks[j + 1].lower not in STOP_DE):
                    j += 1
                    follows += 1
                    if j + 2 < self.n and toks[j + 1].lower == "und" and toks[j + 2].cap \
                            and toks[j + 2].lower not in STOP_DE and _german_head(toks[j + 2].text) is None:
                        j += 1
                end = j
            place = None
            if end == h and h + 1 < self.n and not toks[h + 1].nl_before and _german_place(toks[h + 1].text) \
                    and (h + 2 >= self.n or not toks[h + 2].cap or toks[h + 2].text in SENTENCE_PUNCT):
                end = h + 1     # "Landeskriminalamt Niedersachsen"
                place = toks[h + 1].text
            acronym, country, _, acro_span = self._acronym_after(end)
            # a compound that names one kind of national body by itself ("das Landeskriminalamt")
            specific = re.match(r"(?:Bundes|Landes)\w{6,}", t.text) is not None \
                and _norm_tokens(t.text) in _matcher().templates
            if end == h and not (k < h and acronym) and not specific:
                continue        # "die Polizei", "das Jugendamt": no particular body
            start, stop = toks[k].start, toks[end].end
            out.append(_Cand(start, stop, self.text[start:stop], lemma, acronym=acronym, country=country,
                             acronym_span=acro_span, place=place, strong=True))
        return out

    def _german_chain(self, h: int) -> int:
        toks = self.toks
        p, end, groups = h + 1, h, 0
        while p < self.n and groups < 5 and not toks[p].nl_before:
            if toks[p].lower not in PREP_DE:
                break
            q = p + 1
            if q < self.n and toks[q].lower in ART_DE and toks[p].lower in ("für", "gegen", "von"):
                q += 1
            adjectives = 0
            while q < self.n and adjectives < 2 and toks[q].text.isalpha() and toks[q].text.islower() \
                    and toks[q].lower not in STOP_DE:
                q += 1
                adjectives += 1
            if q >= self.n or toks[q].nl_before or not toks[q].cap or not toks[q].text[0].isalpha():
                break
            end, p = q, q + 1
            groups += 1
            # "… und Schulentwicklung", "Drogen- und Verbrechensbekämpfung"
            while p + 1 < self.n and toks[p].lower == "und" and not toks[p].nl_before:
                q = p + 1
                if toks[q].lower in ART_DE:
                    break
                while q < self.n and toks[q].text.isalpha() and toks[q].text.islower() \
                        and toks[q].lower not in STOP_DE:
                    q += 1
                if q >= self.n or not toks[q].cap or not toks[q].text[0].isalpha():
                    break
                end, p = q, q + 1
        if end > h and end + 1 < self.n and not toks[end + 1].nl_before and _german_place(toks[end + 1].text):
            nxt = toks[end + 2] if end + 2 < self.n else None
            if _is_country_word(toks[end + 1].text) or nxt is None or not nxt.cap or nxt.text in SENTENCE_PUNCT:
                end += 1        # "… Hamburg", "der Republik Österreich"
        return end

    _EV = re.compile(r"(?<![\w-])((?:[A-ZÄÖÜ][\w-]{0,40}\s+){0,3}[A-ZÄÖÜ][\w-]{0,40})\s+e\.\s?V\.")

    def registered_associations(self) -> list[_Cand]:
        out: list[_Cand] = []
        if "e.V." not in self.text and "e. V." not in self.text:
            return out
        for m in self._EV.finditer(self.text):
            words = m.group(1).split()
            while words and words[0].lower() in STOP_DE:
                words.pop(0)
            if not words:
                continue
            start = m.end(1) - len(" ".join(words)) if "\n" not in m.group(1) else m.start(1)
            start = self.text.find(words[0], m.start(1))
            out.append(_Cand(start, m.end(), self.text[start:m.end()], "verein", strong=True))
        return out


_APPOSITION_GATE = re.compile(r",\s+an?\s")
_CHAIN_PATTERNS = frozenset({("of",), ("of", "the"), ("for",), ("for", "the"), ("on",), ("on", "the"),
                             ("against",), ("and",), ("&",), ("to",), ("to", "the"), (",",), ("in",),
                             ("in", "the")})


def _elided(word: str) -> tuple[str, int]:
    """French elision: "l'Intérieur" -> ("Intérieur", 2); other words unchanged."""
    if len(word) > 2 and word[1] in "'’" and word[0] in "lLdD":
        return word[2:], 2
    return word, 0


_NOUN_ENDINGS_DE = re.compile(r"(?:ung|heit|keit|schaft|tion|tät|ismus|nis|ik|ur|enz|anz|ei|ling|ment)$")


def _german_place(word: str) -> bool:
    """A capitalised word that reads as a place name rather than a common noun."""
    if _is_country_word(word):
        return True
    return (word[:1].isupper() and word.replace("-", "").isalpha() and word.lower() not in STOP_DE
            and _german_head(word) is None and (("-" in word) or not _NOUN_ENDINGS_DE.search(word)))


def _german_head(word: str) -> str | None:
    if len(word) < 4 or not word[0].isupper() or not word.isalpha():
        return None
    lower = word.lower()
    for candidate in (lower, lower[:-1] if lower.endswith("s") else None, lower[:-2] if lower.endswith("es") else None):
        if candidate:
            for suffix in HEAD_SUFFIXES_DE:
                if candidate.endswith(suffix) and (candidate != suffix or suffix in NAME_FOLLOWS_DE):
                    return "stadt" if candidate in ("stadt", "gemeinde") else candidate[-len(suffix):] \
                        if candidate == suffix else suffix
    if lower in ("stadt", "gemeinde"):
        return lower
    return None


# ------------------------------------------------------------------------------- entity building

def _template(core: tuple[str, ...]) -> str | None:
    """The generic body whose name begins `core`: "ministry of education science …" is a ministry of
    education; a one-word template ("police", "city") must be the whole head ("police academy" is not
    a police force, "city of athens" is a city)."""
    templates = _matcher().templates
    for length in range(min(len(core), 8), 0, -1):
        found = templates.get(core[:length])
        if found and (length > 1 or len(core) == 1 or core[1] in ("of", "for", "in", "to", "de", "du", "des")):
            return found
    return None


_REPUBLIC = re.compile(r"\b(?:of\s+)?(?:the\s+)?(?:Republic|République|Republik|Kingdom|Royaume|Federation)\b"
                       r"(?:\s+(?:of|de|du|der|des)(?:\s+the)?)?", re.IGNORECASE)


def _describe(cand: _Cand) -> None:
    """Fill country, core and template of a candidate from its written name."""
    surface = cand.surface
    code, spans = _country_in(surface)
    if code and not cand.country:
        cand.country = code
    stripped = surface
    for a, b in reversed(spans):
        stripped = stripped[:a] + " " + stripped[b:]
    if cand.place and stripped.endswith(cand.place):
        stripped = stripped[:-len(cand.place)]
    stripped = _REPUBLIC.sub(" ", stripped)
    core = list(_norm_tokens(stripped))
    while core and core[-1] in ("of", "for", "and", "de", "du", "des", "der", "the", "to", "in", "la", "le", "l"):
        core.pop()
    while core and core[0] in ("of", "the"):
        core.pop(0)
    cand.core = tuple(core)
    cand.template = _template(cand.core)
    if cand.template is None and len(core) > 1 and core[0] in GENERIC_MODS:
        cand.template = _template(cand.core[1:]) if core[0] in ("federal", "national", "state") else None


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _same(cand: _Cand, e: _Entity) -> bool:
    if e.known:
        return False
    if cand.acronym and e.acronym and cand.acronym == e.acronym:
        return True
    if not _compatible(cand.country, e.country):
        return False
    if cand.template and cand.template == e.template:
        return True
    if cand.core and cand.core == e.core:
        return True
    short, long_ = (cand.core, e.core) if len(cand.core) <= len(e.core) else (e.core, cand.core)
    extra = len(long_) - len(short)
    return len(short) >= 2 and long_[extra:] == short and all(w in GENERIC_MODS for w in long_[:extra])


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", _ascii(text)).strip("-")
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
        while slug.rsplit("-", 1)[-1] in ("of", "for", "and", "the", "on", "in", "to", "de", "du", "des", "la", "le"):
            slug = slug.rsplit("-", 1)[0]
    return slug or "body"


# ------------------------------------------------------------------------------------ public API

def find_organisations(text: str, language: str = "en", *, kind: str | None = None) -> list[OrganisationMention]:
    """Every body named in `text`, one mention per body, in order of first mention.

    `language` selects the French or German patterns (English ones always run, since English
    names appear in every language); `kind` (the document genre, optional) lets bare
    "Council"/"Commission" resolve to the EU institutions in council conclusions."""
    if not text or not text.strip():
        return []
    text = text[:MAX_CHARS]
    reg = registry.load()
    hits, points = _registry_hits(text, language)
    full_hits = [h for h in hits if not h.short]
    cover = _Intervals()
    for hit in full_hits:
        cover.add(hit.start, hit.end)

    points += [(h.start, h.end) for h in hits if h.short]
    toks = _window_tokens(text, points)
    # short forms ("Commission", "Council", "Congress"): resolved against the bodies named in full
    registry_named = {h.entries[0] for h in full_hits}
    eu_context = (kind == "conclusions" or any(reg.by_id[k].level == "eu" for k in registry_named)
                  or _EU_CUES.search(text) is not None)
    shorts: list[tuple[_Hit, str]] = []
    short_cover = _Intervals()
    for hit in hits:
        if hit.short and _short_position_ok(toks, hit):
            choice = _resolve_short(hit, registry_named, full_hits, reg, eu_context)
            if choice is not None:
                shorts.append((hit, choice))
                short_cover.add(hit.start, hit.end)

    finder = _Finder(text, toks, cover)
    cands = finder.english() + finder.appositions()
    if language == "fr":
        cands += finder.french()
    elif language == "de":
        cands += finder.german() + finder.registered_associations()
    cands = _select_candidates(cands, cover, short_cover)

    # ---- registry entities
    entities: dict[str, _Entity] = {}
    order: list[str] = []

    def entity(key: str, known: bool) -> _Entity:
        if key not in entities:
            entities[key] = _Entity(key=key, known=known)
            order.append(key)
        return entities[key]

    for hit in full_hits:
        e = entity(hit.entries[0], True)
        e.spans.append((hit.start, hit.end))
    local_acronyms: dict[str, str] = {}
    for hit in full_hits:           # "Name (ACR)" after a registry name defines ACR in this document
        acronym = _paren_acronym(text, hit.end)
        if acronym and hit.acronym is None:
            local_acronyms.setdefault(acronym, hit.entries[0])

    # ---- new bodies
    cand_cover = _Intervals()
    unknown: list[_Entity] = []
    for cand in cands:
        _describe(cand)
        cand_cover.add(cand.start, cand.end)
        target = next((e for e in unknown if _same(cand, e)), None)
        if target is None:
            target = _Entity(key=f"new:{len(unknown)}", known=False, strong=False)
            unknown.append(target)
            entities[target.key] = target
            order.append(target.key)
        target.spans.append((cand.start, cand.end))
        target.surfaces.append(cand.surface)
        target.acronym = target.acronym or cand.acronym
        target.country = target.country or cand.country
        target.template = target.template or cand.template
        target.core = max(target.core, cand.core, key=len)
        target.head = target.head or cand.head
        target.strong = target.strong or cand.strong
        if cand.acronym and cand.acronym_span:
            local_acronyms[cand.acronym] = target.key
            target.spans.append(cand.acronym_span)
    _merge_countryless(unknown, entities, order)
    for e in [e for e in unknown if not e.strong]:
        unknown.remove(e)
        del entities[e.key]
        order.remove(e.key)
        local_acronyms = {a: k for a, k in local_acronyms.items() if k != e.key}

    # ---- registry acronyms that this document defines for another body
    for hit in full_hits:
        if hit.acronym and local_acronyms.get(hit.acronym, hit.entries[0]) != hit.entries[0]:
            owner = local_acronyms[hit.acronym]
            source = entities[hit.entries[0]]
            source.spans.remove((hit.start, hit.end))
            entities[owner].spans.append((hit.start, hit.end))
    # ---- later bare uses of an acronym defined here
    taken = _Intervals()
    for e in entities.values():
        for s in e.spans:
            if not taken.overlaps(*s):
                taken.add(*s)
    for acronym, owner in local_acronyms.items():
        if acronym in _matcher_acronyms():
            continue
        for m in re.finditer(r"(?<![\w/-])" + re.escape(acronym) + r"(?![\w/])", text):
            if not taken.overlaps(m.start(), m.end()):
                entities[owner].spans.append(m.span())
                taken.add(*m.span())

    # ---- short forms not inside a new body's name ("Lisbon City Council")
    for hit, choice in shorts:
        if not cand_cover.overlaps(hit.start, hit.end) and not taken.overlaps(hit.start, hit.end):
            entity(choice, True).spans.append((hit.start, hit.end))
            taken.add(hit.start, hit.end)

    # ---- "the Board", "the Committee": the nearest body of the document with that head noun
    _anaphora(toks, entities, order, taken)

    return _mentions(entities, order, reg)


# EU style: "Member States" capitalised (the Council of Europe writes "member States")
_EU_CUES = re.compile(r"\bMember States\b|\bCouncil [Cc]onclusions\b|\b[Cc]onclusions du Conseil\b"
                      r"|\bSchlussfolgerungen des Rates\b")


@functools.cache
def _matcher_acronyms() -> frozenset[str]:
    return frozenset(a for e in registry.all_entries() for a in e.acronyms)


def _paren_acronym(text: str, end: int) -> str | None:
    m = re.match(r"\s?\(([A-Z][A-Za-z0-9&./-]{1,11})\)", text[end:end + 16])
    if m and sum(c.isupper() for c in m.group(1)) >= 2:
        return m.group(1)
    return None


def _select_candidates(cands: list[_Cand], cover: _Intervals, short_cover: _Intervals) -> list[_Cand]:
    """Drop candidates that a registry name covers; among overlapping ones keep the longest."""
    kept: list[_Cand] = []
    for cand in cands:
        last = max(cand.start, cand.end - 1)
        if cover.covering(cand.start) is not None and cover.covering(last) is not None:
            continue        # inside registry names
        i, j = short_cover.covering(cand.start), short_cover.covering(last)
        if i is not None and i == j:
            continue        # a resolved short form: "Steering Board" in an EU document
        kept.append(cand)
    kept.sort(key=lambda c: (-(c.end - c.start), c.start))
    taken = _Intervals()
    out = []
    for cand in kept:
        if not taken.overlaps(cand.start, cand.end):
            taken.add(cand.start, cand.end)
            out.append(cand)
    out.sort(key=lambda c: c.start)
    return out


def _merge_countryless(unknown: list[_Entity], entities: dict[str, _Entity], order: list[str]) -> None:
    """A national body mentioned once with its country and once without is one body."""
    for e in list(unknown):
        if e.country is not None or e.template is None:
            continue
        targets = [o for o in unknown if o is not e and o.template == e.template and o.country is not None]
        if len(targets) == 1:
            target = targets[0]
            target.spans.extend(e.spans)
            target.surfaces.extend(e.surfaces)
            target.acronym = target.acronym or e.acronym
            unknown.remove(e)
            del entities[e.key]
            order.remove(e.key)


def _short_position_ok(toks: tuple[_Tok, ...], hit: _Hit) -> bool:
    """A short form standing alone, not inside a longer name ("US Congress", "Council of Ministers of X")."""
    i = _find_tok(toks, hit.start)
    if i >= len(toks):
        return False
    if (i > 0 and _run_word(toks[i - 1]) and toks[i - 1].lower not in ARTICLES and not toks[i].nl_before
            and toks[i - 1].end >= hit.start - 1):
        return False
    j = i
    while j < len(toks) and toks[j].end < hit.end:
        j += 1
    return not (j + 2 < len(toks) and toks[j + 1].lower in ("of", "for") and _run_word(toks[j + 2]))


def _find_tok(toks: tuple[_Tok, ...], pos: int) -> int:
    lo, hi = 0, len(toks)
    while lo < hi:
        mid = (lo + hi) // 2
        if toks[mid].start < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _resolve_short(hit: _Hit, named: set[str], full_hits: list[_Hit], reg: registry.Registry,
                   eu_context: bool) -> str | None:
    owners = [e for e in hit.entries if e in named]
    if owners:
        def last_before(ident: str) -> int:
            before = [h.start for h in full_hits if h.entries[0] == ident and h.start < hit.start]
            return max(before) if before else -1
        return max(owners, key=last_before)
    ancestors = {a for k in named if k in reg.by_id for a in reg.ancestors(k)}
    for ident in hit.entries:
        entry = reg.by_id[ident]
        context = entry.short_context
        if context == "eu" and eu_context:
            return ident
        if context and context != "eu" and context in ancestors:
            return ident
    return None


def _anaphora(toks: tuple[_Tok, ...], entities: dict[str, _Entity], order: list[str], taken: _Intervals) -> None:
    heads = _matcher().heads
    by_head: dict[str, list[tuple[int, str]]] = {}
    for key, e in entities.items():
        head = heads.get(key) if e.known else e.head
        if head and e.spans:
            by_head.setdefault(head, []).append((min(s[0] for s in e.spans), key))
    if not by_head:
        return
    for i in range(1, len(toks)):
        t = toks[i]
        lemma = t.lower
        if lemma not in by_head or not t.cap or toks[i - 1].lower not in ("the", "this") or toks[i - 1].nl_before:
            continue
        if taken.overlaps(t.start, t.end):
            continue
        if i + 1 < len(toks) and not toks[i + 1].nl_before and (
                _run_word(toks[i + 1]) or (toks[i + 1].lower in ("of", "for", "on") and i + 2 < len(toks)
                                           and _run_word(toks[i + 2]))):
            continue
        before = [(start, key) for start, key in by_head[lemma] if start < t.start]
        if not before:
            continue
        key = max(before)[1]
        entities[key].spans.append((t.start, t.end))
        taken.add(t.start, t.end)


def _mentions(entities: dict[str, _Entity], order: list[str], reg: registry.Registry) -> list[OrganisationMention]:
    out: list[OrganisationMention] = []
    used_ids: set[str] = set()
    for key in order:
        e = entities.get(key)
        if e is None or not e.spans:
            continue
        spans = sorted(set(e.spans))
        if e.known:
            entry = reg.by_id[key]
            out.append(OrganisationMention(name=entry.canonical_name, acronym=entry.acronym, id=entry.id,
                                           span=spans[0], known=True, spans=spans, kind=entry.kind,
                                           level=entry.level, country=entry.country))
            used_ids.add(entry.id)
            continue
        name = max(e.surfaces, key=len) if e.surfaces else ""
        name = " ".join(name.split())
        template = reg.by_id.get(e.template) if e.template else None
        if template and e.country:
            ident = f"{e.country.lower()}-{template.id}"
        elif e.acronym:
            ident = _slug(e.acronym)
        else:
            ident = _slug(name)
        if ident in reg.by_id or ident in used_ids:
            ident = f"{ident}-{len(used_ids)}"
        used_ids.add(ident)
        kind_ = template.kind if template else HEAD_KIND.get(e.head or "", "body")
        words = set(_norm_tokens(name))
        level: str | None
        if template:
            level = template.level
        elif words & LOCAL_WORDS:
            level = "local"
        else:
            level = "national" if e.country else None
        out.append(OrganisationMention(name=name, acronym=e.acronym, id=ident, span=spans[0], known=False,
                                       spans=spans, kind=kind_, level=level, country=e.country))
    out.sort(key=lambda m: m.span[0])
    return out

