"""Events: the dated or placed gatherings a document announces or reports (English, French, German).

`find_events(ctx, organisations, places)` reads the normalised text once:

1. Lines, sentences, headings and sections. A heading is a short line without final punctuation
   followed by more text; it opens a section unless it is a mere label ("Background", "Concept
   note") or a dateline ("Helsinki, 7–8 November 2019").
2. Triggers: an event noun (conference, workshop, séminaire, Fachtagung, ...; German compounds
   included) or a verb of gathering ("will meet in Rotterdam", "se retrouvent à Lyon"). Plurals,
   modifiers ("conference centre", "training tool"), programme lines ("11:00 Workshop 2"), names
   of bodies ("EU Internet Forum") and generic uses in recommendations are not triggers.
3. Evidence for each trigger from its sentence (or heading and the dateline under it): the nearest
   full date (temporal.find_dates), a "before" bound, a city after a locative preposition or in
   a dateline, an organising or happening verb ("is organising", "will be held", "findet statt").
4. Merging, so that one event gives one record: a definite reference without evidence of its own
   ("This conference", "la rencontre") joins the event before it in its section; a heading joins
   the event its section describes; candidates of the same kind merge when their dates and cities
   agree and their names overlap (a newsletter's teaser and its item). "next"/"follow-up"
   meetings are new events.
5. Fields: title (a heading naming the event, a quoted name, or the noun phrase of the sentence),
   kind, start/end, city and country (praxhub.extract.places), organisers ("organised by",
   "X is organising", "hosted by the Mayors of A and B", "à l'invitation de", "veranstaltet von",
   snapped to the organisations found when given), topics ("to discuss", "will focus on the
   following topics:", "zum Thema") and the evidence span.

Pure Python and regular expressions; linear in the text; no Django.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from praxhub.extract.context import DocContext
from praxhub.extract.model import Event, OrganisationMention
from praxhub.extract.temporal import DateMention, case_variants, find_dates, fold, trie_regex

MAX_CHARS = 400_000         # longer documents are read up to here (about 150 pages)
MAX_LINES = 20_000          # ... and up to this line
MAX_TRIGGERS = 600
MAX_EVENTS = 300


class PlaceLike(Protocol):
    name: str
    kind: str
    country: str
    span: tuple[int, int]
    city: str | None


# --- lexicon ------------------------------------------------------------------------------------

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Event nouns (lower case, as written) → kind (model.EVENT_KINDS), by language. English nouns are
# read in every document (loanwords: "Workshop", "Webinar"); French and German ones only in documents
# of that language (or of unknown language): "formation" is an English word too.
NOUNS_EN: dict[str, str] = {
    "conference": "conference", "symposium": "conference", "colloquium": "conference", "summit": "conference",
    "forum": "conference", "congress": "conference", "seminar": "conference", "webinar": "conference",
    "workshop": "workshop", "masterclass": "training", "meeting": "meeting", "gathering": "meeting",
    "roundtable": "roundtable", "round table": "roundtable", "round-table": "roundtable",
    "panel discussion": "roundtable", "training": "training", "course": "training",
    "summer school": "training", "summer academy": "training", "session": "session", "plenary": "session",
    "plenary session": "session", "panel debate": "roundtable", "study visit": "other", "study tour": "other",
    "field visit": "other",
}
NOUNS_FR: dict[str, str] = {
    "conférence": "conference", "colloque": "conference", "séminaire": "conference", "webinaire": "conference",
    "sommet": "conference", "congrès": "conference", "journée d'étude": "conference",
    "journée d'études": "conference", "atelier": "workshop", "réunion": "meeting", "rencontre": "meeting",
    "table ronde": "roundtable", "table-ronde": "roundtable", "formation": "training",
    "université d'été": "training", "école d'été": "training", "séance": "session", "plénière": "session",
    "visite d'étude": "other", "visite d'études": "other", "session": "session", "forum": "conference",
}
# German, also read as the last part of a compound: "Präventionskonferenz", "Online-Fachgespräch".
NOUNS_DE: dict[str, str] = {
    "konferenz": "conference", "tagung": "conference", "kongress": "conference", "kolloquium": "conference",
    "gipfel": "conference", "fachgespräch": "meeting", "sitzung": "session", "treffen": "meeting",
    "schulung": "training", "fortbildung": "training", "weiterbildung": "training", "lehrgang": "training",
    "sommerschule": "training", "sommerakademie": "training", "studienreise": "other", "studienbesuch": "other",
    "runder tisch": "roundtable", "runden tisch": "roundtable", "seminar": "conference", "webinar": "conference",
    "workshop": "workshop", "symposium": "conference", "forum": "conference",
}
NOUNS: dict[str, str] = {**NOUNS_DE, **NOUNS_FR, **NOUNS_EN}
GERMAN_SUFFIXES = ("konferenz", "tagung", "kongress", "symposium", "kolloquium", "gipfel", "seminar", "webinar",
                   "workshop", "fachgespräch", "sitzung", "treffen", "schulung", "fortbildung", "weiterbildung",
                   "lehrgang", "studienreise", "studienbesuch")
# Generic nouns: they only ever refer back to an event already announced.
ANAPHOR_NOUNS = {"en": ("event",), "fr": ("événement", "evenement", "manifestation"),
                 "de": ("veranstaltung", "gespräch")}
ONLINE_NOUNS = frozenset({"webinar", "webinaire"})
# A capitalised use of these nouns mid-sentence names a body ("EU Internet Forum", "the Congress").
BODY_NOUNS = frozenset({"forum", "congress", "kongress", "congrès", "summit", "sommet", "gipfel", "session"})
# The noun modifies another noun: "conference centre", "training tool", "meeting summary".
MODIFIED_HEADS = _words("""
website websites site page centre center centres room rooms hall call calls paper papers secretariat material
materials tool tools toolkit fee fees venue report reports summary summaries documents documentation rules
format facilities package programme programmes program programs curriculum curricula module modules needs
needs participants participant organisers organizers series cycle coordinator coordinators officer officers
manual manuals handbook providers provider institutions institution system systems budget costs plan plans
record records minutes agenda room outcome outcomes
""")
# Prefixes of compounds or preceding words that make the noun something else.
NOT_EVENT_BEFORE = frozenset({"case", "video", "press", "tele", "telephone", "phone", "fall", "presse", "telefon",
                              "web", "of", "in-service", "annual-report"})
# "meeting" followed by these is the verb: "meeting the needs of".
GERUND_OBJECTS = _words("""
the a an them him her their its our your his this these those all people needs with expectations demand
requirements criteria
""")

DEFINITE = _words("""
the this that these those said same le la les ce cet cette ces der die das dem den des diese dieser dieses
diesem diesen zur zum im am vom beim
""")
POSSESSIVE = _words("""
its their our his her sa son ses leur leurs notre nos seine seiner seinem seinen ihre ihrer ihrem ihren unsere
""")
INDEFINITE = frozenset(["a", "an", "one", "un", "une", "ein", "eine", "einen", "einem", "einer", "eines"])
NEXT_MARKERS = _words("""
next further another follow-up subsequent following prochaine prochain autre nouvelle nächste nächsten
nächster nächstes weitere weiteren weiterer
""")
FUTURE_WORDS = frozenset(["upcoming", "forthcoming", "planned", "future", "coming"])
# Words that end a noun phrase on the left: prepositions, verbs, conjunctions, pronouns.
LEFT_STOP = _words("""
to for of in on at by with from as into onto under over about after before during between through within
without against toward towards via per is are was were be been being will would shall should can could may
might must has have had do does did and or but nor not no so than then there here it they we you he she which
who whom whose what where when how organising organizing organise organize organises organizes organised
organized host hosts hosting hosted hold holds holding held run runs running convene convenes convening
convened attend attends attending attended join joins joining joined plan plans planning launch launches
launched open opens opened complete completed completes follow follows followed offer offers offered announce
announced invite invites invited include includes including also all any each every both either few many most
other some such only own same today tomorrow yesterday le la les l' un une des du de d' au aux à a en dans par
pour sur avec sans et ou est sont sera seront être été qui que dont ce cette ces se sa son ses leur leurs il
elle ils elles on nous vous lors der die das den dem des ein eine einen einem einer eines zu zur zum im am vom
von mit für und oder ist sind wird werden war waren bei auf aus nach über unter vor an als wie sich es er sie
wir ihr
""")
ORDINAL_WORDS = _words("""
first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth premier première deuxième
troisième quatrième cinquième sixième erste ersten zweite zweiten dritte dritten vierte vierten fünfte fünften
""")
# Verbs that make a sentence a recommendation rather than a report or an announcement.
MODAL = re.compile(r"(?<!\w)(?:should|must|ought|sollte|sollten|müssen|muss|devrait|devraient|doivent|doit)\b", re.I)
RECURRING = re.compile(r"(?<!\w)(?:" r"(?:every|each)\s+(?:year|month|week)|(?:twice|once)\s+a\s+(?:year|month|week)"
                       r"|\b(?:annually|regularly|weekly|monthly|chaque\s+(?:année|mois|semaine)|régulièrement"
                       r"|jährlich|zweimal|regelmäßig|wöchentlich|monatlich)\b" r")", re.I)
# "RECALLING the conclusions of the Council meeting of ...": recitals cite earlier meetings.
RECITAL_LINE = re.compile(r"^\s*[A-ZÄÖÜÉÈ]{4,}(?:[ \t]+[A-ZÄÖÜÉÈ]{2,})*[ \t]+"
                          r"(?:the|that|a|an|its|their|le|la|les|l['’]|"
                          r"que|qu['’]|des|du|de|die|der|das|dass|den)\b")
PROGRAMME_LINE = re.compile(r"^\s*(?:[-–—•*·▪]\s*)?(?:\d{1,2}[:.h]\d{2}\b|(?:day|tag|jour)\s+\d+\b|(?:workshop|session|"
                            r"atelier|panel)\s+\d+\s*:)", re.I)
BULLET = re.compile(r"^\s*(?:[-–—•*·▪]|\(?[a-z\d]{1,3}[.)])\s")
NUMBERED_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[A-Z])[.)]?\s+\S")

GATHER_PHRASES = (
    "will meet", "meets", "met", "are meeting", "is meeting", "gathered", "will gather", "came together",
    "will come together", "convenes", "convened", "se réunissent", "se réuniront", "se réunira", "se réunit",
    "se sont réunis", "se retrouvent", "se retrouveront", "se retrouvera", "réunit", "réuniront", "réunira",
    "treffen sich", "trafen sich", "trifft sich", "tagt", "tagte",
)
GATHER_VERBS = re.compile(
    r"\b(?:will\s+meet|meets|met|are\s+meeting|is\s+meeting|gathered|will\s+gather|gather|came\s+together"
    r"|will\s+come\s+together|convenes|convened)\b"
    r"|\b(?:se\s+réuni(?:ssent|ront|ra|t)|se\s+sont\s+réunis|se\s+retrouv(?:ent|eront|era)|réunit|réuniront|réunira)\b"
    r"|\b(?:treffen\s+sich|trafen\s+sich|trifft\s+sich|tagt|tagte)\b", re.I)
HAPPENING = re.compile(r"(?<!\w)(?:"
    r"\b(?:will\s+(?:take|took)\s+place|takes\s+place|took\s+place|taking\s+place|will\s+be\s+held|was\s+held|"
    r"were\s+held|is\s+held|are\s+held|held\s+(?:in|on|at|from|between)|to\s+be\s+held|will\s+be\s+(?:co-?)?"
    r"organi[sz]ed|(?:is|was|are)\s+planned|planned\s+for|will\s+be\s+convened|will\s+start|will\s+open|"
    r"aura\s+lieu|a\s+eu\s+lieu|auront\s+lieu|se\s+tiendra|se\s+tiendront|s['’]est\s+tenue?|se\s+déroulera|"
    r"se\s+déroule|est\s+prévue?|sont\s+prévue?s|findet|fand|finden|stattfinden|stattfand|stattgefunden|"
    r"geplant|wird\s+veranstaltet|ist\s+geplant)\b" r")", re.I)
ORGANISE_VERBS = re.compile(r"(?<!\w)(?:"
    r"\b(?:is|are|will\s+be)\s+(?:co-?)?(?:organi[sz]ing|hosting|holding|convening|running)\b|"
    r"\bwill\s+(?:co-?)?(?:organi[sz]e|host|hold|convene|run|offer)\b|\b(?:co-?)?(?:organi[sz]es|hosts|convenes|runs|"
    r"offers)\b|"
    r"\b(?:is|are)\s+pleased\s+to\s+invite\b|\binvites?\b|"
    r"\b(?:co-?)?organise(?:nt|ront|ra)?\b|\baccueill(?:e|ent|era|eront)\b|\bpropose(?:nt|ra)?\b|"
    r"\bréuni(?:t|ssent|ront|ra)\b|\binvite(?:nt)?\b|"
    r"\bveranstalte(?:t|n)\b|\borganisier(?:t|en)\b|\blädt\b|\bladen\b|\bbiete[tn]\b" r")",
    re.I)
AGENT_CUES = re.compile(r"(?<!\w)(?:"
    r"\b(?:(?:co-?)?organi[sz]ed|(?:co-?)?hosted|convened|arranged|run|assisted|facilitated|conducted|chaired|"
    r"initiated|(?:co-?)?organi[sz]ed\s+jointly|jointly\s+(?:organi[sz]ed|hosted))\s+(?:jointly\s+)?by\s+"
    r"|\b(?:in\s+(?:co-?operation|collaboration|partnership|association)\s+with|(?:conducted\s+)?jointly\s+with"
    r"|together\s+with|at\s+the\s+invitation\s+of|on\s+the\s+invitation\s+of)\s+"
    r"|\b(?:(?:co-?)?organisée?s?|accueillie?s?|animée?s?)\s+par\s+"
    r"|(?<!\w)(?:à|a)\s+l['’]invitation\s+(?=d)"
    r"|\ben\s+(?:partenariat|coopération|collaboration)\s+avec\s+"
    r"|\b(?:veranstaltet|organisiert|ausgerichtet|durchgeführt)\s+(?:von|vom|durch)\s+"
    r"|\bin\s+(?:Zusammenarbeit|Kooperation)\s+mit\s+|\bgemeinsam\s+mit\s+|\bauf\s+Einladung\s+(?=d|v)" r")", re.I)
TOPIC_CUES = re.compile(r"(?<!\w)(?:"
    r"\b(?:on\s+the\s+(?:topics?|themes?|subjects?)\s+of|dedicated\s+to|devoted\s+to|(?:will\s+)?focus(?:es|ing)?\s+on"
    r"|(?:to|will)\s+discuss|discuss(?:es)?|(?:to|will)\s+address|addresses|(?:will\s+)?look\s+at|looks\s+at"
    r"|(?:to|will)\s+examine|examines|the\s+topic\s+of\s+[^.\n]{0,40}?\s+(?:will\s+be|is)"
    r"|consacrée?s?\s+(?:à\s+la|à\s+l['’]|aux|au|à)|porte(?:ra)?\s+sur|abordera|aborde|sur\s+le\s+thème\s+(?:de\s+la|de\s+l['’]|des|du|de)?"
    r"|Themen\s+sind|zum\s+Thema|Im\s+Mittelpunkt\s+steh(?:t|en)|befasst\s+sich\s+mit|widmet\s+sich"
    r"|(?:the\s+)?agenda\s+(?:covers|includes)|on\s+the\s+agenda\s*:|au\s+programme\s*:|auf\s+dem\s+programm\s*:)"
    r"\b\s*:?\s*" r")", re.I)
FOLLOWING_TOPICS = re.compile(r"\b(?:following\s+(?:topics|themes|issues|questions)|thèmes\s+suivants|"
                              r"folgenden\s+Themen)\s*:\s*$", re.I)
TODAY = re.compile(r"\b(?:today|aujourd['’]hui|heute)\b", re.I)
TOMORROW = re.compile(r"\b(?:today\s+and\s+tomorrow|aujourd['’]hui\s+et\s+demain|heute\s+und\s+morgen)\b", re.I)
ONLINE = re.compile(r"(?<!\w)(?:"
    r"\b(?:online|virtual|digital|hybrid)\s+(?:event|session|meeting|conference|seminar|workshop|training|course|"
    r"format|edition|information)|\b(?:held|takes?\s+place|will\s+be|is|are|was)\s+online\b|(?<=,\s)online\b|"
    r"\bvia\s+(?:zoom|teams|webex|video)|\bvidéoconférence|\ben\s+ligne\b|\bper\s+Video\w*|\bOnline-\w+|"
    r"\bHybrid\w*|\bwebinai?re?\b" r")", re.I)
VENUE = re.compile(r"(?:venue|location|lieu|veranstaltungsort|tagungsort|ort)\s*:\s*", re.I)
QUOTES = {"“": "”", "‘": "’", "»": "«", "«": "»", "„": "“", '"': '"', "‚": "‘"}
_NAMED = r"(?:entitled|titled|called|named|intitulée?s?|mit\s+dem\s+Titel|unter\s+dem\s+Titel)"
ENTITLED = re.compile(
    # "a conference in Sarajevo, entitled “...”": a place may come between the noun and its name
    rf"(?:\s+(?:in|at|à)\s+[A-ZÄÖÜÉ][\w'’-]*(?:\s+[A-ZÄÖÜÉ][\w'’-]*)?\s*,\s*(?={_NAMED}))?"
    rf"\s*,?\s*(?:{_NAMED}|on|sur|zum\s+Thema|:)?\s*(?=[“‘»«„\"‚])", re.I)
LOCATIVE = frozenset({"in", "at", "à", "a", "au", "aux", "im", "en", "bei"})
MODIFIED_HEADS_EXTRA = frozenset(["college", "colleges", "institute", "academy", "school", "schools", "centres"])
TITLE_LABELS = frozenset(fold(w) for w in (
    "looking ahead", "postponed", "invitation", "save the date", "announcement", "cancelled", "new", "reminder",
    "einladung", "ankündigung", "rappel", "annonce", "report", "update", "coming up", "à venir", "neu"))
ORG_HEADS = _words("""
ministry embassy office council commission committee centre center agency institute university police mission
department directorate network forum foundation association organisation organization service services unit
group board municipality city region government secretariat court parliament programme delegation chamber
congress federation union authority authorities prosecutor consortium platform alliance observatory ministère
ambassade conseil comité centre agence institut université mission direction réseau fondation association
organisation ville région gouvernement secrétariat cour parlement délégation chambre ministerium botschaft rat
kommission ausschuss zentrum agentur institut universität netzwerk stiftung verein verband stadt gemeinde land
landesinstitut bundesministerium bundesamt regierung sekretariat gericht
""")
PLURAL_TITLES = {"mayors": "Mayor", "ministers": "Minister", "ministries": "Ministry", "governments": "Government",
                 "presidents": "President", "municipalities": "Municipality", "cities": "City",
                 "maires": "Maire", "ministres": "Ministre"}
DETERMINER_PREFIX = re.compile(r"^(?:(?:the|a|an|le|la|les|der|die|das|dem|den|des|du|de\s+la|de)\s+|"
                               r"(?:l|d|de\s+l)['’]\s*)", re.I)
PRONOUNS = _words("""
it they we he she this these those il elle ils elles nous on wir sie er es
""")


def _languages(language: str) -> tuple[str, ...]:
    return ("en", language) if language in ("fr", "de") else ("en",) if language == "en" else ("en", "fr", "de")


@cache
def _noun_pattern(languages: tuple[str, ...] = ("en", "fr", "de")) -> re.Pattern[str]:
    tables = {"en": NOUNS_EN, "fr": NOUNS_FR, "de": NOUNS_DE}
    nouns = [n for lang in languages for n in (*tables[lang], *ANAPHOR_NOUNS[lang])]
    words = case_variants(sorted({*nouns, *(fold(n) for n in nouns)}))
    words = sorted({*words, *(w.title() for w in words)})           # "Round Table"
    verbs = case_variants(sorted({*GATHER_PHRASES, *(fold(v) for v in GATHER_PHRASES)}))
    # Case variants rather than IGNORECASE: the trie is then about twice as fast to run.
    return re.compile(rf"(?<!\w)(?:(?P<n>{trie_regex(words)})(?P<pl>s|es|x|en|n|e|S|ES|X|EN|N|E)?"
                      rf"|(?P<v>{trie_regex(verbs)}))(?!\w)")


@cache
def _german_pattern() -> re.Pattern[str]:
    words = sorted({*GERMAN_SUFFIXES, *(fold(n) for n in GERMAN_SUFFIXES)})
    return re.compile(rf"(?P<n>{trie_regex(words)})(?:(?P<r>s?reihe)|(?P<pl>en|e|n|s))?(?![\w])", re.IGNORECASE)


@cache
def _folded_nouns() -> frozenset[str]:
    return frozenset(fold(n) for n in NOUNS)


@cache
def _folded_kinds() -> dict[str, str]:
    return {fold(n): k for n, k in reversed(NOUNS.items())}


def _kind_of(noun: str) -> str:
    key = noun.lower()
    return NOUNS.get(key) or _folded_kinds().get(fold(key), "other")


# --- document structure -------------------------------------------------------------------------


@dataclass
class _Line:
    start: int
    end: int
    text: str
    heading: bool = False
    label: bool = False
    dateline: bool = False
    programme: bool = False
    recital: bool = False
    bullet: bool = False
    section: int = -1


@dataclass
class _Cand:
    start: int                      # trigger span
    end: int
    noun: str
    kind: str
    unit: tuple[int, int]           # the sentence (or heading line)
    line: int
    section: int
    det: str = "bare"               # def | poss | indef | bare
    next_marker: bool = False
    heading: bool = False
    verb: bool = False
    anaphor_noun: bool = False
    date: DateMention | None = None
    bound: DateMention | None = None    # a "before" date or a month: a planned event without a day
    city: str | None = None
    city_country: str | None = None
    city_pos: int = -1
    country: str | None = None
    organisers: list[tuple[int, str]] = field(default_factory=list)
    topics: list[tuple[int, str]] = field(default_factory=list)
    acting: bool = False            # an organising or happening verb
    online: bool = False
    title: str | None = None
    title_rank: int = 0             # 4 quoted name, 3 heading, 2 noun phrase, 1 heading above a verb
    title_spans: list[tuple[int, int]] = field(default_factory=list)   # where the title was read
    extra_units: list[tuple[int, int]] = field(default_factory=list)

    @property
    def evidence(self) -> bool:
        return bool(self.date or self.bound or self.city or self.acting)


class _Cluster:
    """Candidates that mention one event; the summary fields are kept up to date as members join."""

    def __init__(self) -> None:
        self.members: list[_Cand] = []
        self.sections: set[int] = set()
        self.date: DateMention | None = None
        self.city: str | None = None
        self.kind: str | None = None
        self.tokens: set[str] = set()
        self.bound: DateMention | None = None
        self.has_verb = False
        self.has_heading = False
        self.body_evidence = False          # a member other than a heading has evidence of its own

    def add(self, c: _Cand) -> None:
        self.has_heading = self.has_heading or c.heading
        self.body_evidence = self.body_evidence or (c.evidence and not c.heading)
        self.members.append(c)
        self.sections.add(c.section)
        self.date = self.date or c.date
        self.city = self.city or c.city
        self.bound = self.bound or c.bound
        self.has_verb = self.has_verb or c.verb
        if self.kind is None and not c.anaphor_noun:
            self.kind = c.kind
        if len(self.members) <= 6:
            self.tokens |= _tokens(c.title or c.noun)


_BOUNDARY = re.compile(r"(?<=[^\s\d][.!?])[\"”’»)]?[ \t]+")
_ABBREVIATIONS = _words("""
mr mrs ms dr prof st no nr art rec ref e.g i.e etc vs cf approx ca bzw z.b u.a abs p pp vol fig e.v mme m
""")
MAX_UNIT = 700          # a "sentence" longer than this (tables, run-on text) is read in pieces


def _chunks(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """[a, b) as one unit, or in pieces of at most MAX_UNIT characters cut at white space."""
    out: list[tuple[int, int]] = []
    while b - a > MAX_UNIT:
        cut = text.rfind(" ", a + MAX_UNIT // 2, a + MAX_UNIT)
        cut = cut if cut > a else a + MAX_UNIT
        out.append((a, cut))
        a = cut + 1 if text[cut:cut + 1] == " " else cut
    if b > a:
        out.append((a, b))
    return out
_MARKER = re.compile(r"\s*(?:[-–—•*·▪]|\(?[a-z\d]{1,3}[.)])\s*")


class _Doc:
    """The text of one document with position indexes for lines, sentences, dates, places, bodies."""

    def __init__(self, ctx: DocContext, organisations: Sequence[OrganisationMention],
                 places: Sequence[PlaceLike]) -> None:
        text = ctx.text[:MAX_CHARS]
        cut = -1
        for _ in range(MAX_LINES):
            cut = text.find("\n", cut + 1)
            if cut < 0:
                break
        if cut >= 0:
            text = text[:cut]
        self.text = text
        self._noun_cache: dict[str, bool] = {}
        self._flag_cache: dict[tuple[int, int], tuple[bool, bool]] = {}
        self._by_section: dict[int, list[tuple[int, int]]] | None = None
        self._agent_cache: dict[tuple[int, int], tuple[list[tuple[int, str]], str | None]] = {}
        self.language = ctx.language
        self.dates = [d for d in find_dates(text, ctx.language, ctx.published) if d.span[1] <= len(text)]
        self.date_starts = [d.span[0] for d in self.dates]
        self.places = sorted((p for p in places if p.span[1] <= len(text)), key=lambda p: p.span[0])
        self.place_starts = [p.span[0] for p in self.places]
        spans: list[tuple[int, int, str]] = []
        self.unknown_orgs: set[tuple[int, int]] = set()
        for org in organisations:
            for a, b in org.spans or [org.span]:
                if b <= len(text) and b > a:
                    spans.append((a, b, org.name))
                    if not org.known:
                        self.unknown_orgs.add((a, b))
        spans.sort()
        self.orgs = spans
        self.org_starts = [s[0] for s in spans]
        self.lines = self._lines()
        self.line_starts = [ln.start for ln in self.lines]
        self.units = self._units()
        self.unit_starts = [u[0] for u in self.units]
        self.reference = self._reference(ctx.published)
        self.title = ctx.title

    # -- lines --------------------------------------------------------------------------------
    def _lines(self) -> list[_Line]:
        lines: list[_Line] = []
        pos = 0
        for raw in self.text.split("\n"):
            lines.append(_Line(pos, pos + len(raw), raw))
            pos += len(raw) + 1
        nonblank = [i for i, ln in enumerate(lines) if ln.text.strip()]
        following = {i: (nonblank[k + 1] if k + 1 < len(nonblank) else None) for k, i in enumerate(nonblank)}
        section = -1
        first = True
        for i in nonblank:
            ln = lines[i]
            stripped = ln.text.strip()
            ln.programme = bool(PROGRAMME_LINE.match(stripped)) or ("|" in stripped and bool(
                re.search(r"\d", stripped.split("|")[0])))
            ln.bullet = bool(BULLET.match(stripped))
            ln.recital = bool(RECITAL_LINE.match(stripped))
            day_dates = [d for d in self._dates_in(ln.start, ln.end) if d.precision == "day" and not d.before]
            words = stripped.split()
            ln.dateline = bool(day_dates) and len(words) <= 20 and not stripped.endswith(".")
            nxt = following[i]
            ln.heading = (
                len(stripped) <= 170 and len(words) <= 18 and stripped[-1] not in ".;,:" and nxt is not None
                and (not ln.bullet or (bool(NUMBERED_HEADING.match(stripped)) and len(words) <= 8))
                and not ln.programme and (stripped[0].isupper() or stripped[0].isdigit() or first)
            )
            has_noun = ln.heading and self._has_event_noun(stripped)
            ln.label = ln.heading and len(words) <= 3 and not has_noun and not day_dates
            starts_section = ln.heading and not ln.label and not (ln.dateline and not has_noun)
            if first or starts_section:
                section = i
            first = False
            ln.section = section
        for ln in lines:
            if ln.section < 0:
                ln.section = next((lines[i].section for i in nonblank if i >= 0), 0)
        return lines

    def _has_event_noun(self, text: str) -> bool:
        known = self._noun_cache.get(text)
        if known is None:
            known = self._noun_cache[text] = self._scan_event_noun(text)
        return known

    def _scan_event_noun(self, text: str) -> bool:
        langs = _languages(self.language)
        return any(m.group("n") and _trigger_ok_basic(m) for m in _noun_pattern(langs).finditer(text)) or (
            "de" in langs and bool(_german_pattern().search(text)))

    def line_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.line_starts, pos) - 1)

    # -- sentences ----------------------------------------------------------------------------
    def _units(self) -> list[tuple[int, int]]:
        units: list[tuple[int, int]] = []
        text = self.text
        for ln in self.lines:
            if not ln.text.strip():
                continue
            start = self._skip_marker(ln.start, ln.end) if ln.bullet else ln.start
            for m in _BOUNDARY.finditer(text, ln.start, ln.end):
                following = text[m.end():m.end() + 2].lstrip("\"“„«‘(")
                if not following[:1].isupper():
                    continue
                before = text[max(ln.start, m.start() - 12):m.start()].rsplit(None, 1)
                word = before[-1].lower().rstrip(".!?\"”’»)") if before else ""
                if word in _ABBREVIATIONS or len(word) == 1:
                    continue
                if m.start() > start:
                    units.extend(_chunks(text, start, m.start()))
                start = m.end()
            if ln.end > start:
                units.extend(_chunks(text, start, ln.end))
        return units

    def _skip_marker(self, a: int, b: int) -> int:
        m = _MARKER.match(self.text, a, b)
        return a + len(m.group(0)) if m and m.end() < b else a

    def section_units(self, section: int) -> list[tuple[int, int]]:
        """The sentences of one section, in order (indexed on first use)."""
        if self._by_section is None:
            self._by_section = {}
            for unit in self.units:
                self._by_section.setdefault(self.lines[self.line_of(unit[0])].section, []).append(unit)
        return self._by_section.get(section, [])

    def unit_of(self, pos: int) -> tuple[int, int]:
        k = max(0, bisect.bisect_right(self.unit_starts, pos) - 1)
        return self.units[k] if self.units else (0, len(self.text))

    # -- indexed lookups ----------------------------------------------------------------------
    def _dates_in(self, a: int, b: int) -> list[DateMention]:
        lo = bisect.bisect_left(self.date_starts, a)
        hi = bisect.bisect_left(self.date_starts, b)
        return [d for d in self.dates[lo:hi] if d.span[1] <= b]

    def places_in(self, a: int, b: int) -> list[PlaceLike]:
        lo = bisect.bisect_left(self.place_starts, a)
        hi = bisect.bisect_left(self.place_starts, b)
        return [p for p in self.places[lo:hi] if p.span[1] <= b]

    def orgs_in(self, a: int, b: int) -> list[tuple[int, int, str]]:
        lo = bisect.bisect_left(self.org_starts, a)
        hi = bisect.bisect_left(self.org_starts, b)
        return [o for o in self.orgs[lo:hi] if o[1] <= b]

    def in_org(self, a: int, b: int, known_only: bool = False) -> bool:
        k = bisect.bisect_right(self.org_starts, a) - 1
        for j in range(max(0, k - 3), min(len(self.orgs), k + 1)):
            s, e, _ = self.orgs[j]
            if s <= a and b <= e and not (known_only and (s, e) in self.unknown_orgs):
                return True
        return False

    def _reference(self, published: dt.date | None) -> DateMention | None:
        """The date of a dateline at the top ("Brussels, 14 March 2019 – ..."), for "today"."""
        for d in self.dates:
            if d.span[0] > 600:
                break
            if d.precision == "day" and d.start and not d.before and d.year_explicit:
                return d
        if published:
            return DateMention(published, published, (0, 0), published.isoformat(), True, "day")
        return None


# --- triggers -----------------------------------------------------------------------------------

def _trigger_ok_basic(m: re.Match[str]) -> bool:
    return not m.group("pl") or m.group("n").lower() in ("treffen",)


def _prev_words(text: str, pos: int, n: int = 6) -> list[tuple[int, str]]:
    """Up to n words before pos (nearest first), with their start offsets; stops at punctuation."""
    out: list[tuple[int, str]] = []
    i = pos
    while len(out) < n:
        j = i
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        k = j
        while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "-'’."):
            k -= 1
        if k == j:
            break
        word = text[k:j]
        if word.endswith(".") and not re.fullmatch(r"\d+\.", word):
            break
        out.append((k, word))
        if k > 0 and text[k - 1] not in " \t":
            if text[k - 1] in "'’":
                continue
            break
        i = k
    return out


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"[ \t]*-?([\w'’]+)", text[pos:pos + 40])
    return m.group(1) if m else ""


def _classify(text: str, start: int, unit_start: int) -> tuple[str, bool, list[tuple[int, str]]]:
    """(determiner class, next-marker, modifiers nearest first) for the noun at `start`."""
    det, nxt = "bare", False
    mods: list[tuple[int, str]] = []
    prefix = text[max(unit_start, start - 2):start]
    if prefix.endswith(("l'", "l’")) or re.search(r"(?:^|\W)l['’]\s*$", text[max(unit_start, start - 3):start]):
        return "def", False, mods
    words = _prev_words(text, start)
    for k, (pos, word) in enumerate(words):
        if pos < unit_start:
            break
        low = word.lower().strip("'’")
        if low in ("and", "&", "et", "und") and mods and mods[-1][1][:1].isupper() and k + 1 < len(words) \
                and words[k + 1][1][:1].isupper() and words[k + 1][0] >= unit_start:
            mods.append((pos, word))                   # "Justice and Home Affairs Council meeting"
            continue
        if low in NEXT_MARKERS:
            nxt = True
            mods.append((pos, word))
            continue
        if low in DEFINITE:
            det = "def"
            break
        if low in POSSESSIVE:
            det = "poss"
            break
        if low in INDEFINITE:
            det = "indef"
            break
        if low in LEFT_STOP and low not in ORDINAL_WORDS:
            break
        mods.append((pos, word))
        if len(mods) >= 5:
            break
    return det, nxt, mods


def _find_candidates(doc: _Doc) -> list[_Cand]:
    text = doc.text
    cands: list[_Cand] = []
    seen: set[int] = set()
    matches: list[tuple[int, int, str, bool]] = []        # start, end, noun, anaphor
    langs = _languages(doc.language)
    anaphors = {fold(a) for lang in langs for a in ANAPHOR_NOUNS[lang]}
    verbs: list[re.Match[str]] = []
    for m in _noun_pattern(langs).finditer(text):
        if m.group("v"):
            verbs.append(m)
            continue
        if m.group("pl") and m.group("n").lower() != "treffen":
            continue
        noun = m.group("n")
        matches.append((m.start("n"), m.end("n"), noun, fold(noun.lower()) in anaphors))
    if "de" in langs:
        for m in _german_pattern().finditer(text):
            if m.group("pl"):
                continue
            k = m.start()
            while k > 0 and (text[k - 1].isalpha() or text[k - 1] == "-"):
                k -= 1
            word = text[k:m.end()]
            if k == m.start() or not word[:1].isupper():     # a plain noun: read by the other pattern
                continue
            prefix = fold(text[k:m.start()]).strip("-")
            if prefix in NOT_EVENT_BEFORE or prefix.endswith(("video", "telefon", "presse", "fall")):
                continue
            matches.append((k, m.end(), m.group("n"), False))
    matches.sort()
    for start, end, noun, anaphor in matches:
        if start in seen or len(cands) >= MAX_TRIGGERS:
            continue
        seen.add(start)
        cand = _noun_candidate(doc, start, end, noun, anaphor)
        if cand is not None:
            cands.append(cand)
    for m in verbs:
        if len(cands) >= MAX_TRIGGERS:
            break
        unit = doc.unit_of(m.start())
        line = doc.line_of(m.start())
        if doc.lines[line].programme or doc.lines[line].recital:
            continue
        cand = _Cand(m.start(), m.end(), m.group(0), "meeting", unit, line, doc.lines[line].section, verb=True)
        cands.append(cand)
    cands.sort(key=lambda c: c.start)
    return cands


def _noun_candidate(doc: _Doc, start: int, end: int, noun: str, anaphor: bool) -> _Cand | None:
    text = doc.text
    low = noun.lower()
    nxt_word = _next_word(text, end)
    nxt_low = nxt_word.lower()
    line_i = doc.line_of(start)
    line = doc.lines[line_i]
    if line.programme or line.recital:
        return None
    if nxt_low in MODIFIED_HEADS or nxt_low in MODIFIED_HEADS_EXTRA or (nxt_low and fold(nxt_low) in _folded_nouns()):
        return None
    if re.match(r"[@.]\w", text[end:end + 2]) or text[start - 1:start] in ("@", "/", "."):
        return None                                     # an e-mail address or a URL
    if re.match(r"[ \t]*\d", text[end:end + 3]) and not re.match(r"[ \t]*\d{1,2}(?:st|nd|rd|th)?[ \t]*[-–]",
                                                               text[end:end + 8]):
        return None                                     # "Workshop 2", "session 3"
    if low == "meeting" and nxt_low in GERUND_OBJECTS:
        return None
    if low == "course" and (nxt_low == "of" or text[max(0, start - 3):start].lower() == "of "):
        return None
    prev = _prev_words(text, start, 1)
    if prev and prev[0][1].lower() in NOT_EVENT_BEFORE and prev[0][1].lower() != "of":
        return None
    if fold(low) in BODY_NOUNS and noun[0].isupper() and not _line_initial(text, start, line.start):
        return None
    if low == "treffen" and doc.language == "de" and not noun[0].isupper():
        return None
    if doc.in_org(start, end):
        return None
    unit = doc.unit_of(start)
    det, nxt, _mods = _classify(text, start, unit[0])
    kind = _kind_of(noun) if not anaphor else "other"
    return _Cand(start, end, noun, kind, unit, line_i, line.section, det=det, next_marker=nxt,
                 heading=line.heading, anaphor_noun=anaphor, online=fold(low) in ONLINE_NOUNS)


def _line_initial(text: str, pos: int, line_start: int) -> bool:
    return not text[line_start:pos].strip(" \t-–•:")


# --- evidence -----------------------------------------------------------------------------------

def _evidence(doc: _Doc, c: _Cand) -> None:
    text = doc.text
    a, b = c.unit
    units = [(a, b)]
    line = doc.lines[c.line]
    if c.heading:
        units = [(line.start, line.end)]
        c.unit = (line.start, line.end)
        nxt = _next_nonblank(doc, c.line)
        if nxt is not None and doc.lines[nxt].dateline and not (
                doc.lines[nxt].heading and doc._has_event_noun(doc.lines[nxt].text)):
            units.append((doc.lines[nxt].start, doc.lines[nxt].end))
            c.extra_units.append(units[-1])
    day_dates: list[DateMention] = []
    for ua, ub in units:
        for d in doc._dates_in(ua, ub):
            if d.before or d.precision != "day":
                if c.bound is None and (d.before or d.precision == "month"):
                    c.bound = d
                continue
            if d.start is not None:
                day_dates.append(d)
    if day_dates:
        c.date = min(day_dates, key=lambda d: min(abs(d.span[0] - c.end), abs(d.span[1] - c.start)))
    unit_text = text[a:b]
    if TODAY.search(unit_text) and doc.reference is not None:
        ref = doc.reference
        if c.date is None or c.date is ref or c.date.span[0] < a + 40:
            c.date = ref
            if TOMORROW.search(unit_text) and ref.start is not None:
                c.date = DateMention(ref.start, ref.start + dt.timedelta(days=1), ref.span, ref.text, True, "day")
    for ua, ub in units:
        city = _pick_city(doc, ua, ub, dateline=(ua, ub) != (a, b) or doc.lines[c.line].dateline,
                          near=None if c.heading else c.start)
        if city:
            c.city, c.city_country, c.city_pos = city
            break
    for unit in units:
        flags = _acting(doc, *unit)
        c.acting = c.acting or flags[0] or c.verb
        c.online = c.online or flags[1]
    if c.verb and not (c.date or c.city or c.bound):
        c.acting = False
    if c.bound is not None and c.det in ("def", "poss") and not c.next_marker and not HAPPENING.search(unit_text):
        c.bound = None          # "after the seminar ... in early 2020": a date of something else


# Substrings (lower case) without which HAPPENING, ORGANISE_VERBS, AGENT_CUES, ONLINE and TOPIC_CUES
# cannot match: testing them first spares most sentences the (slow) alternations.
ACTING_STEMS = (
    "place", "held", "planned", "organi", "host", "convene", "convening", "running", "will run", "will hold", "runs",
    "offer",
    "holding", "invit", "lieu", "tiendr", "tenu", "déroul", "prévu", "accueill", "propose", "réuni", "findet",
    "fand", "finden", "stattf", "geplant", "veranstalt", "lädt", "laden", "biete", "arranged", "assisted",
    "facilitated", "conducted", "chaired", "initiated", "run by", "jointly", "together with", "operation with",
    "collaboration with", "partnership with", "association with", "par ", "avec", "durchgeführt",
    "ausgerichtet", "mit ", "einladung", "will start", "will open",
)
ONLINE_STEMS = ("online", "virtual", "digital", "hybrid", "zoom", "teams", "webex", "video", "vidéo", "ligne",
                "distance", "webina")
TOPIC_STEMS = ("topic", "theme", "subject", "dedicated", "devoted", "focus", "discuss", "address", "look at",
               "looks at", "examin", "consacr", "porte", "abord", "thème", "themen", "thema", "mittelpunkt",
               "befasst", "widmet", "agenda", "programm")


def _has_any(lowered: str, stems: Iterable[str]) -> bool:
    return any(map(lowered.__contains__, stems))


def _acting(doc: _Doc, a: int, b: int) -> tuple[bool, bool]:
    """(something is organised or happens, it is online) in text[a:b], cached per sentence."""
    flags = doc._flag_cache.get((a, b))
    if flags is None:
        low = doc.text[a:b].lower()
        acting = _has_any(low, ACTING_STEMS) and bool(
            HAPPENING.search(doc.text, a, b) or ORGANISE_VERBS.search(doc.text, a, b)
            or AGENT_CUES.search(doc.text, a, b))
        online = _has_any(low, ONLINE_STEMS) and bool(ONLINE.search(doc.text, a, b))
        flags = doc._flag_cache[(a, b)] = (acting, online)
    return flags


def _next_nonblank(doc: _Doc, i: int) -> int | None:
    for j in range(i + 1, min(len(doc.lines), i + 4)):
        if doc.lines[j].text.strip():
            return j
    return None


def _prev_word_lower(text: str, pos: int) -> str:
    words = _prev_words(text, pos, 1)
    return words[0][1].lower() if words else ""


def _pick_city(doc: _Doc, a: int, b: int, dateline: bool,
               near: int | None = None) -> tuple[str, str | None, int] | None:
    """The city where the gathering takes place: after a locative preposition, or in a dateline.

    In a sentence, the qualifying city nearest to the trigger at `near`; in an enumeration of places
    ("prison intake in Sarajevo, a police conference in Prishtina, ...") only one in the trigger's own
    clause."""
    text = doc.text
    line_start = doc.lines[doc.line_of(a)].start
    found: list[tuple[int, str, str | None]] = []
    locatives = 0
    for p in doc.places_in(a, b):
        city = p.city if p.kind == "city" else getattr(p, "city", None)
        if not city:
            continue
        s, e = p.span
        if text[e:e + 1] == "-":                       # "a Belgrade-based NGO"
            continue
        prev = _prev_word_lower(text, s)
        if prev in ("of", "from", "de", "du", "des", "aus", "von", "to", "for"):
            continue
        at_start = _line_initial(text, s, line_start) or text[max(line_start, s - 2):s] in ("· ", "| ")
        date_follows = bool(re.match(r"\s*(?:\(\w+\)\s*)?,?\s*(?:[\w ]+,\s*)?(?:le\s+|den\s+|am\s+|on\s+)?\d",
                                     text[e:e + 30]))
        if prev in LOCATIVE:
            locatives += 1
        elif dateline and (at_start or prev == "" or date_follows):
            pass
        elif not (at_start and date_follows):
            continue
        if p.kind != "city" and prev not in LOCATIVE and not date_follows:
            continue                                   # "Luxembourg" is a country unless placed or dated
        found.append((s, city, _country_of_city(city, p)))
    if not found:
        return None
    if near is None or dateline:
        s0, city, country = found[0]
        return city, country, s0

    def clean_between(x: int) -> bool:
        lo, hi = sorted((x, near))
        return not re.search(r"[,;:]", text[lo:hi])

    candidates = found if locatives < 2 else [f for f in found if clean_between(f[0])]
    if not candidates:
        return None
    s0, city, country = min(candidates, key=lambda f: (abs(f[0] - near), f[0] < near))
    return city, country, s0


def _country_of_city(city: str, p: PlaceLike) -> str | None:
    if getattr(p, "country", None):
        return p.country
    return _places_fn("country_of_city", city)


def _places_fn(name: str, arg: str) -> str | None:
    try:
        from praxhub.extract import places as places_module
    except ImportError:  # pragma: no cover - the module ships with praxhub
        return None
    fn = getattr(places_module, name, None)
    result = fn(arg) if fn else None
    return result if isinstance(result, str) else None


# --- merging ------------------------------------------------------------------------------------

def _compatible(x: _Cluster, c: _Cand) -> bool:
    xd = x.date
    if xd is not None and c.date is not None and xd.start != c.date.start:
        return False
    if x.city and c.city and x.city != c.city:
        return False
    if c.bound is not None and xd is not None and c.date is None:
        return False
    return not (c.bound is not None and x.bound is not None and x.bound.end != c.bound.end)


def _tokens(s: str) -> set[str]:
    stop = {"the", "of", "and", "to", "in", "on", "for", "a", "an", "by", "with", "at", "from", "de", "la", "le",
            "les", "des", "du", "et", "der", "die", "das", "und", "für", "zur", "zum"}
    return {w for w in re.findall(r"\w+", fold(s)) if w not in stop and len(w) > 1}


def _overlap(x: set[str], b: str) -> float:
    y = _tokens(b)
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def _same_kind(x: _Cluster, c: _Cand) -> bool:
    return c.anaphor_noun or (x.kind or c.kind) == c.kind or x.has_verb or c.verb


def _merge(doc: _Doc, cands: list[_Cand]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    by_unit: dict[tuple[int, int], _Cluster] = {}
    for c in cands:
        own = c.evidence
        target: _Cluster | None = None
        unit_cluster = by_unit.get(c.unit)
        if unit_cluster is not None and not c.next_marker and _compatible(unit_cluster, c):
            target = unit_cluster
        elif c.next_marker:
            target = None
        elif not own and not c.heading and c.det not in ("def", "poss"):
            continue                                    # "a training tool", "a dedicated session": nothing announced
        elif (not own and not c.heading) or c.anaphor_noun or (
                c.det in ("def", "poss") and not c.date and not c.city and not c.heading):
            # "This conference", "the workshop": the event before it in the same section
            target = next((x for x in reversed(clusters) if c.section in x.sections and _compatible(x, c)), None)
            if target is None and (not own or c.anaphor_noun):
                continue
            if target is None:
                target = _merge_target(clusters, c)
        else:
            target = _merge_target(clusters, c)
        if target is None:
            if not own and not c.heading:
                continue
            target = _Cluster()
            clusters.append(target)
        target.add(c)
        by_unit[c.unit] = target
    return clusters


def _merge_target(clusters: list[_Cluster], c: _Cand) -> _Cluster | None:
    for x in reversed(clusters):
        if c.section not in x.sections:
            continue
        if not _compatible(x, c):
            continue
        if x.has_heading and not x.body_evidence and (
                _same_kind(x, c) or c.det in ("def", "poss")):
            return x                                    # a section heading and the sentence it introduces
        if _same_kind(x, c) and (not c.evidence or not x.members[-1].evidence or c.det in ("def", "poss")
                                 or c.heading or _overlap(x.tokens, _raw_title(c)) >= 0.5):
            return x
        if x.date is not None and c.date is not None and (x.city == c.city or not c.city or not x.city):
            return x
    for x in clusters:
        if c.section in x.sections or not _same_kind(x, c) or not _compatible(x, c):
            continue
        same_day = x.date is not None and c.date is not None
        same_city = bool(x.city and c.city)
        if same_day or same_city or _overlap(x.tokens, _raw_title(c)) >= 0.5:
            if c.det == "indef" and not (same_day or same_city):
                continue
            return x
    return None


def _raw_title(c: _Cand) -> str:
    return c.title or c.noun


# --- titles -------------------------------------------------------------------------------------

_NP_STOP = re.compile(
    r"[,;:.!?\[\]–—|·(]|\s(?:which|who|that|where|when|will|would|shall|was|were|is|are|has|have|had|to\s+be|"
    r"hosted|organi[sz]ed|held|convened|jointly|taking|takes|took|being|bringing|brings|scheduled|planned|aims?|"
    r"in\s+(?=[A-Z\d])|at\s+(?=[A-Z\d])|from\s+(?=\d)|on\s+(?=\d)|between\s+(?=\d)|before|after|during|by|"
    r"qui|que|sera|aura|est|a\s+eu|organisée?s?|prévue?s?|se|à\s+(?=[A-Z\d])|le\s+(?=\d)|les\s+(?=\d)|"
    r"du\s+(?=\d)|en\s+(?=\d)|findet|fand|wird|werden|ist|sind|war|am\s+(?=\d)|vom\s+(?=\d)|ab|statt|ein|an|"
    r"bis|in\s+(?:der|dem|den)\b|for\s+(?=more)|with\s+the\s+support|today|aujourd|heute)\b"
    # "to discuss", not "leading to", "related to", "approach to"
    r"|(?<!ing)(?<!ed)(?<!approach)(?<!contribution)(?<!access)(?<!response)(?<!responses)(?<!return)"
    r"(?<!threat)(?<!due)(?<!regard)\sto\s+(?=[a-z]+\s)")
_COMPLEMENT = re.compile(r"[ \t]+(?:of|on|for|about|against|between|de|du|des|d['’]|sur|pour|contre|consacrée?s?|"
                         r"zur|zum|über|für|gegen|des|der|mit)\b", re.I)


def _quoted_after(text: str, pos: int, limit: int) -> tuple[str, int, bool] | None:
    """A quoted name right after pos (optionally after "entitled", "on", ":"), its end, and whether
    it came with "on" (a subject) rather than as the name itself."""
    m = ENTITLED.match(text, pos, limit)
    if not m:
        return None
    q = m.end()
    open_q = text[q]
    close_q = QUOTES.get(open_q)
    if close_q is None:
        return None
    end = text.find(close_q, q + 1, min(limit + 200, q + 300))
    if end < 0:
        return None
    name = text[q + 1:end].strip()
    if not name or len(name) > 250:
        return None
    with_on = bool(re.match(r"\s*,?\s*(?:on|sur|zum\s+Thema)\b", text[pos:q], re.I))
    return name, end + 1, with_on


def _noun_phrase(doc: _Doc, c: _Cand) -> tuple[str, bool, str | None]:
    """(noun phrase, bare: no complement, quoted name) for the trigger, built from its sentence."""
    text = doc.text
    a, b = doc.unit_of(c.start) if not c.heading else c.unit
    _det, _nxt, mods = _classify(text, c.start, a)
    mods = [(p, w) for p, w in mods if w.lower() not in FUTURE_WORDS]
    start = min((p for p, _ in mods), default=c.start)
    end = c.end
    quoted = _quoted_after(text, end, b)
    if quoted is not None:
        name, _qend, with_on = quoted
        head = text[start:end].strip()
        if with_on:
            return f"{head}: {name}", False, name
        return name, False, name
    bare = True
    cm = _COMPLEMENT.match(text, end, b)
    if cm:
        stop = _NP_STOP.search(text, cm.end(), b)
        stop_at = stop.start() if stop else b
        for d in doc._dates_in(cm.end(), b):
            stop_at = min(stop_at, d.span[0])
            break
        words = text[cm.end():stop_at].split()
        if words:
            end = cm.end() + len(text[cm.end():stop_at].rstrip())
            if len(words) > 18:
                end = cm.end() + len(" ".join(text[cm.end():stop_at].split()[:18])) + 1
            bare = False
    phrase = " ".join(text[start:end].split()).strip(" ,;:–-")
    return phrase, bare, None


def _heading_title(doc: _Doc, c: _Cand) -> str:
    line = doc.lines[c.line]
    s = line.text.strip()
    offset = line.text.find(s)
    cut = len(s)
    for d in doc._dates_in(line.start, line.end):
        cut = min(cut, d.span[0] - line.start - offset)
        break
    for p in doc.places_in(line.start, line.end):
        rel = p.span[0] - line.start - offset
        if rel <= 0:
            continue
        before = s[:rel].rstrip()
        if before.endswith((",", "–", "-", "·", "|")) and rel > 0:
            cut = min(cut, len(before) - 1)
            break
    s = s[:cut].strip(" ,;:–-·|")
    if ":" in s:
        head, _, rest = s.partition(":")
        if fold(head.strip()) in TITLE_LABELS or (len(head.split()) <= 3 and not doc._has_event_noun(head)
                                                  and doc._has_event_noun(rest)):
            s = rest.strip()
    return _capitalise(s)


def _capitalise(s: str) -> str:
    s = " ".join(s.split())
    return s[:1].upper() + s[1:] if s else s


def _section_heading(doc: _Doc, section: int) -> str | None:
    if section < 0 or section >= len(doc.lines):
        return None
    ln = doc.lines[section]
    return ln.text.strip() if ln.heading else None


def _name_like(doc: _Doc, line: int, loose: bool = False) -> bool:
    """The heading line names a body ("CoE’s CODEXTER Committee of Experts on Terrorism"). `loose`: a short
    heading with a body's head noun will do ("Monitoring group on prison radicalisation" above "Second meeting")."""
    if line < 0:
        return False
    ln = doc.lines[line]
    s = ln.text.strip()
    if not s or not ln.heading or doc._has_event_noun(s):
        return False
    covered = sum(o[1] - o[0] for o in doc.orgs_in(ln.start, ln.end))
    if covered >= 0.6 * len(s):
        return True
    words = re.findall(r"[\w’']+", s)
    if loose and len(words) <= 12 and any(fold(w.lower()) in ORG_HEADS for w in words):
        return True
    function = {"of", "for", "on", "and", "the", "de", "du", "des", "la", "le", "für", "und", "der", "die", "das"}
    return len(words) <= 10 and all(w[:1].isupper() or w in function for w in words) and any(
        fold(w.lower()) in ORG_HEADS for w in words)


