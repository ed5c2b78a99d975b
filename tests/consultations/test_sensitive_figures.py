"""No public figure about a sensitive answer moves because of one person's accept or
decline (issue 12, defect 13).

Staff see who accepts a seat. If the public round page or /api/v1 showed a figure about
chronic illness that changed at that moment, staff (or anyone told who accepted) would
learn that person's health answer. The rule (pool.sensitive_figure): nothing about a
sensitive answer until the group is final, then bands ("fewer than 5", "at least n")
instead of a count that would single people out.
"""

from __future__ import annotations

import itertools
import re

import pytest
from sqlalchemy import select

from burgerplatform.consultations.pool import SMALL_COUNT, sensitive_figure
from burgerplatform.extensions import db

from .conftest import Setup

CHRONIC = "Lived experience: I have a chronic illness"


# --- the rule itself, exhaustively over small groups ----------------------------------


def test_nothing_about_a_sensitive_answer_is_published_while_the_group_is_not_final():
    for seated in range(0, 13):
        shown = {
            repr(sensitive_figure(count, seated, False, low, high))
            for count in range(seated + 1)
            for low in range(0, 4)
            for high in range(low, 13)
        }
        assert shown == {
            repr(
                {
                    "published": False,
                    "count": None,
                    "fewer_than": None,
                    "at_least": None,
                    "met": None,
                }
            )
        }


def test_a_final_group_never_shows_fewer_than_five_with_or_without_an_answer():
    for seated in range(0, 25):
        for count in range(seated + 1):
            for low, high in itertools.product(range(0, 6), range(0, 25)):
                if low > high:
                    continue
                figure = sensitive_figure(count, seated, True, low, high)
                assert figure["published"]
                if figure["count"] is not None:
                    assert figure["count"] == count
                    assert count >= SMALL_COUNT and seated - count >= SMALL_COUNT
                    assert figure["met"] == (low <= count <= high)
                    continue
                # A band: true of the count, every count of its side gives the same
                # page, and it holds two counts or more, so that nobody's answer (nor
                # "everyone has it") follows from it.
                kind = "fewer_than" if figure["fewer_than"] else "at_least"
                band = [
                    n
                    for n in range(seated + 1)
                    if sensitive_figure(n, seated, True, low, high)[kind] is not None
                ]
                if figure["fewer_than"]:
                    assert count < figure["fewer_than"]
                else:
                    assert count >= figure["at_least"] == band[0]
                assert count in band and (len(band) >= 2 or seated == 0)
                for other in band:
                    assert sensitive_figure(other, seated, True, low, high) == figure
                if figure["met"] is not None:
                    assert all((low <= n <= high) == figure["met"] for n in band)


# --- replaying accept/decline sequences through the pages and the API -----------------


@pytest.fixture
def invited_round(app, pool_zone, make_round):
    """A round in its first phase with a drawn (done) record, four open invitations (two
    to people with a chronic illness) and quotas on chronic illness (sensitive) and on a
    municipality (not sensitive)."""
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import DrawRecord, DrawStatus, PoolMember, Round

    # Members 0, 4, 8, 12, 16 have a chronic illness: 5, enough to be counted when the
    # rules are saved.
    setup: Setup = pool_zone(20)

    def factory() -> int:
        round_id = make_round(
            setup,
            size=4,
            quotas={("lived_experience", 0): (1, 3), ("municipality", 0): (1, 4)},
        )
        with app.test_request_context():
            round_ = db.session.get(Round, round_id)
            members = list(
                db.session.scalars(
                    select(PoolMember)
                    .where(PoolMember.zone_id == setup.zone_id)
                    .order_by(PoolMember.id)
                )
            )
            chosen = [members[i] for i in (0, 1, 4, 5)]
            db.session.add(
                DrawRecord(
                    round_id=round_id,
                    status=DrawStatus.DONE,
                    seed=1,
                    group_size=4,
                    pool_size=20,
                    algorithm="test",
                    probabilities={m.pseudonym: 1 / 3 for m in members},
                    selected=[m.pseudonym for m in chosen],
                )
            )
            for member in chosen:
                draws.invite(round_, member)
            db.session.commit()
        return round_id

    factory.setup = setup
    return factory


