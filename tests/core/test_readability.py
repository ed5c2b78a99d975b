"""The readability measure staff see while writing and the catalogue test uses."""

from __future__ import annotations

import pytest

from burgerplatform.core.readability import Level, language_of, measure, syllables


def test_dutch_uses_the_douma_weights():
    # 2 sentences, 7 words, 9 syllables (zorg-raad, ant-woord)
    result = measure("De zorgraad geeft antwoord. Het is ja.", "nl")
    assert (result.sentences, result.words, result.syllables) == (2, 7, 9)
    assert result.score == pytest.approx(206.835 - 0.93 * 3.5 - 77 * 9 / 7, abs=0.05)


def test_french_uses_the_kandel_moles_weights():
    result = measure("Le conseil répond. La réponse est oui.", "fr")
    expected = (
        207 - 1.015 * (result.words / result.sentences) - 73.6 * (result.syllables / result.words)
    )
    assert result.score == pytest.approx(expected, abs=0.05)
    assert result.language == "fr"


def test_dutch_compounds_count_every_syllable():
    assert syllables("zorgraad", "nl") == 2
    assert syllables("idee", "nl") == 2
    assert syllables("eerstelijnszone", "nl") == 5
    assert syllables("geïnformeerd", "nl") == 4


def test_a_short_plain_text_is_easy_and_a_long_official_sentence_is_hard():
    easy = measure("Je kunt een voorstel doen. De zorgraad leest het. Je krijgt een antwoord.")
    hard = measure(
        "Overeenkomstig de toepasselijke regelgeving wordt de ontvankelijkheidsbeoordeling "
        "van burgerinitiatieven door de eerstelijnszone uitgevoerd na verificatie van de "
        "ondersteuningsdrempel en de geïdentificeerde belanghebbenden."
    )
    assert easy.level is Level.EASY
    assert hard.level is Level.HARD
    assert easy.score > hard.score


def test_markdown_links_and_placeholders_are_not_counted_as_words():
    result = measure("**Lees** [de uitleg](https://example.org/heel-lange-link) over %(name)s.")
    assert result.words == 4


def test_nothing_to_measure_without_words():
    assert measure("") is None
    assert measure("12 - 14 **") is None


def test_an_unknown_language_is_measured_as_dutch():
    assert language_of("nl_BE") == "nl"
    assert language_of("fr") == "fr"
    assert language_of("de") == "nl"
    assert language_of(None) == "nl"


def test_the_figure_staff_see_stays_between_0_and_100(app):
    """Outside review: a long jargon sentence read "-100 op 100"."""
    from flask import render_template_string

    hard = "Overeenkomstig de ontvankelijkheidsbeoordelingsprocedurevoorschriften " * 6
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        html = render_template_string(
            '{% from "_macros/easy_read.html" import readability_note %}'
            '{{ readability_note(text, "x") }}',
            text=hard,
        )
    assert "Leesbaarheid: 0 op 100" in html, html