def _titles(doc: _Doc, c: _Cand) -> None:
    text = doc.text
    if c.verb:
        above = _prev_section(doc, doc.line_of(c.start))
        heading = _section_heading(doc, above)
        if heading and not doc.lines[above].dateline and fold(heading) != fold(doc.title or "") and (
                above != _first_line(doc)):
            c.title, c.title_rank = _capitalise(heading), 1
            c.title_spans.append((doc.lines[above].start, doc.lines[above].end))
            return
        a = c.unit[0]
        subject = text[a:c.start]
        clause = _clause_start(doc, a, c.start)
        subject = " ".join(text[clause:c.start].split()).strip(" ,")
        if subject and len(subject.split()) <= 14:
            if re.match(r"(?:The|Les?|La|L['’]|Die|Der|Das)\s", subject):
                subject = subject[:1].lower() + subject[1:]
            c.title, c.title_rank = f"Meeting of {subject}", 0
            c.title_spans.append((clause, c.start))
        else:
            c.title, c.title_rank = "Meeting", 0
        return
    if c.heading:
        phrase, bare, quoted = _noun_phrase(doc, c)
        c.title = _heading_title(doc, c) or _capitalise(phrase)
        c.title_rank = 3
        line = doc.lines[c.line]
        c.title_spans.append((line.start, line.end))
        plain = not any(w[:1].isupper() for w in c.title.split()[1:])      # "Third meeting", not "JHA Council meeting"
        if bare and plain and _tokens(c.title) <= _tokens(phrase) | {"meeting", "session"}:
            above = _prev_section(doc, c.line)
            heading = _section_heading(doc, above)
            if _name_like(doc, above, loose=True) and heading is not None:
                c.title_spans.append((doc.lines[above].start, doc.lines[above].end))
                c.title = f"{c.title} of the {heading}" if not heading.lower().startswith("the ") else \
                    f"{c.title} of {heading}"
        return
    phrase, bare, quoted = _noun_phrase(doc, c)
    rank = 0 if c.anaphor_noun else 2
    found = text.find(phrase[:20], max(c.unit[0], c.start - 120), c.unit[1]) if phrase else -1
    c.title_spans.append((found, found + len(phrase)) if found >= 0 else (c.start, c.end))
    if quoted is not None:
        c.title, c.title_rank = _capitalise(phrase), 4
        return
    c.title, c.title_rank = _capitalise(phrase), rank
    if bare:
        owner = None
        if c.det == "poss":
            before = doc.orgs_in(c.unit[0], c.start)
            if before:
                owner = before[-1][2]
                c.title_spans.append(before[-1][:2])
        if owner is None:
            heading = _section_heading(doc, c.section)
            if _name_like(doc, c.section) and heading is not None:
                owner = heading
                ln = doc.lines[c.section]
                c.title_spans.append((ln.start, ln.end))
        if owner:
            c.title = f"{c.title} of the {owner}" if not re.match(r"(?i)the\s|\w+['’]s\b", owner) else \
                f"{c.title} of {owner}"


