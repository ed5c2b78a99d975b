"""Small things a reader of the draw's pages noticed (review 1, item 5): no two numbers side
by side, no "agreed mix" for a group without quotas, and before the pick the page says
where the list of groups is."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from burgerplatform.extensions import db
from tests.conftest import Client
from tests.consultations.conftest import number_is_known, run_jobs, tomorrow


def _text(response) -> str:
    return " ".join(
        html_lib.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split()
    )


def _drawn(app, setup, round_id: int, pick: bool = True) -> str:
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import DrawRecord, Round

    with app.test_request_context():
        draws.start_draw(db.session.get(Round, round_id), source="de zorgraad", known_on=tomorrow())
        db.session.commit()
    run_jobs(app)
    if pick:
        number_is_known()
        with app.test_request_context():
            record = db.session.scalar(db.select(DrawRecord).where(DrawRecord.round_id == round_id))
            draws.enter_number(record, "7")
            db.session.commit()
    return f"/{setup.slug}/rounds/{round_id}"


@pytest.mark.parametrize("quotas", [None, {("municipality", 0): (1, 3)}])
def test_the_draw_page_never_puts_the_date_and_the_count_side_by_side(
    app, pool_zone, make_round, quotas
):
    setup = pool_zone(12)
    base = _drawn(app, setup, make_round(setup, size=4, quotas=quotas))
    for lang in ("nl", "fr", "en"):
        text = _text(Client(app, language=lang).get(f"{base}/draw"))
        # "op 6 december 2026 12 mensen": a year followed by a count.
        assert not re.search(r"\b20\d\d \d+\b", text), (lang, text[:600])
    nl = _text(Client(app, language="nl").get(f"{base}/draw"))
    # (The glossary links the word "klankbordgroep": tags become spaces here.)
    assert re.search(r"werden 4 mensen geloot voor de klankbordgroep ?, op \d+ \w+ 20\d\d", nl)


def test_a_group_without_quotas_is_not_said_to_follow_an_agreed_mix(app, pool_zone, make_round):
    setup = pool_zone(12)
    plain = _drawn(app, setup, make_round(setup, size=4, title="Zonder quota"))
    mixed = _drawn(
        app, setup, make_round(setup, size=4, quotas={("municipality", 0): (1, 3)}, title="Met")
    )
    client = Client(app, language="nl")
    without = _text(client.get(plain))
    assert "volgt de afgesproken mix" not in without
    assert "Deze groep had geen afgesproken mix (geen quota)" in without
    assert "volgt de afgesproken mix" in _text(client.get(mixed))


def test_before_the_pick_the_draw_page_says_where_the_list_of_groups_is(app, pool_zone, make_round):
    setup = pool_zone(12)
    base = _drawn(
        app, setup, make_round(setup, size=4, quotas={("municipality", 0): (1, 3)}), False
    )
    page = Client(app, language="nl").get(f"{base}/draw").get_data(as_text=True)
    intro = re.search(r'<p id="not-picked-yet">(.*?)</p>', page, re.S).group(1)
    assert "Hieronder staat de lijst" not in intro
    words = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", intro)).split())
    assert "ze staat in het verslag van de loting" in words, words
    assert 'href="#for-checking"' in intro
    # What the link leads to: the section with the record (the list) to download.
    section = page[page.index('id="for-checking"') :]
    assert f'href="{base}/draw/record.json"' in section
