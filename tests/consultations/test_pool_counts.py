"""Counts of the pool that staff see (in Dutch) (the pool in numbers, the quota table of a round's
group page): a count below 5 of a sensitive answer (gender, lived experience,
languages) reads "fewer than 5", 0 included, as the README promises."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from burgerplatform.extensions import db
from tests.conftest import Client


def _cell(page: str, label: str) -> list[str]:
    """The count cells of every table row headed by `label`."""
    found = re.findall(
        rf'<th scope="row">{re.escape(str(html_lib.escape(label)))}</th>\s*<td[^>]*>(.*?)</td>',
        page,
    )
    return [html_lib.unescape(c).strip() for c in found]


def _answers(app, setup, sensitive: bool) -> list[tuple[str, str]]:
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    with app.test_request_context():
        zone = db.session.get(Zone, setup.zone_id)
        return [
            (c.key, str(v.display_label))
            for c in pool.categories(zone)
            if c.sensitive == sensitive and c.for_quotas
            for v in c.values
        ]


@pytest.mark.parametrize("page", ["overview", "group"])
def test_every_small_count_of_a_sensitive_answer_reads_fewer_than_five_even_nobody(
    app, pool_zone, make_round, page
):
    # 12 people: 4 informal carers, 3 with a chronic illness; nobody answered gender or
    # languages, nobody has a disability or chose "None of these".
    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    url = {
        "overview": f"/{setup.slug}/pool/overview",
        "group": f"/{setup.slug}/rounds/{round_id}/group",
    }[page]
    response = staff.get(url)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    sensitive = _answers(app, setup, sensitive=True)
    assert {key for key, _l in sensitive} >= {"gender", "lived_experience", "languages"}
    for key, label in sensitive:
        # Every answer has its row, "None of these" too: a row that showed only once
        # someone chose the answer would tell it as well as a count.
        cells = _cell(text, label)
        assert cells == ["minder dan 5"], (key, label, cells)
    # Answers that are not sensitive keep their count, 0 included.
    plain = dict((label, key) for key, label in _answers(app, setup, sensitive=False))
    towns = [label for label, key in plain.items() if key == "municipality"]
    assert [_cell(text, town) for town in towns[:2]] == [["6"], ["6"]]