def _first_line(doc: _Doc) -> int:
    return next((i for i, ln in enumerate(doc.lines) if ln.text.strip()), 0)


def _prev_section(doc: _Doc, section: int) -> int:
    """The heading line above the section's own heading (the name of a body above "Third meeting")."""
    for i in range(section - 1, max(-1, section - 4), -1):
        ln = doc.lines[i]
        if ln.text.strip():
            return i if ln.heading else -1
    return -1


# --- organisers and topics ----------------------------------------------------------------------

def _clause_start(doc: _Doc, a: int, limit: int) -> int:
    """Skip a leading adverbial ("On 30th May, ", "From 22 to 24 of May 2018, ", "In this connection, ")."""
    text = doc.text
    dash = re.match(r"[^–—\n]{0,60}?\d{4}\s*[–—-]\s+", text[a:limit])   # "Brussels, 14 March 2019 – "
    if dash and doc._dates_in(a, a + dash.end()):
        a += dash.end()
    for _ in range(3):
        comma = text.find(",", a, limit)
        if comma < 0:
            return a
        lead = text[a:comma]
        if doc._dates_in(a, comma) or re.match(
                r"\s*(?:on|from|between|in|at|during|as|next|today|later|le|les|du|dans|en|am|vom|im|ab|bei|"
                r"nach|seit|first|second|third|fourth|fifth|finally|lastly|then|also|moreover|furthermore|erstens|"
                r"zweitens|drittens|außerdem|zudem|premièrement|deuxièmement|ensuite|enfin|par\s+ailleurs)\b",
                lead, re.I):
            a = comma + 1
            continue
        return a
    return a


