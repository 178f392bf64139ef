"""Bytes → str for the text formats (txt, md, html).

Order: a byte order mark; strict UTF-8; then a legacy 8-bit code page. For Latin-script text the
code page follows from the language (identified on the mostly-ASCII letters, which every code page
decodes alike): Czech or Polish come in cp1250, French or German in cp1252. Statistical charset
detection is unreliable on short Western texts (it reads "déjà" as cp1250 "déjŕ"), so it is only
used for Cyrillic and Greek, where nearly every letter is a high byte.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from praxhub.ingest.errors import Unreadable
from praxhub.ingest.language import detect_language

BINARY_REASON = "unsupported binary content (not txt, md, html, pdf or docx)"

# UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Code pages by language, most common first; latin_1 decodes any byte, so Western always succeeds.
_WESTERN = ("cp1252", "latin_1")
_CODE_PAGES = {
    **dict.fromkeys(("cs", "sk", "pl", "hu", "sl", "hr", "bs", "sr", "sq", "ro"), ("cp1250", "iso8859_2", *_WESTERN)),
    **dict.fromkeys(("lt", "lv"), ("cp1257", "iso8859_13", *_WESTERN)),
    "et": ("cp1257", "cp1252", "iso8859_13", "latin_1"),
    "tr": ("cp1254", "iso8859_9", *_WESTERN),
}
_NON_LATIN = ["cp1251", "koi8_r", "koi8_u", "iso8859_5", "mac_cyrillic", "cp1253", "iso8859_7"]
_SNIFF_BYTES = 8192
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13)) + b"\x7f"
_HIGH_BYTES = bytes(range(0x80, 0x100))
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_DECLARED_CHARSET = re.compile(
    rb"(?:<meta[^>]{0,300}?charset|<\?xml[^>]{0,100}?encoding)\s*=\s*[\"']?([A-Za-z0-9_.:-]{2,40})",
    re.IGNORECASE,
)


def decode(content: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raise Unreadable when the bytes are not text."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            try:
                return content[len(bom) :].decode(encoding.removesuffix("-sig")), encoding
            except UnicodeDecodeError:
                raise Unreadable(f"the text claims to be {encoding} (byte order mark) but is not") from None
    sample = content[:_SNIFF_BYTES]
    utf16 = _utf16_without_bom(sample)
    if utf16:
        try:
            return content.decode(utf16), utf16
        except UnicodeDecodeError:
            raise Unreadable(BINARY_REASON) from None
    if looks_binary(sample):
        raise Unreadable(BINARY_REASON)
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(sample)
    if declared:
        try:
            return content.decode(declared), declared
        except UnicodeDecodeError:
            pass  # a wrong declaration is common; fall back to judging the bytes
    if _mostly_high_bytes(sample):
        return _decode_non_latin(content)
    language = detect_language(sample.decode("latin_1"))
    encoding = _least_garbled(sample, _CODE_PAGES.get(language, _WESTERN))
    return content.decode(encoding, errors="replace"), encoding


def looks_binary(sample: bytes) -> bool:
    """NUL bytes, or more than 1 % control bytes, mean the data is not text."""
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls * 100 > len(sample)


def garbling(text: str) -> int:
    """How much a decoding looks like mojibake: undefined or control characters, symbols inside a
    word ("szkó³", "Pr‰vention"), and Cyrillic or Greek letters glued to Latin ones ("Prдvention")."""
    score = 0
    for match in _NON_ASCII.finditer(text):
        char = match.group()
        start = match.start()
        before = text[start - 1] if start else " "
        after = text[start + 1] if start + 1 < len(text) else " "
        if unicodedata.category(char)[0] == "C" or char == "\ufffd":
            score += 10
        elif not char.isalpha():
            if before.isalpha() and after.isalpha():
                score += 3
        elif (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
            name = unicodedata.name(char, "")
            if name.startswith(("CYRILLIC", "GREEK")):
                score += 3
    return score


def _least_garbled(sample: bytes, encodings: tuple[str, ...]) -> str:
    # The first (most common) code page wins ties.
    best, best_score = encodings[-1], None
    for encoding in encodings:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = garbling(text)
        if best_score is None or score < best_score:
            best, best_score = encoding, score
    return best


def _declared_charset(sample: bytes) -> str | None:
    """The charset an HTML or XML file declares (<meta charset>, http-equiv, <?xml encoding>)."""
    match = _DECLARED_CHARSET.search(sample)
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name.startswith(("utf-16", "utf-32")):
        return None  # a page whose bytes are ASCII-compatible cannot be UTF-16; browsers ignore this too
    # Browsers read a page declared ISO-8859-1 as windows-1252, and so do the pages' authors.
    return "cp1252" if name in ("iso8859-1", "latin-1") else name


def _mostly_high_bytes(sample: bytes) -> bool:
    """Cyrillic or Greek in an 8-bit code page: high bytes outnumber ASCII letters."""
    high = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    letters = len(sample) - len(sample.translate(None, _ASCII_LETTERS))
    return high > letters


def _decode_non_latin(content: bytes) -> tuple[str, str]:
    best = from_bytes(content, cp_isolation=_NON_LATIN).best()
    if best is None:
        raise Unreadable(BINARY_REASON)
    text = str(best)
    if garbling(text[:_SNIFF_BYTES]) * 100 > len(text[:_SNIFF_BYTES]):
        raise Unreadable(BINARY_REASON)
    return text, best.encoding


def _utf16_without_bom(sample: bytes) -> str | None:
    # ASCII-range text in UTF-16 has a NUL in every other byte; binary data does not.
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nuls, odd_nuls = even.count(0), odd.count(0)
    if odd_nuls >= 0.4 * len(odd) and even_nuls <= 0.05 * len(even):
        return "utf-16-le"
    if even_nuls >= 0.4 * len(even) and odd_nuls <= 0.05 * len(odd):
        return "utf-16-be"
    return None