def _sensitive_view(visitor, staff, slug: str, round_id: int) -> tuple:
    """Everything a visitor, the API and staff can read about the sensitive quota."""
    api = visitor.get(f"/api/v1/zones/{slug}/rounds").get_json()
    (item,) = [i for i in api["items"] if i["id"] == round_id]
    rows = [row for row in item["composition"] if row["sensitive"]]
    pages = []
    for client, url in (
        (visitor, f"/{slug}/rounds/{round_id}"),
        (staff, f"/{slug}/rounds/{round_id}/group"),
    ):
        html = client.get(url).get_data(as_text=True)
        assert CHRONIC in html, url
        table_rows = re.findall(rf'<tr><th scope="row">{re.escape(CHRONIC)}</th>.*?</tr>', html)
        chart = re.search(
            r'<div class="chart composition-chart".*?<div class="table-scroll"', html, re.S
        )
        rows_drawn = re.findall(r'<div class="chart-row">(.*?)</div>', chart.group(0), re.S)
        marks = [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in rows_drawn
            if CHRONIC in row
        ]
        pages.append((table_rows, marks))
    return rows, pages


def _open_seats(app, round_id: int) -> list[int]:
    from burgerplatform.consultations.models import Seat, SeatStatus

    with app.app_context():
        return list(
            db.session.scalars(
                select(Seat.id)
                .where(Seat.round_id == round_id, Seat.status == SeatStatus.INVITED)
                .order_by(Seat.id)
            )
        )


def _answer(app, seat_id: int, accept: bool) -> None:
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import Seat

    with app.test_request_context():
        draws.answer(db.session.get(Seat, seat_id), accept)
        db.session.commit()


def test_no_public_figure_about_chronic_illness_moves_when_one_person_accepts_or_declines(
    app, make_client, invited_round
):
    """Every sequence of accept/decline over the four invitations (then the replacements
    accept): the public page, the staff's group page and the API say exactly the same
    about the sensitive quota before and after each single answer."""
    from burgerplatform.accounts.models import User

    setup = invited_round.setup
    with app.app_context():
        db.session.scalar(select(User).where(User.email == setup.staff_email)).locale = "en"
        db.session.commit()
    visitor, staff = make_client(), make_client()
    staff.login(setup.staff_email)
    for pattern in itertools.product((True, False), repeat=4):
        round_id = invited_round()
        first = _sensitive_view(visitor, staff, setup.slug, round_id)
        steps = list(zip(_open_seats(app, round_id), pattern, strict=True))
        for seat_id, accept in steps:
            _answer(app, seat_id, accept)
            assert _sensitive_view(visitor, staff, setup.slug, round_id) == first, pattern
        for seat_id in _open_seats(app, round_id):  # the replacements accept
            _answer(app, seat_id, True)
            assert _sensitive_view(visitor, staff, setup.slug, round_id) == first, pattern


def test_once_the_group_is_final_chronic_illness_shows_as_fewer_than_five_and_seats_close(
    app, client, invited_round
):
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import draws, services
    from burgerplatform.consultations.models import PoolMember, Round, Seat
    from burgerplatform.core.domain import DomainError

    setup = invited_round.setup
    round_id = invited_round()
    seats = _open_seats(app, round_id)
    for seat_id in seats[:3]:
        _answer(app, seat_id, True)
    with app.test_request_context():
        staff = db.session.scalar(select(User).where(User.email == setup.staff_email))
        # One invitation is still open: the staff confirm that the group goes ahead.
        services.start_gathering(db.session.get(Round, round_id), staff, confirmed=True)
        db.session.commit()
    api = client.get(f"/api/v1/zones/{setup.slug}/rounds").get_json()
    (chronic,) = [r for r in api["items"][0]["composition"] if r["sensitive"]]
    assert chronic["published"] and chronic["count"] is None
    assert chronic["fewer_than"] == 5 and chronic["met"] is None  # 0..3 seated: undecided
    page = client.get(f"/{setup.slug}/rounds/{round_id}").get_data(as_text=True)
    assert re.search(rf"{re.escape(CHRONIC)}</th><td[^>]*>fewer than 5</td>", page)
    assert "only once the group is final" in page
    # The last open invitation can no longer be taken, and nobody replaces a decline.
    with app.test_request_context():
        seat = db.session.get(Seat, seats[3])
        with pytest.raises(DomainError):
            draws.answer(seat, True)
        assert draws.draw_replacement(seat) is None
        db.session.rollback()
        assert db.session.scalar(select(PoolMember.id).limit(1))