_AGENT_STOP_WORDS = _words("""
which who that where will would is are was were has have had to for from within under during as in on at pour
sur dans avec qui que à au aux en est sont sera zu zur zum im am in auf mit bei ist sind wird werden
""")


def _agent_phrase_end(doc: _Doc, a: int, limit: int) -> int:
    text = doc.text
    i = a
    n_words = 0
    for m in re.finditer(r"[.;:!?\n()]|,[ \t]+|[\w'’&/-]+", text[a:limit]):
        tok = m.group(0)
        pos = a + m.start()
        if doc.in_org(pos, pos + len(tok)) and not tok.startswith((",", ".", ";", ":", "(", ")")):
            i = pos + len(tok)
            continue
        if tok in ".;:!?\n":
            return pos
        if tok == "(":
            close = text.find(")", pos, min(limit, pos + 30))
            if close > 0:
                continue
            return pos
        if tok == ")":
            i = pos + 1
            continue
        if tok.startswith(","):
            nxt = _next_word(text, pos + len(tok))
            if nxt[:1].islower() and nxt.lower() not in DEFINITE | INDEFINITE | {"l"}:
                return pos
            continue
        low = tok.lower()
        if low in _AGENT_STOP_WORDS and pos > a:
            if low == "to" and _next_word(text, pos + 2)[:1].isupper():
                i = pos + len(tok)
                continue
            return pos
        if low in ("and", "et", "und", "sowie") and pos > a:
            nxt = _next_word(text, pos + len(tok))
            if nxt[:1].islower() and nxt.lower() not in DEFINITE | INDEFINITE | {"of", "de", "l", "du"}:
                return pos
        if pos > a and AGENT_CUES.match(text, pos):
            return pos                                  # "X together with Y": the next cue reads Y
        after = text[pos + len(tok):pos + len(tok) + 30]
        if low in ("with", "avec") and re.match(r"\s+(?:the\s+)?(?:support|soutien|financial|funding)", after, re.I):
            return pos
        n_words += 1
        i = pos + len(tok)
        if n_words > 30:
            break
    return i


