"""The pages no other journey visits, in a real browser, by keyboard, with axe on every
page: an admin's page for one zone, the forgotten password (also without JavaScript),
deleting an account, planning a zorgraad meeting, a coach's notes and the pool in numbers.

Texts are located by address or by patterns that match Dutch and English, so the tests
pass whether or not the translations are compiled (`make test` compiles them: then the
Dutch text is what shows).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.support import (
    check_a11y,
    follow,
    goto,
    is_focused,
    log_in,
    mail_to,
    new_page,
    on_live_server,
    press_and_wait,
    tab_to,
    type_into,
)
from tests.conftest import PASSWORD, link_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "een nieuw lang wachtwoord"


def header_link(page, href: str):
    return page.locator(f'header a[href="{href}"]')


def logout_button(page):
    return page.locator('header form[action="/logout"] button[type="submit"]')


def send(page, form_selector: str = "main form") -> None:
    """Tab to the form's submit button and press Enter."""
    follow(page, page.locator(f'{form_selector} button[type="submit"]').first)


def retype(page, locator, text: str) -> None:
    """Tab to a field that holds text already, select it all and type over it."""
    tab_to(page, locator)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def expect_error_on(page, field_id: str, message: re.Pattern) -> None:
    """The error summary (focused, linking to the field) and the marked field."""
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator(f'a[href="#{field_id}"]')).to_have_text(message)
    assert is_focused(summary)
    expect(page.locator(f"#{field_id}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{field_id}-error")).to_have_text(message)


def log_in_with(page, email: str, password: str) -> None:
    goto(page, "/login")
    type_into(page, page.locator("#email"), email)
    type_into(page, page.locator("#password"), password)
    press_and_wait(page)


# --- An admin's page for one zone ---------------------------------------------------------


def test_an_admin_creates_a_zone_gives_a_role_on_its_page_and_takes_it_away(
    page, app, base_url, make_user
):
    from burgerplatform.accounts.models import ZoneRole
    from burgerplatform.extensions import db
    from burgerplatform.zones.models import Role, Zone

    admin = make_user(is_admin=True)
    sofie = make_user(display_name="Sofie", email="sofie@example.org")

    log_in(page, admin.email, app)
    follow(page, header_link(page, "/admin/"))
    type_into(page, page.locator("#name"), "ELZ Waasland")
    type_into(page, page.locator("#slug"), "waasland")
    type_into(page, page.locator("#municipalities"), "Sint-Niklaas\nTemse")
    send(page, "section[aria-labelledby=new-zone-title] form")

    assert re.fullmatch(rf"{base_url}/admin/zones/\d+", page.url)
    expect(page.locator("h1")).to_have_text("ELZ Waasland")
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("#roles-title + p")).to_have_text(
        re.compile("Nog niemand heeft hier een rol|Nobody has a role here yet")
    )

    # An address nobody registered: explained, the address kept.
    type_into(page, page.locator("#email"), "niemand@example.org")
    send(page, "section[aria-labelledby=appoint-title] form")
    expect_error_on(page, "email", re.compile("Niemand heeft een account|Nobody has an account"))
    expect(page.locator("#email")).to_have_value("niemand@example.org")

    # Sofie's address, the role chosen with the arrow keys.
    retype(page, page.locator("#email"), sofie.email)
    tab_to(page, page.locator("#role"))
    page.keyboard.press("ArrowDown")
    expect(page.locator("#role")).to_have_value(Role.ZORGRAAD_MEMBER.value)
    send(page, "section[aria-labelledby=appoint-title] form")
    expect(page.locator(".flash-success")).to_be_visible()
    roles = page.locator("section[aria-labelledby=roles-title] li")
    expect(roles).to_have_count(1)
    expect(roles).to_contain_text("Sofie")
    expect(roles).to_contain_text(re.compile("Lid van de zorgraad|Zorgraad member", re.I))
    with app.app_context():
        zone = db.session.scalar(select(Zone).where(Zone.slug == "waasland"))
        assert [m.name for m in zone.municipalities] == ["Sint-Niklaas", "Temse"]
        held = db.session.scalars(select(ZoneRole).where(ZoneRole.zone_id == zone.id)).all()
        assert [(r.user_id, r.role) for r in held] == [(sofie.id, Role.ZORGRAAD_MEMBER)]
        db.session.remove()

    # Taken away again, from the button named after the person and the role.
    take_away = roles.locator("button[type=submit]")
    expect(take_away).to_have_accessible_name(re.compile("Sofie"))
    follow(page, take_away)
    expect(page.locator(".flash-success")).to_be_visible()
    expect(roles).to_have_count(0)
    with app.app_context():
        assert db.session.scalar(select(ZoneRole.id).where(ZoneRole.user_id == sofie.id)) is None
        db.session.remove()


