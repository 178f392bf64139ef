"""Offline language identification, limited to European languages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from praxhub.ingest import parse_file
from praxhub.ingest.language import LANGUAGES, _identifier, detect_language

FRENCH = (
    "La prévention de la radicalisation violente passe par la confiance entre les écoles, les familles et "
    "les services sociaux. Les collectivités locales coordonnent le travail des acteurs de terrain."
)
GERMAN = (
    "Die Prävention von Radikalisierung beginnt in den Schulen und Familien. Die Kommunen koordinieren "
    "die Arbeit der Fachkräfte vor Ort und unterstützen Ausstiegsprogramme."
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Preventing violent radicalisation starts with trust between schools and families.", "en"),
        (FRENCH, "fr"),
        (GERMAN, "de"),
        ("Het voorkomen van radicalisering begint bij vertrouwen tussen scholen en gezinnen in de wijk.", "nl"),
        ("La prevenzione della radicalizzazione violenta inizia dalla fiducia tra scuole e famiglie.", "it"),
        ("Zapobieganie radykalizacji zaczyna się od zaufania między szkołami a rodzinami.", "pl"),
        ("Forebygging av radikalisering og voldelig ekstremisme er viktig for kommunene i hele landet.", "no"),
    ],
)
def test_languages(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "   ", "EU 2021", "Hello world", "1234567890 " * 20])
def test_too_little_text_is_undetermined(text: str) -> None:
    assert detect_language(text) == "und"


def test_only_european_languages_are_answered() -> None:
    assert detect_language("Bom dia a todos os professores e famílias da escola municipal de Lisboa.") in LANGUAGES


def test_model_is_loaded_once() -> None:
    assert _identifier() is _identifier()


def test_french_and_german_files(write: Callable[[str, bytes | str], Path]) -> None:
    _, french = parse_file(write("fr.txt", FRENCH), 1024 * 1024)
    _, german = parse_file(write("de.txt", GERMAN.encode("cp1252")), 1024 * 1024)
    assert french.language == "fr"
    assert german.language == "de"
    assert "Prävention" in german.text