def _split_items(doc: _Doc, a: int, b: int) -> list[tuple[int, int]]:
    """Split an agent list "the X, Y and the Z" into item spans (not inside known body names)."""
    text = doc.text
    cuts = [a]
    for m in re.finditer(r",\s+(?:and\s+|et\s+|und\s+)?|\s+(?:and|et|und|sowie|as\s+well\s+as)\s+", text[a:b]):
        pos = a + m.start()
        nxt = text[a + m.end():b]
        # not inside a body's name, unless a name found only by pattern runs on into "... et l'Université de X"
        if doc.in_org(pos, a + m.end(), known_only=bool(re.match(
                r"(?:the|la|le|les|der|die|das|dem|den)\s+[A-ZÄÖÜÉ]|[lL]['’][A-ZÄÖÜÉ]", nxt))):
            continue
        first = re.match(r"(?:[ld]['’])?([\w'’-]+)", nxt)
        word = first.group(1) if first else ""
        low = "l" if first and first.group(0)[:2].lower() in ("l'", "l’") else word.lower()
        if m.group(0).strip().startswith(",") and not m.group(0).strip(", "):
            # a bare comma: split before "the X", an acronym or a body's head noun
            if not (low in DEFINITE | INDEFINITE or fold(low) in ORG_HEADS or (word.isupper() and len(word) > 1)
                    or any(o[0] == a + m.end() for o in doc.orgs_in(a + m.end(), b))):
                continue
        else:
            body_starts = any(o[0] == a + m.end() for o in doc.orgs_in(a + m.end(), b))
            if not (low in DEFINITE | INDEFINITE | {"l", "of", "de", "du"} or (word[:1].isupper() and (
                    fold(low) in ORG_HEADS or word.isupper() or body_starts))):
                continue
        cuts.append(pos)
        cuts.append(a + m.end())
    cuts.append(b)
    items = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    return [(s, e) for s, e in items if e > s]