# --- Forgotten password -------------------------------------------------------------------


def test_a_citizen_who_forgot_the_password_chooses_a_new_one_from_the_mail_and_logs_in_with_it(
    page, base_url, make_user, deliver
):
    user = make_user(display_name="Mia", email="mia@example.org")

    goto(page, "/login")
    follow(page, page.locator('main a[href="/password/forgot"]'))
    # A typo first: explained, and the form still sends with Enter.
    type_into(page, page.locator("#email"), "mia-at-example.org")
    press_and_wait(page)
    expect_error_on(page, "email", re.compile("geen geldig e-mailadres|not a valid e-mail"))

    retype(page, page.locator("#email"), user.email)
    press_and_wait(page)
    assert page.url == f"{base_url}/register/check-your-mail?reason=reset"
    link = on_live_server(link_in(mail_to(deliver(), user.email)), base_url)
    assert "/password/reset/" in link

    # Two different passwords: said so, then the right ones.
    goto(page, link)
    type_into(page, page.locator("#password"), NEW_PASSWORD)
    type_into(page, page.locator("#confirm"), NEW_PASSWORD + "!")
    press_and_wait(page)
    expect_error_on(page, "confirm", re.compile("niet hetzelfde|not the same"))
    type_into(page, page.locator("#password"), NEW_PASSWORD)
    type_into(page, page.locator("#confirm"), NEW_PASSWORD)
    press_and_wait(page)

    # Saved and logged in, on the account page.
    assert page.url == f"{base_url}/account"
    expect(page.locator(".flash-success")).to_have_text(
        re.compile("nieuwe wachtwoord is opgeslagen|new password is saved")
    )
    follow(page, logout_button(page))

    # The link worked once.
    goto(page, link)
    assert page.url == f"{base_url}/password/forgot"
    expect(page.locator(".flash-error")).to_be_visible()

    # The old password no longer works; the new one does.
    log_in_with(page, user.email, PASSWORD)
    assert page.url == f"{base_url}/login"
    expect(page.locator("#error-summary")).to_be_visible()
    log_in_with(page, user.email, NEW_PASSWORD)
    assert page.url == f"{base_url}/"
    expect(logout_button(page)).to_be_visible()


def test_the_forgotten_password_form_works_without_javascript(
    page, browser, base_url, make_user, deliver
):
    user = make_user(email="jef@example.org")
    plain = new_page(browser, base_url, page, java_script_enabled=False)

    goto(plain, "/login")
    follow(plain, plain.locator('main a[href="/password/forgot"]'))
    type_into(plain, plain.locator("#email"), "jef@")
    press_and_wait(plain)
    summary = plain.locator("#error-summary")
    expect(summary).to_be_visible()
    assert is_focused(summary)  # `autofocus`: the summary is read first without script too
    expect(plain.locator("#email")).to_have_value("jef@")
    retype(plain, plain.locator("#email"), user.email)
    press_and_wait(plain)
    assert plain.url == f"{base_url}/register/check-your-mail?reason=reset"

    link = on_live_server(link_in(mail_to(deliver(), user.email)), base_url)
    goto(plain, link)
    type_into(plain, plain.locator("#password"), NEW_PASSWORD)
    type_into(plain, plain.locator("#confirm"), NEW_PASSWORD)
    press_and_wait(plain)
    assert plain.url == f"{base_url}/account"
    expect(plain.locator(".flash-success")).to_be_visible()

    follow(plain, logout_button(plain))
    log_in_with(plain, user.email, NEW_PASSWORD)
    assert plain.url == f"{base_url}/"
    expect(logout_button(plain)).to_be_visible()
    plain.context.close()


# --- Deleting an account ------------------------------------------------------------------


