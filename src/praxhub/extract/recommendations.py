"""Recommendations: each action that an issuer asks an addressee to take.

What counts (shared/spec/extraction.md): each bullet under an operative header ("INVITES THE MEMBER
STATES:", "CALLS ON ...", fr "INVITE LES ÉTATS MEMBRES", de "FORDERT ... AUF"), each inline
"calls on X to Y" / "urges X to Y" / "invites X to Y" / "recommends that X Y", each "X should Y" of a
guideline or a conclusion, each announced follow-up step ("First, by setting up ..."), and each
nominal "the recommendation to establish X". One action, one record: verb phrases coordinated under
one subject are split ("involve civil society and support ..."), purpose and participle clauses are
not ("to develop methods ... and thereby dissuading them").

Not recommendations: recitals (RECALLING, NOTING, RAPPELANT, UNTER HINWEIS ...), "should" in a
question or an indirect question ("when a concern should be shared"), "should have been" (a past
fact), hedges ("it should be noted"), logistics ("nominations should be sent to ...", "invites
organisations to apply"), and short quotations of a speaker.

Every record's `text` is exactly `ctx.text[span[0]:span[1]]`. Plain Python, no Django; word lists
live in data/recommendations_*.yaml and are loaded once per process.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from praxhub.extract.context import DocContext
from praxhub.extract.model import OrganisationMention, Recommendation

log = logging.getLogger(__name__)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


DATA = Path(__file__).resolve().parent / "data"
MAX_TEXT = 1_000_000        # characters read; a longer text is cut (work stays linear and bounded)
MAX_SENTENCE = 1_500        # a longer "sentence" is noise (tables, one-line dumps): not parsed
MAX_RECOMMENDATIONS = 400
MAX_CANDIDATES = 4000       # sentences with a cue word examined per document (bounds work on pathological input)
LANGS = ("en", "fr", "de")

WORD = re.compile(r"[^\W\d_][\w'’-]*")
BULLET = re.compile(
    r"[ \t]*(?:[•◦▪●○■□➢➤►▶✓✔\-–—*·]|(?:\(?(?:\d{1,2}(?:\.\d{1,2}){0,2}|[a-z]|[ivx]{1,4}|[A-Z](?:\.\d{1,2})+)[.)]"
    r"|\d{1,2}(?:\.\d{1,2}){1,2}|[A-Z]\.\d{1,2}))[ \t]+")
FOOTNOTE = re.compile(r"\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s")
ARTEFACT = re.compile(r"\s*(?:(?:[A-Z] ){2,}[A-Z]|\d{1,4}|[-–—_=*. ]+)\s*$")
ABBREVIATIONS = _wordset(
    "incl e.g eg i.e ie etc cf no nr nos art arts para paras p pp vol vols approx esp resp mr mrs ms dr st vs "
    "ca fig figs ed eds sec min max z.b bzw ggf u.a d.h nr abs vgl s sog mme mm m av")
SENTENCE_END = re.compile(r"[.!?](?=[\"”»’)]*\s+[\"“„«(]?[A-ZÀ-ÖØ-ÞÄÖÜ0-9¹²³])|[!?](?=\s)|[.!?](?=[\"”»’)]*\s*$)")
QUOTE_PAIRS = (("“", "”"), ("«", "»"), ("„", "“"), ('"', '"'))
SHORT_QUOTE = 800
HEADER_ZONE = 300           # characters at the top of a document where its author is named
ORDINALS = re.compile(
    r"(?:First(?:ly)?|Second(?:ly)?|Third(?:ly)?|Fourth(?:ly)?|Fifth(?:ly)?|Sixth(?:ly)?|Finally|Lastly|"
    r"Premièrement|Deuxièmement|Troisièmement|Quatrièmement|Enfin|En premier lieu|En second lieu|"
    r"Erstens|Zweitens|Drittens|Viertens|Schließlich)\s*[,:]\s*")
STEP_WORDS = re.compile(
    r"\b(?:steps?|follow[- ]up|actions?|measures?|étapes?|mesures|actions|suites|Schritte|Maßnahmen|"
    r"Folgemaßnahmen)\b", re.IGNORECASE)
GENERIC_ISSUERS = _wordset(
    "roundtable round-table table meeting conference workshop seminar forum participants participant report "
    "study evaluation review text resolution declaration statement document guidelines guidance "
    "recommendation recommendations conclusions conclusion it they we organisers organizers summit session "
    "consortium paper outcome event panel debate discussion discussions authors author survey brief "
    "rencontre conférence atelier séminaire participants rapport texte résolution déclaration document "
    "recommandations conclusions lignes directrices ils elles nous il elle "
    "tagung konferenz treffen workshop seminar teilnehmende teilnehmer bericht text entschließung "
    "erklärung dokument empfehlungen schlussfolgerungen studie evaluation sie wir es")
PRONOUNS = _wordset(
    "this it they these that those such he she we ceci cela ce ces il ils elle elles dies diese dieser das sie es")
EXPLETIVES = frozenset({"it", "il", "es"})
YOU = frozenset({"you", "us", "me", "vous", "nous", "sie", "ihnen", "euch"})
LOGISTICS = _wordset(
    "apply register attend participate join submit send nominate contact subscribe unsubscribe fill complete "
    "book confirm reply rsvp postuler inscrire participer candidater soumettre envoyer anmelden teilnehmen "
    "bewerben einreichen")
MODAL_LOGISTICS = _wordset("register apply submit send book confirm reply rsvp subscribe unsubscribe fill bring arrive "
                           "anmelden inscrire")
def _logistics(text: str, start: int, end: int, verbs: frozenset[str]) -> bool:
    """Whether an action is a practical instruction ("register by 10 May", "apply for a grant")."""
    words = [w.lower() for w in WORD.findall(text, start, min(end, start + 40))[:2]]
    if not words:
        return False
    if words[0] == "apply":
        return len(words) > 1 and words[1] in {"for", "before", "by", "via", "online", "through", "until"}
    return words[0] in verbs


ATTENDEES = _wordset("participants participant speakers speaker delegates attendees panellists panelists guests "
                     "applicants candidates you participants·es teilnehmende teilnehmer teilnehmerinnen intervenants")
PREPOSITIONS = _wordset(
    "to for of from in on at with by about into onto over under between among against within without through "
    "during before after as than via per like toward towards upon regarding concerning including while "
    "and or but nor if whether how when where why what which who whom whose so")
NON_VERB_AFTER_TO = _wordset(
    "the a an this these those that their its his her our your my all any each every some such other another "
    "date time meeting conference event session workshop seminar level extent end point degree which whom "
    "what one two three four five six seven eight nine ten more most less least")
WH_WORDS = {
    "en": frozenset({"when", "whether", "how", "why", "what", "if", "where"}),
    "fr": frozenset({"quand", "comment", "pourquoi", "si", "où", "lorsque"}),
    "de": frozenset({"wann", "ob", "wie", "warum", "wo", "was", "wenn", "falls"}),
}
HEDGES = re.compile(
    r"^\s*(?:it|this|il|es)\s+(?:should|must|devrait|sollte)\s+(?:also\s+|further\s+|however\s+|therefore\s+)?"
    r"(?:be\s+)?(?:noted|stressed|recalled|mentioned|pointed\s+out|emphasi[sz]ed|underlined|highlighted|"
    r"remembered|borne\s+in\s+mind|recognised|recognized|added|observed|souligné|noté|rappelé|betont|"
    r"erwähnt|angemerkt|beachtet|bemerkt)\b", re.IGNORECASE)
PAST_MODAL = re.compile(
    r"\s+(?:not\s+|never\s+|also\s+|already\s+)?have\s+(?:been|had|done|made|taken|known|seen|given|gone|"
    r"[a-z]+ed|[a-z]+en)\b", re.IGNORECASE)
AUDIENCE = re.compile(
    r"\b(?:guidelines|guidance|recommendations|handbook|manual|principles|checklist|toolkit|guide|"
    r"lignes directrices|recommandations|orientations|Handlungsempfehlungen|Empfehlungen|Leitlinien|"
    r"Leitfaden|Hinweise|Handreichung)\s+(?:for|to|addressed to|aimed at|à l'intention des?|à l’intention des?|"
    r"pour les|pour|aux|à|für|an)\s+(?P<np>[^.:;,–—(\n]{2,80}?)(?=\s+(?:on|in|about|regarding|sur|dans|en|zu|zum|"
    r"zur|im|in|bei|über)\b|[.:;,–—(\n]|$)", re.IGNORECASE)
AUTHOR = re.compile(r"\s(?:by|par|von|vom)\s+")
AUTHOR_PARTICIPLES = _wordset(
    "adopted prepared published issued drafted produced written compiled convened organised organized adopté "
    "adoptée adoptées adoptés préparé préparée publié publiée élaboré élaborée organisé organisée herausgegeben "
    "verabschiedet erstellt veröffentlicht organisiert")
BODY_OF = re.compile(
    r"\b(?:roundtable|round table|meeting|conference|workshop|seminar|session|forum|summit|platform|"
    r"rencontre|conférence|atelier|séminaire|réunion|Tagung|Konferenz|Treffen|Sitzung)\s+(?:of|de|du|des|der|"
    r"des)\s+(?:the\s+|la\s+|l'|l’|le\s+)?(?P<np>[A-ZÀ-ÖØ-Þ][^.:;,(\n]{3,120})", re.IGNORECASE)
EXPERT_BODY = re.compile(
    r"\b(?:group|panel|committee|expert|experts|task force|working party|board|commission expert|groupe|comité|"
    r"Gruppe|Ausschuss|Kommission)\b", re.IGNORECASE)
STRENGTH = {
    "call": "strong", "urge": "strong", "demand": "strong", "instruct": "strong", "exhort": "strong",
    "require": "strong", "must": "strong", "will": "strong",
    "invite": "moderate", "encourage": "moderate", "recommend": "moderate", "ask": "moderate",
    "request": "moderate", "incite": "moderate",
    "should": "weak", "could": "weak", "may": "weak",
}


# --- lexicon -------------------------------------------------------------------------------------


@dataclass
class Lexicon:
    recital: dict[str, re.Pattern[str]]
    reporting: dict[str, frozenset[str]]
    verbs_en: frozenset[str]
    agents: frozenset[str]
    determiners: dict[str, re.Pattern[str]]
    addressees: dict[str, str]
    demonym_of: dict[str, tuple[str, bool]]  # lowercase surface form -> (English demonym, must be capitalised)
    triggers: dict[str, re.Pattern[str]]
    modals: dict[str, re.Pattern[str]]


AMBIGUOUS_VERBS = _wordset(
    "support report review plan test use work exchange access help train focus link track change step place "
    "stand issue share target record design fund map document finance resource scale secure shift run pool "
    "keep start stop show lead set check pay move reach limit respect balance draft update upgrade raise "
    "increase reduce act guide handle measure monitor welcome offer process network counter mentor notify "
    "project control return")


def _alternation(words: Iterable[str]) -> str:
    parts = sorted({re.escape(w).replace(r"\ ", r"\s+") for w in words}, key=len, reverse=True)
    return "|".join(parts)


def _load_yaml(name: str) -> Any:
    import yaml

    with (DATA / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


TRIGGER_EN = (
    r"(?P<verb>(?P<call>call(?:s|ed|ing)?(?:\s+(?:in\s+particular|also|further|therefore|notably|once\s+again|"
    r"again|specifically|strongly|urgently|now|hereby))?\s+(?:up)?on)"
    r"|(?P<urge>urg(?:es|ed|e))|(?P<invite>invit(?:es|ed|e))|(?P<encourage>encourag(?:es|ed|e))"
    r"|(?P<ask>ask(?:s|ed)?)|(?P<request>request(?:s|ed)?)|(?P<recommend>recommend(?:s|ed)?)"
    r"|(?P<instruct>instruct(?:s|ed)?)|(?P<demand>demand(?:s|ed)?)|(?P<exhort>exhort(?:s|ed)?))\b")
TRIGGER_FR = (
    r"(?P<verb>(?P<invite>invit(?:e|ent|ait|aient|é|ée|és|ées))|(?P<call>appel(?:le|lent|ait|aient|é|ée|és|ées))"
    r"|(?P<encourage>encourag(?:e|ent|eait|é|ée|és|ées))|(?P<exhort>exhort(?:e|ent|é|ée|és|ées))"
    r"|(?P<request>demand(?:e|ent|ait|é|ée|és|ées))|(?P<recommend>recommand(?:e|ent|ait|é|ée|és|ées))"
    r"|(?P<incite>incit(?:e|ent|é|és|ées)))\b")
TRIGGER_DE = (
    r"(?P<verb>(?P<call>(?:fordert|fordern|forderte|forderten|ruft|rufen|rief|riefen|appelliert|appellieren)"
    r"|aufgefordert|aufgerufen)|(?P<request>ersucht|ersuchen|ersuchte|bittet|bitten|bat)"
    r"|(?P<recommend>empfiehlt|empfehlen|empfahl|empfahlen)|(?P<encourage>ermutigt|ermutigen|ermutigte))\b")
MODAL_EN = (r"\b(?P<modal>(?P<should>should|ought\s+to)|(?P<must>must)"
            r"|(?P<could>(?:could|might)\s+(?:usefully\s+|also\s+)?consider|may\s+wish\s+to\s+consider))\b")
MODAL_FR = (r"\b(?P<modal>(?P<should>devrait|devraient|il\s+convient\s+de|il\s+faudrait|il\s+conviendrait\s+de)"
            r"|(?P<must>doit|doivent))\b")
MODAL_DE = r"\b(?P<modal>(?P<should>sollte|sollten|müsste|müssten)|(?P<must>muss|müssen))\b"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    lex = _load_yaml("recommendations_lexicon.yaml")
    dem = _load_yaml("recommendations_demonyms.yaml")
    recital = {}
    reporting = {}
    determiners = {}
    for lang in LANGS:
        recital[lang] = re.compile(r"\s*[\"“„«]?\s*(?:" + _alternation(lex["recitals"][lang]) + r")\b",
                                   re.IGNORECASE)
        reporting[lang] = frozenset(_key(v) for v in lex["reporting_verbs"][lang])
        determiners[lang] = re.compile(r"^(?:(?:" + _alternation(lex["determiners"][lang]) + r")(?:\s+|(?<=['’])))+",
                                       re.IGNORECASE)
    agents = frozenset(w.lower() for lang in LANGS for w in lex["agents"][lang])
    demonym_of: dict[str, tuple[str, bool]] = {}
    for _code, names in dem.items():
        for form in names:
            demonym_of.setdefault(_key(form), (names[0], form[:1].isupper()))
    return Lexicon(
        recital=recital,
        reporting=reporting,
        verbs_en=frozenset(lex["action_verbs_en"]),
        agents=agents,
        determiners=determiners,
        addressees={_key(k): v for k, v in lex["addressees"].items()},
        demonym_of=demonym_of,
        triggers={"en": re.compile(r"\b" + TRIGGER_EN, re.IGNORECASE),
                  "fr": re.compile(r"\b" + TRIGGER_FR, re.IGNORECASE),
                  "de": re.compile(r"\b" + TRIGGER_DE, re.IGNORECASE)},
        modals={"en": re.compile(MODAL_EN, re.IGNORECASE), "fr": re.compile(MODAL_FR, re.IGNORECASE),
                "de": re.compile(MODAL_DE, re.IGNORECASE)},
    )


def _key(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


# --- themes (written by another module; optional) -----------------------------------------------

_ITEM_THEMES: list[Callable[[str, str], Any] | None] = []


def item_themes(text: str, language: str) -> list[str]:
    """Themes of one recommendation, from praxhub.extract.themes when that module is present."""
    if not _ITEM_THEMES:
        try:
            from praxhub.extract.themes import item_themes as found  # type: ignore[attr-defined,unused-ignore]
        except ImportError:
            _ITEM_THEMES.append(None)
        else:
            _ITEM_THEMES.append(found)
    func = _ITEM_THEMES[0]
    if func is None:
        return []
    result = func(text, language)
    return [t if isinstance(t, str) else str(getattr(t, "theme", t)) for t in result or ()]


# --- document scaffolding ------------------------------------------------------------------------


@dataclass
class Line:
    start: int
    end: int
    body: int                   # offset after a bullet marker (== start when there is none)
    bullet: bool
    heading: bool = False
    recital: bool = False
    artefact: bool = False


@dataclass
class Draft:
    span: tuple[int, int]
    issuer: str | None
    addressee: str | None
    verb: str | None
    strength: str | None
    mode: str = ""              # "" explicit | "default" (from context) | "anaphora" (previous record)


@dataclass
class Doc:
    ctx: DocContext
    text: str
    lang: str
    lex: Lexicon
    orgs: list[tuple[int, int, str]]
    lines: list[Line] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    claimed: list[tuple[int, int]] = field(default_factory=list)   # sorted spans already read
    claim_len: int = 0
    candidates: int = 0
    sections: dict[int, tuple[int, int | None]] = field(default_factory=dict)
    drafts: list[Draft] = field(default_factory=list)
    subject_line: tuple[int, int, str | None] | None = None
    _body: list[str | None] = field(default_factory=list)

    # lines ---------------------------------------------------------------------------------------
    def build(self) -> None:
        text = self.text
        pos = 0
        n = len(text)
        while pos < n:
            nl = text.find("\n", pos)
            end = n if nl < 0 else nl
            end = self._join_wrapped(pos, end)
            if text[pos:end].strip():
                m = BULLET.match(text, pos, end)
                body = m.end() if m else pos
                while body < end and text[body] in " \t":
                    body += 1
                line = Line(pos, end, body, bool(m))
                raw = text[pos:end]
                stripped = raw.strip()
                line.artefact = bool(FOOTNOTE.match(raw) or ARTEFACT.match(raw))
                line.recital = bool(self.lex.recital[self.lang].match(text, body, end)) and self._recital_shape(
                    text[body:end])
                line.heading = (len(stripped) <= 150 and stripped[-1:] not in ".;:,!?\"”»"
                                and not line.recital and not line.artefact
                                and (not line.bullet or self._numbered_heading(text[pos:body], text[body:end])))
                self.lines.append(line)
                self.line_starts.append(pos)
            pos = end + 1
        self._find_quotes()
        self._find_subject_line()

    def _join_wrapped(self, pos: int, end: int) -> int:
        """A line broken inside a sentence (as PDF text often is) continues on the next line when that one
        starts with a small letter: "... among public" + "authorities at the national level;"."""
        text = self.text
        while end < len(text) and end - pos < MAX_SENTENCE:
            last = text[pos:end].rstrip()
            if not last or last[-1] in ".;:!?" or last[-1] in "\"”»":
                return end
            nxt = end + 1
            while nxt < len(text) and text[nxt] in " \t":
                nxt += 1
            if nxt >= len(text) or not text[nxt].islower():
                return end
            nl = text.find("\n", nxt)
            end = len(text) if nl < 0 else nl
        return end

    @staticmethod
    def _numbered_heading(marker: str, body: str) -> bool:
        """"3. Research and knowledge", "II. Governments": a numbered heading, not a list item."""
        return bool(re.match(r"\s*(?:\d{1,2}|[IVX]{1,4}|[A-Z])[.)]?\s*$", marker)) and body[:1].isupper() and len(
            body.split()) <= 8

    @staticmethod
    def _recital_shape(body: str) -> bool:
        words = body.split()
        first = words[0].strip("\"“„«") if words else ""
        if first.isupper() and len(first) > 2:
            return True
        return body.rstrip()[-1:] in ";,:" or len(body) < 400

    def _find_quotes(self) -> None:
        text = self.text
        for opening, closing in QUOTE_PAIRS:
            pos = 0
            while len(self.quotes) < 2000:
                a = text.find(opening, pos)
                if a < 0:
                    break
                b = text.find(closing, a + 1)
                if b < 0:
                    break
                if b - a <= SHORT_QUOTE and "\n" not in text[a:b]:
                    self.quotes.append((a, b + 1))
                pos = b + 1
        self.quotes.sort()

    def in_short_quote(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.quotes, (start, 10**12)) - 1
        while i >= 0 and i >= len(self.quotes) - 2000:
            a, b = self.quotes[i]
            if a <= start and end <= b:
                return True
            if b < start - SHORT_QUOTE:
                break
            i -= 1
        return False

    def _find_subject_line(self) -> None:
        """The subject of an instrument: the line before its first recital ("THE COUNCIL OF ...,")."""
        for i, line in enumerate(self.lines):
            if line.recital:
                for j in range(i - 1, max(-1, i - 3), -1):
                    prev = self.lines[j]
                    if prev.recital or prev.artefact:
                        continue
                    raw = self.text[prev.body:prev.end].strip().lstrip("\"“„«").strip()
                    cut = re.split(r",|\s[–—-]\s|:", raw, maxsplit=1)[0].strip()
                    if 2 <= len(cut) <= 120:
                        start = self.text.find(cut, prev.body, prev.end)
                        self.subject_line = (start, start + len(cut), cut)
                    return
                return

    def line_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.line_starts, pos) - 1)

    def section(self, pos: int) -> tuple[int, int | None]:
        """(start of the section holding pos, index of its heading line or None)."""
        i = self.line_index(pos)
        cached = self.sections.get(i)
        if cached is None:
            cached = (0, None)
            for j in range(i - 1, max(-1, i - 60), -1):
                if self.lines[j].heading:
                    cached = (self.lines[j].start, j)
                    break
            self.sections[i] = cached
        return cached

    def claimed_overlap(self, start: int, end: int) -> bool:
        lo = bisect.bisect_left(self.claimed, (start - self.claim_len, -1))
        hi = bisect.bisect_left(self.claimed, (end, -1))
        return any(b > start for _a, b in self.claimed[lo:hi])

    def claim(self, start: int, end: int) -> None:
        bisect.insort(self.claimed, (start, end))
        self.claim_len = max(self.claim_len, end - start)

    @property
    def full(self) -> bool:
        return len(self.drafts) >= MAX_RECOMMENDATIONS or self.candidates >= MAX_CANDIDATES

    # organisations ------------------------------------------------------------------------------
    def org_in(self, start: int, end: int) -> str | None:
        for a, b, name in self.orgs:
            if a >= start and b <= end:
                return name
        return None

    def org_starting(self, pos: int) -> str | None:
        """The organisation named right at pos ("adopted by [the] X")."""
        for a, _b, name in self.orgs:
            if pos <= a <= pos + 5:
                return name
        return None

    def body(self) -> str | None:
        """The body the document is about or by: "adopted by X", an organisation in the title, the first one."""
        if self._body:
            return self._body[0]
        found: str | None = None
        head = self.text[:3000]
        for m in AUTHOR.finditer(head):
            part = re.search(r"([^\W\d_]+)$", head[max(0, m.start() - 20):m.start()])
            if not part or part.group(1).lower() not in AUTHOR_PARTICIPLES:
                continue
            found = self.org_starting(m.end()) or _proper_np(self.text, m.end())
            if found:
                break
        if not found and self.ctx.title:
            t = self.text.find(self.ctx.title[:60])
            if t >= 0:
                found = self.org_in(t, t + len(self.ctx.title))
        if not found and self.orgs:
            first = min(self.orgs)
            if first[0] < HEADER_ZONE:
                found = first[2]        # named in the header of the document ("European Commission – Press release")
        self._body.append(found)
        return found

    def section_body(self, pos: int) -> str | None:
        _, h = self.section(pos)
        if h is not None:
            # a heading that names the body whose item this is: "Roundtable of the X Platform"
            line = self.lines[h]
            m = BODY_OF.search(self.text, line.start, line.end)
            if m:
                return self.org_in(m.start("np"), line.end) or _clean_np(m.group("np"), self.lang, self.lex)
        return self.body()

    def resolve_issuer(self, start: int, end: int, pos: int) -> str | None:
        """The issuer named by text[start:end] (a sentence subject), or the body of the context."""
        for sep in (",", " – ", " — ", " - ", ":"):
            cut = self.text.rfind(sep, start, end)
            if cut >= 0 and self.text[cut + len(sep):end].strip():
                start = cut + len(sep)
        raw = self.text[start:end].strip()
        lead = re.match(r"(?:and|but|while|et|mais|und|aber)\b\s*", raw, re.IGNORECASE)
        if lead:
            start += self.text[start:end].find(raw) + lead.end()
            raw = raw[lead.end():]
        if not raw:
            return self.section_body(pos)
        org = self.org_in(start, end)
        if org:
            return org
        words = [w.lower() for w in WORD.findall(_clean_np(raw, self.lang, self.lex))]
        if (not words or words[-1] in GENERIC_ISSUERS or words[0] in GENERIC_ISSUERS or words[0] in PRONOUNS
                or len(words) > 12):
            return self.section_body(pos)
        if self.subject_line and _key(raw) == _key(self.subject_line[2] or ""):
            return self.instrument_issuer(pos)
        return _canonical_name(_clean_np(raw, self.lang, self.lex), self.lex)

    def instrument_issuer(self, pos: int) -> str | None:
        if self.subject_line and self.subject_line[0] < pos:
            a, b, raw = self.subject_line
            org = self.org_in(a, b)
            if org:
                return org
            words = [w.lower() for w in WORD.findall(raw or "")]
            if words and words[-1] not in GENERIC_ISSUERS:
                return _canonical_name(_clean_np(raw or "", self.lang, self.lex), self.lex)
        return self.body()

    # defaults -----------------------------------------------------------------------------------
    def audience(self) -> str | None:
        for chunk in (self.ctx.title or "", self.text[:600]):
            m = AUDIENCE.search(chunk)
            if m:
                np = _clean_np(m.group("np"), self.lang, self.lex)
                if np and len(np.split()) <= 8:
                    return canonical_addressee(np, self.lang)
        return None

    def country_authorities(self, pos: int, issuer: str | None) -> str | None:
        """"<Demonym> authorities" when the section is about a national body ("Roundtable of the
        Slovenian National Platform", "The Albanian Coordination Centre published a report ...")."""
        start, h = self.section(pos)
        chunks = []
        if h is not None:
            chunks.append(self.text[self.lines[h].start:self.lines[h].end])
        para_start = max(start, self.text.rfind("\n", 0, pos) + 1)
        first = SENTENCE_END.search(self.text, para_start, pos)
        chunks.append(self.text[para_start:first.end() if first else pos])
        if issuer and issuer != self.body():
            chunks.append(issuer)
        for chunk in chunks:
            found = demonym(chunk[:2000], self.lex)
            if found:
                return f"{found} authorities"
        return None


# --- small text helpers --------------------------------------------------------------------------


def demonym(text: str, lex: Lexicon) -> str | None:
    """The English demonym of the first country named in text ("Slovenian" for "Slovenian", "Slovenia",
    "slowenischen"): a form matches a word that starts with it and has at most three more letters."""
    words = WORD.findall(text)
    for i, word in enumerate(words):
        for n in (3, 2, 1):
            if i + n > len(words):
                continue
            phrase = " ".join(words[i:i + n])
            low = _key(phrase)
            for cut in range(0, 4):
                key = low[:len(low) - cut] if cut else low
                hit = lex.demonym_of.get(key)
                if hit and (not hit[1] or word[:1].isupper()):
                    return hit[0]
                if n > 1:
                    break
    return None



def _proper_np(text: str, pos: int) -> str | None:
    m = re.match(r"\s*(?:the\s+|la\s+|le\s+|l'|l’|les\s+|der\s+|die\s+|dem\s+|den\s+)?"
                 r"((?:[A-ZÀ-ÖØ-Þ][\w'’&-]*|of|the|and|for|on|de|du|des|la|le|et|für|der|die|des|und|in)"
                 r"(?:\s+(?:[A-ZÀ-ÖØ-Þ(][\w'’&)-]*|of|the|and|for|on|de|du|des|la|le|et|für|der|die|des|und|in))*)",
                 text[pos:pos + 200])
    if not m:
        return None
    words = m.group(1).split()
    while words and not words[-1][:1].isupper() and not words[-1].startswith("("):
        words.pop()
    if not words or not words[0][:1].isupper():
        return None
    return " ".join(words)


NP_ASIDE = re.compile(r"\s*,\s*(?:quant à (?:eux|elles)|where appropriate|where relevant|where possible|as appropriate|"
                      r"if appropriate|in particular|notably|as a matter of priority|le cas échéant|en particulier|"
                      r"notamment|gegebenenfalls|insbesondere)\s*(?:,|$)", re.IGNORECASE)
NP_TAIL = re.compile(r"\s+(?:to|à|de|zu|today|also|again|once again|further|therefore|aujourd'hui|heute)$",
                     re.IGNORECASE)


def _clean_np(raw: str, lang: str, lex: Lexicon) -> str:
    s = " ".join(raw.replace("’", "'").split()).strip(" ,;:\"“”„«»()")
    s = re.sub(r"^(?:in particular|notably|also|especially|en particulier|notamment|insbesondere)\s+", "", s,
               flags=re.IGNORECASE)
    s = lex.determiners.get(lang, lex.determiners["en"]).sub("", s)
    s = NP_ASIDE.sub("", s)
    aside = re.search(r",\s+(?:within|where|when|if|as|in|according|in line|under|subject|acting|each|both|dans|"
                      r"selon|conformément|le cas|im rahmen|nach|gemäß|jeweils)\b", s)
    if aside:
        s = s[:aside.start()]
    s = NP_TAIL.sub("", s)
    s = s.strip(" ,;:")
    if s.isupper() and len(s) > 4:
        s = _title_case(s)
    return s


def _title_case(s: str) -> str:
    small = {"of", "the", "and", "for", "on", "in", "to", "de", "du", "des", "la", "le", "les", "et", "der",
             "die", "das", "und", "für", "l'"}
    out = []
    for i, w in enumerate(s.lower().split()):
        out.append(w if (i and w in small) else w[:1].upper() + w[1:])
    return " ".join(out)


def _canonical_name(name: str, lex: Lexicon) -> str | None:
    if not name:
        return None
    mapped = lex.addressees.get(_key(name))
    if mapped and mapped[:1].isupper():
        return mapped
    return name


@lru_cache(maxsize=4096)
def canonical_addressee(raw: str, lang: str = "en") -> str | None:
    """A short canonical form for who is asked to act ("THE MEMBER STATES" -> "Member States")."""
    lex = lexicon()
    s = _clean_np(raw, lang, lex)
    s = re.split(r"\s+(?:that|who|which|whose|wishing|interested|concerned|qui|dont|die|welche)\s+"
                 r"|\s+(?=[a-z]+(?:ed|ing)\s+(?:to|in|with|for|on|at|from|by|as)\b)", s, maxsplit=1)[0].strip(" ,")
    if not s:
        return None
    key = _key(s)
    if key in lex.addressees:
        return lex.addressees[key]
    parts = re.split(r"\s*(?:,|\band\b|\bet\b|\bund\b)\s*", key)
    parts = [_key(lex.determiners[lang].sub("", p)) for p in parts if p.strip()]
    if len(parts) > 1 and all(p in lex.addressees for p in parts):
        mapped = []
        for p in parts:
            if lex.addressees[p] not in mapped:
                mapped.append(lex.addressees[p])
        return " and ".join(mapped)
    return s


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text, start, end)]