def _clean_name(s: str) -> str:
    s = re.sub(r"\s*\([^()]{1,20}\)", "", s)
    s = " ".join(s.split()).strip(" ,;:–-")
    s = re.sub(r"\s+(?:from|aus)\s+[A-Z][\w-]+$", "", s)
    prev = None
    while prev != s:
        prev = s
        s = DETERMINER_PREFIX.sub("", s, count=1) if re.match(
            r"(?i)(?:the|le|la|les|l['’]|der|die|das|dem|den)\b|l['’]", s) else s
    return s.strip()


def _agents(doc: _Doc, a: int, b: int, c: _Cand) -> list[tuple[int, str]]:
    """Bodies named in [a, b), an agent list, as organisers (position, name)."""
    text = doc.text
    out: list[tuple[int, str]] = []
    for s, e in _split_items(doc, a, b):
        raw = text[s:e]
        plural = re.match(r"\s*(?:the\s+|les\s+)?(\w+)\s+(?:of|de|des|du)\s+(.+)$", raw, re.I | re.S)
        if plural and plural.group(1).lower() in PLURAL_TITLES:
            title = PLURAL_TITLES[plural.group(1).lower()]
            for place in re.split(r"\s*,\s*|\s+(?:and|et|und)\s+", plural.group(2).strip()):
                if place:
                    out.append((s, f"{title} of {_clean_name(place)}"))
            continue
        found = doc.orgs_in(s, e)
        orgs = [o for o in found if not any(q[0] <= o[0] and o[1] <= q[1] and q != o for q in found)]
        if orgs:
            for o in orgs:
                out.append((o[0], o[2]))
            continue
        name = _clean_name(raw)
        first = name.split()[0].lower() if name.split() else ""
        if not name or first in INDEFINITE or first in PRONOUNS or not re.search(r"[A-ZÄÖÜÉ]", name):
            continue
        countries = [p for p in doc.places_in(s, e) if p.kind in ("country", "demonym")]
        if countries and _clean_name(text[countries[0].span[0]:countries[0].span[1]]) == name:
            c.country = c.country or countries[0].country        # "Slovenia will host ..."
            continue
        if len(name.split()) > 14:
            continue
        out.append((s, name))
    return out