def test_a_citizen_deletes_the_account_is_logged_out_and_cannot_log_in_again(
    page, app, base_url, make_zone, make_user
):
    from burgerplatform.accounts.models import User
    from burgerplatform.extensions import db

    zone = make_zone()
    user = make_user(display_name="Lotte", email="lotte@example.org", zone_id=zone.id)

    log_in(page, user.email)
    follow(page, header_link(page, "/account"))
    follow(page, page.locator('main a[href="/account/delete"]'))
    assert page.url == f"{base_url}/account/delete"
    expect(page.locator('main a[href="/account/export.json"]')).to_be_visible()

    # Without ticking the box nothing happens but an explanation.
    send(page)
    assert page.url == f"{base_url}/account/delete"
    expect_error_on(page, "confirm", re.compile("Vink het vakje aan|Tick the box"))
    expect(logout_button(page)).to_be_visible()

    tab_to(page, page.locator("#confirm"))
    page.keyboard.press("Space")
    expect(page.locator("#confirm")).to_be_checked()
    send(page)

    # Logged out, told what happened.
    assert page.url == f"{base_url}/"
    expect(page.locator(".flash-success")).to_be_visible()
    expect(logout_button(page)).to_have_count(0)
    expect(header_link(page, "/login")).to_be_visible()
    goto(page, "/account")
    assert page.url.startswith(f"{base_url}/login")

    # The old address and password no longer open anything.
    log_in_with(page, "lotte@example.org", PASSWORD)
    assert page.url == f"{base_url}/login"
    expect(page.locator("#error-summary")).to_contain_text(re.compile("klopt niet|not correct"))
    expect(logout_button(page)).to_have_count(0)
    with app.app_context():
        stored = db.session.get(User, user.id)
        assert stored.deleted_at is not None
        assert "lotte" not in stored.email and stored.display_name == ""
        db.session.remove()


# --- Planning a zorgraad meeting ----------------------------------------------------------


def test_zone_staff_plan_a_zorgraad_meeting_after_being_told_the_place_is_missing(
    page, base_url, make_zone, make_user
):
    from burgerplatform.core.db import utcnow
    from burgerplatform.zones.models import Role

    zone = make_zone(name="ELZ Meetjesland", slug="meetjesland")
    staff = make_user(display_name="Sofie", zone_id=zone.id, roles=[(zone.id, Role.STAFF)])

    log_in(page, staff.email)
    follow(page, header_link(page, "/meetjesland/"))
    follow(page, page.locator('main a[href="/meetjesland/meetings/"]'))
    follow(page, page.locator('main a[href="/meetjesland/meetings/new"]'))
    day = (utcnow() + timedelta(days=21)).strftime("%Y-%m-%d")
    type_into(page, page.locator("#title"), "Zorgraad maart")
    page.locator("#starts_at").fill(f"{day}T19:30")  # as in the other journeys
    page.locator("#ends_at").fill(f"{day}T21:30")
    type_into(page, page.locator("#agenda"), "1. Welkom\n2. Vervoer naar de huisarts")
    send(page)

    # No place and no link: the form comes back with what was typed, in Dutch.
    assert page.url == f"{base_url}/meetjesland/meetings/new"
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect_error_on(
        page,
        "location",
        re.compile("Vul een plaats in of een link|Fill in a place or a link"),
    )
    expect(page.locator("#title")).to_have_value("Zorgraad maart")
    expect(page.locator("#starts_at")).to_have_value(f"{day}T19:30")
    expect(page.locator("#ends_at")).to_have_value(f"{day}T21:30")
    expect(page.locator("#agenda")).to_have_value("1. Welkom\n2. Vervoer naar de huisarts")

    type_into(page, page.locator("#location"), "Stadhuis Eeklo, zaal 2")
    send(page)
    assert re.fullmatch(rf"{base_url}/meetings/[\w-]+", page.url)
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Zorgraad maart")
    expect(page.locator("dl.facts")).to_contain_text("Stadhuis Eeklo, zaal 2")
    expect(page.locator("#agenda-title + .prose li")).to_have_count(2)

    # It is on the zone's list of zorgraad meetings.
    goto(page, "/meetjesland/meetings/")
    expect(page.locator("main .meeting-list a")).to_have_text(["Zorgraad maart"])


