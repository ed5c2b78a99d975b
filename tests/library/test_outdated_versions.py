"""A change of a case's Dutch text leaves its French and English versions behind: the
editor hears so right after saving, and the case carries a mark for its editors until
that version is edited too. Readers never see the mark."""

from __future__ import annotations

from html import unescape

import pytest

from tests.library.conftest import case_form

FRENCH = {
    "fr_title": "Soupe de quartier",
    "fr_asked": "Comment les voisins se rencontrent-ils ?",
    "fr_done": "Chaque mois, nous cuisinons ensemble.",
    "fr_changed": "Les voisins s'entraident plus vite.",
}
ENGLISH = {
    "en_title": "Neighbourhood soup",
    "en_asked": "How do neighbours get to know each other?",
    "en_done": "Every month we cook soup together.",
    "en_changed": "Neighbours ask each other for help sooner.",
}


@pytest.fixture
def translated(app, closed_proeftuin, make_client):
    """A case published in Dutch, French and English: (coach client, case id)."""
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    sent = coach.post(f"/library/proeftuinen/{setup['id']}/publish", case_form(**FRENCH, **ENGLISH))
    assert sent.status_code == 302
    return coach, int(sent.headers["Location"].rsplit("/", 1)[1])


def _page(client, url: str) -> str:
    return unescape(client.get(url).get_data(as_text=True))


def test_changing_the_dutch_text_says_the_french_and_english_may_be_out_of_date(
    app, translated, make_client
):
    coach, case_id = translated
    changed = {"nl_done": "Elke week koken we samen soep, ook met de school."}
    sent = coach.post(f"/library/{case_id}/edit", case_form(**changed, **FRENCH, **ENGLISH))
    assert sent.status_code == 302
    shown = _page(coach, f"/library/{case_id}")
    assert "so the French and English versions may now be out of date" in shown
    assert 'id="outdated-fr"' in shown and 'id="outdated-en"' in shown
    # The mark stays for editors, on the case and in the form, until the version is edited.
    again = _page(coach, f"/library/{case_id}")
    assert "may now be out of date" not in again  # said once, after saving
    assert "The French version may be out of date: the Dutch text changed on" in again
    form = _page(coach, f"/library/{case_id}/edit")
    assert 'id="outdated-fr"' in form and 'id="outdated-en"' in form
    # A reader does not see it.
    reader = _page(make_client(), f"/library/{case_id}")
    assert 'id="outdated-fr"' not in reader and "may be out of date" not in reader

    # The French version edited too: its mark goes, the English one stays.
    french = dict(FRENCH, fr_done="Chaque semaine, nous cuisinons ensemble, avec l'école.")
    sent = coach.post(f"/library/{case_id}/edit", case_form(**changed, **french, **ENGLISH))
    assert sent.status_code == 302
    shown = _page(coach, f"/library/{case_id}")
    assert 'id="outdated-fr"' not in shown and 'id="outdated-en"' in shown
    assert "may now be out of date" not in shown  # the Dutch did not change this time
    assert "The case is corrected." in shown


def test_a_correction_of_the_dutch_and_the_french_together_marks_only_the_english(app, translated):
    coach, case_id = translated
    sent = coach.post(
        f"/library/{case_id}/edit",
        case_form(nl_title="Soep met de buren", **dict(FRENCH, fr_title="Soupe entre voisins"),
                  **ENGLISH),
    )  # fmt: skip
    assert sent.status_code == 302
    shown = _page(coach, f"/library/{case_id}")
    assert "so the English version may now be out of date" in shown
    assert 'id="outdated-fr"' not in shown and 'id="outdated-en"' in shown


def test_a_correction_that_leaves_the_dutch_text_marks_nothing(app, translated):
    coach, case_id = translated
    sent = coach.post(f"/library/{case_id}/edit", case_form(topic="carers", **FRENCH, **ENGLISH))
    assert sent.status_code == 302
    shown = _page(coach, f"/library/{case_id}")
    assert "The case is corrected." in shown and "out of date" not in shown


def test_the_dutch_editor_reads_that_the_french_version_may_be_out_of_date(
    app, closed_proeftuin, make_client
):
    from burgerplatform.accounts.models import User
    from burgerplatform.extensions import db

    setup = closed_proeftuin()
    with app.app_context():
        db.session.get(User, setup["coach"].id).locale = "nl"
        db.session.commit()
    coach = make_client()
    coach.login(setup["coach"].email)
    sent = coach.post(f"/library/proeftuinen/{setup['id']}/publish", case_form(**FRENCH))
    case_id = int(sent.headers["Location"].rsplit("/", 1)[1])
    coach.post(f"/library/{case_id}/edit", case_form(nl_title="Soep met de buren", **FRENCH))
    shown = _page(coach, f"/library/{case_id}")
    assert "Daardoor klopt de Franse versie misschien niet meer" in shown
    assert "De Franse versie klopt misschien niet meer" in shown