def _organisers(doc: _Doc, c: _Cand, units: Iterable[tuple[int, int]]) -> None:
    for unit in units:
        cached = doc._agent_cache.get(unit)
        if cached is None:
            probe = _Cand(0, 0, "", "other", unit, 0, 0)
            _unit_organisers(doc, probe, unit[0], unit[1])
            cached = doc._agent_cache[unit] = (probe.organisers, probe.country)
        c.organisers.extend(cached[0])
        c.country = c.country or cached[1]
    seen: set[str] = set()
    unique: list[tuple[int, str]] = []
    for pos, name in sorted(c.organisers):
        key = fold(name)
        if key not in seen and len(name) > 1:
            seen.add(key)
            unique.append((pos, name))
    c.organisers = unique


_AGENT_ARTICLE = re.compile(r"(?i)de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|der\s+|von\s+")


def _unit_organisers(doc: _Doc, c: _Cand, a: int, b: int) -> None:
    text = doc.text
    if not _has_any(text[a:b].lower(), ACTING_STEMS):
        return
    for m in AGENT_CUES.finditer(text, a, b):
        start = m.end()
        article = _AGENT_ARTICLE.match(text, start, b)       # "à l'invitation du", "auf Einladung des"
        if article:
            start = article.end()
        end = _agent_phrase_end(doc, start, b)
        c.organisers.extend(_agents(doc, start, end, c))
    for m in ORGANISE_VERBS.finditer(text, a, b):
        clause = _clause_start(doc, a, m.start())
        if m.start() - clause > 250:
            continue
        subj_end = m.start()
        # German: "Das BNED lädt gemeinsam mit ... ein" — the subject ends before the verb
        c.organisers.extend(_agents(doc, clause, _strip_asides(doc, clause, subj_end), c))
        break


def _strip_asides(doc: _Doc, a: int, b: int) -> int:
    """End of a subject before its verb, leaving out a trailing aside (", with the support of X,")."""
    text = doc.text
    seg = text[a:b]
    m = re.search(r",\s+(?:with|together|in\s+co|avec|en\s+partenariat|gemeinsam|mit)\b.*?,?\s*$", seg, re.I | re.S)
    end = a + m.start() if m else b
    while end > a and text[end - 1] in " \t,":
        end -= 1
    return end


