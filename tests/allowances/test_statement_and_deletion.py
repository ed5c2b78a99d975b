"""A member's yearly statement (PDF) with the right figures, only for that member; and
what deleting an account erases (bank account, consent) and keeps (the payments the
books must keep, without the bank account)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from burgerplatform.allowances.exports import pdf_text
from burgerplatform.allowances.models import AllowancePayment, PayeeDetails, PresenceRecord
from burgerplatform.extensions import db
from tests.allowances.conftest import ceilings, consent, days_year, present
from tests.allowances.test_views import looks, pay


def test_a_member_downloads_a_yearly_statement_with_the_figures(app, client, group):
    ceilings(app, group)
    consent(app, group, "An", "Bert")
    present(app, group, "morning", "An", "Bert")
    present(app, group, "evening", "An")
    client.login(group.staff)
    assert pay(client, group, "morning", "An", "25,00", "8,40").status_code == 302
    assert pay(client, group, "evening", "An", "15,67").status_code == 302
    assert pay(client, group, "morning", "Bert", "40,67").status_code == 302
    year = days_year(group)

    an = client.__class__(app)
    an.login(group.emails["An"])
    page = an.get("/meetings/mine/allowances").get_data(as_text=True)
    assert f"statement-{year}" in page
    before = looks(app, "my_allowances_statement")
    response = an.get(f"/meetings/mine/allowances/{year}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert looks(app, "my_allowances_statement") == before + 1
    text = pdf_text(response.data)
    assert f"Volunteer allowances {year}" in text
    assert "Yearly statement for An" in text
    assert "allowance 25.00 EUR, travel costs 8.40 EUR" in text
    assert "allowance 15.67 EUR, travel costs 0.00 EUR" in text
    assert "Total flat-rate allowance: 40.67 EUR" in text
    assert "Total travel costs: 8.40 EUR" in text
    assert "Total paid: 49.07 EUR" in text
    assert "40.67 EUR a day, 1,626.77 EUR a year" in text
    assert "Bert" not in text  # only one's own payments

    # Another member has no statement of An's; a year without payments is not there.
    bert = client.__class__(app)
    bert.login(group.emails["Carla"])
    assert bert.get(f"/meetings/mine/allowances/{year}.pdf").status_code == 404
    assert an.get(f"/meetings/mine/allowances/{year - 5}.pdf").status_code == 404
    assert client.__class__(app).get(f"/meetings/mine/allowances/{year}.pdf").status_code == 302


def test_deleting_an_account_erases_bank_details_and_keeps_the_payments(app, client, group):
    from burgerplatform.accounts.models import User
    from burgerplatform.accounts.services import delete_account

    ceilings(app, group)
    consent(app, group, "An")
    present(app, group, "morning", "An")
    client.login(group.staff)
    assert pay(client, group, "morning", "An", "12,50").status_code == 302
    with app.test_request_context():
        delete_account(db.session.get_one(User, group.members["An"]))
        db.session.commit()
    with app.app_context():
        assert db.session.scalar(select(PayeeDetails.id)) is None
        payment = db.session.scalar(select(AllowancePayment))
        assert payment is not None and payment.flat_cents == 1250 and payment.iban == ""
        assert db.session.scalar(select(PresenceRecord.id)) is not None
    csv_text = client.get(
        f"/{group.zone_slug}/allowances/export.csv?first=2000-01-01&last=2100-12-31"
    ).get_data(as_text=True)
    assert "BE71" not in csv_text and "12.50" in csv_text


def test_download_my_data_holds_the_register_consent_and_payments(app, client, group):
    ceilings(app, group)
    consent(app, group, "An")
    present(app, group, "morning", "An")
    staff = client.__class__(app)
    staff.login(group.staff)
    pay(staff, group, "morning", "An", "12,50")
    with app.test_request_context():
        from burgerplatform.accounts.models import User
        from burgerplatform.core import signals

        user = db.session.get_one(User, group.members["An"])
        data: dict = {}
        for _receiver, part in signals.collect_personal_data.send(user):
            data.update(part)
    assert data["attendance_register"][0]["presence"] == "present"
    assert data["allowance_consent"]["iban"] == "BE71096123456769"
    assert data["allowance_payments"][0]["flat_rate_allowance"] == "12.50"


@pytest.mark.parametrize("name", ["Łukasz Wiśniewski", "Şükrü Yılmaz", "Nguyễn Thị Hương"])
def test_a_name_outside_latin_1_prints_as_written_on_the_statement(app, client, group, name):
    from burgerplatform.accounts.models import User
    from burgerplatform.allowances.exports import unicode_font

    if unicode_font() is None:
        pytest.skip("no Unicode font on this system (Debian: fonts-dejavu-core)")
    with app.app_context():
        db.session.get_one(User, group.members["An"]).display_name = name
        db.session.commit()
    ceilings(app, group)
    consent(app, group, "An")
    present(app, group, "morning", "An")
    client.login(group.staff)
    assert pay(client, group, "morning", "An", "12,50").status_code == 302
    an = client.__class__(app)
    an.login(group.emails["An"])
    response = an.get(f"/meetings/mine/allowances/{days_year(group)}.pdf")
    text = pdf_text(response.data)
    assert f"Yearly statement for {name}" in text
    assert "?" not in text
    assert "Total paid: 12.50 EUR" in text
