"""A payment exported for the bookkeeping is in the books: it is no longer changed or
removed on the platform, and the refusal says why in the staff member's language."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.allowances.models import AllowancePayment
from burgerplatform.extensions import db
from tests.allowances.conftest import ceilings, consent, days_year, present
from tests.allowances.test_views import pay


@pytest.fixture
def paid(app, group):
    ceilings(app, group)
    consent(app, group, "An", "Bert")
    present(app, group, "morning", "An", "Bert")
    return group


def export(client, group, kind: str = "csv", slug: str | None = None):
    year = days_year(group)
    return client.get(
        f"/{slug or group.zone_slug}/allowances/export.{kind}?first={year}-01-01&last={year}-12-31"
    )


def amounts(app, group, name: str):
    with app.app_context():
        payment = db.session.scalar(
            select(AllowancePayment).where(AllowancePayment.user_id == group.members[name])
        )
        result = None if payment is None else (payment.flat_cents, payment.exported_at)
        db.session.remove()
        return result


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_exported_allowance_cannot_be_changed_or_removed_and_the_page_says_why(
    app, client, paid, kind
):
    client.login(paid.staff)
    assert pay(client, paid, "morning", "An", "12,50").status_code == 302
    assert export(client, paid, kind).status_code == 200
    flat, exported_at = amounts(app, paid, "An")
    assert flat == 1250 and exported_at is not None

    for typed in ("20,00", "0"):  # changed, or removed with 0 for both amounts
        response = pay(client, paid, "morning", "An", typed)
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "was exported for the bookkeeping on" in html
        assert "Ask the bookkeeping to book a correction" in html
        assert amounts(app, paid, "An") == (1250, exported_at)

    page = client.get(f"/meetings/{paid.meetings['morning']}/allowances").get_data(as_text=True)
    assert "Exported for the bookkeeping on" in page
    assert (
        f'action="/meetings/{paid.meetings["morning"]}/allowances/{paid.members["An"]}"' not in page
    )

    # A payment recorded after the export is not in the books yet: it may still change,
    # and a second export of the same period keeps the first one's date.
    assert pay(client, paid, "morning", "Bert", "5").status_code == 302
    assert pay(client, paid, "morning", "Bert", "6").status_code == 302
    assert amounts(app, paid, "Bert") == (600, None)
    assert export(client, paid, kind).status_code == 200
    assert amounts(app, paid, "An") == (1250, exported_at)
    assert amounts(app, paid, "Bert")[1] is not None


def test_the_refusal_is_in_dutch_for_a_dutch_staff_member(app, client, paid):
    with app.app_context():
        db.session.scalar(select(User).where(User.email == paid.staff)).locale = "nl"
        db.session.commit()
    client.login(paid.staff)
    pay(client, paid, "morning", "An", "12,50")
    export(client, paid)
    html = pay(client, paid, "morning", "An", "20").get_data(as_text=True)
    assert "al geëxporteerd voor de boekhouding" in html
    assert "Vraag de boekhouding om een correctie te boeken" in html


def test_another_zones_staff_can_neither_export_nor_change_the_zones_allowances(app, client, paid):
    client.login(paid.staff)
    pay(client, paid, "morning", "An", "12,50")
    other = client.__class__(app)
    other.login(paid.other_staff)
    assert export(other, paid).status_code == 403
    assert export(other, paid, slug=paid.other_slug).status_code == 200
    assert amounts(app, paid, "An") == (1250, None)  # not exported by them
    export(client, paid)
    assert pay(other, paid, "morning", "An", "20").status_code == 404
    assert amounts(app, paid, "An")[0] == 1250
