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


def test_pool_in_numbers_and_quota_table_show_one_exact_count_of_every_answer_not_sensitive(
    app, pool_zone, make_round
):
    # Outside review: "80 or older" read "fewer than 5" in the pool in numbers, yet its
    # exact count stood next to the quotas (and in the clash messages). One rule: an
    # answer that is not sensitive has its exact count on both pages, small ones too.
    setup = pool_zone(12, seed=3)
    round_id = make_round(setup, size=4)
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    overview = staff.get(f"/{setup.slug}/pool/overview").get_data(as_text=True)
    group = staff.get(f"/{setup.slug}/rounds/{round_id}/group").get_data(as_text=True)
    from burgerplatform.consultations import pool
    from burgerplatform.consultations.models import PoolMember
    from burgerplatform.zones.models import Zone

    with app.test_request_context():
        zone = db.session.get(Zone, setup.zone_id)
        members = db.session.query(PoolMember).filter_by(zone_id=zone.id).all()
        # "None of these" shows only once someone chose it (on both pages).
        exact = {
            str(v.display_label): n
            for c in pool.categories(zone)
            if c.for_quotas and not c.sensitive
            for v in c.values
            if (n := sum(1 for m in members for a in m.answers if a.value_id == v.id))
            or v.label not in pool.EXCLUSIVE_VALUES
        }
    assert any(0 < n < 5 for n in exact.values()), "the pool needs a small count to test"
    for label, count in exact.items():
        assert _cell(overview, label) == [str(count)], label
        assert _cell(group, label) == [str(count)], label