def _topics(doc: _Doc, c: _Cand, units: Iterable[tuple[int, int]]) -> None:
    text = doc.text
    for a, b in units:
        if not _has_any(text[a:b].lower(), TOPIC_STEMS):
            continue
        for m in TOPIC_CUES.finditer(text, a, b):
            start = m.end()
            q = _quoted_after(text, start, b)
            if q is not None:
                c.topics.append((start, q[0]))
                continue
            stop = re.search(r"[.;!?]|,\s+(?:which|who|and\s+will|hosted|organi[sz]ed|in\s+[A-Z])"
                             r"|\s(?:in|à)\s+(?=[A-Z])"
                             r"|\s(?:on|le|am|from|between)\s+(?=\d)", text[start:b])
            end = start + stop.start() if stop else b
            topic = " ".join(text[start:end].split()).strip(" ,:–-\"“”»«„")
            if 3 <= len(topic) <= 200 and not topic[:1].isdigit() and not re.search(
                    r"(?i)\b(?:following|suivants?|folgenden)\b", topic):
                c.topics.append((start, topic))
        line_i = doc.line_of(b - 1)
        if FOLLOWING_TOPICS.search(text[a:b]):
            for j in range(line_i + 1, min(len(doc.lines), line_i + 12)):
                ln = doc.lines[j]
                s = ln.text.strip()
                if not s:
                    continue
                if not BULLET.match(s):
                    break
                item = re.sub(r"^\s*(?:[-–—•*·▪]|\(?[a-z\d]{1,3}[.)])\s*", "", s).strip(" .;")
                if item:
                    c.topics.append((ln.start, item[:200]))
                    c.extra_units.append((ln.start, ln.end))


def _country(doc: _Doc, c: _Cand, units: Iterable[tuple[int, int]], title: str) -> str | None:
    text = doc.text
    ranked: list[tuple[int, int, str]] = []
    single: set[str] = set()
    for a, b in units:
        for p in doc.places_in(a, b):
            if p.kind not in ("country", "demonym", "region") or not p.country:
                continue
            prev = _prev_word_lower(text, p.span[0])
            if prev in ("from", "aus", "de", "d'", "vers", "to", "nach"):
                continue
            close = abs(p.span[0] - c.start) < 80 and not re.search(
                r"[,;]", text[min(p.span[0], c.end):max(p.span[0], c.start)])
            if (prev in LOCATIVE and close) or prev in ("host", "hosts"):
                ranked.append((0, p.span[0], p.country))
            elif any(pos <= p.span[0] < pos + len(name) + 80 for pos, name in c.organisers):
                ranked.append((1, p.span[0], p.country))
            elif doc.lines[doc.line_of(p.span[0])].heading:
                ranked.append((2, p.span[0], p.country))
            single.add(p.country)
    if ranked:
        return min(ranked)[2]
    return next(iter(single)) if len(single) == 1 else None


# --- public API ---------------------------------------------------------------------------------

def find_events(ctx: DocContext, organisations: Sequence[OrganisationMention] = (),
                places: Sequence[Any] | None = None) -> list[Event]:
    """The events the document announces or reports, one record per event, in text order.

    `organisations` (from praxhub.extract.organisations) snaps organiser names to known bodies;
    `places` (PlaceMention-like objects from praxhub.extract.places: name, kind, country, span, city)
    gives cities and countries. When `places` is None the places extractor is run here.
    """
    if not ctx.text or not ctx.text.strip():
        return []
    if places is None:
        try:
            from praxhub.extract.places import find_places
            places = find_places(ctx.text[:MAX_CHARS], ctx.language)
        except ImportError:  # pragma: no cover - the module ships with praxhub
            places = []
    doc = _Doc(ctx, organisations, places)
    cands = _find_candidates(doc)
    kept: list[_Cand] = []
    for c in cands:
        _evidence(doc, c)
        unit_text = doc.text[c.unit[0]:c.unit[1]]
        if not c.date and not c.heading and (MODAL.search(unit_text) or RECURRING.search(unit_text)):
            c.acting, c.city, c.bound = False, None, None   # "cities should organise a conference": advice
        if c.verb and not (c.date or c.city or c.bound):
            continue
        if not c.evidence and not c.heading and (c.det not in ("def", "poss") or c.next_marker):
            continue                                        # "a training tool", "all sessions": nothing announced
        _titles(doc, c)
        kept.append(c)
    clusters = _merge(doc, kept)
    events: list[Event] = []
    for x in clusters:
        event = _build(doc, x)
        if event is not None:
            events.append(event)
        if len(events) >= MAX_EVENTS:
            break
    return events


_PRONOUN_START = re.compile(r"(?:it|this|they|these|il|elle|ils|elles|celle-ci|celui-ci|sie|es|er|diese|dieser)\s",
                            re.IGNORECASE)


def _orphan_organisers(doc: _Doc, x: _Cluster) -> list[tuple[int, int]]:
    """Sentences in the cluster's section naming organisers without an event noun ("Organised by ...")."""
    units: list[tuple[int, int]] = []
    for ua, ub in (u for section in sorted(x.sections) for u in doc.section_units(section)):
        ln = doc.lines[doc.line_of(ua)]
        if not doc.text[ua:ua + 1].isalpha():
            continue
        if AGENT_CUES.match(doc.text, ua, ub) or (_PRONOUN_START.match(doc.text, ua, ub)
                                                   and AGENT_CUES.search(doc.text, ua, ub)):
            units.append((ua, ub))
        elif ln.dateline:
            m = AGENT_CUES.search(doc.text, ua, ub)
            if m:
                units.append((m.start(), ub))
    return units


def _implied_organisers(doc: _Doc, members: list[_Cand], primary: _Cand) -> list[tuple[int, str]]:
    """Organisers nobody is said to organise: the body named in the event's own name ("the 29th session
    of the Congress", "2018 OSCE-wide Conference"), or the subject of the list a planned step belongs to
    ("The Commission will follow up ... with these steps: • Third, by convening a meeting ...")."""
    found: list[tuple[int, str]] = []
    for m in members:
        for a, b in m.title_spans:
            found.extend((o[0], o[2]) for o in doc.orgs_in(a, b))
    if found:
        return found
    line = doc.lines[primary.line]
    if line.bullet or re.match(r"\s*(?:first|second|third|fourth|fifth|finally|lastly|then)?,?\s*by\s+\w+ing\b",
                               line.text, re.I):
        for i in range(primary.line - 1, max(-1, primary.line - 15), -1):
            prev = doc.lines[i]
            if not prev.text.strip() or prev.bullet:
                continue
            if prev.text.rstrip().endswith(":"):
                orgs = doc.orgs_in(prev.start, prev.end)
                if orgs:
                    return [(orgs[0][0], orgs[0][2])]
            break
    return []


def _build(doc: _Doc, x: _Cluster) -> Event | None:
    members = sorted(x.members, key=lambda m: m.start)
    if not any(m.evidence for m in members):
        # a heading alone: an event only if its section says who organised it
        heads = [m for m in members if m.heading]
        if not heads:
            return None
        extra = _orphan_organisers(doc, x)
        if not extra:
            return None
        _organisers(doc, heads[0], extra)
        if not heads[0].organisers:
            return None
    primary = next((m for m in members if not m.anaphor_noun and not m.verb), members[0])
    dated = next((m for m in members if m.date), None)
    core = dated or next((m for m in members if m.heading), primary)
    titled = max(members, key=lambda m: (m.title_rank, -m.start))
    title = titled.title or _capitalise(primary.noun)
    start = end = None
    if dated and dated.date and dated.date.start:
        start, end = dated.date.start.isoformat(), (dated.date.end or dated.date.start).isoformat()
    city_member = next((m for m in members if m.city), None)
    city = city_member.city if city_member else None
    units = sorted({m.unit for m in members} | {u for m in members for u in m.extra_units})
    for m in members:
        _organisers(doc, m, [m.unit, *m.extra_units])
    organisers: list[tuple[int, str]] = []
    for m in members:
        organisers.extend(m.organisers)
    if not organisers:
        extra = _orphan_organisers(doc, x)
        if extra:
            probe = _Cand(0, 0, "", "other", (0, 0), 0, 0)
            _organisers(doc, probe, extra)
            organisers = probe.organisers
            units = sorted(set(units) | set(extra))
    if not organisers:
        organisers = _implied_organisers(doc, members, primary)
    seen: set[str] = set()
    names: list[str] = []
    for _pos, name in sorted(organisers):
        if fold(name) not in seen:
            seen.add(fold(name))
            names.append(name)
    for m in members:
        _topics(doc, m, [m.unit, *m.extra_units])
    member_units = {m.unit for m in members}
    for ua, ub in doc.section_units(core.section):   # "Themen sind ...", "On the agenda: ..." in the section
        if (ua, ub) not in member_units and TOPIC_CUES.match(doc.text, ua, ub):
            _topics(doc, primary, [(ua, ub)])
    topics: list[str] = []
    about = re.search(r"\b(?:on|about|against|sur|contre|zum\s+Thema|zur|zum|über|gegen|"
                      r"consacrée?\s+(?:à\s+la|à\s+l['’]|"
                      r"au|aux|à))\s+(?!\d)(.{3,200})$", title)
    named = about is not None and about.group(1)[:1].isupper() and title[:about.start()].split()[-1:] != [] \
        and title[:about.start()].split()[-1][:1].isupper()
    if about and not named and not re.match(r"(?i)(?:the\s+)?(?:topics?|following)\b", about.group(1)):
        topics.append(about.group(1).strip(" .:;“”\"«»„"))
    for m in members:
        for _pos, t in m.topics:
            if t not in topics and len(topics) < 8:
                topics.append(t)
    if city_member is not None:
        country = city_member.city_country
    else:
        country = next((m.country for m in members if m.country), None) or _country(doc, core, units, title)
    core_sections = {core.section}
    span_units = [u for m in members if m.section in core_sections for u in (m.unit, *m.extra_units)]
    if not span_units:
        span_units = units
    span = (min(u[0] for u in span_units), max(u[1] for u in span_units))
    kind = primary.kind if not primary.anaphor_noun else x.kind
    if kind not in ("conference", "workshop", "meeting", "roundtable", "training", "session", "other"):
        kind = "other"
    venue = None
    for ua, ub in doc.section_units(core.section):      # "Venue: conference centre of the Ministry, Helsinki."
        label = VENUE.match(doc.text, ua, ub)
        if label:
            venue = doc.text[label.end():ub].strip(" .;")[:150] or None
            break
    return Event(title=title, kind=kind, start=start, end=end, city=city, country=country, organisers=names,
                 topics=topics, span=span, venue=venue, online=any(m.online for m in members))