# --- A coach's notes on a proeftuin -------------------------------------------------------


def test_a_coach_keeps_notes_on_a_proeftuin_that_its_members_never_see(
    page, browser, app, base_url, make_zone, make_user
):
    from burgerplatform.accounts.models import User
    from burgerplatform.extensions import db
    from burgerplatform.proeftuinen import services
    from burgerplatform.proeftuinen.models import Visibility
    from burgerplatform.zones.models import Role

    zone = make_zone()
    coach = make_user(display_name="Ilse", roles=[(zone.id, Role.COACH)])
    member = make_user(display_name="An")
    with app.app_context():
        proeftuin = services.create_proeftuin(
            db.session.get(User, coach.id),
            "Zorgzame buurt Eeklo",
            "Samen zorgen voor elkaar.",
            zone.id,
            Visibility.MEMBERS_ONLY,
        )
        services.join(proeftuin, db.session.get(User, member.id))
        db.session.commit()
        notes_url = f"/proeftuinen/{proeftuin.id}/notes"
        show_url = f"/proeftuinen/{proeftuin.id}/"
        db.session.remove()

    log_in(page, coach.email)
    follow(page, header_link(page, "/proeftuinen/"))
    follow(page, page.locator(f'main a[href="{show_url}"]').first)  # "my proeftuinen"
    follow(page, page.locator(f'nav.sub-nav a[href="{notes_url}"]'))
    expect(page.locator(f'nav.sub-nav a[href="{notes_url}"]')).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.locator("main article.note")).to_have_count(0)

    # Only blanks: the note is asked for again.
    type_into(page, page.locator("#body"), "   ")
    send(page)
    expect_error_on(page, "body", re.compile("Schrijf eerst een notitie|Write a note first"))

    retype(page, page.locator("#body"), "An wil graag **meer koken**; volgende keer vragen.")
    send(page)
    assert page.url == f"{base_url}{notes_url}"
    expect(page.locator(".flash-success")).to_have_text(
        re.compile("notitie is opgeslagen|note is saved")
    )
    note = page.locator("main article.note")
    expect(note).to_have_count(1)
    expect(note.locator("strong")).to_have_text("meer koken")
    expect(note).to_contain_text("Ilse")

    # An, a member, has no way to the notes: no link, and the address shows nothing.
    an_page = new_page(browser, base_url, page)
    log_in(an_page, member.email)
    goto(an_page, show_url)
    expect(an_page.locator("h1")).to_have_text("Zorgzame buurt Eeklo")
    expect(an_page.locator(f'a[href="{notes_url}"]')).to_have_count(0)
    response = an_page.goto(notes_url)
    assert response.status in (403, 404)
    check_a11y(an_page)
    expect(an_page.locator("body")).not_to_contain_text("meer koken")
    an_page.context.close()


# --- The pool in numbers ------------------------------------------------------------------


