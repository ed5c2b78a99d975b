"""A meeting time that cannot be right: the hour skipped when summer time starts is
explained, and a year far in the past or future is refused with a clear message."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.meetings.models import Meeting
from tests.meetings.test_views import meeting_form
from tests.proeftuinen.helpers import setup_proeftuin


def _meetings(app) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count(Meeting.id)))
        db.session.remove()
        return n


@pytest.fixture
def coach(app, client, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user)
    client.login(s["coach"].email)
    return f"/meetings/in/proeftuin:{s['id']}/new"


def test_a_time_in_the_hour_skipped_for_summer_time_is_explained(app, client, coach):
    response = client.post(
        coach, meeting_form(starts_at="2027-03-28T02:30", ends_at="2027-03-28T04:00")
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    # The coach reads Dutch, as most people do.
    assert "Dit uur bestaat niet door de omschakeling naar zomertijd" in html
    assert "Het einde moet na het begin liggen" not in html
    assert _meetings(app) == 0
    response = client.post(
        coach, meeting_form(starts_at="2027-03-28T01:00", ends_at="2027-03-28T02:15")
    )
    html = response.get_data(as_text=True)
    assert "dit uur bestaat niet door de omschakeling naar zomertijd" in html.lower()


def test_the_hour_after_the_switch_and_the_doubled_autumn_hour_are_accepted(app, client, coach):
    response = client.post(
        coach, meeting_form(starts_at="2027-03-28T03:00", ends_at="2027-03-28T04:00")
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    response = client.post(
        coach, meeting_form(starts_at="2027-10-31T02:30", ends_at="2027-10-31T04:00")
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("starts", "message"),
    [
        ("1990-05-04T19:00", "meer dan een jaar terug"),
        (f"{utcnow().year + 6}-05-04T19:00", "meer dan 5 jaar in de toekomst"),
    ],
)
def test_a_meeting_in_a_far_year_is_refused_with_a_clear_message(
    app, client, coach, starts, message
):
    ends = starts.replace("T19:00", "T21:00")
    response = client.post(coach, meeting_form(starts_at=starts, ends_at=ends))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _meetings(app) == 0


def test_a_meeting_held_recently_can_still_be_recorded(app, client, coach):
    day = (utcnow() - timedelta(days=30)).strftime("%Y-%m-%d")
    response = client.post(coach, meeting_form(starts_at=f"{day}T19:00", ends_at=f"{day}T21:00"))
    assert response.status_code == 302
