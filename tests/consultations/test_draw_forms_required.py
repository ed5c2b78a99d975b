"""The staff's forms of the draw, in Dutch: every required field says "(verplicht)" as
the other forms do, and a field left empty says what to fill in, never the general
"Dit veld is vereist."."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.consultations.test_check_program import _published

GENERAL = "Dit veld is vereist."


def _label(page: str, field: str) -> str:
    return unescape(re.search(rf'<label for="{field}">(.*?)</label>', page, re.S).group(1))


@pytest.fixture
def published(app, pool_zone, make_round):
    """A round with no list yet (the form to publish one) and one whose list waits for
    its number (the forms to enter it and to set the list aside), in the same zone."""
    setup = pool_zone(12)
    fresh = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _published(app, setup, round_id)
    return staff, f"/{setup.slug}/rounds/{fresh}", base, record


def test_every_required_field_of_the_draw_forms_is_marked_and_the_optional_time_is_not(
    app, published
):
    staff, fresh, base, record = published
    group = staff.get(f"{fresh}/group").get_data(as_text=True)
    status = staff.get(f"{base}/draws/{record.id}").get_data(as_text=True)
    for page, field, label in (
        (group, "source", "Waar komt het getal vandaan?"),
        (group, "known_on", "Wanneer is het getal bekend?"),
        (status, "number", "Het getal"),
        (status, "reason", "Waarom leg je de lijst weg?"),
    ):
        shown = _label(page, field)
        assert label in shown and "(verplicht)" in shown, (field, shown)
    assert "(verplicht)" not in _label(group, "known_at")


def test_a_required_field_of_the_draw_forms_left_empty_says_what_to_fill_in(app, published):
    staff, fresh, base, record = published
    for url, form, says in (
        (f"{fresh}/draw", {"source": "", "known_on": "2030-01-09"}, "Noem de bron van het getal."),
        (
            f"{fresh}/draw",
            {"source": "de zorgraad", "known_on": ""},
            "Zeg vanaf welke dag het getal van de bron bekend is.",
        ),
        (f"{base}/draws/{record.id}/number", {"number": ""}, "Vul het getal van de bron in."),
        (f"{base}/draws/{record.id}/number", {"number": "   "}, "Vul het getal van de bron in."),
        (f"{base}/draws/{record.id}/discard", {"reason": ""}, "Zeg waarom je de lijst weglegt."),
    ):
        answered = staff.post(url, form)
        page = unescape(answered.get_data(as_text=True))
        assert answered.status_code == 400, (url, form)
        assert says in page and GENERAL not in page, (url, form, says)
