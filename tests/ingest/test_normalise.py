"""The shared normaliser: whitespace, boilerplate lines, PDF hyphenation and wrapping, linear time."""

from __future__ import annotations

import time

import pytest

from praxhub.ingest.normalise import normalise


def test_nfc_line_endings_spaces_and_blank_lines() -> None:
    raw = "\n\n  Pre\u0301vention\u00a0\u00a0 and\tprotection  \r\n\r\n\r\n\rSecond\u2028line\u200b \n\n"
    assert normalise(raw) == "Prévention and protection\n\nSecond\nline"


def test_control_characters_and_soft_hyphens_are_removed() -> None:
    assert normalise("radi\u00adcali\x07sation\x0cnext page") == "radicalisation\nnext page"


@pytest.mark.parametrize(
    "line",
    [
        "Add Comment",
        "comment Add Comment",
        "SHARE",
        "Print",
        "Skip to main content",
        "Back to top ↑",
        "Menu",
        "Cookie settings",
        "Accept cookies",
        "Read more »",
        "Subscribe to our newsletter",
        "[29th session file](#)",
        "Home > News > Ministers agree",
        "Home / Library / Guidelines",
    ],
)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    assert normalise(f"First paragraph.\n{line}\nLast paragraph.") == "First paragraph.\nLast paragraph."


@pytest.mark.parametrize(
    "line",
    [
        "Share the results with partners.",
        "Print media coverage of radicalisation",
        "Read more about the network in the annex.",
        "Home and family support",
        "See [the handbook](https://example.org)",
    ],
)
def test_lines_that_merely_contain_boilerplate_words_stay(line: str) -> None:
    assert normalise(line) == line


def test_pdf_line_break_hyphenation_is_undone() -> None:
    assert normalise("Preventing violent radicali-\nsation requires trust.", pdf=True) == (
        "Preventing violent radicalisation requires trust."
    )


def test_pdf_hyphen_is_kept_when_the_text_spells_the_word_with_one() -> None:
    text = "Work on de-radicalisation matters.\nSupport for de-\nradicalisation programmes."
    assert normalise(text, pdf=True) == (
        "Work on de-radicalisation matters.\nSupport for de-radicalisation programmes."
    )


def test_pdfium_soft_hyphen_marker_is_resolved() -> None:
    # pdfium joins the lines itself and leaves U+FFFE where the end-of-line hyphen was.
    assert normalise("violent radicali\ufffesation and Upper\ufffeCase", pdf=True) == (
        "violent radicalisation and Upper-Case"
    )


def test_pdf_hard_wrapped_lines_of_a_paragraph_are_joined() -> None:
    text = "The Council stresses\nthe importance of trust.\nA new line\nstarts here:\nand goes on\nUpper case stays"
    assert normalise(text, pdf=True) == (
        "The Council stresses the importance of trust.\nA new line starts here:\nand goes on\nUpper case stays"
    )


def test_other_formats_keep_their_lines() -> None:
    text = "The Council stresses\nthe importance of radicali-\nsation work."
    assert normalise(text) == text


def test_normalising_twice_changes_nothing() -> None:
    raw = "Title\n\n\n  Body  text\u00a0here.\r\nShare\nradicali-\nsation\n"
    once = normalise(raw, pdf=True)
    assert normalise(once, pdf=True) == once


@pytest.mark.parametrize(
    "text",
    [
        "a" * 5_000_000,
        "[" * 2_000_000,
        "Home > " * 300_000,
        "word- " * 800_000,
        ("x" * 60 + "-\n") * 60_000,
    ],
    ids=["long-word", "brackets", "breadcrumbs", "hyphens", "hyphenated-lines"],
)
def test_linear_time_on_pathological_input(text: str) -> None:
    started = time.perf_counter()
    normalise(text, pdf=True)
    assert time.perf_counter() - started < 3