def test_zone_staff_see_the_pool_only_in_numbers_and_never_anyones_health_answers(
    page, app, base_url, make_zone, make_user
):
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import pool
    from burgerplatform.extensions import db
    from burgerplatform.zones.models import Role, Zone

    zone = make_zone(slug="meetjesland")
    staff = make_user(display_name="Sofie", roles=[(zone.id, Role.STAFF)])
    citizens = [
        make_user(display_name=f"Burger{i} Janssens", email=f"burger{i}@example.org")
        for i in range(6)
    ]
    with app.test_request_context():
        z = db.session.get(Zone, zone.id)
        cats = {c.key: c for c in pool.categories(z)}
        eeklo, maldegem = cats["municipality"].values
        chronic, _carer, disability, _none = cats["lived_experience"].values
        for i, citizen in enumerate(citizens):
            answers = {eeklo.id, chronic.id} if i < 5 else {maldegem.id, disability.id}
            pool.join_or_update(z, db.session.get(User, citizen.id), answers, consent=True)
        pseudonyms = [m.pseudonym for m in pool.active_members(z)]
        db.session.commit()
        db.session.remove()

    log_in(page, staff.email)
    goto(page, "/meetjesland/pool/overview")
    main = page.locator("main")
    expect(main.locator(".lead")).to_have_text(
        re.compile("6 mensen zitten in de pool|6 people are in the pool")
    )

    def count_for(answer: re.Pattern):
        return main.locator("tr", has=page.locator("th", has_text=answer)).locator("td")

    # A sensitive answer 5 of the 6 gave: neither "5" nor "5 to 9", which next to the
    # total could mean all of them, but "everyone but fewer than 5".
    expect(count_for(re.compile("chronische ziekte|chronic illness"))).to_have_text(
        re.compile("^(iedereen op minder dan 5 na|everyone but fewer than 5)$")
    )
    expect(count_for(re.compile("Eeklo"))).to_have_text("5")
    # One person: too few to show, so nobody can be recognised.
    expect(count_for(re.compile("met een beperking|with a disability"))).to_have_text(
        re.compile("minder dan 5|fewer than 5")
    )
    # An answer that is not sensitive has its exact count, as next to a group's quotas.
    expect(count_for(re.compile("Maldegem"))).to_have_text("1")
    lived = main.locator("h2", has_text=re.compile("Eigen ervaring|Lived experience"))
    expect(lived.locator(".status-badge")).to_have_text(re.compile("^(gevoelig|sensitive)$"))

    # Nobody in it is named, linked or listed: counts only.
    text = main.inner_text()
    for person in citizens:
        assert person.display_name not in text and person.email not in text
    for pseudonym in pseudonyms:
        assert pseudonym not in text
    assert main.locator('a[href*="/users/"], a[href^="mailto:"]').count() == 0

    # Staff add a question to the pool form by keyboard; it shows with no one yet.
    type_into(page, page.locator("#label"), "Woonsituatie")
    type_into(page, page.locator("#values"), "Alleen\nSamen")
    send(page, "form.narrow")
    expect(page.locator(".flash-success")).to_be_visible()
    expect(main.locator("h2", has_text="Woonsituatie")).to_be_visible()
    expect(count_for(re.compile("^Alleen$"))).to_have_text("0")


# --- The zone's theme list, kept by its staff -------------------------------------------


def test_zone_staff_add_move_rename_and_remove_a_theme_by_keyboard(
    page, base_url, make_zone, make_user
):
    from burgerplatform.zones.models import Role

    zone = make_zone(name="ELZ Meetjesland", slug="meetjesland")
    staff = make_user(display_name="Sofie", zone_id=zone.id, roles=[(zone.id, Role.STAFF)])
    rows = page.locator("main tbody tr th")

    log_in(page, staff.email)
    goto(page, "/meetjesland/initiatives/work")
    follow(page, page.locator('main a[href="/meetjesland/initiatives/themes"]'))
    defaults = rows.count()
    assert defaults > 1

    # A name of one letter is refused, with what was typed kept.
    type_into(page, page.locator("#name"), "E")
    send(page, "main section form")
    expect_error_on(page, "name", re.compile("tussen 2 en 120 tekens|between 2 and 120 characters"))
    expect(page.locator("#name")).to_have_value("E")

    retype(page, page.locator("#name"), "Digitale drempels")
    send(page, "main section form")
    expect(page.locator(".flash-success")).to_be_visible()
    expect(rows).to_have_count(defaults + 1)
    expect(rows.last).to_have_text("Digitale drempels")

    # Up one place: it is now second to last.
    follow(
        page,
        page.locator("main tbody tr").last.locator("button", has_text=re.compile("Hoger|Move up")),
    )
    expect(rows.nth(defaults - 1)).to_have_text("Digitale drempels")

    # Renamed on its own page.
    row = page.locator("main tbody tr", has_text="Digitale drempels")
    follow(page, row.locator("a", has_text=re.compile("Andere naam|Rename")))
    retype(page, page.locator("#name"), "Digitale drempels bij ouderen")
    send(page)
    expect(rows.nth(defaults - 1)).to_have_text("Digitale drempels bij ouderen")

    # Nobody uses it, so it can be removed.
    row = page.locator("main tbody tr", has_text="Digitale drempels bij ouderen")
    follow(page, row.locator("button", has_text=re.compile("Weghalen|Remove")))
    expect(page.locator(".flash-success")).to_be_visible()
    expect(rows).to_have_count(defaults)
    expect(page.locator("main tbody")).not_to_contain_text("Digitale drempels")
