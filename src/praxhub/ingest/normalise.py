"""The one text normaliser every reader's output goes through.

Everything here is linear in the length of the text: documents can be a single multi-megabyte
line, so no regular expression may backtrack over an unbounded span.
"""

from __future__ import annotations

import re
import unicodedata

# pdfium marks a hyphen it found at the end of a line with U+FFFE (get_text_range) or U+0002
# (get_text_bounded) and has already joined the two lines.
PDF_SOFT_HYPHENS = "\ufffe\x02"

_NEWLINE = "\n"
_TRANSLATION: dict[int, str | None] = {}
for _ch in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
    _TRANSLATION[ord(_ch)] = _NEWLINE
for _ch in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000":
    _TRANSLATION[ord(_ch)] = " "
# Invisible characters carry no text: zero-width spaces and joiners, the BOM, the soft hyphen
# (a hyphenation hint that must not split "radicali\xadsation" into two words).
for _ch in "\u00ad\u200b\u200c\u200d\u2060\ufeff":
    _TRANSLATION[ord(_ch)] = None
for _code in (*range(0x00, 0x09), *range(0x0E, 0x1C), 0x1F, 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0)):
    _TRANSLATION.setdefault(_code, None)
del _ch, _code
# str.translate with a dict costs ~70 ns per character even when little changes; a regex finds the
# rare characters to replace at C speed and calls back only for them.
_ODD_CHARS = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TRANSLATION)) + "]")


def _replace_odd(match: re.Match[str]) -> str:
    return _TRANSLATION[ord(match.group())] or ""


_SPACE_RUN = re.compile(r"[ \t]{2,}|\t")
# Only lines no longer than this can be navigation; longer lines are never looked up.
_MAX_BOILERPLATE_LEN = 80
BOILERPLATE_LINES = frozenset(
    {
        "add comment",
        "comment add comment",
        "share",
        "share this page",
        "share this article",
        "print",
        "print this page",
        "skip to main content",
        "skip to content",
        "back to top",
        "top of page",
        "menu",
        "main menu",
        "cookie settings",
        "accept cookies",
        "accept all cookies",
        "read more",
        "subscribe to our newsletter",
        # French and German equivalents of the same widgets.
        "partager",
        "imprimer",
        "lire la suite",
        "aller au contenu principal",
        "teilen",
        "drucken",
        "weiterlesen",
        "zum inhalt springen",
    }
)
_TRAILING_SYMBOLS = " »›>→↑↗.:…|"
_LINK_TO_ANCHOR = re.compile(r"\[[^\]\n]{1,200}\]\(#[^)\s]{0,100}\)")
_BREADCRUMB_START = re.compile(r"(?:home|accueil|startseite)\s*(?:>|›|»|/|\|)\s*\S", re.IGNORECASE)
_SENTENCE_ENDS = ".:;!?"


def normalise(text: str, *, pdf: bool = False) -> str:
    """Return clean text: NFC, '\\n' line ends, single spaces, no boilerplate lines, ≤ 1 blank line.

    With pdf=True also undo line-break hyphenation and join hard-wrapped lines of a paragraph.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n")
    if pdf:
        text = _mark_pdf_hyphens(text)
    text = _ODD_CHARS.sub(_replace_odd, text)
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    lines = [line for line in lines if not is_boilerplate_line(line)]
    if pdf:
        lines = _join_wrapped_lines(lines, _hyphenated_vocabulary(text))
    return _squeeze_blank_lines(lines)


def is_boilerplate_line(line: str) -> bool:
    """A whole line that is a navigation or sharing widget, never document text."""
    if not line or len(line) > _MAX_BOILERPLATE_LEN * 3:
        return False
    if len(line) <= _MAX_BOILERPLATE_LEN and line.rstrip(_TRAILING_SYMBOLS).lower() in BOILERPLATE_LINES:
        return True
    if line.startswith("[") and _LINK_TO_ANCHOR.fullmatch(line):
        return True
    return _is_breadcrumb(line)


def _is_breadcrumb(line: str) -> bool:
    # "Home > News > 2021 > Ministers agree": starts at a home page and is only short segments.
    if not _BREADCRUMB_START.match(line):
        return False
    for separator in (">", "›", "»", "/", "|"):
        if separator in line:
            segments = [segment.strip() for segment in line.split(separator)]
            return len(segments) >= 2 and all(0 < len(segment.split()) <= 12 for segment in segments)
    return False


def _squeeze_blank_lines(lines: list[str]) -> str:
    out: list[str] = []
    blank = False
    for line in lines:
        if line:
            if blank and out:
                out.append("")
            out.append(line)
            blank = False
        else:
            blank = True
    return "\n".join(out)


def _mark_pdf_hyphens(text: str) -> str:
    # Turn pdfium's already-joined end-of-line hyphen back into "-\n" so the one de-hyphenation
    # rule below decides about it like about a hyphen at a real line end.
    if "\ufffe" in text or "\x02" in text:
        text = text.replace("\ufffe", "-\n").replace("\x02", "-\n")
    return text


def _hyphenated_vocabulary(text: str) -> frozenset[str]:
    """Hyphenated words the document writes on one line, e.g. 'de-radicalisation'.

    A line-break hyphen is kept when the joined word appears hyphenated elsewhere in the text.
    str.split keeps this linear; a regex like r'\\w+-\\w+' backtracks on long words.
    """
    if "-" not in text:
        return frozenset()
    words = set()
    for token in text.split():
        if "-" in token and not token.endswith("-"):
            words.add(token.strip(".,;:!?()[]{}\"'“”‘’«»").lower())
    return frozenset(words)


_LEADING_WORD = re.compile(r"[^\W\d_]{1,60}")
_TRAILING_WORD = re.compile(r"[^\W\d_]{1,60}(?=-$)")


def _leading_word(line: str) -> str:
    match = _LEADING_WORD.match(line)
    return match.group() if match else ""


def _trailing_word(line: str) -> str:
    # `line` ends with "-": the word is the letters right before it. Only the end is searched.
    match = _TRAILING_WORD.search(line[-62:])
    return match.group() if match else ""


def _join_wrapped_lines(lines: list[str], vocabulary: frozenset[str]) -> list[str]:
    """Undo the hard wrapping of PDF text inside a paragraph.

    "radicali-" + "sation" → "radicalisation" (the next line starts in lower case);
    "de-" + "radicalisation" → "de-radicalisation" when the text uses that spelling elsewhere;
    a line not ending a sentence followed by a lower-case line → joined with a space.
    Parts are collected in a list so that a long paragraph is not re-copied for every line.
    """
    out: list[str] = []
    parts: list[str] = []
    last = ""  # the last part added to `parts`, i.e. the end of the current paragraph
    for line in lines:
        if parts and line and last:
            first = line[0]
            if last.endswith("-") and len(last) >= 2 and last[-2].isalpha() and (first.isalpha() or first.isdigit()):
                left = _trailing_word(last)
                right = _leading_word(line)
                if first.islower() and f"{left}-{right}".lower() not in vocabulary:
                    parts[-1] = last[:-1]
                parts.append(line)
                last = line
                continue
            if last[-1] not in _SENTENCE_ENDS and first.islower():
                parts.append(" ")
                parts.append(line)
                last = line
                continue
        if parts:
            out.append("".join(parts))
        parts = [line]
        last = line
    if parts:
        out.append("".join(parts))
    return out
