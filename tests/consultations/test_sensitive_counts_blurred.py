"""Every count of a sensitive pool question that staff or the public can read is blurred:
below 5 "fewer than 5" (0 included), from 5 on a band of five ("5 to 9"), so that one
person joining or leaving never moves it by one. Checked for every question marked
sensitive (the defaults and any staff add), not for one question by name: "what helps
me take part" showed 6, then 7, when one citizen joined (outside review)."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from burgerplatform.extensions import db
from tests.conftest import Client

from .conftest import Setup


def _expected(count: int) -> str:
    """The Dutch text a sensitive count must read as."""
    if count < 5:
        return "minder dan 5"
    low = count - count % 5
    return f"{low} tot {low + 4}"


def _cells(page: str, label: str) -> list[str]:
    found = re.findall(
        rf'<th scope="row">{re.escape(str(escape(label)))}</th>\s*<td[^>]*>(.*?)</td>',
        page,
    )
    return [html_lib.unescape(c).strip() for c in found]


def _pool_with_every_sensitive_answer(app, pool_zone, make_user, extra: int) -> Setup:
    """A pool where each answer of each sensitive question has its own count, some below
    5 and some above: person i gives the (i mod n)-th answer of a question with n answers
    (one answer each, so "None of these" stays alone). A question staff added as
    sensitive is in it too."""
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    setup = pool_zone(0)
    users = [make_user(zone_id=setup.zone_id) for _ in range(30 + extra)]
    with app.test_request_context():
        zone = db.session.get(Zone, setup.zone_id)
        pool.add_category(zone, "Mijn wijk", False, True, ["Noord", "Zuid", "Oost"])
        db.session.commit()
        cats = [c for c in pool.categories(zone) if c.sensitive]
        for i, made in enumerate(users):
            user = db.session.get(User, made.id)
            values = {c.values[i % len(c.values)].id for c in cats}
            pool.join_or_update(zone, user, values, consent=True)
            setup.members.append(user.email)
        # An answer nobody gave: its 0 must read "fewer than 5" too.
        pool.add_value(cats[-1], "West")
        db.session.commit()
    return setup


def _sensitive_counts(app, setup: Setup) -> dict[tuple[str, str], tuple[bool, int]]:
    """(question, answer) → (for quotas, exact count), as the database has them."""
    from burgerplatform.consultations import pool
    from burgerplatform.consultations.models import PoolAnswer, PoolMember
    from burgerplatform.zones.models import Zone

    with app.test_request_context():
        zone = db.session.get(Zone, setup.zone_id)
        chosen = list(
            db.session.scalars(
                select(PoolAnswer.value_id)
                .join(PoolMember, PoolMember.id == PoolAnswer.member_id)
                .where(PoolMember.zone_id == zone.id, PoolMember.left_at.is_(None))
            )
        )
        return {
            (str(c.display_label), str(v.display_label)): (c.for_quotas, chosen.count(v.id))
            for c in pool.categories(zone)
            if c.sensitive
            for v in c.values
        }


def test_every_sensitive_question_is_marked_so_in_the_defaults():
    from burgerplatform.consultations.pool import DEFAULT_CATEGORIES

    sensitive = {
        key for key, _label, _m, is_sensitive, _q, _v in DEFAULT_CATEGORIES if is_sensitive
    }
    # What helps someone take part (an interpreter, an accessible venue) can point to sign
    # language or a disability: as sensitive as the languages it goes with.
    assert sensitive >= {"gender", "lived_experience", "languages", "support"}


def test_staff_and_the_public_see_every_count_of_a_sensitive_answer_only_blurred(
    app, pool_zone, make_round, make_user
):
    for extra in (0, 1):  # one more person gives one answer of every sensitive question
        setup = _pool_with_every_sensitive_answer(app, pool_zone, make_user, extra)
        counts = _sensitive_counts(app, setup)
        assert {n >= 5 for _q, n in counts.values()} == {True, False}
        assert 0 in {n for _q, n in counts.values()}
        round_id = make_round(setup, size=4)
        staff = Client(app, language="nl")
        staff.login(setup.staff_email)
        overview = staff.get(f"/{setup.slug}/pool/overview").get_data(as_text=True)
        group = staff.get(f"/{setup.slug}/rounds/{round_id}/group").get_data(as_text=True)
        visitor = Client(app, language="nl")
        public = visitor.get(f"/{setup.slug}/rounds/{round_id}").get_data(as_text=True)
        api = visitor.get(f"/api/v1/zones/{setup.slug}/rounds").get_json()
        for (question, answer), (for_quotas, count) in counts.items():
            assert _cells(overview, answer) == [_expected(count)], (question, answer, count)
            if for_quotas:  # the quota table of the group page: the people who can be drawn
                assert _cells(group, answer) == [_expected(count)], (question, answer, count)
            # The public round page and the API have no count of an answer without a
            # quota on it (a quota's figure follows pool.sensitive_figure).
            assert not _cells(public, answer), (question, answer)
        for item in api["items"]:
            assert not [row for row in item["composition"] if row["sensitive"]]


def test_a_question_staff_mark_sensitive_reads_in_bands_on_the_pool_overview(
    app, pool_zone, make_user
):
    setup = _pool_with_every_sensitive_answer(app, pool_zone, make_user, 0)
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    overview = staff.get(f"/{setup.slug}/pool/overview").get_data(as_text=True)
    # 30 people over Noord, Zuid and Oost: 10 each, shown as "10 tot 14".
    assert [_cells(overview, town) for town in ("Noord", "Zuid", "Oost")] == [["10 tot 14"]] * 3


def _pool_where_nearly_everyone_answers(app, pool_zone, make_user, size, others) -> Setup:
    """A pool of `size` where all but `others` people give the first answer of every
    sensitive question, and those `others` the second."""
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    setup = pool_zone(0)
    users = [make_user(zone_id=setup.zone_id) for _ in range(size)]
    with app.test_request_context():
        zone = db.session.get(Zone, setup.zone_id)
        cats = [c for c in pool.categories(zone) if c.sensitive]
        for i, made in enumerate(users):
            user = db.session.get(User, made.id)
            values = {c.values[1 if i < others else 0].id for c in cats}
            pool.join_or_update(zone, user, values, consent=True)
        db.session.commit()
    return setup


@pytest.mark.parametrize(
    "size, others, first, second",
    [
        # All 5 have it: "5 tot 9" said so; "everyone but …" with 0 to 2 others.
        (5, 0, "iedereen op minder dan 5 na", "minder dan 5"),
        # All 40: "40 tot 44" next to "40 people in the pool" said so.
        (40, 0, "iedereen op minder dan 5 na", "minder dan 5"),
        (40, 3, "iedereen op minder dan 5 na", "minder dan 5"),
        # 35 of 40: "35 tot 39" may be said, as 36 of 40 reads so too.
        (40, 5, "35 tot 39", "5 tot 9"),
    ],
)
def test_a_sensitive_answer_nearly_everyone_gave_never_reads_as_everyone(
    app, pool_zone, make_round, make_user, size, others, first, second
):
    setup = _pool_where_nearly_everyone_answers(app, pool_zone, make_user, size, others)
    counts = _sensitive_counts(app, setup)
    round_id = make_round(setup, size=4)
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    overview = staff.get(f"/{setup.slug}/pool/overview").get_data(as_text=True)
    group = staff.get(f"/{setup.slug}/rounds/{round_id}/group").get_data(as_text=True)
    assert f"{size} mensen zitten in de pool" in overview
    checked = 0
    for (question, answer), (for_quotas, count) in counts.items():
        if count not in (size - others, others):
            continue
        expected = first if count == size - others else second
        assert _cells(overview, answer) == [expected], (question, answer, count)
        if for_quotas:  # all of them can be drawn: the same total
            assert _cells(group, answer) == [expected], (question, answer, count)
        checked += 1
    assert checked >= 2 * len({q for q, _a in counts})
