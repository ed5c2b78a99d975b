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
    """Export and lock the year of the meetings, with the page's button."""
    year = days_year(group)
    return client.post(
        f"/{slug or group.zone_slug}/allowances/export",
        {"first": f"{year}-01-01", "last": f"{year}-12-31", "kind": kind},
    )


def payment_rows(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            select(
                AllowancePayment.id,
                AllowancePayment.flat_cents,
                AllowancePayment.travel_cents,
                AllowancePayment.exported_at,
            ).order_by(AllowancePayment.id)
        ).all()
        db.session.remove()
        return [tuple(r) for r in rows]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_opening_the_download_link_locks_nothing_only_the_export_button_does(
    app, client, paid, kind
):
    """A GET (a link opened, prefetched or followed by a crawler) changes no payment;
    the button "Export and lock" (a POST with CSRF) locks them, once."""
    client.login(paid.staff)
    pay(client, paid, "morning", "An", "12,50")
    pay(client, paid, "morning", "Bert", "5")
    before = payment_rows(app)
    assert len(before) == 2 and all(r[3] is None for r in before)
    year = days_year(paid)
    period = f"first={year}-01-01&last={year}-12-31"
    page = client.get(f"/{paid.zone_slug}/allowances/?{period}").get_data(as_text=True)
    form = page.split('id="export-form"', 1)[1].split("</form>", 1)[0]
    assert 'name="csrf_token"' in form and f'value="{kind}"' in form
    assert "Export and lock as" in form
    checked = client.get(f"/{paid.zone_slug}/allowances/export.{kind}?{period}")
    assert checked.status_code == 200 and "-check." in checked.headers["Content-Disposition"]
    assert payment_rows(app) == before  # the GET changed nothing

    # Without the CSRF token the button's post is refused, and locks nothing.
    forged = client.raw.post(
        f"/{paid.zone_slug}/allowances/export",
        data={"first": f"{year}-01-01", "last": f"{year}-12-31", "kind": kind},
    )
    assert forged.status_code == 400 and payment_rows(app) == before

    exported = export(client, paid, kind)
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    locked = payment_rows(app)
    assert [r[:3] for r in locked] == [r[:3] for r in before]
    assert all(r[3] is not None for r in locked)
    # Pressed again: the same date, recorded once.
    assert export(client, paid, kind).status_code == 200
    assert payment_rows(app) == locked
    page = client.get(f"/{paid.zone_slug}/allowances/?{period}").get_data(as_text=True)
    assert "not yet" not in page.split('id="period-title"', 1)[1]


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


def dutch(app, group) -> None:
    with app.app_context():
        db.session.scalar(select(User).where(User.email == group.staff)).locale = "nl"
        db.session.commit()
        db.session.remove()


def mark_absent(client, group, name: str):
    return client.post(
        f"/meetings/{group.meetings['morning']}/register",
        {f"p{group.members[name]}": "absent"},
    )


def test_marking_someone_paid_absent_asks_to_remove_the_allowance_first(app, client, paid):
    dutch(app, paid)
    client.login(paid.staff)
    pay(client, paid, "morning", "An", "12,50")
    response = mark_absent(client, paid, "An")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "An heeft een vergoeding voor deze vergadering: haal die eerst weg" in html
    assert "Vraag de boekhouding om een correctie" not in html
    # Removing it (0 for both amounts) lets the register say An was not there.
    assert pay(client, paid, "morning", "An", "0").status_code == 302
    assert mark_absent(client, paid, "An").status_code == 302


def test_marking_someone_absent_whose_allowance_was_exported_points_to_the_bookkeeping(
    app, client, paid
):
    dutch(app, paid)
    client.login(paid.staff)
    pay(client, paid, "morning", "An", "12,50")
    export(client, paid)
    response = mark_absent(client, paid, "An")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "al geëxporteerd is voor de boekhouding" in html
    assert "Vraag de boekhouding om een correctie te boeken" in html
    assert "haal die eerst weg" not in html  # it cannot be removed: do not send staff there
    assert amounts(app, paid, "An")[0] == 1250
