"""Input gathered on paper or at an event, typed in by staff: the contact is checked by
the way of contact chosen, the date is a real one for this round, and who does not want
to be contacted leaves no name or address behind."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db


def _send(app, make_client, staged, **fields):
    from sqlalchemy import update

    from burgerplatform.accounts.models import User

    with app.app_context():  # staff read English here: the assertions read source strings
        db.session.execute(update(User).values(locale="en"))
        db.session.commit()
    client = make_client()
    client.login(staged.setup.staff_email)
    data = {"body": "Op papier", "source_event": "Markt", "contact_method": "none", **fields}
    return client.post(f"{staged.base}/offline", data)


def _offline_count(app, staged) -> int:
    from burgerplatform.consultations.models import Contribution

    with app.app_context():
        n = db.session.scalar(
            select(func.count(Contribution.id)).where(
                Contribution.round_id == staged.round_id, Contribution.offline
            )
        )
        db.session.remove()
        return n


@pytest.mark.parametrize(
    ("method", "detail", "message"),
    [
        ("email", "bel me maar", "This is not a valid e-mail address"),
        ("email", "maria@", "This is not a valid e-mail address"),
        ("phone", "maria@example.org", "This is not a phone number"),
        ("phone", "123", "This is not a phone number"),
    ],
)
def test_a_contact_that_does_not_fit_its_channel_is_refused_with_an_example(
    app, make_client, staged_round, method, detail, message
):
    staged = staged_round("gather")
    before = _offline_count(app, staged)
    response = _send(
        app, make_client, staged, consent="y", contact_name="Maria",
        contact_method=method, contact_detail=detail,
    )  # fmt: skip
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _offline_count(app, staged) == before


@pytest.mark.parametrize(
    ("method", "detail"),
    [("email", " maria@example.org "), ("phone", "+32 470 12 34 56"), ("phone", "09/123.45.67")],
)
def test_a_valid_e_mail_address_or_phone_number_is_kept(
    app, make_client, staged_round, method, detail
):
    staged = staged_round("gather")
    response = _send(
        app, make_client, staged, consent="y", contact_name="Maria",
        contact_method=method, contact_detail=detail,
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def test_a_date_in_the_future_or_before_the_round_started_is_refused(
    app, make_client, staged_round
):
    staged = staged_round("gather")
    before = _offline_count(app, staged)
    tomorrow = (utcnow() + timedelta(days=2)).date().isoformat()
    long_ago = (utcnow() - timedelta(days=400)).date().isoformat()
    response = _send(app, make_client, staged, source_date=tomorrow)
    assert response.status_code == 400
    assert "This date is in the future." in response.get_data(as_text=True)
    response = _send(app, make_client, staged, source_date=long_ago)
    assert response.status_code == 400
    assert "This date is before the round started" in response.get_data(as_text=True)
    assert _offline_count(app, staged) == before
    from burgerplatform.consultations.services import local_date

    with app.app_context():
        today = local_date(utcnow()).isoformat()
    assert _send(app, make_client, staged, source_date=today).status_code == 302


def test_no_contact_wanted_keeps_no_name_or_address_and_the_form_says_so(
    app, make_client, staged_round
):
    from burgerplatform.consultations.models import ContactMethod, Contribution

    staged = staged_round("gather")
    client = make_client()
    client.login(staged.setup.staff_email)
    page = client.get(f"{staged.base}/offline").get_data(as_text=True)
    assert "bewaren we de naam en het adres niet" in page
    response = _send(
        app, make_client, staged, body="Meer bankjes", consent="y", contact_name="Jan Peeters",
        contact_method="none", contact_detail="Kerkstraat 1, Eeklo",
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        item = db.session.scalar(select(Contribution).where(Contribution.body == "Meer bankjes"))
        assert (item.contact_name, item.contact_method, item.contact_detail) == (
            "",
            ContactMethod.NONE,
            "",
        )
        db.session.remove()