def _verb_like_en(word: str, lex: Lexicon) -> bool:
    w = word.lower()
    if w in lex.verbs_en:
        return True
    if w in NON_VERB_AFTER_TO or w in PREPOSITIONS or not word.islower():
        return False
    if w.endswith(("tion", "tions", "ment", "ments", "ness", "ity", "ities", "ism", "ship", "ing")):
        return False
    return not (w.endswith("s") and not w.endswith(("ss", "us", "is")))


def _infinitive_fr(word: str) -> bool:
    w = word.lower()
    return (w.endswith(("er", "ir", "re", "oir")) and len(w) > 3
            and w not in {"premier", "dernier", "leur", "pour", "entre", "contre", "notre", "votre", "autre",
                          "cadre", "centre", "nombre", "membre", "ordre", "genre", "libre", "titre", "quartier",
                          "métier", "avenir", "plaisir", "hiver", "cher", "fer", "mer", "sur", "super"})


DANGLING = re.compile(r"\s+(?:and|or|et|ou|und|oder)$")
CLAUSE_BREAK = re.compile(r";\s+|:\s+|(?<=[a-z]):\s*$|\?\s+")
NUMBERED = re.compile(r"\s*(?:\d|[A-Z]\.\d)")
CONJ_SPLIT = re.compile(r"\s+(?:and|but|while|whereas|et|mais|und|aber)\s+")
FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|takes|take|est|sont|ist|sind)\b")
DE_LEAD = re.compile(r"\s*(?:bei|im|in|nach|für|wenn|falls|sobald|vor|während|um|auf)\b", re.IGNORECASE)
WHICH_TAIL = re.compile(r",\s+(?:which|the\s+\w+(?:\s+\w+){0,3}\s+of\s+which)\s")
TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\d+|[^\w\s]")
PREV_TOKEN = re.compile(r"([\w.]+)$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip blanks, closing punctuation, quotes and a dangling conjunction from both ends."""
    while start < end and (text[start].isspace() or text[start] in "\"“„«(,;:–—-•"):
        start += 1
    changed = True
    while changed and end > start:
        changed = False
        while end > start and (text[end - 1].isspace() or text[end - 1] in ".;:,\"”»“’!"):
            end -= 1
            changed = True
        if end > start and text[end - 1] == ")" and text.count("(", start, end) < text.count(")", start, end):
            end -= 1
            changed = True
        m = DANGLING.search(text, max(start, end - 6), end)
        if m:
            end -= len(m.group())
            changed = True
    return start, end


# --- the extractor -------------------------------------------------------------------------------


def find_recommendations(ctx: DocContext,
                         organisations: Sequence[OrganisationMention] = ()) -> list[Recommendation]:
    """Every recommendation of the document, in text order, each with its evidence span."""
    text = ctx.text or ""
    if not text.strip():
        return []
    lang = ctx.language if ctx.language in LANGS else "en"
    orgs = sorted(
        (a, b, o.name) for o in organisations or () for (a, b) in ({tuple(o.span)} | {tuple(s) for s in o.spans})
        if isinstance(a, int) and isinstance(b, int) and b > a
    )
    doc = Doc(ctx=ctx, text=text[:MAX_TEXT], lang=lang, lex=lexicon(), orgs=orgs)
    doc.build()
    _scan_operative(doc)
    _scan_nominal(doc)
    _scan_steps(doc)
    _scan_modal(doc)
    return _finish(doc)


def _add(doc: Doc, start: int, end: int, issuer: str | None, addressee: str | None, verb: str | None,
         lemma: str, mode: str = "") -> None:
    start, end = _trim(doc.text, start, end)
    if end - start < 8 or len(WORD.findall(doc.text[start:end])) < 2 or len(doc.drafts) >= MAX_RECOMMENDATIONS:
        return
    doc.drafts.append(Draft((start, end), issuer, addressee, verb, STRENGTH.get(lemma), mode))


# operative headers and inline "calls on X to Y" ------------------------------------------------------


def _sentences(doc: Doc, line: Line) -> list[tuple[int, int]]:
    """Sentence spans of one line (abbreviations such as "incl." or "e.g." do not end one)."""
    text = doc.text
    out = []
    start = line.body
    for m in SENTENCE_END.finditer(text, line.body, line.end):
        if text[m.start()] == ".":
            prev = PREV_TOKEN.search(text, max(start, m.start() - 12), m.start())
            token = prev.group(1).lower() if prev else ""
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
        out.append((start, m.end()))
        start = m.end()
        while start < line.end and text[start].isspace():
            start += 1
    if start < line.end and text[start:line.end].strip():
        out.append((start, line.end))
    return out


def _scan_operative(doc: Doc) -> None:
    text = doc.text
    trig = doc.lex.triggers[doc.lang]
    i = 0
    while i < len(doc.lines) and not doc.full:
        line = doc.lines[i]
        i += 1
        if line.recital or line.artefact or not trig.search(text, line.body, line.end):
            continue
        for s_start, s_end in _sentences(doc, line):
            if doc.full:
                break
            if s_end - s_start > MAX_SENTENCE:
                continue
            for m in trig.finditer(text, s_start, s_end):
                doc.candidates += 1
                if doc.claimed_overlap(m.start(), m.end()):
                    continue
                consumed = _operative(doc, line, i, m, s_start, s_end)
                if consumed:
                    i = max(i, consumed)
                    break


def _lemma(m: re.Match[str]) -> str:
    for name in ("call", "urge", "invite", "encourage", "ask", "request", "recommend", "instruct", "demand",
                 "exhort", "incite"):
        if m.groupdict().get(name):
            return name
    return "recommend"


def _verb_text(m: re.Match[str]) -> str:
    v = " ".join(m.group("verb").lower().split())
    if v.startswith("call"):
        v = v.split()[0] + (" upon" if v.endswith("upon") else " on")
    return v


PASSIVE_BEFORE = re.compile(
    r"\b(?:(?:will|shall|may|can|could|would|should|must|werden|wird|seront|sera)\s+)?(?:is|are|was|were|be|been|being|has\s+been|have\s+been|est|sont|sera|seront|été|werden|wurden|wird|wurde|"
    r"sind)\s+(?:also\s+|further\s+|hereby\s+|strongly\s+|therefore\s+|again\s+|quant à eux,?\s+|"
    r",\s*quant à eux,\s+|dringend\s+|daher\s+)?$", re.IGNORECASE)


def _operative(doc: Doc, line: Line, next_line: int, m: re.Match[str], s_start: int, s_end: int) -> int:
    """Parse one trigger. Returns the index of the next unread line when a list was consumed, else 0."""
    text, lang = doc.text, doc.lang
    lemma = _lemma(m)
    verb = _verb_text(m)
    at_line_start = m.start() <= line.body + 1
    word = m.group("verb")
    caps = word.isupper() and len(word) > 3
    if line.heading and not caps and not at_line_start:
        return 0
    if doc.in_short_quote(m.start(), m.end()) and not at_line_start:
        return 0
    before = text[s_start:m.start()]
    if re.search(r"\b(?:to|zu)\s*$", before, re.IGNORECASE) and not caps:
        return 0                # "aims to encourage young people to ...": an aim, not an act
    # a noun ("the call on", "la demande de"), not a verb
    if re.search(r"\b(?:the|a|an|this|its|their|la|une|sa|leur|cette|die|der|eine)\s*$", before, re.IGNORECASE):
        return 0
    passive: re.Match[str] | bool | None = PASSIVE_BEFORE.search(before)
    passive = passive or (lang == "fr" and re.search(r"\b(?:sont|est|seront|sera)\s*,[^,]{0,30},\s*$", before))
    if lang == "de" and word.lower() in {"aufgefordert", "aufgerufen"}:
        passive = passive or True
    rest_end = s_end
    after = m.end()

    # issuer and (for a passive) addressee from the words before the verb
    if at_line_start:
        issuer = doc.instrument_issuer(m.start())
        subj_span: tuple[int, int] | None = None
    else:
        clause_start = max(s_start, text.rfind(";", s_start, m.start()) + 1)
        lead = re.match(r"\s*(?:(?:In|Dans|Im)\s+[^,]{0,80},)?\s*", text[clause_start:m.start()])
        sub_a = clause_start + (lead.end() if lead else 0)
        subj_span = (sub_a, passive.start() + s_start if passive and not isinstance(passive, bool) else m.start())
        issuer = None if passive else doc.resolve_issuer(subj_span[0], subj_span[1], m.start())
        if passive:
            issuer = doc.section_body(m.start())

    if lang == "en":
        parsed = _parse_en(doc, m, after, rest_end, lemma, bool(passive))
    elif lang == "fr":
        parsed = _parse_fr(doc, m, after, rest_end, lemma, bool(passive))
    else:
        parsed = _parse_de(doc, m, after, rest_end, lemma, bool(passive))
    if parsed is None:
        return 0
    kind, addr_span, act_start = parsed
    addressee = None
    if passive and subj_span is not None:
        subject_words = [w.lower() for w in WORD.findall(text, subj_span[0], subj_span[1])]
        if subject_words and subject_words[-1] in ATTENDEES:
            return 0            # "participants will be invited to present their work": the programme
        addressee = canonical_addressee(text[subj_span[0]:subj_span[1]], lang)
    elif addr_span is not None:
        raw_addr = text[addr_span[0]:addr_span[1]]
        if _key(raw_addr) in YOU:
            return 0
        addressee = canonical_addressee(raw_addr, lang)
    if kind == "list":
        return _consume_list(doc, next_line, issuer, addressee, verb, lemma, item_has_addressee=addressee is None)
    if kind == "that":
        _that_clause(doc, act_start, rest_end, issuer, verb, lemma)
        doc.claim(m.start(), rest_end)
        return 0
    # object control: action from act_start to the end of the sentence
    act_end = rest_end
    for a, b in _split_actions(doc, act_start, act_end):
        if lemma in {"invite", "encourage", "ask", "request"} and _logistics(text, a, b, LOGISTICS):
            continue            # "invites organisations to apply", "to register by 10 May": logistics
        _add(doc, a, b, issuer, addressee, verb, lemma)
    doc.claim(m.start(), act_end)
    return 0


def _parse_en(doc: Doc, m: re.Match[str], after: int, end: int, lemma: str,
              passive: bool) -> tuple[str, tuple[int, int] | None, int] | None:
    text, lex = doc.text, doc.lex
    rest = text[after:end]
    if re.match(r"\s*:\s*$", rest):
        return ("list", None, end)
    if lemma in {"recommend", "ask", "request", "urge", "demand"}:
        t = re.match(r"\s*,?\s*that\b\s*", rest)
        if t:
            colon = re.match(r"([^.;:]{2,140}):\s*$", rest[t.end():])
            if colon:
                return ("list", (after + t.end(), after + t.end() + len(colon.group(1))), end)
            return ("that", None, after + t.end())
    if passive:
        t = re.match(r"\s*to\s+", rest)
        if t:
            nxt = WORD.match(text, after + t.end())
            if nxt and _verb_like_en(nxt.group(), lex):
                return ("object", None, after + t.end())
        if re.match(r"\s*to\s*:\s*$", rest):
            return ("list", None, end)
        return None
    first = WORD.match(text, after + len(rest) - len(rest.lstrip()))
    if not first or first.group().lower() in PREPOSITIONS - {"all"}:
        return None
    colon = re.match(r"\s*([^.;:]{2,140}?)\s*:\s*$", rest)
    if colon and " to " not in colon.group(1):
        return ("list", (after + colon.start(1), after + colon.end(1)), end)
    for t in re.finditer(r"\s+to\s+", rest[:220]):
        nxt = WORD.match(text, after + t.end())
        if nxt and _verb_like_en(nxt.group(), lex) and t.start() > 0:
            if len(rest[:t.start()].split()) > 16:
                return None
            return ("object", (after, after + t.start()), after + t.end())
    t2 = re.match(r"([^.;:]{2,140}?)\s+to\s*:\s*$", rest)
    if t2:
        return ("list", (after, after + t2.end(1)), end)
    return None


def _parse_fr(doc: Doc, m: re.Match[str], after: int, end: int, lemma: str,
              passive: bool) -> tuple[str, tuple[int, int] | None, int] | None:
    text = doc.text
    rest = text[after:end]
    if re.match(r"\s*:\s*$", rest):
        return ("list", None, end)
    t = re.match(r"\s*,?\s*qu(?:e\b|'|’)\s*", rest)
    if t and lemma in {"recommend", "request"}:
        return ("that", None, after + t.end())
    sep = r"(?:à|a|de|d'|d’)"
    if passive:
        t = re.match(r"\s*" + sep + r"\s*(?:\s*:\s*$)?", rest)
        if t:
            if text[after:after + t.end()].rstrip().endswith(":"):
                return ("list", None, end)
            return ("object", None, after + t.end())
        return None
    if lemma == "request":
        # demande à X de Y / demande aux X de Y
        d = re.match(r"\s*(?:à|aux|au)\s+([^.;:]{2,140}?)\s+(?:de|d'|d’)\s*(?=\w)", rest)
        if d:
            return ("object", (after + d.start(1), after + d.end(1)), after + d.end())
        return None
    colon = re.match(r"\s*([^.;:]{2,140}?)\s*(?:à|de)?\s*:\s*$", rest)
    if colon and not re.search(r"\s(?:à|de|d')\s+\w+(?:er|ir|re)\b", colon.group(1)):
        return ("list", (after + colon.start(1), after + colon.end(1)), end)
    if lemma == "recommend":
        d = re.match(r"\s*(?:à|aux|au)\s+([^.;:]{2,140}?)\s+(?:de|d'|d’)\s*(?=\w)", rest)
        if d:
            return ("object", (after + d.start(1), after + d.end(1)), after + d.end())
        return None
    for t in re.finditer(r"\s+(?:à|a|de|d'|d’)\s*", rest[:260]):
        nxt = re.match(r"(?:(?:le|la|les|leur|lui|se|s'|s’|y|en)\s+|[sl]['’])?([^\W\d_][\w-]*)", text[after + t.end():])
        if nxt and _infinitive_fr(nxt.group(1)) and t.start() > 0:
            return ("object", (after, after + t.start()), after + t.end())
    return None


def _parse_de(doc: Doc, m: re.Match[str], after: int, end: int, lemma: str,
              passive: bool) -> tuple[str, tuple[int, int] | None, int] | None:
    text = doc.text
    rest = text[after:end]
    if passive:
        t = re.match(r"\s*,\s*", rest)
        if t and re.search(r"\bzu\s+\w+|\w+zu\w+en\b", rest):
            return ("object", None, after + t.end())
        if re.match(r"\s*:\s*$", rest):
            return ("list", None, end)
        return None
    # "fordert X auf, ... zu ..." / "ersucht X, ..." / "empfiehlt (X), dass ..."
    auf = re.match(r"\s*([^.;:,]{2,140}?)\s+(?:dazu\s+|nachdrücklich\s+)?auf\s*([,:])\s*", rest, re.IGNORECASE)
    if lemma == "call" and auf:
        if not rest[auf.end():].strip():
            return ("list", (after + auf.start(1), after + auf.end(1)), end)
        return ("object", (after + auf.start(1), after + auf.end(1)), after + auf.end())
    an = re.match(r"\s*an\s+([^.;:,]{2,140}?)\s*([,:])\s*", rest, re.IGNORECASE)
    if lemma == "call" and an:
        if an.group(2) == ":" and not rest[an.end():].strip():
            return ("list", (after + an.start(1), after + an.end(1)), end)
        return ("object", (after + an.start(1), after + an.end(1)), after + an.end())
    dass = re.match(r"\s*([^.;:,]{0,140}?)\s*,\s*dass\s+", rest)
    if lemma == "recommend" and dass:
        return ("that", (after + dass.start(1), after + dass.end(1)) if dass.group(1).strip() else None,
                after + dass.end())
    obj = re.match(r"\s*([^.;:,]{0,140}?)\s*([,:])\s*", rest)
    if obj and lemma in {"request", "recommend", "encourage"}:
        if obj.group(2) == ":" and not rest[obj.end():].strip():
            return ("list", (after + obj.start(1), after + obj.end(1)) if obj.group(1).strip() else None, end)
        if re.search(r"\bzu\s+\w+|\w+zu\w+en\b", rest[obj.end():]):
            return ("object", (after + obj.start(1), after + obj.end(1)) if obj.group(1).strip() else None,
                    after + obj.end())
    return None


def _consume_list(doc: Doc, i: int, issuer: str | None, addressee: str | None, verb: str | None, lemma: str,
                  item_has_addressee: bool) -> int:
    """Each item of the list that follows an operative header. Returns the index after the list."""
    text = doc.text
    trig = doc.lex.triggers[doc.lang]
    items = 0
    first_class = ""
    while i < len(doc.lines):
        line = doc.lines[i]
        if line.artefact:
            i += 1
            continue
        cls = _marker_class(doc, line)
        if first_class and cls != first_class:
            break
        first_class = first_class or cls
        body = text[line.body:line.end]
        starts_like_item = bool(re.match(r"(?:to|à|de|d'|d’|zu)\s+\w", body)) and not line.heading
        if not (line.bullet or starts_like_item) or line.recital or line.heading:
            break
        head = trig.match(text, line.body)
        if head and head.group("verb").isupper():
            break
        items += 1
        a, b = line.body, line.end
        item_addr = addressee
        if item_has_addressee and doc.lang == "en":
            t = re.search(r"\s+to\s+", text[a:min(b, a + 200)])
            nxt = WORD.match(text, a + t.end()) if t else None
            if t and nxt and _verb_like_en(nxt.group(), doc.lex) and t.start() > 0:
                item_addr = canonical_addressee(text[a:a + t.start()], doc.lang)
                a = a + t.end()
        elif item_has_addressee and doc.lang == "fr":
            t = re.search(r"\s+(?:à|de)\s+", text[a:min(b, a + 200)])
            if t and t.start() > 0:
                item_addr = canonical_addressee(text[a:a + t.start()], doc.lang)
                a = a + t.end()
        a = _skip_infinitive_marker(text, a, b)
        for s, e in _split_actions(doc, a, b):
            _add(doc, s, e, issuer, item_addr, verb, lemma)
        doc.claim(line.start, line.end)
        i += 1
    return i if items else 0


def _marker_class(doc: Doc, line: Line) -> str:
    if not line.bullet:
        return "none"
    mark = doc.text[line.start:line.body].strip()
    if mark[:1].isdigit():
        return "num"
    if mark[:1].isalpha():
        return "alpha"
    return "sym"


def _skip_infinitive_marker(text: str, a: int, b: int) -> int:
    m = re.match(r"\s*(?:(?:to|à|de)\s+|d['’]\s*)(?=\w)", text[a:b])
    if m and not re.match(r"\s*(?:de|à)\s+(?:la|le|les|l')\b", text[a:b]):
        return a + m.end()
    return a


def _that_clause(doc: Doc, start: int, end: int, issuer: str | None, verb: str | None, lemma: str) -> None:
    """"recommends that X (should) Y [and that Z ...]": one record per clause."""
    text, lang = doc.text, doc.lang
    sep = {"en": r",?\s+and\s+that\s+", "fr": r",?\s+et\s+qu(?:e\b|'|’)\s*", "de": r",?\s+und\s+dass\s+"}[lang]
    bounds = [start]
    for m in re.finditer(sep, text[start:end]):
        bounds += [start + m.start(), start + m.end()]
    bounds.append(end)
    for k in range(0, len(bounds), 2):
        a, b = bounds[k], bounds[k + 1]
        subj_end, vp_start, passive = _split_subject(doc, a, b)
        addressee = None
        mode = ""
        if subj_end is not None and vp_start is not None:
            subj = text[a:subj_end]
            if _is_agent(doc, subj) and not passive:
                addressee = canonical_addressee(subj, lang)
                for s, e in _split_actions(doc, vp_start, b):
                    _add(doc, s, e, issuer, addressee, verb, lemma)
                continue
        mode = "default"
        _add(doc, a, b, issuer, addressee, verb, lemma, mode)


def _split_subject(doc: Doc, a: int, b: int) -> tuple[int | None, int | None, bool]:
    """Subject end and verb-phrase start of a that-clause ("providers put in place ...")."""
    text, lang, lex = doc.text, doc.lang, doc.lex
    modal = lex.modals[lang].search(text, a, b)
    if modal:
        vp = modal.end()
        return modal.start(), vp, _is_passive(doc, vp, b)
    words = _words(text, a, min(b, a + 300))
    for k, (ws, we, w) in enumerate(words[1:], start=1):
        lw = w.lower()
        if lang == "en" and (lw in lex.verbs_en or lw == "be") and words[k - 1][2].lower() not in NON_VERB_AFTER_TO:
            passive = lw == "be" and _is_passive(doc, ws, b)
            return ws, ws, passive
        if lang == "fr" and lw.endswith("ent") and not lw.endswith("ment") and len(lw) > 4:
            passive = lw in {"soient", "soit"} and bool(re.match(r"\s*(?:\w+\s+)?\w+(?:é|és|ée|ées|is|it|us|ts)\b",
                                                                 text[we:b]))
            return ws, ws, passive
    return None, None, False


def _is_passive(doc: Doc, vp: int, end: int) -> bool:
    seg = doc.text[vp:min(end, vp + 120)]
    if doc.lang == "en":
        return bool(re.match(r"\s*(?:(?:also|further|not|only|always|never|clearly|still|then|be|rather|first|"
                             r"systematically|regularly|primarily|better|more|fully|properly|carefully|"
                             r"considered|seen|,[^,]{0,40},)\s+)*be\s+(?:(?:\w+ly|not|also|further|only|better|"
                             r"more|well|fully|systematically|primarily)\s+)*(?:\w+ed|\w+en|shared|set|made|held|"
                             r"given|taken|seen|known|built|brought|kept|led|met|paid|put|sent|spent|taught|told|"
                             r"understood|done|written|drawn|found|run|cut|read|heard|sought|thought|bound|"
                             r"laid|left|lost|meant|shown|sold|won|struck|spread)\b", seg, re.IGNORECASE))
    if doc.lang == "fr":
        return bool(re.match(r"\s*(?:\w+\s+){0,2}être\s+(?:\w+\s+){0,2}\w+(?:é|és|ée|ées|is|ise|ises|it|its|us|ue|"
                             r"ues|ts|te|tes)\b", seg))
    tail = re.split(r"[,;:]", doc.text[vp:end], maxsplit=1)[0]
    head = doc.text[max(0, vp - 40):vp]
    return bool(re.search(r"\b(?:werden|worden|sein)\s*$", tail.rstrip(" .")) or re.search(
        r"\b(?:werden|worden)\s+\w+\s*$", head))


AGENT_CUT = _wordset("of in with for from at on who which that working assigned involved de du des dans qui der im "
                      "mit für")
ACRONYM = re.compile(r"[A-Z]{2,6}s?")


def _is_agent(doc: Doc, subject: str) -> bool:
    """Whether a subject names someone who can act ("cities", "the police", "NPOs"), not a thing."""
    raw_words: list[str] = []
    for w in WORD.findall(subject):
        if raw_words and w in AGENT_CUT:
            break
        raw_words.append(w[2:] if len(w) > 2 and w[1] in "'’" and w[0] in "ldLD" else w)
    if not raw_words:
        return False
    first = raw_words[0].lower()
    if first in PRONOUNS or first in EXPLETIVES:
        return False
    agents = doc.lex.agents
    for w in raw_words:
        low = w.lower()
        if low in agents or low.rstrip("s") in agents or ACRONYM.fullmatch(w):
            return True         # an acronym is a body ("NPOs"; "Europol" is in the lexicon)
    return False


# coordinated actions -------------------------------------------------------------------------------


def _split_actions(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split one action span into coordinated actions that share the subject."""
    start, end = _trim(doc.text, start, end)
    if end <= start:
        return []
    if doc.lang == "fr":
        return _split_fr(doc, start, end)
    if doc.lang == "de":
        return _split_de(doc, start, end)
    text, lex = doc.text, doc.lex
    start = _skip_adverbs(text, start, end)
    seg = text[start:end]
    if " and " not in seg and " but " not in seg and "," not in seg:
        return [(start, end)]
    tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text[start:end])]
    head = next((t[2].lower() for t in tokens if not t[2].lower().endswith("ly")), "")
    if head.endswith("ing") and head not in lex.verbs_en and len(head) > 5:
        return [(start, end)]          # "setting up X and support structures": a gerund heads the action
    cuts: list[tuple[int, int]] = []     # (end of previous action, start of next action), relative
    blocked = False
    relative = False
    depth = 0
    since = 0                           # tokens in the current action
    for k, (ts, _te, tok) in enumerate(tokens):
        low = tok.lower()
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth = max(0, depth - 1)
        since += 1
        if depth:
            continue
        if low == "to" and k > 0 and k + 1 < len(tokens):
            nxt = tokens[k + 1][2]
            adv = tokens[k + 2][2] if k + 2 < len(tokens) and nxt.lower().endswith("ly") else None
            prev = tokens[k - 1][2].lower()
            if prev != "and" and ((_verb_like_en(nxt, lex) and nxt.lower() in lex.verbs_en)
                                  or (adv and adv.lower() in lex.verbs_en)):
                blocked = True
        if low in {"so", "order"} and k + 1 < len(tokens) and tokens[k + 1][2].lower() in {"that", "to", "as"}:
            blocked = True
        if low in {"that", "which", "who", "whom", "whose", "where"} and k > 0:
            relative = True
        if blocked:
            continue
        comma = k > 0 and tokens[k - 1][2] == ","
        if low in {"and", "but"} and k + 1 < len(tokens):
            nxt_k = k + 1
            if tokens[nxt_k][2].lower() in {"should", "must"} and nxt_k + 1 < len(tokens):
                nxt_k += 1
            elif low == "but":
                continue
            nxt = tokens[nxt_k][2]
            left = since - (2 if comma else 1)
            prev_tok = tokens[k - 1][2].lower() if not comma else tokens[k - 2][2].lower()
            if left < 3 or prev_tok.endswith("ing") or (relative and not comma):
                continue
            if nxt.lower() == "to" and nxt_k + 1 < len(tokens) and tokens[nxt_k + 1][2].lower() in lex.verbs_en:
                cuts.append((ts, tokens[nxt_k + 1][0]))
                since = 0
                relative = False
            elif nxt.lower() in lex.verbs_en and nxt.islower() and _verb_reading(tokens, nxt_k):
                cuts.append((ts, tokens[nxt_k][0]))
                since = 0
                relative = False
        elif tok == "," and k + 1 < len(tokens):
            nxt = tokens[k + 1][2]
            if (nxt.lower() in lex.verbs_en and nxt.islower() and nxt.lower() not in AMBIGUOUS_VERBS
                    and since > 4 and _verb_reading(tokens, k + 1) and not relative):
                cuts.append((ts, tokens[k + 1][0]))
                since = 0
    if not cuts:
        return [(start, end)]
    out = []
    a = start
    for prev_end, nxt_start in cuts:
        out.append(_trim(text, a, start + prev_end))
        a = start + nxt_start
    out.append(_trim(text, a, end))
    return [(s, e) for s, e in out if e > s]


LEADING_ADVERBS = re.compile(
    r"(?:(?:also|further|furthermore|therefore|thus|equally|likewise|moreover|additionally|then|still|"
    r"in\s+particular|in\s+addition|as\s+a\s+matter\s+of\s+priority|as\s+well)\s*,?\s+)+", re.IGNORECASE)


def _skip_adverbs(text: str, start: int, end: int) -> int:
    m = LEADING_ADVERBS.match(text, start, end)
    return m.end() if m else start


def _verb_reading(tokens: list[tuple[int, int, str]], k: int) -> bool:
    """True when the word at k reads as a verb: an ambiguous one ("support", "report") must not be
    followed by a preposition or punctuation ("support for", "report of")."""
    w = tokens[k][2].lower()
    if w not in AMBIGUOUS_VERBS:
        return True
    if k + 1 >= len(tokens):
        return False
    nxt = tokens[k + 1][2].lower()
    return nxt not in PREPOSITIONS and bool(WORD.fullmatch(nxt))


def _split_fr(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    text = doc.text
    out = []
    a = start
    seg = text[start:end]
    if re.search(r"\b(?:afin|pour|de manière à|en vue)\s+(?:de|d'|d’|à|que)\b", seg):
        limit = start + re.search(r"\b(?:afin|pour|de manière à|en vue)\s+(?:de|d'|d’|à|que)\b", seg).start()  # type: ignore[union-attr]
    else:
        limit = end
    for m in re.finditer(r",?\s+et\s+(?:(?:à|de|d'|d’)\s*)?(?=(?:(?:le|la|les|leur|lui|se|y|en)\s+|[sl]['’])?"
                         r"([^\W\d_][\w-]*))", text[start:limit]):
        if not _infinitive_fr(m.group(1)):
            continue
        if len(WORD.findall(text[a:start + m.start()])) < 3:
            continue
        out.append(_trim(text, a, start + m.start()))
        a = start + m.end()
    out.append(_trim(text, a, end))
    return [(s, e) for s, e in out if e > s]


def _split_de(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    text = doc.text
    out = []
    a = start
    for m in re.finditer(r",?\s+und\s+", text[start:end]):
        left = text[a:start + m.start()]
        right = text[start + m.end():end]
        if (re.search(r"(?:\bzu\s+\w+|\w+zu\w+en)$", left.strip())
                and re.search(r"\bzu\s+\w+|\w+zu\w+en\b", right) and len(left.split()) >= 2):
            out.append(_trim(text, a, start + m.start()))
            a = start + m.end()
    out.append(_trim(text, a, end))
    return [(s, e) for s, e in out if e > s]


# announced follow-up steps ----------------------------------------------------------------------


def _scan_steps(doc: Doc) -> None:
    text = doc.text
    i = 0
    while i < len(doc.lines) and not doc.full:
        line = doc.lines[i]
        i += 1
        last = line.end - 1
        while last > line.body and text[last] in " \t\r":
            last -= 1
        if text[last] != ":" or line.recital or last - line.body > 1200 or not STEP_WORDS.search(text, line.body, last):
            continue
        # the announcing sentence: its subject is the issuer (and, by default, who acts)
        sents = _sentences(doc, line)
        s_start = sents[-1][0] if sents else line.body
        subj_end = _subject_end(doc, s_start, line.end)
        issuer = doc.resolve_issuer(s_start, subj_end, s_start) if subj_end else doc.section_body(s_start)
        will = re.search(r"\b(?:will|shall)\s+([a-z]+(?:\s+(?:up|out|on))?)", text[s_start:line.end])
        verb = f"will {will.group(1)}" if will else "will"
        found = 0
        j = i
        first_class = ""
        while j < len(doc.lines):
            item = doc.lines[j]
            if item.artefact:
                j += 1
                continue
            body_start = item.body
            o = ORDINALS.match(text, body_start)
            if not (item.bullet or o) or item.recital:
                break
            cls = _marker_class(doc, item) + ("+ord" if o else "")
            if first_class and cls != first_class:
                break
            first_class = first_class or cls
            a = o.end() if o else body_start
            by = re.match(r"(?:by|en|durch)\s+", text[a:item.end])
            a += by.end() if by else 0
            found += 1
            addressee, mode, text_start = issuer, "", a
            if not by:
                will_i = re.search(r"\b(?:will|shall|wird|werden|va|vont)\s+", text[a:min(item.end, a + 200)])
                if will_i and will_i.start() > 0:
                    subj = text[a:a + will_i.start()]
                    vp = a + will_i.end()
                    if _is_agent(doc, subj) and not re.match(r"be\s", text[vp:vp + 3]):
                        addressee = canonical_addressee(subj, doc.lang)
                        text_start = vp
                    else:
                        mode = "default"
            spans = _split_actions(doc, text_start, item.end) if text_start != a or by else [(text_start, item.end)]
            for s, e in spans:
                _add(doc, s, e, issuer, addressee, verb, "will", mode)
            doc.claim(item.start, item.end)
            j += 1
        if found:
            doc.claim(line.start, line.end)
            i = j
    # "First, by setting up ..." in running text, without an announcing line
    for m in INLINE_STEP.finditer(text):
        if doc.full:
            break
        before = text[max(0, m.start() - 3):m.start()]
        if not (m.start() == 0 or re.search(r"(?:[.;:]\s|\n|[•\-–]\s?)$", before)):
            continue
        if doc.claimed_overlap(m.start(), m.end() + 1):
            continue
        end = _sentence_end(text, m.end())
        issuer = doc.section_body(m.start())
        _add(doc, m.end(), end, issuer, issuer, "will", "will")
        doc.claim(m.start(), end)


INLINE_STEP = re.compile(r"\b(?:First(?:ly)?|Second(?:ly)?|Third(?:ly)?|Finally),\s+by\s+(?=[a-z]+ing\b)")


def _subject_end(doc: Doc, start: int, end: int) -> int | None:
    """End of a sentence subject: before the first finite verb ("The Commission welcomes ...")."""
    for ws, _we, w in _words(doc.text, start, min(end, start + 200)):
        lw = w.lower()
        if ws > start and (lw in {"will", "shall", "has", "have", "is", "are", "was", "were", "agreed", "decided",
                                  "welcomes", "adopted", "announced", "va", "vont", "a", "ont", "wird", "werden",
                                  "hat", "haben"}
                           or (lw.endswith("s") and lw[:-1] in doc.lex.verbs_en)
                           or (lw.endswith("ed") and (lw[:-2] in doc.lex.verbs_en or lw[:-1] in doc.lex.verbs_en))):
            return ws
    return None


def _sentence_end(text: str, pos: int) -> int:
    m = SENTENCE_END.search(text, pos, min(len(text), pos + MAX_SENTENCE))
    nl = text.find("\n", pos)
    candidates = [x for x in (m.end() if m else None, nl if nl >= 0 else None) if x is not None]
    return min(candidates) if candidates else min(len(text), pos + MAX_SENTENCE)


# "the recommendation to establish X" --------------------------------------------------------------


NOMINAL = re.compile(r"\brecommendations?\s+(?:(?:is|was|are|were)\s+)?to\s+(?=[a-z])", re.IGNORECASE)
RECS_TO = re.compile(r"\brecommendations?\s+(?:addressed\s+)?(?:to|for)\s+(?:the\s+)?(?P<np>[A-Z][\w -]{1,60}?)"
                     r"(?=[,.;:]|\s+(?:to|on|in|and|regarding|about)\b)")


def _scan_nominal(doc: Doc) -> None:
    if doc.lang != "en":
        return
    text = doc.text
    for m in NOMINAL.finditer(text):
        if doc.full:
            break
        nxt = WORD.match(text, m.end())
        if not nxt or nxt.group().lower() not in doc.lex.verbs_en or doc.claimed_overlap(m.start(), m.end()):
            continue
        line = doc.lines[doc.line_index(m.start())]
        if line.recital:
            continue
        stop = re.search(r"\s[—–]\s|[;.(:]|,\s|\s-\s", text[m.end():min(line.end, m.end() + 400)])
        end = m.end() + stop.start() if stop else min(line.end, m.end() + 400)
        issuer = _expert_body(doc, m.start())
        to = RECS_TO.search(text)
        addressee = canonical_addressee(to.group("np"), "en") if to else None
        if addressee is None:
            s_start = max(line.body, text.rfind(". ", line.body, m.start()) + 2)
            subj_end = _subject_end(doc, s_start, m.start())
            if subj_end:
                subj = text[s_start:subj_end]
                if _is_agent(doc, subj):
                    addressee = canonical_addressee(subj, "en")
        _add(doc, m.end(), end, issuer, addressee, "recommendation", "recommend", "" if addressee else "default")
        doc.claim(m.start(), end)


def _expert_body(doc: Doc, pos: int) -> str | None:
    best: tuple[int, int, str] | None = None
    for a, _b, name in doc.orgs:
        if (EXPERT_BODY.search(name) and not re.match(r"(?:European\s+)?Commission$", name)
                and (best is None or a < best[0])):
            best = (a, 0, name)
    if best:
        return best[2]
    m = re.search(r"\b(?:the )?((?:[A-Z][\w-]* ){1,6}(?:Expert Group|Working Group|Group|Panel|Committee|"
                  r"Task\s+Force)(?:\s+on\s+(?:[A-Z][\w-]*\s*){1,4})?)", doc.text[:max(pos, 1)])
    if m:
        return " ".join(m.group(1).split())
    return doc.body()


# "X should Y" ------------------------------------------------------------------------------------


def _scan_modal(doc: Doc) -> None:
    text, lang = doc.text, doc.lang
    modal_re = doc.lex.modals[lang]
    for line in doc.lines:
        if doc.full:
            break
        if line.recital or line.artefact:
            continue
        if not modal_re.search(text, line.body, line.end):
            continue
        for s_start, s_end in _sentences(doc, line):
            if doc.full:
                break
            if s_end - s_start > MAX_SENTENCE or doc.claimed_overlap(s_start, s_end):
                continue
            if doc.in_short_quote(s_start, s_end):
                continue
            sentence = text[s_start:s_end]
            if "@" in sentence or "http" in sentence or "www." in sentence:
                continue
            doc.candidates += 1
            for c_start, c_end in _clauses(text, s_start, s_end):
                _modal_clause(doc, line, c_start, c_end)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    a = start
    for m in CLAUSE_BREAK.finditer(text[start:end]):
        out.append((a, start + m.start() + (1 if m.group().startswith("?") else 0)))
        a = start + m.end()
    out.append((a, end))
    return [(s, e) for s, e in out if e > s]


def _modal_clause(doc: Doc, line: Line, start: int, end: int) -> None:
    text, lang, lex = doc.text, doc.lang, doc.lex
    clause = text[start:end]
    if clause.rstrip().endswith("?"):
        return
    if HEDGES.match(clause):
        return
    m = lex.modals[lang].search(text, start, end)
    if not m or doc.in_short_quote(m.start(), m.end()):
        return                  # no modal, or a speaker's words in a short quotation
    if m.group("must") and not line.bullet and not NUMBERED.match(text, line.start, line.body + 1):
        return
    # "X concluded that Y should ..." / "... and that Z should ...": split the clause at "and that"
    sep = {"en": r",?\s+and\s+that\s+"
                 r"|,\s+(?:and|but|while|whereas)\s+(?!should|must|to\b)(?=[^,;]{1,80}?\b(?:should|must)\b)",
           "fr": r",?\s+et\s+qu(?:e\b|'|’)\s*|,\s+(?:et|mais)\s+(?!devr)(?=[^,;]{1,80}?\bdevrai)",
           "de": r",?\s+und\s+dass\s+|,\s+(?:und|aber)\s+(?=(?:die|der|das|den)\s)"}[lang]
    parts = []
    a = start
    for s in re.finditer(sep, text[start:end]):
        if lex.modals[lang].search(text, start + s.end(), end) and lex.modals[lang].search(text, a, start + s.start()):
            parts.append((a, start + s.start()))
            a = start + s.end()
    parts.append((a, end))
    frame_issuer: str | None = None
    for k, (a, b) in enumerate(parts):
        mm = lex.modals[lang].search(text, a, b)
        if not mm:
            continue
        if k == 0:
            frame = _reporting_frame(doc, a, mm.start())
            if frame:
                fs = max(a, text.rfind(",", a, frame[0]) + 1)
                frame_issuer = doc.resolve_issuer(fs, frame[0], frame[0])
                a = frame[1]
        _modal_part(doc, a, b, mm, frame_issuer)


FRAME_LINK = {"en": re.compile(r"\bthat\b"), "fr": re.compile(r"\bqu(?:e\b|'|’)"), "de": re.compile(r",?\s*\bdass\b")}
FRAME_ADVERBS = _wordset("also further therefore again finally unanimously strongly generally également aussi "
                          "donc ebenfalls auch daher")


def _reporting_frame(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The last "<reporting verb> that" before end: (start of the verb, end of "that")."""
    text = doc.text
    found = None
    for link in FRAME_LINK[doc.lang].finditer(text, start, end):
        words = [(m.start(), m.group().lower()) for m in WORD.finditer(text, max(start, link.start() - 60),
                                                                         link.start())]
        while words and words[-1][1] in FRAME_ADVERBS:
            words.pop()
        for n in (3, 2, 1):
            if len(words) >= n and " ".join(w for _, w in words[-n:]) in doc.lex.reporting[doc.lang]:
                found = (words[-n][0], link.end())
                break
    return found


def _modal_part(doc: Doc, a: int, b: int, mm: re.Match[str], frame_issuer: str | None) -> None:
    text, lang = doc.text, doc.lang
    a, b = _trim(text, a, b)
    if b <= a:
        return
    pre = text[a:mm.start()]
    if PAST_MODAL.match(text, mm.end()) and lang == "en":
        return
    # an indirect question or a condition ("when a concern should be shared", "if X should ...")
    last = pre.rsplit(",", 1)[-1]
    pre_words = [w.lower() for w in WORD.findall(last)]
    wh = WH_WORDS[lang]
    if any(w in wh for w in pre_words):
        return
    if lang == "en" and not pre.strip():
        return                  # "Should you need ..." (inversion)
    verb = " ".join(mm.group("modal").lower().split())
    lemma = "must" if mm.group("must") else ("could" if mm.groupdict().get("could") else "should")
    if verb.startswith(("could", "might")):
        verb = verb.split()[0]
    elif verb.startswith("may"):
        verb = "may"
    issuer = frame_issuer or doc.section_body(a)
    # subject: the last comma-free segment before the modal, or the first one ("X, in particular Y, should")
    segs = pre.split(",")
    subject = segs[-1] if segs[-1].strip() else segs[0]
    joined = CONJ_SPLIT.split(subject)
    if len(joined) > 1 and FINITE.search(" ".join(joined[:-1])):
        subject = joined[-1]
    if lang == "de" and DE_LEAD.match(pre):
        subject = ""
    vp = mm.end()
    passive = _is_passive(doc, vp, b)
    if lang == "de" and len(WORD.findall(pre)) > 6:
        subject = ""
    words = [w.lower() for w in WORD.findall(subject)]
    pronoun = bool(words) and words[0] in PRONOUNS and len(words) <= 2
    if _logistics(text, _skip_adverbs(text, vp, b), b, MODAL_LOGISTICS):
        return                  # "participants should register before 1 May"
    if subject.strip() and _is_agent(doc, subject) and not passive and not pronoun:
        addressee = canonical_addressee(subject, lang)
        for s, e in _split_actions(doc, vp, b):
            _add(doc, s, e, issuer, addressee, verb, lemma)
            # "... and should consult ...": the split keeps the second modal out of the text
        doc.claim(a, b)
        return
    cut = WHICH_TAIL.search(text, vp, b)
    end = cut.start() if cut else b
    _add(doc, a, end, issuer, None, verb, lemma, "anaphora" if pronoun else "default")
    doc.claim(a, b)


# --- finishing: addressees from context, themes, records -------------------------------------------


def _finish(doc: Doc) -> list[Recommendation]:
    drafts = sorted(doc.drafts, key=lambda d: d.span)
    out: list[Recommendation] = []
    seen: set[tuple[int, int]] = set()
    audience: list[str | None] = []
    prev: Draft | None = None
    for d in drafts:
        if d.span in seen:
            continue
        seen.add(d.span)
        if d.addressee is None:
            same_section = prev is not None and doc.section(prev.span[0])[0] == doc.section(d.span[0])[0]
            prev_addr = prev.addressee if prev is not None and same_section else None
            if not audience:
                audience.append(doc.audience())
            if d.mode == "anaphora":
                d.addressee = prev_addr or audience[0] or doc.country_authorities(d.span[0], d.issuer)
            else:
                d.addressee = audience[0] or doc.country_authorities(d.span[0], d.issuer) or prev_addr
        text = doc.text[d.span[0]:d.span[1]]
        out.append(Recommendation(
            issuer=d.issuer, addressee=d.addressee, text=text, themes=item_themes(text, doc.lang),
            span=d.span, verb=d.verb, strength=d.strength))
        prev = d
    return out
