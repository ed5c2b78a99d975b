"""Issue 17 in a real browser, by keyboard, with axe on every page: staff fill in the
attendance register of a klankbordgroep meeting held two days ago and pay the members'
allowances; one payment is refused for passing the yearly ceiling (what was typed stays,
the message says what is still possible); the period's export is downloaded; a member
reads their own line and downloads their yearly statement, whose figures are checked.

Texts are matched in Dutch or English (the people here read English).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.allowances.conftest import ceilings, consent, days_year, group  # noqa: F401
from tests.browser.support import follow, goto, log_in, new_page, press_and_wait, tab_to, type_into

pytestmark = pytest.mark.browser


def test_staff_record_attendance_and_allowances_and_a_member_gets_a_statement(
    page,
    app,
    browser,
    base_url,
    group,  # noqa: F811 - fixture imported above
):
    from burgerplatform.allowances.exports import pdf_text
    from burgerplatform.allowances.models import AllowancePayment
    from burgerplatform.extensions import db

    year = days_year(group)
    ceilings(app, group)  # 40.67 a day, 1,626.77 a year
    consent(app, group, "An", "Bert")
    with app.app_context():
        # An was paid earlier this year, up to 10.00 under the yearly ceiling.
        db.session.add(
            AllowancePayment(
                zone_id=group.zone_id,
                user_id=group.members["An"],
                day=date(year, 1, 2),
                year=year,
                meeting_title="Eerdere vergaderingen",
                flat_cents=162677 - 1000,
                travel_cents=0,
                iban="BE71096123456769",
            )
        )
        db.session.commit()
    uid = group.meetings["morning"]

    # Staff open the meeting held two days ago and fill in the register.
    log_in(page, group.staff)
    goto(page, f"/meetings/{uid}")
    follow(page, page.locator("#register-link"))
    expect(page.locator("h1")).to_have_text(re.compile("Aanwezigheidslijst|Attendance register"))
    for name, choice in (("An", "present"), ("Bert", "present"), ("Carla", "excused")):
        radio = page.locator(f'input[name="p{group.members[name]}"][value="{choice}"]')
        tab_to(page, page.locator(f'input[name="p{group.members[name]}"]').first)
        radio.check()
    tab_to(page, page.locator('.register-form button[type="submit"]'))
    press_and_wait(page)
    expect(page.locator(".flash").first).to_contain_text(re.compile("bewaard|saved"))

    # The allowances: An has 10.00 left this year; 25.00 is refused, 10.00 passes.
    follow(page, page.locator("#allowances-link"))
    an = group.members["An"]
    expect(page.locator(f"#member-{an} .room")).to_contain_text(re.compile(r"10[,.]00"))
    type_into(page, f"#m{an}-flat", "25,00")
    press_and_wait(page)
    expect(page.locator("#error-summary")).to_contain_text(
        re.compile(r"(grens per jaar|yearly ceiling).*10[,.]00")
    )
    expect(page.locator(f"#m{an}-flat")).to_have_value("25,00")
    type_into(page, f"#m{an}-flat", "10,00", replace=True)
    press_and_wait(page)
    bert = group.members["Bert"]
    type_into(page, f"#m{bert}-flat", "12,50")
    type_into(page, f"#m{bert}-travel", "8,40")
    press_and_wait(page)
    expect(page.locator(f"#member-{bert} .paid")).to_contain_text(re.compile(r"12[,.]50"))

    # The period's payments, and the bookkeeping's export.
    goto(page, f"/{group.zone_slug}/allowances/")
    page.locator("#first").fill(f"{year}-01-01")
    page.locator("#last").fill(f"{year}-12-31")
    tab_to(page, page.locator('#period form[method="get"] button[type="submit"]'))
    press_and_wait(page)
    expect(page.locator("#period table")).to_contain_text("Bert")
    with page.expect_download() as download:
        page.locator("#export-csv").click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    paid = {row[3]: row[5:] for row in rows[1:] if row[1] == "Klankbordgroep morning"}
    assert paid == {"An": ["10.00", "0.00", "10.00"], "Bert": ["12.50", "8.40", "20.90"]}
    # The button locked them: the page, opened again, gives the date of the export.
    goto(page, page.url.split("#")[0])
    expect(page.locator("#period table")).not_to_contain_text("not yet")

    # Bert reads his line and downloads his yearly statement.
    member = new_page(browser, base_url, page)
    log_in(member, group.emails["Bert"])
    follow(member, member.locator('header a[href="/my-participation"]'))
    follow(member, member.locator("#my-allowances-link"))
    expect(member.locator("#my-register")).to_contain_text("Klankbordgroep morning")
    expect(member.locator("#payments table")).to_contain_text(re.compile(r"12[,.]50"))
    with member.expect_download() as download:
        member.locator(f"#statement-{year}").click()
    with open(download.value.path(), "rb") as file:
        text = pdf_text(file.read())
    assert "Total flat-rate allowance: 12.50 EUR" in text
    assert "Total travel costs: 8.40 EUR" in text
    assert "Total paid: 20.90 EUR" in text
    # Bert's own meeting page: his line, and only counts of the others.
    goto(member, f"/meetings/{uid}")
    expect(member.locator(".register-counts")).to_contain_text(re.compile("2.*1.*0"))
    expect(member.locator(".my-presence")).to_contain_text(re.compile("Aanwezig|Present"))
    expect(member.locator("#allowances-link")).to_have_count(0)
