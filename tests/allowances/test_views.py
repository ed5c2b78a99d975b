"""The register and allowance pages through the browser's eyes (the Flask test client):
what staff record, what members and the public see, and who is refused."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from burgerplatform.allowances.models import AllowancePayment, PayeeDetails, PresenceRecord
from burgerplatform.audit.models import AuditEvent
from burgerplatform.extensions import db
from tests.allowances.conftest import IBAN, ceilings, consent, days_year, present


def register_data(group, **presence) -> dict:
    return {f"p{group.members[name]}": value for name, value in presence.items()}


def looks(app, view: str) -> int:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "pool.viewed"))
        found = [r for r in rows if r.detail.get("view") == view]
        db.session.remove()
        return len(found)


def test_staff_record_who_was_there_and_members_see_their_own_line(app, client, group):
    uid = group.meetings["morning"]
    client.login(group.staff)
    page = client.get(f"/meetings/{uid}/register")
    assert page.status_code == 200 and "Carla" in page.get_data(as_text=True)
    response = client.post(
        f"/meetings/{uid}/register",
        register_data(group, An="present", Bert="excused", Carla="absent"),
    )
    assert response.status_code == 302
    member = client.__class__(app)
    member.login(group.emails["Bert"])
    html = member.get(f"/meetings/{uid}").get_data(as_text=True)
    assert "Present: 1 · Excused: 1 · Absent: 1" in html
    assert "You: Excused" in html
    mine = member.get("/meetings/mine/allowances").get_data(as_text=True)
    assert "Klankbordgroep morning" in mine and "Excused" in mine


def test_the_register_of_a_meeting_to_come_is_refused_with_what_was_chosen_kept(app, client, group):
    uid = group.meetings["future"]
    client.login(group.staff)
    response = client.post(f"/meetings/{uid}/register", register_data(group, An="present"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "has not taken place yet" in html
    with app.app_context():
        assert db.session.scalar(select(PresenceRecord.id)) is None


@pytest.mark.parametrize(
    ("who", "status"),
    [("member", 403), ("other_member", 403), ("other_staff", 404), ("anonymous", 302)],
)
def test_only_who_ran_the_meeting_keeps_its_register(app, client, group, who, status):
    uid = group.meetings["morning"]
    email = {
        "member": group.emails["An"],
        "other_member": group.outsider,
        "other_staff": group.other_staff,
    }.get(who)
    if email:
        client.login(email)
    response = client.post(f"/meetings/{uid}/register", register_data(group, An="present"))
    # A meeting of a group one is not in does not exist for them (404); a member sees it
    # but may not write its register (403).
    expected = {"other_member": 404}.get(who, status)
    assert response.status_code == expected
    with app.app_context():
        assert db.session.scalar(select(PresenceRecord.id)) is None


@pytest.fixture
def paid(app, group):
    ceilings(app, group)
    consent(app, group, "An", "Bert")
    present(app, group, "morning", "An", "Bert", "Carla")
    present(app, group, "evening", "An")
    return group


def pay(client, group, meeting: str, name: str, flat: str, travel: str = ""):
    uid = group.meetings[meeting]
    prefix = f"m{group.members[name]}"
    return client.post(
        f"/meetings/{uid}/allowances/{group.members[name]}",
        {f"{prefix}-flat": flat, f"{prefix}-travel": travel},
    )


def test_staff_pay_an_allowance_typed_with_a_comma_and_the_look_is_logged(app, client, paid):
    client.login(paid.staff)
    before = looks(app, "meeting_allowances")
    page = client.get(f"/meetings/{paid.meetings['morning']}/allowances")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "BE71 0961 2345 6769" in html
    assert looks(app, "meeting_allowances") == before + 1
    assert pay(client, paid, "morning", "An", "12,50", "8,40").status_code == 302
    with app.app_context():
        payment = db.session.scalar(select(AllowancePayment))
        assert (payment.flat_cents, payment.travel_cents) == (1250, 840)
        assert payment.iban == "BE71096123456769"


def test_a_payment_over_the_daily_ceiling_is_refused_with_the_amount_kept(app, client, paid):
    client.login(paid.staff)
    assert pay(client, paid, "morning", "An", "30,00").status_code == 302
    response = pay(client, paid, "evening", "An", "10,68")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "daily ceiling" in html and "10.67" in html  # English: what is still possible
    assert 'value="10,68"' in html  # what was typed is kept
    assert pay(client, paid, "evening", "An", "10,67").status_code == 302


def test_after_paying_the_daily_ceiling_the_page_shows_nothing_left_that_day(app, client, paid):
    client.login(paid.staff)
    assert pay(client, paid, "morning", "An", "40,67").status_code == 302
    html = client.get(f"/meetings/{paid.meetings['morning']}/allowances").get_data(as_text=True)
    year = days_year(paid)
    line = html.split(f'id="member-{paid.members["An"]}"')[1].split("</li>")[0]
    assert f"€0.00 on this day, €1,586.10 in {year}." in line
    assert "The ceiling is reached" in line
    assert "Recorded: allowance €40.67" in line


@pytest.mark.parametrize(
    ("flat", "message"),
    [("-5", "cannot be negative"), ("12,505", "two digits"), ("veel", "for example 12,50")],
)
def test_bad_amounts_are_refused_in_words_and_nothing_is_written(app, client, paid, flat, message):
    client.login(paid.staff)
    response = pay(client, paid, "morning", "An", flat)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(AllowancePayment.id)) is None


@pytest.mark.parametrize(
    ("who", "status"),
    [("member", 403), ("other_member", 404), ("other_staff", 404), ("anonymous", 302)],
)
def test_nobody_but_the_zones_staff_sees_or_pays_allowances(app, client, paid, who, status):
    email = {
        "member": paid.emails["An"],
        "other_member": paid.outsider,
        "other_staff": paid.other_staff,
    }.get(who)
    if email:
        client.login(email)
    uid = paid.meetings["morning"]
    assert client.get(f"/meetings/{uid}/allowances").status_code == status
    assert pay(client, paid, "morning", "An", "5").status_code == status
    for url in (f"/{paid.zone_slug}/allowances/", f"/{paid.zone_slug}/allowances/export.csv"):
        expected = 302 if who == "anonymous" else 403
        assert client.get(url).status_code == expected, url
    with app.app_context():
        assert db.session.scalar(select(AllowancePayment.id)) is None


def test_staff_of_another_zone_see_only_their_own_zones_payments(app, client, paid):
    client.login(paid.staff)
    pay(client, paid, "morning", "An", "12,50")
    other = client.__class__(app)
    other.login(paid.other_staff)
    response = other.get(
        f"/{paid.other_slug}/allowances/export.csv?first=2000-01-01&last=2100-01-01"
    )
    assert response.status_code == 200
    assert "An" not in response.get_data(as_text=True).split("\n", 1)[1]


def test_a_member_gives_consent_with_an_iban_and_withdraws_it(app, client, group):
    client.login(group.emails["Carla"])
    response = client.post(
        "/meetings/mine/allowances/consent", {"iban": "BE71 0961 2345 6760", "consent": "y"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "not a valid bank account number" in html and "BE71 0961 2345 6760" in html
    response = client.post("/meetings/mine/allowances/consent", {"iban": IBAN})
    assert response.status_code == 400  # the box is not ticked
    assert (
        client.post(
            "/meetings/mine/allowances/consent", {"iban": IBAN.lower(), "consent": "y"}
        ).status_code
        == 302
    )
    with app.app_context():
        assert db.session.scalar(select(PayeeDetails.iban)) == "BE71096123456769"
    assert client.post("/meetings/mine/allowances/withdraw", {}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(PayeeDetails.id)) is None


def test_the_public_sees_only_counts_of_a_zorgraad_meeting(app, client, make_zone, make_user):
    from datetime import timedelta

    from burgerplatform.accounts.models import User
    from burgerplatform.allowances import services
    from burgerplatform.allowances.models import Presence
    from burgerplatform.core.db import utcnow
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting
    from burgerplatform.zones.models import Role

    zone = make_zone()
    member = make_user(roles=[(zone.id, Role.ZORGRAAD_MEMBER)], display_name="Zoë")
    with app.test_request_context():
        meeting = create_meeting(
            kind=MeetingKind.ZORGRAAD,
            space=f"zone:{zone.id}",
            zone_id=zone.id,
            title="Zorgraad",
            starts_at=utcnow() - timedelta(days=1),
            ends_at=utcnow() - timedelta(hours=22),
            created_by=None,
            location="Eeklo",
        )
        services.record_register(
            meeting, db.session.get_one(User, member.id), {member.id: Presence.PRESENT}
        )
        db.session.commit()
        uid = meeting.uid
    html = client.get(f"/meetings/{uid}").get_data(as_text=True)
    assert "Present: 1 · Excused: 0 · Absent: 0" in html
    assert "Zoë" not in html and "register-link" not in html


def test_the_export_holds_the_periods_payments_in_safe_cells(app, client, paid):
    from openpyxl import load_workbook

    from burgerplatform.accounts.models import User

    with app.app_context():
        db.session.get_one(User, paid.members["An"]).display_name = "=HYPERLINK(1)"
        db.session.commit()
    client.login(paid.staff)
    pay(client, paid, "morning", "An", "40,67", "8,40")
    pay(client, paid, "morning", "Bert", "12,50")
    year = days_year(paid)
    period = f"first={year}-01-01&last={year}-12-31"
    before = looks(app, "zone_allowances_csv")
    response = client.get(f"/{paid.zone_slug}/allowances/export.csv?{period}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert looks(app, "zone_allowances_csv") == before + 1
    lines = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert lines[0][5] == "Flat-rate allowance (EUR)"
    rows = {line[3]: line for line in lines[1:]}
    assert rows["'=HYPERLINK(1)"][5:] == ["40.67", "8.40", "49.07"]
    assert rows["'=HYPERLINK(1)"][4] == "BE71096123456769"
    assert rows["Bert"][5:] == ["12.50", "0.00", "12.50"]

    response = client.get(f"/{paid.zone_slug}/allowances/export.xlsx?{period}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    an = next(v for v in values if v[3] == "'=HYPERLINK(1)")
    from decimal import Decimal

    assert [Decimal(str(x)) for x in an[5:]] == [
        Decimal("40.67"),
        Decimal("8.40"),
        Decimal("49.07"),
    ]


def test_a_bad_period_is_refused_in_words(app, client, paid):
    client.login(paid.staff)
    response = client.get(f"/{paid.zone_slug}/allowances/?first=2026-12-31&last=2026-01-01")
    assert response.status_code == 400
    assert "after its start" in response.get_data(as_text=True)


def test_staff_set_the_ceilings_with_comma_decimals(app, client, group):
    from burgerplatform.allowances.models import AllowanceCeiling

    client.login(group.staff)
    response = client.post(
        f"/{group.zone_slug}/allowances/ceilings",
        {"year": "2026", "daily": "40,67", "yearly": "1.626,77"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/{group.zone_slug}/allowances/ceilings", {"year": "2027", "daily": "-1", "yearly": "5"}
    )
    assert response.status_code == 400 and 'value="-1"' in response.get_data(as_text=True)
    with app.app_context():
        rows = db.session.scalars(select(AllowanceCeiling)).all()
        assert [(c.year, c.daily_cents, c.yearly_cents) for c in rows] == [(2026, 4067, 162677)]


@pytest.mark.parametrize(
    "typed",
    [
        {"year": "20\u00ad31", "daily": "40,67", "yearly": "1.626,77"},
        {"year": "2031", "daily": "\u200b40,67", "yearly": "1.626,77\ufeff"},
        {"year": "2031", "daily": "1" * 19 + "\u202e5", "yearly": "1" * 20 + "\u00ad"},
    ],
)
def test_ceilings_typed_with_an_invisible_character_come_back_without_it(app, client, group, typed):
    """A soft hyphen or zero-width space pasted into the year or an amount: the form comes
    back with what was typed minus that character (never the year as sent, never "too
    long" for 20 visible digits), says it was taken out, and saves nothing."""
    from burgerplatform.allowances.models import AllowanceCeiling
    from burgerplatform.core.forms import without_format_characters

    client.login(group.staff)
    response = client.post(f"/{group.zone_slug}/allowances/ceilings", typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    for name, value in typed.items():
        assert f'name="{name}"' in html
        assert f'value="{without_format_characters(value)}"' in html, name
    assert "We have removed them" in html
    assert "longer than" not in html
    with app.app_context():
        assert db.session.scalars(select(AllowanceCeiling)).all() == []
