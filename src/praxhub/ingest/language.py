"""Offline language identification with py3langid, limited to the languages of Europe."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Languages of the EU and Council of Europe member states that the langid model knows.
# Restricting the model avoids look-alike answers (e.g. Galician for Portuguese, Malay for
# Indonesian-looking acronyms) that are never right for this corpus.
LANGUAGES = (
    "en", "fr", "de", "nl", "it", "es", "pt", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "sq", "mk",
    "bg", "ro", "hu", "el", "sv", "da", "fi", "et", "lv", "lt", "mt", "ga", "tr", "uk", "ru", "no",
)
# langid also knows the two written forms of Norwegian; both are reported as "no".
_ALIASES = {"nb": "no", "nn": "no"}
UNDETERMINED = "und"
MIN_LETTERS = 20
# 1,000 characters of prose tell the language; classifying costs time in proportion to length
# (about 0.5 ms for this much).
_SAMPLE_CHARS = 1000
_SCAN_CHARS = 20000
_PROSE_WORDS = 5


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """Load the model once per process (about 0.1 s)."""
    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=False)
    identifier.set_languages([*LANGUAGES, *_ALIASES])
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or 'und' when there is too little text to tell."""
    sample = _prose_sample(text)
    letters = 0
    for char in sample:
        if char.isalpha():
            letters += 1
            if letters >= MIN_LETTERS:
                break
    if letters < MIN_LETTERS:
        return UNDETERMINED
    code, _score = _identifier().classify(sample)
    code = str(code)
    return _ALIASES.get(code, code)


def _prose_sample(text: str) -> str:
    """Lines of running text from the opening: letterheads, names and numbers say little."""
    pieces: list[str] = []
    size = 0
    for line in text[:_SCAN_CHARS].split("\n"):
        if len(line.split(None, _PROSE_WORDS)) > _PROSE_WORDS:
            pieces.append(line)
            size += len(line) + 1
            if size >= _SAMPLE_CHARS:
                break
    sample = "\n".join(pieces) if size >= _SAMPLE_CHARS // 3 else text
    return sample[:_SAMPLE_CHARS]
