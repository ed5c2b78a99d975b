"""The quota table of the group page, the check on saving the rules and the check before
the draw count the same people: those a draw can actually pick (review 1, item 1). A
person with an older consent, one waiting to answer another round's invitation and one
seated recently (rotation without fallback) are in none of the three."""

from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from burgerplatform.extensions import db
from tests.conftest import Client

KINDS = ["older consent", "invited elsewhere", "seated recently"]


def _cell(page: str, label: str) -> str:
    found = re.findall(
        rf'<th scope="row">{re.escape(str(html_lib.escape(label)))}</th>\s*<td[^>]*>(.*?)</td>',
        page,
        re.S,
    )
    assert len(found) == 1, found
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", found[0])).split())


def _leave_out(app, setup, make_round, kinds: list[str]) -> tuple[int, str]:
    """Members 0, 2 and 4 (all in the first municipality) each left out one way; the
    first municipality's id and label."""
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import pool
    from burgerplatform.consultations.models import PoolMember, Round, Seat, SeatStatus
    from burgerplatform.core.db import utcnow
    from burgerplatform.zones.models import Zone

    other_round = make_round(setup, size=3, title="Een andere ronde")
    with app.test_request_context():
        zone = db.session.get(Zone, setup.zone_id)
        town = {c.key: c for c in pool.categories(zone)}["municipality"].values[0]
        for kind, email in zip(kinds, setup.members[0::2], strict=False):
            member = db.session.scalar(select(PoolMember).join(User).where(User.email == email))
            assert any(a.value_id == town.id for a in member.answers)
            if kind == "older consent":
                member.consent_version = "2020-01"
            elif kind == "invited elsewhere":
                db.session.add(
                    Seat(
                        member=member,
                        round=db.session.get(Round, other_round),
                        status=SeatStatus.INVITED,
                        reply_by=utcnow() + timedelta(days=5),
                    )
                )
            else:
                member.last_seated_at = utcnow() - timedelta(days=30)
        db.session.commit()
        return town.id, str(town.display_label)


def _rules(size: int, months: int, fallback: bool, **quotas) -> dict:
    data = {
        "group_size": str(size),
        "rotation_rounds": "0",
        "rotation_months": str(months),
        "reply_days": "10",
        **{k: str(v) for k, v in quotas.items()},
    }
    if fallback:
        data["rotation_fallback"] = "y"
    return data


@pytest.mark.parametrize("kind", KINDS)
def test_the_quota_table_counts_only_people_who_can_be_drawn_and_the_checks_agree(
    app, pool_zone, make_round, kind
):
    setup = pool_zone(12)
    town_id, town = _leave_out(app, setup, make_round, [kind])
    round_id = make_round(setup, size=3)
    url = f"/{setup.slug}/rounds/{round_id}/group"
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    # The rotation rule leaves out people seated in the last 6 months (no fallback).
    saved = staff.post(url, _rules(8, 6, False))
    assert saved.status_code == 302
    page = staff.get(url).get_data(as_text=True)
    # 6 people live in the first municipality; one of them cannot be drawn.
    assert _cell(page, town) == "5"
    assert "Mensen in de pool die voor deze groep geloot kunnen worden: 11." in page
    # One more than the column says is refused on saving, with the column's number.
    refused = staff.post(url, _rules(8, 6, False, **{f"min_{town_id}": 6}))
    assert refused.status_code == 400
    text = html_lib.unescape(refused.get_data(as_text=True))
    assert "de pool heeft 5 mensen met dit antwoord (1 te weinig)" in text
    # What the column says is saved, and the check before the draw finds no clash.
    assert staff.post(url, _rules(8, 6, False, **{f"min_{town_id}": 5})).status_code == 302
    page = staff.get(url).get_data(as_text=True)
    assert 'id="draw-blocked"' not in page
    assert _cell(page, town) == "5"


def test_all_three_left_out_together_and_the_draw_check_gives_the_column_number(
    app, pool_zone, make_round
):
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import Quota, Round

    setup = pool_zone(12)
    town_id, town = _leave_out(app, setup, make_round, KINDS)
    round_id = make_round(setup, size=3)
    url = f"/{setup.slug}/rounds/{round_id}/group"
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    assert staff.post(url, _rules(8, 6, False, **{f"min_{town_id}": 3})).status_code == 302
    page = staff.get(url).get_data(as_text=True)
    assert _cell(page, town) == "3"
    # The pool changes after saving (as in the review: a quota the table allowed): the
    # check before the draw then names the count the table shows.
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        quota = db.session.scalar(select(Quota).where(Quota.round_id == round_id))
        quota.min = 4
        db.session.commit()
        blocked = draws.draw_blocked(db.session.get(Round, round_id))
    assert blocked is not None and "de pool heeft 3 mensen met dit antwoord (1 te weinig)" in (
        html_lib.unescape(blocked)
    )
    page = html_lib.unescape(staff.get(url).get_data(as_text=True))
    assert _cell(page, town) == "3"
    assert "de pool heeft 3 mensen met dit antwoord (1 te weinig)" in page


def test_with_the_rotation_fallback_recently_seated_people_count_as_the_draw_may_bring_them_back(
    app, pool_zone, make_round
):
    setup = pool_zone(12)
    town_id, town = _leave_out(app, setup, make_round, ["seated recently"])
    round_id = make_round(setup, size=3)
    url = f"/{setup.slug}/rounds/{round_id}/group"
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    assert staff.post(url, _rules(8, 6, True, **{f"min_{town_id}": 6})).status_code == 302
    page = staff.get(url).get_data(as_text=True)
    assert _cell(page, town) == "6"
    assert 'id="draw-blocked"' not in page
    # Without the fallback the same quota is refused: the saved rule is the one checked.
    refused = staff.post(url, _rules(8, 6, False, **{f"min_{town_id}": 6}))
    assert refused.status_code == 400
    assert _cell(refused.get_data(as_text=True), town) == "5"


def test_a_small_count_of_an_answer_that_is_not_sensitive_is_exact_in_the_quota_table(
    app, pool_zone, make_round
):
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    setup = pool_zone(12)
    round_id = make_round(setup, size=3)
    with app.test_request_context():
        zone = db.session.get(Zone, setup.zone_id)
        ages = {c.key: c for c in pool.categories(zone)}["age_band"].values
        counts = dict(pool.counts_among(zone, pool.active_members(zone))[1][1])
        small = [v for v in ages if counts[v] not in ("0",) and int(counts[v]) < 5]
        assert small, counts
        label, count = str(small[0].display_label), counts[small[0]]
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    page = staff.get(f"/{setup.slug}/rounds/{round_id}/group").get_data(as_text=True)
    assert _cell(page, label) == count
    assert "minder dan 5" not in _cell(page, label)
